/**
 * The one check that a result is on its service level's scale. `%` service levels hold
 * attainment fractions (99.5% is 0.995), so a value above 1 was typed on the wrong scale
 * (99.5); other units (hours, seconds) are compared as typed, in the service level's unit.
 * The review calls only this function, so the library's own scale check can replace it.
 */
import { PERCENT_UNIT, ServiceLevel } from "./model";

/**
 * True when a result cannot be on its service level's scale.
 * @example scaleProblem({ unit: "%" }, 99.5) // => true
 * @example scaleProblem({ unit: "hours" }, 99.5) // => false
 */
export function scaleProblem(service: Pick<ServiceLevel, "unit">, result: number): boolean {
  return service.unit === PERCENT_UNIT && (result > 1 || result < 0);
}
