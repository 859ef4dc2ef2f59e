/**
 * The scan record (cli/package/scanned.ts): each carried sheet is searched for formulas to
 * rewrite once per content, not once per command. The record's exact value for a known input
 * (CRC-32s as `unzip -v` lists them), the next write copying every recorded sheet unsearched, a
 * sheet changed after the record searched again (its GOV call stored as Excel stores it), a
 * record of other rules or one that cannot be read not used, the add-in's other settings kept,
 * and a part whose bytes do not match its directory's CRC-32 never recorded.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { Workbook } from "exceljs";
import fc from "fast-check";
import { tempDir } from "../helpers";
import { writeWorkbook } from "../../../cli/xlsx";
import { RULES_ID, SCAN_RECORD_PROPERTY, ScanRecord, scanRecordProperty } from "../../../cli/package/scanned";
import { FORMULA_RULES } from "../../../src/ooxml/formula";
import { validatePackage } from "../../support/ooxml";
import { describeWith, XMLLINT } from "../../support/programs";
import { partsOf, ticketsInto, withPart } from "./pipeline";
import { ZipReader } from "../../../cli/package/zip";
import { cellXml } from "../../../cli/package/sheet";
import { rewriteFormulas } from "../../../cli/package/edit";

const describeXml = describeWith(XMLLINT);
const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
/** An Excel-saved workbook without a calculation chain: three sheets, the first with a table. */
const WITH_TABLE = path.join(FIXTURES, "excel-saved", "WithTable.xlsx");
const WEB_PART = "xl/webextensions/webextension1.xml";

let dir: string;
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The record's value as written (its attribute's entities decoded), or undefined. */
async function recordOf(file: string): Promise<string | undefined> {
  // The one part read (JSZip would refuse a package with a damaged part, which one test carries).
  const zip = ZipReader.open(file);
  const entry = zip.find(WEB_PART);
  const xml = entry ? zip.text(entry) : "";
  zip.close();
  const value = new RegExp(`<we:property name="${SCAN_RECORD_PROPERTY}" value="([^"]*)"/>`).exec(xml)?.[1];
  return value?.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"');
}

/** A write of `input` that adds one product sheet (what every command does at least). */
function addFindings(input: string, out: string, addin?: false) {
  return writeWorkbook(input, out, { plans: [{ name: "Findings", replace: true, cells: [["x"]] }], addin });
}

/** WITH_TABLE written once (so it holds a record), then one part of it changed as a user or another tool would. */
async function recordedThenChanged(tag: string, part: string, edit: (xml: string) => string): Promise<string> {
  const first = path.join(dir, `${tag}-first.xlsx`);
  await addFindings(WITH_TABLE, first);
  const changed = path.join(dir, `${tag}-changed.xlsx`);
  await withPart(first, part, edit, changed);
  return changed;
}

describe("the record's value", () => {
  test("the rules id is the CRC-32 of the formula rules, in 8 hex digits", () => {
    expect(RULES_ID).toBe((zlib.crc32(Buffer.from(FORMULA_RULES, "utf8")) >>> 0).toString(16).padStart(8, "0"));
    expect(RULES_ID).toMatch(/^[0-9a-f]{8}$/);
  });

  test("known answer: an Excel-saved workbook carried whole lists its three sheets with the CRC-32 and size unzip -v gives", async () => {
    const out = path.join(dir, "known.xlsx");
    const report = await writeWorkbook(WITH_TABLE, out, { plans: [] });
    // `unzip -v WithTable.xlsx`: sheet1.xml 784 bytes b2fe4898; sheet2.xml and sheet3.xml 439 bytes 2d4b4ab8.
    expect(await recordOf(out)).toBe(
      `{"rules":"${RULES_ID}","parts":[["xl/worksheets/sheet1.xml","b2fe4898",784],` +
        `["xl/worksheets/sheet2.xml","2d4b4ab8",439],["xl/worksheets/sheet3.xml","2d4b4ab8",439]]}`,
    );
    expect(report.scanned).toEqual([
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
      "xl/worksheets/sheet3.xml",
    ]);
  });

  test("the property is written sorted by part and read back by content", () => {
    const p = scanRecordProperty([
      { name: "xl/worksheets/sheet9.xml", crc: 0xffffffff, size: 0 },
      { name: "xl/worksheets/sheet10.xml", crc: 0x0000abcd, size: 12 },
    ]);
    expect(p).toEqual({
      name: SCAN_RECORD_PROPERTY,
      value: `{"rules":"${RULES_ID}","parts":[["xl/worksheets/sheet10.xml","0000abcd",12],["xl/worksheets/sheet9.xml","ffffffff",0]]}`,
    });
    const record = ScanRecord.of([p]);
    expect(record.has({ crc: 0xabcd, size: 12 })).toBe(true);
    expect(record.has({ crc: 0xffffffff, size: 0 })).toBe(true);
    // Another size, another CRC: not the recorded content.
    expect(record.has({ crc: 0xabcd, size: 13 })).toBe(false);
    expect(record.has({ crc: 0xabce, size: 12 })).toBe(false);
  });

  test("a record of other rules, or one that cannot be read, lists nothing", () => {
    const good = scanRecordProperty([{ name: "a.xml", crc: 1, size: 1 }]);
    const other = { ...good, value: good.value.replace(RULES_ID, RULES_ID === "00000000" ? "00000001" : "00000000") };
    for (const value of [other.value, "{", "null", "[]", '{"rules":"' + RULES_ID + '","parts":[["a.xml",1,1]]}']) {
      expect([value, ScanRecord.of([{ name: SCAN_RECORD_PROPERTY, value }]).has({ crc: 1, size: 1 })]).toEqual([
        value,
        false,
      ]);
    }
    expect(ScanRecord.of([good]).has({ crc: 1, size: 1 })).toBe(true);
  });
});

describe("every sheet the writer writes may be recorded", () => {
  test("a formula cell as the writer writes it has nothing left to rewrite (storing is idempotent on the XML)", () => {
    const names = fc.constantFrom("GOV.ELAPSED", "gov.credits_total", "IFS", "xlookup", "SUM", "_xlfn.IFS", "FILTER");
    const piece = fc.oneof(
      names.map((n) => `${n}(`),
      fc.constantFrom(")", ",", "A1", '"GOV.X("', "'Sheet (1)'!B2", "&", "<", "_x0041_", " "),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const body = pieces.join("");
        // "==..." is no formula (Excel refuses it); storing drops one "=", so it is the one text not fixed.
        fc.pre(!body.startsWith("="));
        const xml = cellXml("A1", { formula: "=" + body, value: 1 }, 0)!;
        expect(rewriteFormulas(xml)).toBe(xml);
      }),
      { numRuns: 2000 },
    );
  });
});

describeXml("each carried sheet is searched once per content", () => {
  test("the next write copies every recorded sheet without a search; the package validates", async () => {
    const first = path.join(dir, "first.xlsx");
    const r1 = await addFindings(WITH_TABLE, first);
    expect(r1.scanned).toHaveLength(3);
    const second = path.join(dir, "second.xlsx");
    const r2 = await addFindings(first, second);
    expect(r2.scanned).toEqual([]);
    expect(r2.carried).toEqual(expect.arrayContaining(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]));
    // The product's own Findings sheet is in the record too (written as Excel stores formulas).
    const record = JSON.parse((await recordOf(second))!) as { parts: [string, string, number][] };
    expect(record.parts.map((p) => p[0])).toEqual([
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
      "xl/worksheets/sheet3.xml",
      "xl/worksheets/sheet4.xml",
    ]);
    expect(await validatePackage(second)).toEqual([]);
  });

  test("a GOV call typed after the record into a recorded sheet is found and stored as Excel stores it; then that content is recorded", async () => {
    const typed = await recordedThenChanged("typed", "xl/worksheets/sheet2.xml", (xml) => {
      const row = '<row r="1"><c r="A1"><f>GOV.ELAPSED(1,2)</f><v>1</v></c></row>';
      return xml.replace(/<sheetData\/>|<sheetData>/, (m) =>
        m === "<sheetData/>" ? `<sheetData>${row}</sheetData>` : m + row,
      );
    });
    expect((await partsOf(typed)).get("xl/worksheets/sheet2.xml")!.toString("utf8")).toContain("GOV.ELAPSED(1,2)");
    const out = path.join(dir, "typed-out.xlsx");
    const r = await addFindings(typed, out);
    // Only the changed sheet is searched (sheet3 has sheet2's old content: still recorded).
    expect(r.scanned).toEqual(["xl/worksheets/sheet2.xml"]);
    expect(r.written).toContain("xl/worksheets/sheet2.xml");
    const sheet = (await partsOf(out)).get("xl/worksheets/sheet2.xml")!.toString("utf8");
    expect(sheet).toContain("<f>_xldudf_GOV_ELAPSED(1,2)</f><v>1</v>");
    const again = await addFindings(out, path.join(dir, "typed-again.xlsx"));
    expect(again.scanned).toEqual([]);
    expect(await validatePackage(out)).toEqual([]);
  });

  test("a record of other rules is not used; the add-in's other settings are kept beside the new record", async () => {
    const planted = await recordedThenChanged("rules", WEB_PART, (xml) =>
      xml
        .replace(RULES_ID, RULES_ID === "00000000" ? "00000001" : "00000000")
        .replace(
          "<we:properties>",
          '<we:properties><we:property name="theme" value="&quot;dark&quot;"/><we:property name="note" value="&quot;a&#10;b&quot;"/>',
        ),
    );
    const out = path.join(dir, "rules-out.xlsx");
    const r = await addFindings(planted, out);
    expect(r.scanned).toHaveLength(3);
    const web = (await partsOf(out)).get(WEB_PART)!.toString("utf8");
    // Kept in order, each value as it was (a line break inside a value stays one).
    expect(web).toMatch(
      /<we:properties><we:property name="theme" value="&#34;dark&#34;"\/><we:property name="note" value="&#34;a&#10;b&#34;"\/><we:property name="SLAGovernance/,
    );
    expect(await recordOf(out)).toContain(`"rules":"${RULES_ID}"`);
    expect(await validatePackage(out)).toEqual([]);

    // A value that is no JSON: ignored, nothing refused.
    const broken = await recordedThenChanged("broken", WEB_PART, (xml) =>
      xml.replace(/value="[^"]*"/, 'value="{not json"'),
    );
    const b = await addFindings(broken, path.join(dir, "rules-broken-out.xlsx"));
    expect(b.scanned).toHaveLength(3);
  });

  test("a part whose bytes do not have the CRC-32 its zip directory gives is carried, and never recorded", async () => {
    const first = path.join(dir, "crc-first.xlsx");
    await addFindings(WITH_TABLE, first, false);
    // The central directory's CRC-32 of sheet1.xml changed (its bytes not).
    const bytes = fs.readFileSync(first);
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    let patched = 0;
    const central = Buffer.from([0x50, 0x4b, 0x01, 0x02]); // a central directory header's signature
    for (let at = bytes.indexOf(central); at >= 0; at = bytes.indexOf(central, at + 1)) {
      const n = bytes.readUInt16LE(at + 28);
      if (!bytes.subarray(at + 46, at + 46 + n).equals(name)) continue;
      bytes.writeUInt32LE((bytes.readUInt32LE(at + 16) ^ 1) >>> 0, at + 16);
      patched++;
    }
    expect(patched).toBe(1);
    const damaged = path.join(dir, "crc-damaged.xlsx");
    fs.writeFileSync(damaged, bytes);
    const out = path.join(dir, "crc-out.xlsx");
    const r = await addFindings(damaged, out);
    expect(r.scanned).toContain("xl/worksheets/sheet1.xml");
    expect(r.carried).toContain("xl/worksheets/sheet1.xml");
    const record = JSON.parse((await recordOf(out))!) as { parts: [string, string, number][] };
    expect(record.parts.map((p) => p[0])).not.toContain("xl/worksheets/sheet1.xml");
    expect(record.parts.map((p) => p[0])).toContain("xl/worksheets/sheet2.xml");
  });

  test("a sheet Excel's chain leaves out is copied unsearched but not recorded: once the chain goes, it is searched once", async () => {
    // StructuredReferences.xlsx with a chain naming only its "Formulas" sheet (id 2): the
    // "Table" sheet (id 1) holds no formula by the chain's word.
    const input = path.join(FIXTURES, "excel-saved", "StructuredReferences.xlsx");
    const chained = path.join(dir, "chain-only-formulas.xlsx");
    await withPart(
      input,
      "xl/calcChain.xml",
      (xml) => xml.replace(/<c\b[\s\S]*<\/calcChain>/, '<c r="A1" i="2"/></calcChain>'),
      chained,
    );
    const book = (await partsOf(input)).get("xl/workbook.xml")!.toString("utf8");
    const rels = (await partsOf(input)).get("xl/_rels/workbook.xml.rels")!.toString("utf8");
    const partOf = (sheet: string) => {
      const rid = new RegExp(`<sheet name="${sheet}" sheetId="\\d+" r:id="(rId\\d+)"`).exec(book)![1];
      return "xl/" + new RegExp(`Id="${rid}"[^>]*Target="([^"]*)"`).exec(rels)![1];
    };
    const [table, formulas] = [partOf("Table"), partOf("Formulas")];
    const first = path.join(dir, "chain-first.xlsx");
    expect((await addFindings(chained, first)).scanned).toEqual([formulas]);
    const listed = async (file: string) =>
      (JSON.parse((await recordOf(file))!) as { parts: [string, string, number][] }).parts.map((p) => p[0]);
    expect(await listed(first)).toContain(formulas);
    expect(await listed(first)).not.toContain(table);
    // The Formulas sheet edited: the chain loses its only cell and goes; Table is still unsearched.
    const edited = path.join(dir, "chain-gone.xlsx");
    const gone = await writeWorkbook(first, edited, { plans: [{ name: "Formulas", replace: false, cells: [["x"]] }] });
    expect(gone.dropped).toContain("xl/calcChain.xml");
    expect(gone.scanned).toEqual([]);
    // Without the chain, Table is searched once, then recorded.
    const next = path.join(dir, "chain-next.xlsx");
    expect((await addFindings(edited, next)).scanned).toEqual([table]);
    expect((await addFindings(next, path.join(dir, "chain-after.xlsx"))).scanned).toEqual([]);
  });

  test("a carried sheet whose stored bytes do not unpack is copied as it is and said, never a refusal", async () => {
    // WithTable.xlsx with the first byte of sheet2.xml's deflate data made a reserved block type.
    const bytes = fs.readFileSync(WITH_TABLE);
    const zip = ZipReader.open(WITH_TABLE);
    const entry = zip.find("xl/worksheets/sheet2.xml")!;
    zip.close();
    const at =
      entry.localOffset + 30 + bytes.readUInt16LE(entry.localOffset + 26) + bytes.readUInt16LE(entry.localOffset + 28);
    bytes[at] = 0xff;
    const damaged = path.join(dir, "damaged.xlsx");
    fs.writeFileSync(damaged, bytes);
    const lines: string[] = [];
    const out = path.join(dir, "damaged-out.xlsx");
    const r = await writeWorkbook(damaged, out, {
      plans: [{ name: "Findings", replace: true, cells: [["x"]] }],
      notice: (line) => lines.push(line),
    });
    expect(r.unreadable).toEqual([{ sheet: "Foglio2", part: "xl/worksheets/sheet2.xml" }]);
    expect(lines).toEqual([
      'the sheet "Foglio2" (xl/worksheets/sheet2.xml) does not unpack (its stored bytes are damaged): it is copied as it is, and a GOV. formula in it, if any, is not stored as Excel stores it. Excel may offer to repair the file, as it would the input.',
    ]);
    const [a, b] = [ZipReader.open(damaged), ZipReader.open(out)];
    try {
      const raw = (z: ZipReader) => Buffer.concat([...z.raw(z.find("xl/worksheets/sheet2.xml")!)]);
      expect(raw(b).equals(raw(a))).toBe(true);
    } finally {
      a.close();
      b.close();
    }
    const record = JSON.parse((await recordOf(out))!) as { parts: [string, string, number][] };
    expect(record.parts.map((p) => p[0])).not.toContain("xl/worksheets/sheet2.xml");
    // Through a command: exit 0, the same words on the command's stderr (its Io), none on the process's.
    const spy = jest.spyOn(process.stderr, "write");
    let run;
    try {
      run = await ticketsInto(damaged, path.join(dir, "damaged-tickets.xlsx"));
    } finally {
      spy.mockRestore();
    }
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`sla-governance: ${lines[0]}\n`);
    expect(spy).not.toHaveBeenCalled();
  });

  test("more sheets than are searched at once: the one GOV call, in the last sheet, is found; the others are recorded", async () => {
    const wb = new Workbook();
    for (let i = 1; i <= 9; i++) {
      const ws = wb.addWorksheet(`Data ${i}`);
      for (let r = 0; r < 200; r++) ws.addRow([r, `row ${r} of sheet ${i}`, r * i]);
    }
    wb.getWorksheet("Data 9")!.getCell("D1").value = { formula: "GOV.ELAPSED(A1,A2)", result: 3 };
    const client = path.join(dir, "many.xlsx");
    await wb.xlsx.writeFile(client);
    const out = path.join(dir, "many-out.xlsx");
    const r = await addFindings(client, out);
    expect(r.scanned).toHaveLength(9);
    const parts = await partsOf(out);
    expect(parts.get("xl/worksheets/sheet9.xml")!.toString("utf8")).toContain("_xldudf_GOV_ELAPSED(A1,A2)");
    expect(
      parts.get("xl/worksheets/sheet8.xml")!.equals((await partsOf(client)).get("xl/worksheets/sheet8.xml")!),
    ).toBe(true);
    const again = await addFindings(out, path.join(dir, "many-again.xlsx"));
    expect(again.scanned).toEqual([]);

    // A write that fails while the searches run: refused with its reason, nothing left behind,
    // the searches stopped before the input is closed (a search failing after would be unhandled).
    const failed = path.join(dir, "many-failed.xlsx");
    const failing = {
      name: "Findings",
      make: () => {
        throw new Error("a plan that cannot be made");
      },
    };
    await expect(writeWorkbook(client, failed, { plans: [failing] })).rejects.toThrow(
      `cannot write ${failed}: a plan that cannot be made`,
    );
    expect(fs.existsSync(failed)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes("many-failed"))).toEqual([]);
  });
});
