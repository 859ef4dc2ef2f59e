/**
 * npm run bench -- steps: process latency per step at service-desk scale.
 *
 * 1. `sla-governance steps` on a CSV of 1,000,000 events (100,000 cases; local times in
 *    Europe/Berlin, Mon-Fri 08:00-18:00, an assignment group per event, START/END events
 *    ignored) to the output workbook, in a child process timed with its peak RSS. Goal: memory
 *    under 1 GB.
 * 2. Side by side in the same run, a child process that only parses the same CSV with the same
 *    parser (csv-parse, streamed, same options). Goal: the whole command at most 3x that.
 * 3. GOV.STEP_LATENCY in the main realm on 100,000 events (10,000 cases) in one call.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FakeExcelError } from "../test/support/bundle";
import { commandChild, parseChild, phaseLines, runChild } from "./lib/child";
import { random as seeded, record } from "./support";

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const GOAL_MB = 1024;
const GOAL_RATIO = 3;
/** Ten events a case: START, eight activities, END. */
const FLOW = [
  "START",
  "Opened",
  "Triaged",
  "Assigned",
  "In Progress",
  "Waiting",
  "In Progress",
  "Resolved",
  "Closed",
  "END",
];
const GROUPS = ["Service Desk", "Network", "Database", "Vendor A", "Vendor B"];

const pad = (n: number) => String(n).padStart(2, "0");
function local(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The event log: cases interleaved in blocks as exports list them, times local to Europe/Berlin. */
function writeLog(file: string, cases: number): number {
  const random = seeded(23);
  const fd = fs.openSync(file, "w");
  let events = 0;
  try {
    fs.writeSync(fd, "Case ID,Activity,Assignment group,Complete Timestamp,Description\r\n");
    const base = Date.UTC(2024, 0, 1, 8);
    const chunk: string[] = [];
    for (let c = 0; c < cases; c++) {
      let ms = base + Math.floor(random() * 360) * 86_400_000 + Math.floor(random() * 600) * 60_000;
      const id = `CASE${String(c).padStart(7, "0")}`;
      for (const activity of FLOW) {
        const group = GROUPS[Math.floor(random() * GROUPS.length)];
        chunk.push(`${id},${activity},${group},${local(ms)},"Case ${c}, ""step"""\r\n`);
        ms += Math.floor(random() * 8 * 3600) * 1000;
        events++;
      }
      if (chunk.length >= 10_000) fs.writeSync(fd, chunk.splice(0).join(""));
    }
    fs.writeSync(fd, chunk.join(""));
  } finally {
    fs.closeSync(fd);
  }
  return events;
}

function writeTolerances(file: string): void {
  const rows = ["Process,From Activity,To Activity,Tolerance Hours,Owner", "Incident,*,*,40,Service manager"];
  for (let i = 1; i + 2 < FLOW.length; i++) rows.push(`Incident,${FLOW[i]},${FLOW[i + 1]},${4 + i},${GROUPS[i % 5]}`);
  fs.writeFileSync(file, rows.join("\n") + "\n");
}

/** Child: the command itself, in-process. */
function childSteps(input: string, tolerances: string, output: string): Promise<void> {
  return commandChild([
    "steps",
    input,
    "--tolerances",
    tolerances,
    "--calendar",
    "Mon-Fri 08:00-18:00",
    "--tz",
    "Europe/Berlin",
    "--ignore",
    "START,END",
    "-o",
    output,
    "--json",
  ]);
}

/** GOV.STEP_LATENCY on 100,000 events in one call, as Excel passes them (three 100,000 x 1 ranges). */
function functionBench(): void {
  (globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = { Error: FakeExcelError };

  const { STEP_LATENCY } = require("../functions/process");
  const random = seeded(5);
  const cases: unknown[][] = [];
  const activities: unknown[][] = [];
  const times: unknown[][] = [];
  for (let c = 0; c < 10_000; c++) {
    let serial = 45292 + Math.floor(random() * 360) + 0.35 + random() * 0.3;
    for (const a of FLOW) {
      cases.push([`C${c}`]);
      activities.push([a]);
      times.push([serial]);
      serial += random() * 0.3;
    }
  }
  let best = Infinity;
  let value = 0;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    value = STEP_LATENCY(cases, activities, times, "Triaged", "Assigned", "p95", "Mon-Fri 08:00-18:00", null);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(
    `GOV.STEP_LATENCY (main realm), 100,000 events of 10,000 cases in one call: best of 3 ${best.toFixed(0)} ms (p95 ${value.toFixed(2)} h)`,
  );
  record([{ what: "GOV.STEP_LATENCY, 100,000 events (10,000 cases) in one call", measured: `${best.toFixed(0)} ms` }]);
}

async function parent(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-steps-"));
  try {
    const input = path.join(dir, "log.csv");
    const tolerances = path.join(dir, "tolerances.csv");
    const output = path.join(dir, "steps.xlsx");
    let t = Date.now();
    const events = writeLog(input, CASES);
    writeTolerances(tolerances);
    console.log(
      `log: ${events.toLocaleString("en-US")} events of ${CASES.toLocaleString("en-US")} cases, ` +
        `${(fs.statSync(input).size / 1e6).toFixed(1)} MB CSV, written in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    console.log(
      `load average (1, 5, 15 min) before: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} on ${os.cpus().length} cores`,
    );
    t = Date.now();
    const parsed = runChild(__filename, ["parse", input]);
    const run = runChild(__filename, ["steps", input, tolerances, output]);
    if (run.code !== 0) throw new Error(`steps exited ${run.code}: ${run.stderr}`);
    const ok = (pass: boolean) => (pass ? "ok" : "OVER GOAL");
    const ratio = run.seconds / parsed.seconds;
    console.log(
      `csv-parse alone (same file, same options): ${parsed.seconds.toFixed(2)} s, ${parsed.records!.toLocaleString("en-US")} records, peak RSS ${parsed.peakRssMb.toFixed(0)} MB`,
    );
    console.log(
      `sla-governance steps (read, measure, write): ${run.seconds.toFixed(2)} s, ` +
        `peak RSS ${run.peakRssMb.toFixed(0)} MB (goal < ${GOAL_MB} MB: ${ok(run.peakRssMb < GOAL_MB)})`,
    );
    for (const line of phaseLines(run)) console.log(line);
    console.log(`ratio to parsing alone: ${ratio.toFixed(2)}x (goal <= ${GOAL_RATIO}x: ${ok(ratio <= GOAL_RATIO)})`);
    console.log(
      `load average (1, 5, 15 min) after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}`,
    );
    console.log(`output: ${(fs.statSync(output).size / 1e6).toFixed(1)} MB`);
    record([
      {
        what: `steps: ${events.toLocaleString("en-US")} events (${CASES.toLocaleString("en-US")} cases) CSV to workbook`,
        measured: `${run.seconds.toFixed(1)} s, peak ${run.peakRssMb.toFixed(0)} MB`,
        goal: `< ${GOAL_MB} MB`,
      },
      {
        what: "steps: the whole run / csv-parse alone on the same file",
        measured: `${ratio.toFixed(2)}x (${run.seconds.toFixed(1)} s / ${parsed.seconds.toFixed(1)} s)`,
        goal: `<= ${GOAL_RATIO}x`,
      },
    ]);
    functionBench();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--child");
const job =
  at < 0
    ? parent()
    : process.argv[at + 1] === "parse"
      ? Promise.resolve(parseChild(process.argv[at + 2]))
      : childSteps(process.argv[at + 2], process.argv[at + 3], process.argv[at + 4]);
job.catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
