/**
 * Tolerance thresholds per step: the Tolerances table (a sheet of the governed workbook, or a
 * CSV) with columns Process, From Activity, To Activity, Tolerance Hours, Owner.
 *
 * - A row with From `*` and To `*` is the process's end-to-end target.
 * - A row with `*` on one side is every step out of (or into) the other side's activity.
 * - A blank Process applies to every process; a row naming the process wins over it.
 * - A row whose Owner names a group of the log is also that group's holding-time tolerance.
 * Activities, processes and owners match trimmed and in any case.
 */
import { CellValue } from "../governance/model";
import { suggestColumns } from "../governance/mapping";
import { processMessages } from "../errors";
import { stateKey } from "../tickets/states";

/** The wildcard of a From or To cell. */
export const ANY_ACTIVITY = "*";

/** The Tolerances table's columns, in the order a new table gets them. */
export const TOLERANCE_HEADERS = ["Process", "From Activity", "To Activity", "Tolerance Hours", "Owner"] as const;

const FIELDS = ["process", "from", "to", "hours", "owner"] as const;
type ToleranceField = (typeof FIELDS)[number];
const SYNONYMS: Readonly<Record<ToleranceField, readonly string[]>> = {
  process: ["process name"],
  from: ["from activity", "from step", "from state"],
  to: ["to activity", "to step", "to state"],
  hours: ["tolerance hours", "tolerance", "threshold hours", "threshold", "hours"],
  owner: ["owner", "group", "vendor", "team", "accountable"],
};

/** One tolerance row as read. */
export interface ToleranceRow {
  /** The row as the user sees it (1-based, the header counting). */
  readonly row: number;
  readonly process: string;
  readonly from: string;
  readonly to: string;
  readonly hours: number;
  readonly owner: string;
}

/** A tolerance row that cannot be used, with why. */
export interface ToleranceProblem {
  readonly row: number;
  readonly reason: string;
}

/** The tolerance rows, indexed for lookups. */
export interface Tolerances {
  readonly rows: readonly ToleranceRow[];
  /** Process names the rows give (non-blank, first spelling, in table order). */
  readonly processes: readonly string[];
  /** Row by folded `process \0 from \0 to`. */
  readonly byKey: ReadonlyMap<string, ToleranceRow>;
  /** Holding-time tolerance by folded owner: hours, or the different hours its rows give. */
  readonly byOwner: ReadonlyMap<string, { owner: string; hours: number } | { owner: string; conflict: number[] }>;
}

const keyOf = (process: string, from: string, to: string) =>
  `${stateKey(process)}\u0000${stateKey(from)}\u0000${stateKey(to)}`;

function cellText(value: CellValue | undefined): string {
  return value === null || value === undefined ? "" : String(value).trim();
}

/** Hours as a cell gives them: a number, or text such as "1.5"; undefined when not hours. */
function hoursOf(value: CellValue | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const text = cellText(value);
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads the Tolerances table. The header is the first of the first 20 rows that names the
 * From Activity, To Activity and Tolerance Hours columns. Blank rows are skipped.
 * Cost: O(rows).
 * @param grid - The table's cells, row by row (a sheet's grid or a parsed CSV).
 * @returns The tolerances, or the problems (no header; a row with a blank activity, hours that
 *   are not a number of 0 or more, or the same step twice).
 * @example
 * readTolerances([["Process", "From Activity", "To Activity", "Tolerance Hours", "Owner"], ["Incident", "*", "*", 8, "Service desk"]]).rows[0].hours // => 8
 */
export function readTolerances(grid: readonly (readonly CellValue[])[]): Tolerances | { problems: ToleranceProblem[] } {
  let header = -1;
  let mapping: Partial<Record<ToleranceField, number>> = {};
  for (let r = 0; r < Math.min(grid.length, 20) && header < 0; r++) {
    const m = suggestColumns(grid[r].map(cellText), FIELDS, SYNONYMS);
    if (m.from !== undefined && m.to !== undefined && m.hours !== undefined) {
      header = r;
      mapping = m;
    }
  }
  if (header < 0) return { problems: [{ row: 1, reason: processMessages.noToleranceHeader() }] };
  const at = (line: readonly CellValue[], field: ToleranceField) =>
    mapping[field] === undefined ? undefined : line[mapping[field]!];
  const rows: ToleranceRow[] = [];
  const problems: ToleranceProblem[] = [];
  const byKey = new Map<string, ToleranceRow>();
  const processes = new Map<string, string>();
  for (let r = header + 1; r < grid.length; r++) {
    const line = grid[r];
    const [process, from, to, owner] = (["process", "from", "to", "owner"] as const).map((f) => cellText(at(line, f)));
    const rawHours = at(line, "hours");
    if (process === "" && from === "" && to === "" && owner === "" && cellText(rawHours) === "") continue;
    const row = r + 1;
    const reasons: string[] = [];
    if (from === "") reasons.push(processMessages.blankTolerance("From Activity"));
    if (to === "") reasons.push(processMessages.blankTolerance("To Activity"));
    const hours = hoursOf(rawHours);
    if (hours === undefined) reasons.push(processMessages.badToleranceHours(cellText(rawHours)));
    const key = keyOf(process, from, to);
    const before = byKey.get(key);
    if (before && reasons.length === 0) reasons.push(processMessages.repeatedTolerance(before.row));
    if (reasons.length) {
      problems.push({ row, reason: reasons.join(" ") });
      continue;
    }
    const t: ToleranceRow = { row, process, from, to, hours: hours!, owner };
    rows.push(t);
    byKey.set(key, t);
    if (process !== "" && !processes.has(stateKey(process))) processes.set(stateKey(process), process);
  }
  if (problems.length) return { problems };
  const byOwner = new Map<string, { owner: string; hours: number } | { owner: string; conflict: number[] }>();
  for (const t of rows) {
    if (t.owner === "" || (t.from === ANY_ACTIVITY && t.to === ANY_ACTIVITY)) continue;
    const k = stateKey(t.owner);
    const seen = byOwner.get(k);
    if (!seen) byOwner.set(k, { owner: t.owner, hours: t.hours });
    else if ("hours" in seen && seen.hours !== t.hours)
      byOwner.set(k, { owner: seen.owner, conflict: [seen.hours, t.hours] });
    else if ("conflict" in seen && !seen.conflict.includes(t.hours)) seen.conflict.push(t.hours);
  }
  return { rows, processes: [...processes.values()], byKey, byOwner };
}

/** True for a result of `readTolerances` that is a list of problems. */
export function isToleranceProblems(value: Tolerances | { problems: ToleranceProblem[] }): value is {
  problems: ToleranceProblem[];
} {
  return "problems" in value;
}

/**
 * The tolerance row of a step: the row for the process, else a row with a blank Process; in
 * each, the exact step first, then `from -> *`, then `* -> to`. Cost: up to six map lookups.
 * @returns The row, or undefined for an untoleranced step (never a guessed threshold).
 * @example stepTolerance(t, "Incident", "Opened", "Assigned")?.hours // => 2
 */
export function stepTolerance(t: Tolerances, process: string, from: string, to: string): ToleranceRow | undefined {
  for (const p of stateKey(process) === "" ? [""] : [process, ""]) {
    const row =
      t.byKey.get(keyOf(p, from, to)) ??
      t.byKey.get(keyOf(p, from, ANY_ACTIVITY)) ??
      t.byKey.get(keyOf(p, ANY_ACTIVITY, to));
    if (row) return row;
  }
  return undefined;
}

/**
 * The end-to-end target of a process: its `*`/`*` row, else a `*`/`*` row with a blank Process.
 * @example endToEndTarget(t, "Incident")?.hours // => 8
 */
export function endToEndTarget(t: Tolerances, process: string): ToleranceRow | undefined {
  return t.byKey.get(keyOf(process, ANY_ACTIVITY, ANY_ACTIVITY)) ?? t.byKey.get(keyOf("", ANY_ACTIVITY, ANY_ACTIVITY));
}
