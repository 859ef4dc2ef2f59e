/**
 * Phasing: cumulative achieved savings against the cumulative plan, period by period,
 * so a controller sees when a measure fell behind its phased plan, not only at year end.
 */
import { Failure, Result, fail, messages } from "../errors";
import { Money, ZERO, excelNumber, money } from "../money";

/** Plan and achievement to date at one period, and the gap between them (achieved - planned). */
export interface PhasingPoint {
  readonly plannedToDate: Money;
  readonly achievedToDate: Money;
  readonly gap: Money;
}

/** One period of a phasing: a point, undefined while the period is not reported yet, or a failure. */
export type PhasingStep = PhasingPoint | undefined | Failure;

/**
 * Cumulates plan and achievement period by period in exact decimal. A blank plan period
 * (undefined) plans nothing. A blank achieved period is not reported yet and gives
 * undefined; a reported period after a blank one is a `#VALUE!` failure (the blank would
 * silently count as zero). Cost: O(n).
 * @param planned - Planned savings per period, oldest first (not mutated).
 * @param achieved - Achieved savings per period, aligned with `planned`.
 * @param at - Describes period i for messages (default "period i+1").
 * @returns One step per period.
 * @example cumulativePhasing([10, 10, 10], [8, 9, undefined]).map((p) => p && !isFailure(p) ? p.gap.toString() : p)
 * // => ["-2", "-3", undefined]
 */
export function cumulativePhasing(
  planned: readonly (number | undefined)[],
  achieved: readonly (number | undefined)[],
  at: (i: number) => string = (i) => `period ${i + 1}`,
): PhasingStep[] {
  if (planned.length !== achieved.length)
    throw new RangeError("cumulativePhasing: planned and achieved differ in length");
  const out: PhasingStep[] = [];
  let plannedToDate = ZERO;
  let achievedToDate = ZERO;
  let firstBlank = -1;
  for (let i = 0; i < planned.length; i++) {
    const p = planned[i];
    const a = achieved[i];
    if (p !== undefined) plannedToDate = plannedToDate.plus(money(p));
    if (a === undefined) {
      if (firstBlank < 0) firstBlank = i;
      out.push(undefined);
    } else if (firstBlank >= 0) {
      out.push(fail("#VALUE!", messages.unreportedBefore("achieved", at(i), at(firstBlank))));
    } else {
      achievedToDate = achievedToDate.plus(money(a));
      out.push({ plannedToDate, achievedToDate, gap: achievedToDate.minus(plannedToDate) });
    }
  }
  return out;
}

/**
 * Achieved to date as a share of plan to date. Cost: O(1).
 * @param point - A phasing point.
 * @param at - Optional position text, for the message.
 * @returns achievedToDate / plannedToDate, `#DIV/0!` when nothing is planned to date, or
 *   `#NUM!` beyond Excel's number range.
 * @example phasingRatio({ plannedToDate: money(20), achievedToDate: money(17), gap: money(-3) }) // => 0.85
 */
export function phasingRatio(point: PhasingPoint, at?: string): Result<number> {
  if (point.plannedToDate.isZero()) return fail("#DIV/0!", messages.noBase("planned", at));
  return excelNumber(point.achievedToDate.div(point.plannedToDate), "ratio");
}
