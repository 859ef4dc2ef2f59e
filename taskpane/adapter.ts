/**
 * The one Office.js adapter. Each command reads what it needs in ONE context.sync(), hands
 * plain data to the governance core in src/, and writes the returned plans in ONE batch
 * (with calculation suspended), so a command costs a fixed number of syncs whatever the
 * size of the workbook. No sync in a loop; only named properties are loaded.
 */
import { CellValue, columnLetter, FormulaGrid, parseArea, SHEETS } from "../src/governance/model";
import { ClosurePlan } from "../src/governance/closure";
import {
  AUDIT_COLUMN_WIDTHS,
  AUDIT_PROTECTION,
  CONTROLLERS_COLUMN_WIDTHS,
  HEADER_STYLE,
  isFormula,
  PlannedCell,
  PrintSetup,
  ProtectionPlan,
  registerProtection,
  SheetPlan,
} from "../src/governance/plan";
import { auditFormats, closureSheetPlans } from "../src/governance/closureSheets";
import { longestRow } from "../src/arrays";

/** Excel.run, or a fake of it in tests. */
export type Run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** A sheet read into plain data: cells from A1 (rows above/left of the used range are blank). */
export interface SheetData {
  readonly name: string;
  readonly grid: CellValue[][];
  readonly protected: boolean;
  /** The Register's formulas ("=..." per formula cell, null elsewhere), aligned with grid; other sheets: absent. */
  readonly formulas?: FormulaGrid;
  /** Column widths from A in characters (as the plan's), when asked for (readWorkbook's `widthsOf`). */
  readonly columnWidths?: readonly (number | undefined)[];
}

/** The client table the user selected. */
export interface SelectionData {
  readonly sheet: string;
  /** 1-based worksheet row of the table's first row (its header). */
  readonly firstRow: number;
  /** 0-based worksheet column of the table's first column. */
  readonly firstColumn: number;
  /** The selected range, or Excel's current region around a single selected cell. */
  readonly grid: CellValue[][];
  readonly address: string;
  /** True when one cell was selected: the table is the region around it, which a blank row ends. */
  readonly single: boolean;
  /** The selection's sheet (its used range, anchored at A1), to follow a table past blank rows. */
  readonly sheetGrid: CellValue[][];
}

/** What a command read, in one sync. */
export interface WorkbookData {
  readonly sheetNames: string[];
  readonly sheets: Map<string, SheetData>;
  /**
   * Every protected sheet of the workbook, read or not: a plan may write a sheet the command
   * did not read (a computed sheet an earlier run protected), and Excel must not be asked to
   * unprotect a sheet that is not protected (see {@link applyPlans}). Absent: none known.
   */
  readonly protectedSheets?: ReadonlySet<string>;
  readonly selection?: SelectionData;
}

/** The minimum Excel API version the pane's commands need (conditional formats, freeze panes, surrounding region). */
export const REQUIRED_EXCEL_API = "1.7";

function toCell(value: unknown): CellValue {
  if (value === "" || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return value === null ? null : String(value);
}

/** Places a range's values into a grid anchored at A1. */
function anchored(values: unknown[][], rowIndex: number, columnIndex: number): CellValue[][] {
  const grid: CellValue[][] = [];
  for (let r = 0; r < rowIndex; r++) grid.push([]);
  for (const row of values) {
    const line: CellValue[] = new Array(columnIndex).fill(null);
    for (const v of row) line.push(toCell(v));
    grid.push(line);
  }
  return grid;
}

/**
 * The formula cells of a range anchored at A1. Office.js `formulas` shows a value cell's value
 * (text such as "=1+1" kept as text included), so a cell holds a formula when its formulas
 * entry starts with "=" and is not its value.
 */
function anchoredFormulas(
  formulas: unknown[][],
  values: unknown[][],
  rowIndex: number,
  columnIndex: number,
): (string | null)[][] {
  const grid: (string | null)[][] = Array.from({ length: rowIndex }, () => []);
  formulas.forEach((row, r) => {
    const line: (string | null)[] = new Array(columnIndex).fill(null);
    row.forEach((f, c) => line.push(typeof f === "string" && f.startsWith("=") && f !== values[r]?.[c] ? f : null));
    grid.push(line);
  });
  return grid;
}

/**
 * Reads the named sheets (those that exist) and, when asked, the selected table, in one sync.
 * A single selected cell stands for the table around it.
 */
export async function readWorkbook(
  run: Run,
  sheetNames: readonly string[],
  withSelection = false,
  widthsOf: readonly string[] = [],
): Promise<WorkbookData> {
  return run(async (context) => {
    const worksheets = context.workbook.worksheets;
    // Every sheet's protection too, in the same sync: plans may write sheets not read here.
    worksheets.load("items/name,items/protection/protected");
    const wanted = sheetNames.map((name) => {
      const sheet = worksheets.getItemOrNullObject(name);
      sheet.load("name");
      sheet.protection.load("protected");
      const used = sheet.getUsedRangeOrNullObject(true);
      // The Register's formulas too: closed data must be values, and verify says which are not.
      if (name === SHEETS.register) used.load("values,formulas,rowIndex,columnIndex");
      else used.load("values,rowIndex,columnIndex");
      return { name, sheet, used };
    });
    let selection: { range: Excel.Range; region: Excel.Range; used: Excel.Range } | undefined;
    if (withSelection) {
      const range = context.workbook.getSelectedRange();
      range.load("cellCount,rowIndex,columnIndex,address,values,worksheet/name");
      // The region's extent only: its cells are in the used range, read once.
      const region = range.getSurroundingRegion();
      region.load("rowIndex,columnIndex,rowCount,columnCount,address");
      const used = range.worksheet.getUsedRangeOrNullObject(true);
      used.load("values,rowIndex,columnIndex");
      selection = { range, region, used };
    }
    await context.sync();
    // The widths of the columns a plan may widen (never narrow): one more sync, for the sheets
    // asked for that exist (a missing sheet is a null object, whose ranges Excel cannot give).
    const widthRanges = new Map(
      wanted
        .filter((w) => widthsOf.includes(w.name) && !w.sheet.isNullObject)
        .map((w) => [
          w.name,
          Array.from({ length: WIDTH_COLUMNS }, (_, c) =>
            w.sheet.getRange(`${columnLetter(c)}:${columnLetter(c)}`).load("format/columnWidth"),
          ),
        ]),
    );
    if (widthRanges.size) await context.sync();
    const sheets = new Map<string, SheetData>();
    for (const w of wanted) {
      if (w.sheet.isNullObject) continue;
      const grid = w.used.isNullObject ? [] : anchored(w.used.values, w.used.rowIndex, w.used.columnIndex);
      const formulas =
        w.name === SHEETS.register && !w.used.isNullObject
          ? anchoredFormulas(w.used.formulas, w.used.values, w.used.rowIndex, w.used.columnIndex)
          : undefined;
      // Points back to the plan's characters ({@link widthOfPoints}; 0: a hidden column, kept so).
      const columnWidths = widthRanges.get(w.name)?.map((c) => {
        const points: unknown = c.format.columnWidth;
        return typeof points === "number" && points >= 0 ? widthOfPoints(points) : undefined;
      });
      sheets.set(w.name, {
        name: w.sheet.name,
        grid,
        protected: w.sheet.protection.protected,
        formulas,
        ...(columnWidths ? { columnWidths } : {}),
      });
    }
    let selected: SelectionData | undefined;
    if (selection) {
      const single = selection.range.cellCount === 1;
      const used = selection.used;
      const sheetGrid = used.isNullObject ? [] : anchored(used.values, used.rowIndex, used.columnIndex);
      const region = selection.region;
      const regionCells = Array.from({ length: region.rowCount }, (_, i) =>
        Array.from(
          { length: region.columnCount },
          (_, j) => sheetGrid[region.rowIndex + i]?.[region.columnIndex + j] ?? null,
        ),
      );
      const r = single ? region : selection.range;
      selected = {
        sheet: selection.range.worksheet.name,
        firstRow: r.rowIndex + 1,
        firstColumn: r.columnIndex,
        grid: single ? regionCells : selection.range.values.map((row) => row.map(toCell)),
        address: r.address,
        single,
        sheetGrid,
      };
    }
    return {
      sheetNames: worksheets.items.map((s) => s.name),
      sheets,
      protectedSheets: new Set(worksheets.items.filter((s) => s.protection.protected).map((s) => s.name)),
      selection: selected,
    };
  });
}

/**
 * A value as written through `range.values` or `range.formulas`, so that Excel stores exactly it.
 * Excel reads written text as if typed: "=", "+", "-" or "@" start a formula (formula injection),
 * "0000" becomes the number 0, "TRUE" a boolean, "Jan 5" a date. A leading apostrophe makes Excel
 * keep the rest as text (and it reads back without the apostrophe), so every text gets one.
 * @param value A plan's cell value.
 * @returns What to write: blanks as "", text behind an apostrophe, numbers and booleans as they are.
 * @example writtenValue("=HYPERLINK(x)") // => "'=HYPERLINK(x)"
 */
export function writtenValue(value: CellValue): string | number | boolean {
  if (value === null) return "";
  return typeof value === "string" ? `'${value}` : value;
}

/**
 * Cells of a plan as a rectangle for `range.formulas` (formulas as formulas, everything else as
 * values). A hole in a plan row (an absent element) becomes null, which Office.js leaves unchanged.
 */
function rectangle(cells: readonly (readonly PlannedCell[])[], width: number): (string | number | boolean | null)[][] {
  return Array.from(cells, (row = []) => {
    const line: (string | number | boolean | null)[] = [];
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      line.push(cell === undefined ? null : isFormula(cell) ? cell.formula : writtenValue(cell));
    }
    return line;
  });
}

function fillArray<T>(rows: number, cols: number, value: T): T[][] {
  return Array.from({ length: rows }, () => new Array<T>(cols).fill(value));
}

/** Queues a number format over an A1 range. */
function queueFormat(sheet: Excel.Worksheet, f: { range: string; format: string }): void {
  const { r1, c1, r2, c2 } = parseArea(f.range);
  sheet.getRange(f.range).numberFormat = fillArray(r2 - r1 + 1, c2 - c1 + 1, f.format);
}

/** Queues header cells added to an existing sheet's header row (holes leave a cell as it is). */
function queueHeaderFix(sheet: Excel.Worksheet, header: readonly (CellValue | undefined)[]): void {
  header.forEach((text, c) => {
    if (text !== undefined) sheet.getRange(`${columnLetter(c)}1`).values = [[writtenValue(text)]];
  });
}

/** Queues the writes of one sheet plan on a worksheet (no sync). */
function queueSheetPlan(sheet: Excel.Worksheet, plan: SheetPlan): void {
  if (plan.replace) sheet.getRange().clear();
  const width = longestRow(plan.cells, 1);
  if (plan.cells.length > 0) {
    const target = sheet.getRange(`A1:${columnLetter(width - 1)}${plan.cells.length}`);
    target.formulas = rectangle(plan.cells, width);
  }
  for (const f of plan.formats ?? []) queueFormat(sheet, f);
  for (const r of plan.headerRows ?? []) {
    queueHeader(sheet.getRange(`A${r + 1}:${columnLetter(Math.max(0, (plan.cells[r]?.length ?? 1) - 1))}${r + 1}`));
  }
  for (const fill of plan.fills ?? []) {
    if (fill.numeric) {
      const byValue = sheet.getRange(fill.range).conditionalFormats.add("CellValue");
      byValue.cellValue.format.fill.color = fill.fill;
      byValue.cellValue.format.font.color = fill.font;
      byValue.cellValue.rule = { formula1: fill.text, operator: "EqualTo" };
      continue;
    }
    const format = sheet.getRange(fill.range).conditionalFormats.add("ContainsText");
    format.textComparison.format.fill.color = fill.fill;
    format.textComparison.format.font.color = fill.font;
    format.textComparison.rule = { operator: "BeginsWith", text: fill.text };
  }
  const rows = plan.freezeRows ?? 0;
  const cols = plan.freezeColumns ?? 0;
  if (rows && cols) sheet.freezePanes.freezeAt(`A1:${columnLetter(cols - 1)}${rows}`);
  else if (rows) sheet.freezePanes.freezeRows(rows);
  else if (cols) sheet.freezePanes.freezeColumns(cols);
  queueWidths(sheet, plan.columnWidths ?? []);
  for (const m of plan.merges ?? []) sheet.getRange(m).merge(false);
  for (const w of plan.wrap ?? []) {
    // Wrapped cells sit at the top of their row, as the file writer aligns them.
    const format = sheet.getRange(w).format;
    format.wrapText = true;
    format.verticalAlignment = "Top";
  }
  for (const t of plan.alignTop ?? []) sheet.getRange(t).format.verticalAlignment = "Top";
  for (const h of plan.rowHeights ?? []) sheet.getRange(`A${h.row}`).format.rowHeight = h.height;
  if (hostSupports("1.8")) {
    for (const v of plan.validations ?? []) {
      const range = sheet.getRange(v.range);
      range.dataValidation.rule = { list: { inCellDropDown: true, source: v.list.join(",") } };
      range.dataValidation.errorAlert = {
        showAlert: true,
        style: "Stop",
        title: "Not in the list",
        message: `Choose one of: ${v.list.join(", ")}.`,
      };
    }
  }
  // Filters and page layout came with ExcelApi 1.9; older hosts write the rest without them.
  if (hostSupports("1.9")) {
    if (plan.autoFilter) sheet.autoFilter.apply(plan.autoFilter);
    if (plan.print) queuePrint(sheet, plan.print);
  }
}

/** Queues a sheet's print setup (ExcelApi 1.9; the caller checks): orientation, one page wide or a scale, page order, margins, titles, breaks, footer. */
function queuePrint(sheet: Excel.Worksheet, print: PrintSetup): void {
  sheet.pageLayout.orientation = print.landscape ? "Landscape" : "Portrait";
  // One page wide, or (a sheet too wide to read so) a scale across the pages the plan's column breaks start.
  sheet.pageLayout.zoom = print.fitToWidth
    ? { horizontalFitToPages: print.fitToWidth, verticalFitToPages: 0 }
    : { scale: print.scale ?? 100 };
  sheet.pageLayout.printOrder = print.overThenDown ? "OverThenDown" : "DownThenOver";
  // Office.js takes margins in points (72 an inch).
  const m = print.margins;
  sheet.pageLayout.leftMargin = m.left * 72;
  sheet.pageLayout.rightMargin = m.right * 72;
  sheet.pageLayout.topMargin = m.top * 72;
  sheet.pageLayout.bottomMargin = m.bottom * 72;
  sheet.pageLayout.headerMargin = m.header * 72;
  sheet.pageLayout.footerMargin = m.footer * 72;
  if (print.titleRows) sheet.pageLayout.setPrintTitleRows(`$${print.titleRows.replace(":", ":$")}`);
  if (print.titleColumns) sheet.pageLayout.setPrintTitleColumns(`$${print.titleColumns.replace(":", ":$")}`);
  // The plan's page breaks replace the sheet's manual ones.
  sheet.verticalPageBreaks.removePageBreaks();
  sheet.horizontalPageBreaks.removePageBreaks();
  for (const r of print.rowBreaks ?? []) sheet.horizontalPageBreaks.add(`A${r + 1}`);
  for (const c of print.columnBreaks ?? []) sheet.verticalPageBreaks.add(`${columnLetter(c)}1`);
  sheet.pageLayout.headersFooters.defaultForAllPages.centerFooter = print.footer;
}

/**
 * True when the host has this ExcelApi version. Outside Office (the fake Excel of the tests)
 * there is no requirement check to ask, and the fake models every call.
 */
function hostSupports(version: string): boolean {
  const requirements = typeof Office === "undefined" ? undefined : Office.context?.requirements;
  return requirements ? requirements.isSetSupported("ExcelApi", version) : true;
}

/** Draws a header row in the core's header style. */
function queueHeader(range: Excel.Range): void {
  range.format.font.bold = HEADER_STYLE.bold;
  range.format.fill.color = HEADER_STYLE.fill;
  const border = range.format.borders.getItem("EdgeBottom");
  border.style = "Continuous";
  border.color = HEADER_STYLE.borderBottom;
}

/** Columns (from A) whose widths readWorkbook reads for `widthsOf`: the Actions sheet's published columns and room for the user's own beside them. */
const WIDTH_COLUMNS = 40;

/**
 * The points Office.js takes for a column of a plan's width: the plan's widths are the file's
 * (`<col width>`, characters of Calibri 11's 7-pixel digit, padding included), which Excel draws
 * 7 pixels a character, at 96 pixels (72 points) an inch: 5.25 points a character (Excel
 * snaps a column to whole pixels itself). Excel's default column (8.43 characters, 9.14 with
 * padding) is 64 pixels: 48 points. Before, the pane wrote 7 points a character, a third wider
 * than the file writer's columns.
 * @example pointsOfWidth(8) // => 42
 */
export function pointsOfWidth(width: number): number {
  return width * 5.25;
}

/** The plan's width (characters) of a column Office.js gives in points: {@link pointsOfWidth} undone. */
export function widthOfPoints(points: number): number {
  return points / 5.25;
}

function queueWidths(sheet: Excel.Worksheet, widths: readonly number[]): void {
  widths.forEach((w, c) => {
    sheet.getRange(`${columnLetter(c)}:${columnLetter(c)}`).format.columnWidth = pointsOfWidth(w);
  });
}

/** Options of a write: the protection password, asked for each time and never stored. */
export interface WriteOptions {
  readonly password?: string;
  /** The workbook's currency (its Contract sheet's ISO code; "" or absent: none): a closure's Confirmed amounts show it. */
  readonly currency?: string;
}

function worksheetFor(context: Excel.RequestContext, data: WorkbookData, name: string): Excel.Worksheet {
  return data.sheetNames.includes(name)
    ? context.workbook.worksheets.getItem(name)
    : context.workbook.worksheets.add(name);
}

/** Unlocks, then locks, the plan's areas and protects the sheet with the plan's options. */
function queueProtection(sheet: Excel.Worksheet, plan: ProtectionPlan, password?: string): void {
  for (const area of plan.unlocked) sheet.getRange(area).format.protection.locked = false;
  for (const area of plan.locked) sheet.getRange(area).format.protection.locked = true;
  const o = plan.options;
  sheet.protection.protect(
    {
      allowFormatCells: o.formatCells,
      allowFormatColumns: o.formatColumns,
      allowFormatRows: o.formatRows,
      allowInsertColumns: o.insertColumns,
      allowInsertRows: o.insertRows,
      allowDeleteColumns: o.deleteColumns,
      allowDeleteRows: o.deleteRows,
      allowSort: o.sort,
      allowAutoFilter: o.autoFilter,
      allowInsertHyperlinks: false,
      allowPivotTables: false,
    },
    password || undefined,
  );
}

/**
 * Applies sheet plans in one batch: suspends calculation, unprotects each planned sheet that
 * is protected (with the password), writes every plan, protects the sheets whose plan says
 * so, and syncs once. A protected sheet whose plan carries no protection is protected again
 * as it was found (its locks untouched).
 *
 * Only a sheet known to be protected is unprotected: the Office.js reference says nothing of
 * `unprotect()` on an unprotected sheet, and Excel's builds differ (a no-op, as VBA's
 * Worksheet.Unprotect documents; since June 2026 an AccessDenied error, office-js issue 6784),
 * so the read tells which sheets are protected, those not read included.
 */
export async function applyPlans(
  run: Run,
  data: WorkbookData,
  plans: readonly SheetPlan[],
  options: WriteOptions & { activate?: string } = {},
): Promise<void> {
  await run(async (context) => {
    context.application.suspendApiCalculationUntilNextSync();
    for (const plan of plans) {
      const sheet = worksheetFor(context, data, plan.name);
      const wasProtected = isProtected(data, plan.name);
      // Protecting a protected sheet fails in Excel, so a computed sheet protected by an
      // earlier run is unprotected first even when this command did not read it.
      if (wasProtected) sheet.protection.unprotect(options.password || undefined);
      queueSheetPlan(sheet, plan);
      if (plan.protection) queueProtection(sheet, plan.protection, options.password);
      else if (wasProtected) sheet.protection.protect(undefined, options.password || undefined);
    }
    if (options.activate) context.workbook.worksheets.getItem(options.activate).activate();
    await context.sync();
  });
}

/** True when the read found the sheet protected, whether its cells were read or not. */
function isProtected(data: WorkbookData, name: string): boolean {
  return data.sheets.get(name)?.protected ?? data.protectedSheets?.has(name) ?? false;
}

/**
 * Queues rows appended to a sheet from a 1-based row. Every text goes through writtenValue
 * (a leading apostrophe), so a name such as "=1+1" or a reason "38000" stays text: Excel
 * reads the apostrophe as "text follows" and does not store it.
 */
function queueAppend(
  sheet: Excel.Worksheet,
  firstRow: number,
  lines: readonly (readonly CellValue[])[],
  widths: readonly number[],
): void {
  if (!lines.length) return;
  const width = longestRow(lines);
  const last = firstRow + lines.length - 1;
  sheet.getRange(`A${firstRow}:${columnLetter(width - 1)}${last}`).values = lines.map((line) =>
    Array.from({ length: width }, (_, c) => writtenValue(line[c] ?? null)),
  );
  if (firstRow === 1) {
    queueHeader(sheet.getRange(`A1:${columnLetter(width - 1)}1`));
    sheet.freezePanes.freezeRows(1);
    queueWidths(sheet, widths.slice(0, width));
  }
}

/**
 * Applies a closure, reopen or finish in one batch, in the order the plan prescribes, because
 * Office.js has no transactions and a failed sync keeps the operations before the failure:
 * every unprotect first (a wrong password stops the batch before anything is written), the
 * Controllers rows, the audit rows, the register cells in the plan's order (a close writes
 * the gate last, a reopen first), then locks and protection. A failure at any point leaves
 * the old values or an operation verify recognises as unfinished, which the pane can finish
 * or undo (commands.ts).
 */
export async function applyClosure(
  run: Run,
  data: WorkbookData,
  plan: ClosurePlan,
  options: WriteOptions = {},
): Promise<void> {
  await run(async (context) => {
    context.application.suspendApiCalculationUntilNextSync();
    const password = options.password || undefined;
    const register = context.workbook.worksheets.getItem(SHEETS.register);
    const audit = worksheetFor(context, data, SHEETS.audit);
    const controllers = plan.controllersAppend.length ? worksheetFor(context, data, SHEETS.controllers) : undefined;
    if (plan.identity) {
      // A new Identity sheet first: the entries after it name its Workbook ID.
      const identity = worksheetFor(context, data, SHEETS.identity);
      if (isProtected(data, SHEETS.identity)) identity.protection.unprotect(password);
      queueSheetPlan(identity, plan.identity);
      if (plan.identity.protection) queueProtection(identity, plan.identity.protection, options.password);
    }
    if (isProtected(data, SHEETS.audit)) audit.protection.unprotect(password);
    if (isProtected(data, SHEETS.register)) register.protection.unprotect(password);
    if (controllers && isProtected(data, SHEETS.controllers)) controllers.protection.unprotect(password);

    if (controllers) {
      queueAppend(controllers, plan.controllersFirstRow, plan.controllersAppend, CONTROLLERS_COLUMN_WIDTHS);
    }
    queueAppend(audit, plan.auditFirstRow, plan.auditAppend, AUDIT_COLUMN_WIDTHS);
    // Entry times shown to the millisecond the entry hashes; confirmed amounts as money.
    for (const f of auditFormats(plan.auditFirstRow, plan.auditAppend, options.currency)) queueFormat(audit, f);
    if (plan.auditHeaderFix) queueHeaderFix(audit, plan.auditHeaderFix);
    for (const u of plan.updates) {
      register.getRange(`${columnLetter(u.column)}${u.sheetRow}`).values = [[writtenValue(u.value)]];
    }

    // Printed as the command line prints them: the plan's print setup of each appended sheet.
    const prints = new Map(closureSheetPlans(plan, options.currency).map((p) => [p.name, p.print]));
    if (hostSupports("1.9")) {
      for (const [name, sheet] of [
        [SHEETS.audit, audit],
        [SHEETS.controllers, controllers],
      ] as const) {
        const print = prints.get(name);
        if (sheet && print) queuePrint(sheet, print);
      }
    }
    for (const sheet of controllers ? [audit, controllers] : [audit]) {
      sheet.getRange().format.protection.locked = true;
      queueProtection(sheet, AUDIT_PROTECTION, options.password);
    }
    queueProtection(register, registerProtection(plan.lastRow, plan.lockedRows), options.password);
    await context.sync();
  });
}

/** Selects a cell (a finding's place), activating its sheet. One sync. */
export async function selectCell(run: Run, sheet: string, address: string): Promise<void> {
  await run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(address).select();
    await context.sync();
  });
}
