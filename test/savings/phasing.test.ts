import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { money, toNumber } from "../../src/money";
import { PhasingStep, cumulativePhasing, phasingRatio } from "../../src/savings/phasing";

/** The gaps as numbers, failures as their message, unreported periods as undefined. */
function gaps(steps: PhasingStep[]): Array<number | string | undefined> {
  return steps.map((s) => (s === undefined ? undefined : isFailure(s) ? s.message : toNumber(s.gap)));
}

describe("cumulativePhasing", () => {
  test("worked example: behind plan, then catching up", () => {
    const steps = cumulativePhasing([10, 10, 10, 10], [8, 9, 15, 10]);
    expect(gaps(steps)).toEqual([-2, -3, 2, 2]);
    const third = steps[2];
    expect(third && !isFailure(third) && [third.plannedToDate.toString(), third.achievedToDate.toString()]).toEqual([
      "30",
      "32",
    ]);
  });

  test("exact in decimal", () => {
    expect(gaps(cumulativePhasing([0.1, 0.2], [0.1, 0.2]))).toEqual([0, 0]);
    expect(gaps(cumulativePhasing([100.1], [100.3]))).toEqual([0.2]);
  });

  describe("edge cases", () => {
    test("blank planned periods plan nothing", () => {
      expect(gaps(cumulativePhasing([undefined, undefined, 50], [0, 5, 40]))).toEqual([0, 5, -5]);
    });
    test("blank achieved periods at the end are not reported yet", () => {
      expect(gaps(cumulativePhasing([10, 10, 10], [8, undefined, undefined]))).toEqual([-2, undefined, undefined]);
    });
    test("a reported period after a blank one is rejected, naming both", () => {
      expect(gaps(cumulativePhasing([10, 10, 10], [8, undefined, 7]))).toEqual([
        -2,
        undefined,
        "achieved (period 3): an earlier period (period 2) is blank; enter 0 for a period with nothing achieved.",
      ]);
    });
    test("positions come from the caller", () => {
      const steps = cumulativePhasing([1, 1], [undefined, 1], (i) => `row ${i + 1}, column 1`);
      expect(gaps(steps)[1]).toMatch(/^achieved \(row 2, column 1\): an earlier period \(row 1, column 1\)/);
    });
    test("empty series, and mismatched lengths are a programmer error", () => {
      expect(cumulativePhasing([], [])).toEqual([]);
      expect(() => cumulativePhasing([1], [])).toThrow(RangeError);
    });
  });

  test("matches a naive reference in whole cents", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: undefined }),
            fc.integer({ min: -1e9, max: 1e9 }),
          ),
        ),
        (pairs) => {
          let p = 0;
          let a = 0;
          const naive = pairs.map(([pc, ac]) => {
            p += pc ?? 0;
            a += ac;
            return (a - p) / 100;
          });
          const got = cumulativePhasing(
            pairs.map(([pc]) => (pc === undefined ? undefined : pc / 100)),
            pairs.map(([, ac]) => ac / 100),
          );
          expect(gaps(got)).toEqual(naive);
        },
      ),
    );
  });
});

describe("phasingRatio", () => {
  test("achieved over planned to date", () => {
    expect(phasingRatio({ plannedToDate: money(20), achievedToDate: money(17), gap: money(-3) })).toBe(0.85);
    expect(phasingRatio({ plannedToDate: money(0.3), achievedToDate: money(0.1), gap: money(-0.2) })).toBeCloseTo(
      1 / 3,
      15,
    );
  });
  test("nothing planned to date has no base: #DIV/0!", () => {
    const r = phasingRatio({ plannedToDate: money(0), achievedToDate: money(5), gap: money(5) }, "row 1, column 1");
    expect(isFailure(r) && [r.code, r.message]).toEqual([
      "#DIV/0!",
      "planned (row 1, column 1): nothing is planned to date, so there is no base for a ratio.",
    ]);
  });
});
