/**
 * Business time between two instants: ELAPSED.
 *
 * `businessClock` is a running count of working milliseconds since a fixed epoch; business
 * time in [start, end) is the difference of two clock readings. Each reading costs O(1)
 * whatever the span (whole weeks times the week's total, one read of the week table, one of
 * the holiday rank table), and allocates nothing.
 */
import { Result, fail, serviceMessages } from "../errors";
import { MS_PER_DAY } from "../serial";
import { Calendar, lowerBound, weekClock } from "./compile";
import { MS_PER_HOUR } from "./instant";

// Hot-path copies of imported constants (see compile.ts).
const DAY = MS_PER_DAY;
const HOUR = MS_PER_HOUR;

/**
 * How many holidays fall before `day` (a whole serial). Cost: O(1) from the rank table, or
 * O(log h) when the holidays span more than `DENSE_HOLIDAY_DAYS`.
 * @example holidayRank(compileCalendar("24x7", [45299, 45301]) as Calendar, 45300) // => 1
 */
export function holidayRank(cal: Calendar, day: number): number {
  const holidays = cal.holidays;
  const rank = cal.holidayRank;
  const i = day - holidays[0];
  if (!(i > 0)) return 0; // on or before the first holiday, or no holidays (i is NaN)
  if (i < rank.length) return rank[i];
  return day > holidays[holidays.length - 1] ? holidays.length : lowerBound(holidays, day);
}

/**
 * Working milliseconds from the epoch to `ms`, holidays excluded: non-decreasing, rising
 * by 1 per millisecond inside working windows and flat outside them.
 * Cost: O(1) (O(log h) only for h holidays spread over more than `DENSE_HOLIDAY_DAYS`).
 * @example businessClock(compileCalendar("24x7") as Calendar, 86_400_000) // => 86400000
 */
export function businessClock(cal: Calendar, ms: number): number {
  const clock = weekClock(cal, ms);
  const holidays = cal.holidays;
  if (holidays.length === 0) return clock;
  const day = Math.floor(ms / DAY);
  const k = holidayRank(cal, day);
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
 * Cost: O(1) whatever the span (see `businessClock`); no allocation.
 * @param cal - A compiled calendar (see `compileCalendar`).
 * @param start - Start, an Excel serial.
 * @param end - End, an Excel serial, not before start.
 * @param at - The position inside a range, for the message.
 * @returns Business hours, or a `#VALUE!` failure when end is before start.
 * @example
 * // Friday 2024-01-05 16:30 to Monday 2024-01-08 10:00, Mon-Fri 09:00-17:00
 * elapsedHours(compileCalendar("Mon-Fri 09:00-17:00") as Calendar, 45296.6875, 45299 + 10 / 24) // => 1.5
 */
export function elapsedHours(cal: Calendar, start: number, end: number, at?: string): Result<number> {
  // serialToMs, inlined: this runs twice per cell of a spill.
  const s = Math.round(start * DAY);
  const e = Math.round(end * DAY);
  if (e < s) return fail("#VALUE!", serviceMessages.endBeforeStart("end", "start", at));
  return businessMs(cal, s, e) / HOUR;
}
