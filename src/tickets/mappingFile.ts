/**
 * A ticket export's mapping file in the task pane: the file `tickets --dry-run --save-mapping`
 * writes (the sheet, the header row, each field's column by header, the group's column, the
 * date order), made from the pane's mapping table, and one such file applied to the export
 * read around the selection as `tickets --mapping` applies it. The file's text is
 * src/import/mappingFile.ts's (`parseMappingFile`, `mappingFileText`). Pure.
 */
import { headerList, isRefusal, paneMessages, Refusal, refuse } from "../errors";
import { DateOrder } from "../import/dates";
import { mappedColumns, MappingSettings } from "../import/mappingFile";
import { chooseColumn, MappingState, startMapping } from "../import/mappingState";
import { PreviewTable } from "../import/preview";
import { ReadTable, tableAtHeaderRow } from "../import/headerRow";
import { TICKET_FIELDS } from "./columns";
import {
  autoExportPlan,
  EXPORT_FIELDS,
  exportColumns,
  ExportField,
  ExportReview,
  reviewExport,
  isRowField,
  ROW_FIELDS,
} from "./review";

/** The fields a saved file records: a history's, or one row per ticket's (as the command line's preview lists them). */
const SAVED_FIELDS = (wide: boolean): readonly string[] =>
  wide ? ["ticket", "priority", ...ROW_FIELDS] : TICKET_FIELDS;

/**
 * The mapping file of an export as the pane's table maps it, as `tickets --dry-run
 * --save-mapping` writes it: each field of its shape with its column's header (a field
 * unmapped as ""), the group's column when one is typed, the header row and the date order
 * the times are read with. Cost: O(fields).
 * @param table - The export's header and rows.
 * @param review - The table's review (`reviewExport`).
 * @param group - The assignment group column typed in the form ("" for none).
 * @returns The settings, for `mappingFileText`.
 * @example ticketMappingSettings(table, review, "").columns // => { ticket: "Number", time: "Updated", state: "State", priority: "Priority" }
 */
export function ticketMappingSettings(table: PreviewTable, review: ExportReview, group: string): MappingSettings {
  const columns = mappedColumns(SAVED_FIELDS(review.wide), review.plan.mapping, table.headers);
  return {
    sheet: table.sheet,
    headerRow: table.headerRow,
    columns: group.trim() ? { ...columns, group: group.trim() } : columns,
    values: {},
    dateOrder: review.dateOrder,
  };
}

/** A ticket mapping file applied to the export read: the table at its header row, the mapping, the form's values. */
export interface LoadedTicketMapping {
  readonly table: PreviewTable;
  /** The headers' own plan with the file's columns as the user's choices. */
  readonly state: MappingState<ExportField>;
  readonly dateOrder?: DateOrder;
  /** The assignment group column, when the file names one. */
  readonly group?: string;
  /** What the pane says about it (loaded; saved for another sheet). */
  readonly notes: string[];
}

/**
 * Applies a ticket mapping file (as `parseMappingFile` read it) to the export read around the
 * selection, as `tickets --mapping` applies it: its header row (else the one shown), a
 * history's columns by header (`""` leaves one unmapped), a one-row-per-ticket export's
 * (opened, responded, resolved, closed, hours on hold) as their options, the group's column
 * and the date order. A file naming a header the row does not have, an unknown field, a
 * header row outside the rows read, or one column for two fields is refused whole, naming
 * the header row and its headers. Cost: O(fields x headers + rows).
 * @param read - The rows read.
 * @param shownHeaderRow - The header row in use now (used when the file names none).
 * @param settings - The file's settings.
 * @param file - The file's name, for messages.
 * @returns The loaded mapping, or a refusal.
 * @example loadTicketMapping(read, 2, { columns: { opened: "Opened", resolved: "Resolved" }, values: {} }, "t.json").state.choices // => { opened: 3, resolved: 5 }
 */
export function loadTicketMapping(
  read: ReadTable,
  shownHeaderRow: number,
  settings: MappingSettings,
  file: string,
): LoadedTicketMapping | Refusal {
  const table = tableAtHeaderRow(read, settings.headerRow ?? shownHeaderRow);
  if (isRefusal(table)) return table;
  const { headers } = table;
  // A one-row-per-ticket field saved blank is no choice (the command line's --opened is then not given).
  const choices = Object.entries(settings.columns)
    .filter(([field, header]) => field !== "group" && !(isRowField(field) && header === ""))
    .map(([field, header]) => ({ field, header }));
  const chosen = exportColumns(headers, table.rows, choices);
  let state = startMapping(autoExportPlan(headers, table.rows));
  for (const f of EXPORT_FIELDS) {
    if (chosen.source[f] === "chosen") state = chooseColumn(state, f, chosen.mapping[f]!);
    else if (chosen.cleared.includes(f)) state = chooseColumn(state, f, null);
  }
  // One column for two fields is a problem of the mapping as a whole (a history's and a row's field alike).
  const whole = reviewExport(table, state, settings.dateOrder).plan.problems;
  const problems = [...chosen.problems, ...whole].map((p) => p.message);
  if (problems.length) {
    return refuse(paneMessages.mappingFileMisfit(file, problems, table.sheet, table.headerRow, headerList(headers)));
  }
  const notes = [paneMessages.ticketMappingLoaded(file)];
  if (settings.sheet !== undefined && settings.sheet !== table.sheet)
    notes.push(paneMessages.mappingFileOtherSheet(file, settings.sheet, table.sheet));
  return { table, state, dateOrder: settings.dateOrder, group: settings.columns.group, notes };
}
