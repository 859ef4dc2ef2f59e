/**
 * Every range function over 1,000,000-cell ranges against GOV.ATTAINMENT on the same size,
 * side by side in one run, through the shipped bundle (see support.ts), called as Excel
 * calls it: 1,000,000 x 1 ranges (1% blank where a blank is allowed), single values where
 * the function takes one. The data make every function read its whole range (no early
 * answer). Goal: each within 3x GOV.ATTAINMENT. Run: npm run bench -- ranges
 */
import { BenchError, bestOf, random, record, shippedFunctions } from "./support";

const CELLS = 1_000_000;
const fns = shippedFunctions();
const rnd = random(15);

type Range = (number | string)[][];
/** A 1,000,000 x 1 range; `blankShare` of its cells blank. */
function column(value: (i: number) => number | string, blankShare = 0): Range {
  const out: Range = new Array(CELLS);
  for (let i = 0; i < CELLS; i++) out[i] = [blankShare > 0 && rnd() < blankShare ? "" : value(i)];
  return out;
}
const pct = (lo: number, hi: number) => () => Math.round((lo + rnd() * (hi - lo)) * 10000) / 10000;

// ATTAINMENT's range: resolution times in hours.
const times = column(() => Math.round(rnd() * 800) / 100, 0.01);
// A month sheet of 1,000,000 services (allocations of 2e-6 each fit the 250% pool).
const attainments = column(pct(0.9, 1), 0.01);
const minimums = column(pct(0.9, 1));
const allocations = column(() => 0.000002);
const categories = column((i) => (i % 2 ? 0.5 : 0.25));
const directions = column((i) => (i % 3 ? ">=" : "<="));
const penalties = column(() => Math.round(rnd() * 1e7) / 100);
const beating = column(pct(0.96, 1));
const dues = column((i) => 45000 + (i % 700));
const dones = column((i) => 45000 + (i % 700) + (i % 5), 0.3);
const olas = column(() => Math.round(rnd() * 1000) / 100, 0.01);
const savings = column(() => Math.round(rnd() * 1e7) / 100, 0.01);

const cases: [string, () => unknown][] = [
  ["GOV.ATTAINMENT(range, 4)", () => fns.get("ATTAINMENT")!(times, [[4]], null)],
  ["GOV.ATTAINMENT(range, range)", () => fns.get("ATTAINMENT")!(times, times, ">=")],
  [
    "GOV.CREDITS_TOTAL",
    () => fns.get("CREDITS_TOTAL")!(attainments, minimums, allocations, 1e6, null, categories, directions),
  ],
  ["GOV.SIGMIN_PENALTY", () => fns.get("SIGMIN_PENALTY")!(attainments, minimums, penalties, directions)],
  ["GOV.EARNBACK", () => fns.get("EARNBACK")!(2000, beating, 0.95, null)],
  ["GOV.EXPECTED_DEFAULT", () => fns.get("EXPECTED_DEFAULT")!(attainments, 0.95, 3, null)],
  ["GOV.NEXT_TARGET", () => fns.get("NEXT_TARGET")!(0.95, beating, 0.5, 0.1, null)],
  ["GOV.IMPL_STATUS", () => fns.get("IMPL_STATUS")!(dues, dones, 45400, 14)],
  ["GOV.RUN_RATE", () => fns.get("RUN_RATE")!(savings, 3, 12)],
  ["GOV.OLA_GAP", () => fns.get("OLA_GAP")!(1e7, olas)],
];

const results = cases.map(([name, run]) => {
  const r = bestOf(5, () => {
    try {
      return run();
    } catch (e) {
      if (e instanceof BenchError) throw new Error(`${name} returned ${e.code} ${e.message ?? ""}`);
      throw e;
    }
  });
  return { name, ms: r.ns / 1e6, value: r.value };
});
const reference = results[0].ms;
console.log(`Range functions over ${CELLS.toLocaleString("en-US")}-cell ranges, ms per call (best of 5)`);
for (const r of results) {
  const ratio = r.ms / reference;
  console.log(`  ${r.name.padEnd(32)} ${r.ms.toFixed(1).padStart(8)}   ${ratio.toFixed(2).padStart(6)}x ATTAINMENT`);
}
const worst = results.slice(1).reduce((a, b) => (b.ms > a.ms ? b : a));
console.log(`  slowest: ${worst.name}, ${(worst.ms / reference).toFixed(2)}x GOV.ATTAINMENT (goal <= 3x)`);
record(
  results.slice(1).map((r) => ({
    what: `\`${r.name.replace(/\(.*$/, "")}\` over 1,000,000-cell ranges${r.name.includes("(") ? " (a range of targets)" : ""}`,
    measured: `${r.ms.toFixed(1)} ms, ${(r.ms / reference).toFixed(2)}x \`GOV.ATTAINMENT\` (${reference.toFixed(1)} ms)`,
    goal: "within 3x",
  })),
);
