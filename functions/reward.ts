/* Custom functions: the reward side of the contract. Metadata comes from the JSDoc below. */
import { Result, fail, isFailure, pointsMessages } from "../src/errors";
import { pointsTable, servicePoints } from "../src/reward/servicePoints";
import { Cell, Coerce, PlainCell, asNonNegative, elementwise, isGrid, param, plain, toExcelError } from "./excel";

/** TRUE or FALSE; 1 and 0, and the text "TRUE"/"FALSE", as Excel reads them. */
const asRepeat: Coerce<boolean> = (cell, arg, at): Result<boolean> => {
  const value = plain(cell);
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  return fail("#VALUE!", pointsMessages.notRepeat(arg, value, at));
};

/**
 * Service points of each result against a band table (threshold, points), best band first: falling thresholds mean higher is better, rising thresholds lower is better; the last row may be a label such as "below 96%" for the rest. A repeat failure scores twice. Element-wise.
 * @customfunction SERVICE_POINTS
 * @param {any[][]} result Measured service level of each service (on the thresholds' scale).
 * @param {any[][]} bands Two columns, threshold and points, best band first.
 * @param {any[][]} [repeat] TRUE for a failure in two consecutive periods (default FALSE).
 * @returns {any[][]} The points of each result.
 */
export function SERVICE_POINTS(result: any[][], bands: any[][], repeat?: any[][]): any[][] {
  // Data-type values (a formatted number, an entity) are read as the plain value Excel shows.
  const grid: PlainCell[][] = isGrid(bands)
    ? (bands as Cell[][]).map((row) => row.map((c) => plain(c) as PlainCell))
    : [[plain(bands as unknown as Cell) as PlainCell]];
  const table = pointsTable(grid);
  if (isFailure(table)) throw toExcelError(table);
  return elementwise(
    [param("result", asNonNegative), param("repeat", asRepeat, false)] as const,
    [result, repeat],
    (value, twice, at) => servicePoints(value, table, twice, { at }),
  );
}
