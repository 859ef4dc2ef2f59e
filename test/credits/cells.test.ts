import fc from "fast-check";
import { CellColumn, creditsTotalOfCells, sigminPenaltyOfCells } from "../../src/credits/cells";
import { creditsTotal } from "../../src/credits/creditsTotal";
import { sigminPenalty } from "../../src/credits/sigminPenalty";
import { isFailure } from "../../src/errors";
import { Money } from "../../src/money";
import {
  Arg,
  FRACTION,
  NON_NEGATIVE,
  Cell,
  cellColumn,
  commonShape,
  readColumn,
  readDirections,
  startCall,
} from "../../functions/excel";

// The one-pass paths must give exactly what the general path (columns read by readColumn,
// then creditsTotal / sigminPenalty) gives, and answer `undefined` rather than differ.

const rows = 5;
const cols = 2;

/** A range of `rows x cols` cells from `cell`, or one value. */
const argOf = (cell: fc.Arbitrary<Cell>): fc.Arbitrary<Arg> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    },
    { weight: 1, arbitrary: cell },
  );

const blank = fc.constantFrom<Cell>("", null, undefined);
const level = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
  fc.integer({ min: 0, max: 600 }).map((n) => n / 10), // seconds, on another scale than fractions
);
const fraction = fc.integer({ min: 0, max: 100 }).map((n) => n / 1000);
const direction = fc.constantFrom<Cell>(">=", "<=", " <= ", ">= ", "", null);
/** Anything a user may type, good or bad. */
const anything = fc.oneof(
  level,
  fraction,
  blank,
  fc.constantFrom<Cell>("x", -1, 1.5, true, "0.5", Infinity, NaN, 1e308),
);
const anyDirection = fc.oneof(direction, fc.constantFrom<Cell>("=>", "x", 1, true));

const at = { lo: NON_NEGATIVE.lo, hi: NON_NEGATIVE.hi };
const frac = { lo: FRACTION.lo, hi: FRACTION.hi };

/** The general path of CREDITS_TOTAL over the same arguments. */
function generalCredits(args: Arg[], atRisk: number, poolPct: number): Money | "failure" {
  startCall();
  const shape = commonShape(["a", "m", "p", "c", "d"], args);
  if (isFailure(shape)) return "failure";
  const rules = [NON_NEGATIVE, NON_NEGATIVE, FRACTION, FRACTION];
  const columns = rules.map((rule, k) => readColumn(args[k], "x", rule, shape.cols));
  const directions = readDirections(args[4], "d", shape.cols);
  if (columns.some(isFailure) || isFailure(directions)) return "failure";
  const [attainments, minimums, allocationPcts, categoryPcts] = columns as (Float64Array | number)[];
  const sheet = { rows: shape.rows * shape.cols, attainments, minimums, allocationPcts, categoryPcts, directions };
  const total = creditsTotal(sheet, atRisk, { poolPct });
  return isFailure(total) ? "failure" : total;
}

function generalPenalty(args: Arg[]): Money | "failure" {
  startCall();
  const shape = commonShape(["a", "m", "p", "d"], args);
  if (isFailure(shape)) return "failure";
  const columns = [0, 1, 2].map((k) => readColumn(args[k], "x", NON_NEGATIVE, shape.cols));
  const directions = readDirections(args[3], "d", shape.cols);
  if (columns.some(isFailure) || isFailure(directions)) return "failure";
  const [attainments, significantMinimums, penalties] = columns as (Float64Array | number)[];
  const total = sigminPenalty({
    rows: shape.rows * shape.cols,
    attainments,
    significantMinimums,
    penalties,
    directions,
  });
  return isFailure(total) ? "failure" : total;
}

function fastCredits(args: Arg[], atRisk: number, poolPct: number): Money | undefined {
  const shape = commonShape(["a", "m", "p", "c", "d"], args);
  if (isFailure(shape)) return undefined;
  const [attainments, minimums, allocationPcts, categoryPcts, directions] = args.map(cellColumn) as CellColumn[];
  const sheet = { ...shape, attainments, minimums, allocationPcts, categoryPcts, directions };
  return creditsTotalOfCells({ ...sheet, level: at, fraction: frac }, atRisk, poolPct);
}

function fastPenalty(args: Arg[]): Money | undefined {
  const shape = commonShape(["a", "m", "p", "d"], args);
  if (isFailure(shape)) return undefined;
  const [attainments, significantMinimums, penalties, directions] = args.map(cellColumn) as CellColumn[];
  return sigminPenaltyOfCells({
    ...shape,
    attainments,
    significantMinimums,
    penalties,
    directions,
    level: at,
    amount: at,
  });
}

const text = (m: Money | "failure" | undefined) => (m === undefined || m === "failure" ? m : m.toString());

describe("credits over cells in one pass", () => {
  test("CREDITS_TOTAL: whatever the cells, the one pass gives the general path's exact total or leaves it to it", () => {
    fc.assert(
      fc.property(
        fc.tuple(argOf(anything), argOf(anything), argOf(anything), argOf(anything), argOf(anyDirection)),
        fc.constantFrom(0.1, 2.5, 0.02),
        (args, poolPct) => {
          const fast = fastCredits(args, 10000, poolPct);
          if (fast !== undefined) expect(text(fast)).toBe(text(generalCredits(args, 10000, poolPct)));
        },
      ),
      { numRuns: 500 },
    );
  });

  // A clean sheet: measured rows complete, attainments and minimums both fractions or both in
  // a unit, and the minimum the attainment itself a third of the time (exactly at it is met).
  const row = fc.tuple(
    fc.oneof(level, blank),
    fc.integer({ min: 0, max: 2 }),
    fraction,
    fc.oneof(fraction, blank),
    direction,
  );
  type Row = [Cell, number, number, Cell, Cell];
  const minimumOf = ([a, pick]: Row): Cell =>
    pick === 0 && typeof a === "number"
      ? a
      : typeof a === "number" && a > 1
        ? [30, 2][pick - 1]
        : ([0.95, 0.5][pick - 1] ?? 0.9);
  const cleanSheet = fc.array(row, { minLength: rows * cols, maxLength: rows * cols }).map((cells) => {
    const grid = (k: (c: Row) => Cell) =>
      Array.from({ length: rows }, (_, r) => [k(cells[r * cols] as Row), k(cells[r * cols + 1] as Row)]);
    return {
      attainments: grid((c) => c[0]),
      minimums: grid(minimumOf),
      allocations: grid((c) => c[2]),
      categories: grid((c) => c[3]),
      directions: grid((c) => c[4]),
      // Amounts with and without many decimals (0.007 x 1000 is 7.000000000000001).
      penalties: grid((c) => c[2] * 1000),
    };
  });

  test("CREDITS_TOTAL: a clean sheet is decided in the one pass, to the same exact total", () => {
    fc.assert(
      fc.property(cleanSheet, (s) => {
        const args = [s.attainments, s.minimums, s.allocations, s.categories, s.directions];
        const fast = fastCredits(args, 10000, 2.5);
        expect(fast).toBeDefined();
        expect(text(fast)).toBe(text(generalCredits(args, 10000, 2.5)));
      }),
      { numRuns: 300 },
    );
  });

  test("SIGMIN_PENALTY: a clean sheet is decided in the one pass, to the same exact total", () => {
    fc.assert(
      fc.property(cleanSheet, (s) => {
        const args = [s.attainments, s.minimums, s.penalties, s.directions];
        const fast = fastPenalty(args);
        expect(fast).toBeDefined();
        expect(text(fast)).toBe(text(generalPenalty(args)));
      }),
      { numRuns: 300 },
    );
  });

  test("CREDITS_TOTAL: allocations exactly at the pool are left to the exact sum", () => {
    // 0.5 x 5 = 2.5 exactly: the floating-point sum cannot tell, so the one pass does not decide.
    const args: Arg[] = [[[0.9], [0.9], [0.9], [0.9], [0.9]], 0.95, 0.5, null, null];
    expect(fastCredits(args, 10000, 2.5)).toBeUndefined();
    expect(text(generalCredits(args, 10000, 2.5))).toBe("10000"); // 5 x 0.5 = 250%, capped at the at-risk amount
  });

  test("SIGMIN_PENALTY: whatever the cells, the one pass gives the general path's exact total or leaves it to it", () => {
    fc.assert(
      fc.property(fc.tuple(argOf(anything), argOf(anything), argOf(anything), argOf(anyDirection)), (args) => {
        const fast = fastPenalty(args);
        if (fast !== undefined) expect(text(fast)).toBe(text(generalPenalty(args)));
      }),
      { numRuns: 500 },
    );
  });

  test("SIGMIN_PENALTY: worked example with spaced directions, decided in one pass", () => {
    //   0.95 vs >= 0.97  missed  5000
    //   1    vs >= 0.9   met
    //   0.03 vs <= 0.02  missed  0.1   (" <= " typed with spaces)
    //   blank            not measured
    const args: Arg[] = [
      [[0.95], [1], [0.03], [""]],
      [[0.97], [0.9], [0.02], [0.5]],
      [[5000], [8000], [0.1], [""]],
      [[">="], [""], [" <= "], ["x"]],
    ];
    // "x" on the unmeasured row is still a bad direction: the general path refuses it.
    expect(fastPenalty(args)).toBeUndefined();
    expect(generalPenalty(args)).toBe("failure");
    args[3] = [[">="], [""], [" <= "], [null]];
    expect(fastPenalty(args)?.toString()).toBe("5000.1");
  });
});
