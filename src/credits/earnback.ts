import { DEFAULT_DIRECTION, Direction } from "../direction";
import { Result, isFailure } from "../errors";
import { Window, WindowNames, judgeWindow } from "./window";

/**
 * The earnback of a credit: the whole credit returns to the supplier when every later
 * period meets the Expected level (exactly at it is met), nothing when one misses. The
 * answer is decided by the first miss, even while later periods are still blank; with no
 * miss yet and a blank period it is not known (`#N/A`). Periods and Expected may be
 * fractions or numbers in a unit, on the same scale (see `checkSameScale`). Cost: O(periods).
 * @param credit - The credit that may be earned back.
 * @param laterAttainments - The window of later periods.
 * @param expected - The Expected service level.
 * @param direction - Which way the service level points (default `">="`).
 * @param names - The window's argument name and positions, for messages.
 * @returns The credit, 0, an `#N/A` failure while the window is open, or a `#VALUE!`
 *   failure for a period on another scale than Expected.
 * @example earnback(2000, [0.99, 0.985, 0.99], 0.985) // => 2000
 * @example earnback(2000, [0.99, 0.98, undefined], 0.985) // => 0
 */
export function earnback(
  credit: number,
  laterAttainments: Window,
  expected: number,
  direction: Direction = DEFAULT_DIRECTION,
  names: WindowNames = { arg: "later_attainments" },
): Result<number> {
  const met = judgeWindow(laterAttainments, expected, direction, "meets", names);
  if (isFailure(met)) return met;
  return met ? credit : 0;
}
