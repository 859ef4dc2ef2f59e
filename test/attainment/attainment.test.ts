import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { attainment, countMet } from "../../src/attainment/attainment";

describe("attainment", () => {
  test("share of tickets resolved within 4 hours (lower is better by default)", () => {
    expect(attainment([3.5, 4, 6, 2], 4)).toBe(0.75);
  });

  test("higher is better with >=, and one target per item", () => {
    expect(attainment([0.999, 0.998, 0.9995], 0.999, ">=")).toBe(2 / 3);
    expect(attainment([2, 9, 5], [4, 8, 5])).toBe(2 / 3);
  });

  test("exactly at the target meets it; nothing measured has no base", () => {
    expect(attainment([4], 4)).toBe(1);
    expect(attainment([4], 4, ">=")).toBe(1);
    const none = attainment([], 4);
    expect(isFailure(none) && none.code).toBe("#DIV/0!");
  });

  test("huge and negative numbers compare as numbers", () => {
    expect(attainment([-1e300, 1e300, -5], 0)).toBe(2 / 3);
  });

  test("countMet agrees with a filter, both directions, scalar and per-item targets", () => {
    const num = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(num, num)), fc.boolean(), (pairs, higher) => {
        const a = pairs.map((p) => p[0]);
        const t = pairs.map((p) => p[1]);
        const ok = (x: number, y: number) => (higher ? x >= y : x <= y);
        const dir = higher ? ">=" : "<=";
        expect(countMet(Float64Array.from(a), Float64Array.from(t), dir)).toBe(
          pairs.filter(([x, y]) => ok(x, y)).length,
        );
        expect(countMet(a, t[0] ?? 0, dir)).toBe(a.filter((x) => ok(x, t[0] ?? 0)).length);
      }),
    );
  });
});
