/**
 * Every line the command line says to a user about a problem, and the exit codes. One home
 * for the wording keeps messages consistent and lets the tests match them exactly.
 */
import type { Regrouped } from "./tickets";
import { quoted, quotedList } from "../src/errors";

/**
 * Exit codes: success (for verify: proven), something found (findings, tampering, a refused
 * closure), bad usage or input, and verify's "consistent but not proven" (no trust roster).
 */
export const EXIT = { ok: 0, found: 1, usage: 2, unproven: 3 } as const;

/** A problem the command line reports as one line on stderr and an exit code (never a stack trace). */
export class CliError extends Error {
  /**
   * @param message - The line for stderr, without the program's name.
   * @param exitCode - The exit code (2 for usage and input errors unless said otherwise).
   */
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = "CliError";
  }
}

// Input is quoted bounded (src/errors.ts): a 10 MB header line is never a 10 MB message.
const quote = (s: string) => quoted(s);
const list = (items: readonly string[]) => quotedList(items);

/** A suggestion as a message shows it: the field, the column's letter and header, and why. */
export interface SuggestionShown {
  readonly field: string;
  readonly column: string;
  readonly header: string;
  readonly why: string;
}

/**
 * Suggestions in one line, as previews and refusals list them.
 * @example suggestionList([{ field: "value", column: "C", header: "Actual value", why: 'header starts with "actual"' }]) // => 'value <- C "Actual value" (header starts with "actual")'
 */
export function suggestionList(suggestions: readonly SuggestionShown[]): string {
  return suggestions.map(suggestionText).join(", ");
}

/**
 * One suggestion: the field, the column's letter and (bounded) header, and why.
 * @example suggestionText({ field: "opened", column: "H", header: "Opened", why: "..." }) // => 'opened <- H "Opened" (...)'
 */
export function suggestionText(s: SuggestionShown): string {
  return `${s.field} <- ${s.column} ${quote(s.header)} (${s.why})`;
}
/** A byte count in MB for messages. @example mb(203 * 1024 * 1024) // => "203 MB" */
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

/** The user-facing messages, grouped by where they arise. */
export const messages = {
  // Arguments
  unknownCommand: (name: string, commands: readonly string[]) =>
    `unknown command ${quote(name)}; commands are ${commands.join(", ")}. Try --help.`,
  noCommand: () => "no command given. Try --help.",
  unknownOption: (option: string, command: string) =>
    `unknown option ${option} for ${command}. Try sla-governance ${command} --help.`,
  missingValue: (option: string) => `the option ${option} needs a value.`,
  blankValue: (option: string) =>
    `the option ${option} is given with a blank value; give a value or leave the option out.`,
  repeatedOption: (option: string) => `the option ${option} is given twice.`,
  flagWithValue: (option: string) => `the option ${option} takes no value.`,
  missingOption: (option: string, command: string) => `${command} needs ${option}.`,
  missingInput: (command: string, input = "") =>
    `${command} needs ${input.includes("csv") ? "an export file (.csv or .xlsx)" : "an input .xlsx file"}.`,
  extraArgument: (arg: string, command: string) => `unexpected argument ${quote(arg)} for ${command}.`,
  badMapChoice: (choice: string) => `--map expects FIELD=HEADER pairs separated by commas, got ${quote(choice)}.`,
  badAmount: (why: string) => `--confirmed: ${why}`,
  badDecimal: (text: string) => `--decimal expects "." (1,200.50) or "," (1.200,50), got ${quote(text)}.`,
  badDateOrder: (text: string) => `--date-order expects DMY or MDY, got ${quote(text)}.`,
  badHeaderRow: (text: string) => `--header-row expects a row number such as 3, got ${quote(text)}.`,
  amountCount: (measures: number, amounts: number) =>
    `--measure lists ${measures} measure(s) but --confirmed lists ${amounts} amount(s); give one plain amount per measure, such as 1000.50 (no thousands separators).`,
  oneMeasure: () => "reopen takes exactly one --measure ID.",
  badAddinStore: (text: string) =>
    `--addin-store expects sideload (the default) or central (Centralized Deployment), got ${quote(text)}.`,
  badDate: (text: string) => `--as-of expects a date such as 2026-11-25, got ${quote(text)}.`,

  // Files
  notXlsx: (file: string) => `${file} is not an .xlsx file.`,
  missingFile: (file: string) => `${file} does not exist.`,
  notAFile: (file: string) => `${file} is not a file.`,
  unreadable: (file: string, why: string) => `cannot read ${file}: ${why}`,
  corrupt: (file: string) => `${file} is not a readable .xlsx workbook (the file is damaged or not really .xlsx).`,
  zipBomb: (file: string, part: string, packed: number, size: number) =>
    `${file} is refused: its part ${quote(part)} unpacks from ${mb(packed)} to ${mb(size)}, ${Math.round(size / Math.max(packed, 1)).toLocaleString("en-US")} times its size; no workbook packs like that (a zip bomb?).`,
  partTooLarge: (file: string, part: string, size: number, limit: number) =>
    `${file} is too large to read: ${part === "all parts together" ? part : `its part ${quote(part)}`} unpacks to ${mb(size)}, more than the ${mb(limit)} this reader holds in memory; save the sheet as CSV (tickets and upgrade stream CSV) or split it.`,
  sheetTooLarge: (file: string, sheet: string, part: string, size: number, limit: number) =>
    `${file} is too large to read: its sheet ${quote(sheet)} (part ${quote(part)}) unpacks to ${mb(size)}, more than the ${mb(limit)} of a sheet this command reads whole; split the sheet, or keep only the rows it needs.`,
  /** A part refused while it is read (cli/package/limits.ts): one text or one row over the limit, or more bytes than the zip declares. */
  readLimit: (file: string, part: string, kind: "text" | "row" | "declared", limit: number) =>
    kind === "declared"
      ? `${file} is refused: its part ${quote(part)} unpacks to more than the ${mb(limit)} its zip directory declares (a damaged file or a zip bomb?); reading stopped there.`
      : kind === "text"
        ? `${file} is refused: its part ${quote(part)} holds one text of more than ${mb(limit)}, the most this reader holds for one text (an Excel cell holds at most 32,767 characters).`
        : `${file} is refused: its part ${quote(part)} has one row of more than ${mb(limit)} of XML, the most this reader holds for one row.`,
  encrypted: (file: string) =>
    `${file} is password-protected: save a copy without a password to open (File > Info > Protect Workbook > Encrypt with Password, clear it) and use the copy.`,
  legacyXls: (file: string) =>
    `${file} is an Excel 97-2003 workbook (.xls) or another non-.xlsx file: open it in Excel and save it as an .xlsx workbook.`,
  notWorkbook: (file: string) =>
    `${file} is not an .xlsx workbook: the file is a zip without a workbook in it (a Word or PowerPoint file renamed .xlsx?).`,
  sameAsInput: (file: string) =>
    `the output ${file} is the input file; the input is never modified unless --in-place is given.`,
  missingOutput: (command: string) => `${command} needs -o <out.xlsx> (or --in-place to modify the input).`,
  cannotWrite: (file: string, why: string) => `cannot write ${file}: ${why}`,
  /** A carried client sheet whose stored bytes do not unpack: copied as it is, unsearched. */
  unreadableCarried: (sheet: string, part: string) =>
    `the sheet ${quote(sheet)} (${part}) does not unpack (its stored bytes are damaged): it is copied as it is, and a GOV. formula in it, if any, is not stored as Excel stores it. Excel may offer to repair the file, as it would the input.`,
  /** The reason given to cannotWrite when a sheet written as it is made outgrows what its zip entry can record. */
  streamedTooLarge: (part: string) =>
    `the part ${quote(part)} came to more than 4 GB, more than a part written as it is made can record in the .xlsx (zip) container; nothing was written (split the export and run each part into its own workbook).`,

  // Sheets and mapping
  unknownSheet: (sheet: string, file: string, sheets: readonly string[]) =>
    `no sheet ${quote(sheet)} in ${file}; its sheets are ${list(sheets)}.`,
  ownSheet: (sheet: string) =>
    `the sheet ${quote(sheet)} is written by sla-governance; choose the client's sheet with --sheet.`,
  emptySheet: (sheet: string, file: string) => `the sheet ${quote(sheet)} in ${file} is empty.`,
  noSheets: (file: string) => `${file} has no worksheets.`,
  noVisibleSheet: (file: string, sheets: readonly string[]) =>
    `${file} has no visible sheet; name the client's sheet with --sheet (its sheets are ${list(sheets)}).`,
  noRegister: (file: string) => `${file} has no Register sheet; run sla-governance upgrade first.`,
  /** A mapping refused (from --map, a mapping file or the headers themselves), with where the headers were read, what they are, and the fix. */
  mappingAt: (problems: readonly string[], sheet: string, headerRow: number, headers: string) =>
    `column mapping: ${problems.join("; ")}. Header row ${headerRow} of ${quote(sheet)}: ${headers}. ` +
    `Fix: --map FIELD=HEADER with a header of that row, or --header-row N when the headers are on another row (--dry-run shows the mapping).`,
  noMeasure: (
    sheet: string,
    headerRow: number,
    headers: string,
    suggestions: readonly { field: string; column: number; why: string }[],
  ) => {
    const hint = suggestions.find((s) => s.field === "measure");
    return (
      `no column is mapped to "measure" (the column that names each initiative). Header row ${headerRow} of ${quote(sheet)}: ${headers}. ` +
      (hint ? `A suggestion (${hint.why}) is not applied without --accept-suggestions. ` : "") +
      `Fix: --map measure=HEADER, or --header-row N when the headers are on another row (--dry-run shows the mapping).`
    );
  },
  /**
   * Required fields no column feeds (a ticket export's, a client's SLA report whose columns
   * give no layout): the reason, the header row and its headers, the guesses not applied, and
   * the fix.
   */
  unmappedAt: (
    reason: string,
    sheet: string,
    headerRow: number,
    headers: string,
    missing: readonly string[],
    suggestions: readonly SuggestionShown[],
  ) =>
    `${reason}. Header row ${headerRow} of ${quote(sheet)}: ${headers}. ` +
    (suggestions.length ? `Suggested, not applied: ${suggestionList(suggestions)}. ` : "") +
    `Fix: --map ${missing.map((f) => `${f}=HEADER`).join(",")} with headers of that row` +
    (suggestions.length ? " (or --accept-suggestions to apply the suggestions)" : "") +
    ", or --header-row N when the headers are on another row (--dry-run shows what was understood).",
  requiredUnmapped: (fields: readonly string[], headerRow: number) =>
    `${fields.join(", ")} ${fields.length === 1 ? "is" : "are"} required but unmapped (header row ${headerRow}); name the column with --map ${fields.map((f) => `${f}=HEADER`).join(",")} or choose the header row with --header-row N.`,
  saveMappingNeedsDryRun: () => "--save-mapping writes the mapping a --dry-run shows; give --dry-run with it.",
  demoFilesExist: (dir: string, files: readonly string[]) =>
    `${dir} already holds ${files.join(", ")} from an earlier demo; nothing was written. Give --force to replace them, or choose another --out.`,
  demoSampleUnknown: (sample: string) => `--sample must be client, contract or survey, not "${sample}".`,
  demoSampleNeeds: (sample: string, option: string) => `demo --sample ${sample} needs ${option}.`,
  outputExists: (file: string) =>
    `${file} already exists; nothing was written. Give --force to replace it, or choose another -o.`,

  // Passwords
  wrongPassword: (sheet: string, file: string) =>
    `the password does not open the ${quote(sheet)} sheet of ${file}; nothing was written.`,
  legacyPassword: (sheet: string, file: string) =>
    `the ${quote(sheet)} sheet of ${file} is protected with a password in Excel's old form, which cannot be kept without it; give it with --password.`,

  // Outcomes
  refused: (reason: string) => `refused: ${reason}`,
  tampered: (problems: number) => `verification failed: ${problems} sign(s) of tampering (listed on stdout).`,

  // --- tickets (cli/tickets.ts) ---
  notExport: (file: string) => `${file} is not a .csv or .xlsx export.`,
  badDelimiter: (text: string) => `--delimiter expects "," or ";", got ${quote(text)}.`,
  badCsv: (file: string, why: string) => `cannot read ${file} as CSV: ${why}`,
  notUtf8: (file: string, line: number, text: string) =>
    `${file} is not UTF-8 or UTF-16 text: line ${line} (${quote(text)}) holds bytes that are not, such as a character saved in a Windows code page; nothing was read (its characters would be lost). Save it from Excel as "CSV UTF-8 (Comma delimited)" or "Unicode Text" and run again.`,
  duplicateColumns: (option: string, header: string, columns: readonly string[]) =>
    `${option}: columns ${columns.slice(0, -1).join(", ")} and ${columns[columns.length - 1]} are ${columns.length === 2 ? "both" : "all"} headed ${quote(header)}, so which one is meant is ambiguous; name it by its letter (${option}=col:${columns[0]}), or rename all but one in the export.`,
  csvRecordTooLarge: (file: string, record: number, limit: number) =>
    `${file}: record ${record} is longer than ${limit.toLocaleString("en-US")} characters, more than any export row; is it a CSV export?`,
  emptyExport: (file: string) => `${file} has no header row.`,
  /** results --header-row (or a mapping file's headerRow) at or below the report's last row. */
  headerRowBelow: (row: number, file: string, last: number) =>
    `header row ${row} is not above any row of ${file} (its last row is ${last}); give the row of the report's headers (--header-row N, or "headerRow" in a mapping file).`,
  /** --sheet beside a CSV input (upgrade, tickets, results, steps, experience), which has no sheets. */
  sheetOfCsv: (file: string) =>
    `--sheet names a sheet of an .xlsx file; ${file} is a CSV (one table): leave --sheet out.`,
  /** A mapping file's sheet (saved from an .xlsx) beside a CSV input: not refused, not used, said. */
  csvSheetUnused: (sheet: string, mappingFile: string) =>
    `sheet ${quote(sheet)} in ${mappingFile}: not used, the input is a CSV (one table).`,
  /** A report whose rows below the header hold no result and none rejected: nothing to write. */
  noResultsRead: (file: string, sheet: string, row: number) =>
    `no result read from ${file}: no row below header row ${row} of ${quote(sheet)} holds a service level and a value; is the header row right (--header-row N, --dry-run shows what was understood)?`,
  onlyExampleServices: (file: string) =>
    `${file}: the only service level on its Services sheet is new-contract's example, left out until you edit it; type your service levels (or edit the example) first.`,
  previewEventOrder: (backAtRow: number | null) =>
    backAtRow === null
      ? "Events: each ticket's rows are together, so the run measures them as it reads them (nothing sorted on disk)."
      : `Events: not listed by ticket (row ${backAtRow} brings back an earlier ticket), so beyond 1,000,000 events the run sorts them by ticket on disk.`,
  /** Why a run measuring an export as it read it sorts it on disk instead. */
  /** Why a one-row-per-ticket run left the direct path (a progress note: the general path then reads the export). */
  notOneRowAfterAll: ({ row, why }: { row: number; why: "comeback" | "big ticket" | "day/month" }) =>
    why === "comeback"
      ? `a ticket's rows are not all together (or may not be): the export is read as a history instead.`
      : why === "big ticket"
        ? `a ticket has more rows than one buffer holds (row ${row}): the export is read as a history instead.`
        : `row ${row} has a day/month time whose order the whole column decides: the export is read as a history instead.`,
  notGroupedAfterAll: ({ row, why }: Regrouped) =>
    why === "comeback"
      ? `the export listed each ticket's events together up to row ${row}, where a ticket already measured came back: it is sorted by ticket on disk instead.`
      : why === "unchecked"
        ? `up to row ${row} the export seemed to list each ticket's events together, but too many tickets looked measured already to check each one: it is sorted by ticket on disk instead.`
        : `a ticket has more events than one buffer holds: the export is sorted by ticket on disk instead.`,
  noServices: (file: string) =>
    `${file} has no service levels on its Services sheet; run sla-governance new-contract --workbook ${file} -o OUT.xlsx and fill them in first.`,
  /** Why the preview suggests a one-row-per-ticket export's column, and how to confirm it. */
  oneRowSuggestion: (field: string, option: string, header: string) =>
    `${field === "hold_hours" ? "hours on hold, taken off each ticket's clock" : "one row per ticket: each row's times become its events"}; confirm with --map ${field}=${quote(header)} or --${option} ${quote(header)}`,
  optionAndMap: (option: string, given: string, field: string, mapped: string) =>
    `${option} ${quote(given)} and --map ${field}=${mapped} name two columns for one field; give one of them.`,
  wideNotFound: (option: string, header: string, headers: string) =>
    `${option}: no header ${quote(header)}; the headers are ${headers}.`,
  /** An option's column not found (--opened, --group, ...): where the headers were read, and the fix. */
  optionColumnAt: (notFound: string, sheet: string, headerRow: number, option: string) =>
    `${notFound} (Header row ${headerRow} of ${quote(sheet)}.) Fix: ${option} with a header of that row (or col:C for a column by its letter), or --header-row N when the headers are on another row (--dry-run shows the mapping).`,
  /** Required fields no column feeds (`unmappedAt`'s reason). */
  noColumnFor: (fields: readonly string[]) => `no column for ${fields.join(", ")}`,
  holdNeedsOpened: () =>
    "--on-hold-hours belongs to a one-row-per-ticket export (with --opened); in an event history, name the hold states with --pause.",
  /** `unmappedAt`'s reason when one row per ticket has no Opened column. */
  wideNeedsOpened: () =>
    "a one-row-per-ticket export needs --opened COLUMN (the time each ticket was opened), with --resolved or --closed",
  /** `unmappedAt`'s reason when one row per ticket has no Resolved or Closed column. */
  wideNeedsStop: () =>
    "a one-row-per-ticket export needs --resolved COLUMN or --closed COLUMN (the time the clock stops) beside --opened",
  /** Tickets measured without a target, by priority; those without a priority name --default-target. */
  untargetedTickets: (count: number, byPriority: readonly { priority: string; tickets: number }[]) =>
    `${count} ticket(s) have no target (not measured): ` +
    byPriority.map((u) => `${u.priority.trim() === "" ? "no priority" : u.priority} ${u.tickets}`).join(", ") +
    (byPriority.some((u) => u.priority.trim() === "")
      ? "; tickets without a priority (a process log has none) take --default-target HOURS."
      : "; add their priorities to --targets."),
  oneEventPerTicket: (tickets: number, hint: readonly string[]) =>
    `every one of the ${tickets} ticket(s) has at most one event, so no clock can run: this looks like a one-row-per-ticket export, not an event history. ` +
    (hint.length
      ? `Read each row as its ticket's events with ${hint.join(" ")}.`
      : "Read each row as its ticket's events with --opened COLUMN --resolved COLUMN [--responded COLUMN] [--closed COLUMN]."),
  noneStarted: (tickets: number, start: string, states: readonly string[]) =>
    `none of the ${tickets} ticket(s) ever started: no event is in ${start.trim() ? `--start ${quote(start)}` : "the start states"}. ` +
    `The export's states include ${states.slice(0, 20).map(quote).join(", ") || "none"}; name the ones that start the clock with --start (or --start= for the first event).`,
  groupNotFound: (header: string, headers: readonly string[]) =>
    `--group: header ${quote(header)} not found; headers are ${list(headers)}.`,
  groupChangeNeedsGroup: () => "--respond-on-group-change needs --group COL: the column of the assignment group.",
  badHoliday: (file: string, line: number, text: string) =>
    `${file}, line ${line}: ${quote(text)} is not a date such as 2024-12-25.`,
  holidayProblem: (file: string, line: number, reason: string) => `${file}, line ${line}: ${reason}`,
  noHolidays: (file: string) =>
    `${file} holds no holiday: write one date a line, such as 2024-12-25 (a first line that is not a date is a header).`,
  sameAsExport: (file: string) => `the output ${file} is an input file; the inputs are never modified.`,
  /** A file a command writes (--save-mapping, --receipts, --pdf) names one it reads. */
  writesAnInput: (option: string, file: string, input: string) =>
    `${option} ${file} names an input file (${input}); the inputs are never modified, so nothing was written.`,
  /** Two files a command writes are one file: the second would overwrite or corrupt the first. */
  writesTwice: (first: string, second: string, file: string) =>
    `${first} and ${second} both name ${file}; nothing was written. Give each its own file.`,
  rejectedRows: (rows: number) => `${rows} row(s) could not be read (listed on stdout).`,
} as const;

// ---------------------------------------------------------------------------------------
// Keys, rosters and receipts (issue 13: closure you can prove)

/** Messages about controllers' key files, trust rosters and receipts files. */
export const keyMessages = {
  keyExists: (file: string) => `${file} already exists; a key file is never overwritten (choose another -o).`,
  publicName: (file: string) =>
    `-o ${file}: a name ending in .pub.json is the public key file's; give the private key's name, such as carla.key (carla.pub.json is written beside it).`,
  cannotWriteKey: (file: string, why: string) => `cannot write the key file ${file}: ${why}`,
  cannotReadKey: (file: string, why: string) => `cannot read the key file ${file}: ${why}`,
  bindingBroken: (file: string, controller: string) =>
    `the key file ${file} does not bind the name ${JSON.stringify(controller)} to its key: its Controller line was edited, or it has no Binding line (keys made before this check); nothing was signed. Make a new key with sla-governance keygen.`,
  notAKeyFile: (file: string) =>
    `${file} is not a controller key file (sla-governance keygen writes one: a "Controller:" line and a P-256 PKCS#8 PEM key).`,
  /** upgrade: --controller, --key ... without --new-identity. */
  forkOptionsAlone: (given: readonly string[]) =>
    `${given.map((o) => `--${o}`).join(", ")} ${given.length === 1 ? "is" : "are"} for a deliberate fork only: add --new-identity (an upgrade of a copy keeps its Workbook ID), or leave ${given.length === 1 ? "it" : "them"} out.`,
  forkDryRun: () => "--new-identity forks the workbook, and --dry-run writes nothing; give one.",
  forkNeedsController: () =>
    "--new-identity needs --controller NAME (the controller who answers for the fork) and --key FILE (or --unsigned).",
  keyOrUnsigned: (command: string) =>
    `${command} needs --key FILE (the controller's key from sla-governance keygen), or --unsigned to write an unsigned entry.`,
  keyAndUnsigned: () => "--key and --unsigned contradict each other; give one.",
  cannotReadRoster: (where: string, why: string) => `cannot read the trust roster ${where}: ${why}`,
  badRosterJson: (file: string, why: string) => `the trust roster ${file} is not JSON: ${why}`,
  badRosterEntry: (where: string, why: string) => `the trust roster's ${where} is not a public key file: ${why}.`,
  emptyRoster: (dir: string) => `the folder ${dir} holds no .pub.json public key files.`,
  cannotReadReceipts: (file: string, why: string) => `cannot read the receipts file ${file}: ${why}`,
  badReceipt: (file: string, line: number) =>
    `${file} line ${line} is not a receipt (a JSON object with seq, entryHash, measureId, action, time, keyId).`,
  receiptsUnwritable: (file: string, why: string) =>
    `cannot append receipts to ${file}: ${why}; nothing was written (a closure is never written without its receipt).`,
  receiptsNotWritten: (file: string, why: string, out: string, removed: boolean) =>
    `the receipts could not be appended to ${file}: ${why}; ${removed ? `${out} was removed` : `${out} was put back as it was`} (an entry is never left on disk without its receipt).`,
  verifyFailed: (problems: number) => `verification failed: ${problems} problem(s) (listed on stdout).`,
} as const;

// ---------------------------------------------------------------------------------------
// Process latency per step (issue 23: sla-governance steps)

/** Messages of the steps command. */
export const stepsMessages = {
  noTolerances: () =>
    "steps needs --tolerances TOL.csv or --workbook W.xlsx with a Tolerances sheet (columns Process, From Activity, To Activity, Tolerance Hours, Owner).",
  noToleranceSheet: (file: string) =>
    `${file} has no Tolerances sheet; add one (columns Process, From Activity, To Activity, Tolerance Hours, Owner) or give --tolerances TOL.csv.`,
  twoTolerances: (file: string) =>
    `--tolerances and the Tolerances sheet of ${file} would both give the tolerances; give one (remove --tolerances, or the sheet).`,
  notCsv: (file: string) => `--tolerances: ${file} is not a .csv file.`,
  badTolerances: (file: string, problems: readonly { row: number; reason: string }[]) =>
    `the tolerances in ${file} cannot be used:\n` +
    problems
      .slice(0, 20)
      .map((p) => `  row ${p.row}: ${p.reason}`)
      .join("\n") +
    (problems.length > 20 ? `\n  ... and ${problems.length - 20} more.` : ""),
  manyProcesses: (processes: readonly string[]) =>
    `the tolerances name the processes ${list(processes)}, but the log has no process column; map it with --process COL.`,
  noSteps: (events: number, cases: number) =>
    `no case has two events (${events} event(s) of ${cases} case(s) read), so there is no step to measure.`,
  dryRun: () => "Dry run: nothing written.",
} as const;

/** What a failed write's error code means, in words (the code kept for searching). */
const WRITE_CAUSES: Readonly<Record<string, string>> = {
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted (a read-only or locked file?)",
  ENOSPC: "no space left on the disk",
  EDQUOT: "the disk quota is used up",
  EROFS: "the file system is read-only",
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of its path is a file, not a folder",
  EBUSY: "the file is in use",
  EMFILE: "too many files are open",
  ENAMETOOLONG: "the name is too long",
};

/**
 * Why a file could not be written, for {@link messages}.cannotWrite: the error code in words,
 * never the error's own text, which names the temporary file beside the output.
 * @example writeCause(Object.assign(new Error("EISDIR: ..."), { code: "EISDIR" })) // => "it is a folder (EISDIR)"
 */
export function writeCause(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code) return `${WRITE_CAUSES[code] ?? "the system refused it"} (${code})`;
  return e instanceof Error ? e.message : String(e);
}
