/* Custom functions: service credits and Significant Minimum penalties. Metadata comes from the JSDoc below. */
import { Column } from "../src/column";
import { DEFAULT_POOL_PCT, creditsTotal } from "../src/credits/creditsTotal";
import { earnback } from "../src/credits/earnback";
import { DEFAULT_MISSES_ALLOWED, expectedDefault } from "../src/credits/expectedDefault";
import { DEFAULT_SHARE, nextTarget } from "../src/credits/nextTarget";
import { serviceCredit } from "../src/credits/serviceCredit";
import { sigminPenalty } from "../src/credits/sigminPenalty";
import { Window, WindowNames } from "../src/credits/window";
import { DEFAULT_DIRECTION, Direction, DirectionColumn, parseDirection } from "../src/direction";
import { Result, isFailure } from "../src/errors";
import { excelNumber } from "../src/money";
import {
  Arg,
  FRACTION,
  NON_NEGATIVE,
  NumberRule,
  asFraction,
  asNonNegative,
  asWholeNumber,
  commonShape,
  elementwise,
  optional,
  param,
  positionOf,
  readColumn,
  readDirections,
  scalar,
  shapeOf,
  startCall,
  unwrap,
} from "./excel";

/** Direction text; a blank takes the default `">="`. */
const directionParam = (name: string) => param<Direction>(name, parseDirection, DEFAULT_DIRECTION);

/**
 * A service level or its threshold: 0 or more, a fraction (a percentage) or a number in a
 * unit such as seconds; the library checks that a result and its threshold share a scale.
 */
const LEVEL: NumberRule = NON_NEGATIVE;

/** Reads a window of periods (NaN where blank), with its name and positions for messages. */
function readWindow(arg: Arg, name: string): Result<{ periods: Window; names: WindowNames }> {
  const [rows, cols] = shapeOf(arg);
  const column = readColumn(arg, name, LEVEL, cols);
  if (isFailure(column)) return column;
  const periods = typeof column === "number" ? [column] : column;
  return { periods, names: { arg: name, at: rows * cols === 1 ? undefined : positionOf(cols) } };
}

/** Row-aligned number arguments of a range function, read as columns after checking their shape. */
function readSheet(
  params: readonly { name: string; rule: NumberRule }[],
  args: readonly Arg[],
  directionsName: string,
  directions: Arg,
): Result<{ rows: number; columns: Column[]; directions?: DirectionColumn; at?: (i: number) => string }> {
  const names = [...params.map((p) => p.name), directionsName];
  const shape = commonShape(names, [...args, directions]);
  if (isFailure(shape)) return shape;
  const { rows, cols } = shape;
  const columns: Column[] = [];
  for (let k = 0; k < params.length; k++) {
    const column = readColumn(args[k], params[k].name, params[k].rule, cols);
    if (isFailure(column)) return column;
    columns.push(column);
  }
  const dirs = readDirections(directions, directionsName, cols);
  if (isFailure(dirs)) return dirs;
  const allSingle = [...args, directions].every((a) => shapeOf(a)[0] * shapeOf(a)[1] === 1);
  return { rows: rows * cols, columns, directions: dirs, at: allSingle ? undefined : positionOf(cols) };
}

/**
 * Service level credit of each service: at_risk_amount x category_pct x allocation_pct when the attainment misses the minimum (exactly at the minimum is met), else 0. Element-wise; a blank gives a blank.
 * @customfunction SERVICE_CREDIT
 * @param {any[][]} attainment Measured service level for the period (a fraction, 0.97 = 97%, or a number in the minimum's unit).
 * @param {any[][]} minimum Minimum service level (a fraction, or a number in a unit such as seconds).
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
      param("attainment", LEVEL.coerce),
      param("minimum", LEVEL.coerce),
      param("at_risk_amount", asNonNegative),
      param("allocation_pct", asFraction),
      param("category_pct", asFraction, 1),
      directionParam("direction"),
    ] as const,
    [attainment, minimum, at_risk_amount, allocation_pct, category_pct, direction],
    (a, min, atRisk, allocationPct, categoryPct, dir) => {
      const credit = serviceCredit({ attainment: a, minimum: min, allocationPct, categoryPct, direction: dir }, atRisk);
      return isFailure(credit) ? credit : excelNumber(credit);
    },
  );
}

/**
 * Total service level credits of the month: the sum of the credits of the services that miss their minimum, capped at the at-risk amount. Allocations adding up to more than the pool are rejected. A service with a blank attainment was not measured and earns no credit.
 * @customfunction CREDITS_TOTAL
 * @param {any[][]} attainments Measured service levels, one per service (fractions, or numbers in the minimums' unit).
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
  startCall();
  const sheet = unwrap(
    readSheet(
      [
        { name: "attainments", rule: LEVEL },
        { name: "minimums", rule: LEVEL },
        { name: "allocation_pcts", rule: FRACTION },
        { name: "category_pcts", rule: FRACTION },
      ],
      [attainments, minimums, allocation_pcts, category_pcts],
      "directions",
      directions,
    ),
  );
  const atRisk = unwrap(scalar(at_risk_amount, "at_risk_amount", asNonNegative));
  const poolPct = unwrap(scalar(pool_pct, "pool_pct", asNonNegative, DEFAULT_POOL_PCT));
  const [attainmentColumn, minimumColumn, allocationColumn, categoryColumn] = sheet.columns;
  const total = creditsTotal(
    {
      rows: sheet.rows,
      attainments: attainmentColumn,
      minimums: minimumColumn,
      allocationPcts: allocationColumn,
      categoryPcts: categoryColumn,
      directions: sheet.directions,
      at: sheet.at,
    },
    atRisk,
    { poolPct },
  );
  return unwrap(excelNumber(unwrap(total)));
}

/**
 * Significant Minimum penalties: the sum of the penalties of the services that miss their significant minimum, each judged on its own (not capped, not offset by other services). A service with a blank attainment was not measured.
 * @customfunction SIGMIN_PENALTY
 * @param {any[][]} attainments Measured service levels of the critical services (fractions, or numbers in the significant minimums' unit).
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
  startCall();
  const sheet = unwrap(
    readSheet(
      [
        { name: "attainments", rule: LEVEL },
        { name: "significant_minimums", rule: LEVEL },
        { name: "penalties", rule: NON_NEGATIVE },
      ],
      [attainments, significant_minimums, penalties],
      "directions",
      directions,
    ),
  );
  const [attainmentColumn, minimumColumn, penaltyColumn] = sheet.columns;
  const total = sigminPenalty({
    rows: sheet.rows,
    attainments: attainmentColumn,
    significantMinimums: minimumColumn,
    penalties: penaltyColumn,
    directions: sheet.directions,
    at: sheet.at,
  });
  return unwrap(excelNumber(unwrap(total)));
}

/**
 * Earnback: the credit when every later period meets the expected level (exactly at it is met), 0 as soon as one misses, #N/A while the window still has blank periods and none has missed.
 * @customfunction EARNBACK
 * @param {any} credit The credit that may be earned back.
 * @param {any[][]} later_attainments Measured service levels of the later periods (blank until measured).
 * @param {any} expected Expected service level (a fraction, or a number in the periods' unit).
 * @param {any} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {number} The credit earned back.
 */
export function EARNBACK(credit: any, later_attainments: any[][], expected: any, direction?: any): number {
  startCall();
  const amount = unwrap(scalar(credit, "credit", asNonNegative));
  const window = unwrap(readWindow(later_attainments, "later_attainments"));
  const level = unwrap(scalar(expected, "expected", LEVEL.coerce));
  const dir = unwrap(scalar(direction, "direction", parseDirection, DEFAULT_DIRECTION));
  return unwrap(earnback(amount, window.periods, level, dir, window.names));
}

/**
 * Expected-level default: TRUE when the periods of the window that miss the expected level (exactly at it is met) are more than misses_allowed. Blank periods are not counted.
 * @customfunction EXPECTED_DEFAULT
 * @param {any[][]} attainments Measured service levels of the window, e.g. the last 12 months.
 * @param {any} expected Expected service level (a fraction, or a number in the periods' unit).
 * @param {any} [misses_allowed] Misses tolerated in the window (a whole number, default 3).
 * @param {any} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {boolean} Whether the misses make a default.
 */
export function EXPECTED_DEFAULT(attainments: any[][], expected: any, misses_allowed?: any, direction?: any): boolean {
  startCall();
  const window = unwrap(readWindow(attainments, "attainments"));
  const level = unwrap(scalar(expected, "expected", LEVEL.coerce));
  const allowed = unwrap(scalar(misses_allowed, "misses_allowed", asWholeNumber, DEFAULT_MISSES_ALLOWED));
  const dir = unwrap(scalar(direction, "direction", parseDirection, DEFAULT_DIRECTION));
  return unwrap(expectedDefault(window.periods, level, allowed, dir, window.names));
}

/**
 * Continuous improvement: when every attainment strictly beats the expected level, expected + share x (average - expected), the move capped at max_step x (1 - expected) when given (for "<=", the target moves down and the cap is max_step x expected); else expected. #N/A while the window has blanks and none has failed to beat expected.
 * @customfunction NEXT_TARGET
 * @param {any} expected Current expected service level (a fraction, or a number in the periods' unit).
 * @param {any[][]} attainments Measured service levels of the window, e.g. the last 12 months.
 * @param {any} [share] Share of the gap to the average that the target moves (a fraction, default 0.5).
 * @param {any} [max_step] Largest move, as a share of the headroom to 100% (a fraction; default no cap).
 * @param {any} [direction] ">=" higher is better (default) or "<=" lower is better.
 * @returns {number} The next expected service level.
 */
export function NEXT_TARGET(expected: any, attainments: any[][], share?: any, max_step?: any, direction?: any): number {
  startCall();
  const level = unwrap(scalar(expected, "expected", LEVEL.coerce));
  const window = unwrap(readWindow(attainments, "attainments"));
  const moveShare = unwrap(scalar(share, "share", asFraction, DEFAULT_SHARE));
  const maxStep = unwrap(optional(max_step, "max_step", asFraction));
  const dir = unwrap(scalar(direction, "direction", parseDirection, DEFAULT_DIRECTION));
  return unwrap(nextTarget(level, window.periods, { share: moveShare, maxStep, direction: dir, names: window.names }));
}
