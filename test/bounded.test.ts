/**
 * The first few of a long stream in bounded memory (src/bounded.ts): the same items as sorting
 * the whole stream and taking the first, ties in the order offered.
 */
import fc from "fast-check";
import { firstOf } from "../src/bounded";

describe("firstOf", () => {
  test("worked example: the two smallest of four, and the count of all", () => {
    const f = firstOf<number>(2, (a, b) => a - b);
    [5, 1, 4, 2].forEach((x) => f.add(x));
    expect(f.list()).toEqual([1, 2]);
    expect(f.count).toBe(4);
  });

  test("edge cases: nothing offered, fewer than the limit, listing twice, adding after listing", () => {
    const f = firstOf<number>(3, (a, b) => b - a);
    expect(f.list()).toEqual([]);
    f.add(1);
    f.add(9);
    expect(f.list()).toEqual([9, 1]);
    expect(f.list()).toEqual([9, 1]);
    f.add(5);
    f.add(7);
    expect(f.list()).toEqual([9, 7, 5]);
    expect(f.count).toBe(4);
  });

  test("property: equals the naive sort-then-take of the whole stream, equal keys in the order offered", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (keys, limit) => {
          const items = keys.map((key, at) => ({ key, at }));
          const f = firstOf<{ key: number; at: number }>(limit, (a, b) => a.key - b.key);
          items.forEach((x) => f.add(x));
          const naive = [...items].sort((a, b) => a.key - b.key || a.at - b.at).slice(0, limit);
          expect(f.list()).toEqual(naive);
          expect(f.count).toBe(items.length);
        },
      ),
    );
  });
});
