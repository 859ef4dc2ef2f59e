/**
 * The one OOXML text codec: how a cell's text is stored in SpreadsheetML and back.
 *
 * ECMA-376 Part 1, 22.9.2.19 (ST_Xstring) stores a character XML cannot carry as `_xHHHH_`,
 * four hex digits of its UTF-16 code unit. A text that itself contains `_xHHHH_` has its
 * underscore stored as `_x005F_`, so `_x0041_` typed by a user is written `_x005F_x0041_`
 * and never read back as `A`. This is what Excel writes and reads in shared strings, inline
 * strings and rich-text runs.
 *
 * What gets escaped by {@link encodeOoxmlText}:
 * - the control characters XML 1.0 forbids (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F)
 *   and U+FFFE, U+FFFF;
 * - a carriage return (U+000D): XML parsers turn a literal CR into LF, so it would be lost;
 * - a lone surrogate (UTF-8 cannot carry it);
 * - the underscore that starts a literal `_xHHHH_`.
 *
 * Kept as they are: tab, line feed, every other character including surrogate pairs
 * (emoji and other astral characters). The result still needs XML escaping of `&`, `<`,
 * `>` (and `"` in attributes): {@link xmlText} and {@link xmlAttr} do both steps.
 *
 * {@link decodeOoxmlText} is the exact inverse: `decodeOoxmlText(encodeOoxmlText(s)) === s`
 * for every string `s`. Decoding is also what gives "the text a user sees in Excel" from
 * the stored text. Hex digits are read in either case, as Excel does.
 *
 * Cost: one pass over the text, linear in its length; texts without `_x` or characters to
 * escape are returned as they are (no copy).
 */

/** `_xHHHH_` with four hex digits, either case: the escape Excel reads. */
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
/** The same escape, for tests (a regex without `g` keeps no state between calls). */
const HAS_ESCAPE = /_x[0-9A-Fa-f]{4}_/;
// Control characters are exactly what this codec is for.
/* eslint-disable no-control-regex */
/** Characters that need an escape (see the module comment), or an `_x` that may start a literal escape. */
const NEEDS_ENCODING = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x/;
/** One character to escape, or a surrogate pair to keep, or a literal escape sequence. */
const ENCODE =
  /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
/* eslint-enable no-control-regex */

/** `_xHHHH_` for one UTF-16 code unit, in capitals as Excel writes it. */
function escapeUnit(unit: number): string {
  return `_x${unit.toString(16).toUpperCase().padStart(4, "0")}_`;
}

/**
 * Encodes a text as OOXML stores it (ST_Xstring), before XML escaping.
 * @param text - The text as the user sees it in Excel.
 * @returns The stored text: XML-invalid characters and CR as `_xHHHH_`, a literal `_xHHHH_` as `_x005F_xHHHH_`.
 * @example encodeOoxmlText("a\u0001b") // => "a_x0001_b"
 * @example encodeOoxmlText("_x0041_") // => "_x005F_x0041_"
 * @example encodeOoxmlText("line 1\r\nline 2") // => "line 1_x000D_\nline 2"
 */
export function encodeOoxmlText(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  return text.replace(ENCODE, (match) => (match.length === 2 ? match : escapeUnit(match.charCodeAt(0))));
}

/**
 * Decodes stored OOXML text (ST_Xstring) into the text a user sees in Excel.
 * @param stored - The text after XML unescaping (an XML parser's text content).
 * @returns The text with every `_xHHHH_` replaced by its character.
 * @example decodeOoxmlText("a_x0001_b") // => "a\u0001b"
 * @example decodeOoxmlText("_x005F_x0041_") // => "_x0041_"
 * @example decodeOoxmlText("_x0041_") // => "A"
 */
export function decodeOoxmlText(stored: string): string {
  if (stored.indexOf("_x") < 0) return stored;
  return stored.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** XML escapes for element text: `&`, `<`, `>`. */
const TEXT_SPECIAL = /[&<>]/g;
const HAS_TEXT_SPECIAL = /[&<>]/;
/** XML escapes for attribute values: also both quotes and the whitespace a parser would normalise. */
const ATTR_SPECIAL = /[&<>"'\t\n]/g;
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
};

/**
 * A text ready to put between XML tags: OOXML-encoded, then XML-escaped.
 * @param text - The text as the user sees it.
 * @returns Element content that an XML parser plus {@link decodeOoxmlText} turn back into `text`.
 * @example xmlText("a < b\u0000") // => "a &lt; b_x0000_"
 */
export function xmlText(text: string): string {
  const encoded = encodeOoxmlText(text);
  return HAS_TEXT_SPECIAL.test(encoded) ? encoded.replace(TEXT_SPECIAL, (c) => ENTITIES[c]) : encoded;
}

/**
 * A text ready to put in a double- or single-quoted XML attribute: OOXML-encoded, then XML-escaped.
 * @param text - The text as the user sees it.
 * @returns Attribute content that an XML parser plus {@link decodeOoxmlText} turn back into `text`.
 * @example xmlAttr('say "hi"') // => "say &quot;hi&quot;"
 */
export function xmlAttr(text: string): string {
  return encodeOoxmlText(text).replace(ATTR_SPECIAL, (c) => ENTITIES[c]);
}

/**
 * Whether a text contains `_xHHHH_` sequences, i.e. whether the stored and the seen text may differ.
 * @example hasOoxmlEscapes("plain") // => false
 */
export function hasOoxmlEscapes(stored: string): boolean {
  return HAS_ESCAPE.test(stored);
}

/**
 * Decodes XML's five entities and character references (what an XML parser does to text and
 * attribute values), for code that reads small parts as text.
 * @example unescapeXml("a &lt; b &#38; c") // => "a < b & c"
 */
export function unescapeXml(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return XML_ENTITIES[e];
  });
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
