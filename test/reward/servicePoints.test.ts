import fc from "fast-check";
import { Failure, isFailure } from "../../src/errors";
import { pointsTable, PointsTable, servicePoints } from "../../src/reward/servicePoints";

const tableOf = (rows: (number | string | null)[][]) => {
  const t = pointsTable(rows);
  if (isFailure(t)) throw new Error(t.message);
  return t;
};
// The bands: 99% -> 0, 98% -> 1, 97% -> 2, 96% -> 3, below 96% -> 4.
const BANDS = tableOf([
  [0.99, 0],
  [0.98, 1],
  [0.97, 2],
  [0.96, 3],
  ["below 96%", 4],
]);

describe("servicePoints: worked examples", () => {
  test("98.5% gives 1", () => expect(servicePoints(0.985, BANDS)).toBe(1));
  test("98.5% as a repeat gives 2", () => expect(servicePoints(0.985, BANDS, true)).toBe(2));
  test("95.9% gives 4", () => expect(servicePoints(0.959, BANDS)).toBe(4));
  test("99% exactly gives 0", () => expect(servicePoints(0.99, BANDS)).toBe(0));
  test("each threshold exactly scores its own band", () => {
    expect([0.98, 0.97, 0.96].map((r) => servicePoints(r, BANDS))).toEqual([1, 2, 3]);
  });
});

describe("servicePoints: rising thresholds mean lower is better (a resolution time in hours)", () => {
  const hours = tableOf([
    [4, 0],
    [6, 1],
    [8, 2],
    [null, 4],
  ]);
  test("the direction is read off the order", () => expect(hours.direction).toBe("<="));
  test("3.5 h scores 0, 4 h 0, 5 h 1, 8 h 2, 9 h 4, 9 h repeated 8", () => {
    expect([3.5, 4, 5, 8, 9].map((r) => servicePoints(r, hours))).toEqual([0, 0, 1, 2, 4]);
    expect(servicePoints(9, hours, true)).toBe(8);
  });
});

describe("servicePoints: edge cases", () => {
  test("a table without a row for the rest cannot score a result worse than every threshold", () => {
    const t = tableOf([
      [0.99, 0],
      [0.98, 1],
    ]);
    expect(servicePoints(0.985, t)).toBe(1);
    const e = servicePoints(0.5, t) as Failure;
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain('no last row for the rest (a label such as "below 0.98"');
  });

  test("98.5 typed for 98.5% against fractional thresholds is refused", () => {
    const e = servicePoints(98.5, BANDS) as Failure;
    expect(e.message).toContain("98.5 is compared with bands 0.99");
  });

  test("tables that cannot be read say where", () => {
    const msg = (rows: (number | string | boolean | null)[][]) => (pointsTable(rows) as Failure).message;
    expect(msg([])).toContain("at least one row");
    expect(msg([[0.99, 0, 1]])).toContain("two columns");
    expect(
      msg([
        [0.99, 0],
        [0.98, 1],
        [0.985, 2],
      ]),
    ).toBe(
      "bands (row 3, column 1): thresholds must all fall (higher is better) or all rise (lower is better), best band first.",
    );
    expect(
      msg([
        [0.99, 0],
        ["x", 1],
        [0.97, 2],
      ]),
    ).toContain("bands (row 2, column 1): a threshold must be a number");
    expect(msg([[0.99, -1]])).toContain("bands (row 1, column 2): points must be a number of 0 or more");
    expect(msg([["below", 1]])).toContain("a threshold must be a number");
  });

  test("blank rows (the rest of a selected range) are skipped", () => {
    const t = tableOf([
      [0.99, 0],
      [null, null],
      ["", 3],
    ]);
    expect(t.rest).toBe(3);
    expect(servicePoints(0.5, t)).toBe(3);
  });
});

describe("servicePoints: properties", () => {
  // A falling table of k thresholds with points 0..k-1 and the rest k.
  const falling = fc
    .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 })
    .map((ts) => ts.sort((a, b) => b - a).map((t) => t / 1000));
  test("points never fall as the result gets worse, and a repeat is exactly twice", () => {
    fc.assert(
      fc.property(falling, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (ts, a, b) => {
        const table: PointsTable = tableOf([...ts.map((t, i) => [t, i]), ["rest", ts.length]]);
        const [better, worse] = [Math.max(a, b) / 1000, Math.min(a, b) / 1000];
        const pb = servicePoints(better, table) as number;
        const pw = servicePoints(worse, table) as number;
        // Naive reference: the number of thresholds the result misses.
        const naive = ts.filter((t) => worse < t).length;
        return pw >= pb && pw === naive && servicePoints(worse, table, true) === 2 * pw;
      }),
    );
  });
});
