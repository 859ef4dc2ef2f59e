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

  describe("aimed at the boundaries", () => {
    test("fixed examples one cent either side of each rule (hand-computed)", () => {
      // achieved = 1000.00 - 900.00 = 100.00; tolerance 0.05
      expect(reconcile(1000, 900, 100, 100.05, 0.05)).toBe("Reconciled"); // exactly achieved + tolerance
      expect(reconcile(1000, 900, 100, 100.06, 0.05)).toBe("Overstated");
      expect(reconcile(1000, 900, 100, 99.95, 0.05)).toBe("Reconciled"); // exactly achieved - tolerance
      expect(reconcile(1000, 900, 100, 99.94, 0.05)).toBe("Understated");
      expect(reconcile(1000, 900, 100.05, 100, 0.05)).toBe("Reconciled"); // achieved exactly planned - tolerance
      expect(reconcile(1000, 900, 100.06, 100, 0.05)).toBe("Shortfall");
    });

    test("property: every status comes up often, and each matches the integer reference", () => {
      // Confirmed and planned are placed around achieved +- tolerance, one cent either side,
      // so each rule's boundary is hit; a random figure rarely lands there.
      const near = fc.constantFrom(-2, -1, 0, 1, 2);
      const counts = new Map<string, number>();
      fc.assert(
        fc.property(
          fc.integer({ min: -1e9, max: 1e9 }),
          fc.integer({ min: -1e9, max: 1e9 }),
          fc.integer({ min: 0, max: 1e4 }),
          fc.constantFrom(-1, 0, 1),
          near,
          fc.constantFrom(-1, 0, 1),
          near,
          fc.integer({ min: 0, max: 9 }),
          (b, a, t, confirmedSide, confirmedCents, plannedSide, plannedCents, unconfirmed) => {
            const achieved = b - a;
            const c = unconfirmed === 0 ? undefined : achieved + confirmedSide * t + confirmedCents;
            const p = achieved + plannedSide * t + plannedCents;
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
            counts.set(naive, (counts.get(naive) ?? 0) + 1);
          },
        ),
        { numRuns: 1000 },
      );
      for (const status of RECONCILE_STATUSES) expect(counts.get(status) ?? 0).toBeGreaterThan(50);
    });
  });
});
