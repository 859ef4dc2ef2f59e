/**
 * A command run in a child process of its own, for its peak memory (issue 26, C13): the child
 * runs the command line's TypeScript through tsx, as bin/sla-governance runs the built one, and
 * reports its exit code, its stderr and its peak resident set size (its own: see peakRss.ts).
 *
 * Run as a script (`node --import tsx test/support/measured.ts --child ARGS...`) it is the child.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { boundHeapGrowth, main } from "../../cli/main";
import { peakRssMb } from "./peakRss";

/** What a measured run reports. */
export interface MeasuredRun {
  readonly code: number;
  readonly stderr: string;
  /** Peak resident set size of the child, in MB. */
  readonly peakMb: number;
  readonly seconds: number;
}

/** Runs the command line with these arguments in a child process and returns what it reported. */
export function measuredRun(argv: readonly string[]): MeasuredRun {
  const started = Date.now();
  const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--child", ...argv], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    cwd: path.join(__dirname, "..", ".."), // where tsx is installed
  });
  const run = { ...(JSON.parse(out) as Omit<MeasuredRun, "seconds">), seconds: (Date.now() - started) / 1000 };
  // MEASURED_FIGURES=FILE collects each run's figures (for docs/performance.md), one JSON line each.
  const figures = process.env.MEASURED_FIGURES;
  if (figures) fs.appendFileSync(figures, JSON.stringify({ argv: argv.map((a) => path.basename(a)), ...run }) + "\n");
  return run;
}

async function child(argv: string[]): Promise<void> {
  boundHeapGrowth(); // as bin/sla-governance runs a command (cli/main.ts' run)
  let stderr = "";
  const code = await main(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    progress: () => undefined,
    now: () => new Date("2026-12-05T10:00:00Z"),
  });
  const peakMb = Math.round(peakRssMb());
  process.stdout.write(JSON.stringify({ code, stderr, peakMb }));
}

if (process.argv[2] === "--child") void child(process.argv.slice(3));
