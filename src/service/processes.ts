/**
 * Business processes and what blocks them: the Processes and Dependencies sheets read into
 * plain data, and each process judged for a period from the service levels it depends on and,
 * where the steps command wrote a Process Cases sheet, from its cases' end-to-end latency.
 *
 * - Status (from the services): Red when a supporting critical service (one with a Significant
 *   Minimum) breached, Amber when any supporting service breached, else Green.
 * - Latency status (from the cases completed in the period): Red when more than
 *   {@link LATENCY_SHARES}.red of the cases with a target are over it, Amber when more than
 *   {@link LATENCY_SHARES}.amber are, else Green; none without cases.
 * - The process-level watermelon: Red or Amber on latency while every supporting service level
 *   met its Minimum: "no SLA missed, the process still failed".
 */
import { CellValue, textOf } from "../governance/model";
import { parseDate } from "../governance/values";
import { reviewMessages } from "../errors";
import { Money, ZERO, money, sumMoney, toNumber } from "../money";
import { ServiceFinding, TableColumn } from "./model";
import { periodOf } from "./period";
import { readNumber, readTable } from "./table";
import { CONTRACT_EXAMPLE } from "./examples";
import type { ServiceLine } from "./review";

/** The sheets of business processes. */
export const BUSINESS_PROCESS_SHEETS = {
  processes: "Processes",
  dependencies: "Dependencies",
  /** Written by the steps command (src/process): one row per case. */
  cases: "Process Cases",
} as const;

/** Processes: one row per business process (public layout: new columns only appended). */
export const PROCESS_COLUMNS = [
  { key: "id", header: "Process ID", kind: "text" },
  { key: "name", header: "Process", kind: "text" },
  { key: "owner", header: "Owner", kind: "text" },
  { key: "critical", header: "Critical", kind: "text" },
  { key: "valuePerHour", header: "Value per Hour", kind: "money", optional: true },
  { key: "targetHours", header: "End-to-End Target Hours", kind: "number", optional: true },
] as const satisfies readonly TableColumn[];

/** Dependencies: one row per service a process depends on. */
export const DEPENDENCY_COLUMNS = [
  { key: "processId", header: "Process ID", kind: "text" },
  { key: "serviceId", header: "Service ID", kind: "text" },
] as const satisfies readonly TableColumn[];

/**
 * Shares of cases over their end-to-end target above which latency is Amber and Red. Kept as
 * whole percentages so the sheet's formula compares exactly.
 */
export const LATENCY_SHARES = { amber: 0.05, red: 0.2 } as const;

/** One business process as read. */
export interface BusinessProcess {
  readonly row: number;
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly critical: boolean;
  readonly valuePerHour?: number;
  readonly targetHours?: number;
  /** The service levels it depends on, in Dependencies order. */
  readonly services: readonly string[];
}

/** One case of the Process Cases sheet, as the review needs it. */
export interface ProcessCase {
  /** The process name or ID as written, lower case. */
  readonly process: string;
  /** "YYYY-MM" of the case's last event; "" when the sheet has no Last Event. */
  readonly period: string;
  readonly hours?: number;
  readonly targetHours?: number;
  readonly breached?: boolean;
}

/** The processes of a workbook: definitions and cases. */
export interface ProcessBook {
  readonly processes: readonly BusinessProcess[];
  /** Undefined when the workbook has no Process Cases sheet. */
  readonly cases?: readonly ProcessCase[];
}

const YES = new Set(["yes", "y", "true", "x", "critical", "1"]);

/**
 * Reads the Processes, Dependencies and Process Cases sheets. Rows the review cannot use are
 * findings; nothing typed is changed. Cost: O(cells).
 * @returns The processes (empty without a Processes sheet).
 * @example readProcesses(gridOf, services, findings).processes[0].services // => ["SL-001", "SL-004"]
 */
export function readProcesses(
  gridOf: (sheet: string) => readonly (readonly CellValue[])[] | undefined,
  serviceIds: ReadonlySet<string>,
  findings: ServiceFinding[],
): ProcessBook {
  const P = BUSINESS_PROCESS_SHEETS.processes;
  const D = BUSINESS_PROCESS_SHEETS.dependencies;
  const grid = gridOf(P);
  if (!grid) return { processes: [] };
  const table = readTable(grid, PROCESS_COLUMNS, P, { example: CONTRACT_EXAMPLE.process, findings });
  const finding = (sheet: string, row: number, id: string, message: string, severity: "error" | "warning" = "error") =>
    findings.push({ code: "PROCESS_BAD_ROW", severity, sheet, row, id, message });
  if ("reasons" in table) {
    finding(P, 1, "", table.reasons.join(" "));
    return { processes: [] };
  }
  const byId = new Map<string, { p: Omit<BusinessProcess, "services">; services: string[] }>();
  for (const { row, cells } of table.rows) {
    const id = textOf(cells.id);
    if (!id) {
      finding(P, row, "", reviewMessages.processNoId(row), "warning");
      continue;
    }
    if (byId.has(id)) {
      finding(P, row, id, reviewMessages.processDuplicate(row, id));
      continue;
    }
    const numbers: { valuePerHour?: number; targetHours?: number } = {};
    for (const key of ["valuePerHour", "targetHours"] as const) {
      const n = readNumber(cells[key]);
      const header = PROCESS_COLUMNS.find((c) => c.key === key)!.header;
      if (n === "bad" || (typeof n === "number" && n < 0)) {
        finding(P, row, id, reviewMessages.processBadValue(row, id, header, cells[key]));
      } else if (n !== undefined) numbers[key] = n;
    }
    byId.set(id, {
      p: {
        row,
        id,
        name: textOf(cells.name) || id,
        owner: textOf(cells.owner),
        critical: YES.has(textOf(cells.critical).toLowerCase()),
        ...numbers,
      },
      services: [],
    });
  }
  const deps = readTable(gridOf(D), DEPENDENCY_COLUMNS, D, { example: CONTRACT_EXAMPLE.dependency, findings });
  if ("reasons" in deps) finding(D, 1, "", deps.reasons.join(" "));
  else {
    for (const { row, cells } of deps.rows) {
      const pid = textOf(cells.processId);
      const sid = textOf(cells.serviceId);
      const entry = byId.get(pid);
      if (!entry) finding(D, row, pid, reviewMessages.dependencyUnknownProcess(row, pid));
      else if (!serviceIds.has(sid)) finding(D, row, sid, reviewMessages.dependencyUnknownService(row, sid));
      else if (!entry.services.includes(sid)) entry.services.push(sid);
    }
  }
  return {
    processes: [...byId.values()].map(({ p, services }) => ({ ...p, services })),
    cases: readCases(gridOf(BUSINESS_PROCESS_SHEETS.cases)),
  };
}

/** Reads the Process Cases sheet by header text: Process, End-to-End Hours, Target Hours (or Target), Breached, Last Event. */
function readCases(grid: readonly (readonly CellValue[])[] | undefined): ProcessCase[] | undefined {
  if (!grid || !grid.length) return undefined;
  const header = (grid[0] ?? []).map((h) => textOf(h).toLowerCase());
  const col = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const process = col("process", "process id");
  if (process < 0) return undefined;
  const hours = col("end-to-end hours");
  const target = col("target hours", "target");
  const breached = col("breached");
  const last = col("last event");
  const cases: ProcessCase[] = [];
  for (let r = 1; r < grid.length; r++) {
    const line = grid[r] ?? [];
    const name = textOf(line[process] ?? null).toLowerCase();
    if (!name) continue;
    const h = hours < 0 ? undefined : readNumber(line[hours] ?? null);
    const t = target < 0 ? undefined : readNumber(line[target] ?? null);
    const b = breached < 0 ? null : (line[breached] ?? null);
    const lastSerial = last < 0 ? undefined : parseDate(line[last] ?? null);
    cases.push({
      process: name,
      period: lastSerial === undefined ? "" : (periodOf(Math.floor(lastSerial)) ?? ""),
      hours: typeof h === "number" ? h : undefined,
      targetHours: typeof t === "number" ? t : undefined,
      breached:
        typeof b === "boolean" ? b : /^(true|false)$/i.test(textOf(b)) ? textOf(b).toLowerCase() === "true" : undefined,
    });
  }
  return cases;
}

/** One process in the reviewed period. */
export interface ProcessLine {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly critical: boolean;
  readonly valuePerHour: number | null;
  readonly targetHours: number | null;
  /** The supporting service levels (on the Services sheet), in Dependencies order. */
  readonly services: readonly string[];
  /** The supporting service levels with a breach this period: "Blocked by". */
  readonly breached: readonly string[];
  /** Of those, the critical ones (with a Significant Minimum). */
  readonly criticalBreached: readonly string[];
  /** Supporting service levels that missed their Minimum. */
  readonly missedMinimum: number;
  /** Credits and SigMin penalties of the breached supporting services (before the month's cap). */
  readonly recovered: number;
  readonly status: "Red" | "Amber" | "Green";
  /** Cases completed in the period with a target (null without a Process Cases sheet or cases). */
  readonly cases: number | null;
  readonly casesOver: number | null;
  /** casesOver / cases. */
  readonly shareOver: number | null;
  readonly latencyStatus: "Red" | "Amber" | "Green" | null;
  /** Value per Hour x the hours over target of the period's cases; null without both. */
  readonly latencyCost: number | null;
  /** Red or Amber on latency while every supporting service level met its Minimum. */
  readonly watermelon: boolean;
}

/** The process-level watermelon line and the processes it names. */
export interface ProcessWatermelon {
  readonly processes: readonly string[];
  readonly line: string;
}

/**
 * Judges every process for a period from its supporting service lines and its cases. Cost:
 * O(processes x dependencies + cases).
 * @param book - The processes as read.
 * @param services - The period's service lines.
 * @param period - "YYYY-MM"; cases are counted when their last event falls in it (all cases when
 *   the sheet has no Last Event column).
 * @example processLines(book, review.services, "2026-05")[0].status // => "Red"
 */
export function processLines(book: ProcessBook, services: readonly ServiceLine[], period: string): ProcessLine[] {
  const byId = new Map(services.map((s) => [s.id, s]));
  const cases = new Map<string, ProcessCase[]>();
  for (const c of book.cases ?? []) {
    if (c.period && c.period !== period) continue;
    let list = cases.get(c.process);
    if (!list) cases.set(c.process, (list = []));
    list.push(c);
  }
  return book.processes.map((p) => {
    const lines = p.services.map((id) => byId.get(id)).filter((s): s is ServiceLine => s !== undefined);
    const breached = lines.filter((s) => s.breach !== null);
    const criticalBreached = breached.filter((s) => s.critical);
    const missedMinimum = lines.filter((s) => s.metMinimum === false).length;
    const recovered: Money = sumMoney(breached.map((s) => money(s.atRisk)));
    const own = [
      ...(cases.get(p.name.toLowerCase()) ?? []),
      ...(p.name.toLowerCase() !== p.id.toLowerCase() ? (cases.get(p.id.toLowerCase()) ?? []) : []),
    ];
    let judged = 0;
    let over = 0;
    let hoursOver: Money = ZERO;
    for (const c of own) {
      const target = c.targetHours ?? p.targetHours;
      const isOver = c.breached ?? (c.hours !== undefined && target !== undefined ? c.hours > target : undefined);
      if (isOver === undefined) continue;
      judged++;
      if (isOver) {
        over++;
        if (c.hours !== undefined && target !== undefined)
          hoursOver = hoursOver.plus(money(c.hours).minus(money(target)));
      }
    }
    const share = book.cases && judged ? over / judged : null;
    const latencyStatus =
      share === null ? null : share > LATENCY_SHARES.red ? "Red" : share > LATENCY_SHARES.amber ? "Amber" : "Green";
    return {
      id: p.id,
      name: p.name,
      owner: p.owner,
      critical: p.critical,
      valuePerHour: p.valuePerHour ?? null,
      targetHours: p.targetHours ?? null,
      services: lines.map((s) => s.id),
      breached: breached.map((s) => s.id),
      criticalBreached: criticalBreached.map((s) => s.id),
      missedMinimum,
      recovered: toNumber(recovered),
      status: criticalBreached.length ? "Red" : breached.length ? "Amber" : "Green",
      cases: book.cases && judged ? judged : null,
      casesOver: book.cases && judged ? over : null,
      shareOver: share,
      latencyStatus,
      latencyCost:
        share !== null && p.valuePerHour !== undefined ? toNumber(hoursOver.times(money(p.valuePerHour))) : null,
      watermelon: missedMinimum === 0 && (latencyStatus === "Red" || latencyStatus === "Amber"),
    };
  });
}

/**
 * The process-level watermelon line.
 * @example processWatermelon(lines).line // => "1 process: no SLA missed, the process still failed (Order-to-Cash)"
 */
export function processWatermelon(lines: readonly ProcessLine[]): ProcessWatermelon {
  const names = lines.filter((l) => l.watermelon).map((l) => l.name);
  return {
    processes: names,
    line: processWatermelonLine(names.length) + (names.length ? ` (${names.join(", ")})` : ""),
  };
}

/**
 * The sentence the Service Review sheet's formula builds from the count: the words for
 * the processes that failed with no SLA missed, and none claimed when there is none.
 * @example processWatermelonLine(1) // => "1 process: no SLA missed, the process still failed"
 * @example processWatermelonLine(0) // => "0 processes failed with every SLA met"
 */
export function processWatermelonLine(count: number): string {
  if (count === 0) return PROCESS_WATERMELON_NONE;
  return `${count} ${count === 1 ? "process" : "processes"}${PROCESS_WATERMELON_TEXT}`;
}

/** The line's words after the count, and the line when no process is a watermelon (one home: the sheet's formula uses them too). */
export const PROCESS_WATERMELON_TEXT = ": no SLA missed, the process still failed";
export const PROCESS_WATERMELON_NONE = "0 processes failed with every SLA met";
