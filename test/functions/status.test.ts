/**
 * GOV.IMPL_STATUS, GOV.POTENTIAL_STATUS and GOV.DUAL_STATUS through the built bundle,
 * called with Excel-shaped arguments as Excel calls them.
 */
import { isExcelError, loadBundle } from "../support/bundle";

const JAN1 = 45292; // 2024-01-01
const AS_OF = JAN1 + 60;

describe("dual status functions in the built bundle", () => {
  const bundle = loadBundle();

  test("are registered with the contract's parameters, optional ones last", () => {
    const params = (id: string) =>
      bundle.metadata.functions.find((f) => f.id === id)?.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}`);
    expect(params("IMPL_STATUS")).toEqual(["due_dates", "done_dates", "as_of", "red_after_days?"]);
    expect(params("POTENTIAL_STATUS")).toEqual(["planned", "forecast", "amber_below?", "red_below?"]);
    expect(params("DUAL_STATUS")).toEqual(["impl_status", "potential_status"]);
  });

  describe("GOV.IMPL_STATUS", () => {
    const call = (...args: unknown[]) => bundle.call("IMPL_STATUS", ...args);

    test("milestone table: done late, open and overdue, future milestones", () => {
      // due | done
      const due = [[JAN1], [JAN1 + 20], [AS_OF + 30], [""]];
      expect(call(due, [[JAN1], [JAN1 + 20], [""], [""]], AS_OF, null)).toBe("Green");
      expect(call(due, [[JAN1 + 5], [JAN1 + 20], [""], [""]], AS_OF, null)).toBe("Amber");
      expect(call(due, [[JAN1 + 15], [JAN1 + 20], [""], [""]], AS_OF, null)).toBe("Red");
      // The second milestone is open and AS_OF - (JAN1 + 20) = 40 days overdue.
      expect(call(due, [[JAN1], [""], [""], [""]], AS_OF, null)).toBe("Red");
      expect(call(due, [[JAN1], [""], [""], [""]], AS_OF, 40)).toBe("Amber");
      expect(call(due, [[JAN1], [""], [""], [""]], AS_OF, 39.5)).toBe("Red");
    });

    test("blank due rows are skipped; no milestones is Green; red_after_days defaults to 14", () => {
      expect(call([[""], [null]], [[""], [null]], AS_OF)).toBe("Green");
      expect(call([[AS_OF - 14]], [[null]], AS_OF, null)).toBe("Amber");
      expect(call([[AS_OF - 14]], [[null]], AS_OF, "")).toBe("Amber");
      expect(call([[AS_OF - 15]], [[null]], AS_OF, null)).toBe("Red");
    });

    test("2-D ranges are read position by position", () => {
      expect(call([[JAN1, JAN1 + 10]], [[JAN1, JAN1 + 12]], AS_OF, null)).toBe("Amber");
    });

    test("a single blank done_dates stands for every milestone still open", () => {
      expect(call([[AS_OF + 1], [AS_OF + 2]], [[null]], AS_OF, null)).toBe("Green");
      expect(call([[AS_OF - 1], [AS_OF + 2]], [[null]], AS_OF, null)).toBe("Amber");
    });

    test("rejects a done date without a due date, with its position", () => {
      const e = call([[JAN1], [""]], [[JAN1], [JAN1 + 3]], AS_OF, null);
      expect(
        isExcelError(e, "#VALUE!", "done_dates (row 2, column 1): a done date needs a due date at the same position"),
      ).toBe(true);
    });

    test("rejects misaligned ranges, bad dates with their position, a bad as_of and negative days", () => {
      expect(
        isExcelError(
          call([[JAN1], [JAN1]], [[JAN1, JAN1]], AS_OF),
          "#VALUE!",
          "done_dates is 1x2 but due_dates is 2x1",
        ),
      ).toBe(true);
      expect(
        isExcelError(call([[JAN1], ["soon"]], [[""], [""]], AS_OF), "#VALUE!", "due_dates (row 2, column 1)"),
      ).toBe(true);
      expect(isExcelError(call([[JAN1]], [[true]], AS_OF), "#VALUE!", "done_dates: expected a date")).toBe(true);
      expect(isExcelError(call([[JAN1]], [[""]], null), "#VALUE!", "as_of: a value is required")).toBe(true);
      expect(isExcelError(call([[JAN1]], [[""]], 10), "#VALUE!", "as_of: dates before 1900-03-01")).toBe(true);
      expect(isExcelError(call([[JAN1]], [[""]], AS_OF, -1), "#VALUE!", "red_after_days: must not be negative")).toBe(
        true,
      );
    });
  });

  describe("GOV.POTENTIAL_STATUS", () => {
    const call = (...args: unknown[]) => bundle.call("POTENTIAL_STATUS", ...args);

    test("element-wise with default thresholds, blanks as blanks", () => {
      expect(call([[100], [100], [100], [""], [100]], [[95], [94.99], [79.99], [50], [null]], null, null)).toEqual([
        ["Green"],
        ["Amber"],
        ["Red"],
        [""],
        [""],
      ]);
    });

    test("scalar plan broadcast over forecasts; exact decimal boundary", () => {
      expect(call(2.2, [[2.09, 1.76, 1.75]], null, null)).toEqual([["Green", "Amber", "Red"]]);
    });

    test("thresholds may be given once or per row", () => {
      expect(call([[100], [100]], [[85], [85]], 0.9, 0.8)).toEqual([["Amber"], ["Amber"]]);
      expect(call([[100], [100]], [[85], [85]], [[0.85], [0.9]], [[0.5], [0.86]])).toEqual([["Green"], ["Red"]]);
    });

    test("a bad element is an error in that element only, with its message", () => {
      const out = call([[100], [0], [-5], ["x"]], [[90], [90], [90], [90]], null, null) as unknown[][];
      expect(out[0][0]).toBe("Amber");
      expect(isExcelError(out[1][0], "#VALUE!", "planned (row 2, column 1): must be greater than 0, got 0.")).toBe(
        true,
      );
      expect(isExcelError(out[2][0], "#VALUE!", "planned (row 3, column 1): must be greater than 0")).toBe(true);
      expect(isExcelError(out[3][0], "#VALUE!", "planned (row 4, column 1): expected a number")).toBe(true);
    });

    test("reversed thresholds are rejected", () => {
      const out = call(100, 90, 0.8, 0.9) as unknown[][];
      expect(isExcelError(out[0][0], "#VALUE!", "red_below: 0.9 must not be above amber_below (0.8).")).toBe(true);
    });
  });

  describe("GOV.DUAL_STATUS", () => {
    const call = (...args: unknown[]) => bundle.call("DUAL_STATUS", ...args);

    test("the truth table as two spilled columns", () => {
      const impl = [["G"], ["g"], ["green"], ["A"], ["Amber"], ["AMBER"], ["r"], ["Red"], ["RED"]];
      const potential = [["Green"], ["amber"], ["R"], ["g"], ["A"], ["red"], ["G"], ["a"], ["r"]];
      expect(call(impl, potential)).toEqual([
        ["On track"],
        ["Watch"],
        ["Value at risk"],
        ["Watch"],
        ["Watch"],
        ["Value at risk"],
        ["Delivery at risk"],
        ["Delivery at risk"],
        ["Off track"],
      ]);
    });

    test("single values and blanks", () => {
      expect(call("Green", "Red")).toEqual([["Value at risk"]]);
      expect(call([["Green"], [""]], [["Red"], ["Red"]])).toEqual([["Value at risk"], [""]]);
    });

    test("anything else is #VALUE! naming the accepted words and the position", () => {
      const out = call([["Green"], ["Yellow"], [1]], "Green") as unknown[][];
      expect(out[0][0]).toBe("On track");
      expect(
        isExcelError(
          out[1][0],
          "#VALUE!",
          'impl_status (row 2, column 1): expected Green, Amber or Red (or G, A, R; any case), got text "Yellow".',
        ),
      ).toBe(true);
      expect(isExcelError(out[2][0], "#VALUE!", "impl_status (row 3, column 1): expected Green, Amber or Red")).toBe(
        true,
      );
    });

    test("composes with the other two: on-time milestones and a slipping forecast is Value at risk", () => {
      const impl = bundle.call("IMPL_STATUS", [[JAN1], [JAN1 + 30]], [[JAN1], [JAN1 + 29]], AS_OF, null);
      const potential = bundle.call("POTENTIAL_STATUS", 1_000_000, 700_000, null, null);
      expect([impl, potential]).toEqual(["Green", [["Red"]]]);
      expect(call(impl, potential)).toEqual([["Value at risk"]]);
    });
  });
});
