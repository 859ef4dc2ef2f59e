/**
 * The one zip reader (cli/package/zip.ts): zip64 packages are read (the directory from the
 * zip64 end record, sizes from the zip64 extra field), a damaged zip64 record is refused as a
 * damaged workbook, and a command over a zip64 workbook carries the client's parts unchanged.
 */
import * as fs from "fs";
import * as path from "path";
import { cli, tempDir } from "../helpers";
import { ZipError, ZipReader } from "../../../cli/package/zip";
import { checkZipBounds } from "../../../cli/xlsx";
import { validatePackage } from "../../support/ooxml";
import { changedClientParts, ticketsInto } from "./pipeline";
import { describeWith, XMLLINT } from "../../support/programs";

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
