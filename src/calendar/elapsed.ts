/**
 * Business time between two instants: ELAPSED.
 *
 * `businessClock` is a running count of working milliseconds since a fixed epoch; business
 * time in [start, end) is the difference of two clock readings. Each reading costs O(1) in
 * the span (whole weeks times the week's total, one table read) plus a binary search over
 * the holidays, and allocates nothing.
 */
import { Result, fail, serviceMessages } from "../errors";
import { MS_PER_DAY } from "../serial";
import { Calendar, lowerBound, weekClock } from "./compile";
import { MS_PER_HOUR, serialToMs } from "./instant";

/**
 * Working milliseconds from the epoch to `ms`, holidays excluded: non-decreasing, rising
 * by 1 per millisecond inside working windows and flat outside them.
 * Cost: O(log h) for h holidays (O(1) without).
 * @example businessClock(compileCalendar("24x7") as Calendar, 86_400_000) // => 86400000
 */
export function businessClock(cal: Calendar, ms: number): number {
  const clock = weekClock(cal, ms);
  const holidays = cal.holidays;
  if (holidays.length === 0) return clock;
  const day = Math.floor(ms / MS_PER_DAY);
  const k = lowerBound(holidays, day);
  // Inside holiday k the clock stands still at its reading for the start of that day.
  if (k < holidays.length && holidays[k] === day) return cal.holidayClock[k];
  return clock - cal.holidayLoss[k];
}

/**
 * Business milliseconds in [startMs, endMs), for instants already rounded by `serialToMs`.
 * Cost: two `businessClock` readings.
 * @example businessMs(compileCalendar("24x7") as Calendar, 0, 60_000) // => 60000
 */
export function businessMs(cal: Calendar, startMs: number, endMs: number): number {
  return businessClock(cal, endMs) - businessClock(cal, startMs);
}

/**
 * Business hours in [start, end): ELAPSED. Serials are rounded to whole milliseconds.
 * Cost: O(log h) for h holidays, whatever the span; no allocation.
 * @param cal - A compiled calendar (see `compileCalendar`).
 * @param start - Start, an Excel serial.
 * @param end - End, an Excel serial, not before start.
 * @returns Business hours, or a `#VALUE!` failure when end is before start.
 * @example
 * // Friday 2024-01-05 16:30 to Monday 2024-01-08 10:00, Mon-Fri 09:00-17:00
 * elapsedHours(compileCalendar("Mon-Fri 09:00-17:00") as Calendar, 45296.6875, 45299 + 10 / 24) // => 1.5
 */
export function elapsedHours(cal: Calendar, start: number, end: number): Result<number> {
  const s = serialToMs(start);
  const e = serialToMs(end);
  if (e < s) return fail("#VALUE!", serviceMessages.endBeforeStart("end", "start"));
  return businessMs(cal, s, e) / MS_PER_HOUR;
}
