import fc from "fast-check";
import { mayNeedRewrite, rewriteCalls, storedFormula, storedFunctionName } from "../../src/ooxml/formula";

describe("storedFormula", () => {
  test("worked examples", () => {
    expect(storedFormula("=GOV.DUAL_STATUS(D5,E5)")).toBe("_xldudf_GOV_DUAL_STATUS(D5,E5)");
    expect(storedFormula('=IFS(A1>1,"IFS(",TRUE,0)')).toBe('_xlfn.IFS(A1>1,"IFS(",TRUE,0)');
    expect(storedFormula("_xlfn.IFS(A1,1)")).toBe("_xlfn.IFS(A1,1)");
    expect(storedFormula("=SORT(FILTER(A1:A9,B1:B9>0))")).toBe("_xlfn._xlws.SORT(_xlfn._xlws.FILTER(A1:A9,B1:B9>0))");
    expect(storedFormula("=SUM(A1:A3)")).toBe("SUM(A1:A3)");
    expect(storedFormula("='IFS(x'!A1+XIFS(1)")).toBe("'IFS(x'!A1+XIFS(1)");
    expect(storedFunctionName("ifs")).toBe("_xlfn.IFS");
  });

  test("a name after a sheet, a $ or a dot is not a call", () => {
    for (const f of ["Sheet1!IFS(1)", "$IFS(1)", "a.IFS(1)", "_IFS(1)"]) expect(storedFormula(f)).toBe(f);
  });

  // The fast path (one regular-expression test) must never pass over a call the full pass rewrites.
  test("the fast path agrees with the full pass on generated formulas", () => {
    const name = fc.constantFrom(
      "GOV.ELAPSED",
      "gov.due",
      "IFS",
      "ifs",
      "_xlfn.IFS",
      "_xldudf_GOV_X",
      "XLOOKUP",
      "SORT",
      "_xlfn._xlws.SORT",
      "SUM",
      "T.DIST",
      "F.DIST.RT",
      "CONCAT",
      "CONCATENATE",
      "MAXIFS",
      "SEQUENCE",
    );
    const piece = fc.oneof(
      name.map((n) => `${n}(`),
      fc.constantFrom(")", ",", "A1", "$B$2", "Sheet1!", "'My IFS('!", '"GOV.X("', '"a""b"', ".", "_", "+", "&", "1"),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const formula = pieces.join("");
        const body = formula.startsWith("=") ? formula.slice(1) : formula;
        expect(storedFormula(formula)).toBe(rewriteCalls(body));
        if (!mayNeedRewrite(body)) expect(rewriteCalls(body)).toBe(body);
      }),
      { numRuns: 3000 },
    );
  });

  test("idempotent", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const once = storedFormula(s);
        expect(storedFormula(once)).toBe(once);
      }),
    );
  });
});
