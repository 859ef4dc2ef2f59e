/**
 * The scale rule of service levels: a result and its threshold may be fractions (percentages,
 * 0.97 = 97%) or numbers in a unit ("average speed to answer <= 30 seconds", "mean time to
 * restore <= 4 hours"), but both on the same scale. The one place this rule lives: the credit
 * functions and the service review call it.
 *
 * The rule catches the typo it was made for, 97 typed for 97% beside a threshold of 0.95
 * (or 0.97 beside 95): a value above 1 compared with a threshold of at most 1, or the
 * reverse, is refused. Zero is on every scale (0% is 0 seconds), so it is never refused:
 * comparing with 0 gives the same answer whichever scale was meant.
 */
import { Failure, fail, moneyMessages } from "../errors";

/**
 * True when a result and its threshold can be compared: both at most 1, both above 1, or
 * either one 0. Cost: O(1); this is the check hot loops run before building any message.
 * @example sameScale(0.97, 0.95) // => true
 * @example sameScale(25, 30) // => true (seconds)
 * @example sameScale(97, 0.95) // => false
 */
export function sameScale(result: number, threshold: number): boolean {
  return result > 1 === threshold > 1 || result === 0 || threshold === 0;
}

/** Argument names and position for {@link checkSameScale}'s message. */
export interface ScaleNames {
  /** The result's argument (default "attainment"). */
  readonly result?: string;
  /** The threshold's argument (default "minimum"). */
  readonly threshold?: string;
  /** The position inside a range, when there is one. */
  readonly at?: string;
}

/**
 * Checks that a result and its threshold are on the same scale (see the module comment).
 * @param result - The measured service level: a fraction, or a number in a unit.
 * @param threshold - What it is compared with (minimum, significant minimum, expected level).
 * @param names - The argument names and position, for the message.
 * @returns undefined when they can be compared, else a `#VALUE!` failure naming both values and the fix.
 * @example checkSameScale(0.97, 0.95) // => undefined
 * @example checkSameScale(97, 0.95, { result: "attainments", threshold: "minimums", at: "row 2, column 1" })
 * // => #VALUE! failure: attainments (row 2, column 1): 97 is compared with minimums 0.95, but one is above 1 ...
 */
export function checkSameScale(result: number, threshold: number, names: ScaleNames = {}): Failure | undefined {
  if (sameScale(result, threshold)) return undefined;
  return fail(
    "#VALUE!",
    moneyMessages.differentScales(
      names.result ?? "attainment",
      result,
      names.threshold ?? "minimum",
      threshold,
      names.at,
    ),
  );
}
