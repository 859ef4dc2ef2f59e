/**
 * npm run bench -- review: the monthly service review of 2,000 service levels x 36 periods
 * (72,000 results).
 * 1. Through the command line and real files (read, review, write), in a child process whose
 *    peak RSS is measured. Goals: under 10 s and under 1 GB.
 * 2. The core's review (reviewPeriod on the read workbook) against a plain loop calling the
 *    library's credit functions on the same data (serviceCredit, sigminPenalty,
 *    expectedDefault and nextTarget per service level over its window, then creditsTotal and
 *    sigminPenalty over the month). Goal: at most 3x the loop.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Workbook } from "exceljs";
import { main } from "../cli/main";
import { writeWorkbook } from "../cli/xlsx";
import { isFailure, isRefusal } from "../src/errors";
import { CellValue } from "../src/governance/model";
import { contractSheetPlans, sampleContract } from "../src/service/sample";
import { readServiceWorkbook } from "../src/service/read";
import { atRiskAmount, reviewPeriod } from "../src/service/review";
import { monthsEnding } from "../src/service/period";
import { ServiceWorkbook } from "../src/service/model";
import { serviceCredit } from "../src/credits/serviceCredit";
import { creditSheet, creditsTotal, CreditRow } from "../src/credits/creditsTotal";
import { penaltySheet, sigminPenalty, PenaltyRow } from "../src/credits/sigminPenalty";
import { expectedDefault } from "../src/credits/expectedDefault";
import { nextTarget } from "../src/credits/nextTarget";
import { toNumber } from "../src/money";
import { serialFromIso } from "../src/serial";
import { record } from "./support";
import { peakRssMb } from "../test/support/peakRss";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000);
const MONTHS = 36;
const LAST = "2026-10";
const AS_OF = "2026-11-05";
const GOAL_SECONDS = 10;
const GOAL_MB = 1024;
const GOAL_RATIO = 3;

async function child(input: string, output: string): Promise<void> {
  const start = process.hrtime.bigint();
  let stderr = "";
  const code = await main(["review", input, "--as-of", AS_OF, "-o", output, "--json"], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    progress: () => undefined,
    now: () => new Date(),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ code, seconds, peakRssMb: peakRssMb(), stderr }));
}

/** The plain loop: the library's credit functions on the same data, nothing else. */
function plainLoop(book: ServiceWorkbook, period: string): number {
  const c = book.contract;
  const atRisk = toNumber(atRiskAmount(c));
  const window = monthsEnding(period, c.expectedWindow);
  const creditRows: CreditRow[] = [];
  const penaltyRows: PenaltyRow[] = [];
  let checksum = 0;
  for (const s of book.services) {
    const byPeriod = book.results.get(s.id);
    const result = byPeriod?.get(period);
    if (result !== undefined && s.minimum !== undefined) {
      const line = {
        attainment: result,
        minimum: s.minimum,
        allocationPct: s.allocationPct ?? 0,
        direction: s.direction,
      };
      const credit = serviceCredit(line, atRisk);
      if (!isFailure(credit)) checksum += toNumber(credit);
      creditRows.push(line);
    }
    if (result !== undefined && s.significantMinimum !== undefined) {
      const row = {
        attainment: result,
        significantMinimum: s.significantMinimum,
        penalty: s.sigminPenalty ?? 0,
        direction: s.direction,
      };
      penaltyRows.push(row);
      const owed = sigminPenalty(penaltySheet([row]));
      if (!isFailure(owed)) checksum += toNumber(owed);
    }
    if (s.expected !== undefined && byPeriod) {
      const values = window.map((p) => byPeriod.get(p));
      if (expectedDefault(values, s.expected, c.expectedMissesAllowed, s.direction) === true) checksum++;
      const t = nextTarget(s.expected, values, { direction: s.direction });
      if (typeof t === "number") checksum += t;
    }
  }
  const total = creditsTotal(creditSheet(creditRows), atRisk, { poolPct: c.poolPct });
  const sigmin = sigminPenalty(penaltySheet(penaltyRows));
  return checksum + (isFailure(total) ? 0 : toNumber(total)) + (isFailure(sigmin) ? 0 : toNumber(sigmin));
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeIt(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

async function parent(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-review-"));
  try {
    let t = Date.now();
    const sample = sampleContract({ lastPeriod: LAST, months: MONTHS, services: SERVICES, seed: 36 });
    const input = path.join(dir, "contract.xlsx");
    const output = path.join(dir, "reviewed.xlsx");
    await writeWorkbook(new Workbook(), input, { plans: contractSheetPlans(sample) });
    console.log(
      `contract: ${SERVICES.toLocaleString("en-US")} service levels x ${MONTHS} periods ` +
        `(${(sample.results.length - 1).toLocaleString("en-US")} results), ${(fs.statSync(input).size / 1e6).toFixed(1)} MB, ` +
        `generated and written in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

    // 2. The core against the plain loop, on the same read data.
    const grids = new Map<string, CellValue[][]>([
      ["Services", sample.services],
      ["Contract", sample.contract],
      ["Results", sample.results],
    ]);
    t = Date.now();
    const book = readServiceWorkbook((n) => grids.get(n));
    if (isRefusal(book)) throw new Error(book.reasons.join(" "));
    const readMs = Date.now() - t;
    const asOf = serialFromIso(AS_OF)!;
    for (let i = 0; i < 3; i++) {
      reviewPeriod(book, LAST, asOf);
      plainLoop(book, LAST);
    }
    // Interleaved, so a busy moment of the shared machine weighs on both alike.
    const core: number[] = [];
    const loop: number[] = [];
    for (let i = 0; i < 15; i++) {
      core.push(timeIt(() => reviewPeriod(book, LAST, asOf), 1));
      loop.push(timeIt(() => plainLoop(book, LAST), 1));
    }
    const coreMs = median(core);
    const loopMs = median(loop);
    const ok = (pass: boolean) => (pass ? "ok" : "OVER GOAL");
    const ratio = coreMs / loopMs;
    console.log(`read the sheets into plain data (core): ${readMs} ms`);
    console.log(
      `core review ${coreMs.toFixed(1)} ms vs plain loop of the credit functions ${loopMs.toFixed(1)} ms: ` +
        `${ratio.toFixed(2)}x (goal <= ${GOAL_RATIO}x: ${ok(ratio <= GOAL_RATIO)})`,
    );

    // 1. The command line through files, in its own process.
    const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--child", input, output], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    const r = JSON.parse(out) as { code: number; seconds: number; peakRssMb: number; stderr: string };
    if (r.code === 2) throw new Error(`review exited 2: ${r.stderr}`);
    console.log(
      `review through the CLI (read, review, write; exit ${r.code}): ${r.seconds.toFixed(1)} s (goal < ${GOAL_SECONDS} s: ${ok(r.seconds < GOAL_SECONDS)})`,
    );
    console.log(
      `peak RSS of the review process: ${r.peakRssMb.toFixed(0)} MB (goal < ${GOAL_MB} MB: ${ok(r.peakRssMb < GOAL_MB)})`,
    );
    record([
      {
        what: `review of ${SERVICES} service levels x ${MONTHS} periods through the CLI`,
        measured: `${r.seconds.toFixed(1)} s`,
        goal: `< ${GOAL_SECONDS} s`,
      },
      { what: "peak RSS of that review", measured: `${r.peakRssMb.toFixed(0)} MB`, goal: `< ${GOAL_MB} MB` },
      {
        what: "core review / plain loop of the credit functions",
        measured: `${ratio.toFixed(2)}x`,
        goal: `<= ${GOAL_RATIO}x`,
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
