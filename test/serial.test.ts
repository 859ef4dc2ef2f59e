/** src/serial.ts: the 1900 rules and calendar arithmetic for every year (issue 26, C2). */
import * as fc from "fast-check";
import { MS_PER_DAY, daysFromCivil, epochMsOfFields, isCalendarDate, serialFromIso } from "../src/serial";

/** The reference: JavaScript's own calendar, with the full year set (setUTCFullYear keeps 0-99 as written). */
function reference(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime() / MS_PER_DAY;
}

describe("daysFromCivil", () => {
  test("worked examples", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2024, 1, 1) + 25569).toBe(45292);
    expect(daysFromCivil(1900, 3, 1) + 25569).toBe(61);
    expect(daysFromCivil(24, 3, 4)).toBe(reference(24, 3, 4));
  });

  test("agrees with the JavaScript calendar for every year 0..9999 (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          expect(daysFromCivil(y, m, d)).toBe(reference(y, m, d));
        },
      ),
      { numRuns: 2000, seed: 26 },
    );
  });

  test("isCalendarDate knows month lengths and leap years", () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2023, 2, 29)).toBe(false);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(2024, 4, 31)).toBe(false);
    expect(isCalendarDate(2024, 13, 1)).toBe(false);
    expect(epochMsOfFields(1970, 1, 2, 0, 0, 0, 1)).toBe(86_400_001);
    expect(epochMsOfFields(2023, 2, 29, 0, 0, 0, 0)).toBeUndefined();
  });
});

describe("serialFromIso reads every year as written", () => {
  test("0024-03-04 is the year 24, outside the supported range: refused, never 1924-03-04", () => {
    expect(serialFromIso("0024-03-04")).toBeUndefined();
    expect(serialFromIso("0099-12-31T10:00:00Z")).toBeUndefined();
    expect(serialFromIso("1924-03-04")).toBe(8830);
  });

  test("dates before 1900-03-01 get the same refusal as year 1000", () => {
    expect(serialFromIso("1000-01-01")).toBeUndefined();
    expect(serialFromIso("1900-02-28")).toBeUndefined();
    expect(serialFromIso("1900-03-01")).toBe(61);
    expect(serialFromIso("9999-12-31")).toBe(2958465);
    expect(serialFromIso("2024-02-30")).toBeUndefined();
  });
});
