import fc from "fast-check";
import { CreditLine, serviceCredit as creditOrFailure } from "../../src/credits/serviceCredit";
import { isFailure } from "../../src/errors";
import { Money, money, toNumber } from "../../src/money";

/** The credit of lines on one scale (never a failure here). */
function serviceCredit(line: CreditLine, atRisk: number): Money {
  const credit = creditOrFailure(line, atRisk);
  if (isFailure(credit)) throw new Error(credit.message);
  return credit;
}

describe("serviceCredit", () => {
  test("the public worked example: 50% x 40% x (10% x $100,000) = $2,000", () => {
    const atRisk = toNumber(money(0.1).times(money(100000)));
    const credit = serviceCredit({ attainment: 0.97, minimum: 0.98, allocationPct: 0.4, categoryPct: 0.5 }, atRisk);
    expect(credit.toString()).toBe("2000");
  });

  test("no credit when the minimum is met", () => {
    expect(serviceCredit({ attainment: 0.99, minimum: 0.98, allocationPct: 0.4 }, 10000).toString()).toBe("0");
  });

  test("category share defaults to 1 and direction to >=", () => {
    expect(serviceCredit({ attainment: 0.5, minimum: 0.98, allocationPct: 0.25 }, 10000).toString()).toBe("2500");
  });

  describe("boundaries", () => {
    test("exactly at the minimum is met, the smallest shortfall is not", () => {
      const terms = { minimum: 0.995, allocationPct: 0.2 };
      expect(serviceCredit({ ...terms, attainment: 0.995 }, 5000).toString()).toBe("0");
      expect(serviceCredit({ ...terms, attainment: 0.9949 }, 5000).toString()).toBe("1000");
    });

    test("lower is better with <=: above the minimum misses, at it is met", () => {
      const terms = { minimum: 0.05, allocationPct: 0.1, direction: "<=" as const };
      expect(serviceCredit({ ...terms, attainment: 0.0501 }, 30000).toString()).toBe("3000");
      expect(serviceCredit({ ...terms, attainment: 0.05 }, 30000).toString()).toBe("0");
      expect(serviceCredit({ ...terms, attainment: 0 }, 30000).toString()).toBe("0");
    });

    test("a 100% allocation of a 100% category is the whole at-risk amount", () => {
      expect(serviceCredit({ attainment: 0, minimum: 1, allocationPct: 1, categoryPct: 1 }, 12345.67).toString()).toBe(
        "12345.67",
      );
    });

    test("zero at risk, zero allocation or zero category give no credit", () => {
      const miss = { attainment: 0.5, minimum: 0.9 };
      expect(serviceCredit({ ...miss, allocationPct: 0.3 }, 0).isZero()).toBe(true);
      expect(serviceCredit({ ...miss, allocationPct: 0 }, 1000).isZero()).toBe(true);
      expect(serviceCredit({ ...miss, allocationPct: 0.3, categoryPct: 0 }, 1000).isZero()).toBe(true);
    });
  });

  test("exact decimal: 0.2 x 0.1 is 0.02, not 0.020000000000000004", () => {
    expect(0.2 * 0.1).not.toBe(0.02);
    expect(toNumber(serviceCredit({ attainment: 0, minimum: 1, allocationPct: 0.1 }, 0.2))).toBe(0.02);
  });

  test("property: the credit is zero or the full product, never above the at-risk amount", () => {
    const fraction = fc.integer({ min: 0, max: 10000 }).map((bp) => bp / 10000);
    fc.assert(
      fc.property(
        fraction,
        fraction,
        fraction,
        fraction,
        fc.integer({ min: 0, max: 1e9 }),
        (a, m, alloc, cat, cents) => {
          const atRisk = cents / 100;
          const credit = serviceCredit({ attainment: a, minimum: m, allocationPct: alloc, categoryPct: cat }, atRisk);
          const product = money(atRisk).times(money(cat)).times(money(alloc));
          expect(credit.cmp(a < m ? product : money(0))).toBe(0);
          expect(credit.cmp(money(atRisk))).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  describe("service levels in a unit", () => {
    test("average speed to answer <= 30 seconds: 45 s misses, 30 s is met, 12 s is met", () => {
      const terms = { minimum: 30, allocationPct: 0.4, direction: "<=" as const };
      // 40% x 10,000 = 4,000, worked by hand.
      expect(serviceCredit({ ...terms, attainment: 45 }, 10000).toString()).toBe("4000");
      expect(serviceCredit({ ...terms, attainment: 30 }, 10000).toString()).toBe("0");
      expect(serviceCredit({ ...terms, attainment: 12 }, 10000).toString()).toBe("0");
    });

    test("a value above 1 against a threshold of at most 1, or the reverse, is refused with both values", () => {
      const typo = creditOrFailure({ attainment: 97, minimum: 0.95, allocationPct: 0.4 }, 10000, "row 2, column 1");
      expect(isFailure(typo) && typo.code).toBe("#VALUE!");
      expect(isFailure(typo) && typo.message).toMatch(
        /^attainment \(row 2, column 1\): 97 is compared with minimum 0\.95, but one is above 1 and the other is not/,
      );
      expect(isFailure(typo) && typo.message).toContain("95% or 0.95, not 95");
      const reverse = creditOrFailure({ attainment: 0.97, minimum: 95, allocationPct: 0.4 }, 10000);
      expect(isFailure(reverse) && reverse.message).toMatch(/^attainment: 0\.97 is compared with minimum 95,/);
    });
  });
});
