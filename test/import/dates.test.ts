/**
 * The one date reader: worked examples of every form, the order of a column settled from all
 * its values, and property tests against a reference built from day counts (not Date.UTC).
 */
import fc from "fast-check";
import {
  inferDateOrder,
  isTimeProblem,
  orderTally,
  isUndecided,
  orderNote,
  parseDateOrder,
  readDateSerial,
  readTime,
  readTimeCell,
  settleDateOrder,
} from "../../src/import/dates";
import { epochMsOfFields } from "../../src/serial";

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** Days from 1970-01-01 of a proleptic Gregorian date, by counting (the reference). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
const daysIn = (y: number, m: number) =>
  [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

const ok = (v: unknown, order?: "DMY" | "MDY") => {
  const p = readTime(v, order);
  if (isTimeProblem(p)) throw new Error(p.reason);
  return p;
};

describe("readTime: worked examples", () => {
  test("ISO 8601 and YYYY-MM-DD HH:MM[:SS[.fff]]", () => {
    expect(ok("2024-03-31T01:30:00Z")).toEqual({ ms: utc(2024, 3, 31, 1, 30), local: false });
    expect(ok("2024-03-31 01:30:15.25")).toEqual({ ms: utc(2024, 3, 31, 1, 30, 15, 250), local: true });
    expect(ok("2024-03-31T03:30:00+02:00")).toEqual({ ms: utc(2024, 3, 31, 1, 30), local: false });
  });

  test("day-month-year and month-day-year with /, - and ., with and without a time", () => {
    expect(ok("30.09.2024", "DMY")).toEqual({ ms: utc(2024, 9, 30), local: true });
    expect(ok("1/15/2022", "MDY")).toEqual({ ms: utc(2022, 1, 15), local: true });
    // ServiceNow's event log: DD-MM-YYYY HH:MM
    expect(ok("31-03-2024 09:15", "DMY")).toEqual({ ms: utc(2024, 3, 31, 9, 15), local: true });
    expect(ok("03-31-2024 09:15:07", "MDY")).toEqual({ ms: utc(2024, 3, 31, 9, 15, 7), local: true });
    expect(ok("3/31/2024 3:05 PM", "MDY")).toEqual({ ms: utc(2024, 3, 31, 15, 5), local: true });
    expect(ok("3/31/2024 12:05 am", "MDY")).toEqual({ ms: utc(2024, 3, 31, 0, 5), local: true });
    expect(ok("31.03.2024, 09:15", "DMY")).toEqual({ ms: utc(2024, 3, 31, 9, 15), local: true });
  });

  test("Excel date cells as they are", () => {
    expect(ok(45382.5)).toEqual({ ms: utc(2024, 3, 31, 12), local: true });
    expect(readDateSerial(45382.5)).toBe(45382.5);
  });

  test("a day/month date without an order names --date-order; mixed separators are not a date", () => {
    const p = readTime("03/04/2024");
    expect(isTimeProblem(p) && p.reason).toMatch(/give --date-order DMY or MDY/);
    const q = readTime("03/04-2024", "DMY");
    expect(isTimeProblem(q) && q.reason).toMatch(/is not a date-time/);
    const r = readTime("3/31/2024 13:05 PM", "MDY");
    expect(isTimeProblem(r) && r.reason).toMatch(/not a real date and time/);
  });

  test("readDateSerial: serials for the register and the review", () => {
    expect(readDateSerial("30.09.2024", "DMY")).toBe(45565);
    expect(readDateSerial("2024-01-01")).toBe(45292);
    expect(readDateSerial("2024-01-01T12:00:00Z")).toBe(45292.5);
    expect(readDateSerial("30.09.2024")).toBeUndefined();
    expect(readDateSerial("")).toBeUndefined();
    expect(readDateSerial(12)).toBeUndefined();
  });

  test("parseDateOrder", () => {
    expect(parseDateOrder(" dmy ")).toBe("DMY");
    expect(parseDateOrder("")).toBeUndefined();
    expect(parseDateOrder("YMD")).toBeNull();
  });
});

describe("the order of a column", () => {
  test("a day above 12 decides, and the preview says so", () => {
    const inf = inferDateOrder(["01/02/2024", "30.09.2024", null, 45000, "2024-01-01"]);
    expect(inf).toEqual({ kind: "inferred", order: "DMY", example: "30.09.2024" });
    expect(orderNote(inf)).toBe('DMY (inferred: "30.09.2024" has a day above 12)');
    expect(settleDateOrder(inf, "Due")).toEqual({ order: "DMY" });
    expect(inferDateOrder(["1/15/2022", "2/1/2022"])).toMatchObject({ kind: "inferred", order: "MDY" });
  });

  test("no day above 12 is ambiguous; both orders shown is contradictory; both refuse naming --date-order", () => {
    const amb = settleDateOrder(inferDateOrder(["01/02/2024", "03/04/2024"]), "Due");
    expect(amb).toEqual({
      refusal:
        'Due: dates such as "01/02/2024" read both as day/month and as month/day, and no date in the column has a day above 12; give --date-order DMY or MDY (dates are never guessed).',
    });
    const con = settleDateOrder(inferDateOrder(["13/02/2024", "02/13/2024"]), "Due");
    expect("refusal" in con && con.refusal).toMatch(
      /"13\/02\/2024" reads only as day\/month but "02\/13\/2024" only as month\/day; give --date-order DMY or MDY/,
    );
  });

  test("a given order wins; a column without day/month dates needs none", () => {
    expect(inferDateOrder(["01/02/2024"], "MDY")).toEqual({ kind: "given", order: "MDY" });
    expect(inferDateOrder(["2024-01-02", 45000])).toEqual({ kind: "none" });
  });

  test("property: a column whose days are all 12 or less is always refused", () => {
    const date = fc.record({
      y: fc.integer({ min: 1901, max: 9998 }),
      a: fc.integer({ min: 1, max: 12 }),
      b: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(date, { minLength: 1, maxLength: 30 }), fc.constantFrom("/", "-", "."), (dates, sep) => {
        const column = dates.map(
          ({ y, a, b }) => `${String(a).padStart(2, "0")}${sep}${String(b).padStart(2, "0")}${sep}${y}`,
        );
        expect("refusal" in settleDateOrder(inferDateOrder(column), "C")).toBe(true);
      }),
    );
  });
});

describe("property: every form and order gives the reference's instant", () => {
  const fields = fc
    .record({
      y: fc.integer({ min: 1901, max: 9998 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.integer({ min: 0, max: 59 }),
      ms: fc.integer({ min: 0, max: 999 }),
    })
    .map((f) => ({ ...f, d: Math.min(f.d, daysIn(f.y, f.m)) }));
  const p2 = (n: number) => String(n).padStart(2, "0");

  test("ISO, day/month in both orders with every separator, with and without times, and AM/PM", () => {
    fc.assert(
      fc.property(
        fields,
        fc.constantFrom("/", "-", "."),
        fc.constantFrom("DMY", "MDY"),
        fc.constantFrom("iso", "isoZ", "dm", "dmClock", "dmAmPm", "dmDay"),
        fc.boolean(),
        (f, sep, order, form, pad) => {
          const ref = (daysFromCivil(f.y, f.m, f.d) * 86400 + f.h * 3600 + f.mi * 60 + f.s) * 1000;
          const day = pad ? p2(f.d) : String(f.d);
          const month = pad ? p2(f.m) : String(f.m);
          const dm = order === "DMY" ? `${day}${sep}${month}${sep}${f.y}` : `${month}${sep}${day}${sep}${f.y}`;
          const clock = `${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}`;
          let text: string;
          let expected = ref + f.ms;
          if (form === "iso") text = `${f.y}-${p2(f.m)}-${p2(f.d)} ${clock}.${String(f.ms).padStart(3, "0")}`;
          else if (form === "isoZ") text = `${f.y}-${p2(f.m)}-${p2(f.d)}T${clock}Z`;
          else if (form === "dm") text = `${dm} ${clock}.${String(f.ms).padStart(3, "0")}`;
          else if (form === "dmClock") text = `${dm} ${p2(f.h)}:${p2(f.mi)}`;
          else if (form === "dmAmPm")
            text = `${dm} ${f.h % 12 === 0 ? 12 : f.h % 12}:${p2(f.mi)}:${p2(f.s)} ${f.h < 12 ? "AM" : "PM"}`;
          else text = dm;
          if (form === "isoZ" || form === "dmAmPm") expected = ref;
          if (form === "dmClock") expected = ref - f.s * 1000;
          if (form === "dmDay") expected = daysFromCivil(f.y, f.m, f.d) * 86400000;
          const read = readTime(text, order);
          expect(read).toEqual({ ms: expected, local: form !== "isoZ" });
          // The same value undecided: the reading of its own order is the same instant.
          const cell = readTimeCell(text);
          if (isUndecided(cell)) expect(order === "DMY" ? cell.dmy : cell.mdy).toEqual(read);
        },
      ),
      { numRuns: 3000 },
    );
  });

  /**
   * One value in every other form the reader takes, with the instant the reference gives it:
   * the export's fast path (`YYYY-MM-DD HH:MM[:SS]`, with a space or `T`), ISO dates alone,
   * offsets in each spelling, long and comma fractions, day/month dates with `T`, a comma,
   * dots in the time, `a.m.`, and Excel serials.
   */
  type Form = (
    f: Fields,
    order: "DMY" | "MDY",
    sep: string,
    offset: number,
  ) => { text: unknown; ms: number; local: boolean };
  type Fields = { y: number; m: number; d: number; h: number; mi: number; s: number; ms: number };
  const p3 = (n: number) => String(n).padStart(3, "0");
  const day = (f: Fields) => daysFromCivil(f.y, f.m, f.d) * 86400000;
  const clock = (f: Fields) => ((f.h * 60 + f.mi) * 60 + f.s) * 1000;
  const iso = (f: Fields) => `${f.y}-${p2(f.m)}-${p2(f.d)}`;
  const dm = (f: Fields, order: "DMY" | "MDY", sep: string) =>
    order === "DMY" ? `${f.d}${sep}${f.m}${sep}${f.y}` : `${f.m}${sep}${f.d}${sep}${f.y}`;
  const zone = (offset: number, style: number) => {
    const a = Math.abs(offset);
    const [hh, mm] = [p2(Math.floor(a / 60)), p2(a % 60)];
    const sign = offset < 0 ? "-" : "+";
    return style === 0 ? `${sign}${hh}:${mm}` : style === 1 ? `${sign}${hh}${mm}` : `${sign}${hh}`;
  };
  const FORMS: Record<string, Form> = {
    fastSeconds: (f) => ({ text: `${iso(f)} ${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}`, ms: day(f) + clock(f), local: true }),
    fastMinutes: (f) => ({ text: `${iso(f)} ${p2(f.h)}:${p2(f.mi)}`, ms: day(f) + clock(f) - f.s * 1000, local: true }),
    fastT: (f) => ({ text: `${iso(f)}T${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}`, ms: day(f) + clock(f), local: true }),
    isoDate: (f) => ({ text: iso(f), ms: day(f), local: true }),
    isoShortHour: (f) => ({ text: `${iso(f)} ${f.h}:${p2(f.mi)}`, ms: day(f) + clock(f) - f.s * 1000, local: true }),
    isoLongFraction: (f) => ({
      text: `${iso(f)}T${p2(f.h)}:${p2(f.mi)}:${p2(f.s)},${p3(f.ms)}999`,
      ms: day(f) + clock(f) + f.ms,
      local: true,
    }),
    ...Object.fromEntries(
      [0, 1, 2].map((style) => [
        `isoOffset${style}`,
        ((f, _o, _s, offset) => {
          const whole = style === 2 ? Math.trunc(offset / 60) * 60 : offset;
          return {
            text: `${iso(f)}T${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}.${p3(f.ms)}${zone(whole, style)}`,
            ms: day(f) + clock(f) + f.ms - whole * 60000,
            local: false,
          };
        }) as Form,
      ]),
    ),
    dmT: (f, o, sep) => ({
      text: `${dm(f, o, sep)}T${p2(f.h)}:${p2(f.mi)}`,
      ms: day(f) + clock(f) - f.s * 1000,
      local: true,
    }),
    dmComma: (f, o, sep) => ({
      text: `${dm(f, o, sep)}, ${f.h}:${p2(f.mi)}:${p2(f.s)}`,
      ms: day(f) + clock(f),
      local: true,
    }),
    dmDotTime: (f, o, sep) => ({
      text: `${dm(f, o, sep)} ${p2(f.h)}.${p2(f.mi)}.${p2(f.s)}`,
      ms: day(f) + clock(f),
      local: true,
    }),
    dmDottedHalf: (f, o, sep) => ({
      text: `${dm(f, o, sep)} ${f.h % 12 === 0 ? 12 : f.h % 12}:${p2(f.mi)} ${f.h < 12 ? "a.m." : "p.m."}`,
      ms: day(f) + clock(f) - f.s * 1000,
      local: true,
    }),
    serial: (f) => ({
      // An Excel date cell: whole days from 1899-12-30 and the time as the fraction (to the second).
      text: daysFromCivil(f.y, f.m, f.d) + 25569 + (f.h * 3600 + f.mi * 60 + f.s) / 86400,
      ms: day(f) + clock(f),
      local: true,
    }),
  };

  test("every other form: the export's fast path, offsets, fractions, T, commas, dotted times, a.m., serials", () => {
    fc.assert(
      fc.property(
        fields,
        fc.constantFrom(...Object.keys(FORMS)),
        fc.constantFrom("/", "-", "."),
        fc.constantFrom("DMY", "MDY"),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (f, form, sep, order, offset) => {
          const { text, ms, local } = FORMS[form](f, order as "DMY" | "MDY", sep, offset);
          expect([form, text, readTime(text, order as "DMY" | "MDY")]).toEqual([form, text, { ms, local }]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("a column of day/month dates that all read both ways is always refused, in every form, whatever else it holds", () => {
    const dmForms = ["dmT", "dmComma", "dmDotTime", "dmDottedHalf"];
    const small = fields.map((f) => ({ ...f, d: Math.min(f.d, 12) }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(small, fc.constantFrom(...dmForms, "plain"), fc.constantFrom("/", "-", ".")), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.array(fc.tuple(fields, fc.constantFrom("fastSeconds", "isoDate", "isoOffset0", "serial")), {
          maxLength: 10,
        }),
        (dates, others) => {
          const column: unknown[] = dates.map(([f, form, sep]) =>
            form === "plain" ? dm(f, "DMY", sep) : FORMS[form](f, "DMY", sep, 0).text,
          );
          for (const [f, form] of others)
            column.splice(f.ms % (column.length + 1), 0, FORMS[form](f, "DMY", "/", 0).text);
          // Both the whole-column reader and the streamed tally refuse it, naming --date-order.
          const settled = settleDateOrder(inferDateOrder(column), "C");
          expect("refusal" in settled && settled.refusal).toMatch(/give --date-order DMY or MDY/);
          const tally = orderTally();
          column.forEach((v) => tally.add(readTimeCell(v)));
          expect(tally.result().kind).toBe("ambiguous");
          // Read alone, each such value is refused rather than guessed.
          for (const [f, form, sep] of dates) {
            const text = form === "plain" ? dm(f, "DMY", sep) : FORMS[form](f, "DMY", sep, 0).text;
            expect(isTimeProblem(readTime(text))).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test("epochMsOfFields agrees with the day count, and refuses dates that do not exist", () => {
    fc.assert(
      fc.property(fields, (f) => {
        expect(epochMsOfFields(f.y, f.m, f.d, 0, 0, 0, 0)).toBe(daysFromCivil(f.y, f.m, f.d) * 86400000);
        if (f.d < daysIn(f.y, f.m)) return;
        expect(epochMsOfFields(f.y, f.m, f.d + 1, 0, 0, 0, 0)).toBeUndefined();
      }),
    );
    expect(epochMsOfFields(24, 3, 4, 0, 0, 0, 0)).toBe(daysFromCivil(24, 3, 4) * 86400000);
  });

  test("a column inferred from its values reads every value as its true instant", () => {
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 20 }), fc.constantFrom("DMY", "MDY"), (dates, order) => {
        const col = dates.map((f) => (order === "DMY" ? `${f.d}/${f.m}/${f.y}` : `${f.m}/${f.d}/${f.y}`));
        const settled = settleDateOrder(inferDateOrder(col), "C");
        const telling = dates.some((f) => f.d > 12);
        if (!telling) {
          expect("refusal" in settled).toBe(true);
          return;
        }
        expect(settled).toEqual({ order });
        col.forEach((text, i) =>
          expect(ok(text, order).ms).toBe(daysFromCivil(dates[i].y, dates[i].m, dates[i].d) * 86400000),
        );
      }),
    );
  });
});
