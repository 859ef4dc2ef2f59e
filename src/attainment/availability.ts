/**
 * Availability of a service over a period, in business time.
 *
 * service  = calendar time in the period minus maintenance windows;
 * downtime = the union of outages, clipped to the period, inside service time.
 * Maintenance counts in neither, and overlapping outages count once.
 */
import { Result, fail, serviceMessages } from "../errors";
import { Calendar } from "../calendar/compile";
import { businessMs } from "../calendar/elapsed";
import { serialToMs } from "../calendar/instant";

/** A time span [start, end) as serials. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Spans clipped to [from, to) in ms, empty ones dropped, sorted and merged. Cost: O(n log n). */
function mergedWithin(spans: readonly Span[], from: number, to: number): number[][] {
  const clipped: number[][] = [];
  for (const s of spans) {
    const a = Math.max(serialToMs(s.start), from);
    const b = Math.min(serialToMs(s.end), to);
    if (a < b) clipped.push([a, b]);
  }
  clipped.sort((x, y) => x[0] - y[0]);
  const merged: number[][] = [];
  for (const [a, b] of clipped) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Business time of merged spans. Cost: O(n). */
function businessOf(cal: Calendar, spans: readonly number[][]): number {
  let total = 0;
  for (const [a, b] of spans) total += businessMs(cal, a, b);
  return total;
}

/** The overlap of two lists of merged spans, itself merged. Cost: O(n + m). */
function overlap(x: readonly number[][], y: readonly number[][]): number[][] {
  const out: number[][] = [];
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    const a = Math.max(x[i][0], y[j][0]);
    const b = Math.min(x[i][1], y[j][1]);
    if (a < b) out.push([a, b]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

/**
 * Availability: (service - downtime) / service. Cost: O((n + m) log(n + m)) for n outages
 * and m maintenance windows; each span's business time is O(1) (see `businessMs`).
 * Spans that end before they start, or lie outside the period, count for nothing (the Excel
 * adapter rejects reversed spans with their position before calling this).
 * @param cal - The service calendar (see `compileCalendar`); `24x7` for round-the-clock services.
 * @param period - The reporting period.
 * @param outages - Outages, in any order, overlaps allowed.
 * @param maintenance - Agreed maintenance windows, in any order, overlaps allowed.
 * @returns A fraction from 0 to 1, or `#DIV/0!` when the period holds no service time.
 * @example
 * // 30 days 24x7, a 4-hour maintenance window, 42.96 minutes of outage outside it
 * availability(cal24x7, { start: 45292, end: 45322 }, [{ start: 45300.5, end: 45300.5 + 42.96 / 1440 }],
 *   [{ start: 45301, end: 45301 + 4 / 24 }]) // => 0.999
 */
export function availability(
  cal: Calendar,
  period: Span,
  outages: readonly Span[],
  maintenance: readonly Span[],
): Result<number> {
  const from = serialToMs(period.start);
  const to = serialToMs(period.end);
  const maint = mergedWithin(maintenance, from, to);
  const down = mergedWithin(outages, from, to);
  const service = (to > from ? businessMs(cal, from, to) : 0) - businessOf(cal, maint);
  if (service <= 0) return fail("#DIV/0!", serviceMessages.noServiceTime());
  const downtime = businessOf(cal, down) - businessOf(cal, overlap(down, maint));
  return (service - downtime) / service;
}
