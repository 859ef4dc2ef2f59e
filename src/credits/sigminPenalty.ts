import { Column, valueAt } from "../column";
import { Direction, DirectionColumn, directionAt, directionCodes, misses } from "../direction";
import { Failure, Result } from "../errors";
import { ExactSum, Money } from "../money";
import { missingWhereMeasured } from "./measured";
import { checkSameScale, sameScale } from "./scale";

/** Critical services with a Significant Minimum as columns (see `Column`); row `i` of every column is one service. */
export interface PenaltySheet {
  readonly rows: number;
  /** Measured service levels; a blank row was not measured. */
  readonly attainments: Column;
  readonly significantMinimums: Column;
  /** The penalty each service owes when it misses its Significant Minimum. */
  readonly penalties: Column;
  /** Blank means `">="`. */
  readonly directions?: DirectionColumn;
  /** Where row `i` sits in the sheet, for messages. */
  readonly at?: (row: number) => string | undefined;
}

/** One critical service as an object; a blank cell is `undefined`. See {@link penaltySheet}. */
export interface PenaltyRow {
  readonly attainment?: number;
  readonly significantMinimum?: number;
  readonly penalty?: number;
  /** Default `">="`. */
  readonly direction?: Direction;
  /** Where the row sits in the sheet, for messages. */
  readonly at?: string;
}

/**
 * Critical services from row objects (a few services; the custom functions build columns directly).
 * @example penaltySheet([{ attainment: 0.95, significantMinimum: 0.97, penalty: 5000 }]).rows // => 1
 */
export function penaltySheet(rows: readonly PenaltyRow[]): PenaltySheet {
  const column = (pick: (row: PenaltyRow) => number | undefined) => rows.map((row) => pick(row) ?? NaN);
  return {
    rows: rows.length,
    attainments: column((r) => r.attainment),
    significantMinimums: column((r) => r.significantMinimum),
    penalties: column((r) => r.penalty),
    directions: directionCodes(rows.map((r) => r.direction)),
    at: (i) => rows[i].at,
  };
}

// Hot-path copies of the functions the row loop calls (see creditsTotal.ts).
const cell = valueAt;
const directionOf = directionAt;
const missesLevel = misses;
const onSameScale = sameScale;

/**
 * The Significant Minimum penalties of a period: the sum of the penalties of the services
 * that miss their Significant Minimum (exactly at it is met). Each service is judged on
 * its own: no cap, no offset by services that did well. Exact decimal. Cost: O(rows), no
 * allocation per row.
 * @param sheet - The critical services (see {@link penaltySheet} for row objects).
 * @returns The total penalty, or a `#VALUE!` failure when a measured row lacks its
 *   significant minimum or penalty, or its attainment and significant minimum are on
 *   different scales (see `checkSameScale`).
 * @example sigminPenalty(penaltySheet([{ attainment: 0.95, significantMinimum: 0.97, penalty: 5000 }, { attainment: 1, significantMinimum: 0.9, penalty: 8000 }])) // => money 5000
 */
export function sigminPenalty(sheet: PenaltySheet): Result<Money> {
  const { rows, attainments, significantMinimums, penalties, directions } = sheet;
  const owed = new ExactSum();
  for (let i = 0; i < rows; i++) {
    const attainment = cell(attainments, i);
    if (attainment === undefined) continue;
    const minimum = cell(significantMinimums, i);
    if (minimum === undefined) return missingWhereMeasured("significant_minimums", sheet.at?.(i));
    const penalty = cell(penalties, i);
    if (penalty === undefined) return missingWhereMeasured("penalties", sheet.at?.(i));
    if (!onSameScale(attainment, minimum)) {
      const names = { result: "attainments", threshold: "significant_minimums", at: sheet.at?.(i) };
      return checkSameScale(attainment, minimum, names) as Failure;
    }
    if (missesLevel(attainment, minimum, directionOf(directions, i))) owed.add(penalty);
  }
  return owed.total();
}
