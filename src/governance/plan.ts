/**
 * Plans of writes: what the task pane's Office.js adapter and the command line's ExcelJS
 * adapter put into the workbook, decided here as plain data so both write the same thing.
 */
import {
  CellValue,
  COLUMN_INDEX,
  Finding,
  REGISTER_COLUMNS,
  RegisterKey,
  RegisterRow,
  SHEETS,
  columnLetter,
  textOf,
} from "./model";
import { levelOf, registerGrid } from "./register";
import { isExampleOrganization } from "./example";
import { MeasureStatus, Rollup } from "./rollup";
import { parseAmount, reconcileRow } from "./values";
import { Money, ZERO, money, toNumber } from "../money";
import { DEFAULT_RED_AFTER_DAYS } from "../status/implStatus";
import { DEFAULT_AMBER_BELOW, DEFAULT_RED_BELOW } from "../status/potentialStatus";
import { present } from "./present";
import { serialToIso } from "../serial";

/** A formula with the value the library computes for it (the CLI stores both; Excel recalculates). */
export interface Formula {
  readonly formula: string;
  readonly value: CellValue;
}

/** What one cell of a plan holds. */
export type PlannedCell = CellValue | Formula;

/** True for a planned formula. */
export function isFormula(cell: PlannedCell): cell is Formula {
  return typeof cell === "object" && cell !== null && "formula" in cell;
}

/** A fill for cells whose text equals a word (conditional formatting, so it follows live formulas). */
export interface StatusFill {
  readonly range: string;
  readonly text: string;
  /** Match cells equal to the number `text` (a numeric cell), not the word. */
  readonly numeric?: boolean;
  readonly fill: string;
  readonly font: string;
}

/** How every header row looks, in the task pane and in files the command line writes alike. */
export const HEADER_STYLE = { bold: true, fill: "#EBF3FC", borderBottom: "#8A8886" } as const;

/**
 * What a protected sheet still lets its users do. Names follow Office.js'
 * WorksheetProtectionOptions (`allowFormatColumns` is `formatColumns` here); selecting
 * locked and unlocked cells is always allowed.
 */
export interface ProtectionOptions {
  readonly formatCells: boolean;
  readonly formatColumns: boolean;
  readonly formatRows: boolean;
  readonly insertColumns: boolean;
  readonly insertRows: boolean;
  readonly deleteColumns: boolean;
  readonly deleteRows: boolean;
  readonly sort: boolean;
  readonly autoFilter: boolean;
}

/**
 * A sheet's protection: the options, then the cells to unlock and, applied after them, the
 * cells to lock (Excel locks every cell by default; cells outside both lists keep their own).
 */
export interface ProtectionPlan {
  readonly options: ProtectionOptions;
  readonly unlocked: readonly string[];
  readonly locked: readonly string[];
}

/** The options of every sheet the product protects: widen columns, filter; nothing structural. */
export const PROTECTION_OPTIONS: ProtectionOptions = {
  formatCells: false,
  formatColumns: true,
  formatRows: true,
  insertColumns: false,
  insertRows: false,
  deleteColumns: false,
  deleteRows: false,
  sort: false,
  autoFilter: true,
};

/**
 * The Register's protection: the table's rows unlocked for typing, its header and the rows of
 * closed measures locked. Only the register's own columns: users' columns beside it keep theirs.
 * @param lastRow - 1-based last row of the table.
 * @param lockedRows - 1-based rows of closed measures.
 * @example registerProtection(3, [3]).locked // => ["A1:V1", "A3:V3"]
 */
export function registerProtection(lastRow: number, lockedRows: readonly number[]): ProtectionPlan {
  const last = columnLetter(REGISTER_COLUMNS.length - 1);
  return {
    options: PROTECTION_OPTIONS,
    unlocked: [`A2:${last}${Math.max(2, lastRow)}`],
    locked: [`A1:${last}1`, ...lockedRows.map((r) => `A${r}:${last}${r}`)],
  };
}

/** The Audit sheet's protection: every cell locked (Excel's default), the sheet protected. */
export const AUDIT_PROTECTION: ProtectionPlan = { options: PROTECTION_OPTIONS, unlocked: [], locked: [] };

/**
 * A computed sheet's protection (Findings, Dashboard, Service Review: rewritten by the product,
 * its formulas not to be typed over by accident): every cell locked but the given cells a user
 * types in; no password, so a user can unprotect it on purpose.
 * @example computedProtection(["B2"]).unlocked // => ["B2"]
 */
export function computedProtection(editable: readonly string[] = []): ProtectionPlan {
  return { options: PROTECTION_OPTIONS, unlocked: editable.slice(), locked: [] };
}

/**
 * Column widths of the Audit sheet, in characters, in the order of its columns (printed at 75%
 * across three pages, its Seq, Time and Measure ID on each); hashes, key IDs and signatures show
 * their first characters (the whole value is in the cell, and `verify` reads it there). Confirmed
 * shows 999,999,999.99 with a currency code after it (18 characters and the padding; -999,999,999.99
 * EUR, 19, still without `###`); Reason gave up the room for it, so the first page still ends
 * before the Entry Hash with room to spare in LibreOffice's wider font (at 24 and 21 LibreOffice
 * moved the Previous Hash to a page of its own).
 */
export const AUDIT_COLUMN_WIDTHS: readonly number[] = [5, 26, 11, 8, 16, 20, 20, 17, 17, 17, 8, 17, 17, 17, 24, 17];

/**
 * Widths of the Controllers sheet's columns (Controller, Key ID, Public Key, Added At, Note), in
 * characters: one page wide at about 75%, a key shown by its first 32 characters.
 */
export const CONTROLLERS_COLUMN_WIDTHS: readonly number[] = [20, 34, 34, 26, 30];

/** A printed page's margins, in inches, as Excel's Page Setup names them. */
export interface PageMargins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly header: number;
  readonly footer: number;
}

/**
 * How a sheet prints: landscape, so many pages wide (the height follows), the rows repeated
 * at the top of every page, and a footer in Excel's header/footer codes (`&A` the sheet's
 * name, `&P` the page, `&N` the pages).
 */
export interface PrintSetup {
  readonly landscape: boolean;
  /**
   * Pages wide the sheet is fitted to: 1 for a sheet whose columns print legibly on one page;
   * 0 for one too wide for that, printed at {@link PrintSetup.scale} across the pages its
   * {@link PrintSetup.columnBreaks} start, its {@link PrintSetup.titleColumns} on each.
   */
  readonly fitToWidth: number;
  /** Print scale in percent, for a sheet not fitted to its width (fitToWidth 0). */
  readonly scale?: number;
  /** 0-based columns that start a new printed page (manual page breaks left of them). */
  readonly columnBreaks?: readonly number[];
  /** Columns repeated at the left of each printed page, e.g. "A:B"; absent: none. */
  readonly titleColumns?: string;
  /** Pages printed across before down (the pages of a row band side by side); absent: down, then across. */
  readonly overThenDown?: boolean;
  /** Page margins in inches (Excel's Narrow: 0.25 at the sides, room for the footer below). */
  readonly margins: PageMargins;
  /** Rows repeated at the top of each printed page, e.g. "1:1"; absent: none. */
  readonly titleRows?: string;
  /** 0-based rows that start a new printed page (manual page breaks above them). */
  readonly rowBreaks?: readonly number[];
  readonly footer: string;
}

/** A drop-down list on cells: only these words (Excel's list data validation). */
export interface ListValidation {
  readonly range: string;
  readonly list: readonly string[];
}

/** One sheet's writes. */
export interface SheetPlan {
  readonly name: string;
  /** The sheet is the add-in's own (Findings, Dashboard): clear it before writing. */
  readonly replace: boolean;
  /** Cells from A1, row by row. A hole (an absent element of a sparse row) leaves that cell as it is. */
  readonly cells: readonly (readonly PlannedCell[])[];
  /** Number formats of A1 ranges. */
  readonly formats?: readonly { range: string; format: string }[];
  /** 0-based rows (within `cells`) drawn as headers. */
  readonly headerRows?: readonly number[];
  readonly fills?: readonly StatusFill[];
  /**
   * A1 ranges aligned to the top of their row without wrapping: a text that spills over the
   * blank cells after it, in a row another cell made taller.
   */
  readonly alignTop?: readonly string[];
  readonly freezeRows?: number;
  /** Columns frozen at the left (the ID or name columns). */
  readonly freezeColumns?: number;
  readonly columnWidths?: readonly number[];
  /** A1 ranges whose text wraps within the column's width. */
  readonly wrap?: readonly string[];
  /**
   * A1 ranges of one row each merged into one cell, the first cell's value kept: a note outside
   * the table across the empty columns of its printed page, wrapped there (see present.ts).
   */
  readonly merges?: readonly string[];
  /** Heights in points of rows (1-based) whose wrapped text needs more than one line. */
  readonly rowHeights?: readonly { readonly row: number; readonly height: number }[];
  /** The table's autofilter: its A1 range, header row included. */
  readonly autoFilter?: string;
  /** The print setup; absent: the sheet's own is left as it is. */
  readonly print?: PrintSetup;
  /** Drop-down lists. */
  readonly validations?: readonly ListValidation[];
  /** Protect the sheet so; absent: its protection is left as it is. */
  readonly protection?: ProtectionPlan;
}

/** The palette of the statuses (Fluent 2 shared colours, readable in light themes). */
export const STATUS_COLOURS: Readonly<Record<string, { fill: string; font: string }>> = {
  Green: { fill: "#DFF6DD", font: "#0E700E" },
  Amber: { fill: "#FFF4CE", font: "#835B00" },
  Red: { fill: "#FDE7E9", font: "#B10E1C" },
  "On track": { fill: "#DFF6DD", font: "#0E700E" },
  Watch: { fill: "#FFF4CE", font: "#835B00" },
  "Delivery at risk": { fill: "#FDE7E9", font: "#B10E1C" },
  "Value at risk": { fill: "#FDE7E9", font: "#B10E1C" },
  "Off track": { fill: "#FDE7E9", font: "#B10E1C" },
  Reconciled: { fill: "#DFF6DD", font: "#0E700E" },
  Overstated: { fill: "#FDE7E9", font: "#B10E1C" },
  Shortfall: { fill: "#FFF4CE", font: "#835B00" },
  Understated: { fill: "#FFF4CE", font: "#835B00" },
};

const DATE_FORMAT = "yyyy-mm-dd";
/**
 * The number format of money: separators and two decimals, the currency's ISO code after the
 * amount when one is named (`1,250.00 EUR`).
 * @example moneyFormat("EUR") // => '#,##0.00 "EUR"'
 */
export function moneyFormat(currency = ""): string {
  return currency ? `#,##0.00 "${currency}"` : "#,##0.00";
}

function registerFormats(lastRow: number, currency: string): { range: string; format: string }[] {
  const column = (key: RegisterKey) => columnLetter(COLUMN_INDEX[key]);
  const formats: { range: string; format: string }[] = [];
  for (const key of ["due", "done"] as RegisterKey[]) {
    formats.push({ range: `${column(key)}2:${column(key)}${lastRow}`, format: DATE_FORMAT });
  }
  for (const key of ["baseline", "actual", "planned", "forecast", "confirmed"] as RegisterKey[]) {
    formats.push({ range: `${column(key)}2:${column(key)}${lastRow}`, format: moneyFormat(currency) });
  }
  return formats;
}

/**
 * Widths of the register's closure columns, which `close` fills after the sheet is laid out
 * (it writes cells, not widths): a controller's name, the instant as ISO text
 * ("2026-12-05T07:19:34.113Z", 24 characters) and the start of a reason, each with its padding.
 */
const CLOSURE_WIDTHS: readonly number[] = (() => {
  const widths: number[] = [];
  widths[COLUMN_INDEX.closedBy] = 18;
  widths[COLUMN_INDEX.closedAt] = 26;
  widths[COLUMN_INDEX.closeReason] = 18;
  return widths;
})();

/**
 * The register sheet: header and every row, in place (never cleared, so users' own columns
 * to the right survive).
 * @param lockedRows - The closed measures' sheet rows: given, the sheet is protected with
 *   them locked ({@link registerProtection}); absent (a new, empty register), it is not.
 * @param currency - The workbook's currency (its Contract sheet's ISO code, "" for none),
 *   shown after every amount.
 */
export function registerPlan(rows: readonly RegisterRow[], lockedRows?: readonly number[], currency = ""): SheetPlan {
  return present({
    name: SHEETS.register,
    replace: false,
    cells: registerGrid(rows),
    formats: rows.length ? registerFormats(rows.length + 1, currency) : [],
    columnWidths: CLOSURE_WIDTHS,
    headerRows: [0],
    freezeRows: 1,
    ...(lockedRows ? { protection: registerProtection(rows.length + 1, lockedRows) } : {}),
  });
}

/** Errors before warnings, each kind in its own order (a stable sort). */
const SEVERITY_ORDER: Readonly<Record<string, number>> = { error: 0, warning: 1 };

/**
 * The findings sheet: one row per finding, with where to find the item. Severity is the
 * last column (appended after the published six, so the layout stays compatible).
 */
export function findingsPlan(
  findings: readonly Finding[],
  registerRowOf: (id: string) => number | undefined,
): SheetPlan {
  const sorted = [...findings].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2));
  return findingsSheetPlan(sorted.map((f) => findingRow(f, registerRowOf)));
}

/** The Findings sheet's header (published; columns only appended). */
export const FINDINGS_HEADERS = ["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"] as const;

/** A finding as a row of the Findings sheet ({@link FINDINGS_HEADERS}). */
export function findingRow(f: Finding, registerRowOf: (id: string) => number | undefined): PlannedCell[] {
  return [f.code, f.id, registerRowOf(f.id) ?? null, f.sourceRow, f.field ?? null, f.message, f.severity];
}

/**
 * The Findings sheet from its rows (after the header), as they are to be listed: the one
 * presentation of the sheet, whether its rows are all decided anew (validate, upgrade, review)
 * or kept from the sheet as read with rows added (src/governance/textCut.ts).
 */
export function findingsSheetPlan(rows: readonly (readonly PlannedCell[])[]): SheetPlan {
  const cells: PlannedCell[][] = [[...FINDINGS_HEADERS], ...rows.map((r) => [...r])];
  const last = cells.length;
  return present(
    {
      name: SHEETS.findings,
      replace: true,
      cells,
      headerRows: [0],
      freezeRows: 1,
      fills: [
        { range: `G2:G${Math.max(2, last)}`, text: "error", ...STATUS_COLOURS.Red },
        { range: `G2:G${Math.max(2, last)}`, text: "warning", ...STATUS_COLOURS.Amber },
      ],
      protection: computedProtection(),
    },
    { freezeColumns: 2 },
  );
}

/** Where things are on the dashboard, for formulas and for tests (1-based rows). */
export interface DashboardLayout {
  readonly asOfCell: string;
  readonly countsFirstRow: number;
  readonly itemsHeaderRow: number;
  /** The measures table's header row, on its own sheet ({@link SHEETS}.dashboardMeasures). */
  readonly measuresHeaderRow: number;
}

const DUAL_ORDER = ["Value at risk", "Off track", "Delivery at risk", "Watch", "On track"] as const;

/** The dashboard's row for measures without a dual status. */
export const NOT_ASSESSED = "Not assessed";

/**
 * Why measures have no dual status, counted: "no forecast 200, no planned savings 44".
 * Cost: O(measures).
 * @returns The count, the planned and forecast sums, and the reasons as one text ("" when none).
 */
export function notAssessed(
  measures: readonly RegisterRow[],
  statuses: ReadonlyMap<string, MeasureStatus>,
): { count: number; planned: Money; forecast: Money; reasons: string } {
  let count = 0;
  let planned = ZERO;
  let forecast = ZERO;
  const reasons = new Map<string, number>();
  const note = (why: string) => reasons.set(why, (reasons.get(why) ?? 0) + 1);
  for (const row of measures) {
    const st = statuses.get(String(row.id ?? ""));
    if (st?.dualStatus) continue;
    count++;
    const p = parseAmount(row.planned);
    const f = parseAmount(row.forecast);
    planned = planned.plus(money(p ?? 0));
    forecast = forecast.plus(money(f ?? 0));
    if (!st || st.implementation === "") note("milestone due date unreadable");
    if (!st || st.potential === "") {
      if (p === undefined) note(textOf(row.planned) === "" ? "no planned savings" : "planned savings unreadable");
      else if (p <= 0) note("planned savings not above 0");
      if (f === undefined) note(textOf(row.forecast) === "" ? "no forecast" : "forecast unreadable");
    }
  }
  const text = [...reasons].map(([why, n]) => `${why} ${n}`).join(", ");
  return { count, planned, forecast, reasons: text };
}

/** A register cell a native formula can compute with: a number or a blank (text would be #VALUE!). */
function plainNumber(value: CellValue): boolean {
  return value === null || typeof value === "number";
}

/**
 * The dual-status dashboard, readable without the add-in: every status, count and sum is a
 * native Excel formula over the register (IF, COUNTIF(S), SUMIF(S), ROUND), with the library's
 * own result stored beside it as the cached value. Where a register cell holds text the
 * library can read but a formula cannot (an amount typed as "38,000", a date typed as text),
 * that cell of the dashboard is the library's value instead of a formula. Two sheets, so each
 * table has its own columns, filter, frozen panes and print titles: the Dashboard (the As-of
 * cell, counts per dual status, the roll-up per item) and Dashboard Measures (one row per
 * measure, judged as of the Dashboard's As-of cell; the Dashboard's counts and roll-up count it).
 *
 * Exact decimal against floating point: sums are rounded to cents (`ROUND(...,2)`), and the
 * status thresholds compare whole multiples (`forecast*100-planned*95`), rounded to 4 places,
 * so the formulas decide as the library does for amounts in cents below about 10^11.
 * Cost: O(items + measures) cells.
 * @param rows - The register rows (sheet row = index + 2).
 * @param asOf - The serial date of the roll-up.
 * @param fixedAsOf - True when the user chose the day (`--as-of`): the As-of cell holds it as a
 *   value; otherwise it is `=TODAY()`, with `asOf` as its cached result.
 * @param currency - The workbook's currency ("" for none), shown after every amount.
 */
export function dashboardPlan(
  rows: readonly RegisterRow[],
  items: readonly Rollup[],
  statuses: ReadonlyMap<string, MeasureStatus>,
  asOf: number,
  fixedAsOf = false,
  currency = "",
): { plans: [SheetPlan, SheetPlan]; layout: DashboardLayout } {
  const MONEY_FORMAT = moneyFormat(currency);
  const R = (key: RegisterKey, sheetRow: number) =>
    `${SHEETS.register}!$${columnLetter(COLUMN_INDEX[key])}$${sheetRow}`;
  const RC = (key: RegisterKey) =>
    `${SHEETS.register}!$${columnLetter(COLUMN_INDEX[key])}:$${columnLetter(COLUMN_INDEX[key])}`;
  const measureRows = rows.map((r, i) => ({ row: r, sheetRow: i + 2 })).filter((m) => levelOf(m.row) === "Measure");
  const rollupById = new Map(items.map((it) => [it.id, it]));
  // new-contract's unedited example organization with no measure under it is nobody's: not listed.
  const unused = (row: RegisterRow) => isExampleOrganization(row) && !rollupById.get(textOf(row.id))?.measures;
  const itemRows = rows
    .map((r, i) => ({ row: r, sheetRow: i + 2 }))
    .filter((m) => levelOf(m.row) !== undefined && levelOf(m.row) !== "Measure" && !unused(m.row));
  // Sums over the register are formulas only while every measure's amounts are numbers.
  const sumsNative = measureRows.every(
    ({ row }) => plainNumber(row.planned) && plainNumber(row.forecast) && plainNumber(row.confirmed),
  );

  const cells: PlannedCell[][] = [];
  const fills: StatusFill[] = [];
  cells.push(["SLA Governance: dual-status dashboard"]);
  cells.push([
    "As of",
    fixedAsOf ? asOf : { formula: "=TODAY()", value: asOf },
    fixedAsOf
      ? "The day chosen for this dashboard; type another date to judge milestones as of that day."
      : "Type a date here to judge milestones as of that day.",
  ]);
  cells.push([`Each measure's statuses and money: the ${SHEETS.dashboardMeasures} sheet.`]);
  const countsHeader = cells.length;
  cells.push(["Dual status", "Measures", "Planned", "Forecast"]);
  const countsFirstRow = cells.length + 1;

  // The dual statuses, then "Not assessed" (measures lacking the data for a status), then a blank row.
  const itemsHeaderRow = countsFirstRow + DUAL_ORDER.length + 2;
  // The measures table on its own sheet, header in row 1; the Dashboard's formulas count it there.
  const measuresHeaderRow = 1;
  const mFirst = measuresHeaderRow + 1;
  const mLast = Math.max(mFirst, measuresHeaderRow + measureRows.length);
  const MEASURES = `'${SHEETS.dashboardMeasures}'`;
  const M = (col: string) => `${MEASURES}!$${col}$${mFirst}:$${col}$${mLast}`;
  const asOfRef = `${SHEETS.dashboard}!$B$2`;

  const totals = new Map<string, { n: number; planned: Money; forecast: Money }>();
  for (const s of DUAL_ORDER) totals.set(s, { n: 0, planned: ZERO, forecast: ZERO });
  for (const m of measureRows) {
    const st = statuses.get(String(m.row.id ?? ""));
    const t = st && st.dualStatus ? totals.get(st.dualStatus) : undefined;
    if (t) {
      t.n++;
      t.planned = t.planned.plus(money(parseAmount(m.row.planned) ?? 0));
      t.forecast = t.forecast.plus(money(parseAmount(m.row.forecast) ?? 0));
    }
  }
  for (const s of DUAL_ORDER) {
    const r = cells.length + 1;
    const t = totals.get(s)!;
    cells.push([
      s,
      { formula: `=COUNTIF(${M("F")},$A${r})`, value: t.n },
      { formula: `=ROUND(SUMIF(${M("F")},$A${r},${M("H")}),2)`, value: toNumber(t.planned) },
      { formula: `=ROUND(SUMIF(${M("F")},$A${r},${M("I")}),2)`, value: toNumber(t.forecast) },
    ]);
  }
  fills.push(...statusFills(`A${countsFirstRow}:A${countsFirstRow + DUAL_ORDER.length - 1}`, DUAL_ORDER));
  // Not assessed: measures whose dual status is blank, counted and summed by native formulas;
  // the reasons are the core's, as of the dashboard's writing.
  const unassessed = notAssessed(
    measureRows.map((m) => m.row),
    statuses,
  );
  cells.push([
    NOT_ASSESSED,
    { formula: `=COUNTIFS(${M("A")},"<>",${M("F")},"")`, value: unassessed.count },
    { formula: `=ROUND(SUMIFS(${M("H")},${M("A")},"<>",${M("F")},""),2)`, value: toNumber(unassessed.planned) },
    { formula: `=ROUND(SUMIFS(${M("I")},${M("A")},"<>",${M("F")},""),2)`, value: toNumber(unassessed.forecast) },
    unassessed.reasons,
  ]);
  cells.push([]);

  // Roll-up per item.
  cells.push([
    "ID",
    "Level",
    "Name",
    "Measures",
    "Planned",
    "Forecast",
    "Confirmed",
    "Implementation",
    "Potential",
    ...DUAL_ORDER,
  ]);
  for (const { row, sheetRow } of itemRows) {
    const it = rollupById.get(String(row.id ?? ""));
    const under = `${R("path", sheetRow)}&"/*"`;
    const sumOf = (key: "planned" | "forecast" | "confirmed"): PlannedCell => {
      const value = it?.[key] ?? 0;
      return sumsNative
        ? { formula: `=ROUND(SUMIFS(${RC(key)},${RC("path")},${under},${RC("level")},"Measure"),2)`, value }
        : value;
    };
    const worst = (col: string) =>
      `=IF(COUNTIFS(${M("C")},${under},${M(col)},"Red"),"Red",IF(COUNTIFS(${M("C")},${under},${M(col)},"Amber"),"Amber",IF(COUNTIFS(${M("C")},${under},${M(col)},"Green"),"Green","")))`;
    cells.push([
      { formula: `=${R("id", sheetRow)}`, value: row.id },
      { formula: `=${R("level", sheetRow)}`, value: row.level },
      { formula: `=${R("name", sheetRow)}`, value: row.name },
      { formula: `=COUNTIFS(${RC("path")},${under},${RC("level")},"Measure")`, value: it?.measures ?? 0 },
      sumOf("planned"),
      sumOf("forecast"),
      sumOf("confirmed"),
      { formula: worst("D"), value: it?.implementation ?? "" },
      { formula: worst("E"), value: it?.potential ?? "" },
      ...DUAL_ORDER.map((s) => ({
        formula: `=COUNTIFS(${M("C")},${under},${M("F")},"${s}")`,
        value: it?.byDualStatus[s] ?? 0,
      })),
    ]);
  }
  if (itemRows.length) {
    fills.push(
      ...statusFills(`H${itemsHeaderRow + 1}:I${itemsHeaderRow + itemRows.length}`, ["Green", "Amber", "Red"]),
    );
  }

  // Measures: the status rules as native formulas over each register row.
  const measureCells: PlannedCell[][] = [];
  const measureFills: StatusFill[] = [];
  measureCells.push([
    "ID",
    "Name",
    "Path",
    "Implementation",
    "Potential",
    "Dual status",
    "Reconciliation",
    "Planned",
    "Forecast",
    "Confirmed",
    "Gate",
  ]);
  for (const { row, sheetRow } of measureRows) {
    const r = measureCells.length + 1;
    const st = statuses.get(String(row.id ?? ""));
    const [due, done] = [R("due", sheetRow), R("done", sheetRow)];
    const [planned, forecast, confirmed] = [R("planned", sheetRow), R("forecast", sheetRow), R("confirmed", sheetRow)];
    const [baseline, actual] = [R("baseline", sheetRow), R("actual", sheetRow)];
    const late = `(IF(${done}="",${asOfRef},${done})-${due})`;
    const datesNative = plainNumber(row.due) && plainNumber(row.done);
    const potentialNative = plainNumber(row.planned) && plainNumber(row.forecast);
    const reconcileNative =
      potentialNative && plainNumber(row.baseline) && plainNumber(row.actual) && plainNumber(row.confirmed);
    const share = (pct: number) => `ROUND(${forecast}*100-${planned}*${pct},4)>=0`;
    const achieved = `(${baseline}-${actual})`;
    measureCells.push([
      { formula: `=${R("id", sheetRow)}`, value: row.id },
      { formula: `=${R("name", sheetRow)}`, value: row.name },
      { formula: `=${R("path", sheetRow)}`, value: row.path },
      nativeOr(
        datesNative,
        `=IF(${due}="","Green",IF(${late}<=0,"Green",IF(${late}<=${DEFAULT_RED_AFTER_DAYS},"Amber","Red")))`,
        st?.implementation ?? "",
      ),
      nativeOr(
        potentialNative,
        `=IF(OR(${planned}="",${forecast}=""),"",IF(${planned}<=0,"",IF(${share(Math.round(DEFAULT_AMBER_BELOW * 100))},"Green",IF(${share(Math.round(DEFAULT_RED_BELOW * 100))},"Amber","Red"))))`,
        st?.potential ?? "",
      ),
      {
        formula: `=IF(OR(D${r}="",E${r}=""),"",IF(D${r}="Red",IF(E${r}="Red","Off track","Delivery at risk"),IF(E${r}="Red","Value at risk",IF(AND(D${r}="Green",E${r}="Green"),"On track","Watch"))))`,
        value: st?.dualStatus ?? "",
      },
      nativeOr(
        reconcileNative,
        `=IF(OR(${baseline}="",${actual}="",${planned}=""),"",IF(${confirmed}="","Unconfirmed",IF(ROUND(${confirmed}-${achieved},4)>0,"Overstated",IF(ROUND(${confirmed}-${achieved},4)<0,"Understated",IF(ROUND(${achieved}-${planned},4)<0,"Shortfall","Reconciled")))))`,
        reconcileRow(row),
      ),
      { formula: `=IF(${planned}="","",${planned})`, value: row.planned },
      { formula: `=IF(${forecast}="","",${forecast})`, value: row.forecast },
      { formula: `=IF(${confirmed}="","",${confirmed})`, value: row.confirmed },
      { formula: `=IF(${R("gate", sheetRow)}="","",${R("gate", sheetRow)})`, value: row.gate },
    ]);
  }
  if (measureRows.length) {
    measureFills.push(...statusFills(`D${mFirst}:E${mLast}`, ["Green", "Amber", "Red"]));
    measureFills.push(...statusFills(`F${mFirst}:F${mLast}`, DUAL_ORDER));
    measureFills.push(...statusFills(`G${mFirst}:G${mLast}`, ["Reconciled", "Overstated", "Understated", "Shortfall"]));
  }
  const formats = [
    { range: "B2", format: DATE_FORMAT },
    // The dual statuses and the Not assessed row after them.
    { range: `C${countsFirstRow}:D${countsFirstRow + DUAL_ORDER.length}`, format: MONEY_FORMAT },
    ...(itemRows.length
      ? [{ range: `E${itemsHeaderRow + 1}:G${itemsHeaderRow + itemRows.length}`, format: MONEY_FORMAT }]
      : []),
  ];
  const footerDay = serialToIso(Math.floor(asOf));
  const dashboard = present(
    {
      name: SHEETS.dashboard,
      replace: true,
      cells,
      formats,
      headerRows: [countsHeader, itemsHeaderRow - 1],
      fills,
      // The As-of cell is the user's to type; the rest is computed.
      protection: computedProtection(["B2"]),
    },
    // The roll-up per item is the table (its filter, its header on every printed page); the
    // counts above it are a summary.
    {
      tableHeaderRow: itemsHeaderRow - 1,
      freezeRows: 0,
      repeatRows: `${itemsHeaderRow}:${itemsHeaderRow}`,
      asOf: footerDay,
    },
  );
  const measures = present(
    {
      name: SHEETS.dashboardMeasures,
      replace: true,
      cells: measureCells,
      formats: measureRows.length ? [{ range: `H${mFirst}:J${mLast}`, format: MONEY_FORMAT }] : [],
      headerRows: [0],
      freezeRows: 1,
      fills: measureFills,
      protection: computedProtection(),
    },
    // ID and Name stay in view; the As-of day the statuses speak for is the Dashboard's.
    { freezeColumns: 2, asOf: footerDay },
  );
  return {
    plans: [dashboard, measures],
    layout: { asOfCell: "B2", countsFirstRow, itemsHeaderRow, measuresHeaderRow },
  };
}

/** A native formula when the inputs allow one, else the library's value. */
function nativeOr(native: boolean, formula: string, value: CellValue): PlannedCell {
  return native ? { formula, value } : value;
}

function statusFills(range: string, words: readonly string[]): StatusFill[] {
  return words.map((text) => ({ range, text, ...STATUS_COLOURS[text] }));
}
