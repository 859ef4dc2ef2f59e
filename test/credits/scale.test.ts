import fc from "fast-check";
import { checkSameScale, sameScale } from "../../src/credits/scale";
import { isFailure } from "../../src/errors";

describe("the scale rule", () => {
  test.each([
    [0.97, 0.95, true],
    [1, 0.95, true], // 100% against 95%
    [25, 30, true], // seconds
    [1.5, 4, true], // hours, both above 1
    [97, 0.95, false], // 97 typed for 97%
    [0.97, 95, false], // 95 typed for 95%
    [1.01, 1, false], // just above 1 against exactly 1
    [0.5, 4, false], // half an hour against 4 hours: use minutes
    [0, 30, true], // zero is on every scale
    [45, 0, true],
  ])("%p against %p: %p", (result, threshold, ok) => {
    expect(sameScale(result, threshold)).toBe(ok);
    expect(checkSameScale(result, threshold) === undefined).toBe(ok);
  });

  test("the message names both arguments, both values, the position and the fixes", () => {
    const r = checkSameScale(97, 0.95, { result: "attainments", threshold: "minimums", at: "row 3, column 1" });
    expect(isFailure(r) && r.code).toBe("#VALUE!");
    expect(isFailure(r) && r.message).toBe(
      "attainments (row 3, column 1): 97 is compared with minimums 0.95, but one is above 1 and the other is not, " +
        "so they are not on the same scale. For a percentage type both as fractions (95% or 0.95, not 95); " +
        "for a service level in a unit (seconds, hours) give both in one unit in which both are above 1 " +
        "(minutes rather than hours).",
    );
  });

  test("property: refused exactly when one side is above 1 and the other is not, neither being 0", () => {
    // Values aimed at the boundary: 0, 1, just around 1, and ordinary fractions and units.
    const value = fc.oneof(
      fc.constantFrom(0, 1, 1 + Number.EPSILON, 1 - Number.EPSILON / 2),
      fc.integer({ min: 0, max: 10000 }).map((bp) => bp / 10000),
      fc.integer({ min: 1, max: 100000 }),
    );
    fc.assert(
      fc.property(value, value, (result, threshold) => {
        const refused = result !== 0 && threshold !== 0 && (result > 1 ? threshold <= 1 : threshold > 1);
        expect(checkSameScale(result, threshold) !== undefined).toBe(refused);
      }),
    );
  });
});
