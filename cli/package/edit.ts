/**
 * Edits an existing worksheet part in place: the cells a plan writes, the locks of a
 * protection plan, the protection element, frozen rows, column widths, the status fills, and
 * the client's formulas stored as Excel stores them; everything else in the part (merges,
 * validations, conditional formats, hyperlinks, drawings, tables, print settings, extensions)
 * stays as its original text. The worksheet's children are put back in CT_Worksheet's order,
 * so a protection added to a sheet with merges lands before them, where the schema wants it.
 *
 * Cost: O(size of the part); rows the plan and the locks do not touch are kept as their text.
 */
import { columnLetter } from "../../src/governance/model";
import { PlannedCell, SheetPlan } from "../../src/governance/plan";
import { storedFormula } from "../../src/ooxml/formula";
import { shiftFormula } from "../../src/ooxml/shift";
import { WORKSHEET_ORDER } from "../../src/ooxml/order";
import { decodeOoxmlText, unescapeXml, xmlText } from "../../src/ooxml/text";
import {
  cellXml,
  colsXml,
  fillsXml,
  fitsToPage,
  FIT_TO_PAGE,
  cellLooks,
  lastLockedColumn,
  lockAt,
  Locks,
  printXml,
  protectionXml,
  rowHeightAttrs,
  rowHeightsOf,
  SheetPassword,
  marginsXml,
  validationXml,
  viewsXml,
} from "./sheet";
import { StyleRegistry } from "./styles";

/** What to change in an existing sheet: a plan's fields (cells from A1: a hole leaves the cell as it is, null clears its value). */
export type SheetEdit = Partial<Omit<SheetPlan, "name" | "replace" | "cells">> & {
  readonly cells?: readonly (readonly PlannedCell[] | undefined)[];
};

/** A top-level child of the worksheet element. */
interface Child {
  readonly name: string;
  xml: string;
}

/**
 * Every `<f>` of a sheet's XML stored as Excel stores it (GOV.NAME as _xldudf_GOV_NAME, newer
 * built-ins with _xlfn.); the cached values and everything else unchanged.
 * @returns The text, the same string when nothing changed.
 */
export function rewriteFormulas(xml: string): string {
  return xml.replace(/<f\b([^>]*)>([^<]*)<\/f>/g, (whole, attrs: string, body: string) => {
    const formula = decodeOoxmlText(unescapeXml(body));
    const stored = storedFormula(formula);
    return stored === formula ? whole : `<f${attrs}>${xmlText(stored)}</f>`;
  });
}

/** The master of a shared formula: its cell and its formula (as text, unescaped). */
interface SharedMaster {
  readonly row: number;
  readonly c: number;
  readonly formula: string;
}

/** The cell reference of the `<c>` element an offset lies in. */
function cellAt(xml: string, offset: number): { row: number; c: number } | undefined {
  const open = xml.lastIndexOf("<c ", offset);
  const ref = open < 0 ? undefined : /^<c\b[^>]*?\sr="([A-Z]+)([0-9]+)"/.exec(xml.slice(open, offset + 1));
  return ref ? { row: Number(ref[2]), c: columnOf(ref[1]) } : undefined;
}

/**
 * The shared formulas (ECMA-376 Part 1, 18.3.1.40) whose master cell an edit overwrites, by
 * their `si`: the other cells of the group hold only a pointer to the master's text, so they
 * must be given their own formulas. Cost: O(size of the sheet's XML) when it has shared
 * formulas, one search when it has none.
 * @param overwritten - Whether the edit writes the cell (1-based row and column).
 */
function sharedMasters(body: string, overwritten: (row: number, c: number) => boolean): Map<string, SharedMaster> {
  const broken = new Map<string, SharedMaster>();
  if (!body.includes('t="shared"')) return broken;
  for (const m of body.matchAll(/<f\b([^>]*?)>([^<]*)<\/f>/g)) {
    const attrs = m[1];
    const si = attr(attrs, "si");
    if (attr(attrs, "t") !== "shared" || attr(attrs, "ref") === undefined || si === undefined) continue;
    const cell = cellAt(body, m.index);
    if (cell && overwritten(cell.row, cell.c)) broken.set(si, { ...cell, formula: decodeOoxmlText(unescapeXml(m[2])) });
  }
  return broken;
}

/**
 * Every cell of a broken shared formula given its own formula: the master's, moved by the
 * cell's distance from the master, as Excel reads it. Its cached value and other attributes stay.
 */
function expandShared(xml: string, broken: ReadonlyMap<string, SharedMaster>): string {
  return xml.replace(/<f\b([^>]*?)(?:\/>|>([^<]*)<\/f>)/g, (whole, attrs: string, _body, offset: number) => {
    const master = broken.get(attr(attrs, "si") ?? "");
    if (!master || attr(attrs, "t") !== "shared") return whole;
    const cell = cellAt(xml, offset);
    if (!cell) return whole;
    const own = attrs.replace(/\s+(t|si|ref)="[^"]*"/g, "");
    return `<f${own}>${xmlText(shiftFormula(master.formula, cell.row - master.row, cell.c - master.c))}</f>`;
  });
}

/** Splits the worksheet element into its opening tag, children and closing tag. */
function splitWorksheet(xml: string): { head: string; prefix: string; children: Child[]; tail: string } {
  const open = /<([\w]+:)?worksheet\b[^>]*>/.exec(xml);
  if (!open) throw new Error("not a worksheet part");
  const prefix = open[1] ?? "";
  const close = xml.lastIndexOf(`</${prefix}worksheet>`);
  const head = xml.slice(0, open.index + open[0].length);
  const tail = xml.slice(close);
  const children: Child[] = [];
  let at = open.index + open[0].length;
  const tag = /<([\w.:-]+)\b[^>]*?(\/?)>/g;
  while (at < close) {
    const lt = xml.indexOf("<", at);
    if (lt < 0 || lt >= close) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m || m.index !== lt) throw new Error("damaged worksheet XML");
    const qname = m[1];
    if (qname.startsWith("!--") || xml.startsWith("<!--", lt)) {
      at = xml.indexOf("-->", lt) + 3;
      continue;
    }
    let end: number;
    if (m[2] === "/") end = lt + m[0].length;
    else {
      // Find the matching close, counting nested elements of the same name.
      let depth = 1;
      const same = new RegExp(`<(/?)${qname.replace(/[.]/g, "\\.")}\\b[^>]*?(/?)>`, "g");
      same.lastIndex = lt + m[0].length;
      end = -1;
      for (let n = same.exec(xml); n; n = same.exec(xml)) {
        if (n[1] === "/") depth--;
        else if (n[2] !== "/") depth++;
        if (depth === 0) {
          end = n.index + n[0].length;
          break;
        }
      }
      if (end < 0) throw new Error(`damaged worksheet XML: <${qname}> is not closed`);
    }
    // Children in the worksheet's own namespace by local name; foreign ones (mc:AlternateContent) by their full name.
    const name = prefix && qname.startsWith(prefix) ? qname.slice(prefix.length) : qname;
    children.push({ name, xml: xml.slice(lt, end) });
    at = end;
  }
  return { head, prefix, children, tail };
}

/**
 * Sorts the children into CT_Worksheet's order; an element the order does not know (such as
 * mc:AlternateContent) stays right after the known element it followed.
 */
function inOrder(children: readonly Child[]): Child[] {
  let last = -1;
  const ranked = children.map((child, i) => {
    const at = WORKSHEET_ORDER.indexOf(child.name);
    if (at >= 0) last = at;
    return { child, rank: at >= 0 ? at : last + 0.5, i };
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.child);
}

/** A cell of a row as found in the file. */
interface FoundCell {
  c: number;
  xml: string;
  s: number;
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/g;

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
}

/** The 1-based column of a reference ("AB12" -> 28). */
function columnOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    c = c * 26 + code - 64;
  }
  return c;
}

/** A cell's XML with its style attribute set (0 removes it). */
function withStyle(xml: string, s: number): string {
  const without = xml.replace(/^(<c\b[^>]*?)\s+s="[^"]*"/, "$1");
  return s ? without.replace(/^<c\b/, `<c s="${s}"`) : without;
}

/** A cell's XML kept with only its style, its value cleared. */
function clearedCell(ref: string, s: number): string {
  return s ? `<c r="${ref}" s="${s}"/>` : `<c r="${ref}"/>`;
}

/**
 * Applies an edit to a worksheet part's XML text.
 * @param xml - The part as read.
 * @param edit - What to change.
 * @param styles - The merged styles (new styles are appended there).
 * @param password - How the protection's password is stored.
 * @returns The new text of the part.
 */
export function editSheetXml(
  xml: string,
  edit: SheetEdit,
  styles: StyleRegistry,
  password: SheetPassword = {},
): string {
  const { head, prefix, children, tail } = splitWorksheet(xml);
  const locks = new Locks(edit.protection);
  const { formatAt, alignAt } = cellLooks(edit);
  const headers = new Set((edit.headerRows ?? []).map((r) => r + 1));
  const heights = rowHeightsOf(edit);
  const cells = edit.cells ?? [];
  const lastRow = Math.max(cells.length, locks.lastRow);
  const find = (name: string) => children.find((c) => c.name === name);

  // sheetData: the planned rows and the locked areas' rows rebuilt, the others kept.
  let data = find("sheetData");
  if (!data) {
    data = { name: "sheetData", xml: `<${prefix}sheetData/>` };
    children.push(data);
  }
  const body = /^<[\w:]*sheetData\b[^>]*?(?:\/>|>([\s\S]*)<\/[\w:]*sheetData>)$/.exec(data.xml)?.[1] ?? "";
  let out = "";
  let r = 0;
  let maxRow = 0;
  let maxCol = 0;
  const touched = (row: number) =>
    (cells[row - 1] !== undefined && cells[row - 1]!.length > 0) || locks.of(row).length > 0 || headers.has(row);
  const rebuild = (row: number, attrs: string, found: FoundCell[]): string => {
    const line = cells[row - 1];
    const areas = locks.of(row);
    const header = headers.has(row);
    const byCol = new Map(found.map((f) => [f.c, f]));
    const width = Math.max(line?.length ?? 0, areas.length ? lastLockedColumn(areas) : 0);
    const columns = new Set(found.map((f) => f.c));
    for (let c = 1; c <= width; c++) columns.add(c);
    let xmlCells = "";
    for (const c of [...columns].sort((a, b) => a - b)) {
      const ref = columnLetter(c - 1) + row;
      const existing = byCol.get(c);
      const value = line?.[c - 1];
      let s = existing?.s ?? 0;
      if (value !== undefined) {
        const format = formatAt(row, c);
        const align = alignAt(row, c);
        if (format || header || align) s = styles.cellStyle(format, header, undefined, align);
      }
      const locked = areas.length ? lockAt(areas, c) : undefined;
      if (locked !== undefined) s = styles.withLock(s, locked);
      let cell: string | undefined;
      if (value === undefined) {
        // A hole: the cell as it is, its style changed only by a lock.
        if (existing) cell = s === existing.s ? existing.xml : withStyle(existing.xml, s);
        else if (locked !== undefined) cell = clearedCell(ref, s);
      } else if (value === null) {
        if (existing || header || locked !== undefined) cell = clearedCell(ref, s);
      } else cell = cellXml(ref, value, s);
      if (cell) {
        xmlCells += cell;
        maxCol = Math.max(maxCol, c);
      }
    }
    let rowAttrs = attrs.replace(/\s+spans="[^"]*"/, "").replace(/\s+r="[^"]*"/, "");
    const height = heights.get(row);
    if (height) rowAttrs = rowAttrs.replace(/\s+(ht|customHeight)="[^"]*"/g, "") + rowHeightAttrs(height);
    return xmlCells
      ? `<row r="${row}"${rowAttrs}>${xmlCells}</row>`
      : rowAttrs.trim()
        ? `<row r="${row}"${rowAttrs}/>`
        : "";
  };
  const fill = (upTo: number) => {
    // Rows the plan or the locks write that the file does not have yet.
    for (let row = r + 1; row < upTo && row <= lastRow; row++) {
      if (touched(row)) {
        const xmlRow = rebuild(row, "", []);
        if (xmlRow) {
          out += xmlRow;
          maxRow = row;
        }
      }
    }
  };
  ROW.lastIndex = 0;
  for (let m = ROW.exec(body); m; m = ROW.exec(body)) {
    const attrs = m[1];
    const row = Number(attr(attrs, "r") ?? r + 1);
    fill(row);
    r = row;
    if (!touched(row)) {
      out += m[0];
      maxRow = row;
      const spans = attr(attrs, "spans");
      if (spans) maxCol = Math.max(maxCol, Number(spans.split(":")[1]) || 0);
      continue;
    }
    const found: FoundCell[] = [];
    let c = 0;
    const inner = m[2] ?? "";
    CELL.lastIndex = 0;
    for (let n = CELL.exec(inner); n; n = CELL.exec(inner)) {
      const ref = attr(n[1], "r");
      c = ref ? columnOf(ref) : c + 1;
      const cellXmlText = ref ? n[0] : n[0].replace(/^<c\b/, `<c r="${columnLetter(c - 1)}${row}"`);
      found.push({ c, xml: cellXmlText, s: Number(attr(n[1], "s") ?? 0) });
    }
    out += rebuild(row, attrs, found);
    maxRow = row;
  }
  fill(lastRow + 1);
  const broken = sharedMasters(body, (row, c) => cells[row - 1]?.[c - 1] !== undefined);
  if (broken.size) out = expandShared(out, broken);
  data.xml = `<${prefix}sheetData>${rewriteFormulas(out)}</${prefix}sheetData>`;

  const dimension = find("dimension");
  if (dimension && maxRow > 0 && maxCol > 0)
    dimension.xml = `<${prefix}dimension ref="A1:${columnLetter(maxCol - 1)}${maxRow}"/>`;

  if (edit.freezeRows || edit.freezeColumns) {
    const views = find("sheetViews");
    const selected = views ? /tabSelected="(1|true)"/.test(views.xml) : false;
    const split = (name: string, n: number | undefined) => (n ? `${name}="${n}"` : "");
    const frozen =
      views &&
      /state="frozen"/.test(views.xml) &&
      views.xml.includes(split("ySplit", edit.freezeRows)) &&
      views.xml.includes(split("xSplit", edit.freezeColumns));
    if (!frozen) {
      const xmlViews = viewsXml(edit.freezeRows, selected, edit.freezeColumns);
      if (views) views.xml = xmlViews;
      else children.push({ name: "sheetViews", xml: xmlViews });
    }
  }
  if (edit.columnWidths?.length) {
    const cols = find("cols");
    const xmlCols = mergeCols(cols?.xml, edit.columnWidths);
    if (cols) cols.xml = xmlCols;
    else children.push({ name: "cols", xml: xmlCols });
  }
  if (edit.protection) {
    const existing = find("sheetProtection");
    const xmlProtection = protectionXml(edit.protection, password);
    if (existing) existing.xml = xmlProtection;
    else children.push({ name: "sheetProtection", xml: xmlProtection });
  }
  if (edit.autoFilter) {
    const filter = find("autoFilter");
    const xmlFilter = `<${prefix}autoFilter ref="${edit.autoFilter.replace(/\$/g, "")}"/>`;
    if (filter) filter.xml = xmlFilter;
    else children.push({ name: "autoFilter", xml: xmlFilter });
  }
  if (edit.merges?.length) {
    // The plan's merged cells join the sheet's own; a range merged already is not merged twice.
    const existing = find("mergeCells");
    const kept = existing?.xml.match(/<(\w+:)?mergeCell\b[^>]*\/>/g) ?? [];
    const refs = new Set(kept.map((m) => /ref="([^"]*)"/.exec(m)?.[1]));
    const added = edit.merges.map((m) => m.replace(/\$/g, "")).filter((m) => !refs.has(m));
    const all = [...kept, ...added.map((m) => `<${prefix}mergeCell ref="${m}"/>`)];
    const xmlMerges = `<${prefix}mergeCells count="${all.length}">${all.join("")}</${prefix}mergeCells>`;
    if (existing) existing.xml = xmlMerges;
    else children.push({ name: "mergeCells", xml: xmlMerges });
  }
  if (edit.validations?.length) {
    // The plan's drop-downs join the user's own; one on the same range is replaced.
    const existing = find("dataValidations");
    const ranges = new Set(edit.validations.map((v) => v.range.replace(/\$/g, "")));
    const kept = (existing?.xml.match(/<(\w+:)?dataValidation\b[\s\S]*?(\/>|<\/(\w+:)?dataValidation>)/g) ?? []).filter(
      (v) => !ranges.has(/sqref="([^"]*)"/.exec(v)?.[1] ?? ""),
    );
    const all = [...kept, ...edit.validations.map((v) => validationXml(v.range, v.list))];
    const xmlValidations = `<dataValidations count="${all.length}">${all.join("")}</dataValidations>`;
    if (existing) existing.xml = xmlValidations;
    else children.push({ name: "dataValidations", xml: xmlValidations });
  }
  if (edit.print) {
    const [setup, footer, margins] = [find("pageSetup"), find("headerFooter"), find("pageMargins")];
    if (margins) margins.xml = marginsXml(edit.print);
    else children.push({ name: "pageMargins", xml: marginsXml(edit.print) });
    const xml = printXml(edit.print);
    const setupXml = /<pageSetup\b[^>]*\/>/.exec(xml)![0];
    const footerXml = /<headerFooter>[\s\S]*<\/headerFooter>/.exec(xml)?.[0];
    if (setup) setup.xml = withClientSetup(setupXml, setup.xml);
    else children.push({ name: "pageSetup", xml: setupXml });
    if (footerXml) {
      if (footer) footer.xml = footerXml;
      else children.push({ name: "headerFooter", xml: footerXml });
    }
    // The plan's page breaks replace the sheet's manual ones.
    for (const name of ["rowBreaks", "colBreaks"]) {
      const existing = find(name);
      if (existing) children.splice(children.indexOf(existing), 1);
      const planned = new RegExp(`<${name}\\b[\\s\\S]*</${name}>`).exec(xml)?.[0];
      if (planned) children.push({ name, xml: planned });
    }
    const pr = find("sheetPr");
    const fit = fitsToPage(edit.print) ? "1" : "0";
    if (!pr) children.push({ name: "sheetPr", xml: FIT_TO_PAGE.replace('"1"', `"${fit}"`) });
    else if (/<pageSetUpPr\b/.test(pr.xml)) {
      pr.xml = pr.xml.replace(/<pageSetUpPr\b[^>]*\/>/, (m) =>
        m.replace(/\s*fitToPage="[^"]*"/, "").replace(/\s*\/>$/, ` fitToPage="${fit}"/>`),
      );
    } else if (/\/>$/.test(pr.xml)) pr.xml = pr.xml.replace(/\s*\/>$/, `><pageSetUpPr fitToPage="${fit}"/></sheetPr>`);
    // CT_SheetPr's children: tabColor, outlinePr, pageSetUpPr: the last of them goes at the end.
    else pr.xml = pr.xml.replace(/<\/(\w+:)?sheetPr>$/, (end) => `<pageSetUpPr fitToPage="${fit}"/>${end}`);
  }
  if (edit.fills?.length) {
    let priority = 0;
    for (const child of children) {
      if (child.name !== "conditionalFormatting") continue;
      for (const p of child.xml.matchAll(/priority="(\d+)"/g)) priority = Math.max(priority, Number(p[1]));
    }
    // x14 conditional formats in the extension list share the priorities.
    for (const p of (find("extLst")?.xml ?? "").matchAll(/priority="(\d+)"/g))
      priority = Math.max(priority, Number(p[1]));
    const xmlFills = fillsXml(edit.fills, styles, priority);
    for (const one of xmlFills.match(/<conditionalFormatting\b[\s\S]*?<\/conditionalFormatting>/g) ?? []) {
      children.push({ name: "conditionalFormatting", xml: one });
    }
  }
  return (
    head +
    inOrder(children)
      .map((c) => c.xml)
      .join("") +
    tail
  );
}

/**
 * Existing `<cols>` with the planned widths set on the first columns (the others kept), each
 * resized column keeping the client's other settings of it (hidden, style, outline level).
 * @example mergeCols('<cols><col min="1" max="3" width="5" hidden="1"/></cols>', [20]) // => '<cols><col min="1" max="1" width="20" customWidth="1" hidden="1"/><col min="2" max="3" width="5" hidden="1"/></cols>'
 */
export function mergeCols(existing: string | undefined, widths: readonly number[]): string {
  const planned = colsXml(widths).replace(/^<cols>|<\/cols>$/g, "");
  if (!existing) return `<cols>${planned}</cols>`;
  const own = [...existing.matchAll(/<col\b[^>]*\/>/g)].map((m) => m[0]);
  /** The client's attributes of a column other than those the plan sets. */
  const settingsOf = (column: number) => {
    const col = own.find((c) => Number(attr(c, "min")) <= column && column <= Number(attr(c, "max")));
    return col
      ? col
          .replace(/^<col\b|\/>$/g, "")
          .replace(/\s(?:min|max|width|customWidth)="[^"]*"/g, "")
          .trimEnd()
      : "";
  };
  const resized = planned.replace(
    /<col min="(\d+)"[^>]*?(?=\/>)/g,
    (col, min: string) => col + settingsOf(Number(min)),
  );
  const n = widths.length;
  const kept: string[] = [];
  for (const col of own) {
    const min = Number(attr(col, "min"));
    const max = Number(attr(col, "max"));
    if (max <= n) continue;
    kept.push(min > n ? col : col.replace(/\bmin="\d+"/, `min="${n + 1}"`));
  }
  return `<cols>${resized}${kept.join("")}</cols>`;
}

/** CT_PageSetup's attributes the print plan decides; the others (paper, printer settings, first page number) are the client's. */
const PLANNED_SETUP = new Set(["scale", "fitToWidth", "fitToHeight", "pageOrder", "orientation"]);

/**
 * The plan's `<pageSetup>` with the client's own attributes it does not decide kept: an A4
 * sheet stays A4 (the plan's columns fit a Letter page, narrower), its printer settings part
 * stays referenced.
 * @example withClientSetup('<pageSetup fitToWidth="1"/>', '<pageSetup paperSize="9" scale="60"/>') // => '<pageSetup fitToWidth="1" paperSize="9"/>'
 */
export function withClientSetup(planned: string, client: string): string {
  const kept = [...client.matchAll(/\s([\w:]+)\s*=\s*("[^"]*"|'[^']*')/g)]
    .filter((m) => !PLANNED_SETUP.has(m[1]))
    .map((m) => ` ${m[1]}=${m[2]}`)
    .join("");
  return planned.replace(/\s*\/>$/, `${kept}/>`);
}
