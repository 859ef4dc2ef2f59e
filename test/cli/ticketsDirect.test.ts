/**
 * The direct path of a one-row-per-ticket export (each row read straight into its ticket, no
 * event buffer, sort or merge: cli/tickets.ts, cli/ticketSort.ts `adjacentTickets`) against the
 * general path it must equal byte for byte: for generated exports and runs, the written
 * workbook, stdout, stderr and the exit code are the same whichever path ran
 * (SLA_GOVERNANCE_GENERAL_PATH=1 forces the general one). Shapes the direct path cannot
 * measure as read (a ticket's rows apart, day/month times whose order the column decides, a
 * ticket bigger than a buffer) go the general way, and only those.
 */
import * as fs from "fs";
import fc from "fast-check";
import { main } from "../../cli/main";
import { Io } from "../../cli/commands";
import { NotOneRowPerTicket, adjacentTickets, TicketBatch } from "../../cli/ticketSort";
import { Workbook } from "exceljs";
import { NOW, tempFolder, writeRows } from "./helpers";

const folder = tempFolder();

/** What one in-process run gave: exit code, output, its progress notes and the workbook's bytes. */
interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  notes: string[];
  workbook: Buffer | null;
}

/** Runs the command line in-process with `env` set for the run (and put back after). */
async function run(argv: string[], out: string, env: Record<string, string | undefined>): Promise<Outcome> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  let stdout = "";
  let stderr = "";
  const notes: string[] = [];
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    progress: (t) => notes.push(t),
    now: () => NOW,
  };
  set(env);
  try {
    fs.rmSync(out, { force: true });
    const code = await main([...argv, "-o", out], io);
    return { code, stdout, stderr, notes, workbook: fs.existsSync(out) ? fs.readFileSync(out) : null };
  } finally {
    set(before);
  }
}

/** True when a run left the direct path for the general one (its progress note says why). */
const leftDirect = (o: Outcome) => o.notes.some((n) => n.includes("is read as a history instead"));

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Days near which times fall: DST changes in Europe, the US and Australia, Easter 2024, a month end, a leap day. */
const ANCHORS = [
  Date.UTC(2024, 2, 31),
  Date.UTC(2024, 9, 27),
  Date.UTC(2024, 2, 10),
  Date.UTC(2024, 10, 3),
  Date.UTC(2024, 3, 7),
  Date.UTC(2024, 1, 29),
  Date.UTC(2024, 4, 31),
];

/** How a row's times are written. */
type Form = "iso" | "seconds" | "ms" | "instant" | "dmy" | "mdy";

/** A wall time (epoch ms read as UTC) written in a form. */
function written(ms: number, form: Form): string {
  const d = new Date(ms);
  const [y, mo, day, h, mi, s] = [
    d.getUTCFullYear(),
    pad(d.getUTCMonth() + 1),
    pad(d.getUTCDate()),
    pad(d.getUTCHours()),
    pad(d.getUTCMinutes()),
    pad(d.getUTCSeconds()),
  ];
  switch (form) {
    case "iso":
      return `${y}-${mo}-${day} ${h}:${mi}`;
    case "seconds":
      return `${y}-${mo}-${day} ${h}:${mi}:${s}`;
    case "ms":
      return `${y}-${mo}-${day} ${h}:${mi}:${s}.${pad(d.getUTCMilliseconds(), 3)}`;
    case "instant":
      return d.toISOString();
    case "dmy":
      return `${day}/${mo}/${y} ${h}:${mi}`;
    case "mdy":
      return `${mo}/${day}/${y} ${h}:${mi}`;
  }
}

/** One generated row: which ticket (an index, or null for a blank cell), priority, the four times' offsets and the hold. */
const rowArb = fc.record({
  // Mostly a new ticket; sometimes the one before again (its rows together), sometimes an earlier one (a comeback), rarely blank.
  ticket: fc.oneof(
    { weight: 12, arbitrary: fc.constant<"new" | "same" | "earlier" | "blank">("new") },
    { weight: 1, arbitrary: fc.constant<"new" | "same" | "earlier" | "blank">("same") },
    { weight: 1, arbitrary: fc.constant<"new" | "same" | "earlier" | "blank">("earlier") },
    { weight: 1, arbitrary: fc.constant<"new" | "same" | "earlier" | "blank">("blank") },
  ),
  priority: fc.constantFrom("P1", "P2", "P3", "P4", " p2 ", "", "P9"),
  anchor: fc.integer({ min: 0, max: ANCHORS.length - 1 }),
  // Minutes from the anchor day's midnight: around the night of a clock change, and office hours.
  minute: fc.oneof(fc.integer({ min: 0, max: 4 * 60 }), fc.integer({ min: 0, max: 3 * 1440 })),
  second: fc.integer({ min: 0, max: 59 }),
  // Responded, resolved and closed after the one before: the same millisecond, the same minute,
  // minutes to days later, or before it (resolved before opened).
  gaps: fc.array(
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 59_999 }),
      fc.integer({ min: 60_000, max: 3 * 86_400_000 }),
      fc.integer({ min: -86_400_000, max: -1 }),
    ),
    { minLength: 3, maxLength: 3 },
  ),
  // Which cells are filled (opened, responded, resolved, closed), and which hold a bad value.
  filled: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  bad: fc.option(fc.constantFrom(0, 1, 2, 3), { freq: 8 }),
  hold: fc.constantFrom("", "", "1.5", "0:45", "2 Hours 30 Minutes", "3", "soon"),
});

/** A generated run: the export's shape and rows, and the command's options. */
const caseArb = fc.record({
  rows: fc.array(rowArb, { minLength: 0, maxLength: 24 }),
  form: fc.constantFrom<Form>("iso", "iso", "seconds", "ms", "instant", "dmy", "mdy"),
  // --date-order given for day/month times (else the column decides: the general path's).
  orderGiven: fc.boolean(),
  responded: fc.boolean(),
  resolvedColumn: fc.boolean(),
  closed: fc.boolean(),
  hold: fc.boolean(),
  zone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"),
  calendar: fc.constantFrom("24x7", "Mon-Fri 09:00-17:00"),
  holidays: fc.boolean(),
  // --as-of: minutes after the first anchor (the tickets still running are then listed first).
  asOf: fc.option(fc.integer({ min: 0, max: 300 * 1440 }), { freq: 3 }),
  json: fc.boolean(),
  // A small buffer of the general path: the export counts as listed by ticket after fewer
  // events, and a ticket of many rows is bigger than a buffer.
  runEvents: fc.option(fc.constantFrom(4, 9, 30), { freq: 3 }),
  // A ticket cell longer than a cell holds (cut and reported as TEXT_CUT).
  longTicket: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** The export's CSV text and what it should make the direct path do. */
function exportOf(c: Case): { csv: string; repeats: boolean } {
  const header = ["Number", "Priority", "Opened"];
  if (c.responded) header.push("Responded");
  if (c.resolvedColumn || !c.closed) header.push("Resolved");
  if (c.closed) header.push("Closed");
  if (c.hold) header.push("On hold duration");
  const lines = [header.join(",")];
  const ids: string[] = [];
  let repeats = false;
  for (const [i, r] of c.rows.entries()) {
    let id: string;
    if (r.ticket === "blank") id = "";
    else if (r.ticket === "same" && ids.length) id = ids[ids.length - 1];
    else if (r.ticket === "earlier" && ids.length) id = ids[Math.floor(ids.length / 2)];
    else id = c.longTicket && i === 0 ? `INC${"9".repeat(33_000)}` : `INC${1000 + ids.length}`;
    if (id !== "" && ids.includes(id)) repeats = true;
    if (id !== "") ids.push(id);
    const opened = ANCHORS[r.anchor] + r.minute * 60_000 + r.second * 1000;
    const times = [opened];
    for (const gap of r.gaps) times.push(times[times.length - 1] + gap);
    const cell = (k: number) => {
      if (!r.filled[k] && !(k === 0 && r.filled.every((f) => !f))) return "";
      if (r.bad === k) return k % 2 ? "n/a" : "2024-13-45 10:00";
      return written(times[k], c.form);
    };
    const cells = [id, r.priority, cell(0)];
    if (c.responded) cells.push(cell(1));
    if (c.resolvedColumn || !c.closed) cells.push(cell(2));
    if (c.closed) cells.push(cell(3));
    if (c.hold) cells.push(r.hold);
    lines.push(cells.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(","));
  }
  return { csv: lines.join("\n") + "\n", repeats };
}

/** The command line of a case (without -o). */
function argvOf(c: Case, csv: string, holidays: string): string[] {
  const argv = ["tickets", csv, "--opened", "Opened"];
  if (c.responded) argv.push("--responded", "Responded", "--response-targets", "P1=0.5,P2=1,P3=4,P4=8");
  if (c.resolvedColumn || !c.closed) argv.push("--resolved", "Resolved");
  if (c.closed) argv.push("--closed", "Closed");
  if (c.hold) argv.push("--on-hold-hours", "On hold duration");
  argv.push("--targets", "P1=4,P2=8,P3=24,P4=40", "--services", "P1=SL-001,P2=SL-002");
  argv.push("--tz", c.zone, "--calendar", c.calendar);
  if (c.holidays) argv.push("--holidays", holidays);
  if ((c.form === "dmy" || c.form === "mdy") && c.orderGiven) argv.push("--date-order", c.form.toUpperCase());
  if (c.asOf !== null) argv.push("--as-of", written(ANCHORS[0] + c.asOf * 60_000, "iso"));
  if (c.json) argv.push("--json");
  return argv;
}

describe("the direct path of a one-row-per-ticket export", () => {
  test("writes the same workbook, stdout, stderr and exit code as the general path (seeded, 50 generated runs)", async () => {
    const holidays = folder.file("holidays.csv", "Date\n2024-03-29\n2024-04-01\n2024-10-28\n2024-11-04\n");
    const taken = { direct: 0, general: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { csv, repeats } = exportOf(c);
        const file = folder.file(`export-${n}.csv`, csv);
        const argv = argvOf(c, file, holidays);
        const env = { SLA_GOVERNANCE_RUN_EVENTS: c.runEvents === null ? undefined : String(c.runEvents) };
        // One output path for both (the text names it): each run writes it anew.
        const out = folder.out(`tickets-${n}.xlsx`);
        const general = await run(argv, out, { ...env, SLA_GOVERNANCE_GENERAL_PATH: "1" });
        const direct = await run(argv, out, { ...env, SLA_GOVERNANCE_GENERAL_PATH: undefined });
        n++;
        expect(direct.code).toBe(general.code);
        expect(direct.stderr).toBe(general.stderr);
        expect(direct.stdout).toBe(general.stdout);
        expect(direct.workbook === null).toBe(general.workbook === null);
        if (direct.workbook && general.workbook) expect(direct.workbook.equals(general.workbook)).toBe(true);
        // Only the shapes it cannot measure as read leave the direct path.
        const dayMonth = (c.form === "dmy" || c.form === "mdy") && !c.orderGiven;
        if (leftDirect(direct)) {
          taken.general++;
          expect(repeats || dayMonth || c.runEvents !== null).toBe(true);
        } else if (direct.code !== 2 || direct.workbook) taken.direct++;
        if (!repeats && !dayMonth && c.runEvents === null) expect(leftDirect(direct)).toBe(false);
      }),
      { numRuns: 50, seed: 190_5 },
    );
    // Both ways were taken, most runs directly.
    expect(taken.direct).toBeGreaterThan(25);
    expect(taken.general).toBeGreaterThan(3);
  }, 120_000);
});

describe("the direct path on an .xlsx export and into a governed workbook", () => {
  /** Runs a command both ways into one output path: the two outcomes and whether the direct run left its path. */
  const bothWays = async (argv: string[], out: string) => {
    const general = await run(argv, out, { SLA_GOVERNANCE_GENERAL_PATH: "1" });
    const direct = await run(argv, out, { SLA_GOVERNANCE_GENERAL_PATH: undefined });
    return { general, direct };
  };
  const same = ({ general, direct }: { general: Outcome; direct: Outcome }) => {
    expect([direct.code, direct.stdout, direct.stderr]).toEqual([general.code, general.stdout, general.stderr]);
    expect(direct.workbook && general.workbook && direct.workbook.equals(general.workbook)).toBe(true);
    expect(leftDirect(direct)).toBe(false);
  };
  // ExcelJS stores a Date as its UTC fields: the serial is the wall time written.
  const at = (iso: string) => new Date(iso + "Z");

  test("date cells, text times and a title above the header: the same workbook and output both ways", async () => {
    const input = await writeRows(
      folder.out("list.xlsx"),
      [
        ["Incidents, exported 2024-04-02"],
        ["Number", "Priority", "Opened", "Responded", "Resolved", "On hold duration"],
        ["INC1", "P1", at("2024-03-29T08:00:00"), at("2024-03-29T08:20:00"), at("2024-04-02T10:00:00"), 1.5],
        ["INC2", "P2", "2024-03-31 01:30", "", "2024-03-31 03:30", ""],
        ["INC2", "P2", "", at("2024-03-31T02:10:00"), "", ""],
        ["INC3", "P4", at("2024-03-30T10:00:00"), "", "", "0:30"],
        ["INC4", "", "2024-02-30 10:00", "", at("2024-04-01T10:00:00"), "soon"],
      ],
      "Export",
    );
    const argv = ["tickets", input, "--opened", "Opened", "--responded", "Responded", "--resolved", "Resolved"];
    argv.push("--on-hold-hours", "On hold duration", "--targets", "P1=4,P2=8,P4=40", "--response-targets", "P1=1");
    argv.push("--tz", "Europe/Berlin", "--calendar", "Mon-Fri 09:00-17:00", "--as-of", "2024-04-02 12:00");
    const both = await bothWays(argv, folder.out("list-out.xlsx"));
    same(both);
    expect(both.direct.code).toBe(1); // the impossible date and the bad hold are rejected rows
    expect(both.direct.stdout).toContain("Read 8 event(s) of 4 ticket(s)");
  });

  test("--accept-suggestions on an .xlsx export of day/month times: read a third time the general way, the same output", async () => {
    const input = await writeRows(
      folder.out("suggested.xlsx"),
      [
        ["Number", "Priority", "Opened", "Resolved"],
        ["INC1", "P1", "04/03/2024 09:00", "04/03/2024 12:00"],
        ["INC2", "P1", "05/03/2024 09:00", "25/03/2024 10:00"],
      ],
      "Export",
    );
    const argv = ["tickets", input, "--accept-suggestions", "--targets", "P1=4", "--json"];
    const both = await bothWays(argv, folder.out("suggested-out.xlsx"));
    expect([both.direct.code, both.direct.stdout, both.direct.stderr]).toEqual([
      both.general.code,
      both.general.stdout,
      both.general.stderr,
    ]);
    expect(both.direct.workbook!.equals(both.general.workbook!)).toBe(true);
    // The first direct reading met a day/month time whose order the column decides.
    expect(leftDirect(both.direct)).toBe(true);
    expect(JSON.parse(both.direct.stdout)).toMatchObject({ tickets: 2, dateOrder: "DMY" });
  });

  test("--workbook: the governed workbook's Results rows updated and appended alike", async () => {
    const governed = folder.out("governed.xlsx");
    const wb = new Workbook();
    wb.addWorksheet("Register").addRow(["ID", "Name"]);
    const results = wb.addWorksheet("Results");
    results.addRow(["Period", "Service ID", "Result", "Source"]);
    results.addRow([at("2024-03-01T00:00:00"), "SL-001", 0.2, "manual"]);
    results.addRow([at("2024-03-01T00:00:00"), "SL-009", 0.99, "manual"]);
    await wb.xlsx.writeFile(governed);
    const csv = folder.file(
      "governed-export.csv",
      "Number,Priority,Opened,Resolved\nINC1,P1,2024-03-04 09:00,2024-03-04 12:00\nINC2,P1,2024-03-05 09:00,2024-03-05 15:00\nINC3,P2,2024-04-01 09:00,2024-04-01 10:00\n",
    );
    const argv = ["tickets", csv, "--opened", "Opened", "--resolved", "Resolved", "--targets", "P1=4,P2=8"];
    argv.push("--services", "P1=SL-001,P2=SL-002", "--workbook", governed, "--json");
    const both = await bothWays(argv, folder.out("governed-out.xlsx"));
    same(both);
    expect(both.direct.code).toBe(0);
  });
});

describe("the direct path past the general path's first batch", () => {
  test("25,000 tickets (75,000 events, past the 65,536 after which an export counts as listed by ticket): the same bytes, eventOrder grouped", async () => {
    const lines = ["Number,Priority,Opened,Responded,Resolved"];
    const at = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
    const base = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 25_000; i++) {
      const opened = base + ((i * 7919) % (360 * 86400)) * 1000;
      const responded = opened + ((i * 31) % 7200) * 1000;
      const resolved = responded + ((i * 977) % (3 * 86400)) * 1000;
      lines.push(`INC${i},P${(i % 4) + 1},${at(opened)},${i % 10 ? at(responded) : ""},${i % 7 ? at(resolved) : ""}`);
    }
    const csv = folder.file("large.csv", lines.join("\n") + "\n");
    const argv = ["tickets", csv, "--opened", "Opened", "--responded", "Responded", "--resolved", "Resolved"];
    argv.push("--targets", "P1=4,P2=8,P3=24,P4=40", "--response-targets", "P1=0.5,P2=1", "--tz", "Europe/Berlin");
    argv.push("--calendar", "Mon-Fri 08:00-18:00", "--json");
    const out = folder.out("large-out.xlsx");
    const general = await run(argv, out, { SLA_GOVERNANCE_GENERAL_PATH: "1" });
    const direct = await run(argv, out, { SLA_GOVERNANCE_GENERAL_PATH: undefined });
    expect([direct.code, direct.stdout, direct.stderr]).toEqual([general.code, general.stdout, general.stderr]);
    expect(direct.workbook!.equals(general.workbook!)).toBe(true);
    expect(leftDirect(direct)).toBe(false);
    expect(JSON.parse(direct.stdout)).toMatchObject({ tickets: 25_000, eventOrder: "grouped" });
  }, 60_000);
});

describe("adjacentTickets", () => {
  const collect = (runEvents = 100) => {
    const got: { key: string; first: number; n: number; rows: number[] }[] = [];
    const a = adjacentTickets(runEvents, (b: TicketBatch) =>
      got.push({ key: b.key, first: b.first, n: b.n, rows: Array.from(b.rows.subarray(0, b.n)) }),
    );
    return { a, got };
  };

  test("hands each ticket on when the next starts, its rows together, first = its first event's place", () => {
    const { a, got } = collect();
    a.push("INC1", 2, 10, true, 1, 0, 0);
    a.push("INC1", 2, 20, true, 4, 0, 0);
    a.push("INC2", 3, 5, true, 1, 0, 0);
    a.push("INC2", 4, 7, true, 4, 0, 1.5);
    a.push("INC3", 5, 9, true, 1, 0, 0);
    expect(got.map((g) => g.key)).toEqual(["INC1", "INC2"]);
    a.finish();
    expect(got).toEqual([
      { key: "INC1", first: 0, n: 2, rows: [2, 2] },
      { key: "INC2", first: 2, n: 2, rows: [3, 4] },
      { key: "INC3", first: 4, n: 1, rows: [5] },
    ]);
    expect(a.size).toBe(5);
  });

  test("a ticket coming back after another's rows is refused at the end; a ticket of a buffer's events at once", () => {
    const back = collect();
    back.a.push("INC1", 2, 10, true, 1, 0, 0);
    back.a.push("INC2", 3, 10, true, 1, 0, 0);
    back.a.push("INC1", 4, 10, true, 1, 0, 0);
    expect(() => back.a.finish()).toThrow(NotOneRowPerTicket);
    const big = collect(3);
    big.a.push("INC1", 2, 10, true, 1, 0, 0);
    big.a.push("INC1", 3, 10, true, 1, 0, 0);
    let thrown: unknown;
    try {
      big.a.push("INC1", 4, 10, true, 1, 0, 0);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(NotOneRowPerTicket);
    expect((thrown as NotOneRowPerTicket).why).toBe("big ticket");
  });

  test("many distinct tickets are never taken for a comeback (the hashes of 100,000 keys)", () => {
    const { a, got } = collect();
    for (let i = 0; i < 100_000; i++) a.push(`INC${i}`, i + 2, i, true, 1, 0, 0);
    expect(() => a.finish()).not.toThrow();
    expect(got.length).toBe(100_000);
  });
});
