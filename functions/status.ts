/* Custom functions: dual status (implementation, potential, combined). Metadata comes from the JSDoc below. */
import { Result, fail, isFailure, messages } from "../src/errors";
import { Column, perRow } from "../src/column";
import { DEFAULT_RED_AFTER_DAYS, assessMilestoneColumns } from "../src/status/implStatus";
import { DEFAULT_AMBER_BELOW, DEFAULT_RED_BELOW, potentialStatus } from "../src/status/potentialStatus";
import { dualStatus } from "../src/status/dualStatus";
import { Rag, parseRag } from "../src/status/rag";
import {
  Arg,
  Coerce,
  SERIAL,
  asNonNegative,
  asNumber,
  asPositive,
  asSerial,
  commonShape,
  elementwise,
  param,
  positionOf,
  readColumn,
  scalar,
  startCall,
  unwrap,
} from "./excel";

/** A status word typed by the user: Green/Amber/Red or G/A/R in any case. */
const asRag: Coerce<Rag> = parseRag;

/**
 * Reads aligned due and done dates as milestone columns: a blank due date skips the position,
 * a done date without a due date is rejected, a blank done date is an open milestone.
 */
function readMilestones(dueDates: Arg, doneDates: Arg): Result<{ dues: Column; dones: Column; rows: number }> {
  const shape = commonShape(["due_dates", "done_dates"], [dueDates, doneDates]);
  if (isFailure(shape)) return shape;
  const dues = readColumn(dueDates, "due_dates", SERIAL, shape.cols);
  if (isFailure(dues)) return dues;
  const dones = readColumn(doneDates, "done_dates", SERIAL, shape.cols);
  if (isFailure(dones)) return dones;
  const rows = shape.rows * shape.cols;
  const due = perRow(dues, rows);
  const done = perRow(dones, rows);
  for (let i = 0; i < rows; i++) {
    // Blank is NaN here; a due date is rarely blank, so the test on it settles.
    if (due[i] !== due[i] && done[i] === done[i]) {
      return fail("#VALUE!", messages.doneWithoutDue("done_dates", "due_dates", positionOf(shape.cols)(i)));
    }
  }
  return { dues, dones, rows };
}

/**
 * Implementation status of a measure from its milestones: Green when none is late, Amber when the latest is late by at most red_after_days, else Red.
 * @customfunction IMPL_STATUS
 * @param {any[][]} due_dates Milestone due dates (a range; rows with a blank due date are skipped).
 * @param {any[][]} done_dates Milestone done dates, aligned with due_dates (blank = still open).
 * @param {any} as_of Reporting date: an open milestone due before it is late.
 * @param {any} [red_after_days] Days late beyond which the status is Red (default 14).
 * @returns {string} "Green", "Amber" or "Red".
 */
export function IMPL_STATUS(due_dates: any[][], done_dates: any[][], as_of: any, red_after_days?: any): string {
  startCall();
  const { dues, dones, rows } = unwrap(readMilestones(due_dates, done_dates));
  const asOf = unwrap(scalar(as_of, "as_of", asSerial));
  const redAfter = unwrap(scalar(red_after_days, "red_after_days", asNonNegative, DEFAULT_RED_AFTER_DAYS));
  return assessMilestoneColumns(dues, dones, rows, asOf, redAfter).status;
}

/**
 * Potential status by forecast/planned: at least amber_below is Green, at least red_below is Amber, else Red. Element-wise.
 * @customfunction POTENTIAL_STATUS
 * @param {any[][]} planned Planned financial contribution (greater than 0).
 * @param {any[][]} forecast Forecast financial contribution.
 * @param {any[][]} [amber_below] Share of plan below which the status is no longer Green (default 0.95).
 * @param {any[][]} [red_below] Share of plan below which the status is Red (default 0.8).
 * @returns {any[][]} "Green", "Amber" or "Red" for each row.
 */
export function POTENTIAL_STATUS(
  planned: any[][],
  forecast: any[][],
  amber_below?: any[][],
  red_below?: any[][],
): any[][] {
  return elementwise(
    [
      param("planned", asPositive),
      param("forecast", asNumber),
      param("amber_below", asNonNegative, DEFAULT_AMBER_BELOW),
      param("red_below", asNonNegative, DEFAULT_RED_BELOW),
    ] as const,
    [planned, forecast, amber_below, red_below],
    potentialStatus,
  );
}

/**
 * Combines implementation and potential status: On track, Watch, Value at risk (milestones fine, money slipping), Delivery at risk or Off track. Element-wise.
 * @customfunction DUAL_STATUS
 * @param {any[][]} impl_status Implementation status: Green, Amber or Red (or G, A, R; any case).
 * @param {any[][]} potential_status Potential status: Green, Amber or Red (or G, A, R; any case).
 * @returns {any[][]} The dual status for each row.
 */
export function DUAL_STATUS(impl_status: any[][], potential_status: any[][]): any[][] {
  return elementwise(
    [param("impl_status", asRag), param("potential_status", asRag)] as const,
    [impl_status, potential_status],
    dualStatus,
  );
}
