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
import { measureExport, SheetRows } from "../../cli/tickets";
import { openWorkbook } from "../../cli/xlsx";
import { eventSort, rowStore, sortedRowStore } from "../../cli/ticketSort";
import { isFailure } from "../../src/errors";
import { historyBuilder, MeasureOptions } from "../../src/tickets/measure";
import { CLI_SETTING_NAMES, measureOptions } from "../../src/tickets/options";
import { groupTimePlan, ticketsPlan } from "../../src/tickets/plan";
import { cli, tempDir, CLOCK_P1 } from "./helpers";

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
      // Over 40 days from 4 March: across the spring-forward night of 31 March in Europe/Berlin.
      const minute = Math.floor(random() * 6) * 30 + Math.floor(random() * 40 * 1440);
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

/** Whether an export lists each ticket's rows together, and the most rows a ticket has (blank tickets aside). */
function ticketOrder(rows: readonly string[][]): { grouped: boolean; most: number } {
  const done = new Set<string>();
  const counts = new Map<string, number>();
  let current: string | undefined;
  let grouped = true;
  for (const [ticket] of rows) {
    if (ticket === "") continue;
    counts.set(ticket, (counts.get(ticket) ?? 0) + 1);
    if (ticket === current) continue;
    if (done.has(ticket)) grouped = false;
    if (current !== undefined) done.add(current);
    current = ticket;
  }
  return { grouped, most: Math.max(0, ...counts.values()) };
}

/** A run's kept rows of a sheet (a run given no output styles keeps them). */
function rowsOf(sheet: SheetRows) {
  if (!("rows" in sheet)) throw new Error("the rows were written as they were measured");
  return sheet.rows();
}

/** Runs `fn` with these environment variables set, then puts them back. */
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

describe("the external sort", () => {
  test("gives exactly the in-memory run's rows, groups, results and counts on shuffled exports, whatever the run size", async () => {
    const options = optionsOf();
    const seenOrders = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { csv, rows } = shuffledExport(seed);
      const file = path.join(dir, `shuffled-${seed}.csv`);
      fs.writeFileSync(file, csv);
      const work = path.join(dir, `work-${seed}`);
      fs.mkdirSync(work);
      // Buffers of 1 to 7 events (10 to 14 for the exports listed by ticket, whose tickets have up
      // to 9 events), and one of 1,000 that holds a whole export.
      const runEvents = seed === 40 ? 1_000 : seed % 3 === 0 ? 10 + (seed % 5) : 1 + (seed % 7);
      const args = parseArgs(["tickets", file, ...ARGV, "-o", path.join(dir, "x.xlsx")]);
      const streamed = await measureExport(args, quietIo, file, "csv", options, work, runEvents);

      const b = historyBuilder(options);
      rows.forEach((r, i) => b.add(i + 2, r[0], r[2], r[1], r[3], r[4]));
      const memory = b.finish();

      // Without the output's styles the rows are kept, to be written after (as with --as-of).
      expect([...rowsOf(streamed.ticketSheet)]).toEqual(
        ticketsPlan(memory.tickets, memory.breachingSoon).cells.slice(1),
      );
      expect([...rowsOf(streamed.groupSheet)]).toEqual(groupTimePlan(memory.groups).cells.slice(1));
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
      // More events than one buffer: an export listed by ticket is measured as read (nothing on
      // disk) unless a ticket outgrows the buffer; any other is sorted on disk (after reading
      // again when its first buffer looked grouped).
      const order = ticketOrder(rows);
      const runs = fs.readdirSync(work, { recursive: true }).some((f) => path.basename(String(f)).startsWith("run-"));
      if (streamed.events <= runEvents) expect(streamed.eventOrder).toBe("in memory");
      else if (order.grouped && order.most < runEvents) expect([streamed.eventOrder, runs]).toEqual(["grouped", false]);
      else expect([streamed.eventOrder, runs]).toEqual(["sorted", true]);
      seenOrders.add(streamed.eventOrder + (streamed.regrouped === null ? "" : " after reading again"));
    }
    // Every path was taken: in memory, grouped, sorted, and sorted after a grouped start.
    expect([...seenOrders].sort()).toEqual(["grouped", "in memory", "sorted", "sorted after reading again"]);
  });

  test("drain hands over the buffer's tickets but the one still being read, which stays for more", () => {
    const work = path.join(dir, "drain");
    fs.mkdirSync(work);
    let drained: [string, number, number[]][] = [];
    const sort = eventSort(work, 4, () => {
      for (const b of sort.drain(true)) drained.push([b.key, b.first, Array.from(b.rows.subarray(0, b.n))]);
      return true;
    });
    // Tickets A and C interleave within the buffer; B is the one still being read when it fills.
    for (const [ticket, row] of [
      ["A", 2],
      ["C", 3],
      ["A", 4],
      ["B", 5],
    ] as const)
      sort.push(ticket, row, row, false, 1, -1, -1, 0);
    expect(sort.buffered).toBe(4);
    sort.push("B", 6, 6, false, 1, -1, -1, 0);
    expect(drained).toEqual([
      ["A", 0, [2, 4]],
      ["C", 1, [3]],
    ]);
    expect([sort.buffered, sort.runs]).toEqual([2, 0]);
    drained = [];
    sort.push("D", 7, 7, false, 1, -1, -1, 0);
    for (const b of sort.drain(false)) drained.push([b.key, b.first, Array.from(b.rows.subarray(0, b.n))]);
    expect(drained).toEqual([
      ["B", 3, [5, 6]],
      ["D", 5, [7]],
    ]);
    expect(sort.buffered).toBe(0);
  });

  test("the merge keeps each ticket's events in push order across runs, in key order with each one's first place", () => {
    const work = path.join(dir, "merge");
    fs.mkdirSync(work);
    const sort = eventSort(work, 3);
    const pushed: [string, number][] = [
      ["T2", 1],
      ["T0", 2],
      ["T2", 3],
      ['t\u00e9\n"1"', 4],
      ["T0", 5],
      ["T2", 6],
      ["T0", 7],
    ];
    for (const [ticket, row] of pushed) sort.push(ticket, row, row * 1000, row % 2 === 0, 1, -1, -1, row / 10);
    expect(sort.runs).toBe(2);
    // A batch is valid until the next one: read it inside the loop.
    const got: [string, number, number[], number[]][] = [];
    for (const b of sort.tickets())
      got.push([b.key, b.first, Array.from(b.rows.subarray(0, b.n)), Array.from(b.holds.subarray(0, b.n))]);
    expect(got).toEqual([
      ["T0", 1, [2, 5, 7], [0.2, 0.5, 0.7]],
      ["T2", 0, [1, 3, 6], [0.1, 0.3, 0.6]],
      ['t\u00e9\n"1"', 3, [4], [0.4]],
    ]);
  });

  test("rows round-trip through their files exactly, and a sorted store gives them back by order, ties in push order", () => {
    const work = path.join(dir, "rows");
    fs.mkdirSync(work);
    const store = rowStore(work, "rows", 1);
    const lines = [
      ["é\u00e9", 0.1 + 0.2, true, null],
      ['a "quoted"\nline', 1e-300, false, null],
    ];
    for (const l of lines) store.push(l);
    expect([...store.rows()]).toEqual(lines);

    const sorted = sortedRowStore(work, "sorted", 3);
    const orders = [5, 1, 9, 2, 2, 7, 0, 9, 3, 4, 8, 1];
    orders.forEach((order, i) => sorted.push(order, [`row ${i}`, "é\n\t"]));
    const back = [...sorted.rows()];
    const expected = orders.map((order, i) => ({ order, i })).sort((a, b) => a.order - b.order || a.i - b.i);
    expect(back.map((r) => r.order)).toEqual(expected.map((e) => e.order));
    expect(back.map((r) => r.cells[0])).toEqual(expected.map((e) => `row ${e.i}`));
    expect(back[0].cells[1]).toBe("é\n\t");
    // Out of order: several run files; in order: one.
    expect(fs.readdirSync(work).filter((f) => f.startsWith("sorted-")).length).toBeGreaterThan(1);
    const inOrder = sortedRowStore(work, "inorder", 2);
    for (let i = 0; i < 9; i++) inOrder.push(i, [i]);
    expect([...inOrder.rows()].map((r) => r.cells[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fs.readdirSync(work).filter((f) => f.startsWith("inorder-"))).toEqual(["inorder-0.jsonl"]);
  });
});

describe("bounded memory beyond the events", () => {
  test("12,000 rows of day/month dates without --date-order wait in a file, not in memory, and give the in-memory figures", async () => {
    const lines = ["number,state,updated,priority"];
    const rows: string[][] = [];
    for (let i = 0; i < 12_000; i++) {
      const t = Math.floor(i / 3);
      const row = [
        `INC${t}`,
        ["New", "In Progress", "Resolved"][i % 3],
        `${pad(1 + (t % 12))}/03/2024 ${pad(9 + (i % 3))}:00`,
        "P1",
      ];
      rows.push(row);
      lines.push(row.join(","));
    }
    // One day after the 12th: the column reads DD/MM.
    rows.push(["INC9", "New", "25/03/2024 09:00", "P1"]);
    lines.push(rows[rows.length - 1].join(","));
    const file = path.join(dir, "undecided.csv");
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const work = path.join(dir, "work-undecided");
    fs.mkdirSync(work);
    const options = optionsOf();
    const noGroup = ARGV.filter((a, i) => a !== "--group" && ARGV[i - 1] !== "--group");
    const args = parseArgs(["tickets", file, ...noGroup, "-o", path.join(dir, "x.xlsx")]);
    const streamed = await measureExport(args, quietIo, file, "csv", options, work, 1 << 20);
    const spilled = fs.readdirSync(work, { recursive: true }).map((f) => path.basename(String(f)));
    expect(spilled).toContain("undecided.jsonl");
    expect(streamed.dateOrder).toEqual({ kind: "inferred", order: "DMY", example: "25/03/2024 09:00" });

    const b = historyBuilder(options);
    rows.forEach((r, i) => b.add(i + 2, r[0], r[2], r[1], r[3]));
    const memory = b.finish();
    expect([...rowsOf(streamed.ticketSheet)]).toEqual(ticketsPlan(memory.tickets, memory.breachingSoon).cells.slice(1));
    expect([streamed.events, streamed.tickets, streamed.rejectedCount]).toEqual([12_001, 4_000, 0]);
    expect(streamed.results).toEqual(memory.results);
  });

  test("--on-hold-hours goes with each row's events: the same figures sorted on disk as in memory, a ticket's two rows' hours added", async () => {
    const lines = ["Number,Priority,Opened,Resolved,On hold duration"];
    for (let t = 0; t < 40; t++) {
      lines.push(`INC${(t * 7) % 40},P1,2024-03-04 09:00,2024-03-04 ${pad(12 + (t % 6))}:00,${t % 4}:30`);
    }
    // INC3 again, further down: its second row's hour comes off too (1:30 + 1:00), counted once.
    lines.push("INC3,P1,,2024-03-05 10:00,1:00");
    const file = path.join(dir, "onhold-sorted.csv");
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const wide = ["--opened", "Opened", "--resolved", "Resolved", "--on-hold-hours", "On hold duration"];
    const run = (events: string, out: string) =>
      withEnv({ SLA_GOVERNANCE_RUN_EVENTS: events }, () =>
        cli("tickets", file, ...wide, "--targets", "P1=4", "--calendar", "24x7", "--json", "-o", path.join(dir, out)),
      );
    const [memory, sorted] = [await run("1000", "onhold-m.xlsx"), await run("7", "onhold-s.xlsx")];
    const [m, s] = [JSON.parse(memory.stdout), JSON.parse(sorted.stdout)];
    expect([m.eventOrder, s.eventOrder]).toEqual(["in memory", "sorted"]);
    expect(s.results).toEqual(m.results);
    const sheetOf = async (out: string) => (await openWorkbook(path.join(dir, out))).grid("Tickets")!;
    const [a, b] = [await sheetOf("onhold-m.xlsx"), await sheetOf("onhold-s.xlsx")];
    expect(b).toEqual(a);
    const inc3 = a.find((r) => r[0] === "INC3")!;
    const col = (name: string) => a[0].indexOf(name);
    // INC3 is the row of t = 29 (29 * 7 % 40 = 3): 09:00 to its first Resolved at 17:00 = 8 h
    // (the later Resolved changes nothing), less 1:30 + 1:00 on hold.
    expect([inc3[col("Business Hours")], inc3[col("Paused Hours")]]).toEqual([5.5, 2.5]);
  });

  test("--json counts what it lists only in part: rejected rows, untargeted and breaching tickets", async () => {
    const lines = ["number,state,updated,priority"];
    for (let t = 0; t < 1_200; t++) {
      lines.push(`INC${t},New,2024-03-04 09:00,P9`, `INC${t},Resolved,2024-03-04 10:00,P9`);
      lines.push(`,New,2024-03-04 09:00,P9`);
    }
    const file = path.join(dir, "counted.csv");
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const r = await cli("tickets", file, ...CLOCK_P1, "-o", path.join(dir, "counted.xlsx"), "--json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect([json.rejected.length, json.rejectedCount]).toEqual([1_000, 1_200]);
    expect([json.untargeted.length, json.untargetedCount]).toEqual([1_000, 1_200]);
    expect([json.breachingSoon.length, json.breachingSoonCount]).toEqual([0, 0]);
    expect(r.stderr).toContain("1200");
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

  test("after a success and after an error (a CSV broken after the runs were spilled)", async () => {
    const tmp = path.join(dir, "tmp-ok");
    fs.mkdirSync(tmp);
    const file = path.join(dir, "big.csv");
    fs.writeFileSync(file, big(5000));
    const ok = await withEnv({ TMPDIR: tmp, SLA_GOVERNANCE_RUN_EVENTS: "500" }, () =>
      cli("tickets", file, ...CLOCK_P1, "-o", path.join(dir, "big.xlsx")),
    );
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(leftovers(tmp)).toEqual([]);

    const broken = path.join(dir, "broken.csv");
    fs.writeFileSync(broken, big(5000) + 'INC1,New,"2024-03-04 10:00,P1\n');
    const bad = await withEnv({ TMPDIR: tmp, SLA_GOVERNANCE_RUN_EVENTS: "500" }, () =>
      cli("tickets", broken, ...CLOCK_P1, "-o", path.join(dir, "broken.xlsx")),
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
      ["--import", "tsx", entry, "tickets", file, ...CLOCK_P1, "-o", path.join(dir, "huge.xlsx")],
      { env: { ...process.env, TMPDIR: tmp, SLA_GOVERNANCE_RUN_EVENTS: "2000" }, stdio: "ignore" },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    // Wait until the run has spilled to its temporary folder, then interrupt it.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const dirs = leftovers(tmp);
      const files = dirs.length ? fs.readdirSync(path.join(tmp, dirs[0]), { recursive: true }) : [];
      if (files.some((f) => path.basename(String(f)).startsWith("run-"))) break;
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

describe("an export listed by ticket is measured as it is read", () => {
  /** An export of `tickets` tickets of 4 events each, listed by ticket, or dealt out in turns. */
  const history = (tickets: number, listed: boolean, comebackAt = -1) => {
    const rows: string[] = [];
    for (let t = 0; t < tickets; t++) {
      for (let e = 0; e < 4; e++) {
        rows.push(
          `INC${t},${["New", "In Progress", "On Hold", "Resolved"][e]},2024-03-${pad(4 + (t % 20))} ${pad(9 + e)}:00,P1`,
        );
      }
    }
    if (!listed) rows.sort((x, y) => (x.split(",")[2] < y.split(",")[2] ? -1 : 1));
    // A ticket measured long before comes back (a late correction appended to the export).
    if (comebackAt >= 0) rows.splice(comebackAt, 0, `INC0,In Progress,2024-03-04 15:00,P1`);
    return ["number,state,updated,priority", ...rows].join("\n") + "\n";
  };
  const run = (file: string, ...more: string[]) =>
    withEnv({ SLA_GOVERNANCE_RUN_EVENTS: "500" }, () =>
      cli(
        "tickets",
        file,
        ...["--start", "New", "--pause", "On Hold", "--stop", "Resolved", "--targets", "P1=4"],
        ...more,
      ),
    );

  test("says which way it took, in the preview and in the run, with the same figures every way", async () => {
    const listed = path.join(dir, "listed.csv");
    const dealt = path.join(dir, "dealt.csv");
    const late = path.join(dir, "late.csv");
    fs.writeFileSync(listed, history(1000, true));
    fs.writeFileSync(dealt, history(1000, false));
    fs.writeFileSync(late, history(1000, true, 3000));

    const previews = await Promise.all([listed, dealt].map((f) => run(f, "--dry-run")));
    expect(previews[0].stdout).toContain(
      "Events: each ticket's rows are together, so the run measures them as it reads them",
    );
    expect(previews[1].stdout).toContain("Events: not listed by ticket (row 52 brings back an earlier ticket)");

    const json = async (f: string) => {
      const r = await run(f, "-o", path.join(dir, `${path.basename(f)}.xlsx`), "--json", "--force");
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const [a, b, c] = [await json(listed), await json(dealt), await json(late)];
    expect([a.eventOrder, b.eventOrder, c.eventOrder]).toEqual(["grouped", "sorted", "sorted"]);
    expect(a.results).toEqual(b.results);
    expect(a.events).toBe(4000);
    expect(c.events).toBe(4001);

    const text = await run(late, "-o", path.join(dir, "late-text.xlsx"), "--force");
    expect(text.stdout).toContain(
      "Events not listed by ticket: sorted by ticket on disk in 9 run(s) (the export listed each ticket's events together up to row 3002, where a ticket already measured came back: it is sorted by ticket on disk instead.).",
    );
    const grouped = await run(listed, "-o", path.join(dir, "listed-text.xlsx"), "--force");
    expect(grouped.stdout).toContain("Events listed by ticket: measured as they were read, nothing sorted on disk.");
  });
  test("the filter of measured tickets: its false alarms are checked against the keys written, and past 16 the export is sorted", async () => {
    const few = path.join(dir, "few.csv");
    const many = path.join(dir, "many.csv");
    fs.writeFileSync(few, history(12, true));
    fs.writeFileSync(many, history(200, true));
    const json = async (file: string, bits: string, events: string) => {
      const r = await withEnv({ SLA_GOVERNANCE_FILTER_BITS: bits }, () =>
        withEnv({ SLA_GOVERNANCE_RUN_EVENTS: events }, () =>
          cli("tickets", file, ...CLOCK_P1, "-o", path.join(dir, `filter-${bits}.xlsx`), "--json", "--force"),
        ),
      );
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    // 32 bits: nearly every new ticket is an alarm. Twelve tickets: every alarm found false, still measured as read.
    const [tiny, wide] = [await json(few, "32", "8"), await json(few, "65536", "8")];
    expect([tiny.eventOrder, wide.eventOrder]).toEqual(["grouped", "grouped"]);
    expect(tiny.results).toEqual(wide.results);
    // Two hundred tickets: past 16 false alarms the run stops checking and sorts, with the same figures.
    const [sorted, read] = [await json(many, "32", "40"), await json(many, "65536", "40")];
    expect([sorted.eventOrder, read.eventOrder]).toEqual(["sorted", "grouped"]);
    // ... and says so, without claiming that a ticket came back (none did).
    const said = await withEnv({ SLA_GOVERNANCE_FILTER_BITS: "32" }, () =>
      withEnv({ SLA_GOVERNANCE_RUN_EVENTS: "40" }, () =>
        cli("tickets", many, ...CLOCK_P1, "-o", path.join(dir, "filter-said.xlsx"), "--force"),
      ),
    );
    expect(said.stdout).toMatch(/too many tickets looked measured already to check each one: it is sorted/);
    expect(said.stdout).not.toContain("came back");
    expect(sorted.results).toEqual(read.results);
    expect(sorted.tickets).toBe(200);
  });
});
