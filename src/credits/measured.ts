/**
 * The blank rule shared by the portfolio functions (CREDITS_TOTAL, SIGMIN_PENALTY):
 * a service whose attainment is blank was not measured this period and earns nothing,
 * but a measured service needs every value its computation uses.
 */
import { Result, fail, messages } from "../errors";

/** The argument that decides whether a service was measured. */
export const MEASURED_BY = "attainments";

/**
 * A value a measured service needs, or a failure naming the argument and the position.
 * @param value - The value, `undefined` where its cell is blank.
 * @param arg - The argument it comes from.
 * @param at - The position of the service, when it sits in a range.
 * @returns The value, or a `#VALUE!` failure.
 * @example requiredWhenMeasured(undefined, "minimums", "row 2, column 1") // => failure: minimums (row 2, column 1): a value is required where attainments has one.
 */
export function requiredWhenMeasured<T>(value: T | undefined, arg: string, at?: string): Result<T> {
  return value === undefined ? fail("#VALUE!", messages.requiredWhereMeasured(arg, MEASURED_BY, at)) : value;
}
