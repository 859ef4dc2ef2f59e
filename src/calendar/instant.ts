/**
 * Instants for the business-time engine: whole milliseconds since serial 0.
 *
 * Serial fractions are binary floating point (17:00 is 0.708333...), so the engine never
 * does arithmetic on them: it rounds each serial to whole milliseconds once and works in
 * integers from there. The largest instant (serial 2958466) is about 2.6e14 ms, far below
 * 2^53, so sums and differences stay exact. One millisecond is the resolution of every
 * result: finer than Excel shows a time, coarse enough that 17:00 typed in a cell and
 * 17:00 computed as 9:00 + 8 hours are the same instant.
 */
import { MINUTES_PER_DAY, MS_PER_DAY } from "../serial";

/** Milliseconds in a minute, an hour and a week. */
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
export const MS_PER_WEEK = 7 * MS_PER_DAY;
/**
 * Adding this to an instant makes whole weeks start on Monday 00:00: serial 2 (1900-01-02)
 * was a Monday in Excel's numbering (see `weekdayOf`), and 2 + 5 = 7.
 */
export const MONDAY_SHIFT_MS = 5 * MS_PER_DAY;

/**
 * Rounds a serial to whole milliseconds. @example serialToMs(45000.5) // => 3888043200000
 */
export function serialToMs(serial: number): number {
  return Math.round(serial * MS_PER_DAY);
}

/** The serial of an instant. @example msToSerial(3888043200000) // => 45000.5 */
export function msToSerial(ms: number): number {
  return ms / MS_PER_DAY;
}
