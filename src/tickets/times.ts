/**
 * Times in ticket exports: ISO 8601 with or without an offset, `YYYY-MM-DD HH:MM[:SS]`,
 * Excel serials from .xlsx files, and day/month dates only when their order is given
 * (`03/04/2024` is never guessed). A time with an offset is an instant; one without is a
 * local wall-clock time, converted to an instant later with the run's zone (zone.ts).
 */
import { ticketMessages } from "../errors";
import { END_SERIAL, MIN_SERIAL, MS_PER_DAY, isCalendarDate, utcMs } from "../serial";
import { EPOCH_SERIAL_MS } from "./zone";

/** Day and month order of `DD/MM/YYYY` or `MM/DD/YYYY` dates. */
export type DateOrder = "DMY" | "MDY";

/** A parsed time: epoch ms of an instant (`zoned` false) or of a wall-clock time read as UTC (`zoned` true: local). */
export interface ParsedTime {
  readonly ms: number;
  /** True when the text carried no offset: the time is local to the run's zone. */
  readonly local: boolean;
}

/** A time that could not be read, with the reason for the rejected-rows list. */
export interface TimeProblem {
  readonly reason: string;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?$/;

/** The first serial and the end of the supported range, as epoch ms. */
const MIN_MS = MIN_SERIAL * MS_PER_DAY - EPOCH_SERIAL_MS;
const END_MS = END_SERIAL * MS_PER_DAY - EPOCH_SERIAL_MS;

function build(
  text: string,
  y: number,
  mo: number,
  d: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | TimeProblem {
  if (mo < 1 || mo > 12 || d < 1 || hour > 23 || minute > 59 || second > 59) {
    return { reason: ticketMessages.impossibleTime(text) };
  }
  if (d > 28 && !isCalendarDate(y, mo, d)) return { reason: ticketMessages.impossibleTime(text) };
  // Every year as written: 0024 is the year 24, before the supported range (never 1924).
  const value = utcMs(y, mo, d, hour, minute, second, ms);
  if (value < MIN_MS || value >= END_MS) return { reason: ticketMessages.timeOutOfRange(text) };
  return value;
}

/** The clock fields a regex matched (absent ones are 0), as build takes them. */
function clockOf(m: RegExpExecArray, at: number): [number, number, number, number] {
  const [h, mi, s, frac] = [m[at], m[at + 1], m[at + 2], m[at + 3]];
  return [
    h === undefined ? 0 : Number(h),
    mi === undefined ? 0 : Number(mi),
    s === undefined ? 0 : Number(s),
    frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0")),
  ];
}

/** The value of the two digits at i, or NaN when either is not a digit. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * `YYYY-MM-DD HH:MM[:SS]` (or with `T`), the shape of nearly every export row, read without
 * the regex: the same local time ISO gives it, or undefined for any other shape.
 */
function quickLocal(text: string): number | TimeProblem | undefined {
  const n = text.length;
  if (n !== 16 && n !== 19) return undefined;
  const sep = text.charCodeAt(10);
  if (text[4] !== "-" || text[7] !== "-" || text[13] !== ":" || (n === 19 && text[16] !== ":")) return undefined;
  if (sep !== 32 && sep !== 84 && sep !== 116) return undefined; // " ", "T", "t"
  const y = two(text, 0) * 100 + two(text, 2);
  const [mo, d, h, mi] = [two(text, 5), two(text, 8), two(text, 11), two(text, 14)];
  const s = n === 19 ? two(text, 17) : 0;
  // A non-digit anywhere makes the sum NaN, which fails the comparison: such text goes to the regex.
  if (!(y + mo + d + h + mi + s >= 0)) return undefined;
  return build(text, y, mo, d, h, mi, s, 0);
}

/**
 * Reads one time cell of an export.
 * @param value - Text from a CSV or a cell, or an Excel serial (a local time).
 * @param order - How to read `DD/MM/YYYY`-style dates; undefined rejects them as ambiguous.
 * @returns The time, or the reason it cannot be read.
 * @example parseTime("2024-03-31T01:30:00Z") // => { ms: Date.UTC(2024, 2, 31, 1, 30), local: false }
 * @example parseTime("31/03/2024 09:15", "DMY") // => { ms: Date.UTC(2024, 2, 31, 9, 15), local: true }
 */
export function parseTime(value: unknown, order?: DateOrder): ParsedTime | TimeProblem {
  if (typeof value === "number") {
    if (!(value >= MIN_SERIAL && value < END_SERIAL)) return { reason: ticketMessages.timeOutOfRange(String(value)) };
    // Rounded as ELAPSED rounds serials, so a sheet's times agree with GOV.ELAPSED to the ms.
    return { ms: Math.round(value * MS_PER_DAY) - EPOCH_SERIAL_MS, local: true };
  }
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "") return { reason: ticketMessages.blankTime() };
  const quick = quickLocal(text);
  if (quick !== undefined) return typeof quick === "number" ? { ms: quick, local: true } : quick;
  let m = ISO.exec(text);
  if (m) {
    const ms = build(text, +m[1], +m[2], +m[3], ...clockOf(m, 4));
    if (typeof ms !== "number") return ms;
    const zone = m[8];
    if (zone === undefined) return { ms, local: true };
    if (zone === "Z" || zone === "z") return { ms, local: false };
    const digits = zone.replace(":", "");
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0");
    if (minutes > 18 * 60) return { reason: ticketMessages.impossibleTime(text) };
    return { ms: ms - (zone[0] === "-" ? -1 : 1) * minutes * 60_000, local: false };
  }
  m = DAY_MONTH.exec(text);
  if (m) {
    if (order === undefined) return { reason: ticketMessages.ambiguousDate(text) };
    const [day, month] = order === "DMY" ? [+m[1], +m[2]] : [+m[2], +m[1]];
    const ms = build(text, +m[3], month, day, ...clockOf(m, 4));
    return typeof ms === "number" ? { ms, local: true } : ms;
  }
  return { reason: ticketMessages.badTime(text) };
}

/** True for a parse outcome that is a problem. */
export function isTimeProblem(value: ParsedTime | TimeProblem): value is TimeProblem {
  return (value as TimeProblem).reason !== undefined;
}
