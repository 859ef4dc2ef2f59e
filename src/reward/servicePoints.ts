/**
 * Service points: a result scored against a band table (threshold, points), best band first.
 * Falling thresholds mean higher is better (an availability); rising thresholds mean lower is
 * better (a resolution time). A result gets the points of the first band whose threshold it
 * meets (exactly at a threshold meets it); the last row may be a label ("below 96%") whose
 * points are for every result worse than the last threshold. A repeat failure (two
 * consecutive periods) scores twice. The one home of the rule: GOV.SERVICE_POINTS and the
 * review's Points column both score here.
 */
import { Direction, misses } from "../direction";
import { Result, describePosition, fail, pointsMessages } from "../errors";
import { checkSameScale } from "../credits/scale";

/** One band: a result that meets `threshold` (and no better band's) scores `points`. */
export interface PointsBand {
  readonly threshold: number;
  readonly points: number;
}

/** A band table as read: bands best first, the points for the rest, and the direction the thresholds run. */
export interface PointsTable {
  readonly bands: readonly PointsBand[];
  /** Points for a result worse than every threshold; undefined when the table has no such row. */
  readonly rest?: number;
  /** `">="` for falling thresholds (higher is better), `"<="` for rising ones. */
  readonly direction: Direction;
}

type Cell = number | string | boolean | null | undefined;
const blank = (v: Cell) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

/**
 * Reads a two-column band table (threshold, points), best band first. Blank rows are skipped;
 * only the last row may have a text (or blank) threshold, which makes it the rest. A single
 * threshold counts as falling (higher is better, the credit functions' default). Cost: O(rows).
 * @param rows - The table's rows as cells.
 * @param arg - The argument (or sheet) name, for messages.
 * @returns The table, or a `#VALUE!` failure naming the row and what is wrong.
 * @example pointsTable([[0.99, 0], [0.98, 1], ["below 98%", 2]]).direction // => ">="
 */
export function pointsTable(rows: readonly (readonly Cell[])[], arg = "bands"): Result<PointsTable> {
  if (rows.length && rows[0].length !== 2) return fail("#VALUE!", pointsMessages.notTwoColumns(arg, rows[0].length));
  const filled = rows.map((row, r) => ({ row, r })).filter(({ row }) => !(blank(row[0]) && blank(row[1])));
  if (!filled.length) return fail("#VALUE!", pointsMessages.noBands(arg));
  const bands: PointsBand[] = [];
  let rest: number | undefined;
  for (let k = 0; k < filled.length; k++) {
    const { row, r } = filled[k];
    const [threshold, points] = row;
    if (typeof points !== "number" || !Number.isFinite(points) || points < 0) {
      return fail("#VALUE!", pointsMessages.badPoints(arg, points, describePosition(r, 1)));
    }
    if (typeof threshold === "number" && Number.isFinite(threshold)) bands.push({ threshold, points });
    else if (k === filled.length - 1 && (blank(threshold) || typeof threshold === "string") && bands.length) {
      rest = points;
    } else return fail("#VALUE!", pointsMessages.badThreshold(arg, threshold, describePosition(r, 0)));
  }
  const falling = bands.length < 2 || bands[1].threshold < bands[0].threshold;
  for (let k = 1; k < bands.length; k++) {
    const ok = falling ? bands[k].threshold < bands[k - 1].threshold : bands[k].threshold > bands[k - 1].threshold;
    if (!ok) return fail("#VALUE!", pointsMessages.notMonotone(arg, describePosition(filled[k].r, 0)));
  }
  return { bands, rest, direction: falling ? ">=" : "<=" };
}

/**
 * The points of a result against a band table, doubled for a repeat failure. Cost: O(bands).
 * @param result - The measured service level (on the thresholds' scale).
 * @param table - The band table (see {@link pointsTable}).
 * @param repeat - True for a failure in two consecutive periods.
 * @param names - Argument names and position, for messages.
 * @returns The points, or a `#VALUE!` failure for a result on another scale than the
 *   thresholds or worse than every threshold of a table with no row for the rest.
 * @example servicePoints(0.985, table) // => 1 (bands 99% 0, 98% 1, 97% 2, 96% 3, below 4)
 * @example servicePoints(0.985, table, true) // => 2
 */
export function servicePoints(
  result: number,
  table: PointsTable,
  repeat = false,
  names: { result?: string; bands?: string; at?: string } = {},
): Result<number> {
  const resultArg = names.result ?? "result";
  const scale = checkSameScale(result, table.bands[0].threshold, {
    result: resultArg,
    threshold: names.bands ?? "bands",
    at: names.at,
  });
  if (scale) return scale;
  let points = table.rest;
  for (const band of table.bands) {
    if (!misses(result, band.threshold, table.direction)) {
      points = band.points;
      break;
    }
  }
  if (points === undefined) {
    const last = table.bands[table.bands.length - 1].threshold;
    return fail("#VALUE!", pointsMessages.uncovered(names.bands ?? "bands", result, last));
  }
  // Doubling a double is exact (the exponent moves by one).
  return repeat ? points * 2 : points;
}
