import fc from "fast-check";
import { decodeOoxmlText, encodeOoxmlText, hasOoxmlEscapes, xmlAttr, xmlText } from "../../src/ooxml/text";

/** Characters XML 1.0 allows in a document (the Char production), minus CR which parsers normalise. */
function xmlSafe(stored: string): boolean {
  return /^(?:[\t\n\u0020-\uD7FF\uE000-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/.test(stored);
}

/** Naive reference decoder: scan left to right, one escape at a time. */
function referenceDecode(stored: string): string {
  let out = "";
  let i = 0;
  while (i < stored.length) {
    const m = /^_x([0-9A-Fa-f]{4})_/.exec(stored.slice(i, i + 7));
    if (m) {
      out += String.fromCharCode(parseInt(m[1], 16));
      i += 7;
    } else {
      out += stored[i];
      i += 1;
    }
  }
  return out;
}

/** Text that mixes every hard case: control characters, CR/LF, surrogates (paired and lone), literal escapes. */
const hardText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("_x0041_", "_x005F_", "_x000D_", "_x", "_", "x0041_", "_xZZZZ_", "_x00e9_"),
      fc.constantFrom("\r", "\n", "\r\n", "\t", "\u0000", "\u001F", "\uFFFE", "\uFFFF", "\uD800", "\uDC00"),
      fc.constantFrom("😀", "𝄞", "é", "&", "<", ">", '"', "'"),
    ),
  )
  .map((parts) => parts.join(""));

describe("OOXML text codec", () => {
  test("worked examples, as Excel stores them", () => {
    expect(encodeOoxmlText("plain text")).toBe("plain text");
    expect(encodeOoxmlText("a\u0001b")).toBe("a_x0001_b");
    expect(encodeOoxmlText("_x0041_")).toBe("_x005F_x0041_");
    expect(encodeOoxmlText("line 1\r\nline 2")).toBe("line 1_x000D_\nline 2");
    expect(encodeOoxmlText("tab\there")).toBe("tab\there");
    expect(encodeOoxmlText("😀")).toBe("😀");
    expect(encodeOoxmlText("\uD800x")).toBe("_xD800_x");
    expect(encodeOoxmlText("\uFFFF")).toBe("_xFFFF_");
    expect(decodeOoxmlText("a_x0001_b")).toBe("a\u0001b");
    expect(decodeOoxmlText("_x005F_x0041_")).toBe("_x0041_");
    expect(decodeOoxmlText("_x0041_")).toBe("A");
    expect(decodeOoxmlText("_x00e9_")).toBe("é");
  });

  test("edge cases: partial escapes are plain text", () => {
    for (const s of ["_x", "_x004", "_x004_", "_xGGGG_", "x0041_", "__x", "_x0041", ""]) {
      expect(encodeOoxmlText(s)).toBe(s);
      expect(decodeOoxmlText(s)).toBe(s);
    }
    // Two literal escapes back to back, and one right after an escaped underscore.
    expect(encodeOoxmlText("_x0041__x0042_")).toBe("_x005F_x0041__x005F_x0042_");
    expect(decodeOoxmlText(encodeOoxmlText("__x0041_"))).toBe("__x0041_");
  });

  test("property: decoding the encoding gives the text back, for arbitrary Unicode", () => {
    fc.assert(
      fc.property(hardText, (s) => {
        expect(decodeOoxmlText(encodeOoxmlText(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(decodeOoxmlText(encodeOoxmlText(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  test("property: the encoding holds only characters XML carries unchanged", () => {
    fc.assert(
      fc.property(hardText, (s) => {
        expect(xmlSafe(encodeOoxmlText(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test("property: decoding agrees with a naive left-to-right scan", () => {
    fc.assert(
      fc.property(hardText, (s) => {
        expect(decodeOoxmlText(s)).toBe(referenceDecode(s));
      }),
      { numRuns: 2000 },
    );
  });

  test("property: text without escapes or special characters is stored as it is", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        // eslint-disable-next-line no-control-regex -- control characters are the point
        fc.pre(!/_x|[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/.test(s));
        expect(encodeOoxmlText(s)).toBe(s);
        expect(hasOoxmlEscapes(encodeOoxmlText(s))).toBe(false);
      }),
    );
  });

  test("xmlText and xmlAttr escape for XML after encoding, and an XML reader following the spec reads them back", () => {
    expect(xmlText("a < b & c > d\u0000")).toBe("a &lt; b &amp; c &gt; d_x0000_");
    expect(xmlAttr(`say "hi" & 'bye'`)).toBe("say &quot;hi&quot; &amp; &apos;bye&apos;");
    expect(xmlAttr("a\tb\nc\rd")).toBe("a&#9;b&#10;c_x000D_d");
    fc.assert(
      fc.property(hardText, (s) => {
        const doc = new DOMParserLike().parse(`<r a="${xmlAttr(s)}">${xmlText(s)}</r>`);
        expect(decodeOoxmlText(doc.text)).toBe(s);
        expect(decodeOoxmlText(doc.attr)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * A minimal XML reader for one element with one attribute, applying the XML 1.0 rules
 * that matter here: line-end normalisation, attribute-value normalisation, entity and
 * character references. (The project's tests have no DOM; this follows the spec's
 * sections 2.11 and 3.3.3 literally.)
 */
class DOMParserLike {
  parse(xml: string): { text: string; attr: string } {
    const normalised = xml.replace(/\r\n?/g, "\n");
    const m = /^<r a="([^"]*)">([^<]*)<\/r>$/.exec(normalised);
    if (!m) throw new Error(`not the expected shape: ${JSON.stringify(xml)}`);
    const attr = m[1].replace(/[\t\n]/g, " ");
    return { text: this.unescape(m[2]), attr: this.unescape(attr) };
  }
  private unescape(s: string): string {
    return s.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
      e.startsWith("#")
        ? String.fromCharCode(Number(e.slice(1)))
        : { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e]!,
    );
  }
}
