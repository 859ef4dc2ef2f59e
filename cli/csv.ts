/**
 * The one CSV reader of the command line: the delimiter ("," or ";", given or detected from
 * the header line outside quotes), a UTF-8 byte-order mark dropped, quoted fields with
 * delimiters and line breaks. The tickets command streams its records through it; the
 * upgrade and results commands read a whole (smaller) file as a grid.
 */
import * as fs from "fs";
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
  return head
    .subarray(0, size)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

/**
 * Reads a whole CSV file as a grid of text cells (blank cells as null), row 1 first.
 * Cost: O(file size); the file is held in memory once.
 * @throws CliError for an unreadable file or malformed CSV.
 */
export function readCsvGrid(args: ParsedArgs, file: string): CellValue[][] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(messages.unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const delimiter = delimiterOf(args, text.replace(/^\uFEFF/, "").slice(0, 64 * 1024));
  let records: string[][];
  try {
    records = parseCsvSync(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    throw new CliError(messages.badCsv(file, (e as Error).message));
  }
  return records.map((r) => r.map((v) => (v.trim() === "" ? null : v)));
}
