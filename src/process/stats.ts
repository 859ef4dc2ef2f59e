/**
 * Statistics of latencies: count, mean, median, nearest-rank percentiles, max, and the share
 * within a tolerance. Latencies are whole business milliseconds; results are hours.
 */
import { MS_PER_HOUR } from "../calendar/instant";

/** The statistics of a set of latencies, in hours. */
export interface LatencyStats {
  readonly count: number;
  readonly meanHours: number;
  /** The middle latency, or the mean of the two middle ones (as Excel's MEDIAN). */
  readonly medianHours: number;
  readonly p90Hours: number;
  readonly p95Hours: number;
  readonly maxHours: number;
  /** Latencies at most the tolerance; null without one. */
  readonly within: number | null;
  /** `within / count`; null without a tolerance. */
  readonly withinShare: number | null;
  /** Latencies over the tolerance; null without one. */
  readonly breaches: number | null;
}

/**
 * The nearest-rank percentile of sorted values: the smallest value such that at least
 * `percent`% of the values are at most it, i.e. the value of rank ceil(percent/100 x n).
 * The rank is computed in integers (0.9 x 10 is 9.000000000000002 in floating point, whose
 * ceiling would be 10). Cost: O(1).
 * @param sorted - Values in ascending order, at least one.
 * @param percent - A whole percentage from 1 to 100.
 * @example nearestRank(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 90) // => 9
 */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number {
  const n = sorted.length;
  const rank = Math.max(1, Math.floor((percent * n + 99) / 100));
  return sorted[Math.min(n, rank) - 1];
}

/**
 * Business milliseconds of a tolerance in hours, rounded as the engine rounds instants, so
 * that a latency is within exactly when its milliseconds are at most these.
 * @example toleranceMs(1.5) // => 5400000
 */
export function toleranceMs(hours: number): number {
  return Math.round(hours * MS_PER_HOUR);
}

/**
 * The statistics of latencies. Cost: O(n log n) for the sort of a copy; the input is not changed.
 * @param latencies - Business milliseconds, at least one.
 * @param toleranceHours - The tolerance, or null for none.
 * @returns The statistics in hours.
 * @example latencyStats([3_600_000, 7_200_000], 1.5).withinShare // => 0.5
 */
export function latencyStats(latencies: ArrayLike<number>, toleranceHours: number | null): LatencyStats {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  if (n === 0) throw new RangeError("latencyStats: no latencies");
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const half = n >>> 1;
  const median = n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  let within: number | null = null;
  if (toleranceHours !== null) {
    // The count of latencies at most the tolerance: a binary search in the sorted copy.
    const limit = toleranceMs(toleranceHours);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= limit) lo = mid + 1;
      else hi = mid;
    }
    within = lo;
  }
  return {
    count: n,
    meanHours: sum / n / MS_PER_HOUR,
    medianHours: median / MS_PER_HOUR,
    p90Hours: nearestRank(sorted, 90) / MS_PER_HOUR,
    p95Hours: nearestRank(sorted, 95) / MS_PER_HOUR,
    maxHours: sorted[n - 1] / MS_PER_HOUR,
    within,
    withinShare: within === null ? null : within / n,
    breaches: within === null ? null : n - within,
  };
}

/** A statistic GOV.STEP_LATENCY can return. */
export type Statistic =
  | { readonly kind: "mean" | "median" | "p90" | "p95" | "max" | "count" }
  | { readonly kind: "within"; readonly hours: number };

const NAMED = ["mean", "median", "p90", "p95", "max", "count"] as const;

/**
 * Reads a statistic's name: mean, median, p90, p95, max, count (any case), or `within:HOURS`
 * (the share of latencies at most HOURS). Blank is mean.
 * @returns The statistic, or undefined for anything else.
 * @example parseStatistic(" Within: 4 ") // => { kind: "within", hours: 4 }
 */
export function parseStatistic(text: string): Statistic | undefined {
  const t = text.trim().toLowerCase();
  if (t === "") return { kind: "mean" };
  const named = NAMED.find((n) => n === t);
  if (named) return { kind: named };
  const m = /^within\s*:\s*(\d+(?:\.\d*)?|\.\d+)$/.exec(t);
  return m ? { kind: "within", hours: Number(m[1]) } : undefined;
}

/**
 * One statistic of latencies. Cost: that of `latencyStats`.
 * @param latencies - Business milliseconds.
 * @param statistic - Which one.
 * @returns Hours (a share for `within`, a number of steps for `count`), or undefined when there
 *   is no latency to take it of (count is then 0).
 * @example statisticOf([3_600_000, 7_200_000], { kind: "within", hours: 1 }) // => 0.5
 */
export function statisticOf(latencies: ArrayLike<number>, statistic: Statistic): number | undefined {
  if (statistic.kind === "count") return latencies.length;
  if (latencies.length === 0) return undefined;
  const s = latencyStats(latencies, statistic.kind === "within" ? statistic.hours : null);
  switch (statistic.kind) {
    case "mean":
      return s.meanHours;
    case "median":
      return s.medianHours;
    case "p90":
      return s.p90Hours;
    case "p95":
      return s.p95Hours;
    case "max":
      return s.maxHours;
    case "within":
      return s.withinShare!;
  }
}
