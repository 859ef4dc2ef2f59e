/**
 * The one zip reader (cli/package/zip.ts): zip64 packages are read (the directory from the
 * zip64 end record, sizes from the zip64 extra field), a damaged zip64 record is refused as a
 * damaged workbook, and a command over a zip64 workbook carries the client's parts unchanged.
 * The writer writes zip64 where a plain zip cannot record a package (more than 65,534 parts,
 * sizes or offsets past 4 GB), checked by independent readers (Info-ZIP's unzip and JSZip,
 * which ExcelJS reads with), and refuses a part written as it is made that outgrows its entry.
 */
import * as fs from "fs";
import * as path from "path";
import { cli, tempDir } from "../helpers";
import { execFileSync } from "child_process";
import JSZip from "jszip";
import { ZipEntry, ZipError, ZipReader, ZipWriter, Zip64Limits } from "../../../cli/package/zip";
import { messages } from "../../../cli/messages";
import { checkZipBounds } from "../../../cli/xlsx";
import { validatePackage } from "../../support/ooxml";
import { changedClientParts, INDEX_PARTS, ticketsInto } from "./pipeline";
import { allOf, describeWith, UNZIP, XMLLINT } from "../../support/programs";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const ZIP64 = path.join(FIXTURES, "zip64", "WithTable-zip64.xlsx");
const PLAIN = path.join(FIXTURES, "excel-saved", "WithTable.xlsx");

let dir: string;
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Each entry's name, sizes and CRC, and its inflated content. */
function entriesOf(file: string) {
  const zip = ZipReader.open(file);
  try {
    return [...zip.entries.values()]
      .map((e) => ({ name: e.name, size: e.size, crc: e.crc, content: zip.read(e).toString("base64") }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    zip.close();
  }
}

describe("zip64", () => {
  test("the fixture really is zip64: a zip64 end record, saturated 32-bit fields", () => {
    const bytes = fs.readFileSync(ZIP64);
    expect(bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0);
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(bytes.readUInt32LE(end + 16)).toBe(0xffffffff);
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(bytes.readUInt32LE(central + 24)).toBe(0xffffffff);
  });

  test("read: the same parts, sizes and contents as the plain zip they were packed from", () => {
    const [a, b] = [entriesOf(ZIP64), entriesOf(PLAIN)];
    expect(a.map((e) => e.name)).toEqual(b.map((e) => e.name));
    expect(a).toEqual(b);
    expect(() => checkZipBounds(ZIP64)).not.toThrow();
  });

  test("a zip64 locator pointing at no zip64 record is a damaged file, named as such", async () => {
    const bytes = Buffer.from(fs.readFileSync(ZIP64));
    const locator = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
    bytes.writeBigUInt64LE(BigInt(3), locator + 8);
    const bad = path.join(dir, "bad64.xlsx");
    fs.writeFileSync(bad, bytes);
    expect(() => ZipReader.open(bad)).toThrow(ZipError);
    const run = await cli("upgrade", bad, "--org", "Contoso", "-o", path.join(dir, "never.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a readable \.xlsx|damaged/i);
  });

  test("saturated sizes with no zip64 extra field are refused, not read as 4 GB", () => {
    const bytes = Buffer.from(fs.readFileSync(ZIP64));
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    // Rename the extra field's id (0x0001) so the zip64 sizes are not found.
    const nameLength = bytes.readUInt16LE(central + 28);
    bytes.writeUInt16LE(0x9999, central + 46 + nameLength);
    const bad = path.join(dir, "noextra.xlsx");
    fs.writeFileSync(bad, bytes);
    expect(() => ZipReader.open(bad)).toThrow(/zip64 sizes are missing/);
  });
});

describeWith(XMLLINT)("a command over a zip64 workbook", () => {
  test("tickets --workbook: exit 0, every part valid, every client part unchanged", async () => {
    const out = path.join(dir, "zip64-tickets.xlsx");
    const run = await ticketsInto(ZIP64, out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await changedClientParts(ZIP64, out)).toEqual([]);
    expect(await validatePackage(out)).toEqual([]);
  });
});

/** Every entry of `from` copied into a new zip, then `extra` parts added, with the writer's zip64 limits. */
async function repack(
  from: string,
  to: string,
  extra: Iterable<[string, string]> = [],
  limits: Zip64Limits = {},
): Promise<void> {
  const zip = ZipReader.open(from);
  try {
    const writer = new ZipWriter(fs.createWriteStream(to), limits);
    for (const entry of zip.entries.values()) await writer.copy(zip, entry);
    for (const [name, text] of extra) await writer.add(name, text);
    await writer.finish();
  } finally {
    zip.close();
  }
}

/** The central directory's entries by name. */
function directory(file: string): Map<string, ZipEntry> {
  const zip = ZipReader.open(file);
  try {
    return new Map(zip.entries);
  } finally {
    zip.close();
  }
}

/** Info-ZIP's test of every entry's CRC: its summary line, or the error it printed. */
function unzipTest(file: string): string {
  try {
    return execFileSync(UNZIP.path!, ["-tqq", file], { encoding: "utf8" }) || "no errors";
  } catch (e) {
    return `unzip failed: ${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
  }
}

/** The end records of a zip: whether it has the zip64 one, and the plain record's entry count. */
function endRecords(file: string): { zip64: boolean; plainCount: number } {
  const bytes = fs.readFileSync(file);
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return {
    zip64: bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06])) > 0,
    plainCount: bytes.readUInt16LE(end + 10),
  };
}

describeWith(allOf(UNZIP, XMLLINT))("zip64 written", () => {
  test("zip64 fields for sizes and offsets past the limit: unzip, JSZip and the one reader read the same parts", async () => {
    // The limit lowered to 200 bytes stands for 4 GB: every part bigger than that, and every
    // part written after the first 200 bytes, is recorded in zip64 fields.
    const out = path.join(dir, "forced64.xlsx");
    await repack(PLAIN, out, [["xl/extra.xml", `<x>${"y".repeat(5000)}</x>`]], { bytes: 200 });
    expect(endRecords(out).zip64).toBe(true);
    expect(unzipTest(out)).toBe("no errors");
    const back = entriesOf(out).filter((e) => e.name !== "xl/extra.xml");
    expect(back).toEqual(entriesOf(PLAIN));
    const jszip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(await jszip.file("xl/extra.xml")!.async("string")).toBe(`<x>${"y".repeat(5000)}</x>`);
    // A local header of a big part carries its sizes in a zip64 field (id 1, 16 bytes).
    const bytes = fs.readFileSync(out);
    const local = bytes.indexOf(Buffer.concat([Buffer.from("xl/extra.xml"), Buffer.from([1, 0, 16, 0])]));
    expect(local).toBeGreaterThan(0);
  });

  test("a plain package stays plain: no zip64 record, version 2.0", async () => {
    const out = path.join(dir, "plain.xlsx");
    await repack(PLAIN, out);
    expect(endRecords(out)).toEqual({ zip64: false, plainCount: entriesOf(PLAIN).length });
    expect(unzipTest(out)).toBe("no errors");
  });

  test("a part written as it is made that outgrows its entry is refused with the reason, not written wrong", async () => {
    const out = path.join(dir, "streamed64.xlsx");
    const writer = new ZipWriter(fs.createWriteStream(out), { bytes: 1000 });
    await expect(writer.addStream("xl/worksheets/sheet9.xml", ["<a>", "b".repeat(5000), "</a>"])).rejects.toThrow(
      messages.streamedTooLarge("xl/worksheets/sheet9.xml"),
    );
  });

  test("a command over a workbook of 70,000 parts: a zip64 package every reader reads, the client's parts unchanged", async () => {
    // More parts than a plain zip counts (65,535): the input packed by this writer (zip64 on
    // its own), 70,000 small XML parts beside an Excel-saved workbook's.
    const input = path.join(dir, "many-parts.xlsx");
    const extra = function* (): Generator<[string, string]> {
      for (let i = 1; i <= 70_000; i++) yield [`customXml/many/item${i}.xml`, `<n>${i}</n>`];
    };
    await repack(PLAIN, input, extra());
    expect(endRecords(input)).toEqual({ zip64: true, plainCount: 0xffff });
    const out = path.join(dir, "many-parts-tickets.xlsx");
    const run = await ticketsInto(input, out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(endRecords(out)).toEqual({ zip64: true, plainCount: 0xffff });
    // unzip checks every entry's bytes against its CRC-32; the same CRC-32 and sizes as the
    // input's entries then say each carried part is unchanged (JSZip over 70,000 parts twice
    // would take most of this test's time).
    expect(unzipTest(out)).toBe("no errors");
    const [before, after] = [directory(input), directory(out)];
    expect(after.size).toBeGreaterThan(70_000);
    const changed = [...before].filter(([name, e]) => {
      const o = after.get(name);
      return (
        !INDEX_PARTS.has(name) && (!o || o.crc !== e.crc || o.size !== e.size || o.compressedSize !== e.compressedSize)
      );
    });
    expect(changed).toEqual([]);
    // JSZip (ExcelJS's reader) reads it too; the parts the command wrote validate.
    const fresh = [...after.keys()].filter((n) => !before.has(n) || INDEX_PARTS.has(n));
    expect(await validatePackage(out, fresh)).toEqual([]);
  }, 240_000);
});
