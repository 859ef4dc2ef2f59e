/**
 * Plans of writes: what the task pane's Office.js adapter and the command line's ExcelJS
 * adapter put into the workbook, decided here as plain data so both write the same thing.
 */
import { CellValue, COLUMN_INDEX, Finding, RegisterKey, RegisterRow, SHEETS, columnLetter } from "./model";
import { levelOf, registerGrid } from "./register";
import { MeasureStatus, Rollup } from "./rollup";

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
  readonly fill: string;
  readonly font: string;
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
  readonly freezeRows?: number;
  readonly columnWidths?: readonly number[];
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
const MONEY_FORMAT = "#,##0.00";

function registerFormats(lastRow: number): { range: string; format: string }[] {
  const column = (key: RegisterKey) => columnLetter(COLUMN_INDEX[key]);
  const formats: { range: string; format: string }[] = [];
  for (const key of ["due", "done"] as RegisterKey[]) {
    formats.push({ range: `${column(key)}2:${column(key)}${lastRow}`, format: DATE_FORMAT });
  }
  for (const key of ["baseline", "actual", "planned", "forecast", "confirmed"] as RegisterKey[]) {
    formats.push({ range: `${column(key)}2:${column(key)}${lastRow}`, format: MONEY_FORMAT });
  }
  return formats;
}

/**
 * The register sheet: header and every row, in place (never cleared, so users' own columns
 * to the right survive).
 */
export function registerPlan(rows: readonly RegisterRow[]): SheetPlan {
  return {
    name: SHEETS.register,
    replace: false,
    cells: registerGrid(rows),
    formats: rows.length ? registerFormats(rows.length + 1) : [],
    headerRows: [0],
    freezeRows: 1,
  };
}

/** The findings sheet: one row per finding, with where to find the item. */
export function findingsPlan(
  findings: readonly Finding[],
  registerRowOf: (id: string) => number | undefined,
): SheetPlan {
  const cells: PlannedCell[][] = [["Code", "ID", "Register Row", "Source Row", "Field", "Message"]];
  for (const f of findings) {
    cells.push([f.code, f.id, registerRowOf(f.id) ?? null, f.sourceRow, f.field ?? null, f.message]);
  }
  return {
    name: SHEETS.findings,
    replace: true,
    cells,
    headerRows: [0],
    freezeRows: 1,
    columnWidths: [20, 10, 12, 12, 12, 90],
  };
}

/** Where things are on the dashboard, for formulas and for tests. */
export interface DashboardLayout {
  readonly asOfCell: string;
  readonly countsFirstRow: number;
  readonly itemsHeaderRow: number;
  readonly measuresHeaderRow: number;
}

const DUAL_ORDER = ["Value at risk", "Off track", "Delivery at risk", "Watch", "On track"] as const;

/**
 * The dual-status dashboard: every cell a live formula over the register using the GOV
 * functions, with the library's own result stored beside each formula for files opened
 * without the add-in. Sections: counts per dual status, the roll-up per item, the measures.
 * Cost: O(items + measures) cells.
 * @param rows - The register rows (sheet row = index + 2).
 * @param asOf - The serial date of the roll-up; the sheet's As-of cell starts as =TODAY().
 */
export function dashboardPlan(
  rows: readonly RegisterRow[],
  items: readonly Rollup[],
  statuses: ReadonlyMap<string, MeasureStatus>,
  asOf: number,
  reconcileOf: (row: RegisterRow) => string,
): { plan: SheetPlan; layout: DashboardLayout } {
  const R = (key: RegisterKey, sheetRow: number) =>
    `${SHEETS.register}!$${columnLetter(COLUMN_INDEX[key])}$${sheetRow}`;
  const RC = (key: RegisterKey) =>
    `${SHEETS.register}!$${columnLetter(COLUMN_INDEX[key])}:$${columnLetter(COLUMN_INDEX[key])}`;
  const measureRows = rows.map((r, i) => ({ row: r, sheetRow: i + 2 })).filter((m) => levelOf(m.row) === "Measure");
  const itemRows = rows
    .map((r, i) => ({ row: r, sheetRow: i + 2 }))
    .filter((m) => levelOf(m.row) !== undefined && levelOf(m.row) !== "Measure");
  const rollupById = new Map(items.map((it) => [it.id, it]));

  const cells: PlannedCell[][] = [];
  const fills: StatusFill[] = [];
  cells.push(["SLA Governance: dual-status dashboard"]);
  cells.push(["As of", { formula: "=TODAY()", value: asOf }, "Type a date here to judge milestones as of that day."]);
  cells.push([]);
  const countsHeader = cells.length;
  cells.push(["Dual status", "Measures", "Planned", "Forecast"]);
  const countsFirstRow = cells.length + 1;

  // Measures table position is needed by the counts; compute layout first.
  const itemsHeaderRow = countsFirstRow + DUAL_ORDER.length + 1;
  const measuresHeaderRow = itemsHeaderRow + itemRows.length + 3;
  const mFirst = measuresHeaderRow + 1;
  const mLast = Math.max(mFirst, measuresHeaderRow + measureRows.length);
  const M = (col: string) => `$${col}$${mFirst}:$${col}$${mLast}`;

  const totals = new Map<string, { n: number; planned: number; forecast: number }>();
  for (const s of DUAL_ORDER) totals.set(s, { n: 0, planned: 0, forecast: 0 });
  for (const m of measureRows) {
    const st = statuses.get(String(m.row.id ?? ""));
    const t = st && st.dualStatus ? totals.get(st.dualStatus) : undefined;
    if (t) {
      t.n++;
      t.planned += typeof m.row.planned === "number" ? m.row.planned : 0;
      t.forecast += typeof m.row.forecast === "number" ? m.row.forecast : 0;
    }
  }
  for (const s of DUAL_ORDER) {
    const r = cells.length + 1;
    const t = totals.get(s)!;
    cells.push([
      s,
      { formula: `=COUNTIF(${M("F")},$A${r})`, value: t.n },
      { formula: `=SUMIF(${M("F")},$A${r},${M("H")})`, value: t.planned },
      { formula: `=SUMIF(${M("F")},$A${r},${M("I")})`, value: t.forecast },
    ]);
  }
  fills.push(...statusFills(`A${countsFirstRow}:A${countsFirstRow + DUAL_ORDER.length - 1}`, DUAL_ORDER));
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
    const sumOf = (key: RegisterKey) => `=SUMIFS(${RC(key)},${RC("path")},${under},${RC("level")},"Measure")`;
    const worst = (col: string) =>
      `=IF(COUNTIFS(${M("C")},${under},${M(col)},"Red"),"Red",IF(COUNTIFS(${M("C")},${under},${M(col)},"Amber"),"Amber",IF(COUNTIFS(${M("C")},${under},${M(col)},"Green"),"Green","")))`;
    cells.push([
      { formula: `=${R("id", sheetRow)}`, value: row.id },
      { formula: `=${R("level", sheetRow)}`, value: row.level },
      { formula: `=${R("name", sheetRow)}`, value: row.name },
      { formula: `=COUNTIFS(${RC("path")},${under},${RC("level")},"Measure")`, value: it?.measures ?? 0 },
      { formula: sumOf("planned"), value: it?.planned ?? 0 },
      { formula: sumOf("forecast"), value: it?.forecast ?? 0 },
      { formula: sumOf("confirmed"), value: it?.confirmed ?? 0 },
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
  while (cells.length < measuresHeaderRow - 1) cells.push([]);

  // Measures: the GOV functions over each register row.
  cells.push([
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
    const r = cells.length + 1;
    const st = statuses.get(String(row.id ?? ""));
    const due = R("due", sheetRow);
    const planned = R("planned", sheetRow);
    const forecast = R("forecast", sheetRow);
    const baseline = R("baseline", sheetRow);
    const actual = R("actual", sheetRow);
    cells.push([
      { formula: `=${R("id", sheetRow)}`, value: row.id },
      { formula: `=${R("name", sheetRow)}`, value: row.name },
      { formula: `=${R("path", sheetRow)}`, value: row.path },
      {
        formula: `=IF(${due}="","Green",GOV.IMPL_STATUS(${due},${R("done", sheetRow)},$B$2))`,
        value: st?.implementation ?? "",
      },
      {
        formula: `=IF(OR(${planned}="",${forecast}=""),"",GOV.POTENTIAL_STATUS(${planned},${forecast}))`,
        value: st?.potential ?? "",
      },
      { formula: `=IF(OR(D${r}="",E${r}=""),"",GOV.DUAL_STATUS(D${r},E${r}))`, value: st?.dualStatus ?? "" },
      {
        formula: `=IF(OR(${baseline}="",${actual}="",${planned}=""),"",GOV.RECONCILE(${baseline},${actual},${planned},${R("confirmed", sheetRow)}))`,
        value: reconcileOf(row),
      },
      { formula: `=${planned}`, value: row.planned },
      { formula: `=${forecast}`, value: row.forecast },
      { formula: `=${R("confirmed", sheetRow)}`, value: row.confirmed },
      { formula: `=${R("gate", sheetRow)}`, value: row.gate },
    ]);
  }
  if (measureRows.length) {
    fills.push(...statusFills(`D${mFirst}:E${mLast}`, ["Green", "Amber", "Red"]));
    fills.push(...statusFills(`F${mFirst}:F${mLast}`, DUAL_ORDER));
    fills.push(...statusFills(`G${mFirst}:G${mLast}`, ["Reconciled", "Overstated", "Understated", "Shortfall"]));
  }
  const formats = [
    { range: "B2", format: DATE_FORMAT },
    { range: `C${countsFirstRow}:D${countsFirstRow + DUAL_ORDER.length - 1}`, format: MONEY_FORMAT },
    ...(itemRows.length
      ? [{ range: `E${itemsHeaderRow + 1}:G${itemsHeaderRow + itemRows.length}`, format: MONEY_FORMAT }]
      : []),
    ...(measureRows.length ? [{ range: `H${mFirst}:J${mLast}`, format: MONEY_FORMAT }] : []),
  ];
  return {
    plan: {
      name: SHEETS.dashboard,
      replace: true,
      cells,
      formats,
      headerRows: [countsHeader, itemsHeaderRow - 1, measuresHeaderRow - 1],
      fills,
      columnWidths: [14, 16, 34, 14, 14, 16, 16, 14, 14, 14, 14, 16, 10, 10],
    },
    layout: { asOfCell: "B2", countsFirstRow, itemsHeaderRow, measuresHeaderRow },
  };
}

function statusFills(range: string, words: readonly string[]): StatusFill[] {
  return words.map((text) => ({ range, text, ...STATUS_COLOURS[text] }));
}
