/**
 * From a service desk's export to measured tickets and monthly results: rows are read one
 * by one (a million rows never exist as objects), every row that cannot be read is kept with
 * its reason, and the clock runs on the whole history at the end.
 */
import { Calendar } from "../calendar/compile";
import { MS_PER_HOUR } from "../calendar/instant";
import { MS_PER_DAY, serialFromEpochMs } from "../serial";
import { ClockState, Reading, TicketEvents, clockReach, groupEvents, runClocks, ticketIndex } from "./clock";
import { HoldingEvent, holdingTimes } from "./groups";
import { firstGroupChange, responseClock } from "./response";
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
  /** Response attainment per month (of the answer) and priority, when response states are given. */
  readonly responseResults: PeriodResult[];
  /** Rows of the Group Time sheet (empty without a group column). */
  readonly groups: GroupRow[];
  /** Indices into `tickets` of the tickets running or paused at 75% of their target or more, most consumed first. */
  readonly breachingSoon: number[];
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
   */
  add(row: number, ticket: unknown, time: unknown, state: unknown, priority: unknown, group?: unknown): void;
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
  const groupOf: number[] = [];
  const groups: string[] = [];
  const groupIds = new Map<string, number>();
  const rejected: Rejected[] = [];
  // An export spells a few states many times: each spelling is folded and looked up once.
  const codeOf = new Map<string, number>();
  let anyLocal = false;

  const tally = orderTally(options.dateOrder);
  // Day/month times wait for the whole column to settle their order (kept in row order).
  const undecided: {
    row: number;
    ticket: unknown;
    read: UndecidedTime;
    state: unknown;
    priority: unknown;
    group: unknown;
  }[] = [];

  const accept = (
    row: number,
    ticket: unknown,
    parsed: ParsedTime | { reason: string },
    state: unknown,
    priority: unknown,
    group: unknown,
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
    priorityOf.push(idOf(text(priority), priorities, priorityIds));
    if (group !== undefined) groupOf.push(idOf(text(group), groups, groupIds));
  };

  return {
    add(row, ticket, time, state, priority, group) {
      if (isBlankCell(ticket) && isBlankCell(state) && isBlankCell(time) && isBlankCell(priority)) return;
      const read = readTimeCell(time, options.dateOrder);
      if (isUndecided(read)) {
        tally.add(read);
        undecided.push({ row, ticket, read, state, priority, group });
      } else accept(row, ticket, read, state, priority, group);
    },
    finish() {
      const dateOrder = tally.result();
      if (undecided.length) {
        const settled = settleDateOrder(dateOrder, ticketMessages.timeColumn());
        for (const u of undecided) {
          const parsed =
            "refusal" in settled ? { reason: settled.refusal } : settled.order === "MDY" ? u.read.mdy : u.read.dmy;
          accept(u.row, u.ticket, parsed, u.state, u.priority, u.group);
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
        groupOf,
        groups,
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
  /** Group id per event (-1 blank); empty when the export has no group column. */
  groupOf: number[];
  groups: string[];
  rejected: Rejected[];
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

/** Measured tickets of one priority in one month, counted as they come. */
type Tally = Map<string, { period: string; periodSerial: number; priority: string; measured: number; met: number }>;

function count(tally: Tally, month: { label: string; serial: number }, priority: string, met: boolean): void {
  const k = `${month.label}\u0000${stateKey(priority)}`;
  let r = tally.get(k);
  if (!r) {
    r = { period: month.label, periodSerial: month.serial, priority, measured: 0, met: 0 };
    tally.set(k, r);
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

/** The warning of a running ticket: thresholds compared in whole milliseconds, so 75% is 75% exactly. */
function warningOf(businessMs: number, targetMs: number): Warning | null {
  if (businessMs > targetMs) return "Breached";
  if (businessMs * 4 >= targetMs * 3 && targetMs > 0) return "75%";
  if (businessMs * 2 >= targetMs && targetMs > 0) return "50%";
  return null;
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
  const byTicket = groupEvents(history);
  const reading = zonedReading(options.calendar, table);
  const clocks = runClocks(history, options.states, reading, asOf, byTicket);

  const tickets: TicketRow[] = new Array(clocks.length);
  const untargeted: { ticket: string; priority: string }[] = [];
  const byPeriod: Tally = new Map();
  const byResponse: Tally = new Map();
  const groupRows: GroupRow[] = [];
  const soon: { index: number; share: number }[] = [];
  const hasGroups = c.groupOf.length === n && n > 0;
  const responds = options.states.responds === true || (options.respondOnGroupChange === true && hasGroups);
  const startAtFirst = options.states.startAtFirst;
  const localSerial = (instant: number | null) => (instant === null ? null : serialOfWall(wallOf(table, instant)));
  let running = 0;
  const monthOfDay = monthsByDay();
  for (let t = 0; t < clocks.length; t++) {
    const clock = clocks[t];
    const events: TicketEvents = {
      times,
      codes: c.codes,
      order: byTicket.order,
      from: byTicket.from[t],
      to: byTicket.from[t + 1],
    };
    // The target is the one of the priority in force at the stop (the latest, while not stopped):
    // a priority change moves the target but not the start, as ServiceNow's retroactive SLA does.
    const priority = priorityAt(events, c.priorityOf, c.priorities, clock.stopped);
    const key = stateKey(priority);
    const target = options.targets.get(key);
    const service = options.services.get(key) ?? null;
    const businessHours = clock.businessMs / MS_PER_HOUR;
    const stopped = clock.stopped === null ? null : wallOf(table, clock.stopped);
    const month = stopped === null ? null : monthOfDay(stopped);
    const met = stopped !== null && target !== undefined ? businessHours <= target : null;
    const open = clock.state === "Running" || clock.state === "Paused";
    if (open) running++;
    if (target === undefined) untargeted.push({ ticket: c.keys[t], priority });
    const targetMs = target === undefined ? undefined : target * MS_PER_HOUR;
    let breachedAt: number | null = null;
    if (targetMs !== undefined && clock.businessMs > targetMs) {
      breachedAt = localSerial(clockReach(events, reading, { startAtFirst, asOf, targetMs }).reachedAt);
    }
    const warning = open && asOf !== undefined && targetMs !== undefined ? warningOf(clock.businessMs, targetMs) : null;
    if (warning === "75%" || warning === "Breached") soon.push({ index: t, share: clock.businessMs / (targetMs || 1) });

    let responded: number | null = null;
    let responseHours: number | null = null;
    let responseTarget: number | null = null;
    let responseMet: boolean | null = null;
    if (responds) {
      const groupChange = options.respondOnGroupChange && hasGroups ? firstGroupChange(events, c.groupOf) : -1;
      const r = responseClock(events, reading, { startAtFirst, asOf, groupChange });
      responseHours = r.businessMs / MS_PER_HOUR;
      const answeredBy = r.respondedAt === null ? null : priorityAt(events, c.priorityOf, c.priorities, r.respondedAt);
      responseTarget = options.responseTargets?.get(stateKey(answeredBy ?? priority)) ?? null;
      if (r.respondedAt !== null) {
        const wall = wallOf(table, r.respondedAt);
        responded = serialOfWall(wall);
        if (responseTarget !== null) {
          responseMet = responseHours <= responseTarget;
          count(byResponse, monthOfDay(wall), answeredBy!, responseMet);
        }
      }
    }
    if (hasGroups)
      groupRows.push(...groupRowsOf(c, events, t, clock.state, reading, startAtFirst, asOf, table, options));

    tickets[t] = {
      ticket: c.keys[t],
      priority,
      service,
      started: localSerial(clock.started),
      stopped: stopped === null ? null : serialOfWall(stopped),
      businessHours,
      pausedHours: clock.pausedMs / MS_PER_HOUR,
      targetHours: target ?? null,
      met,
      state: clock.state,
      period: month ? month.serial : null,
      priorityChanges: priorityChanges(events, c.priorityOf),
      breachedAt,
      warning,
      responded,
      responseHours,
      responseTargetHours: responseTarget,
      responseMet,
    };
    if (month && met !== null) count(byPeriod, month, priority, met);
  }
  const results = resultsOf(byPeriod, options.services);
  const responseResults = resultsOf(byResponse, options.responseServices ?? new Map());
  soon.sort((a, b) => b.share - a.share || a.index - b.index);
  return {
    events: n,
    tickets,
    rejected: c.rejected,
    results,
    running,
    untargeted,
    responseResults,
    groups: groupRows,
    breachingSoon: soon.map((x) => x.index),
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
  priorityOf: readonly number[],
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
function priorityChanges(events: TicketEvents, priorityOf: readonly number[]): number {
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
  c: Collected,
  events: TicketEvents,
  t: number,
  state: ClockState,
  reading: Reading,
  startAtFirst: boolean,
  asOf: number | undefined,
  table: ZoneTable,
  options: MeasureOptions,
): GroupRow[] {
  const { order, from, to, times } = events;
  const held: HoldingEvent[] = new Array(to - from);
  let current = -1;
  for (let k = from; k < to; k++) {
    const e = order[k];
    const g = c.groupOf[e];
    if (g >= 0) current = g;
    held[k - from] = { time: times[e], holder: g < 0 ? null : c.groups[g], code: c.codes[e] };
  }
  const open = state === "Running" || state === "Paused";
  return holdingTimes(held, reading, { startAtFirst, asOf }).map((h) => {
    const target = options.olaTargets?.get(stateKey(h.holder));
    const heldHours = h.heldMs / MS_PER_HOUR;
    const holding = open && current >= 0 && c.groups[current] === h.holder;
    return {
      ticket: c.keys[t],
      group: h.holder,
      from: serialOfWall(wallOf(table, h.from)),
      heldHours,
      pausedHours: h.pausedMs / MS_PER_HOUR,
      spells: h.spells,
      targetHours: target ?? null,
      met: target === undefined ? null : heldHours > target ? false : holding ? null : true,
    };
  });
}
