/**
 * From a service desk's export to measured tickets and monthly results: rows are read one
 * by one (a million rows never exist as objects), every row that cannot be read is kept with
 * its reason, and the clock runs on the whole history at the end.
 */
import { Calendar } from "../calendar/compile";
import { MS_PER_HOUR } from "../calendar/instant";
import { MS_PER_DAY, serialFromEpochMs } from "../serial";
import {
  ClockState,
  Reading,
  TicketClock,
  TicketEvents,
  clockReach,
  groupEvents,
  orderOneTicket,
  runClocks,
} from "./clock";
import { keyTable } from "../texts";
import { HoldingEvent, holdingTimes } from "./groups";
import { firstGroupChange, responseClock } from "./response";
import { StateLists, stateCode, stateKey } from "./states";
import { DateOrder, ParsedTime, isTimeProblem } from "./times";
import { OrderInference, isUndecided, orderTally, readTimeCell, settleDateOrder } from "../import/dates";
import { ZoneTable, instantOf, wallOf, zoneTable, zonedReading } from "./zone";
import { ticketMessages } from "../errors";
import { FirstOf, LISTED_AT_MOST, firstOf } from "../bounded";

/** How to measure an export. */
export interface MeasureOptions {
  readonly calendar: Calendar;
  /** An IANA zone already checked with `isKnownZone`. */
  readonly zone: string;
  readonly states: StateLists;
  /** Target business hours by folded priority (`stateKey`). */
  readonly targets: ReadonlyMap<string, number>;
  /** Service ID by folded priority. */
  readonly services: ReadonlyMap<string, string>;
  readonly dateOrder?: DateOrder;
  /** Count running tickets up to this time (a local time unless it has an offset). */
  readonly asOf?: ParsedTime;
  /** OLA target business hours by folded assignment group (`stateKey`). */
  readonly olaTargets?: ReadonlyMap<string, number>;
  /** Response target business hours by folded priority. */
  readonly responseTargets?: ReadonlyMap<string, number>;
  /** Response service ID by folded priority (Results rows of the response service levels). */
  readonly responseServices?: ReadonlyMap<string, string>;
  /** The first change of assignment group answers a ticket (see `firstGroupChange`). */
  readonly respondOnGroupChange?: boolean;
}

/** A running ticket's share of its target as of the run: 50%, 75% (ServiceNow's thresholds) or Breached. */
export type Warning = "50%" | "75%" | "Breached";

/** A row that could not be read. */
export interface Rejected {
  /** The row as the user sees it: the sheet row, or the CSV record counting the header as 1. */
  readonly row: number;
  readonly reason: string;
}

/** One measured ticket: a row of the Tickets sheet. Times are local serials in the run's zone. */
export interface TicketRow {
  readonly ticket: string;
  readonly priority: string;
  readonly service: string | null;
  readonly started: number | null;
  readonly stopped: number | null;
  readonly businessHours: number;
  readonly pausedHours: number;
  readonly targetHours: number | null;
  /** Business hours at most the target, once stopped; null while not stopped or without a target. */
  readonly met: boolean | null;
  readonly state: ClockState;
  /** The first day (serial) of the month of the stop, or null. */
  readonly period: number | null;
  /** How many times the priority changed during the ticket (the target is the one at the stop). */
  readonly priorityChanges: number;
  /** Local serial of the instant the business time reached the target, for a ticket over it (stopped or not). */
  readonly breachedAt: number | null;
  /** For a ticket running or paused as of `--as-of`: its share of the target; null otherwise. */
  readonly warning: Warning | null;
  /** Local serial of the event that answered the ticket; null when not answered or without response states. */
  readonly responded: number | null;
  /** Business hours up to the answer (so far, while not answered); null without response states. */
  readonly responseHours: number | null;
  readonly responseTargetHours: number | null;
  /** Response hours at most the response target, once answered. */
  readonly responseMet: boolean | null;
}

/** One assignment group's hold of one ticket: a row of the Group Time sheet. */
export interface GroupRow {
  readonly ticket: string;
  readonly group: string;
  /** Local serial of the event that first gave the group the ticket. */
  readonly from: number;
  readonly heldHours: number;
  readonly pausedHours: number;
  /** How many times the group got the ticket. */
  readonly spells: number;
  readonly targetHours: number | null;
  /** Held at most the target; null while the group holds a running ticket within its target, or without a target. */
  readonly met: boolean | null;
}

/** Stopped tickets of one priority in one month. */
export interface PeriodResult {
  /** `YYYY-MM`. */
  readonly period: string;
  /** First day of the month as a serial. */
  readonly periodSerial: number;
  readonly priority: string;
  readonly service: string | null;
  readonly measured: number;
  readonly met: number;
  readonly attainment: number;
}

/** Everything an export gives. */
export interface TicketsOutcome extends MeterTotals {
  /** Events read. */
  readonly events: number;
  readonly tickets: TicketRow[];
  /** The first LISTED_AT_MOST rows that could not be read, by row (`rejectedCount` counts them all). */
  readonly rejected: Rejected[];
  readonly rejectedCount: number;
  /** Rows of the Group Time sheet (empty without a group column). */
  readonly groups: GroupRow[];
  /** True when a group column was read. */
  readonly grouped: boolean;
  /**
   * How day/month times were read: given, inferred from the column, or refused (ambiguous or
   * contradictory: their rows are rejected naming --date-order); "none" when there were none.
   */
  readonly dateOrder: OrderInference;
}

function isBlankCell(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function text(value: unknown): string {
  return isBlankCell(value) ? "" : String(value).trim();
}

/** Serial of a local wall time (epoch ms read as UTC). */
const serialOfWall = serialFromEpochMs;

/** `YYYY-MM` and the first-day serial of the month of a local wall time. */
function monthOf(wall: number): { label: string; serial: number } {
  const d = new Date(wall);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return { label: new Date(first).toISOString().slice(0, 7), serial: serialOfWall(first) };
}

/** monthOf, computed once a day of the run (many tickets stop on the same day). */
function monthsByDay(): (wall: number) => { label: string; serial: number } {
  const byDay = new Map<number, { label: string; serial: number }>();
  return (wall) => {
    const day = Math.floor(wall / MS_PER_DAY);
    let month = byDay.get(day);
    if (!month) {
      month = monthOf(wall);
      byDay.set(day, month);
    }
    return month;
  };
}

/** Collects an export's rows; `finish` measures them. */
export interface HistoryBuilder {
  /**
   * Adds one row. `group` is the assignment group's cell, or undefined when the export has no
   * group column (blank cells keep the ticket's group). A row blank in all four fields is skipped (a trailing blank line); any other
   * row either becomes an event or is rejected with its reasons.
   * @param row - The row number to report.
   * @param hold - Hours the ticket spent on hold, by this row (a one-row-per-ticket export's
   *   --on-hold-hours): given with each event of the row, counted once a row, taken off the
   *   ticket's business hours (never below 0) and counted as paused.
   */
  add(
    row: number,
    ticket: unknown,
    time: unknown,
    state: unknown,
    priority: unknown,
    group?: unknown,
    hold?: number,
  ): void;
  /** Measures the history. Cost: O(n log t) for n events, plus the zone table. */
  finish(): TicketsOutcome;
}

/**
 * A builder for one export.
 * @param options - Calendar, zone, states, targets and services.
 * @returns The builder.
 * @example
 * const b = historyBuilder(options);
 * b.add(2, "INC1", "2024-03-04 09:00", "New", "P1");
 * b.add(3, "INC1", "2024-03-04 11:00", "Resolved", "P1");
 * b.finish().tickets[0].businessHours // => 2 (24x7, New starts, Resolved stops)
 */
export function historyBuilder(options: MeasureOptions): HistoryBuilder {
  const ticketOf: number[] = [];
  const times: number[] = [];
  const local: boolean[] = [];
  const codes: number[] = [];
  const priorityOf: number[] = [];
  const groupOf: number[] = [];
  const index = keyTable();
  // Hours on hold by ticket index, each row's counted once.
  const holds = new Map<number, number>();
  const holdRows = new Set<string>();
  let anyLocal = false;
  const reader = eventReader(options, (key, row, ms, isLocal, code, priority, group, hold) => {
    const ticket = index.indexOf(key);
    if (hold > 0 && !holdRows.has(`${ticket}:${row}`)) {
      holdRows.add(`${ticket}:${row}`);
      holds.set(ticket, (holds.get(ticket) ?? 0) + hold);
    }
    ticketOf.push(ticket);
    times.push(ms);
    local.push(isLocal);
    anyLocal ||= isLocal;
    codes.push(code);
    priorityOf.push(priority);
    if (group !== undefined) groupOf.push(group);
  });
  return {
    add: reader.add,
    finish() {
      const dateOrder = reader.settle();
      return measure(options, dateOrder, {
        keys: Array.from({ length: index.size }, (_, i) => index.keyAt(i)),
        holds,
        ticketOf,
        times,
        local,
        anyLocal,
        codes,
        priorityOf,
        priorities: reader.priorities,
        groupOf,
        groups: reader.groups,
        rejected: reader.rejected,
        rejectedCount: reader.rejectedCount,
      });
    },
  };
}

/**
 * Where the reader hands each accepted event: its ticket's key (the trimmed text), the row, the
 * time (epoch ms, `local` when a wall time of the run's zone), the state code, the priority
 * and group ids (-1 blank; group undefined without a group column), and the hours on hold of
 * its row (0 for none).
 */
export type EventSink = (
  ticket: string,
  row: number,
  ms: number,
  local: boolean,
  code: number,
  priority: number,
  group: number | undefined,
  hold: number,
) => void;

/** The front half of a run: rows checked, times read, texts interned, events handed on. */
export interface EventReader {
  /** As `HistoryBuilder.add`. */
  add: HistoryBuilder["add"];
  /**
   * Hands on the rows whose day/month order waited for the whole column (in row order, after
   * the others), and says how the order was read. Call once, after the last `add`.
   */
  settle(): OrderInference;
  readonly priorities: string[];
  readonly groups: string[];
  /** The first LISTED_AT_MOST rows that could not be read, by row. */
  readonly rejected: Rejected[];
  /** All the rows that could not be read. */
  readonly rejectedCount: number;
}

/** A plain cell value, as a spool keeps it. */
export type SpooledCell = string | number | boolean | null;

/**
 * Where rows wait that the reader cannot hand on yet (day/month times before the column has
 * settled their order): in memory by default; a command line run gives one that spills to a
 * temporary file, so a large export without --date-order still reads in bounded memory.
 */
export interface RowSpool {
  push(cells: readonly SpooledCell[]): void;
  /** The rows in push order. */
  rows(): Iterable<readonly SpooledCell[]>;
}

/** A spool in memory. */
function memorySpool(): RowSpool {
  const rows: (readonly SpooledCell[])[] = [];
  return { push: (cells) => void rows.push(cells), rows: () => rows };
}

/** A parsed time as two spooled cells: [ms, local] or [null, reason]. */
function spoolTime(t: ParsedTime | { reason: string }): [SpooledCell, SpooledCell] {
  return isTimeProblem(t) ? [null, t.reason] : [t.ms, t.local];
}

function unspoolTime(ms: SpooledCell, second: SpooledCell): ParsedTime | { reason: string } {
  return ms === null ? { reason: String(second) } : { ms: Number(ms), local: second === true };
}

/**
 * Reads rows into events for a sink: the checks, the one date reader and the interning of
 * states, priorities and groups every run shares (in memory, or spilled to disk and sorted by
 * ticket); ticket keys are handed on as text, for the sink to keep or not. Cost: O(1) a row; the
 * rows whose day/month order is undecided wait in `spool` until `settle` (a file, for a large
 * export). Rejected rows are counted; the first LISTED_AT_MOST are kept.
 * @param spool - Where undecided rows wait (in memory unless given).
 * @example eventReader(options, (t, row, ms) => console.log(t, row, ms)).add(2, "INC1", "2024-03-04 09:00", "New", "P1")
 */
export function eventReader(options: MeasureOptions, sink: EventSink, spool: RowSpool = memorySpool()): EventReader {
  const priorities: string[] = [];
  const priorityIds = new Map<string, number>();
  const groups: string[] = [];
  const groupIds = new Map<string, number>();
  const rejected: FirstOf<Rejected> = firstOf(LISTED_AT_MOST, (a, b) => a.row - b.row);
  // An export spells a few states many times: each spelling is folded and looked up once.
  const codeOf = new Map<string, number>();
  const tally = orderTally(options.dateOrder);
  // Day/month times wait for the whole column to settle their order (spooled in row order, as
  // plain cells: row, ticket, both readings, state, priority, group or false without a group
  // column, hours on hold).
  let undecided = 0;
  // The last ticket and priority cells read and what they gave: a row's events share them (a
  // one-row-per-ticket export's three or four), and an export's rows repeat priorities.
  let lastTicket: unknown = undefined;
  let lastKey = "";
  let lastPriority: unknown = undefined;
  let lastPriorityId = -1;
  /** A ticket cell's key (its trimmed text; "" for a blank cell), read once for a row's events. */
  const keyOf = (ticket: unknown): string => {
    if (ticket !== lastTicket) {
      lastTicket = ticket;
      lastKey = text(ticket);
    }
    return lastKey;
  };

  const accept = (
    row: number,
    ticket: unknown,
    parsed: ParsedTime | { reason: string },
    state: unknown,
    priority: unknown,
    group: unknown,
    hold: number,
  ) => {
    const blankTicket = keyOf(ticket) === "";
    const blankState = isBlankCell(state);
    if (blankTicket || blankState || isTimeProblem(parsed)) {
      const reasons: string[] = [];
      if (blankTicket) reasons.push(ticketMessages.blankTicket());
      if (isTimeProblem(parsed)) reasons.push(parsed.reason);
      if (blankState) reasons.push(ticketMessages.blankState());
      rejected.add({ row, reason: reasons.join(" ") });
      return;
    }
    const raw = String(state);
    let code = codeOf.get(raw);
    if (code === undefined) {
      code = stateCode(options.states, raw);
      codeOf.set(raw, code);
    }
    if (priority !== lastPriority) {
      lastPriority = priority;
      lastPriorityId = idOf(text(priority), priorities, priorityIds);
    }
    sink(
      lastKey,
      row,
      parsed.ms,
      parsed.local,
      code,
      lastPriorityId,
      group === undefined ? undefined : idOf(text(group), groups, groupIds),
      hold,
    );
  };

  return {
    add(row, ticket, time, state, priority, group, hold = 0) {
      if (keyOf(ticket) === "" && isBlankCell(state) && isBlankCell(time) && isBlankCell(priority)) return;
      const read = readTimeCell(time, options.dateOrder);
      if (isUndecided(read)) {
        tally.add(read);
        undecided++;
        // Texts as accept reads them: a blank stays blank, a number its text.
        const g = group === undefined ? false : text(group);
        const cells = [
          row,
          text(ticket),
          ...spoolTime(read.dmy),
          ...spoolTime(read.mdy),
          text(state),
          text(priority),
          g,
        ];
        spool.push([...cells, hold]);
      } else accept(row, ticket, read, state, priority, group, hold);
    },
    settle() {
      const dateOrder = tally.result();
      if (undecided) {
        const settled = settleDateOrder(dateOrder, ticketMessages.timeColumn());
        const mdy = "order" in settled && settled.order === "MDY";
        for (const u of spool.rows()) {
          const parsed =
            "refusal" in settled
              ? { reason: settled.refusal }
              : mdy
                ? unspoolTime(u[4], u[5])
                : unspoolTime(u[2], u[3]);
          accept(Number(u[0]), u[1], parsed, u[6], u[7], u[8] === false ? undefined : u[8], Number(u[9]));
        }
        undecided = 0;
      }
      return dateOrder;
    },
    priorities,
    groups,
    get rejected() {
      return rejected.list();
    },
    get rejectedCount() {
      return rejected.count;
    },
  };
}

interface Collected {
  keys: string[];
  /** Hours on hold by ticket index. */
  holds: ReadonlyMap<number, number>;
  ticketOf: number[];
  times: number[];
  local: boolean[];
  anyLocal: boolean;
  codes: number[];
  priorityOf: number[];
  priorities: string[];
  /** Group id per event (-1 blank); empty when the export has no group column. */
  groupOf: number[];
  groups: string[];
  rejected: Rejected[];
  rejectedCount: number;
}

/** The id of a text in a table of distinct texts, adding it when new; -1 for blank. */
function idOf(value: string, texts: string[], ids: Map<string, number>): number {
  if (value === "") return -1;
  let id = ids.get(value);
  if (id === undefined) {
    id = texts.length;
    texts.push(value);
    ids.set(value, id);
  }
  return id;
}

/** Stopped tickets of one priority in one month, counted as they come. */
type Counted = { period: string; periodSerial: number; priority: string; measured: number; met: number };
/** Measured tickets of one priority (folded) in one month, by `month\u0000priority`. */
type Tally = Map<string, Counted>;

/**
 * Counts a ticket in its month and priority (the priority folded: "P1" and " p1" are one). The
 * count of a month and a priority as written is looked up in `seen` first, so no key is made
 * for a ticket whose month and spelling came before. Cost: two lookups by number and text.
 */
function count(
  tally: Tally,
  seen: Map<number, Map<string, Counted>>,
  month: { label: string; serial: number },
  priority: string,
  met: boolean,
): void {
  let spelled = seen.get(month.serial);
  if (!spelled) seen.set(month.serial, (spelled = new Map()));
  let r = spelled.get(priority);
  if (!r) {
    const k = `${month.label}\u0000${stateKey(priority)}`;
    r = tally.get(k);
    if (!r) {
      r = { period: month.label, periodSerial: month.serial, priority, measured: 0, met: 0 };
      tally.set(k, r);
    }
    spelled.set(priority, r);
  }
  r.measured++;
  if (met) r.met++;
}

/** The tally as results, by month then priority, with each priority's service. */
function resultsOf(tally: Tally, services: ReadonlyMap<string, string>): PeriodResult[] {
  return [...tally.values()]
    .sort((a, b) => a.periodSerial - b.periodSerial || (a.priority < b.priority ? -1 : a.priority > b.priority ? 1 : 0))
    .map((r) => ({ ...r, service: services.get(stateKey(r.priority)) ?? null, attainment: r.met / r.measured }));
}

/** The local serial of an instant in a zone table's zone, or null. */
function localSerialOf(table: ZoneTable, instant: number | null): number | null {
  return instant === null ? null : serialOfWall(wallOf(table, instant));
}

/** The Group Time rows of a ticket of an export without groups (none; shared, never changed). */
const NO_GROUPS: GroupRow[] = [];

/** The warning of a running ticket: thresholds compared in whole milliseconds, so 75% is 75% exactly. */
function warningOf(businessMs: number, targetMs: number): Warning | null {
  if (businessMs > targetMs) return "Breached";
  if (businessMs * 4 >= targetMs * 3 && targetMs > 0) return "75%";
  if (businessMs * 2 >= targetMs && targetMs > 0) return "50%";
  return null;
}

/** The zone table, business clock and as-of instant of a run whose times span [lo, hi] (epoch ms; empty when lo > hi). */
export interface RunClock {
  readonly table: ZoneTable;
  readonly reading: Reading;
  /** The as-of instant, or undefined. */
  readonly asOf: number | undefined;
}

/**
 * The zone table and business clock for a run over times in [lo, hi], as-of included. Cost:
 * one zone lookup a day of the span (see `zoneTable`).
 * @example runClock(options, Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31)).asOf // => undefined without --as-of
 */
export function runClock(options: MeasureOptions, lo: number, hi: number): RunClock {
  if (options.asOf) {
    lo = Math.min(lo, options.asOf.ms);
    hi = Math.max(hi, options.asOf.ms);
  }
  const table: ZoneTable = lo <= hi ? zoneTable(options.zone, lo, hi) : { name: "UTC", transitions: [], offsets: [0] };
  const asOf = options.asOf && (options.asOf.local ? instantOf(table, options.asOf.ms) : options.asOf.ms);
  return { table, reading: zonedReading(options.calendar, table), asOf };
}

/** One ticket's events for the meter: positions `order[from..to)` in time order, with their ids. */
export interface MeteredEvents extends TicketEvents {
  /** Priority id per event (-1 blank), into the run's priority texts. */
  readonly priorityOf: ArrayLike<number>;
  /** Group id per event (-1 blank), into the run's group texts; ignored without groups. */
  readonly groupOf: ArrayLike<number>;
}

/**
 * What a run adds up over its tickets, once they are all measured: counts and bounded lists
 * only, so a run of millions of tickets holds none of them here.
 */
export interface MeterTotals {
  readonly results: PeriodResult[];
  /** Response attainment per month (of the answer) and priority, when response states are given. */
  readonly responseResults: PeriodResult[];
  /** Tickets running or paused at the end. */
  readonly running: number;
  /** The first LISTED_AT_MOST tickets whose priority has no target: reported, not guessed. */
  readonly untargeted: { ticket: string; priority: string }[];
  /** All the tickets whose priority has no target. */
  readonly untargetedCount: number;
  /** Untargeted tickets by priority (as first written), in order of first appearance. */
  readonly untargetedByPriority: { priority: string; tickets: number }[];
  /**
   * The orders given to `add` (by default output positions) of the LISTED_AT_MOST tickets
   * running or paused at 75% of their target or more that consumed the most of it, most
   * consumed first.
   */
  readonly breachingSoon: number[];
  /** Their rows, in the same order. */
  readonly breachingSoonRows: TicketRow[];
  /** All the tickets running or paused at 75% of their target or more. */
  readonly breachingSoonCount: number;
}

/** Measures tickets one by one (in memory or streamed alike) and adds up their results. */
export interface TicketMeter {
  /**
   * Measures one ticket from its events and its clock (`runClocks`).
   * @param run - A clock covering the ticket's times, when not the meter's.
   * @param order - The ticket's place in the output (its first appearance; by default the
   *   number of tickets added before it): the lists are kept in this order.
   * @param holdHours - Hours on hold to take off its business hours (see `HistoryBuilder.add`).
   * @returns Its Tickets row and its Group Time rows (none without groups).
   */
  add(
    key: string,
    events: MeteredEvents,
    clock: TicketClock,
    run?: RunClock,
    order?: number,
    holdHours?: number,
  ): { row: TicketRow; groups: GroupRow[] };
  finish(): MeterTotals;
}

/**
 * A meter for one run: the per-ticket half of the ticket clock, shared by the in-memory run and
 * the streamed one so that both give the same figures. Cost: O(events) per ticket, plus a
 * bisection for each breached ticket.
 * @param options - The run's options.
 * @param clock - The run's zone table, business clock and as-of (`runClock`); `add` may give
 *   another one covering the ticket's times (a run measured as it is read has one per batch).
 * @param priorities - Priority texts by id.
 * @param groups - Group texts by id.
 * @param hasGroups - True when the export has a group column.
 */
export function ticketMeter(
  options: MeasureOptions,
  clock: RunClock,
  priorities: readonly string[],
  groups: readonly string[],
  hasGroups: boolean,
): TicketMeter {
  // The first untargeted tickets in the order given to `add` (first appearance, in every run).
  const untargeted = firstOf<{ order: number; ticket: string; priority: string }>(
    LISTED_AT_MOST,
    (a, b) => a.order - b.order,
  );
  const untargetedBy = new Map<string, { priority: string; tickets: number; first: number }>();
  const byPeriod: Tally = new Map();
  const byResponse: Tally = new Map();
  // The counts of each month by priority as written, for `count`.
  const periodSeen = new Map<number, Map<string, Counted>>();
  const responseSeen = new Map<number, Map<string, Counted>>();
  // Priorities as written, folded once each (`stateKey`).
  const folded = new Map<string, string>();
  const foldedOf = (priority: string) => {
    let key = folded.get(priority);
    if (key === undefined) folded.set(priority, (key = stateKey(priority)));
    return key;
  };
  // The most consumed first; equal shares in the order measured.
  const soon = firstOf<{ index: number; share: number; row: TicketRow }>(
    LISTED_AT_MOST,
    (a, b) => b.share - a.share || a.index - b.index,
  );
  const responds = options.states.responds === true || (options.respondOnGroupChange === true && hasGroups);
  const startAtFirst = options.states.startAtFirst;
  const monthOfDay = monthsByDay();
  let running = 0;
  let added = 0;
  return {
    add(ticket, events, k, run = clock, order = added, holdHours = 0) {
      const { table, reading, asOf } = run;
      added++;
      // The target is the one of the priority in force at the stop (the latest, while not stopped):
      // a priority change moves the target but not the start, as ServiceNow's retroactive SLA does.
      const priority = priorityAt(events, events.priorityOf, priorities, k.stopped);
      const key = foldedOf(priority);
      const target = options.targets.get(key);
      const service = options.services.get(key) ?? null;
      // Hours on hold (a one-row-per-ticket export's column) come off the clock; when they fell is
      // not known, so a breach is dated where the clock reached the target plus the hold.
      const holdMs = Math.min(k.businessMs, Math.round(holdHours * MS_PER_HOUR));
      const businessMs = k.businessMs - holdMs;
      const businessHours = businessMs / MS_PER_HOUR;
      const stopped = k.stopped === null ? null : wallOf(table, k.stopped);
      const month = stopped === null ? null : monthOfDay(stopped);
      const met = stopped !== null && target !== undefined ? businessHours <= target : null;
      const open = k.state === "Running" || k.state === "Paused";
      if (open) running++;
      if (target === undefined) {
        untargeted.add({ order, ticket, priority });
        const by = untargetedBy.get(key);
        if (!by) untargetedBy.set(key, { priority, tickets: 1, first: order });
        else {
          by.tickets++;
          if (order < by.first) [by.first, by.priority] = [order, priority];
        }
      }
      const targetMs = target === undefined ? undefined : target * MS_PER_HOUR;
      let breachedAt: number | null = null;
      if (targetMs !== undefined && businessMs > targetMs) {
        const reach = { startAtFirst, asOf, targetMs: targetMs + holdMs };
        breachedAt = localSerialOf(table, clockReach(events, reading, reach).reachedAt);
      }
      const warning = open && asOf !== undefined && targetMs !== undefined ? warningOf(businessMs, targetMs) : null;

      let responded: number | null = null;
      let responseHours: number | null = null;
      let responseTarget: number | null = null;
      let responseMet: boolean | null = null;
      if (responds) {
        const groupChange = options.respondOnGroupChange && hasGroups ? firstGroupChange(events, events.groupOf) : -1;
        const r = responseClock(events, reading, { startAtFirst, asOf, groupChange });
        responseHours = r.businessMs / MS_PER_HOUR;
        const answeredBy =
          r.respondedAt === null ? null : priorityAt(events, events.priorityOf, priorities, r.respondedAt);
        responseTarget = options.responseTargets?.get(foldedOf(answeredBy ?? priority)) ?? null;
        if (r.respondedAt !== null) {
          const wall = wallOf(table, r.respondedAt);
          responded = serialOfWall(wall);
          if (responseTarget !== null) {
            responseMet = responseHours <= responseTarget;
            count(byResponse, responseSeen, monthOfDay(wall), answeredBy!, responseMet);
          }
        }
      }
      if (month && met !== null) count(byPeriod, periodSeen, month, priority, met);
      const row: TicketRow = {
        ticket,
        priority,
        service,
        started: localSerialOf(table, k.started),
        stopped: stopped === null ? null : serialOfWall(stopped),
        businessHours,
        pausedHours: (k.pausedMs + holdMs) / MS_PER_HOUR,
        targetHours: target ?? null,
        met,
        state: k.state,
        period: month ? month.serial : null,
        priorityChanges: priorityChanges(events, events.priorityOf),
        breachedAt,
        warning,
        responded,
        responseHours,
        responseTargetHours: responseTarget,
        responseMet,
      };
      if (warning === "75%" || warning === "Breached")
        soon.add({ index: order, share: businessMs / (targetMs || 1), row });
      const groupRows = hasGroups
        ? groupRowsOf(ticket, events, groups, k.state, run, startAtFirst, options)
        : NO_GROUPS;
      return { row, groups: groupRows };
    },
    finish() {
      const first = soon.list();
      return {
        results: resultsOf(byPeriod, options.services),
        responseResults: resultsOf(byResponse, options.responseServices ?? new Map()),
        running,
        untargeted: untargeted.list().map(({ ticket, priority }) => ({ ticket, priority })),
        untargetedCount: untargeted.count,
        untargetedByPriority: [...untargetedBy.values()]
          .sort((a, b) => a.first - b.first)
          .map(({ priority, tickets }) => ({ priority, tickets })),
        breachingSoon: first.map((x) => x.index),
        breachingSoonRows: first.map((x) => x.row),
        breachingSoonCount: soon.count,
      };
    },
  };
}

function measure(options: MeasureOptions, dateOrder: OrderInference, c: Collected): TicketsOutcome {
  const n = c.times.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (c.times[i] < lo) lo = c.times[i];
    if (c.times[i] > hi) hi = c.times[i];
  }
  const clock = runClock(options, lo, hi);
  // Local times to instants, in place: from here on every time is an instant.
  const times = Float64Array.from(c.times);
  if (c.anyLocal) for (let i = 0; i < n; i++) if (c.local[i]) times[i] = instantOf(clock.table, times[i]);
  const history = { ticketOf: c.ticketOf, times, codes: c.codes, tickets: c.keys.length };
  const byTicket = groupEvents(history);
  const clocks = runClocks(history, options.states, clock.reading, clock.asOf, byTicket);
  const hasGroups = c.groupOf.length === n && n > 0;
  const meter = ticketMeter(options, clock, c.priorities, c.groups, hasGroups);
  const tickets: TicketRow[] = new Array(clocks.length);
  const groupRows: GroupRow[] = [];
  for (let t = 0; t < clocks.length; t++) {
    const events: MeteredEvents = {
      times,
      codes: c.codes,
      order: byTicket.order,
      from: byTicket.from[t],
      to: byTicket.from[t + 1],
      priorityOf: c.priorityOf,
      groupOf: c.groupOf,
    };
    const { row, groups } = meter.add(c.keys[t], events, clocks[t], clock, t, c.holds.get(t) ?? 0);
    tickets[t] = row;
    for (const g of groups) groupRows.push(g);
  }
  const totals = meter.finish();
  return {
    events: n,
    tickets,
    rejected: c.rejected,
    rejectedCount: c.rejectedCount,
    ...totals,
    groups: groupRows,
    grouped: hasGroups,
    dateOrder,
  };
}

/**
 * The priority in force at an instant: the last non-blank priority of an event at or before it
 * (null instant: the latest). Blank when the ticket never gives one.
 */
function priorityAt(
  events: TicketEvents,
  priorityOf: ArrayLike<number>,
  priorities: readonly string[],
  at: number | null,
): string {
  const { order, from, to, times } = events;
  for (let k = to - 1; k >= from; k--) {
    const e = order[k];
    if (at !== null && times[e] > at) continue;
    if (priorityOf[e] >= 0) return priorities[priorityOf[e]];
  }
  return "";
}

/** How many times a ticket's (non-blank) priority changed, in time order. */
function priorityChanges(events: TicketEvents, priorityOf: ArrayLike<number>): number {
  const { order, from, to } = events;
  let last = -1;
  let changes = 0;
  for (let k = from; k < to; k++) {
    const p = priorityOf[order[k]];
    if (p < 0) continue;
    if (last >= 0 && p !== last) changes++;
    last = p;
  }
  return changes;
}

/** The Group Time rows of one ticket. */
function groupRowsOf(
  ticket: string,
  events: MeteredEvents,
  groups: readonly string[],
  state: ClockState,
  clock: RunClock,
  startAtFirst: boolean,
  options: MeasureOptions,
): GroupRow[] {
  const { order, from, to, times, codes, groupOf } = events;
  const held: HoldingEvent[] = new Array(to - from);
  let current = -1;
  for (let k = from; k < to; k++) {
    const e = order[k];
    const g = groupOf[e];
    if (g >= 0) current = g;
    held[k - from] = { time: times[e], holder: g < 0 ? null : groups[g], code: codes[e] };
  }
  const open = state === "Running" || state === "Paused";
  return holdingTimes(held, clock.reading, { startAtFirst, asOf: clock.asOf }).map((h) => {
    const target = options.olaTargets?.get(stateKey(h.holder));
    const heldHours = h.heldMs / MS_PER_HOUR;
    const holding = open && current >= 0 && groups[current] === h.holder;
    return {
      ticket,
      group: h.holder,
      from: serialOfWall(wallOf(clock.table, h.from)),
      heldHours,
      pausedHours: h.pausedMs / MS_PER_HOUR,
      spells: h.spells,
      targetHours: target ?? null,
      met: target === undefined ? null : heldHours > target ? false : holding ? null : true,
    };
  });
}

/** One ticket's events as a streamed run hands them over: push order, local times not yet converted. */
export interface EventBatch {
  readonly n: number;
  /** Epoch ms: an instant, or a wall time of the run's zone where `local` is 1. */
  readonly times: ArrayLike<number>;
  readonly local: ArrayLike<number>;
  readonly codes: ArrayLike<number>;
  readonly priorityOf: ArrayLike<number>;
  readonly groupOf: ArrayLike<number>;
  /** The ticket's place in the output: the push place of its first event (default: tickets added before it). */
  readonly first?: number;
  /** Rows of the events, and the hours on hold each row gave (counted once a row); absent for none. */
  readonly rows?: ArrayLike<number>;
  readonly holds?: ArrayLike<number>;
}

/** Hours on hold of a ticket's events: each row's once. Cost: O(n) when no row gives any. */
function holdHoursOf(batch: EventBatch): number {
  const { rows, holds, n } = batch;
  if (!rows || !holds) return 0;
  let sum = 0;
  let seen: Set<number> | undefined;
  for (let i = 0; i < n; i++) {
    if (!(holds[i] > 0)) continue;
    seen ??= new Set();
    if (seen.has(rows[i])) continue;
    seen.add(rows[i]);
    sum += holds[i];
  }
  return sum;
}

/** The meter of a streamed run: one ticket at a time, in bounded memory. */
export interface StreamMeter {
  /**
   * Measures one ticket from its events in push order (equal times keep that order), with the
   * meter's clock or `run`, one covering the ticket's times (the figures are the same with any
   * zone table that covers them: readings differ by a constant that every difference cancels).
   */
  add(key: string, batch: EventBatch, run?: RunClock): { row: TicketRow; groups: GroupRow[] };
  finish(): MeterTotals;
}

/**
 * A meter for tickets that arrive one by one with all their events (an export grouped by
 * ticket, or sorted by ticket on disk): the same clock and meter as the in-memory run, so each
 * ticket gets exactly the figures it gets there. Cost: O(events log events) per ticket.
 * @param options - The run's options.
 * @param clock - The run's zone table over all its times (`runClock`).
 * @param priorities - Priority texts by id (`eventReader`).
 * @param groups - Group texts by id.
 * @param hasGroups - True when the export has a group column.
 * @example streamMeter(options, runClock(options, lo, hi), reader.priorities, reader.groups, false).add("INC1", batch).row.businessHours
 */
export function streamMeter(
  options: MeasureOptions,
  clock: RunClock,
  priorities: readonly string[],
  groups: readonly string[],
  hasGroups: boolean,
): StreamMeter {
  const meter = ticketMeter(options, clock, priorities, groups, hasGroups);
  // Scratch reused from ticket to ticket (the meter keeps nothing of a ticket's events): the
  // ticket index of each event (all 0, not read once grouped), the instants, their time order.
  let zeros = new Int32Array(64);
  let times = new Float64Array(64);
  let sorted = new Int32Array(64);
  const from = new Int32Array(2);
  return {
    add(key, batch, run = clock) {
      const { n } = batch;
      if (n > zeros.length) {
        zeros = new Int32Array(n * 2);
        times = new Float64Array(n * 2);
        sorted = new Int32Array(n * 2);
      }
      for (let i = 0; i < n; i++) times[i] = batch.local[i] ? instantOf(run.table, batch.times[i]) : batch.times[i];
      // The scratch itself, not a view of its first n (a view made a ticket costs more than the
      // clock): every reader indexes only the ticket's n events, through `order`.
      const history = { ticketOf: zeros, times, codes: batch.codes, tickets: 1 };
      // groupEvents' grouping of a one-ticket history, in the scratch arrays.
      from[1] = n;
      const grouped = { order: orderOneTicket(history.times, n, sorted), from };
      const k = runClocks(history, options.states, run.reading, run.asOf, grouped)[0];
      const events: MeteredEvents = {
        times: history.times,
        codes: batch.codes,
        order: grouped.order,
        from: 0,
        to: n,
        priorityOf: batch.priorityOf,
        groupOf: batch.groupOf,
      };
      return meter.add(key, events, k, run, batch.first, holdHoursOf(batch));
    },
    finish: () => meter.finish(),
  };
}
