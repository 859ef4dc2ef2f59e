/**
 * Time zones for ticket exports: offsets and daylight-saving transitions from the IANA
 * database (through luxon, which reads the platform's Intl data), and a business clock that
 * counts the hours that really passed.
 *
 * A zone is turned once into a table of its transitions over the span of the data, so that
 * converting a million instants costs a binary search each, not a call into Intl. The
 * calendar's working windows are local (wall-clock) times; the `zonedReading` subtracts the
 * wall-clock jump at each transition, so a ticket open across the spring-forward night counts
 * the hours that passed, not the hours the clock on the wall shows.
 */
import { IANAZone } from "luxon";
import { Calendar } from "../calendar/compile";
import { businessClock } from "../calendar/elapsed";
import { instantAtClock } from "../calendar/due";
import { MS_PER_DAY, UNIX_EPOCH_SERIAL, daysFromCivil } from "../serial";
import { Reading } from "./clock";

/** Serial milliseconds of the Unix epoch: epoch ms + this = serial ms (as `Math.round(serial * DAY)`). */
export const EPOCH_SERIAL_MS = UNIX_EPOCH_SERIAL * MS_PER_DAY;

/** A zone's offsets over a span of time. */
export interface ZoneTable {
  readonly name: string;
  /** Instants (epoch ms) at which the offset changes, ascending. */
  readonly transitions: readonly number[];
  /** `offsets[i]`: offset in ms from `transitions[i - 1]` up to `transitions[i]`; one more than the transitions. */
  readonly offsets: readonly number[];
}

/**
 * True for a zone name the IANA database knows (`Europe/Berlin`, `UTC`), any case.
 * @example isKnownZone("America/New_York") // => true
 */
export function isKnownZone(name: string): boolean {
  return name.trim() !== "" && IANAZone.isValidZone(name.trim());
}

/**
 * The year from which every zone follows its final rule (tzdata's compiled transitions end in
 * 2037; ICU and the IANA database continue with the zone's last rule for ever): from then on a
 * year's transitions fall on the same wall-clock dates as those of any year of the same type.
 */
const FINAL_RULE_YEAR = 2038;
/** Sampling steps: daily before 2000 (history has short-lived offsets), weekly after (no zone has changed its offset twice within a week since). */
const DAILY_BEFORE = daysFromCivil(2000, 1, 1) * MS_PER_DAY;
const WEEK_MS = 7 * MS_PER_DAY;
/** Zones that are a fixed offset by definition: no transitions to look for. */
const FIXED_ZONE = /^(utc|gmt|uct|zulu|universal|etc\/.+)$/i;

/** Epoch ms of 1 January of a year, 00:00 UTC. */
function yearStart(year: number): number {
  return daysFromCivil(year, 1, 1) * MS_PER_DAY;
}

/** The year of an instant (UTC). */
function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

/** A year's type: the weekday of 1 January and whether it is a leap year (14 types); same type, same calendar. */
function yearType(year: number): number {
  const weekday = (((daysFromCivil(year, 1, 1) % 7) + 7) % 7) as number;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return weekday + (leap ? 7 : 0);
}

/**
 * Appends the transitions in (from, to] to the lists, sampling the offset and locating each
 * change to the millisecond by bisection. `offsets` ends with the offset at `from`.
 */
function scanTransitions(
  offsetAt: (ms: number) => number,
  from: number,
  to: number,
  transitions: number[],
  offsets: number[],
): void {
  let before = offsets[offsets.length - 1];
  for (let prev = from; prev < to;) {
    const t = Math.min(to, prev + (prev < DAILY_BEFORE ? MS_PER_DAY : WEEK_MS));
    const now = offsetAt(t);
    if (now !== before) {
      // The first instant in (prev, t] with the new offset.
      let lo = prev;
      let hi = t;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid) === before) lo = mid;
        else hi = mid;
      }
      transitions.push(hi);
      offsets.push(now);
      before = now;
    }
    prev = t;
  }
}

/** A year's transitions relative to its 1 January, and the offset after each, with the offset at its start. */
interface YearRule {
  readonly start: number;
  readonly at: readonly number[];
  readonly offsets: readonly number[];
}

/** Years of the final rule read so far, by zone and year type (bounded: 14 a zone, 64 zones). */
const finalRules = new Map<string, Map<number, YearRule>>();
const MAX_RULE_ZONES = 64;

/** The final rule's transitions of a year type, from the first year of that type from 2038 (cached). */
function finalRule(zone: string, offsetAt: (ms: number) => number, type: number): YearRule {
  let byType = finalRules.get(zone);
  if (!byType) {
    if (finalRules.size >= MAX_RULE_ZONES) finalRules.clear();
    byType = new Map();
    finalRules.set(zone, byType);
  }
  let rule = byType.get(type);
  if (!rule) {
    let year = FINAL_RULE_YEAR;
    while (yearType(year) !== type) year++; // all 14 types occur in 2038..2065
    const from = yearStart(year);
    const transitions: number[] = [];
    const offsets = [offsetAt(from)];
    scanTransitions(offsetAt, from, yearStart(year + 1), transitions, offsets);
    rule = { start: offsets[0], at: transitions.map((t) => t - from), offsets: offsets.slice(1) };
    byType.set(type, rule);
  }
  return rule;
}

/**
 * The table of a zone's transitions over [fromMs, toMs] (epoch ms). Up to 2037 the offset is
 * sampled (daily before 2000, weekly after) and each change located to the millisecond by
 * bisection; from 2038 each year's transitions are those of the first year of its type under
 * the zone's final rule, moved by whole years, so that the cost does not grow with the span:
 * at most 2037's sampling plus 14 sampled years a zone (cached), then arithmetic per year.
 * Fixed zones (UTC, Etc/...) have no transitions.
 * @param name - An IANA zone (see `isKnownZone`).
 * @param fromMs - First instant the table must cover.
 * @param toMs - Last instant the table must cover.
 * @example zoneTable("Europe/Berlin", Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31)).transitions.length // => 2
 */
export function zoneTable(name: string, fromMs: number, toMs: number): ZoneTable {
  const zone = IANAZone.create(name.trim());
  const offsetAt = (ms: number) => zone.offset(ms) * 60_000;
  // Two days of margin on both sides: wall times are up to a day away from their instants.
  const from = Math.floor(fromMs / MS_PER_DAY) * MS_PER_DAY - 2 * MS_PER_DAY;
  const to = toMs + 2 * MS_PER_DAY;
  if (FIXED_ZONE.test(name.trim())) return { name: zone.name, transitions: [], offsets: [offsetAt(from)] };
  const transitions: number[] = [];
  const offsets: number[] = [offsetAt(from)];
  const final = yearStart(FINAL_RULE_YEAR);
  scanTransitions(offsetAt, from, Math.min(to, final), transitions, offsets);
  for (let year = Math.max(FINAL_RULE_YEAR, yearOf(from)); year <= yearOf(to); year++) {
    const start = yearStart(year);
    const rule = finalRule(zone.name, offsetAt, yearType(year));
    if (start > from && rule.start !== offsets[offsets.length - 1]) {
      // The rule's offset at New Year differs from the sampled one: a change at the boundary.
      transitions.push(start);
      offsets.push(rule.start);
    }
    for (let k = 0; k < rule.at.length; k++) {
      const t = start + rule.at[k];
      if (t <= from || t > to || rule.offsets[k] === offsets[offsets.length - 1]) continue;
      transitions.push(t);
      offsets.push(rule.offsets[k]);
    }
  }
  return { name: zone.name, transitions, offsets };
}

/** How many transitions are at or before `ms`. */
function segmentOf(transitions: readonly number[], ms: number): number {
  let lo = 0;
  let hi = transitions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (transitions[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The local wall-clock time of an instant, as epoch ms of that wall time read as UTC.
 * @example wallOf(berlin2024, Date.UTC(2024, 6, 1, 10)) // => Date.UTC(2024, 6, 1, 12)
 */
export function wallOf(table: ZoneTable, instant: number): number {
  return instant + table.offsets[segmentOf(table.transitions, instant)];
}

/**
 * The instant of a local wall-clock time. A wall time that occurs twice (the hour repeated
 * when clocks go back) is its first occurrence; one that never occurs (the hour skipped when
 * they go forward) is moved forward by the jump, as a clock on the wall would be.
 * @example instantOf(berlin2024, Date.UTC(2024, 2, 31, 2, 30)) // => Date.UTC(2024, 2, 31, 1, 30), 03:30 CEST
 */
export function instantOf(table: ZoneTable, wall: number): number {
  const { transitions, offsets } = table;
  // Offsets stay within a day, so only segments near the wall time can hold it.
  const first = segmentOf(transitions, wall - MS_PER_DAY);
  const last = segmentOf(transitions, wall + MS_PER_DAY);
  for (let i = first; i <= last; i++) {
    const t = wall - offsets[i];
    if ((i === 0 || t >= transitions[i - 1]) && (i === transitions.length || t < transitions[i])) return t;
  }
  // In a gap: the wall time falls between a transition's old and new offsets.
  for (let i = first; i < last && i < transitions.length; i++) {
    if (wall >= transitions[i] + offsets[i] && wall < transitions[i] + offsets[i + 1]) return wall - offsets[i];
  }
  return wall - offsets[first];
}

/**
 * The business clock of a calendar whose working windows are local times in a zone, read at
 * instants (epoch ms): rises 1 per real millisecond inside working windows. At each
 * transition the wall clock jumps; the jump's business time is taken off (spring forward) or
 * added back (fall back) so that differences are real time. Cost: O(log transitions) per reading.
 * @example zonedReading(cal24x7, berlin2024)(Date.UTC(2024, 2, 31, 4)) - zonedReading(cal24x7, berlin2024)(Date.UTC(2024, 2, 30, 23)) // => 5 hours
 */
export function zonedReading(cal: Calendar, table: ZoneTable): Reading {
  const { transitions, offsets } = table;
  const correction = new Float64Array(transitions.length + 1);
  for (let k = 0; k < transitions.length; k++) {
    const jump =
      businessClock(cal, transitions[k] + offsets[k + 1] + EPOCH_SERIAL_MS) -
      businessClock(cal, transitions[k] + offsets[k] + EPOCH_SERIAL_MS);
    correction[k + 1] = correction[k] + jump;
  }
  if (transitions.length === 0) {
    const wallShift = offsets[0] + EPOCH_SERIAL_MS;
    return Object.assign((ms: number) => businessClock(cal, ms + wallShift), {
      earliest: (value: number) => instantAtClock(cal, value) - wallShift,
    });
  }
  return (ms) => {
    const k = segmentOf(transitions, ms);
    return businessClock(cal, ms + offsets[k] + EPOCH_SERIAL_MS) - correction[k];
  };
}
