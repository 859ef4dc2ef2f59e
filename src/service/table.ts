/**
 * Tables of the service sheets read by header text (row 1), and numbers read as people type
 * them there. Shared by the service review's readers (read.ts, processes.ts).
 */
import { CellValue, textOf } from "../governance/model";
import { parseAmount } from "../governance/values";
import { isRefusal, Refusal, refuse, reviewMessages } from "../errors";
import { money, toNumber } from "../money";
import { ServiceFinding, TableColumn } from "./model";
import { EXAMPLE_HEADER, isUneditedExample } from "./examples";

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
  /** 1-based row after the last non-blank row (unedited example rows included: they still take their row). */
  readonly nextRow: number;
  /** new-contract's unedited example rows, left out of `rows`. */
  readonly examples: readonly TableRow<K>[];
}

/** What a reader of a table sheet knows about new-contract's example row there. */
export interface ExampleCheck {
  /** The example row new-contract writes on this sheet, in the columns' order. */
  readonly example: readonly CellValue[];
  /** Further example rows, for a sheet whose example is a table of rows (the Points sheet's bands). */
  readonly more?: readonly (readonly CellValue[])[];
  /** Where the EXAMPLE_ROW finding of each unedited example goes. */
  readonly findings: ServiceFinding[];
}

/**
 * Reads a table whose header is row 1; columns are found by header text (case-insensitive),
 * so users' own columns are ignored. A missing sheet is an empty table. With `examples`, a row
 * that is still new-contract's unedited example (src/service/examples.ts) is left out of `rows`
 * and reported as an EXAMPLE_ROW warning. Cost: O(cells).
 */
export function readTable<K extends string>(
  grid: readonly (readonly CellValue[])[] | undefined,
  columns: readonly TableColumn<K>[],
  sheet: string,
  examples?: ExampleCheck,
): Table<K> | Refusal {
  if (!grid || grid.length === 0) return { at: columns.map((_, i) => i), rows: [], nextRow: 2, examples: [] };
  const header = (grid[0] ?? []).map((h) => textOf(h).toLowerCase());
  const at = columns.map((c) => header.indexOf(c.header.toLowerCase()));
  const missing = columns.filter((c, i) => at[i] < 0 && !c.optional).map((c) => c.header);
  if (missing.length) return refuse(reviewMessages.missingColumns(sheet, missing));
  const markAt = examples ? header.indexOf(EXAMPLE_HEADER.toLowerCase()) : -1;
  const rows: TableRow<K>[] = [];
  const found: TableRow<K>[] = [];
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
    const row = { row: r + 1, cells, raw: columns.map((c) => cells[c.key]) };
    nextRow = r + 2;
    if (
      markAt >= 0 &&
      [examples!.example, ...(examples!.more ?? [])].some((e) => isUneditedExample(row.raw, line[markAt], e, columns))
    ) {
      found.push(row);
      examples!.findings.push({
        code: "EXAMPLE_ROW",
        severity: "warning",
        sheet,
        row: r + 1,
        id: textOf(row.raw[0]),
        message: reviewMessages.exampleRow(sheet, r + 1),
      });
    } else rows.push(row);
  }
  return { at, rows, nextRow, examples: found };
}

/**
 * A sheet's grid without new-contract's unedited example rows, for readers that match against
 * the sheet's rows directly (the results command matching a report to the Services sheet).
 * Cost: O(cells).
 * @example withoutExamples(newServicesGrid, SERVICE_COLUMNS, CONTRACT_EXAMPLE.service).length // => 1 (the header only)
 */
export function withoutExamples<K extends string>(
  grid: readonly (readonly CellValue[])[] | undefined,
  columns: readonly TableColumn<K>[],
  example: readonly CellValue[],
): readonly (readonly CellValue[])[] | undefined {
  const table = grid && readTable(grid, columns, "", { example, findings: [] });
  if (!grid || !table || isRefusal(table) || table.examples.length === 0) return grid;
  const left = new Set(table.examples.map((r) => r.row - 1));
  return grid.filter((_, i) => !left.has(i));
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
