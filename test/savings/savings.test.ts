import fc from "fast-check";
import { toNumber } from "../../src/money";
import { savings } from "../../src/savings/savings";

describe("savings", () => {
  test("worked examples", () => {
    expect(savings(100.3, 100.1).toString()).toBe("0.2");
    expect(toNumber(savings(100.3, 100.1))).toBe(0.2);
    expect(toNumber(savings(1000, 850))).toBe(150);
    expect(toNumber(savings(850, 1000))).toBe(-150);
  });

  describe("edge cases", () => {
    test("no change, zero, negative baseline, huge amounts", () => {
      expect(savings(42.42, 42.42).isZero()).toBe(true);
      expect(toNumber(savings(0, 0.01))).toBe(-0.01);
      expect(toNumber(savings(-10.1, -10.3))).toBe(0.2);
      expect(savings(123456789012.34, 0.01).toString()).toBe("123456789012.33");
    });
    test("floating point would not be exact here", () => {
      expect(100.3 - 100.1).not.toBe(0.2);
      expect(0.3 - 0.1).not.toBe(0.2);
      expect(toNumber(savings(0.3, 0.1))).toBe(0.2);
    });
  });

  test("equals the exact cent difference for random two-decimal amounts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc.integer({ min: -1e13, max: 1e13 }),
        (baselineCents, actualCents) => {
          // The naive reference works in whole cents, where integer arithmetic is exact.
          const result = savings(baselineCents / 100, actualCents / 100);
          expect(result.times(savings(100, 0)).toString()).toBe(String(baselineCents - actualCents));
          expect(toNumber(result)).toBe((baselineCents - actualCents) / 100);
        },
      ),
      { numRuns: 500 },
    );
  });
});
