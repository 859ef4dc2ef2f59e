/**
 * The package's cell styles (xl/styles.xml), merged: the client's styles are kept as they are,
 * at the same indices, and the styles the product needs (header look, number formats, locked
 * and unlocked cells, status fills for conditional formats) are appended after them. So every
 * `s="..."` in a carried sheet still points at the same style, and the part is rewritten only
 * when something was added (otherwise it is carried byte for byte).
 *
 * The styles file is small (a few hundred styles in the largest client workbooks), so it is
 * read into strings whole; each section is kept as its original text and only grows at its end.
 */
import { HEADER_STYLE } from "../../src/governance/plan";
import { STYLESHEET_ORDER } from "../../src/ooxml/order";
import { unescapeXml, xmlAttr } from "../../src/ooxml/text";

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A cell's alignment: 0 as Excel's default, 1 wrapped and at the top of its row, 2 at the top (a text that still spills). */
export type Align = 0 | 1 | 2;

/** Excel's built-in number formats the product uses, by format code (ECMA-376 Part 1, 18.8.30). */
const BUILTIN_FORMATS: Readonly<Record<string, number>> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "0.00E+00": 11,
  "m/d/yyyy": 14,
  "d-mmm-yy": 15,
  "h:mm": 20,
  "h:mm:ss": 21,
  "m/d/yyyy h:mm": 22,
  "@": 49,
};

/** The styles file of a new workbook: one font, Excel's two required fills, no border, the Normal style. */
const NEW_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="1"><font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  "</styleSheet>";

/** One section of the stylesheet: its original text and what is appended to it. */
interface Section {
  /** Start and end of the whole element in the original text (end exclusive); -1 when absent. */
  readonly start: number;
  readonly end: number;
  /** The original child elements' text. */
  readonly items: readonly string[];
  readonly added: string[];
}

/** The child elements of a section (`<xf .../>` or `<xf ...>...</xf>`), in order. */
function childElements(body: string, tag: string): string[] {
  const re = new RegExp(`<${tag}\\b[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`, "g");
  return body.match(re) ?? [];
}

function findSection(xml: string, name: string, item: string): Section {
  const open = new RegExp(`<${name}\\b[^>]*?(/?)>`).exec(xml);
  if (!open) return { start: -1, end: -1, items: [], added: [] };
  if (open[1] === "/") return { start: open.index, end: open.index + open[0].length, items: [], added: [] };
  const close = xml.indexOf(`</${name}>`, open.index);
  if (close < 0) return { start: -1, end: -1, items: [], added: [] };
  const body = xml.slice(open.index + open[0].length, close);
  return { start: open.index, end: close + name.length + 3, items: childElements(body, item), added: [] };
}

/** The item tag of each section the registry appends to. */
const ITEMS: Readonly<Record<string, string>> = {
  numFmts: "numFmt",
  fonts: "font",
  fills: "fill",
  borders: "border",
  cellXfs: "xf",
  dxfs: "dxf",
};

/** `#DFF6DD` as SpreadsheetML's ARGB. */
function argb(hex: string): string {
  return "FF" + hex.replace("#", "").toUpperCase();
}

/** Sets (or adds) an attribute of an element's opening tag. */
function withAttribute(element: string, name: string, value: string): string {
  const re = new RegExp(`(<\\w+\\b[^>]*?)\\s${name}="[^"]*"`);
  if (re.test(element)) return element.replace(re, `$1 ${name}="${value}"`);
  return element.replace(/^<(\w+)/, `<$1 ${name}="${value}"`);
}

/**
 * The merged stylesheet. Indices handed out are final: the client's stay, the product's follow.
 * Cost: O(size of styles.xml) to read; O(1) per style asked for (cached by key).
 */
export class StyleRegistry {
  private readonly sections = new Map<string, Section>();
  private readonly cache = new Map<string, number>();
  /** Cell styles by number format, then by `cellStyle`'s flags (-1: not made yet). */
  private readonly xfSlots = new Map<string, Int32Array>();
  private readonly formats = new Map<string, number>();
  private nextFormatId = 164;

  private constructor(private readonly xml: string) {
    for (const [name, item] of Object.entries(ITEMS)) this.sections.set(name, findSection(xml, name, item));
    for (const f of this.section("numFmts").items) {
      const id = Number(/numFmtId="(\d+)"/.exec(f)?.[1]);
      const code = /formatCode="([^"]*)"/.exec(f)?.[1];
      if (Number.isFinite(id) && code !== undefined) {
        if (!this.formats.has(unescapeXml(code))) this.formats.set(unescapeXml(code), id);
        this.nextFormatId = Math.max(this.nextFormatId, id + 1);
      }
    }
  }

  /**
   * The registry over a client's styles.xml, or over a new workbook's when there is none.
   * @param xml - The text of xl/styles.xml, or undefined.
   */
  static of(xml: string | undefined): StyleRegistry {
    return new StyleRegistry(xml ?? NEW_STYLES);
  }

  /** True when the registry was made of this styles.xml (undefined: a new workbook's). */
  isOf(xml: string | undefined): boolean {
    return this.xml === (xml ?? NEW_STYLES);
  }

  /** True when styles were added (the part must be written). */
  get changed(): boolean {
    for (const s of this.sections.values()) if (s.added.length) return true;
    return false;
  }

  private section(name: string): Section {
    return this.sections.get(name)!;
  }

  /**
   * Appends an item to a section, returning its index; an item the client's file already has
   * (written by an earlier run) is reused, so running a command again does not grow the styles.
   */
  private add(name: string, item: string): number {
    const s = this.section(name);
    const existing = s.items.indexOf(item);
    if (existing >= 0) return existing;
    s.added.push(item);
    return s.items.length + s.added.length - 1;
  }

  private cached(key: string, make: () => number): number {
    let id = this.cache.get(key);
    if (id === undefined) {
      id = make();
      this.cache.set(key, id);
    }
    return id;
  }

  /** The number of cell styles (an `s` beyond it is out of range). */
  get cellStyleCount(): number {
    const s = this.section("cellXfs");
    return s.items.length + s.added.length;
  }

  /** The id of a number format, built in or added. */
  numberFormat(code: string): number {
    if (code in BUILTIN_FORMATS) return BUILTIN_FORMATS[code];
    let id = this.formats.get(code);
    if (id === undefined) {
      id = this.nextFormatId++;
      this.formats.set(code, id);
      this.add("numFmts", `<numFmt numFmtId="${id}" formatCode="${xmlAttr(code)}"/>`);
    }
    return id;
  }

  /** The header look: the workbook's first font in bold, the header fill and bottom border. */
  private header(): { font: number; fill: number; border: number } {
    const font = this.cached("font:bold", () => {
      const base = this.section("fonts").items[0] ?? "<font/>";
      const bold = /<b\s*\/>|<b\s[^>]*\/>/.test(base)
        ? base
        : base.replace(/^<font\b([^>]*?)\s*\/>$/, "<font$1></font>").replace(/^<font\b([^>]*)>/, "<font$1><b/>");
      return this.add("fonts", HEADER_STYLE.bold ? bold : base);
    });
    const fill = this.cached("fill:header", () =>
      this.add(
        "fills",
        `<fill><patternFill patternType="solid"><fgColor rgb="${argb(HEADER_STYLE.fill)}"/><bgColor indexed="64"/></patternFill></fill>`,
      ),
    );
    const border = this.cached("border:header", () =>
      this.add(
        "borders",
        `<border><left/><right/><top/><bottom style="thin"><color rgb="${argb(HEADER_STYLE.borderBottom)}"/></bottom><diagonal/></border>`,
      ),
    );
    return { font, fill, border };
  }

  /**
   * The style of a cell the product writes: a number format, the header look, a lock state.
   * @param format - A number format code, or undefined for General.
   * @param header - Draw the cell as a header.
   * @param locked - false unlocks the cell, true locks it, undefined leaves Excel's default (locked).
   * @param align - {@link Align}: none, wrapped within the column's width (aligned to the top), or aligned to the top.
   * @returns The index into cellXfs (0 for a plain cell).
   */
  cellStyle(format: string | undefined, header: boolean, locked?: boolean, align: Align = 0): number {
    if (!format && !header && locked !== false && !align) return 0;
    // Asked once per written cell (a million-row sheet): found by format and a slot of the three
    // flags, without building a key text per cell.
    const slot = (header ? 9 : 0) + (locked === undefined ? 0 : locked ? 3 : 6) + align;
    let slots = this.xfSlots.get(format ?? "");
    if (!slots) this.xfSlots.set(format ?? "", (slots = new Int32Array(18).fill(-1)));
    if (slots[slot] < 0) slots[slot] = this.newCellStyle(format, header, locked, align);
    return slots[slot];
  }

  /** `cellStyle`'s style, made (or found among the client's) once per format and flags. */
  private newCellStyle(format: string | undefined, header: boolean, locked: boolean | undefined, align: Align): number {
    return this.cached(`xf:${format ?? ""}|${header}|${locked}|${align}`, () => {
      const numFmtId = format ? this.numberFormat(format) : 0;
      const look = header ? this.header() : { font: 0, fill: 0, border: 0 };
      let xf =
        `<xf numFmtId="${numFmtId}" fontId="${look.font}" fillId="${look.fill}" borderId="${look.border}" xfId="0"` +
        (numFmtId ? ' applyNumberFormat="1"' : "") +
        (header ? ' applyFont="1" applyFill="1" applyBorder="1"' : "") +
        (align ? ' applyAlignment="1"' : "") +
        (locked === false ? ' applyProtection="1"' : "");
      // CT_Xf's children in order: alignment, protection.
      const alignment = ["", '<alignment vertical="top" wrapText="1"/>', '<alignment vertical="top"/>'][align];
      const children = alignment + (locked === false ? '<protection locked="0"/>' : "");
      xf += children ? `>${children}</xf>` : "/>";
      return this.add("cellXfs", xf);
    });
  }

  /**
   * A client's cell style with the lock set: the same style when it already has that lock,
   * else a copy of it (alignment and everything else kept) with the protection changed.
   * @param xf - The cell's `s` (0 when absent); one out of range is taken as 0.
   */
  withLock(xf: number, locked: boolean): number {
    const items = this.section("cellXfs");
    const index = xf >= 0 && xf < items.items.length + items.added.length ? xf : 0;
    const original = index < items.items.length ? items.items[index] : items.added[index - items.items.length];
    if (!original) return this.cellStyle(undefined, false, locked);
    const unlocked = /<protection\b[^>]*\blocked="(0|false)"/.test(original);
    if (unlocked !== locked) return index;
    return this.cached(`lock:${index}|${locked}`, () => {
      let copy = original.replace(/<protection\b[^>]*\/>/, "");
      if (/^<xf\b[^>]*\/>$/.test(copy)) copy = copy.replace(/\s*\/>$/, "></xf>");
      copy = withAttribute(copy, "applyProtection", "1");
      if (!locked) {
        // CT_Xf's children: alignment, protection, extLst.
        const at = copy.indexOf("<extLst");
        const protection = '<protection locked="0"/>';
        copy =
          at >= 0 ? copy.slice(0, at) + protection + copy.slice(at) : copy.replace(/<\/xf>$/, `${protection}</xf>`);
      }
      copy = copy.replace(/^(<xf\b[^>]*)><\/xf>$/, "$1/>");
      return this.add("cellXfs", copy);
    });
  }

  /** A differential style for a conditional format: a solid fill and a font colour. */
  statusFill(fill: string, font: string): number {
    return this.cached(`dxf:${fill}|${font}`, () =>
      this.add(
        "dxfs",
        `<dxf><font><color rgb="${argb(font)}"/></font><fill><patternFill patternType="solid"><bgColor rgb="${argb(fill)}"/></patternFill></fill></dxf>`,
      ),
    );
  }

  /** The stylesheet with the added styles, counts updated. */
  toXml(): string {
    // Edits from the end of the text backwards, so earlier offsets stay valid.
    const edits: { start: number; end: number; text: string }[] = [];
    const missing: { name: string; text: string }[] = [];
    for (const [name, s] of this.sections) {
      if (!s.added.length) continue;
      const all = [...s.items, ...s.added];
      const text = `<${name} count="${all.length}">${all.join("")}</${name}>`;
      if (s.start < 0) missing.push({ name, text });
      else {
        // Keep the section's own attributes other than count (e.g. x14ac namespaces are on the root).
        const open = /^<\w+\b([^>]*?)\/?>/.exec(this.xml.slice(s.start, s.end))![1].replace(/\s*count="[^"]*"/, "");
        edits.push({
          start: s.start,
          end: s.end,
          text: `<${name}${open} count="${all.length}">${all.join("")}</${name}>`,
        });
      }
    }
    let xml = this.xml;
    for (const e of edits.sort((a, b) => b.start - a.start)) xml = xml.slice(0, e.start) + e.text + xml.slice(e.end);
    for (const m of missing) xml = insertInOrder(xml, m.name, m.text);
    return xml;
  }
}

/** Inserts a missing stylesheet section before the first later section present (or at the end). */
function insertInOrder(xml: string, name: string, text: string): string {
  const later = STYLESHEET_ORDER.slice(STYLESHEET_ORDER.indexOf(name) + 1);
  for (const next of later) {
    const at = new RegExp(`<${next}\\b`).exec(xml);
    if (at) return xml.slice(0, at.index) + text + xml.slice(at.index);
  }
  const end = xml.lastIndexOf("</styleSheet>");
  return xml.slice(0, end) + text + xml.slice(end);
}
