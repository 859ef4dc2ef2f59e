/**
 * A deliberately naive business-time reference for the property tests: it steps minute by
 * minute and asks, for each minute, whether some segment covers it, finding the weekday
 * with Date (not with the engine's week arithmetic). Slow on purpose; short spans only.
 */
import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { Calendar, compileCalendar } from "../../src/calendar/compile";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** A calendar segment as the tests generate it: minutes of the day, Mon = 0. */
export interface Seg {
  readonly days: readonly number[];
  readonly start: number;
  readonly end: number;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Calendar text for segments, days written as a list (spans are covered by example tests). */
export function render(segs: readonly Seg[]): string {
  return segs.map((s) => `${s.days.map((d) => NAMES[d]).join(",")} ${hhmm(s.start)}-${hhmm(s.end)}`).join("; ");
}

/** Monday = 0, from the UTC calendar date of a serial day. */
function weekday(day: number): number {
  return (new Date((day - 25569) * DAY).getUTCDay() + 6) % 7;
}

/** Business milliseconds in [startMs, endMs) (ms since serial 0), one minute at a time. */
export function naiveBusinessMs(segs: readonly Seg[], holidays: readonly number[], startMs: number, endMs: number) {
  const off = new Set(holidays.map((h) => Math.floor(h)));
  let total = 0;
  for (let m = Math.floor(startMs / MINUTE); m * MINUTE < endMs; m++) {
    const day = Math.floor(m / 1440);
    if (off.has(day)) continue;
    const minuteOfDay = m - day * 1440;
    const wd = weekday(day);
    if (!segs.some((s) => s.days.includes(wd) && s.start <= minuteOfDay && minuteOfDay < s.end)) continue;
    total += Math.min(endMs, (m + 1) * MINUTE) - Math.max(startMs, m * MINUTE);
  }
  return total;
}

/**
 * The due instant, found by walking forward one minute at a time and spending the working
 * part of each minute: independent of the week tables and of ELAPSED. The earliest instant
 * at which `wantMs` business milliseconds have passed since `startMs`, or undefined when
 * more than `maxDays` days would be walked.
 */
export function naiveDueMs(
  segs: readonly Seg[],
  holidays: readonly number[],
  startMs: number,
  wantMs: number,
  maxDays = 60,
): number | undefined {
  if (wantMs === 0) return startMs;
  const off = new Set(holidays.map((h) => Math.floor(h)));
  let left = wantMs;
  let day = -1;
  let works: (minuteOfDay: number) => boolean = () => false;
  for (let m = Math.floor(startMs / MINUTE); m < Math.floor(startMs / MINUTE) + maxDays * 1440; m++) {
    const d = Math.floor(m / 1440);
    if (d !== day) {
      day = d;
      const wd = weekday(d);
      const today = segs.filter((s) => s.days.includes(wd));
      works = off.has(d) ? () => false : (minute) => today.some((s) => s.start <= minute && minute < s.end);
    }
    if (!works(m - d * 1440)) continue;
    const from = Math.max(startMs, m * MINUTE);
    const spent = (m + 1) * MINUTE - from;
    if (left <= spent) return from + left;
    left -= spent;
  }
  return undefined;
}

/** Times of day that hit the edges often: midnight, 24:00, whole hours, and anything else. */
const time = fc.oneof(fc.constantFrom(0, 1440, 540, 1020, 720), fc.integer({ min: 0, max: 1440 }));

/** A segment: some days, start < end, with whole days and 24:00 ends well represented. */
export const segArb: fc.Arbitrary<Seg> = fc
  .record({
    days: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
    a: time,
    b: time,
  })
  .filter(({ a, b }) => a !== b)
  .map(({ days, a, b }) => ({ days, start: Math.min(a, b), end: Math.max(a, b) }));

/** Several segments, possibly overlapping. */
export const calendarArb = fc.array(segArb, { minLength: 1, maxLength: 4 });

/** A span near a random day of 2023-2024 with holidays around it (repeats and disorder on purpose). */
export const spanArb = fc
  .record({
    day: fc.integer({ min: 44927, max: 45657 }),
    offset: fc.integer({ min: 0, max: DAY - 1 }),
    length: fc.oneof(
      fc.integer({ min: 0, max: 3 * DAY }),
      fc.integer({ min: 0, max: 3 * 1440 }).map((m) => m * MINUTE),
    ),
    holidayOffsets: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 5 }),
  })
  .map(({ day, offset, length, holidayOffsets }) => ({
    startMs: day * DAY + offset,
    endMs: day * DAY + offset + length,
    holidays: holidayOffsets.map((o) => day + o),
  }));

/** Compiles calendar text the test knows to be good. */
export function compiled(text: string, holidays?: number[]): Calendar {
  const cal = compileCalendar(text, holidays);
  if (isFailure(cal)) throw new Error(cal.message);
  return cal;
}

/** 2024-01-05, a Friday, and the Monday after it. */
export const FRI = 45296;
export const MON = FRI + 3;
/** The serial of a time of day on a serial day. */
export const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
