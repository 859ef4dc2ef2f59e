/**
 * A ticket export held in memory (the task pane's selected table) fed to the clock as mapped:
 * an event history row by row (a process log's artificial START/END left out unless a state
 * list names them), or each row of a one-row-per-ticket export as its ticket's events, with its
 * hours on hold taken off the clock; and the check that what was measured means something (a
 * history whose every ticket has one event, or no ticket that ever started, is refused). Pure.
 */
import { CellValue } from "../governance/model";
import { paneMessages } from "../errors";
import { HistoryBuilder, Rejected, TicketRow } from "./measure";
import { TicketSettings } from "./options";
import { ExportField } from "./review";
import { WIDE_STATES, WideField, eachRowEvent, isArtificialEvent, readHoldHours } from "./wide";

/** The columns of an export by field (0-based), as the mapping table decided them. */
export type ExportColumns = Readonly<Partial<Record<ExportField, number>>>;

/**
 * The settings a run uses for the export's shape: one row per ticket starts its clock on
 * Opened, stops it on Resolved (or Closed) and answers it on Responded, as the command line's
 * `--opened` does; a history keeps the states typed. Inputs are not mutated.
 * @param settings - The settings typed.
 * @param wide - One row per ticket.
 * @param columns - The columns mapped (a Responded column answers the ticket).
 * @returns The settings of the run.
 * @example exportSettings({ start: "New", pause: "", stop: "Closed", targets: "" }, true, { opened: 1 }).start // => "Opened"
 */
export function exportSettings<T extends TicketSettings>(settings: T, wide: boolean, columns: ExportColumns): T {
  if (!wide) return settings;
  return {
    ...settings,
    start: WIDE_STATES.opened,
    pause: "",
    stop: [WIDE_STATES.resolved, WIDE_STATES.closed].join(", "),
    responseStates: columns.responded !== undefined ? WIDE_STATES.responded : settings.responseStates,
  };
}

/** What feeding an export saw: artificial events left out, the states met (for the shape check), bad hours on hold. */
export interface ExportFeed {
  readonly artificial: number;
  /** Up to 50 distinct states, trimmed, in order of appearance. */
  readonly states: string[];
  /** Cells of hours on hold that are not a duration (the ticket is measured without them). */
  readonly holdRejected: Rejected[];
}

/**
 * Feeds an export's rows to the clock as mapped. A history gives one event per row (START/END
 * left out unless `keepArtificial`); a one-row-per-ticket export gives each row's filled times
 * as its events (a row with none is still handed on, so a blank opened time is reported), with
 * the row's hours on hold, which come off the ticket's clock.
 * Cost: O(rows).
 * @param add - The builder's `add`.
 * @param rows - The data rows.
 * @param firstRow - The sheet row of `rows[0]`.
 * @param columns - The columns by field; `group` the assignment group's, if any.
 * @param wide - One row per ticket.
 * @param keepArtificial - A state list names START or END.
 * @returns What was seen.
 * @example feedExport(b.add, [["INC1", 45355.4, "New"]], 2, { ticket: 0, time: 1, state: 2 }, false, false).states // => ["New"]
 */
export function feedExport(
  add: HistoryBuilder["add"],
  rows: readonly (readonly CellValue[])[],
  firstRow: number,
  columns: ExportColumns & { readonly group?: number },
  wide: boolean,
  keepArtificial: boolean,
): ExportFeed {
  const t = columns.ticket!;
  const p = columns.priority ?? -1;
  const g = columns.group ?? -1;
  const groupOf = (record: readonly CellValue[]) => (g < 0 ? undefined : (record[g] ?? null));
  const h = columns.hold_hours ?? -1;
  const states = new Set<string>();
  const holdRejected: Rejected[] = [];
  let artificial = 0;
  rows.forEach((record, i) => {
    const row = firstRow + i;
    const priority = p < 0 ? null : (record[p] ?? null);
    if (wide) {
      const hours = h < 0 ? 0 : readHoldHours(record[h]);
      if (typeof hours !== "number") holdRejected.push({ row, reason: hours.reason });
      const hold = typeof hours === "number" ? hours : 0;
      const cell = (f: WideField) => (columns[f] === undefined ? undefined : record[columns[f]!]);
      const emit = (time: unknown, state: string) => add(row, record[t], time, state, priority, groupOf(record), hold);
      if (eachRowEvent(cell, emit) === 0) add(row, record[t], null, null, priority, groupOf(record), hold);
      return;
    }
    const state = record[columns.state!] ?? null;
    if (!keepArtificial && isArtificialEvent(state)) {
      artificial++;
      return;
    }
    if (states.size < 50 && typeof state === "string" && state.trim()) states.add(state.trim());
    add(row, record[t], record[columns.time!], state, priority, groupOf(record));
  });
  return { artificial, states: [...states], holdRejected };
}

/**
 * Why a measured export means nothing, or undefined when it means something: a history whose
 * every ticket has at most one event (a one-row-per-ticket export read as a history; the
 * Opened/Resolved suggestions named), or one where no ticket ever started. Cost: O(tickets).
 * @param events - Events read.
 * @param tickets - The tickets measured.
 * @param wide - One row per ticket.
 * @param start - The start states typed.
 * @param seen - The states met.
 * @param offered - The fields suggested for one row per ticket, by name.
 * @returns The refusal's sentence, or undefined.
 * @example exportShapeProblem(2, [ticketA, ticketB], false, "New", ["Closed"], ["Opened"]) // => "Every one of the 2 tickets has at most one event, ..."
 */
export function exportShapeProblem(
  events: number,
  tickets: readonly TicketRow[],
  wide: boolean,
  start: string,
  seen: readonly string[],
  offered: readonly string[],
): string | undefined {
  const n = tickets.length;
  if (n === 0) return undefined;
  if (!wide && events <= n) return paneMessages.oneEventPerTicket(n, offered);
  if (tickets.every((r) => r.state === "Not started")) return paneMessages.noneStarted(n, start, seen);
  return undefined;
}
