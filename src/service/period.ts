/**
 * Review periods: calendar months, keyed "YYYY-MM". A Period cell holds the first day of the
 * month as a date (a serial); any day of the month, or "2026-05" / "2026-05-01" text, names
 * the same month. Pure arithmetic on year and month: nothing depends on the machine's TZ.
 */
import { CellValue, textOf } from "../governance/model";
import { parseDate } from "../governance/values";
import { serialFromIso, serialToIso } from "../serial";

const MONTH_KEY = /^(\d{4})-(\d{2})$/;

/**
 * The month a Period cell names.
 * @returns The key "YYYY-MM", or undefined when the cell names no month.
 * @example periodOf(46143) // => "2026-05"
 * @example periodOf("2026-05") // => "2026-05"
 */
export function periodOf(value: CellValue): string | undefined {
  if (typeof value === "string" && MONTH_KEY.test(value.trim())) {
    return serialFromIso(`${value.trim()}-01`) === undefined ? undefined : value.trim();
  }
  const serial = parseDate(value);
  if (serial === undefined || textOf(value) === "") return undefined;
  return serialToIso(Math.floor(serial)).slice(0, 7);
}

/** True for a well-formed month key. @example isPeriodKey("2026-13") // => false */
export function isPeriodKey(text: string): boolean {
  return MONTH_KEY.test(text) && serialFromIso(`${text}-01`) !== undefined;
}

/** The serial of a month's first day. @example periodSerial("2024-01") // => 45292 */
export function periodSerial(period: string): number {
  return serialFromIso(`${period}-01`)!;
}

/**
 * The month `offset` months after (or before, when negative) a month.
 * @example addMonths("2026-01", -1) // => "2025-12"
 */
export function addMonths(period: string, offset: number): string {
  const [y, m] = period.split("-").map(Number);
  const index = y * 12 + (m - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * The `count` months ending with `period`, oldest first.
 * @example monthsEnding("2026-02", 3) // => ["2025-12", "2026-01", "2026-02"]
 */
export function monthsEnding(period: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(period, i - count + 1));
}
