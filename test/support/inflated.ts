/**
 * The inputs of issue 26's C13 (compressed inputs): a workbook with one part that unpacks far
 * beyond its packed size, made from a real workbook by adding the part at the package level
 * (cli/package/zip.ts), streamed, so making a 200 MB sheet costs a chunk of memory, not the sheet.
 *
 * - `bigSheet`: a client sheet of plain export rows (a ticket ID, a state, a time, an amount,
 *   a note) whose XML deflates about 15-20 times, as a real export does: 200 MB of XML in a
 *   file of about 11 MB.
 * - `bigString`: the shared strings holding one text of the given length (one letter
 *   repeated: a 150 MB text in a file of about 160 KB).
 */
import * as fs from "fs";
import { ZipReader, ZipWriter } from "../../cli/package/zip";

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** What to add. */
export type InflatedPart =
  /**
   * A client sheet of export rows, `bytes` of XML, deflated at `level` (default 9, as Excel
   * packs); with `longRow`, its second row holds one text of that many varied characters.
   */
  | {
      readonly kind: "sheet";
      readonly name: string;
      readonly bytes: number;
      readonly level?: number;
      readonly longRow?: number;
    }
  /**
   * Shared strings of one text of `chars` characters: one letter repeated (packs 1,000 times, a
   * zip bomb), or with `varied`, letters that pack only a few times (below the bomb ratio).
   */
  | { readonly kind: "string"; readonly chars: number; readonly varied?: boolean }
  /** Shared strings of `bytes` of distinct short texts that no sheet uses. */
  | { readonly kind: "strings"; readonly bytes: number };

/** A deterministic generator of export rows (xorshift), so every run makes the same file. */
function* exportRows(bytes: number, longRow = 0): Generator<string> {
  let seed = 2463534242;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const states = ["New", "In Progress", "On Hold", "Resolved", "Closed"];
  const notes = ["Printer offline", "VPN drops", "Password reset", "Mailbox full", "Laptop slow"];
  yield `${HEAD}<worksheet xmlns="${MAIN}"><sheetData>`;
  yield '<row r="1"><c r="A1" t="inlineStr"><is><t>Number</t></is></c><c r="B1" t="inlineStr"><is><t>State</t></is></c><c r="C1" t="inlineStr"><is><t>Updated</t></is></c><c r="D1" t="inlineStr"><is><t>Amount</t></is></c><c r="E1" t="inlineStr"><is><t>Note</t></is></c></row>';
  if (longRow > 0) {
    yield '<row r="2"><c t="inlineStr"><is><t>';
    yield* variedText(longRow);
    yield "</t></is></c></row>";
  }
  let written = 0;
  let chunk = "";
  for (let r = longRow > 0 ? 3 : 2; written < bytes; r++) {
    const ticket = `INC${String(Math.floor(r / 4)).padStart(8, "0")}`;
    const time = (45300 + Math.floor(r / 4) / 64).toFixed(4);
    const amount = ((r % 400) * 12.5).toFixed(2);
    chunk +=
      `<row r="${r}"><c t="inlineStr"><is><t>${ticket}</t></is></c>` +
      `<c t="inlineStr"><is><t>${states[r % 5]}</t></is></c><c><v>${time}</v></c>` +
      `<c><v>${amount}</v></c><c t="inlineStr"><is><t>${notes[Math.floor(next() * 1.2) + (r % 4)]}</t></is></c></row>`;
    if (chunk.length > 1 << 20) {
      written += chunk.length;
      yield chunk;
      chunk = "";
    }
  }
  yield chunk + "</sheetData></worksheet>";
}

/** Letters from a deterministic generator (xorshift): text that deflates only a few times. */
function variedLetters(length: number, seed: number): string {
  let x = seed | 1;
  let text = "";
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    text += String.fromCharCode(97 + ((x >>> 0) % 26));
  }
  return text;
}

/** A text of `chars` characters in 1 MB pieces: one letter repeated, or varied letters. */
function* variedText(chars: number, varied = true): Generator<string> {
  const pieces = varied ? [1, 2, 3, 4].map((k) => variedLetters(1 << 20, k * 7919)) : ["a".repeat(1 << 20)];
  let k = 0;
  for (let left = chars; left > 0; left -= 1 << 20) {
    const piece = pieces[k++ % pieces.length];
    yield left >= piece.length ? piece : piece.slice(0, left);
  }
}

/** The shared strings with one long text. */
function* longString(chars: number, varied: boolean): Generator<string> {
  yield `${HEAD}<sst xmlns="${MAIN}" count="1" uniqueCount="1"><si><t>`;
  yield* variedText(chars, varied);
  yield "</t></si></sst>";
}

/** Shared strings of about `bytes` of distinct short texts. */
function* manyStrings(bytes: number): Generator<string> {
  yield `${HEAD}<sst xmlns="${MAIN}">`;
  let chunk = "";
  for (let i = 0, written = 0; written < bytes; i++) {
    chunk += `<si><t>unused text number ${i}</t></si>`;
    if (chunk.length > 1 << 20) {
      written += chunk.length;
      yield chunk;
      chunk = "";
    }
  }
  yield chunk + "</sst>";
}

/**
 * Writes `out`: the workbook `source` with the part added (a sheet appended to its tabs, or the
 * shared strings, replacing any). Cost: the part's size in time, a 1 MB chunk in memory.
 * @returns The sizes of the file and of the added part (bytes).
 */
export async function inflatedWorkbook(
  source: string,
  out: string,
  part: InflatedPart,
): Promise<{ fileBytes: number; partName: string }> {
  const zip = ZipReader.open(source);
  const stream = fs.createWriteStream(out);
  const writer = new ZipWriter(stream);
  const text = (name: string) => zip.text(zip.find(name)!);
  const partName = part.kind === "sheet" ? "xl/worksheets/sheet900.xml" : "xl/sharedStrings.xml";
  const content =
    part.kind === "sheet"
      ? exportRows(part.bytes, part.longRow)
      : part.kind === "string"
        ? longString(part.chars, part.varied ?? false)
        : manyStrings(part.bytes);
  const rid = part.kind === "sheet" ? "rId900" : "rId901";
  let types = text("[Content_Types].xml");
  let rels = text("xl/_rels/workbook.xml.rels").replace(/<Relationship\b[^>]*\/sharedStrings"[^>]*\/>/, "");
  let book = text("xl/workbook.xml");
  const type = part.kind === "sheet" ? SHEET_TYPE : SST_TYPE;
  types = types.replace("</Types>", `<Override PartName="/${partName}" ContentType="${type}"/></Types>`);
  rels = rels.replace(
    "</Relationships>",
    `<Relationship Id="${rid}" Type="${REL}/${part.kind === "sheet" ? "worksheet" : "sharedStrings"}" Target="${partName.slice(3)}"/></Relationships>`,
  );
  if (part.kind === "sheet")
    book = book.replace("</sheets>", `<sheet name="${part.name}" sheetId="900" r:id="${rid}"/></sheets>`);
  const replaced = new Map([
    ["[Content_Types].xml", types],
    ["xl/_rels/workbook.xml.rels", rels],
    ["xl/workbook.xml", book],
  ]);
  for (const [name, entry] of zip.entries) {
    if (name === partName) continue;
    const changed = replaced.get(name);
    if (changed !== undefined) await writer.add(name, changed);
    else await writer.copy(zip, entry);
  }
  await writer.addStream(partName, content, part.kind === "sheet" ? (part.level ?? 9) : 9);
  await writer.finish();
  zip.close();
  return { fileBytes: fs.statSync(out).size, partName };
}
