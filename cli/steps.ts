/**
 * sla-governance steps: a process event log (CSV or .xlsx) into the Process Latency, Step
 * Group Time and Process Cases sheets, judged against the Tolerances table. This module reads
 * files and options; steps, statistics and sheets are decided in src/process.
 */
import * as path from "path";
import { parse as parseCsvSync } from "csv-parse/sync";
import { isFailure, ticketMessages } from "../src/errors";
import { OrderInference, orderNote, settleDateOrder } from "../src/import/dates";
import { CellValue, columnLetter, Finding, SHEETS } from "../src/governance/model";
import { reportTextCuts } from "../src/governance/textCut";
import { serialFromEpochMs } from "../src/serial";
import { clockOptions, CLI_SETTING_NAMES } from "../src/tickets/options";
import { wallOf, zonedReading } from "../src/tickets/zone";
import {
  PROCESS_FIELDS,
  ProcessField,
  REQUIRED_PROCESS_FIELDS,
  processColumns,
  processHeaderRow,
} from "../src/process/columns";
import { ReadLog, ignoreSet, logBuilder, orderLog } from "../src/process/log";
import { ProcessOutcome, measureProcess, stepName } from "../src/process/measure";
import { PROCESS_SHEETS, casesPlan, groupsPlan, latencyPlan } from "../src/process/plan";
import { Tolerances, isToleranceProblems, readTolerances } from "../src/process/tolerances";
import { hasFlag, optionValue, ParsedArgs, splitList } from "./args";
import {
  Io,
  ioNotice,
  inputSheet,
  mapChoices,
  mappedColumns,
  mappingSettings,
  notesJson,
  notesText,
  recordedOrder,
  refuseExisting,
  saveMapping,
} from "./commands";
import { CliError, EXIT, messages, stepsMessages } from "./messages";
import { cutText, findingJson, FindingJson, jsonText, renderTable } from "./output";
import { detectedDelimiter, readCsvText } from "./csv";
import {
  HeadAt,
  headerRowFinder,
  holidaysOf,
  inputPaths,
  readExportSheet,
  RecordSink,
  refuseUnmapped,
  streamCsv,
} from "./tickets";
import { openSheets, OpenedWorkbook, writeWorkbook } from "./xlsx";

/** The JSON of the steps command (published; add fields, never rename or remove them). */
export interface StepsJson {
  readonly events: number;
  readonly cases: number;
  readonly ignored: number;
  readonly singleEventCases: number;
  readonly rejected: { row: number; reason: string }[];
  readonly processes: {
    process: string;
    cases: number;
    targetHours: number | null;
    breached: number;
    gap: number;
    gapShare: number | null;
  }[];
  readonly steps: StepJson[];
  readonly groups: {
    group: string;
    cases: number;
    meanHours: number;
    medianHours: number;
    p90Hours: number;
    p95Hours: number;
    maxHours: number;
    toleranceHours: number | null;
    withinShare: number | null;
    breaches: number | null;
  }[];
  readonly untoleranced: { process: string; from: string; to: string; steps: number }[];
  readonly written: string | null;
  /** How day/month times were read: "DMY" or "MDY" (given or inferred), or null when none were. */
  readonly dateOrder: string | null;
  /** A TEXT_CUT warning for each cell cut to Excel's 32,767 characters, naming its sheet and cell (also on the Findings sheet). */
  readonly findings: FindingJson[];
}

interface StepJson {
  process: string;
  from: string;
  to: string;
  cases: number;
  steps: number;
  meanHours: number;
  medianHours: number;
  p90Hours: number;
  p95Hours: number;
  maxHours: number;
  toleranceHours: number | null;
  owner: string | null;
  withinShare: number | null;
  breaches: number | null;
}

/** The JSON of a run. */
export function stepsJson(
  read: ReadLog,
  outcome: ProcessOutcome,
  written: string | null,
  cuts: readonly Finding[] = [],
): StepsJson {
  return {
    events: read.log.times.length,
    cases: read.log.cases.length,
    ignored: read.ignored,
    singleEventCases: outcome.singleEventCases,
    rejected: read.rejected,
    processes: outcome.processes.map((p) => ({
      process: p.process,
      cases: p.cases,
      targetHours: p.targetHours,
      breached: p.breached,
      gap: p.gap,
      gapShare: p.gapShare,
    })),
    steps: outcome.steps.map((s) => ({
      process: s.process,
      from: s.from,
      to: s.to,
      cases: s.cases,
      steps: s.stats.count,
      meanHours: s.stats.meanHours,
      medianHours: s.stats.medianHours,
      p90Hours: s.stats.p90Hours,
      p95Hours: s.stats.p95Hours,
      maxHours: s.stats.maxHours,
      toleranceHours: s.tolerance?.hours ?? null,
      owner: s.tolerance ? s.tolerance.owner || null : null,
      withinShare: s.stats.withinShare,
      breaches: s.stats.breaches,
    })),
    groups: outcome.groups.map((g) => ({
      group: g.group,
      cases: g.stats.count,
      meanHours: g.stats.meanHours,
      medianHours: g.stats.medianHours,
      p90Hours: g.stats.p90Hours,
      p95Hours: g.stats.p95Hours,
      maxHours: g.stats.maxHours,
      toleranceHours: g.toleranceHours,
      withinShare: g.stats.withinShare,
      breaches: g.stats.breaches,
    })),
    untoleranced: outcome.steps
      .filter((s) => s.tolerance === null)
      .map((s) => ({ process: s.process, from: s.from, to: s.to, steps: s.stats.count })),
    written,
    dateOrder: read.dateOrder.kind === "given" || read.dateOrder.kind === "inferred" ? read.dateOrder.order : null,
    findings: findingJson(cuts),
  };
}

/** A mapping file's columns, then --map's, then --case, --activity, --time, --group and --process, as FIELD=HEADER choices. */
function columnChoices(args: ParsedArgs, file: Readonly<Record<string, string>>): { field: string; header: string }[] {
  const choices = Object.entries(file)
    .filter(([, header]) => header !== "")
    .map(([field, header]) => ({ field, header }));
  choices.push(...mapChoices(args));
  for (const field of PROCESS_FIELDS) {
    const header = optionValue(args, field);
    if (header !== undefined) choices.push({ field, header: header.trim() });
  }
  return choices;
}

/**
 * The columns of the log's fields (with --accept-suggestions, partial headers too).
 * @throws CliError naming the header row, its headers, the suggestions and the fix, for bad choices or a missing required column.
 */
function columnsOf(
  args: ParsedArgs,
  headers: readonly string[],
  at: HeadAt,
  file: Readonly<Record<string, string>>,
): Partial<Record<ProcessField, number>> {
  const plan = processColumns(headers, columnChoices(args, file), hasFlag(args, "accept-suggestions"));
  const mapping = { ...plan.mapping };
  // A mapping file's blank column leaves an optional field unmapped on purpose.
  for (const [field, header] of Object.entries(file)) {
    if (header === "" && !(REQUIRED_PROCESS_FIELDS as readonly string[]).includes(field)) {
      delete mapping[field as ProcessField];
    }
  }
  refuseUnmapped(
    plan,
    REQUIRED_PROCESS_FIELDS.filter((f) => mapping[f] === undefined),
    headers,
    at,
  );
  return mapping;
}

/** The Tolerances table: --tolerances CSV, or the governed workbook's Tolerances sheet. */
function tolerancesOf(args: ParsedArgs, governed: OpenedWorkbook | undefined): { source: string; table: Tolerances } {
  const file = optionValue(args, "tolerances");
  const sheet = governed?.sheetNames.find((s) => s.toLowerCase() === PROCESS_SHEETS.tolerances.toLowerCase());
  let grid: readonly (readonly CellValue[])[];
  let source: string;
  if (file !== undefined) {
    if (governed && sheet) throw new CliError(stepsMessages.twoTolerances(governed.file));
    if (path.extname(file).toLowerCase() !== ".csv") throw new CliError(stepsMessages.notCsv(file));
    const text = readCsvText(file);
    const delimiter = detectedDelimiter(text);
    try {
      grid = parseCsvSync(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true });
    } catch (e) {
      throw new CliError(messages.badCsv(file, (e as Error).message));
    }
    source = file;
  } else if (governed) {
    if (!sheet) throw new CliError(stepsMessages.noToleranceSheet(governed.file));
    grid = governed.grid(sheet)!;
    source = `${governed.file} (${sheet})`;
  } else throw new CliError(stepsMessages.noTolerances());
  const table = readTolerances(grid);
  if (isToleranceProblems(table)) throw new CliError(stepsMessages.badTolerances(source, table.problems));
  return { source, table };
}

/** sla-governance steps: a log into the process sheets; exit 1 when a row was rejected. */
export async function stepsCommand(args: ParsedArgs, io: Io): Promise<number> {
  const dryRun = hasFlag(args, "dry-run");
  const { input, kind, workbook, out } = inputPaths(args, dryRun);
  if (!dryRun) refuseExisting(args, out);
  if (optionValue(args, "save-mapping") !== undefined && !dryRun) throw new CliError(messages.saveMappingNeedsDryRun());
  const settings = mappingSettings(args);
  // --sheet, else the mapping file's (a CSV has none: --sheet refused, the file's noted unused).
  const { sheet, args: readArgs, notes } = inputSheet(args, settings);
  // A mapping file's date order applies unless --date-order says otherwise.
  const clock = clockOptions(
    {
      calendar: optionValue(args, "calendar"),
      holidays: holidaysOf(optionValue(args, "holidays"), optionValue(args, "date-order")),
      tz: optionValue(args, "tz"),
      dateOrder: optionValue(args, "date-order") ?? settings.dateOrder,
    },
    CLI_SETTING_NAMES,
  );
  if (isFailure(clock)) throw new CliError(clock.message);
  // Only the Tolerances sheet is read; the others are carried without being inflated.
  const governed =
    workbook === undefined ? undefined : await openSheets(workbook, [PROCESS_SHEETS.tolerances, SHEETS.findings]);
  const tolerances = tolerancesOf(args, governed);

  io.progress(`Reading ${input} ...`);
  const builder = logBuilder(clock.zone, clock.dateOrder, ignoreSet(splitList(optionValue(args, "ignore") ?? "")));
  let seen: { headers: readonly string[]; mapping: Partial<Record<ProcessField, number>> } | undefined;
  const header = (headers: readonly string[], at: HeadAt): RecordSink => {
    const mapping = columnsOf(args, headers, at, settings.columns);
    seen = { headers, mapping };
    const [c, a, t] = [mapping.case!, mapping.activity!, mapping.time!];
    const g = mapping.group ?? -1;
    const p = mapping.process ?? -1;
    return (row, r) => builder.add(row, r[c], r[a], r[t], g < 0 ? null : r[g], p < 0 ? null : r[p]);
  };
  if (kind === "csv") await streamCsv(args, input, header);
  else await readExportSheet(readArgs, input, headerRowFinder(args, processHeaderRow), header);
  const read = builder.finish();
  const settled = settleDateOrder(read.dateOrder, ticketMessages.timeColumn());
  if ("refusal" in settled) throw new CliError(settled.refusal);
  const mapping = seen!.mapping;
  const processes = tolerances.table.processes;
  if (mapping.process === undefined && processes.length > 1) throw new CliError(stepsMessages.manyProcesses(processes));

  io.progress("Measuring the steps ...");
  const ordered = orderLog(read.log, zonedReading(clock.calendar, read.zone));
  const outcome = measureProcess(read.log, ordered, tolerances.table, {
    defaultProcess: processes[0] ?? "",
    groups: mapping.group !== undefined,
    toSerial: (ms) => serialFromEpochMs(wallOf(read.zone, ms)),
  });
  if (outcome.processes.length === 0) {
    throw new CliError(stepsMessages.noSteps(read.log.times.length, read.log.cases.length));
  }

  saveMapping(args, io, {
    sheet,
    columns: mappedColumns(PROCESS_FIELDS, mapping, seen!.headers),
    values: {},
    dateOrder: recordedOrder(read.dateOrder),
  });

  let written: string | null = null;
  // The cases' plan made before the write: its cut cells (case IDs, step names) are reported too.
  const report = reportTextCuts(
    [latencyPlan(outcome), groupsPlan(outcome.groups), casesPlan(outcome.cases)],
    governed?.grid(SHEETS.findings),
  );
  if (!dryRun) {
    io.progress(`Writing ${out} ...`);
    await writeWorkbook(governed, out, { plans: report.plans, notice: ioNotice(io) });
    written = out;
  }

  if (hasFlag(args, "json"))
    io.stdout(jsonText({ ...stepsJson(read, outcome, written, report.findings), ...notesJson(notes) }));
  else {
    let text = "";
    if (dryRun)
      text += understood(seen!.headers, mapping, clock.zone, read.dateOrder, tolerances.source, tolerances.table);
    text += stepsText(read, outcome, written) + cutText(report.findings);
    if (dryRun) text += stepsMessages.dryRun() + "\n";
    io.stdout(text + notesText(notes));
  }
  if (read.rejected.length) {
    io.stderr(`sla-governance: ${messages.rejectedRows(read.rejected.length)}\n`);
    return EXIT.found;
  }
  return EXIT.ok;
}

/** What was understood before anything is written: columns, times, tolerances. */
function understood(
  headers: readonly string[],
  mapping: Partial<Record<ProcessField, number>>,
  zone: string,
  dateOrder: OrderInference,
  source: string,
  table: Tolerances,
): string {
  const lines = ["Columns:"];
  for (const field of PROCESS_FIELDS) {
    const col = mapping[field];
    lines.push(
      `  ${field.padEnd(8)} ${col === undefined ? "(none)" : `"${headers[col]}" (column ${columnLetter(col)})`}`,
    );
  }
  lines.push(`Times without an offset are local to ${zone}; day/month dates: ${orderNote(dateOrder) || "none"}.`);
  lines.push(`Tolerances: ${table.rows.length} row(s) from ${source}.`);
  return lines.join("\n") + "\n";
}

/** The run for people: counts, each process's end to end and gap, the steps, the groups, the rejected rows. */
export function stepsText(read: ReadLog, outcome: ProcessOutcome, written: string | null): string {
  const h = (x: number) => x.toFixed(2);
  const pct = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(1)}%`);
  let text =
    `Read ${read.log.times.length} event(s) of ${read.log.cases.length} case(s)` +
    (read.ignored ? `; ${read.ignored} ignored` : "") +
    (outcome.singleEventCases ? `; ${outcome.singleEventCases} case(s) with one event (no step)` : "") +
    ".\n";
  if (written) {
    text +=
      `Wrote ${PROCESS_SHEETS.latency}, ${PROCESS_SHEETS.groups} (${outcome.groups.length} rows) and ` +
      `${PROCESS_SHEETS.cases} (${outcome.cases.length} rows) to ${written}.\n`;
  }
  const order = orderNote(read.dateOrder);
  if (order) text += `Dates read as ${order}.\n`;
  text +=
    "\n" +
    renderTable(
      ["Process", "Cases", "Mean h", "P95 h", "Target h", "Breached", "Gap", "Gap share"],
      outcome.processes.map((p) => [
        p.process || "(no name)",
        String(p.cases),
        h(p.endToEnd.stats.meanHours),
        h(p.endToEnd.stats.p95Hours),
        p.targetHours === null ? "" : String(p.targetHours),
        String(p.breached),
        p.targetHours === null ? "" : String(p.gap),
        pct(p.gapShare),
      ]),
      { align: ["left", "right", "right", "right", "right", "right", "right", "right"] },
    );
  text +=
    "\n" +
    renderTable(
      ["Step", "Steps", "Mean h", "Median h", "P90 h", "P95 h", "Max h", "Tolerance h", "Within", "Breaches"],
      outcome.steps.map((s) => [
        outcome.processes.length > 1
          ? `${s.process || "(no name)"}: ${stepName(s.from, s.to)}`
          : stepName(s.from, s.to),
        String(s.stats.count),
        h(s.stats.meanHours),
        h(s.stats.medianHours),
        h(s.stats.p90Hours),
        h(s.stats.p95Hours),
        h(s.stats.maxHours),
        s.tolerance ? String(s.tolerance.hours) : "untoleranced",
        pct(s.stats.withinShare),
        s.stats.breaches === null ? "" : String(s.stats.breaches),
      ]),
      { align: ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"] },
    );
  if (outcome.groups.length) {
    text +=
      "\n" +
      renderTable(
        ["Group", "Cases", "Mean h", "P95 h", "Max h", "Tolerance h", "Within", "Breaches"],
        outcome.groups.map((g) => [
          g.group,
          String(g.stats.count),
          h(g.stats.meanHours),
          h(g.stats.p95Hours),
          h(g.stats.maxHours),
          g.toleranceHours === null ? (g.conflict ? "conflicting rows" : "untoleranced") : String(g.toleranceHours),
          pct(g.stats.withinShare),
          g.stats.breaches === null ? "" : String(g.stats.breaches),
        ]),
        { align: ["left", "right", "right", "right", "right", "right", "right", "right"] },
      );
  }
  const untoleranced = outcome.steps.filter((s) => s.tolerance === null).length;
  if (untoleranced) text += `${untoleranced} step(s) have no tolerance row: measured and listed, not judged.\n`;
  if (read.rejected.length) {
    const shown = read.rejected.slice(0, 10);
    text += `${read.rejected.length} row(s) rejected:\n`;
    text += shown.map((r) => `  row ${r.row}: ${r.reason}`).join("\n") + "\n";
    if (read.rejected.length > shown.length)
      text += `  ... and ${read.rejected.length - shown.length} more (see --json).\n`;
  }
  return text;
}
