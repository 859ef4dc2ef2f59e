/**
 * Reconciliation: does the controller-confirmed saving match what baseline versus actual shows,
 * and does it reach the plan?
 */
import { Result, fail, messages } from "../errors";
import { money } from "../money";
import { savings } from "./savings";

/**
 * Every reconciliation status, spelled as the contract spells it, in the order the rules
 * are tried (also a sensible reporting order).
 */
export const RECONCILE_STATUSES = ["Unconfirmed", "Overstated", "Understated", "Shortfall", "Reconciled"] as const;

/** A reconciliation status word. */
export type ReconcileStatus = (typeof RECONCILE_STATUSES)[number];

/**
 * Reconciles a savings claim (GOV.RECONCILE). With achieved = baseline - actual (exact decimal),
 * the first rule that holds wins: no confirmed figure is "Unconfirmed"; confirmed above
 * achieved + tolerance is "Overstated"; confirmed below achieved - tolerance is "Understated";
 * achieved below planned - tolerance is "Shortfall"; otherwise "Reconciled". Cost: O(1).
 * @param baseline - The cost before the measure.
 * @param actual - The cost now.
 * @param planned - The saving the plan promised.
 * @param confirmed - The saving the controller confirmed; undefined or null while unconfirmed.
 * @param tolerance - Allowed difference, in money (default 0); must not be negative.
 * @returns The status, or a `#VALUE!` failure for a negative tolerance.
 * @example reconcile(100.3, 100.1, 0.2, 0.2) // => "Reconciled"
 * @example reconcile(1000, 900, 100, 120) // => "Overstated"
 * @example reconcile(1000, 950, 100, 50) // => "Shortfall"
 */
export function reconcile(
  baseline: number,
  actual: number,
  planned: number,
  confirmed?: number | null,
  tolerance = 0,
): Result<ReconcileStatus> {
  if (tolerance < 0) return fail("#VALUE!", messages.negative("tolerance", tolerance));
  if (confirmed === undefined || confirmed === null) return "Unconfirmed";
  const achieved = savings(baseline, actual);
  const tol = money(tolerance);
  const claim = money(confirmed);
  if (claim.cmp(achieved.plus(tol)) > 0) return "Overstated";
  if (claim.cmp(achieved.minus(tol)) < 0) return "Understated";
  if (achieved.cmp(money(planned).minus(tol)) < 0) return "Shortfall";
  return "Reconciled";
}
