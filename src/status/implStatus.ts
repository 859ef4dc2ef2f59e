/**
 * Implementation status: are a measure's milestones on time?
 */
import { Column, perRow } from "../column";
import { Rag } from "./rag";

/** One milestone: when it is due and, once finished, when it was done (Excel serials). */
export interface Milestone {
  readonly due: number;
  /** Absent while the milestone is still open. */
  readonly done?: number;
}

/** The default grace, in days, before a late milestone turns the status Red. */
export const DEFAULT_RED_AFTER_DAYS = 14;

/** What the milestones say, beside the status word: how many are late and by how much at most. */
export interface ImplementationAssessment {
  readonly status: Rag;
  /** How many milestones are late (done late, or open past their due date). */
  readonly late: number;
  /** Days late of the latest milestone; 0 when none is late. */
  readonly maxDaysLate: number;
}

/**
 * Days a milestone is late as of a date: done after due, or still open with its due date
 * before `asOf`. Serials are compared as given, times of day included.
 * @param milestone - The milestone.
 * @param asOf - The reporting date (serial).
 * @returns (done, or asOf when open) - due, or 0 when the milestone is not late.
 * @example daysLate({ due: 45000, done: 45003 }, 45010) // => 3
 * @example daysLate({ due: 45000 }, 45010) // => 10
 * @example daysLate({ due: 45020 }, 45010) // => 0
 */
export function daysLate(milestone: Milestone, asOf: number): number {
  const end = milestone.done ?? asOf;
  return end > milestone.due ? end - milestone.due : 0;
}

/**
 * Counts the late milestones and finds the latest, then scores them: none late is Green,
 * the latest late by at most `redAfterDays` is Amber, later than that is Red.
 * Cost: O(n) in the milestones.
 * @param milestones - The measure's milestones (not mutated).
 * @param asOf - The reporting date (serial).
 * @param redAfterDays - Days late beyond which the status is Red (default 14; callers check it is not negative).
 * @returns The status with the count of late milestones and the maximum days late.
 * @example assessImplementation([{ due: 45000, done: 45005 }, { due: 45020 }], 45010)
 * // => { status: "Amber", late: 1, maxDaysLate: 5 }
 */
export function assessImplementation(
  milestones: readonly Milestone[],
  asOf: number,
  redAfterDays = DEFAULT_RED_AFTER_DAYS,
): ImplementationAssessment {
  const dues = Float64Array.from(milestones, (m) => m.due);
  const dones = Float64Array.from(milestones, (m) => m.done ?? NaN);
  return assessMilestoneColumns(dues, dones, milestones.length, asOf, redAfterDays);
}

/**
 * {@link assessImplementation} over columns (see `Column`): milestone `i` is due `dues[i]`
 * and done `dones[i]` (NaN or undefined while open); a row with a blank due date is not a
 * milestone. For 1,000,000 milestones without an object each. Cost: O(rows), no allocation,
 * and no branch that the dates decide at random (real dates are late or open at random, and
 * a mispredicted branch per row cost more than the rest of the loop).
 * @example assessMilestoneColumns([45000, 45020], [45005, NaN], 2, 45010) // => { status: "Amber", late: 1, maxDaysLate: 5 }
 */
export function assessMilestoneColumns(
  dues: Column,
  dones: Column,
  rows: number,
  asOf: number,
  redAfterDays = DEFAULT_RED_AFTER_DAYS,
): ImplementationAssessment {
  const dueAt = perRow(dues, rows);
  const doneAt = perRow(dones, rows);
  let late = 0;
  let maxDaysLate = 0;
  for (let i = 0; i < rows; i++) {
    const due = dueAt[i];
    const done = doneAt[i];
    // A blank (NaN or undefined) compares false with everything: a blank due date makes no
    // milestone late, a blank done date only through `open`, as 0 or 1. (An ordered comparison
    // rather than done !== done, which the engine compiles to a branch.)
    const open = 1 - +((done as number) >= -Infinity);
    late += +((done as number) > (due as number)) + open * +(asOf > (due as number));
    // daysLate, inlined: the latest is found after a few rows, so these branches settle.
    const doneLate = (done as number) - (due as number);
    if (doneLate > maxDaysLate) maxDaysLate = doneLate;
    const openLate = asOf - (due as number);
    if (openLate > maxDaysLate && open === 1) maxDaysLate = openLate;
  }
  const status: Rag = late === 0 ? "Green" : maxDaysLate <= redAfterDays ? "Amber" : "Red";
  return { status, late, maxDaysLate };
}

/**
 * The implementation status of a measure from its milestones (GOV.IMPL_STATUS).
 * No milestones at all is Green: nothing is late. Cost: O(n).
 * @param milestones - The measure's milestones.
 * @param asOf - The reporting date (serial).
 * @param redAfterDays - Days late beyond which the status is Red (default 14).
 * @returns "Green", "Amber" or "Red".
 * @example implementationStatus([{ due: 45000 }], 45030) // => "Red" (open, 30 days past due)
 */
export function implementationStatus(
  milestones: readonly Milestone[],
  asOf: number,
  redAfterDays = DEFAULT_RED_AFTER_DAYS,
): Rag {
  return assessImplementation(milestones, asOf, redAfterDays).status;
}
