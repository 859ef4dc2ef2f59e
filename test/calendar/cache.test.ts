import { isFailure } from "../../src/errors";
import { createCalendarCache } from "../../src/calendar/cache";

describe("createCalendarCache", () => {
  test("returns the same compiled calendar for the same text and holidays", () => {
    const cache = createCalendarCache(4);
    const a = cache.get("Mon-Fri 09:00-17:00", [45299]);
    expect(cache.get("Mon-Fri 09:00-17:00", [45299])).toBe(a);
    expect(cache.get("Mon-Fri 09:00-17:00", [45300])).not.toBe(a);
    expect(cache.get("Mon-Fri 09:00-17:00", [])).not.toBe(a);
    expect(cache.size).toBe(3);
  });

  test("holds at most its limit, evicting the least recently used", () => {
    const cache = createCalendarCache(2);
    const mon = cache.get("Mon 09:00-17:00", []);
    cache.get("Tue 09:00-17:00", []);
    expect(cache.get("Mon 09:00-17:00", [])).toBe(mon); // Mon is now the most recent
    cache.get("Wed 09:00-17:00", []); // evicts Tue
    expect(cache.size).toBe(2);
    expect(cache.get("Mon 09:00-17:00", [])).toBe(mon);
  });

  test("caches failures too (the same failure, not parsed again), and a text and a holiday list never collide", () => {
    const cache = createCalendarCache(2);
    const bad = cache.get("Mon 10:00-09:00", []);
    expect(isFailure(bad)).toBe(true);
    expect(cache.size).toBe(1);
    expect(cache.get("Mon 10:00-09:00", [])).toBe(bad);
    expect(cache.get("24x7", [45299, 45300])).not.toBe(cache.get("24x7", [4529945300]));
  });

  test("a long bad text is parsed once: the second lookup is a hit", () => {
    const cache = createCalendarCache(2);
    const text = "Mon" + " ".repeat(99_996) + "x";
    const first = cache.get(text, []);
    const t0 = process.hrtime.bigint();
    expect(cache.get(text, [])).toBe(first);
    // A hit only builds the key; this is a generous bound, not a benchmark.
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(200);
  });

  test("a limit below 1 is a programmer error", () => {
    expect(() => createCalendarCache(0)).toThrow(RangeError);
  });
});
