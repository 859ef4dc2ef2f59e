/**
 * The one CSV reader of the command line: the delimiter ("," or ";", given or detected from
 * the header line outside quotes), UTF-8 or UTF-16 (either byte order, with or without a
 * byte-order mark; a mark is dropped), quoted fields with
 * delimiters and line breaks. The tickets command streams its records through it; the
 * upgrade and results commands read a whole (smaller) file as a grid.
 */
import * as fs from "fs";
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
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) break;
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
export function decodeCsv(bytes: Buffer): string {
  return new TextDecoder(csvEncoding(bytes)).decode(bytes).replace(/^\uFEFF/, "");
}

/**
 * A file's text as a stream of strings in its encoding, for the streaming parser: the bytes
 * are decoded chunk by chunk (a character split across chunks is kept whole).
 */
export function decodedStream(file: string, encoding: CsvEncoding): Transform {
  const decoder = new TextDecoder(encoding);
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const input = fs.createReadStream(file);
  input.on("error", (e) => decode.destroy(e));
  // A reader that stops early (a sample of the first rows) destroys the decoder: the file closes too.
  decode.on("close", () => input.destroy());
  return input.pipe(decode);
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
  let text: string;
  try {
    text = decodeCsv(fs.readFileSync(file));
  } catch (e) {
    throw new CliError(messages.unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const delimiter = delimiterOf(args, text.slice(0, 64 * 1024));
  let records: string[][];
  try {
    records = parseCsvSync(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    throw new CliError(messages.badCsv(file, (e as Error).message));
  }
  return records.map((r) => r.map((v) => (v.trim() === "" ? null : v)));
}
