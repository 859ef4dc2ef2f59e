/**
 * Run rate: monthly savings annualised, the figure a controller quotes for "what this
 * measure is worth per year now".
 */
import { Result, fail, messages } from "../errors";
import { ExactSum, Money, money } from "../money";

/** Default number of latest periods averaged (a quarter of monthly figures). */
export const DEFAULT_RUN_RATE_WINDOW = 3;
/** Default periods per year (monthly figures). */
export const DEFAULT_PERIODS_PER_YEAR = 12;

/**
 * Annualised run rate: the average of the latest `window` reported periods times
 * `periodsPerYear`, in exact decimal (the sum is multiplied before it is divided, so
 * 3 months annualise without a rounding step). Fewer reported periods than `window`
 * is `#N/A`: the run rate is not known yet, and annualising fewer months than asked
 * would overstate a good month. Cost: O(periods), a BigNumber only for the window.
 * @param periods - The savings per period, oldest first, undefined or NaN where not reported yet (not mutated).
 * @param window - How many latest periods to average; a whole number of 1 or more (default 3).
 * @param periodsPerYear - 12 for monthly figures (default), 4 for quarterly; greater than 0.
 * @returns The annual run rate, `#N/A` when too few periods are reported, `#VALUE!` for a bad window or year.
 * @example toNumber(unwrap(annualRunRate([10, 20, 30, 40]))) // => 360 ((20 + 30 + 40) / 3 x 12)
 * @example annualRunRate([10], 3) // => #N/A failure: needs 3 reported periods, got 1
 */
export function annualRunRate(
  periods: ArrayLike<number | undefined>,
  window = DEFAULT_RUN_RATE_WINDOW,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): Result<Money> {
  if (!Number.isInteger(window) || window < 1) return fail("#VALUE!", messages.notCount("window", window));
  if (!(periodsPerYear > 0)) return fail("#VALUE!", messages.notPositive("periods_per_year", periodsPerYear));
  // The latest `window` reported periods, read from the end; blanks (undefined or NaN) are
  // periods not reported yet.
  // Summed exactly as they are read (ExactSum: no BigNumber per period for the usual amounts),
  // so a window of 1,000,000 periods costs about what a loop does.
  const latest = new ExactSum();
  let taken = 0;
  let reported = 0;
  for (let i = periods.length - 1; i >= 0; i--) {
    const p = periods[i];
    if (p === undefined || p !== p) continue;
    if (taken < window) {
      latest.add(p);
      taken++;
    }
    reported++;
  }
  if (reported < window) return fail("#N/A", messages.tooFewPeriods("monthly_savings", window, reported));
  return latest.total().times(money(periodsPerYear)).div(money(window));
}
