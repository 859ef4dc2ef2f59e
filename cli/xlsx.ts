/**
 * The ExcelJS adapter: the only module that knows about .xlsx files. It reads a workbook
 * into plain data once (grids of CellValue, dates as Excel serials, formulas as their
 * cached results), and applies the core's SheetPlans and ClosurePlans in one write. What is
 * written (cells, formats, header style, widths, locked ranges, protection options) is the
 * plan's; this module only translates it into ExcelJS, as taskpane/adapter.ts does into
 * Office.js.
 */
import * as fs from "fs";
import * as path from "path";
import {
  Cell,
  CellFormulaValue,
  CellValue as ExcelValue,
  Column,
  stream,
  Style,
  ValueType,
  Workbook,
  Worksheet,
} from "exceljs";
import {
  CellArea,
  CellValue,
  columnLetter,
  FormulaGrid,
  parseArea,
  SHEETS,
  SourceTable,
} from "../src/governance/model";
import { AUDIT_HEADERS } from "../src/governance/audit";
import { findHeaderRow } from "../src/governance/mapping";
import { ClosurePlan } from "../src/governance/closure";
import {
  AUDIT_COLUMN_WIDTHS,
  AUDIT_PROTECTION,
  CONTROLLERS_COLUMN_WIDTHS,
  HEADER_STYLE,
  PlannedCell,
  ProtectionPlan,
  registerProtection,
  SheetPlan,
  isFormula,
} from "../src/governance/plan";
import { serialFromEpochMs } from "../src/serial";
import {
  AddinStore,
  addinParts,
  readManifestIdentity,
  withAddinContentTypes,
  withTaskpanesRelationship,
} from "./addin";
import { CliError, messages } from "./messages";
import { StoredProtection } from "./protection";
import { tempFileBeside } from "./tempdir";
import { decodeOoxmlText, encodeOoxmlText } from "../src/ooxml/text";
import { appendAll, longestRow } from "../src/arrays";

/**
 * Text as Excel stores it, in every ExcelJS path, through the one OOXML text codec
 * (src/ooxml/text.ts). ExcelJS writes shared strings and rich-text runs as they are, so a
 * carriage return came back as a line feed (XML parsers normalise it) and a literal `_x0041_`
 * came back as "A"; it decodes `_xHHHH_` in shared strings and rich text (capitals only) but
 * not in inline strings. So its `<t>` element writes the encoded text and reads the decoded
 * one, and a cell's inline string (or `t="str"` value) is decoded as a shared string is: the
 * grid holds the text a user sees in Excel, and what is written reads back exactly. ExcelJS
 * keeps no other copy of these classes, so patching their prototypes once covers every
 * workbook this process reads or writes.
 */
function useOoxmlTextCodec(): void {
  const TextXform = require("exceljs/lib/xlsx/xform/strings/text-xform") as {
    prototype: { render(stream: unknown, model: string): void; _text: string[]; __ooxml?: boolean };
  };
  const CellXform = require("exceljs/lib/xlsx/xform/sheet/cell-xform") as {
    prototype: { parseClose(name: string): boolean; t?: string; model: { value?: unknown; formula?: unknown } };
  };
  if (TextXform.prototype.__ooxml) return;
  TextXform.prototype.__ooxml = true;
  const render = TextXform.prototype.render;
  TextXform.prototype.render = function (stream, model) {
    render.call(this, stream, typeof model === "string" ? encodeOoxmlText(model) : model);
  };
  Object.defineProperty(TextXform.prototype, "model", {
    get(this: { _text: string[] }) {
      return decodeOoxmlText(this._text.join(""));
    },
  });
  const parseClose = CellXform.prototype.parseClose;
  CellXform.prototype.parseClose = function (name) {
    const m = this.model;
    if (name === "c" && !m.formula && (this.t === "inlineStr" || this.t === "str") && typeof m.value === "string")
      m.value = decodeOoxmlText(m.value);
    return parseClose.call(this, name);
  };
}
useOoxmlTextCodec();

/** A workbook opened from a file, with its sheets read into plain data on first use. */
export interface OpenedWorkbook {
  readonly file: string;
  readonly workbook: Workbook;
  /** The sheet names in tab order. */
  readonly sheetNames: readonly string[];
  /** The sheet's cells as plain data (row 1 first; ragged rows), or undefined when there is no such sheet. */
  grid(name: string): CellValue[][] | undefined;
  /** The sheet's formulas ("=..." per formula cell, null elsewhere), aligned with grid(name). */
  formulas(name: string): FormulaGrid | undefined;
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

/**
 * Reads a worksheet's formulas: "=" and the formula text for each formula cell (a shared
 * formula's cells get their own, translated), null elsewhere; the cached results are in
 * sheetGrid. Cost: O(cells).
 */
export function sheetFormulas(sheet: Worksheet): (string | null)[][] {
  const grid: (string | null)[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const line: (string | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      line[c - 1] = cell.type === ValueType.Formula && cell.formula ? `=${cell.formula}` : null;
    });
    grid[r - 1] = Array.from(line, (f) => f ?? null);
  });
  return Array.from(grid, (line) => line ?? []);
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
 * Checks, before any work is written, that an output file can be created: its folder exists,
 * is a folder, and is writable. Names the output and the cause (never the temporary file).
 * @throws CliError (exit 2).
 */
export function checkOutputFolder(file: string): void {
  const folder = path.dirname(path.resolve(file));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      messages.cannotWrite(
        file,
        code === "ENOENT"
          ? `the folder ${folder} does not exist`
          : code === "ENOTDIR"
            ? `${folder} is under a file, not a folder`
            : `${folder}: ${code}`,
      ),
    );
  }
  if (!stat.isDirectory()) throw new CliError(messages.cannotWrite(file, `${folder} is a file, not a folder`));
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new CliError(messages.cannotWrite(file, `the folder ${folder} is not writable`));
  }
}

/**
 * Bounds on what an .xlsx may unpack to, checked from its zip directory before anything is
 * unpacked (so a zip bomb is refused in a few KB of memory). The reader holds a sheet in
 * memory at about 12x its XML, so a part above MAX_PART_BYTES would need several GB.
 */
export const ZIP_LIMITS = {
  /** Largest part (a sheet's XML, the shared strings) read: 512 MB. */
  partBytes: 512 * 1024 * 1024,
  /** Largest total of all parts: 1 GB. */
  totalBytes: 1024 * 1024 * 1024,
  /** A part that unpacks to more than this many times its packed size, and to more than 64 MB, is a zip bomb. */
  ratio: 100,
  ratioFloorBytes: 64 * 1024 * 1024,
} as const;

/** One entry of a zip's central directory. */
interface ZipEntry {
  readonly name: string;
  readonly packed: number;
  readonly size: number;
}

/**
 * The entries of a zip's central directory, read from the end of the file (the directory only,
 * never the data). Undefined when the file has no readable directory (ExcelJS then says it is
 * damaged). Zip64 sizes are read from their extra field.
 */
function zipDirectory(file: string): ZipEntry[] | undefined {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    fs.readSync(fd, tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) return undefined;
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    const locator = eocd - 20;
    if (locator >= 0 && tail.readUInt32LE(locator) === 0x07064b50) {
      const record = Buffer.alloc(56);
      fs.readSync(fd, record, 0, 56, Number(tail.readBigUInt64LE(locator + 8)));
      if (record.readUInt32LE(0) === 0x06064b50) {
        count = Number(record.readBigUInt64LE(32));
        dirSize = Number(record.readBigUInt64LE(40));
        dirOffset = Number(record.readBigUInt64LE(48));
      }
    }
    if (dirSize > 64 * 1024 * 1024 || dirOffset + dirSize > size) return undefined;
    const dir = Buffer.alloc(dirSize);
    fs.readSync(fd, dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    for (let at = 0, k = 0; k < count && at + 46 <= dir.length && dir.readUInt32LE(at) === 0x02014b50; k++) {
      let packed = dir.readUInt32LE(at + 20);
      let unpacked = dir.readUInt32LE(at + 24);
      const nameLength = dir.readUInt16LE(at + 28);
      const extraLength = dir.readUInt16LE(at + 30);
      const commentLength = dir.readUInt16LE(at + 32);
      const name = dir.toString("utf8", at + 46, at + 46 + nameLength);
      // Zip64: the sizes that are 0xFFFFFFFF here are in the extra field (id 1), unpacked first.
      for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength;) {
        const id = dir.readUInt16LE(e);
        const length = dir.readUInt16LE(e + 2);
        if (id === 1) {
          let f = e + 4;
          if (unpacked === 0xffffffff && f + 8 <= e + 4 + length)
            ((unpacked = Number(dir.readBigUInt64LE(f))), (f += 8));
          if (packed === 0xffffffff && f + 8 <= e + 4 + length) packed = Number(dir.readBigUInt64LE(f));
        }
        e += 4 + length;
      }
      entries.push({ name, packed, size: unpacked });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Refuses an .xlsx whose parts would unpack beyond {@link ZIP_LIMITS}, from the zip directory
 * alone (bounded memory). It trusts the sizes the directory declares.
 * @throws CliError (exit 2) naming the part, its size and the limit.
 */
export function checkZipBounds(file: string): void {
  const entries = zipDirectory(file);
  if (!entries) return;
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > ZIP_LIMITS.ratioFloorBytes && e.size > ZIP_LIMITS.ratio * Math.max(e.packed, 1))
      throw new CliError(messages.zipBomb(file, e.name, e.packed, e.size));
    if (e.size > ZIP_LIMITS.partBytes)
      throw new CliError(messages.partTooLarge(file, e.name, e.size, ZIP_LIMITS.partBytes));
  }
  if (total > ZIP_LIMITS.totalBytes)
    throw new CliError(messages.partTooLarge(file, "all parts together", total, ZIP_LIMITS.totalBytes));
}

/** The first bytes of an OLE compound file (an encrypted .xlsx, a 97-2003 .xls). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** True when the file holds `name` in UTF-16LE (an OLE stream name), read 1 MB at a time (bounded memory). */
function holdsUtf16(file: string, name: string): boolean {
  const needle = Buffer.from(name, "utf16le");
  const chunk = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, "r");
  try {
    let tail = Buffer.alloc(0);
    for (let at = 0; ;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, at);
      if (n <= 0) return false;
      const window = Buffer.concat([tail, chunk.subarray(0, n)]);
      if (window.includes(needle)) return true;
      tail = window.subarray(Math.max(0, window.length - needle.length));
      at += n;
    }
  } finally {
    fs.closeSync(fd);
  }
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
  if (head.toString("latin1") !== "PK\u0003\u0004") {
    if (head.equals(OLE_MAGIC.subarray(0, 4))) {
      // An OLE compound file: Excel's password-to-open wraps the .xlsx in one, as does a 97-2003 .xls.
      throw new CliError(holdsUtf16(file, "EncryptionInfo") ? messages.encrypted(file) : messages.legacyXls(file));
    }
    throw new CliError(messages.corrupt(file));
  }
  checkZipBounds(file);
  const workbook = new Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch {
    throw new CliError(messages.corrupt(file));
  }
  // Every .xlsx has a sheet; a zip without one is another file (a .docx renamed .xlsx).
  if (workbook.worksheets.length === 0) throw new CliError(messages.notWorkbook(file));
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
    formulas(name) {
      const sheet = workbook.getWorksheet(name);
      return sheet ? sheetFormulas(sheet) : undefined;
    },
  };
}

/**
 * A client sheet as the core's SourceTable. The header is the row given (1-based), or the
 * row among the first 20 whose texts suggest the most fields (a title row above the table is
 * common), or the first row with anything in it.
 * @returns The table, or undefined when the sheet has nothing at or below the header.
 */
export function sourceTableOf(
  sheet: string,
  grid: readonly (readonly CellValue[])[],
  headerRow?: number,
): SourceTable | undefined {
  const header = headerRow === undefined ? findHeaderRow(grid) : headerRow - 1;
  if (header === undefined || header >= grid.length) return undefined;
  const rows = grid.slice(header + 1);
  const width = longestRow(rows, grid[header].length);
  const headers = Array.from({ length: width }, (_, c) => {
    const v = grid[header][c];
    return v === null || v === undefined ? "" : String(v).trim();
  });
  return { sheet, headerRow: header + 1, headers, rows };
}

// ---------------------------------------------------------------------------------------
// Writing

/** `#DFF6DD` as ExcelJS' ARGB. */
function argb(hex: string): string {
  return "FF" + hex.replace("#", "").toUpperCase();
}

/** The core's header style in ExcelJS' terms. */
const HEADER: Partial<Style> = {
  font: { bold: HEADER_STYLE.bold },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: argb(HEADER_STYLE.fill) } },
  border: { bottom: { style: "thin", color: { argb: argb(HEADER_STYLE.borderBottom) } } },
};

/** Shared style objects: one per combination, so a million cells do not carry a million styles. */
export class StyleCache {
  private readonly byKey = new Map<string, Partial<Style>>();
  private readonly locks = new Map<Partial<Style>, [Partial<Style>, Partial<Style>]>();
  private readonly empty: Partial<Style> = {};

  /** The style of a plan cell: a number format, the header look, wrapped text, or none of them. */
  plain(numFmt: string | undefined, header: boolean, wrap = false): Partial<Style> {
    const key = `${numFmt ?? ""}|${header}|${wrap}`;
    let style = this.byKey.get(key);
    if (!style) {
      style = {
        ...(header ? HEADER : {}),
        ...(numFmt ? { numFmt } : {}),
        ...(wrap ? { alignment: { wrapText: true, vertical: "top" as const } } : {}),
      };
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

/**
 * A formula as the file stores it. Excel saves an add-in's custom function GOV.NAME as
 * `_xldudf_GOV_NAME` and shows it as GOV.NAME once the add-in has loaded; a plain "GOV.NAME"
 * in the file would be an unknown name.
 * @example fileFormula("=GOV.DUAL_STATUS(D5,E5)") // => "_xldudf_GOV_DUAL_STATUS(D5,E5)"
 */
export function fileFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  return body.replace(/(^|[^\w.])GOV\.([A-Z][A-Z0-9_]*)\(/g, "$1_xldudf_GOV_$2(");
}

function excelValue(cell: PlannedCell): ExcelValue {
  if (isFormula(cell)) {
    const formula = fileFormula(cell.formula);
    return cell.value === null ? { formula } : { formula, result: cell.value };
  }
  return cell;
}

/** A copied cell's value: shared formulas become their own formula (the writer streams cells one by one). */
function copiedValue(cell: Cell): ExcelValue {
  const v = cell.value;
  if (v && typeof v === "object" && ("sharedFormula" in v || "formula" in v)) {
    const result = (v as { result?: CellFormulaValue["result"] }).result;
    return result === undefined ? { formula: cell.formula } : { formula: cell.formula, result };
  }
  return v;
}

/** A plan made only when its sheet is written (so big plans are not all in memory at once). */
export interface LazyPlan {
  readonly name: string;
  readonly make: () => SheetPlan;
}

/**
 * A replaced sheet of plain values whose rows come from an iterator after the plan's own cells
 * (the header): a sheet of millions of rows is written without ever being in memory.
 */
export interface StreamedPlan {
  readonly name: string;
  /** The sheet's header cells, formats, fills and widths; its formats cover the streamed rows. */
  readonly head: SheetPlan;
  /** The rows after the head's cells, produced as they are written. */
  readonly rows: () => Iterable<readonly (string | number | boolean | null | undefined)[]>;
}

/** What one save writes: the plans (by sheet name) and the protection of sheets no plan writes. */
export interface WriteRequest {
  readonly plans: readonly (SheetPlan | LazyPlan | StreamedPlan)[];
  /** The protection of sheets the plans do not write (the Register and Audit after a closure). */
  readonly protect?: ReadonlyMap<string, ProtectionPlan>;
  /** Protect with this password; when absent, a password already on a sheet is kept. */
  readonly password?: string;
  /**
   * Without `password`: the stored hash to protect a sheet with when it has none of its own
   * (a new Audit sheet takes the Register's), so no governed sheet is left without the password.
   */
  readonly passwordHash?: StoredProtection;
  /** How the add-in reference records the add-in (default "sideload"); false writes none. */
  readonly addin?: AddinStore | false;
  /** Where a note goes (a stale temporary file removed); default stderr. */
  readonly notice?: (line: string) => void;
}

/** A note on stderr, as the command line words them. */
const stderrNotice = (line: string) => void process.stderr.write(`sla-governance: ${line}\n`);

type SheetProtection = Record<string, unknown> | null | undefined;

async function protectSheet(
  sheet: Worksheet,
  password: string | undefined,
  before: SheetProtection,
  plan: ProtectionPlan,
  inherited?: StoredProtection,
): Promise<void> {
  const o = plan.options;
  await sheet.protect(password ?? "", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: o.formatCells,
    formatColumns: o.formatColumns,
    formatRows: o.formatRows,
    insertColumns: o.insertColumns,
    insertRows: o.insertRows,
    insertHyperlinks: false,
    deleteColumns: o.deleteColumns,
    deleteRows: o.deleteRows,
    sort: o.sort,
    autoFilter: o.autoFilter,
    pivotTables: false,
  });
  const kept: SheetProtection = before && before.hashValue ? before : (inherited as SheetProtection);
  if (password === undefined && kept && kept.hashValue) {
    // Keep the password someone set in Excel: the hash stays, the password is never needed here.
    const after = (sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    for (const key of ["algorithmName", "hashValue", "saltValue", "spinCount"]) after[key] = kept[key];
  }
}

/** Rows written between two pauses that let the zip stream catch up. */
const YIELD_EVERY = 1000;

/** One locked or unlocked area of a protection plan. */
type Lock = CellArea & { readonly locked: boolean };

/**
 * A protection plan's areas by row, in the plan's order (unlocked, then locked), so each
 * streamed row finds its own in O(1) (a register has one locked area per closed measure).
 */
class Locks {
  private readonly single = new Map<number, Lock[]>();
  private readonly spans: Lock[] = [];
  readonly lastRow: number;

  constructor(plan: ProtectionPlan | undefined) {
    let last = 0;
    const areas: Lock[] = [
      ...(plan?.unlocked ?? []).map((a) => ({ ...parseArea(a), locked: false })),
      ...(plan?.locked ?? []).map((a) => ({ ...parseArea(a), locked: true })),
    ];
    for (const area of areas) {
      last = Math.max(last, area.r2);
      if (area.r1 === area.r2) this.single.set(area.r1, [...(this.single.get(area.r1) ?? []), area]);
      else this.spans.push(area);
    }
    this.lastRow = last;
  }

  /** The areas crossing row r, unlocked ones first. */
  of(r: number): Lock[] {
    const found = this.spans.filter((a) => r >= a.r1 && r <= a.r2);
    const single = this.single.get(r);
    if (single) appendAll(found, single);
    return found.sort((a, b) => Number(a.locked) - Number(b.locked));
  }
}

/** Internal parts of a read worksheet that ExcelJS does not type. */
interface ReadSheetInternals {
  _merges?: Record<string, { range: string }>;
  conditionalFormattings?: unknown[];
  dataValidations?: { model: Record<string, unknown> };
  sheetProtection?: SheetProtection;
  pageSetup?: unknown;
  headerFooter?: unknown;
  autoFilter?: unknown;
}

/**
 * Streams one sheet into the writer: the base sheet's rows, columns, merges, conditional
 * formats, validations and views copied as they are; the plan's cells over them (or alone
 * when the plan replaces the sheet); the locking applied to each cell as its row goes out.
 * Cost: O(cells); rows are committed as they are written, so memory stays flat.
 */
async function writeSheet(
  writer: Workbook,
  name: string,
  base: Worksheet | undefined,
  plan: SheetPlan | undefined,
  protection: ProtectionPlan | undefined,
  password: string | undefined,
  styles: StyleCache,
  passwordHash?: StoredProtection,
  more?: StreamedPlan["rows"],
): Promise<void> {
  const from = plan?.replace ? undefined : base;
  const internals = (from ?? {}) as ReadSheetInternals;
  const frozen = (plan?.freezeRows ?? 0) > 0 || (plan?.freezeColumns ?? 0) > 0;
  const views = frozen
    ? [{ state: "frozen" as const, xSplit: plan?.freezeColumns ?? 0, ySplit: plan?.freezeRows ?? 0 }]
    : from?.views;
  const print = plan?.print;
  const sheet = writer.addWorksheet(name, {
    properties: from?.properties,
    views,
    state: from?.state,
    pageSetup: print
      ? {
          ...(internals.pageSetup as object),
          orientation: print.landscape ? "landscape" : "portrait",
          fitToPage: true,
          fitToWidth: print.fitToWidth,
          fitToHeight: 0,
          ...(print.titleRows ? { printTitlesRow: print.titleRows } : {}),
        }
      : (internals.pageSetup as Worksheet["pageSetup"]),
    headerFooter: print
      ? { ...(internals.headerFooter as object), oddFooter: print.footer }
      : (internals.headerFooter as Worksheet["headerFooter"]),
  });
  const columns: Partial<Column>[] = (from?.columns ?? []).map((c) => ({
    width: c.width,
    hidden: c.hidden,
    outlineLevel: c.outlineLevel,
    style: c.style,
  }));
  // ExcelJS takes a width of exactly 9 for its default and leaves the column out of the file
  // (Excel's own default is 8.43): a hair more keeps the plan's width.
  (plan?.columnWidths ?? []).forEach((w, i) => (columns[i] = { ...(columns[i] ?? {}), width: w === 9 ? 9.01 : w }));
  for (let i = 0; i < columns.length; i++) columns[i] = columns[i] ?? {};
  if (columns.length) sheet.columns = columns;

  const formats = (plan?.formats ?? []).map((f) => ({ ...parseArea(f.range), format: f.format }));
  const headerRows = new Set((plan?.headerRows ?? []).map((r) => r + 1));
  const wraps = (plan?.wrap ?? []).map(parseArea);
  const wrapped = (r: number, c: number) => wraps.some((a) => r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2);
  if (plan && !from && !protection && isPlainPlan(plan)) {
    const head = plan.cells as readonly (readonly PlainCell[])[];
    const rows = more ? concatRows(head, more()) : head;
    await writePlainRows(writer, sheet, rows, formats, headerRows, styles, wraps.length ? wrapped : undefined);
    return finishSheet(sheet, plan, internals, undefined, password, passwordHash);
  }
  const locks = new Locks(protection);
  const lastRow = Math.max(plan?.cells.length ?? 0, from?.rowCount ?? 0, locks.lastRow);
  for (let r = 1; r <= lastRow; r++) {
    const src = from?.findRow(r);
    const line = plan?.cells[r - 1];
    const areas = locks.of(r);
    if (!src && !line && areas.length === 0) continue;
    const row = sheet.getRow(r);
    if (src) {
      if (src.height) row.height = src.height;
      if (src.hidden) row.hidden = true;
      if (src.outlineLevel) row.outlineLevel = src.outlineLevel;
      src.eachCell({ includeEmpty: true }, (cell, c) => {
        const out = row.getCell(c);
        // A merged range keeps its value in its top-left cell only (ExcelJS shows it in every cell).
        if (!cell.isMerged || cell.master === cell) out.value = copiedValue(cell);
        out.style = cell.style;
        if (cell.note) out.note = cell.note;
      });
    }
    const header = headerRows.has(r);
    line?.forEach((value, j) => {
      const c = j + 1;
      if (value === undefined) return; // a hole: the cell stays as it is
      const format = formats.find((f) => r >= f.r1 && r <= f.r2 && c >= f.c1 && c <= f.c2);
      const wrap = wraps.length > 0 && wrapped(r, c);
      // A replaced sheet starts empty, so blanks need no cell (unless formatted, as Excel keeps
      // a blank cell's format); over a base they clear what was there.
      if (value === null && !src && !header && areas.length === 0 && !format && !wrap) return;
      const out = row.getCell(c);
      out.value = excelValue(value);
      if (format || header || wrap) out.style = styles.plain(format?.format, header, wrap);
    });
    for (const area of areas) {
      for (let c = area.c1; c <= area.c2; c++) {
        const out = row.getCell(c);
        // ExcelJS cells are plain objects, not Office.js proxies: there is nothing to sync.
        // eslint-disable-next-line office-addins/call-sync-before-read
        out.style = styles.withLock(out.style, area.locked);
      }
    }
    row.commit();
    // Let the zip stream drain now and then: a sheet's XML would otherwise pile up in memory.
    if (r % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await finishSheet(sheet, plan, internals, protection, password, passwordHash);
}

/** After the rows: merges, conditional formats, validations, filter, the plan's fills, protection; then the commit. */
async function finishSheet(
  sheet: Worksheet,
  plan: SheetPlan | undefined,
  internals: ReadSheetInternals,
  protection: ProtectionPlan | undefined,
  password: string | undefined,
  passwordHash: StoredProtection | undefined,
): Promise<void> {
  // The streaming writer's mergeCells touches every cell of the range, whose rows are
  // committed by now; the ranges themselves are all the file needs (the writer prints each).
  const merges = (sheet as unknown as { _merges: string[] })._merges;
  for (const merge of Object.values(internals._merges ?? {})) merges.push(merge.range);
  const target = sheet as unknown as ReadSheetInternals & { conditionalFormatting: unknown[]; autoFilter: unknown };
  appendAll(target.conditionalFormatting, internals.conditionalFormattings ?? []);
  if (internals.dataValidations) target.dataValidations!.model = internals.dataValidations.model;
  for (const v of plan?.validations ?? []) {
    // A range key is written as one rule over the range (sqref), not one per cell.
    target.dataValidations!.model[v.range] = {
      type: "list",
      allowBlank: true,
      formulae: [`"${v.list.join(",")}"`],
      showErrorMessage: true,
      errorTitle: "Not in the list",
      error: `Choose one of: ${v.list.join(", ")}.`,
    };
  }
  if (plan?.autoFilter) target.autoFilter = plan.autoFilter;
  else if (internals.autoFilter) target.autoFilter = internals.autoFilter;
  addFills(sheet, plan);
  if (protection) await protectSheet(sheet, password, internals.sheetProtection, protection, passwordHash);
  else target.sheetProtection = internals.sheetProtection ?? null;
  sheet.commit();
}

/** A cell of a plan with plain values only: what the fast path writes. */
type PlainCell = string | number | boolean | null | undefined;

/** True when every cell of the plan is text, a finite number, a boolean or blank (no formulas). Cost: O(cells). */
function isPlainPlan(plan: SheetPlan): boolean {
  for (const line of plan.cells) {
    if (!line) continue;
    for (const v of line) {
      const t = typeof v;
      if (v === null || v === undefined || t === "string" || t === "boolean") continue;
      if (t !== "number" || !Number.isFinite(v)) return false;
    }
  }
  return true;
}

/** The streaming writer's parts the fast path writes through (ExcelJS does not type them). */
interface WriterInternals {
  readonly styles: { addStyleModel(style: Partial<Style>, type?: ValueType): number };
  readonly sharedStrings: { add(text: string): number };
}
interface SheetWriterInternals {
  readonly stream: { write(text: string): void };
  startedData: boolean;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
}

/**
 * The rows of a replaced sheet with plain values only, written as the sheet's XML directly:
 * the same cells, shared strings and style ids ExcelJS' row writer gives them (each style id
 * comes from the writer's own style manager, once per format, header and value type), without
 * building a Row and a Cell object per cell (~6 µs a cell in ExcelJS). Blank cells are left
 * out except in a header row, as writeSheet's general path does. Written in chunks of rows with
 * a pause between them, so the sheet's XML never sits whole in memory. Cost: O(cells).
 */
async function writePlainRows(
  writer: Workbook,
  sheet: Worksheet,
  cells: Iterable<readonly PlainCell[] | undefined>,
  formats: readonly (CellArea & { format: string })[],
  headerRows: ReadonlySet<number>,
  styles: StyleCache,
  wrappedAt?: (r: number, c: number) => boolean,
): Promise<void> {
  const book = writer as unknown as WriterInternals;
  const out = sheet as unknown as SheetWriterInternals;
  const ids: number[] = [];
  // A cell ExcelJS creates takes a fresh, empty style (no row or column style on a replaced sheet).
  const styleId = (format: number, header: boolean, type: ValueType, wrap = false): number => {
    const key = (((format + 1) * 2 + (header ? 1 : 0)) * 2 + (wrap ? 1 : 0)) * 32 + type; // ValueType is below 32
    let id = ids[key];
    if (id === undefined) {
      const style = format >= 0 || header || wrap ? styles.plain(formats[format]?.format, header, wrap) : {};
      id = book.styles.addStyleModel(style, type);
      ids[key] = id;
    }
    return id;
  };
  book.styles.addStyleModel({}); // what ExcelJS does with each row's (empty) style
  out._writeColumns();
  out._writeOpenSheetData();
  out.startedData = true;
  const letters: string[] = [];
  const strings = book.sharedStrings; // writeWorkbook's writer always uses shared strings
  let chunk = "";
  let i = -1;
  for (const line of cells) {
    i++;
    if (!line || line.length === 0) continue;
    const r = i + 1;
    const header = headerRows.has(r);
    let xml = "";
    let min = 0;
    let max = 0;
    let values = false;
    for (let j = 0; j < line.length; j++) {
      const v = line[j];
      if (v === undefined || (v === null && !header)) continue;
      const c = j + 1;
      let format = -1;
      for (let k = 0; k < formats.length; k++) {
        const f = formats[k];
        if (r >= f.r1 && r <= f.r2 && c >= f.c1 && c <= f.c2) {
          format = k;
          break;
        }
      }
      const ref = (letters[j] ??= columnLetter(j)) + r;
      if (!min) min = c;
      max = c;
      const wrap = wrappedAt ? wrappedAt(r, c) : false;
      if (v === null) {
        const s = styleId(format, header, ValueType.Null, wrap);
        if (s) xml += `<c r="${ref}" s="${s}"/>`;
        continue;
      }
      values = true;
      const type =
        typeof v === "string" ? ValueType.String : typeof v === "number" ? ValueType.Number : ValueType.Boolean;
      const s = styleId(format, header, type, wrap);
      const attr = s ? ` s="${s}"` : "";
      if (type === ValueType.Number) xml += `<c r="${ref}"${attr}><v>${v}</v></c>`;
      else if (type === ValueType.Boolean) xml += `<c r="${ref}"${attr} t="b"><v>${v ? 1 : 0}</v></c>`;
      else xml += `<c r="${ref}"${attr} t="s"><v>${strings.add(v as string)}</v></c>`;
    }
    // A row of blanks only is not written (ExcelJS' row.hasValues).
    if (values) chunk += `<row r="${r}" spans="${min}:${max}" x14ac:dyDescent="0.25">${xml}</row>`;
    if (r % YIELD_EVERY === 0) {
      out.stream.write(chunk);
      chunk = "";
      // Let the zip stream drain: the sheet's XML would otherwise pile up in memory.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (chunk) out.stream.write(chunk);
}

/** The head's rows, then the streamed ones. */
function* concatRows(
  head: readonly (readonly PlainCell[])[],
  more: Iterable<readonly PlainCell[]>,
): Iterable<readonly PlainCell[]> {
  yield* head;
  yield* more;
}

/** The plan's status fills as conditional formats (so they follow live formulas). */
function addFills(sheet: Worksheet, plan: SheetPlan | undefined): void {
  const byRange = new Map<string, NonNullable<SheetPlan["fills"]>[number][]>();
  for (const fill of plan?.fills ?? []) byRange.set(fill.range, [...(byRange.get(fill.range) ?? []), fill]);
  let priority = 0;
  for (const [ref, fills] of byRange) {
    sheet.addConditionalFormatting({
      ref,
      rules: fills.map((f) => ({
        type: "cellIs",
        operator: "equal",
        formulae: [f.numeric ? f.text : JSON.stringify(f.text)],
        priority: ++priority,
        style: {
          fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(f.fill) } },
          font: { color: { argb: argb(f.font) } },
        },
      })),
    });
  }
}

/** The streaming writer's zip (archiver), which ExcelJS does not type. */
interface WriterZip {
  append(source: unknown, data: { name: string }): unknown;
}

/**
 * A streaming writer that adds the add-in reference as it writes (no second pass over the
 * file): the parts of cli/addin.ts, and its relationship and content types put into
 * `_rels/.rels` and `[Content_Types].xml` as ExcelJS hands them to the zip. Without parts, a
 * plain writer.
 */
function workbookWriter(output: fs.WriteStream, parts: Record<string, string> | undefined): stream.xlsx.WorkbookWriter {
  const options = { stream: output, useStyles: true, useSharedStrings: true };
  if (!parts) return new stream.xlsx.WorkbookWriter(options);
  const edits: Record<string, ((xml: string) => string) | undefined> = {
    "_rels/.rels": withTaskpanesRelationship,
    "[Content_Types].xml": withAddinContentTypes,
  };
  type Internals = { zip: WriterZip; addOfficeRels(): Promise<void> };
  const Base = stream.xlsx.WorkbookWriter as unknown as new (o: typeof options) => Internals;
  class WithAddin extends Base {
    // ExcelJS' constructor hands `_rels/.rels` to the zip here: the zip is wrapped just before.
    override addOfficeRels(): Promise<void> {
      const append = this.zip.append.bind(this.zip);
      this.zip.append = (source, data) => {
        const edit = edits[data.name.replace(/^\//, "")];
        return append(edit && typeof source === "string" ? edit(source) : source, data);
      };
      for (const [name, xml] of Object.entries(parts!)) append(xml, { name });
      return super.addOfficeRels();
    }
  }
  return new WithAddin(options) as unknown as stream.xlsx.WorkbookWriter;
}

/**
 * Writes a workbook in one streamed pass: every sheet of `source` in tab order (copied, or
 * with its plan applied), then the planned sheets it lacks, in plan order; each sheet with a
 * protection plan (its own, or `request.protect`'s) is locked and protected so. The file is written beside the target
 * and renamed over it, so a failed write never leaves half a file (important with --in-place).
 * Cost: O(cells); the sheets written from plans never exist as a workbook model in memory, and
 * each sheet of `source` is removed from it once copied: the source workbook is consumed.
 * @throws CliError (exit 2) when the file cannot be written.
 */
export async function writeWorkbook(source: Workbook, file: string, request: WriteRequest): Promise<void> {
  checkOutputFolder(file);
  const tmp = tempFileBeside(file, request.notice ?? stderrNotice);
  const temp = tmp.path;
  const plans = new Map(request.plans.map((p) => [p.name, p]));
  const names = [...source.worksheets.map((w) => w.name), ...request.plans.map((p) => p.name)];
  const styles = new StyleCache();
  const addin = request.addin === false ? undefined : addinParts(readManifestIdentity(), request.addin ?? "sideload");
  const output = fs.createWriteStream(temp);
  const closed = new Promise<void>((resolve) => output.once("close", () => resolve()));
  const failed = new Promise<never>((_, reject) => output.once("error", reject));
  failed.catch(() => undefined); // observed through the race below
  const writer = workbookWriter(output, addin);
  try {
    writer.definedNames.model = source.definedNames.model;
    for (const name of new Set(names)) {
      const base = source.getWorksheet(name);
      const planned = plans.get(name);
      plans.delete(name);
      const streamed = planned && "rows" in planned ? planned : undefined;
      const plan: SheetPlan | undefined = streamed
        ? streamed.head
        : planned && "make" in planned
          ? planned.make()
          : (planned as SheetPlan | undefined);
      const protection = plan?.protection ?? request.protect?.get(name);
      await writeSheet(
        writer,
        name,
        base,
        plan,
        protection,
        request.password,
        styles,
        request.passwordHash,
        streamed?.rows,
      );
      // The copied sheet's model is no longer needed: free it before the next (large) sheet.
      if (base) source.removeWorksheet(base.id);
    }
    await Promise.race([writer.commit(), failed]);
    await closed;
    tmp.commit();
  } catch (e) {
    // Stop the zip and the file stream before removing the file: a stream still open would
    // create or refill it after the removal and leave a hidden temporary file behind.
    (writer as unknown as { zip: { abort(): void } }).zip.abort();
    output.destroy();
    await closed;
    tmp.remove();
    throw new CliError(messages.cannotWrite(file, (e as Error).message));
  }
}

/** Appends rows to a sheet from a 1-based row (the header style on row 1). ExcelJS stores strings as text. */
function appendRows(
  sheet: Worksheet,
  firstRow: number,
  lines: readonly (readonly CellValue[])[],
  styles: StyleCache,
): void {
  lines.forEach((line, k) => {
    const r = firstRow + k;
    const row = sheet.getRow(r);
    line.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      if (r === 1) cell.style = styles.plain(undefined, true);
    });
  });
  sheet.views = [{ state: "frozen", xSplit: 0, ySplit: 1 }];
}

/**
 * Writes a ClosurePlan into the read workbook (small, in memory), in the plan's order:
 * Controllers rows, audit rows, register cells. ExcelJS writes strings as strings, so a name
 * such as "=1+1" is text in the file, never a formula.
 */
export function applyClosurePlan(workbook: Workbook, plan: ClosurePlan): void {
  const register = workbook.getWorksheet(SHEETS.register);
  if (!register) throw new Error("applyClosurePlan: no Register sheet"); // the caller read the register from it
  const styles = new StyleCache();
  if (plan.controllersAppend.length) {
    const controllers = workbook.getWorksheet(SHEETS.controllers) ?? workbook.addWorksheet(SHEETS.controllers);
    appendRows(controllers, plan.controllersFirstRow, plan.controllersAppend, styles);
    CONTROLLERS_COLUMN_WIDTHS.forEach((w, i) => (controllers.getColumn(i + 1).width = w));
  }
  const audit = workbook.getWorksheet(SHEETS.audit) ?? workbook.addWorksheet(SHEETS.audit);
  appendRows(audit, plan.auditFirstRow, plan.auditAppend, styles);
  AUDIT_COLUMN_WIDTHS.slice(0, AUDIT_HEADERS.length).forEach((w, i) => {
    audit.getColumn(i + 1).width = w;
  });
  for (const u of plan.updates) register.getRow(u.sheetRow).getCell(u.column + 1).value = u.value;
}

/** The protection a closure leaves: the register's locks after it, the Audit and Controllers sheets locked. */
export function closureProtection(plan: ClosurePlan): ReadonlyMap<string, ProtectionPlan> {
  return new Map([
    [SHEETS.register, registerProtection(plan.lastRow, plan.lockedRows)],
    [SHEETS.audit, AUDIT_PROTECTION],
    [SHEETS.controllers, AUDIT_PROTECTION],
  ]);
}

/**
 * Saves a workbook model as it is (ExcelJS' in-memory writer), through a temporary file.
 * For small workbooks (tests, the demo's tampered copy); commands write with writeWorkbook.
 * @throws CliError (exit 2) when the file cannot be written.
 */
export async function saveWorkbook(workbook: Workbook, file: string): Promise<void> {
  checkOutputFolder(file);
  const tmp = tempFileBeside(file, stderrNotice);
  try {
    await workbook.xlsx.writeFile(tmp.path);
    tmp.commit();
  } catch (e) {
    tmp.remove();
    throw new CliError(messages.cannotWrite(file, (e as Error).message));
  }
}

/**
 * The plan of a client table written as a new sheet (for the demo, tests and the benchmark):
 * the header row drawn as a header, the given columns formatted as dates.
 */
export function sourceTablePlan(table: SourceTable, dateColumns: readonly number[] = []): SheetPlan {
  const last = table.headerRow + table.rows.length;
  const blank = Array.from({ length: table.headerRow - 1 }, () => [] as CellValue[]);
  return {
    name: table.sheet,
    replace: true,
    cells: [...blank, table.headers.slice(), ...table.rows],
    headerRows: [table.headerRow - 1],
    formats: dateColumns.map((c) => ({
      range: `${columnLetter(c)}${table.headerRow + 1}:${columnLetter(c)}${Math.max(last, table.headerRow + 1)}`,
      format: "yyyy-mm-dd",
    })),
    columnWidths: table.headers.map((h) => Math.max(10, h.length + 2)),
  };
}

/** Writes a client table to a new .xlsx file. */
export function writeSourceTable(table: SourceTable, file: string, dateColumns: readonly number[] = []) {
  return writeWorkbook(new Workbook(), file, { plans: [sourceTablePlan(table, dateColumns)], addin: false });
}
