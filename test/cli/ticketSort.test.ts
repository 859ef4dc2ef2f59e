/**
 * The ticket clock in bounded memory: the external sort (runs spilled to disk and merged) gives
 * exactly the in-memory run's figures on shuffled exports, and its temporary files are gone
 * after a success, an error and Ctrl+C (SIGINT).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "../../cli/args";
import { Io } from "../../cli/commands";
import { measureExport } from "../../cli/tickets";
import { eventSort, rowStore } from "../../cli/ticketSort";
import { isFailure } from "../../src/errors";
import { historyBuilder, MeasureOptions } from "../../src/tickets/measure";
import { CLI_SETTING_NAMES, measureOptions } from "../../src/tickets/options";
import { groupTimePlan, ticketsPlan } from "../../src/tickets/plan";
import { cli, tempDir } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const quietIo: Io = {
  stdout: () => undefined,
  stderr: () => undefined,
  progress: () => undefined,
  now: () => new Date(),
};

/** A small seeded generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES = ["New", "Assigned", "In Progress", "On Hold", "Resolved", "Closed"];
const pad = (n: number) => String(n).padStart(2, "0");

/** A shuffled export (or grouped by ticket, one in three): tickets interleaved, priorities and groups changing, equal times, blank cells, a bad row. */
function shuffledExport(seed: number): { csv: string; rows: string[][] } {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const rows: string[][] = [];
  const tickets = 1 + Math.floor(random() * 25);
  for (let t = 0; t < tickets; t++) {
    // At least two events a ticket, one of them New: an event history, never refused as one row per ticket.
    const events = 2 + Math.floor(random() * 8);
    for (let e = 0; e < events; e++) {
      const minute = Math.floor(random() * 6) * 30 + Math.floor(random() * 10 * 1440);
      const d = new Date(Date.UTC(2024, 2, 4) + minute * 60_000);
      const time = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      const state = e === 0 ? "New" : pick(STATES);
      rows.push([`INC${t}`, state, time, pick(["P1", "P2", "P3", ""]), pick(["G1", "G2", "Network", ""])]);
    }
  }
  if (random() < 0.5) rows.push(["", "New", "2024-03-05 10:00", "P1", "G1"]); // rejected: blank ticket
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  // Every third export grouped by ticket (as ServiceNow writes a history): runs already in order.
  if (seed % 3 === 0) rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const csv = ["number,state,updated,priority,assignment_group", ...rows.map((r) => r.join(","))].join("\n") + "\n";
  return { csv, rows };
}

const ARGV = [
  "--start",
  "New",
  "--pause",
  "On Hold",
  "--stop",
  "Resolved,Closed",
  "--targets",
  "P1=4,P2=8,P3=24",
  "--calendar",
  "Mon-Fri 09:00-17:00",
  "--tz",
  "Europe/Berlin",
  "--group",
  "assignment_group",
  "--ola-targets",
  "G1=2,Network=4",
  "--response-states",
  "Assigned,In Progress",
  "--response-targets",
  "P1=1,P2=2",
  "--as-of",
  "2024-03-10 12:00",
];

function optionsOf(): MeasureOptions {
  const o = measureOptions(
    {
      start: "New",
      pause: "On Hold",
      stop: "Resolved,Closed",
      targets: "P1=4,P2=8,P3=24",
      calendar: "Mon-Fri 09:00-17:00",
      tz: "Europe/Berlin",
      olaTargets: "G1=2,Network=4",
      responseStates: "Assigned,In Progress",
      responseTargets: "P1=1,P2=2",
      asOf: "2024-03-10 12:00",
    },
    CLI_SETTING_NAMES,
  );
  if (isFailure(o)) throw new Error(o.message);
  return o;
}

describe("the external sort", () => {
  test("gives exactly the in-memory run's rows, groups, results and counts on shuffled exports, whatever the run size", async () => {
    const options = optionsOf();
    for (let seed = 1; seed <= 40; seed++) {
      const { csv, rows } = shuffledExport(seed);
      const file = path.join(dir, `shuffled-${seed}.csv`);
      fs.writeFileSync(file, csv);
      const work = path.join(dir, `work-${seed}`);
      fs.mkdirSync(work);
      const runEvents = 1 + (seed % 7);
      const args = parseArgs(["tickets", file, ...ARGV, "-o", path.join(dir, "x.xlsx")]);
      const streamed = await measureExport(args, quietIo, file, "csv", options, work, runEvents);

      const b = historyBuilder(options);
      rows.forEach((r, i) => b.add(i + 2, r[0], r[2], r[1], r[3], r[4]));
      const memory = b.finish();

      expect([...streamed.ticketRows()]).toEqual(ticketsPlan(memory.tickets, memory.breachingSoon).cells.slice(1));
      expect([...streamed.groupCells()]).toEqual(groupTimePlan(memory.groups).cells.slice(1));
      expect({
        results: streamed.results,
        responseResults: streamed.responseResults,
        running: streamed.running,
        untargeted: streamed.untargeted,
        events: streamed.events,
        tickets: streamed.tickets,
        rejected: streamed.rejected,
      }).toEqual({
        results: memory.results,
        responseResults: memory.responseResults,
        running: memory.running,
        untargeted: memory.untargeted,
        events: memory.events,
        tickets: memory.tickets.length,
        rejected: memory.rejected,
      });
      // Small runs really spilled: more events than one run means files were written.
      if (streamed.events > runEvents) expect(fs.readdirSync(work).some((f) => f.startsWith("run-"))).toBe(true);
    }
  });

  test("the merge keeps each ticket's events in push order across runs; rows round-trip through their file exactly", () => {
    const work = path.join(dir, "merge");
    fs.mkdirSync(work);
    const sort = eventSort(work, 3);
    const pushed: [number, number][] = [
      [2, 1],
      [0, 2],
      [2, 3],
      [1, 4],
      [0, 5],
      [2, 6],
      [0, 7],
    ];
    for (const [ticket, row] of pushed) sort.push(ticket, row, row * 1000, row % 2 === 0, 1, -1, -1);
    expect(sort.runs).toBe(2);
    // A batch is valid until the next one: read it inside the loop.
    const got: [number, number[]][] = [];
    for (const b of sort.tickets()) got.push([b.ticket, Array.from(b.rows.subarray(0, b.n))]);
    expect(got).toEqual([
      [0, [2, 5, 7]],
      [1, [4]],
      [2, [1, 3, 6]],
    ]);
    const store = rowStore(work, "rows", 1);
    const lines = [
      ["é\u00e9", 0.1 + 0.2, true, null],
      ['a "quoted"\nline', 1e-300, false, null],
    ];
    for (const l of lines) store.push(l);
    expect([...store.rows()]).toEqual(lines);
  });
});

describe("temporary files are removed", () => {
  const big = (events: number) => {
    const lines = ["number,state,updated,priority"];
    for (let i = 0; i < events; i++) {
      lines.push(`INC${i % 997},${i % 3 === 0 ? "New" : "In Progress"},2024-03-${pad(4 + (i % 20))} 10:00,P1`);
    }
    return lines.join("\n") + "\n";
  };
  const leftovers = (tmp: string) => fs.readdirSync(tmp).filter((f) => f.startsWith("sla-tickets-"));
  const withEnv = async <T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      return await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };

  test("after a success and after an error (a CSV broken after the runs were spilled)", async () => {
    const tmp = path.join(dir, "tmp-ok");
    fs.mkdirSync(tmp);
    const file = path.join(dir, "big.csv");
    fs.writeFileSync(file, big(5000));
    const ok = await withEnv({ TMPDIR: tmp, SLA_GOVERNANCE_RUN_EVENTS: "500" }, () =>
      cli(
        "tickets",
        file,
        "--start",
        "New",
        "--pause=",
        "--stop",
        "Resolved",
        "--targets",
        "P1=4",
        "-o",
        path.join(dir, "big.xlsx"),
      ),
    );
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(leftovers(tmp)).toEqual([]);

    const broken = path.join(dir, "broken.csv");
    fs.writeFileSync(broken, big(5000) + 'INC1,New,"2024-03-04 10:00,P1\n');
    const bad = await withEnv({ TMPDIR: tmp, SLA_GOVERNANCE_RUN_EVENTS: "500" }, () =>
      cli(
        "tickets",
        broken,
        "--start",
        "New",
        "--pause=",
        "--stop",
        "Resolved",
        "--targets",
        "P1=4",
        "-o",
        path.join(dir, "broken.xlsx"),
      ),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sla-governance: /);
    expect(leftovers(tmp)).toEqual([]);
    expect(fs.existsSync(path.join(dir, "broken.xlsx"))).toBe(false);
  });

  test("after Ctrl+C (SIGINT) in the middle of a run", async () => {
    const tmp = path.join(dir, "tmp-int");
    fs.mkdirSync(tmp);
    const file = path.join(dir, "huge.csv");
    fs.writeFileSync(file, big(400_000));
    const entry = path.join(dir, "entry.ts");
    fs.writeFileSync(
      entry,
      `import { run } from ${JSON.stringify(path.resolve(__dirname, "../../cli/main"))};\nrun();\n`,
    );
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        entry,
        "tickets",
        file,
        "--start",
        "New",
        "--pause=",
        "--stop",
        "Resolved",
        "--targets",
        "P1=4",
        "-o",
        path.join(dir, "huge.xlsx"),
      ],
      { env: { ...process.env, TMPDIR: tmp, SLA_GOVERNANCE_RUN_EVENTS: "2000" }, stdio: "ignore" },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    // Wait until the run has spilled to its temporary folder, then interrupt it.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const dirs = leftovers(tmp);
      if (dirs.length && fs.readdirSync(path.join(tmp, dirs[0])).some((f) => f.startsWith("run-"))) break;
      if (Date.now() > deadline) throw new Error("the run never spilled");
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGINT");
    const { code } = await exited;
    expect(code).toBe(130);
    expect(leftovers(tmp)).toEqual([]);
    expect(fs.existsSync(path.join(dir, "huge.xlsx"))).toBe(false);
  }, 180_000);
});
