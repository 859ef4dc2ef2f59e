/**
 * Potential status: is a measure's financial contribution still there?
 */
import { Result, fail, messages } from "../errors";
import { money } from "../money";
import { Rag } from "./rag";

/** Default share of plan at or above which the potential is Green. */
export const DEFAULT_AMBER_BELOW = 0.95;
/** Default share of plan at or above which the potential is Amber (below it, Red). */
export const DEFAULT_RED_BELOW = 0.8;

/**
 * Scores forecast against plan: forecast/planned >= amberBelow is Green, >= redBelow is
 * Amber, else Red. The comparisons are made in exact decimal as forecast >= share x planned,
 * so a forecast of 2.09 against a plan of 2.2 is exactly 95% (Green) although
 * 2.09 / 2.2 is 0.9499999999999998 in floating point. Cost: O(1).
 * @param planned - The planned contribution; must be greater than 0.
 * @param forecast - The forecast contribution (may be negative: the measure now costs money).
 * @param amberBelow - Share of plan below which the status is no longer Green (default 0.95).
 * @param redBelow - Share of plan below which the status is Red (default 0.8); must not be above amberBelow.
 * @param at - The position inside a range, for the message.
 * @returns "Green", "Amber" or "Red", or a `#VALUE!` failure for planned <= 0 or reversed thresholds.
 * @example potentialStatus(100, 90) // => "Amber"
 * @example potentialStatus(100, 79.99) // => "Red"
 */
export function potentialStatus(
  planned: number,
  forecast: number,
  amberBelow = DEFAULT_AMBER_BELOW,
  redBelow = DEFAULT_RED_BELOW,
  at?: string,
): Result<Rag> {
  if (!(planned > 0)) return fail("#VALUE!", messages.notPositive("planned", planned, at));
  if (redBelow > amberBelow)
    return fail("#VALUE!", messages.thresholdsReversed("red_below", redBelow, "amber_below", amberBelow, at));
  const plan = money(planned);
  const f = money(forecast);
  if (f.cmp(money(amberBelow).times(plan)) >= 0) return "Green";
  if (f.cmp(money(redBelow).times(plan)) >= 0) return "Amber";
  return "Red";
}
