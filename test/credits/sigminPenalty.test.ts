import fc from "fast-check";
import { PenaltyRow, penaltySheet, sigminPenalty } from "../../src/credits/sigminPenalty";
import { Failure, isFailure } from "../../src/errors";
import { Money, money, toNumber } from "../../src/money";

function penalty(rows: PenaltyRow[]): number | Failure {
  const r = sigminPenalty(penaltySheet(rows));
  return isFailure(r) ? r : toNumber(r);
}

describe("sigminPenalty", () => {
  test("month sheet: green overall, red inside (the watermelon)", () => {
    // Four services behind critical business processes. Three are comfortably green
    // (the higher-is-better ones average 97.6%), but claims intake misses its Significant Minimum.
    //   Order-to-cash availability  99.9% vs >= 99.5%  met
    //   Claims intake on time       93.5% vs >= 95%    missed  25,000
    //   Payroll run accuracy        99.5% vs >= 99%    met
    //   Open-enrolment errors        0.5% vs <=  1%    met
    const sheet: PenaltyRow[] = [
      { attainment: 0.999, significantMinimum: 0.995, penalty: 40000 },
      { attainment: 0.935, significantMinimum: 0.95, penalty: 25000 },
      { attainment: 0.995, significantMinimum: 0.99, penalty: 15000 },
      { attainment: 0.005, significantMinimum: 0.01, penalty: 10000, direction: "<=" },
    ];
    expect(penalty(sheet)).toBe(25000);
  });

  test("several misses add up, uncapped, each judged against its own threshold", () => {
    const sheet: PenaltyRow[] = [
      { attainment: 0.98, significantMinimum: 0.99, penalty: 1e6 },
      { attainment: 0.5, significantMinimum: 0.6, penalty: 2.5e6 },
      { attainment: 0.03, significantMinimum: 0.02, penalty: 0.1, direction: "<=" },
      { attainment: 0.99, significantMinimum: 0.99, penalty: 7e6 },
    ];
    expect(penalty(sheet)).toBe(3500000.1);
  });

  test("penalties of 0.1, 0.2 and 0.3 add up to exactly 0.6", () => {
    const sheet = [0.1, 0.2, 0.3].map((p) => ({ attainment: 0, significantMinimum: 1, penalty: p }));
    expect(penalty(sheet)).toBe(0.6);
  });

  describe("boundaries", () => {
    test("exactly at the Significant Minimum is met, both directions", () => {
      expect(penalty([{ attainment: 0.95, significantMinimum: 0.95, penalty: 100 }])).toBe(0);
      expect(penalty([{ attainment: 0.9499, significantMinimum: 0.95, penalty: 100 }])).toBe(100);
      expect(penalty([{ attainment: 0.02, significantMinimum: 0.02, penalty: 100, direction: "<=" }])).toBe(0);
      expect(penalty([{ attainment: 0.0201, significantMinimum: 0.02, penalty: 100, direction: "<=" }])).toBe(100);
    });
  });

  describe("edge cases", () => {
    test("unmeasured services owe nothing and need nothing else", () => {
      expect(penalty([])).toBe(0);
      expect(penalty([{}, { significantMinimum: 0.9 }, { penalty: 500 }])).toBe(0);
    });

    test("a measured service needs its Significant Minimum and its penalty", () => {
      const noMinimum = penalty([{ attainment: 0.9, penalty: 10, at: "row 4, column 1" }]);
      expect(isFailure(noMinimum) && noMinimum.message).toBe(
        "significant_minimums (row 4, column 1): a value is required where attainments has one.",
      );
      const noPenalty = penalty([{ attainment: 0.9, significantMinimum: 0.8 }]);
      expect(isFailure(noPenalty) && noPenalty.code).toBe("#VALUE!");
      expect(isFailure(noPenalty) && noPenalty.message).toBe(
        "penalties: a value is required where attainments has one.",
      );
    });
  });

  describe("properties", () => {
    const row = fc.record({
      attainment: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      minimum: fc.integer({ min: 0, max: 1000 }),
      cents: fc.integer({ min: 0, max: 1e12 }),
      lowerIsBetter: fc.boolean(),
    });
    type Gen = { attainment?: number; minimum: number; cents: number; lowerIsBetter: boolean };
    const toRow = (r: Gen): PenaltyRow => ({
      attainment: r.attainment === undefined ? undefined : r.attainment / 1000,
      significantMinimum: r.minimum / 1000,
      penalty: r.cents / 100,
      direction: r.lowerIsBetter ? "<=" : ">=",
    });
    const own = (r: Gen) => sigminPenalty(penaltySheet([toRow(r)])) as Money;

    test("a penalty never depends on other services: the total is the sum of each service alone", () => {
      fc.assert(
        fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
          const alone = rows.reduce((sum, r) => sum.plus(own(r)), money(0));
          expect((sigminPenalty(penaltySheet(rows.map(toRow))) as Money).cmp(alone)).toBe(0);
        }),
      );
    });

    test("changing another service never changes what a service contributes", () => {
      fc.assert(
        fc.property(row, fc.array(row, { maxLength: 6 }), fc.array(row, { maxLength: 6 }), (service, before, after) => {
          // Whatever the others did, total(with service) - total(without) is the service's own penalty.
          const withIt = sigminPenalty(penaltySheet([...before, service, ...after].map(toRow))) as Money;
          const without = sigminPenalty(penaltySheet([...before, ...after].map(toRow))) as Money;
          expect(withIt.minus(without).cmp(own(service))).toBe(0);
        }),
      );
    });

    test("equals a naive integer reference", () => {
      fc.assert(
        fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
          let cents = 0;
          for (const r of rows) {
            if (r.attainment === undefined) continue;
            if (r.lowerIsBetter ? r.attainment > r.minimum : r.attainment < r.minimum) cents += r.cents;
          }
          expect((sigminPenalty(penaltySheet(rows.map(toRow))) as Money).cmp(money(cents).div(money(100)))).toBe(0);
        }),
      );
    });
  });
});
