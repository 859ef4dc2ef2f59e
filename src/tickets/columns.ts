/**
 * Which columns of a service desk's export hold the ticket, the time, the state and the
 * priority, suggested from the headers as the upgrade suggests register columns.
 */
import { CellValue } from "../governance/model";
import { HEADER_SEARCH_ROWS, findHeaderRow, resolveColumns } from "../governance/mapping";
import { ColumnPlan, headerScore } from "../import/columns";
import { codesKind, ContentKind, datesKind, shareFits, withContentSuggestions } from "../import/content";
import { ON_HOLD_SYNONYMS, WIDE_FIELDS, WIDE_SYNONYMS } from "./wide";

/** The fields of a ticket history row. */
export const TICKET_FIELDS = ["ticket", "time", "state", "priority"] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** Header texts (folded) that suggest each field, best first (ServiceNow, Jira Service Management and plain exports). */
export const TICKET_SYNONYMS: Readonly<Record<TicketField, readonly string[]>> = {
  ticket: [
    "number",
    "key",
    "incident",
    "issue key",
    "ticket id",
    "ticket number",
    "incident number",
    "issue",
    "id",
    // Process-mining logs (Disco, ProM; XES's case:concept:name folds to "case concept name").
    "case id",
    "case concept name",
    "case",
  ],
  time: [
    "timestamp",
    "updated",
    "created",
    "sys updated on",
    "updated on",
    "changed",
    "event time",
    "date",
    "complete timestamp",
    "time timestamp",
    "end timestamp",
  ],
  state: ["status", "new state", "to status", "new status", "new value", "activity", "concept name", "activity name"],
  priority: ["urgency", "severity", "prio"],
};

/** Every field of an export the mapping table offers: a history's, then a one-row-per-ticket export's. */
export const EXPORT_FIELDS = [...TICKET_FIELDS, ...WIDE_FIELDS, "hold_hours"] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

/**
 * Folded headers that name each field of an export. A one-row-per-ticket export's are never
 * applied from them, only suggested (see `exportColumns` in ./review.ts); they still say which
 * row of a sheet is its header row.
 */
export const EXPORT_SYNONYMS: Readonly<Record<ExportField, readonly string[]>> = {
  ...TICKET_SYNONYMS,
  ...WIDE_SYNONYMS,
  hold_hours: ON_HOLD_SYNONYMS,
};

/** The fields a history cannot do without. */
export const REQUIRED_TICKET_FIELDS: readonly TicketField[] = ["ticket", "time", "state"];

/**
 * The column of each field: suggested from the headers, overridden by `FIELD=HEADER` choices.
 * @returns The mapping and the problems with the choices (unknown field, header not found).
 * @example ticketColumns(["Number", "Priority", "State", "Updated"], []).mapping // => { ticket: 0, priority: 1, state: 2, time: 3 }
 */
export function ticketColumns(
  headers: readonly string[],
  choices: readonly { field: string; header: string }[],
  acceptSuggestions = false,
): ColumnPlan<TicketField> {
  return resolveColumns(headers, choices, TICKET_FIELDS, TICKET_SYNONYMS, acceptSuggestions);
}

/** A priority as service desks write it: P1, "1 - Critical", "Priority 2", or a word of the usual scales. */
const PRIORITY =
  /^(p\s*[0-5]|[0-5]\s*-\s*\w+|priority\s*[0-5]|critical|urgent|high|medium|moderate|normal|low|planning)$/i;

/** What a history column's content suggests when no header names its field (src/import/content.ts, as the upgrade's). */
const TICKET_CONTENT_KINDS: readonly ContentKind<TicketField>[] = [
  {
    name: "priorities",
    fields: ["priority"],
    fits: shareFits((v) => typeof v === "string" && PRIORITY.test(v.trim())),
  },
  datesKind(["time"], true),
  codesKind(["ticket"], false),
];

/**
 * A history's plan with its content suggestions (shown, never applied): a column of times for
 * an unmapped time, of priorities (P1, "2 - High") for the priority, of codes (INC0012) for the
 * ticket. Cost: O(cells), each column's first 200 values sampled.
 * @param plan - The plan from the headers (`ticketColumns`).
 * @param rows - The export's rows below its header.
 * @example withTicketContent(ticketColumns(["Ref", "When", "Status"], []), [["INC1", "2024-03-04 09:00", "New"], ...]).suggestions // => [{ field: "time", column: 1, ... }, { field: "ticket", column: 0, ... }]
 */
export function withTicketContent<F extends string>(
  plan: ColumnPlan<F>,
  rows: readonly (readonly unknown[])[],
): ColumnPlan<F> {
  // The kinds feed history fields only, which every plan of an export has among its fields.
  return withContentSuggestions(
    plan,
    rows,
    TICKET_CONTENT_KINDS as readonly ContentKind<string>[] as readonly ContentKind<F>[],
    false,
  );
}

/** A one-row-per-ticket export's fields, as they score a header row. */
const ROW_SCORED = [...WIDE_FIELDS, "hold_hours"] as const;

/**
 * The header row of an export sheet: among the first rows, the one whose texts suggest the
 * most fields of an export, a history's, and a one-row-per-ticket export's when at least two
 * of them are named (Opened and Resolved): a data row's one state word ("Resolved", "Closed")
 * is no header, and a title above the table suggests none.
 * Cost: O(rows x fields x synonyms x headers) over the first HEADER_SEARCH_ROWS rows.
 * @returns The 0-based row, or undefined for a sheet with nothing in its first rows.
 * @example ticketHeaderRow([["Incidents, March"], ["Number", "State", "Updated"]]) // => 1
 * @example ticketHeaderRow([["Incidents, March"], ["Ref", "Opened", "Resolved"], ["A", "Resolved", ""]]) // => 1
 */
export function ticketHeaderRow(grid: readonly (readonly CellValue[])[]): number | undefined {
  return findHeaderRow(grid, HEADER_SEARCH_ROWS, (texts) => {
    const history = headerScore(texts, TICKET_FIELDS, TICKET_SYNONYMS);
    const rowFields = headerScore(texts, ROW_SCORED, EXPORT_SYNONYMS);
    // Exact matches count two: at least two named columns of one row per ticket.
    return history + (rowFields >= 4 ? rowFields : 0);
  });
}

/** The tickets a comeback watch has seen finished: a Set, or a set kept out of memory for a large export. */
export interface TicketSet {
  has(ticket: string): boolean;
  add(ticket: string): void;
}

/**
 * Watches an export's ticket cells one at a time for the first row whose ticket already
 * appeared before another ticket's rows (tickets compared trimmed, as the clock keys them;
 * blank cells skipped). Cost: O(1) a cell, plus the set's.
 * @param done - Where finished tickets are kept (a Set unless given).
 * @returns A function of the next cell: true when its ticket comes back.
 * @example const back = comebackWatch(); ["INC1", "INC2", "INC1"].map(back) // => [false, false, true]
 */
export function comebackWatch(done: TicketSet = new Set<string>()): (cell: unknown) => boolean {
  let current: string | undefined;
  return (cell) => {
    const ticket = cell === null || cell === undefined ? "" : String(cell).trim();
    if (ticket === "" || ticket === current) return false;
    if (done.has(ticket)) return true;
    if (current !== undefined) done.add(current);
    current = ticket;
    return false;
  };
}

/**
 * Where an export stops listing each ticket's rows together: the position (0-based) of the
 * first row whose ticket already appeared before another ticket's rows, or -1 when every
 * ticket's rows are together (as ServiceNow writes a history). See `comebackWatch`.
 * Cost: O(rows), a set of the tickets.
 * @example firstComeback(["INC1", "INC1", "INC2", "INC1"]) // => 3
 * @example firstComeback(["INC1", "INC1", "INC2"]) // => -1
 */
export function firstComeback(tickets: Iterable<unknown>): number {
  const back = comebackWatch();
  let i = -1;
  for (const cell of tickets) {
    i++;
    if (back(cell)) return i;
  }
  return -1;
}
