/**
 * The one check that a result is on its service level's scale, called once per result.
 * `%` service levels hold attainment fractions (99.5% is 0.995), so a value above 1 (or
 * below 0) was typed on the wrong scale. Any service level's result must be on the scale of
 * its thresholds, by the library's rule for the credit functions: both at most 1, both above
 * 1, or either one 0 (97 beside a Minimum of 0.95 is a typo, whatever the unit).
 *
 * The rule itself is the library's (`sameScale`, src/credits/scale.ts), so a result the review
 * accepts is one the GOV credit functions accept.
 */
import { sameScale } from "../credits/scale";
import { PERCENT_UNIT, ServiceLevel } from "./model";

/**
 * Why a result cannot be compared with its service level, or undefined when it can.
 * @param service - The service level (unit and thresholds).
 * @param result - The result as read.
 * @returns "percent" for a `%` result outside 0..1, "threshold" for a result on another scale
 *   than one of its thresholds, undefined when it is on the scale.
 * @example scaleProblem({ unit: "%" }, 99.5) // => "percent"
 * @example scaleProblem({ unit: "hours", minimum: 4 }, 3.5) // => undefined
 * @example scaleProblem({ unit: "hours", minimum: 0.5 }, 2) // => "threshold"
 */
export function scaleProblem(
  service: Pick<ServiceLevel, "unit"> & Partial<Pick<ServiceLevel, "expected" | "minimum" | "significantMinimum">>,
  result: number,
): "percent" | "threshold" | undefined {
  if (service.unit === PERCENT_UNIT && (result > 1 || result < 0)) return "percent";
  for (const t of [service.minimum, service.significantMinimum, service.expected]) {
    if (t !== undefined && !sameScale(result, t)) return "threshold";
  }
  return undefined;
}
