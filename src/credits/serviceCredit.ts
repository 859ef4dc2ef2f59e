import { Money, ZERO, money } from "../money";
import { DEFAULT_DIRECTION, Direction, misses } from "../direction";

/** One service level's terms and its result for the period. Percentages are fractions. */
export interface CreditLine {
  /** The measured service level for the period. */
  readonly attainment: number;
  /** The Minimum service level; missing it earns a credit. */
  readonly minimum: number;
  /** The service level's allocation percentage of the at-risk amount. */
  readonly allocationPct: number;
  /** The share of its category (default 1). */
  readonly categoryPct?: number;
  /** Which way the service level points (default `">="`). */
  readonly direction?: Direction;
}

/**
 * The service level credit of one service for one period, in exact decimal:
 * at-risk amount x category share x allocation when the attainment misses the Minimum,
 * else zero. Exactly at the Minimum is met. Inputs are taken as valid (the caller checks
 * ranges). Cost: O(1).
 * @param line - The service level and its result.
 * @param atRiskAmount - The at-risk amount for the period.
 * @returns The credit; convert with `toNumber` to hand it to Excel.
 * @example serviceCredit({ attainment: 0.97, minimum: 0.98, allocationPct: 0.4, categoryPct: 0.5 }, 10000).toString() // => "2000"
 */
export function serviceCredit(line: CreditLine, atRiskAmount: number): Money {
  if (!misses(line.attainment, line.minimum, line.direction ?? DEFAULT_DIRECTION)) return ZERO;
  return money(atRiskAmount)
    .times(money(line.categoryPct ?? 1))
    .times(money(line.allocationPct));
}
