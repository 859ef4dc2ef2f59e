import fc from "fast-check";
import { DUAL_STATUSES, dualStatus } from "../../src/status/dualStatus";
import { RAGS, Rag } from "../../src/status/rag";

describe("dualStatus", () => {
  // The full truth table: implementation x potential.
  test.each<[Rag, Rag, string]>([
    ["Green", "Green", "On track"],
    ["Green", "Amber", "Watch"],
    ["Green", "Red", "Value at risk"],
    ["Amber", "Green", "Watch"],
    ["Amber", "Amber", "Watch"],
    ["Amber", "Red", "Value at risk"],
    ["Red", "Green", "Delivery at risk"],
    ["Red", "Amber", "Delivery at risk"],
    ["Red", "Red", "Off track"],
  ])("implementation %s, potential %s => %s", (impl, potential, expected) => {
    expect(dualStatus(impl, potential)).toBe(expected);
  });

  test("every combination gives one of DUAL_STATUSES, and each status occurs", () => {
    const seen = new Set<string>();
    for (const i of RAGS) for (const p of RAGS) seen.add(dualStatus(i, p));
    expect([...seen].sort()).toEqual([...DUAL_STATUSES].sort());
  });

  test("reporting order puts the hidden case first", () => {
    expect(DUAL_STATUSES).toEqual(["Value at risk", "Off track", "Delivery at risk", "Watch", "On track"]);
  });

  test("matches the contract's sentences read literally", () => {
    fc.assert(
      fc.property(fc.constantFrom(...RAGS), fc.constantFrom(...RAGS), (impl, potential) => {
        const naive =
          impl === "Green" && potential === "Green"
            ? "On track"
            : impl !== "Red" && potential === "Red"
              ? "Value at risk"
              : impl === "Red" && potential !== "Red"
                ? "Delivery at risk"
                : impl === "Red" && potential === "Red"
                  ? "Off track"
                  : "Watch";
        expect(dualStatus(impl, potential)).toBe(naive);
      }),
    );
  });
});
