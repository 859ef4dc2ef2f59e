/**
 * CREDITS_TOTAL and SIGMIN_PENALTY straight from the cells Excel hands over, in one pass
 * over the rows: the fast path for the usual sheet, every cell a plain number (or a blank)
 * and every direction `">="` or `"<="`.
 *
 * Why a second path: reading five 1,000,000-cell ranges into columns (src/column.ts) and
 * then looping over the columns costs each cell twice; reading every argument's cell of a
 * row together and deciding the row at once keeps the functions within 3x GOV.ATTAINMENT.
 *
 * The fast path decides only what it is sure of. Whenever a row would need a message (a
 * bad or missing value, a scale mismatch) or a cell needs coercion (text such as " <= "
 * that needs trimming is still taken), or the pool check needs the exact sum, it answers
 * `undefined` and the caller takes the general path (readColumn + creditsTotal /
 * sigminPenalty), which has the last word on every failure. Results are the same exact
 * decimal: the same `ExactSum`, fed the same terms in the same order.
 */
import { parseDirection } from "../direction";
import { isFailure } from "../errors";
import { ExactSum, Money } from "../money";
import { capped, clearlyFits } from "./creditsTotal";
import { sameScale } from "./scale";

/**
 * A row-aligned argument as Excel hands it: a range of `rows x cols` cells (`grid`), or one
 * value for every row (`grid` undefined, the value in `one`).
 */
export interface CellColumn {
  readonly grid: readonly (readonly unknown[])[] | undefined;
  readonly one: unknown;
}

/** The accepted range of a number argument; a number outside it needs the general path. */
export interface Bounds {
  readonly lo: number;
  readonly hi: number;
}

/** What {@link cellNumber} answers for a cell the fast path cannot take. */
const TAKE_GENERAL_PATH = Infinity;

/**
 * A cell as a number: the number when it lies within `lo..hi` (finite), NaN when blank
 * (`""`, `null`, `undefined`), else {@link TAKE_GENERAL_PATH} (never a valid cell).
 * Small enough to be inlined into the row loops.
 */
function cellNumber(v: unknown, lo: number, hi: number): number {
  if (typeof v === "number") return v >= lo && v <= hi ? v : TAKE_GENERAL_PATH;
  return v === "" || v === null || v === undefined ? NaN : TAKE_GENERAL_PATH;
}

/** Direction codes: 0 `">="` (also blank), 1 `"<="`, 2 take the general path. */
const HIGHER = 0;
const LOWER = 1;
const BAD = 2;

/** Reads direction cells, remembering the last text that needed trimming (a sheet repeats it). */
class DirectionCells {
  private lastText: unknown = undefined;
  private lastCode = BAD;
  code(v: unknown): number {
    if (v === ">=" || v === "" || v === null || v === undefined) return HIGHER;
    if (v === "<=") return LOWER;
    if (v !== this.lastText) {
      const d = parseDirection(v, "directions");
      this.lastText = v;
      this.lastCode = isFailure(d) ? BAD : d === "<=" ? LOWER : HIGHER;
    }
    return this.lastCode;
  }
}

/** True when `attainment` misses `minimum` in the direction of `code` (exactly at it is met). */
function missesCode(attainment: number, minimum: number, code: number): boolean {
  return code === LOWER ? attainment > minimum : attainment < minimum;
}

/** The arguments of {@link creditsTotalOfCells}, each read as the matching `creditsTotal` column. */
export interface CreditCells {
  readonly rows: number;
  readonly cols: number;
  readonly attainments: CellColumn;
  readonly minimums: CellColumn;
  readonly allocationPcts: CellColumn;
  readonly categoryPcts: CellColumn;
  readonly directions: CellColumn;
  /** The accepted range of attainments and minimums. */
  readonly level: Bounds;
  /** The accepted range of allocations and categories. */
  readonly fraction: Bounds;
}

/**
 * `creditsTotal` over cells in one pass, or `undefined` when the general path must decide
 * (see the module comment). Cost: O(rows x cols), no allocation per row.
 * @param sheet - The cells and their bounds.
 * @param atRiskAmount - The at-risk amount (the cap).
 * @param poolPct - The pool percentage.
 * @returns The capped total, exactly as `creditsTotal` gives it, or undefined.
 * @example creditsTotalOfCells({ rows: 1, cols: 1, attainments: { grid: [[0.97]], one: undefined }, minimums: { grid: undefined, one: 0.98 }, allocationPcts: { grid: undefined, one: 0.4 }, categoryPcts: { grid: undefined, one: 0.5 }, directions: { grid: undefined, one: null }, level: { lo: 0, hi: 1e308 }, fraction: { lo: 0, hi: 1 } }, 10000, 2.5) // => money 2000
 */
export function creditsTotalOfCells(sheet: CreditCells, atRiskAmount: number, poolPct: number): Money | undefined {
  const { rows, cols, attainments, minimums, allocationPcts, categoryPcts, directions, level, fraction } = sheet;
  const { lo, hi } = level;
  const fLo = fraction.lo;
  const fHi = fraction.hi;
  // Each argument as its range (undefined for a single value) and its single value: plain
  // locals, so the row loop reads cells without a call or a property lookup.
  const aG = attainments.grid;
  const aOne = attainments.one;
  const mG = minimums.grid;
  const mOne = minimums.one;
  const pG = allocationPcts.grid;
  const pOne = allocationPcts.one;
  const cG = categoryPcts.grid;
  const cOne = categoryPcts.one;
  const dG = directions.grid;
  const dOne = directions.one;
  const dirs = new DirectionCells();
  const missed = new ExactSum();
  let allocatedApprox = 0;
  for (let r = 0; r < rows; r++) {
    // One statement each: an array literal here would be an allocation per row.
    const aRow = aG === undefined ? undefined : aG[r];
    const mRow = mG === undefined ? undefined : mG[r];
    const pRow = pG === undefined ? undefined : pG[r];
    const cRow = cG === undefined ? undefined : cG[r];
    const dRow = dG === undefined ? undefined : dG[r];
    for (let c = 0; c < cols; c++) {
      // Every cell of the row is read, measured or not, as the general path checks them all.
      const attainment = cellNumber(aRow === undefined ? aOne : aRow[c], lo, hi);
      const minimum = cellNumber(mRow === undefined ? mOne : mRow[c], lo, hi);
      const allocationPct = cellNumber(pRow === undefined ? pOne : pRow[c], fLo, fHi);
      const categoryPct = cellNumber(cRow === undefined ? cOne : cRow[c], fLo, fHi);
      const code = dirs.code(dRow === undefined ? dOne : dRow[c]);
      if (
        attainment === TAKE_GENERAL_PATH ||
        minimum === TAKE_GENERAL_PATH ||
        allocationPct === TAKE_GENERAL_PATH ||
        categoryPct === TAKE_GENERAL_PATH ||
        code === BAD
      )
        return undefined;
      if (allocationPct === allocationPct) allocatedApprox += allocationPct;
      if (attainment !== attainment) continue; // not measured
      // A measured row without its minimum or allocation, or on another scale: a message.
      if (minimum !== minimum || allocationPct !== allocationPct || !sameScale(attainment, minimum)) return undefined;
      if (missesCode(attainment, minimum, code)) {
        missed.addProduct(categoryPct === categoryPct ? categoryPct : 1, allocationPct);
      }
    }
  }
  return clearlyFits(allocatedApprox, rows * cols, poolPct) ? capped(atRiskAmount, missed) : undefined;
}

/** The arguments of {@link sigminPenaltyOfCells}, each read as the matching `sigminPenalty` column. */
export interface PenaltyCells {
  readonly rows: number;
  readonly cols: number;
  readonly attainments: CellColumn;
  readonly significantMinimums: CellColumn;
  readonly penalties: CellColumn;
  readonly directions: CellColumn;
  /** The accepted range of attainments and significant minimums. */
  readonly level: Bounds;
  /** The accepted range of penalties. */
  readonly amount: Bounds;
}

/**
 * `sigminPenalty` over cells in one pass, or `undefined` when the general path must decide
 * (see the module comment). Cost: O(rows x cols), no allocation per row.
 * @param sheet - The cells and their bounds.
 * @returns The total penalty, exactly as `sigminPenalty` gives it, or undefined.
 * @example sigminPenaltyOfCells({ rows: 2, cols: 1, attainments: { grid: [[0.95], [1]], one: undefined }, significantMinimums: { grid: undefined, one: 0.97 }, penalties: { grid: undefined, one: 5000 }, directions: { grid: undefined, one: null }, level: { lo: 0, hi: 1e308 }, amount: { lo: 0, hi: 1e308 } }) // => money 5000
 */
export function sigminPenaltyOfCells(sheet: PenaltyCells): Money | undefined {
  const { rows, cols, attainments, significantMinimums, penalties, directions, level, amount } = sheet;
  const { lo, hi } = level;
  const aLo = amount.lo;
  const aHi = amount.hi;
  const aG = attainments.grid;
  const aOne = attainments.one;
  const mG = significantMinimums.grid;
  const mOne = significantMinimums.one;
  const pG = penalties.grid;
  const pOne = penalties.one;
  const dG = directions.grid;
  const dOne = directions.one;
  const dirs = new DirectionCells();
  const owed = new ExactSum();
  for (let r = 0; r < rows; r++) {
    const aRow = aG === undefined ? undefined : aG[r];
    const mRow = mG === undefined ? undefined : mG[r];
    const pRow = pG === undefined ? undefined : pG[r];
    const dRow = dG === undefined ? undefined : dG[r];
    for (let c = 0; c < cols; c++) {
      const attainment = cellNumber(aRow === undefined ? aOne : aRow[c], lo, hi);
      const minimum = cellNumber(mRow === undefined ? mOne : mRow[c], lo, hi);
      const penalty = cellNumber(pRow === undefined ? pOne : pRow[c], aLo, aHi);
      const code = dirs.code(dRow === undefined ? dOne : dRow[c]);
      if (
        attainment === TAKE_GENERAL_PATH ||
        minimum === TAKE_GENERAL_PATH ||
        penalty === TAKE_GENERAL_PATH ||
        code === BAD
      )
        return undefined;
      if (attainment !== attainment) continue; // not measured
      if (minimum !== minimum || penalty !== penalty || !sameScale(attainment, minimum)) return undefined;
      if (missesCode(attainment, minimum, code)) owed.add(penalty);
    }
  }
  return owed.total();
}
