/**
 * The client table behind the user's selection. Excel's current region (what a single selected
 * cell stands for) ends at the first blank row, so a client table with a blank row in it would be
 * cut short without a word. The pane follows the table down to the sheet's last used row instead,
 * keeps blank rows as blank (so source row numbers stay true; the upgrade skips them), and says
 * what it read, so the user can select exactly the table when it ends earlier.
 */
import { CellValue, columnLetter, isBlankCell } from "../src/governance/model";
import type { SelectionData } from "./adapter";
import { longestRow } from "../src/arrays";

/** The table as read: header and rows, with what the user should be told about its extent. */
export interface ClientTable {
  /** Header row first; blank rows are kept as rows of blanks. */
  readonly grid: CellValue[][];
  /** 1-based worksheet row of the header. */
  readonly headerRow: number;
  /** 1-based worksheet row of the table's last row. */
  readonly lastRow: number;
  /** The table's A1 address on its sheet, e.g. "A1:M20". */
  readonly address: string;
  /** 1-based worksheet rows inside the table (below the header) that are blank. */
  readonly blankRows: number[];
  /** True when rows past the region's end (after a blank row) were taken. */
  readonly followed: boolean;
  /** True when a single cell was selected, the row above its region is blank, and a row of data (not a lone title) is above that. */
  readonly dataAbove: boolean;
}

function blankRow(row: readonly CellValue[]): boolean {
  return row.every((v) => isBlankCell(v));
}

/** Row `r` (0-based) of a sheet grid, cut to columns [c0, c0 + width), padded with blanks. */
function slice(sheetGrid: readonly (readonly CellValue[])[], r: number, c0: number, width: number): CellValue[] {
  const row = sheetGrid[r] ?? [];
  return Array.from({ length: width }, (_, j) => row[c0 + j] ?? null);
}

/**
 * Finds the whole client table for a selection. A selected range is taken as it is; a single
 * cell's region is followed down past blank rows to the last row of the sheet that has data in
 * the region's columns. Cost: O(rows x columns) of the sheet below the region.
 * @param sel The selection as the adapter read it.
 * @returns The table with its blank rows and whether it was followed past the region.
 * @example
 * // Client!A1:B4 holds a header, a row, a blank row and a row; B2 is selected:
 * followTable(sel).address // => "A1:B4", blankRows [3], followed true
 */
export function followTable(sel: SelectionData): ClientTable {
  const width = longestRow(sel.grid, 1);
  const c0 = sel.firstColumn;
  const grid = sel.grid.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? null));
  let followed = false;
  let dataAbove = false;
  if (sel.single) {
    const regionEnd = sel.firstRow - 1 + grid.length; // 0-based index of the first row past the region
    let last = -1;
    for (let r = regionEnd; r < sel.sheetGrid.length; r++) if (!blankRow(slice(sel.sheetGrid, r, c0, width))) last = r;
    for (let r = regionEnd; r <= last; r++) grid.push(slice(sel.sheetGrid, r, c0, width));
    followed = last >= regionEnd;
    // A table split by a blank row, with the cell selected below it, reads its lower part with a
    // data row as the header. A title above a table is one cell: only a fuller row above counts.
    let r = sel.firstRow - 2; // 0-based index of the row above the region
    while (r >= 0 && blankRow(slice(sel.sheetGrid, r, c0, width))) r--;
    dataAbove =
      r >= 0 && r < sel.firstRow - 2 && slice(sel.sheetGrid, r, c0, width).filter((v) => !isBlankCell(v)).length > 1;
  }
  const blankRows: number[] = [];
  for (let i = 1; i < grid.length; i++) if (blankRow(grid[i])) blankRows.push(sel.firstRow + i);
  const lastRow = sel.firstRow + grid.length - 1;
  return {
    grid,
    headerRow: sel.firstRow,
    lastRow,
    address: `${columnLetter(c0)}${sel.firstRow}:${columnLetter(c0 + width - 1)}${lastRow}`,
    blankRows,
    followed,
    dataAbove,
  };
}
