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
 * Reads an ISO 8601 date or date-time (UTC when no offset is given) as a serial.
 * @returns The serial, or undefined when the text is not an ISO date.
 * @example serialFromIso("2024-01-01") // => 45292
 */
export function serialFromIso(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +frac.padEnd(3, "0"));
  const check = new Date(Date.UTC(+y, +mo - 1, +d));
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return undefined;
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    ms -= sign * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
  }
  return serialFromEpochMs(ms);
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
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let value = Date.UTC(year, month - 1, day);
  if (year >= 0 && year < 100) value = new Date(value).setUTCFullYear(year);
  // Date.UTC rolls 31 April over to 1 May; a real date keeps its day (every month has a 28th).
  if (day > 28 && new Date(value).getUTCDate() !== day) return undefined;
  return value + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}
