/**
 * One worksheet of an .xlsx read row by row in bounded memory: an export of a million rows is
 * inflated and scanned as it streams from the zip, and each row's values are handed on and
 * dropped. Only the shared strings are kept (in a typed-array text list, src/texts.ts, off the
 * collected heap), with the styles' date formats.
 *
 * Values are those the whole-workbook reader gives (cli/xlsx.ts' `plainValue` over ExcelJS):
 * texts (shared, inline, a formula's text result), numbers, booleans, error texts, and dates as
 * serials of the 1900 system rounded to the millisecond (a 1904 workbook's dates moved to it).
 *
 * Cost: O(size of the sheet) to inflate and scan, O(size of the shared strings) to keep them.
 */
import { Readable } from "stream";
import { StringDecoder } from "string_decoder";
import * as zlib from "zlib";
import { CellValue, columnLetter } from "../../src/governance/model";
import { decodeOoxmlText, unescapeXml } from "../../src/ooxml/text";
import { serialFromEpochMs, UNIX_EPOCH_SERIAL } from "../../src/serial";
import { textList, TextList } from "../../src/texts";
import { SheetIndexEntry } from "./read";
import { READ_LIMITS, ReadLimitError } from "./limits";
import { ZipEntry, ZipError, ZipReader } from "./zip";

/** One row of a sheet: its number (1-based) and its values by column (null where empty). */
export interface SheetRow {
  readonly row: number;
  readonly cells: CellValue[];
  /**
   * With `formulas`: "=" and the formula of each formula cell by column (a shared formula's
   * cells get their own, translated as ExcelJS translates them), null elsewhere.
   */
  readonly formulas?: (string | null)[];
}

/** How to read a sheet's rows. */
export interface RowOptions {
  /** Also give each row's formulas (SheetRow.formulas). */
  readonly formulas?: boolean;
  /**
   * The sheets read from this reader together with this one. When the shared strings are larger
   * than READ_LIMITS.keepAllStringsBytes, only the strings these sheets use are kept (found in
   * a first pass over them), once for the group.
   */
  readonly group?: readonly string[];
  /**
   * Hears each merged area's reference ("D5:D9"), after the last row (a sheet lists them after
   * its rows). A merged area's value is in its top-left cell only, as Excel reads it.
   */
  readonly merged?: (ref: string) => void;
  /**
   * Hears each `<col>` of the sheet's `<cols>` (before its rows): the 1-based first and last
   * column it sizes and its width in characters (absent: the sheet's default).
   */
  readonly columns?: (min: number, max: number, width: number | undefined) => void;
}

/** A workbook opened for streaming: its sheets in tab order, and the rows of one of them. */
export interface RowReader {
  readonly sheets: readonly SheetIndexEntry[];
  /** The rows of a sheet in order, empty rows left out. */
  rows(sheet: string, options?: RowOptions): AsyncGenerator<SheetRow>;
  /** The sheet's part in the package and the size its XML unpacks to (as the zip declares it), if it has one. */
  part(sheet: string): { readonly name: string; readonly size: number } | undefined;
  close(): void;
}

/** Built-in number formats that show a date or a time (ECMA-376 Part 1, 18.8.30; 27-36 and 50-58 are East Asian dates). */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
]);
for (let id = 50; id <= 58; id++) BUILT_IN_DATES.add(id);
/** Days between the 1904 and the 1900 date systems. */
const DAYS_1904 = 1462;
const MS_PER_DAY = 86_400_000;

/** True for a format code that shows a date or a time (what is in quotes or brackets aside), as ExcelJS decides. */
function isDateCode(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

function attrOf(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m ? m[1] : undefined;
}

/**
 * The text of a string item (`<si>` or `<is>`): its `<t>` runs joined, phonetic runs (`<rPh>`)
 * left out, decoded as Excel shows it (`_xHHHH_` escapes, as cli/xlsx.ts' reader decodes them).
 */
function itemText(xml: string): string {
  const body = xml.indexOf("rPh") >= 0 ? xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, "") : xml;
  let text = "";
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) text += m[1] ?? "";
  return decodeOoxmlText(unescapeXml(text));
}

/** 1-based column of a cell reference's letters ("AB12" => 28), or 0 without letters. */
function columnOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) c = c * 26 + code - 64;
    else if (code >= 97 && code <= 122) c = c * 26 + code - 96;
    else break;
  }
  return c;
}

/**
 * The text of an entry, streamed: inflated as it is read, decoded, handed on in pieces. An
 * entry that inflates to more than its zip directory declares (the size the bounds were
 * checked on) is stopped there: a directory cannot understate a zip bomb.
 */
async function* textChunks(zip: ZipReader, entry: ZipEntry): AsyncGenerator<string> {
  const source = Readable.from(zip.raw(entry));
  const inflated = entry.method === 8 ? source.pipe(zlib.createInflateRaw()) : entry.method === 0 ? source : undefined;
  if (!inflated) throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
  const decoder = new StringDecoder("utf8");
  let size = 0;
  for await (const chunk of inflated) {
    size += (chunk as Buffer).length;
    if (size > entry.size) {
      source.destroy();
      throw new ReadLimitError(entry.name, "declared", entry.size);
    }
    const text = decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * The complete elements named `name` (with their content; a regular expression's alternatives
 * such as "row|mergeCell" for either) from a stream of XML text, each
 * handed on as it closes; self-closing ones too. Keeps only the text after the last complete
 * element between chunks, so memory is one element plus one chunk; an element longer than
 * READ_LIMITS.elementBytes is refused (a shared string or a row no Excel sheet holds).
 * @throws ReadLimitError naming the part.
 */
async function* elements(chunks: AsyncIterable<string>, name: string, part: string): AsyncGenerator<string> {
  const open = new RegExp(`<(?:\\w+:)?(?:${name})[\\s/>]`, "g");
  const close = new RegExp(`</(?:\\w+:)?(?:${name})>`, "g");
  // The longest tag that can be cut between two chunks ("</x:name>" with a short prefix).
  const margin = name.length + 16;
  const refuse = () =>
    new ReadLimitError(part, name.split("|")[0] === "row" ? "row" : "text", READ_LIMITS.elementBytes);
  let pending = "";
  // An element still open at the end of a chunk: its text so far, in pieces. Only each new
  // chunk (and the tail of the last piece, where its closing tag may begin) is searched for
  // its end, so a long element costs its length, not its length squared.
  let pieces: string[] | undefined;
  let held = 0;
  for await (const chunk of chunks) {
    if (pieces) {
      const last = pieces[pieces.length - 1];
      const overlap = Math.min(margin, last.length);
      close.lastIndex = 0;
      const end = close.exec(last.slice(last.length - overlap) + chunk);
      if (!end) {
        pieces.push(chunk);
        held += chunk.length;
        if (held > READ_LIMITS.elementBytes) throw refuse();
        continue;
      }
      const cut = end.index + end[0].length - overlap;
      pieces.push(chunk.slice(0, cut));
      yield pieces.join("");
      pieces = undefined;
      held = 0;
      pending = chunk.slice(cut);
    } else pending += chunk;
    let done = 0;
    for (;;) {
      open.lastIndex = done;
      const start = open.exec(pending);
      if (!start) {
        // Nothing opens here: keep only a tail that could be the start of a cut tag.
        done = Math.max(done, pending.length - margin);
        break;
      }
      const head = pending.indexOf(">", start.index);
      if (head < 0) {
        done = start.index;
        break;
      }
      if (pending[head - 1] === "/") {
        yield pending.slice(start.index, head + 1);
        done = head + 1;
        continue;
      }
      close.lastIndex = head;
      const end = close.exec(pending);
      if (!end) {
        pieces = [pending.slice(start.index)];
        held = pieces[0].length;
        done = pending.length;
        break;
      }
      yield pending.slice(start.index, end.index + end[0].length);
      done = end.index + end[0].length;
    }
    pending = pending.slice(done);
    if (pending.length > READ_LIMITS.elementBytes || held > READ_LIMITS.elementBytes) throw refuse();
  }
}

/** The shared strings a sheet's cells can ask for: by index, null for one not kept. */
interface Strings {
  at(i: number): string | null;
}

const NO_STRINGS: Strings = { at: () => null };

/** Every shared string of a workbook, in a text list (off the collected heap). */
async function allStrings(zip: ZipReader, entry: ZipEntry): Promise<Strings> {
  const list: TextList = textList();
  for await (const si of elements(textChunks(zip, entry), "si", entry.name)) list.push(itemText(si));
  return { at: (i) => (Number.isInteger(i) && i >= 0 && i < list.size ? list.at(i) : null) };
}

/** Only the shared strings at the given indices: large shared strings cost what the sheets read use. */
async function someStrings(zip: ZipReader, entry: ZipEntry, used: ReadonlySet<number>): Promise<Strings> {
  const kept = new Map<number, string>();
  let i = 0;
  for await (const si of elements(textChunks(zip, entry), "si", entry.name)) {
    if (used.has(i)) kept.set(i, itemText(si));
    i++;
  }
  return { at: (n) => kept.get(n) ?? null };
}

/** The shared-string indices the cells of these sheet parts use (a first pass over them). */
async function usedStrings(zip: ZipReader, entries: readonly ZipEntry[]): Promise<Set<number>> {
  const used = new Set<number>();
  for (const entry of entries) {
    for await (const xml of elements(textChunks(zip, entry), "row", entry.name)) {
      for (const m of xml.matchAll(
        /<(?:\w+:)?c\b([^>]*?)>\s*(?:<(?:\w+:)?f\b[\s\S]*?)?<(?:\w+:)?v>(\d+)<\/(?:\w+:)?v>/g,
      ))
        if (attrOf(m[1], "t") === "s") used.add(Number(m[2]));
    }
  }
  return used;
}

/** For each cell style (`s`), whether its number format shows a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attrOf(m[1], "numFmtId"));
    const code = attrOf(m[1], "formatCode");
    if (Number.isInteger(id) && code !== undefined) custom.set(id, unescapeXml(code));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(xml)?.[0] ?? "";
  return [...xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)].map((m) => {
    const id = Number(attrOf(m[1], "numFmtId") ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateCode(code) : BUILT_IN_DATES.has(id);
  });
}

/** ExcelJS' translation of a shared formula to another cell, so both readers give the same text. */
const slideFormula = (
  require("exceljs/lib/utils/shared-formula") as { slideFormula(formula: string, from: string, to: string): string }
).slideFormula;

/** A cell's formula element: its attributes and text, or undefined when the cell has none. */
const FORMULA = /<(?:\w+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/;

/**
 * Opens a workbook for reading rows: its index parts and styles; the shared strings are read
 * when a sheet first asks for them. The caller has checked that the file is an .xlsx within
 * the zip bounds (cli/xlsx.ts' `checkXlsxPackage`).
 * Memory: the index parts, the shared strings the sheets read use (see RowOptions.group), one row.
 * @throws ZipError for a damaged package; ReadLimitError for a part beyond READ_LIMITS;
 *   Error("no workbook") when it holds no workbook part.
 */
export async function openRowReader(file: string): Promise<RowReader> {
  const zip = ZipReader.open(file);
  try {
    const text = (name: string) => {
      const entry = zip.find(name);
      if (entry && entry.size > READ_LIMITS.wholePartBytes)
        throw new ReadLimitError(entry.name, "part", READ_LIMITS.wholePartBytes, entry.size);
      return entry ? zip.text(entry) : undefined;
    };
    const rels = text("_rels/.rels") ?? "";
    const office = /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels);
    const bookPart = ((office && attrOf(office[0], "Target")) ?? "xl/workbook.xml").replace(/^\//, "");
    const book = text(bookPart);
    if (book === undefined) throw new Error("no workbook");
    const dir = bookPart.includes("/") ? bookPart.slice(0, bookPart.lastIndexOf("/") + 1) : "";
    const bookRels = text(`${dir}_rels/${bookPart.slice(dir.length)}.rels`) ?? "";
    const targets = new Map<string, { type: string; part: string }>();
    for (const m of bookRels.matchAll(/<Relationship\b[^>]*>/g)) {
      const target = attrOf(m[0], "Target") ?? "";
      targets.set(attrOf(m[0], "Id") ?? "", {
        type: attrOf(m[0], "Type") ?? "",
        part: target.startsWith("/") ? target.slice(1) : dir + target,
      });
    }
    const partOf = (type: string) => [...targets.values()].find((t) => t.type.endsWith(type))?.part;
    const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\sdate1904="(1|true)"/.test(book);
    const sheets: SheetIndexEntry[] = [];
    const sheetParts = new Map<string, string>();
    for (const m of book.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const name = unescapeXml(attrOf(m[0], "name") ?? "");
      sheets.push({ name, state: attrOf(m[0], "state") ?? "visible" });
      const part = targets.get(attrOf(m[0], "r:id") ?? "")?.part;
      if (part) sheetParts.set(name, part);
    }
    const stylesPart = partOf("/styles");
    const dates = dateStyles(stylesPart ? text(stylesPart) : undefined);
    const sstPart = partOf("/sharedStrings");
    const sst = sstPart ? zip.find(sstPart) : undefined;
    const entryOf = (sheet: string) => {
      const part = sheetParts.get(sheet);
      return part === undefined ? undefined : zip.find(part);
    };

    // The shared strings, read when a sheet first needs them: all of them when they are small,
    // or when the sheets read are larger than they are (an export uses most of its strings, and
    // a first pass over it would cost more than it saves); else those the sheet's group uses
    // (RowOptions.group), or the one sheet asked for.
    let strings: Strings | undefined;
    let whole = false;
    let covered: ReadonlySet<string> = new Set();
    const stringsFor = async (sheet: string, together?: readonly string[]): Promise<Strings> => {
      if (!sst) return NO_STRINGS;
      if (strings && (whole || covered.has(sheet))) return strings;
      const group = together?.includes(sheet) ? together : [sheet];
      const parts = group.map(entryOf).filter((e): e is ZipEntry => e !== undefined);
      whole = sst.size <= READ_LIMITS.keepAllStringsBytes || parts.reduce((n, e) => n + e.size, 0) >= sst.size;
      strings = whole ? await allStrings(zip, sst) : await someStrings(zip, sst, await usedStrings(zip, parts));
      covered = new Set(group);
      return strings;
    };

    /** A cell's value from its type, style and `<v>` or `<is>`. */
    const valueOf = (strings: Strings, attrs: string, body: string, formula: boolean): CellValue => {
      const t = attrOf(attrs, "t");
      if (t === "inlineStr") return itemText(body);
      const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body)?.[1];
      if (v === undefined || v === "") return null;
      switch (t) {
        case "s":
          return strings.at(Number(v));
        case "str":
          // A text value is decoded as shown in Excel; a formula's text result is kept as stored (as ExcelJS does).
          return formula ? unescapeXml(v) : decodeOoxmlText(unescapeXml(v));
        case "e":
          return unescapeXml(v);
        case "b":
          return Number(v) !== 0;
        case "d": {
          const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
          return Number.isNaN(ms) ? unescapeXml(v) : serialFromEpochMs(ms);
        }
        default: {
          const n = Number(v);
          if (!Number.isFinite(n)) return unescapeXml(v);
          if (!dates[Number(attrOf(attrs, "s") ?? 0)]) return n;
          // As ExcelJS reads a date: to the millisecond, in the 1900 system.
          const shift = date1904 ? DAYS_1904 : 0;
          return serialFromEpochMs(Math.round((n - UNIX_EPOCH_SERIAL + shift) * MS_PER_DAY));
        }
      }
    };

    return {
      sheets,
      part: (sheet) => {
        const entry = entryOf(sheet);
        return entry && { name: entry.name, size: entry.size };
      },
      async *rows(sheet, rowOptions = {}) {
        const entry = entryOf(sheet);
        if (!entry) return;
        const strings = await stringsFor(sheet, rowOptions.group);
        // Shared formulas' masters by their index (si): text and address.
        const masters = new Map<string, { text: string; address: string }>();
        let previous = 0;
        const merged = rowOptions.merged;
        const columns = rowOptions.columns;
        const names = ["row", ...(merged ? ["mergeCell"] : []), ...(columns ? ["col"] : [])].join("|");
        for await (const xml of elements(textChunks(zip, entry), names, entry.name)) {
          const head = xml.indexOf(">");
          const attrs = xml.slice(0, head);
          if (columns && /^<(?:\w+:)?col\b/.test(xml)) {
            const width = Number(attrOf(attrs, "width"));
            columns(Number(attrOf(attrs, "min")), Number(attrOf(attrs, "max")), width > 0 ? width : undefined);
            continue;
          }
          if (merged && /^<(?:\w+:)?mergeCell\b/.test(xml)) {
            const ref = attrOf(attrs, "ref");
            if (ref) merged(ref);
            continue;
          }
          const r = Number(attrOf(attrs, "r") ?? previous + 1);
          previous = r;
          if (xml[head - 1] === "/") continue;
          const cells: CellValue[] = [];
          const formulas: (string | null)[] = [];
          let column = 0;
          for (const m of xml.slice(head + 1).matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
            const ref = attrOf(m[1], "r");
            column = ref ? columnOf(ref) || column + 1 : column + 1;
            const f = m[2] === undefined || m[2].indexOf("<") < 0 ? null : FORMULA.exec(m[2]);
            const value = m[2] === undefined ? null : valueOf(strings, m[1], m[2], f !== null);
            if (value !== null) cells[column - 1] = value;
            if (f && rowOptions.formulas) {
              const formula = formulaOf(f, `${columnLetter(column - 1)}${r}`, masters);
              if (formula !== null) formulas[column - 1] = formula;
            }
          }
          if (cells.length === 0 && formulas.length === 0) continue;
          for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
          if (!rowOptions.formulas) {
            yield { row: r, cells };
            continue;
          }
          for (let c = 0; c < formulas.length; c++) if (formulas[c] === undefined) formulas[c] = null;
          yield { row: r, cells, formulas };
        }
      },
      close: () => zip.close(),
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}

/**
 * A cell's formula as ExcelJS gives it ("=" and its text): a shared formula's master records
 * its text and address by its index; a cell that only points at it gets the master's formula
 * moved to its own address (ExcelJS' slideFormula); an element without text and no master is none.
 */
function formulaOf(
  f: RegExpExecArray,
  address: string,
  masters: Map<string, { text: string; address: string }>,
): string | null {
  const text = f[2] === undefined ? "" : unescapeXml(f[2]);
  const si = attrOf(f[1], "si");
  const shared = attrOf(f[1], "t") === "shared" && si !== undefined;
  if (text) {
    if (shared && attrOf(f[1], "ref") !== undefined) masters.set(si, { text, address });
    return `=${text}`;
  }
  const master = shared ? masters.get(si) : undefined;
  return master ? `=${slideFormula(master.text, master.address, address)}` : null;
}
