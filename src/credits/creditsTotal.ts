import { Result, fail, isFailure, messages } from "../errors";
import { Money, minMoney, money, sumMoney } from "../money";
import { Direction } from "../direction";
import { requiredWhenMeasured } from "./measured";
import { serviceCredit } from "./serviceCredit";

/**
 * One row of a month sheet. A blank cell is `undefined`. A row without an attainment was
 * not measured: it earns no credit, but its allocation still counts toward the pool,
 * because the allocation schedule is part of the contract whatever was measured.
 */
export interface CreditRow {
  readonly attainment?: number;
  readonly minimum?: number;
  readonly allocationPct?: number;
  /** Default 1. */
  readonly categoryPct?: number;
  /** Default `">="`. */
  readonly direction?: Direction;
  /** Where the row sits in the sheet ("row 3, column 1"), for messages. */
  readonly at?: string;
}

/** Options of {@link creditsTotal}. */
export interface CreditsTotalOptions {
  /** The Pool Percentage Available for Allocation, as a fraction (default 2.5 = 250%). */
  readonly poolPct?: number;
}

/** The pool when the contract states none: 250%. */
export const DEFAULT_POOL_PCT = 2.5;

/**
 * The month's service level credits: the sum of every measured service's credit, capped
 * at the at-risk amount, after checking that the allocations fit in the pool.
 * Exact decimal throughout. Cost: O(rows).
 * @param rows - The service levels, one per row of the sheet.
 * @param atRiskAmount - The at-risk amount for the month (the cap).
 * @param options - The pool percentage.
 * @returns The capped total, or a `#VALUE!` failure when a measured row lacks its minimum
 *   or allocation, or when the allocations add up to more than the pool.
 * @example creditsTotal([{ attainment: 0.97, minimum: 0.98, allocationPct: 0.4, categoryPct: 0.5 }], 10000) // => money 2000
 * @example creditsTotal([{ attainment: 0.9, minimum: 0.98, allocationPct: 1 }, { attainment: 0.5, minimum: 0.9, allocationPct: 1 }], 10000) // => money 10000 (20000 capped)
 */
export function creditsTotal(
  rows: readonly CreditRow[],
  atRiskAmount: number,
  options: CreditsTotalOptions = {},
): Result<Money> {
  const credits: Money[] = [];
  const allocations: Money[] = [];
  for (const row of rows) {
    if (row.allocationPct !== undefined) allocations.push(money(row.allocationPct));
    if (row.attainment === undefined) continue;
    const minimum = requiredWhenMeasured(row.minimum, "minimums", row.at);
    if (isFailure(minimum)) return minimum;
    const allocationPct = requiredWhenMeasured(row.allocationPct, "allocation_pcts", row.at);
    if (isFailure(allocationPct)) return allocationPct;
    credits.push(serviceCredit({ ...row, attainment: row.attainment, minimum, allocationPct }, atRiskAmount));
  }
  const allocated = sumMoney(allocations);
  const pool = money(options.poolPct ?? DEFAULT_POOL_PCT);
  if (allocated.cmp(pool) > 0) return fail("#VALUE!", messages.poolExceeded(percentText(allocated), percentText(pool)));
  return minMoney(sumMoney(credits), money(atRiskAmount));
}

/** "2.6 (260%)": a fraction as typed and as Excel shows it formatted as a percentage, both exact. */
function percentText(fraction: Money): string {
  return `${fraction.toString()} (${fraction.times(money(100)).toString()}%)`;
}
