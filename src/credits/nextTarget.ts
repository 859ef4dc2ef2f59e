import { Result, isFailure } from "../errors";
import { minMoney, money, sumMoney, toNumber } from "../money";
import { DEFAULT_DIRECTION, Direction, beats } from "../direction";
import { Window, judgeWindow } from "./window";

/** Options of {@link nextTarget}. Fractions. */
export interface NextTargetOptions {
  /** The share of the gap between the average and Expected that the target moves (default 0.5). */
  readonly share?: number;
  /** When given, the move is at most this share of the headroom: 1 - expected for `">="`, expected for `"<="`. */
  readonly maxStep?: number;
  /** Which way the service level points (default `">="`). */
  readonly direction?: Direction;
}

/** The share of the gap the target moves when the contract states none. */
export const DEFAULT_SHARE = 0.5;

/**
 * The continuous-improvement reset of an Expected level. When every period of the window
 * strictly beats Expected ("a year above target"; exactly at Expected does not), the target
 * moves toward the window's average by `share` of the gap, the move capped at `maxStep` of
 * the headroom (the distance from Expected to a perfect 100%, or to 0% for `"<="`); else it
 * stays. A period that does not beat Expected decides at once; otherwise a blank period
 * leaves the answer open (`#N/A`). Exact decimal. Cost: O(periods).
 * @param expected - The current Expected level, a fraction.
 * @param attainments - The window, typically the last 12 months.
 * @param options - Share, cap and direction.
 * @returns The next Expected level, or an `#N/A` failure while the window is open.
 * @example nextTarget(0.95, [0.97, 0.98, 0.99]) // => 0.965 (0.95 + 0.5 x (0.98 - 0.95))
 * @example nextTarget(0.95, [0.97, 0.98, 0.99], { maxStep: 0.2 }) // => 0.96 (rise capped at 0.2 x 0.05)
 */
export function nextTarget(expected: number, attainments: Window, options: NextTargetOptions = {}): Result<number> {
  const direction = options.direction ?? DEFAULT_DIRECTION;
  const beaten = judgeWindow(attainments, (a) => beats(a, expected, direction), "attainments");
  if (isFailure(beaten)) return beaten;
  if (!beaten) return expected;
  const current = money(expected);
  const average = sumMoney(attainments.map((a) => money(a as number))).div(money(attainments.length));
  // The gap is positive in both directions: every period beat Expected, so the average does.
  const gap = direction === ">=" ? average.minus(current) : current.minus(average);
  let step = money(options.share ?? DEFAULT_SHARE).times(gap);
  if (options.maxStep !== undefined) {
    const headroom = direction === ">=" ? money(1).minus(current) : current;
    step = minMoney(step, money(options.maxStep).times(headroom));
  }
  return toNumber(direction === ">=" ? current.plus(step) : current.minus(step));
}
