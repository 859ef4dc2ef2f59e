/**
 * Argument parsing: small and strict. Each command declares its options; anything else is a
 * usage error with one clear line. `--name value` and `--name=value` both work; a flag
 * never takes a value; an option given twice is an error unless it is declared repeatable.
 */
import { CliError, messages } from "./messages";

/** One option of a command. */
export interface OptionSpec {
  /** Long name without dashes, e.g. "sheet". */
  readonly name: string;
  /** One-letter alias without the dash, e.g. "o". */
  readonly alias?: string;
  /** True for an option that takes a value; false for a flag. */
  readonly value: boolean;
  /** May be given more than once (values are collected). */
  readonly repeat?: boolean;
  /** Placeholder for the help text, e.g. "NAME". */
  readonly placeholder?: string;
  /** The command cannot run without it (the help shows it without brackets). */
  readonly required?: boolean;
  /**
   * A blank value means something and is passed on: `--start=` (the first event starts), or a
   * blank the core refuses with its own reason (a closure without a controller). Every other
   * option refuses a blank value (`--tz=` is a usage error, never a silent default).
   */
  readonly blankAllowed?: boolean;
  /**
   * The option names a file (or folder) the command reads, or one it writes or appends to. No
   * file is both: a written file that names an input, or another written file, is refused
   * before anything is read or written (refuseInputsAsOutputs).
   */
  readonly file?: "read" | "write";
  readonly help: string;
}

/** One command: its positional input and its options. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Name of the positional input file, or undefined when the command takes none. */
  readonly input?: string;
  readonly options: readonly OptionSpec[];
  /**
   * Groups of options of which the command needs one (the help shows each group as
   * `(-o OUT.xlsx | --in-place)`, without brackets), by long name.
   */
  readonly oneOf?: readonly (readonly string[])[];
}

/** The parsed arguments of one command. */
export interface ParsedArgs {
  readonly command: string;
  /** The positional input, when the command takes one. */
  readonly input?: string;
  /** Option values by long name: a string (or several for repeatable options), or true for a flag. */
  readonly options: ReadonlyMap<string, string[] | true>;
  /** --help was asked for. */
  readonly help: boolean;
}

const OUT: OptionSpec = {
  name: "out",
  alias: "o",
  value: true,
  placeholder: "OUT.xlsx",
  file: "write",
  help: "the file to write",
};
const IN_PLACE: OptionSpec = { name: "in-place", value: false, help: "write into the input file itself" };
const FORCE: OptionSpec = { name: "force", value: false, help: "replace the output file when it exists" };
const JSON_FLAG: OptionSpec = { name: "json", value: false, help: "print stable JSON on stdout" };
const PASSWORD: OptionSpec = {
  name: "password",
  value: true,
  placeholder: "TEXT",
  help: "protect the Register and Audit sheets with this password (never stored)",
};
const AS_OF: OptionSpec = {
  name: "as-of",
  value: true,
  placeholder: "YYYY-MM-DD",
  help: "judge milestones as of this day (default today)",
};
const CONTROLLER: OptionSpec = {
  name: "controller",
  value: true,
  required: true,
  blankAllowed: true,
  placeholder: "NAME",
  help: "the controller who signs",
};

const KEY: OptionSpec = {
  name: "key",
  value: true,
  placeholder: "FILE",
  file: "read",
  help: "the controller's private key file (from keygen); the entry is signed with it",
};
const UNSIGNED: OptionSpec = { name: "unsigned", value: false, help: "write the entry without a signature" };
const RECEIPTS_OUT: OptionSpec = {
  name: "receipts",
  value: true,
  placeholder: "FILE",
  file: "write",
  help: "append one JSON line per audit entry to this receipts file (kept outside the workbook)",
};
/** The options of close and reopen about proof: the key, or --unsigned, and the receipts file. */
const SIGNING_OPTIONS: readonly OptionSpec[] = [KEY, UNSIGNED, RECEIPTS_OUT];
/** upgrade --new-identity: a deliberate fork, and who answers for it (the signing options then apply). */
const FORK_OPTIONS: readonly OptionSpec[] = [
  {
    name: "new-identity",
    value: false,
    help: "a deliberate fork: give the copy a new Workbook ID and record the parent's in a signed audit entry (needs --controller and --key or --unsigned)",
  },
  { ...CONTROLLER, required: false, help: "with --new-identity: the controller who signs the fork" },
  { name: "reason", value: true, placeholder: "TEXT", help: "with --new-identity: why the workbook is forked" },
  ...SIGNING_OPTIONS,
];
const ADDIN_STORE: OptionSpec = {
  name: "addin-store",
  value: true,
  placeholder: "sideload|central",
  help: "how the file's add-in reference finds the add-in: sideloaded (default) or centrally deployed",
};

/** The options of every command that writes a workbook. */
const WRITE_OPTIONS: readonly OptionSpec[] = [OUT, IN_PLACE, FORCE, PASSWORD, AS_OF, ADDIN_STORE, JSON_FLAG];
/** A writing command needs a file to write: -o, or --in-place. */
const OUT_OR_IN_PLACE: readonly string[] = ["out", "in-place"];

/** Options that several commands share, spelled once. */
const HOLIDAYS: OptionSpec = {
  name: "holidays",
  value: true,
  placeholder: "FILE",
  file: "read",
  help: "a file with one date (YYYY-MM-DD) a line",
};
const DATE_ORDER: OptionSpec = {
  name: "date-order",
  value: true,
  placeholder: "DMY|MDY",
  help: "how to read dates such as 03/04/2024",
};
const HEADER_ROW: OptionSpec = {
  name: "header-row",
  value: true,
  placeholder: "N",
  help: "the row of the headers (default: found within the first 20 rows)",
};
/** --header-row of the commands that stream an export (tickets, steps, experience). */
const EXPORT_HEADER_ROW: OptionSpec = {
  ...HEADER_ROW,
  help: "the row of the headers (default: a CSV's first record; in an .xlsx, found within the first 20 rows)",
};
/** --decimal of the commands that read numbers typed as text (upgrade's amounts, results' values). */
const DECIMAL: OptionSpec = {
  name: "decimal",
  value: true,
  placeholder: "MARK",
  help: 'how amounts typed as text write decimals: "." (1,200.50) or "," (1.200,50)',
};
const SAVE_MAPPING: OptionSpec = {
  name: "save-mapping",
  value: true,
  placeholder: "FILE.json",
  file: "write",
  help: "with --dry-run: write the mapping to a file for next month's run",
};
const DELIMITER: OptionSpec = {
  name: "delimiter",
  value: true,
  placeholder: "CHAR",
  help: 'the CSV delimiter, "," or ";" (default: detected)',
};
const CALENDAR: OptionSpec = {
  name: "calendar",
  value: true,
  placeholder: "TEXT",
  help: 'working windows such as "Mon-Fri 08:00-18:00" (default 24x7)',
};
const ACCEPT_SUGGESTIONS: OptionSpec = {
  name: "accept-suggestions",
  value: false,
  help: "apply the columns the preview suggests from partial headers or column content (default: exact headers only)",
};
const MAPPING: OptionSpec = {
  name: "mapping",
  value: true,
  placeholder: "FILE.json",
  file: "read",
  help: "read columns, sheet and date order from a mapping file",
};

/** Every command of the command line, in the order the help shows them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "upgrade",
    summary: "upgrade a client sheet into the governed register (Register, Findings, Dashboard)",
    input: "IN.xlsx|IN.csv",
    options: [
      { name: "sheet", value: true, placeholder: "NAME", help: "the client's sheet (default the first visible sheet)" },
      HEADER_ROW,
      {
        name: "map",
        value: true,
        repeat: true,
        placeholder: "FIELD=HEADER,...",
        help: "map fields to headers; unmapped fields are suggested from the headers",
      },
      { name: "org", value: true, placeholder: "NAME", help: "organization name when the sheet has no such column" },
      DECIMAL,
      {
        name: "date-order",
        value: true,
        placeholder: "DMY|MDY",
        help: "how to read dates such as 03/04/2024 (default: inferred from each column when a day is above 12)",
      },
      {
        name: "gate-map",
        value: true,
        placeholder: "WORD=GATE,...",
        help: 'the client\'s words for gates, such as "In Progress=L3,Completed=L5"',
      },
      ACCEPT_SUGGESTIONS,
      {
        name: "mapping",
        value: true,
        placeholder: "FILE.json",
        file: "read",
        help: "read columns, value maps, date order, decimal mark and header row from a mapping file",
      },
      {
        name: "dry-run",
        value: false,
        help: "print what was understood (sheet, header row, columns, samples) and write nothing",
      },
      SAVE_MAPPING,
      DELIMITER,
      ...FORK_OPTIONS,
      ...WRITE_OPTIONS,
    ],
    oneOf: [OUT_OR_IN_PLACE],
  },
  {
    name: "validate",
    summary: "list the register's findings (exit 1 when there are errors)",
    input: "FILE.xlsx",
    options: [{ name: "strict", value: false, help: "exit 1 on warnings too" }, JSON_FLAG],
  },
  {
    name: "report",
    summary: "print the dual-status report",
    input: "FILE.xlsx",
    options: [
      AS_OF,
      { name: "wide", value: false, help: "every column, however wide (default fits 100 columns)" },
      JSON_FLAG,
    ],
  },
  {
    name: "close",
    summary: "close realized measures with the controller's confirmed savings",
    input: "FILE.xlsx",
    options: [
      { name: "measure", value: true, required: true, placeholder: "ID[,ID...]", help: "the measures to close" },
      CONTROLLER,
      {
        name: "confirmed",
        value: true,
        required: true,
        placeholder: "AMOUNT[,AMOUNT...]",
        help: "confirmed savings, one plain amount per measure",
      },
      {
        name: "reason",
        value: true,
        blankAllowed: true,
        placeholder: "TEXT",
        help: "why, when the claim does not reconcile",
      },
      {
        name: "freeze-formulas",
        value: false,
        help: "write the values of formulas in the rows' closed cells (recorded in the entry) instead of refusing",
      },
      ...SIGNING_OPTIONS,
      ...WRITE_OPTIONS,
    ],
    oneOf: [["key", "unsigned"], OUT_OR_IN_PLACE],
  },
  {
    name: "reopen",
    summary: "reopen a closed measure",
    input: "FILE.xlsx",
    options: [
      { name: "measure", value: true, required: true, placeholder: "ID", help: "the measure to reopen" },
      CONTROLLER,
      {
        name: "reason",
        value: true,
        required: true,
        blankAllowed: true,
        placeholder: "TEXT",
        help: "why it is reopened",
      },
      ...SIGNING_OPTIONS,
      ...WRITE_OPTIONS,
    ],
    oneOf: [["key", "unsigned"], OUT_OR_IN_PLACE],
  },
  {
    name: "verify",
    summary:
      "check closed measures against the audit trail, signatures and receipts (exit 0 proven, 3 not proven, 1 failed)",
    input: "FILE.xlsx",
    options: [
      {
        name: "trust",
        value: true,
        placeholder: "ROSTER",
        file: "read",
        help: "trusted public keys: a JSON array of .pub.json contents, or a folder of .pub.json files",
      },
      {
        name: "require-signed",
        value: false,
        help: "an unsigned entry is a failure (even before the first signed one)",
      },
      {
        name: "allow-unsigned",
        value: false,
        help: "accept an unsigned entry after a signed one (by default a failure)",
      },
      {
        name: "receipts",
        value: true,
        placeholder: "FILE",
        file: "read",
        help: "the receipts file: a receipted entry missing or different is a failure",
      },
      JSON_FLAG,
    ],
  },
  {
    name: "keygen",
    summary: "make a controller's signing key: NAME.key (private, mode 0600) and NAME.pub.json (public)",
    options: [
      CONTROLLER,
      {
        name: "out",
        alias: "o",
        value: true,
        required: true,
        placeholder: "NAME.key",
        file: "write",
        help: "the private key file to write",
      },
      JSON_FLAG,
    ],
  },
  {
    name: "review",
    summary: "the monthly service review: credits, SigMin penalties, breaches and their actions (exit 1 when open)",
    input: "FILE.xlsx",
    options: [
      {
        name: "period",
        value: true,
        placeholder: "YYYY-MM",
        help: "the month to review (default the latest with results)",
      },
      { ...AS_OF, help: "create and escalate actions as of this day (default today)" },
      OUT,
      IN_PLACE,
      FORCE,
      JSON_FLAG,
    ],
    oneOf: [OUT_OR_IN_PLACE],
  },
  {
    name: "tickets",
    summary: "measure a ticket history export (CSV or .xlsx) into the Tickets sheet and monthly Results",
    input: "EXPORT.csv|EXPORT.xlsx",
    options: [
      {
        name: "sheet",
        value: true,
        placeholder: "NAME",
        help: "the export's sheet in an .xlsx (default the first sheet)",
      },
      {
        name: "map",
        value: true,
        repeat: true,
        placeholder: "FIELD=HEADER,...",
        help: "columns of ticket, time, state, priority (or opened, responded, resolved, closed, hold_hours of one row per ticket); unmapped ones are suggested from the headers",
      },
      ACCEPT_SUGGESTIONS,
      EXPORT_HEADER_ROW,
      {
        name: "start",
        value: true,
        blankAllowed: true,
        placeholder: "LIST",
        help: "states that start the clock (--start= : the first event) (required, except with --opened)",
      },
      {
        name: "pause",
        value: true,
        blankAllowed: true,
        placeholder: "LIST",
        help: "states that pause it (--pause= : none) (required, except with --opened)",
      },
      {
        name: "stop",
        value: true,
        placeholder: "LIST",
        help: "states that stop it; a later other state reopens (required, except with --opened)",
      },
      {
        name: "targets",
        value: true,
        placeholder: "P1=4,P2=8,...",
        help: "target business hours per priority (required, except with --default-target)",
      },
      {
        name: "services",
        value: true,
        placeholder: "P1=SL-001,...",
        help: "the service ID of each priority's Results",
      },
      CALENDAR,
      HOLIDAYS,
      { name: "tz", value: true, placeholder: "ZONE", help: "the service desk's IANA time zone (default UTC)" },
      DATE_ORDER,
      DELIMITER,
      {
        name: "as-of",
        value: true,
        placeholder: "DATETIME",
        help: "count tickets that are not stopped up to this time (default: their last event)",
      },
      {
        name: "group",
        value: true,
        placeholder: "COL",
        help: "the assignment group's column: each group's held time on the Group Time sheet",
      },
      {
        name: "ola-targets",
        value: true,
        placeholder: "GROUP=HOURS,...",
        help: 'target business hours per assignment group, such as "Service Desk=2,Network=4"',
      },
      {
        name: "response-states",
        value: true,
        placeholder: "LIST",
        help: "states whose first entry answers a ticket (the response clock)",
      },
      {
        name: "respond-on-group-change",
        value: false,
        help: "the first change of assignment group answers a ticket (with --group)",
      },
      {
        name: "response-targets",
        value: true,
        placeholder: "P1=0.5,...",
        help: "target business hours of the response per priority",
      },
      {
        name: "response-services",
        value: true,
        placeholder: "P1=SL-010,...",
        help: "the service ID of each priority's response Results",
      },
      {
        name: "opened",
        value: true,
        placeholder: "HEADER",
        help: "a one-row-per-ticket export: the column of the time each ticket was opened (its clock starts)",
      },
      {
        name: "responded",
        value: true,
        placeholder: "HEADER",
        help: "with --opened: the column of the first response (the response clock stops on it)",
      },
      {
        name: "resolved",
        value: true,
        placeholder: "HEADER",
        help: "with --opened: the column of the resolution time (the clock stops)",
      },
      {
        name: "closed",
        value: true,
        placeholder: "HEADER",
        help: "with --opened: the closure time (stops the clock when there is no resolution time)",
      },
      {
        name: "on-hold-hours",
        value: true,
        placeholder: "HEADER",
        help: "with --opened: the column of hours each ticket spent on hold (taken off its clock)",
      },
      {
        name: "dry-run",
        value: false,
        help: "show the columns understood (samples as read, parse counts); write nothing",
      },
      MAPPING,
      SAVE_MAPPING,
      {
        name: "default-target",
        value: true,
        placeholder: "HOURS",
        help: "the target of tickets without a priority (logs without priorities); --targets is then optional",
      },
      {
        name: "workbook",
        value: true,
        placeholder: "GOVERNED.xlsx",
        file: "read",
        help: "write into a copy of this workbook",
      },
      { ...OUT, help: "the workbook to write (not needed with --dry-run)" },
      FORCE,
      JSON_FLAG,
    ],
    oneOf: [["dry-run", "out"]],
  },
  {
    name: "steps",
    summary: "process latency per step from an event log (CSV or .xlsx), judged against a Tolerances table",
    input: "LOG.csv|LOG.xlsx",
    options: [
      {
        name: "tolerances",
        value: true,
        placeholder: "TOL.csv",
        file: "read",
        help: "Process, From Activity, To Activity, Tolerance Hours, Owner (or the --workbook's Tolerances sheet)",
      },
      {
        name: "workbook",
        value: true,
        placeholder: "W.xlsx",
        file: "read",
        help: "write into a copy of this workbook",
      },
      { name: "case", value: true, placeholder: "COL", help: "the case column (default: suggested from the headers)" },
      ACCEPT_SUGGESTIONS,
      EXPORT_HEADER_ROW,
      { name: "activity", value: true, placeholder: "COL", help: "the activity column" },
      { name: "time", value: true, placeholder: "COL", help: "the time column" },
      {
        name: "group",
        value: true,
        placeholder: "COL",
        help: "the group holding the case from each event (default: Assignment group, workgroup or Resource)",
      },
      { name: "process", value: true, placeholder: "COL", help: "the process column, when the log has several" },
      {
        name: "map",
        value: true,
        repeat: true,
        placeholder: "FIELD=HEADER,...",
        help: "columns of case, activity, time, group, process",
      },
      {
        name: "sheet",
        value: true,
        placeholder: "NAME",
        help: "the log's sheet in an .xlsx (default the first sheet)",
      },
      CALENDAR,
      HOLIDAYS,
      {
        name: "tz",
        value: true,
        placeholder: "ZONE",
        help: "the IANA time zone of times without an offset (default UTC)",
      },
      DATE_ORDER,
      DELIMITER,
      {
        name: "ignore",
        value: true,
        placeholder: "START,END",
        help: "activities whose events are left out (artificial start and end events)",
      },
      MAPPING,
      { name: "dry-run", value: false, help: "show the columns, times and results understood; write nothing" },
      SAVE_MAPPING,
      FORCE,
      { ...OUT, help: "the workbook to write (not needed with --dry-run)" },
      JSON_FLAG,
    ],
    oneOf: [
      ["tolerances", "workbook"],
      ["dry-run", "out"],
    ],
  },
  {
    name: "experience",
    summary:
      "a survey export (CSV or .xlsx, one row per response) into the Experience sheet: net score and lost minutes per month and service level",
    input: "SURVEY.csv|SURVEY.xlsx",
    options: [
      {
        name: "workbook",
        value: true,
        required: true,
        placeholder: "W.xlsx",
        file: "read",
        help: "the governed workbook (its Services, and Tickets to resolve ticket IDs); the output is a copy",
      },
      { name: "time", value: true, placeholder: "COL", help: "the response time column (default: suggested)" },
      ACCEPT_SUGGESTIONS,
      EXPORT_HEADER_ROW,
      { name: "service", value: true, placeholder: "COL", help: "the Service ID column" },
      {
        name: "ticket",
        value: true,
        placeholder: "COL",
        help: "a ticket ID column, resolved to its service through the Tickets sheet",
      },
      { name: "score", value: true, placeholder: "COL", help: "the score column" },
      { name: "lost", value: true, placeholder: "COL", help: "the lost minutes column (optional)" },
      {
        name: "map",
        value: true,
        repeat: true,
        placeholder: "FIELD=HEADER,...",
        help: "columns of time, service, ticket, score, lost",
      },
      {
        name: "scale",
        value: true,
        placeholder: "SCALE",
        help: '"0-10" (default), "1-5", "1-7", "1-5 low" or bands such as "pos 9-10; neg 0-6"',
      },
      {
        name: "sheet",
        value: true,
        placeholder: "NAME",
        help: "the survey's sheet in an .xlsx (default the first sheet)",
      },
      DATE_ORDER,
      DELIMITER,
      MAPPING,
      { name: "dry-run", value: false, help: "show the columns, scale, dates and rows understood; write nothing" },
      SAVE_MAPPING,
      FORCE,
      { ...OUT, help: "the workbook to write (not needed with --dry-run)" },
      JSON_FLAG,
    ],
    oneOf: [["dry-run", "out"]],
  },
  {
    name: "results",
    summary: "monthly results from a client's SLA report (CSV or .xlsx, long or wide) into the Results sheet",
    input: "REPORT.csv|REPORT.xlsx",
    options: [
      {
        name: "workbook",
        value: true,
        required: true,
        placeholder: "GOVERNED.xlsx",
        file: "read",
        help: "the workbook whose Services the report is matched to; a copy is written",
      },
      {
        name: "sheet",
        value: true,
        placeholder: "NAME",
        help: "the report's sheet in an .xlsx (default the first visible sheet)",
      },
      {
        ...HEADER_ROW,
        help: "the row of the headers (default: the text row above the data, within the first 20 rows, naming the report most; a tie is refused)",
      },
      {
        name: "map",
        value: true,
        repeat: true,
        placeholder: "FIELD=HEADER,...",
        help: "a long report's columns: period, service, value (default: exact headers)",
      },
      ACCEPT_SUGGESTIONS,
      { name: "date-order", value: true, placeholder: "DMY|MDY", help: "how to read periods such as 03/04/2024" },
      {
        ...DECIMAL,
        help: 'how values typed as text write decimals: "." (99.5, 1,250.5) or "," (99,5, 1.250,5); default: read from the text, "1.250" refused as ambiguous',
      },
      DELIMITER,
      {
        name: "service-map",
        value: true,
        placeholder: "NAME=ID,...",
        help: "the report's own names for service levels, such as \"Core availability=SL-001\" (default: matched by Service ID, else by the Services sheet's name)",
      },
      {
        ...MAPPING,
        help: "read columns, sheet, header row, date order, decimal mark and service names from a mapping file",
      },
      { name: "dry-run", value: false, help: "show what would be written; write nothing" },
      SAVE_MAPPING,
      { ...OUT, help: "the workbook to write (not needed with --dry-run)" },
      FORCE,
      JSON_FLAG,
    ],
  },
  {
    name: "pack",
    summary: "the steering committee's review pack of a month: one HTML page (and a PDF with --pdf)",
    input: "FILE.xlsx",
    options: [
      {
        name: "period",
        value: true,
        placeholder: "YYYY-MM",
        help: "the month of the pack (default the latest with results)",
      },
      { ...AS_OF, help: "escalate actions and judge milestones as of this day (default today)" },
      { ...OUT, required: true, placeholder: "PACK.html", help: "the HTML page to write" },
      FORCE,
      {
        name: "pdf",
        value: true,
        placeholder: "PACK.pdf",
        file: "write",
        help: "also print it to an A4 landscape PDF (needs Chromium)",
      },
    ],
  },
  {
    name: "new-contract",
    summary: "write a workbook with the Register, Services, Contract, Results and Actions sheets",
    options: [
      { ...OUT, required: true, placeholder: "FILE.xlsx" },
      {
        name: "workbook",
        value: true,
        placeholder: "GOVERNED.xlsx",
        file: "read",
        help: "add the contract sheets to a copy of this governed workbook (its sheets kept as they are)",
      },
      { name: "empty", value: false, help: "headers only, no example rows" },
      FORCE,
    ],
  },
  {
    name: "demo",
    summary: "generate a client workbook, upgrade it, close two measures, verify and report",
    options: [
      {
        name: "out",
        value: true,
        placeholder: "DIR",
        file: "write",
        help: "where to write the files (default demo/out); with --sample, the file to write",
      },
      {
        name: "sample",
        value: true,
        placeholder: "client|contract|survey",
        help: "write one of the demo's inputs only: the client workbook, the contract added to --workbook, or the survey CSV",
      },
      {
        name: "workbook",
        value: true,
        placeholder: "GOVERNED.xlsx",
        file: "read",
        help: "with --sample contract: the governed workbook the contract is added to (its register items carry the SLAs)",
      },
      {
        name: "period",
        value: true,
        placeholder: "YYYY-MM",
        help: "with --sample contract or survey: the last month of results (default last month)",
      },
      { ...FORCE, help: "replace the files an earlier demo wrote (or the --sample file)" },
    ],
  },
];

/**
 * Parses the arguments after the program name.
 * @param argv - For example ["close", "a.xlsx", "--measure", "M-0001", "-o", "b.xlsx"].
 * @returns The command, its input and its options.
 * @throws CliError (exit 2) for anything that does not fit the command's declaration.
 * @example parseArgs(["verify", "a.xlsx", "--json"]).options.get("json") // => true
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [name, ...rest] = argv;
  if (name === undefined) throw new CliError(messages.noCommand());
  if (name === "--help" || name === "-h" || name === "help") {
    return { command: "help", options: new Map(), help: true };
  }
  if (name === "--version" || name === "-V" || name === "version") {
    return { command: "version", options: new Map(), help: false };
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec)
    throw new CliError(
      messages.unknownCommand(
        name,
        COMMANDS.map((c) => c.name),
      ),
    );

  const options = new Map<string, string[] | true>();
  let input: string | undefined;
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (spec.input === undefined || input !== undefined) throw new CliError(messages.extraArgument(arg, name));
      input = arg;
      continue;
    }
    const eq = arg.indexOf("=");
    const key = eq >= 0 ? arg.slice(0, eq) : arg;
    const option = spec.options.find((o) =>
      key.startsWith("--") ? o.name === key.slice(2) : o.alias !== undefined && key === `-${o.alias}`,
    );
    if (!option) throw new CliError(messages.unknownOption(key, name));
    if (!option.value) {
      if (eq >= 0) throw new CliError(messages.flagWithValue(key));
      if (options.has(option.name)) throw new CliError(messages.repeatedOption(key));
      options.set(option.name, true);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      // A value may not look like an option: "-o --json" is a forgotten file name, not a file called "--json".
      const next = rest[i + 1];
      if (next === undefined || (next.startsWith("-") && next.length > 1 && !/^-\d/.test(next))) {
        throw new CliError(messages.missingValue(key));
      }
      value = next;
      i++;
    }
    if (value.trim() === "" && !option.blankAllowed) throw new CliError(messages.blankValue(key));
    const before = options.get(option.name);
    if (before !== undefined && !option.repeat) throw new CliError(messages.repeatedOption(key));
    options.set(option.name, [...(Array.isArray(before) ? before : []), value]);
  }
  if (!help && spec.input !== undefined && input === undefined)
    throw new CliError(messages.missingInput(name, spec.input));
  return { command: name, input, options, help };
}

/** The value of an option (the last when repeated), or undefined. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return Array.isArray(v) ? v[v.length - 1] : undefined;
}

/**
 * The value of an option the command needs, blank or not (a blank controller is the core's
 * to refuse, as a refused closure). @throws CliError when it is missing.
 */
export function givenValue(args: ParsedArgs, name: string): string {
  const v = optionValue(args, name);
  if (v === undefined) throw new CliError(messages.missingOption(`--${name}`, args.command));
  return v;
}

/** The value of a required option. @throws CliError when it is missing or blank. */
export function requiredValue(args: ParsedArgs, name: string): string {
  const v = optionValue(args, name);
  if (v === undefined || v.trim() === "") throw new CliError(messages.missingOption(`--${name}`, args.command));
  return v;
}

/** True when a flag is given. */
export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}

/** Splits a comma-separated list, trimming items and dropping empty ones. @example splitList("a, b,,c") // => ["a","b","c"] */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** How an option is written in a usage line: `-o OUT.xlsx`, `--unsigned`. */
function usageWord(o: OptionSpec): string {
  return `${o.alias ? `-${o.alias}` : `--${o.name}`}${o.value ? ` ${o.placeholder}` : ""}`;
}

/**
 * A command's usage line: what it needs without brackets (its input, its required options, one
 * of each `oneOf` group in parentheses), the rest in brackets, in the table's order.
 * @example usageLine(COMMANDS.find((c) => c.name === "keygen")!) // => "sla-governance keygen --controller NAME -o NAME.key [--json]"
 */
export function usageLine(c: CommandSpec): string {
  const shown = new Set<string>();
  const words = [`sla-governance ${c.name}`, ...(c.input ? [`<${c.input}>`] : [])];
  for (const o of c.options) {
    if (shown.has(o.name)) continue;
    const group = c.oneOf?.find((g) => g.includes(o.name));
    if (group) {
      const members = group.map((n) => c.options.find((x) => x.name === n)!);
      members.forEach((m) => shown.add(m.name));
      words.push(`(${members.map(usageWord).join(" | ")})`);
    } else {
      shown.add(o.name);
      words.push(o.required ? usageWord(o) : `[${usageWord(o)}]`);
    }
  }
  return words.join(" ");
}

/** The help text: every command or one command with its options. */
export function helpText(command?: string): string {
  const spec = COMMANDS.find((c) => c.name === command);
  const usage = usageLine;
  if (spec) {
    const lines = [`Usage: ${usage(spec)}`, "", spec.summary, ""];
    for (const o of spec.options) {
      const names = `${o.alias ? `-${o.alias}, ` : ""}--${o.name}${o.value ? ` ${o.placeholder}` : ""}`;
      const group = spec.oneOf?.find((g) => g.includes(o.name));
      const need = o.required
        ? " (required)"
        : group
          ? ` (this or ${group
              .filter((n) => n !== o.name)
              .map((n) => `--${n}`)
              .join(", ")})`
          : "";
      lines.push(`  ${names.padEnd(30)} ${o.help}${need}`);
    }
    return lines.join("\n");
  }
  return [
    "Usage: sla-governance <command> [options]",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    "",
    "Exit codes: 0 success; 1 errors found (validate; --strict: warnings too), tampering (verify),",
    "a refused closure or reopen, rejected rows (tickets, steps), or open breaches and escalated actions (review, pack);",
    "2 usage or input errors; 3 verify: consistent but not proven (no --trust roster).",
    "sla-governance <command> --help shows a command's options;",
    "options a command needs are shown without brackets. sla-governance --version prints the version.",
  ].join("\n");
}
