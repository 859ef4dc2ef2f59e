/**
 * Dual status: implementation and potential read together, so that a measure whose
 * milestones are all on time while its money slips ("Value at risk") cannot hide.
 */
import { Rag } from "./rag";

/** The combined status words, spelled as the contract spells them. */
export type DualStatus = "Value at risk" | "Off track" | "Delivery at risk" | "Watch" | "On track";

/**
 * Every dual status in reporting order: the case green dashboards hide first, then the
 * others from most to least concern. Use it to order roll-up rows and counts.
 */
export const DUAL_STATUSES: readonly DualStatus[] = [
  "Value at risk",
  "Off track",
  "Delivery at risk",
  "Watch",
  "On track",
];

/**
 * Combines implementation and potential status (GOV.DUAL_STATUS). Cost: O(1).
 *
 * | implementation \ potential | Green | Amber | Red |
 * |---|---|---|---|
 * | Green | On track | Watch | Value at risk |
 * | Amber | Watch | Watch | Value at risk |
 * | Red | Delivery at risk | Delivery at risk | Off track |
 *
 * @param implementation - Are the milestones on time?
 * @param potential - Is the financial contribution still there?
 * @returns The dual status word.
 * @example dualStatus("Green", "Red") // => "Value at risk"
 * @example dualStatus("Amber", "Green") // => "Watch"
 */
export function dualStatus(implementation: Rag, potential: Rag): DualStatus {
  if (implementation === "Red") return potential === "Red" ? "Off track" : "Delivery at risk";
  if (potential === "Red") return "Value at risk";
  return implementation === "Green" && potential === "Green" ? "On track" : "Watch";
}
