import { Result } from "../errors";
import { ExactSum, excelNumber, money } from "../money";

/**
 * Slack between an SLA target and the OLA targets that must fit inside it, in hours.
 * Summed in exact decimal so that 8 - (2.1 + 5.9) is exactly 0. Cost: O(n), no BigNumber
 * per target for targets with up to six decimals.
 * @param slaTarget - The SLA target (hours).
 * @param olaTargets - The OLA targets in sequence (hours); undefined or NaN for a blank, skipped.
 * @returns slaTarget - sum(olaTargets) (negative means the internal chain cannot meet the
 *   SLA), or `#NUM!` beyond Excel's number range.
 * @example olaGap(8, [2, 4.5]) // => 1.5
 */
export function olaGap(slaTarget: number, olaTargets: ArrayLike<number | undefined>): Result<number> {
  const olas = new ExactSum();
  for (let i = 0; i < olaTargets.length; i++) {
    const t = olaTargets[i];
    if (t !== undefined && t === t) olas.add(t);
  }
  return excelNumber(money(slaTarget).minus(olas.total()), "the gap");
}
