/**
 * The task pane's commands: read once, decide in src/, write once. No DOM here, so each
 * command is tested against the fake Excel; the UI only collects inputs and shows results.
 */
import { applyClosure, applyPlans, readWorkbook, Run, selectCell, WorkbookData } from "./adapter";
import {
  governanceMessages as say,
  isRefusal,
  paneMessages,
  proofMessages,
  refuse,
  Refusal,
  refusalText,
} from "../src/errors";
import {
  closeMeasures,
  finishUnfinished,
  reopenMeasure,
  undoUnfinished,
  verdictLine,
  verifyRegister,
  Verification,
  CloseItem,
  ClosurePlan,
  ProofInputs,
  proofInputsOf,
  Receipt,
} from "../src/governance/closure";
import { PublicKeyFile, readPublicKeyFile, Signer } from "../src/governance/signing";
import {
  buildReport,
  planDashboard,
  planNewWorkbook,
  planUpgrade,
  planValidation,
  registerFrom,
  Report,
} from "../src/governance/commands";
import { findHeaderRow } from "../src/governance/mapping";
import { readSourceIds } from "../src/governance/sourceIds";
import { contractCurrency } from "../src/service/read";
import { SERVICE_SHEETS } from "../src/service/model";
import { ReadingOptions } from "../src/governance/preview";
import { autoUpgradePlan, reviewUpgrade, ReviewReading } from "../src/governance/upgradeReview";
import { ReadTable, tableAtHeaderRow } from "../src/import/headerRow";
import { ColumnPlan } from "../src/import/columns";
import { MappingState, startMapping } from "../src/import/mappingState";
import { rollUp } from "../src/governance/rollup";
import {
  CellValue,
  ColumnMapping,
  COLUMN_INDEX,
  Finding,
  Level,
  RegisterRow,
  SHEETS,
  SourceTable,
  UpgradeField,
  columnLetter,
  textOf,
} from "../src/governance/model";
import { serialFromEpochMs } from "../src/serial";
import { isFailure } from "../src/errors";
import { ticketHeaderRow } from "../src/tickets/columns";
import { historyBuilder, PeriodResult, Rejected } from "../src/tickets/measure";
import { autoExportPlan, ExportField, reviewExport, ROW_FIELDS } from "../src/tickets/review";
import { exportSettings, exportShapeProblem, feedExport } from "../src/tickets/feed";
import { isArtificialEvent } from "../src/tickets/wide";
import { parseDateOrder } from "../src/import/dates";
import { PreviewTable } from "../src/import/preview";
import { measureOptions, SettingNames, TicketSettings } from "../src/tickets/options";
import { groupTimePlan, resultsPlan, serviceResults, TICKET_SHEETS, ticketsPlan } from "../src/tickets/plan";
import { keptCutFindings, reportTextCuts } from "../src/governance/textCut";
import { followTable } from "./table";
import { exactAmount, nameKey } from "../src/governance/values";

/** A command's outcome for the UI: a message, and details to show. */
export interface Outcome {
  readonly ok: boolean;
  /** Done, but with something the user should act on (Verify: consistent, not proven). */
  readonly warning?: boolean;
  readonly message: string;
  readonly findings?: Finding[];
  readonly report?: Report;
  readonly verification?: Verification;
  readonly items?: Record<Level, number>;
  /** The receipts of the entries a close or reopen appended (one JSON line each, for finance). */
  readonly receipts?: readonly Receipt[];
  /** The Key ID that signed them. */
  readonly keyId?: string;
}

/** The clock of the task pane (the library has none). */
export interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };

function todaySerial(clock: Clock): number {
  return Math.floor(serialFromEpochMs(clock.now().getTime()));
}

const GOVERNED = [SHEETS.register, SHEETS.audit, SHEETS.controllers, SHEETS.identity] as const;

/** Turns an Office.js error into a sentence. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/password/i.test(text)) return "The sheet protection password is not correct. Nothing was changed.";
  // Office.js has no transactions: every check runs before the batch, the batch starts with
  // the step most likely to fail (unprotect) and writes in an order verify can follow, so a
  // later failure leaves an unfinished operation that Verify finds and the pane finishes or undoes.
  return `Excel refused the change: ${text}. Run Verify: it finds an unfinished closure, which you can finish or undo.`;
}

/** Creates the governed sheets (Register with its header, Findings) if they are missing. */
export async function createGovernedWorkbook(run: Run): Promise<Outcome> {
  const data = await readWorkbook(run, [SHEETS.register]);
  if (data.sheets.has(SHEETS.register) && data.sheets.get(SHEETS.register)!.grid.length > 1) {
    return { ok: false, message: say.registerHasItems() };
  }
  await applyPlans(run, data, planNewWorkbook(), { activate: SHEETS.register });
  return { ok: true, message: "Created the Register and Findings sheets." };
}

/** The selected client table, with the suggested mapping (step one of the upgrade). */
export interface UpgradeSource {
  readonly source: SourceTable;
  /** The columns applied without asking: exact headers only (`plan.mapping`). */
  readonly suggestion: ColumnMapping;
  /** What the headers decided: exact matches applied, weak guesses only suggested (the mapping table starts here). */
  readonly plan: ColumnPlan<UpgradeField>;
  /** What was read: the rows and address, blank rows skipped, and where the table may go on. */
  readonly note: string;
  /** The rows read, a title above the header included: another header row is chosen among them. */
  readonly table: ReadTable;
}

/** Source rows that hold something (blank rows are skipped by the upgrade). */
function filledRows(source: SourceTable): number {
  return source.rows.filter((row) => row.some((v) => textOf(v) !== "")).length;
}

/** Non-blank cells of a row. */
function filledCells(row: readonly CellValue[]): number {
  return row.filter((v) => textOf(v) !== "").length;
}

/**
 * How many rows at the top of a selected table are a title, a note or a banner rather than
 * the table: a title touching the table is in Excel's region. The header is the row that
 * names the most fields, as the command line finds it, but only when every row above it is
 * sparser than it (a title's one cell, a merged banner's few), so a data row that happens to
 * hold a field's word ("Finance") never becomes the header of a table whose headers name none.
 */
function rowsAboveHeader(grid: readonly (readonly CellValue[])[]): number {
  const found = findHeaderRow(grid) ?? 0;
  const width = filledCells(grid[found] ?? []);
  return grid.slice(0, found).every((row) => filledCells(row) < width) ? found : 0;
}

/**
 * Reads the selected table. A single cell stands for the table around it, followed past blank
 * rows to the sheet's last used row (Excel's own region would stop at the first blank row).
 */
export async function readSelectedTable(run: Run): Promise<UpgradeSource | Refusal> {
  const data = await readWorkbook(run, [], true);
  const sel = data.selection;
  if (!sel || sel.grid.every((row) => row.every((v) => textOf(v) === ""))) {
    return refuse(say.noSelection());
  }
  if (Object.values(SHEETS).includes(sel.sheet as never)) {
    return refuse(say.ownSheetSelected(sel.sheet));
  }
  const table = followTable(sel);
  const skipped = rowsAboveHeader(table.grid);
  const headerRow = table.headerRow + skipped;
  const read: ReadTable = { sheet: sel.sheet, firstRow: table.headerRow, grid: table.grid };
  const source = tableAtHeaderRow(read, headerRow);
  if (isRefusal(source) || filledRows(source) === 0) return refuse(say.headerOnly(sel.address));
  const blankRows = table.blankRows.filter((r) => r > headerRow);
  const note = [
    paneMessages.tableRead(
      sel.sheet,
      table.address.replace(/^([A-Z]+)\d+/, `$1${headerRow}`),
      filledRows(source),
      headerRow,
    ),
    skipped ? paneMessages.rowsAboveHeader(table.headerRow, headerRow) : "",
    blankRows.length ? paneMessages.blankRowsSkipped(blankRows, table.followed, table.lastRow) : "",
    table.dataAbove ? paneMessages.dataAbove(table.headerRow) : "",
  ]
    .filter(Boolean)
    .join(" ");
  const plan = autoUpgradePlan(source);
  return { source, suggestion: plan.mapping, plan, note, table: read };
}

/**
 * Upgrades the table with the mapping the user reviewed in the pane's mapping table: refused,
 * writing nothing, while the review says it cannot run (a required field unmapped, a column
 * chosen twice, a date order not settled). Two syncs.
 * @param run - The host.
 * @param source - The table read by `readSelectedTable`.
 * @param state - The mapping as the user left it.
 * @param organization - The organization when the table has no such column.
 * @param reading - The date order chosen and the gate words typed (and decimal mark).
 * @param password - The sheet protection password, if any.
 * @param label - The pane's name of a field, for the refusal.
 * @returns The outcome.
 */
export async function upgradeReviewed(
  run: Run,
  source: SourceTable,
  state: MappingState<UpgradeField>,
  organization: string,
  reading: ReviewReading = {},
  password?: string,
  label?: (field: UpgradeField) => string,
): Promise<Outcome> {
  const review = reviewUpgrade(source, state, reading, label);
  if (review.blockers.length) return { ok: false, message: review.blockers.join(" ") };
  return upgradeSelected(run, source, review.plan.mapping, organization, password, review.reading);
}

/** Upgrades the table into the register (step two, with the user's mapping). Two syncs. */
export async function upgradeSelected(
  run: Run,
  source: SourceTable,
  mapping: ColumnMapping,
  organization: string,
  password?: string,
  reading: ReadingOptions = {},
): Promise<Outcome> {
  const data = await readWorkbook(run, [...GOVERNED, SHEETS.sourceIds, SERVICE_SHEETS.contract, SHEETS.findings]);
  // The Source IDs sheet: a mapped row ID finds its measure again, as the command line does.
  const out = planUpgrade(data.sheets.get(SHEETS.register)?.grid, source, mapping, {
    organization,
    ...reading,
    sourceIds: readSourceIds(data.sheets.get(SHEETS.sourceIds)?.grid),
    currency: contractCurrency(data.sheets.get(SERVICE_SHEETS.contract)?.grid),
    findings: data.sheets.get(SHEETS.findings)?.grid,
  });
  if (isRefusal(out)) return { ok: false, message: refusalText(out) };
  try {
    await applyPlans(run, data, out.plans, { password, activate: SHEETS.register });
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
  const made = Object.values(out.created).reduce((a, b) => a + b, 0);
  return {
    ok: true,
    message: paneMessages.upgraded(filledRows(source), source.sheet, made, out.updated, out.findings.length),
    findings: out.findings,
    items: out.items,
  };
}

/** Validates the register and writes the Findings sheet. Two syncs. */
export async function validate(run: Run): Promise<Outcome> {
  const data = await readWorkbook(run, [SHEETS.register, SHEETS.findings]);
  const rows = registerFrom(data.sheets.get(SHEETS.register)?.grid);
  if (isRefusal(rows)) return { ok: false, message: refusalText(rows) };
  if (!data.sheets.has(SHEETS.register)) return { ok: false, message: say.noRegister() };
  // Validate rewrites only the Findings sheet: the cut cells other commands listed there stay.
  const kept = keptCutFindings(data.sheets.get(SHEETS.findings)?.grid, []);
  const out = planValidation(rows, kept, paneProofInputs(data).formulas);
  await applyPlans(run, data, out.plans);
  const warnings = out.findings.filter((f) => f.severity === "warning").length;
  const errors = out.findings.length - warnings;
  return {
    ok: errors === 0,
    message: out.findings.length ? paneMessages.findingsListed(errors, warnings) : paneMessages.noFindings(),
    findings: out.findings,
    items: out.items,
  };
}

/** Builds or refreshes the dashboard, and returns the report for the pane. Two syncs. */
export async function refreshDashboard(run: Run, clock: Clock = systemClock): Promise<Outcome> {
  const data = await readWorkbook(run, [SHEETS.register, SERVICE_SHEETS.contract]);
  const rows = registerFrom(data.sheets.get(SHEETS.register)?.grid);
  if (isRefusal(rows)) return { ok: false, message: refusalText(rows) };
  if (!data.sheets.has(SHEETS.register)) return { ok: false, message: say.noRegister() };
  const asOf = todaySerial(clock);
  const rolled = rollUp(rows, asOf);
  const currency = contractCurrency(data.sheets.get(SERVICE_SHEETS.contract)?.grid);
  await applyPlans(run, data, planDashboard(rows, asOf, rolled, false, currency), { activate: SHEETS.dashboard });
  return {
    ok: true,
    message: "The Dashboard sheet is up to date; its cells are live Excel formulas that work without the add-in.",
    report: buildReport(rows, asOf, rolled),
  };
}

/** The 1-based register row of an id, read fresh (the user may have sorted or edited). One sync. */
export async function registerRowOf(run: Run, id: string): Promise<number | undefined> {
  const data = await readWorkbook(run, [SHEETS.register]);
  const grid = data.sheets.get(SHEETS.register)?.grid ?? [];
  const index = grid.findIndex((row, i) => i > 0 && textOf(row[0] ?? null) === id);
  return index < 0 ? undefined : index + 1;
}

/** Selects the register cell a finding is about. One sync. */
export async function showFinding(run: Run, finding: Finding, registerRow: number | undefined): Promise<void> {
  if (registerRow === undefined) return;
  const column = finding.field ? COLUMN_INDEX[finding.field] : COLUMN_INDEX.name;
  await selectCell(run, SHEETS.register, `${columnLetter(column)}${registerRow}`);
}

type Grid = readonly (readonly CellValue[])[] | undefined;

/**
 * Runs a closure-type operation: reads the register, the audit trail and the Controllers sheet
 * in one sync, lets the library plan it (or refuse it, writing nothing), and applies the plan
 * in one batch.
 */
/** The proof inputs of the governed sheets as the pane read them. */
function paneProofInputs(data: WorkbookData): ProofInputs {
  const register = data.sheets.get(SHEETS.register);
  return proofInputsOf(
    {
      register: register?.grid,
      registerFormulas: register?.formulas,
      identity: data.sheets.get(SHEETS.identity)?.grid,
      controllers: data.sheets.get(SHEETS.controllers)?.grid,
    },
    globalThis.crypto.getRandomValues(new Uint8Array(16)),
  );
}

async function closureCommand(
  run: Run,
  plan: (rows: RegisterRow[], audit: Grid, inputs: ProofInputs) => Promise<ClosurePlan | Refusal>,
  refusedPrefix: string,
  done: string,
  password: string | undefined,
  clock: Clock,
): Promise<Outcome> {
  // The Contract too: its currency follows each Confirmed amount on the Audit.
  const data = await readWorkbook(run, [...GOVERNED, SERVICE_SHEETS.contract]);
  const rows = registerFrom(data.sheets.get(SHEETS.register)?.grid);
  if (isRefusal(rows)) return { ok: false, message: refusalText(rows) };
  const planned = await plan(rows, data.sheets.get(SHEETS.audit)?.grid, paneProofInputs(data));
  if (isRefusal(planned)) return { ok: false, message: `${refusedPrefix}: ${refusalText(planned)}` };
  try {
    const currency = contractCurrency(data.sheets.get(SERVICE_SHEETS.contract)?.grid);
    await applyClosure(run, data, planned, { password, currency });
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
  const keyId = planned.entries[0]?.keyId || undefined;
  const signed = keyId ? ` Signed with key ${keyId.slice(0, 12)}.` : "";
  // The pane's summary is rebuilt from the rows as they are now (no stale confirmed totals).
  const asOf = todaySerial(clock);
  const report = buildReport(planned.rows, asOf, rollUp(planned.rows, asOf));
  return { ok: true, message: done + signed, report, receipts: planned.receipts, keyId };
}

/**
 * Closes measures as a controller, signed with `signer` (the controller's key on this machine,
 * taskpane/keys.ts). Two syncs; refused closures change nothing.
 */
export function close(
  run: Run,
  items: readonly CloseItem[],
  controller: string,
  reason: string,
  password?: string,
  clock: Clock = systemClock,
  signer?: Signer,
): Promise<Outcome> {
  return closureCommand(
    run,
    (rows, audit, inputs) =>
      closeMeasures(rows, audit, { items, controller, reason, at: clock.now().toISOString(), signer, ...inputs }),
    "Not closed",
    `Closed ${items.map((i) => i.id).join(", ")}; the rows are locked and the audit trail records it.`,
    password,
    clock,
  );
}

/** Reopens a closed measure, signed with `signer`. Two syncs. */
export function reopen(
  run: Run,
  id: string,
  controller: string,
  reason: string,
  password?: string,
  clock: Clock = systemClock,
  signer?: Signer,
): Promise<Outcome> {
  return closureCommand(
    run,
    (rows, audit, inputs) =>
      reopenMeasure(rows, audit, { id, controller, reason, at: clock.now().toISOString(), signer, ...inputs }),
    "Not reopened",
    `Reopened ${id}: back at L4 Realized and editable; the audit trail records it.`,
    password,
    clock,
  );
}

/** Finishes what a failed close or reopen left half-way (the register cells its entries describe). Two syncs. */
export function finishPending(run: Run, password?: string, clock: Clock = systemClock): Promise<Outcome> {
  return closureCommand(
    run,
    (rows, audit, inputs) => finishUnfinished(rows, audit, inputs.formulas),
    "Nothing finished",
    "Finished: the register now shows what the audit trail records.",
    password,
    clock,
  );
}

/** Undoes an unfinished close (a signed reopen) or reopen (a signed close again). Two syncs. */
export function undoPending(
  run: Run,
  controller: string,
  password?: string,
  clock: Clock = systemClock,
  signer?: Signer,
): Promise<Outcome> {
  return closureCommand(
    run,
    (rows, audit, inputs) =>
      undoUnfinished(rows, audit, { controller, at: clock.now().toISOString(), signer, ...inputs }),
    "Nothing undone",
    "Undone: the unfinished change is reversed by a new entry (the audit trail records the undo).",
    password,
    clock,
  );
}

/**
 * Verifies closed measures against the audit trail, the signatures and the Controllers sheet.
 * One sync. Like the command line, it refuses a workbook without a Register sheet rather than
 * calling nothing "intact".
 */
export async function verify(run: Run, roster?: readonly PublicKeyFile[]): Promise<Outcome> {
  const data = await readWorkbook(run, [...GOVERNED]);
  if (!data.sheets.has(SHEETS.register)) return { ok: false, message: paneMessages.noRegisterToVerify() };
  const rows = registerFrom(data.sheets.get(SHEETS.register)?.grid);
  if (isRefusal(rows)) return { ok: false, message: refusalText(rows) };
  const { controllers, formulas, identity } = paneProofInputs(data);
  const verification = await verifyRegister(rows, data.sheets.get(SHEETS.audit)?.grid, {
    controllers,
    formulas,
    identity,
    roster,
  });
  const unfinished = verification.unfinished.map((u) => `${u.id} (${u.action})`).join(", ");
  return {
    ok: verification.intact,
    warning: verification.verdict === "unproven",
    message: verification.intact
      ? verification.closed === 0 && verification.entries.length === 0
        ? paneMessages.intact(0)
        : // The verdict, then each deliberate fork the trail records (as the command line reports them).
          [
            verdictLine(verification, paneMessages.howToProve()),
            ...verification.forks.map((f) => proofMessages.forked(f.seq, f.sheetRow, f.parent, f.workbookId)),
          ].join(" ")
      : verification.tampered.length
        ? paneMessages.tampered(verification.tampered.length)
        : proofMessages.unfinished(unfinished),
    verification,
  };
}

/**
 * Reads the close form as the command line reads --measure and --confirmed: one plain amount
 * (such as 1200.50, no thousands separators, no more precision than the workbook keeps) per
 * measure, in the same order.
 * @param ids The typed measure IDs.
 * @param amountsText The typed amounts, separated by commas, semicolons or spaces.
 * @returns The items to close, or a refusal saying why they cannot be read.
 * @example closeItems(["M-0001", "M-0004"], "100, 250.50") // => [{ id: "M-0001", confirmed: 100 }, { id: "M-0004", confirmed: 250.5 }]
 */
export function closeItems(ids: readonly string[], amountsText: string): CloseItem[] | Refusal {
  if (ids.length === 0) return refuse(paneMessages.closeIdsMissing());
  const amounts: number[] = [];
  for (const text of amountsText.split(/[,;\s]+/).filter(Boolean)) {
    const amount = exactAmount(text);
    if (isRefusal(amount)) return amount;
    amounts.push(amount);
  }
  if (amounts.length !== ids.length) return refuse(paneMessages.amountCount(ids.length, amounts.length));
  return ids.map((id, i) => ({ id, confirmed: amounts[i] }));
}

// --- Tickets: the ticket clock over a selected history table (issue 12) ---

/** What the pane's Tickets command reports. */
export interface TicketsPaneOutcome extends Outcome {
  readonly rejected?: readonly Rejected[];
  readonly results?: readonly PeriodResult[];
}

/** The pane's names of the ticket settings, for messages. */
export const PANE_TICKET_NAMES: SettingNames = {
  start: "Start states",
  pause: "Pause states",
  stop: "Stop states",
  targets: "Targets",
  defaultTarget: "Target hours of tickets without a priority",
  services: "Services",
  calendar: "Calendar",
  tz: "Time zone",
  dateOrder: "Date order",
  asOf: "As of",
  olaTargets: "OLA targets",
  responseStates: "Response states",
  responseTargets: "Response targets",
  responseServices: "Response services",
  respondOnGroupChange: "Respond on group change",
};

/** The pane's ticket settings: the run's settings and the header of the assignment group column. */
export interface PaneTicketSettings extends TicketSettings {
  /** Header of the assignment group column (blank: no group clocks). */
  readonly group?: string;
}

/** The selected ticket export, read once: its header row (a title above it left out) and rows. */
export interface ExportSource {
  /** Sheet, header row (its sheet row), headers and the rows below it, blank rows kept. */
  readonly table: PreviewTable;
  /** What the headers decided: a history's exact headers applied, a one-row-per-ticket export's suggested. */
  readonly plan: ColumnPlan<ExportField>;
  /** The table's address, for messages. */
  readonly address: string;
  /** The rows read, a title above the header included: another header row is chosen among them. */
  readonly read: ReadTable;
}

/**
 * Reads the selected ticket export (a single cell stands for the table around it, followed past
 * blank rows): the header row is the one naming the most ticket fields (a title above it is
 * left out), as the command line finds it in an .xlsx export. One sync.
 * @returns The export with the mapping its headers decide, or a refusal saying what to select.
 */
export async function readSelectedExport(run: Run): Promise<ExportSource | Refusal> {
  const data = await readWorkbook(run, [], true);
  const sel = data.selection;
  if (!sel || sel.grid.every((row) => row.every((v) => textOf(v) === ""))) return refuse(paneMessages.noExport());
  if (Object.values(TICKET_SHEETS).includes(sel.sheet as never))
    return refuse(paneMessages.exportOnOwnSheet(sel.sheet));
  const read = followTable(sel);
  const at = ticketHeaderRow(read.grid) ?? 0;
  const grid: ReadTable = { sheet: sel.sheet, firstRow: read.headerRow, grid: read.grid };
  const table = tableAtHeaderRow(grid, read.headerRow + at);
  if (isRefusal(table) || !table.rows.some((r) => r.some((v) => textOf(v) !== "")))
    return refuse(say.headerOnly(read.address));
  return { table, plan: autoExportPlan(table.headers, table.rows), address: read.address, read: grid };
}

/**
 * Measures an export with the mapping the user reviewed in the Tickets mapping table into the
 * Tickets sheet and the Results rows, as `sla-governance tickets` does: refused, writing
 * nothing, while the review says the clock cannot run, or when what it measured means nothing
 * (every ticket one event; no ticket ever started). Two syncs, whatever the size.
 * @param run - The host.
 * @param source - The export as `readSelectedExport` read it.
 * @param state - The mapping as the user left it.
 * @param settings - The form's settings (a one-row-per-ticket export's states are its own).
 * @param label - A field's name for people.
 * @returns The outcome.
 */
export async function measureReviewedExport(
  run: Run,
  source: ExportSource,
  state: MappingState<ExportField>,
  settings: PaneTicketSettings,
  label?: (field: ExportField) => string,
): Promise<TicketsPaneOutcome> {
  const { table } = source;
  const review = reviewExport(table, state, parseDateOrder(settings.dateOrder) ?? undefined, label);
  if (review.blockers.length) return { ok: false, message: review.blockers.join(" ") };
  const columns = review.plan.mapping;
  const runSettings = exportSettings(settings, review.wide, columns);
  const options = measureOptions(runSettings, PANE_TICKET_NAMES);
  if (isFailure(options)) return { ok: false, message: options.message };
  const groupHeader = settings.group?.trim() ?? "";
  const g = groupHeader === "" ? -1 : table.headers.findIndex((h) => nameKey(h) === nameKey(groupHeader));
  if (groupHeader !== "" && g < 0)
    return { ok: false, message: paneMessages.noGroupColumn(groupHeader, source.address) };
  if (options.respondOnGroupChange && g < 0) return { ok: false, message: paneMessages.groupChangeNeedsGroup() };
  const builder = historyBuilder(options);
  // START/END are left out unless a state list names them, as the command line does.
  const keep = [runSettings.start, runSettings.pause, runSettings.stop]
    .join(",")
    .split(",")
    .some((w) => isArtificialEvent(w));
  const feed = feedExport(
    builder.add,
    table.rows,
    table.headerRow + 1,
    g < 0 ? columns : { ...columns, group: g },
    review.wide,
    keep,
  );
  const outcome = builder.finish();
  const offered = review.preview.suggestions
    .filter((s) => ROW_FIELDS.includes(s.field as ExportField))
    .map((s) => `${label ? label(s.field as ExportField) : s.field} (column ${s.column})`);
  const shape = exportShapeProblem(
    outcome.events,
    outcome.tickets,
    review.wide,
    runSettings.start,
    feed.states,
    offered,
  );
  if (shape) return { ok: false, message: shape };
  const data = await readWorkbook(run, [TICKET_SHEETS.results, SHEETS.findings]);
  const results = resultsPlan(
    data.sheets.get(TICKET_SHEETS.results)?.grid,
    serviceResults([...outcome.results, ...outcome.responseResults]),
  );
  const plans = [ticketsPlan(outcome.tickets, outcome.breachingSoon), results.plan];
  if (outcome.grouped) plans.push(groupTimePlan(outcome.groups));
  // Texts cut to a cell's limit: listed on the Findings sheet, as the command line lists them.
  const cut = reportTextCuts(plans, data.sheets.get(SHEETS.findings)?.grid);
  try {
    await applyPlans(run, data, cut.plans, { activate: TICKET_SHEETS.tickets });
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
  const { holdRejected } = feed;
  const rejected = [...outcome.rejected, ...holdRejected].sort((a, b) => a.row - b.row);
  return {
    ok: outcome.rejectedCount + holdRejected.length === 0,
    message:
      paneMessages.ticketsMeasured(
        outcome.tickets.length,
        outcome.events,
        outcome.running,
        results.updated,
        results.appended,
        { count: outcome.breachingSoonCount, listed: outcome.breachingSoon.length },
        outcome.rejectedCount + holdRejected.length,
        {
          count: outcome.untargetedCount,
          noPriority: outcome.untargetedByPriority.find((u) => u.priority.trim() === "")?.tickets ?? 0,
        },
        feed.artificial,
      ) + (cut.findings.length ? ` ${paneMessages.textCut(cut.findings.length)}` : ""),
    rejected,
    results: [...outcome.results, ...outcome.responseResults],
    findings: cut.findings,
  };
}

/**
 * Measures the selected ticket export with the mapping its headers decide (no table shown):
 * `readSelectedExport`, then `measureReviewedExport`. Bad settings are refused before anything
 * is read. Three syncs, whatever the size of the table.
 */
export async function measureSelectedTickets(run: Run, settings: PaneTicketSettings): Promise<TicketsPaneOutcome> {
  const options = measureOptions(settings, PANE_TICKET_NAMES);
  if (isFailure(options)) return { ok: false, message: options.message };
  const source = await readSelectedExport(run);
  if (isRefusal(source)) return { ok: false, message: refusalText(source) };
  return measureReviewedExport(run, source, startMapping(source.plan), settings);
}

/**
 * Reads the trust roster the user chose for Verify: each file a public key file (.pub.json)
 * or a JSON array of them, as the command line's --trust reads a roster.
 * @returns The keys, or a sentence naming the file that is not one.
 */
export async function rosterFromFiles(
  files: readonly { name: string; text: string }[],
): Promise<PublicKeyFile[] | { problem: string }> {
  const keys: PublicKeyFile[] = [];
  for (const f of files) {
    let json: unknown;
    try {
      json = JSON.parse(f.text.replace(/^\uFEFF/, ""));
    } catch (e) {
      return { problem: paneMessages.badRosterFile(f.name, (e as Error).message) };
    }
    for (const [i, value] of (Array.isArray(json) ? json : [json]).entries()) {
      const key = await readPublicKeyFile(value);
      if (typeof key === "string")
        return { problem: paneMessages.badRosterFile(Array.isArray(json) ? `${f.name} entry ${i + 1}` : f.name, key) };
      keys.push(key);
    }
  }
  return keys;
}
