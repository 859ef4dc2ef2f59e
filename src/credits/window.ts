/**
 * Windows of periods (EARNBACK, EXPECTED_DEFAULT, NEXT_TARGET): a range of periods, blank
 * until the period is measured, each judged against one Expected level. The answer is known
 * as soon as one measured period fails the test; otherwise only once every period is in.
 */
import { Direction, beats, misses } from "../direction";
import { Failure, Result, fail, messages } from "../errors";
import { checkSameScale, sameScale } from "./scale";

// Hot-path copies of the functions the period loops call (see creditsTotal.ts).
const onSameScale = sameScale;
const missesLevel = misses;
const beatsLevel = beats;

/** Periods in order; `undefined` or NaN for a period not measured yet. */
export type Window = ArrayLike<number | undefined>;

/** How a window is read: its argument name and where period `i` sits, for messages. */
export interface WindowNames {
  /** The window's argument, such as "later_attainments". */
  readonly arg: string;
  /** Where period `i` sits in the range ("row 3, column 1"). */
  readonly at?: (i: number) => string | undefined;
}

/**
 * How many measured periods miss Expected (exactly at it is met), every measured period
 * checked for its scale (see `checkSameScale`). Cost: O(periods), no allocation.
 * @returns The count, or a `#VALUE!` failure for the first period on another scale.
 * @example countMisses([0.97, undefined, 0.99], 0.98, ">=", { arg: "attainments" }) // => 1
 */
export function countMisses(
  periods: Window,
  expected: number,
  direction: Direction,
  names: WindowNames,
): Result<number> {
  let missed = 0;
  for (let i = 0; i < periods.length; i++) {
    const value = periods[i];
    if (value === undefined || value !== value) continue;
    if (!onSameScale(value, expected)) return scaleFailure(value, expected, names, i);
    if (missesLevel(value, expected, direction)) missed++;
  }
  return missed;
}

/**
 * Judges a window period by period: does every period meet Expected (`"meets"`: exactly at
 * it is met) or strictly beat it (`"beats"`)? Every measured period is checked for its scale
 * first, so a typo anywhere in the window is reported even when an earlier period decides.
 * Cost: O(periods), no allocation.
 * @param periods - The window.
 * @param expected - The Expected level.
 * @param direction - Which way the service level points.
 * @param test - `"meets"` or `"beats"`.
 * @param names - The argument name and positions, for messages.
 * @returns False when a measured period fails (blanks or not), true when every period is
 *   measured and passes, an `#N/A` failure while all measured periods pass but some are blank
 *   (an empty window is open too: nothing has been measured), or a `#VALUE!` failure for a
 *   period on another scale than Expected.
 * @example judgeWindow([0.99, undefined], 0.98, ">=", "meets", { arg: "later_attainments" }) // => #N/A failure: 1 of 2 periods are still blank
 * @example judgeWindow([0.97, undefined], 0.98, ">=", "meets", { arg: "later_attainments" }) // => false
 */
export function judgeWindow(
  periods: Window,
  expected: number,
  direction: Direction,
  test: "meets" | "beats",
  names: WindowNames,
): Result<boolean> {
  let blanks = 0;
  let failed = false;
  for (let i = 0; i < periods.length; i++) {
    const value = periods[i];
    if (value === undefined || value !== value) blanks++;
    else if (!onSameScale(value, expected)) return scaleFailure(value, expected, names, i);
    else if (test === "meets" ? missesLevel(value, expected, direction) : !beatsLevel(value, expected, direction))
      failed = true;
  }
  if (failed) return false;
  return blanks > 0 || periods.length === 0
    ? fail("#N/A", messages.windowOpen(names.arg, blanks, periods.length))
    : true;
}

function scaleFailure(value: number, expected: number, names: WindowNames, i: number): Failure {
  return checkSameScale(value, expected, { result: names.arg, threshold: "expected", at: names.at?.(i) }) as Failure;
}
