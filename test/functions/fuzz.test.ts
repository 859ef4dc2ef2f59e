/**
 * Inputs Excel accepts whose exact result is beyond Excel's number range (found by fuzzing):
 * each is #NUM!, never Infinity, through the built bundle.
 */
import { isExcelError, loadBundle } from "../support/bundle";

describe("results beyond Excel's number range are #NUM!", () => {
  const bundle = loadBundle();
  const call = bundle.call.bind(bundle);
  const isNum = (value: unknown) => isExcelError(value, "#NUM!");

  test("GOV.SAVINGS(1e308, -1e308), in its element only", () => {
    expect(isNum((call("SAVINGS", 1e308, -1e308) as unknown[][])[0][0])).toBe(true);
    const out = call("SAVINGS", [[1e308], [5]], [[-1e308], [2]]) as unknown[][];
    expect(isNum(out[0][0])).toBe(true);
    expect(out[1]).toEqual([3]);
    // The largest result that fits is still a number.
    expect(call("SAVINGS", 1.7976931348623157e308, 0)).toEqual([[1.7976931348623157e308]]);
  });

  test("GOV.RUN_RATE({1e308}, 1)", () => {
    expect(isNum(call("RUN_RATE", [[1e308]], 1, null))).toBe(true);
  });

  test("GOV.PHASING({1e308;1e308}, {0;0}): the second period's gap", () => {
    const out = call("PHASING", [[1e308], [1e308]], [[0], [0]], null) as unknown[][];
    expect(out[0]).toEqual([-1e308]);
    expect(isNum(out[1][0])).toBe(true);
  });

  test("GOV.PHASING ratio beyond the range", () => {
    const out = call("PHASING", [[1e-300]], [[1e300]], "ratio") as unknown[][];
    expect(isNum(out[0][0])).toBe(true);
  });

  test("GOV.SIGMIN_PENALTY({0.5;0.5}, 0.9, 1e308)", () => {
    expect(isNum(call("SIGMIN_PENALTY", [[0.5], [0.5]], 0.9, 1e308, null))).toBe(true);
  });

  test("GOV.OLA_GAP(0, {1e308;1e308})", () => {
    expect(isNum(call("OLA_GAP", 0, [[1e308], [1e308]]))).toBe(true);
  });

  test("GOV.SERVICE_CREDIT and GOV.NEXT_TARGET stay numbers at the top of the range", () => {
    expect(call("SERVICE_CREDIT", [[0.5]], [[0.9]], [[1.7976931348623157e308]], [[1]], null, null)).toEqual([
      [1.7976931348623157e308],
    ]);
    expect(call("CREDITS_TOTAL", [[0.5]], [[0.9]], [[1]], 1.7976931348623157e308, null, null, null)).toBe(
      1.7976931348623157e308,
    );
  });
});
