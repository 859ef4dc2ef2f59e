/**
 * Every range function over 1,000,000-cell ranges against GOV.ATTAINMENT on the same size,
 * side by side in one run, through the shipped bundle (see support.ts), called as Excel
 * calls it: 1,000,000 x 1 ranges (1% blank where a blank is allowed), single values where
 * the function takes one. The data make every function read its whole range (no early
 * answer). Goal: each within 3x GOV.ATTAINMENT. Run: npm run bench -- ranges (or
 * RANGES_ONLY="full precision" npm run bench -- ranges for the cases so named).
 */
import * as os from "os";
import { BenchError, random, record, shippedFunctions } from "./support";

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

// Full-precision numbers, the kind =B2/C2 produces (16-17 significant digits): the exact
// decimal path cannot take them as scaled integers (issue 26, F3).
const full = (lo: number, hi: number) => () => lo + rnd() * (hi - lo);
const fullAttainments = column(full(0.9, 1), 0.01);
const fullMinimums = column(full(0.9, 1));
const fullPenalties = column(full(0, 1e5));
const fullBeating = column(full(0.96, 1));
const fullOlas = column(full(0, 10), 0.01);
const fullSavings = column(full(0, 1e5), 0.01);
// Every period reported, so a window of all 1,000,000 of them is known.
const fullSavingsAll = column(full(0, 1e5));
const fullTimes = column(full(0, 8), 0.01);
// Dates with a time of day (=NOW()-style serials).
const fullDues = column((i) => 45000 + (i % 700) + rnd());
const fullDones = column((i) => 45000 + (i % 700) + (i % 5) + rnd(), 0.3);

const get = (id: string) => fns.get(id)!;
/** Name, how many 1,000,000-cell ranges the call reads, and the call. */
const cases: [string, number, () => unknown][] = [
  ["GOV.ATTAINMENT(range, 4)", 1, () => get("ATTAINMENT")(times, [[4]], null)],
  ["GOV.ATTAINMENT(range, range)", 2, () => get("ATTAINMENT")(times, times, ">=")],
  [
    "GOV.CREDITS_TOTAL, every argument a range",
    5,
    () => get("CREDITS_TOTAL")(attainments, minimums, allocations, 1e6, null, categories, directions),
  ],
  [
    "GOV.CREDITS_TOTAL, no categories or directions",
    3,
    () => get("CREDITS_TOTAL")(attainments, minimums, allocations, 1e6, null, null, null),
  ],
  ["GOV.SIGMIN_PENALTY, with directions", 4, () => get("SIGMIN_PENALTY")(attainments, minimums, penalties, directions)],
  ["GOV.SIGMIN_PENALTY, no directions", 3, () => get("SIGMIN_PENALTY")(attainments, minimums, penalties, null)],
  ["GOV.EARNBACK", 1, () => get("EARNBACK")(2000, beating, 0.95, null)],
  ["GOV.EXPECTED_DEFAULT", 1, () => get("EXPECTED_DEFAULT")(attainments, 0.95, 3, null)],
  ["GOV.NEXT_TARGET", 1, () => get("NEXT_TARGET")(0.95, beating, 0.5, 0.1, null)],
  ["GOV.IMPL_STATUS", 2, () => get("IMPL_STATUS")(dues, dones, 45400, 14)],
  ["GOV.RUN_RATE", 1, () => get("RUN_RATE")(savings, 3, 12)],
  ["GOV.OLA_GAP", 1, () => get("OLA_GAP")(1e7, olas)],
  ["GOV.ATTAINMENT, full precision", 1, () => get("ATTAINMENT")(fullTimes, [[4]], null)],
  [
    "GOV.CREDITS_TOTAL, full precision",
    3,
    () => get("CREDITS_TOTAL")(fullAttainments, fullMinimums, allocations, 1e6, null, null, null),
  ],
  [
    "GOV.SIGMIN_PENALTY, full precision",
    3,
    () => get("SIGMIN_PENALTY")(fullAttainments, fullMinimums, fullPenalties, null),
  ],
  ["GOV.EARNBACK, full precision", 1, () => get("EARNBACK")(2000, fullBeating, 0.95, null)],
  ["GOV.EXPECTED_DEFAULT, full precision", 1, () => get("EXPECTED_DEFAULT")(fullAttainments, 0.95, 3, null)],
  ["GOV.NEXT_TARGET, full precision", 1, () => get("NEXT_TARGET")(0.95, fullBeating, 0.5, 0.1, null)],
  ["GOV.IMPL_STATUS, full precision", 2, () => get("IMPL_STATUS")(fullDues, fullDones, 45400.5, 14)],
  ["GOV.RUN_RATE, full precision", 1, () => get("RUN_RATE")(fullSavings, 3, 12)],
  ["GOV.RUN_RATE, a 900,000-period window", 1, () => get("RUN_RATE")(savings, 900_000, 12)],
  ["GOV.RUN_RATE, a 1,000,000-period window, full precision", 1, () => get("RUN_RATE")(fullSavingsAll, 1_000_000, 12)],
  ["GOV.OLA_GAP, full precision", 1, () => get("OLA_GAP")(1e7, fullOlas)],
];

// RANGES_ONLY=TEXT runs only the cases whose name contains TEXT (GOV.ATTAINMENT(range, 4), the
// reference, always runs): a partial run to check one change on a busy machine.
const only = process.env.RANGES_ONLY;
const chosen = only ? cases.filter(([name], k) => k === 0 || name.includes(only)) : cases;
cases.splice(0, cases.length, ...chosen);

// Timed in pairs, under load as much as on a quiet machine: in every round each case runs
// right after GOV.ATTAINMENT(range, 4), so both see the same machine, and its ratio is taken
// within the pair. Each call is timed on the wall clock and in CPU time (this process's
// user + system time): on a machine shared with other jobs the wall clock also counts the
// time the process waited for a core, which the CPU time does not. The figures are the
// medians over the rounds after the first (a warm-up).
const ROUNDS = 8;
interface Timing {
  readonly ms: number;
  readonly cpu: number;
}
const timed = (name: string, run: () => unknown): Timing => {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    run();
  } catch (e) {
    if (e instanceof BenchError) throw new Error(`${name} returned ${e.code} ${e.message ?? ""}`);
    throw e;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000 };
};
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const samples = cases.map(() => ({ ms: [] as number[], ratio: [] as number[], cpuRatio: [] as number[] }));
for (let round = 0; round < ROUNDS; round++) {
  cases.forEach(([name, , run], k) => {
    const reference = timed(cases[0][0], cases[0][2]);
    const t = timed(name, run);
    if (round > 0) {
      samples[k].ms.push(t.ms);
      samples[k].ratio.push(t.ms / reference.ms);
      samples[k].cpuRatio.push(t.cpu / Math.max(reference.cpu, 1e-3));
    }
  });
}
const results = cases.map(([name, ranges], k) => ({
  name,
  ranges,
  ms: median(samples[k].ms),
  ratio: median(samples[k].ratio),
  cpuRatio: median(samples[k].cpuRatio),
}));
const reference = results[0].ms;
console.log(
  `Range functions over ${CELLS.toLocaleString("en-US")}-cell ranges: median ms per call and median ratios to GOV.ATTAINMENT(range, 4) timed beside it, on the wall clock and in CPU time (${ROUNDS - 1} rounds; load average ${os.loadavg()[0].toFixed(1)})`,
);
console.log(
  `  ${"".padEnd(56)} ${"ms".padStart(8)}   ${"x ATT.".padStart(7)}   ${"CPU x".padStart(7)}   per range read`,
);
for (const r of results) {
  const perRange = r.ratio / r.ranges;
  console.log(
    `  ${r.name.padEnd(56)} ${r.ms.toFixed(1).padStart(8)}   ${r.ratio.toFixed(2).padStart(6)}x   ${r.cpuRatio.toFixed(2).padStart(6)}x   ${perRange.toFixed(2).padStart(6)}x (${r.ranges} range${r.ranges > 1 ? "s" : ""})`,
  );
}
const worst = results.slice(1).reduce((a, b) => (b.ratio > a.ratio ? b : a));
console.log(`  slowest: ${worst.name}, ${worst.ratio.toFixed(2)}x GOV.ATTAINMENT (goal <= 3x)`);
record(
  results.slice(only ? 1 : 2).map((r) => ({
    what: `\`${r.name.split(", ")[0]}\`${r.name.includes(", ") ? ", " + r.name.split(", ").slice(1).join(", ") : ""} (${r.ranges} range${r.ranges > 1 ? "s" : ""} of 1,000,000 cells)`,
    measured:
      `${r.ms.toFixed(1)} ms, ${r.ratio.toFixed(2)}x \`GOV.ATTAINMENT\` (${reference.toFixed(1)} ms; medians), ${r.cpuRatio.toFixed(2)}x in CPU time` +
      (r.ratio > 3 ? " (over the goal)" : "") +
      (r.ranges > 1 ? `; ${(r.ratio / r.ranges).toFixed(2)}x per range read` : ""),
    goal: "within 3x",
  })),
);
