import { DEFAULT_DIRECTION, Direction, misses } from "../direction";
import { Failure, Result } from "../errors";
import { Money, ZERO, money } from "../money";
import { checkSameScale } from "./scale";

/** One service level's terms and its result for the period. Percentages are fractions. */
export interface CreditLine {
  /** The measured service level for the period: a fraction, or a number in a unit on the minimum's scale. */
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
 * else zero. Exactly at the Minimum is met. The attainment and the Minimum must be on the
 * same scale (see `checkSameScale`); other ranges are the caller's to check. Cost: O(1).
 * @param line - The service level and its result.
 * @param atRiskAmount - The at-risk amount for the period.
 * @param at - The position inside a range, for the message.
 * @returns The credit (convert with `excelNumber` to hand it to Excel), or a `#VALUE!`
 *   failure when the attainment and the Minimum are on different scales.
 * @example serviceCredit({ attainment: 0.97, minimum: 0.98, allocationPct: 0.4, categoryPct: 0.5 }, 10000).toString() // => "2000"
 * @example serviceCredit({ attainment: 45, minimum: 30, allocationPct: 0.4, direction: "<=" }, 10000).toString() // => "4000" (seconds to answer)
 */
export function serviceCredit(line: CreditLine, atRiskAmount: number, at?: string): Result<Money> {
  const scale = checkSameScale(line.attainment, line.minimum, { at });
  if (scale) return scale as Failure;
  if (!misses(line.attainment, line.minimum, line.direction ?? DEFAULT_DIRECTION)) return ZERO;
  return money(atRiskAmount)
    .times(money(line.categoryPct ?? 1))
    .times(money(line.allocationPct));
}
