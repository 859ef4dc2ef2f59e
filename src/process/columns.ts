/**
 * Which columns of a process event log hold the case, the activity, the time, the group and
 * the process, suggested from the headers: process-mining exports (Disco, ProM, pm4py's XES
 * names such as `case:concept:name`) and service-desk audit trails alike.
 */
import { CellValue } from "../governance/model";
import { HEADER_SEARCH_ROWS, findHeaderRow, resolveColumns } from "../governance/mapping";
import { ColumnPlan, headerScore } from "../import/columns";

/** The fields of an event-log row. */
export const PROCESS_FIELDS = ["case", "activity", "time", "group", "process"] as const;
export type ProcessField = (typeof PROCESS_FIELDS)[number];

/**
 * Header texts that suggest each field, best first, as the header folding leaves them
 * (lower case; `_ - . / :` as spaces): `case:concept:name` is "case concept name".
 */
export const PROCESS_SYNONYMS: Readonly<Record<ProcessField, readonly string[]>> = {
  case: ["case id", "case concept name", "caseid", "case key", "case number", "ticket", "number", "incident", "key"],
  activity: ["concept name", "activity name", "activityid", "activity id", "event name", "task", "step", "event"],
  time: [
    "complete timestamp",
    "time timestamp",
    "timestamp",
    "end timestamp",
    "completetimestamp",
    "event time",
    "date time",
    "datetime",
    "date",
  ],
  // A group holds the case: assignment groups first (OLA owners), then process-mining resources.
  group: ["assignment group", "workgroup", "work group", "org group", "team", "resource", "org resource"],
  process: ["process name", "process id", "case process"],
};

/** The fields a log cannot do without. */
export const REQUIRED_PROCESS_FIELDS: readonly ProcessField[] = ["case", "activity", "time"];

/**
 * The column of each field: exact headers applied, overridden by `FIELD=HEADER` choices; a
 * header that only starts with a synonym is a suggestion, applied with `acceptSuggestions`.
 * @returns The plan: the mapping, the suggestions and the problems with the choices (unknown field, header not found).
 * @example processColumns(["Case ID", "Activity", "Resource", "Complete Timestamp"], []).mapping // => { case: 0, activity: 1, time: 3, group: 2 }
 */
export function processColumns(
  headers: readonly string[],
  choices: readonly { field: string; header: string }[],
  acceptSuggestions = false,
): ColumnPlan<ProcessField> {
  return resolveColumns(headers, choices, PROCESS_FIELDS, PROCESS_SYNONYMS, acceptSuggestions);
}

/**
 * The header row of a log sheet: among the first rows, the one whose texts suggest the most
 * fields (a title above the table suggests none).
 * @returns The 0-based row, or undefined for a sheet with nothing in its first rows.
 * @example processHeaderRow([["Event log, 2024"], ["Case ID", "Activity", "Complete Timestamp"]]) // => 1
 */
export function processHeaderRow(grid: readonly (readonly CellValue[])[]): number | undefined {
  return findHeaderRow(grid, HEADER_SEARCH_ROWS, (texts) => headerScore(texts, PROCESS_FIELDS, PROCESS_SYNONYMS));
}
