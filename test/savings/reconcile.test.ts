import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { RECONCILE_STATUSES, reconcile } from "../../src/savings/reconcile";

describe("reconcile", () => {
  test("worked examples", () => {
    expect(reconcile(100.3, 100.1, 0.2, 0.2)).toBe("Reconciled");
    expect(reconcile(1000, 900, 100, 100)).toBe("Reconciled");
    expect(reconcile(1000, 900, 100, undefined)).toBe("Unconfirmed");
    expect(reconcile(1000, 900, 100, null)).toBe("Unconfirmed");
    expect(reconcile(1000, 900, 100, 120)).toBe("Overstated");
    expect(reconcile(1000, 900, 100, 80)).toBe("Understated");
    expect(reconcile(1000, 950, 100, 50)).toBe("Shortfall");
    expect(reconcile(1000, 850, 100, 150)).toBe("Reconciled");
  });

  describe("rule order", () => {
    test("an unconfirmed claim is Unconfirmed even when the saving falls short", () => {
      expect(reconcile(1000, 990, 100)).toBe("Unconfirmed");
    });
    test("an overstated claim is Overstated even when the saving falls short", () => {
      expect(reconcile(1000, 990, 100, 100)).toBe("Overstated");
    });
    test("an understated claim is Understated even when the saving falls short", () => {
      expect(reconcile(1000, 990, 100, 5)).toBe("Understated");
    });
  });

  describe("tolerance boundaries", () => {
    test.each([
      [0.2, 0, "Reconciled"],
      [0.21, 0, "Overstated"],
      [0.19, 0, "Understated"],
      [0.25, 0.05, "Reconciled"],
      [0.26, 0.05, "Overstated"],
      [0.15, 0.05, "Reconciled"],
      [0.14, 0.05, "Understated"],
    ])("achieved 0.2 (100.3 - 100.1), confirmed %p, tolerance %p => %s", (confirmed, tolerance, expected) => {
      expect(reconcile(100.3, 100.1, 0.2, confirmed, tolerance)).toBe(expected);
    });
    test("shortfall is judged against planned - tolerance", () => {
      expect(reconcile(100.3, 100.1, 0.25, 0.2, 0.05)).toBe("Reconciled");
      expect(reconcile(100.3, 100.1, 0.26, 0.2, 0.05)).toBe("Shortfall");
      expect(reconcile(100.3, 100.1, 0.21, 0.2)).toBe("Shortfall");
    });
    test("rejects a negative tolerance", () => {
      const r = reconcile(1, 0, 1, 1, -0.01);
      expect(isFailure(r) && r.message).toBe("tolerance: must not be negative, got -0.01.");
    });
  });

  test("matches a naive reference in whole cents", () => {
    const cents = fc.integer({ min: -1e9, max: 1e9 });
    fc.assert(
      fc.property(
        cents,
        cents,
        cents,
        fc.option(cents, { nil: undefined }),
        fc.integer({ min: 0, max: 1e6 }),
        (b, a, p, c, t) => {
          const achieved = b - a;
          const naive =
            c === undefined
              ? "Unconfirmed"
              : c > achieved + t
                ? "Overstated"
                : c < achieved - t
                  ? "Understated"
                  : achieved < p - t
                    ? "Shortfall"
                    : "Reconciled";
          const got = reconcile(b / 100, a / 100, p / 100, c === undefined ? undefined : c / 100, t / 100);
          expect(got).toBe(naive);
          expect(RECONCILE_STATUSES).toContain(got);
        },
      ),
      { numRuns: 500 },
    );
  });
});
