/**
 * The sheets the steps command writes, as plans for the adapters: Process Latency (one row
 * per step, with each process's end-to-end row and its accountability gap first), Step Group
 * Time (one row per group) and Process Cases (one row per case). Plain values only; each is
 * replaced on every run.
 *
 * The group sheet is called "Step Group Time", not "Group Time": the tickets command writes a
 * per-ticket "Group Time" sheet, and both may live in one governed workbook.
 */
import { present } from "../governance/present";
import { PlannedCell, SheetPlan } from "../governance/plan";
import { CaseResult, GroupResult, ProcessOutcome, StepResult } from "./measure";

/** The sheets written. */
export const PROCESS_SHEETS = {
  latency: "Process Latency",
  groups: "Step Group Time",
  cases: "Process Cases",
  tolerances: "Tolerances",
} as const;

/** The Process Latency sheet's columns (public layout: new columns only appended). */
export const LATENCY_HEADERS = [
  "Process",
  "From Activity",
  "To Activity",
  "Cases",
  "Steps",
  "Mean Hours",
  "Median Hours",
  "P90 Hours",
  "P95 Hours",
  "Max Hours",
  "Tolerance Hours",
  "Owner",
  "Within Share",
  "Breaches",
  "Gap Cases",
  "Gap Share",
  "Note",
] as const;

/** The Step Group Time sheet's columns. */
export const GROUP_HEADERS = [
  "Group",
  "Cases",
  "Mean Hours",
  "Median Hours",
  "P90 Hours",
  "P95 Hours",
  "Max Hours",
  "Tolerance Hours",
  "Within Share",
  "Breaches",
  "Note",
] as const;

/** The Process Cases sheet's columns. */
export const CASE_HEADERS = [
  "Process",
  "Case",
  "Events",
  "First Event",
  "Last Event",
  "End-to-End Hours",
  "Target Hours",
  "Breached",
  "Worst Step",
  "Worst Step Hours",
  "Steps Over Tolerance",
  "Groups Over Tolerance",
  "Untoleranced Steps",
  "Accountability Gap",
] as const;

/** Notes of the Note columns. */
export const NOTES = {
  endToEnd: "end to end (first event to last)",
  untoleranced: "untoleranced: measured, no tolerance row",
  noGroupTolerance: "no tolerance row names this group as Owner",
  conflict: (hours: readonly number[]) => `not judged: its tolerance rows give different hours (${hours.join(", ")})`,
} as const;

function stepCells(s: StepResult, gap: [number | null, number | null], note: string | null): PlannedCell[] {
  const t = s.stats;
  return [
    s.process || null,
    s.from,
    s.to,
    s.cases,
    t.count,
    t.meanHours,
    t.medianHours,
    t.p90Hours,
    t.p95Hours,
    t.maxHours,
    s.tolerance?.hours ?? null,
    s.tolerance?.owner || null,
    t.withinShare,
    t.breaches,
    gap[0],
    gap[1],
    note,
  ];
}

/**
 * The Process Latency sheet: per process its end-to-end row (From and To `*`, with the
 * accountability gap's count and share), then its steps in order of first appearance.
 * Cost: O(steps).
 * @example latencyPlan(outcome).cells[1] // => the first process's end-to-end row
 */
export function latencyPlan(outcome: ProcessOutcome): SheetPlan {
  const cells: PlannedCell[][] = [[...LATENCY_HEADERS]];
  for (const p of outcome.processes) {
    cells.push(stepCells(p.endToEnd, p.targetHours === null ? [null, null] : [p.gap, p.gapShare], NOTES.endToEnd));
    for (const s of outcome.steps) {
      if (s.process === p.process) cells.push(stepCells(s, [null, null], s.tolerance ? null : NOTES.untoleranced));
    }
  }
  const last = Math.max(2, cells.length);
  return present({
    name: PROCESS_SHEETS.latency,
    replace: true,
    cells,
    headerRows: [0],
    freezeRows: 1,
    formats: [
      { range: `F2:K${last}`, format: "0.00" },
      { range: `M2:M${last}`, format: "0.0%" },
      { range: `P2:P${last}`, format: "0.0%" },
    ],
    columnWidths: [16, 22, 22, 8, 8, 11, 12, 10, 10, 10, 15, 16, 12, 10, 10, 10, 36],
  });
}

/**
 * The Step Group Time sheet: one row per group, the statistics of its holding time per case.
 * @example groupsPlan(outcome.groups).cells.length // => groups + 1
 */
export function groupsPlan(groups: readonly GroupResult[]): SheetPlan {
  const cells: PlannedCell[][] = [[...GROUP_HEADERS]];
  for (const g of groups) {
    const t = g.stats;
    cells.push([
      g.group,
      t.count,
      t.meanHours,
      t.medianHours,
      t.p90Hours,
      t.p95Hours,
      t.maxHours,
      g.toleranceHours,
      t.withinShare,
      t.breaches,
      g.conflict ? NOTES.conflict(g.conflict) : g.toleranceHours === null ? NOTES.noGroupTolerance : null,
    ]);
  }
  const last = Math.max(2, cells.length);
  return present({
    name: PROCESS_SHEETS.groups,
    replace: true,
    cells,
    headerRows: [0],
    freezeRows: 1,
    formats: [
      { range: `C2:H${last}`, format: "0.00" },
      { range: `I2:I${last}`, format: "0.0%" },
    ],
    columnWidths: [20, 8, 11, 12, 10, 10, 10, 15, 12, 10, 40],
  });
}

/**
 * The Process Cases sheet: one row per case. Cost: O(cases).
 * @example casesPlan(outcome.cases).cells[1][1] // => the first case's key
 */
export function casesPlan(cases: readonly CaseResult[]): SheetPlan {
  const cells: PlannedCell[][] = new Array(cases.length + 1);
  cells[0] = [...CASE_HEADERS];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    cells[i + 1] = [
      c.process || null,
      c.case,
      c.events,
      c.first,
      c.last,
      c.endToEndHours,
      c.targetHours,
      c.breached,
      c.worstStep,
      c.worstStepHours,
      c.stepsOverTolerance,
      c.groupsOverTolerance,
      c.untolerancedSteps,
      c.gap,
    ];
  }
  const last = Math.max(2, cases.length + 1);
  return present({
    name: PROCESS_SHEETS.cases,
    replace: true,
    cells,
    headerRows: [0],
    freezeRows: 1,
    formats: [
      { range: `D2:E${last}`, format: "yyyy-mm-dd hh:mm" },
      { range: `F2:G${last}`, format: "0.00" },
      { range: `J2:J${last}`, format: "0.00" },
    ],
    columnWidths: [16, 18, 8, 17, 17, 16, 13, 10, 34, 16, 20, 21, 19, 19],
  });
}
