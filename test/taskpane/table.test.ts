/** The client table behind a selection, worked by hand on small sheets. */
import { followTable } from "../../taskpane/table";
import type { SelectionData } from "../../taskpane/adapter";
import type { CellValue } from "../../src/governance/model";

/** A selection as the adapter reads it: the region's cells cut from the sheet. */
function selection(
  sheetGrid: CellValue[][],
  region: { row: number; col: number; rows: number; cols: number },
  single = true,
): SelectionData {
  const grid = Array.from({ length: region.rows }, (_, i) =>
    Array.from({ length: region.cols }, (_, j) => sheetGrid[region.row - 1 + i]?.[region.col + j] ?? null),
  );
  return { sheet: "Client", firstRow: region.row, firstColumn: region.col, grid, address: "", single, sheetGrid };
}

const _ = null;

describe("followTable", () => {
  test("a region ended by a blank row is followed to the last row with data in its columns", () => {
    const sheet: CellValue[][] = [
      [_, "Name", "Amount"],
      [_, "a", 1],
      [_, _, _],
      [_, "b", 2],
      [_, _, _],
      [_, _, _],
      [_, "c", 3],
      [_, _, _],
      ["note outside the columns", _, _],
    ];
    const t = followTable(selection(sheet, { row: 1, col: 1, rows: 2, cols: 2 }));
    expect(t).toEqual({
      grid: [
        ["Name", "Amount"],
        ["a", 1],
        [_, _],
        ["b", 2],
        [_, _],
        [_, _],
        ["c", 3],
      ],
      headerRow: 1,
      lastRow: 7,
      address: "B1:C7",
      blankRows: [3, 5, 6],
      followed: true,
      dataAbove: false,
    });
  });

  test("a table without blank rows is its region, unchanged", () => {
    const sheet: CellValue[][] = [
      ["Name", "Amount"],
      ["a", 1],
      ["b", 2],
    ];
    const t = followTable(selection(sheet, { row: 1, col: 0, rows: 3, cols: 2 }));
    expect(t).toMatchObject({ address: "A1:B3", blankRows: [], followed: false, dataAbove: false });
    expect(t.grid).toEqual(sheet);
  });

  test("a selected range is taken as it is: no following, its own blank rows reported", () => {
    const sheet: CellValue[][] = [["Name"], ["a"], [_], ["b"], [_], ["c"]];
    const t = followTable(selection(sheet, { row: 1, col: 0, rows: 4, cols: 1 }, false));
    expect(t).toMatchObject({ address: "A1:A4", lastRow: 4, blankRows: [3], followed: false });
  });

  test("data above a blank row is pointed out when it is a fuller row, not a lone title", () => {
    const split: CellValue[][] = [
      ["Name", "Amount"],
      ["a", 1],
      [_, _],
      ["b", 2],
      ["c", 3],
    ];
    expect(followTable(selection(split, { row: 4, col: 0, rows: 2, cols: 2 })).dataAbove).toBe(true);
    const titled: CellValue[][] = [["Savings tracker"], [_, _], ["Name", "Amount"], ["a", 1]];
    expect(followTable(selection(titled, { row: 3, col: 0, rows: 2, cols: 2 })).dataAbove).toBe(false);
  });
});
