import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { potentialStatus } from "../../src/status/potentialStatus";

describe("potentialStatus", () => {
  test("worked examples with the default thresholds 0.95 and 0.8", () => {
    expect(potentialStatus(100, 120)).toBe("Green");
    expect(potentialStatus(100, 96)).toBe("Green");
    expect(potentialStatus(100, 90)).toBe("Amber");
    expect(potentialStatus(100, 50)).toBe("Red");
    expect(potentialStatus(100, -10)).toBe("Red");
  });

  describe("threshold boundaries", () => {
    test.each([
      [100, 95, "Green"],
      [100, 94.99, "Amber"],
      [100, 80, "Amber"],
      [100, 79.99, "Red"],
      // 2.09 / 2.2 is 0.9499999999999998 and 0.08 / 0.1 is 0.7999999999999999 in binary
      // floating point; both are exactly on the threshold in decimal.
      [2.2, 2.09, "Green"],
      [16.6, 15.77, "Green"],
      [0.1, 0.08, "Amber"],
      [0.4, 0.32, "Amber"],
      [0.4, 0.3199, "Red"],
    ])("planned %p, forecast %p => %s", (planned, forecast, expected) => {
      expect(potentialStatus(planned, forecast)).toBe(expected);
    });

    test("custom thresholds, equal thresholds (no Amber band) and zero thresholds", () => {
      expect(potentialStatus(200, 180, 0.9, 0.5)).toBe("Green");
      expect(potentialStatus(200, 179.99, 0.9, 0.5)).toBe("Amber");
      expect(potentialStatus(200, 100, 0.9, 0.5)).toBe("Amber");
      expect(potentialStatus(200, 99.99, 0.9, 0.5)).toBe("Red");
      expect(potentialStatus(100, 89, 0.9, 0.9)).toBe("Red");
      expect(potentialStatus(100, 90, 0.9, 0.9)).toBe("Green");
      expect(potentialStatus(100, 0, 0, 0)).toBe("Green");
      expect(potentialStatus(100, -0.01, 0, 0)).toBe("Red");
    });
  });

  describe("edge cases", () => {
    test.each([[0], [-100]])("rejects planned %d", (planned) => {
      const r = potentialStatus(planned, 10);
      expect(isFailure(r) && r.code).toBe("#VALUE!");
      expect(isFailure(r) && r.message).toBe(`planned: must be greater than 0, got ${planned}.`);
    });

    test("rejects red_below above amber_below", () => {
      const r = potentialStatus(100, 90, 0.8, 0.9);
      expect(isFailure(r) && r.message).toBe("red_below: 0.9 must not be above amber_below (0.8).");
    });

    test("huge and tiny amounts", () => {
      expect(potentialStatus(1e15, 0.95e15)).toBe("Green");
      expect(potentialStatus(1e15, 0.95e15 - 1)).toBe("Amber");
      expect(potentialStatus(0.01, 0.0095)).toBe("Green");
    });
  });

  test("matches a naive reference on cent amounts (integer arithmetic in hundredths)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: -10_000_000, max: 20_000_000 }),
        (plannedCents, forecastCents) => {
          // forecast/planned >= 0.95  <=>  100 * forecast >= 95 * planned, exactly in integers.
          const naive =
            100 * forecastCents >= 95 * plannedCents
              ? "Green"
              : 100 * forecastCents >= 80 * plannedCents
                ? "Amber"
                : "Red";
          expect(potentialStatus(plannedCents / 100, forecastCents / 100)).toBe(naive);
        },
      ),
    );
  });
});
