/* Custom functions: savings versus baseline, reconciliation, run rate and phasing. Metadata comes from the JSDoc below. */
import { describePosition, fail, isFailure, messages } from "../src/errors";
import { excelNumber } from "../src/money";
import { cumulativePhasing, phasingRatio } from "../src/savings/phasing";
import { reconcile } from "../src/savings/reconcile";
import { DEFAULT_PERIODS_PER_YEAR, DEFAULT_RUN_RATE_WINDOW, annualRunRate } from "../src/savings/runRate";
import { savings } from "../src/savings/savings";
import {
  MAX_OUTPUT_CELLS,
  OutCell,
  asNonNegative,
  asNumber,
  ANY_NUMBER,
  asText,
  commonShape,
  elementwise,
  param,
  readAligned,
  scalar,
  readRange,
  startCall,
  toExcelError,
  unwrap,
} from "./excel";

/**
 * Achieved saving: baseline cost minus actual cost, in exact decimal (100.3 - 100.1 is exactly 0.2). Element-wise.
 * @customfunction SAVINGS
 * @param {any[][]} baseline Cost before the measure.
 * @param {any[][]} actual Cost now.
 * @returns {any[][]} baseline - actual for each row; negative when the cost rose.
 */
export function SAVINGS(baseline: any[][], actual: any[][]): any[][] {
  return elementwise([param("baseline", asNumber), param("actual", asNumber)] as const, [baseline, actual], (b, a) =>
    excelNumber(savings(b, a)),
  );
}

/**
 * Reconciles a savings claim with baseline versus actual: Unconfirmed, Overstated, Understated, Shortfall or Reconciled. Element-wise.
 * @customfunction RECONCILE
 * @param {any[][]} baseline Cost before the measure.
 * @param {any[][]} actual Cost now.
 * @param {any[][]} planned Saving the plan promised.
 * @param {any[][]} [confirmed] Saving the controller confirmed (blank = not confirmed yet).
 * @param {any[][]} [tolerance] Allowed difference in money (default 0).
 * @returns {any[][]} The reconciliation status for each row.
 */
export function RECONCILE(
  baseline: any[][],
  actual: any[][],
  planned: any[][],
  confirmed?: any[][],
  tolerance?: any[][],
): any[][] {
  return elementwise(
    [
      param("baseline", asNumber),
      param("actual", asNumber),
      param("planned", asNumber),
      // A blank confirmed figure is a status of its own ("Unconfirmed"), not a blank result.
      param<number | null>("confirmed", asNumber, null),
      param("tolerance", asNonNegative, 0),
    ] as const,
    [baseline, actual, planned, confirmed, tolerance],
    reconcile,
  );
}

/**
 * Annual run rate of savings: the average of the latest window periods times periods_per_year. #N/A while fewer periods are reported.
 * @customfunction RUN_RATE
 * @param {any[][]} monthly_savings Savings per period, oldest first (blanks = not reported, skipped).
 * @param {any} [window] How many latest periods to average (default 3).
 * @param {any} [periods_per_year] 12 for monthly figures (default), 4 for quarterly.
 * @returns {number} The annualised run rate.
 */
export function RUN_RATE(monthly_savings: any[][], window?: any, periods_per_year?: any): number {
  startCall();
  const periods = unwrap(readRange(monthly_savings, "monthly_savings", ANY_NUMBER));
  const w = unwrap(scalar(window, "window", asNumber, DEFAULT_RUN_RATE_WINDOW));
  const perYear = unwrap(scalar(periods_per_year, "periods_per_year", asNumber, DEFAULT_PERIODS_PER_YEAR));
  return unwrap(excelNumber(unwrap(annualRunRate(periods, w, perYear))));
}

/** What GOV.PHASING reports per period. */
const PHASING_MEASURES = ["gap", "ratio"] as const;

/**
 * Cumulative phasing: achieved to date against plan to date, per period. "gap" (default) is achieved minus planned to date; "ratio" is achieved over planned to date.
 * @customfunction PHASING
 * @param {any[][]} planned Planned savings per period, oldest first (blank = nothing planned).
 * @param {any[][]} achieved Achieved savings per period, aligned with planned (blank = not reported yet).
 * @param {any} [measure] "gap" (default) or "ratio".
 * @returns {any[][]} The measure to date for each period; blank for periods not reported yet.
 */
export function PHASING(planned: any[][], achieved: any[][], measure?: any): any[][] {
  // The spill limit first, as the element-wise functions do: Excel rejects larger results,
  // so reading a larger range cell by cell would be work for nothing.
  const shape = unwrap(commonShape(["planned", "achieved"], [planned, achieved]));
  if (shape.rows * shape.cols > MAX_OUTPUT_CELLS)
    throw toExcelError(
      fail(
        "#VALUE!",
        messages.tooManyCells(shape.from === 0 ? "planned" : "achieved", shape.rows * shape.cols, MAX_OUTPUT_CELLS),
      ),
    );
  const aligned = unwrap(
    readAligned([param("planned", asNumber), param("achieved", asNumber)] as const, [planned, achieved]),
  );
  const text = unwrap(scalar(measure, "measure", asText, "gap"))
    .trim()
    .toLowerCase();
  if (text !== "gap" && text !== "ratio")
    throw toExcelError(fail("#VALUE!", messages.notOption("measure", measure, PHASING_MEASURES)));
  const { rows, cols, cells } = aligned;
  const steps = cumulativePhasing(
    cells.map((c) => c.values[0]),
    cells.map((c) => c.values[1]),
    (i) => cells[i].at ?? describePosition(0, 0),
  );
  const out: OutCell[][] = [];
  for (let r = 0; r < rows; r++) {
    const line: OutCell[] = [];
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const step = steps[i];
      if (step === undefined) line.push("");
      else if (isFailure(step)) line.push(toExcelError(step));
      else if (text === "gap") {
        const gap = excelNumber(step.gap);
        line.push(isFailure(gap) ? toExcelError(gap) : gap);
      } else {
        const ratio = phasingRatio(step, cells[i].at);
        line.push(isFailure(ratio) ? toExcelError(ratio) : ratio);
      }
    }
    out.push(line);
  }
  return out;
}
