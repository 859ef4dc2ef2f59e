/**
 * GOV.ELAPSED over 200,000 start/end pairs (Mon-Fri 08:00-18:00, 10 holidays, spans up to
 * 20 days), side by side in one run with moment-business-time's workingDiff and with a floor
 * loop that only subtracts. Run: npm run bench -- elapsed
 *
 * GOV.ELAPSED is the shipped code (see support.ts), called exactly as Excel calls it:
 * 200,000 x 1 ranges of serials in, a 200,000 x 1 spill out, the calendar text parsed and
 * compiled inside the call. The floor loop reads the same ranges and writes the same shape.
 * moment-business-time is far slower, so it runs on the first 2,000 pairs and its time is
 * given per pair; its answers are checked against ours on those pairs.
 */
import moment from "moment";
import "moment-business-time";
import { bestOf, random, record, shippedFunctions } from "./support";

const ELAPSED = shippedFunctions().get("ELAPSED") as (
  start: number[][],
  end: number[][],
  calendar: string,
  holidays: number[][],
) => number[][];

const PAIRS = 200_000;
const MOMENT_PAIRS = 2_000;
const CALENDAR = "Mon-Fri 08:00-18:00";
const DAY_MS = 86_400_000;
const EPOCH = 25569; // serial of 1970-01-01

const rnd = random(20240105);
const firstDay = 45292; // 2024-01-01
const holidays = [45292, 45387, 45390, 45413, 45428, 45439, 45527, 45651, 45652, 45601]; // 10 days of 2024
const starts: number[][] = [];
const ends: number[][] = [];
for (let i = 0; i < PAIRS; i++) {
  // Whole minutes, so moment (millisecond precision) and the serials describe the same instants.
  const s = firstDay + Math.floor(rnd() * 340 * 1440) / 1440;
  starts.push([s]);
  ends.push([s + Math.floor(rnd() * 20 * 1440) / 1440]);
}

const holidayRange = holidays.map((h) => [h]);
let sink = 0;
const govNs =
  bestOf(7, () => {
    const out = ELAPSED(starts, ends, CALENDAR, holidayRange);
    sink += out[PAIRS - 1][0];
  }).ns / PAIRS;

const floorNs =
  bestOf(7, () => {
    const out: number[][] = new Array(PAIRS);
    for (let i = 0; i < PAIRS; i++) out[i] = [ends[i][0] - starts[i][0]];
    sink += out[PAIRS - 1][0];
  }).ns / PAIRS;

const iso = (serial: number) => new Date(Math.round((serial - EPOCH) * DAY_MS)).toISOString().slice(0, 10);
moment.updateLocale("en", {
  workinghours: {
    0: null,
    1: ["08:00:00", "18:00:00"],
    2: ["08:00:00", "18:00:00"],
    3: ["08:00:00", "18:00:00"],
    4: ["08:00:00", "18:00:00"],
    5: ["08:00:00", "18:00:00"],
    6: null,
  },
  holidays: holidays.map(iso),
} as moment.LocaleSpecification);
const toMoment = (serial: number) => moment.utc(Math.round((serial - EPOCH) * DAY_MS));
const mStarts = starts.slice(0, MOMENT_PAIRS).map((r) => toMoment(r[0]));
const mEnds = ends.slice(0, MOMENT_PAIRS).map((r) => toMoment(r[0]));
const mOut = new Array<number>(MOMENT_PAIRS);
const momentNs =
  bestOf(2, () => {
    for (let i = 0; i < MOMENT_PAIRS; i++) mOut[i] = mEnds[i].workingDiff(mStarts[i], "hours", true);
  }).ns / MOMENT_PAIRS;

// The comparison is only fair if both compute the same thing.
const ours = ELAPSED(starts.slice(0, MOMENT_PAIRS), ends.slice(0, MOMENT_PAIRS), CALENDAR, holidayRange);
let worst = 0;
for (let i = 0; i < MOMENT_PAIRS; i++) worst = Math.max(worst, Math.abs((ours[i][0] as number) - mOut[i]));

const f = (ns: number) => ns.toFixed(1).padStart(10);
console.log(
  `GOV.ELAPSED, ${PAIRS} pairs, "${CALENDAR}", ${holidays.length} holidays, spans up to 20 days (ns per pair)`,
);
console.log(`  GOV.ELAPSED (Excel-shaped ranges)   ${f(govNs)}`);
console.log(`  moment-business-time workingDiff    ${f(momentNs)}   (first ${MOMENT_PAIRS} pairs)`);
console.log(`  floor loop (subtract only)          ${f(floorNs)}`);
console.log(`  moment-business-time / GOV.ELAPSED  ${(momentNs / govNs).toFixed(0).padStart(10)}x   goal >= 500x`);
console.log(`  GOV.ELAPSED / floor loop            ${(govNs / floorNs).toFixed(2).padStart(10)}x   goal <= 10x`);
console.log(`  largest difference from moment-business-time on its pairs: ${worst.toExponential(1)} hours`);
record([
  {
    what: `\`GOV.ELAPSED\`, ${PAIRS.toLocaleString("en-US")} pairs, ${CALENDAR}, ${holidays.length} holidays, spans up to 20 days, through the shipped bundle`,
    measured: `${govNs.toFixed(0)} ns per pair`,
    goal: "",
  },
  {
    what: "... against moment-business-time `workingDiff`",
    measured: `${(momentNs / govNs).toFixed(0)}x faster (${momentNs.toLocaleString("en-US", { maximumFractionDigits: 0 })} ns per pair)`,
    goal: "at least 500x",
  },
  {
    what: "... against a floor loop that only subtracts",
    measured: `${(govNs / floorNs).toFixed(1)}x the floor (${floorNs.toFixed(1)} ns)`,
    goal: "within 10x",
  },
]);
if (sink === 42) console.log("");
