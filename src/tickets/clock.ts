/**
 * The ticket clock: business time of tickets from their histories, with pauses, stops and
 * reopens, and business time minus pauses (ELAPSED_PAUSED).
 *
 * Everything here works on instants in milliseconds and a `Reading`: a non-decreasing count
 * of business milliseconds at an instant. Business time between two instants is the
 * difference of two readings, so the clock agrees exactly with ELAPSED (which reads the same
 * `businessClock`) and stays exact in milliseconds whatever the length of a history. Where
 * the instants come from (serials in a cell, zoned times in an export) is the caller's
 * business: see `serialReading` and `zonedReading` (zone.ts).
 */
import { Calendar } from "../calendar/compile";
import { businessClock } from "../calendar/elapsed";
import { KIND_MASK, PAUSE, START, STOP, StateLists } from "./states";

/**
 * Business milliseconds at an instant: non-decreasing, rising 1 per ms inside working windows.
 * `earliest`, when the reading has it, is its inverse: the earliest instant whose reading
 * reaches a value (a guess `clockReach` checks, so a reading without one is only slower).
 */
export type Reading = ((ms: number) => number) & { readonly earliest?: (value: number) => number };

/**
 * The reading of instants given as serial milliseconds (`Math.round(serial * 86400000)`, as
 * ELAPSED rounds them): the calendar's own business clock, holidays excluded.
 * @example serialReading(compileCalendar("24x7") as Calendar)(60_000) - serialReading(cal)(0) // => 60000
 */
export function serialReading(cal: Calendar): Reading {
  return (ms) => businessClock(cal, ms);
}

/** Where a ticket's clock stands after its last event. */
export type ClockState = "Not started" | "Running" | "Paused" | "Stopped";

/** One ticket's clock. */
export interface TicketClock {
  /** Index of the ticket (order of first appearance). */
  readonly ticket: number;
  /** Instant of the first start event, or null when the clock never started. */
  readonly started: number | null;
  /** Instant of the stop when the ticket ends stopped, else null. */
  readonly stopped: number | null;
  /** Business milliseconds counted (running, not paused, not stopped). */
  readonly businessMs: number;
  /** Business milliseconds spent in pause states after the start. */
  readonly pausedMs: number;
  readonly state: ClockState;
  /** Event index (into the history) of the ticket's last event in time order. */
  readonly lastEvent: number;
}

/** Phases of a ticket's clock between events. */
export const NOT_STARTED = 0;
export const RUNNING = 1;
export const PAUSED = 2;
export const STOPPED = 3;

/**
 * The phase a ticket's clock enters at an event: the one rule of starts, pauses, stops and
 * reopens that every clock (resolution, response, group) follows.
 * @param phase - The phase before the event (`NOT_STARTED` .. `STOPPED`).
 * @param code - The event's state code (`START`, `PAUSE`, `STOP` or 0).
 * @param first - True for the ticket's first event in time order.
 * @param startAtFirst - True when no start state is given: the first event starts.
 * @returns The phase after the event.
 * @example phaseAfter(NOT_STARTED, START, true, false) // => RUNNING
 */
export function phaseAfter(phase: number, code: number, first: boolean, startAtFirst: boolean): number {
  const kind = code & KIND_MASK;
  if (phase === NOT_STARTED && kind !== START && !(startAtFirst && first)) return NOT_STARTED;
  return kind === STOP ? STOPPED : kind === PAUSE ? PAUSED : RUNNING;
}

/** A history: one event per index, with its ticket (0-based, first appearance order), instant and state code. */
export interface History {
  readonly ticketOf: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  /** `START`, `PAUSE`, `STOP` or 0 per event (see `stateCode`). */
  readonly codes: ArrayLike<number>;
  /** How many tickets (the largest ticket index plus one). */
  readonly tickets: number;
}

/** Longest slice sorted by insertion; longer ones use the (stable) built-in sort. */
const INSERTION_LIMIT = 24;

/**
 * Event indices grouped by ticket, each group in time order (equal times in table order).
 * Cost: O(n) to group plus a sort per ticket.
 * @returns `order` (event indices) and `from` (ticket t's events are `order[from[t]..from[t+1])`).
 */
export function groupEvents(history: History): { order: Int32Array; from: Int32Array } {
  const n = history.times.length;
  const { ticketOf, times } = history;
  const from = new Int32Array(history.tickets + 1);
  for (let i = 0; i < n; i++) from[ticketOf[i] + 1]++;
  for (let t = 0; t < history.tickets; t++) from[t + 1] += from[t];
  const next = from.slice(0, history.tickets);
  const order = new Int32Array(n);
  // Table order within each ticket: the tie-break of equal times.
  for (let i = 0; i < n; i++) order[next[ticketOf[i]]++] = i;
  for (let t = 0; t < history.tickets; t++) sortByTime(order, from[t], from[t + 1], times);
  return { order, from };
}

/**
 * The event indices of a one-ticket history in time order (equal times in table order), as
 * {@link groupEvents} orders them, written into `into` (at least `n` long) rather than into
 * arrays made for the call: a run measuring a million tickets one at a time makes no typed
 * arrays per ticket. Cost: as groupEvents' sort of one ticket.
 * @param times - The ticket's event times (the first `n` are read).
 * @returns `into`, its first `n` entries the order.
 * @example orderOneTicket([5, 1, 5], 3, new Int32Array(3)) // => Int32Array [1, 0, 2]
 */
export function orderOneTicket(times: ArrayLike<number>, n: number, into: Int32Array): Int32Array {
  for (let i = 0; i < n; i++) into[i] = i;
  sortByTime(into, 0, n, times);
  return into;
}

/**
 * Sorts `order[a..b)` (event indices) by their times, equal times keeping their order.
 * Cost: insertion up to INSERTION_LIMIT events, else the built-in (stable) sort.
 */
function sortByTime(order: Int32Array, a: number, b: number, times: ArrayLike<number>): void {
  if (b - a <= INSERTION_LIMIT) {
    for (let i = a + 1; i < b; i++) {
      const e = order[i];
      const time = times[e];
      let j = i - 1;
      while (j >= a && times[order[j]] > time) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = e;
    }
  } else {
    const slice = Array.from(order.subarray(a, b)).sort((x, y) => times[x] - times[y] || x - y);
    order.set(slice, a);
  }
}

/**
 * Runs the clock of every ticket of a history.
 *
 * The clock starts at the first start event (at the first event when `startAtFirst`).
 * Between one event and the next, the state entered at the first counts as running or as
 * paused when the clock has started and is not stopped. A stop event stops the clock; a
 * later event in any other state restarts it and the cycles add up. After the last event a
 * ticket that is not stopped keeps counting until `asOf` (when later than that event).
 * Cost: O(n) plus the grouping sort; two readings per counted interval.
 * @param history - The events.
 * @param lists - Only `startAtFirst` is read here; the codes already carry the kinds.
 * @param reading - Business time at an instant.
 * @param asOf - Count running and paused tickets up to this instant; undefined: up to their last event.
 * @param grouped - The events grouped by ticket (`groupEvents`), when the caller has them already.
 * @returns One clock per ticket, in ticket order.
 * @example
 * // One ticket: start at 0, stop one hour later, 24x7
 * runClocks({ ticketOf: [0, 0], times: [0, 3600000], codes: [START, STOP], tickets: 1 }, lists, reading)
 * // => [{ started: 0, stopped: 3600000, businessMs: 3600000, pausedMs: 0, state: "Stopped", ... }]
 */
export function runClocks(
  history: History,
  lists: Pick<StateLists, "startAtFirst">,
  reading: Reading,
  asOf?: number,
  grouped: { order: Int32Array; from: Int32Array } = groupEvents(history),
): TicketClock[] {
  const { order, from } = grouped;
  const { times, codes } = history;
  const out: TicketClock[] = new Array(history.tickets);
  for (let t = 0; t < history.tickets; t++) {
    let started: number | null = null;
    let stoppedAt: number | null = null;
    // 0 not started, 1 running, 2 paused, 3 stopped
    let phase = 0;
    let business = 0;
    let paused = 0;
    let previous = 0;
    let previousReading = 0;
    const a = from[t];
    const b = from[t + 1];
    for (let k = a; k < b; k++) {
      const e = order[k];
      const time = times[e];
      const code = codes[e];
      if (phase === 1 || phase === 2) {
        const now = reading(time);
        if (phase === 1) business += now - previousReading;
        else paused += now - previousReading;
        previousReading = now;
      }
      const next = phaseAfter(phase, code, k === a, lists.startAtFirst);
      if (next !== NOT_STARTED) {
        if (started === null) started = time;
        const wasCounting = phase === 1 || phase === 2;
        if (next === STOPPED) {
          if (phase !== 3) stoppedAt = time;
        } else stoppedAt = null;
        if (!wasCounting && next !== STOPPED) previousReading = reading(time);
        phase = next;
      }
      previous = time;
    }
    if ((phase === 1 || phase === 2) && asOf !== undefined && asOf > previous) {
      const now = reading(asOf);
      if (phase === 1) business += now - previousReading;
      else paused += now - previousReading;
    }
    const state: ClockState =
      phase === 0 ? "Not started" : phase === 1 ? "Running" : phase === 2 ? "Paused" : "Stopped";
    out[t] = {
      ticket: t,
      started,
      stopped: phase === 3 ? stoppedAt : null,
      businessMs: business,
      pausedMs: paused,
      state,
      lastEvent: b > a ? order[b - 1] : -1,
    };
  }
  return out;
}

/** A time span [start, end) in milliseconds. */
export interface MsSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Business milliseconds in [start, end) minus the union of the pauses: overlapping pauses
 * count once and pauses are clipped to [start, end). Cost: O(p log p) for p pauses.
 * @param reading - Business time at an instant.
 * @param start - Start instant.
 * @param end - End instant, not before start.
 * @param pauses - Pause spans, each with end not before start, in any order.
 * @returns Business milliseconds not paused.
 * @example elapsedPausedMs(reading24x7, 0, 10 * HOUR, [{ start: HOUR, end: 3 * HOUR }, { start: 2 * HOUR, end: 4 * HOUR }]) // => 7 * HOUR
 */
export function elapsedPausedMs(reading: Reading, start: number, end: number, pauses: readonly MsSpan[]): number {
  const clipped: MsSpan[] = [];
  for (const p of pauses) {
    const a = Math.max(p.start, start);
    const b = Math.min(p.end, end);
    if (a < b) clipped.push({ start: a, end: b });
  }
  clipped.sort((x, y) => x.start - y.start);
  let total = reading(end) - reading(start);
  let openStart = 0;
  let openEnd = -Infinity;
  for (const p of clipped) {
    if (p.start > openEnd) {
      if (openEnd > openStart) total -= reading(openEnd) - reading(openStart);
      openStart = p.start;
      openEnd = p.end;
    } else if (p.end > openEnd) openEnd = p.end;
  }
  if (openEnd > openStart) total -= reading(openEnd) - reading(openStart);
  return total;
}

/** Ticket keys to indices in order of first appearance. */
export interface TicketIndex {
  /** The index of a key, adding it when new. */
  indexOf(key: string): number;
  /** Keys by index. */
  readonly keys: string[];
}

/**
 * An empty ticket index.
 * @example const ix = ticketIndex(); ix.indexOf("INC1"); ix.indexOf("INC2"); ix.indexOf("INC1") // => 0
 */
export function ticketIndex(): TicketIndex {
  const map = new Map<string, number>();
  const keys: string[] = [];
  // Exports list a ticket's events together: comparing with the last key skips most lookups.
  let lastKey: string | undefined;
  let last = -1;
  return {
    indexOf(key) {
      if (key === lastKey) return last;
      let i = map.get(key);
      if (i === undefined) {
        i = keys.length;
        map.set(key, i);
        keys.push(key);
      }
      lastKey = key;
      last = i;
      return i;
    },
    keys,
  };
}

/** One ticket's events: `order[from..to)` index `times` and `codes`, in time order. */
export interface TicketEvents {
  readonly times: ArrayLike<number>;
  readonly codes: ArrayLike<number>;
  readonly order: ArrayLike<number>;
  readonly from: number;
  readonly to: number;
}

/** What `clockReach` measures. */
export interface ReachOptions {
  /** True when the first event starts the clock. */
  readonly startAtFirst: boolean;
  /** Count a ticket that is not stopped up to this instant, when later than its last event. */
  readonly asOf?: number;
  /** Count only up to this instant (a response); undefined: all of the clock. */
  readonly until?: number;
  /** Find the instant the running time reached this many milliseconds. */
  readonly targetMs?: number;
}

/**
 * The business time one ticket's clock ran (from its start, with its pauses, stops and
 * reopens, as `runClocks` counts it) up to an instant, and the instant that time reached a
 * target: the breach instant of a ticket whose time ends over its target. Cost: O(events)
 * plus, once, a bisection of about 40 readings.
 * @param events - The ticket's events in time order.
 * @param reading - Business time at an instant.
 * @param options - Start rule, as-of, the instant to stop counting at, the target.
 * @returns Business ms counted, and the instant `targetMs` was reached (null when not reached or no target).
 * @example
 * // 24x7: opened 0, paused 1 h to 2 h, running since; target 8 h
 * clockReach(events, reading, { startAtFirst: false, asOf: 20 * HOUR, targetMs: 8 * HOUR }).reachedAt // => 9 * HOUR
 */
export function clockReach(
  events: TicketEvents,
  reading: Reading,
  options: ReachOptions,
): { businessMs: number; reachedAt: number | null } {
  const { times, codes, order, from, to } = events;
  const until = options.until ?? Infinity;
  const target = options.targetMs ?? Infinity;
  const asOf = options.asOf;
  let business = 0;
  let reachedAt: number | null = null;
  let phase = NOT_STARTED;
  let previous = 0;
  // Each event ends the interval since the one before (counted while running); after the last,
  // a ticket still running counts up to the as-of instant (k === to). One loop, no closure: the
  // counts stay plain numbers (a closure's would be boxed a ticket at a time).
  for (let k = from; k <= to; k++) {
    let time: number;
    if (k < to) time = times[order[k]];
    else if (phase === RUNNING && asOf !== undefined && asOf > previous) time = asOf;
    else break;
    if (phase === RUNNING) {
      const b = Math.min(time, until);
      if (b > previous) {
        const gained = reading(b) - reading(previous);
        if (reachedAt === null && business + gained >= target) {
          reachedAt = firstReach(reading, previous, b, reading(previous) - business, target);
        }
        business += gained;
      }
    }
    if (k === to) break;
    phase = phaseAfter(phase, codes[order[k]], k === from, options.startAtFirst);
    previous = time;
  }
  return { businessMs: business, reachedAt };
}

/**
 * The first millisecond in [start, end] at which a reading, less `base`, reaches `target`
 * (readings never decrease; the caller knows it is reached by `end`): the reading's inverse
 * when it has one (checked), else a bisection of about 40 readings.
 */
function firstReach(reading: Reading, start: number, end: number, base: number, target: number): number {
  const guess = reading.earliest ? Math.max(start, reading.earliest(base + target)) : NaN;
  if (guess <= end && reading(guess) - base >= target && (guess === start || reading(guess - 1) - base < target)) {
    return guess;
  }
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (reading(mid) - base >= target) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}
