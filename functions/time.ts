/* Custom functions: service time and attainment. Metadata comes from the JSDoc below. */
import { olaGap } from "../src/attainment/olaGap";
import { asNonNegative, collect, scalar, unwrap } from "./excel";

/**
 * Slack between an SLA target and the OLA targets in sequence inside it (hours). Negative means the internal chain cannot meet the SLA.
 * @customfunction OLA_GAP
 * @param {any} sla_target SLA target in hours.
 * @param {any[][]} ola_targets OLA targets in hours (a range; blanks are skipped).
 * @returns {number} sla_target minus the sum of the OLA targets.
 */
export function OLA_GAP(sla_target: any, ola_targets: any[][]): number {
  const sla = unwrap(scalar(sla_target, "sla_target", asNonNegative));
  const olas = unwrap(collect(ola_targets, "ola_targets", asNonNegative));
  return olaGap(sla, olas);
}
