import fc from "fast-check";
import { PenaltyRow, penaltySheet, sigminPenalty } from "../../src/credits/sigminPenalty";
import { Failure, isFailure } from "../../src/errors";
import { Money, toNumber } from "../../src/money";

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

  describe("properties (against BigInt cents, independent of the library's money)", () => {
    // Attainments placed at, one step under and one step over the Significant Minimum as
    // often as anywhere else, so "exactly at it is met" is exercised in most runs.
    const row = fc
      .record({
        minimum: fc.integer({ min: 0, max: 1000 }),
        offset: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -1000, max: 1000 })),
        measured: fc.integer({ min: 0, max: 9 }),
        cents: fc.integer({ min: 0, max: 1e12 }),
        lowerIsBetter: fc.boolean(),
      })
      .map(({ minimum, offset, measured, cents, lowerIsBetter }) => ({
        attainment: measured === 0 ? undefined : Math.min(1000, Math.max(0, minimum + offset)),
        minimum,
        cents,
        lowerIsBetter,
      }));
    type Gen = { attainment?: number; minimum: number; cents: number; lowerIsBetter: boolean };
    const toRow = (r: Gen): PenaltyRow => ({
      attainment: r.attainment === undefined ? undefined : r.attainment / 1000,
      significantMinimum: r.minimum / 1000,
      penalty: r.cents / 100,
      direction: r.lowerIsBetter ? "<=" : ">=",
    });
    /** The naive rule in integers: a measured service strictly on the wrong side pays. */
    const owes = (r: Gen) =>
      r.attainment !== undefined && (r.lowerIsBetter ? r.attainment > r.minimum : r.attainment < r.minimum);
    /** Cents as decimal text with two places, by hand. */
    const asText = (cents: bigint) => {
      const digits = cents.toString().padStart(3, "0");
      return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
    };
    const totalText = (rows: Gen[]) => (sigminPenalty(penaltySheet(rows.map(toRow))) as Money).toFixed(2);

    test("equals the sum of the penalties of the services that miss, each alone", () => {
      let exactlyAt = 0;
      fc.assert(
        fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
          let cents = BigInt(0);
          for (const r of rows) if (owes(r)) cents += BigInt(r.cents);
          exactlyAt += rows.filter((r) => r.attainment === r.minimum).length;
          expect(totalText(rows)).toBe(asText(cents));
        }),
        { numRuns: 300 },
      );
      expect(exactlyAt).toBeGreaterThan(100);
    });

    test("adding a service adds exactly its own penalty or nothing, whatever the others did", () => {
      fc.assert(
        fc.property(row, fc.array(row, { maxLength: 6 }), fc.array(row, { maxLength: 6 }), (service, before, after) => {
          const withIt = sigminPenalty(penaltySheet([...before, service, ...after].map(toRow))) as Money;
          const without = sigminPenalty(penaltySheet([...before, ...after].map(toRow))) as Money;
          expect(withIt.minus(without).toFixed(2)).toBe(asText(owes(service) ? BigInt(service.cents) : BigInt(0)));
        }),
      );
    });
  });

  test("hand-computed: penalties of 12,345.67 and 0.01 and 1e12 cents add up exactly", () => {
    const r = sigminPenalty(
      penaltySheet([
        { attainment: 0.5, significantMinimum: 0.9, penalty: 12345.67 },
        { attainment: 0.5, significantMinimum: 0.9, penalty: 0.01 },
        { attainment: 0.5, significantMinimum: 0.9, penalty: 1e10 },
        { attainment: 0.9, significantMinimum: 0.9, penalty: 999 },
      ]),
    ) as Money;
    expect(r.toFixed(2)).toBe("10000012345.68");
  });

  test("service levels in a unit: minutes to restore against a 240-minute Significant Minimum", () => {
    const r = sigminPenalty(
      penaltySheet([
        { attainment: 250, significantMinimum: 240, penalty: 5000, direction: "<=" },
        { attainment: 240, significantMinimum: 240, penalty: 7000, direction: "<=" },
      ]),
    );
    expect(isFailure(r) ? r : toNumber(r)).toBe(5000);
    const typo = sigminPenalty(
      penaltySheet([{ attainment: 97, significantMinimum: 0.95, penalty: 1, at: "row 1, column 1" }]),
    );
    expect(isFailure(typo) && typo.message).toMatch(
      /^attainments \(row 1, column 1\): 97 is compared with significant_minimums 0\.95/,
    );
  });
});
