/**
 * sla-governance tickets: a service desk's ticket history (CSV or .xlsx export) into the
 * Tickets sheet and monthly Results. This module reads files and options; the clock, the
 * zones and the sheets are decided in src/tickets.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseCsv } from "csv-parse";
import { parse as parseCsvSync } from "csv-parse/sync";
import { Result, isFailure, headerList } from "../src/errors";
import { CLI_SETTING_NAMES, measureOptions } from "../src/tickets/options";
import { CellValue, columnLetter, Finding, SHEETS } from "../src/governance/model";
import {
  ChoiceProblem,
  ColumnChoice,
  ColumnPlan,
  ColumnSuggestion,
  letterChoice,
  sameHeaded,
} from "../src/import/columns";
import { SheetPlan } from "../src/governance/plan";
import { nameKey } from "../src/governance/values";
import { MS_PER_DAY, UNIX_EPOCH_SERIAL } from "../src/serial";
import { isTimeProblem, parseTime } from "../src/tickets/times";
import { DateOrder, OrderInference, orderNote, settleDateOrder } from "../src/import/dates";
import { importMessages, ticketMessages } from "../src/errors";
import {
  comebackWatch,
  REQUIRED_TICKET_FIELDS,
  TICKET_FIELDS,
  TicketField,
  ticketHeaderRow,
} from "../src/tickets/columns";
import { ClockState } from "../src/tickets/clock";
import {
  eventReader,
  HistoryBuilder,
  MeasureOptions,
  MeterTotals,
  PeriodResult,
  Rejected,
  RowSpool,
  runClock,
  RunClock,
  streamMeter,
  StreamMeter,
  TicketRow,
} from "../src/tickets/measure";
import {
  groupCells,
  groupTimeSheetHead,
  resultsPlan,
  serviceResults,
  TICKET_SHEETS,
  ticketCells,
  ticketsSheetHead,
} from "../src/tickets/plan";
import { hasFlag, optionValue, ParsedArgs, requiredValue } from "./args";
import {
  sheetOfIndex,
  headerRowOption,
  inputSheet,
  Io,
  ioNotice,
  mapChoices,
  mappedColumns,
  mappingSettings,
  notesJson,
  notesText,
  recordedOrder,
  refuseExisting,
  saveMapping,
} from "./commands";
import { CliError, EXIT, messages, SuggestionShown } from "./messages";
import { cutText, findingJson, FindingJson, jsonText, renderTable } from "./output";
import { tempDir } from "./tempdir";
import {
  adjacentTickets,
  appender,
  eventSort,
  NotOneRowPerTicket,
  rowStore,
  sortedRowStore,
  SortedRowStore,
  textLines,
  TicketBatch,
} from "./ticketSort";
import { textFilter } from "../src/texts";
import { decodedStream, delimiterOf, encodingOf, headOf, readCsvText } from "./csv";
import { parseDateOrder } from "../src/import/dates";
import {
  EXPORT_FIELDS,
  exportColumns,
  ExportField,
  exportPreviewer,
  ExportPreviewer,
  isRowField,
  ROW_FIELDS,
} from "../src/tickets/review";
import { previewText } from "./preview";
import {
  WIDE_FIELDS,
  WIDE_STATES,
  WideField,
  isArtificialEvent,
  eachRowEvent,
  readHoldHours,
} from "../src/tickets/wide";
import {
  checkOutputFolder,
  checkXlsxPackage,
  openSheets,
  readFailure,
  sourceTableOf,
  StreamedPlan,
  stylesForWrite,
  writeWorkbook,
} from "./xlsx";
import { SheetBody } from "./package/sheet";
import { StyleRegistry } from "./package/styles";
import { openRowReader, RowReader } from "./package/rows";
import { HEADER_SEARCH_ROWS } from "../src/governance/mapping";
import { CutCell, cutCellsOf, isCutText } from "../src/cellText";
import { cutCellFindings, reportTextCuts } from "../src/governance/textCut";
import { MergedField, mergedFields } from "../src/import/merged";
import { FirstOf, LISTED_AT_MOST, firstOf } from "../src/bounded";

/** The JSON of the tickets command (published; add fields, never rename or remove them). */
export interface TicketsJson {
  readonly events: number;
  readonly tickets: number;
  /** The first 1,000 rows that could not be read, by row (`rejectedCount` counts them all). */
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
  /** The first 1,000 tickets whose priority has no target (`untargetedCount` counts them all). */
  readonly untargeted: { ticket: string; priority: string }[];
  /** Cells cut to Excel's 32,767 characters and marked " [cut: N characters]". */
  readonly cutCells: number;
  /** A TEXT_CUT warning for each cut cell, naming its sheet and cell (also on the Findings sheet). */
  readonly findings: FindingJson[];
  /** Response attainment per month of the answer and priority (empty without response states). */
  readonly responseResults: TicketsJson["results"];
  /**
   * Tickets running or paused as of --as-of at 75% of their target or more, most consumed first:
   * the 1,000 most consumed (`breachingSoonCount` counts them all).
   */
  readonly breachingSoon: {
    ticket: string;
    priority: string;
    state: string;
    businessHours: number;
    targetHours: number;
    warning: string;
    /** Local time (ISO, no offset) the target was reached, or null. */
    breachedAt: string | null;
  }[];
  /** Rows of the Group Time sheet (0 without --group). */
  readonly groupRows: number;
  /** How day/month times were read: "DMY" or "MDY" (given or inferred), or null when none were. */
  readonly dateOrder: string | null;
  /**
   * How the events reached the clock: "in memory" (one buffer of up to 1,000,000 events),
   * "grouped" (the export lists each ticket's events together: measured as read, nothing
   * sorted) or "sorted" (sorted by ticket on disk).
   */
  readonly eventOrder: EventOrder;
  /** All the rows that could not be read. */
  readonly rejectedCount: number;
  /** All the tickets whose priority has no target. */
  readonly untargetedCount: number;
  /** All the tickets running or paused at 75% of their target or more. */
  readonly breachingSoonCount: number;
  /**
   * Mapped columns of an .xlsx export in which merged cells hide values (only a merged area's
   * top-left cell holds one, as Excel reads it); empty for none.
   */
  readonly mergedCells: MergedField[];
}

/** A local serial as ISO text without an offset, to the second. */
function localIso(serial: number | null): string | null {
  return serial === null
    ? null
    : new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY)).toISOString().slice(0, 19);
}

/** The JSON of a run. */
export function ticketsJson(outcome: TicketsRun): TicketsJson {
  const results = (list: readonly PeriodResult[]) =>
    list.map((r) => ({
      period: r.period,
      priority: r.priority,
      service: r.service,
      measured: r.measured,
      met: r.met,
      attainment: r.attainment,
    }));
  return {
    events: outcome.events,
    tickets: outcome.tickets,
    rejected: outcome.rejected,
    results: results(outcome.results),
    running: outcome.running,
    untargeted: outcome.untargeted,
    cutCells: outcome.cutCells,
    findings: findingJson(outcome.cuts),
    dateOrder:
      outcome.dateOrder.kind === "given" || outcome.dateOrder.kind === "inferred" ? outcome.dateOrder.order : null,
    responseResults: results(outcome.responseResults),
    breachingSoon: outcome.breachingSoonRows.map((t) => {
      return {
        ticket: t.ticket,
        priority: t.priority,
        state: t.state,
        businessHours: t.businessHours,
        targetHours: t.targetHours!,
        warning: t.warning!,
        breachedAt: localIso(t.breachedAt),
      };
    }),
    groupRows: outcome.groupRows,
    eventOrder: outcome.eventOrder,
    rejectedCount: outcome.rejectedCount,
    untargetedCount: outcome.untargetedCount,
    breachingSoonCount: outcome.breachingSoonCount,
    mergedCells: outcome.mergedCells,
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
export function holidaysOf(file: string | undefined, order: string | undefined): number[] {
  if (file === undefined) return [];
  const text = readCsvText(file);
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

/** What a run saw while reading, for the checks after the clock (bounded: states up to 50). */
interface Seen {
  headers: readonly string[];
  /** The export's columns as mapped (set with the headers). */
  columns: Columns;
  /** Mapped columns in which merged cells hide values (an .xlsx export's). */
  merged: MergedField[];
  /** Distinct states read (at most 50), for the message when no ticket ever starts. */
  readonly states: Set<string>;
  /** Artificial START/END events left out. */
  artificial: number;
  /** Rows whose hours on hold are not a duration (the ticket is measured without them): the first ones, and a count. */
  readonly holdRejected: FirstOf<Rejected>;
}

/** The columns a mapping file gives as options rather than as --map choices (field: option): a one-row-per-ticket export's and the group's. */
const FILE_COLUMN_OPTIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(WIDE_FIELDS.map((f) => [f, f])),
  hold_hours: "on-hold-hours",
  group: "group",
};

/**
 * --map and --mapping FILE.json folded into the options: the file's date order, and
 * the columns of --opened, --responded, --resolved, --closed, --on-hold-hours and --group,
 * each given as its option, or as a --map choice (`--map opened=Created,hold_hours=On hold`;
 * `--map opened=` leaves it unmapped), or by the mapping file, in that order. Their other
 * columns are --map choices (see `ticketChoices`).
 * @throws CliError when an option and a --map choice name two columns for one field.
 */
function withMappingFile(args: ParsedArgs): ParsedArgs {
  const settings = mappingSettings(args);
  const options = new Map(args.options);
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== "" && !options.has(name)) options.set(name, [value]);
  };
  set("date-order", settings.dateOrder);
  const chosen = new Map(mapChoices(args).map((c) => [c.field, c.header]));
  for (const [field, name] of Object.entries(FILE_COLUMN_OPTIONS)) {
    const header = chosen.get(field);
    if (header === undefined) {
      set(name, settings.columns[field]);
      continue;
    }
    const given = optionValue(args, name);
    if (given !== undefined && nameKey(given) !== nameKey(header)) {
      throw new CliError(messages.optionAndMap(`--${name}`, given, field, header));
    }
    if (header === "") options.delete(name);
    else options.set(name, [header]);
  }
  return { ...args, options };
}

/** The column choices of a run: the mapping file's ticket, time, state and priority columns, then --map's (which win). */
function ticketChoices(args: ParsedArgs): { field: string; header: string }[] {
  const given = mapChoices(args).filter((c) => !(c.field in FILE_COLUMN_OPTIONS));
  const fromFile = Object.entries(mappingSettings(args).columns)
    .filter(([field]) => !(field in FILE_COLUMN_OPTIONS) && !given.some((c) => c.field === field))
    .map(([field, header]) => ({ field, header }));
  return [...fromFile, ...given];
}

/** True when `--map FIELD=` leaves a field unmapped on purpose (no suggestion for it). */
function clearedByMap(args: ParsedArgs, field: string): boolean {
  return mapChoices(args).some((c) => c.field === field && c.header === "");
}

/** The header row given: --header-row, else the mapping file's (1-based), else undefined. */
function givenHeaderRow(args: ParsedArgs): number | undefined {
  return headerRowOption(args) ?? mappingSettings(args).headerRow;
}

/**
 * How the header row of an .xlsx export is found (tickets, steps, experience): the one given
 * (--header-row, the mapping file's), else `auto` (the row naming the most of the command's fields).
 */
export function headerRowFinder(
  args: ParsedArgs,
  auto: (grid: readonly (readonly CellValue[])[]) => number | undefined,
): (grid: readonly (readonly CellValue[])[]) => number | undefined {
  const given = givenHeaderRow(args);
  return given === undefined ? auto : () => given - 1;
}

/** The header row of an .xlsx ticket export: the one given, else the row whose texts suggest the most ticket fields. */
function exportHeaderRow(args: ParsedArgs): (grid: readonly (readonly CellValue[])[]) => number | undefined {
  return headerRowFinder(args, ticketHeaderRow);
}

/** The wide columns given (--opened, --responded, --resolved, --closed), by field. */
function wideOptions(args: ParsedArgs): Partial<Record<WideField, string>> {
  const out: Partial<Record<WideField, string>> = {};
  for (const f of WIDE_FIELDS) {
    const v = optionValue(args, f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

/** Where an export's headers were read: the sheet (a CSV's file name) and the 1-based header row. */
export interface HeadAt {
  readonly sheet: string;
  readonly headerRow: number;
}

/**
 * Every column choice of a run, a history's and a one-row-per-ticket export's alike: the
 * mapping file's and --map's (see `ticketChoices`), and --opened, --responded, --resolved,
 * --closed and --on-hold-hours by the column each names (`col:C`), or `FIELD=` when --map
 * leaves one unmapped. @throws CliError naming the header row and its headers when an
 * option's header is not there, or heads several columns.
 */
function exportChoices(args: ParsedArgs, headers: readonly string[], at: HeadAt): ColumnChoice[] {
  const choices = ticketChoices(args);
  for (const field of ROW_FIELDS) {
    const option = FILE_COLUMN_OPTIONS[field];
    const header = optionValue(args, option);
    if (header !== undefined) {
      choices.push({ field, header: `col:${columnLetter(findColumn(`--${option}`, header, headers, at))}` });
    } else if (clearedByMap(args, field)) choices.push({ field, header: "" });
  }
  return choices;
}

/**
 * The columns of a run or a preview, decided as the task pane decides them (`exportColumns`):
 * the choices, a history's exact headers, and with --accept-suggestions every suggestion (a
 * partial header, a column's content, a one-row-per-ticket export's named columns). One row
 * per ticket (an Opened column mapped) reads no time or state column.
 * @param rows - The export's first rows, for the content's suggestions (none: headers only).
 */
function exportPlan(args: ParsedArgs, headers: readonly string[], at: HeadAt, rows: readonly (readonly unknown[])[]) {
  const full = exportColumns(headers, rows, exportChoices(args, headers, at), hasFlag(args, "accept-suggestions"));
  const isWide = WIDE_FIELDS.some((f) => full.mapping[f] !== undefined);
  if (!isWide) return { plan: full, isWide };
  const mapping = { ...full.mapping };
  const source = { ...full.source };
  for (const f of ["time", "state"] as const) {
    delete mapping[f];
    delete source[f];
  }
  const problems = full.problems.filter((p) => p.field !== "time" && p.field !== "state");
  return { plan: { ...full, mapping, source, problems }, isWide };
}

/** The columns of the export's fields, and of --group. @throws CliError for bad --map choices, a missing required column or --group header. */
function columnsOf(args: ParsedArgs, headers: readonly string[], at: HeadAt, seen: Seen): Columns {
  seen.headers = headers;
  seen.columns = columnsFor(args, headers, at);
  return seen.columns;
}

/** The columns of the export's fields, and of --group (see `columnsOf`). */
function columnsFor(args: ParsedArgs, headers: readonly string[], at: HeadAt): Columns {
  const { plan, isWide } = exportPlan(args, headers, at, []);
  const { mapping } = plan;
  const required = isWide ? (["ticket"] as const) : REQUIRED_TICKET_FIELDS;
  const missing: ExportField[] = required.filter((f) => mapping[f] === undefined);
  let reason = messages.noColumnFor(missing);
  // One row per ticket: Opened starts each clock, Resolved (or Closed) stops it.
  if (!missing.length && isWide && mapping.opened === undefined)
    [reason, missing[0]] = [messages.wideNeedsOpened(), "opened"];
  if (!missing.length && isWide && mapping.resolved === undefined && mapping.closed === undefined)
    [reason, missing[0]] = [messages.wideNeedsStop(), "resolved"];
  refuseUnmapped(plan, missing, headers, at, reason);
  const columns: Columns = { ...mapping, hold: mapping.hold_hours };
  delete (columns as Partial<Record<string, number>>).hold_hours;
  if (columns.hold !== undefined && !isWide) throw new CliError(messages.holdNeedsOpened());
  const groupHeader = optionValue(args, "group");
  if (groupHeader === undefined) return columns;
  const notFound = () => messages.groupNotFound(groupHeader, headers);
  return { ...columns, group: findColumn("--group", groupHeader, headers, at, notFound) };
}

/** @throws CliError naming the problems, the header row and its headers, and the fix, when there are problems. */
function refuseProblems(problems: readonly ChoiceProblem[], headers: readonly string[], at: HeadAt): void {
  if (!problems.length) return;
  const text = problems.map((p) => p.message);
  throw new CliError(messages.mappingAt(text, at.sheet, at.headerRow, headerList(headers)));
}

/**
 * Refuses a mapping an export cannot be read with (tickets, steps, experience): a problem with
 * the choices, or required fields no column feeds, naming where the headers were read, what
 * they are, the suggestions not applied and the fix.
 * @param missing - The required fields no column feeds (none: only the problems are checked).
 * @param reason - Why, when it is more than "no column for ..." (default).
 * @throws CliError (exit 2).
 */
export function refuseUnmapped(
  plan: ColumnPlan<string>,
  missing: readonly string[],
  headers: readonly string[],
  at: HeadAt,
  reason = messages.noColumnFor(missing),
): void {
  refuseProblems(plan.problems, headers, at);
  if (!missing.length) return;
  const offered = plan.suggestions.map((s) => suggestionShown(s, headers));
  throw new CliError(messages.unmappedAt(reason, at.sheet, at.headerRow, headerList(headers), missing, offered));
}

/** A suggestion as messages show it: its column's letter and header. */
function suggestionShown(s: ColumnSuggestion, headers: readonly string[]): SuggestionShown {
  return { field: s.field, column: columnLetter(s.column), header: headers[s.column] ?? "", why: s.why };
}

/**
 * The column an option names: by header (ignoring case and spacing), or by letter (`col:C`).
 * @throws CliError naming the header row and its headers when there is none, or every column a repeated header heads (which one is meant?).
 */
function findColumn(
  option: string,
  header: string,
  headers: readonly string[],
  at: HeadAt,
  notFound = () => messages.wideNotFound(option, header, headerList(headers)),
): number {
  const letter = letterChoice(header);
  if (letter !== undefined && letter < headers.length) return letter;
  const col = letter === undefined ? headers.findIndex((h) => nameKey(h) === nameKey(header)) : -1;
  if (col < 0) throw new CliError(messages.optionColumnAt(notFound(), at.sheet, at.headerRow, option));
  const same = sameHeaded(headers, col);
  if (same.length > 1) {
    const twice = messages.duplicateColumns(option, headers[col], same.map(columnLetter));
    throw new CliError(messages.optionColumnAt(twice, at.sheet, at.headerRow, option));
  }
  return col;
}

/** The export's columns: the mapped fields, the assignment group's, and a one-row-per-ticket export's time and on-hold columns. */
type Columns = Partial<Record<TicketField | "group" | WideField | "hold", number>>;

/** Feeds a record to the builder through the mapping: one event per row, or one per filled time column of a wide row. */
function feeder(builder: Pick<HistoryBuilder, "add">, mapping: Columns, seen: Seen, keepArtificial: boolean) {
  const t = mapping.ticket!;
  const p = mapping.priority ?? -1;
  const g = mapping.group ?? -1;
  // A short record has no group cell: null, a blank (the group stays), never "no group column".
  const groupOf = (record: readonly unknown[]) => (g < 0 ? undefined : (record[g] ?? null));
  if (mapping.time === undefined) {
    const at: Readonly<Record<WideField, number>> = {
      opened: mapping.opened ?? -1,
      responded: mapping.responded ?? -1,
      resolved: mapping.resolved ?? -1,
      closed: mapping.closed ?? -1,
    };
    const h = mapping.hold ?? -1;
    // The row and its cells for the two callbacks, made once (no closure or array per row).
    let current: readonly unknown[] = [];
    let currentRow = 0;
    // --on-hold-hours: the row's hours go with each of its events (counted once a row).
    let hold = 0;
    const cell = (f: WideField) => (at[f] < 0 ? undefined : current[at[f]]);
    const emit = (time: unknown, state: string) =>
      builder.add(currentRow, current[t], time, state, p < 0 ? null : current[p], groupOf(current), hold);
    return (row: number, record: readonly unknown[]) => {
      hold = 0;
      if (h >= 0) {
        const hours = readHoldHours(record[h]);
        if (typeof hours !== "number") seen.holdRejected.add({ row, reason: hours.reason });
        else hold = hours;
      }
      current = record;
      currentRow = row;
      if (eachRowEvent(cell, emit) === 0)
        builder.add(row, record[t], null, null, p < 0 ? null : record[p], groupOf(record));
    };
  }
  const [time, s] = [mapping.time!, mapping.state!];
  return (row: number, record: readonly unknown[]) => {
    const state = record[s];
    if (!keepArtificial && isArtificialEvent(state)) {
      seen.artificial++;
      return;
    }
    if (seen.states.size < 50 && typeof state === "string") seen.states.add(state.trim());
    if (g < 0) builder.add(row, record[t], record[time], state, p < 0 ? null : record[p]);
    else builder.add(row, record[t], record[time], state, p < 0 ? null : record[p], groupOf(record));
  };
}

/** The longest CSV record (a header line or a row) read, in characters: a real export's rows are far shorter. */
export const MAX_CSV_RECORD = 1_000_000;

/** Streams a CSV export into the builder (a million rows never exist as one array). */
function readCsv(
  args: ParsedArgs,
  file: string,
  builder: Pick<HistoryBuilder, "add">,
  seen: Seen,
  keep: boolean,
): Promise<void> {
  return streamCsv(args, file, (headers, at) => feeder(builder, columnsOf(args, headers, at, seen), seen, keep));
}

/** What takes each record of an export: its row number and its cells. */
export type RecordSink = (row: number, record: readonly unknown[]) => void;

/**
 * Streams a CSV export (a million rows never exist as one array): the header record (the
 * first, or the one --header-row or the mapping file names: the records above it, a title or
 * a note, are skipped) goes to `header` with where it was read, which returns the sink of the
 * other records (or throws a CliError).
 */
export async function streamCsv(
  args: ParsedArgs,
  file: string,
  header: (headers: readonly string[], at: HeadAt) => RecordSink,
): Promise<void> {
  const delimiter = delimiterOf(args, headOf(file));
  const headerRow = givenHeaderRow(args) ?? 1;
  const sheet = path.basename(file);
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
          else if (row === headerRow)
            add = header(
              record.map((h) => h.trim()),
              { sheet, headerRow },
            );
        }
      } catch (e) {
        parser.destroy();
        input.destroy();
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
    const input = decodedStream(file, encodingOf(file));
    input.on("error", (e) => reject(e instanceof CliError ? e : new CliError(messages.unreadable(file, e.message))));
    input.pipe(parser);
  });
}

/** Reads an .xlsx export's sheet into the builder. */
async function readXlsx(
  args: ParsedArgs,
  file: string,
  builder: Pick<HistoryBuilder, "add">,
  seen: Seen,
  keep: boolean,
  opened?: RowReader,
): Promise<void> {
  const merges = await readExportSheet(
    args,
    file,
    exportHeaderRow(args),
    (headers, at) => feeder(builder, columnsOf(args, headers, at, seen), seen, keep),
    opened,
  );
  seen.merged = mergedFields(merges.refs, merges.headerRow, seen.columns, seen.headers);
}

/** The merged areas of an export's sheet (the first MERGES_KEPT), and its header row (1-based). */
export interface SheetMerges {
  readonly headerRow: number;
  readonly refs: string[];
}

/** Merged areas an export's reading keeps to tell which columns they hide values in. */
const MERGES_KEPT = 10_000;

/**
 * Reads the sheet of an .xlsx export (--sheet, or the first) row by row in bounded memory
 * (cli/package/rows.ts): the first HEADER_SEARCH_ROWS rows are held to find the header row
 * (`headerRowOf`), whose texts go to `header` with where they were read; it returns the sink of
 * the rows below, each handed on as it is read. Cost: O(size of the sheet); memory: the shared
 * strings and one row.
 * @param opened - The export already opened (see {@link openExport}): its strings are not read
 * again, and it is left open; without, the export is opened here and closed after.
 */
export async function readExportSheet(
  args: ParsedArgs,
  file: string,
  headerRowOf: (grid: readonly (readonly CellValue[])[]) => number | undefined,
  header: (headers: readonly string[], at: HeadAt) => RecordSink,
  opened?: RowReader,
): Promise<SheetMerges> {
  const reader = opened ?? (await openExport(file));
  try {
    const sheet = sheetOfIndex(file, reader.sheets, optionValue(args, "sheet"));
    const head: CellValue[][] = [];
    let add: RecordSink | undefined;
    let headerRow = 1;
    const refs: string[] = [];
    // The header is chosen among the first rows, as for a sheet read whole (sourceTableOf).
    const start = () => {
      const grid = Array.from(head, (line) => line ?? []);
      const row = headerRowOf(grid);
      const table = row === undefined ? undefined : sourceTableOf(sheet, grid, row + 1);
      if (!table) throw new CliError(messages.emptyExport(file));
      headerRow = table.headerRow;
      const sink = header(table.headers, { sheet, headerRow });
      table.rows.forEach((record: readonly CellValue[], i) => sink(table.headerRow + 1 + i, record));
      return sink;
    };
    try {
      const merged = (ref: string) => void (refs.length < MERGES_KEPT && refs.push(ref));
      for await (const { row, cells } of reader.rows(sheet, { merged })) {
        if (add) add(row, cells);
        else if (row <= HEADER_SEARCH_ROWS) head[row - 1] = cells;
        else (add = start())(row, cells);
      }
    } catch (e) {
      // A package cut short or a sheet that does not inflate: the file is damaged; a row or a
      // text beyond the reading limits is named.
      throw readFailure(file, e);
    }
    add ??= start();
    return { headerRow, refs };
  } finally {
    if (!opened) reader.close();
  }
}

/**
 * An .xlsx export opened for reading (its package's bounds checked), so one opening serves
 * several readings (`--accept-suggestions`' sample, then the run): its shared strings, as large
 * as the export's texts, are read once. The caller closes it.
 * @throws CliError naming the file when it is no workbook, damaged or beyond the reading limits.
 */
export async function openExport(file: string): Promise<RowReader> {
  checkXlsxPackage(file);
  try {
    return await openRowReader(file);
  } catch (e) {
    throw readFailure(file, e);
  }
}

/** The export, its kind, the governed workbook and the output; the output is required unless `outOptional`. */
export function inputPaths(
  args: ParsedArgs,
  outOptional = false,
): { input: string; kind: "csv" | "xlsx"; workbook?: string; out: string } {
  const input = args.input!;
  const ext = path.extname(input).toLowerCase();
  if (ext !== ".csv" && ext !== ".xlsx") throw new CliError(messages.notExport(input));
  if (!fs.existsSync(input)) throw new CliError(messages.missingFile(input));
  if (!fs.statSync(input).isFile()) throw new CliError(messages.notAFile(input));
  const out = optionValue(args, "out");
  if (out === undefined) {
    if (outOptional)
      return { input, kind: ext === ".csv" ? "csv" : "xlsx", workbook: optionValue(args, "workbook"), out: "" };
    throw new CliError(messages.missingOption("-o <out.xlsx>", args.command));
  }
  if (path.extname(out).toLowerCase() !== ".xlsx") throw new CliError(messages.notXlsx(out));
  checkOutputFolder(out);
  const workbook = optionValue(args, "workbook");
  return { input, kind: ext === ".csv" ? "csv" : "xlsx", workbook, out };
}

/**
 * Refuses a run that measured nothing meaningful (never exit 0 on nonsense): every ticket has
 * at most one event (a one-row-per-ticket export read as a history), or no ticket ever started
 * (the --start states never appear). @throws CliError (exit 2) naming the likely fix.
 */
function checkShape(
  counts: { events: number; tickets: number; notStarted: number },
  seen: Seen,
  isWide: boolean,
  start: string,
): void {
  const n = counts.tickets;
  if (n === 0) return;
  if (!isWide && counts.events <= n) {
    // The headers' own offers (the columns chosen for the history were the mistake).
    const hint = exportColumns(seen.headers)
      .suggestions.filter((s) => isRowField(s.field))
      .map((s) => `--${FILE_COLUMN_OPTIONS[s.field]} "${seen.headers[s.column]}"`);
    throw new CliError(messages.oneEventPerTicket(n, hint));
  }
  if (counts.notStarted === n) {
    throw new CliError(messages.noneStarted(n, start, [...seen.states]));
  }
}

/**
 * What a preview maps (see `exportPlan`): the plan, the suggestions offered (a one-row-per-ticket
 * export's named with how to confirm them), the fields shown and the shape. `rows` is a sample
 * of the first rows, for the content's suggestions.
 */
function previewPlan(args: ParsedArgs, headers: string[], at: HeadAt, rows: readonly (readonly CellValue[])[]) {
  const { plan, isWide } = exportPlan(args, headers, at, rows);
  const offered = plan.suggestions.map((s) =>
    isRowField(s.field)
      ? { ...s, why: messages.oneRowSuggestion(s.field, FILE_COLUMN_OPTIONS[s.field], headers[s.column]) }
      : s,
  );
  const fields: string[] = isWide ? ["ticket", "priority", ...ROW_FIELDS] : [...TICKET_FIELDS];
  const timeFields: string[] = isWide ? [...WIDE_FIELDS] : ["time"];
  return { plan, offered, fields, timeFields, isWide };
}

/** Rows a preview keeps for its content suggestions (each column's first values are sampled). */
const CONTENT_SAMPLE_ROWS = 1_000;

/** Thrown by the sample's sink once it holds enough rows: the reading stops there. */
class SampleFull extends Error {}

/**
 * The export's headers, where they were read, and its first CONTENT_SAMPLE_ROWS rows (the
 * reading stops there), for the columns its content suggests. Cost: those rows.
 */
async function exportSample(
  args: ParsedArgs,
  input: string,
  kind: "csv" | "xlsx",
  opened?: RowReader,
): Promise<{ headers: string[]; at: HeadAt; rows: CellValue[][] }> {
  let headers: string[] = [];
  let at: HeadAt = { sheet: path.basename(input), headerRow: 1 };
  const rows: CellValue[][] = [];
  const header = (h: readonly string[], where: HeadAt): RecordSink => {
    headers = [...h];
    at = where;
    return (_row, record) => {
      rows.push(record as CellValue[]);
      if (rows.length >= CONTENT_SAMPLE_ROWS) throw new SampleFull();
    };
  };
  try {
    if (kind === "csv") await streamCsv(args, input, header);
    else await readExportSheet(args, input, exportHeaderRow(args), header, opened);
  } catch (e) {
    if (!(e instanceof SampleFull)) throw e;
  }
  return { headers, at, rows };
}

/**
 * --accept-suggestions settled before a run: the columns the export's headers and first rows
 * give with every suggestion applied, written back as explicit choices (`--map FIELD=col:C`,
 * `--opened col:D`, ..., the header row), so the run reads the shape (one row per ticket or a
 * history) and the columns exactly as `--dry-run --accept-suggestions` showed them.
 * @throws CliError naming the header row and its headers for a mapping problem.
 */
async function acceptedArgs(
  args: ParsedArgs,
  input: string,
  kind: "csv" | "xlsx",
  opened?: RowReader,
): Promise<ParsedArgs> {
  const { headers, at, rows } = await exportSample(args, input, kind, opened);
  const { plan } = exportPlan(args, headers, at, rows);
  refuseProblems(plan.problems, headers, at);
  const options = new Map(args.options);
  for (const name of ["accept-suggestions", "mapping", "map", ...ROW_FIELDS.map((f) => FILE_COLUMN_OPTIONS[f])])
    options.delete(name);
  const map: string[] = [];
  for (const field of EXPORT_FIELDS) {
    const col = plan.mapping[field];
    const option = FILE_COLUMN_OPTIONS[field];
    if (col === undefined) {
      if (plan.cleared.includes(field) && !option) map.push(`${field}=`);
    } else if (option) options.set(option, [`col:${columnLetter(col)}`]);
    else map.push(`${field}=col:${columnLetter(col)}`);
  }
  if (map.length) options.set("map", [map.join(",")]);
  options.set("header-row", [String(at.headerRow)]);
  return { ...args, options };
}

/**
 * tickets --dry-run: the columns understood (each field with its column, three samples as read,
 * how many rows parse, the date order), written to stdout; no workbook is written. Exit 2 when a
 * required field is unmapped. The rows are counted as they are read, none held (bar a sample
 * of the first for content suggestions), so an export of any size previews in bounded memory.
 */
async function ticketsPreview(
  args: ParsedArgs,
  io: Io,
  input: string,
  kind: "csv" | "xlsx",
  notes: readonly string[],
  opened?: RowReader,
): Promise<number> {
  const given = parseDateOrder(optionValue(args, "date-order"));
  if (given === null) throw new CliError(ticketMessages.badDateOrder("--date-order", optionValue(args, "date-order")!));
  let headers: string[] = [];
  let previewer: ExportPreviewer | undefined;
  // The first rows only, for content suggestions: the preview counts the rest as they come.
  const sample: CellValue[][] = [];
  // With --accept-suggestions, a column may be applied by its content: the first rows decide the
  // columns before the preview counts any (without, the headers decide them: content only suggests).
  const first = hasFlag(args, "accept-suggestions") ? (await exportSample(args, input, kind, opened)).rows : [];
  // Where the export first brings back a ticket seen before another's rows (a run then sorts it).
  const tmp = tempDir("sla-tickets-");
  const seen = measuredTickets(tmp.path, fs.statSync(input).size, Infinity);
  const comesBack = comebackWatch(seen);
  let backAt: number | null = null;
  let at: HeadAt = { sheet: path.basename(input), headerRow: 1 };
  const header = (h: readonly string[], where: HeadAt): RecordSink => {
    headers = [...h];
    at = where;
    const { plan, isWide } = previewPlan(args, headers, at, first);
    previewer = exportPreviewer({ ...plan, suggestions: [], problems: [] }, isWide, given);
    const ticketCol = plan.mapping.ticket;
    return (row, record) => {
      previewer!.add(record as CellValue[]);
      if (sample.length < CONTENT_SAMPLE_ROWS) sample.push(record as CellValue[]);
      if (ticketCol !== undefined && backAt === null && comesBack(record[ticketCol])) backAt = row;
    };
  };
  let merges: SheetMerges = { headerRow: 1, refs: [] };
  try {
    if (kind === "csv") await streamCsv(args, input, header);
    else merges = await readExportSheet(args, input, exportHeaderRow(args), header, opened);
  } finally {
    seen.close();
    tmp.remove();
  }
  const { plan, offered, fields, timeFields, isWide } = previewPlan(args, headers, at, sample);
  const { mapping } = plan;
  refuseProblems(plan.problems, headers, at);
  const { preview, orders } = previewer!.finish({ sheet: at.sheet, headerRow: at.headerRow, headers }, offered);
  let recorded: DateOrder | undefined;
  for (const f of timeFields) if (orders[f]) recorded ??= recordedOrder(orders[f]!);
  // --save-mapping: what this preview understood, for next month's run (--mapping).
  const group = optionValue(args, "group");
  saveMapping(args, io, {
    sheet: optionValue(args, "sheet"),
    // A CSV's header is its first record unless one was named.
    headerRow: kind === "xlsx" || at.headerRow > 1 ? at.headerRow : undefined,
    columns: { ...mappedColumns(fields, mapping, headers), ...(group === undefined ? {} : { group }) },
    values: {},
    dateOrder: recorded,
  });
  // How a run would take the events: measured as read when the export lists each ticket's rows together.
  const mergedCells = mergedFields(merges.refs, merges.headerRow, mapping, headers);
  const mergedNote = mergedCells.length ? `Warning: ${importMessages.mergedCells(mergedCells)}\n` : "";
  io.stdout(
    hasFlag(args, "json")
      ? jsonText({
          ...preview,
          eventOrder: backAt === null ? "grouped" : "not grouped",
          ticketBackAtRow: backAt,
          mergedCells,
          ...notesJson(notes),
        })
      : previewText(preview) + messages.previewEventOrder(backAt) + "\n" + mergedNote + notesText(notes),
  );
  if (preview.missing.length) {
    io.stderr(`sla-governance: ${messages.requiredUnmapped(preview.missing, preview.headerRow)}\n`);
    return EXIT.usage;
  }
  if (isWide && mapping.resolved === undefined && mapping.closed === undefined) {
    const reason = messages.wideNeedsStop();
    const shown = offered.map((s) => suggestionShown(s, headers));
    io.stderr(
      `sla-governance: ${messages.unmappedAt(reason, at.sheet, at.headerRow, headerList(headers), ["resolved"], shown)}\n`,
    );
    return EXIT.usage;
  }
  return EXIT.ok;
}

/** sla-governance tickets: an export into the Tickets and Results sheets; exit 1 when a row was rejected. */
export async function ticketsCommand(given: ParsedArgs, io: Io): Promise<number> {
  if (optionValue(given, "save-mapping") !== undefined && !hasFlag(given, "dry-run"))
    throw new CliError(messages.saveMappingNeedsDryRun());
  // The sheet (--sheet, else the mapping file's; a CSV's noted unused) is set before the rest.
  const { args: sheetArgs, notes } = inputSheet(given, mappingSettings(given));
  const args = withMappingFile(sheetArgs);
  if (hasFlag(args, "dry-run")) {
    const { input, kind } = inputPaths(args, true);
    return withOpenedExport(args, input, kind, (opened) => ticketsPreview(args, io, input, kind, notes, opened));
  }
  const paths = inputPaths(given);
  refuseExisting(given, paths.out);
  return withOpenedExport(args, paths.input, paths.kind, (opened) => ticketsRun(args, io, paths, notes, opened));
}

/**
 * Runs `use` with the .xlsx export opened once when --accept-suggestions reads it twice (a
 * sample of its first rows decides the columns, then the run or the preview reads it all), so
 * its shared strings are read once; closed after. A CSV, or a single reading, opens its own.
 */
async function withOpenedExport<T>(
  args: ParsedArgs,
  input: string,
  kind: "csv" | "xlsx",
  use: (opened?: RowReader) => Promise<T>,
): Promise<T> {
  if (kind !== "xlsx" || !hasFlag(args, "accept-suggestions")) return use(undefined);
  const opened = await openExport(input);
  try {
    return await use(opened);
  } finally {
    opened.close();
  }
}

/** A tickets run (not a dry run): the export measured into the Tickets and Results sheets of `out`. */
async function ticketsRun(
  mapped: ParsedArgs,
  io: Io,
  paths: ReturnType<typeof inputPaths>,
  notes: readonly string[],
  opened?: RowReader,
): Promise<number> {
  const { input, kind, workbook, out } = paths;
  const args = hasFlag(mapped, "accept-suggestions") ? await acceptedArgs(mapped, input, kind, opened) : mapped;
  // One row per ticket (an Opened, Responded, Resolved or Closed column given): its columns are
  // checked with the headers, so a refusal names them (see columnsFor).
  const wide = wideOptions(args);
  const isWide = Object.keys(wide).length > 0;
  const defaultTarget = optionValue(args, "default-target");
  const measured = orUsage(
    measureOptions(
      {
        // A one-row-per-ticket export's rows become events in the states of src/tickets/wide.ts.
        start: isWide ? (optionValue(args, "start") ?? WIDE_STATES.opened) : listOption(args, "start", true),
        pause: isWide ? (optionValue(args, "pause") ?? "") : listOption(args, "pause", true),
        stop: isWide
          ? (optionValue(args, "stop") ?? [WIDE_STATES.resolved, WIDE_STATES.closed].join(","))
          : listOption(args, "stop", false),
        targets: defaultTarget !== undefined ? (optionValue(args, "targets") ?? "") : requiredValue(args, "targets"),
        // --default-target: the target of tickets without a priority (process logs have none).
        defaultTarget,
        services: optionValue(args, "services"),
        calendar: optionValue(args, "calendar"),
        holidays: holidaysOf(optionValue(args, "holidays"), optionValue(args, "date-order")),
        tz: optionValue(args, "tz"),
        dateOrder: optionValue(args, "date-order"),
        asOf: optionValue(args, "as-of"),
        olaTargets: optionValue(args, "ola-targets"),
        responseStates:
          optionValue(args, "response-states") ?? (wide.responded !== undefined ? WIDE_STATES.responded : undefined),
        responseTargets: optionValue(args, "response-targets"),
        responseServices: optionValue(args, "response-services"),
        respondOnGroupChange: hasFlag(args, "respond-on-group-change"),
      },
      CLI_SETTING_NAMES,
    ),
  );
  const options = measured;
  if (options.respondOnGroupChange && optionValue(args, "group") === undefined) {
    throw new CliError(messages.groupChangeNeedsGroup());
  }
  // Only Results is read (the run updates it); the other sheets are carried without being inflated.
  // (and Findings, which lists the cells the run cuts).
  const governed =
    workbook === undefined ? undefined : await openSheets(workbook, [TICKET_SHEETS.results, SHEETS.findings]);
  // The styles of the output, so the sheets' rows can be written as they are measured.
  const styles = stylesForWrite(governed);

  const tmp = tempDir("sla-tickets-");
  try {
    const run = await measureExport(args, io, input, kind, options, tmp.path, runEventsOf(), styles, opened);
    const results = resultsPlan(
      governed?.grid(TICKET_SHEETS.results),
      serviceResults([...run.results, ...run.responseResults]),
    );
    io.progress(`Writing ${out} ...`);
    const written = reportTextCuts(
      [
        await streamedPlan(TICKET_SHEETS.tickets, ticketsSheetHead(run.tickets), run.ticketSheet),
        results.plan,
        ...(run.grouped
          ? [await streamedPlan(TICKET_SHEETS.groups, groupTimeSheetHead(run.groupRows), run.groupSheet)]
          : []),
      ],
      governed?.grid(SHEETS.findings),
      run.cuts,
    );
    await writeWorkbook(governed, out, { styles, plans: written.plans, notice: ioNotice(io) });
    // The run's cuts and those of the Results rows it rewrote.
    const reported = { ...run, cuts: written.findings };
    if (hasFlag(args, "json")) io.stdout(jsonText({ ...ticketsJson(reported), ...notesJson(notes) }));
    else {
      io.stdout(ticketsText(reported, out, results.updated, results.appended));
      if (run.artificial) io.stdout(`${run.artificial} artificial START/END event(s) left out (no service state).\n`);
      io.stdout(notesText(notes));
    }
    if (run.rejectedCount) {
      io.stderr(`sla-governance: ${messages.rejectedRows(run.rejectedCount)}\n`);
      return EXIT.found;
    }
    return EXIT.ok;
  } finally {
    tmp.remove();
  }
}

/** Events kept in memory before the sort spills a run to disk (SLA_GOVERNANCE_RUN_EVENTS, for tests). */
function runEventsOf(): number {
  const given = Number(process.env.SLA_GOVERNANCE_RUN_EVENTS);
  return Number.isInteger(given) && given > 0 && given <= 1 << 21 ? given : 1_000_000;
}

/**
 * Events of an export listed by ticket measured at a time once its order is known (about 20,000
 * tickets of a one-row-per-ticket export: 10 MB of sheet XML, within the pieces zlib's threads
 * take at once, see cli/package/zip.ts).
 */
const GROUPED_BATCH = 1 << 16;

/** Sheet rows kept in memory before they spill to disk. */
const ROWS_IN_MEMORY = 10_000;

/** A measured export: totals in memory, the sheets' rows streamed back from disk. */
export interface TicketsRun extends MeterTotals {
  readonly events: number;
  readonly tickets: number;
  /** Tickets by clock state. */
  readonly states: Readonly<Record<ClockState, number>>;
  /** The first LISTED_AT_MOST rows that could not be read, by row. */
  readonly rejected: Rejected[];
  readonly rejectedCount: number;
  readonly grouped: boolean;
  readonly groupRows: number;
  readonly dateOrder: OrderInference;
  /** Artificial START/END events left out. */
  readonly artificial: number;
  /** Mapped columns in which merged cells hide values. */
  readonly mergedCells: MergedField[];
  /** Cells whose text was longer than a cell holds: cut to 32,767 characters and marked (src/cellText.ts). */
  readonly cutCells: number;
  /** A TEXT_CUT warning for each of them, naming its sheet and cell. */
  readonly cuts: Finding[];
  /** How the events reached the clock (see measureExport). */
  readonly eventOrder: EventOrder;
  /** Run files the sort wrote (0 unless sorted on disk). */
  readonly runs: number;
  /** The row at which an export that began grouped by ticket brought back a measured ticket (it was then read again, sorted); null otherwise. */
  readonly regrouped: Regrouped | null;
  /** The Tickets sheet's rows after its header: the breaching-soon ones first, then the others in order. */
  readonly ticketSheet: SheetRows;
  /** The Group Time sheet's rows after its header. */
  readonly groupSheet: SheetRows;
}

type PlainCell = string | number | boolean | null;

/**
 * A sheet's rows after its header: written as they were measured (`body`: one pass, the XML
 * deflated on zlib's threads while the export is read), or kept to be written after (`rows`:
 * with --as-of, whose breaching-soon tickets come first and are known only at the end).
 */
export type SheetRows = { readonly body: SheetBody } | { rows(): Iterable<readonly PlainCell[]> };

/** Where a run puts a sheet's rows as it measures them (each at its ticket's first place): a body, or a sorted row store. */
type RowSink = Pick<SortedRowStore, "push" | "count" | "close"> & { readonly body?: SheetBody };

/** A sheet body as a sink: rows written in the order they come (the run gives them in order). */
function bodySink(body: SheetBody): RowSink {
  return {
    body,
    push: (_order, cells) => body.push(cells),
    get count() {
      return body.count;
    },
    close: () => body.close(),
  };
}

/** A sheet of the run as the writer takes it, its rows after the head's header row. */
async function streamedPlan(name: string, head: SheetPlan, sheet: SheetRows): Promise<StreamedPlan> {
  return "body" in sheet ? { name, head, body: await sheet.body.finish() } : { name, head, rows: () => sheet.rows() };
}

/**
 * How a run's events reached the clock: all in one buffer ("in memory"), measured as they were
 * read because the export lists each ticket's events together ("grouped"), or sorted by ticket
 * on disk ("sorted").
 */
export type EventOrder = "in memory" | "grouped" | "sorted";

/**
 * Why a run measuring as it reads stopped and sorts instead: a measured ticket came back at a
 * row, a ticket had more events than one buffer holds, or the filter of measured tickets gave
 * more false alarms than are checked at a row (no comeback seen, only too many to tell).
 */
export type Regrouped = { readonly row: number; readonly why: "comeback" | "big ticket" | "unchecked" };

/** Thrown by a run measuring as it reads when it must sort instead: it reads again, sorting. */
class NotGrouped extends Error {
  constructor(readonly regrouped: Regrouped) {
    super(`${regrouped.why} at row ${regrouped.row}`);
  }
}

/**
 * Reads and measures an export in bounded memory. Rows are checked and interned as they are
 * read into a buffer of `runEvents` events. When the buffer first fills, its events tell how
 * the export is ordered (cheaply: whether each ticket's events are together): an export
 * grouped by ticket is then measured as it is read, each full buffer's tickets but the last
 * measured with a zone table over their own times, so only their keys are written to disk;
 * any other is sorted by ticket on disk (cli/ticketSort.ts) and measured as the merge hands
 * each ticket over. Should a ticket already measured come back later (an export grouped only
 * at its start), the export is read again and sorted. The sheets' rows are kept on disk beyond
 * ROWS_IN_MEMORY and put back in order of first appearance. Memory holds one buffer and its
 * keys, a filter of measured tickets of fixed size, and bounded totals; never the events nor
 * a table of every ticket. Cost: O(n log n) for n events (O(n) grouped); sorted, each event is written and
 * read once.
 */
export async function measureExport(
  args: ParsedArgs,
  io: Io,
  input: string,
  kind: "csv" | "xlsx",
  options: MeasureOptions,
  dir: string,
  runEvents: number,
  styles?: StyleRegistry,
  opened?: RowReader,
): Promise<TicketsRun> {
  const job: ExportJob = { args, io, input, kind, options, runEvents, styles, opened };
  /** One reading in a folder of its own; when it gives up with a `type` error, that is said, its folder removed, and the error returned. */
  const attempt = async <E extends Error>(
    name: string,
    way: Way,
    type: new (...args: never[]) => E,
    why: (e: E) => string,
  ): Promise<{ run: TicketsRun } | { gaveUp: E }> => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    try {
      return { run: await measureOnce(job, folder, way) };
    } catch (e) {
      if (!(e instanceof type)) throw e;
      fs.rmSync(folder, { recursive: true, force: true });
      io.progress(`${why(e)} Reading ${input} again ...`);
      return { gaveUp: e };
    }
  };
  if (takesDirectPath(args)) {
    const direct = await attempt("direct", "direct", NotOneRowPerTicket, messages.notOneRowAfterAll);
    if ("run" in direct) return direct.run;
  }
  const streamed = await attempt("1", "stream", NotGrouped, (e) => messages.notGroupedAfterAll(e.regrouped));
  if ("run" in streamed) return streamed.run;
  const again = path.join(dir, "2");
  fs.mkdirSync(again);
  const run = await measureOnce(job, again, "sorted");
  return { ...run, regrouped: streamed.gaveUp.regrouped };
}

/** What one reading of an export needs. */
interface ExportJob {
  readonly args: ParsedArgs;
  readonly io: Io;
  readonly input: string;
  readonly kind: "csv" | "xlsx";
  readonly options: MeasureOptions;
  readonly runEvents: number;
  /** The output's styles: the sheets' rows are then written as they are measured (unless --as-of). */
  readonly styles?: StyleRegistry;
  /** An .xlsx export already opened (see withOpenedExport): each reading uses it, none closes it. */
  readonly opened?: RowReader;
}

/**
 * True when a run takes the direct path first: a one-row-per-ticket export (--opened, ...)
 * without --group, unless SLA_GOVERNANCE_GENERAL_PATH=1 (for tests: the general path alone, to
 * compare the two).
 */
function takesDirectPath(args: ParsedArgs): boolean {
  return (
    Object.keys(wideOptions(args)).length > 0 &&
    optionValue(args, "group") === undefined &&
    process.env.SLA_GOVERNANCE_GENERAL_PATH !== "1"
  );
}

/**
 * How one reading of an export takes its events: "direct" (each ticket measured as soon as its
 * rows are read, no event buffer: see `adjacentTickets`; a run that cannot goes the general way
 * after), "stream" (the general path: buffered, measured as read when the export turns out
 * listed by ticket, else sorted) or "sorted" (the general path, sorted on disk).
 */
type Way = "direct" | "stream" | "sorted";

/** The span a direct run's zone table covers beyond the times it has met (tables are rebuilt rarely). */
const DIRECT_CLOCK_MARGIN = 366 * MS_PER_DAY;

/** One reading of an export into `dir`, the `way` given. */
async function measureOnce(job: ExportJob, dir: string, way: Way): Promise<TicketsRun> {
  const { args, io, input, kind, runEvents, options } = job;
  const mayStream = way === "stream";
  io.progress(`Reading ${input} ...`);
  let lo = Infinity;
  let hi = -Infinity;
  let grouped = false;
  let order = "in memory" as EventOrder;
  // Tickets measured while reading, so a comeback is caught: a filter of fixed size, and their
  // keys in a file to tell a real comeback from the filter's rare false alarm.
  const measured = measuredTickets(dir, fs.statSync(input).size);
  let lastKey: string | undefined;
  // The sheets' rows, made when the first ticket is measured (the order of the events is known
  // then). Written and deflated as measured (one pass) when they come in order of first
  // appearance and no breaching-soon ticket goes first (no --as-of); otherwise kept, and put
  // back in order of first appearance (a sorted run measures in key order).
  let sinks: { tickets: RowSink; groups: RowSink } | undefined;
  const sinksOf = () => {
    if (sinks) return sinks;
    const direct = job.styles !== undefined && options.asOf === undefined && order !== "sorted";
    const sink = (name: string, head: SheetPlan): RowSink =>
      direct
        ? bodySink(new SheetBody(head, job.styles!, head.cells.length + 1, path.join(dir, `${name}.deflated`)))
        : sortedRowStore(dir, name, ROWS_IN_MEMORY);
    return (sinks = { tickets: sink("tickets", ticketsSheetHead(0)), groups: sink("groups", groupTimeSheetHead(0)) });
  };
  const states: Record<ClockState, number> = { "Not started": 0, Running: 0, Paused: 0, Stopped: 0 };
  let cutCells = 0;
  // Cut cells of rows written as measured, at their sheet row (a kept sheet's are found after, in its final order).
  const cut = { tickets: [] as CutCell[], groups: [] as CutCell[] };
  const noteCuts = (sink: RowSink, cells: readonly PlainCell[], into: CutCell[]) => {
    const found = cutCellsOf([cells], sink.count + FIRST_BODY_ROW);
    cutCells += found.length;
    if (sink.body) into.push(...found);
  };
  let meter: StreamMeter | undefined;
  const meterOf = (clock: RunClock) =>
    (meter ??= streamMeter(options, clock, reader.priorities, reader.groups, grouped));
  /** Measures one ticket with a clock covering its times, its rows to the sheets. */
  const measureTicket = (batch: TicketBatch, clock: RunClock) => {
    const { row, groups } = meterOf(clock).add(batch.key, batch, clock);
    const { tickets: ticketRows, groups: groupRows } = sinksOf();
    states[row.state]++;
    const cells = ticketCells(row) as PlainCell[];
    if (cells.some(isCutText)) noteCuts(ticketRows, cells, cut.tickets);
    ticketRows.push(batch.first, cells);
    for (const g of groups) {
      const line = groupCells(g) as PlainCell[];
      if (line.some(isCutText)) noteCuts(groupRows, line, cut.groups);
      groupRows.push(batch.first, line);
    }
  };
  /** Measures the tickets of `batches`; `taken` (when given) hears each ticket's key first. */
  const measure = (batches: Iterable<TicketBatch>, clock: RunClock, taken?: (key: string) => void) => {
    for (const batch of batches) {
      taken?.(batch.key);
      measureTicket(batch, clock);
    }
  };
  // The direct path's clock: a zone table over the times met so far and a margin, made again
  // (wider) only when a ticket's times leave it (the figures are the same with any table
  // covering a ticket's times, see streamMeter).
  let directClock: RunClock | undefined;
  let clockLo = Infinity;
  let clockHi = -Infinity;
  const clockFor = (batch: TicketBatch): RunClock => {
    let a = Infinity;
    let b = -Infinity;
    for (let i = 0; i < batch.n; i++) {
      if (batch.times[i] < a) a = batch.times[i];
      if (batch.times[i] > b) b = batch.times[i];
    }
    if (directClock && a >= clockLo && b <= clockHi) return directClock;
    if (a < clockLo) clockLo = a - DIRECT_CLOCK_MARGIN;
    if (b > clockHi) clockHi = b + DIRECT_CLOCK_MARGIN;
    return (directClock = runClock(options, clockLo, clockHi));
  };
  // The direct path: each ticket measured as soon as the next one starts (no event buffer).
  const direct =
    way === "direct" ? adjacentTickets(runEvents, (batch) => measureTicket(batch, clockFor(batch))) : undefined;
  // The events after which the general path would say the export is listed by ticket (see below).
  const groupedAt = runEvents < GROUPED_BATCH ? runEvents + 1 : GROUPED_BATCH;
  // Events left in the buffer by the last batch measured (a ticket still being read).
  let batchedAt = 0;
  const noteMeasured = (key: string) => measured.add(key);
  /** Measures the buffer's tickets now (all but the one still being read, unless `all`). */
  const measureBuffer = (all: boolean) => {
    const span = sort.span();
    const clock = runClock(options, span.lo, span.hi);
    measure(sort.drain(!all), clock, noteMeasured);
    batchedAt = sort.buffered;
  };
  const sort = eventSort(dir, runEvents, () => {
    if (order === "in memory") order = mayStream && sort.ordered() ? "grouped" : "sorted";
    if (order !== "grouped") return false;
    measureBuffer(false);
    // One ticket with more events than the buffer holds: sorted instead.
    if (sort.buffered === runEvents) throw new NotGrouped({ row: 0, why: "big ticket" });
    return true;
  });
  // Rows whose day/month order waits for the whole column: beyond ROWS_IN_MEMORY, in a file
  // (the direct path cannot wait: such a row sends the run the general way).
  const undecided = way === "direct" ? undecidedRefused() : rowStore(dir, "undecided", ROWS_IN_MEMORY);
  const reader = eventReader(
    options,
    (key, row, ms, local, code, priority, group, hold) => {
      if (direct) {
        // (No span kept: each ticket's clock covers its own times, see clockFor.)
        direct.push(key, row, ms, local, code, priority, hold);
        // Said as the general path says it (eventOrder): the export is as listed by ticket there.
        if (order === "in memory" && direct.size === groupedAt) order = "grouped";
        return;
      }
      if (order === "grouped" && key !== lastKey && measured.has(key)) {
        throw new NotGrouped({ row, why: measured.unchecked() ? "unchecked" : "comeback" });
      }
      if (ms < lo) lo = ms;
      if (ms > hi) hi = ms;
      if (group !== undefined) grouped = true;
      lastKey = key;
      sort.push(key, row, ms, local, code, priority, group ?? -1, hold);
      // An export whose first GROUPED_BATCH events list each ticket's events together is taken
      // as listed by ticket from there (a ticket coming back later reads it again, sorted, as
      // after a full buffer); one whose first events do not waits for the full buffer, as before.
      if (order === "in memory" && mayStream && sort.size === GROUPED_BATCH && sort.runs === 0 && sort.ordered()) {
        order = "grouped";
      }
      // Once the export is known to be listed by ticket, its tickets are measured a batch at a
      // time, not a full buffer at a time: the event loop turns between batches, so zlib's
      // threads hand back the rows they deflated and the next ones go to them, not to this thread.
      if (order === "grouped" && sort.buffered >= batchedAt + GROUPED_BATCH) measureBuffer(false);
    },
    undecided,
  );
  const seen: Seen = {
    headers: [],
    columns: {},
    merged: [],
    states: new Set(),
    artificial: 0,
    holdRejected: firstOf(LISTED_AT_MOST, (a, b) => a.row - b.row),
  };
  // START/END are left out unless a state list names them.
  const lists = ["start", "pause", "stop"].map((n) => optionValue(args, n) ?? "").join(",");
  const keep = lists.split(",").some((w) => isArtificialEvent(w));
  try {
    if (kind === "csv") await readCsv(args, input, reader, seen, keep);
    else await readXlsx(args, input, reader, seen, keep, job.opened);
    const dateOrder = reader.settle();
    undecided.close();
    const settled = settleDateOrder(dateOrder, ticketMessages.timeColumn());
    if ("refusal" in settled) throw new CliError(settled.refusal);
    const isWide = Object.keys(wideOptions(args)).length > 0;
    const start = optionValue(args, "start") ?? "";

    io.progress("Running the clock ...");
    if (direct) direct.finish();
    else if (order === "grouped") measureBuffer(true);
    else measure(sort.tickets(), runClock(options, lo, hi));
    const { tickets: ticketRows, groups: groupRows } = sinksOf();
    checkShape(
      { events: direct?.size ?? sort.size, tickets: ticketRows.count, notStarted: states["Not started"] },
      seen,
      isWide,
      start,
    );
    const totals = (meter ?? meterOf(runClock(options, lo, hi))).finish();
    const sheets = sheetRows(totals.breachingSoonRows, new Set(totals.breachingSoon), ticketRows, groupRows);
    return {
      ...totals,
      events: direct?.size ?? sort.size,
      tickets: ticketRows.count,
      states,
      rejected: seen.holdRejected.count
        ? [...reader.rejected, ...seen.holdRejected.list()].sort((a, b) => a.row - b.row).slice(0, LISTED_AT_MOST)
        : reader.rejected,
      rejectedCount: reader.rejectedCount + seen.holdRejected.count,
      grouped,
      groupRows: groupRows.count,
      dateOrder,
      artificial: seen.artificial,
      mergedCells: seen.merged,
      cutCells,
      cuts: cutCells ? sheetCuts(sheets, cut) : [],
      eventOrder: order,
      runs: sort.runs,
      regrouped: null,
      ...sheets,
    };
  } catch (e) {
    sinks?.tickets.close();
    sinks?.groups.close();
    undecided.close();
    throw e;
  } finally {
    measured.close();
  }
}

/** The sheet row of the first row after a streamed sheet's header. */
const FIRST_BODY_ROW = ticketsSheetHead(0).cells.length + 1;

/**
 * The TEXT_CUT warnings of a run's two sheets: those of rows written as measured noted then
 * (`cut`), those of kept rows found by reading them once more in the order they are written
 * (only when a cell was cut, so an ordinary run never pays for it).
 */
function sheetCuts(
  sheets: Pick<TicketsRun, "ticketSheet" | "groupSheet">,
  cut: { tickets: CutCell[]; groups: CutCell[] },
): Finding[] {
  const cellsOf = (sheet: SheetRows, noted: CutCell[]) =>
    "body" in sheet ? noted : cutCellsOf(sheet.rows(), FIRST_BODY_ROW);
  return [
    ...cutCellFindings(TICKET_SHEETS.tickets, cellsOf(sheets.ticketSheet, cut.tickets)),
    ...cutCellFindings(TICKET_SHEETS.groups, cellsOf(sheets.groupSheet, cut.groups)),
  ];
}

/**
 * The streamed sheets' rows, in a scope of their own: the generators keep only the row stores
 * alive while the workbook is written, not the reader's ticket keys or the sort's buffer.
 */
function sheetRows(
  soon: readonly TicketRow[],
  listedFirst: ReadonlySet<number>,
  tickets: RowSink,
  groups: RowSink,
): Pick<TicketsRun, "ticketSheet" | "groupSheet"> {
  // Rows written as measured have no breaching-soon ticket to put first (no --as-of).
  if (tickets.body && groups.body) return { ticketSheet: { body: tickets.body }, groupSheet: { body: groups.body } };
  const [ticketStore, groupStore] = [tickets as SortedRowStore, groups as SortedRowStore];
  return {
    ticketSheet: {
      *rows() {
        for (const row of soon) yield ticketCells(row) as PlainCell[];
        for (const { order, cells } of ticketStore.rows()) if (!listedFirst.has(order)) yield cells;
      },
    },
    groupSheet: {
      *rows() {
        for (const { cells } of groupStore.rows()) yield cells;
      },
    },
  };
}

/** A spool of the direct path: a row whose day/month order is undecided sends the run the general way. */
function undecidedRefused(): RowSpool & { close(): void } {
  return {
    push: (cells) => {
      throw new NotOneRowPerTicket("day/month", Number(cells[0]));
    },
    rows: () => [],
    close: () => undefined,
  };
}

/** How many false alarms of the filter a run checks against the file before it sorts instead. */
const FALSE_ALARMS_CHECKED = 16;

/**
 * The tickets a run measuring as it reads has measured, in memory that does not grow with
 * them: a filter of up to 64 MB sized by the export (at most 4 bits a byte of it, about 400
 * bits a ticket of a usual export) answers at once for nearly every ticket; when it says
 * "measured", the keys written to `dir/measured.jsonl` tell a real comeback from a false alarm
 * (after `alarmsChecked` false alarms, FALSE_ALARMS_CHECKED for a run, it stops checking and the run sorts the export:
 * correct, only slower). Cost: one key written a ticket; one read of the file a real alarm.
 */
function measuredTickets(dir: string, bytes: number, alarmsChecked = FALSE_ALARMS_CHECKED) {
  // SLA_GOVERNANCE_FILTER_BITS (for tests): a tiny filter, whose alarms are nearly all false.
  const given = Number(process.env.SLA_GOVERNANCE_FILTER_BITS);
  const sized = 2 ** Math.min(29, Math.max(16, Math.ceil(Math.log2(Math.max(1, bytes) * 4))));
  const bits = Number.isInteger(Math.log2(given)) && given >= 32 && given <= sized ? given : sized;
  const filter = textFilter(bits);
  const file = path.join(dir, "measured.jsonl");
  const keys = appender(file);
  let falseAlarms = 0;
  return {
    add(key: string) {
      filter.add(key);
      keys.write(JSON.stringify(key) + "\n");
    },
    /** True when the ticket was measured (or the filter's false alarms are too many to check). */
    has(key: string): boolean {
      if (!filter.mayHave(key)) return false;
      if (falseAlarms >= alarmsChecked) return true;
      keys.flush();
      if (!fs.existsSync(file)) return false;
      const line = JSON.stringify(key);
      for (const written of textLines(file)) if (written === line) return true;
      falseAlarms++;
      return false;
    },
    /** True once the false alarms are too many to check: a "measured" may then be one. */
    unchecked: () => falseAlarms >= alarmsChecked,
    close: () => keys.close(),
  };
}

/** The run for people: counts, the monthly results, the first rejected rows, the untargeted priorities. */
export function ticketsText(outcome: TicketsRun, out: string, updated: number, appended: number): string {
  const count = (state: ClockState) => outcome.states[state];
  const lines = [
    `Read ${outcome.events} event(s) of ${outcome.tickets} ticket(s); ` +
      `${count("Stopped")} stopped, ${outcome.running} running or paused, ${count("Not started")} not started.`,
    `Wrote ${TICKET_SHEETS.tickets} (${outcome.tickets} rows) and ${TICKET_SHEETS.results} ` +
      `(${updated} updated, ${appended} appended) to ${out}.`,
  ];
  const order = orderNote(outcome.dateOrder);
  if (order) lines.push(`Dates read as ${order}.`);
  if (outcome.eventOrder === "grouped") {
    lines.push("Events listed by ticket: measured as they were read, nothing sorted on disk.");
  } else if (outcome.eventOrder === "sorted") {
    const why = outcome.regrouped === null ? "" : ` (${messages.notGroupedAfterAll(outcome.regrouped)})`;
    lines.push(`Events not listed by ticket: sorted by ticket on disk in ${outcome.runs} run(s)${why}.`);
  }
  let text = lines.join("\n") + "\n";
  if (outcome.results.length) {
    text += resultTable(outcome.results);
  } else text += "No stopped ticket with a target: no results.\n";
  if (outcome.responseResults.length) {
    text += "Response:\n" + resultTable(outcome.responseResults);
  }
  if (outcome.grouped) text += `Wrote ${TICKET_SHEETS.groups} (${outcome.groupRows} rows: one per ticket and group).\n`;
  if (outcome.breachingSoonCount) {
    const shown = outcome.breachingSoonRows.slice(0, 10).map((t) => `${t.ticket} (${t.warning})`);
    const more =
      outcome.breachingSoonCount > shown.length ? `, ... and ${outcome.breachingSoonCount - shown.length} more` : "";
    text +=
      `${outcome.breachingSoonCount} ticket(s) running at 75% of the target or more, ` +
      `${ticketMessages.soonListed(outcome.breachingSoonCount, outcome.breachingSoon.length)} on ` +
      `${TICKET_SHEETS.tickets}: ${shown.join(", ")}${more}.\n`;
  }
  if (outcome.untargetedCount) {
    text += messages.untargetedTickets(outcome.untargetedCount, outcome.untargetedByPriority) + "\n";
  }
  text += cutText(outcome.cuts);
  if (outcome.mergedCells.length) text += `Warning: ${importMessages.mergedCells(outcome.mergedCells)}\n`;
  if (outcome.rejectedCount) {
    const shown = outcome.rejected.slice(0, 10);
    text += `${outcome.rejectedCount} row(s) rejected:\n`;
    text += shown.map((r) => `  row ${r.row}: ${r.reason}`).join("\n") + "\n";
    if (outcome.rejectedCount > shown.length) {
      text += `  ... and ${outcome.rejectedCount - shown.length} more (see --json).\n`;
    }
  }
  return text;
}

/** Monthly results as a table for people. */
function resultTable(results: readonly PeriodResult[]): string {
  return renderTable(
    ["Period", "Priority", "Service", "Measured", "Met", "Attainment"],
    results.map((r) => [
      r.period,
      r.priority,
      r.service ?? "",
      String(r.measured),
      String(r.met),
      `${(r.attainment * 100).toFixed(1)}%`,
    ]),
    { align: ["left", "left", "left", "right", "right", "right"] },
  );
}
