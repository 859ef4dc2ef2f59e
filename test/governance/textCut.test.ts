/**
 * src/governance/textCut.ts: the TEXT_CUT warnings of a write and the Findings sheet's rule
 * (a cut cell's row belongs to the sheet it names), on plain grids.
 */
import { cutLengthOf, fitCellText, fitRow } from "../../src/cellText";
import { emptyRow } from "../../src/governance/model";
import { FINDINGS_HEADERS } from "../../src/governance/plan";
import {
  cutCellFindings,
  findingsAfterWrite,
  keptCutFindings,
  plannedCutFindings,
  reportTextCuts,
} from "../../src/governance/textCut";
import { validateRegister } from "../../src/governance/validate";

const CUT = fitCellText("x".repeat(40_000));
/** A Findings row as a command writes it for a cut cell. */
const cutRow = (sheet: string, cell: string) => {
  const [f] = cutCellFindings(sheet, [{ row: Number(cell.slice(1)), col: cell.charCodeAt(0) - 65, length: 40_000 }]);
  return [f.code, f.id, null, f.sourceRow, null, f.message, f.severity];
};
const OWNER = ["MISSING_OWNER", "M-0001", 5, 4, "owner", "M-0001 has no owner.", "error"];

describe("TEXT_CUT warnings", () => {
  test("one per cut cell of the planned sheets, naming sheet, cell and length; streamed sheets skipped", () => {
    const found = plannedCutFindings([
      { name: "Tickets", cells: [["Ticket"], ["INC1", CUT], [null, null, CUT]] },
      { name: "Lazy" },
    ]);
    expect(found.map((f) => [f.sourceRow, f.message.slice(0, 47)])).toEqual([
      [2, "Tickets!B2: a text of 40,000 characters, more t"],
      [3, "Tickets!C3: a text of 40,000 characters, more t"],
    ]);
    expect(found.every((f) => f.code === "TEXT_CUT" && f.severity === "warning" && f.id === "")).toBe(true);
    // Bounded: the message names the cell, never quotes the text.
    expect(found[0].message.length).toBeLessThan(300);
  });

  test("the length before the cut: the text's own beyond the limit, the marker's once cut, none otherwise", () => {
    expect(cutLengthOf("y".repeat(40_000))).toBe(40_000);
    expect(cutLengthOf(CUT)).toBe(40_000);
    expect(cutLengthOf("y".repeat(32_767))).toBeUndefined();
    expect(cutLengthOf(12)).toBeUndefined();
  });

  test("fitRow: the row itself when every text fits, else a copy with the long texts cut (the input unchanged)", () => {
    const fits = ["a", 1, null, "y".repeat(32_767)];
    expect(fitRow(fits)).toBe(fits);
    const long = ["a", "x".repeat(40_000), 2];
    const fitted = fitRow(long);
    expect(fitted).not.toBe(long);
    expect(fitted).toEqual(["a", CUT, 2]);
    expect(long[1]).toHaveLength(40_000);
  });

  test("a register cell holding a cut text stays a TEXT_CUT finding when validated again", () => {
    const row = { ...emptyRow(), id: "P-0001", level: "Project", name: CUT, sourceRow: 2 };
    const cut = validateRegister([row]).filter((f) => f.code === "TEXT_CUT");
    expect(cut).toHaveLength(1);
    expect(cut[0].message).toContain("the Name is 40,000 characters");
  });
});

describe("the Findings sheet after a write", () => {
  test("nothing cut and nothing of the written sheets listed: the sheet is left as it is (or not made)", () => {
    expect(findingsAfterWrite(undefined, ["Tickets"], [])).toBeUndefined();
    expect(
      findingsAfterWrite([[...FINDINGS_HEADERS], OWNER, cutRow("Actions", "B2")], ["Tickets"], []),
    ).toBeUndefined();
  });

  test("rows kept in order, the written sheet's old cut rows dropped, the new ones last", () => {
    const grid = [[...FINDINGS_HEADERS], OWNER, cutRow("Tickets", "A9"), cutRow("Actions", "B2")];
    const fresh = cutCellFindings("Tickets", [{ row: 2, col: 0, length: 40_000 }]);
    const plan = findingsAfterWrite(grid, ["Tickets"], fresh)!;
    expect(plan.name).toBe("Findings");
    expect(plan.cells.map((r) => [r[0], String(r[5]).slice(0, 10)])).toEqual([
      ["Code", "Message"],
      ["MISSING_OWNER", "M-0001 has"],
      ["TEXT_CUT", "Actions!B2"],
      ["TEXT_CUT", "Tickets!A2"],
    ]);
    // Only dropping: the sheet is written without them.
    expect(findingsAfterWrite(grid, ["Actions"], [])!.cells.length).toBe(3);
  });

  test("a sheet name holding '!' is read whole; a register TEXT_CUT (by item) is no sheet's", () => {
    const register = ["TEXT_CUT", "P-0001", 2, 2, "name", 'P-0001 "x": the Name is 40,000 characters', "warning"];
    const grid = [[...FINDINGS_HEADERS], cutRow("Q1!Notes", "A3"), register];
    expect(keptCutFindings(grid, ["Notes"]).map((f) => f.message.slice(0, 11))).toEqual(["Q1!Notes!A3"]);
    expect(keptCutFindings(grid, ["Q1!Notes"])).toEqual([]);
  });

  test("reportTextCuts: the plans in order, the Findings sheet last when it changes", () => {
    const plans = [{ name: "Results", cells: [["Period"], [CUT]] }];
    const report = reportTextCuts(plans, undefined);
    expect(report.plans.map((p) => p.name)).toEqual(["Results", "Findings"]);
    expect(report.findings.map((f) => f.sourceRow)).toEqual([2]);
    expect(reportTextCuts([{ name: "Results", cells: [["Period"]] }], undefined).plans).toHaveLength(1);
  });
});
