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

/**
 * Text cut to `max` characters for a message, "..." marking the cut, so a cell of 100,000
 * characters does not become a message of 100,000 characters.
 * @example clipText("Mon-Fri", 40) // => "Mon-Fri"
 */
export function clipText(text: string, max = 40): string {
  return text.length > max ? text.slice(0, max - 3) + "..." : text;
}

/** Most characters of one input a message quotes (a header, a value, a time). */
export const EXCERPT_CHARS = 40;
/** Most items of an input list a message quotes (headers, sheet names). */
export const EXCERPT_ITEMS = 20;

/**
 * Input text quoted for a message, bounded: at most `max` characters, and when cut, the
 * full length, so a 10 MB header line never becomes a 10 MB message.
 * @example quoted("Number") // => '"Number"'
 * @example quoted("x".repeat(50_000)) // => '"xxx...(37 x)..." (50,000 characters)'
 */
export function quoted(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max - 3) + "...")} (${text.length.toLocaleString("en-US")} characters)`;
}

/**
 * Input items quoted for a message, bounded: the first `max` (each as {@link quoted}, a blank
 * one as "(blank)"), then "and N more". The one excerpt of header rows and sheet names, so a
 * 10 MB header line never becomes a 10 MB message.
 * @example quotedList(["A", "B"]) // => '"A", "B"'
 * @example quotedList(["Key", "", "Status"]) // => '"Key", (blank), "Status"'
 * @example quotedList(["A", "B", "C"], 2) // => '"A", "B" and 1 more'
 */
export function quotedList(items: readonly string[], max = EXCERPT_ITEMS, width = EXCERPT_CHARS): string {
  const shown = items
    .slice(0, max)
    .map((t) => (String(t ?? "").trim() === "" ? "(blank)" : quoted(t, width)))
    .join(", ");
  return items.length > max ? `${shown} and ${(items.length - max).toLocaleString("en-US")} more` : shown;
}

/**
 * A header row for a message: `quotedList` without the blank cells after its last header (a
 * stray cell far to the right makes thousands of them).
 * @example headerList(["Key", "", "Status", "", ""]) // => '"Key", (blank), "Status"'
 */
export function headerList(headers: readonly string[]): string {
  let n = headers.length;
  while (n > 0 && String(headers[n - 1] ?? "").trim() === "") n--;
  return quotedList(headers.slice(0, n));
}

/**
 * Describes a cell value for a message: text in quotes, booleans and numbers as Excel shows
 * them, an Excel data-type value (an object with a `type`) by its kind and what it shows,
 * never as "[object Object]".
 * @example describeValue({ type: "WebImage", address: "https://..." }) // => 'a WebImage data type'
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `text "${clipText(value)}"`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value === null || value === undefined || value === "") return "a blank";
  if (typeof value === "object") {
    const { type, text, basicValue } = value as { type?: unknown; text?: unknown; basicValue?: unknown };
    if (type === "Error") return `the error ${typeof basicValue === "string" ? basicValue : "value"}`;
    const kind = typeof type === "string" ? `a ${clipText(type, 20)} data type` : "a value of an unknown kind";
    const shown = typeof text === "string" ? text : typeof basicValue === "string" ? basicValue : undefined;
    return shown === undefined ? kind : `${kind} "${clipText(shown)}"`;
  }
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
  dueTooLate: (hoursArg: string, hours: number, at?: string) =>
    `${hoursArg}${at ? ` (${at})` : ""}: ${hours} business hours from the start fall after 9999-12-31 (serial 2958465).`,
  noneMeasured: (arg: string) => `${arg}: no value is measured (every cell is blank), so there is no attainment.`,
  noServiceTime: () =>
    "period_start..period_end holds no service time (outside the calendar, or all maintenance), so there is no availability.",
} as const;

// --- The service review (src/service): the Services, Contract, Results and Actions sheets ---
/** Messages of the service register and the monthly review; each names the sheet and the row. */
export const reviewMessages = {
  missingSheet: (sheet: string) =>
    `The workbook has no ${quoted(sheet)} sheet; create the contract sheets first (sla-governance new-contract, or the task pane).`,
  missingColumns: (sheet: string, headers: readonly string[]) =>
    `The ${sheet} sheet lacks the column(s) ${quotedList(headers)} in row 1.`,
  noResults: (exampleRows: readonly number[] = []) =>
    exampleRows.length
      ? `The Results sheet has only new-contract's example row (row ${exampleRows.join(", ")}), left out until you edit it, so there is no period to review; type your results (or edit the example, or clear its Example cell) and review again.`
      : "The Results sheet has no result yet, so there is no period to review.",
  /** Sheets still holding new-contract's unedited examples (the review's summary, the pack's data-quality flags). */
  examplesLeftOut: (sheets: readonly string[]) =>
    `new-contract's examples on the ${sheets.length > 1 ? `${sheets.slice(0, -1).join(", ")} and ${sheets[sheets.length - 1]} sheets` : `${sheets[0]} sheet`} are left out of every figure until edited (the review's Findings sheet names each).`,
  exampleRow: (sheet: string, row: number) =>
    `${sheet} row ${row} is new-contract's example row, left out until you edit it (or clear its Example cell); delete it if you do not need it.`,
  badPeriod: (text: string) => `The period must be a month such as 2026-05, got ${quoted(text)}.`,
  unknownService: (row: number, id: string) =>
    `Results row ${row}: the Service ID ${quoted(id)} is not on the Services sheet; the result is not counted.`,
  duplicateResult: (row: number, id: string, period: string, first: number) =>
    `Results row ${row}: a second result for ${id} in ${period} (the first is on row ${first}, which counts); delete one of them.`,
  resultNotNumber: (row: number, value: unknown) =>
    `Results row ${row}: the Result must be a number, got ${describeValue(value)}; the row is not counted.`,
  resultBadPeriod: (row: number, value: unknown) =>
    `Results row ${row}: the Period must be a date (the first day of the month), got ${describeValue(value)}; the row is not counted.`,
  resultAbove100: (row: number, id: string, value: number) =>
    `Results row ${row}: ${id} is measured in %, so its result is a fraction from 0 to 1 (99.5% is 0.995), got ${value}; the row is not counted.`,
  resultOtherScale: (row: number, id: string, value: number, thresholds: readonly number[]) =>
    `Results row ${row}: ${id}'s result ${value} is not on the scale of its thresholds (${thresholds.join(", ")}): one is above 1 and the other is not (97 typed for 97%?); the row is not counted.`,
  supportsMissing: (row: number, id: string, agreement: string) =>
    `Services row ${row}: ${id} is an ${agreement}, so Supports SL must name the SLA it supports.`,
  supportsNotSla: (row: number, id: string, target: string, what: string) =>
    `Services row ${row}: ${id} supports ${quoted(target)}, which is ${what}; Supports SL must name an SLA.`,
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
    `Services row ${row}: ${id}'s Register ID ${quoted(item)} is not on the Register sheet, so its money at risk rolls up nowhere.`,
  exampleItem: (row: number, id: string, item: string) =>
    `Services row ${row}: ${id}'s Register ID ${quoted(item)} is new-contract's example organization, left out until you edit it on the Register (or clear its Placeholder cell), so its money at risk rolls up nowhere; name your own register item.`,
  badContractValue: (row: number, label: string, value: unknown, expected: string) =>
    `Contract row ${row}: ${label} must be ${expected}, got ${describeValue(value)}.`,
  missingContractValue: (label: string, used: string) =>
    `Contract: ${label} is missing (label in column A, value in column B); ${used}.`,
  exampleContractValue: (label: string, row: number, used: string) =>
    `Contract row ${row}: ${label} is still new-contract's example, left out until you type your own (or clear its Example cell in column C); ${used}.`,
  exampleParameters: (params: readonly { label: string; row: number }[]) =>
    `Contract ${params.length === 1 ? "row" : "rows"} ${params.map((p) => p.row).join(", ")}: ${params.map((p) => p.label).join(", ")} ${params.length === 1 ? "is" : "are"} still new-contract's example${params.length === 1 ? "" : "s"} (marked in column C), left out of the review until you type your own or clear the Example cell: until then ${params.length === 1 ? "it is" : "each is"} read as a blank cell.`,
  bonusAllocationExceeded: (allocated: string) =>
    `Services: the Bonus Allocation % of all service levels add up to ${allocated}, more than 100%; the bonus is capped at the Bonus Pool.`,
  pointsBadTable: (problem: string) => `Points: ${problem} No points are given from this table.`,
  pointsMissing: () =>
    "Contract: Points Table names the Points sheet, but the workbook has no Points sheet; add it (Threshold, Points, Service ID: best band first) or clear Points Table. No points are given.",
  pointsNotNamed: () =>
    "Points: the workbook has a Points sheet, but the Contract names no band table; type Points beside Points Table on the Contract sheet to score service points. No points are given.",
  exampleBands: (sheet: string, rows: readonly number[]) =>
    `${sheet} ${rows.length === 1 ? `row ${rows[0]} is` : `rows ${rows[rows.length - 1] - rows[0] === rows.length - 1 ? `${rows[0]}-${rows[rows.length - 1]}` : rows.join(", ")} are`} new-contract's example band table, left out until you edit ${rows.length === 1 ? "it" : "them"} (or clear their Example cells); delete them if you do not need them.`,
  pointsOtherScale: (row: number, id: string, problem: string) =>
    `Services row ${row}: ${id} cannot be scored on the Points sheet: ${problem}`,
  experienceUnknownService: (row: number, id: string) =>
    `Experience row ${row}: the Service ID "${id}" is not on the Services sheet; the row is not counted.`,
  experienceBadPeriod: (row: number, value: unknown) =>
    `Experience row ${row}: the Period must be a date (the first day of the month), got ${describeValue(value)}; the row is not counted.`,
  experienceBadScore: (row: number, id: string, value: number) =>
    `Experience row ${row}: ${id}'s Net Score must be from -100 to 100, got ${value}; the row is not counted.`,
  experienceDuplicate: (row: number, id: string, period: string) =>
    `Experience row ${row}: a second row for ${id} in ${period} (the first counts); delete one of them.`,
  processNoId: (row: number) => `Processes row ${row}: the row has no Process ID, so it is ignored.`,
  processDuplicate: (row: number, id: string) =>
    `Processes row ${row}: the Process ID ${id} is already used above; this row is ignored.`,
  processBadValue: (row: number, id: string, header: string, value: unknown) =>
    `Processes row ${row}: ${id}'s ${header} must be a number of 0 or more, got ${describeValue(value)}.`,
  dependencyUnknownProcess: (row: number, id: string) =>
    `Dependencies row ${row}: the Process ID "${id}" is not on the Processes sheet; the row is not counted.`,
  dependencyUnknownService: (row: number, id: string) =>
    `Dependencies row ${row}: the Service ID "${id}" is not on the Services sheet; the row is not counted.`,
} as const;

// --- Governance (src/governance, and the task pane and command line that drive it) ---

/**
 * Why a governance command did not run: every reason, each a whole sentence for the user.
 *
 * This is the governance commands' one failure shape (upgrade, closure and reopen, reading
 * the register, reading the pane's selection). It is a sibling of {@link Failure}, which
 * carries an Excel error code for custom functions: a refusal has no cell to show an error
 * in. Nothing is written when a command is refused. The task pane shows the reasons; the
 * command line prints one line each and picks the exit code by command (a refused closure
 * exits 1, an unreadable register 2).
 */
export interface Refusal {
  readonly kind: "refusal";
  /** One sentence per reason, in the order found; never empty. */
  readonly reasons: readonly string[];
}

/**
 * Builds a refusal.
 * @param reasons - One sentence per reason (at least one).
 * @returns The refusal value.
 * @example refuse("No measure was selected to close.").reasons // => ["No measure was selected to close."]
 */
export function refuse(...reasons: string[]): Refusal {
  return { kind: "refusal", reasons };
}

/**
 * Tells a refusal from a result.
 * @param value - Anything a governance command returned.
 * @returns True when `value` is a {@link Refusal}.
 * @example isRefusal(refuse("x")) // => true
 */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "refusal";
}

/**
 * A refusal as one paragraph (its reasons joined by spaces), for a status line.
 * @example refusalText(refuse("A.", "B.")) // => "A. B."
 */
export function refusalText(refusal: Refusal): string {
  return refusal.reasons.join(" ");
}

/**
 * A cell value in a governance message: text quoted whole up to 200 characters (a longer
 * text is cut, with its length), numbers as they are, blanks named.
 */
export function quoteValue(value: unknown): string {
  if (typeof value === "string") return quoted(value, 200);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value === null || value === undefined) return "a blank";
  return String(value);
}

/**
 * Messages of the governance commands: refusals of the upgrade, the register, closure and
 * reopen, and the task pane's selection. `id` is a register id, `item` an item's label
 * (`Measure M-0001 "Cut licences"`).
 */
export const governanceMessages = {
  // Reading the register and the client sheet
  registerColumnsMissing: (headers: readonly string[]) =>
    `The Register sheet lacks the column(s) ${quotedList(headers)} in row 1.`,
  noHeaderRow: (sheet: string) => `The sheet ${quoted(sheet)} has no header row.`,
  noMeasureColumn: () => `No column is mapped to "measure": choose the column that names each initiative.`,
  noRegister: () => "There is no Register sheet yet: create or upgrade first.",
  registerHasItems: () => "This workbook already has a Register with items; nothing was changed.",
  // The task pane's selection
  noSelection: () => "Select the client's table (or a cell inside it) first.",
  ownSheetSelected: (sheet: string) =>
    `The selection is on the add-in's own sheet ${quoted(sheet)}: select the client's table.`,
  headerOnly: (address: string) => `The selected table ${address} has a header but no rows.`,
  // Closure and reopen
  controllerRequired: (action: "close" | "reopen") => `The controller's name is required to ${action} a measure.`,
  nothingToClose: () => "No measure was selected to close.",
  listedTwice: (id: string) => `${id} is listed twice.`,
  notInRegister: (id: string) => `${id} is not in the register.`,
  notAMeasure: (id: string, level: string) =>
    `${id} is a ${level || "row without a level"}, not a measure: only measures are closed.`,
  notRealized: (id: string, gate: string) =>
    `${id} is at ${gate || "no gate"}; a measure is closed only from L4 Realized.`,
  badConfirmed: (id: string, value: unknown) =>
    `${id}: the confirmed savings must be a number of zero or more, got ${quoteValue(value)}.`,
  notReconciled: (id: string, status: string, baseline: string, actual: string, planned: string, confirmed: number) =>
    `${id}: GOV.RECONCILE says ${quoted(status)} (baseline ${baseline}, actual ${actual}, planned ${planned}, confirmed ${confirmed}); closing it needs a written reason.`,
  cannotReconcile: (id: string) =>
    `${id}: baseline, actual or planned is missing, so the claim cannot be reconciled; closing it needs a written reason.`,
  reopenReasonRequired: () => "A reason is required to reopen a measure.",
  notClosed: (id: string, gate: string) =>
    `${id} is not closed (gate ${gate || "blank"}); only a closed measure is reopened.`,
  // Typed amounts (the controller's confirmed savings)
  amountNotPlain: (text: string) => `${quoteValue(text)} is not an amount such as 1200.50 (no thousands separators).`,
  amountTooPrecise: (text: string, stored: string) =>
    `${quoteValue(text)} has more precision than the workbook keeps (15 significant digits); it would be stored as ${stored}.`,
} as const;

/** Severity of a validation finding: an error must be fixed; a warning is worth a look. */
export type Severity = "error" | "warning";

/**
 * Messages of validation findings (the Findings sheet, the pane, the command line). Each is
 * whole: values are quoted in full, never cut. `item` is an item's label, see `itemLabel`.
 */
export const findingMessages = {
  blankId: (item: string) => `${item}: the ID is blank.`,
  idTwice: (item: string, id: string) => `${item}: the ID ${id} is used twice.`,
  unknownLevel: (item: string, value: unknown, levels: readonly string[]) =>
    `${item}: unknown level ${quoteValue(value)}; levels are ${levels.join(", ")}.`,
  placeholder: (item: string, level: string) =>
    `${item} is a placeholder: the client sheet has no ${level.toLowerCase()} column. Rename it or move its children.`,
  sameName: (item: string, firstId: string) => `${item} has the same name as ${firstId} under the same parent.`,
  exampleOrganization: (item: string) =>
    `${item} is new-contract's example organization (its Placeholder cell says so): it is not counted, and no measure or service level is put under it, until you edit it (type your organization's name) or clear its Placeholder cell; delete the row if you do not need it.`,
  missingOwner: (item: string) => `${item} has no owner.`,
  missingController: (item: string) => `${item} has no controller.`,
  unassigned: (item: string, roles: readonly string[], level: string) =>
    `${item} has no ${roles.join(" and no ")}: the client sheet names no ${roles.join(" or ")} for any ${level.toLowerCase()}; assign them in the register or map a column such as "${level} Owner".`,
  notANumberOrDate: (item: string, header: string, kind: "number" | "date", value: unknown) =>
    `${item}: ${header} should be a ${kind}, not ${quoteValue(value)}.`,
  ambiguousAmount: (
    item: string,
    header: string,
    value: unknown,
    mark: string,
    asThousands: string,
    asDecimal: string,
  ) =>
    `${item}: ${header} ${quoteValue(value)} is ambiguous: ${asThousands} if ${quoted(mark)} groups thousands, ${asDecimal} if ${quoted(mark)} is the decimal mark. Type it as a number, or upgrade with --decimal , or --decimal . to say how the sheet writes amounts.`,
  unknownGate: (item: string, value: unknown) =>
    `${item}: unknown gate ${quoteValue(value)}; gates are L0 Idea .. L5 Closed.`,
  chainBroken: (item: string, problem: string) => `${item}: ${problem}`,
  sourceConflict: (id: string, name: string, field: string, kept: unknown, row: number, now: unknown) =>
    `${id} ${quoted(name)}: the register keeps ${quoteValue(kept)} for ${field}; the source row ${row} now says ${quoteValue(now)}.`,
  duplicateSourceId: (id: string, row: number, first: number, column: string) =>
    `Source rows ${first} and ${row} have the same ID ${quoteValue(id)} in ${quoteValue(column)}: IDs must be unique to find a measure again, so row ${row} is matched by its row instead; give it its own ID.`,
  /**
   * A text longer than a cell holds, cut on a sheet a command writes (src/governance/textCut.ts
   * reads the sheet back from the start of this message: keep "SHEET!CELL: a text of").
   */
  textCutCell: (sheet: string, cell: string, length: number, limit: number) =>
    `${sheet}!${cell}: a text of ${length.toLocaleString("en-US")} characters, more than the ${limit.toLocaleString("en-US")} an Excel cell holds, is cut to the limit (its end marked "[cut: ${length.toLocaleString("en-US")} characters]"). Keep the full text outside the workbook.`,
  textCut: (cell: string, id: string, name: string, header: string, length: number, limit: number) =>
    `${cell}: ${id || "(no id)"} ${quoted(name)}: the ${header} is ${length.toLocaleString("en-US")} characters, more than the ${limit.toLocaleString("en-US")} an Excel cell holds; the register keeps the first ${limit.toLocaleString("en-US")} (the end marked "[cut: ${length.toLocaleString("en-US")} characters]"). Keep the full text outside the workbook.`,
  duplicateHeader: (header: string, columns: readonly string[], read: string, field: string | undefined) =>
    `The client sheet has ${columns.length} columns headed ${quoteValue(header)} (columns ${columns.join(", ")}); ` +
    (field
      ? `only column ${read} is read, as ${field}.`
      : `none is read; to read one, choose it by its letter (--map FIELD=col:${columns[0]}), or rename them.`),
} as const;

// --- The task pane (taskpane/): what it says about a command's outcome ---

/** `n thing` or `n things`: counts in the pane's messages are never "1 problems". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** A list of row numbers for a message: "8", "8 and 15", "8, 15 and 21", at most 10 then "…". */
function rowList(rows: readonly number[]): string {
  const shown = rows.slice(0, 10).map(String);
  if (rows.length > 10) return `${shown.join(", ")} and ${rows.length - 10} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}` : shown.join("");
}

/** Messages of the task pane; governance refusals come from {@link governanceMessages} when merged. */
export const paneMessages = {
  /** The service review's outcome: the period, the invoice adjustment, actions, escalations, findings. */
  reviewSummary: (period: string, netAdjustment: string, created: number, escalated: number, findings: number) =>
    `Reviewed ${period}: net adjustment ${netAdjustment}, ${plural(created, "action")} created, ${escalated} escalated` +
    (findings ? `, ${plural(findings, "finding")} on the Findings sheet.` : "."),
  /** The empty state's contract sheets: those created, and how many were there already. */
  contractSheetsCreated: (created: readonly string[], points: string | undefined, kept: number, empty = false) =>
    `Created ${created.join(", ")}, ` +
    (empty
      ? "with their headers only"
      : "each with one example row" +
        (points ? ` (${points}: an example band table)` : "") +
        ", marked and left out of the review until you edit it") +
    (kept
      ? ` (${plural(kept, "sheet")} already there ${kept === 1 ? "was" : "were"} left as ${kept === 1 ? "it is" : "they are"})`
      : "") +
    ". Type your service levels and results, then run the review.",
  tableRead: (sheet: string, address: string, rows: number, headerRow: number) =>
    `${plural(rows, "row")} from ${quoted(sheet)} ${address} (header in row ${headerRow}). Check the suggested columns; the source sheet is never changed.`,
  blankRowsSkipped: (blankRows: readonly number[], followed: boolean, lastRow: number) =>
    `${blankRows.length === 1 ? "Row" : "Rows"} ${rowList(blankRows)} ${blankRows.length === 1 ? "is" : "are"} blank and skipped` +
    (followed ? `; the table was read on past ${blankRows.length === 1 ? "it" : "them"} to row ${lastRow}` : "") +
    ". If the table ends earlier, select exactly its cells and choose Upgrade again.",
  /** Rows of the selected region above the header row found in it (a title, a note). */
  rowsAboveHeader: (first: number, headerRow: number) =>
    `${first === headerRow - 1 ? `Row ${first}` : `Rows ${first} to ${headerRow - 1}`}, above the header, ${first === headerRow - 1 ? "is" : "are"} not part of the table (a title or a note).`,
  dataAbove: (headerRow: number) =>
    `Row ${headerRow - 1}, above the row read as the header, is blank and there is data above it: if the table's header is up there, select a cell in the header row and choose Upgrade again.`,
  /** Why the mapping table's Upgrade is disabled: a required field no column feeds. */
  requiredUnmapped: (labels: readonly string[]) =>
    `Choose the column of ${labels.join(" and ")}: the upgrade needs ${labels.length === 1 ? "it" : "them"}.`,
  /** Why it is disabled: a date column read both ways (the pane's date order choice settles it). */
  datesAmbiguous: (column: string, example: string) =>
    `${column}: dates such as "${clipText(example)}" read both as day/month and as month/day; choose the date order (dates are never guessed).`,
  /** Why it is disabled: a date column some of whose dates only one order reads, others only the other. */
  datesContradictory: (column: string, dmy: string, mdy: string) =>
    `${column}: "${clipText(dmy)}" reads only as day/month but "${clipText(mdy)}" only as month/day; choose the date order (the dates of the other order are then reported).`,
  /** The mapping table's first line: what was read and how much is mapped. */
  mappingSummary: (sheet: string, headerRow: number, rows: number, mapped: number, unmapped: number, open: number) =>
    `Sheet ${quoted(sheet)}, header row ${headerRow}, ${plural(rows, "data row")}: ${plural(mapped, "field")} mapped, ${unmapped} unmapped` +
    (open ? `, ${plural(open, "suggestion")} to confirm.` : "."),
  /** A header row chosen outside the rows the pane read. */
  headerRowOutside: (row: number, first: number, last: number) =>
    `Row ${row} is not a header row of the table read (rows ${first} to ${last}, with data below): choose one of those, or select the table from its header row and read it again.`,
  /** A mapping file loaded into the mapping table. */
  mappingFileLoaded: (file: string) =>
    `Loaded ${file}: its columns, header row, date order, decimal mark and gate words are in the table below.`,
  /** A ticket mapping file loaded into the Tickets mapping table. */
  ticketMappingLoaded: (file: string) =>
    `Loaded ${file}: its columns, header row, group column and date order are in the table and the form.`,
  /** A ticket mapping file offered for download. */
  ticketMappingSaved: (name: string) =>
    `Saved ${name}: load it here next month, or give it to tickets --mapping on the command line.`,
  /** A mapping file written from another sheet than the one selected (it is applied to the selection). */
  mappingFileOtherSheet: (file: string, saved: string, selected: string) =>
    `${file} was saved for sheet ${quoted(saved)}; it is applied to the table selected on ${quoted(selected)}.`,
  /** A mapping file whose columns are not on the selected table's header row. */
  mappingFileMisfit: (file: string, problems: readonly string[], sheet: string, headerRow: number, headers: string) =>
    `The mapping file ${file} does not fit the selected table: ${problems.join("; ")}. Header row ${headerRow} of ${quoted(sheet)}: ${headers}. Nothing was changed; choose the header row, or load the file saved for this table.`,
  /** A gate word of a mapping file that the pane's gate words cannot hold. */
  gateWordComma: (file: string, word: string) =>
    `The mapping file ${file}: the gate word ${quoted(clipText(word))} holds a comma, which the gate words cannot hold; rename it in the file.`,
  /** A mapping file the pane refused (the parser's reason, as a sentence). */
  mappingFileRefused: (why: string) => `${why.charAt(0).toUpperCase()}${why.slice(1)}`,
  /** A mapping file offered for download. */
  mappingSaved: (name: string) =>
    `Saved ${name}: load it here next month, or give it to upgrade --mapping on the command line.`,
  /** The header row the user chose in the mapping table. */
  headerRowChosen: (sheet: string, headerRow: number) =>
    `Header row ${headerRow} of ${quoted(sheet)}, as chosen: the rows below it are the data; the source sheet is never changed.`,
  /** Saving a mapping while the gate words cannot be read. */
  mappingNotSaved: (why: string) => `The mapping was not saved: ${why}`,
  /** Why a one-row-per-ticket export's columns are only suggested. */
  wideSuggestion: () => "one row per ticket: each row's times become its events once confirmed",
  holdSuggestion: () => "hours on hold, taken off each ticket's clock once confirmed",
  /** Why the ticket mapping table's Run is disabled: required columns unmapped. */
  requiredColumns: (labels: readonly string[]) =>
    `Choose the column of ${labels.length > 1 ? `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}` : labels[0]}: the ticket clock needs ${labels.length === 1 ? "it" : "them"}.`,
  wideNeedsStop: (resolved: string, closed: string) =>
    `Choose the column of ${resolved} or of ${closed}: one row per ticket needs the time its clock stops.`,
  holdNeedsOpened: (opened: string) =>
    `Hours on hold are read from one row per ticket: choose the column of ${opened} too, or leave the hours unmapped.`,
  ordersDiffer: (column: string, inferred: string, other: string) =>
    `${column}: its dates read only as ${inferred}, but other times read as ${other}; choose the date order.`,
  /** A ticket export whose every ticket has at most one event, read as a history. */
  oneEventPerTicket: (tickets: number, suggested: readonly string[]) =>
    `Every one of the ${plural(tickets, "ticket")} has at most one event, so no clock can run: this looks like one row per ticket, not an event history. ` +
    (suggested.length
      ? `Use the suggestions for ${suggested.join(", ")}, so each row becomes its ticket's events.`
      : "Choose the Opened and Resolved (or Closed) columns, so each row becomes its ticket's events."),
  /** No ticket of the export ever entered a start state. */
  noneStarted: (tickets: number, start: string, states: readonly string[]) =>
    `None of the ${plural(tickets, "ticket")} ever started: no event is in the Start states (${quoted(start)}). ` +
    `The export's states include ${
      states
        .slice(0, 20)
        .map((s) => quoted(s))
        .join(", ") || "none"
    }; type the ones that start the clock in Start states.`,
  noExport: () => "Select the ticket export (or a cell inside it) first.",
  exportOnOwnSheet: (sheet: string) =>
    `The selection is on the add-in's own sheet ${quoted(sheet)}: select the export.`,
  noGroupColumn: (header: string, address: string) => `No column ${quoted(header)} (the group column) in ${address}.`,
  groupChangeNeedsGroup: () => "Respond on group change needs the group column.",
  /** What the Tickets command measured. */
  ticketsMeasured: (
    tickets: number,
    events: number,
    running: number,
    updated: number,
    appended: number,
    soon: { count: number; listed: number },
    rejected: number,
    untargeted: { count: number; noPriority: number },
    artificial: number,
  ) =>
    `Measured ${tickets} ticket(s) from ${events} event(s): ${running} running or paused; ` +
    `Results ${updated} updated, ${appended} added.` +
    (soon.count
      ? ` ${soon.count} ticket(s) breaching soon (75% of the target or more), ${ticketMessages.soonListed(soon.count, soon.listed)}.`
      : "") +
    (rejected ? ` ${rejected} row(s) could not be read.` : "") +
    (untargeted.count > untargeted.noPriority
      ? ` ${untargeted.count - untargeted.noPriority} ticket(s) have a priority without a target.`
      : "") +
    (untargeted.noPriority
      ? ` ${plural(untargeted.noPriority, "ticket")} without a priority (no priority column, or a blank one) had no target: type their target hours in "Target hours of tickets without a priority" (the command line's --default-target).`
      : "") +
    (artificial ? ` ${plural(artificial, "START/END event")} of the process log left out (they are not states).` : ""),
  textCut: (cells: number) =>
    `${plural(cells, "cell")} held more than the 32,767 characters an Excel cell holds: written cut to the limit and marked, each listed on the Findings sheet.`,
  exportOpened: () => "Check the columns below, then run the ticket clock.",
  /** The ticket mapping table's first line. */
  exportSummary: (sheet: string, headerRow: number, rows: number, wide: boolean, mapped: number, open: number) =>
    `Sheet ${quoted(sheet)}, header row ${headerRow}, ${plural(rows, "data row")}, read as ${wide ? "one row per ticket (Opened starts each clock, Resolved or Closed stops it; the states above are not used)" : "an event history (one row per event)"}: ${plural(mapped, "field")} mapped` +
    (open ? `, ${plural(open, "suggestion")} to confirm.` : "."),
  /** A date column's note in the mapping table when its order is not settled. */
  orderUnsettled: () => "order not settled: choose the date order",
  /** A column chosen for two fields, as the mapping table says it. */
  columnTwice: (message: string) => `Choose one field for each column: ${message}.`,
  /** A field whose header heads several columns, as the mapping table says it. */
  sameHeader: (field: string, header: string, columns: readonly string[]) =>
    `Columns ${columns.slice(0, -1).join(", ")} and ${columns[columns.length - 1]} are ${columns.length === 2 ? "both" : "all"} headed ${quoted(header)}: choose the one that is the ${field} in the table.`,
  upgraded: (rows: number, sheet: string, made: number, updated: number, findings: number) =>
    `Upgraded ${plural(rows, "row")} of ${quoted(sheet)}: ${plural(made, "new item")}, ${updated.toLocaleString("en-US")} updated, ${plural(findings, "finding")}. The source sheet was not changed.`,
  findingsListed: (errors: number, warnings: number) =>
    `${plural(errors, "error")} and ${plural(warnings, "warning")}, listed below and on the Findings sheet.`,
  noFindings: () => "No findings: the register is complete.",
  intact: (closed: number) =>
    closed === 0
      ? "Intact: no measure is closed yet, and the audit trail has no entries to check."
      : `Intact: ${plural(closed, "closed measure")} ${closed === 1 ? "matches" : "match"} the audit trail.`,
  tampered: (problems: number) => `Tampering found: ${plural(problems, "problem")}, listed below.`,
  /** How to make Verify prove who signed, in the pane. */
  howToProve: () => "choose the trust roster (the controllers' .pub.json files) next to Verify",
  /** A roster file the pane could not read. */
  badRosterFile: (file: string, why: string) => `The trust roster ${file} is not a public key file: ${why}.`,
  noRegisterToVerify: () =>
    "There is no Register sheet to verify: upgrade a client table or create a governed workbook first.",
  closeIdsMissing: () => "Type the IDs of the measures to close, e.g. M-0004.",
  amountCount: (ids: number, amounts: number) =>
    `Give one confirmed amount per measure: ${plural(ids, "ID")} but ${plural(amounts, "amount")}.`,
  reopenOneId: () => "Type the one ID of the measure to reopen.",
} as const;

// --- Ticket clock (src/tickets, functions/tickets.ts, the tickets command): GOV.ELAPSED_PAUSED, GOV.CLOCK ---
/** Messages of the ticket clock; same conventions as {@link messages}. */
export const ticketMessages = {
  /** A pause row with one side blank. */
  pauseHalfBlank: (blankArg: string, otherArg: string, at: string) =>
    `${blankArg} (${at}): is blank but ${otherArg} has a value there; give both or leave both blank.`,
  /** The same state named in two state lists. */
  stateInTwoLists: (state: string, first: string, second: string) =>
    `${second}: the state ${quoted(state)} is also in ${first}; a state can start, pause or stop the clock, not two of these.`,
  /** A history row with no ticket or no state. */
  blankField: (arg: string, at: string) => `${arg} (${at}): a value is required (the row has other values).`,
  /** A CSV or sheet time that is not one of the accepted forms. */
  badTime: (text: string) =>
    `time "${text.length > 40 ? text.slice(0, 37) + "..." : text}" is not a date-time: use ISO 8601 ` +
    "(2024-03-31T09:15:00, with or without an offset such as Z or +02:00), YYYY-MM-DD HH:MM[:SS], or an Excel date.",
  /** A slash or dot date read without a date order. */
  ambiguousDate: (text: string) =>
    `time ${quoted(text)} has its day and month in an order that is not known; give --date-order DMY or MDY (dates are never guessed).`,
  /** A date-time that is well formed but does not exist (31 April, 25:00). */
  impossibleTime: (text: string) => `time ${quoted(text)} is not a real date and time.`,
  /** A time outside the serials Excel can show. */
  timeOutOfRange: (text: string) => `time ${quoted(text)} is outside 1900-03-01..9999-12-31.`,
  blankTime: () => "the time is blank.",
  /** A cell of --on-hold-hours that is not a duration. */
  badHoldHours: (text: string) =>
    `the hours on hold ${quoted(clipText(text))} are not a duration: use hours (2.5), H:MM, or "1 Day 2 Hours 30 Minutes"; nothing is subtracted for this ticket.`,
  /** The time column, as messages about its dates name it. */
  timeColumn: () => "the time column",
  blankTicket: () => "the ticket is blank.",
  blankState: () => "the state is blank.",
  badPairs: (option: string, text: string, example: string) =>
    `${option} expects LABEL=VALUE pairs separated by commas such as ${example}, got ${quoted(text)}.`,
  badDefaultTarget: (option: string, text: string) =>
    `${option} expects a number of hours such as 8, got ${quoted(text)}.`,
  badTarget: (option: string, label: string, text: string) =>
    `${option}: the target of ${label} must be a number of hours of 0 or more, got ${quoted(text)}.`,
  repeatedLabel: (option: string, label: string) => `${option} names ${quoted(label)} twice.`,
  noEvents: (arg: string) => `${arg}: no ticket events (every row is blank), so there is no clock to show.`,
  badDateOrder: (option: string, text: string) => `${option} expects DMY or MDY, got ${quoted(text)}.`,
  badAsOf: (option: string, text: string, why: string) => `${option}: ${why} (got ${quoted(text)}).`,
  unknownZone: (option: string, zone: string) =>
    `${option}: ${quoted(zone)} is not an IANA time zone such as Europe/Berlin, America/New_York or UTC.`,
  /** How many of the tickets at 75% or more a Tickets sheet lists first (all, or the most consumed). */
  soonListed: (count: number, listed: number) =>
    count <= listed ? "listed first" : `the ${listed.toLocaleString("en-US")} most consumed listed first`,
} as const;

// --- Reading client data (src/import): dates, header rows, column mappings ---
/** Messages of the importers' shared readers; same conventions as {@link messages}. */
export const importMessages = {
  /** A column whose day/month dates read both ways. */
  ambiguousColumn: (column: string, example: string) =>
    `${column}: dates such as "${clipText(example)}" read both as day/month and as month/day, and no date in the column has a day above 12; give --date-order DMY or MDY (dates are never guessed).`,
  /** A column with dates that only one order reads, and others only the other order reads. */
  contradictoryColumn: (column: string, dmy: string, mdy: string) =>
    `${column}: "${clipText(dmy)}" reads only as day/month but "${clipText(mdy)}" only as month/day; give --date-order DMY or MDY (the dates of the other order are then reported).`,
  /** A value-map pair whose value is blank or whose target is not one of the field's values. */
  badValuePair: (option: string, value: string, target: string, targets: string) =>
    `${option}: "${clipText(value)}=${clipText(target)}" does not map a value to one of the ${targets} (write VALUE=TARGET pairs separated by commas, such as "In Progress=L3,Completed=L5").`,
  repeatedValue: (option: string, value: string) => `${option} maps "${clipText(value)}" twice.`,
  badMappingFile: (file: string, why: string) => `the mapping file ${file}: ${why}.`,
  /** Why a mapping file is refused (the reason badMappingFile gives), one per entry it checks (src/import/mappingFile.ts). */
  mappingFileWhy: {
    notJson: (error: string) => `not JSON (${error})`,
    notObject: () => "not a JSON object",
    unknownKey: (key: string, keys: readonly string[]) => `unknown key "${clipText(key)}"; keys are ${keys.join(", ")}`,
    version: (version: number) => `version must be ${version}`,
    sheet: () => '"sheet" must be text',
    headerRow: () => '"headerRow" must be a row number from 1',
    columns: () => '"columns" must map fields to headers',
    column: (field: string) => `the column of "${clipText(field)}" must be a header or null`,
    values: () => '"values" must map fields to value maps',
    valueMap: (field: string) =>
      `the values of "${clipText(field)}" must map words to values, such as {"In Progress": "L3"}`,
    dateOrder: () => '"dateOrder" must be "DMY" or "MDY"',
    decimal: () => '"decimal" must be "." or ","',
  },
  /** A mapping file's value map of a field its importer maps no values of (it would be ignored). */
  unreadValueMap: (field: string, use: { importer: string; valueFields: readonly string[] }) =>
    `"values" gives a value map for "${clipText(field)}", but ${use.importer} ${
      use.valueFields.length
        ? `maps the values of ${use.valueFields.map((f) => `"${f}"`).join(", ")} only`
        : "has no value-mapped field"
    }; remove that entry (it would be ignored)`,
  /** A mapping file's decimal mark where its importer reads no number typed as text (it would be ignored). */
  unreadDecimal: (importer: string) =>
    `"decimal" is given, but ${importer} reads no number typed with a decimal mark; remove it (it would be ignored)`,
  /** A choice (`--map`, a mapping file, the pane) naming a field the importer does not have. */
  unknownField: (field: string, fields: readonly string[]) =>
    `unknown field "${clipText(field)}"; fields are ${fields.join(", ")}`,
  /** A choice naming a header the header row does not hold. */
  headerNotFound: (header: string) => `header "${clipText(header)}" not found`,
  /** One column chosen for two fields (the command line's --map and the pane's mapping table). */
  columnTwice: (header: string, first: string, second: string) =>
    `the column "${clipText(header)}" is chosen for both ${first} and ${second}; a column feeds one field`,
  /** A column chosen by a letter the sheet does not reach (`--map state=col:Z`). */
  columnBeyond: (letters: string, last: string) =>
    `there is no column ${letters.toUpperCase()}: the header row ends at column ${last}`,
  /** A field read from a column whose header another column repeats: which one is meant? */
  sameHeader: (field: string, header: string, columns: readonly string[]) =>
    `columns ${columns.slice(0, -1).join(", ")} and ${columns[columns.length - 1]} are ${columns.length === 2 ? "both" : "all"} headed "${clipText(header)}", so the ${field} column is ambiguous; choose one by its letter (--map ${field}=col:${columns[0]}, or "${field}": "col:${columns[0]}" in a mapping file), or rename all but one`,
  /** A client's SLA report whose headers give neither a long nor a wide layout (src/import/report.ts). */
  reportNoLayout: (missing: readonly string[]) =>
    `no layout found: a long report needs a column for ${missing.join(", ")}; a wide one has months as headers (services as rows) or months in the first column and service IDs or names as headers`,
  /** A report's value whose one mark could group thousands or be the decimal mark (src/import/report.ts). */
  ambiguousValue: (typed: string, service: string, mark: string, asThousands: number, asDecimal: number) =>
    `"${clipText(typed)}" for ${clipText(service)} reads as ${asThousands} if "${mark}" groups thousands or ${asDecimal} if it is the decimal mark; give --decimal . or --decimal , (or "decimal" in a mapping file)`,
  /** A report whose header row is in doubt: text rows above its data that name it equally (src/import/report.ts). */
  headerRowTie: (sheet: string, rows: readonly { row: number; headers: readonly string[] }[]) =>
    `${clipText(sheet)}: rows ${rows
      .slice(0, -1)
      .map((r) => r.row)
      .join(", ")} and ${rows[rows.length - 1].row} could each be the header row (${rows
      .map((r) => `row ${r.row}: ${headerList(r.headers)}`)
      .join(
        "; ",
      )}); give --header-row ${rows.map((r) => r.row).join(" or ")} (or "headerRow" in a mapping file); a header row is never guessed.`,
  /** A report's period cell that names no month (src/import/report.ts). */
  notAMonth: (typed: string) => `"${clipText(typed)}" is not a month`,
  /** A report's value cell that holds no number (src/import/report.ts). */
  notANumber: (typed: string) => `"${clipText(typed)}" is not a number`,
  /**
   * A percent service level's value in 0..1 beside its values above 1: a fraction or a
   * percentage? (`percent` is the value read as a fraction, in %; rounded to 12 digits, so 0.07
   * shows as 7%, not 7.000000000000001%.)
   */
  ambiguousPercent: (typed: string, service: string, value: number) => {
    const percent = +(value * 100).toPrecision(12);
    const id = clipText(service);
    return `"${clipText(typed)}" for ${id} is ambiguous: ${percent}% if a fraction, ${value}% if a percentage (other values of ${id} are above 1); type it as ${value}% or ${percent}%`;
  },
  /** A percent service level's value outside 0..100%. */
  notAPercentage: (typed: string, service: string) =>
    `"${clipText(typed)}" is not a percentage of 0..100 for ${clipText(service)}`,
  /** A value of a service level in other units, off the scale of its thresholds (a fraction beside hours). */
  offScale: (typed: string, service: string) =>
    `"${clipText(typed)}" is not on the scale of ${clipText(service)}'s thresholds`,
  /** What was understood of a report: a field and the column feeding it (`value: "Achieved" (C)`). */
  reportColumnRead: (field: string, header: string, column: string, suggested: boolean) =>
    `${field}: ${quoted(header)} (${column}${suggested ? ", suggestion accepted" : ""})`,
  /** What was understood of a report whose months are its headers (services as rows): their columns. */
  reportMonthHeaders: (columns: readonly string[]) =>
    `months: the headers of ${columns.length === 1 ? `column ${columns[0]}` : `columns ${columns[0]}-${columns[columns.length - 1]} (${columns.length})`}`,
  /** What was understood of a report whose service levels are its headers (months as rows): their columns. */
  reportServiceHeaders: (columns: readonly string[]) =>
    `services: the headers of ${columns.length === 1 ? `column ${columns[0]}` : `${columns.length} columns (${columns[0]}-${columns[columns.length - 1]})`}`,
  /** What was understood of a report's period column: how its day/month dates were read. */
  datesReadAs: (order: string) => `dates read as ${order}`,
  /** A report's period column, as a date order refusal names it. */
  periodColumn: (header: string) => `the ${clipText(header)} column`,
  /** The preview's line on a decimal mark given (`--decimal`, a mapping file's `decimal`). */
  decimalGiven: (decimal: string) => `values read with the decimal mark "${decimal}" (given)`,
  /** A report's service that no service level of the workbook is, by ID, name or the service map. */
  noReportService: (typed: string) =>
    `no service level "${clipText(typed)}" on the Services sheet (by ID or name); if it is one under another name, map it with --service-map "${clipText(typed)}=ID"`,
  /** The preview's line on a service map given (`--service-map`, a mapping file's `values.service`). */
  serviceMapGiven: (count: number) => `${count} service name(s) mapped to Service IDs (given)`,
  /** A report's value written with the other decimal mark than the one given. */
  otherDecimalMark: (typed: string, decimal: string) =>
    `"${clipText(typed)}" is not a number written with the decimal mark "${decimal}" (--decimal ${decimal})`,
  /** How a column's order was decided, for previews: given (--date-order, a mapping file), ambiguous, contradictory. */
  orderGiven: (order: string) => `${order} (given)`,
  orderAmbiguous: () => "ambiguous (give --date-order DMY|MDY)",
  orderContradictory: () => "contradictory (some dates read only as DMY, others only as MDY)",
  /** A column suggested by its header's start (src/import/columns.ts): `header starts with "status"`. */
  headerStartsWith: (synonym: string) => `header starts with "${synonym}"`,
  /** A column suggested by its content (src/import/content.ts): `its values are dates (8 sampled)`. */
  valuesAre: (kind: string, sampled: number) => `its values are ${kind} (${sampled} sampled)`,
  /** A preview's sample its column's reader does not read. */
  sampleNotRead: (shown: string) => `${shown} (not read)`,
  /** How a column's order was inferred, for previews. */
  orderInferred: (order: string, example: string) => `${order} (inferred: "${clipText(example)}" has a day above 12)`,
  /** Mapped columns of an export with merged cells below the header (src/import/merged.ts). */
  mergedCells: (
    columns: readonly { field: string; column: string; header: string; areas: number; example: string }[],
  ) =>
    "merged cells in " +
    columns
      .map((c) => `${c.field} (column ${c.column} "${clipText(c.header)}": ${c.areas} area(s) such as ${c.example})`)
      .join(", ") +
    ": as Excel reads a merged area, only its top-left cell holds the value and the other rows read blank " +
    "(a blank priority or group keeps the ticket's last one; a blank ticket, time or state rejects the row). " +
    "Unmerge the cells and fill the value down to give every row its own.",
} as const;

// --- Closure you can prove (src/governance/closure.ts, signing.ts): keys, unfinished operations ---
/** Refusals about signing keys and unfinished operations; same conventions as {@link governanceMessages}. */
export const proofMessages = {
  /** A signed entry's text longer than a cell holds (it is hashed as written, so it cannot be cut). */
  textTooLong: (what: "controller" | "reason", length: number, limit: number) =>
    `The ${what} is ${length.toLocaleString("en-US")} characters, more than the ${limit.toLocaleString("en-US")} an Excel cell holds; an audit entry is signed as written and cannot be cut, so shorten it (keep the full text outside the workbook).`,
  foreignKey: (keyController: string, keyId: string, controller: string) =>
    `The key is ${keyController}'s (Key ID ${keyId.slice(0, 12)}), not ${controller}'s: a controller signs only with their own key.`,
  nothingToFinish: () => "There is no unfinished closure or reopen to finish.",
  nothingToUndo: () => "There is no unfinished closure or reopen to undo.",
  undoOneAtATime: () => "Undo one unfinished operation at a time, or finish them.",
  undoReason: () => "Undo of an unfinished closure",
  undoReopenReason: () => "Undo of an unfinished reopen",
  unfinished: (what: string) =>
    `Unfinished: ${what} (a change that failed half-way; not tampering). Finish it, or undo a closure.`,
  /** close: a hashed cell of the row holds a formula, and --freeze-formulas was not given. */
  formulasInClosedData: (id: string, cells: readonly (readonly [string, string])[]) =>
    `${id}: ${formulaList(cells)}: closed data must be values (a formula can show another amount after recalculation). Replace ${cells.length === 1 ? "it" : "them"} with values, or close with --freeze-formulas to write the values shown.`,
  /** verify: a closed row's hashed cell holds a formula. */
  formulaInClosedRow: (id: string, cells: readonly (readonly [string, string])[]) =>
    `${id}: ${formulaList(cells)}: closed data must be values; recalculated, the row would no longer show what was closed.`,
  /** verify: a version-3 entry names another workbook. */
  otherWorkbook: (where: string, entryId: string, thisId: string) =>
    `${where} was made in workbook ${entryId || "(none)"}, but this workbook is ${thisId || "(none: it has no Identity sheet)"}: the trail was copied from another workbook.`,
  /** verify: a Controllers row whose Public Key is not a usable P-256 public key. */
  badControllersKey: (row: number, controller: string, problem: string) =>
    `Controllers row ${row} (${controller || "no name"}) cannot be used: ${problem}.`,
  /** verify: a receipt whose hash matches but another field does not. */
  receiptFields: (seq: number, wrong: readonly (readonly [string, string, string])[]) =>
    `the receipt of Seq ${seq} says ${wrong.map(([f, got, want]) => `${f} ${JSON.stringify(got)} where the trail says ${JSON.stringify(want)}`).join(", ")}: the receipt was altered.`,
  /** verify: a receipt of a signed version-3 entry without a valid signature by the entry's key. */
  receiptUnsigned: (seq: number, keyId: string) =>
    `the receipt of Seq ${seq} is not signed by the entry's key ${keyId.slice(0, 12)}: it was not issued with the entry (a forged or altered receipt).`,
  /** verify: how much of the trail the receipts cover. */
  receiptCoverage: (given: number, covered: string, total: number, unreceipted: string) =>
    `Receipts: ${given} given; they cover Seq ${covered || "none"} of ${total}${unreceipted ? `; Seq ${unreceipted} ${unreceipted.includes(",") || unreceipted.includes("-") ? "are" : "is"} unreceipted` : ""}.`,
  /** verify: an unsigned entry after a signed one. */
  unsignedAfterSigned: () =>
    "is not signed, but an entry before it is: once a trail is signed, a later unsigned entry is an error (give --allow-unsigned to accept it).",
  /** verify's verdict without a trust roster, or with one but nothing signed ("" for howToProve: a roster was given). */
  unproven: (signed: boolean, howToProve: string) =>
    signed
      ? `Consistent, not proven: the keys that signed are listed only in this workbook; ${howToProve} to prove who signed.`
      : `Consistent, not proven: no entry is signed, so anyone holding the file could have written the trail; sign with controllers' keys${howToProve ? ` and ${howToProve}` : ""} to prove who signed.`,
  /** verify: an entry above a fork names a workbook other than the parent the fork records. */
  otherWorkbookAboveFork: (where: string, entryId: string, parentId: string, forkRow: number) =>
    `${where} was made in workbook ${entryId || "(none)"}, but the trail above the fork at audit row ${forkRow} belongs to workbook ${parentId}: the entry was copied from another workbook.`,
  /** verify: a fork entry that names a measure, a row or an amount. */
  forkWithMeasure: () =>
    "is a fork entry but names a measure, a row hash or an amount: a fork records only the parent's Workbook ID.",
  /** verify: a fork entry whose parent is not a Workbook ID, or is its own. */
  badForkParent: (parent: string) =>
    `is a fork entry whose Parent Workbook ID ${JSON.stringify(parent)} is not another workbook's ID (32 lower-case hex digits).`,
  /** verify: a Parent Workbook ID on an entry that is not a fork. */
  parentOutsideFork: () => "names a Parent Workbook ID, which only a fork entry carries.",
  /** verify: the Identity sheet's parent is not the one the trail's last fork records. */
  identityParent: (sheet: string, trail: string) =>
    `the Identity sheet names the parent workbook ${sheet || "(none)"}, but the trail's last fork records ${trail || "none (there is no fork entry)"}: the Identity sheet was edited.`,
  /** verify: a deliberate fork the trail records. */
  forked: (seq: number, row: number, parent: string, id: string) =>
    `Forked at Seq ${seq} (audit row ${row}): a deliberate copy of workbook ${parent} given the Workbook ID ${id}; the entries above it carry the parent's ID.`,
  /** upgrade --new-identity: a fork needs the controller who answers for it. */
  forkControllerRequired: () => "The controller's name is required to fork the workbook (--controller NAME).",
  /** upgrade --new-identity: the workbook has no Workbook ID yet. */
  nothingToFork: () =>
    "this workbook has no Workbook ID yet (nothing was ever closed in it), so there is nothing to fork: each copy gets its own Workbook ID at its first close; upgrade it without --new-identity.",
  /** upgrade --new-identity: the workbook's ID is damaged. */
  forkOfDamagedId: (id: string) =>
    `the Identity sheet's Workbook ID ${JSON.stringify(id)} is not 32 lower-case hex digits, so the fork could not record its parent; run sla-governance verify on the workbook.`,
  /** verify: the Identity sheet's Workbook ID is not 32 hex digits. */
  badWorkbookId: (id: string) =>
    `the Identity sheet's Workbook ID ${JSON.stringify(id)} is not 32 lower-case hex digits: it was edited.`,
} as const;

/** "Confirmed Savings holds the formula =A1" / "Baseline Cost and Actual Cost hold formulas (=A1, =B1)". */
function formulaList(cells: readonly (readonly [string, string])[]): string {
  if (cells.length === 1) return `${cells[0][0]} holds the formula ${cells[0][1]}`;
  return `${cells.map((c) => c[0]).join(", ")} hold formulas (${cells.map((c) => c[1]).join(", ")})`;
}

// --- Range functions: units, Excel's number range (src/money.ts, src/credits/scale.ts) ---
/** Messages of the library's shared rules for results and service levels; same conventions as {@link messages}. */
export const moneyMessages = {
  outOfRange: (arg: string) =>
    `${arg}: the result is beyond Excel's number range (about ±1.8E+308), so there is no number to show.`,
  /** A result and its threshold on different scales: one a fraction (a percentage), the other a number above 1. */
  differentScales: (resultArg: string, result: number, thresholdArg: string, threshold: number, at?: string) =>
    `${argAt(resultArg, at)}: ${result} is compared with ${thresholdArg} ${threshold}, ` +
    `but one is above 1 and the other is not, so they are not on the same scale. ` +
    `For a percentage type both as fractions (95% or 0.95, not 95); ` +
    `for a service level in a unit (seconds, hours) give both in one unit in which both are above 1 (minutes rather than hours).`,
  maxStepInUnits: (expected: number) =>
    `max_step: caps the rise at a share of the headroom to 100%, which an expected level in a unit (${expected}, above 1) does not have; leave max_step blank, or give the levels as fractions.`,
} as const;

// ---------------------------------------------------------------------------------------------
// The review pack (src/pack, cli/pack.ts, the task pane's "Review pack" button)
// ---------------------------------------------------------------------------------------------

/** Messages of the steering committee's review pack. */
export const packMessages = {
  /** -o names something other than an .html file. */
  notHtml: (file: string) => `${file} is not an .html file: the pack is one HTML page (-o pack.html).`,
  /** --pdf names something other than a .pdf file. */
  notPdf: (file: string) => `${file} is not a .pdf file (--pdf pack.pdf).`,
  /** No Chromium to print with. */
  noChromium: (file: string) =>
    `no PDF written to ${file}: no headless Chromium was found (install Debian's chromium, or print the HTML from a browser to A4 landscape).`,
  /** Chromium was there but printing failed. */
  printFailed: (file: string, why: string) => `no PDF written to ${file}: Chromium could not print the pack (${why}).`,
  /** The pane's Content Security Policy forbids the evaluated code vega's expressions compile to. */
  paneNoCharts: (why: string) =>
    `The charts cannot be drawn in this pane: its security policy forbids the evaluated code the charting library needs (${why}). ` +
    "The command line's sla-governance pack draws the same review pack.",
  /** The pane could neither open a dialog nor download. */
  noOpen: () => "The review pack could not be opened here: this Excel allows neither a dialog nor a download.",
} as const;

// ---------------------------------------------------------------------------------------------
// Experience and reward (src/experience, src/reward): GOV.NET_SCORE, GOV.SERVICE_POINTS
// ---------------------------------------------------------------------------------------------

/** Messages of the experience and reward functions; same conventions as {@link messages}. */
export const experienceMessages = {
  badScale: (value: unknown) =>
    `scale: expected "0-10", "1-5", "1-7", "1-5 low" or bands such as "pos 9-10; neg 0-6", got ${describeValue(value)}.`,
  bandsOverlap: (text: string) =>
    `scale: the positive and negative bands of "${clipText(text)}" overlap; a score is one or the other.`,
  bandReversed: (text: string) => `scale: in "${clipText(text)}" a band runs from a higher score to a lower one.`,
  outsideScale: (arg: string, value: number, low: number, high: number, at?: string) =>
    `${argAt(arg, at)}: ${value} is outside the scale ${low}-${high}.`,
  noScores: (arg: string) => `${arg}: no score is given (every cell is blank), so there is no net score.`,
  unknownTicket: (ticket: string) =>
    `the ticket "${clipText(ticket)}" is not on the Tickets sheet, so its service is not known.`,
  unknownSurveyService: (id: string) => `the service "${clipText(id)}" is not on the Services sheet.`,
  surveyNotNumber: (value: unknown) => `the score must be a number, got ${describeValue(value)}.`,
  badLost: (value: unknown) => `the lost minutes must be a number of 0 or more, got ${describeValue(value)}.`,
  undecidedDate: () =>
    "the date reads both as day/month and as month/day and the column does not show which; give --date-order DMY or MDY.",
  noResponses: (file: string) => `${file}: no response could be read, so no Experience row is written.`,
  needsServices: (file: string) =>
    `${file} has no Services sheet: the experience command needs the governed workbook's service levels (--workbook).`,
} as const;

/** Messages of GOV.SERVICE_POINTS and the Points sheet. */
export const pointsMessages = {
  noBands: (arg: string) => `${arg}: expected a two-column table (threshold, points) with at least one row.`,
  notTwoColumns: (arg: string, cols: number) => `${arg}: expected two columns (threshold, points), got ${cols}.`,
  badThreshold: (arg: string, value: unknown, at: string) =>
    `${argAt(arg, at)}: a threshold must be a number (only the last row may be a label such as "below 96%" for the rest), got ${describeValue(value)}.`,
  badPoints: (arg: string, value: unknown, at: string) =>
    `${argAt(arg, at)}: points must be a number of 0 or more, got ${describeValue(value)}.`,
  notMonotone: (arg: string, at: string) =>
    `${argAt(arg, at)}: thresholds must all fall (higher is better) or all rise (lower is better), best band first.`,
  uncovered: (arg: string, value: number, last: number) =>
    `${arg}: ${value} is worse than the last threshold ${last} and the table has no last row for the rest (a label such as "below ${last}" with its points).`,
  notRepeat: (arg: string, value: unknown, at?: string) =>
    `${argAt(arg, at)}: expected TRUE or FALSE (a failure in two consecutive periods), got ${describeValue(value)}.`,
} as const;

// ---------------------------------------------------------------------------------------------
// Process latency per step (src/process, cli/steps.ts, functions/process.ts: GOV.STEP_LATENCY)
// ---------------------------------------------------------------------------------------------

/** Messages of process latency per step; same conventions as {@link ticketMessages}. */
export const processMessages = {
  blankCase: () => "the case is blank.",
  blankActivity: () => "the activity is blank.",
  noToleranceHeader: () =>
    "no header row with From Activity, To Activity and Tolerance Hours columns in the first 20 rows (the columns are Process, From Activity, To Activity, Tolerance Hours, Owner).",
  blankTolerance: (column: string) => `${column} is blank (use * for any activity).`,
  badToleranceHours: (text: string) =>
    `Tolerance Hours must be a number of hours of 0 or more, got "${clipText(text)}".`,
  repeatedTolerance: (row: number) => `the same process and step as row ${row}.`,
  /** GOV.STEP_LATENCY's statistic argument. */
  badStatistic: (text: string) =>
    `statistic: "${clipText(text)}" is not one of mean, median, p90, p95, max, count, or within:HOURS (such as within:4).`,
  /** No step of the asked kind in the log: nothing to take a statistic of. */
  noSteps: (from: string, to: string) => `no step from "${clipText(from)}" to "${clipText(to)}" in the log.`,
  noEvents: (arg: string) => `${arg}: no events (every row is blank).`,
} as const;
