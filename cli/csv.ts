/**
 * The one CSV reader of the command line: the delimiter ("," or ";", given or detected from
 * the header line outside quotes), UTF-8 or UTF-16 (either byte order, with or without a
 * byte-order mark; a mark is dropped; a file that is neither, such as Excel's "CSV (Comma
 * delimited)" in a Windows code page, is refused naming its first such line, never read with
 * its characters replaced), quoted fields with
 * delimiters and line breaks. The tickets command streams its records through it; the
 * upgrade and results commands read a whole (smaller) file as a grid.
 */
import * as fs from "fs";
import { isUtf8 } from "buffer";
import { Transform } from "stream";
import { parse as parseCsvSync } from "csv-parse/sync";
import { CellValue } from "../src/governance/model";
import { optionValue, ParsedArgs } from "./args";
import { CliError, messages } from "./messages";

/**
 * The delimiter: --delimiter, or the one of "," and ";" the first line uses more (outside quotes).
 * @example delimiterOf(args, "a;b;c\n1;2;3") // => ";"
 */
export function delimiterOf(args: ParsedArgs, head: string): string {
  const given = optionValue(args, "delimiter");
  if (given !== undefined) {
    if (given !== "," && given !== ";") throw new CliError(messages.badDelimiter(given));
    return given;
  }
  return detectedDelimiter(head);
}

/**
 * The one of "," and ";" a CSV's first line that holds either uses more, outside quotes (","
 * on a tie, or when no line does). Lines holding neither are a report's title block, skipped:
 * only the header line decides, never the data rows, whose decimal commas would outvote a
 * ";" file's delimiters.
 * @example detectedDelimiter("a;b;c\n1;2;3") // => ";"
 * @example detectedDelimiter("Vendor SLA report\nMonth;SLA;Achieved\n01.2024;SL-001;99,5") // => ";"
 */
export function detectedDelimiter(head: string): string {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted && commas + semicolons > 0) break;
    else if (!quoted && ch === ",") commas++;
    else if (!quoted && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/** A CSV file's text encoding: UTF-8, or UTF-16 in either byte order (Excel's "Unicode Text" is UTF-16LE). */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be";

/**
 * The encoding of a file from its first bytes: a byte-order mark when there is one, else
 * UTF-16 when most characters have a zero high byte on one side (text in Latin script saved
 * as UTF-16 without a mark), else UTF-8.
 * @example csvEncoding(Buffer.from("a,b", "utf16le")) // => "utf-16le"
 */
export function csvEncoding(head: Buffer): CsvEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return "utf-16le";
  if (pairs >= 2 && evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return "utf-16be";
  return "utf-8";
}

/** A file's text decoded in its encoding (see {@link csvEncoding}), without a byte-order mark. */
function decodeCsv(bytes: Buffer): string {
  return new TextDecoder(csvEncoding(bytes)).decode(bytes).replace(/^\uFEFF/, "");
}

/**
 * A whole CSV (or holidays) file's text in its encoding, without a byte-order mark.
 * Cost: O(file size), the file held once.
 * @throws CliError when the file is missing or unreadable, or is neither UTF-8 nor UTF-16.
 */
export function readCsvText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? messages.missingFile(file) : messages.unreadable(file, String(code)));
  }
  if (csvEncoding(bytes) === "utf-8" && !isUtf8(bytes)) throw notUtf8(file, [bytes]);
  return decodeCsv(bytes);
}

/**
 * The refusal of a file that is not UTF-8, naming the first line that is not and the text
 * around its first such character, from the file's bytes read in order (read again on this
 * failing path only). Cost: O(bytes up to that line).
 */
function notUtf8(file: string, chunks: Iterable<Buffer>): CliError {
  const decoder = new TextDecoder("utf-8"); // not fatal: an invalid sequence reads as U+FFFD
  let line = 1;
  let before = ""; // the end of the line so far (at most 29 characters: 28 shown, and whether cut)
  for (const chunk of chunks) {
    const part = decoder.decode(chunk, { stream: true });
    const bad = part.indexOf("\uFFFD");
    const breaks = (bad < 0 ? part : part.slice(0, bad)).split("\n");
    line += breaks.length - 1;
    before = ((breaks.length > 1 ? "" : before) + breaks[breaks.length - 1]).slice(-29);
    if (bad >= 0) {
      const after = part.slice(bad).split("\n", 1)[0].replace(/\r$/, "").slice(0, 9);
      return new CliError(
        messages.notUtf8(file, line, (before.length > 28 ? `...${before.slice(-28)}` : before) + after),
      );
    }
  }
  return new CliError(messages.notUtf8(file, line, before));
}

/** A file's bytes in pieces of 1 MB, in order (for {@link notUtf8}). */
function* piecesOf(file: string): Generator<Buffer> {
  const fd = fs.openSync(file, "r");
  try {
    const piece = Buffer.alloc(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, piece, 0, piece.length, null)) > 0) yield piece.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A file's text as a stream for the streaming parser. UTF-8 is checked strictly, chunk by
 * chunk (a character split across chunks is checked whole with the next), and handed on as
 * its bytes (csv-parse reads UTF-8 itself, a byte-order mark dropped with its `bom` option, as
 * the parse-only pass of `npm run bench` reads them: no decoding into strings and encoding
 * back); UTF-16 is decoded chunk by chunk into strings. Bytes that are not UTF-8 end the stream
 * with the refusal naming their line, never replacement characters in the tickets written.
 */
export function decodedStream(file: string, encoding: CsvEncoding): Transform {
  const transform = encoding === "utf-8" ? checkedUtf8(file) : decodedUtf16(encoding);
  const input = fs.createReadStream(file);
  input.on("error", (e) => transform.destroy(e));
  // A reader that stops early (a sample of the first rows) destroys the stream: the file closes too.
  transform.on("close", () => input.destroy());
  return input.pipe(transform);
}

/** UTF-16 bytes decoded into strings chunk by chunk (see {@link decodedStream}). */
function decodedUtf16(encoding: Exclude<CsvEncoding, "utf-8">): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

/** UTF-8 bytes handed on as they are, each chunk checked (see {@link decodedStream}). */
function checkedUtf8(file: string): Transform {
  // The bytes of a character cut at the end of the last chunk, checked with the next.
  let carry: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      const end = wholeCharacters(bytes);
      carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
      const whole = bytes.subarray(0, end);
      if (!isUtf8(whole)) done(notUtf8(file, piecesOf(file)));
      else done(null, whole);
    },
    flush(done) {
      if (carry) done(notUtf8(file, piecesOf(file)));
      else done();
    },
  });
}

/**
 * Where the last whole UTF-8 character of a chunk ends: before a lead byte among the last three
 * whose character needs more bytes than follow it (the rest of it comes in the next chunk).
 * Cost: O(1).
 * @example wholeCharacters(Buffer.from([0x61, 0xc3])) // => 1 ("a", then half of "é")
 */
export function wholeCharacters(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + length > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/** The first 64 KB of a file as text, without a byte-order mark (for the delimiter). */
export function headOf(file: string): string {
  const head = Buffer.alloc(64 * 1024);
  let size: number;
  try {
    const fd = fs.openSync(file, "r");
    try {
      size = fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new CliError(messages.unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  // The first 64 KB may end inside a character: decoded leniently, for the delimiter only.
  return decodeCsv(head.subarray(0, size));
}

/** The encoding of a CSV file, from its first 4 KB (see {@link csvEncoding}). */
export function encodingOf(file: string): CsvEncoding {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, "r");
  try {
    return csvEncoding(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a whole CSV file as a grid of text cells (blank cells as null), row 1 first.
 * Cost: O(file size); the file is held in memory once.
 * @throws CliError for an unreadable file or malformed CSV.
 */
export function readCsvGrid(args: ParsedArgs, file: string): CellValue[][] {
  const text = readCsvText(file);
  const delimiter = delimiterOf(args, text.slice(0, 64 * 1024));
  let records: string[][];
  try {
    records = parseCsvSync(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    throw new CliError(messages.badCsv(file, (e as Error).message));
  }
  return records.map((r) => r.map((v) => (v.trim() === "" ? null : v)));
}
