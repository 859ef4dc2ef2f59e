/**
 * The fuzz harness as part of the suite (issue 26): a seeded property run over every function
 * the bundle registers, with Excel-shaped arguments (single values and ranges, blanks as "" and
 * null, text, booleans, extreme numbers, and Excel data-type values), checking the invariants:
 * - a call returns a value or an Excel error (CustomFunctions.Error), never throws anything else;
 * - no NaN, Infinity or undefined in any result, and no "[object Object]" in any message;
 * - attainments and availability in [0, 1]; credits, penalties and elapsed hours >= 0;
 * - GOV.ELAPSED is monotone in its end.
 *
 * FUZZ_RUNS sets the runs per function (default 400, seconds in CI); `npm run fuzz`
 * runs many more. FUZZ_SEED changes the seed (default 26); a failure prints its seed and path.
 */
import fc from "fast-check";
import { FakeExcelError, loadBundle } from "../support/bundle";

const bundle = loadBundle();
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 26);

/** A plain cell as Excel passes it. */
const plainCell = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 3, arbitrary: fc.double({ min: 45000, max: 46500, noNaN: true }) }, // date-times of 2023-2027
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 3_000_000 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, 1, 1e308, -1e308, 5e-324, 1.7976931348623157e308, 60, 61, 2958465, 2958466),
  },
  { weight: 2, arbitrary: fc.constantFrom("", null) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(">=", "<=", " <= ", "Green", "a", "Red", "New", "Resolved", "On Hold", "gap", "ratio"),
  },
  { weight: 1, arbitrary: fc.constantFrom("24x7", "Mon-Fri 09:00-17:00", "Sat 24:00-08:00", "0-10", "1-5", "*") },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.boolean() },
);

/** A cell, sometimes wrapped as an Excel data-type value (the JSON shapes Excel passes). */
const cell = fc.oneof(
  { weight: 5, arbitrary: plainCell },
  {
    weight: 1,
    arbitrary: fc
      .tuple(plainCell, fc.constantFrom("Double", "FormattedNumber", "String", "Entity", "Error", "WebImage"))
      .map(([v, type]) => {
        if (type === "Entity")
          return { type, text: String(v ?? ""), basicType: "Error", basicValue: "#VALUE!", properties: {} };
        if (type === "Error") return { type, basicType: "Error", basicValue: "#N/A", errorType: "NotAvailable" };
        if (type === "WebImage")
          return { type, address: "https://example.com/x.png", basicType: "Error", basicValue: "#VALUE!" };
        if (type === "String") return { type, basicType: "String", basicValue: String(v ?? "") };
        return typeof v === "number" ? { type, basicType: "Double", basicValue: v, numberFormat: "0.00" } : v;
      }),
  },
);

/** Arguments for a function: one per parameter, a range (one shared shape, mostly) or a single value. */
function argsFor(params: ReadonlyArray<{ dimensionality?: string; optional?: boolean }>) {
  return fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 2 })).chain(([rows, cols]) =>
    fc.tuple(
      ...params.map((p) => {
        const grid = (r: number, c: number) =>
          fc.array(fc.array(cell, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });
        const options = [
          { weight: 5, arbitrary: grid(rows, cols) as fc.Arbitrary<unknown> },
          { weight: 1, arbitrary: grid(1, 1) as fc.Arbitrary<unknown> },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
              .chain(([r, c]) => grid(r, c)) as fc.Arbitrary<unknown>,
          },
        ];
        if (p.dimensionality !== "matrix") options.push({ weight: 6, arbitrary: cell as fc.Arbitrary<unknown> });
        if (p.optional) options.push({ weight: 2, arbitrary: fc.constant(null) });
        return fc.oneof(...options);
      }),
    ),
  );
}

/** Every number in a result (a value or a spill), with the errors found. */
function walk(result: unknown, visit: (n: number) => void, problems: string[]): void {
  if (Array.isArray(result)) {
    for (const row of result) {
      if (!Array.isArray(row)) problems.push(`a spill row is not an array: ${String(row)}`);
      else for (const v of row) walk(v, visit, problems);
    }
    return;
  }
  if (result instanceof FakeExcelError) {
    if (!["#VALUE!", "#N/A", "#DIV/0!", "#NUM!"].includes(result.code)) problems.push(`error code ${result.code}`);
    const m = result.message ?? "";
    if (/\[object Object\]|undefined|NaN|Infinity/.test(m)) problems.push(`message: ${m}`);
    return;
  }
  if (result === undefined) problems.push("undefined");
  else if (typeof result === "number") {
    if (!Number.isFinite(result)) problems.push(`number ${result}`);
    else visit(result);
  } else if (typeof result === "object" && result !== null) problems.push(`object ${JSON.stringify(result)}`);
}

/** Bounds every number a function returns must keep. */
const BOUNDS: Record<string, [number, number]> = {
  ATTAINMENT: [0, 1],
  AVAILABILITY: [0, 1],
  SERVICE_CREDIT: [0, Infinity],
  CREDITS_TOTAL: [0, Infinity],
  SIGMIN_PENALTY: [0, Infinity],
  EARNBACK: [0, Infinity],
  ELAPSED: [0, Infinity],
  ELAPSED_PAUSED: [0, Infinity],
  OLA_GAP: [-Infinity, Infinity],
};

describe(`seeded property run over every function (${RUNS} runs each, seed ${SEED})`, () => {
  const functions = bundle.metadata.functions;
  test("the bundle registers the functions the run covers", () => {
    expect(functions.length).toBeGreaterThanOrEqual(21);
  });

  test.each(functions.map((f) => [f.id, f] as const))("%s", (id, f) => {
    fc.assert(
      fc.property(argsFor(f.parameters), (args) => {
        let result: unknown;
        try {
          result = bundle.call(id, ...(args as unknown[]));
        } catch (e) {
          throw new Error(`${id} threw ${String(e)}`);
        }
        const problems: string[] = [];
        const [lo, hi] = BOUNDS[id] ?? [-Infinity, Infinity];
        walk(
          result,
          (n) => {
            if (n < lo || n > hi) problems.push(`${n} outside [${lo}, ${hi}]`);
          },
          problems,
        );
        if (problems.length) throw new Error(`${id}: ${problems.join("; ")}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  test("GOV.ELAPSED is monotone in its end", () => {
    const calendars = fc.constantFrom("24x7", "Mon-Fri 09:00-17:00", "Mon,Wed 08:00-12:00; Sat 10:00-11:30");
    fc.assert(
      fc.property(
        fc.double({ min: 45000, max: 46000, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        calendars,
        fc.array(fc.integer({ min: 45000, max: 46400 }), { maxLength: 5 }),
        (start, d1, d2, calendar, holidays) => {
          const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const h = holidays.length ? holidays.map((x) => [x]) : null;
          const [[e1]] = bundle.call("ELAPSED", [[start]], [[start + a]], calendar, h) as number[][];
          const [[e2]] = bundle.call("ELAPSED", [[start]], [[start + b]], calendar, h) as number[][];
          return e1 >= 0 && e1 <= e2;
        },
      ),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });
});
