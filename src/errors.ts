/**
 * One home for every failure the library reports and for all user-facing error text.
 *
 * The library never throws for bad user data: it returns a {@link Failure}, which
 * `functions/` maps to a `CustomFunctions.Error` in exactly one place, and which the
 * task pane and command line print as text. Throwing is reserved for programmer bugs.
 */

/** The Excel error values the library produces. Excel shows a message only for `#VALUE!` and `#N/A`. */
export type ErrorCode = "#VALUE!" | "#N/A" | "#DIV/0!" | "#NUM!";

/** A typed failure: an Excel error code and a message naming the argument, the position and the problem. */
export interface Failure {
  readonly kind: "failure";
  readonly code: ErrorCode;
  readonly message: string;
}

/** Either a value or a failure. */
export type Result<T> = T | Failure;

/**
 * Builds a failure.
 * @param code - The Excel error code.
 * @param message - A sentence for the user.
 * @returns The failure value.
 * @example fail("#VALUE!", "start: expected a date.") // => { kind: "failure", code: "#VALUE!", ... }
 */
export function fail(code: ErrorCode, message: string): Failure {
  return { kind: "failure", code, message };
}

/**
 * Tells a failure from a value.
 * @param value - Anything a library function returned.
 * @returns True when `value` is a {@link Failure}.
 * @example isFailure(fail("#N/A", "x")) // => true
 */
export function isFailure(value: unknown): value is Failure {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "failure";
}

/** Describes a cell value for a message: text in quotes, booleans and numbers as Excel shows them. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `text "${value.length > 40 ? value.slice(0, 37) + "..." : value}"`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value === null || value === undefined || value === "") return "a blank";
  return String(value);
}

/** Formats a (row, column) position inside a range, 1-based, for messages. */
export function describePosition(row: number, column: number): string {
  return `row ${row + 1}, column ${column + 1}`;
}

/** The grammar of calendar text, shown whenever a calendar is rejected. */
export const CALENDAR_GRAMMAR =
  'Calendar text is "24x7" or segments separated by ";", each "DAYS HH:MM-HH:MM" where DAYS is Mon..Sun, ' +
  'a span such as Mon-Fri or a list such as Mon,Wed,Fri, for example "Mon-Fri 08:00-18:00; Sat 09:00-13:00".';

/**
 * Every user-facing message, as functions of their details, so wording stays consistent and testable.
 * `arg` is the argument name as the contract spells it; `at` is an optional position text.
 */
export const messages = {
  notANumber: (arg: string, value: unknown, at?: string) =>
    `${arg}${at ? ` (${at})` : ""}: expected a number, got ${describeValue(value)}.`,
  notASerial: (arg: string, value: unknown, at?: string) =>
    `${arg}${at ? ` (${at})` : ""}: expected a date (an Excel serial number), got ${describeValue(value)}.`,
  serialTooEarly: (arg: string, value: number, at?: string) =>
    `${arg}${at ? ` (${at})` : ""}: dates before 1900-03-01 (serial 61) are not supported, got ${value}.`,
  serialTooLate: (arg: string, value: number, at?: string) =>
    `${arg}${at ? ` (${at})` : ""}: dates after 9999-12-31 (serial 2958465) are not supported, got ${value}.`,
  notText: (arg: string, value: unknown, at?: string) =>
    `${arg}${at ? ` (${at})` : ""}: expected text, got ${describeValue(value)}.`,
  negative: (arg: string, value: unknown, at?: string) =>
    `${arg}${at ? ` (${at})` : ""}: must not be negative, got ${describeValue(value)}.`,
  notFinite: (arg: string, at?: string) => `${arg}${at ? ` (${at})` : ""}: the number is not finite.`,
  required: (arg: string, at?: string) => `${arg}${at ? ` (${at})` : ""}: a value is required.`,
  shapeMismatch: (arg: string, rows: number, cols: number, expectedArg: string, eRows: number, eCols: number) =>
    `${arg} is ${rows}x${cols} but ${expectedArg} is ${eRows}x${eCols}: row-aligned ranges must have the same shape, or be a single value.`,
  notSingleValue: (arg: string, rows: number, cols: number) =>
    `${arg}: expected a single value, got a ${rows}x${cols} range.`,
  tooManyCells: (arg: string, cells: number, limit: number) =>
    `${arg}: the range has ${cells} cells, more than the ${limit} this function accepts.`,
  // --- Dual status and savings versus baseline (src/status, src/savings) ---
  notRag: (arg: string, value: unknown, at?: string) =>
    `${argAt(arg, at)}: expected Green, Amber or Red (or G, A, R; any case), got ${describeValue(value)}.`,
  notPositive: (arg: string, value: unknown, at?: string) =>
    `${argAt(arg, at)}: must be greater than 0, got ${describeValue(value)}.`,
  notCount: (arg: string, value: unknown, at?: string) =>
    `${argAt(arg, at)}: expected a whole number of 1 or more, got ${describeValue(value)}.`,
  thresholdsReversed: (lowArg: string, low: number, highArg: string, high: number, at?: string) =>
    `${argAt(lowArg, at)}: ${low} must not be above ${highArg} (${high}).`,
  doneWithoutDue: (doneArg: string, dueArg: string, at: string) =>
    `${doneArg} (${at}): a done date needs a due date at the same position in ${dueArg}.`,
  tooFewPeriods: (arg: string, needed: number, got: number) =>
    `${arg}: needs ${needed} reported period${needed === 1 ? "" : "s"}, got ${got}.`,
  unreportedBefore: (arg: string, at: string, blankAt: string) =>
    `${arg} (${at}): an earlier period (${blankAt}) is blank; enter 0 for a period with nothing achieved.`,
  notOption: (arg: string, value: unknown, accepted: readonly string[]) =>
    `${arg}: expected ${accepted.map((a) => `"${a}"`).join(" or ")}, got ${describeValue(value)}.`,
  noBase: (arg: string, at?: string) =>
    `${argAt(arg, at)}: nothing is planned to date, so there is no base for a ratio.`,
  // --- Credits and Significant Minimum (src/credits, functions/credits.ts) ---
  notDirection: (arg: string, value: unknown, at?: string) =>
    `${argAt(arg, at)}: expected ">=" (higher is better) or "<=" (lower is better), got ${describeValue(value)}.`,
  aboveHundredPercent: (arg: string, value: number, at?: string) =>
    `${argAt(arg, at)}: expected a percentage from 0% to 100% (a fraction from 0 to 1), got ${value}; for 95% type 95% or 0.95, not 95.`,
  notWholeNumber: (arg: string, value: unknown, at?: string) =>
    `${argAt(arg, at)}: expected a whole number of 0 or more, got ${describeValue(value)}.`,
  requiredWhereMeasured: (arg: string, measuredBy: string, at?: string) =>
    `${argAt(arg, at)}: a value is required where ${measuredBy} has one.`,
  poolExceeded: (allocated: string, pool: string) =>
    `allocation_pcts add up to ${allocated}, more than pool_pct ${pool}: the allocations of all service levels may add up to at most the pool.`,
  windowOpen: (arg: string, blanks: number, periods: number) =>
    `${arg}: ${blanks} of ${periods} periods are still blank, so the result is not known yet.`,
} as const;

/** `arg` with its position in parentheses when there is one (dual status and savings messages). */
function argAt(arg: string, at?: string): string {
  return at ? `${arg} (${at})` : arg;
}

// --- Service time and attainment (src/calendar, src/attainment): GOV.ELAPSED, DUE, ATTAINMENT, SLA_STATUS, AVAILABILITY ---
/** Messages of the service-time and attainment functions; same conventions as {@link messages}. */
export const serviceMessages = {
  /** A rejected calendar text: what is wrong, then the grammar. */
  badCalendar: (problem: string) => `calendar: ${problem} ${CALENDAR_GRAMMAR}`,
  endBeforeStart: (endArg: string, startArg: string, at?: string) =>
    `${endArg}${at ? ` (${at})` : ""}: is before ${startArg}; swap them or fix the dates.`,
  dueTooLate: (hoursArg: string, hours: number) =>
    `${hoursArg}: ${hours} business hours from the start fall after 9999-12-31 (serial 2958465).`,
  noneMeasured: (arg: string) => `${arg}: no value is measured (every cell is blank), so there is no attainment.`,
  noServiceTime: () =>
    "period_start..period_end holds no service time (outside the calendar, or all maintenance), so there is no availability.",
} as const;

// --- Ticket clock (src/tickets, functions/tickets.ts, the tickets command): GOV.ELAPSED_PAUSED, GOV.CLOCK ---
/** Messages of the ticket clock; same conventions as {@link messages}. */
export const ticketMessages = {
  /** A pause row with one side blank. */
  pauseHalfBlank: (blankArg: string, otherArg: string, at: string) =>
    `${blankArg} (${at}): is blank but ${otherArg} has a value there; give both or leave both blank.`,
  /** The same state named in two state lists. */
  stateInTwoLists: (state: string, first: string, second: string) =>
    `${second}: the state "${state}" is also in ${first}; a state can start, pause or stop the clock, not two of these.`,
  /** A history row with no ticket or no state. */
  blankField: (arg: string, at: string) => `${arg} (${at}): a value is required (the row has other values).`,
  /** A CSV or sheet time that is not one of the accepted forms. */
  badTime: (text: string) =>
    `time "${text.length > 40 ? text.slice(0, 37) + "..." : text}" is not a date-time: use ISO 8601 ` +
    "(2024-03-31T09:15:00, with or without an offset such as Z or +02:00), YYYY-MM-DD HH:MM[:SS], or an Excel date.",
  /** A slash or dot date read without a date order. */
  ambiguousDate: (text: string) =>
    `time "${text}" has its day and month in an order that is not known; give --date-order DMY or MDY (dates are never guessed).`,
  /** A date-time that is well formed but does not exist (31 April, 25:00). */
  impossibleTime: (text: string) => `time "${text}" is not a real date and time.`,
  /** A time outside the serials Excel can show. */
  timeOutOfRange: (text: string) => `time "${text}" is outside 1900-03-01..9999-12-31.`,
  blankTime: () => "the time is blank.",
  blankTicket: () => "the ticket is blank.",
  blankState: () => "the state is blank.",
  badPairs: (option: string, text: string, example: string) =>
    `${option} expects LABEL=VALUE pairs separated by commas such as ${example}, got "${text}".`,
  badTarget: (option: string, label: string, text: string) =>
    `${option}: the target of ${label} must be a number of hours of 0 or more, got "${text}".`,
  repeatedLabel: (option: string, label: string) => `${option} names "${label}" twice.`,
  noEvents: (arg: string) => `${arg}: no ticket events (every row is blank), so there is no clock to show.`,
  badDateOrder: (option: string, text: string) => `${option} expects DMY or MDY, got "${text}".`,
  badAsOf: (option: string, text: string, why: string) => `${option}: ${why} (got "${text}").`,
  unknownZone: (option: string, zone: string) =>
    `${option}: "${zone}" is not an IANA time zone such as Europe/Berlin, America/New_York or UTC.`,
} as const;
