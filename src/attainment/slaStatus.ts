/**
 * SLA status of a running ticket: Breached, At risk or On track.
 */
import { Result, fail, messages } from "../errors";
import { money } from "../money";

/** The three statuses, as the contract spells them. */
export type SlaStatus = "Breached" | "At risk" | "On track";

/**
 * True when `elapsed >= warnAt x target` for the decimals the cells show. The product is a
 * float (0.7 x 10 is 7.000000000000001), so near the threshold the comparison is redone in
 * exact decimal; elsewhere the float answer is already right.
 */
function reachesWarning(elapsed: number, target: number, warnAt: number): boolean {
  const threshold = warnAt * target;
  if (Math.abs(elapsed - threshold) > 1e-9 * Math.max(1, Math.abs(threshold))) return elapsed >= threshold;
  return money(elapsed).cmp(money(warnAt).times(money(target))) >= 0;
}

/**
 * SLA status: `"Breached"` when elapsed > target, `"At risk"` when elapsed >= warnAt x target,
 * else `"On track"`. Cost: O(1).
 * @param elapsed - Business hours used so far.
 * @param target - The target in business hours.
 * @param warnAt - Share of the target that starts "At risk", a fraction from 0 to 1 (default 0.75).
 * @param at - The position inside a range, for the message.
 * @returns The status, or a `#VALUE!` failure when warnAt is not a fraction.
 * @example slaStatus(7, 10, 0.7) // => "At risk"
 */
export function slaStatus(elapsed: number, target: number, warnAt = 0.75, at?: string): Result<SlaStatus> {
  if (warnAt < 0) return fail("#VALUE!", messages.negative("warn_at", warnAt, at));
  if (warnAt > 1) return fail("#VALUE!", messages.aboveHundredPercent("warn_at", warnAt, at));
  if (elapsed > target) return "Breached";
  return reachesWarning(elapsed, target, warnAt) ? "At risk" : "On track";
}
