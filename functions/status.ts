/* Custom functions: dual status (implementation, potential, combined). Metadata comes from the JSDoc below. */
import { Result, describePosition, fail, isFailure, messages } from "../src/errors";
import { DEFAULT_RED_AFTER_DAYS, Milestone, implementationStatus } from "../src/status/implStatus";
import { DEFAULT_AMBER_BELOW, DEFAULT_RED_BELOW, potentialStatus } from "../src/status/potentialStatus";
import { dualStatus } from "../src/status/dualStatus";
import { Rag, parseRag } from "../src/status/rag";
import {
  Arg,
  Coerce,
  asNonNegative,
  asNumber,
  asPositive,
  asSerial,
  elementwise,
  param,
  readAligned,
  scalar,
  unwrap,
} from "./excel";

/** A status word typed by the user: Green/Amber/Red or G/A/R in any case. */
const asRag: Coerce<Rag> = parseRag;

/**
 * Reads aligned due and done dates as milestones: a blank due date skips the position, a
 * done date without a due date is rejected, a blank done date is an open milestone.
 */
function readMilestones(dueDates: Arg, doneDates: Arg): Result<Milestone[]> {
  const cells = readAligned([param("due_dates", asSerial), param("done_dates", asSerial)] as const, [
    dueDates,
    doneDates,
  ]);
  if (isFailure(cells)) return cells;
  const milestones: Milestone[] = [];
  for (const { at, values } of cells.cells) {
    const [due, done] = values;
    if (due === undefined) {
      if (done !== undefined) {
        return fail("#VALUE!", messages.doneWithoutDue("done_dates", "due_dates", at ?? describePosition(0, 0)));
      }
      continue;
    }
    milestones.push(done === undefined ? { due } : { due, done });
  }
  return milestones;
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
  const milestones = unwrap(readMilestones(due_dates, done_dates));
  const asOf = unwrap(scalar(as_of, "as_of", asSerial));
  const redAfter = unwrap(scalar(red_after_days, "red_after_days", asNonNegative, DEFAULT_RED_AFTER_DAYS));
  return implementationStatus(milestones, asOf, redAfter);
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
