import { money, sumMoney, toNumber } from "../money";

/**
 * Slack between an SLA target and the OLA targets that must fit inside it, in hours.
 * Summed in exact decimal so that 8 - (2.1 + 5.9) is exactly 0. Cost: O(n).
 * @param slaTarget - The SLA target (hours).
 * @param olaTargets - The OLA targets in sequence (hours).
 * @returns slaTarget - sum(olaTargets); negative means the internal chain cannot meet the SLA.
 * @example olaGap(8, [2, 4.5]) // => 1.5
 */
export function olaGap(slaTarget: number, olaTargets: readonly number[]): number {
  return toNumber(money(slaTarget).minus(sumMoney(olaTargets.map((t) => money(t)))));
}
