import { DEFAULT_DIRECTION, Direction } from "../direction";
import { Result, fail, isFailure, moneyMessages } from "../errors";
import { ExactSum, excelNumber, minMoney, money } from "../money";
import { Window, WindowNames, judgeWindow } from "./window";

/** Options of {@link nextTarget}. Fractions. */
export interface NextTargetOptions {
  /** The share of the gap between the average and Expected that the target moves (default 0.5). */
  readonly share?: number;
  /** When given, the move is at most this share of the headroom: 1 - expected for `">="`, expected for `"<="`. */
  readonly maxStep?: number;
  /** Which way the service level points (default `">="`). */
  readonly direction?: Direction;
  /** The window's argument name and positions, for messages (default "attainments"). */
  readonly names?: WindowNames;
}

/** The share of the gap the target moves when the contract states none. */
export const DEFAULT_SHARE = 0.5;

/**
 * The continuous-improvement reset of an Expected level. When every period of the window
 * strictly beats Expected ("a year above target"; exactly at Expected does not), the target
 * moves toward the window's average by `share` of the gap, the move capped at `maxStep` of
 * the headroom (the distance from Expected to a perfect 100%, or to 0 for `"<="`); else it
 * stays. A period that does not beat Expected decides at once; otherwise a blank period
 * leaves the answer open (`#N/A`). Levels may be fractions or numbers in a unit, on the same
 * scale (see `checkSameScale`); a level in a unit has no 100%, so `maxStep` with `">="` needs
 * a fraction. Exact decimal. Cost: O(periods), no allocation per period.
 * @param expected - The current Expected level.
 * @param attainments - The window, typically the last 12 months.
 * @param options - Share, cap, direction and names.
 * @returns The next Expected level, an `#N/A` failure while the window is open, a `#VALUE!`
 *   failure for a period on another scale or a `">="` cap on a level above 1, or `#NUM!`
 *   beyond Excel's number range.
 * @example nextTarget(0.95, [0.97, 0.98, 0.99]) // => 0.965 (0.95 + 0.5 x (0.98 - 0.95))
 * @example nextTarget(0.95, [0.97, 0.98, 0.99], { maxStep: 0.2 }) // => 0.96 (rise capped at 0.2 x 0.05)
 * @example nextTarget(30, [25, 20, 27], { direction: "<=" }) // => 27 (seconds to answer: 30 - 0.5 x (30 - 24))
 */
export function nextTarget(expected: number, attainments: Window, options: NextTargetOptions = {}): Result<number> {
  const direction = options.direction ?? DEFAULT_DIRECTION;
  const beaten = judgeWindow(attainments, expected, direction, "beats", options.names ?? { arg: "attainments" });
  if (isFailure(beaten)) return beaten;
  if (!beaten) return expected;
  if (options.maxStep !== undefined && direction === ">=" && expected > 1) {
    return fail("#VALUE!", moneyMessages.maxStepInUnits(expected));
  }
  const sum = new ExactSum();
  for (let i = 0; i < attainments.length; i++) sum.add(attainments[i] as number);
  const current = money(expected);
  const average = sum.total().div(money(attainments.length));
  // The gap is positive in both directions: every period beat Expected, so the average does.
  const gap = direction === ">=" ? average.minus(current) : current.minus(average);
  let step = money(options.share ?? DEFAULT_SHARE).times(gap);
  if (options.maxStep !== undefined) {
    const headroom = direction === ">=" ? money(1).minus(current) : current;
    step = minMoney(step, money(options.maxStep).times(headroom));
  }
  return excelNumber(direction === ">=" ? current.plus(step) : current.minus(step), "the next target");
}
