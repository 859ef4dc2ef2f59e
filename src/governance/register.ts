/**
 * The register as a grid of cells and as plain rows, and the chain of each item.
 */
import { governanceMessages, refuse, Refusal } from "../errors";
import {
  CellValue,
  COLUMN_INDEX,
  FormulaGrid,
  ID_PREFIX,
  Level,
  LEVELS,
  REGISTER_COLUMNS,
  RegisterKey,
  RegisterRow,
  RowFormulas,
  textOf,
} from "./model";

/** The register's header row, in published order. */
export const REGISTER_HEADERS: readonly string[] = REGISTER_COLUMNS.map((c) => c.header);

/**
 * Reads the register from its sheet's cells (header in the first row). Columns are found by
 * header text, so a user's own columns at the end are ignored; trailing blank rows are dropped.
 * Cost: O(cells).
 * @returns The rows with their 1-based sheet row numbers, or a refusal naming the missing headers.
 * @example readRegister([]) // => { rows: [], sheetRows: [] }
 */
export function readRegister(
  grid: readonly (readonly CellValue[])[],
): { rows: RegisterRow[]; sheetRows: number[] } | Refusal {
  if (grid.length === 0) return { rows: [], sheetRows: [] };
  const header = grid[0].map((h) => textOf(h).toLowerCase());
  const at = REGISTER_COLUMNS.map((c) => header.indexOf(c.header.toLowerCase()));
  const missing = REGISTER_COLUMNS.filter((_, i) => at[i] < 0).map((c) => c.header);
  if (missing.length > 0) {
    return refuse(governanceMessages.registerColumnsMissing(missing));
  }
  const rows: RegisterRow[] = [];
  const sheetRows: number[] = [];
  // Interior blank rows are kept (as all-blank rows) so that writing the register back keeps
  // every item on its sheet row, aligned with any columns users added to the right.
  let last = grid.length - 1;
  while (last >= 1 && at.every((c) => textOf(grid[last][c] ?? null) === "")) last--;
  for (let r = 1; r <= last; r++) {
    const line = grid[r];
    const row = {} as RegisterRow;
    REGISTER_COLUMNS.forEach((c, i) => {
      const v = line[at[i]];
      row[c.key] = v === undefined || v === "" ? null : v;
    });
    rows.push(row);
    sheetRows.push(r + 1);
  }
  return { rows, sheetRows };
}

/**
 * The formulas of the register's rows, aligned with readRegister's rows (index i is sheet row
 * i + 2), columns found by the same header text. Rows without formulas are empty objects.
 * Cost: O(cells).
 * @example registerFormulas([["ID"], ["M-1"]], [[null], ["=A1"]]) // => [{ id: "=A1" }] (with all headers present)
 */
export function registerFormulas(grid: readonly (readonly CellValue[])[], formulas: FormulaGrid): RowFormulas[] {
  if (grid.length === 0) return [];
  const header = grid[0].map((h) => textOf(h).toLowerCase());
  const at = REGISTER_COLUMNS.map((c) => header.indexOf(c.header.toLowerCase()));
  const out: RowFormulas[] = [];
  for (let r = 1; r < Math.max(grid.length, formulas.length); r++) {
    const line = formulas[r] ?? [];
    const row: Partial<Record<RegisterKey, string>> = {};
    REGISTER_COLUMNS.forEach((c, i) => {
      const f = at[i] < 0 ? undefined : line[at[i]];
      if (typeof f === "string" && f.startsWith("=")) row[c.key] = f;
    });
    out.push(row);
  }
  return out;
}

/** The register's cells: the header row, then one row per item, in published column order. */
export function registerGrid(rows: readonly RegisterRow[]): CellValue[][] {
  const grid: CellValue[][] = [REGISTER_HEADERS.slice()];
  for (const row of rows) grid.push(REGISTER_COLUMNS.map((c) => row[c.key]));
  return grid;
}

/** True for a row with nothing in it (a blank line inside the register). */
export function isBlankRow(row: RegisterRow): boolean {
  return REGISTER_COLUMNS.every((c) => textOf(row[c.key]) === "");
}

/** The level of a row, or undefined when its Level cell names none. */
export function levelOf(row: RegisterRow): Level | undefined {
  const text = textOf(row.level).toLowerCase();
  return LEVELS.find((l) => l.toLowerCase() === text);
}

/**
 * Allocates ids per level: the prefix and the next number after the largest in use.
 * @example const next = idAllocator([]); next("Measure") // => "M-0001"
 */
export function idAllocator(rows: readonly RegisterRow[]): (level: Level) => string {
  const next = new Map<string, number>();
  for (const row of rows) {
    const m = /^([A-Z]+)-(\d+)$/.exec(textOf(row.id));
    if (m) next.set(m[1], Math.max(next.get(m[1]) ?? 1, Number(m[2]) + 1));
  }
  return (level) => {
    const prefix = ID_PREFIX[level];
    const n = next.get(prefix) ?? 1;
    next.set(prefix, n + 1);
    return `${prefix}-${String(n).padStart(level === "Measure" ? 4 : 3, "0")}`;
  };
}

/** Index of rows by id (the first row wins where an id repeats). */
export function indexById(rows: readonly RegisterRow[]): Map<string, number> {
  const index = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = textOf(row.id);
    if (id && !index.has(id)) index.set(id, i);
  });
  return index;
}

/** The chain of a row: its ancestors' row indexes from the top, then itself. Stops at a missing parent or a cycle. */
export function chainOf(rows: readonly RegisterRow[], byId: Map<string, number>, index: number): number[] {
  const chain = [index];
  const seen = new Set(chain);
  for (let parent = textOf(rows[index].parentId); parent;) {
    const p = byId.get(parent);
    if (p === undefined || seen.has(p)) break;
    chain.unshift(p);
    seen.add(p);
    parent = textOf(rows[p].parentId);
  }
  return chain;
}

/**
 * Recomputes the Path column (ancestor ids joined by "/") of every row; returns new rows.
 * Cost: O(rows x depth).
 */
export function withPaths(rows: readonly RegisterRow[]): RegisterRow[] {
  const byId = indexById(rows);
  return rows.map((row, i) => {
    const path = textOf(row.id)
      ? chainOf(rows, byId, i)
          .map((j) => textOf(rows[j].id))
          .join("/")
      : null;
    return row.path === path ? row : { ...row, path };
  });
}

/** Index of a register column, re-exported for adapters that address cells. */
export { COLUMN_INDEX };
