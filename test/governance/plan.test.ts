import { newFinding } from "../../src/governance/model";
import { findingsPlan, isFormula, registerPlan } from "../../src/governance/plan";
import { chainRegister } from "./support";

describe("registerPlan", () => {
  test("the header and every row in place, dates and money formatted down to the last row", () => {
    const plan = registerPlan(chainRegister());
    expect(plan).toMatchObject({ name: "Register", replace: false, headerRows: [0], freezeRows: 1 });
    expect(plan.cells.length).toBe(8);
    expect(plan.cells[7][0]).toBe("M-0002");
    // Milestone Due and Done are columns I and J; the five amounts K..O; 7 rows end at sheet row 8.
    expect(plan.formats).toEqual([
      { range: "I2:I8", format: "yyyy-mm-dd" },
      { range: "J2:J8", format: "yyyy-mm-dd" },
      ...["K", "L", "M", "N", "O"].map((c) => ({ range: `${c}2:${c}8`, format: "#,##0.00" })),
    ]);
    expect(registerPlan([]).formats).toEqual([]);
  });
});

describe("findingsPlan", () => {
  test("one row per finding with its register row, Severity appended after the published six columns", () => {
    const findings = [
      newFinding("MISSING_OWNER", "Measure M-0002 has no owner.", "M-0002", 5, "owner"),
      newFinding("DUPLICATE_HEADER", "two Owner columns", "", 1),
    ];
    const plan = findingsPlan(findings, (id) => (id === "M-0002" ? 8 : undefined));
    expect(plan.cells).toEqual([
      ["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"],
      ["MISSING_OWNER", "M-0002", 8, 5, "owner", "Measure M-0002 has no owner.", "error"],
      ["DUPLICATE_HEADER", "", null, 1, null, "two Owner columns", "warning"],
    ]);
    expect(plan).toMatchObject({ name: "Findings", replace: true, headerRows: [0], freezeRows: 1 });
    expect(plan.columnWidths!.length).toBe(7);
  });

  test("errors first, then warnings, each kept in the order found; an autofilter over the table", () => {
    const findings = [
      newFinding("DUPLICATE_HEADER", "two Owner columns", "", 1),
      newFinding("MISSING_OWNER", "Measure M-0002 has no owner.", "M-0002", 5, "owner"),
      newFinding("UNASSIGNED", "Measure M-0003 has no controller.", "M-0003", 6, "controller"),
      newFinding("MISSING_OWNER", "Measure M-0004 has no owner.", "M-0004", 7, "owner"),
    ];
    expect(findings.map((f) => f.severity)).toEqual(["warning", "error", "warning", "error"]);
    const plan = findingsPlan(findings, () => undefined);
    expect(plan.cells.slice(1).map((r) => [r[1], r[6]])).toEqual([
      ["M-0002", "error"],
      ["M-0004", "error"],
      ["", "warning"],
      ["M-0003", "warning"],
    ]);
    expect(plan.autoFilter).toBe("A1:G5");
  });
});

test("isFormula tells planned formulas from values", () => {
  expect(isFormula({ formula: "=1+1", value: 2 })).toBe(true);
  expect(isFormula("=1+1")).toBe(false);
  expect(isFormula(null)).toBe(false);
});
