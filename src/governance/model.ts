/**
 * The governed workbook's vocabulary: hierarchy levels, stage gates, the register's
 * columns, and the plain-data types every governance function works on.
 *
 * The register is ONE table on the sheet "Register", header in row 1, one item per row.
 * Its columns and their order are a published layout (docs/workbook-layout.md): the
 * task pane, the command line and users' own formulas depend on them, so append new
 * columns at the end and never reorder.
 */

import type { ServiceFindingCode } from "../service/model";
import type { Severity } from "../errors";

/** The hierarchy, top to bottom. A Measure exists only inside this chain. */
export const LEVELS = ["Organization", "Portfolio", "Program", "Project", "Measure Package", "Measure"] as const;
export type Level = (typeof LEVELS)[number];

/** Id prefix per level: ids look like `PF-003`, `M-0042`. */
export const ID_PREFIX: Readonly<Record<Level, string>> = {
  Organization: "ORG",
  Portfolio: "PF",
  Program: "PG",
  Project: "PR",
  "Measure Package": "PK",
  Measure: "M",
};

/** Stage gates, in order. Only a controller moves a measure to L5 Closed. */
export const GATES = [
  "L0 Idea",
  "L1 Identified",
  "L2 Validated",
  "L3 Implementing",
  "L4 Realized",
  "L5 Closed",
] as const;
export type Gate = (typeof GATES)[number];

/** The sheet names the add-in and the command line own. */
export const SHEETS = {
  register: "Register",
  findings: "Findings",
  dashboard: "Dashboard",
  /** The Dashboard's measures table, on a sheet of its own (its own columns, filter and print). */
  dashboardMeasures: "Dashboard Measures",
  audit: "Audit",
  controllers: "Controllers",
  identity: "Identity",
  /** Which measure each ID of a client's ID column became (src/governance/sourceIds.ts). */
  sourceIds: "Source IDs",
} as const;

/** A cell value as plain data (what both Excel adapters read and write). */
export type CellValue = string | number | boolean | null;

/** The register's columns, in published order: key, header text, kind of value. */
export const REGISTER_COLUMNS = [
  { key: "id", header: "ID", kind: "text" },
  { key: "level", header: "Level", kind: "text" },
  { key: "parentId", header: "Parent ID", kind: "text" },
  { key: "name", header: "Name", kind: "text" },
  { key: "owner", header: "Owner", kind: "text" },
  { key: "controller", header: "Controller", kind: "text" },
  { key: "committee", header: "Steering Committee", kind: "text" },
  { key: "gate", header: "Gate", kind: "text" },
  { key: "due", header: "Milestone Due", kind: "date" },
  { key: "done", header: "Milestone Done", kind: "date" },
  { key: "baseline", header: "Baseline Cost", kind: "number" },
  { key: "actual", header: "Actual Cost", kind: "number" },
  { key: "planned", header: "Planned Savings", kind: "number" },
  { key: "forecast", header: "Forecast Savings", kind: "number" },
  { key: "confirmed", header: "Confirmed Savings", kind: "number" },
  { key: "closedBy", header: "Closed By", kind: "text" },
  { key: "closedAt", header: "Closed At", kind: "text" },
  { key: "closeReason", header: "Closure Reason", kind: "text" },
  { key: "path", header: "Path", kind: "text" },
  { key: "placeholder", header: "Placeholder", kind: "boolean" },
  { key: "sourceSheet", header: "Source Sheet", kind: "text" },
  { key: "sourceRow", header: "Source Row", kind: "number" },
] as const;

export type RegisterKey = (typeof REGISTER_COLUMNS)[number]["key"];

/**
 * The formulas of a sheet as both adapters read them: per cell the formula text with its "="
 * (as Office.js `Range.formulas` shows it), or null (or absent) for a cell holding a value.
 */
export type FormulaGrid = readonly (readonly (string | null | undefined)[] | undefined)[];

/** The formulas of one register row's cells, by column (absent: the cell holds a value). */
export type RowFormulas = Readonly<Partial<Record<RegisterKey, string>>>;

/** One register row as plain data. Values are kept exactly as typed (text stays text) so nothing is lost. */
export type RegisterRow = { [K in RegisterKey]: CellValue };

/** Column index (0-based) of a register field. */
export const COLUMN_INDEX: Readonly<Record<RegisterKey, number>> = Object.fromEntries(
  REGISTER_COLUMNS.map((c, i) => [c.key, i]),
) as Record<RegisterKey, number>;

/** Excel column letters for a 0-based index. @example columnLetter(27) // => "AB" */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The 0-based index of Excel column letters, any case; the inverse of {@link columnLetter}. @example columnIndex("ab") // => 27 */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** A rectangular A1 range, 1-based and inclusive. */
export interface CellArea {
  readonly r1: number;
  readonly c1: number;
  readonly r2: number;
  readonly c2: number;
}

/**
 * The first of a list of areas that holds a cell, found without scanning them all: rows are
 * cut where an area starts or ends, and each stretch of rows lists, in the given order, the
 * areas covering it. A sheet with a format per row (the Service Review's results in their unit,
 * 2,000 service levels) is then looked up in O(log areas + areas on the row) a cell instead of
 * O(areas). Cost to build: O(areas log areas + the stretches each area covers). Lookups going
 * down the rows reuse the last stretch.
 * @param areas - The areas, in the order that decides which one wins.
 * @returns A lookup of a 1-based row and column.
 * @example areaLookup([{ r1: 2, c1: 1, r2: 9, c2: 1 }])(5, 1) // => { r1: 2, c1: 1, r2: 9, c2: 1 }
 */
export function areaLookup<T extends CellArea>(areas: readonly T[]): (r: number, c: number) => T | undefined {
  if (areas.length <= 8) {
    return (r, c) => {
      for (const a of areas) if (r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2) return a;
      return undefined;
    };
  }
  const cuts = [...new Set(areas.flatMap((a) => [a.r1, a.r2 + 1]))].sort((x, y) => x - y);
  const stretchOf = (r: number): number => {
    // The last cut at or before r.
    let lo = 0;
    let hi = cuts.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] <= r) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k;
  };
  const lists: T[][] = cuts.map(() => []);
  for (const a of areas) for (let k = stretchOf(a.r1); k < cuts.length && cuts[k] <= a.r2; k++) lists[k].push(a);
  let k = -1;
  return (r, c) => {
    if (!(k >= 0 && r >= cuts[k] && (k + 1 >= cuts.length || r < cuts[k + 1]))) k = stretchOf(r);
    if (k < 0) return undefined;
    for (const a of lists[k]) if (c >= a.c1 && c <= a.c2) return a;
    return undefined;
  };
}

/**
 * Parses the A1 ranges plans use ("B2", "C5:D9", "$A$1"); the inverse of `columnLetter` + row.
 * Throws for anything else (plans are made by this library, so that is a bug).
 * @example parseArea("B2:C10") // => { r1: 2, c1: 2, r2: 10, c2: 3 }
 */
export function parseArea(range: string): CellArea {
  const cell = (a1: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1.trim());
    if (!m) throw new Error(`not an A1 range: ${range}`);
    return { r: Number(m[2]), c: columnIndex(m[1]) + 1 };
  };
  const [a, b = a] = range.split(":");
  const p = cell(a);
  const q = cell(b);
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

/** The fields a client sheet's columns can be mapped to, in the order the mapping step shows them. */
export const SOURCE_FIELDS = [
  "organization",
  "portfolio",
  "program",
  "project",
  "package",
  "measure",
  "owner",
  "controller",
  "committee",
  "gate",
  "baseline",
  "actual",
  "planned",
  "forecast",
  "due",
  "done",
  "portfolio_owner",
  "portfolio_controller",
  "program_owner",
  "program_controller",
  "project_owner",
  "project_controller",
  "package_owner",
  "package_controller",
] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];

/**
 * The fields an upgrade maps: the register's, then the client row's own ID (`source_id`), by
 * which a re-upgrade finds its measure again (src/governance/sourceIds.ts).
 */
export const UPGRADE_FIELDS = [...SOURCE_FIELDS, "source_id"] as const;
export type UpgradeField = (typeof UPGRADE_FIELDS)[number];

/** The level each hierarchy field names. */
export const LEVEL_OF_FIELD: Readonly<Partial<Record<SourceField, Level>>> = {
  organization: "Organization",
  portfolio: "Portfolio",
  program: "Program",
  project: "Project",
  package: "Measure Package",
  measure: "Measure",
};

/** The fields naming the owner and the controller of a level above the measure (a measure's are `owner`, `controller`). */
export const LEVEL_ROLE_FIELDS: readonly { level: Level; owner: SourceField; controller: SourceField }[] = [
  { level: "Portfolio", owner: "portfolio_owner", controller: "portfolio_controller" },
  { level: "Program", owner: "program_owner", controller: "program_controller" },
  { level: "Project", owner: "project_owner", controller: "project_controller" },
  { level: "Measure Package", owner: "package_owner", controller: "package_controller" },
];

/** A client sheet read into plain data: header texts and the rows below them. */
export interface SourceTable {
  readonly sheet: string;
  /** 1-based worksheet row of the header; data row i sits at headerRow + 1 + i. */
  readonly headerRow: number;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly CellValue[])[];
}

/** Which source column (0-based) feeds each field; unmapped fields are absent. */
export type ColumnMapping = Partial<Record<UpgradeField, number>>;

/** Stable codes of validation findings. */
export type FindingCode =
  | "DUPLICATE"
  | "MISSING_OWNER"
  | "MISSING_CONTROLLER"
  | "INCOMPLETE_CHAIN"
  | "PLACEHOLDER"
  | "BAD_VALUE"
  | "SOURCE_CONFLICT"
  | "CLOSED_NOT_RECONCILED"
  | "CLOSED_FORMULA"
  | "UNASSIGNED"
  | "DUPLICATE_HEADER"
  | "DUPLICATE_SOURCE_ID"
  | "TEXT_CUT"
  | "EXAMPLE_ROW";

/**
 * The severity of each code. Errors are what the client's own data should have said (a
 * measure without an owner, a bad value); warnings are worth a look but expected after an
 * upgrade (items the upgrade made up, levels the sheet names nobody for). MISSING_OWNER and
 * MISSING_CONTROLLER are only raised where they are errors; the same gap on a level the
 * client sheet assigns nobody is one UNASSIGNED warning per item.
 */
export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  DUPLICATE: "error",
  MISSING_OWNER: "error",
  MISSING_CONTROLLER: "error",
  INCOMPLETE_CHAIN: "error",
  BAD_VALUE: "error",
  CLOSED_FORMULA: "error",
  PLACEHOLDER: "warning",
  SOURCE_CONFLICT: "warning",
  CLOSED_NOT_RECONCILED: "warning",
  UNASSIGNED: "warning",
  DUPLICATE_HEADER: "warning",
  DUPLICATE_SOURCE_ID: "error",
  TEXT_CUT: "warning",
  EXAMPLE_ROW: "warning",
};

/** One validation finding, pointing at a register row (and a column when it is about one value). */
export interface Finding {
  /** A register code, or a service code (the service review's findings share the Findings sheet). */
  readonly code: FindingCode | ServiceFindingCode;
  /** `error` (exit 1 of validate) or `warning` (counted only with --strict). */
  readonly severity: Severity;
  readonly message: string;
  /** Register id of the item ("" when the finding is about a source row that made no item). */
  readonly id: string;
  /** 1-based row of the client sheet the item came from, when it came from one. */
  readonly sourceRow: number | null;
  /** The register column the finding is about, when it is about one value. */
  readonly field?: RegisterKey;
}

export type { Severity };

/**
 * Builds a finding with its code's severity.
 * @param code - The finding's code.
 * @param message - A whole sentence (from `findingMessages`).
 * @param id - The item's register id ("" when the finding is about the client sheet).
 * @param sourceRow - The client sheet's 1-based row, or null.
 * @param field - The register column it is about, when it is about one value.
 * @returns The finding.
 * @example newFinding("MISSING_OWNER", "x", "M-0001", 4, "owner").severity // => "error"
 */
export function newFinding(
  code: FindingCode,
  message: string,
  id: string,
  sourceRow: number | null,
  field?: RegisterKey,
): Finding {
  return { code, severity: SEVERITY[code], id, sourceRow, message, ...(field ? { field } : {}) };
}

/** An empty register row. */
export function emptyRow(): RegisterRow {
  return Object.fromEntries(REGISTER_COLUMNS.map((c) => [c.key, null])) as RegisterRow;
}

/** Text of a cell, trimmed; "" for blanks. */
export function textOf(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value.trim() : String(value);
}

/** True for a blank cell (null, undefined or only spaces). */
export function isBlankCell(value: CellValue | undefined): boolean {
  return textOf(value) === "";
}
