import fc from "fast-check";
import {
  Milestone,
  assessImplementation,
  assessMilestoneColumns,
  daysLate,
  implementationStatus,
} from "../../src/status/implStatus";

// 2024-01-01 is serial 45292.
const JAN1 = 45292;
const AS_OF = JAN1 + 60; // 2024-03-01

describe("daysLate", () => {
  test("done late, done on time, done early", () => {
    expect(daysLate({ due: JAN1, done: JAN1 + 3 }, AS_OF)).toBe(3);
    expect(daysLate({ due: JAN1, done: JAN1 }, AS_OF)).toBe(0);
    expect(daysLate({ due: JAN1, done: JAN1 - 5 }, AS_OF)).toBe(0);
  });
  test("open and overdue counts up to as_of; open and due on or after as_of is not late", () => {
    expect(daysLate({ due: JAN1 }, AS_OF)).toBe(60);
    expect(daysLate({ due: AS_OF }, AS_OF)).toBe(0);
    expect(daysLate({ due: AS_OF + 10 }, AS_OF)).toBe(0);
  });
  test("a done date is used even when it lies after as_of", () => {
    expect(daysLate({ due: AS_OF, done: AS_OF + 2 }, AS_OF)).toBe(2);
  });
  test("times of day count as fractions of a day", () => {
    expect(daysLate({ due: JAN1, done: JAN1 + 0.5 }, AS_OF)).toBe(0.5);
  });
});

describe("implementationStatus: milestone tables", () => {
  const table: Array<[string, Milestone[], string]> = [
    ["no milestones", [], "Green"],
    [
      "all done on time",
      [
        { due: JAN1, done: JAN1 },
        { due: JAN1 + 30, done: JAN1 + 20 },
      ],
      "Green",
    ],
    ["only future milestones, open", [{ due: AS_OF + 1 }, { due: AS_OF + 90 }], "Green"],
    ["due today, open", [{ due: AS_OF }], "Green"],
    ["done 1 day late", [{ due: JAN1, done: JAN1 + 1 }], "Amber"],
    ["done 14 days late (the default limit)", [{ due: JAN1, done: JAN1 + 14 }], "Amber"],
    ["done 15 days late", [{ due: JAN1, done: JAN1 + 15 }], "Red"],
    ["open, 14 days overdue", [{ due: AS_OF - 14 }], "Amber"],
    ["open, 15 days overdue", [{ due: AS_OF - 15 }], "Red"],
    [
      "many late, the latest decides",
      [{ due: JAN1, done: JAN1 + 2 }, { due: JAN1 + 10, done: JAN1 + 30 }, { due: AS_OF - 3 }],
      "Red",
    ],
    [
      "late but caught up: done late long ago still counts",
      [{ due: JAN1, done: JAN1 + 20 }, { due: AS_OF + 10 }],
      "Red",
    ],
    [
      "on-time milestones do not dilute a late one",
      [{ due: JAN1, done: JAN1 }, { due: JAN1 + 5, done: JAN1 + 5 }, { due: AS_OF - 7 }],
      "Amber",
    ],
  ];
  test.each(table)("%s => %s", (_name, milestones, expected) => {
    expect(implementationStatus(milestones, AS_OF)).toBe(expected);
  });

  test("red_after_days boundaries", () => {
    const ms = [{ due: JAN1, done: JAN1 + 7 }];
    expect(implementationStatus(ms, AS_OF, 7)).toBe("Amber");
    expect(implementationStatus(ms, AS_OF, 6.99)).toBe("Red");
    expect(implementationStatus(ms, AS_OF, 0)).toBe("Red");
    expect(implementationStatus([{ due: JAN1, done: JAN1 }], AS_OF, 0)).toBe("Green");
  });

  test("assessImplementation reports the count and the maximum", () => {
    expect(
      assessImplementation([{ due: JAN1, done: JAN1 + 5 }, { due: JAN1 + 50 }, { due: AS_OF + 5 }], AS_OF),
    ).toEqual({ status: "Amber", late: 2, maxDaysLate: 10 });
  });

  test("does not mutate the milestones", () => {
    const ms: Milestone[] = [{ due: JAN1 }, { due: JAN1 + 1, done: JAN1 + 3 }];
    const copy = JSON.parse(JSON.stringify(ms));
    implementationStatus(ms, AS_OF);
    expect(ms).toEqual(copy);
  });

  test("matches a naive reference", () => {
    const milestone = fc.record(
      {
        due: fc.integer({ min: JAN1, max: JAN1 + 120 }),
        done: fc.option(fc.integer({ min: JAN1 - 10, max: JAN1 + 150 }), { nil: undefined }),
      },
      { requiredKeys: ["due"] },
    );
    fc.assert(
      fc.property(fc.array(milestone, { maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (ms, redAfter) => {
        const lates = ms
          .filter((m) => (m.done !== undefined ? m.done > m.due : m.due < AS_OF))
          .map((m) => (m.done ?? AS_OF) - m.due);
        const naive = lates.length === 0 ? "Green" : Math.max(...lates) <= redAfter ? "Amber" : "Red";
        expect(implementationStatus(ms, AS_OF, redAfter)).toBe(naive);
      }),
    );
  });

  test("red_after_days boundary: fixed examples at, one day under and one day over", () => {
    // One open milestone due 10 days before AS_OF: 10 days late.
    const ms = [{ due: AS_OF - 10 }];
    expect(implementationStatus(ms, AS_OF, 10)).toBe("Amber"); // exactly at red_after_days
    expect(implementationStatus(ms, AS_OF, 9)).toBe("Red");
    expect(implementationStatus(ms, AS_OF, 11)).toBe("Amber");
    expect(implementationStatus(ms, AS_OF, 0)).toBe("Red");
    // Done exactly on its due date is not late at all.
    expect(implementationStatus([{ due: AS_OF - 10, done: AS_OF - 10 }], AS_OF, 0)).toBe("Green");
  });

  test("property aimed at the red_after_days boundary: red_after_days is the latest lateness or next to it", () => {
    const milestone = fc.record(
      {
        due: fc.integer({ min: AS_OF - 40, max: AS_OF + 10 }),
        done: fc.option(fc.integer({ min: AS_OF - 50, max: AS_OF + 20 }), { nil: undefined }),
      },
      { requiredKeys: ["due"] },
    );
    const counts = { Green: 0, Amber: 0, Red: 0, atBoundary: 0 };
    fc.assert(
      fc.property(fc.array(milestone, { minLength: 1, maxLength: 8 }), fc.constantFrom(-1, 0, 1), (ms, side) => {
        const lates = ms
          .filter((m) => (m.done !== undefined ? m.done > m.due : m.due < AS_OF))
          .map((m) => (m.done ?? AS_OF) - m.due);
        const latest = lates.length ? Math.max(...lates) : 0;
        const redAfter = Math.max(0, latest + side);
        const naive = lates.length === 0 ? "Green" : latest <= redAfter ? "Amber" : "Red";
        expect(implementationStatus(ms, AS_OF, redAfter)).toBe(naive);
        counts[naive]++;
        if (lates.length && redAfter === latest) counts.atBoundary++;
      }),
      { numRuns: 600 },
    );
    expect(counts.Amber).toBeGreaterThan(100);
    expect(counts.Red).toBeGreaterThan(100);
    expect(counts.atBoundary).toBeGreaterThan(100);
  });
});

describe("assessMilestoneColumns: the range functions' columns", () => {
  /** The reference: row by row, with the blanks as IMPL_STATUS reads them (NaN or undefined). */
  function naive(dues: (number | undefined)[], dones: (number | undefined)[], asOf: number) {
    let late = 0;
    let maxDaysLate = 0;
    dues.forEach((due, i) => {
      if (due === undefined || Number.isNaN(due)) return;
      const done = dones[i];
      const d = daysLate({ due, done: done === undefined || Number.isNaN(done) ? undefined : done }, asOf);
      if (d > 0) late++;
      maxDaysLate = Math.max(maxDaysLate, d);
    });
    return { late, maxDaysLate };
  }
  const blankOr = (date: fc.Arbitrary<number>) => fc.oneof(date, fc.constant(NaN), fc.constant(undefined));

  test("property: the count and the latest equal a row-by-row reference (times of day, blanks of both kinds)", () => {
    const date = fc.double({ min: JAN1 - 20, max: AS_OF + 20, noNaN: true });
    const row = fc.tuple(
      fc.oneof({ weight: 4, arbitrary: date }, { weight: 1, arbitrary: blankOr(date) }),
      blankOr(date),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const dues = rows.map(([due]) => due);
        const dones = rows.map(([, done]) => done);
        const got = assessMilestoneColumns(dues, dones, rows.length, AS_OF);
        expect({ late: got.late, maxDaysLate: got.maxDaysLate }).toEqual(naive(dues, dones, AS_OF));
      }),
      { numRuns: 2000 },
    );
  });

  test("one value for every row (a single cell beside a range)", () => {
    expect(assessMilestoneColumns(JAN1, [JAN1 + 2, NaN, JAN1 - 1], 3, AS_OF)).toEqual({
      status: "Red",
      late: 2,
      maxDaysLate: 60,
    });
    expect(assessMilestoneColumns([JAN1, AS_OF + 1], NaN, 2, AS_OF)).toEqual({
      status: "Red",
      late: 1,
      maxDaysLate: 60,
    });
    expect(assessMilestoneColumns(NaN, JAN1, 2, AS_OF)).toEqual({ status: "Green", late: 0, maxDaysLate: 0 });
  });
});
