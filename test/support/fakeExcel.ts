/**
 * A fake of the part of Excel's JavaScript API the task pane uses, for adapter tests and
 * the browser end-to-end test. It behaves like Office.js where it matters to us:
 * - writes are queued and happen at context.sync(), in order, stopping at the first failure
 *   (earlier operations of the batch stay applied, as in Excel);
 * - a property can be read only after it was loaded AND a sync ran (else it throws, like
 *   Office.js's PropertyNotLoaded);
 * - text written through `values` or `formulas` is read as if typed into the cell (see `enter`):
 *   "=1+1" becomes a formula, so do "+x", "-x" and "@x"; "42" and "TRUE" become a number and a
 *   boolean; a leading apostrophe keeps the rest as text; a Text-formatted ("@") cell keeps text;
 * - a protected sheet refuses, with an error whose `code` is "AccessDenied", writes to locked
 *   cells, clear() over locked cells, changing cells' locked flag, and formatting that its
 *   protection options do not allow (allowFormatCells, allowFormatColumns); protect() fails on a
 *   protected sheet, unprotect() on an unprotected one (AccessDenied), and unprotect checks the
 *   password; the options are stored and can be loaded;
 * - getSurroundingRegion is Excel's current region (Ctrl+*): it grows from the top-left cell
 *   while a neighbouring row or column (diagonals included) holds data, so a blank row ends it;
 * - syncs are counted.
 * Sources (Office.js reference, mirrored in @types/office-js): Range.values ("If the returned
 * value starts with a plus ("+"), minus ("-"), or equal sign ("="), Excel interprets this value
 * as a formula"), Range.getSurroundingRegion ("a range bounded by any combination of blank rows
 * and blank columns", the VBA Range.CurrentRegion), WorksheetProtection.protect ("Fails if the
 * worksheet has already been protected"), WorksheetProtectionOptions (allowFormatCells...),
 * Excel.ErrorCodes (AccessDenied, InvalidOperation, InvalidArgument). Microsoft Graph's workbook
 * API, the same engine, answers a write over a locked cell with "AccessDenied". Not in the
 * reference, taken from Excel's own cell entry: "@" starting a formula (Excel turns "@SUM(A1)"
 * into "=SUM(A1)"; the CSV-injection advisories list "@" with "=", "+", "-"), the apostrophe
 * prefix (office-js issue 6687 shows it kept as text), numbers and TRUE/FALSE typed as text;
 * unprotect() of an unprotected sheet, which the reference leaves unsaid (VBA's Worksheet.Unprotect
 * "has no effect if the sheet ... isn't protected"): office-js issue 6784 reports Excel builds
 * from June 2026 answering it with AccessDenied, the stricter behaviour modelled here.
 * - a workbook made with `typed` holds what a user typed as en-US Excel stores it: dates in
 *   Excel's own forms become serials, numbers numbers, other text (30.09.2024) stays text.
 * - a text longer than a cell holds (32,767 characters, Excel's specification) is refused with
 *   InvalidArgument (the Office.js reference does not say how Excel answers it: the strict choice).
 * Not modelled: percentages typed as text, other locales, formula syntax errors, formula results.
 * Self-contained (no imports), so the end-to-end test can transpile it and inject it into a page.
 */

export type FakeValue = string | number | boolean;

/**
 * Characters a cell holds (Excel's specifications and limits: "Total number of characters that
 * a cell can contain: 32,767"); a longer text written is refused as an invalid argument (the
 * apostrophe prefix is not stored, so it does not count).
 */
const CELL_TEXT_LIMIT = 32_767;

export interface FakeCell {
  value: FakeValue;
  formula?: string;
  numberFormat?: string;
  locked?: boolean;
  /** The bottom border's colour ("#RRGGBB"), when one is drawn. */
  borderBottom?: string;
  bold?: boolean;
  fill?: string;
  wrapText?: boolean;
  verticalAlignment?: string;
}

/** A sheet's page layout as Office.js sets it (ExcelApi 1.9). */
export interface FakePageLayout {
  orientation?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  printTitleRows?: string;
  printTitleColumns?: string;
  /** "DownThenOver" (Excel's default) or "OverThenDown". */
  printOrder?: string;
  /** Margins in points, by side (leftMargin, ..., footerMargin). */
  margins?: Record<string, number>;
  centerFooter?: string;
  /** Cells left of which a manual vertical page break stands. */
  verticalPageBreaks?: string[];
  /** Cells above which a manual horizontal page break stands. */
  horizontalPageBreaks?: string[];
}

/** The subset of Excel.WorksheetProtectionOptions the fake enforces (all false unless given). */
export interface FakeProtectionOptions {
  allowFormatCells?: boolean;
  allowFormatColumns?: boolean;
  allowFormatRows?: boolean;
  allowAutoFilter?: boolean;
  allowSort?: boolean;
  allowInsertRows?: boolean;
  allowDeleteRows?: boolean;
  allowInsertColumns?: boolean;
  allowDeleteColumns?: boolean;
  allowInsertHyperlinks?: boolean;
  allowPivotTables?: boolean;
  allowEditObjects?: boolean;
  allowEditScenarios?: boolean;
}

export interface FakeSheet {
  name: string;
  cells: Map<string, FakeCell>;
  protected: boolean;
  password?: string;
  /** The options given to protect(), kept while the sheet is protected. */
  protectionOptions?: FakeProtectionOptions;
  conditionalFormats: { address: string; text: string; fill: string; font: string }[];
  frozenRows: number;
  /** Columns frozen at the left (freezePanes.freezeColumns or freezeAt). */
  frozenColumns?: number;
  columnWidths: Map<number, number>;
  /** Row heights in points, by 0-based row. */
  rowHeights?: Map<number, number>;
  /** Merged ranges (Range.merge), "C20:F20"; clear() unmerges those in its rows. */
  merges?: string[];
  /** The autofilter's range (autoFilter.apply), "A1:G20". */
  autoFilter?: string;
  pageLayout?: FakePageLayout;
  /** List validations by range: the words offered. */
  validations?: { address: string; list: string[] }[];
}

export interface FakeWorkbook {
  sheets: FakeSheet[];
  selection: { sheet: string; address: string };
  active: string;
  syncs: number;
  suspendedCalculation: number;
  /** When set, the next sync fails after this many queued operations (to test failures). */
  failAfterOps?: number;
}

const COLS = (s: string): number => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
const LETTERS = (c: number): string => {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

interface Box {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function parseAddress(address: string): Box {
  const a = address.includes("!") ? address.slice(address.indexOf("!") + 1) : address;
  const col = /^([A-Z]+):([A-Z]+)$/.exec(a);
  if (col) return { r0: 0, c0: COLS(col[1]), r1: 1048575, c1: COLS(col[2]) };
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(a);
  if (!m) throw new Error(`fake Excel: unsupported address ${address}`);
  const r0 = Number(m[2]) - 1;
  const c0 = COLS(m[1]);
  return { r0, c0, r1: m[3] ? Number(m[4]) - 1 : r0, c1: m[3] ? COLS(m[3]) : c0 };
}

function boxAddress(sheet: string, b: Box): string {
  const tl = `${LETTERS(b.c0)}${b.r0 + 1}`;
  const br = `${LETTERS(b.c1)}${b.r1 + 1}`;
  return `${sheet}!${tl === br ? tl : `${tl}:${br}`}`;
}

function key(r: number, c: number): string {
  return `${r},${c}`;
}

function usedBox(sheet: FakeSheet): Box | undefined {
  let b: Box | undefined;
  for (const [k, cell] of sheet.cells) {
    if (cell.value === "" && !cell.formula) continue;
    const [r, c] = k.split(",").map(Number);
    if (!b) b = { r0: r, c0: c, r1: r, c1: c };
    else {
      b.r0 = Math.min(b.r0, r);
      b.c0 = Math.min(b.c0, c);
      b.r1 = Math.max(b.r1, r);
      b.c1 = Math.max(b.c1, c);
    }
  }
  return b;
}

/** Options of a new fake workbook. */
export interface FakeWorkbookOptions {
  /**
   * The sheets' cells as a user of an en-US Excel typed them (see `typed`): "9/30/2024" is a
   * date (its serial), "0042" the number 42, "30.09.2024" stays text. Without it, values are
   * stored exactly as given (what a program wrote).
   */
  readonly typed?: boolean;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * What an en-US Excel stores when a user types text into a General cell: what `enter` makes
 * of it, and dates in the forms en-US Excel reads (M/D/YYYY and YYYY-MM-DD) as their serial
 * (values() then returns the number, as Excel's does for a date cell). Other date forms
 * ("30.09.2024", "30/09/2024": no month 30) stay text, as they do in Excel.
 * @example typed("9/30/2024") // => { value: 45565 }
 */
export function typed(raw: FakeValue): { value: FakeValue; formula?: string } {
  if (typeof raw === "string") {
    const us = US_DATE.exec(raw.trim());
    const iso = ISO_DATE.exec(raw.trim());
    const [y, m, d] = us ? [+us[3], +us[1], +us[2]] : iso ? [+iso[1], +iso[2], +iso[3]] : [0, 0, 0];
    const ms = Date.UTC(y, m - 1, d);
    const real = new Date(ms);
    if ((us || iso) && real.getUTCMonth() === m - 1 && real.getUTCDate() === d && y >= 1901) {
      return { value: ms / 86400000 + 25569 };
    }
  }
  return enter(raw);
}

/** Creates an empty fake workbook with the given sheets (name -> rows of values from A1). */
export function createWorkbook(
  sheets: Record<string, FakeValue[][]>,
  selection?: { sheet: string; address: string },
  options: FakeWorkbookOptions = {},
): FakeWorkbook {
  const list: FakeSheet[] = Object.entries(sheets).map(([name, rows]) => {
    const cells = new Map<string, FakeCell>();
    rows.forEach((row, r) =>
      row.forEach(
        (v, c) => v !== "" && cells.set(key(r, c), { ...(options.typed ? typed(v) : { value: v }), locked: true }),
      ),
    );
    return { name, cells, protected: false, conditionalFormats: [], frozenRows: 0, columnWidths: new Map() };
  });
  const first = list[0]?.name ?? "Sheet1";
  return {
    sheets: list,
    selection: selection ?? { sheet: first, address: "A1" },
    active: first,
    syncs: 0,
    suspendedCalculation: 0,
  };
}

/** Reads a sheet's values as rows from A1 to the used range's end (blanks as ""). */
export function sheetValues(wb: FakeWorkbook, name: string): FakeValue[][] {
  const sheet = wb.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const b = usedBox(sheet);
  if (!b) return [];
  const out: FakeValue[][] = [];
  for (let r = 0; r <= b.r1; r++) {
    const row: FakeValue[] = [];
    for (let c = 0; c <= b.c1; c++) {
      const cell = sheet.cells.get(key(r, c));
      row.push(cell ? (cell.formula ?? cell.value) : "");
    }
    out.push(row);
  }
  return out;
}

class NotLoaded extends Error {}

/** An error as Office.js rejects a sync with: a `code` from Excel.ErrorCodes and a message. */
export class FakeOfficeError extends Error {
  constructor(
    readonly code: "AccessDenied" | "InvalidOperation" | "InvalidArgument" | "ItemNotFound" | "ItemAlreadyExists",
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * What Excel stores when text is written into a cell through `values` or `formulas`: the text is
 * read as if typed. A Text-formatted cell keeps it; an apostrophe makes the rest text; numbers and
 * TRUE/FALSE become values; "=", "+", "-" and "@" start a formula ("+x" and "-x" keep their sign,
 * "@" gives way to "=", as typing does).
 */
export function enter(raw: FakeValue, numberFormat?: string): { value: FakeValue; formula?: string } {
  if (typeof raw !== "string" || raw === "" || numberFormat === "@") return { value: raw };
  if (raw.startsWith("'")) return { value: raw.slice(1) };
  if (NUMBER_TEXT.test(raw)) return { value: Number(raw) };
  if (/^(true|false)$/i.test(raw)) return { value: raw.toLowerCase() === "true" };
  if (raw.startsWith("=")) return { value: "", formula: raw };
  if (raw.startsWith("+") || raw.startsWith("-")) return { value: "", formula: `=${raw}` };
  if (raw.startsWith("@")) return { value: "", formula: `=${raw.slice(1)}` };
  return { value: raw };
}

function accessDenied(what: string): FakeOfficeError {
  return new FakeOfficeError("AccessDenied", `${what}: the sheet is protected`);
}

/** Throws as Excel does when a protected sheet's options do not allow formatting cells. */
function checkFormatCells(s: FakeSheet): void {
  if (s.protected && !s.protectionOptions?.allowFormatCells) throw accessDenied("formatting cells");
}

function isBlank(cell: FakeCell | undefined): boolean {
  return !cell || (cell.value === "" && !cell.formula);
}

/**
 * Excel's current region around a cell: grows the box while the row above or below, or the
 * column left or right (each one cell longer at both ends, so diagonals count), holds data.
 * Cost: O(rows x columns) of the region per round, a few rounds.
 */
function currentRegion(sheet: FakeSheet, r: number, c: number): Box {
  const b: Box = { r0: r, c0: c, r1: r, c1: c };
  const filled = (row: number, col: number) =>
    row >= 0 && col >= 0 && row <= 1048575 && col <= 16383 && !isBlank(sheet.cells.get(key(row, col)));
  const rowHasData = (row: number) => {
    for (let col = b.c0 - 1; col <= b.c1 + 1; col++) if (filled(row, col)) return true;
    return false;
  };
  const colHasData = (col: number) => {
    for (let row = b.r0 - 1; row <= b.r1 + 1; row++) if (filled(row, col)) return true;
    return false;
  };
  // Rows first, as far as they go, then columns; repeat until neither grows (a few rounds).
  for (let grown = true; grown;) {
    const before = `${b.r0},${b.r1},${b.c0},${b.c1}`;
    while (b.r0 > 0 && rowHasData(b.r0 - 1)) b.r0--;
    while (b.r1 < 1048575 && rowHasData(b.r1 + 1)) b.r1++;
    while (b.c0 > 0 && colHasData(b.c0 - 1)) b.c0--;
    while (b.c1 < 16383 && colHasData(b.c1 + 1)) b.c1++;
    grown = before !== `${b.r0},${b.r1},${b.c0},${b.c1}`;
  }
  return b;
}

type Op = () => void;

class Ctx {
  readonly queue: Op[] = [];
  readonly pendingLoads: (() => void)[] = [];
  readonly workbook: FakeWorkbookProxy;
  readonly application: { suspendApiCalculationUntilNextSync: () => void };
  constructor(readonly wb: FakeWorkbook) {
    this.workbook = new FakeWorkbookProxy(this);
    this.application = {
      suspendApiCalculationUntilNextSync: () => {
        this.queue.push(() => {
          wb.suspendedCalculation++;
        });
      },
    };
  }
  async sync(): Promise<void> {
    this.wb.syncs++;
    const ops = this.queue.splice(0);
    const loads = this.pendingLoads.splice(0);
    const limit = this.wb.failAfterOps;
    this.wb.failAfterOps = undefined;
    ops.forEach((op, i) => {
      if (limit !== undefined && i >= limit) throw new Error("fake Excel: the connection was lost during sync");
      op();
    });
    for (const l of loads) l();
  }
}

/** Base of every proxy: load() records properties; reads check they were loaded and synced. */
class Loadable {
  protected readonly loaded = new Map<string, unknown>();
  constructor(protected readonly ctx: Ctx) {}
  protected snapshot(_prop: string): unknown {
    return undefined;
  }
  load(props?: string): this {
    const names = (props ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    this.ctx.pendingLoads.push(() => {
      for (const n of names) this.loaded.set(n, this.snapshot(n));
    });
    return this;
  }
  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw new NotLoaded(`PropertyNotLoaded: ${prop} was not loaded (or no sync ran)`);
    return this.loaded.get(prop) as T;
  }
}

class FakeWorkbookProxy {
  readonly worksheets: FakeWorksheets;
  constructor(private readonly ctx: Ctx) {
    this.worksheets = new FakeWorksheets(ctx);
  }
  getSelectedRange(): FakeRange {
    const sel = this.ctx.wb.selection;
    return new FakeRange(
      this.ctx,
      () => this.ctx.wb.sheets.find((s) => s.name === sel.sheet),
      () => parseAddress(sel.address),
    );
  }
}

class FakeWorksheets extends Loadable {
  protected override snapshot(prop: string): unknown {
    if (prop === "items/name") return this.ctx.wb.sheets.map((s) => ({ name: s.name }));
    if (prop === "items/protection/protected") return this.ctx.wb.sheets.map((s) => s.protected);
    return undefined;
  }
  /** The sheets' names, and their protection when `items/protection/protected` was loaded too. */
  get items(): { name: string; protection: { protected: boolean } }[] {
    const names = this.read<{ name: string }[]>("items/name");
    const flags = this.loaded.get("items/protection/protected") as boolean[] | undefined;
    return names.map((s, i) => ({
      name: s.name,
      protection: {
        get protected(): boolean {
          if (!flags) throw new NotLoaded("PropertyNotLoaded: items/protection/protected was not loaded");
          return flags[i];
        },
      },
    }));
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => {
      const s = this.ctx.wb.sheets.find((x) => x.name === name);
      if (!s) throw new FakeOfficeError("ItemNotFound", `worksheet ${name}`);
      return s;
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.wb.sheets.find((x) => x.name === name), true);
  }
  add(name: string): FakeWorksheet {
    this.ctx.queue.push(() => {
      if (this.ctx.wb.sheets.some((s) => s.name === name)) throw new FakeOfficeError("ItemAlreadyExists", name);
      this.ctx.wb.sheets.push({
        name,
        cells: new Map(),
        protected: false,
        conditionalFormats: [],
        frozenRows: 0,
        columnWidths: new Map(),
      });
    });
    return this.getItem(name);
  }
}

class FakeWorksheet extends Loadable {
  readonly protection: FakeProtection;
  readonly freezePanes: {
    freezeRows: (n: number) => void;
    freezeColumns: (n: number) => void;
    freezeAt: (range: string) => void;
  };
  readonly autoFilter: { apply: (range: string) => void };
  readonly pageLayout: {
    orientation?: string;
    zoom?: FakePageLayout["zoom"];
    printOrder?: string;
    setPrintTitleRows: (rows: string) => void;
    setPrintTitleColumns: (columns: string) => void;
    headersFooters: { defaultForAllPages: { centerFooter?: string } };
    leftMargin?: number;
    rightMargin?: number;
    topMargin?: number;
    bottomMargin?: number;
    headerMargin?: number;
    footerMargin?: number;
  };
  readonly verticalPageBreaks: { add: (cell: string) => void; removePageBreaks: () => void };
  readonly horizontalPageBreaks: { add: (cell: string) => void; removePageBreaks: () => void };
  constructor(
    ctx: Ctx,
    readonly resolve: () => FakeSheet | undefined,
    private readonly nullable = false,
  ) {
    super(ctx);
    this.protection = new FakeProtection(ctx, this);
    this.freezePanes = {
      freezeRows: (n: number) =>
        ctx.queue.push(() => {
          this.sheet().frozenRows = n;
          this.sheet().frozenColumns = 0;
        }),
      freezeColumns: (n: number) =>
        ctx.queue.push(() => {
          this.sheet().frozenColumns = n;
          this.sheet().frozenRows = 0;
        }),
      // Excel freezes the rows above and the columns left of the range's bottom-right corner.
      freezeAt: (range: string) =>
        ctx.queue.push(() => {
          const b = parseAddress(range);
          this.sheet().frozenRows = b.r1 + 1;
          this.sheet().frozenColumns = b.c1 + 1;
        }),
    };
    this.autoFilter = {
      apply: (range: string) =>
        ctx.queue.push(() => {
          const s = this.sheet();
          if (s.protected && !s.protectionOptions?.allowAutoFilter) throw accessDenied("applying a filter");
          s.autoFilter = range;
        }),
    };
    const layout = () => (this.sheet().pageLayout ??= {});
    const q = (op: Op) => ctx.queue.push(op);
    this.pageLayout = {
      set orientation(v: string) {
        q(() => (layout().orientation = v));
      },
      set zoom(v: FakePageLayout["zoom"]) {
        // Office.js: a scale must not come with fit-to-pages widths or heights (an InvalidArgument).
        if (v?.scale !== undefined && (v.horizontalFitToPages !== undefined || v.verticalFitToPages !== undefined))
          throw new Error("InvalidArgument: zoom takes a scale or pages to fit to, not both");
        if (v?.scale !== undefined && (v.scale < 10 || v.scale > 400))
          throw new Error("InvalidArgument: the print scale is between 10 and 400");
        q(() => (layout().zoom = v));
      },
      set printOrder(v: string) {
        q(() => (layout().printOrder = v));
      },

      setPrintTitleRows: (rows: string) => q(() => (layout().printTitleRows = rows)),
      setPrintTitleColumns: (columns: string) => q(() => (layout().printTitleColumns = columns)),
      headersFooters: {
        defaultForAllPages: {
          set centerFooter(v: string) {
            q(() => (layout().centerFooter = v));
          },
        },
      },
    };
    // Margins in points, one setter a side, as Office.js has them.
    Object.defineProperties(
      this.pageLayout,
      Object.fromEntries(
        ["leftMargin", "rightMargin", "topMargin", "bottomMargin", "headerMargin", "footerMargin"].map((side) => [
          side,
          { set: (v: number) => q(() => ((layout().margins ??= {})[side] = v)) },
        ]),
      ),
    );
    this.verticalPageBreaks = {
      add: (cell: string) => q(() => (layout().verticalPageBreaks ??= []).push(cell)),
      removePageBreaks: () => q(() => delete layout().verticalPageBreaks),
    };
    this.horizontalPageBreaks = {
      add: (cell: string) => q(() => (layout().horizontalPageBreaks ??= []).push(cell)),
      removePageBreaks: () => q(() => delete layout().horizontalPageBreaks),
    };
  }
  sheet(): FakeSheet {
    const s = this.resolve();
    if (!s) throw new FakeOfficeError("ItemNotFound", "worksheet");
    return s;
  }
  protected override snapshot(prop: string): unknown {
    const s = this.resolve();
    if (prop === "name") return s?.name;
    return undefined;
  }
  get isNullObject(): boolean {
    if (!this.nullable) return false;
    if (!this.ctx.wb.syncs) throw new NotLoaded("isNullObject read before sync");
    return this.resolve() === undefined;
  }
  get name(): string {
    return this.read("name");
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, this.resolve, () =>
      address ? parseAddress(address) : { r0: 0, c0: 0, r1: 1048575, c1: 16383 },
    );
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.ctx,
      this.resolve,
      () => {
        const s = this.resolve();
        return s ? usedBox(s) : undefined;
      },
      true,
    );
  }
  activate(): void {
    this.ctx.queue.push(() => (this.ctx.wb.active = this.sheet().name));
  }
}

class FakeProtection extends Loadable {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {
    super(ctx);
  }
  protected override snapshot(prop: string): unknown {
    const s = this.ws.resolve();
    if (prop === "protected") return s?.protected ?? false;
    if (prop === "options") return { ...(s?.protected ? s.protectionOptions : {}) };
    return undefined;
  }
  get protected(): boolean {
    return this.read("protected");
  }
  get options(): FakeProtectionOptions {
    return this.read("options");
  }
  protect(options?: FakeProtectionOptions, password?: string): void {
    this.ctx.queue.push(() => {
      const s = this.ws.sheet();
      if (s.protected) throw new FakeOfficeError("InvalidOperation", "the sheet is already protected");
      s.protected = true;
      s.password = password;
      s.protectionOptions = { ...options };
    });
  }
  unprotect(password?: string): void {
    this.ctx.queue.push(() => {
      const s = this.ws.sheet();
      // Current Excel builds refuse to unprotect a sheet that is not protected (office-js issue 6784).
      if (!s.protected) throw new FakeOfficeError("AccessDenied", "You cannot perform the requested operation.");
      if (s.password !== undefined && s.password !== password)
        throw new FakeOfficeError("InvalidArgument", "The password is incorrect.");
      s.protected = false;
      s.password = undefined;
      s.protectionOptions = undefined;
    });
  }
}

/** Excel's default column width in points (8.43 characters of Calibri 11: 64 px). */
const DEFAULT_WIDTH_POINTS = 48;

class FakeRange extends Loadable {
  readonly format: {
    font: { bold?: boolean; color?: string };
    fill: { color?: string };
    protection: { locked?: boolean };
    borders: { getItem: (edge: string) => { style?: string; color?: string } };
    columnWidth?: number | null;
    rowHeight?: number;
    wrapText?: boolean;
    verticalAlignment?: string;
  };
  readonly conditionalFormats: { add: (type: string) => FakeConditionalFormat };
  readonly dataValidation: { rule?: { list?: { inCellDropDown: boolean; source: string } }; errorAlert?: unknown };
  constructor(
    ctx: Ctx,
    private readonly sheetOf: () => FakeSheet | undefined,
    private readonly boxOf: () => Box | undefined,
    private readonly nullable = false,
  ) {
    super(ctx);
    const each = (fn: (cell: FakeCell, s: FakeSheet) => void) => () => {
      const s = this.target();
      const b = this.box();
      // Cells are created lazily; a whole-sheet or whole-column format touches existing cells only.
      const huge = (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1) > 200000;
      if (huge) {
        for (const [k, cell] of s.cells) {
          const [r, c] = k.split(",").map(Number);
          if (r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1) fn(cell, s);
        }
        return;
      }
      for (let r = b.r0; r <= b.r1; r++)
        for (let c = b.c0; c <= b.c1; c++) {
          let cell = s.cells.get(key(r, c));
          if (!cell) s.cells.set(key(r, c), (cell = { value: "", locked: true }));
          fn(cell, s);
        }
    };
    const q = (op: Op) => ctx.queue.push(op);
    const self = this;
    const formatCells = (fn: (cell: FakeCell) => void) => () => {
      checkFormatCells(this.target());
      each(fn)();
    };
    this.format = {
      font: {
        set bold(v: boolean) {
          q(formatCells((c) => (c.bold = v)));
        },
        set color(_v: string) {
          /* font colour is not modelled */
        },
      },
      fill: {
        set color(v: string) {
          q(formatCells((c) => (c.fill = v)));
        },
      },
      borders: {
        // Only the bottom edge is modelled (the header style draws it); others are accepted and ignored.
        getItem: (edge: string) => ({
          set style(_v: string) {
            /* line style is not modelled */
          },
          set color(v: string) {
            if (edge === "EdgeBottom") q(formatCells((c) => (c.borderBottom = v)));
          },
        }),
      },
      protection: {
        set locked(v: boolean) {
          // Excel refuses to change the locked flag while the sheet is protected, whatever the options.
          q(() => {
            if (self.target().protected) throw accessDenied("changing locked cells");
            each((c) => (c.locked = v))();
          });
        },
      },
      set wrapText(v: boolean) {
        q(formatCells((c) => (c.wrapText = v)));
      },
      set verticalAlignment(v: string) {
        q(formatCells((c) => (c.verticalAlignment = v)));
      },
      set rowHeight(v: number) {
        q(() => {
          const s = self.target();
          if (s.protected && !s.protectionOptions?.allowFormatRows) throw accessDenied("formatting rows");
          const b = self.box();
          for (let r = b.r0; r <= b.r1; r++) (s.rowHeights ??= new Map()).set(r, v);
        });
      },
      get columnWidth(): number | null {
        return self.read("format/columnWidth");
      },
      set columnWidth(v: number) {
        q(() => {
          const s = self.target();
          if (s.protected && !s.protectionOptions?.allowFormatColumns) throw accessDenied("formatting columns");
          const b = self.box();
          for (let c = b.c0; c <= b.c1; c++) s.columnWidths.set(c, v);
        });
      },
    };
    this.dataValidation = {
      set rule(v: { list?: { inCellDropDown: boolean; source: string } }) {
        q(() => {
          const s = self.target();
          checkFormatCells(s);
          if (!v.list) return;
          (s.validations ??= []).push({
            address: boxAddress(s.name, self.box()),
            list: v.list.source.split(",").map((w) => w.trim()),
          });
        });
      },
      set errorAlert(_v: unknown) {
        /* the alert's text is not modelled */
      },
    };
    this.conditionalFormats = {
      add: (_type: string) => {
        const cf = new FakeConditionalFormat();
        q(() => {
          const s = this.target();
          checkFormatCells(s);
          s.conditionalFormats.push({
            address: boxAddress(s.name, this.box()),
            text: cf.text,
            fill: cf.fill,
            font: cf.font,
          });
        });
        return cf;
      },
    };
  }
  private target(): FakeSheet {
    const s = this.sheetOf();
    if (!s) throw new FakeOfficeError("ItemNotFound", "worksheet");
    return s;
  }
  private box(): Box {
    const b = this.boxOf();
    if (!b) throw new FakeOfficeError("ItemNotFound", "range");
    return b;
  }
  get isNullObject(): boolean {
    if (!this.nullable) return false;
    if (!this.ctx.wb.syncs) throw new NotLoaded("isNullObject read before sync");
    return this.sheetOf() === undefined || this.boxOf() === undefined;
  }
  protected override snapshot(prop: string): unknown {
    const s = this.sheetOf();
    const b = this.boxOf();
    if (!s || !b) return undefined;
    switch (prop) {
      case "values":
      case "formulas": {
        const out: FakeValue[][] = [];
        for (let r = b.r0; r <= b.r1; r++) {
          const row: FakeValue[] = [];
          for (let c = b.c0; c <= b.c1; c++) {
            const cell = s.cells.get(key(r, c));
            row.push(cell ? (prop === "formulas" ? (cell.formula ?? cell.value) : cell.value) : "");
          }
          out.push(row);
        }
        return out;
      }
      case "rowIndex":
        return b.r0;
      case "columnIndex":
        return b.c0;
      case "address":
        return boxAddress(s.name, b);
      case "cellCount":
        return (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1);
      case "rowCount":
        return b.r1 - b.r0 + 1;
      case "columnCount":
        return b.c1 - b.c0 + 1;
      case "worksheet/name":
        return s.name;
      case "format/columnWidth": {
        // Points, as Office.js gives them: a column never sized has Excel's default (8.43
        // characters, 64 px, 48 points); columns of different widths give null.
        const widths = new Set<number>();
        for (let c = b.c0; c <= b.c1; c++) widths.add(s.columnWidths.get(c) ?? DEFAULT_WIDTH_POINTS);
        return widths.size === 1 ? [...widths][0] : null;
      }
    }
    return undefined;
  }
  get values(): FakeValue[][] {
    return this.read("values");
  }
  set values(v: FakeValue[][]) {
    this.write(v);
  }
  get formulas(): FakeValue[][] {
    return this.read("formulas");
  }
  set formulas(v: (FakeValue | null)[][]) {
    this.write(v);
  }
  set numberFormat(v: string[][]) {
    this.ctx.queue.push(() => {
      const s = this.target();
      const b = this.box();
      this.checkShape(v, b);
      checkFormatCells(s);
      v.forEach((row, i) =>
        row.forEach((f, j) => {
          const k = key(b.r0 + i, b.c0 + j);
          const cell = s.cells.get(k) ?? { value: "", locked: true };
          cell.numberFormat = f;
          s.cells.set(k, cell);
        }),
      );
    });
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get address(): string {
    return this.read("address");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  /** The range's worksheet; its name is read through `load("worksheet/name")`, as in Office.js. */
  get worksheet(): FakeWorksheet {
    const sheet = new FakeWorksheet(this.ctx, this.sheetOf);
    Object.defineProperty(sheet, "name", { get: () => this.read<string>("worksheet/name") });
    return sheet;
  }
  private checkShape(v: unknown[][], b: Box): void {
    if (v.length !== b.r1 - b.r0 + 1 || v.some((row) => row.length !== b.c1 - b.c0 + 1)) {
      throw new FakeOfficeError(
        "InvalidArgument",
        `the array is ${v.length}x${v[0]?.length} but the range is ${b.r1 - b.r0 + 1}x${b.c1 - b.c0 + 1}`,
      );
    }
  }
  /** `values` and `formulas` store alike: Excel reads written text as typed (see `enter`). */
  private write(v: (FakeValue | null)[][]): void {
    this.ctx.queue.push(() => {
      const s = this.target();
      const b = this.box();
      this.checkShape(v, b);
      v.forEach((row, i) =>
        row.forEach((value, j) => {
          // Office.js leaves a cell unchanged where the written array holds null.
          if (value === null) return;
          const k = key(b.r0 + i, b.c0 + j);
          const cell = s.cells.get(k) ?? { value: "", locked: true };
          if (s.protected && cell.locked !== false)
            throw new FakeOfficeError("AccessDenied", `cell ${LETTERS(b.c0 + j)}${b.r0 + i + 1} is locked`);
          const stored = enter(value, cell.numberFormat);
          if (typeof stored.value === "string" && stored.value.length > CELL_TEXT_LIMIT)
            throw new FakeOfficeError(
              "InvalidArgument",
              `cell ${LETTERS(b.c0 + j)}${b.r0 + i + 1}: ${stored.value.length} characters, more than a cell holds`,
            );
          cell.value = stored.value;
          cell.formula = stored.formula;
          s.cells.set(k, cell);
        }),
      );
    });
  }
  /** Clears values and formats; on a protected sheet only unlocked cells, and only if formatting is allowed. */
  clear(): void {
    this.ctx.queue.push(() => {
      const s = this.target();
      const b = this.box();
      if (s.protected) {
        checkFormatCells(s);
        for (const [k, cell] of s.cells) {
          const [r, c] = k.split(",").map(Number);
          const inside = r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1;
          if (inside && cell.locked !== false) throw accessDenied(`clearing locked cell ${LETTERS(c)}${r + 1}`);
        }
        // Cells never written are locked by default: a range beyond the written cells holds some.
        const written = [...s.cells.keys()].filter((k) => {
          const [r, c] = k.split(",").map(Number);
          return r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1;
        }).length;
        if (written < (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1)) throw accessDenied("clearing locked cells");
      }
      for (const k of [...s.cells.keys()]) {
        const [r, c] = k.split(",").map(Number);
        if (r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1) s.cells.delete(k);
      }
      s.conditionalFormats = s.conditionalFormats.filter(() => !(b.r0 === 0 && b.r1 >= 1048575));
      // Merges are unmerged by the rows they start on (the plan's merges are one row each).
      s.merges = s.merges?.filter((m) => {
        const r = Number(/\d+/.exec(m)![0]) - 1;
        return r < b.r0 || r > b.r1;
      });
    });
  }
  /** Merges the range into one cell (across: each row on its own), as Excel's Range.merge. */
  merge(across = false): void {
    this.ctx.queue.push(() => {
      const s = this.target();
      if (s.protected) checkFormatCells(s);
      const address = boxAddress(s.name, this.box()).split("!")[1];
      if (across) throw new Error("fake Excel: merge(true) is not modelled");
      (s.merges ??= []).push(address);
    });
  }
  /** Excel's current region around this range's top-left cell: blank rows and columns end it. */
  getSurroundingRegion(): FakeRange {
    return new FakeRange(this.ctx, this.sheetOf, () => {
      const s = this.sheetOf();
      const b = this.boxOf();
      return s && b ? currentRegion(s, b.r0, b.c0) : undefined;
    });
  }
  select(): void {
    this.ctx.queue.push(() => {
      const s = this.target();
      this.ctx.wb.selection = { sheet: s.name, address: boxAddress(s.name, this.box()).split("!")[1] };
    });
  }
}

class FakeConditionalFormat {
  text = "";
  fill = "";
  font = "";
  readonly textComparison: {
    format: { fill: { color: string }; font: { color: string } };
    rule: { operator: string; text: string };
  };
  /** A CellValue format (equal to a number): the same fill and font, its formula as the text. */
  readonly cellValue: {
    format: { fill: { color: string }; font: { color: string } };
    rule: { formula1: string; operator: string };
  };
  constructor() {
    const self = this;
    const colours = {
      fill: {
        set color(v: string) {
          self.fill = v;
        },
        get color() {
          return self.fill;
        },
      },
      font: {
        set color(v: string) {
          self.font = v;
        },
        get color() {
          return self.font;
        },
      },
    };
    this.cellValue = {
      format: colours,
      set rule(r: { formula1: string; operator: string }) {
        self.text = r.formula1;
      },
      get rule() {
        return { formula1: self.text, operator: "EqualTo" };
      },
    };
    this.textComparison = {
      format: {
        fill: {
          set color(v: string) {
            self.fill = v;
          },
          get color() {
            return self.fill;
          },
        },
        font: {
          set color(v: string) {
            self.font = v;
          },
          get color() {
            return self.font;
          },
        },
      },
      set rule(r: { operator: string; text: string }) {
        self.text = r.text;
      },
      get rule() {
        return { operator: "BeginsWith", text: self.text };
      },
    };
  }
}

/** Excel.run over a fake workbook. */
export function fakeRun(wb: FakeWorkbook) {
  return async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const ctx = new Ctx(wb);
    return batch(ctx as unknown as Excel.RequestContext);
  };
}

/*
 * Compile-time checks that the fakes' members have the types @types/office-js gives the
 * real ones, so the fake cannot drift from the API the adapter is written against.
 */
type Members<T, K extends keyof T> = Pick<T, K>;
export const typedAgainstOfficeJs = (r: FakeRange, w: FakeWorksheet, p: FakeProtection) => {
  const range: Members<
    Excel.Range,
    | "values"
    | "formulas"
    | "rowIndex"
    | "columnIndex"
    | "rowCount"
    | "columnCount"
    | "address"
    | "cellCount"
    | "isNullObject"
    | "clear"
    | "select"
  > = r;
  const sheet: Members<Excel.Worksheet, "name" | "isNullObject" | "activate"> = w;
  const protection: Members<Excel.WorksheetProtection, "protected" | "protect" | "unprotect"> = p;
  const locked: Excel.FormatProtection["locked"] = r.format.protection.locked ?? false;
  return [range, sheet, protection, locked];
};
