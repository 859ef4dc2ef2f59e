import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { Calendar, DENSE_HOLIDAY_DAYS, lowerBound } from "../../src/calendar/compile";
import { businessClock, businessMs, elapsedHours, holidayRank } from "../../src/calendar/elapsed";
import { weekdayOf } from "../../src/serial";
import { DAY, FRI, HOUR, MON, at, calendarArb, compiled, naiveBusinessMs, render, spanArb } from "./naive";

const OFFICE = compiled("Mon-Fri 09:00-17:00");
const hours = (cal: Calendar, s: number, e: number) => elapsedHours(cal, s, e);

describe("elapsedHours: worked examples", () => {
  test("the serials agree with the engine's week: 2024-01-05 is a Friday", () => {
    expect(weekdayOf(FRI)).toBe(4);
  });

  test("a ticket from Friday 16:30 to Monday 10:00 has used 1.5 business hours", () => {
    expect(hours(OFFICE, at(FRI, 16, 30), at(MON, 10))).toBe(1.5);
  });

  test("a full working week is 40 hours, from any Monday 00:00 to the next", () => {
    expect(hours(OFFICE, MON, MON + 7)).toBe(40);
    expect(hours(OFFICE, at(MON, 9), at(MON + 4, 17))).toBe(40);
  });

  test("24x7 counts clock hours; two segments overlapping count once", () => {
    expect(hours(compiled("24x7"), at(FRI, 22), at(MON, 1))).toBe(51);
    expect(hours(compiled("Mon 09:00-12:00; Mon 11:00-13:00"), MON, MON + 1)).toBe(4);
  });

  test("holidays remove whole days, in any order and with repeats", () => {
    const cal = compiled("Mon-Fri 09:00-17:00", [MON + 1, MON, MON + 1]);
    expect(hours(cal, at(FRI, 9), at(MON + 2, 12))).toBe(8 + 3);
  });
});

describe("elapsedHours: edge cases", () => {
  test("start equal to end is 0; end before start is rejected", () => {
    expect(hours(OFFICE, at(MON, 10), at(MON, 10))).toBe(0);
    const r = hours(OFFICE, at(MON, 10), at(MON, 9));
    expect(isFailure(r) && r.message).toBe("end: is before start; swap them or fix the dates.");
  });

  test("weekend and window boundaries count nothing", () => {
    expect(hours(OFFICE, at(FRI, 17), at(MON, 9))).toBe(0);
    expect(hours(OFFICE, FRI + 1, FRI + 3)).toBe(0);
    expect(hours(OFFICE, at(MON, 8, 59), at(MON, 9, 1))).toBeCloseTo(1 / 60, 12);
  });

  test("holiday boundaries: starting or ending inside a holiday", () => {
    const cal = compiled("Mon-Fri 09:00-17:00", [MON]);
    expect(hours(cal, at(MON, 10), at(MON, 16))).toBe(0);
    expect(hours(cal, at(MON, 10), at(MON + 1, 10))).toBe(1);
    expect(hours(cal, at(FRI, 16), at(MON, 12))).toBe(1);
  });

  test("24:00 ends: a window to midnight touches the next day's window from midnight", () => {
    const cal = compiled("Mon 20:00-24:00; Tue 00:00-04:00");
    expect(hours(cal, at(MON, 23), at(MON + 1, 1))).toBe(2);
    expect(hours(compiled("Sun 00:00-24:00; Mon 00:00-01:00"), at(MON - 1, 23), at(MON, 2))).toBe(2);
  });

  test("sub-minute times are counted to the millisecond", () => {
    const start = at(MON, 9) + 30 / 86400; // 09:00:30
    expect(hours(OFFICE, start, at(MON, 9, 1))).toBeCloseTo(30 / 3600, 12);
  });

  test("very long spans: all of 1900-03-01 .. 9999-12-31 in O(1)", () => {
    const all = hours(compiled("24x7"), 61, 2958465) as number;
    expect(all).toBe((2958465 - 61) * 24);
    const office = hours(OFFICE, 61, 61 + 7 * 400000) as number;
    expect(office).toBe(400000 * 40);
  });

  test("serials that are not whole milliseconds round to the nearest millisecond", () => {
    // 17:00 typed in a cell is 0.70833...; rounding makes it exactly the end of the window.
    expect(hours(OFFICE, at(MON, 9), MON + 17 / 24)).toBe(8);
  });
});

describe("elapsedHours: properties against a minute-stepping reference", () => {
  test("equals the naive count for random calendars, holidays and spans", () => {
    fc.assert(
      fc.property(calendarArb, spanArb, (segs, span) => {
        const cal = compiled(render(segs), span.holidays);
        const expected = naiveBusinessMs(segs, span.holidays, span.startMs, span.endMs);
        expect(hours(cal, span.startMs / DAY, span.endMs / DAY)).toBe(expected / HOUR);
      }),
      { numRuns: 300 },
    );
  });

  test("is additive: [a, b) + [b, c) = [a, c)", () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.array(fc.integer({ min: 61 * DAY, max: 2958465 * DAY }), { minLength: 3, maxLength: 3 }),
        (segs, points) => {
          const [a, b, c] = [...points].sort((x, y) => x - y);
          const cal = compiled(render(segs), [a / DAY, b / DAY]);
          expect(businessMs(cal, a, b) + businessMs(cal, b, c)).toBe(businessMs(cal, a, c));
        },
      ),
    );
  });

  test("the clock never runs backwards and never faster than real time", () => {
    fc.assert(
      fc.property(calendarArb, spanArb, (segs, span) => {
        const cal = compiled(render(segs), span.holidays);
        const d = businessClock(cal, span.endMs) - businessClock(cal, span.startMs);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(span.endMs - span.startMs);
      }),
    );
  });
});

describe("holiday lookups", () => {
  test("the O(1) rank table and the binary search agree, and so do their clocks", () => {
    const near = [45299, 45301, 45310];
    const far = [61, ...near, 61 + DENSE_HOLIDAY_DAYS + 5]; // too spread out for a table
    const dense = compiled("Mon-Fri 09:00-17:00", near);
    const sparse = compiled("Mon-Fri 09:00-17:00", far);
    expect(dense.holidayRank.length).toBe(12);
    expect(sparse.holidayRank.length).toBe(0);
    for (let day = 45290; day < 45320; day++) {
      expect(holidayRank(dense, day)).toBe(lowerBound(near, day));
      expect(holidayRank(sparse, day)).toBe(lowerBound(far, day));
      expect(hours(dense, day, day + 1.5)).toBe(hours(sparse, day, day + 1.5));
    }
    expect(holidayRank(compiled("24x7"), 45300)).toBe(0);
  });
});
