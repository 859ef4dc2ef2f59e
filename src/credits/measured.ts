/**
 * The blank rule shared by the portfolio functions (CREDITS_TOTAL, SIGMIN_PENALTY):
 * a service whose attainment is blank was not measured this period and earns nothing,
 * but a measured service needs every value its computation uses.
 */
import { Failure, fail, messages } from "../errors";

/** The argument that decides whether a service was measured. */
export const MEASURED_BY = "attainments";

/**
 * The failure for a value a measured service lacks, naming the argument and the position.
 * @param arg - The argument whose cell is blank.
 * @param at - The position of the service, when it sits in a range.
 * @returns A `#VALUE!` failure.
 * @example missingWhereMeasured("minimums", "row 2, column 1") // => failure: minimums (row 2, column 1): a value is required where attainments has one.
 */
export function missingWhereMeasured(arg: string, at?: string): Failure {
  return fail("#VALUE!", messages.requiredWhereMeasured(arg, MEASURED_BY, at));
}
