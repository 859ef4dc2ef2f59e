/**
 * The off-heap key table against a plain Map: same indices in order of first appearance, the
 * same keys back (any UTF-16, lone surrogates and long keys included), through every growth.
 */
import fc from "fast-check";
import { keyTable, textFilter, textList } from "../src/texts";

/** The reference: a Map and an array. */
function reference(keys: readonly string[]): { indices: number[]; distinct: string[] } {
  const ids = new Map<string, number>();
  const distinct: string[] = [];
  const indices = keys.map((k) => {
    let i = ids.get(k);
    if (i === undefined) {
      i = distinct.length;
      ids.set(k, i);
      distinct.push(k);
    }
    return i;
  });
  return { indices, distinct };
}

describe("keyTable", () => {
  it("numbers keys by first appearance and gives them back", () => {
    const t = keyTable();
    expect(["INC1", "INC2", "INC1", "INC3", "INC2"].map((k) => t.indexOf(k))).toEqual([0, 1, 0, 2, 1]);
    expect(t.size).toBe(3);
    expect([0, 1, 2].map((i) => t.keyAt(i))).toEqual(["INC1", "INC2", "INC3"]);
  });

  it("agrees with a Map on any keys, any order (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 })), {
          maxLength: 300,
        }),
        (keys) => {
          const t = keyTable();
          const ref = reference(keys);
          expect(keys.map((k) => t.indexOf(k))).toEqual(ref.indices);
          expect(t.size).toBe(ref.distinct.length);
          expect(ref.distinct.map((_, i) => t.keyAt(i))).toEqual(ref.distinct);
        },
      ),
      { numRuns: 150 },
    );
  });

  describe("edge cases", () => {
    it("keeps the empty key, keys that differ only in case or by a lone surrogate, and non-BMP characters", () => {
      const keys = ["", "inc1", "INC1", "\ud800", "\udc00", "😀", "\ud800\udc00x"];
      const t = keyTable();
      expect(keys.map((k) => t.indexOf(k))).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(keys.map((_, i) => t.keyAt(i))).toEqual(keys);
    });

    it("gives back a key longer than one decoding chunk", () => {
      const long = "x".repeat(10_000) + "é".repeat(5_000);
      const t = keyTable();
      t.indexOf("a");
      expect(t.indexOf(long)).toBe(1);
      expect(t.keyAt(1)).toBe(long);
      expect(t.indexOf(long.slice(0, -1) + "e")).toBe(2);
    });

    it("keeps every index through many growths of its arrays (200,000 keys, shuffled lookups)", () => {
      const t = keyTable();
      const n = 200_000;
      const wrong: string[] = [];
      for (let i = 0; i < n; i++) if (t.indexOf(`INC${i}`) !== i) wrong.push(`INC${i}`);
      for (let i = 0; i < n; i += 7) {
        const k = (i * 7919) % n;
        if (t.indexOf(`INC${k}`) !== k || t.keyAt(k) !== `INC${k}`) wrong.push(`INC${k}`);
      }
      expect(wrong).toEqual([]);
      expect(t.size).toBe(n);
    });

    it("refuses an index it never gave (a programmer's error)", () => {
      const t = keyTable();
      t.indexOf("a");
      expect(() => t.keyAt(1)).toThrow(RangeError);
      expect(() => t.keyAt(-1)).toThrow(RangeError);
    });
  });
});

describe("textList", () => {
  it("keeps texts by position, repeats included, through growth", () => {
    const l = textList();
    const texts = ["", "a", "a", "😀", "x".repeat(9000), ...Array.from({ length: 3000 }, (_, i) => `s${i}`)];
    expect(texts.map((t) => l.push(t))).toEqual(texts.map((_, i) => i));
    const wrong = texts.filter((t, i) => l.at(i) !== t || !l.equals(i, t));
    expect(wrong).toEqual([]);
    expect(l.equals(1, "b")).toBe(false);
    expect(l.equals(1, "aa")).toBe(false);
    expect(l.size).toBe(texts.length);
    expect(() => l.at(texts.length)).toThrow(RangeError);
  });
});

describe("textFilter", () => {
  it("never misses a text added (any UTF-16), whatever its size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary" }), { maxLength: 200 }),
        fc.integer({ min: 5, max: 20 }),
        (texts, log) => {
          const f = textFilter(2 ** log);
          texts.forEach((t) => f.add(t));
          expect(texts.filter((t) => !f.mayHave(t))).toEqual([]);
        },
      ),
    );
  });

  it("worked example: 1,000 tickets in 2^17 bits (131 bits each): no false alarm among 100,000 others", () => {
    const f = textFilter(1 << 17);
    for (let i = 0; i < 1_000; i++) f.add(`INC${String(i).padStart(7, "0")}`);
    let alarms = 0;
    for (let i = 1_000; i < 101_000; i++) if (f.mayHave(`INC${String(i).padStart(7, "0")}`)) alarms++;
    // About (1 - e^(-7/131))^7 = 1e-9 each: any alarm here would say the hashes are poor.
    expect(alarms).toBe(0);
    // Ten times fuller (13 bits each) the false alarms show, at about (1 - e^(-7/13))^7 = 0.4%.
    const full = textFilter(1 << 17);
    for (let i = 0; i < 10_000; i++) full.add(`INC${String(i).padStart(7, "0")}`);
    let many = 0;
    for (let i = 10_000; i < 110_000; i++) if (full.mayHave(`INC${String(i).padStart(7, "0")}`)) many++;
    expect(many).toBeGreaterThan(100);
    expect(many).toBeLessThan(1_500);
  });
});
