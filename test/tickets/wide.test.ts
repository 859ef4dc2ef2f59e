/** One-row-per-ticket exports: a row's events, the on-hold column and its hours as read. */
import fc from "fast-check";
import { readHoldHours, rowEvents, suggestOnHoldColumn } from "../../src/tickets/wide";

describe("readHoldHours", () => {
  test.each([
    [2.5, 2.5],
    ["2.5", 2.5],
    ["2,5", 2.5],
    ["1:30", 1.5],
    ["0:00:36", 0.01],
    ["1 Day 2 Hours 30 Minutes", 26.5],
    ["45 minutes", 0.75],
    ["3h 15m", 3.25],
    ["", 0],
    [null, 0],
  ])("%p is %p hours", (cell, hours) => {
    expect(readHoldHours(cell)).toBeCloseTo(hours as number, 9);
  });

  test.each([["soon"], [-1], ["-2"], ["1:75"], ["2 hours and a bit"], [Number.NaN]])(
    "%p is refused with its text",
    (cell) => {
      const read = readHoldHours(cell);
      expect(read).toEqual({ reason: expect.stringContaining(`"${String(cell)}" are not a duration`) });
    },
  );

  test("H:MM:SS equals the hours it spells (property)", () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(59), fc.nat(59), (h, m, sec) => {
        const text = `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
        expect(readHoldHours(text)).toBeCloseTo(h + m / 60 + sec / 3600, 9);
      }),
    );
  });
});

describe("suggestOnHoldColumn and rowEvents", () => {
  test("exact headers only: 'On hold duration' and 'Time on hold' are suggested, a yes/no 'On hold' is not", () => {
    expect(suggestOnHoldColumn(["Number", "On hold duration"])).toBe(1);
    expect(suggestOnHoldColumn(["Time on hold (hours)", "Number"])).toBe(0);
    expect(suggestOnHoldColumn(["Number", "On hold"])).toBeUndefined();
  });

  test("Closed stops only without a Resolved time", () => {
    expect(rowEvents({ opened: "a", resolved: "b", closed: "c" })).toEqual([
      ["a", "Opened"],
      ["b", "Resolved"],
    ]);
    expect(rowEvents({ opened: "a", resolved: " ", closed: "c" })).toEqual([
      ["a", "Opened"],
      ["c", "Closed"],
    ]);
  });
});
