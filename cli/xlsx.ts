/**
 * The ExcelJS adapter: the only module that knows about .xlsx files. It reads a workbook
 * into plain data once (grids of CellValue, dates as Excel serials, formulas as their
 * cached results), and applies the core's SheetPlans and ClosurePlans in one write,
 * including the protection the task pane leaves: on the Register sheet the header row and
 * closed rows locked, every other row of the table unlocked, the sheet protected; the Audit
 * sheet fully locked and protected.
 */
import * as fs from "fs";
import * as path from "path";
import { Cell, CellValue as ExcelValue, Style, Workbook, Worksheet } from "exceljs";
import { CellValue, REGISTER_COLUMNS, SHEETS, SourceTable } from "../src/governance/model";
import { AUDIT_HEADERS } from "../src/governance/audit";
import { ClosurePlan } from "../src/governance/closure";
import { PlannedCell, SheetPlan, isFormula } from "../src/governance/plan";
import { serialFromEpochMs } from "../src/serial";
import { CliError, messages } from "./messages";

/** A workbook opened from a file, with its sheets read into plain data on first use. */
export interface OpenedWorkbook {
  readonly file: string;
  readonly workbook: Workbook;
  /** The sheet names in tab order. */
  readonly sheetNames: readonly string[];
  /** The sheet's cells as plain data (row 1 first; ragged rows), or undefined when there is no such sheet. */
  grid(name: string): CellValue[][] | undefined;
}

/**
 * Converts an ExcelJS cell value to plain data: dates become Excel serials (UTC, as ExcelJS
 * reads them), formulas their cached result, rich text its text, errors their code ("#N/A").
 * @example plainValue(new Date(Date.UTC(2026, 0, 1))) // => 46023
 */
export function plainValue(value: ExcelValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return serialFromEpochMs(value.getTime());
  const v = value as unknown as Record<string, unknown>;
  if ("formula" in v || "sharedFormula" in v) return plainValue(v.result as ExcelValue);
  if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join("");
  if (typeof v.error === "string") return v.error;
  if (typeof v.text === "string") return v.text; // hyperlink
  return null;
}

/** Reads a worksheet's cells into a grid. Cost: O(cells). */
export function sheetGrid(sheet: Worksheet): CellValue[][] {
  const grid: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const line: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      line[c - 1] = plainValue(cell.value);
    });
    for (let c = 0; c < line.length; c++) if (line[c] === undefined) line[c] = null;
    grid[r - 1] = line;
  });
  for (let r = 0; r < grid.length; r++) if (grid[r] === undefined) grid[r] = [];
  return grid;
}

/** Checks that a path names an .xlsx file that exists. @throws CliError (exit 2). */
export function checkInputFile(file: string): void {
  if (path.extname(file).toLowerCase() !== ".xlsx") throw new CliError(messages.notXlsx(file));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? messages.missingFile(file) : messages.unreadable(file, String(code)));
  }
  if (!stat.isFile()) throw new CliError(messages.notAFile(file));
}

/**
 * Opens an .xlsx file.
 * @throws CliError (exit 2) for a missing file, another kind of file, or a damaged workbook.
 */
export async function openWorkbook(file: string): Promise<OpenedWorkbook> {
  checkInputFile(file);
  // An .xlsx is a zip archive; anything else is refused before ExcelJS sees it.
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString("latin1") !== "PK\u0003\u0004") throw new CliError(messages.corrupt(file));
  const workbook = new Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch {
    throw new CliError(messages.corrupt(file));
  }
  const grids = new Map<string, CellValue[][]>();
  return {
    file,
    workbook,
    sheetNames: workbook.worksheets.map((ws) => ws.name),
    grid(name) {
      const sheet = workbook.getWorksheet(name);
      if (!sheet) return undefined;
      let grid = grids.get(name);
      if (!grid) {
        grid = sheetGrid(sheet);
        grids.set(name, grid);
      }
      return grid;
    },
  };
}

/**
 * A client sheet as the core's SourceTable: the header is the first row with anything in it
 * (title rows above a table are common, so this is the first non-blank row, not row 1).
 * @returns The table, or undefined when the sheet has no non-blank row.
 */
export function sourceTableOf(sheet: string, grid: readonly (readonly CellValue[])[]): SourceTable | undefined {
  const header = grid.findIndex((line) => line.some((v) => v !== null && String(v).trim() !== ""));
  if (header < 0) return undefined;
  const rows = grid.slice(header + 1);
  const width = Math.max(grid[header].length, ...rows.map((r) => r.length));
  const headers = Array.from({ length: width }, (_, c) => {
    const v = grid[header][c];
    return v === null || v === undefined ? "" : String(v).trim();
  });
  return { sheet, headerRow: header + 1, headers, rows };
}

// ---------------------------------------------------------------------------------------
// Writing

const HEADER_STYLE: Partial<Style> = {
  font: { bold: true },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F2F1" } },
  border: { bottom: { style: "thin", color: { argb: "FF8A8886" } } },
};

/** `#DFF6DD` as ExcelJS' ARGB. */
function argb(hex: string): string {
  return "FF" + hex.replace("#", "").toUpperCase();
}

interface Area {
  readonly r1: number;
  readonly c1: number;
  readonly r2: number;
  readonly c2: number;
}

/** Parses "B2" or "C5:D9" (1-based rows and columns). */
function parseRange(range: string): Area {
  const cell = (a1: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1.trim())!;
    let c = 0;
    for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
    return { r: Number(m[2]), c };
  };
  const [a, b = a] = range.split(":");
  const p = cell(a);
  const q = cell(b);
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

/** Shared style objects: one per combination, so a million cells do not carry a million styles. */
class StyleCache {
  private readonly byKey = new Map<string, Partial<Style>>();
  private readonly locks = new Map<Partial<Style>, [Partial<Style>, Partial<Style>]>();
  private readonly empty: Partial<Style> = {};

  /** The style of a plan cell: a number format, the header look, or neither. */
  plain(numFmt: string | undefined, header: boolean): Partial<Style> {
    const key = `${numFmt ?? ""}|${header}`;
    let style = this.byKey.get(key);
    if (!style) {
      style = { ...(header ? HEADER_STYLE : {}), ...(numFmt ? { numFmt } : {}) };
      this.byKey.set(key, style);
    }
    return style;
  }

  /** The same style, locked or unlocked (never mutates the cell's current style: ExcelJS shares them). */
  withLock(style: Partial<Style> | undefined, locked: boolean): Partial<Style> {
    const base = style && Object.keys(style).length > 0 ? style : this.empty;
    let pair = this.locks.get(base);
    if (!pair) {
      pair = [
        { ...base, protection: { ...base.protection, locked: false } },
        { ...base, protection: { ...base.protection, locked: true } },
      ];
      this.locks.set(base, pair);
    }
    return pair[locked ? 1 : 0];
  }
}

function excelValue(cell: PlannedCell): ExcelValue {
  if (isFormula(cell)) {
    const formula = cell.formula.startsWith("=") ? cell.formula.slice(1) : cell.formula;
    return cell.value === null ? { formula } : { formula, result: cell.value };
  }
  return cell;
}

/** The sheet to write a plan into: cleared (removed and added again at its tab position) when the plan replaces it. */
function targetSheet(workbook: Workbook, name: string, replace: boolean): Worksheet {
  const existing = workbook.getWorksheet(name);
  if (existing && !replace) return existing;
  if (existing) {
    const orderNo = (existing as unknown as { orderNo: number }).orderNo;
    workbook.removeWorksheet(existing.id);
    const fresh = workbook.addWorksheet(name);
    (fresh as unknown as { orderNo: number }).orderNo = orderNo;
    return fresh;
  }
  return workbook.addWorksheet(name);
}

/**
 * Writes one SheetPlan: values and formulas (with cached results), number formats, header
 * rows, conditional-format fills, frozen rows and column widths. Cost: O(planned cells).
 */
export function applySheetPlan(workbook: Workbook, plan: SheetPlan, styles = new StyleCache()): Worksheet {
  const sheet = targetSheet(workbook, plan.name, plan.replace);
  const formats = (plan.formats ?? []).map((f) => ({ ...parseRange(f.range), format: f.format }));
  const headerRows = new Set((plan.headerRows ?? []).map((r) => r + 1));
  plan.cells.forEach((line, i) => {
    const r = i + 1;
    const row = sheet.getRow(r);
    const header = headerRows.has(r);
    line.forEach((value, j) => {
      const c = j + 1;
      // A replaced sheet starts empty, so blanks need no cell; in place they must clear what was there.
      if (value === null && plan.replace && !header) return;
      const cell = row.getCell(c);
      cell.value = excelValue(value);
      const format = formats.find((f) => r >= f.r1 && r <= f.r2 && c >= f.c1 && c <= f.c2);
      if (format || header) cell.style = styles.plain(format?.format, header);
    });
  });
  const byRange = new Map<string, NonNullable<SheetPlan["fills"]>[number][]>();
  for (const fill of plan.fills ?? []) byRange.set(fill.range, [...(byRange.get(fill.range) ?? []), fill]);
  let priority = 0;
  for (const [ref, fills] of byRange) {
    sheet.addConditionalFormatting({
      ref,
      rules: fills.map((f) => ({
        type: "cellIs",
        operator: "equal",
        formulae: [JSON.stringify(f.text)],
        priority: ++priority,
        style: {
          fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(f.fill) } },
          font: { color: { argb: argb(f.font) } },
        },
      })),
    });
  }
  if (plan.freezeRows) sheet.views = [{ state: "frozen", xSplit: 0, ySplit: plan.freezeRows }];
  (plan.columnWidths ?? []).forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return sheet;
}

/** What the Register's protection needs: the closed rows and the table's last row. */
export interface RegisterLocks {
  /** 1-based sheet rows of closed measures (locked). */
  readonly lockedRows: readonly number[];
  /** 1-based last row of the table; rows 2..lastRow that are not closed are unlocked. */
  readonly lastRow: number;
  /** Protect with this password; when absent, a password already on the sheet is kept. */
  readonly password?: string;
}

const SHEET_PERMISSIONS = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
};

async function protectSheet(sheet: Worksheet, password: string | undefined): Promise<void> {
  const before = (sheet as unknown as { sheetProtection?: Record<string, unknown> | null }).sheetProtection;
  await sheet.protect(password ?? "", SHEET_PERMISSIONS);
  if (password === undefined && before && before.hashValue) {
    // Keep the password someone set in Excel: the hash stays, the password is never needed here.
    const after = (sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    for (const key of ["algorithmName", "hashValue", "saltValue", "spinCount"]) after[key] = before[key];
  }
}

/**
 * Protects the Register and the Audit sheets as the task pane does. Register: the header
 * row and closed rows locked, every other row of the table (its columns and any user columns
 * beside them) unlocked, then sheet protection. Audit: every cell locked, sheet protection.
 * Cost: O(rows x columns) style assignments (shared style objects).
 */
export async function protectGoverned(workbook: Workbook, locks: RegisterLocks, styles = new StyleCache()) {
  const register = workbook.getWorksheet(SHEETS.register);
  if (register) {
    const locked = new Set(locks.lockedRows);
    const width = Math.max(REGISTER_COLUMNS.length, register.columnCount);
    for (let r = 1; r <= locks.lastRow; r++) {
      const row = register.getRow(r);
      const lock = r === 1 || locked.has(r);
      for (let c = 1; c <= width; c++) {
        const cell: Cell = row.getCell(c);
        // ExcelJS cells are plain objects, not Office.js proxies: nothing to sync.
        // eslint-disable-next-line office-addins/call-sync-before-read
        cell.style = styles.withLock(cell.style, lock);
      }
    }
    await protectSheet(register, locks.password);
  }
  const audit = workbook.getWorksheet(SHEETS.audit);
  if (audit) {
    audit.eachRow((row) => row.eachCell((cell) => (cell.style = styles.withLock(cell.style, true))));
    await protectSheet(audit, locks.password);
  }
}

/** Writes a ClosurePlan's register cells and audit rows. Cost: O(updates + appended cells). */
export function applyClosurePlan(workbook: Workbook, plan: ClosurePlan): void {
  const register = workbook.getWorksheet(SHEETS.register);
  if (!register) throw new Error("applyClosurePlan: no Register sheet"); // the caller read the register from it
  for (const u of plan.updates) register.getRow(u.sheetRow).getCell(u.column + 1).value = u.value;
  const audit = workbook.getWorksheet(SHEETS.audit) ?? workbook.addWorksheet(SHEETS.audit);
  const styles = new StyleCache();
  plan.auditAppend.forEach((line, k) => {
    const r = plan.auditFirstRow + k;
    const row = audit.getRow(r);
    line.forEach((v, c) => (row.getCell(c + 1).value = v));
    if (r === 1) line.forEach((_, c) => (row.getCell(c + 1).style = styles.plain(undefined, true)));
  });
  audit.views = [{ state: "frozen", xSplit: 0, ySplit: 1 }];
  [6, 26, 12, 9, 20, 14, 40, 20, 20, 20].slice(0, AUDIT_HEADERS.length).forEach((w, i) => {
    audit.getColumn(i + 1).width = w;
  });
}

/**
 * Saves a workbook: written to a temporary file beside the target, then renamed over it, so a
 * failed write never leaves half a file (important with --in-place).
 * @throws CliError (exit 2) when the file cannot be written.
 */
export async function saveWorkbook(workbook: Workbook, file: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await workbook.xlsx.writeFile(temp);
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw new CliError(messages.cannotWrite(file, (e as Error).message));
  }
}

/**
 * Writes a client table to a new .xlsx file (for the demo, tests and the benchmark): the
 * header row in bold, the given columns formatted as dates.
 */
export async function writeSourceTable(
  table: SourceTable,
  file: string,
  dateColumns: readonly number[] = [],
): Promise<void> {
  const workbook = new Workbook();
  const styles = new StyleCache();
  const sheet = workbook.addWorksheet(table.sheet);
  const header = sheet.getRow(table.headerRow);
  table.headers.forEach((h, c) => {
    const cell = header.getCell(c + 1);
    cell.value = h;
    cell.style = styles.plain(undefined, true);
  });
  const dateStyle = styles.plain("yyyy-mm-dd", false);
  const dates = new Set(dateColumns);
  table.rows.forEach((line, i) => {
    const row = sheet.getRow(table.headerRow + 1 + i);
    line.forEach((v, c) => {
      if (v === null) return;
      const cell = row.getCell(c + 1);
      cell.value = v;
      if (dates.has(c) && typeof v === "number") cell.style = dateStyle;
    });
  });
  table.headers.forEach((h, c) => (sheet.getColumn(c + 1).width = Math.max(10, h.length + 2)));
  await saveWorkbook(workbook, file);
}

export { StyleCache };
