/**
 * The first few items of a long stream by some order, in bounded memory: the rows to show of
 * millions rejected, the most consumed of millions of breaching tickets. Everything else is
 * only counted.
 */

/** The first `limit` items by an order, and how many were offered. */
export interface FirstOf<T> {
  /** Offers an item. Cost: O(1) amortized, plus a sort of 2 × limit items every limit offers. */
  add(item: T): void;
  /** Items offered so far. */
  readonly count: number;
  /** The first `limit` items (fewer when fewer were offered), in order. */
  list(): T[];
}

/**
 * Keeps the first `limit` items of a stream by `compare` (ties kept in the order offered):
 * memory is at most 2 × limit items whatever the stream's length.
 * @param limit - How many items to keep (a positive integer).
 * @param compare - The order (negative: `a` first), as for `Array.prototype.sort`.
 * @returns The keeper.
 * @example const f = firstOf<number>(2, (a, b) => a - b); [5, 1, 4, 2].forEach(f.add); f.list() // => [1, 2]
 */
export function firstOf<T>(limit: number, compare: (a: T, b: T) => number): FirstOf<T> {
  let kept: T[] = [];
  let count = 0;
  // Array.prototype.sort is stable, so among equals the earlier offer stays first.
  const trim = () => {
    kept.sort(compare);
    if (kept.length > limit) kept = kept.slice(0, limit);
  };
  return {
    add(item) {
      count++;
      kept.push(item);
      if (kept.length >= 2 * limit) trim();
    },
    get count() {
      return count;
    },
    list() {
      trim();
      return kept.slice();
    },
  };
}

/** How many items a run lists of the ones it counts (rejected rows, untargeted and breaching tickets). */
export const LISTED_AT_MOST = 1_000;
