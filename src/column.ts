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

/**
 * A column as one value per row: the column itself, or its one number repeated `rows` times.
 * Hot loops read `array[i]` without asking per row which kind of column they were given (that
 * question, in a loop over 1,000,000 rows, cost more than the loop's arithmetic).
 * Cost: O(1) for an array, O(rows) for a number.
 * @example perRow(5, 3) // => Float64Array [5, 5, 5]
 */
export function perRow(column: Column, rows: number): ArrayLike<number | undefined> {
  return typeof column === "number" ? new Float64Array(rows).fill(column) : column;
}
