/**
 * The commands: each reads what it needs from the workbook once, calls the governance core,
 * writes the returned plans in one save and prints the outcome. No governance logic lives
 * here; the clock does (closure times and "as of" today).
 */
import * as fs from "fs";
import * as path from "path";
import { SheetIndexEntry } from "./package/read";
import { isRefusal, Refusal, refusalText } from "../src/errors";
import { buildReport, planDashboard, planUpgrade, planValidation, registerFrom } from "../src/governance/commands";
import { applyUpgradeChoices } from "../src/governance/mapping";
import { readSourceIds } from "../src/governance/sourceIds";
import { contractCurrency } from "../src/service/read";
import { SERVICE_SHEETS } from "../src/service/model";
import {
  Gate,
  Level,
  RegisterRow,
  SHEETS,
  SourceTable,
  UPGRADE_FIELDS,
  UpgradeField,
  textOf,
} from "../src/governance/model";
import { isFailure, headerList, Result } from "../src/errors";
import { ColumnPlan } from "../src/import/columns";
import { MAPPING_USES, MappingSettings, mappingFileText, parseMappingFile } from "../src/import/mappingFile";
import { parseValueMap, valueMapOf } from "../src/import/valueMaps";
import { previewUpgrade, ReadingOptions } from "../src/governance/preview";
import { upgradeSettings } from "../src/governance/upgradeReview";
import { Workbook } from "exceljs";
import { readCsvGrid } from "./csv";
import { previewText } from "./preview";
import { levelOf, registerFormulas } from "../src/governance/register";
import { DecimalMark, exactAmount, parseGate } from "../src/governance/values";
import { AUDIT_PROTECTION, SheetPlan } from "../src/governance/plan";
import {
  ClosurePlan,
  closeMeasures,
  forkWorkbook,
  ProofInputs,
  Receipt,
  proofInputsOf,
  reopenMeasure,
  verifyRegister,
} from "../src/governance/closure";
import { serialFromEpochMs, serialFromIso } from "../src/serial";
import { DateOrder, OrderInference, parseDateOrder } from "../src/import/dates";
import { COMMANDS, givenValue, hasFlag, optionValue, ParsedArgs, requiredValue, splitList } from "./args";
import { checkPassword, hasPassword, readProtection } from "./protection";
import { tempFileBeside, writeFileThrough } from "./tempdir";
import { AddinStore, STORES } from "./addin";
import { CliError, EXIT, keyMessages, messages, writeCause } from "./messages";
import {
  appendReceipts,
  checkReceiptsWritable,
  readKeyFile,
  readReceipts,
  readRoster,
  privateKeyPath,
  writeKeyFiles,
} from "./keys";
import { Signer } from "../src/governance/signing";
import { findingsJson, findingsText, itemsLine, jsonText, reportText, verifyJson, verifyText } from "./output";
import {
  closureSheetPlans,
  checkInputFile,
  checkXlsxPackage,
  closureProtection,
  openSheets,
  OpenedWorkbook,
  LazyPlan,
  sourceTableOf,
  WriteRequest,
  writeWorkbook,
} from "./xlsx";

/** Where a command's output goes, and the clock. Tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress notes for long runs (a no-op unless stderr is a terminal). */
  readonly progress: (text: string) => void;
  readonly now: () => Date;
}

const OWN_SHEETS: readonly string[] = Object.values(SHEETS);
/**
 * The product's sheets an upgrade reads: the register it updates, the client IDs it matched,
 * the proof a fork carries over, and the Contract (its Currency formats the money).
 */
const UPGRADE_SHEETS: readonly string[] = [
  SHEETS.register,
  SHEETS.sourceIds,
  SHEETS.audit,
  SHEETS.identity,
  SHEETS.controllers,
  SERVICE_SHEETS.contract,
  // Other commands' cut cells listed there stay listed.
  SHEETS.findings,
];

/** The serial day commands judge milestones by: --as-of, or today (UTC). */
export function asOfSerial(args: ParsedArgs, io: Io): number {
  const text = optionValue(args, "as-of");
  if (text === undefined) return Math.floor(serialFromEpochMs(io.now().getTime()));
  const serial = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? serialFromIso(text) : undefined;
  if (serial === undefined) throw new CliError(messages.badDate(text));
  return serial;
}

/**
 * True when two paths name the same file: however spelled (`./`, `..`, a symbolic link), and,
 * when both exist, one file under two names (a hard link; one name in two cases on a
 * case-insensitive disk), by device and inode.
 */
export function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  if (real(a) === real(b)) return true;
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino && x.isFile();
  } catch {
    return false;
  }
}

/** The file to write: -o (never the input unless --in-place), or the input itself with --in-place. */
function outputPath(args: ParsedArgs, input: string): string {
  const out = optionValue(args, "out");
  const inPlace = hasFlag(args, "in-place");
  if (out === undefined) {
    if (inPlace) return input;
    throw new CliError(messages.missingOutput(args.command));
  }
  if (path.extname(out).toLowerCase() !== ".xlsx") throw new CliError(messages.notXlsx(out));
  if (!inPlace) refuseExisting(args, out);
  return out;
}

/** An opened input, with the file to write and the passwords that writing it keeps. */
export interface OpenedInput {
  readonly book: OpenedWorkbook;
  readonly out: string;
  readonly passwords: Pick<WriteRequest, "password" | "passwordHash">;
}

/** The governed sheets whose passwords a writing command must respect. */
const PROTECTED_SHEETS: readonly string[] = [SHEETS.register, SHEETS.audit];

/**
 * The passwords a write keeps. With --password, it must open every governed sheet that has
 * one (ExcelJS never checks): a wrong one stops the command before anything is written.
 * Without it, a stored hash is kept, and a new Audit sheet gets the Register's.
 */
async function passwordsOf(args: ParsedArgs, input: string): Promise<OpenedInput["passwords"]> {
  const stored = await readProtection(input, PROTECTED_SHEETS);
  const password = optionValue(args, "password");
  if (password !== undefined) {
    for (const sheet of PROTECTED_SHEETS) {
      if (!checkPassword(stored.get(sheet), password)) throw new CliError(messages.wrongPassword(sheet, input));
    }
    return { password };
  }
  for (const sheet of PROTECTED_SHEETS) {
    const p = stored.get(sheet);
    if (p?.password && !p.hashValue) throw new CliError(messages.legacyPassword(sheet, input));
  }
  const register = stored.get(SHEETS.register);
  return register && hasPassword(register) ? { passwordHash: register } : {};
}

/**
 * Opens the input and, for writing commands, settles the output and the passwords first (cheap
 * checks before a slow read). Only the sheets named are read (streamed); the others, however
 * large, are never inflated (the writer carries them).
 */
export async function openInput(
  args: ParsedArgs,
  io: Io,
  writes: boolean,
  sheets: readonly string[],
): Promise<OpenedInput> {
  const input = args.input!;
  checkInputFile(input);
  const out = writes ? outputPath(args, input) : "";
  // The package's bounds before the password check, which inflates the governed sheets.
  if (writes) checkXlsxPackage(input);
  const passwords = writes ? await passwordsOf(args, input) : {};
  io.progress(`Reading ${input} ...`);
  return { book: await openSheets(input, sheets), out, passwords };
}

/** What verify reads: the register and the proof around it (see proofInputs). */
const PROOF_SHEETS: readonly string[] = [SHEETS.register, SHEETS.audit, SHEETS.identity, SHEETS.controllers];
/** What close and reopen read: the proof, and the Contract whose currency the Dashboard's money takes. */
const CLOSURE_SHEETS: readonly string[] = [...PROOF_SHEETS, SERVICE_SHEETS.contract];

/** The register rows of a workbook. @throws CliError when it has no readable Register sheet. */
export function registerRows(book: OpenedWorkbook): RegisterRow[] {
  const grid = book.grid(SHEETS.register);
  if (!grid) throw new CliError(messages.noRegister(book.file));
  const rows = registerFrom(grid);
  if (isRefusal(rows)) throw new CliError(refusalText(rows));
  return rows;
}

/**
 * What closure and verify read besides the rows: the register's formulas (closed data must be
 * values), the workbook's identity, the Controllers sheet, and a fresh Workbook ID in case
 * the workbook has none yet.
 */
function proofInputs(book: OpenedWorkbook): ProofInputs {
  return proofInputsOf(
    {
      register: book.grid(SHEETS.register),
      registerFormulas: book.formulas(SHEETS.register),
      identity: book.grid(SHEETS.identity),
      controllers: book.grid(SHEETS.controllers),
    },
    globalThis.crypto.getRandomValues(new Uint8Array(16)),
  );
}

/** --addin-store: how the written file's add-in reference records the add-in. */
function addinStore(args: ParsedArgs): AddinStore {
  const text = optionValue(args, "addin-store") ?? "sideload";
  if (!(text in STORES)) throw new CliError(messages.badAddinStore(text));
  return text as AddinStore;
}

async function save(book: OpenedWorkbook, out: string, io: Io, request: WriteRequest, args: ParsedArgs): Promise<void> {
  io.progress(`Writing ${out} ...`);
  await writeWorkbook(book, out, { ...request, addin: addinStore(args), notice: ioNotice(io) });
}

/**
 * A writer's notes (a stale temporary file removed, a carried sheet that does not unpack) as a
 * command says them: on its Io's stderr, so what the process prints is what the command returns.
 * @example ioNotice(io)("removed .out.xlsx.41.tmp, ...") // io.stderr('sla-governance: removed .out.xlsx.41.tmp, ...\n')
 */
export function ioNotice(io: Io): (line: string) => void {
  return (line) => io.stderr(`sla-governance: ${line}\n`);
}

/**
 * The dashboard's plans (the Dashboard and its Dashboard Measures sheet), made once when the
 * first of them is written (they are the largest plans); --as-of fixes their day; their money
 * in the workbook's currency (the Contract sheet's).
 */
function dashboardLater(book: OpenedWorkbook, rows: readonly RegisterRow[], args: ParsedArgs, io: Io): LazyPlan[] {
  const asOf = asOfSerial(args, io);
  const fixed = optionValue(args, "as-of") !== undefined;
  const currency = workbookCurrency(book);
  let plans: SheetPlan[] | undefined;
  const make = (i: number) => () => (plans ??= planDashboard(rows, asOf, undefined, fixed, currency))[i];
  return [
    { name: SHEETS.dashboard, make: make(0) },
    { name: SHEETS.dashboardMeasures, make: make(1) },
  ];
}

/** The currency of a workbook's money: its Contract sheet's ISO code, "" for none. */
function workbookCurrency(book: OpenedWorkbook): string {
  return contractCurrency(book.grid(SERVICE_SHEETS.contract));
}

/** Parses FIELD=HEADER choices from every --map; `FIELD=` (no header) leaves the field unmapped. */
export function mapChoices(args: ParsedArgs): { field: string; header: string }[] {
  const given = args.options.get("map");
  const choices: { field: string; header: string }[] = [];
  for (const text of Array.isArray(given) ? given : []) {
    for (const part of splitList(text)) {
      const eq = part.indexOf("=");
      if (eq <= 0) throw new CliError(messages.badMapChoice(part));
      choices.push({ field: part.slice(0, eq).trim(), header: part.slice(eq + 1).trim() });
    }
  }
  return choices;
}

/** The sheet an import reads of its input, and what it says of a sheet it does not read. */
export interface InputSheet {
  /** --sheet, else the mapping file's sheet; undefined for a CSV (one table), or when neither names one. */
  readonly sheet?: string;
  /** The command's arguments with --sheet set to that sheet (as the readers take it). */
  readonly args: ParsedArgs;
  /** Lines for what the run understood: a mapping file's sheet not used, the input being a CSV. */
  readonly notes: string[];
}

/**
 * The sheet an import reads (upgrade, tickets, results, steps, experience): --sheet, else the
 * mapping file's. A CSV has one table: --sheet beside one is refused, never ignored; a mapping
 * file's sheet (saved from last month's .xlsx) is not refused but not used, and a note says so.
 * @param settings - The run's mapping file (see {@link mappingSettings}).
 * @throws CliError for --sheet beside a CSV.
 * @example inputSheet(args("tickets x.csv --mapping m.json"), { sheet: "Export", ... }).notes // => ['sheet "Export" in m.json: not used, the input is a CSV (one table).']
 */
export function inputSheet(args: ParsedArgs, settings: MappingSettings): InputSheet {
  const input = args.input ?? "";
  const given = optionValue(args, "sheet");
  if (path.extname(input).toLowerCase() !== ".csv") {
    const sheet = given ?? settings.sheet;
    const options = sheet === undefined ? args.options : new Map([...args.options, ["sheet", [sheet]]]);
    return { sheet, args: { ...args, options }, notes: [] };
  }
  if (given !== undefined) throw new CliError(messages.sheetOfCsv(input));
  const notes =
    settings.sheet === undefined ? [] : [messages.csvSheetUnused(settings.sheet, optionValue(args, "mapping")!)];
  return { args, notes };
}

/** The notes of a run for its --json: `{ notes }` when there are any, else nothing (the key is left out). */
export function notesJson(notes: readonly string[]): { notes?: readonly string[] } {
  return notes.length ? { notes } : {};
}

/** The notes of a run (see {@link inputSheet}) as lines of text, "" when there are none. */
export function notesText(notes: readonly string[]): string {
  return notes.map((n) => `Note: ${n}\n`).join("");
}

/** The sheet --sheet names (exact, else ignoring case), or the first visible sheet that is not the product's own. @throws CliError when there is none. */
export function chooseSheet(book: OpenedWorkbook, wanted: string | undefined): string {
  return sheetOfIndex(book.file, book.sheets, wanted);
}

/** As {@link chooseSheet}, from the workbook's index of sheets (a streamed read has no workbook model). */
export function sheetOfIndex(file: string, index: readonly SheetIndexEntry[], wanted: string | undefined): string {
  const names = index.map((s) => s.name);
  if (names.length === 0) throw new CliError(messages.noSheets(file));
  const [name] = pickSheet(index, wanted);
  if (name !== undefined) return name;
  if (wanted === undefined) throw new CliError(messages.noVisibleSheet(file, names));
  throw new CliError(messages.unknownSheet(wanted, file, names));
}

/** The sheet --sheet names (exact, else ignoring case), or the first visible sheet not the product's own, by the workbook's index (none when there is none). */
function pickSheet(index: readonly SheetIndexEntry[], wanted: string | undefined): string[] {
  if (wanted === undefined) {
    const visible = index.filter((s) => s.state === "visible");
    const client = visible.find((s) => !OWN_SHEETS.includes(s.name)) ?? visible[0];
    return client ? [client.name] : [];
  }
  const exact = index.find((s) => s.name === wanted);
  const folded = index.find((s) => s.name.toLowerCase() === wanted.trim().toLowerCase());
  const found = exact ?? folded;
  return found ? [found.name] : [];
}

/** What an upgrade reads: the source workbook (a CSV becomes a one-sheet workbook), the table and the mapping. */
interface UpgradeInput {
  readonly book: OpenedWorkbook;
  readonly table: SourceTable;
  readonly plan: ColumnPlan<UpgradeField>;
  readonly reading: ReadingOptions;
  readonly settings: MappingSettings;
  /** Whether the input is a CSV (its one sheet is named after the file: a mapping file records none). */
  readonly csv: boolean;
  /** What the run says beside what it read (see inputSheet). */
  readonly notes: readonly string[];
}

/**
 * --mapping FILE.json, or empty settings. An entry the command would not read (a value map or a
 * decimal mark it has no use for, see MAPPING_USES) is refused, never ignored.
 */
export function mappingSettings(args: ParsedArgs): MappingSettings {
  const file = optionValue(args, "mapping");
  if (file === undefined) return { columns: {}, values: {} };
  const use = (MAPPING_USES as Readonly<Record<string, (typeof MAPPING_USES)[keyof typeof MAPPING_USES]>>)[
    args.command
  ];
  if (!use) throw new Error(`${args.command} reads a mapping file but has no entry in MAPPING_USES`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? messages.missingFile(file) : messages.unreadable(file, String(code)));
  }
  return orUsage(parseMappingFile(text, file, use));
}

function orUsage<T>(value: Result<T>): T {
  if (isFailure(value)) throw new CliError(value.message);
  return value;
}

/**
 * A field's value map: the mapping file's `values[field]`, with the option's pairs over it
 * (`--gate-map`, `--service-map`); undefined when neither gives one.
 * @param read - Reads a target, undefined when it is not one of the field's values.
 * @param targets - What the targets may be, for messages ("gates L0..L5").
 */
export function valueMapOption<T>(
  args: ParsedArgs,
  settings: MappingSettings,
  field: string,
  option: string,
  read: (target: string) => T | undefined,
  targets: string,
): Map<string, T> | undefined {
  const text = optionValue(args, option);
  const fromFile = Object.entries(settings.values[field] ?? {});
  if (text === undefined && fromFile.length === 0) return undefined;
  const map = orUsage(valueMapOf(fromFile, `the mapping file's ${field} values`, read, targets));
  if (text !== undefined)
    for (const [k, v] of orUsage(parseValueMap(text, `--${option}`, read, targets))) map.set(k, v);
  return map;
}

/** --gate-map (over the mapping file's gate values). */
function gateMapOf(args: ParsedArgs, settings: MappingSettings): Map<string, Gate> | undefined {
  return valueMapOption(args, settings, "gate", "gate-map", (t) => parseGate(t), "gates L0..L5");
}

/** A CSV as a one-sheet workbook (its sheet named after the file), so the upgrade writes it beside the register. */
function csvBook(args: ParsedArgs, file: string): OpenedWorkbook {
  const grid = readCsvGrid(args, file);
  const name =
    path
      .basename(file, path.extname(file))
      .replace(/[\\/?*[\]:]/g, "_")
      .slice(0, 31) || "Source";
  const workbook = new Workbook();
  const ws = workbook.addWorksheet(name);
  for (const row of grid) ws.addRow(row);
  return {
    file,
    workbook,
    sheets: [{ name, state: "visible" }],
    sheetNames: [name],
    grid: (n) => (n === name ? grid : undefined),
    // A CSV holds values only.
    formulas: (n) => (n === name ? grid.map((r) => r.map(() => null)) : undefined),
    // A CSV sizes no column.
    columnWidths: (n) => (n === name ? [] : undefined),
  };
}

/** Reads the input and decides the mapping; refusals name the header row, its headers and the fix. */
async function upgradeInput(args: ParsedArgs, io: Io, csv: boolean): Promise<UpgradeInput> {
  const settings = mappingSettings(args);
  io.progress(`Reading ${args.input} ...`);
  const { sheet: wanted, notes } = inputSheet(args, settings);
  // Only the product's sheets it needs and the one upgraded are read, streamed: other client
  // sheets, however large, are carried by the writer without being inflated.
  const book = csv
    ? csvBook(args, args.input!)
    : await openSheets(args.input!, (index) => [...UPGRADE_SHEETS, ...pickSheet(index, wanted)]);
  const sheet = chooseSheet(book, wanted);
  if (OWN_SHEETS.includes(sheet)) throw new CliError(messages.ownSheet(sheet));
  const table = sourceTableOf(sheet, book.grid(sheet)!, headerRowOption(args) ?? settings.headerRow);
  if (!table) throw new CliError(messages.emptySheet(sheet, book.file));
  const gateMap = gateMapOf(args, settings);
  const choices = [
    ...Object.entries(settings.columns).map(([field, header]) => ({ field, header })),
    ...mapChoices(args),
  ];
  // A later choice of a field replaces an earlier one (the command line over the file).
  const last = new Map(choices.map((c) => [c.field.trim().toLowerCase(), c]));
  const plan = applyUpgradeChoices(table.headers, table.rows, [...last.values()], {
    acceptSuggestions: hasFlag(args, "accept-suggestions"),
    gateMap,
  });
  if (plan.problems.length) {
    throw new CliError(
      messages.mappingAt(
        plan.problems.map((p) => p.message),
        sheet,
        table.headerRow,
        headerList(table.headers),
      ),
    );
  }
  const reading: ReadingOptions = {
    decimal: decimalOption(args) ?? settings.decimal,
    dateOrder: dateOrderOption(args) ?? settings.dateOrder,
    gateMap,
  };
  return { book, table, plan, reading, settings, csv, notes };
}

/** The mapping file of a run: what it read and decided, for next month (the pane saves the same). */
function settingsOf(input: UpgradeInput): MappingSettings {
  const settings = upgradeSettings(input.table, input.plan, input.reading);
  // A CSV's sheet is its file's name: next month's file has another.
  return input.csv ? { ...settings, sheet: undefined } : settings;
}

/** --dry-run: the preview on stdout (and --save-mapping); writes no workbook. Exit 2 when a required field is unmapped. */
function upgradePreview(args: ParsedArgs, io: Io, input: UpgradeInput): number {
  const preview = previewUpgrade(input.table, input.plan, input.reading, UPGRADE_FIELDS);
  saveMapping(args, io, settingsOf(input));
  io.stdout(
    hasFlag(args, "json")
      ? jsonText({ ...preview, ...notesJson(input.notes) })
      : previewText(preview) + notesText(input.notes),
  );
  if (preview.missing.length) {
    io.stderr(`sla-governance: ${messages.requiredUnmapped(preview.missing, input.table.headerRow)}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

/** sla-governance upgrade: the client sheet (.xlsx or .csv) into Register, Findings and Dashboard of a copy. */
export async function upgradeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const csv = path.extname(args.input ?? "").toLowerCase() === ".csv";
  const dryRun = hasFlag(args, "dry-run");
  if (csv) checkCsvFile(args.input!);
  else checkInputFile(args.input!);
  if (optionValue(args, "save-mapping") !== undefined && !dryRun) throw new CliError(messages.saveMappingNeedsDryRun());
  // Option syntax first: a typo is named before any file is looked at.
  decimalOption(args);
  dateOrderOption(args);
  headerRowOption(args);
  const forking = await forkRequest(args, io, dryRun);
  const out = dryRun ? "" : outputPath(args, args.input!);
  // The package's bounds before the password check, which inflates the governed sheets.
  if (!dryRun && !csv) checkXlsxPackage(args.input!);
  const passwords = dryRun ? {} : csv ? passwordOnly(args) : await passwordsOf(args, args.input!);
  const input = await upgradeInput(args, io, csv);
  if (dryRun) return upgradePreview(args, io, input);
  const { book, table, plan } = input;
  if (plan.mapping.measure === undefined) {
    throw new CliError(messages.noMeasure(table.sheet, table.headerRow, headerList(table.headers), plan.suggestions));
  }
  io.progress(`Upgrading ${table.rows.length} rows of "${table.sheet}" ...`);
  const outcome = planUpgrade(book.grid(SHEETS.register), table, plan.mapping, {
    organization: optionValue(args, "org"),
    ...input.reading,
    sourceIds: readSourceIds(book.grid(SHEETS.sourceIds)),
    currency: workbookCurrency(book),
    findings: book.grid(SHEETS.findings),
  });
  if (isRefusal(outcome)) throw new CliError(refusalText(outcome));
  const fork = forking
    ? await forkWorkbook(outcome.rows, book.grid(SHEETS.audit), { ...forking, ...proofInputs(book) })
    : undefined;
  // Nothing to fork, or no one to answer for it: a usage error, nothing written.
  if (fork && isRefusal(fork)) throw new CliError(refusalText(fork));
  await saveWithReceipts(
    book,
    out,
    io,
    {
      plans: [
        ...outcome.plans,
        // A fork: the new Identity sheet and the fork entry (the register is the upgrade's own).
        ...(fork
          ? [
              fork.identity!,
              ...closureSheetPlans(fork, workbookCurrency(book)).filter((p) => p.name !== SHEETS.register),
            ]
          : []),
        ...dashboardLater(book, outcome.rows, args, io),
      ],
      protect: new Map([
        ...(book.sheetNames.includes(SHEETS.audit) ? [[SHEETS.audit, AUDIT_PROTECTION] as const] : []),
        ...(book.sheetNames.includes(SHEETS.controllers) ? [[SHEETS.controllers, AUDIT_PROTECTION] as const] : []),
      ]),
      ...passwords,
    },
    args,
    fork?.receipts ?? [],
  );
  const forked = fork ? forkLine(fork) : "";
  if (hasFlag(args, "json"))
    io.stdout(
      jsonText({
        ...findingsJson(outcome.items, outcome.findings),
        ...(fork
          ? { fork: { workbookId: fork.workbookId, parent: fork.entries[0].parent, receipts: fork.receipts } }
          : {}),
        ...notesJson(input.notes),
      }),
    );
  else {
    const created = Object.values(outcome.created).reduce((a, b) => a + b, 0);
    io.stdout(
      `Upgraded "${table.sheet}" (${table.rows.length} rows) into ${out}: ${created} item(s) created, ${outcome.updated} updated.\n` +
        forked +
        `Register: ${itemsLine(outcome.items)}.\n` +
        findingsText(outcome.findings, levelsById(outcome.rows), 5) +
        notesText(input.notes),
    );
  }
  return EXIT.ok;
}

/** "Forked: ..." — the fork's new Workbook ID, its parent and the entry that records it. */
function forkLine(fork: ClosurePlan): string {
  const entry = fork.entries[0];
  return `Forked: new Workbook ID ${fork.workbookId}, parent ${entry.parent}, recorded at audit Seq ${textOf(entry.seq)}${signedNote(fork)}.\n`;
}

/**
 * upgrade --new-identity: who forks (--controller, --key or --unsigned, --reason); the signing
 * options without --new-identity are a usage error (they would be silently ignored).
 * @returns The fork's request without the proof inputs, or undefined when there is no fork.
 */
async function forkRequest(args: ParsedArgs, io: Io, dryRun: boolean) {
  const forkOnly = ["controller", "key", "unsigned", "reason", "receipts"].filter((o) => args.options.has(o));
  if (!hasFlag(args, "new-identity")) {
    if (forkOnly.length) throw new CliError(keyMessages.forkOptionsAlone(forkOnly));
    return undefined;
  }
  if (dryRun) throw new CliError(keyMessages.forkDryRun());
  const controller = optionValue(args, "controller");
  if (controller === undefined) throw new CliError(keyMessages.forkNeedsController());
  return { controller, reason: optionValue(args, "reason"), at: io.now().toISOString(), signer: await signerFor(args) };
}

/** --password alone (a CSV has no stored protection to keep). */
function passwordOnly(args: ParsedArgs): OpenedInput["passwords"] {
  const password = optionValue(args, "password");
  return password === undefined ? {} : { password };
}

/** Checks that a path names a .csv file that exists. @throws CliError (exit 2). */
function checkCsvFile(file: string): void {
  if (!fs.existsSync(file)) throw new CliError(messages.missingFile(file));
  if (!fs.statSync(file).isFile()) throw new CliError(messages.notAFile(file));
}

/**
 * Refuses a command line that writes over one of its own inputs, or writes one file twice,
 * before anything is read or written: `-o` never names an input (the positional file, a
 * --workbook, --mapping, --key, --holidays ...), nor does --save-mapping, --receipts or --pdf,
 * and no two written files are one (the receipts appended to the workbook just written).
 * The options' roles come from the command table (OptionSpec.file), so a new option is
 * covered by saying what it is. `-o` naming the input is allowed only with --in-place.
 * @throws CliError (exit 2), nothing touched.
 * @example refuseInputsAsOutputs(parseArgs(["upgrade", "a.xlsx", "--dry-run", "--save-mapping", "a.xlsx"]))
 * // throws "--save-mapping a.xlsx names an input file (the input); ..."
 */
export function refuseInputsAsOutputs(args: ParsedArgs): void {
  const spec = COMMANDS.find((c) => c.name === args.command);
  if (!spec) return;
  const inPlace = hasFlag(args, "in-place");
  const shown = (name: string) => {
    const alias = spec.options.find((o) => o.name === name)?.alias;
    return alias ? `-${alias}` : `--${name}`;
  };
  const reads: { name: string; file: string }[] = [];
  const writes: { name: string; file: string }[] = [];
  if (args.input !== undefined) (inPlace ? writes : reads).push({ name: "input", file: args.input });
  for (const o of spec.options) {
    const v = o.file === undefined ? undefined : optionValue(args, o.name);
    if (v !== undefined && v !== "") (o.file === "read" ? reads : writes).push({ name: o.name, file: v });
  }
  writes.forEach((w, i) => {
    for (const r of reads) {
      if (!samePath(w.file, r.file)) continue;
      if (w.name === "out") {
        // "unless --in-place" is said only where the command has that choice.
        const inPlaceChoice = spec.options.some((o) => o.name === "in-place");
        throw new CliError(
          r.name === "input" && inPlaceChoice ? messages.sameAsInput(w.file) : messages.sameAsExport(w.file),
        );
      }
      throw new CliError(
        messages.writesAnInput(shown(w.name), w.file, r.name === "input" ? "the input" : shown(r.name)),
      );
    }
    for (const earlier of writes.slice(0, i)) {
      if (!samePath(w.file, earlier.file)) continue;
      const first = earlier.name === "input" ? "--in-place (the input)" : shown(earlier.name);
      throw new CliError(messages.writesTwice(first, shown(w.name), w.file));
    }
  });
}

/**
 * Refuses to replace an existing file unless --force: nothing a user has is overwritten by
 * surprise. @throws CliError (exit 2), the file untouched.
 */
export function refuseExisting(args: ParsedArgs, file: string): void {
  if (fs.existsSync(file) && !hasFlag(args, "force")) throw new CliError(messages.outputExists(file));
}

/** sla-governance validate: the register's findings; exit 1 on errors (with --strict, on warnings too). */
export async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { book } = await openInput(args, io, false, [SHEETS.register]);
  const rows = registerRows(book);
  const outcome = planValidation(
    rows,
    [],
    registerFormulas(book.grid(SHEETS.register)!, book.formulas(SHEETS.register) ?? []),
  );
  if (hasFlag(args, "json")) io.stdout(jsonText(findingsJson(outcome.items, outcome.findings)));
  else io.stdout(`Register: ${itemsLine(outcome.items)}.\n` + findingsText(outcome.findings, levelsById(rows)));
  const counted = hasFlag(args, "strict") ? outcome.findings : outcome.findings.filter((f) => f.severity === "error");
  return counted.length ? EXIT.found : EXIT.ok;
}

/** The level of every item, by id (for summing warnings up per level). */
function levelsById(rows: readonly RegisterRow[]): Map<string, Level> {
  const out = new Map<string, Level>();
  for (const row of rows) {
    const level = levelOf(row);
    if (level && !out.has(textOf(row.id))) out.set(textOf(row.id), level);
  }
  return out;
}

/** --decimal: "." or ",". */
export function decimalOption(args: ParsedArgs): DecimalMark | undefined {
  const text = optionValue(args, "decimal");
  if (text === undefined) return undefined;
  if (text.trim() !== "." && text.trim() !== ",") throw new CliError(messages.badDecimal(text));
  return text.trim() as DecimalMark;
}

/** --date-order: DMY or MDY (any case). */
export function dateOrderOption(args: ParsedArgs): DateOrder | undefined {
  const text = optionValue(args, "date-order");
  const order = parseDateOrder(text);
  if (order === null) throw new CliError(messages.badDateOrder(text ?? ""));
  return order;
}

/** --header-row: a row number from 1. */
export function headerRowOption(args: ParsedArgs): number | undefined {
  const text = optionValue(args, "header-row");
  if (text === undefined) return undefined;
  if (!/^\s*[1-9]\d*\s*$/.test(text)) throw new CliError(messages.badHeaderRow(text));
  return Number(text);
}

/** sla-governance report: the dual-status report. */
export async function reportCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { book } = await openInput(args, io, false, [SHEETS.register]);
  const report = buildReport(registerRows(book), asOfSerial(args, io));
  io.stdout(hasFlag(args, "json") ? jsonText(report) : reportText(report, hasFlag(args, "wide")));
  return EXIT.ok;
}

/** Writes a closure or reopen, refreshes the dashboard and the protection, saves, appends the receipts. */
async function writeClosure(io: Io, opened: OpenedInput, plan: ClosurePlan, args: ParsedArgs) {
  await saveWithReceipts(
    opened.book,
    opened.out,
    io,
    {
      // The Identity sheet, when new, is written with the closure that first needs it.
      plans: [
        ...closureSheetPlans(plan, workbookCurrency(opened.book)),
        ...(plan.identity ? [plan.identity] : []),
        ...dashboardLater(opened.book, plan.rows, args, io),
      ],
      protect: closureProtection(plan),
      ...opened.passwords,
    },
    args,
    plan.receipts,
  );
}

/**
 * Saves a workbook that holds new audit entries, then appends their receipts (--receipts): the
 * file is checked before anything is written, and should the append still fail, the written
 * workbook is removed, so an entry is never left on disk without its receipt.
 * @throws CliError (exit 2) when the receipts cannot be appended.
 */
async function saveWithReceipts(
  book: OpenedWorkbook,
  out: string,
  io: Io,
  request: WriteRequest,
  args: ParsedArgs,
  receipts: readonly Receipt[],
): Promise<void> {
  const receiptsFile = optionValue(args, "receipts");
  if (receiptsFile === undefined) return save(book, out, io, request, args);
  checkReceiptsWritable(receiptsFile);
  // With --in-place the input itself is replaced: it is kept aside (a temporary file beside it,
  // on the one cleanup path) until the receipts are appended, so a failed append puts it back.
  const original = hasFlag(args, "in-place") ? tempFileBeside(out, ioNotice(io), "orig") : undefined;
  try {
    if (original) fs.copyFileSync(out, original.path);
    await save(book, out, io, request, args);
    try {
      appendReceipts(receiptsFile, receipts);
    } catch (e) {
      if (original) original.commit();
      else fs.rmSync(out, { force: true });
      throw new CliError(keyMessages.receiptsNotWritten(receiptsFile, (e as Error).message, out, !original));
    }
  } finally {
    original?.remove();
  }
}

function refused(refusal: Refusal, args: ParsedArgs, io: Io): number {
  for (const reason of refusal.reasons) io.stderr(`sla-governance: ${messages.refused(reason)}\n`);
  if (hasFlag(args, "json")) io.stdout(jsonText({ closed: [], refused: refusal.reasons }));
  return EXIT.found;
}

/** Reads --confirmed: plain decimal amounts, one per measure, no more precise than the workbook keeps. */
function confirmedAmounts(args: ParsedArgs, measures: number): number[] {
  const texts = requiredValue(args, "confirmed")
    .split(",")
    .map((s) => s.trim());
  const amounts = texts.map((t) => {
    const amount = exactAmount(t);
    if (isRefusal(amount)) throw new CliError(messages.badAmount(refusalText(amount)));
    return amount;
  });
  if (amounts.length !== measures) throw new CliError(messages.amountCount(measures, amounts.length));
  return amounts;
}

/** The signer of close and reopen: --key, or none with --unsigned. @throws CliError (exit 2) without either. */
async function signerFor(args: ParsedArgs): Promise<Signer | undefined> {
  const key = optionValue(args, "key");
  const unsigned = hasFlag(args, "unsigned");
  if (key !== undefined && unsigned) throw new CliError(keyMessages.keyAndUnsigned());
  if (key === undefined && !unsigned) throw new CliError(keyMessages.keyOrUnsigned(args.command));
  return key === undefined ? undefined : readKeyFile(key);
}

/** " signed with key 1a2b3c4d5e6f" or " unsigned". */
function signedNote(plan: ClosurePlan): string {
  const keyId = plan.entries[0]?.keyId;
  return keyId ? `, signed with key ${keyId.slice(0, 12)}` : ", unsigned";
}

/** sla-governance close: closes measures with the controller's confirmed savings. */
export async function closeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const ids = splitList(requiredValue(args, "measure"));
  const controller = givenValue(args, "controller");
  const amounts = confirmedAmounts(args, ids.length);
  const signer = await signerFor(args);
  const opened = await openInput(args, io, true, CLOSURE_SHEETS);
  const { book, out } = opened;
  const plan = await closeMeasures(registerRows(book), book.grid(SHEETS.audit), {
    items: ids.map((id, i) => ({ id, confirmed: amounts[i] })),
    controller,
    reason: optionValue(args, "reason"),
    at: io.now().toISOString(),
    signer,
    freezeFormulas: hasFlag(args, "freeze-formulas"),
    ...proofInputs(book),
  });
  if (isRefusal(plan)) return refused(plan, args, io);
  await writeClosure(io, opened, plan, args);
  const closed = plan.entries.map((e) => e.measureId);
  if (hasFlag(args, "json")) io.stdout(jsonText({ closed, auditHead: plan.auditHead, receipts: plan.receipts }));
  else
    io.stdout(
      `Closed ${closed.join(", ")} by ${controller.trim()} into ${out} (audit head ${plan.auditHead.slice(0, 12)}${signedNote(plan)}).\n`,
    );
  return EXIT.ok;
}

/** sla-governance reopen: reopens one closed measure. */
export async function reopenCommand(args: ParsedArgs, io: Io): Promise<number> {
  const ids = splitList(requiredValue(args, "measure"));
  if (ids.length !== 1) throw new CliError(messages.oneMeasure());
  const controller = givenValue(args, "controller");
  const reason = givenValue(args, "reason");
  const signer = await signerFor(args);
  const opened = await openInput(args, io, true, CLOSURE_SHEETS);
  const { book, out } = opened;
  const plan = await reopenMeasure(registerRows(book), book.grid(SHEETS.audit), {
    id: ids[0],
    controller,
    reason,
    at: io.now().toISOString(),
    signer,
    ...proofInputs(book),
  });
  if (isRefusal(plan)) return refused(plan, args, io);
  await writeClosure(io, opened, plan, args);
  if (hasFlag(args, "json"))
    io.stdout(jsonText({ reopened: ids[0], auditHead: plan.auditHead, receipts: plan.receipts }));
  else
    io.stdout(
      `Reopened ${ids[0]} by ${controller.trim()} into ${out} (audit head ${plan.auditHead.slice(0, 12)}${signedNote(plan)}).\n`,
    );
  return EXIT.ok;
}

/**
 * sla-governance verify: closed measures against the audit trail, the signatures and the
 * receipts. Exit 0 when proven (a trust roster vouched for every signed entry), 3 when
 * consistent but not proven (no roster), 1 on any failure.
 */
export async function verifyCommand(args: ParsedArgs, io: Io): Promise<number> {
  const trust = optionValue(args, "trust");
  const receiptsFile = optionValue(args, "receipts");
  const roster = trust === undefined ? undefined : await readRoster(trust);
  const receipts = receiptsFile === undefined ? undefined : readReceipts(receiptsFile);
  const { book } = await openInput(args, io, false, PROOF_SHEETS);
  const { formulas, identity, controllers } = proofInputs(book);
  const verification = await verifyRegister(registerRows(book), book.grid(SHEETS.audit), {
    controllers,
    formulas,
    identity,
    roster,
    requireSigned: hasFlag(args, "require-signed"),
    allowUnsigned: hasFlag(args, "allow-unsigned"),
    receipts,
  });
  if (hasFlag(args, "json")) io.stdout(jsonText(verifyJson(verification)));
  else io.stdout(verifyText(verification));
  const problems = verification.tampered.length + verification.unfinished.length;
  if (!verification.intact) io.stderr(`sla-governance: ${keyMessages.verifyFailed(problems)}\n`);
  return { proven: EXIT.ok, unproven: EXIT.unproven, failed: EXIT.found }[verification.verdict];
}

/** sla-governance keygen: a controller's key pair; prints the Key ID. */
export async function keygenCommand(args: ParsedArgs, io: Io): Promise<number> {
  const controller = requiredValue(args, "controller");
  const file = privateKeyPath(requiredValue(args, "out"));
  const { keyId, publicFile } = await writeKeyFiles(controller, file, io.now().toISOString(), ioNotice(io));
  if (hasFlag(args, "json")) io.stdout(jsonText({ keyId, key: file, publicKey: publicFile }));
  else
    io.stdout(
      `Key ID ${keyId}\nWrote ${file} (private, mode 0600: keep it secret) and ${publicFile} (public: add it to the trust roster).\n`,
    );
  return EXIT.ok;
}

/**
 * --save-mapping FILE: writes the settings that a later run reads back with --mapping. Refuses an
 * existing file without --force, and names the file when it cannot be written.
 */
export function saveMapping(args: ParsedArgs, io: Io, settings: MappingSettings): void {
  const save = optionValue(args, "save-mapping");
  if (save === undefined) return;
  refuseExisting(args, save);
  try {
    writeFileThrough(save, mappingFileText(settings), ioNotice(io));
  } catch (e) {
    throw new CliError(messages.cannotWrite(save, writeCause(e)));
  }
}

/** The column map a mapping file records (one home: src/import/mappingFile.ts). */
export { mappedColumns } from "../src/import/mappingFile";

/** The day/month order a mapping file records: the one given or inferred, else none. */
export function recordedOrder(inference: OrderInference): DateOrder | undefined {
  return inference.kind === "given" || inference.kind === "inferred" ? inference.order : undefined;
}
