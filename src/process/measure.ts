/**
 * Process latency per step, per group and per case, judged against the Tolerances table, and
 * the accountability gap: cases over their end-to-end target while every toleranced step (and
 * every toleranced group's holding time) was within its tolerance.
 */
import { MS_PER_HOUR } from "../calendar/instant";
import { HoldingEvent, holdingTimes } from "../tickets/groups";
import { stateKey } from "../tickets/states";
import { EventLog, OrderedLog } from "./log";
import { LatencyStats, latencyStats, toleranceMs } from "./stats";
import { ANY_ACTIVITY, ToleranceRow, Tolerances, endToEndTarget, stepTolerance } from "./tolerances";

/** How to measure. */
export interface ProcessOptions {
  /** The process of cases whose events carry none (the log has no process column). */
  readonly defaultProcess: string;
  /** Measure group holding times (the log has a group column). */
  readonly groups: boolean;
  /** The serial (local wall-clock time) of a time on the log's scale, for the sheets. */
  readonly toSerial: (ms: number) => number;
}

/** One kind of step (or, with From and To `*`, a process's end-to-end latency) and its statistics. */
export interface StepResult {
  readonly process: string;
  readonly from: string;
  readonly to: string;
  /** Cases with at least one such step. */
  readonly cases: number;
  readonly stats: LatencyStats;
  /** The tolerance row that applies, or null: untoleranced (measured, never given a guessed threshold). */
  readonly tolerance: ToleranceRow | null;
}

/** A group's holding time per case and its statistics. */
export interface GroupResult {
  readonly group: string;
  /** Statistics of the group's holding time per case (cases the group held). */
  readonly stats: LatencyStats;
  readonly toleranceHours: number | null;
  /** The group owns tolerance rows with different hours: measured, not judged. */
  readonly conflict: readonly number[] | null;
}

/** One case: a row of the Process Cases sheet. */
export interface CaseResult {
  readonly process: string;
  readonly case: string;
  readonly events: number;
  readonly first: number;
  readonly last: number;
  /** Null for a case of one event (no step). */
  readonly endToEndHours: number | null;
  readonly targetHours: number | null;
  readonly breached: boolean | null;
  /** The step furthest over its tolerance, else the longest step: "A → B"; null without steps. */
  readonly worstStep: string | null;
  readonly worstStepHours: number | null;
  readonly stepsOverTolerance: number;
  readonly groupsOverTolerance: number;
  readonly untolerancedSteps: number;
  /** Over the end-to-end target with every toleranced step and group within; null without a target. */
  readonly gap: boolean | null;
}

/** The end-to-end view of one process, with its accountability gap. */
export interface ProcessResult {
  readonly process: string;
  /** Cases with two events or more. */
  readonly cases: number;
  readonly targetHours: number | null;
  readonly breached: number;
  /** Cases over the end-to-end target with every toleranced step and group within. */
  readonly gap: number;
  /** `gap / cases` when there is a target, else null. */
  readonly gapShare: number | null;
  readonly endToEnd: StepResult;
}

/** Everything a log gives. */
export interface ProcessOutcome {
  readonly processes: ProcessResult[];
  readonly steps: StepResult[];
  readonly groups: GroupResult[];
  readonly cases: CaseResult[];
  /** Cases with a single event: listed, not measured. */
  readonly singleEventCases: number;
}

/** The text of a step. @example stepName("Opened", "Resolved") // => "Opened → Resolved" */
export function stepName(from: string, to: string): string {
  return `${from} → ${to}`;
}

/** The holding clock of a process log: it starts at a case's first event and never pauses or stops. */
const HOLDING = { startAtFirst: true } as const;

interface StepAcc {
  readonly process: string;
  readonly from: string;
  readonly to: string;
  readonly latencies: number[];
  cases: number;
  lastCase: number;
  readonly tolerance: ToleranceRow | null;
  readonly toleranceMs: number;
}

interface GroupAcc {
  readonly holdings: number[];
  readonly toleranceHours: number | null;
  readonly toleranceMs: number;
  readonly conflict: number[] | null;
}

/**
 * Measures a log. Cost: O(n) for n events plus O(s log s) to sort the s latencies of each
 * kind of step; one map lookup per step.
 * @param log - The events.
 * @param ordered - The events in case and time order with their clock (`orderLog`).
 * @param tolerances - The Tolerances table.
 * @param options - The default process, whether to measure groups, and the serial of a time.
 * @returns Statistics per process, step and group, and one row per case.
 * @example measureProcess(log, orderLog(log, reading), tolerances, options).processes[0].gap // => 1
 */
export function measureProcess(
  log: EventLog,
  ordered: OrderedLog,
  tolerances: Tolerances,
  options: ProcessOptions,
): ProcessOutcome {
  const { order, from: starts, clock } = ordered;
  const act = log.activityOf;
  const A = log.activities.length;
  const steps = new Map<number, StepAcc>();
  const processIds = new Map<string, number>();
  const processNames: string[] = [];
  const endToEnd: { latencies: number[]; target: ToleranceRow | null; breached: number; gap: number }[] = [];
  const groupAccs: (GroupAcc | undefined)[] = new Array(log.groups.length);
  const groupIds = new Map(log.groups.map((g, i) => [g, i]));
  const cases: CaseResult[] = [];
  let singleEventCases = 0;

  for (let c = 0; c + 1 < starts.length; c++) {
    const a = starts[c];
    const b = starts[c + 1];
    let process = options.defaultProcess;
    for (let k = a; k < b; k++) {
      const p = log.processOf[order[k]];
      if (p >= 0) {
        process = log.processes[p];
        break;
      }
    }
    const pKey = stateKey(process);
    let pid = processIds.get(pKey);
    if (pid === undefined) {
      pid = processNames.length;
      processIds.set(pKey, pid);
      processNames.push(process);
      endToEnd.push({ latencies: [], target: endToEndTarget(tolerances, process) ?? null, breached: 0, gap: 0 });
    }
    const e2e = endToEnd[pid];
    const first = log.times[order[a]];
    const lastTime = log.times[order[b - 1]];
    if (b - a < 2) {
      singleEventCases++;
      cases.push({
        process,
        case: log.cases[c],
        events: b - a,
        first: options.toSerial(first),
        last: options.toSerial(lastTime),
        endToEndHours: null,
        targetHours: e2e.target?.hours ?? null,
        breached: null,
        worstStep: null,
        worstStepHours: null,
        stepsOverTolerance: 0,
        groupsOverTolerance: 0,
        untolerancedSteps: 0,
        gap: null,
      });
      continue;
    }
    let over = 0;
    let untoleranced = 0;
    let worst = -1;
    let worstMs = -1;
    let worstOver = -1;
    let worstExcess = 0;
    for (let k = a; k + 1 < b; k++) {
      const s = act[order[k]];
      const t = act[order[k + 1]];
      const latency = clock[k + 1] - clock[k];
      const key = (pid * A + s) * A + t;
      let acc = steps.get(key);
      if (!acc) {
        const tol = stepTolerance(tolerances, process, log.activities[s], log.activities[t]) ?? null;
        acc = {
          process,
          from: log.activities[s],
          to: log.activities[t],
          latencies: [],
          cases: 0,
          lastCase: -1,
          tolerance: tol,
          toleranceMs: tol ? toleranceMs(tol.hours) : Infinity,
        };
        steps.set(key, acc);
      }
      acc.latencies.push(latency);
      if (acc.lastCase !== c) {
        acc.cases++;
        acc.lastCase = c;
      }
      if (acc.tolerance === null) untoleranced++;
      else if (latency > acc.toleranceMs) {
        over++;
        // The worst step is the one furthest over its tolerance; without one, the longest.
        if (latency - acc.toleranceMs > worstExcess) {
          worstExcess = latency - acc.toleranceMs;
          worstOver = k;
        }
      }
      if (latency > worstMs) {
        worstMs = latency;
        worst = k;
      }
    }
    // Group holding: the ticket clock's holding times (src/tickets/groups.ts), with the clock
    // running from the case's first event to its last (no pauses, no stops in a process log);
    // a blank group keeps the holder.
    let groupsOver = 0;
    if (options.groups) {
      const events: HoldingEvent[] = new Array(b - a);
      for (let k = a; k < b; k++) {
        const g = log.groupOf[order[k]];
        events[k - a] = { time: log.times[order[k]], holder: g < 0 ? null : log.groups[g], code: 0 };
      }
      for (const h of holdingTimes(events, ordered.reading, HOLDING)) {
        const g = groupIds.get(h.holder)!;
        let acc = groupAccs[g];
        if (!acc) {
          const owned = tolerances.byOwner.get(stateKey(h.holder));
          const hours = owned && "hours" in owned ? owned.hours : null;
          acc = {
            holdings: [],
            toleranceHours: hours,
            toleranceMs: hours === null ? Infinity : toleranceMs(hours),
            conflict: owned && "conflict" in owned ? owned.conflict : null,
          };
          groupAccs[g] = acc;
        }
        acc.holdings.push(h.heldMs);
        if (h.heldMs > acc.toleranceMs) groupsOver++;
      }
    }
    const w = worstOver >= 0 ? worstOver : worst;
    const total = clock[b - 1] - clock[a];
    e2e.latencies.push(total);
    const target = e2e.target;
    const breached = target ? total > toleranceMs(target.hours) : null;
    const gap = breached === null ? null : breached && over === 0 && groupsOver === 0;
    if (breached) e2e.breached++;
    if (gap) e2e.gap++;
    cases.push({
      process,
      case: log.cases[c],
      events: b - a,
      first: options.toSerial(first),
      last: options.toSerial(lastTime),
      endToEndHours: total / MS_PER_HOUR,
      targetHours: target?.hours ?? null,
      breached,
      worstStep: stepName(log.activities[act[order[w]]], log.activities[act[order[w + 1]]]),
      worstStepHours: (clock[w + 1] - clock[w]) / MS_PER_HOUR,
      stepsOverTolerance: over,
      groupsOverTolerance: groupsOver,
      untolerancedSteps: untoleranced,
      gap,
    });
  }

  const processes: ProcessResult[] = [];
  for (let pid = 0; pid < processNames.length; pid++) {
    const e2e = endToEnd[pid];
    if (e2e.latencies.length === 0) continue;
    const process = processNames[pid];
    const { breached, gap } = e2e;
    const stats = latencyStats(e2e.latencies, e2e.target?.hours ?? null);
    processes.push({
      process,
      cases: e2e.latencies.length,
      targetHours: e2e.target?.hours ?? null,
      breached,
      gap,
      gapShare: e2e.target ? gap / e2e.latencies.length : null,
      endToEnd: {
        process,
        from: ANY_ACTIVITY,
        to: ANY_ACTIVITY,
        cases: e2e.latencies.length,
        stats,
        tolerance: e2e.target,
      },
    });
  }
  const stepResults: StepResult[] = [...steps.values()].map((s) => ({
    process: s.process,
    from: s.from,
    to: s.to,
    cases: s.cases,
    stats: latencyStats(s.latencies, s.tolerance?.hours ?? null),
    tolerance: s.tolerance,
  }));
  const groups: GroupResult[] = [];
  groupAccs.forEach((g, i) => {
    if (!g) return;
    groups.push({
      group: log.groups[i],
      stats: latencyStats(g.holdings, g.toleranceHours),
      toleranceHours: g.toleranceHours,
      conflict: g.conflict,
    });
  });
  return { processes, steps: stepResults, groups, cases, singleEventCases };
}
