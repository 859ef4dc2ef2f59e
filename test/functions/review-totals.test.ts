/**
 * The review's totals are the GOV functions' totals: on random contract months (service
 * levels in % and in seconds, both directions), the credits
 * after the cap equal GOV.CREDITS_TOTAL and the SigMin penalties equal GOV.SIGMIN_PENALTY,
 * called through the built bundle on the same data, as a workbook would call them.
 */
import fc from "fast-check";
import { loadBundle } from "../support/bundle";
import { isRefusal, refusalText } from "../../src/errors";
import { readServiceWorkbook } from "../../src/service/read";
import { reviewPeriod } from "../../src/service/review";
import { SERVICE_SHEETS } from "../../src/service/model";
import { CellValue } from "../../src/governance/model";
import { contractGrid, day, resultsGrid, servicesGrid } from "../service/fixture";

/** A fraction with up to four decimals, as service levels are reported. */
const fraction = fc.integer({ min: 8000, max: 10000 }).map((n) => n / 10000);

/** Seconds (a unit): whole and tenths from 2 to 120, on the scale above 1 like its thresholds. */
const seconds = fc.integer({ min: 20, max: 1200 }).map((n) => n / 10);

/** A service level in % or in seconds, its result and thresholds on its scale. */
const level = fc.oneof(
  fc.record({
    unit: fc.constant("%"),
    result: fc.option(fraction, { nil: undefined }),
    minimum: fraction,
    sigminGap: fc.option(
      fc.integer({ min: 0, max: 500 }).map((n) => -n / 10000),
      { nil: undefined },
    ),
  }),
  fc.record({
    unit: fc.constant("seconds"),
    result: fc.option(seconds, { nil: undefined }),
    minimum: seconds,
    sigminGap: fc.option(
      fc.integer({ min: 0, max: 300 }).map((n) => n / 10),
      { nil: undefined },
    ),
  }),
);

const service = fc.record({
  level,
  allocation: fc.integer({ min: 0, max: 20 }).map((n) => n / 100),
  penalty: fc.integer({ min: 0, max: 5_000_000 }).map((n) => n / 100),
  direction: fc.constantFrom(">=", "<="),
});

describe("review totals through the built bundle", () => {
  const bundle = loadBundle();
  const column = (values: readonly unknown[]) => values.map((v) => [v]);

  test("credits after the cap = GOV.CREDITS_TOTAL; SigMin penalties = GOV.SIGMIN_PENALTY", () => {
    fc.assert(
      fc.property(
        fc.array(service, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
        fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
        (services, charges, atRiskPct) => {
          const rows: CellValue[][] = services.map((s, i) => {
            const { unit, minimum, sigminGap } = s.level;
            const sigmin = sigminGap === undefined ? null : Math.max(0, Number((minimum + sigminGap).toFixed(4)));
            return [
              `SL-${i + 1}`,
              `S${i}`,
              "P",
              "X",
              "SLA",
              null,
              "m",
              unit,
              s.direction,
              minimum,
              minimum,
              sigmin,
              s.allocation,
              sigmin === null ? null : s.penalty,
              null,
              "O",
              null,
            ];
          });
          const results = services.flatMap((s, i) =>
            s.level.result === undefined
              ? []
              : [["2026-05", `SL-${i + 1}`, s.level.result] as [string, string, CellValue]],
          );
          const grids = new Map<string, CellValue[][]>([
            [SERVICE_SHEETS.services, servicesGrid(rows)],
            [SERVICE_SHEETS.contract, contractGrid({ "Monthly Charges": charges, "At-Risk %": atRiskPct })],
            [SERVICE_SHEETS.results, resultsGrid(results)],
          ]);
          const book = readServiceWorkbook((n) => grids.get(n));
          if (isRefusal(book)) throw new Error(refusalText(book));
          const review = reviewPeriod(book, "2026-05", day("2026-06-05"));
          if (isRefusal(review)) throw new Error(refusalText(review));

          const attainments = services.map((s) => s.level.result ?? "");
          const credits = bundle.call(
            "CREDITS_TOTAL",
            column(attainments),
            column(services.map((s) => s.level.minimum)),
            column(services.map((s) => s.allocation)),
            review.totals.atRisk,
            null,
            null,
            column(services.map((s) => s.direction)),
          );
          expect(review.totals.creditsCapped).toBe(credits);
          const critical = services.map((s, i) => ({ s, row: rows[i] })).filter((x) => x.row[11] !== null);
          const sigmin = critical.length
            ? bundle.call(
                "SIGMIN_PENALTY",
                column(critical.map((x) => x.s.level.result ?? "")),
                column(critical.map((x) => x.row[11])),
                column(critical.map((x) => x.s.penalty)),
                column(critical.map((x) => x.s.direction)),
              )
            : 0;
          expect(review.totals.sigmin).toBe(sigmin);
          expect(review.totals.netAdjustment).toBeCloseTo((credits as number) + (sigmin as number), 6);
        },
      ),
      { numRuns: 200 },
    );
  });
});
