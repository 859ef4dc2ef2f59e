/**
 * Calendar text and holidays compiled into the tables the business-time engine reads.
 *
 * A calendar is a set of working minutes in the week (Monday 00:00 = minute 0). Compiling
 * turns it into a table of cumulative working minutes at every minute of the week, the
 * runs of consecutive working minutes, and a sorted holiday list with prefix sums, so that
 * business time up to any instant costs O(1) plus a binary search over the holidays.
 */
import { Failure, Result, clipText, fail, isFailure, serviceMessages } from "../errors";
import { MINUTES_PER_DAY, MS_PER_DAY } from "../serial";
import { MINUTES_PER_WEEK, MONDAY_SHIFT_MS, MS_PER_MINUTE, MS_PER_WEEK } from "./instant";

/** One segment of calendar text: working from `start` to `end` (minutes of the day) on `days` (Mon = 0). */
export interface CalendarSegment {
  readonly days: readonly number[];
  readonly start: number;
  readonly end: number;
}

/** A compiled calendar with its holidays. Immutable; share it freely (see `createCalendarCache`). */
export interface Calendar {
  /** Working milliseconds in a week without holidays (always more than 0). */
  readonly weekMs: number;
  /** `cumulative[m]`: working minutes of the week before minute `m`; length 10081. */
  readonly cumulative: Uint16Array;
  /** Runs of consecutive working minutes of the week: `[runStart[j], runEnd[j])`, sorted. */
  readonly runStart: Int32Array;
  readonly runEnd: Int32Array;
  /** Holidays as day numbers (whole serials), sorted, without repeats. */
  readonly holidays: Float64Array;
  /** `holidayLoss[i]`: working milliseconds the first `i` holidays remove; length holidays + 1. */
  readonly holidayLoss: Float64Array;
  /** `holidayClock[i]`: business time (see `businessClock`) at the start of holiday `i`. */
  readonly holidayClock: Float64Array;
  /**
   * `holidayRank[d - holidays[0]]`: how many holidays fall before day `d`, for every day from the
   * first holiday to the last, so that a lookup is O(1). Empty when that range is longer than
   * {@link DENSE_HOLIDAY_DAYS} (then lookups binary-search `holidays`).
   */
  readonly holidayRank: Int32Array;
}

/** Longest range of days, first holiday to last, that gets an O(1) lookup table (512 KB; 359 years). */
export const DENSE_HOLIDAY_DAYS = 131_072;

const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function badCalendar(problem: string): Failure {
  return fail("#VALUE!", serviceMessages.badCalendar(problem));
}

/** A day name: its first three letters or more (Mon, Tues, Thursday), any case. */
function dayIndex(word: string): number {
  const w = word.toLowerCase();
  return w.length < 3 ? -1 : DAY_NAMES.findIndex((name) => name.startsWith(w));
}

/** DAYS: a day, a span `Mon-Fri` (a span may wrap: `Fri-Mon`), or a list of those separated by commas. */
function parseDays(text: string, segment: string): Result<number[]> {
  const days = new Set<number>();
  for (const raw of text.split(",")) {
    const item = raw.trim();
    const ends = item.split("-").map((s) => s.trim());
    const idx = ends.map(dayIndex);
    if (item === "" || ends.length > 2 || idx.some((i) => i < 0)) {
      const what =
        item === ""
          ? `segment "${clipText(segment)}" is missing a day name`
          : `"${clipText(item)}" is not a day or a span of days`;
      return badCalendar(`${what} (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun).`);
    }
    const [from, to = from] = idx;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** HH:MM from 00:00 to 24:00, as minutes of the day. */
function parseTime(text: string): Result<number> {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= MINUTES_PER_DAY)) {
    return badCalendar(`"${clipText(text)}" is not a time from 00:00 to 24:00.`);
  }
  return minutes;
}

/**
 * Reads calendar text into segments. A blank text or `24x7` (any case) is every minute of the week.
 * Cost: O(length of the text), whatever its runs of spaces.
 * @param text - The calendar text (see `CALENDAR_GRAMMAR`).
 * @returns The segments in the order written, or a `#VALUE!` failure saying what is wrong
 *   and showing the grammar.
 * @example parseCalendar("Mon-Fri 09:00-17:00") // => [{ days: [0, 1, 2, 3, 4], start: 540, end: 1020 }]
 */
export function parseCalendar(text: string): Result<CalendarSegment[]> {
  const trimmed = text.trim();
  if (trimmed === "" || /^24\s*x\s*7$/i.test(trimmed)) {
    return [{ days: [0, 1, 2, 3, 4, 5, 6], start: 0, end: MINUTES_PER_DAY }];
  }
  const segments: CalendarSegment[] = [];
  // A trailing ";" (or ";;") is harmless; only non-empty pieces are segments.
  for (const piece of trimmed.split(";")) {
    const segment = piece.trim();
    if (segment === "") continue;
    // The times are found from the end and the days are what comes before: a pattern such
    // as ^(.*?)\s*TIME backtracks over every run of spaces again for each start, which made
    // "Mon" + 100,000 spaces + "x" take seconds. Each start position here fails at once
    // unless it is a digit, so the search is linear in the text.
    const m = /(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(segment);
    if (!m) return badCalendar(`segment "${clipText(segment)}" is not DAYS HH:MM-HH:MM.`);
    const days = parseDays(segment.slice(0, m.index).trim(), segment);
    if (isFailure(days)) return days;
    const start = parseTime(m[1]);
    if (isFailure(start)) return start;
    const end = parseTime(m[2]);
    if (isFailure(end)) return end;
    if (start >= end) {
      return badCalendar(
        `in segment "${clipText(segment)}" the start ${m[1]} is not before the end ${m[2]}; ` +
          "split a window that crosses midnight into two segments (for example Mon 22:00-24:00; Tue 00:00-06:00).",
      );
    }
    segments.push({ days, start, end });
  }
  if (segments.length === 0) return badCalendar(`"${clipText(text)}" has no segments.`);
  return segments;
}

/** First index `i` with `sorted[i] >= value` (the count of elements below `value`). Cost: O(log n). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Hot-path copies: a module's own constants are plain locals under every loader (webpack,
// ts-jest, tsx), while an imported binding may be a property read on each use.
const SHIFT = MONDAY_SHIFT_MS;
const WEEK = MS_PER_WEEK;
const MINUTE = MS_PER_MINUTE;

/**
 * Working milliseconds from the start of the week table's epoch to `ms`, ignoring holidays.
 * Cost: O(1): whole weeks times the week's total, plus one table read.
 */
export function weekClock(cal: Calendar, ms: number): number {
  const u = ms + SHIFT;
  const weeks = Math.floor(u / WEEK);
  const inWeek = u - weeks * WEEK;
  const minute = Math.floor(inWeek / MINUTE);
  const before = cal.cumulative[minute];
  // (cumulative[minute + 1] - before) is 1 for a working minute and 0 otherwise.
  return weeks * cal.weekMs + before * MINUTE + (cal.cumulative[minute + 1] - before) * (inWeek - minute * MINUTE);
}

/**
 * Compiles calendar text and holidays. Cost: O(10080 + h log h + d) for h holidays spread over
 * d days (d capped at {@link DENSE_HOLIDAY_DAYS}); compile once
 * and reuse (see `createCalendarCache`). The holidays are copied, never mutated.
 * @param text - Calendar text (see `CALENDAR_GRAMMAR`); blank means `24x7`.
 * @param holidays - Holiday dates as serials, in any order, repeats allowed; the fraction is ignored.
 * @returns The compiled calendar, or a `#VALUE!` failure for bad calendar text.
 * @example compileCalendar("Mon-Fri 09:00-17:00", [45292]) // => a Calendar with weekMs 144000000
 */
export function compileCalendar(text: string, holidays: readonly number[] = []): Result<Calendar> {
  const segments = parseCalendar(text);
  if (isFailure(segments)) return segments;
  const working = new Uint8Array(MINUTES_PER_WEEK);
  for (const s of segments) {
    for (const d of s.days) working.fill(1, d * MINUTES_PER_DAY + s.start, d * MINUTES_PER_DAY + s.end);
  }
  const cumulative = new Uint16Array(MINUTES_PER_WEEK + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let m = 0; m < MINUTES_PER_WEEK; m++) {
    cumulative[m + 1] = cumulative[m] + working[m];
    if (working[m] && (m === 0 || !working[m - 1])) starts.push(m);
    if (working[m] && (m === MINUTES_PER_WEEK - 1 || !working[m + 1])) ends.push(m + 1);
  }
  const partial: Calendar = {
    weekMs: cumulative[MINUTES_PER_WEEK] * MS_PER_MINUTE,
    cumulative,
    runStart: Int32Array.from(starts),
    runEnd: Int32Array.from(ends),
    holidays: new Float64Array(0),
    holidayLoss: new Float64Array(1),
    holidayClock: new Float64Array(0),
    holidayRank: new Int32Array(0),
  };
  const days = Float64Array.from(new Set(holidays.map((h) => Math.floor(h)))).sort();
  const loss = new Float64Array(days.length + 1);
  const clock = new Float64Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const dayStart = weekClock(partial, days[i] * MS_PER_DAY);
    clock[i] = dayStart - loss[i];
    loss[i + 1] = loss[i] + weekClock(partial, (days[i] + 1) * MS_PER_DAY) - dayStart;
  }
  const range = days.length ? days[days.length - 1] - days[0] + 1 : 0;
  const rank = new Int32Array(range <= DENSE_HOLIDAY_DAYS ? range : 0);
  for (let i = 0, k = 0; i < rank.length; i++) {
    if (days[0] + i > days[k]) k++;
    rank[i] = k;
  }
  return { ...partial, holidays: days, holidayLoss: loss, holidayClock: clock, holidayRank: rank };
}
