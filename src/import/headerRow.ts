/**
 * A client table at a header row the user names (the command line's `--header-row`, the task
 * pane's Header row box): the rows read around a selection, and the table whose header is on
 * a given sheet row of them. One home for every importer (the upgrade's and the ticket
 * export's mapping tables, their mapping files). Pure.
 */
import { paneMessages, Refusal, refuse } from "../errors";
import { CellValue, SourceTable, textOf } from "../governance/model";

/** The rows read around a selection: the table with the rows above its header that were read with it. */
export interface ReadTable {
  readonly sheet: string;
  /** 1-based sheet row of the grid's first row. */
  readonly firstRow: number;
  /** The rows read, blank rows kept as rows of blanks (so sheet rows stay true). */
  readonly grid: readonly (readonly CellValue[])[];
}

/**
 * The client table with its header on a given sheet row (the command line's `--header-row`):
 * the rows below it are the data. Refused when the row is not one of the rows read or has no
 * row below it. Cost: O(rows).
 * @param table - The rows read.
 * @param headerRow - The 1-based sheet row of the header.
 * @returns The table, or a refusal naming the rows that can be chosen.
 * @example tableAtHeaderRow({ sheet: "S", firstRow: 1, grid: [["Title"], ["Initiative"], ["Cut"]] }, 2).headers // => ["Initiative"]
 */
export function tableAtHeaderRow(table: ReadTable, headerRow: number): SourceTable | Refusal {
  const at = headerRow - table.firstRow;
  const last = table.firstRow + table.grid.length - 2;
  if (!Number.isInteger(headerRow) || at < 0 || at >= table.grid.length - 1) {
    return refuse(paneMessages.headerRowOutside(headerRow, table.firstRow, last));
  }
  return {
    sheet: table.sheet,
    headerRow,
    headers: table.grid[at].map((h) => textOf(h)),
    rows: table.grid.slice(at + 1).map((r) => [...r]),
  };
}
