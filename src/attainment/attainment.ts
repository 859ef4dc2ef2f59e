/**
 * Attainment: the share of measured items that met their target. Direction text is read by
 * the library's one direction parser, `parseDirection` in src/direction.ts.
 */
import { Direction } from "../direction";
import { Result, fail, serviceMessages } from "../errors";

/** ATTAINMENT's direction when none is given: lower is better (resolution times, response times). */
export const ATTAINMENT_DIRECTION: Direction = "<=";

/**
 * Counts the items that meet their target. Cost: O(n), no allocation; the direction is
 * decided once, outside the loop.
 * @param actuals - Measured values.
 * @param targets - One target for all, or one per actual (same length).
 * @param direction - `"<="` (default) or `">="`.
 * @returns How many of `actuals` meet their target.
 * @example countMet([3, 5, 9], 5) // => 2
 */
export function countMet(
  actuals: ArrayLike<number>,
  targets: ArrayLike<number> | number,
  direction: Direction = ATTAINMENT_DIRECTION,
): number {
  const n = actuals.length;
  let met = 0;
  if (typeof targets === "number") {
    if (direction === "<=") for (let i = 0; i < n; i++) met += actuals[i] <= targets ? 1 : 0;
    else for (let i = 0; i < n; i++) met += actuals[i] >= targets ? 1 : 0;
  } else if (direction === "<=") for (let i = 0; i < n; i++) met += actuals[i] <= targets[i] ? 1 : 0;
  else for (let i = 0; i < n; i++) met += actuals[i] >= targets[i] ? 1 : 0;
  return met;
}

/**
 * Attainment: the share of measured items that meet their target. Cost: O(n).
 * @param actuals - Measured values (blanks already left out).
 * @param targets - One target for all, or one per actual (same length).
 * @param direction - `"<="` (default, lower is better) or `">="`.
 * @returns A fraction from 0 to 1, or `#DIV/0!` when nothing is measured.
 * @example attainment([3.5, 4, 6, 2], 4) // => 0.75
 */
export function attainment(
  actuals: ArrayLike<number>,
  targets: ArrayLike<number> | number,
  direction: Direction = ATTAINMENT_DIRECTION,
): Result<number> {
  if (actuals.length === 0) return fail("#DIV/0!", serviceMessages.noneMeasured("actuals"));
  return countMet(actuals, targets, direction) / actuals.length;
}
