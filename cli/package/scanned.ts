/**
 * The scan record: the sheet parts of a governed workbook known to hold no formula the writer
 * would store differently (no `GOV.NAME(` to store as `_xldudf_GOV_NAME(`, no newer built-in
 * without its `_xlfn.`), so the next command copies them as their zipped bytes without
 * inflating them.
 *
 * Why: a client sheet the product only carries must still be searched for such calls, and
 * that costs inflating it (about 0.7 s of CPU per 200 MB of XML). Excel's calculation chain
 * says which sheets hold formulas, but a package no Excel saved has none; the record makes the
 * search happen once per content of a part instead of once per command.
 *
 * Where: a property of the add-in's own web-extension part (xl/webextensions/webextensionN.xml,
 * `<we:properties>`, the property bag of [MS-OWEXML] CT_OsfWebExtension, where Office.js keeps a
 * document's settings for the add-in and Excel keeps them on save). Its value is JSON, as
 * Office.js stores every setting's value, so the pane reads it as one more setting:
 * `{"rules":"<CRC-32 of FORMULA_RULES, 8 hex digits>","parts":[["<part>","<CRC-32>",<size>],...]}`.
 *
 * What a part is matched by: the CRC-32 and the inflated size the zip's central directory gives
 * for it, compared with the record's, so a part is never inflated to be recognised. The verdict
 * depends on the part's content only, so the name is recorded to be read, not matched (Excel
 * renumbers sheet parts on save). A part the user changed has another CRC or size and is
 * searched again; two different contents share both only by chance (one in 2^32 for the CRC).
 * A record made under other rules (a release that rewrites one more function) is not used.
 */
import { FORMULA_RULES } from "../../src/ooxml/formula";
import { unescapeXml } from "../../src/ooxml/text";
import { crc32 } from "./zip";

/** The property's name (Office.js reserves names that start with "Office."). */
export const SCAN_RECORD_PROPERTY = "SLAGovernance.sheetsWithoutCallsToStore";

/** A part the record lists: its name, and its content's CRC-32 and inflated size. */
export interface ScannedPart {
  readonly name: string;
  readonly crc: number;
  readonly size: number;
}

/** A property of a web-extension part, its name and value as text (unescaped). */
export interface WebExtensionProperty {
  readonly name: string;
  readonly value: string;
}

/** The id of the formula rules a record is made under: CRC-32 of FORMULA_RULES as 8 hex digits. */
export const RULES_ID = hex(crc32(Buffer.from(FORMULA_RULES, "utf8")));

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/**
 * The properties of a web-extension part, in order (`<we:property name=".." value=".."/>`).
 * Cost: O(size of the part).
 */
export function webExtensionProperties(xml: string): WebExtensionProperty[] {
  const bag = /<(?:\w+:)?properties\b[^>]*>([\s\S]*?)<\/(?:\w+:)?properties>/.exec(xml)?.[1] ?? "";
  const out: WebExtensionProperty[] = [];
  for (const m of bag.matchAll(/<(?:\w+:)?property\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(m[0])?.[1];
    const value = /\svalue="([^"]*)"/.exec(m[0])?.[1];
    if (name !== undefined && value !== undefined) out.push({ name: unescapeXml(name), value: unescapeXml(value) });
  }
  return out;
}

/**
 * The parts a record lists, by content, or an empty set when there is no record, it was made
 * under other rules, or it cannot be read (a record is only ever a shortcut: without it every
 * part is searched). Cost: O(size of the record).
 */
export class ScanRecord {
  private constructor(private readonly contents: ReadonlySet<string>) {}

  /** The record among a web-extension part's properties (none: an empty record). */
  static of(properties: readonly WebExtensionProperty[]): ScanRecord {
    const value = properties.find((p) => p.name === SCAN_RECORD_PROPERTY)?.value;
    const contents = new Set<string>();
    if (value === undefined) return new ScanRecord(contents);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return new ScanRecord(contents);
    }
    const record = parsed as { rules?: unknown; parts?: unknown };
    if (record?.rules !== RULES_ID || !Array.isArray(record.parts)) return new ScanRecord(contents);
    for (const p of record.parts as unknown[]) {
      if (!Array.isArray(p) || p.length !== 3) continue;
      const [name, crc, size] = p as unknown[];
      if (typeof name !== "string" || typeof crc !== "string" || !/^[0-9a-f]{8}$/.test(crc)) continue;
      if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) continue;
      contents.add(`${crc}:${size}`);
    }
    return new ScanRecord(contents);
  }

  /** Whether a part with this CRC-32 and inflated size is one the record lists. */
  has(part: { readonly crc: number; readonly size: number }): boolean {
    return this.contents.has(`${hex(part.crc)}:${part.size}`);
  }
}

/**
 * The record's property for these parts (sorted by name: the same workbook gives the same bytes).
 * @example scanRecordProperty([{ name: "xl/worksheets/sheet2.xml", crc: 0x1a2b3c4d, size: 120 }]).value
 * // => '{"rules":"<RULES_ID>","parts":[["xl/worksheets/sheet2.xml","1a2b3c4d",120]]}'
 */
export function scanRecordProperty(parts: readonly ScannedPart[]): WebExtensionProperty {
  const sorted = [...parts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    name: SCAN_RECORD_PROPERTY,
    value: JSON.stringify({ rules: RULES_ID, parts: sorted.map((p) => [p.name, hex(p.crc), p.size]) }),
  };
}
