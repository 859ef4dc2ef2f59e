/**
 * Loops over arrays of any length where a spread into a call would do: `Math.max(...a)` and
 * `push(...a)` put every element on the call stack, and a sheet of 130,000 rows overflows it
 * ("Maximum call stack size exceeded"). Every array whose length comes from the input goes
 * through these instead.
 */

/**
 * The largest of the numbers, and of `floor`. Cost: O(n), constant stack.
 * @param values - Any number of numbers (NaN is ignored).
 * @param floor - The result when there are none, and the least result (default -Infinity).
 * @example maxOf([3, 9, 4]) // => 9
 * @example maxOf([], 1) // => 1
 */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * The length of the longest row, at least `floor`. Cost: O(rows), constant stack.
 * @example longestRow([[1], [1, 2, 3], []]) // => 3
 */
export function longestRow(rows: readonly { readonly length: number }[], floor = 0): number {
  let max = floor;
  for (let i = 0; i < rows.length; i++) if (rows[i].length > max) max = rows[i].length;
  return max;
}

/**
 * Appends every item to `target` (mutated, returned). Cost: O(items), constant stack.
 * @example appendAll([1], [2, 3]) // => [1, 2, 3]
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
