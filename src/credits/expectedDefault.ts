import { DEFAULT_DIRECTION, Direction } from "../direction";
import { Result, isFailure } from "../errors";
import { Window, WindowNames, countMisses } from "./window";

/** The misses of Expected a window tolerates when the contract states none (4 in 12 months is a default). */
export const DEFAULT_MISSES_ALLOWED = 3;

/**
 * Whether missing the Expected level has become a default: the measured periods of the
 * (rolling) window that miss Expected (exactly at it is met) outnumber the misses allowed.
 * Blank periods are not counted either way. Cost: O(periods).
 * @param attainments - The window, typically the last 12 months.
 * @param expected - The Expected service level (a fraction, or a number in the periods' unit).
 * @param missesAllowed - The misses tolerated (default 3).
 * @param direction - Which way the service level points (default `">="`).
 * @param names - The window's argument name and positions, for messages.
 * @returns True when the misses exceed the allowance, or a `#VALUE!` failure for a period
 *   on another scale than Expected (see `checkSameScale`).
 * @example expectedDefault([0.97, 0.99, 0.97, 0.97, 0.97], 0.98) // => true (4 misses > 3)
 */
export function expectedDefault(
  attainments: Window,
  expected: number,
  missesAllowed: number = DEFAULT_MISSES_ALLOWED,
  direction: Direction = DEFAULT_DIRECTION,
  names: WindowNames = { arg: "attainments" },
): Result<boolean> {
  const missed = countMisses(attainments, expected, direction, names);
  return isFailure(missed) ? missed : missed > missesAllowed;
}
