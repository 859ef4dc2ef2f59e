/**
 * Issue 26, C4: a text longer than a cell holds, on a minimal reproduction per writing command
 * (one 40,000-character cell): the cell is written cut to 32,767 characters and marked, and
 * the command reports it as a TEXT_CUT warning naming the sheet, the cell and the original
 * length, on the Findings sheet and in --json. Real .xlsx round trips, temp dirs.
 */
import * as fs from "fs";
import { Workbook } from "exceljs";
import { MAX_CELL_CHARS } from "../../src/cellText";
import { cli, governedSample, sheetRows, tempFolder } from "./helpers";

const { dir, file, out } = tempFolder();
const LONG = (prefix: string) => `${prefix}${"9".repeat(40_000 - prefix.length)}`;
const TICKETS = ["--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=4"];

/** A Findings row as the sheet lists it. */
type Row = unknown[];

/**
 * Checks one reported cut: the cell holds 32,767 characters ending in the marker with the
 * original length; the Findings sheet has a TEXT_CUT warning naming the sheet, cell and length
 * (its row in Source Row); the JSON lists the same message.
 */
async function expectCut(
  book: string,
  sheet: string,
  cell: string,
  length: number,
  json: { findings: { code: string; message: string; severity: string; sourceRow: number | null }[] },
): Promise<void> {
  const col = cell.charCodeAt(0) - 65;
  const row = Number(cell.slice(1));
  const written = String((await sheetRows(book, sheet))[row - 1][col]);
  expect(written.length).toBe(MAX_CELL_CHARS);
  expect(written.endsWith(` [cut: ${length.toLocaleString("en-US")} characters]`)).toBe(true);
  const message = `${sheet}!${cell}: a text of ${length.toLocaleString("en-US")} characters, more than the 32,767 an Excel cell holds`;
  const findings = (await sheetRows(book, "Findings")) as Row[];
  expect(findings[0]).toEqual(["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"]);
  const listed = findings.filter((r) => r?.[0] === "TEXT_CUT" && String(r[5]).startsWith(message));
  expect(listed).toHaveLength(1);
  expect(listed[0][3]).toBe(row);
  expect(listed[0][6]).toBe("warning");
  const inJson = json.findings.filter((f) => f.message.startsWith(message));
  expect(inJson).toEqual([expect.objectContaining({ code: "TEXT_CUT", severity: "warning", sourceRow: row })]);
}

describe("C4: every writing command reports the cells it cut", () => {
  const ticketCsv = (name: string, id: string) =>
    file(name, `Number,Priority,State,Updated\n${id},P1,New,2024-03-04 09:00\n${id},P1,Resolved,2024-03-04 10:00\n`);

  test("tickets: a 40,000-character ticket ID, written as measured", async () => {
    const csv = ticketCsv("t.csv", LONG("INC-"));
    const o = out("t.xlsx");
    const run = await cli("tickets", csv, ...TICKETS, "-o", o, "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.cutCells).toBe(1);
    await expectCut(o, "Tickets", "A2", 40_000, json);
    // For people: the warning names the cell.
    const text = await cli("tickets", csv, ...TICKETS, "-o", out("t2.xlsx"));
    expect(text.stdout).toContain("Warning: Tickets!A2: a text of 40,000 characters");
  }, 60_000);

  test("tickets: rows kept and written after (--as-of puts the breaching ones first) find their final cell", async () => {
    // INC1 is still running at --as-of: listed first; the long ticket then comes second.
    const id = LONG("INC-");
    const csv = file(
      "asof.csv",
      `Number,Priority,State,Updated\n${id},P1,New,2024-03-04 09:00\n${id},P1,Resolved,2024-03-04 10:00\nINC1,P1,New,2024-03-04 09:30\n`,
    );
    const o = out("asof.xlsx");
    const run = await cli("tickets", csv, ...TICKETS, "--as-of", "2024-03-05", "-o", o, "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect((await sheetRows(o, "Tickets"))[1][0]).toBe("INC1");
    await expectCut(o, "Tickets", "A3", 40_000, json);
  }, 60_000);

  test("tickets --workbook: the Findings sheet keeps its rows; a run that cuts nothing drops its own old cut rows", async () => {
    const governed = out("governed-t.xlsx");
    const wb = new Workbook();
    const findings = wb.addWorksheet("Findings");
    findings.addRow(["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"]);
    findings.addRow(["MISSING_OWNER", "M-0001", 5, 4, "owner", "M-0001 has no owner.", "error"]);
    findings.addRow([
      "TEXT_CUT",
      "",
      null,
      2,
      null,
      'Actions!B2: a text of 50,000 characters, more than the 32,767 an Excel cell holds, is cut to the limit (its end marked "[cut: 50,000 characters]"). Keep the full text outside the workbook.',
      "warning",
    ]);
    await wb.xlsx.writeFile(governed);
    const o = out("t-governed.xlsx");
    const run = await cli("tickets", ticketCsv("g.csv", LONG("INC-")), ...TICKETS, "--workbook", governed, "-o", o);
    expect(run.code).toBe(0);
    const rows = (await sheetRows(o, "Findings")) as Row[];
    expect(rows.map((r) => [r[0], String(r[5]).slice(0, 11)])).toEqual([
      ["Code", "Message"],
      ["MISSING_OWNER", "M-0001 has "],
      ["TEXT_CUT", "Actions!B2:"],
      ["TEXT_CUT", "Tickets!A2:"],
    ]);
    // Measured again with a short ID: the Tickets sheet holds no cut cell now, so its row goes.
    const again = out("t-again.xlsx");
    const short = await cli("tickets", ticketCsv("short.csv", "INC1"), ...TICKETS, "--workbook", o, "-o", again);
    expect(short.code).toBe(0);
    expect(((await sheetRows(again, "Findings")) as Row[]).map((r) => String(r[5]).slice(0, 11))).toEqual([
      "Message",
      "M-0001 has ",
      "Actions!B2:",
    ]);
  }, 60_000);

  test("steps: a 40,000-character case ID on the Process Cases sheet", async () => {
    const id = LONG("CASE-");
    const log = file(
      "log.csv",
      `Case ID,Activity,Complete Timestamp\n${id},Received,2024-03-04 09:00\n${id},Shipped,2024-03-04 11:00\n`,
    );
    const tol = file("tol.csv", "Process;From Activity;To Activity;Tolerance Hours;Owner\nOrder;*;*;6;COO\n");
    const o = out("steps.xlsx");
    const run = await cli("steps", log, "--tolerances", tol, "--calendar", "Mon-Fri 09:00-17:00", "-o", o, "--json");
    expect(run.code).toBe(0);
    await expectCut(o, "Process Cases", "B2", 40_000, JSON.parse(run.stdout));
  }, 60_000);

  /** A governed workbook with one service level whose ID is `id`, and whatever else `more` adds. */
  async function serviceBook(name: string, id: string, more?: (wb: Workbook) => void): Promise<string> {
    const wb = new Workbook();
    const services = wb.addWorksheet("Services");
    services.addRow(["ID", "Service", "Business Process", "Provider", "Agreement", "Supports SL", "Metric", "Unit"]);
    services.addRow([id, "Service desk", "", "", "SLA", "", "Tickets resolved in time", "%"]);
    more?.(wb);
    const p = out(name);
    await wb.xlsx.writeFile(p);
    return p;
  }

  test.each([
    ["results", "Results", (id: string) => `Month,SLA,Achieved\nJan 2024,${id},99%\n`],
    ["experience", "Experience", (id: string) => `Submitted,Service,Score\n2026-04-03 10:00,${id},9\n`],
  ])(
    "%s: a 40,000-character Service ID the input names, on the %s sheet",
    async (command, sheet, input) => {
      const id = LONG("SL-");
      const book = await serviceBook(`${command}-book.xlsx`, id);
      const o = out(`${command}.xlsx`);
      const run = await cli(command, file(`${command}.csv`, input(id)), "--workbook", book, "-o", o, "--json");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      await expectCut(o, sheet, "B2", 40_000, JSON.parse(run.stdout));
    },
    60_000,
  );

  test("upgrade: a 40,000-character client ID, on the Source IDs sheet (register texts are the register's TEXT_CUT)", async () => {
    const id = LONG("S-");
    const csv = file("client.csv", `ID,Initiative,Owner\n${id},Cut licences,Ana\n`);
    const o = out("upgraded.xlsx");
    const run = await cli("upgrade", csv, "--org", "Contoso", "-o", o, "--json");
    expect(run.stderr).toBe("");
    await expectCut(o, "Source IDs", "B2", 40_000, JSON.parse(run.stdout));
  }, 60_000);

  test("close and reopen: a reason longer than a cell is refused (a signed entry cannot be cut); nothing written", async () => {
    const governed = out("to-close.xlsx");
    const [pick] = await governedSample(dir(), governed, 1);
    const closed = out("closed.xlsx");
    const long = "r".repeat(40_000);
    const base = ["--measure", pick.id, "--controller", "Carla", "--confirmed", String(pick.planned), "--unsigned"];
    const refused = await cli("close", governed, ...base, "--reason", long, "-o", closed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "The reason is 40,000 characters, more than the 32,767 an Excel cell holds; an audit entry is signed as written and cannot be cut",
    );
    expect(refused.stderr.length).toBeLessThan(1_000);
    expect(fs.existsSync(closed)).toBe(false);
    expect((await cli("close", governed, ...base, "-o", closed)).code).toBe(0);
    const reopened = out("reopened.xlsx");
    const again = ["--measure", pick.id, "--controller", "Carla", "--unsigned", "-o", reopened];
    const reopen = await cli("reopen", closed, ...again, "--reason", long);
    expect(reopen.code).toBe(1);
    expect(reopen.stderr).toContain("The reason is 40,000 characters");
    expect(fs.existsSync(reopened)).toBe(false);
  }, 120_000);
});
