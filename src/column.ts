/**
 * Columns of a sheet, the shape in which range functions hand 1,000,000 rows to the library
 * without an object per row: one number per row (NaN where the cell is blank), or one
 * number standing for every row.
 */

/** One number per row, NaN (or undefined) where the cell is blank; or one number for every row. */
export type Column = ArrayLike<number | undefined> | number;

/**
 * The value of row `i`, or undefined when its cell is blank.
 * @example valueAt([1, NaN], 1) // => undefined
 * @example valueAt(5, 3) // => 5
 */
export function valueAt(column: Column, i: number): number | undefined {
  const v = typeof column === "number" ? column : column[i];
  return v === v ? v : undefined; // NaN is the only value not equal to itself
}
