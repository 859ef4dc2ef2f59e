/**
 * sla-governance tickets end to end through real files: a ServiceNow-style CSV, a Jira-style
 * export with ";" and a BOM, an .xlsx export, --workbook updating Results in place, the JSON,
 * and every exit code with its error line.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { serialFromIso } from "../../src/serial";
import { cli, sheetRows, tempDir } from "./helpers";
import { openWorkbook } from "../../cli/xlsx";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const sheet = sheetRows;
const serial = (iso: string) => serialFromIso(iso)!;

/** ServiceNow exports task history as quoted fields, CRLF line ends, local times "YYYY-MM-DD HH:MM:SS". */
const SERVICENOW = [
  '"number","priority","state","sys_updated_on","short_description"',
  // INC0010001: Monday 2024-03-04 09:00-11:00, on hold 11:00-14:00, resolved 16:00: 4 h of Mon-Fri 08:00-18:00, met (P1 = 4).
  '"INC0010001","1 - Critical","New","2024-03-04 09:00:00","Mail down, ""urgent"""',
  '"INC0010001","1 - Critical","Awaiting Caller","2024-03-04 11:00:00","Mail down, ""urgent"""',
  '"INC0010001","1 - Critical","In Progress","2024-03-04 14:00:00","Mail down, ""urgent"""',
  '"INC0010001","1 - Critical","Resolved","2024-03-04 16:00:00","Mail down, ""urgent"""',
  // INC0010002: Friday 17:00 to Monday 12:00: 1 + 4 = 5 h, missed; reopened and resolved again in April.
  '"INC0010002","2 - High","New","2024-03-29 17:00:00","VPN\nsecond line"',
  '"INC0010002","2 - High","Resolved","2024-04-01 12:00:00","VPN"',
  '"INC0010002","2 - High","In Progress","2024-04-02 08:00:00","VPN"',
  '"INC0010002","2 - High","Resolved","2024-04-02 09:00:00","VPN"',
  // INC0010003: still open.
  '"INC0010003","2 - High","New","2024-04-03 08:00:00","Printer"',
  "",
].join("\r\n");
const SN_ARGS = [
  "--start",
  "New",
  "--pause",
  "Awaiting Caller,On Hold",
  "--stop",
  "Resolved,Closed",
  "--targets",
  "1 - Critical=4,2 - High=8",
  "--services",
  "1 - Critical=SL-001,2 - High=SL-002",
  "--calendar",
  "Mon-Fri 08:00-18:00",
  "--tz",
  "Europe/Berlin",
];

describe("a ServiceNow-style CSV", () => {
  test("measures each ticket and writes the Tickets and Results sheets", async () => {
    const input = file("sn.csv", SERVICENOW);
    const out = path.join(dir, "sn-out.xlsx");
    const run = await cli("tickets", input, ...SN_ARGS, "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Read 9 event\(s\) of 3 ticket\(s\); 2 stopped, 1 running or paused, 0 not started\./);
    const tickets = await sheet(out, "Tickets");
    expect(tickets[0]).toEqual([
      "Ticket",
      "Priority",
      "Service ID",
      "Started",
      "Stopped",
      "Business Hours",
      "Paused Hours",
      "Target Hours",
      "Met",
      "State",
      "Period",
      "Priority Changes",
      "Breached At",
      "Warning",
      "Responded",
      "Response Hours",
      "Response Target Hours",
      "Response Met",
    ]);
    expect(tickets[1]).toEqual([
      "INC0010001",
      "1 - Critical",
      "SL-001",
      serial("2024-03-04T09:00:00Z"),
      serial("2024-03-04T16:00:00Z"),
      4,
      3,
      4,
      true,
      "Stopped",
      serial("2024-03-01"),
      0,
    ]);
    // Reopened: 1 + 4 (Fri 17-18, Mon 08-12) + 1 (Tue 08-09) = 6 h; stopped in April; met (8).
    expect(tickets[2].slice(4, 11)).toEqual([
      serial("2024-04-02T09:00:00Z"),
      6,
      0,
      8,
      true,
      "Stopped",
      serial("2024-04-01"),
    ]);
    expect(tickets[3].slice(0, 1).concat(tickets[3].slice(4, 11))).toEqual([
      "INC0010003",
      undefined,
      0,
      0,
      8,
      undefined,
      "Running",
      undefined,
    ]);
    expect(await sheet(out, "Results")).toEqual([
      ["Period", "Service ID", "Result", "Source"],
      [serial("2024-03-01"), "SL-001", 1, "tickets"],
      [serial("2024-04-01"), "SL-002", 1, "tickets"],
    ]);
  });

  test("--json gives the published shape; --as-of counts the open ticket up to then", async () => {
    const input = file("sn2.csv", SERVICENOW);
    const run = await cli(
      "tickets",
      input,
      ...SN_ARGS,
      "--as-of",
      "2024-04-03T12:00",
      "-o",
      path.join(dir, "sn2.xlsx"),
      "--json",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      events: 9,
      tickets: 3,
      cutCells: 0,
      findings: [],
      rejected: [],
      results: [
        { period: "2024-03", priority: "1 - Critical", service: "SL-001", measured: 1, met: 1, attainment: 1 },
        { period: "2024-04", priority: "2 - High", service: "SL-002", measured: 1, met: 1, attainment: 1 },
      ],
      running: 1,
      untargeted: [],
      dateOrder: null,
      responseResults: [],
      breachingSoon: [],
      groupRows: 0,
      eventOrder: "in memory",
      rejectedCount: 0,
      untargetedCount: 0,
      breachingSoonCount: 0,
      mergedCells: [],
    });
    const tickets = await sheet(path.join(dir, "sn2.xlsx"), "Tickets");
    expect(tickets[3][5]).toBe(4);
    // 4 of 8 hours as of then: the 50% warning.
    expect(tickets[3][13]).toBe("50%");
  });
});

describe("a Jira-style export with ';' and a BOM", () => {
  // New York, day/month dates; the spring-forward night of 2024-03-10 falls inside the 24x7 ticket.
  const JIRA =
    "\uFEFFIssue key;Summary;Priority;Status;Updated\n" +
    "SD-1;Login;Highest;Open;09/03/2024 22:00\n" +
    'SD-1;"Login; broken";Highest;Waiting for customer;10/03/2024 04:00\n' +
    "SD-1;Login;Highest;Resolved;10/03/2024 05:00\n" +
    "SD-2;Other;Low;Open;11/03/2024 09:00\n" +
    "SD-2;Other;Low;Resolved;11/03/2024 10:00\n" +
    ";Orphan;Low;Open;11/03/2024 10:00\n" +
    "SD-3;Bad;Low;Open;03/31/2024 10:00\n";

  test("counts the hours that really passed across the DST night, rejects unreadable rows with exit 1", async () => {
    const input = file("jira.csv", JIRA);
    const out = path.join(dir, "jira.xlsx");
    const run = await cli(
      "tickets",
      input,
      "--map",
      "priority=Priority,state=Status,ticket=Issue key,time=Updated",
      "--start=",
      "--pause",
      "Waiting for customer",
      "--stop",
      "Resolved",
      "--targets",
      "Highest=4",
      "--tz",
      "America/New_York",
      "--date-order",
      "DMY",
      "-o",
      out,
      "--json",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("sla-governance: 2 row(s) could not be read (listed on stdout).\n");
    const json = JSON.parse(run.stdout);
    expect(json.rejected).toEqual([
      { row: 7, reason: "the ticket is blank." },
      { row: 8, reason: 'time "03/31/2024 10:00" is not a real date and time.' },
    ]);
    expect(json.events).toBe(5);
    expect(json.untargeted).toEqual([{ ticket: "SD-2", priority: "Low" }]);
    const tickets = await sheet(out, "Tickets");
    // 22:00 to 04:00 across 02:00 -> 03:00 is 5 real hours running, then 1 hour waiting.
    expect(tickets[1].slice(0, 1).concat(tickets[1].slice(5, 10))).toEqual(["SD-1", 5, 1, 4, false, "Stopped"]);
  });
});

describe("an .xlsx export and --workbook", () => {
  async function writeExport(name: string): Promise<string> {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Export");
    ws.addRow(["Incident history, exported 2024-05-31"]);
    ws.getRow(2).values = ["Incident", "Urgency", "Timestamp", "Status"];
    const at = (iso: string) => new Date(iso + "Z"); // ExcelJS stores dates as UTC: the serial is the wall time
    ws.addRow(["INC1", "P1", at("2024-05-06T09:00:00"), "New"]);
    ws.addRow(["INC1", "P1", at("2024-05-06T12:30:00"), "Closed"]);
    ws.addRow(["INC2", "P1", at("2024-05-07T09:00:00"), "New"]);
    ws.addRow(["INC2", "P1", "2024-05-07 15:00", "Closed"]);
    const p = path.join(dir, name);
    await wb.xlsx.writeFile(p);
    return p;
  }

  test("reads serials as local times and updates the governed workbook's Results in place", async () => {
    const input = await writeExport("export.xlsx");
    const governed = path.join(dir, "governed.xlsx");
    const wb = new Workbook();
    wb.addWorksheet("Register").addRow(["ID", "Name"]);
    const results = wb.addWorksheet("Results");
    results.addRow(["Period", "Service ID", "Result", "Source"]);
    results.addRow([new Date("2024-04-01T00:00:00Z"), "SL-001", 0.9, "manual"]);
    results.addRow([new Date("2024-05-01T00:00:00Z"), "SL-001", 0.2, "manual"]);
    results.addRow([new Date("2024-05-01T00:00:00Z"), "SL-009", 0.99, "manual"]);
    await wb.xlsx.writeFile(governed);
    const before = fs.readFileSync(governed);
    const out = path.join(dir, "governed-out.xlsx");
    const run = await cli(
      "tickets",
      input,
      "--start",
      "New",
      "--pause=",
      "--stop",
      "Closed",
      "--targets",
      "P1=4",
      "--services",
      "P1=SL-001",
      "--calendar",
      "Mon-Fri 09:00-17:00",
      "--workbook",
      governed,
      "-o",
      out,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Results (1 updated, 0 appended)");
    expect(fs.readFileSync(governed).equals(before)).toBe(true);
    const wbOut = new Workbook();
    await wbOut.xlsx.readFile(out);
    expect(wbOut.worksheets.map((w) => w.name)).toEqual(["Register", "Results", "Tickets"]);
    expect(await sheet(out, "Results")).toEqual([
      ["Period", "Service ID", "Result", "Source"],
      [serial("2024-04-01"), "SL-001", 0.9, "manual"],
      // INC1 3.5 h met, INC2 6 h missed: 50%.
      [serial("2024-05-01"), "SL-001", 0.5, "tickets"],
      [serial("2024-05-01"), "SL-009", 0.99, "manual"],
    ]);
    const tickets = await sheet(out, "Tickets");
    expect(tickets.slice(1).map((r) => [r[0], r[3], r[5], r[8]])).toEqual([
      ["INC1", serial("2024-05-06T09:00"), 3.5, true],
      ["INC2", serial("2024-05-07T09:00"), 6, false],
    ]);
  });
});

describe("an .xlsx export with merged cells", () => {
  test("reads a merged area's value in its top-left cell only, as Excel does, and says which mapped columns that hides values in", async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Export");
    ws.addRow(["Number", "Priority", "State", "Updated", "Note"]);
    ws.addRow(["INC1", "P1", "New", "2024-03-04 09:00"]);
    ws.addRow(["INC1", null, "In Progress", "2024-03-04 10:00"]);
    ws.addRow(["INC1", null, "Resolved", "2024-03-04 11:00"]);
    ws.mergeCells("B2:B4"); // the priority typed once for the ticket's three rows
    ws.addRow(["INC2", "P1", "New", "2024-03-04 09:00"]);
    ws.addRow([null, "P1", "Resolved", "2024-03-04 15:00"]);
    ws.mergeCells("A5:A6"); // the ticket number merged over its two rows
    ws.mergeCells("E1:E6"); // a column the clock does not read: not reported
    const input = path.join(dir, "merged.xlsx");
    await wb.xlsx.writeFile(input);
    const args = ["--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=4", "--calendar", "24x7"];
    const run = await cli("tickets", input, ...args, "-o", path.join(dir, "merged-out.xlsx"), "--json");
    // INC2's second row reads a blank ticket: rejected (exit 1), and said why.
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.rejected).toEqual([{ row: 6, reason: "the ticket is blank." }]);
    expect(json.mergedCells).toEqual([
      { field: "ticket", column: "A", header: "Number", areas: 1, example: "A5:A6" },
      { field: "priority", column: "B", header: "Priority", areas: 1, example: "B2:B4" },
    ]);
    // INC1 keeps P1 over its blank priority cells: measured against P1's target, 2 h met.
    expect(json.results).toEqual([
      { period: "2024-03", priority: "P1", service: null, measured: 1, met: 1, attainment: 1 },
    ]);
    const text = await cli("tickets", input, ...args, "-o", path.join(dir, "merged-text.xlsx"));
    expect(text.stdout).toContain(
      'Warning: merged cells in ticket (column A "Number": 1 area(s) such as A5:A6), priority (column B "Priority": 1 area(s) such as B2:B4): as Excel reads a merged area, only its top-left cell holds the value',
    );
    // The preview says it before anything is written.
    const dry = await cli("tickets", input, ...args, "--dry-run", "--json");
    expect(JSON.parse(dry.stdout).mergedCells.map((m: { field: string }) => m.field)).toEqual(["ticket", "priority"]);
    const dryText = await cli("tickets", input, ...args, "--dry-run");
    expect(dryText.stdout).toContain("Warning: merged cells in ticket (column A");
  });
});

describe("issue 24: group clocks, the response clock, priority changes and warnings", () => {
  // Mon-Fri 09:00-17:00, UTC. INC1: G1 from 09:00 (2 h), G2 from 10:30 (1 h), resolved 12:00.
  // INC2: P3 raised to P1 at 10:00, answered (Assigned) at 09:30, still running as of 15:00: 6 of 8 h.
  const CSV = [
    "number,priority,state,sys_updated_on,assignment_group",
    "INC1,P2,New,2024-03-04 09:00,G1",
    "INC1,P2,Assigned,2024-03-04 10:30,G2",
    "INC1,P2,Resolved,2024-03-04 12:00,",
    "INC2,P3,New,2024-03-04 09:00,G1",
    "INC2,P3,Assigned,2024-03-04 09:30,",
    "INC2,P1,In Progress,2024-03-04 10:00,",
    "",
  ].join("\n");
  const ARGS = [
    "--start",
    "New",
    "--pause",
    "On Hold",
    "--stop",
    "Resolved",
    "--targets",
    "P1=8,P2=4,P3=24",
    "--calendar",
    "Mon-Fri 09:00-17:00",
    "--group",
    "assignment_group",
    "--ola-targets",
    "G1=2,G2=1",
    "--response-states",
    "Assigned",
    "--response-targets",
    "P1=1,P2=1,P3=2",
    "--response-services",
    "P2=SL-R2,P3=SL-R3",
    "--as-of",
    "2024-03-04 15:00",
  ];

  test("the Group Time sheet, the response columns and Results rows, the priority at the stop, breaching soon first", async () => {
    const input = file("groups.csv", CSV);
    const out = path.join(dir, "groups.xlsx");
    const run = await cli("tickets", input, ...ARGS, "-o", out, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.breachingSoon).toEqual([
      {
        ticket: "INC2",
        priority: "P1",
        state: "Running",
        businessHours: 6,
        targetHours: 8,
        warning: "75%",
        breachedAt: null,
      },
    ]);
    expect(json.groupRows).toBe(3);
    expect(json.responseResults).toEqual([
      { period: "2024-03", priority: "P2", service: "SL-R2", measured: 1, met: 0, attainment: 0 },
      { period: "2024-03", priority: "P3", service: "SL-R3", measured: 1, met: 1, attainment: 1 },
    ]);
    expect(await sheet(out, "Group Time")).toEqual([
      ["Ticket", "Group", "Assigned", "Held Hours", "Paused Hours", "Spells", "Target Hours", "Met"],
      ["INC1", "G1", serial("2024-03-04T09:00:00Z"), 1.5, 0, 1, 2, true],
      ["INC1", "G2", serial("2024-03-04T10:30:00Z"), 1.5, 0, 1, 1, false],
      ["INC2", "G1", serial("2024-03-04T09:00:00Z"), 6, 0, 1, 2, false],
    ]);
    const tickets = await sheet(out, "Tickets");
    // Breaching soon first: INC2 (75% of P1's 8 h), then INC1.
    expect(tickets.slice(1).map((r) => r[0])).toEqual(["INC2", "INC1"]);
    expect(tickets[1].slice(11)).toEqual([1, undefined, "75%", serial("2024-03-04T09:30:00Z"), 0.5, 2, true]);
    expect(tickets[2].slice(1, 2).concat(tickets[2].slice(5, 18))).toEqual([
      "P2",
      3,
      0,
      4,
      true,
      "Stopped",
      serial("2024-03-01"),
      0,
      undefined,
      undefined,
      serial("2024-03-04T10:30:00Z"),
      1.5,
      1,
      false,
    ]);
    expect((await sheet(out, "Results")).slice(1)).toEqual([
      [serial("2024-03-01"), "SL-R2", 0, "tickets"],
      [serial("2024-03-01"), "SL-R3", 1, "tickets"],
    ]);
  });

  test("--respond-on-group-change answers at the first reassignment; the text names the warnings", async () => {
    const input = file("groups2.csv", CSV);
    const out = path.join(dir, "groups2.xlsx");
    const run = await cli(
      "tickets",
      input,
      ...ARGS.filter((a, i) => a !== "--response-states" && ARGS[i - 1] !== "--response-states"),
      "--respond-on-group-change",
      "-o",
      out,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "1 ticket(s) running at 75% of the target or more, listed first on Tickets: INC2 (75%).",
    );
    expect(run.stdout).toContain("Wrote Group Time (3 rows: one per ticket and group).");
    const tickets = await sheet(out, "Tickets");
    // INC1 reassigned at 10:30 (1.5 h); INC2 never reassigned: not answered, 6 h so far.
    expect(tickets[2][14]).toBe(serial("2024-03-04T10:30:00Z"));
    expect(tickets[1][14]).toBeUndefined();
    expect(tickets[1][15]).toBe(6);
  });

  test("usage errors: a --group header that is not there, a group change without --group, a bad OLA target", async () => {
    const input = file("groups3.csv", CSV);
    const out = path.join(dir, "groups3.xlsx");
    const base = ARGS.slice(0, 10);
    let run = await cli("tickets", input, ...base, "--group", "Team", "-o", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sla-governance: --group: header "Team" not found; headers are /);
    run = await cli("tickets", input, ...base, "--respond-on-group-change", "-o", out);
    expect(run.stderr).toBe(
      "sla-governance: --respond-on-group-change needs --group COL: the column of the assignment group.\n",
    );
    run = await cli("tickets", input, ...base, "--ola-targets", "G1=two", "-o", out);
    expect(run.stderr).toBe(
      'sla-governance: --ola-targets: the target of G1 must be a number of hours of 0 or more, got "two".\n',
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("the real ServiceNow event log (UCI incident event log, a slice of 5,998 events)", () => {
  const LOG = path.join(__dirname, "..", "fixtures", "servicenow", "incident-event-log-slice.csv");

  test("DD-MM-YYYY times with --date-order DMY, group clocks on assignment_group, the response clock on Active", async () => {
    const out = path.join(dir, "uci.xlsx");
    const run = await cli(
      "tickets",
      LOG,
      "--date-order",
      "DMY",
      "--map",
      "ticket=number,time=sys_updated_at,state=incident_state,priority=priority",
      "--start=",
      "--pause",
      "Awaiting User Info,Awaiting Vendor,Awaiting Problem,Awaiting Evidence",
      "--stop",
      "Resolved,Closed",
      "--targets",
      "1 - Critical=4,2 - High=8,3 - Moderate=24,4 - Low=40",
      "--calendar",
      "Mon-Fri 08:00-18:00",
      "--group",
      "assignment_group",
      "--ola-targets",
      "Group 70=8,Group 24=8",
      "--response-states",
      "Active",
      "--response-targets",
      "1 - Critical=0.5,2 - High=1,3 - Moderate=4,4 - Low=8",
      "-o",
      out,
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect([json.events, json.tickets, json.rejected.length, json.dateOrder]).toEqual([5998, 890, 0, "DMY"]);
    expect(json.responseResults.length).toBeGreaterThan(0);

    const tickets = await sheet(out, "Tickets");
    const groups = await sheet(out, "Group Time");
    const byTicket = new Map(tickets.slice(1).map((r) => [r[0] as string, r]));
    // INC0000047, by hand: New Monday 29-02 04:57 (Group 70), Active 05:30 (Group 24), ..., on
    // hold (Awaiting User Info) Tuesday 09:14, Resolved 09:52. Mon-Fri 08-18: Monday 08-18 and
    // Tuesday 08:00-09:14 = 11 h 14 min, all Group 24's; answered at 05:30, before working hours.
    const inc47 = byTicket.get("INC0000047")!;
    expect(inc47[5]).toBeCloseTo(11 + 14 / 60, 9);
    expect(inc47[6]).toBeCloseTo(38 / 60, 9);
    expect([inc47[1], inc47[7], inc47[8], inc47[11], inc47[14], inc47[15]]).toEqual([
      "3 - Moderate",
      24,
      true,
      0,
      serial("2016-02-29T05:30:00Z"),
      0,
    ]);
    expect(groups.filter((g) => g[0] === "INC0000047").map((g) => [g[1], g[3], g[6], g[7]])).toEqual([
      ["Group 70", 0, 8, true],
      ["Group 24", expect.closeTo(11 + 14 / 60, 9), 8, false],
    ]);
    // Every event has a group (the log's "?" included), so each ticket's groups add up to its hours,
    // and the response clock never counts more than the resolution clock.
    const held = new Map<string, number>();
    for (const g of groups.slice(1)) held.set(g[0] as string, (held.get(g[0] as string) ?? 0) + (g[3] as number));
    for (const [ticket, r] of byTicket) {
      expect(held.get(ticket)).toBeCloseTo(r[5] as number, 6);
      if (typeof r[15] === "number") expect(r[15]).toBeLessThanOrEqual((r[5] as number) + 1e-9);
    }
    // The log's priority changes are counted (INC0000062 went from 3 - Moderate to 2 - High).
    expect(byTicket.get("INC0000062")!.slice(1, 2).concat(byTicket.get("INC0000062")![11])).toEqual(["2 - High", 1]);
  });
});

describe("usage and input errors exit 2 with one line", () => {
  const BASE = ["--start", "New", "--pause", "Hold", "--stop", "Resolved", "--targets", "P1=4"];
  const expectError = async (argv: string[], line: string | RegExp) => {
    const run = await cli(...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    if (typeof line === "string") expect(run.stderr).toBe(`sla-governance: ${line}\n`);
    else expect(run.stderr).toMatch(line);
  };
  let csv: string;
  let out: string;
  beforeAll(() => {
    csv = file("ok.csv", "Number,Priority,State,Updated\nINC1,P1,New,2024-03-04 09:00\n");
    out = path.join(dir, "x.xlsx");
  });

  test("options", async () => {
    await expectError(["tickets"], "tickets needs an export file (.csv or .xlsx).");
    await expectError(["tickets", csv, ...BASE.slice(0, 4), "--targets", "P1=4", "-o", out], "tickets needs --stop.");
    await expectError(["tickets", csv, ...BASE.slice(0, 6), "-o", out], "tickets needs --targets.");
    await expectError(["tickets", csv, ...BASE.slice(2), "-o", out], "tickets needs --start.");
    await expectError(["tickets", csv, ...BASE], "tickets needs -o <out.xlsx>.");
    await expectError(
      ["tickets", csv, ...BASE, "--tz", "Mars/Olympus", "-o", out],
      '--tz: "Mars/Olympus" is not an IANA time zone such as Europe/Berlin, America/New_York or UTC.',
    );
    await expectError(
      ["tickets", csv, "--start", "New", "--pause", "Resolved", "--stop", "resolved", "--targets", "P1=4", "-o", out],
      '--stop: the state "resolved" is also in --pause; a state can start, pause or stop the clock, not two of these.',
    );
    await expectError(
      ["tickets", csv, ...BASE.slice(0, 6), "--targets", "P1=four", "-o", out],
      '--targets: the target of P1 must be a number of hours of 0 or more, got "four".',
    );
    await expectError(
      ["tickets", csv, ...BASE.slice(0, 6), "--targets", "P1", "-o", out],
      '--targets expects LABEL=VALUE pairs separated by commas such as P1=4,P2=8, got "P1".',
    );
    await expectError(
      ["tickets", csv, ...BASE.slice(0, 6), "--targets", "P1=4,p1=5", "-o", out],
      '--targets names "p1" twice.',
    );
    await expectError(
      ["tickets", csv, ...BASE, "--date-order", "YMD", "-o", out],
      '--date-order expects DMY or MDY, got "YMD".',
    );
    await expectError(
      ["tickets", csv, ...BASE, "--as-of", "soon", "-o", out],
      /^sla-governance: --as-of: time "soon" is not a date-time/,
    );
    await expectError(
      ["tickets", csv, ...BASE, "--delimiter", "|", "-o", out],
      '--delimiter expects "," or ";", got "|".',
    );
    await expectError(
      ["tickets", csv, ...BASE, "--calendar", "Mon-Fri 9-5", "-o", out],
      /^sla-governance: calendar: segment "Mon-Fri 9-5"/,
    );
    await expectError(
      ["tickets", csv, ...BASE, "--zone", "UTC", "-o", out],
      "unknown option --zone for tickets. Try sla-governance tickets --help.",
    );
  });

  test("files", async () => {
    await expectError(
      ["tickets", path.join(dir, "none.csv"), ...BASE, "-o", out],
      `${path.join(dir, "none.csv")} does not exist.`,
    );
    const txt = file("export.txt", "x");
    await expectError(["tickets", txt, ...BASE, "-o", out], `${txt} is not a .csv or .xlsx export.`);
    await expectError(
      ["tickets", csv, ...BASE, "-o", path.join(dir, "x.csv")],
      `${path.join(dir, "x.csv")} is not an .xlsx file.`,
    );
    const gov = path.join(dir, "gov.xlsx");
    await expectError(
      ["tickets", csv, ...BASE, "--workbook", gov, "-o", gov],
      `the output ${gov} is an input file; the inputs are never modified.`,
    );
    const holidays = file("holidays.txt", "Date\n2024-12-25\nChristmas\n");
    await expectError(
      ["tickets", csv, ...BASE, "--holidays", holidays, "-o", out],
      `${holidays}, line 3: "Christmas" is not a date such as 2024-12-25.`,
    );
    const broken = file("broken.csv", 'Number,Priority,State,Updated\n"INC1,P1,New,2024-03-04 09:00\n');
    await expectError(
      ["tickets", broken, ...BASE, "-o", out],
      new RegExp(
        `^sla-governance: cannot read ${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} as CSV: Quote Not Closed`,
      ),
    );
    const empty = file("empty.csv", "");
    await expectError(["tickets", empty, ...BASE, "-o", out], `${empty} has no header row.`);
    const noTime = file("notime.csv", "Number,Priority,State\nINC1,P1,New\n");
    await expectError(
      ["tickets", noTime, ...BASE, "-o", out],
      'no column for time. Header row 1 of "notime.csv": "Number", "Priority", "State". ' +
        "Fix: --map time=HEADER with headers of that row, or --header-row N when the headers are on another row (--dry-run shows what was understood).",
    );
    await expectError(
      ["tickets", csv, ...BASE, "--map", "owner=Number", "-o", out],
      'column mapping: unknown field "owner"; fields are ticket, time, state, priority, opened, responded, resolved, closed, hold_hours. ' +
        'Header row 1 of "ok.csv": "Number", "Priority", "State", "Updated". ' +
        "Fix: --map FIELD=HEADER with a header of that row, or --header-row N when the headers are on another row (--dry-run shows the mapping).",
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  test("holidays are taken out of business time", async () => {
    const holidays = file("h2.csv", "Holiday\n2024-03-05\n");
    const input = file(
      "h.csv",
      "Number,Priority,State,Updated\nINC1,P1,New,2024-03-04 16:00\nINC1,P1,Resolved,2024-03-06 10:00\n",
    );
    const o = path.join(dir, "h.xlsx");
    const run = await cli(
      "tickets",
      input,
      ...BASE,
      "--calendar",
      "Mon-Fri 09:00-17:00",
      "--holidays",
      holidays,
      "-o",
      o,
      "--json",
    );
    expect(run.code).toBe(0);
    expect((await sheet(o, "Tickets"))[1][5]).toBe(2);
  });
});

describe("a long one-row-per-ticket export, measured in batches as it is read", () => {
  test("past 65,536 events listed by ticket it is measured batch by batch: each ticket's row as when read whole", async () => {
    const at = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
    const rows = (n: number) => {
      const lines = ["Number,Priority,Opened,Responded,Resolved"];
      for (let i = 0; i < n; i++) {
        const opened = Date.UTC(2024, 0, 1) + ((i * 7919) % (360 * 86400)) * 1000;
        const responded = opened + ((i * 31) % 7200) * 1000;
        lines.push(
          `INC${i},P${(i % 4) + 1},${at(opened)},${at(responded)},${at(responded + ((i * 977) % 259200) * 1000)}`,
        );
      }
      return lines.join("\n") + "\n";
    };
    const args = ["--opened", "Opened", "--responded", "Responded", "--resolved", "Resolved"];
    const targets = ["--targets", "P1=4,P2=8,P3=24,P4=40", "--response-targets", "P1=0.5,P2=1,P3=4,P4=8", "--json"];
    // 25,000 tickets are 75,000 events: past the first batch; 20,000 (60,000 events) are read whole.
    const [long, short] = [file("long.csv", rows(25_000)), file("short.csv", rows(20_000))];
    const [longOut, shortOut] = [path.join(dir, "long.xlsx"), path.join(dir, "short.xlsx")];
    const a = await cli("tickets", long, ...args, ...targets, "-o", longOut);
    const b = await cli("tickets", short, ...args, ...targets, "-o", shortOut);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([JSON.parse(a.stdout).eventOrder, JSON.parse(b.stdout).eventOrder]).toEqual(["grouped", "in memory"]);
    const [longRows, shortRows] = [
      (await openWorkbook(longOut)).grid("Tickets")!,
      (await openWorkbook(shortOut)).grid("Tickets")!,
    ];
    expect(longRows).toHaveLength(25_001);
    expect(longRows.slice(0, 20_001)).toEqual(shortRows);
  }, 120_000);
});
