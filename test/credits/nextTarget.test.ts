import fc from "fast-check";
import { nextTarget } from "../../src/credits/nextTarget";
import { isFailure } from "../../src/errors";
import { money } from "../../src/money";

describe("nextTarget", () => {
  // Twelve months above the 95% Expected level, averaging 97%.
  const year = [0.96, 0.97, 0.98, 0.97, 0.96, 0.98, 0.97, 0.97, 0.96, 0.98, 0.97, 0.97];

  test("worked example: 95% + 50% x (97% - 95%) = 96%", () => {
    expect(nextTarget(0.95, year)).toBe(0.96);
  });

  test("share and the max_step cap", () => {
    expect(nextTarget(0.95, year, { share: 1 })).toBe(0.97);
    expect(nextTarget(0.95, year, { share: 0 })).toBe(0.95);
    // The rise of 1% is capped at 10% of the 5% headroom: 0.5%.
    expect(nextTarget(0.95, year, { maxStep: 0.1 })).toBe(0.955);
    // Exactly at the cap: 20% of 5% is the 1% rise itself.
    expect(nextTarget(0.95, year, { maxStep: 0.2 })).toBe(0.96);
    expect(nextTarget(0.95, year, { maxStep: 0 })).toBe(0.95);
  });

  test("exact decimal: with share 1 the target is the average, 97%, not 97.00000000000001%", () => {
    const floatAverage = year.reduce((sum, a) => sum + a, 0) / year.length;
    expect(floatAverage).not.toBe(0.97);
    expect(nextTarget(0.95, year, { share: 1 })).toBe(0.97);
  });

  test("a period only meeting Expected (not beating it) keeps the target", () => {
    expect(nextTarget(0.95, [...year.slice(0, 11), 0.95])).toBe(0.95);
    expect(nextTarget(0.95, [...year.slice(0, 11), 0.94])).toBe(0.95);
  });

  test("lower is better with <=: the target moves down, capped at max_step x expected", () => {
    // Failed-change rate Expected 5%, a year averaging 2%.
    expect(nextTarget(0.05, [0.03, 0.01, 0.02], { direction: "<=" })).toBe(0.035);
    expect(nextTarget(0.05, [0.03, 0.01, 0.02], { direction: "<=", maxStep: 0.2 })).toBe(0.04);
    expect(nextTarget(0.05, [0.03, 0.05, 0.02], { direction: "<=" })).toBe(0.05);
  });

  describe("an open window", () => {
    test("#N/A while periods are blank and all measured beat Expected", () => {
      const r = nextTarget(0.95, [0.97, undefined]);
      expect(isFailure(r) && r.code).toBe("#N/A");
      expect(isFailure(r) && r.message).toBe(
        "attainments: 1 of 2 periods are still blank, so the result is not known yet.",
      );
    });

    test("a period that does not beat Expected decides at once", () => {
      expect(nextTarget(0.95, [0.95, undefined])).toBe(0.95);
    });

    test("an empty window is open", () => {
      expect(isFailure(nextTarget(0.95, []))).toBe(true);
    });
  });

  test("edge: a perfect year against 99.9% moves at most to 100%", () => {
    expect(nextTarget(0.999, [1, 1, 1], { share: 1 })).toBe(1);
  });

  test("property: the target moves toward the average, never past it, within the cap", () => {
    const bp = fc.integer({ min: 0, max: 10000 });
    fc.assert(
      fc.property(
        bp,
        fc.array(bp, { minLength: 1, maxLength: 12 }),
        bp,
        fc.option(bp, { nil: undefined }),
        fc.boolean(),
        (e, window, share, maxStep, lowerIsBetter) => {
          const direction = lowerIsBetter ? "<=" : ">=";
          const r = nextTarget(
            e / 10000,
            window.map((p) => p / 10000),
            { share: share / 10000, maxStep: maxStep === undefined ? undefined : maxStep / 10000, direction },
          );
          expect(isFailure(r)).toBe(false);
          const next = r as number;
          const allBeat = window.every((p) => (lowerIsBetter ? p < e : p > e));
          if (!allBeat) {
            expect(next).toBe(e / 10000);
            return;
          }
          // Naive reference in floating point, scaled to basis points.
          const average = window.reduce((s, p) => s + p, 0) / window.length;
          let move = (share / 10000) * Math.abs(average - e);
          if (maxStep !== undefined) move = Math.min(move, (maxStep / 10000) * (lowerIsBetter ? e : 10000 - e));
          const reference = (lowerIsBetter ? e - move : e + move) / 10000;
          expect(next).toBeCloseTo(reference, 12);
          // Never past the average, never outside 0..1.
          const between = lowerIsBetter
            ? next <= e / 10000 && next >= average / 10000 - 1e-15
            : next >= e / 10000 && next <= average / 10000 + 1e-15;
          expect(between).toBe(true);
          expect(money(next).cmp(money(0))).toBeGreaterThanOrEqual(0);
          expect(money(next).cmp(money(1))).toBeLessThanOrEqual(0);
        },
      ),
    );
  });
});
