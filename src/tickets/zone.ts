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
import { MS_PER_DAY, UNIX_EPOCH_SERIAL } from "../serial";
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

/** Longest gap between two samples of a zone's offset; no zone changes its offset twice within a day. */
const SAMPLE_MS = MS_PER_DAY;

/**
 * The table of a zone's transitions over [fromMs, toMs] (epoch ms): the offset is sampled
 * daily and each change is located to the millisecond by bisection. Cost: one Intl lookup per
 * day of the span plus about 30 per transition; build once per run.
 * @param name - An IANA zone (see `isKnownZone`).
 * @param fromMs - First instant the table must cover.
 * @param toMs - Last instant the table must cover.
 * @example zoneTable("Europe/Berlin", Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31)).transitions.length // => 2
 */
export function zoneTable(name: string, fromMs: number, toMs: number): ZoneTable {
  const zone = IANAZone.create(name.trim());
  const offsetAt = (ms: number) => zone.offset(ms) * 60_000;
  // A day of margin on both sides: wall times are up to a day away from their instants.
  const from = Math.floor(fromMs / SAMPLE_MS) * SAMPLE_MS - 2 * SAMPLE_MS;
  const to = toMs + 2 * SAMPLE_MS;
  const transitions: number[] = [];
  const offsets: number[] = [offsetAt(from)];
  let before = offsets[0];
  for (let t = from + SAMPLE_MS; t <= to + SAMPLE_MS; t += SAMPLE_MS) {
    const now = offsetAt(t);
    if (now === before) continue;
    // The first instant in (t - SAMPLE_MS, t] with the new offset.
    let lo = t - SAMPLE_MS;
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
    return (ms) => businessClock(cal, ms + wallShift);
  }
  return (ms) => {
    const k = segmentOf(transitions, ms);
    return businessClock(cal, ms + offsets[k] + EPOCH_SERIAL_MS) - correction[k];
  };
}
