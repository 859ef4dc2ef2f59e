import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { slaStatus } from "../../src/attainment/slaStatus";

describe("slaStatus", () => {
  test("the three statuses with the default warning at 75%", () => {
    expect(slaStatus(3, 8)).toBe("On track");
    expect(slaStatus(6, 8)).toBe("At risk");
    expect(slaStatus(8, 8)).toBe("At risk");
    expect(slaStatus(8.01, 8)).toBe("Breached");
  });

  test("the threshold is compared in decimal: 0.7 x 10 is 7, not 7.000000000000001", () => {
    expect(slaStatus(7, 10, 0.7)).toBe("At risk");
    expect(slaStatus(2.1, 3, 0.7)).toBe("At risk");
    expect(slaStatus(6.9999999, 10, 0.7)).toBe("On track");
  });

  test("edge cases: zero target, zero and full warning share", () => {
    expect(slaStatus(0, 0)).toBe("At risk");
    expect(slaStatus(0.1, 0)).toBe("Breached");
    expect(slaStatus(0, 8, 0)).toBe("At risk");
    expect(slaStatus(7.99, 8, 1)).toBe("On track");
  });

  test("warn_at must be a fraction from 0 to 1", () => {
    const above = slaStatus(1, 8, 75);
    expect(isFailure(above) && above.message).toContain("warn_at: expected a percentage from 0% to 100%");
    const below = slaStatus(1, 8, -0.1);
    expect(isFailure(below) && below.message).toContain("warn_at: must not be negative");
  });

  test("agrees with integer arithmetic on values with two decimals", () => {
    const cents = fc.integer({ min: 0, max: 100000 });
    fc.assert(
      fc.property(cents, cents, fc.integer({ min: 0, max: 100 }), (e, t, w) => {
        // elapsed e/100, target t/100, warn_at w/100: at risk when e/100 >= (w/100)(t/100), i.e. 100e >= wt.
        const expected = e > t ? "Breached" : 100 * e >= w * t ? "At risk" : "On track";
        expect(slaStatus(e / 100, t / 100, w / 100)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
