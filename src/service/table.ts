/**
 * Tables of the service sheets read by header text (row 1), and numbers read as people type
 * them there. Shared by the service review's readers (read.ts, processes.ts).
 */
import { CellValue, textOf } from "../governance/model";
import { parseAmount } from "../governance/values";
import { Refusal, refuse, reviewMessages } from "../errors";
import { money, toNumber } from "../money";
import { TableColumn } from "./model";

/** One data row of a table, with its 1-based sheet row and its cells by key. */
export interface TableRow<K extends string> {
  readonly row: number;
  readonly cells: Readonly<Record<K, CellValue>>;
  readonly raw: readonly CellValue[];
}

/** A table read by header text: the column of each key, and the rows (blank rows skipped). */
export interface Table<K extends string> {
  readonly at: readonly number[];
  readonly rows: readonly TableRow<K>[];
  /** 1-based row after the last non-blank row. */
  readonly nextRow: number;
}

/**
 * Reads a table whose header is row 1; columns are found by header text (case-insensitive),
 * so users' own columns are ignored. A missing sheet is an empty table.
 */
export function readTable<K extends string>(
  grid: readonly (readonly CellValue[])[] | undefined,
  columns: readonly TableColumn<K>[],
  sheet: string,
): Table<K> | Refusal {
  if (!grid || grid.length === 0) return { at: columns.map((_, i) => i), rows: [], nextRow: 2 };
  const header = (grid[0] ?? []).map((h) => textOf(h).toLowerCase());
  const at = columns.map((c) => header.indexOf(c.header.toLowerCase()));
  const missing = columns.filter((c, i) => at[i] < 0 && !c.optional).map((c) => c.header);
  if (missing.length) return refuse(reviewMessages.missingColumns(sheet, missing));
  const rows: TableRow<K>[] = [];
  let nextRow = 2;
  for (let r = 1; r < grid.length; r++) {
    const line = grid[r] ?? [];
    const cells = {} as Record<K, CellValue>;
    let blank = true;
    columns.forEach((c, i) => {
      const v = at[i] < 0 ? null : line[at[i]];
      const value = v === undefined || v === "" ? null : v;
      if (textOf(value) !== "") blank = false;
      cells[c.key] = value;
    });
    if (blank) continue;
    rows.push({ row: r + 1, cells, raw: columns.map((c) => cells[c.key]) });
    nextRow = r + 2;
  }
  return { at, rows, nextRow };
}

/**
 * Reads a number as people type it in these sheets: a number, text such as "1,200" or
 * "$ 5,000", or a percentage such as "98.5%" (the fraction 0.985, exactly).
 * @returns The number, undefined for a blank, or "bad" for anything else.
 * @example readNumber("98.5%") // => 0.985
 */
export function readNumber(value: CellValue): number | undefined | "bad" {
  if (value === null || textOf(value) === "") return undefined;
  if (typeof value === "boolean") return "bad";
  if (typeof value === "string" && value.trim().endsWith("%")) {
    const n = parseAmount(value.trim().slice(0, -1));
    return n === undefined ? "bad" : toNumber(money(n).div(money(100)));
  }
  const n = parseAmount(value);
  return n === undefined ? "bad" : n;
}
