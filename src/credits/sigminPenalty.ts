import { Result, isFailure } from "../errors";
import { Money, money, sumMoney } from "../money";
import { DEFAULT_DIRECTION, Direction, misses } from "../direction";
import { requiredWhenMeasured } from "./measured";

/** One critical service with a Significant Minimum. A blank cell is `undefined`; a row without an attainment was not measured. */
export interface PenaltyRow {
  readonly attainment?: number;
  readonly significantMinimum?: number;
  /** The penalty the service owes when it misses its Significant Minimum. */
  readonly penalty?: number;
  /** Default `">="`. */
  readonly direction?: Direction;
  /** Where the row sits in the sheet, for messages. */
  readonly at?: string;
}

/**
 * The Significant Minimum penalties of a period: the sum of the penalties of the services
 * that miss their Significant Minimum (exactly at it is met). Each service is judged on
 * its own: no cap, no offset by services that did well. Exact decimal. Cost: O(rows).
 * @param rows - The critical services.
 * @returns The total penalty, or a `#VALUE!` failure when a measured row lacks its
 *   significant minimum or penalty.
 * @example sigminPenalty([{ attainment: 0.95, significantMinimum: 0.97, penalty: 5000 }, { attainment: 1, significantMinimum: 0.9, penalty: 8000 }]) // => money 5000
 */
export function sigminPenalty(rows: readonly PenaltyRow[]): Result<Money> {
  const owed: Money[] = [];
  for (const row of rows) {
    if (row.attainment === undefined) continue;
    const minimum = requiredWhenMeasured(row.significantMinimum, "significant_minimums", row.at);
    if (isFailure(minimum)) return minimum;
    const penalty = requiredWhenMeasured(row.penalty, "penalties", row.at);
    if (isFailure(penalty)) return penalty;
    if (misses(row.attainment, minimum, row.direction ?? DEFAULT_DIRECTION)) owed.push(money(penalty));
  }
  return sumMoney(owed);
}
