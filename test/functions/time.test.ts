/**
 * Service time and attainment through the built bundle, called with Excel-shaped arguments
 * the way Excel calls them: ranges as 2-D arrays, blanks as "" or null, omitted optionals as null.
 */
import { CALENDAR_GRAMMAR } from "../../src/errors";
import { isExcelError, loadBundle } from "../support/bundle";

const bundle = loadBundle();
const FRI = 45296; // 2024-01-05, a Friday
const SAT = FRI + 1;
const MON = FRI + 3;
const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
const OFFICE = "Mon-Fri 09:00-17:00";
/** A serial to the minute, for comparing computed date-times. */
const minute = (serial: unknown) => Math.round((serial as number) * 1440);

describe("GOV.ELAPSED", () => {
  test('=GOV.ELAPSED(A2, B2, "Mon-Fri 09:00-17:00") for Friday 16:30 to Monday 10:00 is 1.5', () => {
    expect(bundle.call("ELAPSED", [[at(FRI, 16, 30)]], [[at(MON, 10)]], OFFICE, null)).toEqual([[1.5]]);
  });

  test("spills row by row; blank rows stay blank; a bad row is an error in that row only", () => {
    const starts = [[at(MON, 9)], [""], ["soon"], [at(MON, 12)], [null], [at(MON, 9)]];
    const ends = [[at(MON, 17)], [at(MON, 10)], [at(MON, 11)], [at(MON, 11)], [null], [""]];
    const out = bundle.call("ELAPSED", starts, ends, OFFICE, null) as unknown[][];
    expect(out.length).toBe(6);
    expect(out[0]).toEqual([8]);
    expect(out[1]).toEqual([""]);
    expect(
      isExcelError(
        out[2][0],
        "#VALUE!",
        'start (row 3, column 1): expected a date (an Excel serial number), got text "soon"',
      ),
    ).toBe(true);
    expect(isExcelError(out[3][0], "#VALUE!", "end (row 4, column 1): is before start")).toBe(true);
    expect(out[4]).toEqual([""]);
    expect(out[5]).toEqual([""]);
  });

  test("a scalar start broadcasts over a range of ends", () => {
    expect(bundle.call("ELAPSED", [[at(MON, 9)]], [[at(MON, 10)], [at(MON + 1, 10)]], OFFICE, null)).toEqual([
      [1],
      [9],
    ]);
  });

  test("the calendar defaults to 24x7; holidays come as a range with blanks", () => {
    expect(bundle.call("ELAPSED", [[FRI]], [[MON]], null, null)).toEqual([[72]]);
    expect(bundle.call("ELAPSED", [[FRI]], [[MON + 1]], "", [[MON], [""], [null]])).toEqual([[72]]);
    expect(bundle.call("ELAPSED", [[at(FRI, 9)]], [[at(MON + 1, 17)]], OFFICE, [[MON]])).toEqual([[16]]);
  });

  test("a bad calendar is #VALUE! saying what is wrong and showing the grammar", () => {
    const e = bundle.call("ELAPSED", [[FRI]], [[MON]], "Mon-Fri 9:00-25:00", null);
    expect(isExcelError(e, "#VALUE!", '"25:00" is not a time from 00:00 to 24:00.')).toBe(true);
    expect(isExcelError(e, "#VALUE!", CALENDAR_GRAMMAR)).toBe(true);
  });

  test("dates before 1900-03-01, text holidays and mismatched ranges are rejected", () => {
    expect(
      isExcelError((bundle.call("ELAPSED", [[60]], [[MON]], null, null) as unknown[][])[0][0], "#VALUE!", "1900-03-01"),
    ).toBe(true);
    expect(
      isExcelError(bundle.call("ELAPSED", [[FRI]], [[MON]], null, [["Xmas"]]), "#VALUE!", "holidays (row 1, column 1)"),
    ).toBe(true);
    expect(isExcelError(bundle.call("ELAPSED", [[1], [2]], [[1], [2], [3]], null, null), "#VALUE!", "same shape")).toBe(
      true,
    );
  });
});

describe("GOV.DUE", () => {
  test('=GOV.DUE(A2, 8, "Mon-Fri 09:00-17:00"): Friday 16:30 is due Monday 16:30; Saturday is due Monday 17:00', () => {
    const out = bundle.call("DUE", [[at(FRI, 16, 30)], [at(SAT, 11)]], [[8]], OFFICE, null) as unknown[][];
    expect(out.map((r) => minute(r[0]))).toEqual([minute(at(MON, 16, 30)), minute(at(MON, 17))]);
  });

  test("0 hours is the start; negative hours are #VALUE! in that row; a holiday Monday is skipped", () => {
    const out = bundle.call("DUE", [[at(SAT, 11)]], [[0], [-1], [""]], OFFICE, null) as unknown[][];
    expect(out[0]).toEqual([at(SAT, 11)]);
    expect(isExcelError(out[1][0], "#VALUE!", "hours (row 2, column 1): must not be negative")).toBe(true);
    expect(out[2]).toEqual([""]);
    const holiday = bundle.call("DUE", [[at(FRI, 16, 30)]], [[8]], OFFICE, [[MON]]) as unknown[][];
    expect(minute(holiday[0][0])).toBe(minute(at(MON + 1, 16, 30)));
  });

  test("round trip through the bundle: ELAPSED(start, DUE(start, h)) = h", () => {
    const starts = [[at(FRI, 16, 30)], [at(SAT, 3)], [at(MON, 17)], [at(MON, 8, 15)]];
    const hours = [[8], [0.25], [37.5], [100]];
    const due = bundle.call("DUE", starts, hours, OFFICE, [[MON + 1]]);
    expect(bundle.call("ELAPSED", starts, due, OFFICE, [[MON + 1]])).toEqual(hours);
  });
});

describe("GOV.ATTAINMENT", () => {
  test("=GOV.ATTAINMENT(B2:B6, 4): 3 of 4 measured tickets within 4 hours, blanks not measured", () => {
    expect(bundle.call("ATTAINMENT", [[3.5], [4], [""], [6], [2]], [[4]], null)).toBe(0.75);
  });

  test('higher is better with ">="; targets per row', () => {
    expect(bundle.call("ATTAINMENT", [[0.999], [0.99]], [[0.995]], ">=")).toBe(0.5);
    expect(bundle.call("ATTAINMENT", [[2], [9], [5]], [[4], [8], [5]], null)).toBe(2 / 3);
  });

  test("none measured is #DIV/0!; bad cells, directions and shapes are #VALUE!", () => {
    expect(isExcelError(bundle.call("ATTAINMENT", [[""], [null]], [[4]], null), "#DIV/0!")).toBe(true);
    expect(
      isExcelError(bundle.call("ATTAINMENT", [[1], ["n/a"]], [[4]], null), "#VALUE!", "actuals (row 2, column 1)"),
    ).toBe(true);
    expect(
      isExcelError(bundle.call("ATTAINMENT", [[1], [2]], [[4], [""]], null), "#VALUE!", "targets (row 2, column 1)"),
    ).toBe(true);
    expect(
      isExcelError(bundle.call("ATTAINMENT", [[1]], [[4]], "<"), "#VALUE!", '">=" (higher is better) or "<="'),
    ).toBe(true);
    expect(isExcelError(bundle.call("ATTAINMENT", [[1], [2]], [[4, 5]], null), "#VALUE!", "same shape")).toBe(true);
    expect(
      isExcelError(bundle.call("ATTAINMENT", [[1]], [[null]], null), "#VALUE!", "targets: a value is required"),
    ).toBe(true);
  });
});

describe("GOV.SLA_STATUS", () => {
  test("=GOV.SLA_STATUS(C2:C5, 8) spills the status of each ticket", () => {
    expect(bundle.call("SLA_STATUS", [[3], [6], [9], [""]], [[8]], null)).toEqual([
      ["On track"],
      ["At risk"],
      ["Breached"],
      [""],
    ]);
  });

  test("warn_at is a fraction: 75 typed for 75% is #VALUE! in that row", () => {
    const out = bundle.call("SLA_STATUS", [[7], [7]], [[10]], [[0.7], [75]]) as unknown[][];
    expect(out[0]).toEqual(["At risk"]);
    expect(isExcelError(out[1][0], "#VALUE!", "warn_at (row 2, column 1): expected a percentage from 0% to 100%")).toBe(
      true,
    );
  });
});

describe("GOV.AVAILABILITY", () => {
  const JAN = 45292;
  test("=GOV.AVAILABILITY(DATE(2024,1,1), DATE(2024,1,31), D2:D3, E2:E3, F2, G2): a 99.9% month", () => {
    const outages = [[JAN + 9.5], [JAN + 20]];
    const ends = [[JAN + 9.5 + 30 / 1440], [JAN + 20 + 12.96 / 1440]];
    const r = bundle.call(
      "AVAILABILITY",
      JAN,
      JAN + 30,
      outages,
      ends,
      [[JAN + 13 + 2 / 24]],
      [[JAN + 13 + 6 / 24]],
      null,
      null,
    );
    expect(r).toBe(0.999);
  });

  test("omitted maintenance, blank outage rows, business hours and holidays", () => {
    expect(
      bundle.call("AVAILABILITY", JAN, JAN + 1, [[JAN + 0.5], [""]], [[JAN + 0.75], [null]], null, null, null, null),
    ).toBe(0.75);
    // One office week with a Monday holiday: 32 service hours, Tuesday's 8 hours down.
    const r = bundle.call("AVAILABILITY", JAN, JAN + 7, [[JAN + 1]], [[JAN + 2]], null, null, OFFICE, [[JAN]]);
    expect(r).toBe(24 / 32);
  });

  test("half-filled rows, reversed outages and periods, and no service time are rejected", () => {
    const call = (...a: unknown[]) => bundle.call("AVAILABILITY", ...a);
    expect(
      isExcelError(
        call(JAN, JAN + 1, [[JAN], [JAN]], [[JAN + 0.1], [""]], null, null, null, null),
        "#VALUE!",
        "outage_ends (row 2, column 1): a value is required",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(JAN, JAN + 1, [[JAN + 0.5]], [[JAN + 0.4]], null, null, null, null),
        "#VALUE!",
        "outage_ends (row 1, column 1): is before outage_starts",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(JAN + 1, JAN, [[""]], [[""]], null, null, null, null),
        "#VALUE!",
        "period_end: is before period_start",
      ),
    ).toBe(true);
    expect(isExcelError(call(JAN + 5, JAN + 7, [[""]], [[""]], null, null, OFFICE, null), "#DIV/0!")).toBe(true);
    expect(
      isExcelError(call(JAN, JAN + 1, [[JAN]], [[JAN + 0.1], [JAN]], null, null, null, null), "#VALUE!", "same shape"),
    ).toBe(true);
  });
});

describe("metadata", () => {
  test("optional arguments are declared optional, row-aligned ones as ranges", () => {
    const byId = new Map(bundle.metadata.functions.map((f) => [f.id, f]));
    const optional = (id: string) =>
      byId
        .get(id)
        ?.parameters.filter((p) => p.optional)
        .map((p) => p.name);
    expect(optional("ELAPSED")).toEqual(["calendar", "holidays"]);
    expect(optional("DUE")).toEqual(["calendar", "holidays"]);
    expect(optional("ATTAINMENT")).toEqual(["direction"]);
    expect(optional("SLA_STATUS")).toEqual(["warn_at"]);
    expect(optional("AVAILABILITY")).toEqual(["maint_starts", "maint_ends", "calendar", "holidays"]);
    expect(byId.get("ELAPSED")?.parameters[0].dimensionality).toBe("matrix");
  });
});
