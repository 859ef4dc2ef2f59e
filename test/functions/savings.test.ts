/**
 * GOV.SAVINGS, GOV.RECONCILE, GOV.RUN_RATE and GOV.PHASING through the built bundle,
 * called with Excel-shaped arguments as Excel calls them.
 */
import fc from "fast-check";
import { isExcelError, loadBundle } from "../support/bundle";

describe("savings functions in the built bundle", () => {
  const bundle = loadBundle();

  test("are registered with the contract's parameters, optional ones last", () => {
    const params = (id: string) =>
      bundle.metadata.functions.find((f) => f.id === id)?.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}`);
    expect(params("SAVINGS")).toEqual(["baseline", "actual"]);
    expect(params("RECONCILE")).toEqual(["baseline", "actual", "planned", "confirmed?", "tolerance?"]);
    expect(params("RUN_RATE")).toEqual(["monthly_savings", "window?", "periods_per_year?"]);
    expect(params("PHASING")).toEqual(["planned", "achieved", "measure?"]);
  });

  describe("GOV.SAVINGS", () => {
    const call = (...args: unknown[]) => bundle.call("SAVINGS", ...args);

    test("is exact in decimal", () => {
      expect(call(100.3, 100.1)).toEqual([[0.2]]);
      expect(call([[100.3], [0.3], [850]], [[100.1], [0.1], [1000]])).toEqual([[0.2], [0.2], [-150]]);
    });

    test("blanks as blanks, errors per element", () => {
      const out = call([[1000], [""], [1000]], [[900], [900], ["n/a"]]) as unknown[][];
      expect(out.slice(0, 2)).toEqual([[100], [""]]);
      expect(isExcelError(out[2][0], "#VALUE!", 'actual (row 3, column 1): expected a number, got text "n/a".')).toBe(
        true,
      );
    });

    test("rejects ranges of different shapes", () => {
      expect(isExcelError(call([[1], [2]], [[1, 2]]), "#VALUE!", "actual is 1x2 but baseline is 2x1")).toBe(true);
    });

    test("equals the exact cent difference for random two-decimal amounts", () => {
      fc.assert(
        fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.integer({ min: -1e11, max: 1e11 }), (b, a) => {
          expect(call(b / 100, a / 100)).toEqual([[(b - a) / 100]]);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe("GOV.RECONCILE", () => {
    const call = (...args: unknown[]) => bundle.call("RECONCILE", ...args);

    test("the issue's example reconciles exactly", () => {
      expect(call(100.3, 100.1, 0.2, 0.2, null)).toEqual([["Reconciled"]]);
    });

    test("every status, element-wise; a blank confirmed figure is Unconfirmed, other blanks are blank", () => {
      expect(
        call(
          [[1000], [1000], [1000], [1000], [1000], [""]],
          [[900], [900], [900], [900], [950], [900]],
          [[100], [100], [100], [100], [100], [100]],
          [[100], [""], [120], [80], [50], [100]],
          null,
        ),
      ).toEqual([["Reconciled"], ["Unconfirmed"], ["Overstated"], ["Understated"], ["Shortfall"], [""]]);
    });

    test("tolerance boundaries", () => {
      expect(call(100.3, 100.1, 0.2, [[0.25, 0.26, 0.15, 0.14]], 0.05)).toEqual([
        ["Reconciled", "Overstated", "Reconciled", "Understated"],
      ]);
      const out = call(1, 0, 1, 1, -1) as unknown[][];
      expect(isExcelError(out[0][0], "#VALUE!", "tolerance: must not be negative")).toBe(true);
    });
  });

  describe("GOV.RUN_RATE", () => {
    const call = (...args: unknown[]) => bundle.call("RUN_RATE", ...args);

    test("annualises the average of the latest 3 months by default, skipping unreported blanks", () => {
      expect(call([[10], [20], [30], [40], [""], [""]], null, null)).toBe(360);
      expect(call([[0.1], [0.1], [0.1]], null, null)).toBe(1.2);
      expect(call([[10, 20, 30, 40]], 1, null)).toBe(480);
      expect(call([[100], [110]], 2, 4)).toBe(420);
    });

    test("#N/A while fewer months are reported than the window", () => {
      expect(isExcelError(call([[10], [""], [20]], null, null), "#N/A", "needs 3 reported periods, got 2")).toBe(true);
    });

    test("rejects bad input with a message", () => {
      expect(isExcelError(call([[10], ["x"]], null, null), "#VALUE!", "monthly_savings (row 2, column 1)")).toBe(true);
      expect(isExcelError(call([[10]], 0.5, null), "#VALUE!", "window: expected a whole number of 1 or more")).toBe(
        true,
      );
      expect(isExcelError(call([[10]], 1, -12), "#VALUE!", "periods_per_year: must be greater than 0")).toBe(true);
    });
  });

  describe("GOV.PHASING", () => {
    const call = (...args: unknown[]) => bundle.call("PHASING", ...args);
    const planned = [[10], [10], [10], [10], [10], [10]];
    const achieved = [[8], [9], [15], [10], [""], [""]];

    test("cumulative gap by default, blank for months not reported yet", () => {
      expect(call(planned, achieved, null)).toEqual([[-2], [-3], [2], [2], [""], [""]]);
      expect(call(planned, achieved, "GAP")).toEqual([[-2], [-3], [2], [2], [""], [""]]);
    });

    test("cumulative ratio", () => {
      expect(call(planned, achieved, "ratio")).toEqual([[0.8], [0.85], [32 / 30], [1.05], [""], [""]]);
    });

    test("a row of months, a scalar plan per month, and exact decimals", () => {
      expect(call([[0.1, 0.2, 0.3]], [[0.1, 0.2, 0.3]], null)).toEqual([[0, 0, 0]]);
      expect(call(100, [[90, 100, 110]], null)).toEqual([[-10, -10, 0]]);
    });

    test("no plan to date has no base for a ratio: #DIV/0!", () => {
      const out = call([[""], [50]], [[5], [40]], "ratio") as unknown[][];
      expect(isExcelError(out[0][0], "#DIV/0!")).toBe(true);
      expect(out[1][0]).toBe(0.9);
    });

    test("a month reported after a blank one is an error in that element, naming both", () => {
      const out = call([[10], [10], [10]], [[8], [""], [7]], null) as unknown[][];
      expect(out.slice(0, 2)).toEqual([[-2], [""]]);
      expect(
        isExcelError(
          out[2][0],
          "#VALUE!",
          "achieved (row 3, column 1): an earlier period (row 2, column 1) is blank; enter 0 for a period with nothing achieved.",
        ),
      ).toBe(true);
    });

    test("rejects a spill larger than the element-wise limit", () => {
      const months = Array.from({ length: 200_001 }, () => [""]);
      expect(isExcelError(call(10, months, null), "#VALUE!", "achieved: the range has 200001 cells")).toBe(true);
    });

    test("rejects an unknown measure, misaligned ranges and bad cells", () => {
      expect(isExcelError(call(planned, achieved, "percent"), "#VALUE!", 'measure: expected "gap" or "ratio"')).toBe(
        true,
      );
      expect(isExcelError(call(planned, [[1, 2]], null), "#VALUE!", "achieved is 1x2 but planned is 6x1")).toBe(true);
      expect(isExcelError(call([[1], [true]], [[1], [1]], null), "#VALUE!", "planned (row 2, column 1)")).toBe(true);
    });
  });
});
