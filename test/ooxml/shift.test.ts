import fc from "fast-check";
import { shiftFormula } from "../../src/ooxml/shift";

describe("shiftFormula", () => {
  test("worked examples", () => {
    expect(shiftFormula("B2*$C$1+SUM(D2:D9)", 3, 0)).toBe("B5*$C$1+SUM(D5:D12)");
    expect(shiftFormula("'My sheet'!A1&\"A1\"", 1, 1)).toBe("'My sheet'!B2&\"A1\"");
    expect(shiftFormula("Sheet2!$A2+A$2", 2, 2)).toBe("Sheet2!$A4+C$2");
    expect(shiftFormula("SUM(A:A)+SUM(2:3)+SUM($B:$B)", 1, 1)).toBe("SUM(B:B)+SUM(3:4)+SUM($B:$B)");
    expect(shiftFormula("=LOG10(A1)+1E5+1.5", 1, 0)).toBe("=LOG10(A2)+1E5+1.5");
    expect(shiftFormula("_xlfn.IFS(A1>1,TRUE,0)", 0, 2)).toBe("_xlfn.IFS(C1>1,TRUE,0)");
    expect(shiftFormula("Table1[[#This Row],[A1]]+Rate", 5, 5)).toBe("Table1[[#This Row],[A1]]+Rate");
    expect(shiftFormula("[1]Sheet1!A1", 1, 0)).toBe("[1]Sheet1!A2");
    expect(shiftFormula("XFD1+A1048576", 0, 0)).toBe("XFD1+A1048576");
  });

  test("a reference moved off the sheet becomes #REF!", () => {
    expect(shiftFormula("A1+B2", -1, 0)).toBe("#REF!+B1");
    expect(shiftFormula("XFD1", 0, 1)).toBe("#REF!");
  });

  test("a name that only looks like letters and digits past the sheet's end is left alone", () => {
    expect(shiftFormula("XFE1+ABCD1", 1, 1)).toBe("XFE1+ABCD1");
  });

  test("moving there and back gives the formula again (references kept on the sheet)", () => {
    const column = fc.constantFrom("K", "L", "Z", "AA", "XF");
    const ref = fc
      .tuple(fc.boolean(), column, fc.boolean(), fc.integer({ min: 20, max: 5000 }))
      .map(([a, c, b, r]) => `${a ? "$" : ""}${c}${b ? "$" : ""}${r}`);
    const piece = fc.oneof(
      ref,
      ref.map((r) => `Sheet2!${r}`),
      fc.tuple(ref, ref).map(([a, b]) => `${a}:${b}`),
      fc.constantFrom("+", "*", ",", "SUM(", ")", '"A1"', "'x y'!", "TRUE", "1E5", "Rate", "LOG10(", " "),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 10 }),
        fc.integer({ min: -10, max: 10 }),
        fc.integer({ min: -10, max: 10 }),
        (pieces, dr, dc) => {
          const formula = pieces.join("");
          expect(shiftFormula(shiftFormula(formula, dr, dc), -dr, -dc)).toBe(formula);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
