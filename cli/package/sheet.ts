/**
 * SpreadsheetML for the sheets the product writes, straight from their plans: each sheet a
 * worksheet part of its own, its children placed in CT_Worksheet's order by construction
 * (sheetViews, sheetFormatPr, cols, sheetData, sheetProtection, conditionalFormatting,
 * pageMargins), its rows streamed as text chunks so a sheet of a million rows never sits whole
 * in memory. Strings are written inline (`t="inlineStr"`), so the client's shared strings are
 * never touched; styles come from the merged {@link StyleRegistry}. Every text goes through the
 * one OOXML text codec (src/ooxml/text.ts), every formula through src/ooxml/formula.ts.
 */
import { randomBytes } from "crypto";
import { areaLookup, CellArea, CellValue, columnLetter, parseArea } from "../../src/governance/model";
import { isFormula, PlannedCell, ProtectionPlan, SheetPlan, StatusFill } from "../../src/governance/plan";
import { storedFormula } from "../../src/ooxml/formula";
import { xmlAttr, xmlText } from "../../src/ooxml/text";
import { spunPasswordHash, StoredProtection } from "../protection";
import { Align, StyleRegistry } from "./styles";
import { DeflatedSegment, SegmentDeflater } from "./zip";

export const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
export const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A sheet plan whose rows may come one at a time (an array, or a generator for a sheet too big
 * to hold: row i of the iterable is sheet row i + 1; `undefined` or an empty row writes nothing).
 */
export interface StreamedSheetPlan extends Omit<SheetPlan, "cells"> {
  readonly cells: Iterable<readonly PlannedCell[] | undefined>;
  /** Rows after the cells, already written and deflated while they were made ({@link SheetBody}). */
  readonly body?: WrittenBody;
}

/** How a protected sheet's password is stored. */
export interface SheetPassword {
  /** Protect with this password (hashed here, never stored). */
  readonly password?: string;
  /** Without a password: keep this stored hash. */
  readonly kept?: StoredProtection;
}

/** Spin count of a new password hash: Excel's own. */
const SPIN_COUNT = 100_000;
/** Characters of sheet XML gathered before a chunk is handed on. */
const CHUNK = 1 << 16;

/** One locked or unlocked area of a protection plan. */
type Lock = CellArea & { readonly locked: boolean };

/**
 * A protection plan's areas by row, in the plan's order (unlocked, then locked), so each row
 * finds its own quickly (a register has one locked area per closed measure).
 */
export class Locks {
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

  /** The areas crossing row r, unlocked ones first (so a locked area wins). */
  of(r: number): Lock[] {
    const found = this.spans.filter((a) => r >= a.r1 && r <= a.r2);
    const single = this.single.get(r);
    if (single) found.push(...single);
    return found.sort((a, b) => Number(a.locked) - Number(b.locked));
  }
}

/** The lock a row's areas give column c (1-based), or undefined when none covers it. */
export function lockAt(areas: readonly Lock[], c: number): boolean | undefined {
  let locked: boolean | undefined;
  for (const a of areas) if (c >= a.c1 && c <= a.c2) locked = a.locked;
  return locked;
}

/** The widest column any area of a row reaches. */
export function lastLockedColumn(areas: readonly Lock[]): number {
  let last = 0;
  for (const a of areas) last = Math.max(last, a.c2);
  return last;
}

/** A cell's XML for a value the product writes (undefined when nothing is to be written). */
export function cellXml(ref: string, cell: PlannedCell, style: number): string | undefined {
  const s = style ? ` s="${style}"` : "";
  if (isFormula(cell)) {
    const f = `<f>${xmlText(storedFormula(cell.formula))}</f>`;
    return `<c r="${ref}"${s}${cachedXml(f, cell.value)}</c>`;
  }
  if (cell === null || cell === undefined) return style ? `<c r="${ref}"${s}/>` : undefined;
  return `<c r="${ref}"${s}${valueXml(cell)}</c>`;
}

/** The rest of a cell after its `r` and `s`: type attribute, `>` and the value. */
function valueXml(v: Exclude<CellValue, null>): string {
  if (typeof v === "number") return Number.isFinite(v) ? `><v>${v}</v>` : ` t="e"><v>#NUM!</v>`;
  if (typeof v === "boolean") return ` t="b"><v>${v ? 1 : 0}</v>`;
  const space = /^\s|\s$|[\n\t]/.test(v) ? ' xml:space="preserve"' : "";
  return ` t="inlineStr"><is><t${space}>${xmlText(v)}</t></is>`;
}

/** A formula's cell rest: the cached value's type, the formula, the value. */
function cachedXml(f: string, value: CellValue): string {
  if (value === null) return `>${f}`;
  if (typeof value === "number") return Number.isFinite(value) ? `>${f}<v>${value}</v>` : ` t="e">${f}<v>#NUM!</v>`;
  if (typeof value === "boolean") return ` t="b">${f}<v>${value ? 1 : 0}</v>`;
  return ` t="str">${f}<v>${xmlText(value)}</v>`;
}

/**
 * The `<sheetProtection>` element of a protection plan: the allowed actions as "0" (ECMA-376
 * defaults every one of them to protected), selecting cells always allowed, and a password
 * hashed with SHA-512 and a fresh salt, or the stored hash kept.
 */
export function protectionXml(plan: ProtectionPlan, password: SheetPassword): string {
  let attrs = "";
  if (password.password) {
    const salt = randomBytes(16).toString("base64");
    const hash = spunPasswordHash(password.password, "SHA-512", salt, SPIN_COUNT);
    attrs += ` algorithmName="SHA-512" hashValue="${hash}" saltValue="${salt}" spinCount="${SPIN_COUNT}"`;
  } else if (password.password === undefined && password.kept?.hashValue && password.kept.algorithmName) {
    const k = password.kept;
    attrs += ` algorithmName="${xmlText(k.algorithmName!)}" hashValue="${xmlText(k.hashValue!)}" saltValue="${xmlText(k.saltValue ?? "")}" spinCount="${k.spinCount ?? 0}"`;
  }
  attrs += ' sheet="1" objects="1" scenarios="1"';
  for (const [name, allowed] of Object.entries(plan.options)) if (allowed) attrs += ` ${name}="0"`;
  return `<sheetProtection${attrs}/>`;
}

/**
 * The plan's status fills as `<conditionalFormatting>` elements (so they follow live
 * formulas): one per range, one cellIs rule per word.
 * @param firstPriority - Priorities already taken on the sheet (they must be unique).
 */
export function fillsXml(fills: readonly StatusFill[] | undefined, styles: StyleRegistry, firstPriority = 0): string {
  const byRange = new Map<string, StatusFill[]>();
  for (const fill of fills ?? []) byRange.set(fill.range, [...(byRange.get(fill.range) ?? []), fill]);
  let priority = firstPriority;
  let xml = "";
  for (const [range, list] of byRange) {
    xml += `<conditionalFormatting sqref="${range.replace(/\$/g, "")}">`;
    for (const f of list) {
      const dxf = styles.statusFill(f.fill, f.font);
      // A numeric fill compares with the number itself, a word with the quoted text.
      const word = f.numeric ? f.text : `"${f.text.replace(/"/g, '""')}"`;
      xml += `<cfRule type="cellIs" dxfId="${dxf}" priority="${++priority}" operator="equal"><formula>${xmlText(word)}</formula></cfRule>`;
    }
    xml += "</conditionalFormatting>";
  }
  return xml;
}

/** `<sheetViews>` with the first rows and columns frozen (or none). */
export function viewsXml(freezeRows: number | undefined, selected: boolean, freezeColumns = 0): string {
  const tab = selected ? ' tabSelected="1"' : "";
  const rows = freezeRows ?? 0;
  if (!rows && !freezeColumns) return `<sheetViews><sheetView${tab} workbookViewId="0"/></sheetViews>`;
  const top = `${columnLetter(freezeColumns)}${rows + 1}`;
  const pane = rows && freezeColumns ? "bottomRight" : rows ? "bottomLeft" : "topRight";
  return (
    `<sheetViews><sheetView${tab} workbookViewId="0">` +
    `<pane${freezeColumns ? ` xSplit="${freezeColumns}"` : ""}${rows ? ` ySplit="${rows}"` : ""} topLeftCell="${top}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>`
  );
}

/** `<dataValidations>` of the plan's drop-down lists (or nothing). */
export function validationsXml(validations: SheetPlan["validations"]): string {
  if (!validations?.length) return "";
  const items = validations.map((v) => validationXml(v.range, v.list));
  return `<dataValidations count="${items.length}">${items.join("")}</dataValidations>`;
}

/** One drop-down list: only these words, a message naming them. */
export function validationXml(range: string, list: readonly string[]): string {
  const words = list.join(",");
  return (
    `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="Not in the list" ` +
    `error="${xmlAttr(`Choose one of: ${list.join(", ")}.`)}" sqref="${range.replace(/\$/g, "")}">` +
    `<formula1>${xmlText(`"${words.replace(/"/g, '""')}"`)}</formula1></dataValidation>`
  );
}

/**
 * The print setup's `<pageSetup>` (fitted to its width, or at its scale across pages),
 * `<headerFooter>`, `<rowBreaks>` and `<colBreaks>` (after the page margins, in CT_Worksheet's order).
 */
export function printXml(print: SheetPlan["print"]): string {
  if (!print) return "";
  const orientation = `orientation="${print.landscape ? "landscape" : "portrait"}"`;
  // CT_PageSetup's attributes: a scale only for a sheet not fitted to its width.
  const scale = fitsToPage(print) ? "" : ` scale="${print.scale ?? 100}"`;
  const order = print.overThenDown ? ' pageOrder="overThenDown"' : "";
  return (
    `<pageSetup${scale} fitToWidth="${print.fitToWidth}" fitToHeight="0"${order} ${orientation}/>` +
    (print.footer ? `<headerFooter><oddFooter>${xmlText(print.footer)}</oddFooter></headerFooter>` : "") +
    breaksXml("rowBreaks", print.rowBreaks, 16383) +
    breaksXml("colBreaks", print.columnBreaks, 1048575)
  );
}

/**
 * `<rowBreaks>` or `<colBreaks>`: a manual page break above each row, or left of each column
 * (0-based indices, Excel's brk ids), spanning the sheet (`max`).
 */
export function breaksXml(name: "rowBreaks" | "colBreaks", breaks: readonly number[] | undefined, max: number): string {
  if (!breaks?.length) return "";
  const items = breaks.map((i) => `<brk id="${i}" max="${max}" man="1"/>`).join("");
  return `<${name} count="${breaks.length}" manualBreakCount="${breaks.length}">${items}</${name}>`;
}

/** A `<row>`'s height attributes for a planned height (points), or nothing. */
export function rowHeightAttrs(height: number | undefined): string {
  return height ? ` ht="${height}" customHeight="1"` : "";
}

/** The plan's merged cells as a `mergeCells` element (empty without any). */
export function mergesXml(merges: SheetPlan["merges"]): string {
  if (!merges?.length) return "";
  const refs = merges.map((m) => `<mergeCell ref="${m.replace(/\$/g, "")}"/>`).join("");
  return `<mergeCells count="${merges.length}">${refs}</mergeCells>`;
}

/** The plan's row heights by 1-based row. */
export function rowHeightsOf(plan: { rowHeights?: SheetPlan["rowHeights"] }): Map<number, number> {
  return new Map((plan.rowHeights ?? []).map((h) => [h.row, h.height]));
}

/** Whether the print setup fits the sheet to its page width (the sheet's `fitToPage` property). */
export function fitsToPage(print: SheetPlan["print"]): boolean {
  return Boolean(print && print.fitToWidth > 0);
}

/** `<sheetPr>` saying the sheet prints fitted to its page width (needed by a print setup's fitToWidth). */
export const FIT_TO_PAGE = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';

/** `<cols>` with the plan's widths (in characters), or nothing. */
export function colsXml(widths: readonly number[] | undefined): string {
  if (!widths || widths.length === 0) return "";
  let xml = "<cols>";
  widths.forEach((w, i) => {
    if (w !== undefined && w !== null && Number.isFinite(w)) {
      xml += `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`;
    }
  });
  return xml === "<cols>" ? "" : xml + "</cols>";
}

/** Excel's default page margins (inches), which it writes on every sheet. */
export const PAGE_MARGINS = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** A sheet's `<pageMargins>`: the print setup's, else Excel's defaults. */
export function marginsXml(print: SheetPlan["print"]): string {
  if (!print) return PAGE_MARGINS;
  const m = print.margins;
  return `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
}

/** The number formats of a plan, as areas. */
export function formatAreas(plan: { formats?: SheetPlan["formats"] }): (CellArea & { format: string })[] {
  return (plan.formats ?? []).map((f) => ({ ...parseArea(f.range), format: f.format }));
}

/**
 * The number format and alignment (wrapped, or at the top) of a plan's cells by 1-based row and
 * column, looked up through {@link areaLookup} (a format per row of a long table costs a lookup,
 * not a scan).
 */
export function cellLooks(plan: Pick<SheetPlan, "formats" | "wrap" | "alignTop">): {
  formatAt: (r: number, c: number) => string | undefined;
  alignAt: (r: number, c: number) => Align;
} {
  const formats = areaLookup(formatAreas(plan));
  const wraps = areaLookup((plan.wrap ?? []).map(parseArea));
  const tops = areaLookup((plan.alignTop ?? []).map(parseArea));
  return {
    formatAt: (r, c) => formats(r, c)?.format,
    alignAt: (r, c) => (wraps(r, c) !== undefined ? 1 : tops(r, c) !== undefined ? 2 : 0),
  };
}

/**
 * The worksheet part of a sheet the product owns (a replaced or new sheet), as text chunks.
 * Rows are taken from the plan's iterable one at a time. Cost: O(cells + locked cells);
 * memory: one chunk of about 64 KB of XML besides the plan.
 * @param selected - The sheet is the workbook's active tab.
 */
export function* planSheetXml(
  plan: StreamedSheetPlan,
  styles: StyleRegistry,
  password: SheetPassword = {},
  selected = false,
): Generator<string | DeflatedSegment> {
  let chunk =
    XML_HEAD +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    (fitsToPage(plan.print) ? FIT_TO_PAGE : "") +
    viewsXml(plan.freezeRows, selected, plan.freezeColumns) +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    colsXml(plan.columnWidths) +
    "<sheetData>";
  const locks = new Locks(plan.protection);
  const { formatAt, alignAt } = cellLooks(plan);
  const headers = new Set((plan.headerRows ?? []).map((r) => r + 1));
  const heights = rowHeightsOf(plan);
  const letters: string[] = [];
  const letter = (c: number) => (letters[c] ??= columnLetter(c - 1));
  let r = 0;
  const rowXml = (line: readonly PlannedCell[] | undefined): string => {
    const areas = locks.of(r);
    const header = headers.has(r);
    const width = Math.max(line?.length ?? 0, areas.length ? lastLockedColumn(areas) : 0);
    let cells = "";
    for (let c = 1; c <= width; c++) {
      const value = line?.[c - 1];
      const locked = areas.length ? lockAt(areas, c) : undefined;
      if (value === undefined && !header && locked === undefined) continue;
      const format = formatAt(r, c);
      const align = alignAt(r, c);
      // A blank keeps a cell only for its look (a header, a lock, a format or alignment, as Excel keeps them).
      if (value === null && !header && locked === undefined && !format && !align) continue;
      const style = format || header || align || locked === false ? styles.cellStyle(format, header, locked, align) : 0;
      const xml = cellXml(letter(c) + r, value ?? null, style);
      if (xml) cells += xml;
    }
    return cells ? `<row r="${r}"${rowHeightAttrs(heights.get(r))}>${cells}</row>` : "";
  };
  for (const line of plan.cells) {
    r++;
    chunk += rowXml(line);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  if (plan.body) {
    // A bug in the caller, not the user's data: the body was numbered for other rows before it.
    if (plan.body.firstRow !== r + 1)
      throw new Error(`sheet body of ${plan.name} starts at row ${plan.body.firstRow}, not ${r + 1}`);
    yield chunk;
    chunk = "";
    yield plan.body.segment;
    r += plan.body.rows;
  }
  // Locked or unlocked areas below the last planned row still get their cells.
  while (r < locks.lastRow) {
    r++;
    chunk += rowXml(undefined);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += "</sheetData>";
  if (plan.protection) chunk += protectionXml(plan.protection, password);
  if (plan.autoFilter) chunk += `<autoFilter ref="${plan.autoFilter.replace(/\$/g, "")}"/>`;
  chunk += mergesXml(plan.merges);
  chunk += fillsXml(plan.fills, styles);
  chunk += validationsXml(plan.validations);
  chunk += marginsXml(plan.print) + printXml(plan.print) + "</worksheet>";
  yield chunk;
}

/** Rows written by a {@link SheetBody}: their deflated XML, the first row's number and how many rows. */
export interface WrittenBody {
  readonly segment: DeflatedSegment;
  readonly firstRow: number;
  readonly rows: number;
}

/**
 * A sheet's rows of plain values written as they come, for a sheet too big to keep until it is
 * written (a million tickets): each row becomes its `<row>` XML at once and is deflated on
 * zlib's threads into a segment ({@link SegmentDeflater}) that the package writer later copies
 * into the part, after the plan's own rows (`StreamedSheetPlan.body`). The cells are those
 * {@link planSheetXml} writes for the same rows, in a shorter form the schema allows: a cell
 * that directly follows the one before it in its row has no `r` (ECMA-376 Part 1, 18.3.1.4:
 * optional, the next column is meant; the first cell of a row and any cell after a gap keep
 * theirs, which ExcelJS needs), and a number is written by {@link writeNumber} (the same
 * double, not always the shortest text). Each column's style is the one the head's formats
 * give its first body row, so the head's formats must cover the body column by column (the
 * ticket sheets' do: one format per column down to the last row) and the body must have no
 * locked, wrapped or header rows. Cost: O(cells); memory: a few megabytes of buffers.
 * @example const b = new SheetBody(ticketsSheetHead(0), styles, 2, file); b.push(["INC1", "P1"]); await b.finish() // => { firstRow: 2, rows: 1, segment }
 */
export class SheetBody {
  private readonly deflater: SegmentDeflater;
  /** Per column (1-based), made when it is first written: its style (0 for none). */
  private readonly styleOf: number[] = [];
  /**
   * The constant bytes of a row, made when first needed and copied whole (a copy of tens of
   * bytes costs about what a few written byte by byte do): by column and kind (`pieceKey`),
   * what ends the cell before and opens this one, `r` before the row number or not.
   */
  private readonly pieces: (Uint8Array | undefined)[] = [];
  private r: number;

  /**
   * @param head - The sheet's plan without the body (its formats, wrapping and protection).
   * @param styles - The registry of the package the sheet will be written into.
   * @param firstRow - The 1-based row of the first body row.
   * @param file - Where the deflated rows go.
   */
  constructor(
    private readonly head: SheetPlan,
    private readonly styles: StyleRegistry,
    readonly firstRow: number,
    file: string,
  ) {
    if (head.protection) throw new Error(`sheet body of ${head.name}: a protected sheet`);
    this.r = firstRow - 1;
    this.deflater = new SegmentDeflater(file);
  }

  /** Column c's style, found when it is first written. */
  private column(c: number): number {
    const { formatAt, alignAt } = cellLooks(this.head);
    if (alignAt(this.firstRow, c)) throw new Error(`sheet body of ${this.head.name}: column ${c} wraps`);
    const format = formatAt(this.firstRow, c);
    return (this.styleOf[c] = format ? this.styles.cellStyle(format, false) : 0);
  }

  /**
   * The piece before a cell's value (or the whole cell, for a kind whose cell is constant):
   * the end of the cell before it (of kind `before`, NONE for none), then this cell's opening
   * up to its value; with `ref` only up to its `r` attribute's row number (`<c r="B`), and with
   * `rest` what follows that number (`" s="3"><v>`).
   */
  private piece(c: number, before: number, kind: number, part: number): Uint8Array {
    const key = pieceKey(c, before, kind, part);
    const known = this.pieces[key];
    if (known) return known;
    // Kept dense (filled up to the key): an array given a far index first is kept as a dictionary, slow to read.
    while (this.pieces.length <= key) this.pieces.push(undefined);
    const style = this.styleOf[c];
    const styled = style ? ` s="${style}"` : "";
    const opening = styled + KIND_OPENING[kind];
    const text =
      part === REF
        ? `${KIND_CLOSING[before]}<c r="${columnLetter(c - 1)}`
        : part === REST
          ? `"${opening}`
          : `${KIND_CLOSING[before]}<c${opening}`;
    return (this.pieces[key] = Buffer.from(text, "latin1"));
  }

  /** Rows pushed so far. */
  get count(): number {
    return this.r - this.firstRow + 1;
  }

  /**
   * Writes the next row (a blank cell, null or undefined, writes nothing unless its column has
   * a format), encoded straight into the deflater's buffer: the constant bytes between two
   * values copied as one piece, numbers and plain ASCII texts written byte by byte, other texts
   * through the one OOXML text codec (`valueXml`). No text of the row is built up, so a million
   * rows leave the collector little to do. Cost: O(the row's bytes).
   */
  push(cells: readonly (string | number | boolean | null | undefined)[]): void {
    const r = ++this.r;
    const digits = decimalDigits(r);
    // At most, a cell: 28 bytes for `<c r="XFD1048576" s="NNNNNN"` (row number counted apart),
    // 55 of a text's markup (` t="inlineStr"><is><t xml:space="preserve">` ... `</t></is></c>`),
    // 7 a text's character (an `_xHHHH_` escape), 32 a number's text; the row's own markup 24.
    let most = 24 + digits;
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      most += 83 + digits + (typeof v === "string" ? v.length * 7 : 32);
    }
    const b = this.deflater.room(most);
    const start = this.deflater.offset;
    let p = ascii(b, start, '<row r="');
    p = writeDigits(b, p, r, digits);
    b[p++] = 0x22; // "
    b[p++] = 0x3e; // >
    const open = p;
    // The column a cell without `r` would be read in; none at the row's start (its first cell keeps `r`).
    let next = 0;
    // The kind of the cell written before, whose end is not written yet.
    let before = NONE;
    for (let c = 1; c <= cells.length; c++) {
      const value = cells[c - 1];
      if (value === undefined) continue;
      const style = this.styleOf[c] ?? this.column(c);
      if (value === null && !style) continue;
      const kind =
        value === null
          ? NULL
          : typeof value === "number"
            ? Number.isFinite(value)
              ? NUMBER
              : OTHER
            : typeof value === "boolean"
              ? value
                ? TRUE
                : FALSE
              : isPlainAscii(value)
                ? TEXT
                : OTHER;
      let piece: Uint8Array;
      if (c !== next) {
        piece = this.piece(c, before, kind, REF);
        b.set(piece, p);
        p = writeDigits(b, p + piece.length, r, digits);
        piece = this.piece(c, NONE, kind, REST);
      } else piece = this.piece(c, before, kind, BARE);
      b.set(piece, p);
      p += piece.length;
      next = c + 1;
      before = kind;
      if (kind === NUMBER) p = writeNumber(b, p, value as number);
      else if (kind === TEXT) p = ascii(b, p, value as string);
      else if (kind === OTHER) p += b.write(valueXml(value as string | number) + "</c>", p);
    }
    // A row with no cell writes nothing, as planSheetXml's does.
    if (p === open) return;
    p = ascii(b, ascii(b, p, KIND_CLOSING[before]), "</row>");
    this.deflater.advance(p - start);
  }

  /** Deflates the last rows. @returns The written rows, for the plan's `body`. */
  async finish(): Promise<WrittenBody> {
    return { segment: await this.deflater.finish(), firstRow: this.firstRow, rows: this.count };
  }

  /** Gives the rows up (their file is removed with its folder by the caller). */
  close(): void {
    this.deflater.close();
  }
}

/** Kinds of a body cell: a finite number, a plain ASCII text, true, false, a blank with a style, anything else (through `valueXml`); NONE: no cell. */
const NUMBER = 0;
const TEXT = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;
const OTHER = 5;
const NONE = 6;
const KINDS = 7;
/** What follows a cell's style, up to its value (the whole rest for the constant kinds). */
const KIND_OPENING = ["><v>", ' t="inlineStr"><is><t>', ' t="b"><v>1</v></c>', ' t="b"><v>0</v></c>', "/>", "", ""];
/** What ends a cell of each kind after its value (nothing for the kinds written whole). */
const KIND_CLOSING = ["</v></c>", "</t></is></c>", "", "", "", "", ""];
/** Parts of a piece: the cell without `r`, the cell up to its `r`'s row number, what follows that number. */
const BARE = 0;
const REF = 1;
const REST = 2;

/** The index of a piece of {@link SheetBody} by column, the kind before, the kind and the part. */
function pieceKey(c: number, before: number, kind: number, part: number): number {
  return ((c * KINDS + before) * KINDS + kind) * 3 + part;
}

/** How many decimal digits a whole number from 0 to 2^53 has. */
function decimalDigits(n: number): number {
  if (n < 1e6) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : 6;
  let d = 7;
  for (let x = n; x >= 1e7; x = Math.floor(x / 10)) d++;
  return d;
}

/** Below this a whole number's digits come from 32-bit integer division. */
const INT32_BELOW = 2 ** 31;

/** Writes the `digits` decimal digits of a whole number from 0 to 2^53 (zero-padded on the left). @returns Where the next byte goes. */
function writeDigits(b: Buffer, p: number, n: number, digits: number): number {
  let x = n;
  let i = p + digits - 1;
  // The high digits of a number past 32 bits, until the rest fits them.
  for (; x >= INT32_BELOW; i--) {
    const q = Math.floor(x / 10);
    b[i] = 0x30 + (x - q * 10);
    x = q;
  }
  for (; i >= p; i--) {
    const q = (x / 10) | 0;
    b[i] = 0x30 + (x - q * 10);
    x = q;
  }
  return p + digits;
}

/** Below this a whole number is written digit by digit (2^53: every whole double below it is exact). */
const EXACT_WHOLE = 2 ** 53;
/**
 * From this magnitude on (to 2^31), a fraction is written with 12 decimals: half the spacing
 * of doubles there (2^-40, 9.1e-13) exceeds the 12th decimal's rounding (5e-13), so the text
 * reads back as the same double. Dates and times are such numbers (serials from 1922 on).
 */
const TWELVE_DECIMALS_FROM = 8192;
const TWELVE_DECIMALS_BELOW = 2 ** 31;

/**
 * Writes a finite number's text, one that reads back as the same double: a whole number digit
 * by digit; a number of magnitude 8,192 to 2^31 (a date or time serial) as its whole part and
 * 12 decimals, trailing zeros dropped, without a text made for it (V8's shortest text of a
 * double costs 250 to 650 ns); any other as JavaScript writes it (String). The text is not
 * always the shortest (45292.100000000002 where String gives 45292.1). Cost: O(1).
 * @returns Where the next byte goes.
 * @example writeNumber(b, 0, 45292.5) // => 7 ("45292.5")
 */
export function writeNumber(b: Buffer, p: number, v: number): number {
  let x = v;
  if (x < 0) {
    b[p++] = 0x2d; // -
    x = -x;
  }
  if (Number.isInteger(x) && x < EXACT_WHOLE) return writeDigits(b, p, x, decimalDigits(x));
  if (x >= TWELVE_DECIMALS_FROM && x < TWELVE_DECIMALS_BELOW) {
    let whole = Math.floor(x);
    // x - whole is exact (both in the same binade's grid); the product rounds once, far below a unit.
    let fraction = Math.round((x - whole) * 1e12);
    if (fraction === 1e12) {
      whole++;
      fraction = 0;
    }
    p = writeDigits(b, p, whole, decimalDigits(whole));
    if (fraction === 0) return p;
    b[p++] = 0x2e; // .
    const high = Math.floor(fraction / 1e6);
    p = writeDigits(b, p, high, 6);
    p = writeDigits(b, p, fraction - high * 1e6, 6);
    while (b[p - 1] === 0x30) p--;
    return p;
  }
  if (x < SCALED_BELOW) {
    // The fewest decimals k whose rounded scaling d divides back to x: d / 10^k is one correctly
    // rounded division of two exact numbers, as reading the text "d with k decimals" is, so the
    // text reads back as x.
    for (let k = 1; k < POWERS.length; k++) {
      const d = Math.round(x * POWERS[k]);
      if (d >= EXACT_WHOLE) break;
      if (d / POWERS[k] === x) return writeDecimals(b, p, d, k);
    }
  }
  // A negative number's sign is written above: its magnitude's text follows.
  return ascii(b, p, String(x));
}

/** Powers of ten exact in a double (to 10^22), for the scaled decimals of {@link writeNumber}. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Scaled decimals are tried below this magnitude (larger numbers' scaled digits pass 2^53 at once). */
const SCALED_BELOW = TWELVE_DECIMALS_FROM;

/** Writes a whole number d < 2^53 as a decimal with k decimals ("0.0086" for 86, 4), its trailing zeros dropped. @returns Where the next byte goes. */
function writeDecimals(b: Buffer, p: number, d: number, k: number): number {
  const scale = POWERS[k];
  let whole = Math.floor(d / scale);
  let fraction = d - whole * scale;
  // The division may round up to the next whole number just below one.
  if (fraction < 0) {
    whole--;
    fraction += scale;
  }
  p = writeDigits(b, p, whole, decimalDigits(whole));
  if (fraction === 0) return p;
  b[p++] = 0x2e; // .
  p = writeDigits(b, p, fraction, k);
  while (b[p - 1] === 0x30) p--;
  return p;
}

/** Writes a text of ASCII characters into `b` from `p`, one byte each. @returns Where the next byte goes. */
function ascii(b: Buffer, p: number, text: string): number {
  for (let i = 0; i < text.length; i++) b[p++] = text.charCodeAt(i);
  return p;
}

/**
 * True for a text the OOXML codec and XML escaping leave as it is and that needs no
 * `xml:space`: printable ASCII without `&`, `<`, `>` or `_`, no space at either end.
 */
function isPlainAscii(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0x20 || ch > 0x7e || ch === 0x26 || ch === 0x3c || ch === 0x3e || ch === 0x5f) return false;
  }
  return text.charCodeAt(0) !== 0x20 && text.charCodeAt(n - 1) !== 0x20;
}
