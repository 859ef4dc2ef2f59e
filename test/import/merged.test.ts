/**
 * Merged cells in an export (src/import/merged.ts): which mapped columns a merged area hides
 * values in, as Excel reads an area (its value in the top-left cell only).
 */
import { mergedArea, mergedFields } from "../../src/import/merged";

const HEADERS = ["Number", "Priority", "State", "Updated"];

describe("mergedArea", () => {
  test("worked examples: a range, a single cell, reversed corners, absolute references", () => {
    expect(mergedArea("D5:D9")).toEqual({ top: 5, left: 4, bottom: 9, right: 4 });
    expect(mergedArea("B2")).toEqual({ top: 2, left: 2, bottom: 2, right: 2 });
    expect(mergedArea("C9:A5")).toEqual({ top: 5, left: 1, bottom: 9, right: 3 });
    expect(mergedArea("$AA$10:$AB$11")).toEqual({ top: 10, left: 27, bottom: 11, right: 28 });
  });

  test("edge cases: not a reference", () => {
    for (const ref of ["", "D", "5:9", "A1:B", "Sheet1!A1:B2", "A0x"]) expect(mergedArea(ref)).toBeUndefined();
  });
});

describe("mergedFields", () => {
  test("a priority merged down over rows, a ticket merged over its events: both reported, the first area named", () => {
    const refs = ["B2:B4", "A5:A6", "B7:B9"];
    expect(mergedFields(refs, 1, { ticket: 0, time: 3, state: 2, priority: 1 }, HEADERS)).toEqual([
      { field: "ticket", column: "A", header: "Number", areas: 1, example: "A5:A6" },
      { field: "priority", column: "B", header: "Priority", areas: 2, example: "B2:B4" },
    ]);
  });

  test("areas that hide nothing in a mapped column are not reported", () => {
    const columns = { ticket: 0, priority: 1 };
    // A header merged across columns; an area above a header on row 3; an unmapped column; a
    // one-row area across columns whose left cell (the value) is the mapped one.
    expect(mergedFields(["A1:D1", "A1:B2", "E2:E9", "B5:C5"], 3, columns, HEADERS)).toEqual([]);
    // The same one-row area seen from its second column hides that column's value.
    expect(mergedFields(["A5:B5"], 1, columns, HEADERS)).toEqual([
      { field: "priority", column: "B", header: "Priority", areas: 1, example: "A5:B5" },
    ]);
    // An area from the header row down hides the rows under the header.
    expect(mergedFields(["B1:B3"], 1, columns, HEADERS).map((f) => f.field)).toEqual(["priority"]);
  });

  test("a single cell listed as an area, and unreadable references, change nothing", () => {
    expect(mergedFields(["B4", "nonsense"], 1, { priority: 1 }, HEADERS)).toEqual([]);
  });
});
