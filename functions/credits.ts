/* Custom functions: service credits and Significant Minimum penalties. Metadata comes from the JSDoc below. */
import { DEFAULT_POOL_PCT, creditsTotal } from "../src/credits/creditsTotal";
import { DEFAULT_DIRECTION, Direction, parseDirection } from "../src/direction";
import { earnback } from "../src/credits/earnback";
import { DEFAULT_MISSES_ALLOWED, expectedDefault } from "../src/credits/expectedDefault";
import { DEFAULT_SHARE, nextTarget } from "../src/credits/nextTarget";
import { serviceCredit } from "../src/credits/serviceCredit";
import { sigminPenalty } from "../src/credits/sigminPenalty";
import { Window } from "../src/credits/window";
import { Result, isFailure } from "../src/errors";
import { toNumber } from "../src/money";
import {
  Arg,
  asFraction,
  asNonNegative,
  asWholeNumber,
  elementwise,
  optional,
  param,
  readAligned,
  scalar,
  unwrap,
} from "./excel";

/** Direction text; a blank takes the default `">="`. */
const directionParam = (name: string) => param<Direction>(name, parseDirection, DEFAULT_DIRECTION);

/** Reads a window of periods, blanks kept as `undefined`. */
function readWindow(arg: Arg, name: string): Result<Window> {
  const rows = readAligned([param(name, asFraction)] as const, [arg]);
  return isFailure(rows) ? rows : rows.cells.map((row) => row.values[0]);
}

/**
 * Service level credit of each service: at_risk_amount x category_pct x allocation_pct when the attainment misses the minimum (exactly at the minimum is met), else 0. Element-wise; a blank gives a blank.
 * @customfunction SERVICE_CREDIT
 * @param {any[][]} attainment Measured service level for the period (a fraction, 0.97 = 97%).
 * @param {any[][]} minimum Minimum service level (a fraction).
 * @param {any[][]} at_risk_amount At-risk amount for the period.
 * @param {any[][]} allocation_pct Allocation percentage of the service level (a fraction).
 * @param {any[][]} [category_pct] Category share (a fraction, default 1).
 * @param {any[][]} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {any[][]} The credit of each service.
 */
export function SERVICE_CREDIT(
  attainment: any[][],
  minimum: any[][],
  at_risk_amount: any[][],
  allocation_pct: any[][],
  category_pct?: any[][],
  direction?: any[][],
): any[][] {
  return elementwise(
    [
      param("attainment", asFraction),
      param("minimum", asFraction),
      param("at_risk_amount", asNonNegative),
      param("allocation_pct", asFraction),
      param("category_pct", asFraction, 1),
      directionParam("direction"),
    ] as const,
    [attainment, minimum, at_risk_amount, allocation_pct, category_pct, direction],
    (a, min, atRisk, allocationPct, categoryPct, dir) =>
      toNumber(serviceCredit({ attainment: a, minimum: min, allocationPct, categoryPct, direction: dir }, atRisk)),
  );
}

/**
 * Total service level credits of the month: the sum of the credits of the services that miss their minimum, capped at the at-risk amount. Allocations adding up to more than the pool are rejected. A service with a blank attainment was not measured and earns no credit.
 * @customfunction CREDITS_TOTAL
 * @param {any[][]} attainments Measured service levels, one per service (fractions).
 * @param {any[][]} minimums Minimum service levels: one value, or a range aligned with attainments.
 * @param {any[][]} allocation_pcts Allocation percentages: one value, or a range aligned with attainments.
 * @param {any} at_risk_amount At-risk amount for the month: the cap.
 * @param {any} [pool_pct] Pool Percentage Available for Allocation (a fraction, default 2.5 = 250%).
 * @param {any[][]} [category_pcts] Category shares: one value, or a range aligned with attainments (default 1).
 * @param {any[][]} [directions] ">=" (default) or "<=": one value, or a range aligned with attainments.
 * @returns {number} The capped total credit.
 */
export function CREDITS_TOTAL(
  attainments: any[][],
  minimums: any[][],
  allocation_pcts: any[][],
  at_risk_amount: any,
  pool_pct?: any,
  category_pcts?: any[][],
  directions?: any[][],
): number {
  const sheet = unwrap(
    readAligned(
      [
        param("attainments", asFraction),
        param("minimums", asFraction),
        param("allocation_pcts", asFraction),
        param("category_pcts", asFraction, 1),
        directionParam("directions"),
      ] as const,
      [attainments, minimums, allocation_pcts, category_pcts, directions],
    ),
  );
  const atRisk = unwrap(scalar(at_risk_amount, "at_risk_amount", asNonNegative));
  const poolPct = unwrap(scalar(pool_pct, "pool_pct", asNonNegative, DEFAULT_POOL_PCT));
  const rows = sheet.cells.map(({ values: [attainment, minimum, allocationPct, categoryPct, dir], at }) => ({
    attainment,
    minimum,
    allocationPct,
    categoryPct,
    direction: dir,
    at,
  }));
  return toNumber(unwrap(creditsTotal(rows, atRisk, { poolPct })));
}

/**
 * Significant Minimum penalties: the sum of the penalties of the services that miss their significant minimum, each judged on its own (not capped, not offset by other services). A service with a blank attainment was not measured.
 * @customfunction SIGMIN_PENALTY
 * @param {any[][]} attainments Measured service levels of the critical services (fractions).
 * @param {any[][]} significant_minimums Significant Minimums: one value, or a range aligned with attainments.
 * @param {any[][]} penalties Penalty of each service: one value, or a range aligned with attainments.
 * @param {any[][]} [directions] ">=" (default) or "<=": one value, or a range aligned with attainments.
 * @returns {number} The total penalty.
 */
export function SIGMIN_PENALTY(
  attainments: any[][],
  significant_minimums: any[][],
  penalties: any[][],
  directions?: any[][],
): number {
  const sheet = unwrap(
    readAligned(
      [
        param("attainments", asFraction),
        param("significant_minimums", asFraction),
        param("penalties", asNonNegative),
        directionParam("directions"),
      ] as const,
      [attainments, significant_minimums, penalties, directions],
    ),
  );
  const rows = sheet.cells.map(({ values: [attainment, significantMinimum, penalty, dir], at }) => ({
    attainment,
    significantMinimum,
    penalty,
    direction: dir,
    at,
  }));
  return toNumber(unwrap(sigminPenalty(rows)));
}

/**
 * Earnback: the credit when every later period meets the expected level (exactly at it is met), 0 as soon as one misses, #N/A while the window still has blank periods and none has missed.
 * @customfunction EARNBACK
 * @param {any} credit The credit that may be earned back.
 * @param {any[][]} later_attainments Measured service levels of the later periods (blank until measured).
 * @param {any} expected Expected service level (a fraction).
 * @param {any} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {number} The credit earned back.
 */
export function EARNBACK(credit: any, later_attainments: any[][], expected: any, direction?: any): number {
  const amount = unwrap(scalar(credit, "credit", asNonNegative));
  const window = unwrap(readWindow(later_attainments, "later_attainments"));
  const level = unwrap(scalar(expected, "expected", asFraction));
  const dir = unwrap(scalar(direction, "direction", parseDirection, DEFAULT_DIRECTION));
  return unwrap(earnback(amount, window, level, dir));
}

/**
 * Expected-level default: TRUE when the periods of the window that miss the expected level (exactly at it is met) are more than misses_allowed. Blank periods are not counted.
 * @customfunction EXPECTED_DEFAULT
 * @param {any[][]} attainments Measured service levels of the window, e.g. the last 12 months.
 * @param {any} expected Expected service level (a fraction).
 * @param {any} [misses_allowed] Misses tolerated in the window (a whole number, default 3).
 * @param {any} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {boolean} Whether the misses make a default.
 */
export function EXPECTED_DEFAULT(attainments: any[][], expected: any, misses_allowed?: any, direction?: any): boolean {
  const window = unwrap(readWindow(attainments, "attainments"));
  const level = unwrap(scalar(expected, "expected", asFraction));
  const allowed = unwrap(scalar(misses_allowed, "misses_allowed", asWholeNumber, DEFAULT_MISSES_ALLOWED));
  const dir = unwrap(scalar(direction, "direction", parseDirection, DEFAULT_DIRECTION));
  return expectedDefault(window, level, allowed, dir);
}

/**
 * Continuous improvement: when every attainment strictly beats the expected level, expected + share x (average - expected), the move capped at max_step x (1 - expected) when given (for "<=", the target moves down and the cap is max_step x expected); else expected. #N/A while the window has blanks and none has failed to beat expected.
 * @customfunction NEXT_TARGET
 * @param {any} expected Current expected service level (a fraction).
 * @param {any[][]} attainments Measured service levels of the window, e.g. the last 12 months.
 * @param {any} [share] Share of the gap to the average that the target moves (a fraction, default 0.5).
 * @param {any} [max_step] Largest move, as a share of the headroom to 100% (a fraction; default no cap).
 * @param {any} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {number} The next expected service level.
 */
export function NEXT_TARGET(expected: any, attainments: any[][], share?: any, max_step?: any, direction?: any): number {
  const level = unwrap(scalar(expected, "expected", asFraction));
  const window = unwrap(readWindow(attainments, "attainments"));
  const moveShare = unwrap(scalar(share, "share", asFraction, DEFAULT_SHARE));
  const maxStep = unwrap(optional(max_step, "max_step", asFraction));
  const dir = unwrap(scalar(direction, "direction", parseDirection, DEFAULT_DIRECTION));
  return unwrap(nextTarget(level, window, { share: moveShare, maxStep, direction: dir }));
}
