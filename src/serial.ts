/**
 * Excel serial dates (1900 date system). The 1900 rules live only here.
 *
 * Serial 1 is 1900-01-01 and the fraction is the time of day. Excel counts a
 * 1900-02-29 that never existed, so serials before 61 (1900-03-01) are rejected.
 * Nothing here depends on the machine's time zone: all conversions are UTC.
 */
import { fail, messages, Result } from "./errors";

/** The first supported serial: 1900-03-01. */
export const MIN_SERIAL = 61;
/** The first serial past the supported range: 10000-01-01. Excel's last date is 9999-12-31. */
export const END_SERIAL = 2958466;
/** Serial of 1970-01-01, the Unix epoch. */
export const UNIX_EPOCH_SERIAL = 25569;
/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;
/** Minutes in a day. */
export const MINUTES_PER_DAY = 1440;

/**
 * Checks that a number is a supported serial date.
 * @param value - The number from the cell.
 * @param arg - The argument name, for the message.
 * @param at - Optional position text, for the message.
 * @returns The serial, or a `#VALUE!` failure.
 * @example checkSerial(45000, "start") // => 45000
 */
export function checkSerial(value: number, arg: string, at?: string): Result<number> {
  if (!Number.isFinite(value)) return fail("#VALUE!", messages.notFinite(arg, at));
  if (value < MIN_SERIAL) return fail("#VALUE!", messages.serialTooEarly(arg, value, at));
  if (value >= END_SERIAL) return fail("#VALUE!", messages.serialTooLate(arg, value, at));
  return value;
}

/**
 * Day of the week of a serial, Monday = 0 ... Sunday = 6 (valid from serial 61).
 * @example weekdayOf(61) // => 3 (1900-03-01 was a Thursday)
 */
export function weekdayOf(serial: number): number {
  return (((Math.floor(serial) + 5) % 7) + 7) % 7;
}

/**
 * Converts a UTC instant in milliseconds since 1970 to a serial.
 * @example serialFromEpochMs(0) // => 25569
 */
export function serialFromEpochMs(ms: number): number {
  return ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/**
 * Converts a serial to an ISO 8601 text in UTC (date only when the serial is whole).
 * @example serialToIso(45292) // => "2024-01-01"
 * @example serialToIso(45292.5) // => "2024-01-01T12:00:00.000Z"
 */
export function serialToIso(serial: number): string {
  const ms = Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY);
  const iso = new Date(ms).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso;
}

/**
 * The instant a date-time serial names, as ISO 8601 text in UTC to the millisecond (the form of
 * `Date.prototype.toISOString`), a whole serial included (midnight). The serial is rounded to
 * the nearest millisecond: a serial kept to 15 significant digits (as Excel and LibreOffice save
 * one) is within 0.01 ms of the instant written, so the text read back is the text written.
 * @example serialToInstant(45292) // => "2024-01-01T00:00:00.000Z"
 * @example serialToInstant(serialFromEpochMs(Date.parse("2026-09-05T10:30:00.123Z"))) // => "2026-09-05T10:30:00.123Z"
 */
export function serialToInstant(serial: number): string {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY)).toISOString();
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, for any year. `Date.UTC`
 * is not used for dates: it reads years 0-99 as 1900-1999, so `0024-03-04` became 1924-03-04.
 * Cost: O(1) (whole 400-year eras, then the year, month and day in closed form).
 * @param year - The full year (24 is the year 24, not 1924).
 * @param month - 1-12.
 * @param day - 1-31; not checked against the month (see {@link isCalendarDate}).
 * @example daysFromCivil(1970, 1, 1) // => 0
 * @example daysFromCivil(24, 3, 4) // => -710555
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Years counted from March, so the leap day is the last day of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * True when the day exists in that month of that year (31 April and 29 February 2023 do not).
 * @example isCalendarDate(2024, 2, 29) // => true
 */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !(month >= 1 && month <= 12) || !Number.isInteger(month)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return Number.isInteger(day) && day >= 1 && day <= length;
}

/**
 * True for a serial in the supported range, 1900-03-01 (serial 61) up to 9999-12-31 inclusive.
 * @example inSupportedRange(60) // => false
 */
export function inSupportedRange(serial: number): boolean {
  return serial >= MIN_SERIAL && serial < END_SERIAL;
}

/**
 * Reads an ISO 8601 date or date-time (UTC when no offset is given) as a serial. Every year is
 * read as written (`0024` is the year 24), and a date outside the supported range
 * (1900-03-01 to 9999-12-31) is refused like text that is not a date.
 * @returns The serial, or undefined when the text is not an ISO date in the supported range.
 * @example serialFromIso("2024-01-01") // => 45292
 * @example serialFromIso("0024-03-04") // => undefined (not 1924-03-04)
 */
export function serialFromIso(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m;
  let ms = epochMsOfFields(+y, +mo, +d, +h, +mi, +s, +frac.padEnd(3, "0"));
  if (ms === undefined) return undefined;
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    ms -= sign * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
  }
  const serial = serialFromEpochMs(ms);
  return inSupportedRange(serial) ? serial : undefined;
}

/**
 * Epoch milliseconds of a wall-clock date and time read as UTC: the one conversion from
 * calendar fields every date reader goes through. Years are taken as written (0024 is the
 * year 24, never 1924: `Date.UTC` would add 1900 to years 0..99).
 * @returns The milliseconds, or undefined when the fields name no real date and time
 *   (month 13, 31 April, 29 February of a common year, hour 24, minute 60).
 * @example epochMsOfFields(2024, 2, 29, 12, 0, 0, 0) // => Date.UTC(2024, 1, 29, 12)
 * @example epochMsOfFields(2023, 2, 29, 0, 0, 0, 0) // => undefined
 */
export function epochMsOfFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | undefined {
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}
