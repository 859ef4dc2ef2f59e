/**
 * Time zones and export times: transitions from the IANA database (through luxon), wall
 * clock and instants both ways, and business time across daylight-saving nights in
 * Europe/Berlin and America/New_York counting the hours that really passed.
 */
import fc from "fast-check";
import { IANAZone } from "luxon";
import { isFailure } from "../../src/errors";
import { compileCalendar, Calendar } from "../../src/calendar/compile";
import { instantOf, isKnownZone, wallOf, zonedReading, zoneTable } from "../../src/tickets/zone";
import { isTimeProblem, parseTime } from "../../src/tickets/times";

const H = 3_600_000;
const cal = (text: string) => {
  const c = compileCalendar(text);
  if (isFailure(c)) throw new Error(c.message);
  return c as Calendar;
};
const utc = Date.UTC;

describe("zone tables", () => {
  test("know the zones of the IANA database and nothing else", () => {
    expect(isKnownZone("Europe/Berlin")).toBe(true);
    expect(isKnownZone("america/new_york")).toBe(true);
    expect(isKnownZone("UTC")).toBe(true);
    expect(isKnownZone("Mars/Olympus")).toBe(false);
    expect(isKnownZone("")).toBe(false);
    expect(isKnownZone("CEST+2")).toBe(false);
  });

  test("locate 2024's transitions to the millisecond", () => {
    const berlin = zoneTable("Europe/Berlin", utc(2024, 0, 1), utc(2024, 11, 31));
    expect(berlin.transitions).toEqual([utc(2024, 2, 31, 1), utc(2024, 9, 27, 1)]);
    expect(berlin.offsets).toEqual([H, 2 * H, H]);
    const ny = zoneTable("America/New_York", utc(2024, 0, 1), utc(2024, 11, 31));
    expect(ny.transitions).toEqual([utc(2024, 2, 10, 7), utc(2024, 10, 3, 6)]);
    expect(zoneTable("UTC", utc(2024, 0, 1), utc(2030, 0, 1)).transitions).toEqual([]);
  });

  test("wall clock agrees with luxon's offsets at random instants, and instantOf inverts it", () => {
    const from = utc(2019, 0, 1);
    const to = utc(2031, 0, 1);
    const tables = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"].map((z) =>
      zoneTable(z, from, to),
    );
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 0, max: 3 }), (t, z) => {
        const table = tables[z];
        const wall = wallOf(table, t);
        expect(wall).toBe(t + IANAZone.create(table.name).offset(t) * 60_000);
        // Back from the wall clock: the same instant, or the first of a repeated wall time.
        const back = instantOf(table, wall);
        expect(back === t || (back < t && wallOf(table, back) === wall)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("a skipped wall time moves forward by the jump; a repeated one is its first occurrence", () => {
    const berlin = zoneTable("Europe/Berlin", utc(2024, 0, 1), utc(2024, 11, 31));
    expect(instantOf(berlin, utc(2024, 2, 31, 2, 30))).toBe(utc(2024, 2, 31, 1, 30)); // 03:30 CEST
    expect(instantOf(berlin, utc(2024, 9, 27, 2, 30))).toBe(utc(2024, 9, 27, 0, 30)); // 02:30 CEST, not CET
  });
});

describe("business time across daylight-saving nights", () => {
  const berlin = zoneTable("Europe/Berlin", utc(2024, 0, 1), utc(2024, 11, 31));
  const ny = zoneTable("America/New_York", utc(2024, 0, 1), utc(2024, 11, 31));
  /** Business hours between two local wall times. */
  const hours = (table: typeof berlin, calendar: string, fromWall: number, toWall: number) => {
    const read = zonedReading(cal(calendar), table);
    return (read(instantOf(table, toWall)) - read(instantOf(table, fromWall))) / H;
  };

  test("Europe/Berlin spring forward: Saturday 22:00 to Sunday 06:00 local is 7 hours", () => {
    expect(hours(berlin, "24x7", utc(2024, 2, 30, 22), utc(2024, 2, 31, 6))).toBe(7);
    // Working only on Sunday: 00:00-06:00 local holds 5 real hours.
    expect(hours(berlin, "Sun 00:00-24:00", utc(2024, 2, 30, 22), utc(2024, 2, 31, 6))).toBe(5);
    // A window inside the skipped hour never happens.
    expect(hours(berlin, "Sun 02:00-03:00", utc(2024, 2, 30, 22), utc(2024, 2, 31, 6))).toBe(0);
  });

  test("Europe/Berlin fall back: 00:00 to 06:00 local is 7 hours; the repeated hour counts twice", () => {
    expect(hours(berlin, "24x7", utc(2024, 9, 27, 0), utc(2024, 9, 27, 6))).toBe(7);
    expect(hours(berlin, "Sun 02:00-03:00", utc(2024, 9, 26, 12), utc(2024, 9, 27, 12))).toBe(2);
  });

  test("America/New_York: the spring-forward night has 4 hours from 00:00 to 05:00, the fall-back one 4 from 00:00 to 03:00", () => {
    expect(hours(ny, "24x7", utc(2024, 2, 10, 0), utc(2024, 2, 10, 5))).toBe(4);
    expect(hours(ny, "24x7", utc(2024, 10, 3, 0), utc(2024, 10, 3, 3))).toBe(4);
    // Mon-Fri office hours are untouched by a Sunday transition: Friday 16:00 to Monday 10:00 is 2 hours.
    expect(hours(ny, "Mon-Fri 09:00-17:00", utc(2024, 2, 8, 16), utc(2024, 2, 11, 10))).toBe(2);
  });

  test("far from a transition the zoned clock is the wall clock: Friday 16:30 to Monday 17:00 is 8.5 hours", () => {
    const read = zonedReading(cal("Mon-Fri 09:00-17:00"), berlin);
    expect((read(instantOf(berlin, utc(2024, 5, 10, 17))) - read(instantOf(berlin, utc(2024, 5, 7, 16, 30)))) / H).toBe(
      8.5,
    );
  });
});

describe("parseTime", () => {
  const ok = (v: unknown, order?: "DMY" | "MDY") => {
    const p = parseTime(v, order);
    if (isTimeProblem(p)) throw new Error(p.reason);
    return p;
  };
  const reason = (v: unknown, order?: "DMY" | "MDY") => {
    const p = parseTime(v, order);
    return isTimeProblem(p) ? p.reason : "";
  };

  test("reads ISO 8601 with and without offsets, and YYYY-MM-DD HH:MM[:SS]", () => {
    expect(ok("2024-03-31T01:30:00Z")).toEqual({ ms: utc(2024, 2, 31, 1, 30), local: false });
    expect(ok("2024-03-31T03:30:00+02:00")).toEqual({ ms: utc(2024, 2, 31, 1, 30), local: false });
    expect(ok("2024-03-10T01:30:00.250-0500")).toEqual({ ms: utc(2024, 2, 10, 6, 30, 0, 250), local: false });
    expect(ok("2024-03-31T03:30:00")).toEqual({ ms: utc(2024, 2, 31, 3, 30), local: true });
    expect(ok(" 2024-03-31 03:30 ")).toEqual({ ms: utc(2024, 2, 31, 3, 30), local: true });
    expect(ok("2024-03-31 03:30:15")).toEqual({ ms: utc(2024, 2, 31, 3, 30, 15), local: true });
    expect(ok("2024-03-31")).toEqual({ ms: utc(2024, 2, 31), local: true });
  });

  test("reads Excel serials as local times, rounded as ELAPSED rounds them", () => {
    expect(ok(45382.5)).toEqual({ ms: utc(2024, 2, 31, 12), local: true });
  });

  test("reads day/month dates only with an order", () => {
    expect(ok("31/03/2024 09:15", "DMY")).toEqual({ ms: utc(2024, 2, 31, 9, 15), local: true });
    expect(ok("03/31/2024 09:15", "MDY")).toEqual({ ms: utc(2024, 2, 31, 9, 15), local: true });
    expect(ok("31.03.2024 09:15:05", "DMY")).toEqual({ ms: utc(2024, 2, 31, 9, 15, 5), local: true });
    expect(reason("03/04/2024 09:15")).toMatch(/give --date-order DMY or MDY \(dates are never guessed\)/);
    expect(reason("31/03/2024", "MDY")).toBe('time "31/03/2024" is not a real date and time.');
  });

  test("rejects every other time with a reason", () => {
    expect(reason("")).toBe("the time is blank.");
    expect(reason(null)).toBe("the time is blank.");
    expect(reason("yesterday")).toMatch(/^time "yesterday" is not a date-time: use ISO 8601/);
    expect(reason("2024-02-30 10:00")).toBe('time "2024-02-30 10:00" is not a real date and time.');
    expect(reason("2024-03-31 24:00")).toBe('time "2024-03-31 24:00" is not a real date and time.');
    expect(reason("2024-03-31T10:00+19:00")).toBe('time "2024-03-31T10:00+19:00" is not a real date and time.');
    expect(reason("1899-12-31")).toBe('time "1899-12-31" is outside 1900-03-01..9999-12-31.');
    expect(reason(12)).toBe('time "12" is outside 1900-03-01..9999-12-31.');
    expect(reason(true)).toBe("the time is blank.");
  });

  test("YYYY-MM-DD HH:MM[:SS] (read without the regex) agrees with the same time spelt for the regex", () => {
    // Two spaces between date and time take the regex path; the reasons differ only in the text quoted.
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, "0"));
    const time = fc.tuple(
      digits(4, 9999),
      digits(2, 19),
      digits(2, 39),
      digits(2, 29),
      digits(2, 69),
      fc.option(digits(2, 69)),
      fc.constantFrom(" ", "T"),
    );
    fc.assert(
      fc.property(time, ([y, mo, d, h, mi, s, sep]) => {
        const [date, clock] = [`${y}-${mo}-${d}`, `${h}:${mi}${s === null ? "" : `:${s}`}`];
        const quick = parseTime(`${date}${sep}${clock}`);
        const slow = parseTime(`${date}  ${clock}`);
        if (isTimeProblem(slow)) {
          const expected = slow.reason.replace(`${date}  ${clock}`, `${date}${sep}${clock}`);
          expect(isTimeProblem(quick) && quick.reason).toBe(expected);
        } else expect(quick).toEqual(slow);
      }),
      { numRuns: 2000 },
    );
    expect(ok("2024-02-29 23:59:59")).toEqual({ ms: utc(2024, 1, 29, 23, 59, 59), local: true });
    expect(reason("2023-02-29 10:00:00")).toBe('time "2023-02-29 10:00:00" is not a real date and time.');
    expect(reason("2024-04-31T10:00")).toBe('time "2024-04-31T10:00" is not a real date and time.');
  });
});
