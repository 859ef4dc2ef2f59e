/**
 * Due dates: DUE, the inverse of ELAPSED.
 *
 * The due moment is the earliest instant whose business clock (see `businessClock`) reaches
 * the start's reading plus the hours. Whole weeks are jumped by division, the holiday that
 * matters is found by binary search, and the instant inside the week by binary search over
 * the week's working runs: O(log h + log r), never stepping through time.
 */
import { Result, fail, messages, serviceMessages } from "../errors";
import { END_SERIAL, MS_PER_DAY } from "../serial";
import { Calendar, lowerBound } from "./compile";
import { businessClock } from "./elapsed";
import { MONDAY_SHIFT_MS, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_WEEK, msToSerial, serialToMs } from "./instant";

const END_MS = END_SERIAL * MS_PER_DAY;

/** The earliest instant whose clock, ignoring holidays, reaches `target` (> 0). Cost: O(log runs). */
function weekInstant(cal: Calendar, target: number): number {
  const week = cal.weekMs;
  // Whole weeks before the target; the remainder lies in (0, week]. Division may be off by one
  // for large targets, so the remainder is corrected in exact integers.
  let weeks = Math.floor(target / week);
  let rest = target - weeks * week;
  if (rest <= 0) {
    weeks -= 1;
    rest += week;
  } else if (rest > week) {
    weeks += 1;
    rest -= week;
  }
  // The run holding the rest-th working millisecond: the first whose cumulative end reaches it.
  const runs = cal.runStart.length;
  let lo = 0;
  let hi = runs - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cal.cumulative[cal.runEnd[mid]] * MS_PER_MINUTE < rest) lo = mid + 1;
    else hi = mid;
  }
  const start = cal.runStart[lo];
  const inWeek = start * MS_PER_MINUTE + rest - cal.cumulative[start] * MS_PER_MINUTE;
  return weeks * MS_PER_WEEK + inWeek - MONDAY_SHIFT_MS;
}

/**
 * The earliest instant whose business clock reaches `target`, which must exceed the clock at
 * some earlier instant. Holidays keep the clock flat, so the holidays whose start reading is
 * below the target are all passed; their loss is added back before the week search.
 * Cost: O(log h + log runs).
 */
export function instantAtClock(cal: Calendar, target: number): number {
  const k = lowerBound(cal.holidayClock, target);
  return weekInstant(cal, target + cal.holidayLoss[k]);
}

/**
 * The due date: the earliest serial t >= start with ELAPSED(start, t) = hours.
 * At the end of a working window the due date is that end (17:00), not the next window's
 * start. Hours are rounded to whole milliseconds; 0 hours gives the start itself.
 * Cost: O(log h + log r) for h holidays and r working runs in the week.
 * @param cal - A compiled calendar (see `compileCalendar`).
 * @param start - Start, an Excel serial.
 * @param hours - Business hours, 0 or more.
 * @param at - The position inside a range, for the message.
 * @returns The due date as a serial, or a `#VALUE!` failure (negative hours, or past 9999-12-31).
 * @example
 * // Opened Friday 2024-01-05 16:30, 8 business hours on Mon-Fri 09:00-17:00: Monday 16:30
 * dueAt(compileCalendar("Mon-Fri 09:00-17:00") as Calendar, 45296.6875, 8) // => 45299.6875
 */
export function dueAt(cal: Calendar, start: number, hours: number, at?: string): Result<number> {
  if (!Number.isFinite(hours)) return fail("#VALUE!", messages.notFinite("hours", at));
  if (hours < 0) return fail("#VALUE!", messages.negative("hours", hours, at));
  const wanted = Math.round(hours * MS_PER_HOUR);
  if (wanted === 0) return start;
  if (wanted >= END_MS) return fail("#VALUE!", serviceMessages.dueTooLate("hours", hours, at));
  const due = instantAtClock(cal, businessClock(cal, serialToMs(start)) + wanted);
  if (due >= END_MS) return fail("#VALUE!", serviceMessages.dueTooLate("hours", hours, at));
  return msToSerial(due);
}
