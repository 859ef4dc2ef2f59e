/**
 * The credits group through the built bundle, called with the shapes Excel hands over:
 * `any[][]` parameters as 2-D arrays, `any` parameters as single values, an omitted
 * optional as null, blank cells as "" or null.
 */
import { FakeExcelError, isExcelError, loadBundle } from "../support/bundle";

describe("credits functions in the built bundle", () => {
  const bundle = loadBundle();
  const call = bundle.call.bind(bundle);
  const column = (...values: unknown[]) => values.map((v) => [v]);

  test("the six functions are registered with their contract parameters", () => {
    const params = (id: string) =>
      bundle.metadata.functions.find((f) => f.id === id)?.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}`);
    expect(params("SERVICE_CREDIT")).toEqual([
      "attainment",
      "minimum",
      "at_risk_amount",
      "allocation_pct",
      "category_pct?",
      "direction?",
    ]);
    expect(params("CREDITS_TOTAL")).toEqual([
      "attainments",
      "minimums",
      "allocation_pcts",
      "at_risk_amount",
      "pool_pct?",
      "category_pcts?",
      "directions?",
    ]);
    expect(params("SIGMIN_PENALTY")).toEqual(["attainments", "significant_minimums", "penalties", "directions?"]);
    expect(params("EARNBACK")).toEqual(["credit", "later_attainments", "expected", "direction?"]);
    expect(params("EXPECTED_DEFAULT")).toEqual(["attainments", "expected", "misses_allowed?", "direction?"]);
    expect(params("NEXT_TARGET")).toEqual(["expected", "attainments", "share?", "max_step?", "direction?"]);
  });

  describe("GOV.SERVICE_CREDIT", () => {
    test("the public worked example: 50% x 40% x (10% x $100,000) = $2,000", () => {
      expect(call("SERVICE_CREDIT", [[0.97]], [[0.98]], [[10000]], [[0.4]], [[0.5]], null)).toEqual([[2000]]);
    });

    test("element-wise over a month sheet: credits, a blank, and an error in its own cell", () => {
      const out = call(
        "SERVICE_CREDIT",
        column(0.97, 0.98, "", 0.04, "n/a", 0.9),
        column(0.98, 0.98, 0.99, 0.03, 0.9, 0.95),
        [[10000]],
        column(0.4, 0.4, 0.2, 0.25, 0.1, 0.1),
        null,
        column(">=", null, ">=", " <= ", "", ">="),
      ) as unknown[][];
      expect(out.slice(0, 4)).toEqual([[4000], [0], [""], [2500]]);
      expect(
        isExcelError(out[4][0], "#VALUE!", 'attainment (row 5, column 1): expected a number, got text "n/a".'),
      ).toBe(true);
      expect(out[5]).toEqual([1000]);
    });

    test("97 typed for 97% against a fractional minimum, or a negative amount, is rejected in its cell", () => {
      const [[above]] = call("SERVICE_CREDIT", [[97]], [[0.98]], [[10000]], [[0.4]], null, null) as unknown[][];
      expect(isExcelError(above, "#VALUE!", "attainment: 97 is compared with minimum 0.98, but one is above 1")).toBe(
        true,
      );
      expect(isExcelError(above, "#VALUE!", "95% or 0.95, not 95")).toBe(true);
      const [[negative]] = call("SERVICE_CREDIT", [[0.9]], [[0.98]], [[-5]], [[0.4]], null, null) as unknown[][];
      expect(isExcelError(negative, "#VALUE!", "at_risk_amount: must not be negative, got -5.")).toBe(true);
    });

    test("misaligned ranges name both arguments and shapes", () => {
      const e = call("SERVICE_CREDIT", column(0.9, 0.95, 0.99), [[0.98]], [[1000]], column(0.1, 0.2), null, null);
      expect(isExcelError(e, "#VALUE!", "allocation_pct is 2x1 but attainment is 3x1")).toBe(true);
    });

    test("an unknown direction names the accepted values", () => {
      const [[e]] = call("SERVICE_CREDIT", [[0.9]], [[0.98]], [[1000]], [[0.1]], null, [["=>"]]) as unknown[][];
      expect(isExcelError(e, "#VALUE!", 'direction: expected ">=" (higher is better) or "<=" (lower is better)')).toBe(
        true,
      );
    });
  });

  describe("GOV.CREDITS_TOTAL", () => {
    // Month sheet 1 of test/credits/creditsTotal.test.ts: 15,000 of a 30,000 at-risk amount.
    const attainments = column(0.995, 0.96, 0.04, 0.9, "");
    const minimums = column(0.997, 0.95, 0.03, 0.9, 0.99);
    const allocations = column(0.3, 0.25, 0.2, 0.15, 0.1);
    const directions = column(">=", "", "<=", null, ">=");

    test("a month sheet with per-service directions and an unmeasured service", () => {
      expect(call("CREDITS_TOTAL", attainments, minimums, allocations, 30000, null, null, directions)).toBe(15000);
    });

    test("credits of 0.1, 0.2 and 0.3 total exactly 0.6", () => {
      expect(call("CREDITS_TOTAL", column(0, 0, 0), [[1]], column(0.1, 0.2, 0.3), 1, null, null, null)).toBe(0.6);
    });

    test("capped at the at-risk amount, exactly at it and above it", () => {
      expect(call("CREDITS_TOTAL", column(0.5, 0.5), [[0.9]], column(0.5, 0.5), 8000, null, null, null)).toBe(8000);
      expect(call("CREDITS_TOTAL", column(0.5, 0.5), [[0.9]], column(1, 1), 8000, null, null, null)).toBe(8000);
    });

    test("category shares as a range", () => {
      const total = call(
        "CREDITS_TOTAL",
        column(0.97, 0.92),
        column(0.99, 0.95),
        column(0.5, 0.75),
        [[8000]],
        null,
        column(0.6, 0.4),
        null,
      );
      expect(total).toBe(4800);
    });

    /** CREDITS_TOTAL on this sheet with one argument replaced (position 1..6 after attainments). */
    const sheetWith = (position: number, value: unknown) => {
      const args: unknown[] = [minimums, allocations, 30000, null, null, directions];
      args[position - 1] = value;
      return call("CREDITS_TOTAL", attainments, ...args);
    };

    test("allocations above the pool are rejected with both totals", () => {
      expect(
        isExcelError(
          sheetWith(2, column(1, 1, 0.5, 0.2, "")),
          "#VALUE!",
          "allocation_pcts add up to 2.7 (270%), more than pool_pct 2.5 (250%)",
        ),
      ).toBe(true);
      expect(isExcelError(sheetWith(4, 0.8), "#VALUE!", "add up to 1 (100%), more than pool_pct 0.8 (80%)")).toBe(true);
    });

    test.each([
      [1, column(0.9, 0.9), "minimums is 2x1 but attainments is 5x1"],
      [2, column(0.3, "25%", 0.2, 0.15, 0.1), 'allocation_pcts (row 2, column 1): expected a number, got text "25%".'],
      [
        2,
        column(0.3, "", 0.2, 0.15, 0.1),
        "allocation_pcts (row 2, column 1): a value is required where attainments has one.",
      ],
      [2, column(0.3, 2.5, 0.2, 0.15, 0.1), "allocation_pcts (row 2, column 1): expected a percentage from 0% to 100%"],
      [5, [[0.5, 0.5]], "category_pcts is 1x2 but attainments is 5x1"],
      [6, column(">=", "higher", "<=", "", ""), 'directions (row 2, column 1): expected ">="'],
      [3, -1, "at_risk_amount: must not be negative"],
      [3, null, "at_risk_amount: a value is required"],
      [3, [[1], [2]], "at_risk_amount: expected a single value, got a 2x1 range."],
      [4, "250%", 'pool_pct: expected a number, got text "250%".'],
    ])("argument %d replaced by %j: #VALUE! %s", (position, value, message) => {
      expect(isExcelError(sheetWith(position, value), "#VALUE!", message)).toBe(true);
    });
  });

  describe("GOV.SIGMIN_PENALTY", () => {
    test("green overall, red inside: only the service under its Significant Minimum pays", () => {
      const total = call(
        "SIGMIN_PENALTY",
        column(0.999, 0.935, 0.995, 0.005),
        column(0.995, 0.95, 0.99, 0.01),
        column(40000, 25000, 15000, 10000),
        column(">=", ">=", ">=", "<="),
      );
      expect(total).toBe(25000);
    });

    test("one Significant Minimum and one penalty for every service; exactly at it is met", () => {
      expect(call("SIGMIN_PENALTY", [[0.95, 0.9499, ""]], [[0.95]], [[1000]], null)).toBe(1000);
    });

    test("a negative penalty and a misaligned range are rejected", () => {
      const negative = call("SIGMIN_PENALTY", column(0.9, 0.8), [[0.95]], column(100, -100), null);
      expect(isExcelError(negative, "#VALUE!", "penalties (row 2, column 1): must not be negative, got -100.")).toBe(
        true,
      );
      const misaligned = call("SIGMIN_PENALTY", column(0.9, 0.8), [[0.95, 0.9]], [[100]], null);
      expect(isExcelError(misaligned, "#VALUE!", "significant_minimums is 1x2 but attainments is 2x1")).toBe(true);
    });
  });

  describe("GOV.EARNBACK", () => {
    test("earned back, lost, and not known yet", () => {
      expect(call("EARNBACK", 2000, column(0.99, 0.985, 0.992), 0.985, null)).toBe(2000);
      expect(call("EARNBACK", 2000, column(0.99, 0.984, ""), 0.985, null)).toBe(0);
      const open = call("EARNBACK", 2000, column(0.99, "", null), 0.985, null);
      expect(
        isExcelError(
          open,
          "#N/A",
          "later_attainments: 2 of 3 periods are still blank, so the result is not known yet.",
        ),
      ).toBe(true);
    });

    test("lower is better, and a bad direction", () => {
      expect(call("EARNBACK", 500, [[0.01, 0.02]], 0.02, "<=")).toBe(500);
      expect(isExcelError(call("EARNBACK", 500, [[0.01]], 0.02, "<"), "#VALUE!", "direction: expected")).toBe(true);
    });
  });

  describe("GOV.EXPECTED_DEFAULT", () => {
    const year = column(0.985, 0.97, 0.99, 0.975, 0.98, 0.99, 0.96, 0.99, 0.99, 0.985, 0.99, 0.979);

    test("4 misses in 12 months are a default, 3 are not", () => {
      expect(call("EXPECTED_DEFAULT", year, 0.98, null, null)).toBe(true);
      expect(call("EXPECTED_DEFAULT", year, 0.98, 4, null)).toBe(false);
      expect(call("EXPECTED_DEFAULT", year.slice(0, 11), 0.98, null, null)).toBe(false);
    });

    test("misses_allowed must be a whole number", () => {
      expect(
        isExcelError(
          call("EXPECTED_DEFAULT", year, 0.98, 2.5, null),
          "#VALUE!",
          "misses_allowed: expected a whole number of 0 or more, got 2.5.",
        ),
      ).toBe(true);
    });
  });

  describe("GOV.NEXT_TARGET", () => {
    const year = column(0.96, 0.97, 0.98, 0.97, 0.96, 0.98, 0.97, 0.97, 0.96, 0.98, 0.97, 0.97);

    test("moves half way to the average, capped by max_step; stays when a month only meets", () => {
      expect(call("NEXT_TARGET", 0.95, year, null, null, null)).toBe(0.96);
      expect(call("NEXT_TARGET", 0.95, year, 1, 0.1, null)).toBe(0.955);
      expect(call("NEXT_TARGET", 0.95, [...year.slice(0, 11), [0.95]], null, null, null)).toBe(0.95);
    });

    test("lower is better with the optional direction", () => {
      expect(call("NEXT_TARGET", 0.05, column(0.03, 0.01, 0.02), null, null, "<=")).toBe(0.035);
    });

    test("#N/A while the window is open, #VALUE! for a share above 100%", () => {
      expect(
        isExcelError(
          call("NEXT_TARGET", 0.95, column(0.97, ""), null, null, null),
          "#N/A",
          "attainments: 1 of 2 periods",
        ),
      ).toBe(true);
      expect(
        isExcelError(
          call("NEXT_TARGET", 0.95, year, 1.5, null, null),
          "#VALUE!",
          "share: expected a percentage from 0% to 100%",
        ),
      ).toBe(true);
    });
  });

  describe("the worked examples of the README (credits)", () => {
    const B = column(0.995, 0.96, 0.04, 0.9, "");
    const C = column(0.997, 0.95, 0.03, 0.9, 0.99);
    const D = column(0.3, 0.25, 0.2, 0.15, 0.1);
    const E = column(">=", ">=", "<=", ">=", ">=");
    const H1 = 0.12 * 250000;

    test("SERVICE_CREDIT and CREDITS_TOTAL on the month sheet", () => {
      expect(call("SERVICE_CREDIT", [[0.97]], [[0.98]], [[0.1 * 100000]], [[0.4]], [[0.5]], null)).toEqual([[2000]]);
      expect(call("SERVICE_CREDIT", [[0.98]], [[0.98]], [[10000]], [[0.4]], [[0.5]], null)).toEqual([[0]]);
      expect(call("SERVICE_CREDIT", B, C, [[H1]], D, null, E)).toEqual([[9000], [0], [6000], [0], [""]]);
      expect(call("CREDITS_TOTAL", B, C, D, H1, null, null, E)).toBe(15000);
      expect(call("CREDITS_TOTAL", B, C, column(1, 0.25, 1, 0.15, 0.1), H1, null, null, E)).toBe(30000);
      const pool = call("CREDITS_TOTAL", B, C, column(1, 1, 0.5, 0.2, 0), H1, null, null, null);
      expect(
        isExcelError(pool, "#VALUE!", "allocation_pcts add up to 2.7 (270%), more than pool_pct 2.5 (250%): "),
      ).toBe(true);
    });

    test("SIGMIN_PENALTY, EARNBACK, EXPECTED_DEFAULT and NEXT_TARGET", () => {
      const sheet = [
        column(0.999, 0.935, 0.995, 0.005),
        column(0.995, 0.95, 0.99, 0.01),
        column(40000, 25000, 15000, 10000),
      ];
      expect(call("SIGMIN_PENALTY", ...sheet, column(">=", ">=", ">=", "<="))).toBe(25000);
      expect(call("SIGMIN_PENALTY", sheet[0].slice(0, 3), 0.95, 1000, null)).toBe(1000);
      expect(call("EARNBACK", 2000, column(0.99, 0.985, 0.992), 0.985, null)).toBe(2000);
      expect(call("EARNBACK", 2000, column(0.99, 0.984, 0.992), 0.985, null)).toBe(0);
      const G = column(0.985, 0.97, 0.99, 0.975, 0.98, 0.99, 0.96, 0.99, 0.99, 0.985, 0.99, 0.979);
      expect(call("EXPECTED_DEFAULT", G, 0.98, null, null)).toBe(true);
      expect(call("EXPECTED_DEFAULT", G, 0.98, 4, null)).toBe(false);
      const J = column(0.96, 0.97, 0.98, 0.97, 0.96, 0.98, 0.97, 0.97, 0.96, 0.98, 0.97, 0.97);
      expect(call("NEXT_TARGET", 0.95, J, null, null, null)).toBe(0.96);
      expect(call("NEXT_TARGET", 0.95, J, 0.5, 0.1, null)).toBe(0.955);
      expect(call("NEXT_TARGET", 0.05, column(0.03, 0.01, 0.02), null, null, "<=")).toBe(0.035);
    });
  });

  test("errors are Excel errors, never thrown JavaScript errors", () => {
    const e = call("CREDITS_TOTAL", [["x"]], [[0.9]], [[0.1]], 1, null, null, null);
    expect(e).toBeInstanceOf(FakeExcelError);
  });

  describe("service levels measured in units", () => {
    // Average speed to answer <= 30 seconds and mean time to restore <= 4 hours, with a
    // fractional availability line beside them; worked by hand.
    test("SERVICE_CREDIT spills credits for results in seconds and hours", () => {
      const out = call(
        "SERVICE_CREDIT",
        column(45, 3.5, 0.995),
        column(30, 4, 0.997),
        [[10000]],
        column(0.4, 0.3, 0.3),
        null,
        column("<=", "<=", ">="),
      );
      // 45 s > 30 s misses (40% x 10,000); 3.5 h <= 4 h is met; 99.5% < 99.7% misses (30% x 10,000).
      expect(out).toEqual([[4000], [0], [3000]]);
    });

    test("CREDITS_TOTAL and SIGMIN_PENALTY take unit rows beside fractional rows", () => {
      const sheet = [column(45, 3.5, 0.995), column(30, 4, 0.997)];
      expect(call("CREDITS_TOTAL", ...sheet, column(0.4, 0.3, 0.3), 10000, null, null, column("<=", "<=", ">="))).toBe(
        7000,
      );
      expect(call("SIGMIN_PENALTY", ...sheet, column(500, 800, 1000), column("<=", "<=", ">="))).toBe(1500);
    });

    test("EARNBACK, EXPECTED_DEFAULT and NEXT_TARGET take a window in seconds", () => {
      expect(call("EARNBACK", 2000, column(28, 30, 25), 30, "<=")).toBe(2000);
      expect(call("EARNBACK", 2000, column(28, 31, 25), 30, "<=")).toBe(0);
      expect(call("EXPECTED_DEFAULT", column(31, 32, 33, 34, 29), 30, 3, "<=")).toBe(true);
      // 30 - 0.5 x (30 - 24) = 27 seconds.
      expect(call("NEXT_TARGET", 30, column(25, 20, 27), null, null, "<=")).toBe(27);
      // Capped at 10% of the headroom down to 0: 30 - 3.
      expect(call("NEXT_TARGET", 30, column(25, 20, 27), 1, 0.1, "<=")).toBe(27);
      // Higher is better in a unit (calls answered per hour): no headroom to 100% for a cap.
      expect(call("NEXT_TARGET", 100, column(120, 130), null, null, ">=")).toBe(112.5);
      expect(isExcelError(call("NEXT_TARGET", 100, column(120, 130), null, 0.1, ">="), "#VALUE!", "max_step:")).toBe(
        true,
      );
    });

    test.each([
      [
        "SERVICE_CREDIT",
        () => (call("SERVICE_CREDIT", [[0.97]], [[95]], [[1000]], [[0.4]], null, null) as unknown[][])[0][0],
        "attainment: 0.97 is compared with minimum 95",
      ],
      [
        "CREDITS_TOTAL",
        () => call("CREDITS_TOTAL", column(0.99, 97), column(0.98, 0.95), column(0.5, 0.5), 1000, null, null, null),
        "attainments (row 2, column 1): 97 is compared with minimums 0.95",
      ],
      [
        "SIGMIN_PENALTY",
        () => call("SIGMIN_PENALTY", column(0.99, 97), column(0.98, 0.95), 100, null),
        "attainments (row 2, column 1): 97 is compared with significant_minimums 0.95",
      ],
      [
        "EARNBACK",
        () => call("EARNBACK", 2000, column(0.99, 98.5), 0.985, null),
        "later_attainments (row 2, column 1): 98.5 is compared with expected 0.985",
      ],
      [
        "EXPECTED_DEFAULT",
        () => call("EXPECTED_DEFAULT", column(0.99, 0.97, 97), 0.98, null, null),
        "attainments (row 3, column 1): 97 is compared with expected 0.98",
      ],
      [
        "NEXT_TARGET",
        () => call("NEXT_TARGET", 95, column(0.97, 0.98), null, null, null),
        "attainments (row 1, column 1): 0.97 is compared with expected 95",
      ],
    ])("%s refuses a value above 1 against a threshold of at most 1 (or the reverse)", (_name, run, message) => {
      const e = run();
      expect(isExcelError(e, "#VALUE!", message)).toBe(true);
      expect(isExcelError(e, "#VALUE!", "not on the same scale")).toBe(true);
    });
  });
});
