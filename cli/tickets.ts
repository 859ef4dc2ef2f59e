/**
 * sla-governance tickets: a service desk's ticket history (CSV or .xlsx export) into the
 * Tickets sheet and monthly Results. This module reads files and options; the clock, the
 * zones and the sheets are decided in src/tickets.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseCsv } from "csv-parse";
import { parse as parseCsvSync } from "csv-parse/sync";
import { Workbook } from "exceljs";
import { Result, isFailure } from "../src/errors";
import { CLI_SETTING_NAMES, measureOptions } from "../src/tickets/options";
import { CellValue } from "../src/governance/model";
import { MS_PER_DAY, UNIX_EPOCH_SERIAL } from "../src/serial";
import { isTimeProblem, parseTime } from "../src/tickets/times";
import { orderNote, settleDateOrder } from "../src/import/dates";
import { ticketMessages } from "../src/errors";
import { REQUIRED_TICKET_FIELDS, TicketField, ticketColumns, ticketHeaderRow } from "../src/tickets/columns";
import { HistoryBuilder, historyBuilder, TicketsOutcome } from "../src/tickets/measure";
import { resultsPlan, serviceResults, TICKET_SHEETS, ticketsPlan } from "../src/tickets/plan";
import { hasFlag, optionValue, ParsedArgs, requiredValue } from "./args";
import { chooseSheet, Io, mapChoices, samePath } from "./commands";
import { CliError, EXIT, messages } from "./messages";
import { jsonText, renderTable } from "./output";
import { openWorkbook, sourceTableOf, writeWorkbook } from "./xlsx";

/** The JSON of the tickets command (published; add fields, never rename or remove them). */
export interface TicketsJson {
  readonly events: number;
  readonly tickets: number;
  readonly rejected: { row: number; reason: string }[];
  readonly results: {
    period: string;
    priority: string;
    service: string | null;
    measured: number;
    met: number;
    attainment: number;
  }[];
  readonly running: number;
  readonly untargeted: { ticket: string; priority: string }[];
  /** How day/month times were read: "DMY" or "MDY" (given or inferred), or null when none were. */
  readonly dateOrder: string | null;
}

/** The JSON of a run. */
export function ticketsJson(outcome: TicketsOutcome): TicketsJson {
  return {
    events: outcome.events,
    tickets: outcome.tickets.length,
    rejected: outcome.rejected,
    results: outcome.results.map((r) => ({
      period: r.period,
      priority: r.priority,
      service: r.service,
      measured: r.measured,
      met: r.met,
      attainment: r.attainment,
    })),
    running: outcome.running,
    untargeted: outcome.untargeted,
    dateOrder:
      outcome.dateOrder.kind === "given" || outcome.dateOrder.kind === "inferred" ? outcome.dateOrder.order : null,
  };
}

/** A Result of src/tickets, or a usage error (exit 2) with its message. */
function orUsage<T>(value: Result<T>): T {
  if (isFailure(value)) throw new CliError(value.message);
  return value;
}

/** A state-list option: required, but may be given empty (`--start=`: the first event starts). */
function listOption(args: ParsedArgs, name: string, blankAllowed: boolean): string {
  const value = blankAllowed ? optionValue(args, name) : requiredValue(args, name);
  if (value === undefined) throw new CliError(messages.missingOption(`--${name}`, args.command));
  return value;
}

/**
 * Holiday dates from a file: one date a line (or the first column of a CSV), read as ticket
 * times are (YYYY-MM-DD; DD/MM/YYYY or MM/DD/YYYY with --date-order), every year as written.
 * The first line is a header only when it does not look like a date: a one-line file of
 * `25/12/2024` is a date to read (or refuse), never a header. A file that yields no holiday
 * is refused: a holidays file that applies nothing would change no result and say nothing.
 */
function holidaysOf(file: string | undefined, order: string | undefined): number[] {
  if (file === undefined) return [];
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? messages.missingFile(file) : messages.unreadable(file, String(code)));
  }
  const dateOrder = order === "DMY" || order === "MDY" ? order : undefined;
  const records: string[][] = parseCsvSync(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  const days: number[] = [];
  records.forEach((record, i) => {
    const cell = (record[0] ?? "").trim();
    if (i === 0 && !DATE_LIKE.test(cell)) return;
    if (!DATE_ONLY.test(cell)) throw new CliError(messages.badHoliday(file, i + 1, cell));
    const time = parseTime(cell, dateOrder);
    if (isTimeProblem(time)) throw new CliError(messages.holidayProblem(file, i + 1, time.reason));
    days.push(time.ms / MS_PER_DAY + UNIX_EPOCH_SERIAL);
  });
  if (days.length === 0) throw new CliError(messages.noHolidays(file));
  return days;
}

/** Text that starts like a date (digits, a separator, digits): never a header. */
const DATE_LIKE = /^\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]/;
/** A date without a time: YYYY-MM-DD, or DD/MM/YYYY and MM/DD/YYYY (with "/" or "."). */
const DATE_ONLY = /^(\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})$/;

/** The delimiter: --delimiter, or the one of "," and ";" the header line uses more (outside quotes). */
function delimiterOf(args: ParsedArgs, head: string): string {
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

/** The columns of the export's fields. @throws CliError for bad --map choices or a missing required column. */
function columnsOf(args: ParsedArgs, headers: readonly string[]): Partial<Record<TicketField, number>> {
  const { mapping, problems } = ticketColumns(headers, mapChoices(args));
  if (problems.length) throw new CliError(messages.mapping(problems.map((p) => p.message)));
  const missing = REQUIRED_TICKET_FIELDS.filter((f) => mapping[f] === undefined);
  if (missing.length) throw new CliError(messages.missingColumns(missing, headers));
  return mapping;
}

/** Feeds a record to the builder through the mapping. */
function feeder(builder: HistoryBuilder, mapping: Partial<Record<TicketField, number>>) {
  const [t, time, s] = [mapping.ticket!, mapping.time!, mapping.state!];
  const p = mapping.priority ?? -1;
  return (row: number, record: readonly unknown[]) =>
    builder.add(row, record[t], record[time], record[s], p < 0 ? null : record[p]);
}

/** The longest CSV record (a header line or a row) read, in characters: a real export's rows are far shorter. */
export const MAX_CSV_RECORD = 1_000_000;

/** Streams a CSV export into the builder (a million rows never exist as one array). */
async function readCsv(args: ParsedArgs, file: string, builder: HistoryBuilder): Promise<void> {
  const head = Buffer.alloc(64 * 1024);
  const fd = fs.openSync(file, "r");
  let size: number;
  try {
    size = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const delimiter = delimiterOf(
    args,
    head
      .subarray(0, size)
      .toString("utf8")
      .replace(/^\uFEFF/, ""),
  );
  return new Promise((resolve, reject) => {
    // A record is bounded: without the bound a 10 MB line is buffered chunk by chunk (hundreds of MB).
    const parser = parseCsv({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: false,
      max_record_size: MAX_CSV_RECORD,
    });
    let add: ((row: number, record: readonly unknown[]) => void) | undefined;
    let row = 0;
    parser.on("readable", () => {
      let record: string[] | null;
      try {
        while ((record = parser.read()) !== null) {
          row++;
          if (add) add(row, record);
          else
            add = feeder(
              builder,
              columnsOf(
                args,
                record.map((h) => h.trim()),
              ),
            );
        }
      } catch (e) {
        parser.destroy();
        reject(e);
      }
    });
    parser.on("error", (e) =>
      reject(
        new CliError(
          (e as { code?: string }).code === "CSV_MAX_RECORD_SIZE"
            ? messages.csvRecordTooLarge(file, row + 1, MAX_CSV_RECORD)
            : messages.badCsv(file, e.message),
        ),
      ),
    );
    parser.on("end", () => (add ? resolve() : reject(new CliError(messages.emptyExport(file)))));
    const input = fs.createReadStream(file);
    input.on("error", (e) => reject(new CliError(messages.unreadable(file, e.message))));
    input.pipe(parser);
  });
}

/** Reads an .xlsx export's sheet into the builder. */
async function readXlsx(args: ParsedArgs, file: string, builder: HistoryBuilder): Promise<void> {
  const book = await openWorkbook(file);
  const sheet = chooseSheet(book, optionValue(args, "sheet"));
  const grid = book.grid(sheet)!;
  const header = ticketHeaderRow(grid);
  const table = header === undefined ? undefined : sourceTableOf(sheet, grid, header + 1);
  if (!table) throw new CliError(messages.emptyExport(file));
  const add = feeder(builder, columnsOf(args, table.headers));
  table.rows.forEach((record: readonly CellValue[], i) => add(table.headerRow + 1 + i, record));
}

function inputPaths(args: ParsedArgs): { input: string; kind: "csv" | "xlsx"; workbook?: string; out: string } {
  const input = args.input!;
  const ext = path.extname(input).toLowerCase();
  if (ext !== ".csv" && ext !== ".xlsx") throw new CliError(messages.notExport(input));
  if (!fs.existsSync(input)) throw new CliError(messages.missingFile(input));
  if (!fs.statSync(input).isFile()) throw new CliError(messages.notAFile(input));
  const out = optionValue(args, "out");
  if (out === undefined) throw new CliError(messages.missingOption("-o <out.xlsx>", args.command));
  if (path.extname(out).toLowerCase() !== ".xlsx") throw new CliError(messages.notXlsx(out));
  const workbook = optionValue(args, "workbook");
  for (const file of [input, workbook]) {
    if (file !== undefined && samePath(out, file)) throw new CliError(messages.sameAsExport(out));
  }
  return { input, kind: ext === ".csv" ? "csv" : "xlsx", workbook, out };
}

/** sla-governance tickets: an export into the Tickets and Results sheets; exit 1 when a row was rejected. */
export async function ticketsCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { input, kind, workbook, out } = inputPaths(args);
  const options = orUsage(
    measureOptions(
      {
        start: listOption(args, "start", true),
        pause: listOption(args, "pause", true),
        stop: listOption(args, "stop", false),
        targets: requiredValue(args, "targets"),
        services: optionValue(args, "services"),
        calendar: optionValue(args, "calendar"),
        holidays: holidaysOf(optionValue(args, "holidays"), optionValue(args, "date-order")),
        tz: optionValue(args, "tz"),
        dateOrder: optionValue(args, "date-order"),
        asOf: optionValue(args, "as-of"),
      },
      CLI_SETTING_NAMES,
    ),
  );
  const governed = workbook === undefined ? undefined : await openWorkbook(workbook);

  io.progress(`Reading ${input} ...`);
  const builder = historyBuilder(options);
  if (kind === "csv") await readCsv(args, input, builder);
  else await readXlsx(args, input, builder);
  io.progress("Running the clock ...");
  const outcome = builder.finish();
  const settled = settleDateOrder(outcome.dateOrder, ticketMessages.timeColumn());
  if ("refusal" in settled) throw new CliError(settled.refusal);

  const results = resultsPlan(governed?.grid(TICKET_SHEETS.results), serviceResults(outcome.results));
  io.progress(`Writing ${out} ...`);
  await writeWorkbook(governed?.workbook ?? new Workbook(), out, {
    plans: [{ name: TICKET_SHEETS.tickets, make: () => ticketsPlan(outcome.tickets) }, results.plan],
  });

  if (hasFlag(args, "json")) io.stdout(jsonText(ticketsJson(outcome)));
  else io.stdout(ticketsText(outcome, out, results.updated, results.appended));
  if (outcome.rejected.length) {
    io.stderr(`sla-governance: ${messages.rejectedRows(outcome.rejected.length)}\n`);
    return EXIT.found;
  }
  return EXIT.ok;
}

/** The run for people: counts, the monthly results, the first rejected rows, the untargeted priorities. */
export function ticketsText(outcome: TicketsOutcome, out: string, updated: number, appended: number): string {
  const count = (state: string) => outcome.tickets.filter((t) => t.state === state).length;
  const lines = [
    `Read ${outcome.events} event(s) of ${outcome.tickets.length} ticket(s); ` +
      `${count("Stopped")} stopped, ${outcome.running} running or paused, ${count("Not started")} not started.`,
    `Wrote ${TICKET_SHEETS.tickets} (${outcome.tickets.length} rows) and ${TICKET_SHEETS.results} ` +
      `(${updated} updated, ${appended} appended) to ${out}.`,
  ];
  const order = orderNote(outcome.dateOrder);
  if (order) lines.push(`Dates read as ${order}.`);
  let text = lines.join("\n") + "\n";
  if (outcome.results.length) {
    text += renderTable(
      ["Period", "Priority", "Service", "Measured", "Met", "Attainment"],
      outcome.results.map((r) => [
        r.period,
        r.priority,
        r.service ?? "",
        String(r.measured),
        String(r.met),
        `${(r.attainment * 100).toFixed(1)}%`,
      ]),
      { align: ["left", "left", "left", "right", "right", "right"] },
    );
  } else text += "No stopped ticket with a target: no results.\n";
  if (outcome.untargeted.length) {
    const byPriority = new Map<string, number>();
    for (const u of outcome.untargeted) byPriority.set(u.priority, (byPriority.get(u.priority) ?? 0) + 1);
    text +=
      `${outcome.untargeted.length} ticket(s) have a priority without a target (not measured): ` +
      [...byPriority].map(([p, n]) => `${p === "" ? "(blank)" : p} ${n}`).join(", ") +
      ".\n";
  }
  if (outcome.rejected.length) {
    const shown = outcome.rejected.slice(0, 10);
    text += `${outcome.rejected.length} row(s) rejected:\n`;
    text += shown.map((r) => `  row ${r.row}: ${r.reason}`).join("\n") + "\n";
    if (outcome.rejected.length > shown.length) {
      text += `  ... and ${outcome.rejected.length - shown.length} more (see --json).\n`;
    }
  }
  return text;
}
