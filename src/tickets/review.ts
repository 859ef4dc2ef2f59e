/**
 * A ticket export as it is reviewed before the clock runs: each field with the column feeding
 * it, three times as read, how many parse, each time column's date order (the command line's
 * `tickets --dry-run`), and, for the task pane's mapping table, the fields the user may map,
 * the guesses offered, and why the clock cannot run yet. Two shapes: an event history (ticket,
 * time, state, priority per row) and a one-row-per-ticket export (opened, responded, resolved,
 * closed times, hours on hold), the second chosen by mapping an Opened column. Pure.
 */
import { paneMessages } from "../errors";
import { ColumnChoice, ColumnPlan, ColumnSuggestion, exactColumns, planColumns } from "../import/columns";
import {
  DateOrder,
  OrderInference,
  isTimeProblem,
  isUndecided,
  orderNote,
  orderTally,
  readTime,
  readTimeCell,
  settleDateOrder,
} from "../import/dates";
import { columnLetter } from "../governance/model";
import { choiceBlocker, currentPlan, MappingState } from "../import/mappingState";
import {
  FieldTally,
  MappingPreview,
  PreviewHead,
  PreviewTable,
  mappingPreviewer,
  readerTally,
} from "../import/preview";
import { CellValue } from "../governance/model";
import {
  EXPORT_FIELDS,
  EXPORT_SYNONYMS,
  ExportField,
  REQUIRED_TICKET_FIELDS,
  TICKET_FIELDS,
  withTicketContent,
} from "./columns";
import { WIDE_FIELDS, readHoldHours } from "./wide";

export { EXPORT_FIELDS };
export type { ExportField };

/** The fields of a one-row-per-ticket export, in the preview's order. */
const WIDE_PREVIEW: readonly string[] = ["ticket", "priority", ...WIDE_FIELDS, "hold_hours"];

/** What the preview of an export says, with each time column's date order as inferred. */
export interface ExportPreview {
  readonly preview: MappingPreview;
  /** Each mapped time column's date order: given, inferred, or not settled. */
  readonly orders: Partial<Record<string, OrderInference>>;
}

/** The preview of an export built row by row (see `exportPreviewer`). */
export interface ExportPreviewer {
  add(row: readonly CellValue[]): void;
  /**
   * The preview of the rows added; `suggestions` replaces the plan's (suggestions only show:
   * one made from a sample of the rows, once they are read).
   */
  finish(head: PreviewHead, suggestions?: ColumnPlan<string>["suggestions"]): ExportPreview;
}

/**
 * A time column's tally: each filled value read once without an order, counted as read
 * whatever the order (an ISO time), or as readable day/month first or month/day first; the
 * column's order is settled at the end (given, else inferred from all its values) and decides
 * how many parse and how the samples show.
 */
function timeTally(field: string, given: DateOrder | undefined, orders: Partial<Record<string, OrderInference>>) {
  const tally = orderTally(given);
  let decided = 0;
  let dmy = 0;
  let mdy = 0;
  let order: DateOrder | undefined;
  let settled = false;
  const settle = () => {
    if (settled) return order;
    settled = true;
    const inference = tally.result();
    orders[field] = inference;
    const s = settleDateOrder(inference, field);
    order = "order" in s ? s.order : undefined;
    return order;
  };
  const t: FieldTally = {
    add(v) {
      const read = readTimeCell(v);
      if (typeof v === "string") tally.add(read);
      if (isUndecided(read)) {
        if (!isTimeProblem(read.dmy)) dmy++;
        if (!isTimeProblem(read.mdy)) mdy++;
      } else if (!isTimeProblem(read)) decided++;
    },
    parsed: () => {
      const o = settle();
      return decided + (o === "DMY" ? dmy : o === "MDY" ? mdy : 0);
    },
    reader: () => {
      const o = settle();
      return (v) => {
        const time = readTime(v, o);
        return isTimeProblem(time)
          ? { ok: false, shown: String(v ?? "") }
          : {
              ok: true,
              shown: new Date(time.ms).toISOString().slice(0, 19).replace("T", " ") + (time.local ? "" : " UTC"),
            };
      };
    },
  };
  return { tally: t, note: () => (settle(), orderNote(orders[field]!)) };
}

/**
 * The preview of a ticket export as mapped (the command line's `tickets --dry-run` and the
 * pane's mapping table), built as its rows come so that an export of millions of rows is
 * never held: a history's fields, or with `wide` a one-row-per-ticket export's (its time and
 * state columns are then not read); times read with the date order given, else each column's
 * own (a day above 12), and hours on hold as durations. Cost: O(mapped fields) a row.
 * @param plan - The columns (a field's column by index; how each was chosen; the suggestions).
 * @param wide - A one-row-per-ticket export.
 * @param given - The date order given, if any.
 * @returns The previewer: `add` each row, then `finish` with the sheet's head.
 * @example const p = exportPreviewer(plan, false); p.add(["INC1", "2024-03-04 09:00", "New"]); p.finish(head).preview.fields[1].samples // => ["2024-03-04 09:00:00"]
 */
export function exportPreviewer(plan: ColumnPlan<string>, wide: boolean, given?: DateOrder): ExportPreviewer {
  const fields = wide ? WIDE_PREVIEW : TICKET_FIELDS;
  const required = wide ? ["ticket", "opened"] : REQUIRED_TICKET_FIELDS;
  const timeFields: readonly string[] = wide ? WIDE_FIELDS : ["time"];
  const tallies: Partial<Record<string, FieldTally>> = {};
  const notes: (() => [string, string])[] = [];
  const orders: Partial<Record<string, OrderInference>> = {};
  for (const f of timeFields) {
    if (plan.mapping[f] === undefined) continue;
    const t = timeTally(f, given, orders);
    tallies[f] = t.tally;
    notes.push(() => [f, t.note()]);
  }
  tallies.hold_hours = readerTally((v) => {
    const hours = readHoldHours(v);
    return typeof hours === "number"
      ? { ok: true, shown: `${+hours.toFixed(4)} h` }
      : { ok: false, shown: String(v ?? "") };
  });
  const shown: Partial<Record<string, number>> = {};
  for (const f of fields) if (plan.mapping[f] !== undefined) shown[f] = plan.mapping[f];
  // A history's preview still offers a one-row-per-ticket export's columns (Opened, Resolved, ...);
  // one row per ticket reads no time or state, so offers none.
  const offered = (suggestions: ColumnPlan<string>["suggestions"]) =>
    suggestions.filter((s) => EXPORT_FIELDS.includes(s.field as never) && (!wide || fields.includes(s.field)));
  const previewer = mappingPreviewer({ ...plan, mapping: shown }, fields, required, tallies);
  return {
    add: (row) => previewer.add(row),
    finish(head, suggestions = plan.suggestions) {
      const preview = previewer.finish(head, Object.fromEntries(notes.map((n) => n())), offered(suggestions));
      return { preview, orders };
    },
  };
}

/**
 * The preview of a ticket export held whole (see `exportPreviewer`). Cost: O(rows x fields).
 * @param table - The export's header and rows.
 * @param plan - The columns (a field's column by index; how each was chosen; the suggestions).
 * @param wide - A one-row-per-ticket export.
 * @param given - The date order given, if any.
 * @returns The preview and each time column's order.
 * @example previewExport({ sheet: "x.csv", headerRow: 1, headers: ["Number", "Updated", "State"], rows: [["INC1", "2024-03-04 09:00", "New"]] }, plan, false).preview.fields[1].samples // => ["2024-03-04 09:00:00"]
 */
export function previewExport(
  table: PreviewTable,
  plan: ColumnPlan<string>,
  wide: boolean,
  given?: DateOrder,
): ExportPreview {
  const previewer = exportPreviewer(plan, wide, given);
  for (const row of table.rows) previewer.add(row);
  return previewer.finish(table);
}

/** The columns of a one-row-per-ticket export: its times and its hours on hold. */
export const ROW_FIELDS: readonly ExportField[] = [...WIDE_FIELDS, "hold_hours"];

/**
 * True for a field of a one-row-per-ticket export (its times and hours on hold).
 * @example isRowField("opened") // => true
 */
export function isRowField(field: string): boolean {
  return (ROW_FIELDS as readonly string[]).includes(field);
}

/**
 * The columns of an export, decided one way for the command line's `tickets` (its preview and
 * its run) and the task pane's mapping table: the user's choices (any field, a history's or a
 * one-row-per-ticket export's); a history's exact headers applied; then, only suggested, a
 * history's partial headers, the columns whose content suggests an unmapped history field
 * (times, priorities, codes), and a one-row-per-ticket export's columns its headers name
 * (Opened, Resolution date, On hold duration, ...), since mapping them reads each row as its
 * ticket's events. Those are offered only when they make a one-row-per-ticket export (an
 * Opened column and a Resolved or Closed one, chosen or offered), never on the ticket's or the
 * priority's column (both shapes read those) or a column the user chose; a column offered as
 * one of them is not offered again by its content. With `accept` every suggestion is applied
 * (source "suggestion"), as `--accept-suggestions` and the pane's Accept do.
 * Cost: O(fields x synonyms x headers + sampled cells).
 * @param headers - The header texts.
 * @param rows - The rows below the header (a sample is enough; none: headers only).
 * @param choices - The user's `FIELD=HEADER` choices (`col:C` by letter; a blank header clears the field).
 * @param accept - Apply the suggestions.
 * @returns The plan (a one-row-per-ticket export's time and state columns are the caller's to drop).
 * @example exportColumns(["Number", "Opened", "Resolved"]).suggestions.map((s) => s.field) // => ["opened", "resolved"]
 */
export function exportColumns(
  headers: readonly string[],
  rows: readonly (readonly unknown[])[] = [],
  choices: readonly ColumnChoice[] = [],
  accept = false,
): ColumnPlan<ExportField> {
  const plan = planColumns(headers, choices, EXPORT_FIELDS, EXPORT_SYNONYMS, false, ROW_FIELDS);
  // Only the ticket, the priority and the user's own choices keep a column from a row field's
  // suggestion: a history's time may well be the Opened column ("Created").
  const taken = new Set(
    (Object.entries(plan.mapping) as [ExportField, number][])
      .filter(([f]) => plan.source[f] === "chosen" || f === "ticket" || f === "priority")
      .map(([, c]) => c),
  );
  const open = ROW_FIELDS.filter((f) => plan.mapping[f] === undefined && !plan.cleared.includes(f));
  const named = exactColumns(headers, open, EXPORT_SYNONYMS, taken);
  const has = (f: ExportField) => plan.mapping[f] !== undefined || named[f] !== undefined;
  const shape = has("opened") && (has("resolved") || has("closed"));
  const rowOffers: ColumnSuggestion[] = shape
    ? (Object.entries(named) as [ExportField, number][]).map(([field, column]) => ({
        field,
        column,
        why: field === "hold_hours" ? paneMessages.holdSuggestion() : paneMessages.wideSuggestion(),
      }))
    : [];
  // The content of a column offered as a row field, or already mapped, suggests nothing more.
  const byContent = withTicketContent({ ...plan, suggestions: [...plan.suggestions, ...rowOffers] }, rows);
  const suggestions = [
    ...plan.suggestions,
    ...byContent.suggestions.slice(plan.suggestions.length + rowOffers.length),
    ...rowOffers,
  ];
  if (!accept) return { ...plan, suggestions };
  const mapping = { ...plan.mapping };
  const source = { ...plan.source };
  for (const s of suggestions) {
    mapping[s.field as ExportField] = s.column;
    source[s.field as ExportField] = "suggestion";
  }
  return { ...plan, mapping, source, suggestions: [] };
}

/**
 * The columns the headers (and a sample of the rows) decide for an export with no choice made
 * (see `exportColumns`): the task pane's mapping table starts from it.
 * @example autoExportPlan(["Number", "Opened", "Resolved"]).suggestions.map((s) => s.field) // => ["opened", "resolved"]
 */
export function autoExportPlan(
  headers: readonly string[],
  rows: readonly (readonly unknown[])[] = [],
): ColumnPlan<ExportField> {
  return exportColumns(headers, rows);
}

/** An export as the pane's mapping table reviews it. */
export interface ExportReview {
  /** The columns the clock would read. */
  readonly plan: ColumnPlan<ExportField>;
  /** One row per ticket (an Opened column mapped), or an event history. */
  readonly wide: boolean;
  /** The fields the table offers: all, or for one row per ticket all but the history's time and state. */
  readonly fields: readonly ExportField[];
  readonly preview: MappingPreview;
  /** The date order the times are read with, when one is settled for every time column. */
  readonly dateOrder?: DateOrder;
  /** Why the clock cannot run as mapped, one sentence each; empty when it can. */
  readonly blockers: string[];
}

/**
 * Reviews an export as the user has mapped it: its shape (mapping an Opened column makes each
 * row its ticket's events), the preview, and why the clock cannot run yet: a required column
 * unmapped, a column chosen for two fields, a one-row-per-ticket export without a Resolved or
 * Closed column, hours on hold in an event history, or times whose day/month order is not settled.
 * Cost: O(rows x mapped fields).
 * @param table - The export's header and rows.
 * @param state - The mapping being edited.
 * @param given - The date order chosen, if any.
 * @param label - A field's name for people.
 * @returns The review.
 * @example reviewExport(table, startMapping(autoExportPlan(table.headers))).blockers // => [] for a history with ticket, time and state columns
 */
export function reviewExport(
  table: PreviewTable,
  state: MappingState<ExportField>,
  given?: DateOrder,
  label: (field: ExportField) => string = (f) => f,
): ExportReview {
  const full = currentPlan(state, table.headers);
  const wide = WIDE_FIELDS.some((f) => full.mapping[f] !== undefined);
  // One row per ticket reads no time or state column: they neither show nor count as a column chosen twice.
  const plan = wide ? currentPlan(withoutHistoryFields(state), table.headers) : full;
  const { preview, orders } = previewExport(table, plan, wide, given);
  const blockers: string[] = [];
  if (preview.missing.length)
    blockers.push(paneMessages.requiredColumns(preview.missing.map((f) => label(f as ExportField))));
  for (const p of plan.problems) blockers.push(choiceBlocker(p, table.headers, label));
  if (wide && plan.mapping.resolved === undefined && plan.mapping.closed === undefined)
    blockers.push(paneMessages.wideNeedsStop(label("resolved"), label("closed")));
  if (!wide && plan.mapping.hold_hours !== undefined) blockers.push(paneMessages.holdNeedsOpened(label("opened")));
  // One order reads every time column (the clock takes one): given, or the one the columns show.
  let dateOrder: DateOrder | undefined = given;
  const unsettled = new Set<string>();
  for (const [field, inference] of Object.entries(orders) as [ExportField, OrderInference][]) {
    const column = `${label(field)} (column ${columnLetter(plan.mapping[field]!)})`;
    if (inference.kind === "ambiguous") blockers.push(paneMessages.datesAmbiguous(column, inference.example));
    else if (inference.kind === "contradictory")
      blockers.push(paneMessages.datesContradictory(column, inference.dmyExample, inference.mdyExample));
    else if (inference.kind === "inferred" && dateOrder !== undefined && dateOrder !== inference.order)
      blockers.push(paneMessages.ordersDiffer(column, inference.order, dateOrder));
    else if (inference.kind === "inferred") dateOrder = inference.order;
    if (inference.kind === "ambiguous" || inference.kind === "contradictory") unsettled.add(field);
  }
  // The preview's note names the command line's option; the pane names its own field.
  const fields = preview.fields.map((f) =>
    unsettled.has(f.field) ? { ...f, note: paneMessages.orderUnsettled() } : f,
  );
  const offered = wide ? EXPORT_FIELDS.filter((f) => f !== "time" && f !== "state") : EXPORT_FIELDS;
  return { plan, wide, fields: offered, preview: { ...preview, fields }, dateOrder, blockers };
}

/** The state without the history's own fields (time, state): what one row per ticket reads. */
function withoutHistoryFields(state: MappingState<ExportField>): MappingState<ExportField> {
  const drop = <T>(record: Partial<Record<ExportField, T>>) => {
    const out = { ...record };
    delete out.time;
    delete out.state;
    return out;
  };
  const auto = { ...state.auto, mapping: drop(state.auto.mapping), source: drop(state.auto.source) };
  return { auto, choices: drop(state.choices), accepted: state.accepted };
}
