/**
 * The one date reader of every importer (upgrade, tickets, review, results). It reads:
 * - Excel date cells (serials; the time of day is the fraction);
 * - ISO 8601 dates and date-times, with or without an offset (`2024-03-31T09:15:00+02:00`),
 *   and `YYYY-MM-DD HH:MM[:SS[.fff]]`;
 * - day-month-year and month-day-year dates with `/`, `-` or `.` between the parts and an
 *   optional time (`30.09.2024`, `1/15/2022 3:05 PM`, `31-03-2024 09:15`, ServiceNow's form).
 *
 * Day and month are never guessed from one value: a column's order is given (`--date-order`),
 * or inferred from the whole column when it is unambiguous (some day above 12, none saying
 * the other order), or the column is refused naming `--date-order DMY|MDY`. A time with an
 * offset is an instant; one without is a wall-clock time of the run's zone. Calendar fields
 * become milliseconds only through `epochMsOfFields` in serial.ts (the 1900 rules live there).
 */
import { importMessages, ticketMessages } from "../errors";
import { END_SERIAL, MIN_SERIAL, MS_PER_DAY, UNIX_EPOCH_SERIAL, epochMsOfFields, serialFromEpochMs } from "../serial";

/** Day and month order of `DD/MM/YYYY` or `MM/DD/YYYY` dates. */
export type DateOrder = "DMY" | "MDY";

/** The orders, as options take them. */
export const DATE_ORDERS: readonly DateOrder[] = ["DMY", "MDY"];

/** A parsed time: epoch ms of an instant (`local` false) or of a wall-clock time read as UTC (`local` true). */
export interface ParsedTime {
  readonly ms: number;
  /** True when the text carried no offset: the time is local to the run's zone. */
  readonly local: boolean;
}

/** A time that could not be read, with the reason for the rejected-rows list. */
export interface TimeProblem {
  readonly reason: string;
}

/** A day/month date read without an order: what each order makes of it. */
export interface UndecidedTime {
  readonly undecided: true;
  readonly text: string;
  readonly dmy: ParsedTime | TimeProblem;
  readonly mdy: ParsedTime | TimeProblem;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** `31/03/2024`, `3-31-2024`, `31.03.2024`, each with an optional time and AM/PM; the two separators agree. */
const DAY_MONTH =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:(?:T|,?\s+)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d+))?)?(?:\s*([ap])\.?m\.?)?)?$/i;

/** The first serial and the end of the supported range, as epoch ms. */
const MIN_MS = (MIN_SERIAL - UNIX_EPOCH_SERIAL) * MS_PER_DAY;
const END_MS = (END_SERIAL - UNIX_EPOCH_SERIAL) * MS_PER_DAY;

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
  const value = epochMsOfFields(y, mo, d, hour, minute, second, ms);
  if (value === undefined) return { reason: ticketMessages.impossibleTime(text) };
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
  const mo = two(text, 5);
  const d = two(text, 8);
  const h = two(text, 11);
  const mi = two(text, 14);
  const s = n === 19 ? two(text, 17) : 0;
  // A non-digit anywhere makes the sum NaN, which fails the comparison: such text goes to the regex.
  if (!(y + mo + d + h + mi + s >= 0)) return undefined;
  return build(text, y, mo, d, h, mi, s, 0);
}

/** Reads a day/month match in one order. */
function dayMonthIn(text: string, m: RegExpExecArray, order: DateOrder): ParsedTime | TimeProblem {
  const [a, b] = [+m[1], +m[3]];
  const [day, month] = order === "DMY" ? [a, b] : [b, a];
  let [hour, minute, second, ms] = clockOf(m, 5);
  const half = m[9]?.toLowerCase();
  if (half !== undefined) {
    // 12:30 AM is 00:30, 12:30 PM is 12:30; an AM/PM hour is 1..12.
    if (hour < 1 || hour > 12) return { reason: ticketMessages.impossibleTime(text) };
    hour = (hour % 12) + (half === "p" ? 12 : 0);
  }
  const value = build(text, +m[4], month, day, hour, minute, second, ms);
  return typeof value === "number" ? { ms: value, local: true } : value;
}

/** True for a parse outcome that is a problem. */
export function isTimeProblem(value: ParsedTime | TimeProblem | UndecidedTime): value is TimeProblem {
  return (value as TimeProblem).reason !== undefined;
}

/** True for a day/month date read without an order. */
export function isUndecided(value: ParsedTime | TimeProblem | UndecidedTime): value is UndecidedTime {
  return (value as UndecidedTime).undecided === true;
}

/**
 * Reads one date or time cell, leaving a day/month date without an order undecided (both
 * readings kept) so a caller can settle the order for the whole column. Cost: O(length).
 * @param value - Text from a CSV or a cell, or an Excel serial (a local time).
 * @param order - How to read `DD/MM/YYYY`-style dates; undefined leaves them undecided.
 * @returns The time, the reason it cannot be read, or both readings of a day/month date.
 * @example readTimeCell("31/03/2024 09:15") // => { undecided: true, dmy: { ms: Date.UTC(2024, 2, 31, 9, 15), local: true }, mdy: { reason: ... } }
 */
export function readTimeCell(value: unknown, order?: DateOrder): ParsedTime | TimeProblem | UndecidedTime {
  if (typeof value === "number") {
    if (!(value >= MIN_SERIAL && value < END_SERIAL)) return { reason: ticketMessages.timeOutOfRange(String(value)) };
    // Rounded as ELAPSED rounds serials, so a sheet's times agree with GOV.ELAPSED to the ms.
    return { ms: Math.round(value * MS_PER_DAY) - UNIX_EPOCH_SERIAL * MS_PER_DAY, local: true };
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
    if (order !== undefined) return dayMonthIn(text, m, order);
    return { undecided: true, text, dmy: dayMonthIn(text, m, "DMY"), mdy: dayMonthIn(text, m, "MDY") };
  }
  return { reason: ticketMessages.badTime(text) };
}

/**
 * Reads one time cell; a day/month date without an order is a problem naming `--date-order`.
 * @param value - Text from a CSV or a cell, or an Excel serial (a local time).
 * @param order - How to read `DD/MM/YYYY`-style dates; undefined rejects them as ambiguous.
 * @returns The time, or the reason it cannot be read.
 * @example readTime("2024-03-31T01:30:00Z") // => { ms: Date.UTC(2024, 2, 31, 1, 30), local: false }
 * @example readTime("31-03-2024 09:15", "DMY") // => { ms: Date.UTC(2024, 2, 31, 9, 15), local: true }
 */
export function readTime(value: unknown, order?: DateOrder): ParsedTime | TimeProblem {
  const read = readTimeCell(value, order);
  return isUndecided(read) ? { reason: ticketMessages.ambiguousDate(read.text) } : read;
}

/** What a column's day/month dates say about their order. */
export type OrderInference =
  /** No day/month date in the column: the order does not matter. */
  | { readonly kind: "none" }
  /** Given by the user. */
  | { readonly kind: "given"; readonly order: DateOrder }
  /** Only one order reads every date, and some date shows it (`example` has a day above 12). */
  | { readonly kind: "inferred"; readonly order: DateOrder; readonly example: string }
  /** Every date reads both ways (no day above 12). */
  | { readonly kind: "ambiguous"; readonly example: string }
  /** Some dates read only as DMY, others only as MDY. */
  | { readonly kind: "contradictory"; readonly dmyExample: string; readonly mdyExample: string };

/** Collects the evidence of a column's dates, one value at a time (a streamed export never exists as an array). */
export interface OrderTally {
  /** Notes one reading (other readings than undecided ones are ignored). */
  add(read: ParsedTime | TimeProblem | UndecidedTime): void;
  /** The inference from everything added. */
  result(): OrderInference;
}

/**
 * A tally for one column's order. Cost: O(1) per value.
 * @param given - The order the user gave, if any: it wins.
 * @example const t = orderTally(); t.add(readTimeCell("31/03/2024")); t.result() // => { kind: "inferred", order: "DMY", example: "31/03/2024" }
 */
export function orderTally(given?: DateOrder): OrderTally {
  let dmyOnly: string | undefined;
  let mdyOnly: string | undefined;
  let both: string | undefined;
  return {
    add(read) {
      if (given !== undefined || !isUndecided(read)) return;
      const dmy = !isTimeProblem(read.dmy);
      const mdy = !isTimeProblem(read.mdy);
      if (dmy && mdy) both ??= read.text;
      else if (dmy) dmyOnly ??= read.text;
      else if (mdy) mdyOnly ??= read.text;
    },
    result() {
      if (given !== undefined) return { kind: "given", order: given };
      if (dmyOnly !== undefined && mdyOnly !== undefined) {
        return { kind: "contradictory", dmyExample: dmyOnly, mdyExample: mdyOnly };
      }
      if (dmyOnly !== undefined) return { kind: "inferred", order: "DMY", example: dmyOnly };
      if (mdyOnly !== undefined) return { kind: "inferred", order: "MDY", example: mdyOnly };
      if (both !== undefined) return { kind: "ambiguous", example: both };
      return { kind: "none" };
    },
  };
}

/**
 * The order of a column's dates: given, or inferred from all its values. Cost: O(values).
 * @param values - The column's cells.
 * @param given - The order the user gave, if any.
 * @returns The inference.
 * @example inferDateOrder(["01/02/2024", "15/02/2024"]) // => { kind: "inferred", order: "DMY", example: "15/02/2024" }
 * @example inferDateOrder(["01/02/2024"]).kind // => "ambiguous"
 */
export function inferDateOrder(values: Iterable<unknown>, given?: DateOrder): OrderInference {
  const tally = orderTally(given);
  if (given === undefined) for (const v of values) if (typeof v === "string") tally.add(readTimeCell(v));
  return tally.result();
}

/**
 * The order an inference settles on, or the sentence refusing the column (naming
 * `--date-order DMY|MDY` and the values that make it ambiguous or contradictory).
 * @param inference - From `inferDateOrder` or an `OrderTally`.
 * @param column - The column, for the message ("Due", "column C").
 * @returns The order (undefined when none is needed), or the refusal's text.
 * @example settleDateOrder({ kind: "inferred", order: "DMY", example: "31/03/2024" }, "Due") // => { order: "DMY" }
 */
export function settleDateOrder(
  inference: OrderInference,
  column: string,
): { readonly order?: DateOrder } | { readonly refusal: string } {
  switch (inference.kind) {
    case "none":
      return {};
    case "given":
    case "inferred":
      return { order: inference.order };
    case "ambiguous":
      return { refusal: importMessages.ambiguousColumn(column, inference.example) };
    case "contradictory":
      return { refusal: importMessages.contradictoryColumn(column, inference.dmyExample, inference.mdyExample) };
  }
}

/**
 * A sentence for the preview saying how a column's dates are read, or "" when the order
 * does not matter.
 * @example orderNote({ kind: "inferred", order: "DMY", example: "31/03/2024" }) // => 'DMY (inferred: "31/03/2024" has a day above 12)'
 */
export function orderNote(inference: OrderInference): string {
  switch (inference.kind) {
    case "given":
      return importMessages.orderGiven(inference.order);
    case "inferred":
      return importMessages.orderInferred(inference.order, inference.example);
    case "ambiguous":
      return importMessages.orderAmbiguous();
    case "contradictory":
      return importMessages.orderContradictory();
    default:
      return "";
  }
}

/**
 * Reads a date cell as an Excel serial: a date cell as it is, text in any supported form
 * (a time with an offset is converted to UTC; one without is taken as written).
 * @param value - The cell.
 * @param order - How to read day/month dates; without it they are not read.
 * @returns The serial, or undefined for blanks and anything unreadable.
 * @example readDateSerial("30.09.2024", "DMY") // => 45565
 * @example readDateSerial("2024-01-01") // => 45292
 */
export function readDateSerial(value: unknown, order?: DateOrder): number | undefined {
  if (typeof value === "number") return value >= MIN_SERIAL && value < END_SERIAL ? value : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const read = readTime(value, order);
  return isTimeProblem(read) ? undefined : serialFromEpochMs(read.ms);
}

/**
 * Reads `DMY` / `MDY` as an option gives it (any case, blank for none).
 * @returns The order, undefined for blank, or null for anything else.
 * @example parseDateOrder(" dmy ") // => "DMY"
 */
export function parseDateOrder(text: string | undefined): DateOrder | undefined | null {
  const t = (text ?? "").trim().toUpperCase();
  if (t === "") return undefined;
  return (DATE_ORDERS as readonly string[]).includes(t) ? (t as DateOrder) : null;
}
