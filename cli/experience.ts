/**
 * sla-governance experience: a survey export (CSV or .xlsx, one row per response) into the
 * governed workbook's Experience sheet, one row per month and service level. This module
 * reads files and options; classification and aggregation are decided in src/experience.
 */
import { isFailure, experienceMessages, ticketMessages } from "../src/errors";
import { columnLetter, Finding, SHEETS, textOf } from "../src/governance/model";
import { reportTextCuts } from "../src/governance/textCut";
import { orderNote, parseDateOrder, settleDateOrder } from "../src/import/dates";
import { parseScale } from "../src/experience/netScore";
import {
  SURVEY_FIELDS,
  SurveyField,
  SurveyOutcome,
  experiencePlan,
  surveyBuilder,
  surveyColumns,
  surveyHeaderRow,
} from "../src/experience/survey";
import { SERVICE_SHEETS } from "../src/service/model";
import { TICKET_SHEETS, TICKETS_HEADERS } from "../src/tickets/plan";
import { hasFlag, optionValue, ParsedArgs, requiredValue } from "./args";
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
import { CliError, EXIT, messages } from "./messages";
import { cutText, findingJson, FindingJson, jsonText, renderTable } from "./output";
import { HeadAt, headerRowFinder, inputPaths, readExportSheet, RecordSink, refuseUnmapped, streamCsv } from "./tickets";
import { openSheets, OpenedWorkbook, readFailure, writeWorkbook } from "./xlsx";
import { openRowReader } from "./package/rows";

/** The JSON of the experience command (published; add fields, never rename or remove them). */
export interface ExperienceJson {
  readonly responses: number;
  readonly rows: {
    period: string;
    serviceId: string;
    responses: number;
    netScore: number | null;
    lostMinutes: number | null;
    lostN: number;
  }[];
  readonly rejected: { row: number; reason: string }[];
  readonly scale: string;
  readonly dateOrder: string | null;
  readonly written: string | null;
  /** A TEXT_CUT warning for each cell cut to Excel's 32,767 characters, naming its sheet and cell (also on the Findings sheet). */
  readonly findings: FindingJson[];
}

/**
 * The Service IDs of the workbook and the service of each ticket on its Tickets sheet. The
 * Tickets sheet is streamed row by row, two columns kept: one of a million tickets is never
 * held whole. @throws CliError (exit 2) without a Services sheet, or for a damaged file.
 */
async function serviceLookup(book: OpenedWorkbook): Promise<{ services: Set<string>; tickets: Map<string, string> }> {
  const grid = book.grid(SERVICE_SHEETS.services);
  if (!grid) throw new CliError(experienceMessages.needsServices(book.file));
  const header = (grid[0] ?? []).map((h) => textOf(h).toLowerCase());
  const idCol = header.indexOf("id");
  const services = new Set<string>();
  for (let r = 1; r < grid.length; r++) {
    const id = textOf(grid[r]?.[idCol] ?? null);
    if (id) services.add(id);
  }
  const tickets = new Map<string, string>();
  if (!book.sheetNames.includes(TICKET_SHEETS.tickets)) return { services, tickets };
  const reader = await openRowReader(book.file).catch((e) => Promise.reject(readFailure(book.file, e)));
  try {
    let columns: [number, number] | undefined;
    for await (const { cells } of reader.rows(TICKET_SHEETS.tickets)) {
      if (!columns) {
        // The first row with anything in it is the header, as the sheet's grid[0] was.
        const th = cells.map((h) => textOf(h).toLowerCase());
        columns = [th.indexOf(TICKETS_HEADERS[0].toLowerCase()), th.indexOf("service id")];
        if (columns[0] < 0 || columns[1] < 0) break;
        continue;
      }
      const ticket = textOf(cells[columns[0]] ?? null);
      const service = textOf(cells[columns[1]] ?? null);
      if (ticket && service) tickets.set(ticket, service);
    }
  } catch (e) {
    throw readFailure(book.file, e);
  } finally {
    reader.close();
  }
  return { services, tickets };
}

/** A mapping file's columns, then --map's, then --time, --service, --ticket, --score, --lost. */
function columnChoices(args: ParsedArgs, file: Readonly<Record<string, string>>): { field: string; header: string }[] {
  const choices = Object.entries(file)
    .filter(([, header]) => header !== "")
    .map(([field, header]) => ({ field, header }));
  choices.push(...mapChoices(args));
  for (const field of SURVEY_FIELDS) {
    const header = optionValue(args, field);
    if (header !== undefined) choices.push({ field, header: header.trim() });
  }
  return choices;
}

/** sla-governance experience: a survey into the Experience sheet; exit 1 when a row was rejected. */
export async function experienceCommand(args: ParsedArgs, io: Io): Promise<number> {
  const dryRun = hasFlag(args, "dry-run");
  const { input, kind, out } = inputPaths(args, dryRun);
  const workbook = requiredValue(args, "workbook");
  if (!dryRun) refuseExisting(args, out);
  if (optionValue(args, "save-mapping") !== undefined && !dryRun) throw new CliError(messages.saveMappingNeedsDryRun());
  const settings = mappingSettings(args);
  const scale = parseScale(optionValue(args, "scale") ?? "");
  if (isFailure(scale)) throw new CliError(scale.message);
  const orderText = optionValue(args, "date-order") ?? settings.dateOrder;
  const dateOrder = parseDateOrder(orderText);
  if (dateOrder === null) throw new CliError(messages.badDateOrder(orderText ?? ""));
  // --sheet, else the mapping file's (a CSV has none: --sheet refused, the file's noted unused).
  const { sheet, args: readArgs, notes } = inputSheet(args, settings);
  // Only Services and Tickets are read, streamed (Tickets row by row): Results and the other
  // sheets, however large, are carried by the writer without being inflated.
  const governed = await openSheets(workbook, [SERVICE_SHEETS.services, SHEETS.findings]);
  const lookup = await serviceLookup(governed);

  io.progress(`Reading ${input} ...`);
  const builder = surveyBuilder({
    scale,
    dateOrder,
    services: lookup.services,
    ticketService: lookup.tickets,
  });
  let seen: { headers: readonly string[]; mapping: Partial<Record<SurveyField, number>> } | undefined;
  const header = (headers: readonly string[], at: HeadAt): RecordSink => {
    const plan = surveyColumns(headers, columnChoices(args, settings.columns), hasFlag(args, "accept-suggestions"));
    const { mapping } = plan;
    const missing: string[] = (["time", "score"] as const).filter((f) => mapping[f] === undefined);
    // A response's service is its own column's, or its ticket's (through the Tickets sheet).
    const noService = mapping.service === undefined && mapping.ticket === undefined;
    const reason = messages.noColumnFor(noService ? [...missing, "service (or ticket)"] : missing);
    refuseUnmapped(plan, noService ? [...missing, "service"] : missing, headers, at, reason);
    seen = { headers, mapping };
    const col = (f: SurveyField) => mapping[f] ?? -1;
    const [t, s, k, sc, l] = [col("time"), col("service"), col("ticket"), col("score"), col("lost")];
    return (row, r) =>
      builder.add(row, r[t], s < 0 ? null : r[s], k < 0 ? undefined : r[k], r[sc], l < 0 ? undefined : r[l]);
  };
  if (kind === "csv") await streamCsv(args, input, header);
  else await readExportSheet(readArgs, input, headerRowFinder(args, surveyHeaderRow), header);
  const outcome = builder.finish();
  const settled = settleDateOrder(outcome.dateOrder, ticketMessages.timeColumn());
  if ("refusal" in settled) throw new CliError(settled.refusal);
  if (outcome.responses === 0) throw new CliError(experienceMessages.noResponses(input));

  saveMapping(args, io, {
    sheet,
    columns: mappedColumns(SURVEY_FIELDS, seen!.mapping, seen!.headers),
    values: {},
    dateOrder: recordedOrder(outcome.dateOrder),
  });

  let written: string | null = null;
  const report = reportTextCuts([experiencePlan(outcome.rows)], governed.grid(SHEETS.findings));
  if (!dryRun) {
    io.progress(`Writing ${out} ...`);
    await writeWorkbook(governed, out, { plans: report.plans, notice: ioNotice(io) });
    written = out;
  }
  if (hasFlag(args, "json"))
    io.stdout(jsonText({ ...experienceJson(outcome, scale.text, written, report.findings), ...notesJson(notes) }));
  else {
    let text = "";
    if (dryRun) text += understood(seen!.headers, seen!.mapping, scale.text, outcome) + "\n";
    text += experienceText(outcome, written) + cutText(report.findings);
    if (dryRun) text += "Dry run: nothing was written.\n";
    io.stdout(text + notesText(notes));
  }
  if (outcome.rejected.length) {
    io.stderr(`sla-governance: ${messages.rejectedRows(outcome.rejected.length)}\n`);
    return EXIT.found;
  }
  return EXIT.ok;
}

/** The JSON of a run. */
export function experienceJson(
  outcome: SurveyOutcome,
  scale: string,
  written: string | null,
  cuts: readonly Finding[] = [],
): ExperienceJson {
  return {
    responses: outcome.responses,
    rows: outcome.rows.map((r) => ({
      period: r.period,
      serviceId: r.serviceId,
      responses: r.responses,
      netScore: r.netScore ?? null,
      lostMinutes: r.lostMinutes ?? null,
      lostN: r.lostN,
    })),
    rejected: [...outcome.rejected],
    scale,
    dateOrder:
      outcome.dateOrder.kind === "given" || outcome.dateOrder.kind === "inferred" ? outcome.dateOrder.order : null,
    written,
    findings: findingJson(cuts),
  };
}

/** What was understood before anything is written: columns, scale, dates. */
function understood(
  headers: readonly string[],
  mapping: Partial<Record<SurveyField, number>>,
  scale: string,
  outcome: SurveyOutcome,
): string {
  const lines = ["Columns:"];
  for (const field of SURVEY_FIELDS) {
    const col = mapping[field];
    lines.push(
      `  ${field.padEnd(8)} ${col === undefined ? "(none)" : `"${headers[col]}" (column ${columnLetter(col)})`}`,
    );
  }
  lines.push(`Scale: ${scale}; day/month dates: ${orderNote(outcome.dateOrder) || "none"}.`);
  return lines.join("\n");
}

/** The run for people: the Experience rows and the rejected rows. */
export function experienceText(outcome: SurveyOutcome, written: string | null): string {
  let text = `Read ${outcome.responses} response(s) into ${outcome.rows.length} Experience row(s)${written ? `; wrote ${written}` : ""}.\n`;
  text += renderTable(
    ["Period", "Service ID", "Responses", "Net Score", "Lost Minutes", "Lost n"],
    outcome.rows.map((r) => [
      r.period,
      r.serviceId,
      String(r.responses),
      r.netScore === undefined ? "" : r.netScore.toFixed(1),
      r.lostMinutes === undefined ? "" : r.lostMinutes.toFixed(1),
      String(r.lostN),
    ]),
    { align: ["left", "left", "right", "right", "right", "right"] },
  );
  if (outcome.rejected.length) {
    const shown = outcome.rejected.slice(0, 10);
    text +=
      `${outcome.rejected.length} row(s) rejected:\n` +
      shown.map((r) => `  row ${r.row}: ${r.reason}`).join("\n") +
      "\n";
    if (outcome.rejected.length > shown.length)
      text += `  ... and ${outcome.rejected.length - shown.length} more (see --json).\n`;
  }
  return text;
}
