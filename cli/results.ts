/**
 * sla-governance results: monthly results from a client's own SLA report (CSV or .xlsx, long
 * or wide) into the Results sheet of a copy of the governed workbook, keyed by period and
 * Service ID exactly as the tickets command writes them. The reading is src/import/report.ts.
 */
import * as path from "path";
import { REPORT_FIELDS, findReportHeader, readReport, reportServices } from "../src/import/report";
import { serialToIso } from "../src/serial";
import { clipText, headerList, importMessages } from "../src/errors";
import { foldValue } from "../src/import/valueMaps";
import { columnLetter, textOf } from "../src/governance/model";
import { SERVICE_COLUMNS, SERVICE_SHEETS } from "../src/service/model";
import { CONTRACT_EXAMPLE } from "../src/service/examples";
import { withoutExamples } from "../src/service/table";
import { TICKET_SHEETS, resultsPlan } from "../src/tickets/plan";
import { hasFlag, optionValue, ParsedArgs, requiredValue } from "./args";
import {
  chooseSheet,
  dateOrderOption,
  decimalOption,
  headerRowOption,
  inputSheet,
  Io,
  ioNotice,
  mapChoices,
  mappedColumns,
  mappingSettings,
  notesJson,
  notesText,
  refuseExisting,
  saveMapping,
  valueMapOption,
  sheetOfIndex,
} from "./commands";
import { readCsvGrid } from "./csv";
import { CliError, EXIT, messages } from "./messages";
import { suggestionLines } from "./preview";
import { cutText, findingJson, jsonText, renderTable } from "./output";
import { SHEETS } from "../src/governance/model";
import { reportTextCuts } from "../src/governance/textCut";
import { openSheets, writeWorkbook } from "./xlsx";

/** sla-governance results: exit 0, 1 when a value was rejected, 2 for usage and input errors. */
export async function resultsCommand(args: ParsedArgs, io: Io): Promise<number> {
  const input = args.input!;
  const ext = path.extname(input).toLowerCase();
  if (ext !== ".csv" && ext !== ".xlsx") throw new CliError(messages.notExport(input));
  const workbook = requiredValue(args, "workbook");
  const dryRun = hasFlag(args, "dry-run");
  if (optionValue(args, "save-mapping") !== undefined && !dryRun) throw new CliError(messages.saveMappingNeedsDryRun());
  const out = dryRun ? optionValue(args, "out") : requiredValue(args, "out");
  if (out !== undefined && !dryRun) {
    if (path.extname(out).toLowerCase() !== ".xlsx") throw new CliError(messages.notXlsx(out));
    refuseExisting(args, out);
  }
  // A mapping file (--mapping) gives what its options do not: the options win.
  const settings = mappingSettings(args);
  const dateOrder = dateOrderOption(args) ?? settings.dateOrder;
  const decimal = decimalOption(args) ?? settings.decimal;
  const headerRow = headerRowOption(args) ?? settings.headerRow;
  // A CSV has one table: --sheet beside it is refused, the mapping file's sheet noted unused.
  const { sheet: wanted, notes } = inputSheet(args, settings);
  let grid;
  let sheet = path.basename(input);
  if (ext === ".csv") grid = readCsvGrid(args, input);
  else {
    // Only the report's sheet is read: the others are never inflated.
    const report = await openSheets(input, (index) => [sheetOfIndex(input, index, wanted)]);
    sheet = chooseSheet(report, wanted);
    grid = report.grid(sheet)!;
  }
  const governed = await openSheets(workbook, [SERVICE_SHEETS.services, TICKET_SHEETS.results, SHEETS.findings]);
  // new-contract's unedited example service level takes no result.
  const servicesGrid = governed.grid(SERVICE_SHEETS.services);
  const services = reportServices(withoutExamples(servicesGrid, SERVICE_COLUMNS, CONTRACT_EXAMPLE.service));
  if (services.length === 0) {
    const examples = reportServices(servicesGrid).length > 0;
    throw new CliError(examples ? messages.onlyExampleServices(workbook) : messages.noServices(workbook));
  }
  const fromFile = Object.entries(settings.columns).map(([field, header]) => ({ field, header }));
  // The file's columns first, --map's over them (a later choice of a field wins).
  const choices = [...fromFile.filter((c) => !mapChoices(args).some((m) => m.field === c.field)), ...mapChoices(args)];
  // The report's own names for service levels: Service IDs of this workbook only.
  const ids = services.map((s) => s.id);
  const serviceMap = valueMapOption(
    args,
    settings,
    "service",
    "service-map",
    (t) => ids.find((id) => foldValue(id) === foldValue(t)),
    `Service IDs of ${path.basename(workbook)} (${clipText(ids.slice(0, 3).join(", "))}${ids.length > 3 ? ", ..." : ""})`,
  );
  // The header row: the one given, else the text row above the data that names the report best.
  const found =
    headerRow !== undefined ? { row: headerRow - 1 } : findReportHeader(grid, services, { choices, serviceMap });
  if (found && "tie" in found) throw new CliError(importMessages.headerRowTie(sheet, found.tie));
  const header = found?.row;
  if (header === undefined) throw new CliError(messages.emptyExport(input));
  if (header >= grid.length - 1) throw new CliError(messages.headerRowBelow(header + 1, input, grid.length));
  const reading = readReport(grid.slice(header), header + 1, services, {
    choices,
    dateOrder,
    decimal,
    serviceMap,
    acceptSuggestions: hasFlag(args, "accept-suggestions"),
  });
  const headers = (grid[header] ?? []).map((h) => textOf(h));
  const suggestions = reading.suggestions.map((s) => ({
    field: s.field,
    column: columnLetter(s.column),
    header: headers[s.column] ?? "",
    why: s.why,
  }));
  if (reading.problems.length)
    throw new CliError(messages.mappingAt(reading.problems, sheet, header + 1, headerList(headers)));
  if (reading.unmapped.length) {
    const refusal = messages.unmappedAt(
      reading.refusal,
      sheet,
      header + 1,
      headerList(headers),
      reading.unmapped,
      suggestions,
    );
    if (!dryRun) throw new CliError(refusal);
    // The dry run shows what it understood (nothing applied on a guess) before it refuses.
    io.stdout(
      hasFlag(args, "json")
        ? jsonText({
            layout: null,
            sheet,
            headerRow: header + 1,
            headers,
            unmapped: reading.unmapped,
            suggestions,
            ...notesJson(notes),
          })
        : `No layout found in header row ${header + 1} of ${sheet}; unmapped: ${reading.unmapped.join(", ")}.\n` +
            suggestionLines(suggestions) +
            notesText(notes),
    );
    io.stderr(`sla-governance: ${refusal}\n`);
    return EXIT.usage;
  }
  if (reading.refusal) throw new CliError(`${input}: ${reading.refusal}.`);
  // Never exit 0 on nothing: no row gave a result or a reason.
  if (reading.results.length === 0 && reading.rejected.length === 0)
    throw new CliError(messages.noResultsRead(input, sheet, header + 1));
  // --save-mapping: what this dry run understood, for next month's report (--mapping).
  if (reading.read) {
    const cleared = Object.fromEntries(reading.read.cleared.map((f) => [f, ""]));
    const mapped = Object.entries(mappedColumns(REPORT_FIELDS, reading.read.columns, headers)).filter(([, h]) => h);
    saveMapping(args, io, {
      sheet: ext === ".xlsx" ? sheet : undefined,
      headerRow: header + 1,
      columns: { ...cleared, ...Object.fromEntries(mapped) },
      values: serviceMap ? { service: Object.fromEntries(serviceMap) } : {},
      dateOrder: reading.read.dateOrder,
      decimal,
    });
  }
  const plan = resultsPlan(
    governed.grid(TICKET_SHEETS.results),
    reading.results.map((r) => ({ periodSerial: r.periodSerial, service: r.service, result: r.result })),
    `report: ${path.basename(input)}`,
  );
  const written = reportTextCuts([plan.plan], governed.grid(SHEETS.findings));
  if (!dryRun) await writeWorkbook(governed, out!, { plans: written.plans, notice: ioNotice(io) });
  if (hasFlag(args, "json")) {
    io.stdout(
      jsonText({
        layout: reading.layout,
        sheet,
        headerRow: header + 1,
        understood: reading.understood,
        suggestions,
        results: reading.results.map((r) => ({ ...r, period: serialToIso(r.periodSerial).slice(0, 7) })),
        rejected: reading.rejected,
        updated: plan.updated,
        appended: plan.appended,
        written: dryRun ? null : out,
        findings: findingJson(written.findings),
        ...notesJson(notes),
      }),
    );
  } else {
    let text =
      `Read ${reading.results.length} result(s) from ${input} (${reading.layout} layout, header row ${header + 1}).\n` +
      `Read as ${reading.understood.join("; ")}.\n` +
      notesText(notes) +
      (dryRun
        ? `Dry run: nothing written (${plan.updated} Results row(s) would be updated, ${plan.appended} appended).\n`
        : `Wrote ${TICKET_SHEETS.results} (${plan.updated} updated, ${plan.appended} appended) to ${out}.\n`);
    text += renderTable(
      ["Period", "Service ID", "Result", "Typed", "At"],
      reading.results
        .slice(0, 20)
        .map((r) => [serialToIso(r.periodSerial).slice(0, 7), r.service, String(r.result), r.typed, r.at]),
    );
    if (reading.results.length > 20) text += `... and ${reading.results.length - 20} more (see --json).\n`;
    text += cutText(written.findings);
    if (reading.rejected.length) {
      text += `${reading.rejected.length} value(s) rejected:\n`;
      text +=
        reading.rejected
          .slice(0, 10)
          .map((r) => `  ${r.at}: ${r.reason}`)
          .join("\n") + "\n";
    }
    io.stdout(text);
  }
  if (reading.rejected.length) {
    io.stderr(`sla-governance: ${messages.rejectedRows(reading.rejected.length)}\n`);
    return EXIT.found;
  }
  return EXIT.ok;
}
