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
import { CellValue } from "../../src/governance/model";
import { unescapeXml } from "../../src/ooxml/text";
import { serialFromEpochMs, UNIX_EPOCH_SERIAL } from "../../src/serial";
import { textList, TextList } from "../../src/texts";
import { SheetIndexEntry } from "./read";
import { ZipEntry, ZipError, ZipReader } from "./zip";

/** One row of a sheet: its number (1-based) and its values by column (null where empty). */
export interface SheetRow {
  readonly row: number;
  readonly cells: CellValue[];
}

/** A workbook opened for streaming: its sheets in tab order, and the rows of one of them. */
export interface RowReader {
  readonly sheets: readonly SheetIndexEntry[];
  /**
   * The rows of a sheet in order, empty rows left out. A merged area's value is in its top-left
   * cell only, as Excel reads it; `merged` hears each merged area's reference ("D5:D9"), after
   * the last row (the sheet lists them after its rows).
   */
  rows(sheet: string, merged?: (ref: string) => void): AsyncGenerator<SheetRow>;
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

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs joined, phonetic runs (`<rPh>`) left out. */
function itemText(xml: string): string {
  const body = xml.indexOf("rPh") >= 0 ? xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, "") : xml;
  let text = "";
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) text += m[1] ?? "";
  return unescapeXml(text);
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

/** The text of an entry, streamed: inflated as it is read, decoded, handed on in pieces. */
async function* textChunks(zip: ZipReader, entry: ZipEntry): AsyncGenerator<string> {
  const source = Readable.from(zip.raw(entry));
  const inflated = entry.method === 8 ? source.pipe(zlib.createInflateRaw()) : entry.method === 0 ? source : undefined;
  if (!inflated) throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
  const decoder = new StringDecoder("utf8");
  for await (const chunk of inflated) {
    const text = decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * The complete elements named `name` (with their content; a regular expression's alternatives
 * such as "row|mergeCell" for either) from a stream of XML text, each handed on as it closes;
 * self-closing ones too. Keeps only the text after the last complete element between chunks,
 * so memory is one element plus one chunk.
 */
async function* elements(chunks: AsyncIterable<string>, name: string): AsyncGenerator<string> {
  const open = new RegExp(`<(?:\\w+:)?(?:${name})[\\s/>]`, "g");
  const close = new RegExp(`</(?:\\w+:)?(?:${name})>`, "g");
  let pending = "";
  for await (const chunk of chunks) {
    pending += chunk;
    let done = 0;
    for (;;) {
      open.lastIndex = done;
      const start = open.exec(pending);
      if (!start) {
        // Nothing opens here: keep only a tail that could be the start of a cut tag.
        done = Math.max(done, pending.length - name.length - 16);
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
        done = start.index;
        break;
      }
      yield pending.slice(start.index, end.index + end[0].length);
      done = end.index + end[0].length;
    }
    pending = pending.slice(done);
  }
}

/** The shared strings of a workbook, in a text list. */
async function sharedStrings(zip: ZipReader, entry: ZipEntry | undefined): Promise<TextList> {
  const list = textList();
  if (!entry) return list;
  for await (const si of elements(textChunks(zip, entry), "si")) list.push(itemText(si));
  return list;
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

/**
 * Opens a workbook for reading rows: its index parts, shared strings and styles. The caller has
 * checked that the file is an .xlsx (cli/xlsx.ts' `checkXlsxPackage`).
 * @throws ZipError for a damaged package; Error("no workbook") when it holds no workbook part.
 */
export async function openRowReader(file: string): Promise<RowReader> {
  const zip = ZipReader.open(file);
  try {
    const text = (name: string) => {
      const entry = zip.find(name);
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
    const strings = await sharedStrings(zip, sstPart ? zip.find(sstPart) : undefined);

    /** A cell's value from its type, style and `<v>` or `<is>`. */
    const valueOf = (attrs: string, body: string): CellValue => {
      const t = attrOf(attrs, "t");
      if (t === "inlineStr") return itemText(body);
      const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body)?.[1];
      if (v === undefined || v === "") return null;
      switch (t) {
        case "s": {
          const i = Number(v);
          return Number.isInteger(i) && i >= 0 && i < strings.size ? strings.at(i) : null;
        }
        case "str":
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
      async *rows(sheet, merged) {
        const part = sheetParts.get(sheet);
        const entry = part === undefined ? undefined : zip.find(part);
        if (!entry) return;
        let previous = 0;
        for await (const xml of elements(textChunks(zip, entry), merged ? "row|mergeCell" : "row")) {
          const head = xml.indexOf(">");
          const attrs = xml.slice(0, head);
          if (/^<(?:\w+:)?mergeCell\b/.test(xml)) {
            const ref = attrOf(attrs, "ref");
            if (ref) merged!(ref);
            continue;
          }
          const r = Number(attrOf(attrs, "r") ?? previous + 1);
          previous = r;
          if (xml[head - 1] === "/") continue;
          const cells: CellValue[] = [];
          let column = 0;
          for (const m of xml.slice(head + 1).matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
            const ref = attrOf(m[1], "r");
            column = ref ? columnOf(ref) || column + 1 : column + 1;
            const value = m[2] === undefined ? null : valueOf(m[1], m[2]);
            if (value !== null) cells[column - 1] = value;
          }
          if (cells.length === 0) continue;
          for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
          yield { row: r, cells };
        }
      },
      close: () => zip.close(),
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}
