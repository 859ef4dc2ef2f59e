/**
 * Windows of later periods (EARNBACK, NEXT_TARGET): a range of periods, blank until the
 * period is measured. The answer is known as soon as one measured period fails the test;
 * otherwise only once every period is in.
 */
import { Result, fail, messages } from "../errors";

/** Periods in order; `undefined` for a period not measured yet. */
export type Window = readonly (number | undefined)[];

/**
 * Judges a window period by period. Cost: O(periods).
 * @param periods - The window.
 * @param passes - The test every period must pass.
 * @param arg - The argument name, for the message.
 * @returns False when a measured period fails (blanks or not), true when every period is
 *   measured and passes, and an `#N/A` failure while all measured periods pass but some are blank
 *   (an empty window is open too: nothing has been measured).
 * @example judgeWindow([0.99, undefined], (v) => v >= 0.98, "later_attainments") // => #N/A failure: 1 of 2 periods are still blank
 * @example judgeWindow([0.97, undefined], (v) => v >= 0.98, "later_attainments") // => false
 */
export function judgeWindow(periods: Window, passes: (value: number) => boolean, arg: string): Result<boolean> {
  let blanks = 0;
  for (const value of periods) {
    if (value === undefined) blanks++;
    else if (!passes(value)) return false;
  }
  return blanks > 0 || periods.length === 0 ? fail("#N/A", messages.windowOpen(arg, blanks, periods.length)) : true;
}
