/**
 * npm run bench -- beyond: the review of 2,000 service levels x 36 periods with 200 business
 * processes (Processes, Dependencies) and 500,000 survey responses, through the command line
 * and real files:
 * 1. sla-governance experience: the 500,000 responses (CSV) into the Experience sheet;
 * 2. sla-governance review of the resulting workbook (experience, processes, reward side).
 * Goal: the two together under 10 s. Measured twice: in this process (the modules already
 * loaded), and as a user runs them, through the built command line (bin/sla-governance.js,
 * `npm run build:cli`) in a child process each, its start included (CPU read by the child).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Workbook } from "exceljs";
import { main } from "../cli/main";
import { writeWorkbook } from "../cli/xlsx";
import { CellValue } from "../src/governance/model";
import { contractSheetPlans, sampleContract } from "../src/service/sample";
import { monthsEnding } from "../src/service/period";
import { record } from "./support";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000);
const MONTHS = 36;
const PROCESSES = 200;
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 500_000);
const LAST = "2026-10";
const GOAL_SECONDS = 10;

async function run(argv: string[]): Promise<{ code: number; seconds: number; cpu: number; stderr: string }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let stderr = "";
  const code = await main(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    progress: () => undefined,
    now: () => new Date(),
  });
  const used = process.cpuUsage(cpu);
  return { code, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6, stderr };
}

const BIN = path.join(__dirname, "..", "bin", "sla-governance.js");
const BUILT = path.join(__dirname, "..", "build", "cli", "main.js");

/** Runs the built command line in a child process: its wall time, and its own CPU (user + system, read at its exit). */
function runChild(dir: string, argv: string[]): { code: number; seconds: number; cpu: number; stderr: string } {
  const preload = path.join(dir, "cpu-at-exit.js");
  const cpuFile = path.join(dir, "cpu.json");
  fs.writeFileSync(
    preload,
    'process.on("exit", () => require("fs").writeFileSync(process.env.BENCH_CPU_OUT, JSON.stringify(process.cpuUsage())));\n',
  );
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--require", preload, BIN, ...argv], {
    env: { ...process.env, BENCH_CPU_OUT: cpuFile },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = JSON.parse(fs.readFileSync(cpuFile, "utf8")) as { user: number; system: number };
  return { code: child.status ?? -1, seconds, cpu: (used.user + used.system) / 1e6, stderr: child.stderr };
}

async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-beyond-"));
  try {
    const sample = sampleContract({ lastPeriod: LAST, months: MONTHS, services: SERVICES, seed: 36 });
    const ids = sample.services.slice(1).map((r) => String(r[0]));
    const processes: CellValue[][] = [
      ["Process ID", "Process", "Owner", "Critical", "Value per Hour", "End-to-End Target Hours"],
    ];
    const dependencies: CellValue[][] = [["Process ID", "Service ID"]];
    for (let p = 0; p < PROCESSES; p++) {
      const id = `P-${String(p + 1).padStart(3, "0")}`;
      processes.push([id, `Process ${p + 1}`, "Owner", p % 5 === 0 ? "Yes" : "No", 100 * (p % 7), 48]);
      for (let k = 0; k < 10; k++) dependencies.push([id, ids[(p * 10 + k) % ids.length]]);
    }
    const input = path.join(dir, "contract.xlsx");
    const plans = contractSheetPlans(sample).filter((p) => p.name !== "Processes" && p.name !== "Dependencies");
    plans.push(
      { name: "Processes", replace: true, cells: processes },
      { name: "Dependencies", replace: true, cells: dependencies },
    );
    await writeWorkbook(new Workbook(), input, { plans });
    const survey = path.join(dir, "survey.csv");
    const months = monthsEnding(LAST, 12);
    const lines = ["Submitted,Service ID,Score,Lost Minutes"];
    for (let i = 0; i < RESPONSES; i++) {
      const m = months[i % months.length];
      const day = String((i % 28) + 1).padStart(2, "0");
      lines.push(`${m}-${day} 10:00,${ids[(i * 7919) % ids.length]},${(i * 31) % 11},${i % 4 === 0 ? "" : i % 60}`);
    }
    fs.writeFileSync(survey, lines.join("\n") + "\n");
    console.log(
      `contract: ${SERVICES} service levels x ${MONTHS} periods, ${PROCESSES} processes; survey: ${RESPONSES.toLocaleString("en-US")} responses (${(fs.statSync(survey).size / 1e6).toFixed(1)} MB)`,
    );
    const withExperience = path.join(dir, "with-experience.xlsx");
    const e = await run(["experience", survey, "--workbook", input, "-o", withExperience, "--json"]);
    if (e.code !== 0) throw new Error(`experience exited ${e.code}: ${e.stderr}`);
    const r = await run([
      "review",
      withExperience,
      "--as-of",
      "2026-11-05",
      "-o",
      path.join(dir, "reviewed.xlsx"),
      "--json",
    ]);
    if (r.code === 2) throw new Error(`review exited 2: ${r.stderr}`);
    const total = e.seconds + r.seconds;
    const cpu = e.cpu + r.cpu;
    const ok = (x: number) => (x < GOAL_SECONDS ? "ok" : "OVER GOAL");
    const load = os.loadavg()[0].toFixed(1);
    console.log(`experience (${RESPONSES} responses): ${e.seconds.toFixed(1)} s wall, ${e.cpu.toFixed(1)} s CPU`);
    console.log(`review (experience, processes, reward): ${r.seconds.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU`);
    console.log(
      `together: ${total.toFixed(1)} s wall (goal < ${GOAL_SECONDS} s: ${ok(total)}), ${cpu.toFixed(1)} s CPU (${ok(cpu)}); ` +
        `load average ${load} on ${os.cpus().length} cores`,
    );
    const figures = [
      {
        what: `experience import of ${RESPONSES} survey responses + review of ${SERVICES} service levels x ${MONTHS} periods with ${PROCESSES} processes`,
        measured: `${total.toFixed(1)} s wall (${e.seconds.toFixed(1)} + ${r.seconds.toFixed(1)}), ${cpu.toFixed(1)} s CPU, load ${load}`,
        goal: `< ${GOAL_SECONDS} s`,
      },
    ];
    if (fs.existsSync(BUILT)) {
      // As a user runs them: the built command line, one process each, its start included.
      const ce = runChild(dir, ["experience", survey, "--workbook", input, "-o", withExperience, "--force", "--json"]);
      if (ce.code !== 0) throw new Error(`experience (command line) exited ${ce.code}: ${ce.stderr}`);
      const reviewArgs = ["review", withExperience, "--as-of", "2026-11-05", "-o", path.join(dir, "r2.xlsx"), "--json"];
      const cr = runChild(dir, reviewArgs);
      if (cr.code === 2) throw new Error(`review (command line) exited 2: ${cr.stderr}`);
      const [cWall, cCpu] = [ce.seconds + cr.seconds, ce.cpu + cr.cpu];
      const childLoad = os.loadavg()[0].toFixed(1);
      console.log(
        `the same through the command line (bin/sla-governance.js, a process each, start included): ` +
          `experience ${ce.seconds.toFixed(1)} s wall, ${ce.cpu.toFixed(1)} s CPU; review ${cr.seconds.toFixed(1)} s wall, ${cr.cpu.toFixed(1)} s CPU; ` +
          `together ${cWall.toFixed(1)} s wall (${ok(cWall)}), ${cCpu.toFixed(1)} s CPU (${ok(cCpu)}); load average ${childLoad}`,
      );
      figures.push({
        what: "the same two commands through the built command line, a process each (start included)",
        measured: `${cWall.toFixed(1)} s wall (${ce.seconds.toFixed(1)} + ${cr.seconds.toFixed(1)}), ${cCpu.toFixed(1)} s CPU, load ${childLoad}`,
        goal: `< ${GOAL_SECONDS} s`,
      });
    } else console.log("the command line is not built (npm run build:cli): its run is left out.");
    record(figures);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

bench().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
