/**
 * The ticket clock through the built bundle, called as Excel calls it: ranges as 2-D arrays,
 * blanks as "" or null, omitted optionals as null. Agreement with GOV.ELAPSED is checked on
 * the same bundle, to the bit.
 */
import fc from "fast-check";
import { isExcelError, loadBundle } from "../support/bundle";

const bundle = loadBundle();
const MON = 45299; // 2024-01-08, a Monday
const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
const OFFICE = "Mon-Fri 09:00-17:00";

describe("GOV.ELAPSED_PAUSED", () => {
  test("subtracts the union of the pauses, clipped to [start, end)", () => {
    const starts = [[at(MON, 10)], [at(MON, 11)], [""], [at(MON, 7)]];
    const ends = [[at(MON, 12)], [at(MON, 13)], [null], [at(MON, 9, 30)]];
    // Monday 09:00-17:00 is 8 h; pauses 10-13 (3 h, overlapping) and 09:00-09:30 (clipped from 07:00).
    expect(bundle.call("ELAPSED_PAUSED", at(MON, 9), at(MON, 17), starts, ends, OFFICE, null)).toBe(4.5);
  });

  test("with no pauses equals GOV.ELAPSED exactly", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 45000, max: 46000, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (s, l) => {
          const elapsed = bundle.call("ELAPSED", [[s]], [[s + l]], OFFICE, null) as number[][];
          expect(bundle.call("ELAPSED_PAUSED", s, s + l, [[""]], [[""]], OFFICE, null)).toBe(elapsed[0][0]);
          expect(bundle.call("ELAPSED_PAUSED", [[s]], [[s + l]], null, null, null, null)).toBe(
            (bundle.call("ELAPSED", s, s + l, null, null) as number[][])[0][0],
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  test("rejects each bad input, naming the argument and position", () => {
    const call = (...args: unknown[]) => bundle.call("ELAPSED_PAUSED", ...args);
    expect(
      isExcelError(
        call(at(MON, 9), at(MON, 17), [[at(MON, 10)], [""]], [[at(MON, 11)], [at(MON, 12)]]),
        "#VALUE!",
        "pause_starts (row 2, column 1): is blank but pause_ends has a value there",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(at(MON, 9), at(MON, 17), [[at(MON, 10)]], [[""]]),
        "#VALUE!",
        "pause_ends (row 1, column 1): is blank but pause_starts",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(at(MON, 9), at(MON, 17), [[at(MON, 10)]], [[at(MON, 11)], [at(MON, 12)]]),
        "#VALUE!",
        "pause_ends is 2x1 but pause_starts is 1x1",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(at(MON, 9), at(MON, 17), [[at(MON, 12)]], [[at(MON, 11)]]),
        "#VALUE!",
        "pause_ends (row 1, column 1): is before pause_starts",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(at(MON, 9), at(MON, 17), [["soon"]], [[at(MON, 11)]]),
        "#VALUE!",
        'pause_starts (row 1, column 1): expected a date (an Excel serial number), got text "soon"',
      ),
    ).toBe(true);
    expect(isExcelError(call(at(MON, 17), at(MON, 9), null, null), "#VALUE!", "end: is before start")).toBe(true);
    expect(isExcelError(call(null, at(MON, 9), null, null), "#VALUE!", "start: a value is required")).toBe(true);
    expect(isExcelError(call(at(MON, 9), at(MON, 17), null, null, "Mon-Fri 9-5"), "#VALUE!", "calendar:")).toBe(true);
  });
});

describe("GOV.CLOCK", () => {
  const col = (values: unknown[]) => values.map((v) => [v]);
  const history = {
    ids: col(["INC1", "INC2", "INC1", "INC1", "INC2", "", "INC1"]),
    times: col([at(MON, 10), at(MON, 16), at(MON, 12), at(MON, 15), at(MON + 1, 10), "", at(MON + 1, 10)]),
    states: col(["New", "New", "On Hold", "In Progress", "Resolved", null, "Resolved"]),
  };

  test("spills one row per ticket in order of first appearance: ticket, started, stopped, hours, paused hours, state", () => {
    const out = bundle.call(
      "CLOCK",
      history.ids,
      history.times,
      history.states,
      "New",
      "On Hold, Awaiting customer",
      [["Resolved"], ["Closed"]],
      OFFICE,
      null,
      null,
    ) as unknown[][];
    expect(out).toEqual(
      [
        // 10-12 and 15-17 Monday, 09-10 Tuesday running; 12-15 on hold.
        ["INC1", at(MON, 10), at(MON + 1, 10), 5, 3, "Stopped"],
        ["INC2", at(MON, 16), at(MON + 1, 10), 2, 0, "Stopped"],
      ].map((r) => r.map((v) => (typeof v === "number" && v > 1000 ? expect.closeTo(v, 9) : v))),
    );
  });

  test("response_states adds responded and response hours to each row; blank leaves the six columns", () => {
    const out = bundle.call(
      "CLOCK",
      col(["INC1", "INC1", "INC1", "INC1", "INC2", "INC2"]),
      col([at(MON, 9), at(MON, 9, 30), at(MON, 11), at(MON, 13), at(MON, 9), at(MON, 10)]),
      col(["New", "On Hold", "Assigned", "Resolved", "New", "In Progress"]),
      "New",
      "On Hold",
      "Resolved",
      OFFICE,
      null,
      at(MON, 12),
      "In Progress, Assigned",
    ) as unknown[][];
    // INC1: 09:00-09:30 running, on hold to 11:00, answered (Assigned) at 11:00: 0.5 h.
    expect(out.map((r) => [r[0], r[6], r[7]])).toEqual([
      ["INC1", expect.closeTo(at(MON, 11), 9), 0.5],
      ["INC2", expect.closeTo(at(MON, 10), 9), 1],
    ]);
    const plain = bundle.call(
      "CLOCK",
      col(["A"]),
      col([at(MON, 9)]),
      col(["New"]),
      "New",
      "",
      "Done",
      OFFICE,
      null,
      null,
      "",
    ) as unknown[][];
    expect(plain[0].length).toBe(6);
  });

  test("as_of keeps a running ticket counting; a ticket that never started is Not started", () => {
    const out = bundle.call(
      "CLOCK",
      col(["A", "B"]),
      col([at(MON, 9), at(MON, 9)]),
      col(["Open", "Draft"]),
      "Open",
      "",
      "Done",
      OFFICE,
      null,
      at(MON, 13),
    ) as unknown[][];
    expect(out.map((r) => [r[0], r[2], r[3], r[5]])).toEqual([
      ["A", "", 4, "Running"],
      ["B", "", 0, "Not started"],
    ]);
    expect(out[1][1]).toBe("");
  });

  test("one start and one stop event give the GOV.ELAPSED of the two times, to the bit", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 45000, max: 46000, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (s, l) => {
          const out = bundle.call(
            "CLOCK",
            [["T"], ["T"]],
            [[s + l], [s]],
            [["Resolved"], ["New"]],
            "New",
            "",
            "Resolved",
            OFFICE,
            null,
            null,
          ) as unknown[][];
          expect(out[0][3]).toBe((bundle.call("ELAPSED", s, s + l, OFFICE, null) as number[][])[0][0]);
        },
      ),
      { numRuns: 100 },
    );
  });

  test("rejects each bad input, naming the argument and the row", () => {
    const call = (
      ids: unknown,
      times: unknown,
      states: unknown,
      start: unknown = "New",
      pause: unknown = "Hold",
      stop: unknown = "Done",
    ) => bundle.call("CLOCK", ids, times, states, start, pause, stop, null, null, null);
    expect(
      isExcelError(
        call(col(["A", "A"]), col([at(MON, 9), ""]), col(["New", "Done"])),
        "#VALUE!",
        "times (row 2, column 1): a value is required",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(col(["A", "A"]), col([at(MON, 9), "monday"]), col(["New", "Done"])),
        "#VALUE!",
        'times (row 2, column 1): expected a date (an Excel serial number), got text "monday"',
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(col(["A", "A"]), col([at(MON, 9)]), col(["New", "Done"])),
        "#VALUE!",
        "times is 1x1 but ticket_ids is 2x1",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(col(["A", "A"]), col([at(MON, 9), at(MON, 10)]), col(["New"])),
        "#VALUE!",
        "states is 1x1 but ticket_ids is 2x1",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(col(["A", ""]), col([at(MON, 9), at(MON, 10)]), col(["New", "Done"])),
        "#VALUE!",
        "ticket_ids (row 2, column 1): a value is required",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(col(["A", "A"]), col([at(MON, 9), at(MON, 10)]), col(["New", ""])),
        "#VALUE!",
        "states (row 2, column 1): a value is required",
      ),
    ).toBe(true);
    expect(
      isExcelError(
        call(col(["A"]), col([at(MON, 9)]), col(["New"]), "New", "Hold, new", "Done"),
        "#VALUE!",
        'pause_states: the state "new" is also in start_states',
      ),
    ).toBe(true);
    expect(isExcelError(call(col([""]), col([""]), col([""])), "#N/A", "ticket_ids: no ticket events")).toBe(true);
    expect(
      isExcelError(
        bundle.call("CLOCK", col(["A"]), col([at(MON, 9)]), col(["New"]), "New", "", "Done", null, null, "later"),
        "#VALUE!",
        "as_of: expected a date",
      ),
    ).toBe(true);
  });
});
