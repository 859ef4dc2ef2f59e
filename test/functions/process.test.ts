/**
 * GOV.STEP_LATENCY called as Excel calls it (ranges as 2-D arrays, omitted optionals as null):
 * the worked example, each statistic, `*` to the last event and end to end, the errors, the
 * metadata as the build generates it, and agreement with the steps command's own measure on
 * random logs (both run src/process).
 */
import * as path from "path";
import fc from "fast-check";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata/lib/generate";
import { compileCalendar, Calendar } from "../../src/calendar/compile";
import { logBuilder, orderLog } from "../../src/process/log";
import { measureProcess } from "../../src/process/measure";
import { readTolerances, Tolerances } from "../../src/process/tolerances";
import { zonedReading } from "../../src/tickets/zone";
import { FakeExcelError } from "../support/bundle";

(globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = { Error: FakeExcelError };
const { STEP_LATENCY } = require("../../functions/process");

const call = (...args: unknown[]) => {
  try {
    return STEP_LATENCY(...args);
  } catch (e) {
    if (e instanceof FakeExcelError) return e;
    throw e;
  }
};
const col = (...values: unknown[]) => values.map((v) => [v]);
const MON = 45355; // 2024-03-04, a Monday
const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
const OFFICE = "Mon-Fri 09:00-17:00";

describe("the worked example: opened 09:00, reassigned 10:30, resolved 12:00", () => {
  const cases = col("INC1", "INC1", "INC1", "");
  const acts = col("Opened", "Reassigned", "Resolved", "");
  const times = col(at(MON, 9), at(MON, 10, 30), at(MON, 12), null);
  const stat = (from: string, to: string, s: unknown = null) => call(cases, acts, times, from, to, s, OFFICE, null);

  test("each step, the step to the last event, and end to end", () => {
    expect(stat("Opened", "Reassigned")).toBe(1.5);
    expect(stat("reassigned", "RESOLVED")).toBe(1.5);
    expect(stat("Opened", "*")).toBe(3);
    expect(stat("*", "*")).toBe(3);
    expect(stat("*", "Resolved")).toBe(1.5);
  });

  test("each statistic; within:HOURS is the share within the tolerance", () => {
    expect(stat("Reassigned", "Resolved", "within:1")).toBe(0);
    expect(stat("Opened", "Reassigned", "within:2")).toBe(1);
    expect(stat("*", "*", "count")).toBe(1);
    for (const s of ["mean", "median", "p90", "P95", "max", ""]) expect(stat("Opened", "Reassigned", s)).toBe(1.5);
  });

  test("a weekend and a holiday are not counted", () => {
    // Friday 16:00 to Tuesday 10:00 with Monday a holiday: 1 h + 1 h.
    const fri = MON - 3;
    const r = call(col("A", "A"), col("x", "y"), col(at(fri, 16), at(MON + 1, 10)), "x", "y", null, OFFICE, col(MON));
    expect(r).toBe(2);
  });
});

describe("errors", () => {
  test("bad arguments are #VALUE! with a message; no such step is #N/A", () => {
    const r = (...args: unknown[]) => call(...args) as FakeExcelError;
    expect(r(col("A"), col("x", "y"), col(1, 2), "x", "y").message).toContain("activities");
    expect(r(col("A", "A"), col("x", "y"), col(MON, MON + 1), "x", "y", "average").message).toContain('"average"');
    expect(r(col("A", ""), col("x", "y"), col(MON, MON + 1), "x", "y").code).toBe("#VALUE!");
    expect(r(col("A", "A"), col("x", "y"), col(MON, "soon"), "x", "y").message).toContain("times");
    const none = r(col("A", "A"), col("x", "y"), col(MON, MON + 1), "y", "x");
    expect(none.code).toBe("#N/A");
    expect(none.message).toContain('no step from "y" to "x"');
    expect(call(col("A", "A"), col("x", "y"), col(MON, MON + 1), "y", "x", "count")).toBe(0);
    expect(r(col(""), col(""), col(""), "x", "y").code).toBe("#N/A");
  });
});

describe("the same code as the steps command", () => {
  const CAL = compileCalendar(OFFICE) as Calendar;
  const tol = readTolerances([
    ["Process", "From Activity", "To Activity", "Tolerance Hours", "Owner"],
    ["P", "*", "*", 20, ""],
  ]) as Tolerances;

  test("every statistic of every step equals the command's measure, on random logs", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            c: fc.constantFrom("C1", "C2", "C3"),
            a: fc.constantFrom("A", "B", "C"),
            t: fc.integer({ min: 0, max: 14 * 24 * 60 }),
          }),
          { minLength: 2, maxLength: 30 },
        ),
        (events) => {
          const times = events.map((e) => MON + e.t / 1440);
          const b = logBuilder("UTC", undefined, new Set());
          events.forEach((e, i) => b.add(i + 2, e.c, e.a, times[i], null, null));
          const read = b.finish();
          const outcome = measureProcess(read.log, orderLog(read.log, zonedReading(CAL, read.zone)), tol, {
            defaultProcess: "P",
            groups: false,
            toSerial: (ms) => ms,
          });
          const args = [col(...events.map((e) => e.c)), col(...events.map((e) => e.a)), col(...times)];
          for (const s of outcome.steps) {
            const fn = (stat: string) => call(...args, s.from, s.to, stat, OFFICE, null);
            expect(fn("mean")).toBeCloseTo(s.stats.meanHours, 9);
            expect(fn("median")).toBe(s.stats.medianHours);
            expect(fn("p90")).toBe(s.stats.p90Hours);
            expect(fn("p95")).toBe(s.stats.p95Hours);
            expect(fn("max")).toBe(s.stats.maxHours);
            expect(fn("count")).toBe(s.stats.count);
          }
          for (const p of outcome.processes) {
            expect(call(...args, "*", "*", "within:20", OFFICE, null)).toBe(p.endToEnd.stats.withinShare);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

test("the metadata names the parameters as the issue does", async () => {
  const root = path.resolve(__dirname, "..", "..");
  const result = await generateCustomFunctionsMetadata([path.join(root, "functions", "process.ts")]);
  expect(result.errors).toEqual([]);
  const [fn] = JSON.parse(result.metadataJson).functions as {
    id: string;
    parameters: { name: string; optional?: boolean }[];
  }[];
  expect(fn.id).toBe("STEP_LATENCY");
  expect(fn.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}`)).toEqual([
    "cases",
    "activities",
    "times",
    "from_activity",
    "to_activity",
    "statistic?",
    "calendar?",
    "holidays?",
  ]);
});
