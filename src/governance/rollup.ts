/**
 * Dual status per measure and the roll-up of every item of every level.
 */
import { Money, ZERO, toNumber, money } from "../money";
import { isFailure } from "../errors";
import { DUAL_STATUSES, DualStatus, dualStatus } from "../status/dualStatus";
import { implementationStatus } from "../status/implStatus";
import { potentialStatus } from "../status/potentialStatus";
import { Rag, worstRag } from "../status/rag";
import { Level, RegisterRow, textOf } from "./model";
import { chainOf, indexById, levelOf } from "./register";
import { parseAmount, parseDate } from "./values";

/** The statuses of one measure; "" where the register lacks what a status needs. */
export interface MeasureStatus {
  readonly implementation: Rag | "";
  readonly potential: Rag | "";
  readonly dualStatus: DualStatus | "";
}

/**
 * Statuses of one measure as of a date (a serial): implementation from its milestone,
 * potential from planned versus forecast savings, and their dual status.
 * @example measureStatus({ ...row, due: 45300, done: null, planned: 100, forecast: 70 }, 45290).dualStatus // => "Value at risk"
 */
export function measureStatus(row: RegisterRow, asOf: number): MeasureStatus {
  const due = parseDate(row.due);
  const done = parseDate(row.done);
  const implementation: Rag | "" =
    textOf(row.due) === "" ? "Green" : due === undefined ? "" : implementationStatus([{ due, done }], asOf);
  const planned = parseAmount(row.planned);
  const forecast = parseAmount(row.forecast);
  let potential: Rag | "" = "";
  if (planned !== undefined && forecast !== undefined) {
    const p = potentialStatus(planned, forecast);
    potential = isFailure(p) ? "" : p;
  }
  return {
    implementation,
    potential,
    dualStatus: implementation && potential ? dualStatus(implementation, potential) : "",
  };
}

/** The roll-up of one item over the measures below it (a measure rolls up itself). */
export interface Rollup {
  readonly id: string;
  readonly level: Level;
  readonly name: string;
  readonly measures: number;
  readonly planned: number;
  readonly forecast: number;
  readonly confirmed: number;
  readonly implementation: Rag | "";
  readonly potential: Rag | "";
  /** Measures per dual status, "Value at risk" first; "Not assessed" counts measures lacking data. */
  readonly byDualStatus: Readonly<Record<DualStatus | "Not assessed", number>>;
}

interface Accumulator {
  measures: number;
  planned: Money;
  forecast: Money;
  confirmed: Money;
  impl: Rag[];
  potential: Rag[];
  counts: Record<DualStatus | "Not assessed", number>;
}

function emptyCounts(): Record<DualStatus | "Not assessed", number> {
  const counts = {} as Record<DualStatus | "Not assessed", number>;
  for (const s of DUAL_STATUSES) counts[s] = 0;
  counts["Not assessed"] = 0;
  return counts;
}

/**
 * Rolls every measure up into each item of its chain: exact sums of planned, forecast and
 * confirmed savings, the worst implementation and potential status, and measures per dual
 * status. Cost: O(measures x depth).
 * @param rows - The register.
 * @param asOf - The serial date the implementation status is judged at.
 * @returns One roll-up per item with a known level, in register order, and the status of each measure by id.
 */
export function rollUp(
  rows: readonly RegisterRow[],
  asOf: number,
): { items: Rollup[]; statuses: Map<string, MeasureStatus> } {
  const byId = indexById(rows);
  const acc = rows.map<Accumulator>(() => ({
    measures: 0,
    planned: ZERO,
    forecast: ZERO,
    confirmed: ZERO,
    impl: [],
    potential: [],
    counts: emptyCounts(),
  }));
  const statuses = new Map<string, MeasureStatus>();
  rows.forEach((row, i) => {
    if (levelOf(row) !== "Measure") return;
    const status = measureStatus(row, asOf);
    statuses.set(textOf(row.id), status);
    const planned = money(parseAmount(row.planned) ?? 0);
    const forecast = money(parseAmount(row.forecast) ?? 0);
    const confirmed = money(parseAmount(row.confirmed) ?? 0);
    for (const j of chainOf(rows, byId, i)) {
      const a = acc[j];
      a.measures++;
      a.planned = a.planned.plus(planned);
      a.forecast = a.forecast.plus(forecast);
      a.confirmed = a.confirmed.plus(confirmed);
      if (status.implementation) a.impl.push(status.implementation);
      if (status.potential) a.potential.push(status.potential);
      a.counts[status.dualStatus || "Not assessed"]++;
    }
  });
  const items: Rollup[] = [];
  rows.forEach((row, i) => {
    const level = levelOf(row);
    if (!level) return;
    const a = acc[i];
    items.push({
      id: textOf(row.id),
      level,
      name: textOf(row.name),
      measures: a.measures,
      planned: toNumber(a.planned),
      forecast: toNumber(a.forecast),
      confirmed: toNumber(a.confirmed),
      implementation: a.impl.length ? worstRag(a.impl) : "",
      potential: a.potential.length ? worstRag(a.potential) : "",
      byDualStatus: a.counts,
    });
  });
  return { items, statuses };
}
