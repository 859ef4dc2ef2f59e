import { Failure, Result, fail, messages } from "../errors";
import { Column, valueAt } from "../column";
import { DirectionColumn, Direction, directionAt, directionCodes, misses } from "../direction";
import { ExactSum, Money, minMoney, money } from "../money";
import { missingWhereMeasured } from "./measured";
import { checkSameScale, sameScale } from "./scale";

/**
 * A month sheet of service levels as columns (see `Column`): row `i` of every column is one
 * service. A row without an attainment was not measured: it earns no credit, but its
 * allocation still counts toward the pool, because the allocation schedule is part of the
 * contract whatever was measured.
 */
export interface CreditSheet {
  /** How many services (rows). */
  readonly rows: number;
  /** Measured service levels: fractions, or numbers in a unit on the same scale as the minimums. */
  readonly attainments: Column;
  readonly minimums: Column;
  readonly allocationPcts: Column;
  /** Blank means 1. */
  readonly categoryPcts?: Column;
  /** Blank means `">="`. */
  readonly directions?: DirectionColumn;
  /** Where row `i` sits in the sheet ("row 3, column 1"), for messages. */
  readonly at?: (row: number) => string | undefined;
}

/** One row of a month sheet as an object; a blank cell is `undefined`. See {@link creditSheet}. */
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

/**
 * A month sheet from row objects (a few services; the custom functions build columns directly).
 * @example creditSheet([{ attainment: 0.97, minimum: 0.98, allocationPct: 0.4 }]).rows // => 1
 */
export function creditSheet(rows: readonly CreditRow[]): CreditSheet {
  const column = (pick: (row: CreditRow) => number | undefined) => rows.map((row) => pick(row) ?? NaN);
  return {
    rows: rows.length,
    attainments: column((r) => r.attainment),
    minimums: column((r) => r.minimum),
    allocationPcts: column((r) => r.allocationPct),
    categoryPcts: column((r) => r.categoryPct),
    directions: directionCodes(rows.map((r) => r.direction)),
    at: (i) => rows[i].at,
  };
}

/** Options of {@link creditsTotal}. */
export interface CreditsTotalOptions {
  /** The Pool Percentage Available for Allocation, as a fraction (default 2.5 = 250%). */
  readonly poolPct?: number;
}

// Hot-path copies of the functions the row loop calls: a module's own bindings are plain
// locals under every loader (webpack, ts-jest, tsx), while an imported binding may be a
// getter call on each use, which cost more than the loop's own work over 1,000,000 rows.
const cell = valueAt;
const directionOf = directionAt;
const missesLevel = misses;
const onSameScale = sameScale;

/** The pool when the contract states none: 250%. */
export const DEFAULT_POOL_PCT = 2.5;

/**
 * The month's service level credits: the sum of every measured service's credit, capped
 * at the at-risk amount, after checking that the allocations fit in the pool. Exact decimal
 * throughout: the credits are at-risk x the exact sum of category x allocation over the
 * services that miss. Cost: O(rows), no allocation per row.
 * @param sheet - The service levels, one per row (see {@link creditSheet} for row objects).
 * @param atRiskAmount - The at-risk amount for the month (the cap).
 * @param options - The pool percentage.
 * @returns The capped total, or a `#VALUE!` failure when a measured row lacks its minimum
 *   or allocation, when an attainment and its minimum are on different scales (see
 *   `checkSameScale`), or when the allocations add up to more than the pool.
 * @example creditsTotal(creditSheet([{ attainment: 0.97, minimum: 0.98, allocationPct: 0.4, categoryPct: 0.5 }]), 10000) // => money 2000
 * @example creditsTotal(creditSheet([{ attainment: 0.9, minimum: 0.98, allocationPct: 1 }, { attainment: 0.5, minimum: 0.9, allocationPct: 1 }]), 10000) // => money 10000 (20000 capped)
 */
export function creditsTotal(
  sheet: CreditSheet,
  atRiskAmount: number,
  options: CreditsTotalOptions = {},
): Result<Money> {
  const { rows, attainments, minimums, allocationPcts, categoryPcts = NaN, directions } = sheet;
  // The pool check needs the exact total only near the pool: a floating-point sum of n
  // numbers from 0 to 1 is within about n x 2^-53 x the sum of the exact decimal one (and the
  // pool within 2^-53 of its decimal), so outside a margin of twice that it decides, and the
  // exact sum is made (a second pass) only when it cannot.
  let allocatedApprox = 0;
  const missed = new ExactSum();
  for (let i = 0; i < rows; i++) {
    const allocationPct = cell(allocationPcts, i);
    if (allocationPct !== undefined) allocatedApprox += allocationPct;
    const attainment = cell(attainments, i);
    if (attainment === undefined) continue;
    const minimum = cell(minimums, i);
    if (minimum === undefined || allocationPct === undefined) {
      const arg = minimum === undefined ? "minimums" : "allocation_pcts";
      return missingWhereMeasured(arg, sheet.at?.(i));
    }
    if (!onSameScale(attainment, minimum)) {
      const names = { result: "attainments", threshold: "minimums", at: sheet.at?.(i) };
      return checkSameScale(attainment, minimum, names) as Failure;
    }
    if (missesLevel(attainment, minimum, directionOf(directions, i))) {
      missed.addProduct(cell(categoryPcts, i) ?? 1, allocationPct);
    }
  }
  const poolPct = options.poolPct ?? DEFAULT_POOL_PCT;
  const margin = (rows + 2) * 2 ** -52 * Math.max(allocatedApprox, poolPct);
  if (!(allocatedApprox < poolPct - margin)) {
    const allocated = new ExactSum();
    for (let i = 0; i < rows; i++) {
      const allocationPct = cell(allocationPcts, i);
      if (allocationPct !== undefined) allocated.add(allocationPct);
    }
    const pool = money(poolPct);
    const allocatedTotal = allocated.total();
    if (allocatedTotal.cmp(pool) > 0) {
      return fail("#VALUE!", messages.poolExceeded(percentText(allocatedTotal), percentText(pool)));
    }
  }
  const atRisk = money(atRiskAmount);
  return minMoney(atRisk.times(missed.total()), atRisk);
}

/** "2.6 (260%)": a fraction as typed and as Excel shows it formatted as a percentage, both exact. */
function percentText(fraction: Money): string {
  return `${fraction.toString()} (${fraction.times(money(100)).toString()}%)`;
}
