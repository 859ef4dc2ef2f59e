import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { dueAt } from "../../src/calendar/due";
import { businessMs, elapsedHours } from "../../src/calendar/elapsed";
import { serialToMs } from "../../src/calendar/instant";
import { DAY, FRI, HOUR, MINUTE, MON, at, calendarArb, compiled, naiveDueMs, render, spanArb } from "./naive";

const OFFICE = compiled("Mon-Fri 09:00-17:00");
const SAT = FRI + 1;
/** Same instant to the millisecond (serials computed two ways differ in the last bits). */
const same = (a: unknown, b: number) => expect(serialToMs(a as number)).toBe(serialToMs(b));

describe("dueAt: worked examples a service desk would recognise", () => {
  test("opened Friday 16:30 with 8 business hours: due Monday 16:30", () => {
    expect(dueAt(OFFICE, at(FRI, 16, 30), 8)).toBe(at(MON, 16, 30));
  });

  test("opened Saturday with 8 business hours: due Monday 17:00, not Tuesday 09:00", () => {
    same(dueAt(OFFICE, at(SAT, 10), 8), at(MON, 17));
  });

  test("the earliest moment at a window end: Monday 09:00 + 8h is Monday 17:00", () => {
    same(dueAt(OFFICE, at(MON, 9), 8), at(MON, 17));
    same(dueAt(OFFICE, at(MON, 9), 40), at(MON + 4, 17));
  });

  test("a holiday Monday moves the due date a working day later", () => {
    same(dueAt(compiled("Mon-Fri 09:00-17:00", [MON]), at(FRI, 16, 30), 8), at(MON + 1, 16, 30));
    // Exactly used up by Friday 17:00: the holiday after it does not matter.
    same(dueAt(compiled("Mon-Fri 09:00-17:00", [MON]), at(FRI, 16, 30), 0.5), at(FRI, 17));
  });

  test("opened after hours: the clock starts with the next window", () => {
    same(dueAt(OFFICE, at(MON, 18), 0.5), at(MON + 1, 9, 30));
  });
});

describe("dueAt: edge cases", () => {
  test("0 hours is the start itself, even outside working time", () => {
    expect(dueAt(OFFICE, at(SAT, 10, 7), 0)).toBe(at(SAT, 10, 7));
  });

  test("negative, infinite and absurd hours are rejected", () => {
    const neg = dueAt(OFFICE, MON, -1);
    expect(isFailure(neg) && neg.message).toContain("hours: must not be negative");
    expect(isFailure(dueAt(OFFICE, MON, Infinity))).toBe(true);
    const late = dueAt(OFFICE, MON, 1e9);
    expect(isFailure(late) && late.message).toContain("fall after 9999-12-31");
    expect(isFailure(dueAt(OFFICE, 2958000, 1e6))).toBe(true);
  });

  test("windows across midnight and 24:00", () => {
    const night = compiled("Mon 22:00-24:00; Tue 00:00-06:00");
    same(dueAt(night, at(MON, 23), 2), at(MON + 1, 1));
    same(dueAt(night, at(MON, 12), 2), at(MON, 24));
  });

  test("a span of weeks is jumped, not stepped", () => {
    same(dueAt(OFFICE, at(MON, 9), 40 * 52 * 100), at(MON + 7 * 52 * 100 - 3, 17));
  });
});

describe("dueAt: properties", () => {
  const hoursArb = fc.oneof(
    fc.integer({ min: 0, max: 200 * 60 }).map((m) => (m * MINUTE) / HOUR),
    fc.integer({ min: 0, max: 50 * HOUR }).map((ms) => ms / HOUR),
  );

  test("equals an independent minute-by-minute walk (not ELAPSED)", () => {
    // Up to 10 working hours, in whole minutes or any millisecond, so walks stay short.
    const shortHours = fc.oneof(
      fc.integer({ min: 0, max: 600 }).map((m) => (m * MINUTE) / HOUR),
      fc.integer({ min: 0, max: 10 * HOUR }).map((ms) => ms / HOUR),
    );
    let walked = 0;
    fc.assert(
      fc.property(calendarArb, spanArb, shortHours, (segs, span, h) => {
        const expected = naiveDueMs(segs, span.holidays, span.startMs, Math.round(h * HOUR));
        fc.pre(expected !== undefined);
        walked++;
        const cal = compiled(render(segs), span.holidays);
        expect(serialToMs(dueAt(cal, span.startMs / DAY, h) as number)).toBe(expected);
      }),
      { numRuns: 150 },
    );
    expect(walked).toBeGreaterThan(75);
  });

  test("round trip: ELAPSED(start, DUE(start, h)) = h", () => {
    fc.assert(
      fc.property(calendarArb, spanArb, hoursArb, (segs, span, h) => {
        const cal = compiled(render(segs), span.holidays);
        const start = span.startMs / DAY;
        const due = dueAt(cal, start, h) as number;
        expect(due).toBeGreaterThanOrEqual(start);
        expect(elapsedHours(cal, start, due)).toBe(h);
      }),
      { numRuns: 300 },
    );
  });

  test("earliest: one millisecond before the due date, the hours are not yet used", () => {
    fc.assert(
      fc.property(calendarArb, spanArb, hoursArb, (segs, span, h) => {
        fc.pre(h > 0);
        const cal = compiled(render(segs), span.holidays);
        const due = serialToMs(dueAt(cal, span.startMs / DAY, h) as number);
        expect(businessMs(cal, span.startMs, due - 1)).toBeLessThan(Math.round(h * HOUR));
      }),
      { numRuns: 300 },
    );
  });
});
