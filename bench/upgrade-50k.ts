/**
 * npm run bench -- upgrade: the command line's upgrade of a 50,000-row client sheet, through
 * real files (read, upgrade, write), timed, with the peak memory of the process that did it.
 * Goals: under 30 s and under 1 GB.
 *
 * The parent generates the sheet (sampleClientSheet) and writes it to a temporary .xlsx; a
 * child process runs `sla-governance upgrade` in-process, so its peak RSS is the upgrade's
 * alone (plus Node and tsx), not the generator's.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import { record } from "./support";
import * as path from "path";
import { main } from "../cli/main";
import { writeSourceTable } from "../cli/xlsx";
import { suggestMapping } from "../src/governance/mapping";
import { sampleClientSheet } from "../src/demo/sample";
import { peakRssMb } from "../test/support/peakRss";

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const GOAL_SECONDS = 30;
const GOAL_MB = 1024;

interface ChildResult {
  readonly code: number;
  readonly seconds: number;
  readonly phases: { label: string; seconds: number; peakMbBefore: number }[];
  readonly peakRssMb: number;
  readonly stderr: string;
}

async function child(input: string, output: string): Promise<void> {
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  const phases: { label: string; seconds: number; peakMbBefore: number }[] = [];
  let stderr = "";
  const code = await main(["upgrade", input, "--org", "Contoso", "-o", output, "--json"], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    progress: (t) => phases.push({ label: t, seconds: elapsed(), peakMbBefore: peakRssMb() }),
    now: () => new Date(),
  });
  const result: ChildResult = {
    code,
    seconds: elapsed(),
    phases,
    peakRssMb: peakRssMb(),
    stderr,
  };
  process.stdout.write(JSON.stringify(result));
}

async function parent(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-"));
  try {
    const input = path.join(dir, "client.xlsx");
    const output = path.join(dir, "governed.xlsx");
    let t = Date.now();
    const table = sampleClientSheet({ initiatives: ROWS, seed: 50, defects: true });
    const m = suggestMapping(table.headers);
    await writeSourceTable(table, input, [m.due!, m.done!]);
    console.log(
      `client sheet: ${ROWS.toLocaleString("en-US")} rows x ${table.headers.length} columns, ` +
        `${(fs.statSync(input).size / 1e6).toFixed(1)} MB, generated and written in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    t = Date.now();
    const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--child", input, output], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    const r = JSON.parse(out) as ChildResult;
    if (r.code !== 0) throw new Error(`upgrade exited ${r.code}: ${r.stderr}`);
    for (const [i, p] of r.phases.entries()) {
      const end = i + 1 < r.phases.length ? r.phases[i + 1].seconds : r.seconds;
      const peak = i + 1 < r.phases.length ? r.phases[i + 1].peakMbBefore : r.peakRssMb;
      console.log(
        `  ${p.label.padEnd(44)} ${(end - p.seconds).toFixed(1).padStart(6)} s, peak RSS so far ${peak.toFixed(0)} MB`,
      );
    }
    const ok = (pass: boolean) => (pass ? "ok" : "OVER GOAL");
    console.log(
      `upgrade (read, upgrade, write): ${r.seconds.toFixed(1)} s (goal < ${GOAL_SECONDS} s: ${ok(r.seconds < GOAL_SECONDS)})`,
    );
    console.log(
      `peak RSS of the upgrade process: ${r.peakRssMb.toFixed(0)} MB (goal < ${GOAL_MB} MB: ${ok(r.peakRssMb < GOAL_MB)})`,
    );
    console.log(`output: ${(fs.statSync(output).size / 1e6).toFixed(1)} MB`);
    record([
      {
        what: `Command-line upgrade of a ${ROWS.toLocaleString("en-US")}-row client .xlsx (read, upgrade, validate, write Register, Findings and Dashboard)`,
        measured:
          `${r.seconds.toFixed(1)} s${r.seconds < GOAL_SECONDS ? "" : " (over the goal)"}, peak RSS ${r.peakRssMb.toFixed(0)} MB (` +
          r.phases
            .map(
              (p, i) =>
                `${p.label.split(" ")[0].toLowerCase()} ${((i + 1 < r.phases.length ? r.phases[i + 1].seconds : r.seconds) - p.seconds).toFixed(1)} s`,
            )
            .join("; ") +
          ")",
        goal: `under ${GOAL_SECONDS} s and ${GOAL_MB / 1024} GB`,
      },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--child");
(at >= 0 ? child(process.argv[at + 1], process.argv[at + 2]) : parent()).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
