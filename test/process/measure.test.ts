/**
 * Process latency per step: the worked example (two groups, one case), the accountability gap
 * and a case that is not one, untoleranced steps, wildcards, and properties against the
 * definitions (step latencies add up to end to end; percentiles are monotone).
 */
import fc from "fast-check";
import { Calendar, compileCalendar } from "../../src/calendar/compile";
import { serialFromEpochMs } from "../../src/serial";
import { zonedReading, wallOf } from "../../src/tickets/zone";
import { ignoreSet, logBuilder, orderLog } from "../../src/process/log";
import { measureProcess } from "../../src/process/measure";
import { stepLatencies } from "../../src/process/steps";
import { Tolerances, isToleranceProblems, readTolerances } from "../../src/process/tolerances";
import { latencyStats, nearestRank } from "../../src/process/stats";

const OFFICE = compileCalendar("Mon-Fri 09:00-17:00") as Calendar;
const HEADER = ["Process", "From Activity", "To Activity", "Tolerance Hours", "Owner"];

function tolerances(rows: (string | number)[][]): Tolerances {
  const t = readTolerances([HEADER, ...rows]);
  if (isToleranceProblems(t)) throw new Error(JSON.stringify(t.problems));
  return t;
}

type Row = [string, string, string, string?, string?];
function run(rows: Row[], tol: Tolerances, opts: { ignore?: string[]; zone?: string; cal?: Calendar } = {}) {
  const b = logBuilder(opts.zone ?? "UTC", undefined, ignoreSet(opts.ignore ?? []));
  rows.forEach(([c, a, t, g, p], i) => b.add(i + 2, c, a, t, g ?? null, p ?? null));
  const read = b.finish();
  const reading = zonedReading(opts.cal ?? OFFICE, read.zone);
  const ordered = orderLog(read.log, reading);
  const outcome = measureProcess(read.log, ordered, tol, {
    defaultProcess: tol.processes.length === 1 ? tol.processes[0] : "",
    groups: true,
    toSerial: (ms) => serialFromEpochMs(wallOf(read.zone, ms)),
  });
  return { read, ordered, outcome };
}

describe("the worked example: Mon-Fri 09:00-17:00, one case, two groups", () => {
  // Monday 2024-03-04: opened 09:00 by G1 (tolerance 2 h), reassigned 10:30 to G2 (1 h), resolved 12:00.
  const rows: Row[] = [
    ["INC1", "Opened", "2024-03-04 09:00", "G1"],
    ["INC1", "Reassigned", "2024-03-04 10:30", "G2"],
    ["INC1", "Resolved", "2024-03-04 12:00", "G2"],
  ];
  const tol = tolerances([
    ["Incident", "Opened", "Reassigned", 2, "G1"],
    ["Incident", "Reassigned", "Resolved", 1, "G2"],
    ["Incident", "*", "*", 8, "Service desk"],
  ]);
  const { outcome } = run(rows, tol);

  test("G1 holds it 1.5 h (within 2 h), G2 1.5 h (over 1 h)", () => {
    const [g1, g2] = outcome.groups;
    expect(g1.group).toBe("G1");
    expect(g1.stats.maxHours).toBe(1.5);
    expect(g1.toleranceHours).toBe(2);
    expect(g1.stats.breaches).toBe(0);
    expect(g2.group).toBe("G2");
    expect(g2.stats.maxHours).toBe(1.5);
    expect(g2.toleranceHours).toBe(1);
    expect(g2.stats.breaches).toBe(1);
    expect(g2.stats.withinShare).toBe(0);
  });

  test("end to end is 3 h, within the 8 h target; the second step is over its tolerance", () => {
    const [c] = outcome.cases;
    expect(c).toMatchObject({
      process: "Incident",
      case: "INC1",
      events: 3,
      endToEndHours: 3,
      targetHours: 8,
      breached: false,
      worstStep: "Reassigned → Resolved",
      worstStepHours: 1.5,
      stepsOverTolerance: 1,
      untolerancedSteps: 0,
      gap: false,
    });
    expect(outcome.steps.map((s) => [s.from, s.to, s.stats.meanHours, s.stats.breaches])).toEqual([
      ["Opened", "Reassigned", 1.5, 0],
      ["Reassigned", "Resolved", 1.5, 1],
    ]);
    expect(outcome.processes[0]).toMatchObject({ process: "Incident", cases: 1, breached: 0, gap: 0, gapShare: 0 });
  });
});

describe("the accountability gap", () => {
  const tol = tolerances([
    ["Order", "Received", "Approved", 4, "Sales"],
    ["Order", "Approved", "Shipped", 4, "Warehouse"],
    ["Order", "*", "*", 6, "COO"],
  ]);
  // A: 3.5 h + 3.5 h = 7 h > 6 h target, both steps within: a gap nobody is held to.
  // B: 5 h + 2 h = 7 h > 6 h, but Received -> Approved is over its 4 h: Sales is held to it.
  // C: 1 h + 1 h, within the target: no gap.
  const { outcome } = run(
    [
      ["A", "Received", "2024-03-04 09:00"],
      ["A", "Approved", "2024-03-04 12:30"],
      ["A", "Shipped", "2024-03-04 16:00"],
      ["B", "Received", "2024-03-05 09:00"],
      ["B", "Approved", "2024-03-05 14:00"],
      ["B", "Shipped", "2024-03-05 16:00"],
      ["C", "Received", "2024-03-06 09:00"],
      ["C", "Approved", "2024-03-06 10:00"],
      ["C", "Shipped", "2024-03-06 11:00"],
    ],
    tol,
  );
  test("a case over its target with every step within is a gap; one with a breached step is not", () => {
    const byCase = Object.fromEntries(outcome.cases.map((c) => [c.case, c]));
    expect(byCase.A).toMatchObject({ endToEndHours: 7, breached: true, stepsOverTolerance: 0, gap: true });
    expect(byCase.B).toMatchObject({ endToEndHours: 7, breached: true, stepsOverTolerance: 1, gap: false });
    expect(byCase.C).toMatchObject({ endToEndHours: 2, breached: false, gap: false });
  });
  test("the process counts the gap and its share of the cases", () => {
    expect(outcome.processes).toHaveLength(1);
    expect(outcome.processes[0]).toMatchObject({ process: "Order", cases: 3, breached: 2, gap: 1, gapShare: 1 / 3 });
    expect(outcome.processes[0].endToEnd.stats).toMatchObject({ count: 3, maxHours: 7, within: 1, breaches: 2 });
  });
});

describe("tolerances", () => {
  test("an untoleranced step is measured and listed without a threshold", () => {
    const tol = tolerances([["P", "A", "B", 1, ""]]);
    const { outcome } = run(
      [
        ["1", "A", "2024-03-04 09:00"],
        ["1", "B", "2024-03-04 09:30"],
        ["1", "C", "2024-03-04 11:00"],
      ],
      tol,
    );
    const bc = outcome.steps.find((s) => s.from === "B")!;
    expect(bc.tolerance).toBeNull();
    expect(bc.stats).toMatchObject({ count: 1, maxHours: 1.5, within: null, withinShare: null, breaches: null });
    expect(outcome.cases[0]).toMatchObject({
      untolerancedSteps: 1,
      stepsOverTolerance: 0,
      targetHours: null,
      gap: null,
    });
  });

  test("the exact step wins over a wildcard, the process's row over a blank Process, any case", () => {
    const tol = tolerances([
      ["", "a", "*", 5, ""],
      ["p", "A", "b", 1, ""],
      ["", "*", "C", 3, ""],
    ]);
    const { outcome } = run(
      [
        ["1", "A", "2024-03-04 09:00", undefined, "P"],
        ["1", "B", "2024-03-04 10:00"],
        ["1", "C", "2024-03-04 11:00"],
        ["1", "A", "2024-03-04 12:00"],
        ["1", "D", "2024-03-04 13:00"],
      ],
      tol,
    );
    const hours = Object.fromEntries(outcome.steps.map((s) => [`${s.from}${s.to}`, s.tolerance?.hours ?? null]));
    expect(hours).toEqual({ AB: 1, BC: 3, CA: null, AD: 5 });
  });

  test("bad rows are refused with their row numbers", () => {
    const t = readTolerances([
      ["Tolerances of the order process"],
      HEADER,
      ["P", "", "B", 1, ""],
      ["P", "A", "B", "two", ""],
      ["P", "A", "C", -1, ""],
      ["P", "A", "D", 1, ""],
      ["p", "a", "d", 2, ""],
    ]);
    expect(isToleranceProblems(t) && t.problems.map((p) => p.row)).toEqual([3, 4, 5, 7]);
    expect(isToleranceProblems(readTolerances([["a", "b"]]))).toBe(true);
  });

  test("the worst step is the one furthest over its tolerance, else the longest", () => {
    const tol = tolerances([
      ["P", "A", "B", 8, ""],
      ["P", "B", "C", 1, ""],
    ]);
    const { outcome } = run(
      [
        ["over", "A", "2024-03-04 09:00"],
        ["over", "B", "2024-03-04 15:00"],
        ["over", "C", "2024-03-04 17:00"],
        ["within", "A", "2024-03-05 09:00"],
        ["within", "B", "2024-03-05 15:00"],
        ["within", "C", "2024-03-05 15:30"],
      ],
      tol,
    );
    expect(outcome.cases.map((c) => [c.case, c.worstStep, c.worstStepHours])).toEqual([
      ["over", "B → C", 2],
      ["within", "A → B", 6],
    ]);
  });

  test("a group that owns rows with different hours is measured, not judged", () => {
    const tol = tolerances([
      ["P", "A", "B", 1, "G"],
      ["P", "B", "C", 2, "G"],
    ]);
    const { outcome } = run(
      [
        ["1", "A", "2024-03-04 09:00", "G"],
        ["1", "B", "2024-03-04 10:00", "G"],
        ["1", "C", "2024-03-04 11:00", "G"],
      ],
      tol,
    );
    expect(outcome.groups[0]).toMatchObject({ group: "G", toleranceHours: null, conflict: [1, 2] });
    expect(outcome.groups[0].stats.maxHours).toBe(2);
  });
});

describe("steps", () => {
  test("equal times keep file order; --ignore drops START and END; one-event cases are listed, not measured", () => {
    const tol = tolerances([["P", "*", "*", 1, ""]]);
    const rows: Row[] = [
      ["1", "START", "2024-03-04 08:00"],
      ["1", "B", "2024-03-04 10:00"],
      ["1", "A", "2024-03-04 10:00"],
      ["1", "END", "2024-03-04 12:00"],
      ["2", "A", "2024-03-04 10:00"],
    ];
    const all = run(rows, tol).outcome;
    expect(all.steps.map((s) => `${s.from}${s.to}`)).toEqual(["STARTB", "BA", "AEND"]);
    expect(all.cases[0].endToEndHours).toBe(3); // 09:00 to 12:00 in office hours
    expect(all.singleEventCases).toBe(1);
    const { outcome, read } = run(rows, tol, { ignore: ["start", "End"] });
    expect(read.ignored).toBe(2);
    expect(outcome.steps.map((s) => `${s.from}${s.to}`)).toEqual(["BA"]);
    expect(outcome.cases[0].endToEndHours).toBe(0);
  });

  test("stepLatencies selects steps, steps to the last event, and end to end", () => {
    const tol = tolerances([["P", "*", "*", 1, ""]]);
    const { read, ordered } = run(
      [
        ["1", "A", "2024-03-04 09:00"],
        ["1", "B", "2024-03-04 10:00"],
        ["1", "A", "2024-03-04 12:00"],
        ["1", "C", "2024-03-04 15:00"],
        ["2", "A", "2024-03-05 09:00"],
        ["2", "B", "2024-03-05 09:30"],
      ],
      tol,
    );
    const h = (xs: number[]) => xs.map((x) => x / 3_600_000);
    expect(h(stepLatencies(read.log, ordered, "a", "B"))).toEqual([1, 0.5]);
    expect(h(stepLatencies(read.log, ordered, "A", "*"))).toEqual([6, 3, 0.5]);
    expect(h(stepLatencies(read.log, ordered, "*", "*"))).toEqual([6, 0.5]);
    expect(h(stepLatencies(read.log, ordered, "*", "C"))).toEqual([3]);
    expect(stepLatencies(read.log, ordered, "X", "B")).toEqual([]);
  });
});

describe("properties", () => {
  const MINUTE = 60_000;
  test("the step latencies of a case add up to its end-to-end latency, to the millisecond", () => {
    // Activities are named per case, so each kind of step belongs to one case and its latencies
    // (the selection GOV.STEP_LATENCY uses) can be added up case by case.
    const HOUR = 3_600_000;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            c: fc.integer({ min: 0, max: 4 }),
            a: fc.constantFrom("A", "B", "C", "D"),
            t: fc.integer({ min: 0, max: 60 * 24 * 30 }),
          }),
          { minLength: 2, maxLength: 40 },
        ),
        fc.constantFrom("Europe/Berlin", "America/New_York", "UTC"),
        (events, zone) => {
          const base = Date.UTC(2024, 2, 1);
          const rows: Row[] = events.map((e) => [
            `C${e.c}`,
            `C${e.c}:${e.a}`,
            new Date(base + e.t * MINUTE + (e.t % 7) * 1000).toISOString(),
          ]);
          const { outcome, read, ordered } = run(rows, tolerances([["P", "*", "*", 1, ""]]), { zone });
          const byCase = new Map<string, number>();
          for (const s of outcome.steps) {
            const c = s.from.slice(0, s.from.indexOf(":"));
            const total = stepLatencies(read.log, ordered, s.from, s.to).reduce((x, y) => x + y, 0);
            byCase.set(c, (byCase.get(c) ?? 0) + total);
          }
          for (const c of outcome.cases) {
            if (c.endToEndHours === null) continue;
            expect(byCase.get(c.case) ?? 0).toBe(Math.round(c.endToEndHours * HOUR));
          }
          const e2e = stepLatencies(read.log, ordered, "*", "*");
          expect(e2e.map((ms) => ms / HOUR)).toEqual(
            outcome.cases.filter((c) => c.endToEndHours !== null).map((c) => c.endToEndHours),
          );
        },
      ),
    );
  });

  test("edge cases: equal times, a zero tolerance, a window boundary, a span of years", () => {
    const tol = tolerances([
      ["P", "A", "B", 0, ""],
      ["P", "B", "C", 8, ""],
    ]);
    const { outcome } = run(
      [
        // Equal times: a 0 h step, within a 0 h tolerance.
        ["1", "A", "2024-03-04 10:00"],
        ["1", "B", "2024-03-04 10:00"],
        // 17:00 to the next Monday 09:00 is no business time; then 8 h to Tuesday 09:00.
        ["1", "C", "2024-03-04 17:00"],
        ["2", "A", "2024-03-08 17:00"],
        ["2", "B", "2024-03-11 09:00"],
        ["2", "C", "2028-03-10 09:00"],
      ],
      tol,
    );
    const step = (from: string) => outcome.steps.find((s) => s.from === from)!;
    expect(step("A").stats).toMatchObject({ count: 2, maxHours: 0, within: 2, breaches: 0 });
    expect(step("B").stats.count).toBe(2);
    // Mon 2024-03-11 09:00 to Fri 2028-03-10 09:00: 8 h for each weekday in between, counted day by day here.
    let weekdays = 0;
    for (let d = Date.UTC(2024, 2, 11); d < Date.UTC(2028, 2, 10); d += 86_400_000) {
      if (new Date(d).getUTCDay() % 6 !== 0) weekdays++;
    }
    const long = outcome.cases.find((c) => c.case === "2")!;
    expect(long.endToEndHours).toBe(8 * weekdays);
    expect(long.stepsOverTolerance).toBe(1);
    expect(outcome.cases.find((c) => c.case === "1")).toMatchObject({ endToEndHours: 7, stepsOverTolerance: 0 });
  });

  test("percentiles are monotone: median <= p90 <= p95 <= max, and nearest-rank by definition", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 200 }), (xs) => {
        const s = latencyStats(xs, null);
        expect(s.medianHours).toBeLessThanOrEqual(s.p90Hours);
        expect(s.p90Hours).toBeLessThanOrEqual(s.p95Hours);
        expect(s.p95Hours).toBeLessThanOrEqual(s.maxHours);
        const sorted = [...xs].sort((a, b) => a - b);
        for (const p of [90, 95]) {
          const v = nearestRank(sorted, p);
          // The smallest value with at least p% of the values at most it.
          const atMost = (x: number) => sorted.filter((y) => y <= x).length;
          expect(atMost(v) * 100).toBeGreaterThanOrEqual(p * sorted.length);
          const smaller = sorted.filter((y) => y < v);
          if (smaller.length) expect(atMost(smaller[smaller.length - 1]) * 100).toBeLessThan(p * sorted.length);
        }
      }),
    );
  });
});

test("docs/workbook-layout.md lists the process sheets' columns in their published order", () => {
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  const { CASE_HEADERS, GROUP_HEADERS, LATENCY_HEADERS, PROCESS_SHEETS } = require("../../src/process/plan");
  const layout = fs
    .readFileSync(path.join(__dirname, "..", "..", "docs", "workbook-layout.md"), "utf8")
    .replace(/\s+/g, " ");
  for (const [sheet, headers] of [
    [PROCESS_SHEETS.latency, LATENCY_HEADERS],
    [PROCESS_SHEETS.groups, GROUP_HEADERS],
    [PROCESS_SHEETS.cases, CASE_HEADERS],
  ] as const) {
    const at = layout.indexOf(`**${sheet}**`);
    expect(at).toBeGreaterThan(0);
    expect(layout.slice(at)).toContain((headers as readonly string[]).join(", "));
  }
});
