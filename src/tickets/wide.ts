/**
 * One-row-per-ticket exports (the usual ServiceNow list, Jira and help-desk exports): each row
 * holds a ticket's opened, responded, resolved and closed times and no event history. Each row
 * becomes its ticket's events, in states the clock knows: Opened starts, Responded answers
 * (the response clock stops on it), Resolved stops; Closed stops when there is no Resolved.
 * Also: the artificial START/END events of process-mining logs, which are no states.
 */
import { exactColumns } from "../import/columns";
import { ticketMessages } from "../errors";

/** The time columns of a one-row-per-ticket export. */
export const WIDE_FIELDS = ["opened", "responded", "resolved", "closed"] as const;
export type WideField = (typeof WIDE_FIELDS)[number];

/** Folded headers that suggest each column (ServiceNow, Jira, Zendesk, Freshdesk and plain exports). */
export const WIDE_SYNONYMS: Readonly<Record<WideField, readonly string[]>> = {
  opened: [
    "opened",
    "opened at",
    "created",
    "created at",
    "created date",
    "open date",
    "date opened",
    "submitted",
    "reported",
  ],
  responded: [
    "response date",
    "responded",
    "responded at",
    "first response",
    "first response time",
    "first responded at",
    "first reply time",
  ],
  resolved: ["resolved", "resolved at", "resolution date", "resolved date", "date resolved", "solved at", "solved"],
  closed: ["closed", "closed at", "closed date", "date closed", "close date"],
};

/** The state each column's time becomes. */
export const WIDE_STATES: Readonly<Record<WideField, string>> = {
  opened: "Opened",
  responded: "Responded",
  resolved: "Resolved",
  closed: "Closed",
};

/**
 * The wide columns the headers name exactly (for the message that suggests `--opened` and
 * `--resolved` when an export turns out to have one row per ticket). Cost: O(fields x headers).
 * @example suggestWideColumns(["Number", "Opened", "Resolved"]) // => { opened: 1, resolved: 2 }
 */
export function suggestWideColumns(headers: readonly string[]): Partial<Record<WideField, number>> {
  return exactColumns(headers, WIDE_FIELDS, WIDE_SYNONYMS);
}

/**
 * The events of one row: a [time, state] pair per filled time column, Closed only when the row
 * has no Resolved time (a closure after the resolution is not a new stop). Cost: O(1).
 * @param cells - The row's time cells by field (undefined for a column not given).
 * @returns The events, in the order opened, responded, resolved, closed.
 * @example rowEvents({ opened: "2024-03-04 09:00", resolved: "2024-03-04 11:00" }) // => [["2024-03-04 09:00", "Opened"], ["2024-03-04 11:00", "Resolved"]]
 */
export function rowEvents(cells: Partial<Record<WideField, unknown>>): [unknown, string][] {
  const out: [unknown, string][] = [];
  eachRowEvent(
    (field) => cells[field],
    (time, state) => out.push([time, state]),
  );
  return out;
}

/**
 * As `rowEvents`, without an array per row (a million-row export): each event handed to `emit`
 * in order, the cells read through `cell`. Cost: O(1).
 * @param cell - The row's cell of a time column (undefined for a column not given).
 * @param emit - Takes each event's time and state.
 * @returns How many events the row gave.
 * @example eachRowEvent((f) => (f === "opened" ? "2024-03-04 09:00" : undefined), console.log) // => 1 (logs the time and "Opened")
 */
export function eachRowEvent(
  cell: (field: WideField) => unknown,
  emit: (time: unknown, state: string) => void,
): number {
  let n = 0;
  for (const field of WIDE_FIELDS) {
    const v = cell(field);
    if (!filled(v)) continue;
    if (field === "closed" && filled(cell("resolved"))) continue;
    emit(v, WIDE_STATES[field]);
    n++;
  }
  return n;
}

/** A cell that holds something (not blank, not spaces). */
const filled = (v: unknown) => v !== null && v !== undefined && !(typeof v === "string" && v.trim() === "");

/** Folded headers of a column of hours a ticket spent on hold (ServiceNow's "On hold duration", help desks' "Time on hold"). */
export const ON_HOLD_SYNONYMS: readonly string[] = [
  "on hold duration",
  "on hold hours",
  "hours on hold",
  "on hold time",
  "time on hold",
  "hold duration",
  "hold time",
  "pending duration",
  "time pending",
];

/**
 * The column of hours on hold the headers name exactly, for the preview's suggestion of
 * `--on-hold-hours`. Cost: O(synonyms x headers).
 * @example suggestOnHoldColumn(["Number", "Opened", "On hold duration"]) // => 2
 */
export function suggestOnHoldColumn(headers: readonly string[]): number | undefined {
  return exactColumns(headers, ["hold_hours"], { hold_hours: ON_HOLD_SYNONYMS }).hold_hours;
}

/** Units of a written duration ("1 Day 2 Hours 30 Minutes", ServiceNow's display form), in hours. */
const DURATION_UNITS: Readonly<Record<string, number>> = { d: 24, h: 1, m: 1 / 60, s: 1 / 3600 };

/**
 * Reads a cell of hours on hold: a number of hours (2.5, or "2,5"), H:MM or H:MM:SS, or a
 * written duration such as "1 Day 2 Hours 30 Minutes"; a blank is 0. Cost: O(length).
 * @returns The hours (never negative), or the reason the cell is not a duration.
 * @example readHoldHours("1:30") // => 1.5
 */
export function readHoldHours(value: unknown): number | { reason: string } {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : { reason: bad(value) };
  const text = String(value).trim();
  if (text === "") return 0;
  if (/^\d+([.,]\d+)?$/.test(text)) return Number(text.replace(",", "."));
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (clock) return Number(clock[1]) + Number(clock[2]) / 60 + Number(clock[3] ?? 0) / 3600;
  const parts = [
    ...text.toLowerCase().matchAll(/(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/g),
  ];
  const rest = text
    .toLowerCase()
    .replace(/(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/g, "");
  if (parts.length && rest.replace(/[\s,]+/g, "") === "")
    return parts.reduce((sum, p) => sum + Number(p[1]) * DURATION_UNITS[p[2][0]], 0);
  return { reason: bad(value) };
}

const bad = (value: unknown) => ticketMessages.badHoldHours(String(value));

/** Activities that process-mining tools add at the start and end of every case; no service state. */
const ARTIFICIAL = new Set(["start", "end", "__start__", "__end__", "[start]", "[end]", "▶", "■"]);

/**
 * True for an artificial START/END event of a process-mining log (never a state change: an END
 * after the resolution is not a reopen). Cost: O(length).
 * @example isArtificialEvent(" END ") // => true
 */
export function isArtificialEvent(state: unknown): boolean {
  return typeof state === "string" && ARTIFICIAL.has(state.trim().toLowerCase());
}
