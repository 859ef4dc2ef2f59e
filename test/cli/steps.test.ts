/**
 * sla-governance steps end to end through real files: the worked example's sheets, the
 * accountability gap in the sheet and the JSON, a log across a weekend, two holidays and both
 * daylight-saving changes against a minute-by-minute reference, --workbook, --dry-run,
 * --force, every exit code, and a public help-desk event log.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { serialFromIso } from "../../src/serial";
import { CASE_HEADERS, GROUP_HEADERS, LATENCY_HEADERS } from "../../src/process/plan";
import { cli, editContractExamples, sheetRows, tempDir } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const out = (name: string) => path.join(dir, name);
const sheet = sheetRows;
/** A sheet's rows as objects by header. */
async function records(book: string, name: string): Promise<Record<string, unknown>[]> {
  const [header, ...rows] = await sheet(book, name);
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i] ?? null])));
}

const OFFICE = ["--calendar", "Mon-Fri 09:00-17:00"];
const WORKED_LOG = [
  "Case ID,Activity,Assignment group,Complete Timestamp",
  "INC1,Opened,G1,2024-03-04 09:00",
  "INC1,Reassigned,G2,2024-03-04 10:30",
  "INC1,Resolved,G2,2024-03-04 12:00",
  "",
].join("\n");
const WORKED_TOL = [
  "Process,From Activity,To Activity,Tolerance Hours,Owner",
  "Incident,Opened,Reassigned,2,G1",
  "Incident,Reassigned,Resolved,1,G2",
  "Incident,*,*,8,Service desk",
  "",
].join("\n");

describe("the worked example", () => {
  test("writes Process Latency, Step Group Time and Process Cases with plain values", async () => {
    const o = out("worked.xlsx");
    const run = await cli(
      "steps",
      file("worked.csv", WORKED_LOG),
      "--tolerances",
      file("worked-tol.csv", WORKED_TOL),
      ...OFFICE,
      "-o",
      o,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Read 3 event\(s\) of 1 case\(s\)\.\n/);
    const latency = await sheet(o, "Process Latency");
    expect(latency[0]).toEqual([...LATENCY_HEADERS]);
    expect(latency.slice(1).map((r) => r.slice(0, 16))).toEqual([
      ["Incident", "*", "*", 1, 1, 3, 3, 3, 3, 3, 8, "Service desk", 1, 0, 0, 0],
      ["Incident", "Opened", "Reassigned", 1, 1, 1.5, 1.5, 1.5, 1.5, 1.5, 2, "G1", 1, 0, undefined, undefined],
      ["Incident", "Reassigned", "Resolved", 1, 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1, "G2", 0, 1, undefined, undefined],
    ]);
    const groups = await sheet(o, "Step Group Time");
    expect(groups[0]).toEqual([...GROUP_HEADERS]);
    expect(groups.slice(1).map((r) => r.slice(0, 10))).toEqual([
      ["G1", 1, 1.5, 1.5, 1.5, 1.5, 1.5, 2, 1, 0],
      ["G2", 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1, 0, 1],
    ]);
    const cases = await records(o, "Process Cases");
    expect(Object.keys(cases[0])).toEqual([...CASE_HEADERS]);
    expect(cases[0]).toMatchObject({
      Process: "Incident",
      Case: "INC1",
      Events: 3,
      "First Event": serialFromIso("2024-03-04T09:00:00Z"),
      "Last Event": serialFromIso("2024-03-04T12:00:00Z"),
      "End-to-End Hours": 3,
      "Target Hours": 8,
      Breached: false,
      "Worst Step": "Reassigned → Resolved",
      "Steps Over Tolerance": 1,
      "Groups Over Tolerance": 1,
      "Accountability Gap": false,
    });
    // Nothing written is a formula, let alone a GOV call.
    const wb = new Workbook();
    await wb.xlsx.readFile(o);
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(c.formula).toBeUndefined()));
  });

  test("never overwrites an output without --force", async () => {
    const o = out("exists.xlsx");
    fs.writeFileSync(o, "mine");
    const args = ["steps", path.join(dir, "worked.csv"), "--tolerances", path.join(dir, "worked-tol.csv"), "-o", o];
    const refused = await cli(...args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("already exists; nothing was written. Give --force");
    expect(fs.readFileSync(o, "utf8")).toBe("mine");
    expect((await cli(...args, "--force")).code).toBe(0);
    expect((await sheet(o, "Process Cases")).length).toBe(2);
  });
});

describe("the accountability gap, in the sheet and the JSON", () => {
  test("counts the case over its target with every step within, not the one with a breached step", async () => {
    const log = file(
      "gap.csv",
      [
        "case,activity,timestamp",
        // A: 3.5 + 3.5 = 7 h > 6 h, both steps within 4 h: a gap. B: 5 h step over 4 h: not a gap. C: 2 h.
        "A,Received,2024-03-04 09:00",
        "A,Approved,2024-03-04 12:30",
        "A,Shipped,2024-03-04 16:00",
        "B,Received,2024-03-05 09:00",
        "B,Approved,2024-03-05 14:00",
        "B,Shipped,2024-03-05 16:00",
        "C,Received,2024-03-06 09:00",
        "C,Approved,2024-03-06 10:00",
        "C,Shipped,2024-03-06 11:00",
      ].join("\n"),
    );
    const tol = file(
      "gap-tol.csv",
      "Process;From Activity;To Activity;Tolerance Hours;Owner\nOrder;Received;Approved;4;Sales\nOrder;Approved;Shipped;4;Warehouse\nOrder;*;*;6;COO\n",
    );
    const o = out("gap.xlsx");
    const run = await cli("steps", log, "--tolerances", tol, ...OFFICE, "-o", o, "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.processes).toEqual([
      { process: "Order", cases: 3, targetHours: 6, breached: 2, gap: 1, gapShare: 1 / 3 },
    ]);
    expect(json.written).toBe(o);
    const e2e = (await records(o, "Process Latency"))[0];
    expect(e2e).toMatchObject({ "From Activity": "*", "To Activity": "*", "Gap Cases": 1, "Gap Share": 1 / 3 });
    const gaps = (await records(o, "Process Cases")).map((c) => [c.Case, c.Breached, c["Accountability Gap"]]);
    expect(gaps).toEqual([
      ["A", true, true],
      ["B", true, false],
      ["C", false, false],
    ]);
  });
});

describe("a weekend, two holidays and both daylight-saving changes in Europe/Berlin", () => {
  // Sunday 00:00-06:00 is worked, so the spring-forward and fall-back nights fall in working time.
  const CALENDAR = "Mon-Fri 08:00-18:00; Sun 00:00-06:00";
  const HOLIDAYS = ["2024-03-29", "2024-04-01", "2024-10-25"];
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Berlin",
    hourCycle: "h23",
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
  });
  /** Business hours between two instants, one real minute at a time, asking Intl for each minute's wall clock. */
  function reference(startMs: number, endMs: number): number {
    let minutes = 0;
    for (let m = startMs; m < endMs; m += 60_000) {
      const p = Object.fromEntries(parts.formatToParts(new Date(m)).map((x) => [x.type, x.value]));
      if (HOLIDAYS.includes(`${p.year}-${p.month}-${p.day}`)) continue;
      const hour = Number(p.hour);
      const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri"].includes(p.weekday);
      if ((weekday && hour >= 8 && hour < 18) || (p.weekday === "Sun" && hour < 6)) minutes++;
    }
    return minutes / 60;
  }

  test("a worked case: Thursday to Sunday over Good Friday and spring forward, then over Easter Monday", async () => {
    const log = file(
      "dst.csv",
      [
        "Case ID,Activity,Complete Timestamp",
        "X,Opened,2024-03-28 16:00", // Thursday, local time
        "X,Assigned,2024-03-31 05:00", // Sunday, after 02:00 became 03:00
        "X,Resolved,2024-04-02T09:30:00+02:00", // Tuesday, after Easter Monday, with its offset
      ].join("\n"),
    );
    const holidays = file("holidays.txt", `Date\n${HOLIDAYS.join("\n")}\n`);
    const tol = file("dst-tol.csv", "Process,From Activity,To Activity,Tolerance Hours,Owner\nP,*,*,8,\n");
    const run = await cli(
      "steps",
      log,
      "--tolerances",
      tol,
      "--calendar",
      CALENDAR,
      "--holidays",
      holidays,
      "--tz",
      "Europe/Berlin",
      "--dry-run",
      "--json",
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.written).toBeNull();
    // Thursday 16:00-18:00 (2 h) + Sunday 00:00-05:00 wall, 4 real hours; then 05:00-06:00 + Tuesday 08:00-09:30.
    expect(json.steps.map((s: { maxHours: number }) => s.maxHours)).toEqual([6, 2.5]);
    expect(reference(Date.UTC(2024, 2, 28, 15), Date.UTC(2024, 2, 31, 3))).toBe(6);
    expect(json.processes[0]).toMatchObject({ cases: 1, breached: 1, gap: 1 });
  });

  test("random cases around both changes match the minute-by-minute reference, step by step", async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines = ["case:concept:name,concept:name,time:timestamp"];
    const expected = new Map<string, number>();
    for (let c = 0; c < 24; c++) {
      const base = c % 2 ? Date.UTC(2024, 2, 27) : Date.UTC(2024, 9, 23);
      const times = [0, 1, 2].map(() => base + Math.floor(random() * 7 * 24 * 60) * 60_000).sort((a, b) => a - b);
      times.forEach((t, k) => {
        lines.push(`C${c},S${c}-${k},${new Date(t).toISOString()}`);
        if (k) expected.set(`S${c}-${k - 1} → S${c}-${k}`, reference(times[k - 1], t));
      });
    }
    const holidays = path.join(dir, "holidays.txt");
    const tol = path.join(dir, "dst-tol.csv");
    const run = await cli(
      "steps",
      file("dst-random.csv", lines.join("\n")),
      "--tolerances",
      tol,
      "--calendar",
      CALENDAR,
      "--holidays",
      holidays,
      "--tz",
      "Europe/Berlin",
      "--dry-run",
      "--json",
    );
    expect(run.code).toBe(0);
    const got = new Map<string, number>(
      JSON.parse(run.stdout).steps.map((s: { from: string; to: string; maxHours: number }) => [
        `${s.from} → ${s.to}`,
        s.maxHours,
      ]),
    );
    expect(got.size).toBe(48);
    for (const [step, hours] of expected) expect(got.get(step)).toBeCloseTo(hours, 9);
  });
});

describe("--workbook", () => {
  test("reads its Tolerances sheet and writes a copy with the process sheets replaced", async () => {
    const wb = new Workbook();
    wb.addWorksheet("Register").addRow(["ID", "Name"]).commit();
    const tol = wb.addWorksheet("Tolerances");
    for (const line of WORKED_TOL.trim().split("\n"))
      tol.addRow(line.split(",").map((v) => (/^\d+$/.test(v) ? Number(v) : v)));
    wb.addWorksheet("Process Cases").addRow(["old", "rows"]);
    const governed = out("governed.xlsx");
    await wb.xlsx.writeFile(governed);
    const o = out("governed-out.xlsx");
    const run = await cli("steps", path.join(dir, "worked.csv"), "--workbook", governed, ...OFFICE, "-o", o);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const copy = new Workbook();
    await copy.xlsx.readFile(o);
    expect(copy.worksheets.map((w) => w.name)).toEqual([
      "Register",
      "Tolerances",
      "Process Cases",
      "Process Latency",
      "Step Group Time",
    ]);
    expect((await sheet(o, "Process Cases"))[1][1]).toBe("INC1");
    expect((await sheet(o, "Register"))[0]).toEqual(["ID", "Name"]);
    // The tolerances given twice are refused rather than one silently winning.
    const twice = await cli(
      "steps",
      path.join(dir, "worked.csv"),
      "--workbook",
      governed,
      "--tolerances",
      path.join(dir, "worked-tol.csv"),
      "-o",
      out("twice.xlsx"),
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("give one");
  });
});

describe("the review's per-process rows read the Process Cases sheet", () => {
  test("a governed workbook's Processes get the end-to-end breach share of the cases steps wrote", async () => {
    const contract = out("contract.xlsx");
    expect((await cli("new-contract", "-o", contract)).code).toBe(0);
    const wb = editContractExamples(await new Workbook().xlsx.readFile(contract));
    // new-contract writes example Processes and Dependencies: replaced by this test's own.
    const add = (name: string, rows: (string | number)[][]) => {
      const old = wb.getWorksheet(name);
      if (old) wb.removeWorksheet(old.id);
      const ws = wb.addWorksheet(name);
      for (const r of rows) ws.addRow(r);
    };
    add("Processes", [
      ["Process ID", "Process", "Owner", "Critical", "Value per Hour", "End-to-End Target Hours"],
      ["P-01", "Order", "COO", "Yes", 100, 6],
    ]);
    add("Dependencies", [
      ["Process ID", "Service ID"],
      ["P-01", "SL-001"],
    ]);
    add("Tolerances", [
      ["Process", "From Activity", "To Activity", "Tolerance Hours", "Owner"],
      ["Order", "Received", "Approved", 4, "Sales"],
      ["Order", "Approved", "Shipped", 4, "Warehouse"],
      ["Order", "*", "*", 6, "COO"],
    ]);
    const governed = out("contract-processes.xlsx");
    await wb.xlsx.writeFile(governed);
    // December 2026, the month the example contract's results are in: two of three cases over 6 h.
    const log = file(
      "december.csv",
      [
        "case,activity,timestamp",
        "A,Received,2026-12-07 09:00",
        "A,Approved,2026-12-07 12:30",
        "A,Shipped,2026-12-07 16:00",
        "B,Received,2026-12-08 09:00",
        "B,Approved,2026-12-08 14:00",
        "B,Shipped,2026-12-08 16:00",
        "C,Received,2026-12-09 09:00",
        "C,Shipped,2026-12-09 11:00",
      ].join("\n"),
    );
    const measured = out("contract-measured.xlsx");
    const steps = await cli("steps", log, "--workbook", governed, ...OFFICE, "-o", measured, "--json");
    expect(steps.stderr).toBe("");
    expect(JSON.parse(steps.stdout).processes[0]).toMatchObject({ process: "Order", cases: 3, breached: 2, gap: 1 });
    const review = await cli("review", measured, "--period", "2026-12", "-o", out("reviewed.xlsx"), "--json");
    const [p] = JSON.parse(review.stdout).processes;
    expect(p).toMatchObject({ id: "P-01", cases: 3, casesOver: 2, shareOver: 2 / 3, latencyStatus: "Red" });
  });
});

describe("an .xlsx log and mapping files", () => {
  test("reads the log's sheet below a title row; --save-mapping writes what --mapping reads back", async () => {
    const wb = new Workbook();
    wb.addWorksheet("Notes").addRow(["not the log"]);
    const ws = wb.addWorksheet("Events");
    ws.addRow(["Incident events, March"]);
    ws.addRow(["Ticket", "Step", "When", "Team"]);
    // Excel date cells: serials read as local times, as GOV.ELAPSED reads them.
    const mon = serialFromIso("2024-03-04T00:00:00Z")!;
    for (const [t, a, h, g] of [
      ["INC1", "Opened", 9, "G1"],
      ["INC1", "Reassigned", 10.5, "G2"],
      ["INC1", "Resolved", 12, "G2"],
    ] as const) {
      ws.addRow([t, a, new Date(Date.UTC(1899, 11, 30) + (mon + h / 24) * 86_400_000), g]);
    }
    const log = out("events.xlsx");
    await wb.xlsx.writeFile(log);
    const tol = path.join(dir, "worked-tol.csv");
    const mapping = out("steps-mapping.json");
    const args = ["--tolerances", tol, ...OFFICE, "--sheet", "Events", "--case", "Ticket", "--activity", "Step"];
    const dry = await cli(
      "steps",
      log,
      ...args,
      "--time",
      "When",
      "--group",
      "Team",
      "--dry-run",
      "--save-mapping",
      mapping,
    );
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('group    "Team" (column D)');
    expect(dry.stdout).toContain("Dry run: nothing written.");
    expect(JSON.parse(fs.readFileSync(mapping, "utf8"))).toMatchObject({
      sheet: "Events",
      columns: { case: "Ticket", activity: "Step", time: "When", group: "Team", process: null },
    });
    const o = out("events-out.xlsx");
    const run = await cli("steps", log, "--tolerances", tol, ...OFFICE, "--mapping", mapping, "-o", o, "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.groups.map((g: { group: string; maxHours: number }) => [g.group, g.maxHours])).toEqual([
      ["G1", 1.5],
      ["G2", 1.5],
    ]);
    expect(json.processes[0]).toMatchObject({ process: "Incident", cases: 1, breached: 0 });
    // --save-mapping never replaces a file without --force, and needs --dry-run.
    const again = await cli("steps", log, ...args, "--time", "When", "--dry-run", "--save-mapping", mapping);
    expect(again.code).toBe(2);
    expect(
      (
        await cli(
          "steps",
          log,
          "--mapping",
          mapping,
          "--tolerances",
          tol,
          "--save-mapping",
          out("m2.json"),
          "-o",
          out("m2.xlsx"),
        )
      ).code,
    ).toBe(2);
  });
});

describe("exit codes", () => {
  test("1 when a row is rejected, with its row number", async () => {
    const log = file("rejected.csv", WORKED_LOG + "INC2,,G1,2024-03-04 09:00\nINC3,Opened,G1,2024-02-30 09:00\n");
    const run = await cli("steps", log, "--tolerances", path.join(dir, "worked-tol.csv"), "-o", out("rejected.xlsx"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("row 5: the activity is blank.");
    expect(run.stdout).toContain('row 6: time "2024-02-30 09:00" is not a real date and time.');
    expect(run.stderr).toContain("2 row(s) could not be read");
    expect(fs.existsSync(out("rejected.xlsx"))).toBe(true);
  });

  test("day/month dates: the order is inferred from the whole column, or the column is refused (exit 2)", async () => {
    const tol = path.join(dir, "worked-tol.csv");
    const dmy = file("dmy.csv", "Case ID,Activity,Complete Timestamp\n1,A,01/03/2024 09:00\n1,B,13/03/2024 10:00\n");
    const inferred = await cli("steps", dmy, "--tolerances", tol, "--dry-run", "--json");
    expect(inferred.stderr).toBe("");
    expect(inferred.code).toBe(0);
    expect(JSON.parse(inferred.stdout)).toMatchObject({ dateOrder: "DMY", steps: [{ maxHours: 12 * 24 + 1 }] });
    const both = file("both.csv", "Case ID,Activity,Complete Timestamp\n1,A,01/03/2024 09:00\n1,B,03/04/2024 10:00\n");
    const refused = await cli("steps", both, "--tolerances", tol, "--dry-run");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--date-order");
    const given = await cli("steps", both, "--tolerances", tol, "--dry-run", "--json", "--date-order", "MDY");
    expect(JSON.parse(given.stdout)).toMatchObject({ dateOrder: "MDY", steps: [{ maxHours: 61 * 24 + 1 }] });
  });

  test.each([
    ["no tolerances", [], "steps needs --tolerances"],
    ["bad tolerance rows", ["--tolerances", "bad-tol.csv"], "row 2: Tolerance Hours must be a number"],
    ["a missing column", ["--tolerances", "worked-tol.csv", "--time", "When"], 'header "When" not found'],
    ["an unknown zone", ["--tolerances", "worked-tol.csv", "--tz", "Mars/Olympus"], "is not an IANA time zone"],
  ])("2 for %s", async (_, extra, message) => {
    file("bad-tol.csv", "From Activity,To Activity,Tolerance Hours\nA,B,soon\n");
    const args = extra.map((a) => (a.endsWith(".csv") ? path.join(dir, a) : a));
    const run = await cli("steps", path.join(dir, "worked.csv"), ...args, "-o", out("never.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(fs.existsSync(out("never.xlsx"))).toBe(false);
  });

  test("2 when no case has two events", async () => {
    const log = file("single.csv", "Case ID,Activity,Complete Timestamp\n1,A,2024-03-04 09:00\n2,A,2024-03-04 10:00\n");
    const run = await cli("steps", log, "--tolerances", path.join(dir, "worked-tol.csv"), "-o", out("single.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no case has two events (2 event(s) of 2 case(s) read)");
    expect(fs.existsSync(out("single.xlsx"))).toBe(false);
  });
});

describe("a public help-desk event log (2,500 cases, test/fixtures/helpdesk)", () => {
  const LOG = path.join(__dirname, "..", "fixtures", "helpdesk", "helpdesk-slice.csv");
  const TOL = path.join(__dirname, "..", "fixtures", "helpdesk", "tolerances.csv");

  test("runs end to end from the process-mining column names; START/END events added to a copy are ignored with --ignore", async () => {
    const o = out("helpdesk.xlsx");
    const args = ["--tolerances", TOL, "--calendar", "Mon-Fri 08:00-18:00", "--tz", "Europe/Rome", "--json"];
    const run = await cli("steps", LOG, ...args, "-o", o);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ events: 11967, cases: 2500, rejected: [] });
    const [p] = json.processes;
    expect(p.process).toBe("Helpdesk");
    expect(p.cases + json.singleEventCases).toBe(2500);
    expect(p.breached).toBeGreaterThan(0);
    expect(p.gap).toBeGreaterThan(0);
    expect(p.gap).toBeLessThanOrEqual(p.breached);
    const main = json.steps.find(
      (s: { from: string; to: string }) => s.from === "Take in charge ticket" && s.to === "Resolve ticket",
    );
    expect(main.steps).toBeGreaterThan(1000);
    expect(main.medianHours).toBeLessThanOrEqual(main.p90Hours);
    expect(main.p90Hours).toBeLessThanOrEqual(main.p95Hours);
    expect(main.p95Hours).toBeLessThanOrEqual(main.maxHours);
    expect(json.untoleranced.length).toBeGreaterThan(0);
    expect(json.groups.find((g: { group: string }) => g.group === "Value 2").toleranceHours).toBe(16);
    expect((await sheet(o, "Process Cases")).length).toBe(2501);

    // The same log with an artificial START at each case's first event and END at its last.
    const lines = fs.readFileSync(LOG, "utf8").trim().split("\n");
    const byCase = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const c = line.slice(0, line.indexOf(","));
      byCase.set(c, [...(byCase.get(c) ?? []), line]);
    }
    const framed = [lines[0]];
    for (const [c, events] of byCase) {
      const times = events.map((e) => e.slice(e.lastIndexOf(",") + 1)).sort();
      framed.push(`${c},START,,${times[0]}`, ...events, `${c},END,,${times[times.length - 1]}`);
    }
    const startEnd = file("helpdesk-start-end.csv", framed.join("\n"));
    const counted = JSON.parse((await cli("steps", startEnd, ...args, "--dry-run")).stdout);
    expect(counted.events).toBe(11967 + 5000);
    expect(counted.steps.some((s: { from: string }) => s.from === "START")).toBe(true);
    const ignored = JSON.parse((await cli("steps", startEnd, ...args, "--dry-run", "--ignore", "START,END")).stdout);
    expect(ignored.ignored).toBe(5000);
    expect(ignored.processes).toEqual(json.processes);
    expect(ignored.steps).toEqual(json.steps);
  });
});

describe("the mapping: suggestions and refusals", () => {
  test("a partial header is a suggestion: refused naming the header row and the fix, applied with --accept-suggestions", async () => {
    const log = file("partial-log.csv", WORKED_LOG.replace("Case ID,", "Case ID Number,"));
    const tol = ["--tolerances", file("partial-tol.csv", WORKED_TOL), ...OFFICE];
    const refused = await cli("steps", log, ...tol, "-o", out("partial-refused.xlsx"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'no column for case. Header row 1 of "partial-log.csv": "Case ID Number", "Activity", "Assignment group", "Complete Timestamp". ' +
        'Suggested, not applied: case <- A "Case ID Number" (header starts with "case"). ' +
        "Fix: --map case=HEADER with headers of that row (or --accept-suggestions to apply the suggestions), or --header-row N",
    );
    expect(fs.existsSync(out("partial-refused.xlsx"))).toBe(false);
    const accepted = await cli("steps", log, ...tol, "--accept-suggestions", "--json", "-o", out("partial-a.xlsx"));
    const mapped = await cli(
      "steps",
      log,
      ...tol,
      "--map",
      "case=Case ID Number",
      "--json",
      "-o",
      out("partial-m.xlsx"),
    );
    expect([accepted.code, accepted.stderr]).toEqual([0, ""]);
    const figures = (stdout: string) => ({ ...JSON.parse(stdout), written: null });
    expect(figures(accepted.stdout)).toEqual(figures(mapped.stdout));
    // --header-row: the log below a title line.
    const titled = file("titled-log.csv", "Event log, March\n" + WORKED_LOG);
    const below = await cli("steps", titled, ...tol, "--header-row", "2", "--json", "-o", out("titled-log.xlsx"));
    expect([below.code, below.stderr]).toEqual([0, ""]);
    const worked = await cli("steps", file("worked2.csv", WORKED_LOG), ...tol, "--json", "-o", out("worked2.xlsx"));
    expect(figures(below.stdout)).toEqual(figures(worked.stdout));
  });
});
