/**
 * Child processes of the command-line benchmarks: a benchmark file runs itself again with
 * `--child ...` so each measured run has its own process (its own peak RSS, no warm-up from
 * another). One child runs a command in-process and reports its phases; another only parses
 * the same CSV with csv-parse and the same options, the side-by-side baseline.
 * (In bench/lib/, not bench/: scripts/bench.js runs every bench/*.ts as a benchmark.)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "csv-parse";
import { peakRssMb } from "../../test/support/peakRss";

/** Set by `runChild(..., { built: true })`: the child loads the compiled command line. */
const BUILT = "SLA_BENCH_BUILT";

/**
 * The command line's entry module, loaded when a child starts (its loading is part of the
 * child's time): the compiled JavaScript in build/ that bin/sla-governance.js runs, when the
 * parent asked for it, else the TypeScript through tsx (which costs a run of the clock about
 * 40% more CPU than what ships: esbuild's name wrappers on every closure).
 */
async function cliModule(): Promise<typeof import("../../cli/main")> {
  if (process.env[BUILT] !== "1") return import("../../cli/main");
  return import(path.join(__dirname, "..", "..", "build", "cli", "main.js")) as Promise<
    typeof import("../../cli/main")
  >;
}

/**
 * Compiles the command line into build/ (npm run build:cli), for children run `built`.
 * Cost: one tsc run (tens of seconds).
 */
export function buildCli(): void {
  const root = path.join(__dirname, "..", "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.cli.json")], {
    stdio: "inherit",
  });
}

/** What a child reports on its stdout. */
export interface ChildResult {
  readonly code: number;
  /** Seconds since the child started (module loading included, as for the baseline). */
  readonly seconds: number;
  readonly peakRssMb: number;
  /** User + system CPU seconds of the child: less sensitive than wall time to other jobs on the machine. */
  readonly cpuSeconds?: number;
  readonly records?: number;
  readonly stderr?: string;
  readonly phases?: { label: string; seconds: number }[];
  /** How the command's events reached the clock (the `eventOrder` of its --json output), when it said. */
  readonly eventOrder?: string;
}

const started = process.hrtime.bigint();
const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Child: runs the command line in-process with these arguments and prints its ChildResult. */
export async function commandChild(argv: readonly string[]): Promise<void> {
  const { boundHeapGrowth, main } = await cliModule();
  // As bin/sla-governance runs a command (cli/main.ts' run).
  boundHeapGrowth();
  let stderr = "";
  let eventOrder: string | undefined;
  const phases: { label: string; seconds: number }[] = [];
  const code = await main([...argv], {
    // Only the one field: the whole JSON of ten million events' run can be tens of MB.
    stdout: (t) => void (eventOrder ??= /"eventOrder":\s*"([^"]*)"/.exec(t)?.[1]),
    stderr: (t) => (stderr += t),
    progress: (label) => phases.push({ label, seconds: seconds() }),
    now: () => new Date(),
  });
  const r: ChildResult = {
    code,
    seconds: seconds(),
    cpuSeconds: cpu(),
    peakRssMb: peakRssMb(),
    stderr,
    phases,
    eventOrder,
  };
  process.stdout.write(JSON.stringify(r));
}

/**
 * Child: the CSV through csv-parse with the commands' options, records counted and dropped,
 * after loading the command line's modules as a command's child does (so both times include them).
 */
export async function parseChild(input: string): Promise<void> {
  await cliModule();
  let records = 0;
  const parser = parse({ bom: true, delimiter: ",", relax_column_count: true, relax_quotes: false });
  parser.on("readable", () => {
    while (parser.read() !== null) records++;
  });
  parser.on("end", () => {
    const r: ChildResult = { code: 0, seconds: seconds(), cpuSeconds: cpu(), peakRssMb: peakRssMb(), records };
    process.stdout.write(JSON.stringify(r));
  });
  fs.createReadStream(input).pipe(parser);
}

/**
 * Runs a benchmark file as a child (`--child ...args`) and returns what it reported.
 * @param built - The child loads the compiled command line (build/, see {@link buildCli}), what ships.
 */
export function runChild(file: string, args: readonly string[], { built = false } = {}): ChildResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", file, "--child", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    env: built ? { ...process.env, [BUILT]: "1" } : process.env,
  });
  return JSON.parse(out) as ChildResult;
}

/** The child's phases (its progress notes) with their durations, one line each. */
export function phaseLines(run: ChildResult): string[] {
  return (run.phases ?? []).map((p, i) => {
    const end = run.phases![i + 1]?.seconds ?? run.seconds;
    return `  ${p.label.replace(/ \S+\.(csv|xlsx) /, " ").padEnd(28)} ${(end - p.seconds).toFixed(2).padStart(6)} s`;
  });
}
