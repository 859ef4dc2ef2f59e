import fc from "fast-check";
import { expectedDefault } from "../../src/credits/expectedDefault";

describe("expectedDefault", () => {
  // A year of on-time shares against an Expected level of 98%.
  const year = [0.985, 0.97, 0.99, 0.975, 0.98, 0.99, 0.96, 0.99, 0.99, 0.985, 0.99, 0.99];

  test("worked example: 3 misses in 12 months are tolerated, a 4th is a default", () => {
    expect(expectedDefault(year, 0.98)).toBe(false);
    const fourth = [...year.slice(0, 11), 0.979];
    expect(expectedDefault(fourth, 0.98)).toBe(true);
  });

  test("exactly at Expected is not a miss", () => {
    expect(expectedDefault([0.98, 0.98, 0.98, 0.98, 0.98], 0.98, 0)).toBe(false);
    expect(expectedDefault([0.02, 0.02], 0.02, 0, "<=")).toBe(false);
  });

  test("lower is better with <=", () => {
    expect(expectedDefault([0.03, 0.03, 0.01, 0.03, 0.03], 0.02, 3, "<=")).toBe(true);
    expect(expectedDefault([0.03, 0.03, 0.01, 0.03, 0.01], 0.02, 3, "<=")).toBe(false);
  });

  test("misses_allowed 0: any miss is a default", () => {
    expect(expectedDefault([1, 1, 0.97], 0.98, 0)).toBe(true);
    expect(expectedDefault([1, 1, 0.98], 0.98, 0)).toBe(false);
  });

  test("blank periods count neither way; an empty window is no default", () => {
    expect(expectedDefault([0.9, undefined, 0.9, undefined, 0.9, 0.9], 0.98)).toBe(true);
    expect(expectedDefault([undefined, undefined], 0.98, 0)).toBe(false);
    expect(expectedDefault([], 0.98, 0)).toBe(false);
  });

  test("property: equals a naive count of misses", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), { maxLength: 24 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        (window, expected, allowed, lowerIsBetter) => {
          const count = window.filter((p) => p !== undefined && (lowerIsBetter ? p > expected : p < expected)).length;
          const scaled = window.map((p) => (p === undefined ? undefined : p / 100));
          expect(expectedDefault(scaled, expected / 100, allowed, lowerIsBetter ? "<=" : ">=")).toBe(count > allowed);
        },
      ),
    );
  });
});
