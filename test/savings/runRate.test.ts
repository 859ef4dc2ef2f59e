import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { toNumber } from "../../src/money";
import { annualRunRate } from "../../src/savings/runRate";

function value(r: ReturnType<typeof annualRunRate>): number | string {
  return isFailure(r) ? `${r.code} ${r.message}` : toNumber(r);
}

describe("annualRunRate", () => {
  test("worked examples", () => {
    expect(value(annualRunRate([10, 20, 30, 40]))).toBe(360);
    expect(value(annualRunRate([10, 20, 30, 40], 1))).toBe(480);
    expect(value(annualRunRate([10, 20, 30, 40], 4))).toBe(300);
    expect(value(annualRunRate([100, 110], 2, 4))).toBe(420);
  });

  test("exact in decimal: three months of 0.1 annualise to 1.2", () => {
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3);
    expect(value(annualRunRate([0.1, 0.1, 0.1]))).toBe(1.2);
    expect(value(annualRunRate([100.1, 100.2, 100.3]))).toBe(1202.4);
  });

  describe("edge cases", () => {
    test("too few reported periods is #N/A", () => {
      expect(value(annualRunRate([]))).toBe("#N/A monthly_savings: needs 3 reported periods, got 0.");
      expect(value(annualRunRate([5, 6]))).toBe("#N/A monthly_savings: needs 3 reported periods, got 2.");
      expect(value(annualRunRate([], 1))).toBe("#N/A monthly_savings: needs 1 reported period, got 0.");
    });
    test("rejects a window that is not a whole number of 1 or more, and a non-positive year", () => {
      expect(value(annualRunRate([1, 2, 3], 0))).toBe("#VALUE! window: expected a whole number of 1 or more, got 0.");
      expect(value(annualRunRate([1, 2, 3], 1.5))).toMatch(/^#VALUE! window/);
      expect(value(annualRunRate([1, 2, 3], 3, 0))).toBe("#VALUE! periods_per_year: must be greater than 0, got 0.");
    });
    test("negative months (savings reversed) and a thirds window", () => {
      expect(value(annualRunRate([-10, -20, -30]))).toBe(-240);
      expect(value(annualRunRate([1, 1, 2], 3, 1))).toBeCloseTo(4 / 3, 15);
    });
    test("does not mutate its input", () => {
      const months = [3, 2, 1];
      annualRunRate(months, 2);
      expect(months).toEqual([3, 2, 1]);
    });
  });

  test("matches a naive reference in whole cents", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 1, max: 6 }),
        (cents, window) => {
          fc.pre(cents.length >= window);
          const lastSum = cents.slice(-window).reduce((s, c) => s + c, 0);
          // Integer cents times 12 and window times 100 stay exact below 2^53, so one division
          // of two exact integers is the correctly rounded value of the exact rate.
          expect(
            value(
              annualRunRate(
                cents.map((c) => c / 100),
                window,
              ),
            ),
          ).toBe((lastSum * 12) / (window * 100));
        },
      ),
    );
  });
});
