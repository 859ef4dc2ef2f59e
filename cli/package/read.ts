/**
 * What the reader is given of a workbook: a reading copy of the package with only the parts
 * cell values need (the workbook, its styles, shared strings and theme, and each worksheet's
 * cells and merges). Tables, drawings, comments, validations, conditional formats, pivot
 * caches, external links and document properties are left out of the copy: the reader never
 * needs them (the writer carries them from the original file untouched), and a part the
 * reader cannot parse (ExcelJS refuses some that Excel writes, such as a validation over a
 * table range or an unusual core-properties element) can no longer make the whole file
 * unreadable.
 *
 * Cost: O(size of the worksheets read); carried-only parts are never inflated.
 */
import JSZip from "jszip";
import { unescapeXml } from "../../src/ooxml/text";
import { ZipReader } from "./zip";

const REL_TYPES_READ = /\/(worksheet|styles|sharedStrings|theme)$/;
/** The worksheet children the reader needs, in CT_Worksheet order. */
const KEPT_CHILDREN = ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "mergeCells"];

/** A worksheet's XML with only the children cell values need. Cost: O(size), a few string searches. */
export function readableWorksheet(xml: string): string {
  const open = /<(\w+:)?worksheet\b[^>]*>/.exec(xml);
  if (!open) return xml;
  const prefix = open[1] ?? "";
  let out = xml.slice(0, open.index + open[0].length);
  for (const name of KEPT_CHILDREN) {
    const tag = `<${prefix}${name}`;
    let at = xml.indexOf(tag, open.index + open[0].length);
    while (at >= 0 && !/[\s/>]/.test(xml[at + tag.length])) at = xml.indexOf(tag, at + 1);
    if (at < 0) continue;
    const selfClose = xml.indexOf(">", at);
    if (xml[selfClose - 1] === "/") {
      out += xml.slice(at, selfClose + 1);
      continue;
    }
    const close = `</${prefix}${name}>`;
    const end = xml.indexOf(close, at);
    if (end < 0) continue;
    out += xml.slice(at, end + close.length);
  }
  return out + `</${prefix}worksheet>`;
}

function attr(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

/** The package holds no workbook (a Word or PowerPoint file renamed .xlsx). */
export class NotAWorkbookError extends Error {}

/** A sheet as the workbook lists it. */
export interface SheetIndexEntry {
  readonly name: string;
  /** "visible", "hidden" or "veryHidden". */
  readonly state: string;
}

/** Chooses the sheets whose cells are read, from the workbook's sheets in tab order (undefined: all). */
export type SheetChoice = (sheets: readonly SheetIndexEntry[]) => ReadonlySet<string> | undefined;

/**
 * The reading copy of an .xlsx, as a zip in memory (stored, not compressed).
 * @param file - The workbook.
 * @param withStyles - Include the styles (a retry without them reads values only).
 * @param choose - Which sheets' cells to include (default: all). The others are given as
 *   empty sheets, never inflated: reading costs what the chosen sheets cost.
 */
export async function readingCopy(file: string, withStyles = true, choose?: SheetChoice): Promise<Buffer> {
  const zip = ZipReader.open(file);
  try {
    const copy = new JSZip();
    const text = (name: string) => {
      const entry = zip.find(name);
      return entry ? zip.text(entry) : undefined;
    };
    const types = text("[Content_Types].xml");
    if (types === undefined) throw new Error("no [Content_Types].xml");
    copy.file("[Content_Types].xml", types);
    const rels = text("_rels/.rels") ?? "";
    const office =
      /<Relationship\b[^>]*\/officeDocument"[^>]*>|<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels);
    if (!office) throw new NotAWorkbookError("no main document");
    copy.file(
      "_rels/.rels",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${office[0]}</Relationships>`,
    );
    const bookPart = (attr(office[0], "Target") ?? "xl/workbook.xml").replace(/^\//, "");
    // The main document must be a workbook (spreadsheetml's main part, macro-enabled or template alike).
    const override = new RegExp(
      `PartName="/${bookPart.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*ContentType="([^"]*)"`,
      "i",
    ).exec(types);
    if (override && !/spreadsheetml|ms-excel/i.test(override[1])) throw new NotAWorkbookError(override[1]);
    const book = text(bookPart);
    if (book === undefined) throw new Error("no workbook part");
    copy.file(bookPart, book);
    const dir = bookPart.includes("/") ? bookPart.slice(0, bookPart.lastIndexOf("/") + 1) : "";
    const bookRelsPart = `${dir}_rels/${bookPart.slice(dir.length)}.rels`;
    const bookRels = text(bookRelsPart) ?? "";
    const sheetNames = new Map<string, string>();
    const index: SheetIndexEntry[] = [];
    for (const m of book.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const rid = attr(m[0], "r:id");
      const name = unescapeXml(attr(m[0], "name") ?? "");
      if (rid) sheetNames.set(rid, name);
      index.push({ name, state: attr(m[0], "state") ?? "visible" });
    }
    const chosen = choose?.(index);
    const wanted = (name: string) => !chosen || chosen.has(name);
    const kept: string[] = [];
    for (const m of bookRels.matchAll(/<Relationship\b[^>]*>/g)) {
      const type = attr(m[0], "Type") ?? "";
      if (!REL_TYPES_READ.test(type) || attr(m[0], "TargetMode") === "External") continue;
      if (type.endsWith("/styles") && !withStyles) continue;
      const target = attr(m[0], "Target") ?? "";
      const part = target.startsWith("/") ? target.slice(1) : dir + target;
      if (!zip.find(part)) continue;
      if (type.endsWith("/worksheet") && !wanted(sheetNames.get(attr(m[0], "Id") ?? "") ?? "")) {
        // A sheet not wanted is given as an empty sheet (never inflated): its name and state stay.
        copy.file(part, EMPTY_SHEET);
      } else {
        const content = text(part)!;
        copy.file(part, type.endsWith("/worksheet") ? readableWorksheet(content) : content);
      }
      kept.push(m[0]);
    }
    copy.file(
      bookRelsPart,
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${kept.join("")}</Relationships>`,
    );
    return await copy.generateAsync({ type: "nodebuffer", compression: "STORE" });
  } finally {
    zip.close();
  }
}

/** A worksheet with no cells. */
const EMPTY_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
