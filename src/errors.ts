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

// --- The service review (src/service): the Services, Contract, Results and Actions sheets ---
/** Messages of the service register and the monthly review; each names the sheet and the row. */
export const reviewMessages = {
  missingSheet: (sheet: string) =>
    `The workbook has no "${sheet}" sheet; create the contract sheets first (sla-governance new-contract, or the task pane).`,
  missingColumns: (sheet: string, headers: readonly string[]) =>
    `The ${sheet} sheet lacks the column(s) ${headers.map((h) => `"${h}"`).join(", ")} in row 1.`,
  noResults: () => "The Results sheet has no result yet, so there is no period to review.",
  badPeriod: (text: string) => `The period must be a month such as 2026-05, got "${text}".`,
  unknownService: (row: number, id: string) =>
    `Results row ${row}: the Service ID "${id}" is not on the Services sheet; the result is not counted.`,
  duplicateResult: (row: number, id: string, period: string, first: number) =>
    `Results row ${row}: a second result for ${id} in ${period} (the first is on row ${first}, which counts); delete one of them.`,
  resultNotNumber: (row: number, value: unknown) =>
    `Results row ${row}: the Result must be a number, got ${describeValue(value)}; the row is not counted.`,
  resultBadPeriod: (row: number, value: unknown) =>
    `Results row ${row}: the Period must be a date (the first day of the month), got ${describeValue(value)}; the row is not counted.`,
  resultAbove100: (row: number, id: string, value: number) =>
    `Results row ${row}: ${id} is measured in %, so its result is a fraction from 0 to 1 (99.5% is 0.995), got ${value}; the row is not counted.`,
  supportsMissing: (row: number, id: string, agreement: string) =>
    `Services row ${row}: ${id} is an ${agreement}, so Supports SL must name the SLA it supports.`,
  supportsNotSla: (row: number, id: string, target: string, what: string) =>
    `Services row ${row}: ${id} supports "${target}", which is ${what}; Supports SL must name an SLA.`,
  olaHoursExceed: (row: number, id: string, total: string, own: string, parts: readonly string[]) =>
    `Services row ${row}: the OLAs and UCs supporting ${id} (${parts.join(", ")}) add up to ${total} Target Hours, more than its own ${own}.`,
  poolExceeded: (allocated: string, pool: string) =>
    `Services: the Allocation % of all service levels add up to ${allocated}, more than the Pool % ${pool} on the Contract sheet.`,
  sigminNoPenalty: (row: number, id: string) =>
    `Services row ${row}: ${id} has a Significant Minimum (it is critical) but no SigMin Penalty; a miss would cost nothing.`,
  duplicateService: (row: number, id: string, first: number) =>
    `Services row ${row}: the ID ${id} is already used on row ${first}; IDs are never reused, so this row is ignored.`,
  missingServiceId: (row: number) => `Services row ${row}: the row has no ID, so it is ignored.`,
  badServiceValue: (row: number, id: string, header: string, value: unknown, expected: string) =>
    `Services row ${row}: ${id}'s ${header} must be ${expected}, got ${describeValue(value)}.`,
  unknownItem: (row: number, id: string, item: string) =>
    `Services row ${row}: ${id}'s Register ID "${item}" is not on the Register sheet, so its money at risk rolls up nowhere.`,
  badContractValue: (row: number, label: string, value: unknown, expected: string) =>
    `Contract row ${row}: ${label} must be ${expected}, got ${describeValue(value)}.`,
  missingContractValue: (label: string, used: string) =>
    `Contract: ${label} is missing (label in column A, value in column B); ${used}.`,
} as const;
