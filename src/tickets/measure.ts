/**
 * From a service desk's export to measured tickets and monthly results: rows are read one
 * by one (a million rows never exist as objects), every row that cannot be read is kept with
 * its reason, and the clock runs on the whole history at the end.
 */
import { Calendar } from "../calendar/compile";
import { MS_PER_HOUR } from "../calendar/instant";
import { MS_PER_DAY, serialFromEpochMs } from "../serial";
import { ClockState, groupEvents, runClocks, ticketIndex } from "./clock";
import { StateLists, stateCode, stateKey } from "./states";
import { DateOrder, ParsedTime, isTimeProblem } from "./times";
import { OrderInference, UndecidedTime, isUndecided, orderTally, readTimeCell, settleDateOrder } from "../import/dates";
import { ZoneTable, instantOf, wallOf, zoneTable, zonedReading } from "./zone";
import { ticketMessages } from "../errors";

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
}

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
export interface TicketsOutcome {
  /** Events read. */
  readonly events: number;
  readonly tickets: TicketRow[];
  readonly rejected: Rejected[];
  readonly results: PeriodResult[];
  /** Tickets running or paused at the end. */
  readonly running: number;
  /** Tickets whose priority has no target: reported, not guessed. */
  readonly untargeted: { ticket: string; priority: string }[];
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
   * Adds one row. A row blank in all four fields is skipped (a trailing blank line); any other
   * row either becomes an event or is rejected with its reasons.
   * @param row - The row number to report.
   */
  add(row: number, ticket: unknown, time: unknown, state: unknown, priority: unknown): void;
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
  const index = ticketIndex();
  const ticketOf: number[] = [];
  const times: number[] = [];
  const local: boolean[] = [];
  const codes: number[] = [];
  const priorityOf: number[] = [];
  const priorities: string[] = [];
  const priorityIds = new Map<string, number>();
  const rejected: Rejected[] = [];
  // An export spells a few states many times: each spelling is folded and looked up once.
  const codeOf = new Map<string, number>();
  let anyLocal = false;

  const tally = orderTally(options.dateOrder);
  // Day/month times wait for the whole column to settle their order (kept in row order).
  const undecided: { row: number; ticket: unknown; read: UndecidedTime; state: unknown; priority: unknown }[] = [];

  const accept = (
    row: number,
    ticket: unknown,
    parsed: ParsedTime | { reason: string },
    state: unknown,
    priority: unknown,
  ) => {
    const blankTicket = isBlankCell(ticket);
    const blankState = isBlankCell(state);
    if (blankTicket || blankState || isTimeProblem(parsed)) {
      const reasons: string[] = [];
      if (blankTicket) reasons.push(ticketMessages.blankTicket());
      if (isTimeProblem(parsed)) reasons.push(parsed.reason);
      if (blankState) reasons.push(ticketMessages.blankState());
      rejected.push({ row, reason: reasons.join(" ") });
      return;
    }
    ticketOf.push(index.indexOf(text(ticket)));
    times.push(parsed.ms);
    local.push(parsed.local);
    anyLocal ||= parsed.local;
    const raw = String(state);
    let code = codeOf.get(raw);
    if (code === undefined) {
      code = stateCode(options.states, raw);
      codeOf.set(raw, code);
    }
    codes.push(code);
    const p = text(priority);
    let id = -1;
    if (p !== "") {
      id = priorityIds.get(p) ?? -1;
      if (id < 0) {
        id = priorities.length;
        priorities.push(p);
        priorityIds.set(p, id);
      }
    }
    priorityOf.push(id);
  };

  return {
    add(row, ticket, time, state, priority) {
      if (isBlankCell(ticket) && isBlankCell(state) && isBlankCell(time) && isBlankCell(priority)) return;
      const read = readTimeCell(time, options.dateOrder);
      if (isUndecided(read)) {
        tally.add(read);
        undecided.push({ row, ticket, read, state, priority });
      } else accept(row, ticket, read, state, priority);
    },
    finish() {
      const dateOrder = tally.result();
      if (undecided.length) {
        const settled = settleDateOrder(dateOrder, ticketMessages.timeColumn());
        for (const u of undecided) {
          const parsed =
            "refusal" in settled ? { reason: settled.refusal } : settled.order === "MDY" ? u.read.mdy : u.read.dmy;
          accept(u.row, u.ticket, parsed, u.state, u.priority);
        }
        rejected.sort((a, b) => a.row - b.row);
      }
      return measure(options, dateOrder, {
        keys: index.keys,
        ticketOf,
        times,
        local,
        anyLocal,
        codes,
        priorityOf,
        priorities,
        rejected,
      });
    },
  };
}

interface Collected {
  keys: string[];
  ticketOf: number[];
  times: number[];
  local: boolean[];
  anyLocal: boolean;
  codes: number[];
  priorityOf: number[];
  priorities: string[];
  rejected: Rejected[];
}

function measure(options: MeasureOptions, dateOrder: OrderInference, c: Collected): TicketsOutcome {
  const n = c.times.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (c.times[i] < lo) lo = c.times[i];
    if (c.times[i] > hi) hi = c.times[i];
  }
  if (options.asOf) {
    lo = Math.min(lo, options.asOf.ms);
    hi = Math.max(hi, options.asOf.ms);
  }
  const table: ZoneTable =
    n || options.asOf ? zoneTable(options.zone, lo, hi) : { name: "UTC", transitions: [], offsets: [0] };
  // Local times to instants, in place: from here on every time is an instant.
  const times = Float64Array.from(c.times);
  if (c.anyLocal) for (let i = 0; i < n; i++) if (c.local[i]) times[i] = instantOf(table, times[i]);
  const asOf = options.asOf && (options.asOf.local ? instantOf(table, options.asOf.ms) : options.asOf.ms);
  const history = { ticketOf: c.ticketOf, times, codes: c.codes, tickets: c.keys.length };
  const grouped = groupEvents(history);
  const clocks = runClocks(history, options.states, zonedReading(options.calendar, table), asOf, grouped);

  const tickets: TicketRow[] = new Array(clocks.length);
  const untargeted: { ticket: string; priority: string }[] = [];
  const byPeriod = new Map<
    string,
    { period: string; periodSerial: number; priority: string; measured: number; met: number }
  >();
  let running = 0;
  const monthOfDay = monthsByDay();
  for (let t = 0; t < clocks.length; t++) {
    const clock = clocks[t];
    // The ticket's priority is the latest one its history gives.
    let priority = "";
    for (let k = grouped.from[t + 1] - 1; k >= grouped.from[t]; k--) {
      const id = c.priorityOf[grouped.order[k]];
      if (id >= 0) {
        priority = c.priorities[id];
        break;
      }
    }
    const key = stateKey(priority);
    const target = options.targets.get(key);
    const service = options.services.get(key) ?? null;
    const businessHours = clock.businessMs / MS_PER_HOUR;
    const stopped = clock.stopped === null ? null : wallOf(table, clock.stopped);
    const month = stopped === null ? null : monthOfDay(stopped);
    const met = stopped !== null && target !== undefined ? businessHours <= target : null;
    if (clock.state === "Running" || clock.state === "Paused") running++;
    if (target === undefined) untargeted.push({ ticket: c.keys[t], priority });
    tickets[t] = {
      ticket: c.keys[t],
      priority,
      service,
      started: clock.started === null ? null : serialOfWall(wallOf(table, clock.started)),
      stopped: stopped === null ? null : serialOfWall(stopped),
      businessHours,
      pausedHours: clock.pausedMs / MS_PER_HOUR,
      targetHours: target ?? null,
      met,
      state: clock.state,
      period: month ? month.serial : null,
    };
    if (month && met !== null) {
      const k = `${month.label}\u0000${key}`;
      let r = byPeriod.get(k);
      if (!r) {
        r = { period: month.label, periodSerial: month.serial, priority, measured: 0, met: 0 };
        byPeriod.set(k, r);
      }
      r.measured++;
      if (met) r.met++;
    }
  }
  const results: PeriodResult[] = [...byPeriod.values()]
    .sort((a, b) => a.periodSerial - b.periodSerial || (a.priority < b.priority ? -1 : a.priority > b.priority ? 1 : 0))
    .map((r) => ({
      ...r,
      service: options.services.get(stateKey(r.priority)) ?? null,
      attainment: r.met / r.measured,
    }));
  return { events: n, tickets, rejected: c.rejected, results, running, untargeted, dateOrder };
}
