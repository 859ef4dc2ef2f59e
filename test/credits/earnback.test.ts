import fc from "fast-check";
import { earnback } from "../../src/credits/earnback";
import { isFailure } from "../../src/errors";

describe("earnback", () => {
  test("worked example: a $2,000 credit is earned back after three months at Expected", () => {
    expect(earnback(2000, [0.99, 0.985, 0.992], 0.985)).toBe(2000);
  });

  test("one month under Expected loses the earnback", () => {
    expect(earnback(2000, [0.99, 0.984, 0.992], 0.985)).toBe(0);
  });

  test("exactly at Expected is met, both directions", () => {
    expect(earnback(500, [0.985, 0.985], 0.985)).toBe(500);
    expect(earnback(500, [0.02, 0.02], 0.02, "<=")).toBe(500);
    expect(earnback(500, [0.02, 0.0201], 0.02, "<=")).toBe(0);
  });

  describe("an open window", () => {
    test("#N/A while periods are blank and none has missed", () => {
      const r = earnback(2000, [0.99, undefined, undefined], 0.985);
      expect(isFailure(r) && r.code).toBe("#N/A");
      expect(isFailure(r) && r.message).toBe(
        "later_attainments: 2 of 3 periods are still blank, so the result is not known yet.",
      );
    });

    test("a miss decides at once, even with later periods still blank", () => {
      expect(earnback(2000, [0.97, undefined, undefined], 0.985)).toBe(0);
      expect(earnback(2000, [undefined, 0.97], 0.985)).toBe(0);
    });

    test("an all-blank or empty window is open", () => {
      const blank = earnback(2000, [undefined, undefined], 0.985);
      expect(isFailure(blank) && blank.message).toMatch(/2 of 2 periods/);
      expect(isFailure(earnback(2000, [], 0.985))).toBe(true);
    });
  });

  test("a zero credit earns back zero", () => {
    expect(earnback(0, [1], 0.9)).toBe(0);
  });

  test("property: equals a naive reference (credit, 0 or #N/A)", () => {
    const period = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(period, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (window, expected, lowerIsBetter) => {
          const scaled = window.map((p) => (p === undefined ? undefined : p / 100));
          const r = earnback(1234.5, scaled, expected / 100, lowerIsBetter ? "<=" : ">=");
          const measured = window.filter((p): p is number => p !== undefined);
          const missed = measured.some((p) => (lowerIsBetter ? p > expected : p < expected));
          if (missed) expect(r).toBe(0);
          else if (measured.length < window.length) expect(isFailure(r) && r.code).toBe("#N/A");
          else expect(r).toBe(1234.5);
        },
      ),
    );
  });
});
