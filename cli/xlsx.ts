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
import * as v8 from "v8";
import * as vm from "vm";
import { CellValue as ExcelValue, ValueType, Workbook, Worksheet } from "exceljs";
import { CellValue, columnLetter, FormulaGrid, SourceTable } from "../src/governance/model";
import { findHeaderRow } from "../src/governance/mapping";
import { closureProtection, closureSheetPlans } from "../src/governance/closureSheets";
import { PlannedCell, ProtectionPlan, SheetPlan } from "../src/governance/plan";
import { storedFormula } from "../src/ooxml/formula";
import { serialFromEpochMs } from "../src/serial";
import { AddinStore } from "./addin";
import { NotAWorkbookError, readingCopy, SheetChoice, SheetIndexEntry } from "./package/read";
import { StreamedSheetPlan, WrittenBody } from "./package/sheet";
import { StyleRegistry } from "./package/styles";
import { LazyPlan, PackageReport, packageStyles, writePackage } from "./package/write";
import { ZipError, ZipReader } from "./package/zip";
import { CliError, messages, writeCause } from "./messages";
import { openRowReader, RowReader } from "./package/rows";
import { READ_LIMITS, ReadLimitError } from "./package/limits";
import { StoredProtection } from "./protection";
import { stderrNotice, TempFile, tempFileBeside } from "./tempdir";
import { decodeOoxmlText, encodeOoxmlText } from "../src/ooxml/text";
import { longestRow } from "../src/arrays";

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
  /**
   * ExcelJS' model, when sheets were modelled (a CSV's sheet, the demo's and the tests' reads);
   * the commands stream the sheets they read and have none.
   */
  readonly workbook?: Workbook;
  /** The sheets in tab order, with their states. */
  readonly sheets: readonly SheetIndexEntry[];
  /** The sheet names in tab order. */
  readonly sheetNames: readonly string[];
  /** The sheet's cells as plain data (row 1 first; ragged rows), or undefined when there is no such sheet. */
  grid(name: string): CellValue[][] | undefined;
  /** The sheet's formulas ("=..." per formula cell, null elsewhere), aligned with grid(name). */
  formulas(name: string): FormulaGrid | undefined;
  /**
   * The sheet's column widths from A in characters, as its `<cols>` gives them (a hole: a
   * column it does not size, at Excel's default), or undefined when there is no such sheet.
   */
  columnWidths(name: string): (number | undefined)[] | undefined;
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

/**
 * Reads a worksheet's cells into a grid. A merged area's value is in its top-left cell only,
 * as Excel reads it (and the streamed reader, cli/package/rows.ts): ExcelJS hands every other
 * cell of the area the top-left's value, which is dropped here. Cost: O(cells).
 */
export function sheetGrid(sheet: Worksheet): CellValue[][] {
  const grid: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const line: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      line[c - 1] = cell.type === ValueType.Merge ? null : plainValue(cell.value);
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
      // A merged area's other cells are not formulas of their own (ExcelJS reports the top-left's).
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

/** How to open a workbook. */
export interface OpenOptions {
  /**
   * Which sheets' cells to read, chosen from the workbook's sheets (default: all). The others
   * keep their names and states but are never inflated, so a workbook with large client
   * sheets costs what the chosen sheets cost; reading one of them is a bug (it throws).
   */
  readonly sheets?: SheetChoice;
  /**
   * Sheets read row by row as the file streams (cli/package/rows.ts), not through ExcelJS'
   * model: a sheet of a million rows costs its values, not ExcelJS' cell objects (several times
   * the XML). Their grids and formulas are those `sheetGrid` and `sheetFormulas` give. When
   * every sheet read is streamed, ExcelJS is not used at all: memory is bounded as
   * cli/package/limits.ts says.
   */
  readonly streamed?: SheetChoice;
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
 * Refuses an .xlsx whose parts would unpack beyond {@link READ_LIMITS}, from the zip directory
 * alone (the one zip reader, cli/package/zip.ts; bounded memory). It trusts the sizes the
 * directory declares; a file whose directory cannot be read is reported damaged.
 * @throws CliError (exit 2) naming the part, its size and the limit.
 */
export function checkZipBounds(file: string): void {
  let zip: ZipReader;
  try {
    zip = ZipReader.open(file);
  } catch (e) {
    if (e instanceof ZipError) throw new CliError(messages.corrupt(file));
    throw e;
  }
  const entries = [...zip.entries.values()];
  zip.close();
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > READ_LIMITS.ratioFloorBytes && e.size > READ_LIMITS.ratio * Math.max(e.compressedSize, 1))
      throw new CliError(messages.zipBomb(file, e.name, e.compressedSize, e.size));
    if (e.size > READ_LIMITS.partBytes)
      throw new CliError(messages.partTooLarge(file, e.name, e.size, READ_LIMITS.partBytes));
  }
  if (total > READ_LIMITS.totalBytes)
    throw new CliError(messages.partTooLarge(file, "all parts together", total, READ_LIMITS.totalBytes));
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
 * Checks that a file is an .xlsx package the readers may open: it exists, is a zip (an
 * encrypted workbook or a 97-2003 .xls is named as such) and unpacks within {@link READ_LIMITS}.
 * @throws CliError (exit 2).
 */
export function checkXlsxPackage(file: string): void {
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
}

/**
 * The one line a read's failure becomes: a part beyond the reading limits named with its size
 * and the limit, a package without a workbook named as such, anything else from the zip or
 * zlib as a damaged file. Other errors are bugs and pass through.
 */
export function readFailure(file: string, e: unknown): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof ReadLimitError)
    return new CliError(
      e.kind === "part"
        ? messages.partTooLarge(file, e.part, e.size ?? e.limit, e.limit)
        : messages.readLimit(file, e.part, e.kind, e.limit),
    );
  if (e instanceof Error && e.message === "no workbook") return new CliError(messages.notWorkbook(file));
  if (e instanceof ZipError || /^Z_|^ERR_BUFFER_TOO_LARGE/.test(String((e as { code?: unknown })?.code)))
    return new CliError(messages.corrupt(file));
  return e;
}

/**
 * Opens an .xlsx file: the sheets chosen are read, the others never inflated.
 * Cost: the zip directory, the index parts, and the sheets read (see OpenOptions).
 * @throws CliError (exit 2) for a missing file, another kind of file, a damaged workbook, or
 *   a part beyond the reading limits (cli/package/limits.ts).
 */
export async function openWorkbook(file: string, options: OpenOptions = {}): Promise<OpenedWorkbook> {
  checkXlsxPackage(file);
  let reader: RowReader;
  try {
    reader = await openRowReader(file);
  } catch (e) {
    throw readFailure(file, e);
  }
  const grids = new Map<string, CellValue[][]>();
  const formulaGrids = new Map<string, FormulaGrid>();
  const widthLists = new Map<string, (number | undefined)[]>();
  let index: readonly SheetIndexEntry[];
  let streamed: ReadonlySet<string>;
  let chosen: ReadonlySet<string>;
  try {
    index = reader.sheets;
    // Every .xlsx has a sheet; a zip without one is another file (a .docx renamed .xlsx).
    if (index.length === 0) throw new CliError(messages.notWorkbook(file));
    streamed = options.streamed?.(index) ?? new Set();
    const read = options.sheets?.(index) ?? new Set(index.map((s) => s.name));
    chosen = new Set([...read].filter((name) => !streamed.has(name)));
    const group = [...streamed];
    // A sheet read whole is refused before it is inflated when its XML is beyond the limit.
    for (const name of group) {
      const part = reader.part(name);
      if (part && part.size > READ_LIMITS.sheetBytes)
        throw new CliError(messages.sheetTooLarge(file, name, part.name, part.size, READ_LIMITS.sheetBytes));
    }
    for (const name of group) {
      const sheet = await readStreamedSheet(reader, name, group);
      grids.set(name, sheet.values);
      formulaGrids.set(name, sheet.formulas);
      widthLists.set(name, sheet.widths);
    }
  } catch (e) {
    throw readFailure(file, e);
  } finally {
    reader.close();
  }
  const workbook = chosen.size > 0 ? await modelWorkbook(file, chosen) : undefined;
  const names = index.map((s) => s.name);
  const checkRead = (name: string) => {
    if (!chosen.has(name)) throw new Error(`openWorkbook: the sheet "${name}" was not chosen to be read`);
  };
  return {
    file,
    workbook,
    sheets: index,
    sheetNames: names,
    grid(name) {
      if (!names.includes(name)) return undefined;
      if (streamed.has(name)) return grids.get(name);
      checkRead(name);
      let grid = grids.get(name);
      if (!grid) {
        grid = sheetGrid(workbook!.getWorksheet(name)!);
        grids.set(name, grid);
      }
      return grid;
    },
    formulas(name) {
      if (!names.includes(name)) return undefined;
      if (streamed.has(name)) return formulaGrids.get(name);
      checkRead(name);
      return sheetFormulas(workbook!.getWorksheet(name)!);
    },
    columnWidths(name) {
      if (!names.includes(name)) return undefined;
      if (streamed.has(name)) return widthLists.get(name);
      checkRead(name);
      const sheet = workbook!.getWorksheet(name)!;
      return Array.from({ length: sheet.columnCount }, (_, c) => sheet.getColumn(c + 1).width || undefined);
    },
  };
}

/**
 * Opens a workbook reading only the sheets named (found ignoring case, as a person may have
 * renamed them), streamed: no other sheet is inflated, and ExcelJS is not used, so memory is
 * what cli/package/limits.ts states, whatever the size of the client's other sheets.
 * @param names - The sheets to read, or a choice from the workbook's index (a client sheet
 *   chosen by --sheet); a name the workbook does not have is left out.
 * @throws CliError (exit 2), as openWorkbook.
 */
export function openSheets(
  file: string,
  names: readonly string[] | ((index: readonly SheetIndexEntry[]) => readonly string[]),
): Promise<OpenedWorkbook> {
  return openWorkbook(file, {
    sheets: () => new Set(),
    streamed: (index) => {
      const wanted = new Set((typeof names === "function" ? names(index) : names).map((n) => n.toLowerCase()));
      return new Set(index.filter((e) => wanted.has(e.name.toLowerCase())).map((e) => e.name));
    },
  });
}

/**
 * Reads sheets through ExcelJS' model (the demo's and the tests' whole reads): a reading copy
 * of the package with only what cell values need (cli/package/read.ts), so a part it cannot
 * parse (a table's validation, a drawing, unusual document properties) is never given to it;
 * the writer carries those parts from the original file untouched. Styles that fail to parse
 * are left out of a second try.
 */
async function modelWorkbook(file: string, chosen: ReadonlySet<string>): Promise<Workbook> {
  const choose: SheetChoice = () => chosen;
  let workbook = new Workbook();
  try {
    await workbook.xlsx.load((await readingCopy(file, true, choose)) as unknown as ArrayBuffer);
  } catch (e) {
    if (e instanceof NotAWorkbookError) throw new CliError(messages.notWorkbook(file));
    try {
      workbook = new Workbook();
      await workbook.xlsx.load((await readingCopy(file, false, choose)) as unknown as ArrayBuffer);
    } catch {
      throw new CliError(messages.corrupt(file));
    }
  }
  return workbook;
}

/** The formulas of a row that has none. */
const NO_FORMULAS: readonly (string | null)[] = Object.freeze([]);

/**
 * A sheet's values and formulas read row by row as the file streams (cli/package/rows.ts), in
 * the shapes `sheetGrid` and `sheetFormulas` give: row r at index r - 1, an empty row as [],
 * an empty cell as null. Cost: O(size of the sheet's XML) time, O(values) memory.
 */
async function readStreamedSheet(
  reader: RowReader,
  sheet: string,
  group: readonly string[],
): Promise<{ values: CellValue[][]; formulas: FormulaGrid; widths: (number | undefined)[] }> {
  const values: CellValue[][] = [];
  const formulas: (string | null)[][] = [];
  const widths: (number | undefined)[] = [];
  // A <col> sizes a span of columns; a client's spans reaching column XFD (16,384) are cut at
  // the columns a plan may write (past them, every column keeps its width anyway).
  const columns = (min: number, max: number, width: number | undefined) => {
    for (let c = min; c <= Math.min(max, WIDTH_COLUMNS); c++) widths[c - 1] = width;
  };
  for await (const { row, cells, formulas: f } of reader.rows(sheet, { formulas: true, group, columns })) {
    let end = cells.length;
    while (end > 0 && (cells[end - 1] === null || cells[end - 1] === undefined)) end--;
    const line = cells.length === end ? cells : cells.slice(0, end);
    for (let c = 0; c < line.length; c++) if (line[c] === undefined) line[c] = null;
    values[row - 1] = line;
    if (f && f.length) formulas[row - 1] = f;
  }
  for (let r = 0; r < values.length; r++) if (values[r] === undefined) values[r] = [];
  // A row without formulas shares one empty line (a million-row client sheet has no formulas to keep).
  const shaped: FormulaGrid = Array.from(
    { length: Math.max(values.length, formulas.length) },
    (_, r) => formulas[r] ?? NO_FORMULAS,
  );
  return { values, formulas: shaped, widths };
}

/** Columns (from A) whose widths are read: a plan writes none past them. */
const WIDTH_COLUMNS = 1024;

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
// Writing: the package-level writer (cli/package/). Nothing here re-serializes a client's sheet.

/**
 * A formula as the file stores it (src/ooxml/formula.ts): `GOV.NAME` as `_xldudf_GOV_NAME`,
 * newer built-ins with `_xlfn.`, no leading "=".
 * @example fileFormula("=GOV.DUAL_STATUS(D5,E5)") // => "_xldudf_GOV_DUAL_STATUS(D5,E5)"
 */
export function fileFormula(formula: string): string {
  return storedFormula(formula);
}

export type { LazyPlan, PackageReport };

/**
 * A replaced sheet of plain values whose rows come from an iterator after the plan's own cells
 * (the header): a sheet of millions of rows is written without ever being in memory.
 */
export interface StreamedPlan {
  readonly name: string;
  /** The sheet's header cells, formats, fills and widths; its formats cover the streamed rows. */
  readonly head: SheetPlan;
  /** The rows after the head's cells, produced as they are written. */
  readonly rows?: () => Iterable<readonly (string | number | boolean | null | undefined)[]>;
  /**
   * Or: the rows after the head's cells, already written as they were made (`SheetBody`,
   * with the styles of `WriteRequest.styles`).
   */
  readonly body?: WrittenBody;
}

/** A streamed plan as the package writer takes it: its head's cells, then its rows (made when the sheet is written) or its body. */
function streamedSheet(plan: StreamedPlan): LazyPlan {
  return {
    name: plan.name,
    make: () => ({
      ...plan.head,
      name: plan.name,
      // A blank cell of a streamed row (undefined) writes nothing, as a blank does.
      cells: (function* (): Generator<readonly PlannedCell[]> {
        yield* plan.head.cells;
        if (plan.rows) yield* plan.rows() as Iterable<readonly PlannedCell[]>;
      })(),
      body: plan.body,
    }),
  };
}

/**
 * The styles a write of `source` will use, for sheet bodies written before it (`SheetBody`,
 * then `WriteRequest.styles`); undefined when they cannot be known before the write (a
 * workbook saved by ExcelJS on the way).
 * @throws CliError (exit 2) when the source is not a package this writer reads.
 */
export function stylesForWrite(source: OpenedWorkbook | string | undefined): StyleRegistry | undefined {
  const input = typeof source === "string" ? source : source?.file;
  if (input !== undefined && typeof source !== "string" && !/\.xlsx$/i.test(input)) return undefined;
  try {
    return packageStyles(input);
  } catch (e) {
    if (e instanceof ZipError) throw new CliError(messages.corrupt(input!));
    throw e;
  }
}

/**
 * Drops a read model's sheets: the parts are carried from the file, so the model is not needed
 * any more, and its cells (750,000 cell objects for a 50,000-row client sheet, about 230 MB)
 * are released before the plans are written. A function of its own, not a loop in the async
 * writer: a suspended async function keeps its temporaries (the list of sheets) alive.
 * @returns The rows the released sheets had.
 */
function releaseSheets(workbook: Workbook): number {
  let rows = 0;
  for (const sheet of [...workbook.worksheets]) {
    rows += sheet.rowCount;
    workbook.removeWorksheet(sheet.id);
  }
  return rows;
}

/**
 * After a large model is released: the engine sized its heap for the model while it was live
 * and would let the plans grow into that room (the 50,000-row upgrade peaked at 1,070 MB). One
 * full collection sizes the heap to what the writer still holds. Called outside releaseSheets,
 * whose own list of sheets would still be alive.
 */
function collectAfterRelease(rows: number): void {
  if (rows >= RELEASE_COLLECT_ROWS) collectGarbage();
}

/** Rows of a released model from which a full collection is worth its time (about 0.2 s). */
const RELEASE_COLLECT_ROWS = 20_000;

/**
 * A full garbage collection. Node exposes `gc` only with --expose-gc; the flag set at run time
 * makes it available to a new context, the documented way to reach it from a running process.
 */
function collectGarbage(): void {
  try {
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
  } catch {
    // No collection on a runtime that refuses: only the peak memory is larger.
  }
}

/** What one save writes: the plans (by sheet name) and the protection of sheets no plan writes. */
export interface WriteRequest {
  readonly plans: readonly (SheetPlan | StreamedSheetPlan | LazyPlan | StreamedPlan)[];
  /** The protection of sheets the plans do not write (the Audit sheet on an upgrade). */
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
  /** The styles sheet bodies were written with ({@link stylesForWrite} of the same source). */
  readonly styles?: StyleRegistry;
}

/**
 * Where a write's carried parts come from: an opened workbook (its file), a file path, or
 * nothing (a new workbook). An ExcelJS model made in memory (tests, the demo) is saved once by
 * ExcelJS and carried from there.
 */
export type WriteSource = OpenedWorkbook | Workbook | string | undefined;

/**
 * Writes a governed workbook at the package level (cli/package/write.ts): the source's parts
 * carried byte for byte, the planned sheets written or edited in place, the index parts
 * rewritten. The file is written beside the target and renamed over it, so a failed write
 * never leaves half a file (important with --in-place).
 * Cost: the bytes carried (streamed) plus the sheets written; see writePackage.
 * @returns What was carried, written and dropped.
 * @throws CliError (exit 2) when the file cannot be written.
 */
export async function writeWorkbook(source: WriteSource, file: string, request: WriteRequest): Promise<PackageReport> {
  checkOutputFolder(file);
  const tmp = tempFileBeside(file, request.notice ?? stderrNotice);
  const temp = tmp.path;
  let scratch: TempFile | undefined;
  let output: fs.WriteStream | undefined;
  try {
    let input: string | undefined;
    // A workbook made in memory (or read from a CSV) has no package to carry: ExcelJS saves it once.
    const model =
      source instanceof Workbook
        ? source
        : source && typeof source !== "string" && !/\.xlsx$/i.test(source.file)
          ? source.workbook
          : undefined;
    if (typeof source === "string") input = source;
    else if (model) {
      if (model.worksheets.length > 0) {
        // ExcelJS saves it once, beside the target, as a second temporary file of this write.
        scratch = tempFileBeside(file, request.notice ?? stderrNotice, "in");
        await model.xlsx.writeFile(scratch.path);
        input = scratch.path;
      }
    } else if (source && !(source instanceof Workbook)) {
      input = source.file;
      if (source.workbook) collectAfterRelease(releaseSheets(source.workbook));
    }
    const out = fs.createWriteStream(temp);
    output = out;
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    failed.catch(() => undefined); // observed through the race below
    const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
    const plans = request.plans.map((p) => ("head" in p ? streamedSheet(p) : p));
    const report = await Promise.race([writePackage(out, { ...request, plans, input }), failed]);
    await closed;
    tmp.commit();
    for (const u of report.unreadable) (request.notice ?? stderrNotice)(messages.unreadableCarried(u.sheet, u.part));
    return report;
  } catch (e) {
    if (output) {
      const closed = output.closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => output!.once("close", () => resolve()));
      output.destroy();
      await closed;
    }
    tmp.remove();
    throw new CliError(messages.cannotWrite(file, writeCause(e)));
  } finally {
    scratch?.remove();
  }
}

export { closureProtection, closureSheetPlans };

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
    throw new CliError(messages.cannotWrite(file, writeCause(e)));
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

/** Writes a client table to a new .xlsx file; `notice` takes the writer's notes (default: stderr). */
export function writeSourceTable(
  table: SourceTable,
  file: string,
  dateColumns: readonly number[] = [],
  notice?: (line: string) => void,
) {
  return writeWorkbook(new Workbook(), file, { plans: [sourceTablePlan(table, dateColumns)], addin: false, notice });
}
