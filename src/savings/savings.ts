/**
 * Savings versus baseline: what a measure achieved is what it no longer costs.
 */
import { Money, money } from "../money";

/**
 * Achieved saving = baseline cost - actual cost, in exact decimal (GOV.SAVINGS).
 * Negative means the actual cost rose above the baseline. Cost: O(1).
 * @param baseline - The cost before the measure.
 * @param actual - The cost now.
 * @returns The exact difference.
 * @example savings(100.3, 100.1).toString() // => "0.2"
 */
export function savings(baseline: number, actual: number): Money {
  return money(baseline).minus(money(actual));
}
