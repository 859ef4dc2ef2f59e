/**
 * Issue 19: real client files on the first try. Each break is reproduced on a file of the same
 * shape made here (title blocks, trailing spaces, merged headers, ";" CSV with DD.MM.YYYY, a
 * 90-column list export, a process log with START/END), run through the command line in-process.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { registerRows } from "../../cli/commands";
import { openWorkbook } from "../../cli/xlsx";
import { cli, editContractExamples, folderState, tempDir, writeResultsContract, writeRows, CLOCK_P1 } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes rows (row 1 first) into a one-sheet .xlsx. */
function xlsx(name: string, rows: unknown[][], sheet = "Tracker", merges: string[] = []): Promise<string> {
  return writeRows(path.join(dir, name), rows, sheet, merges);
}

const measures = async (file: string) => registerRows(await openWorkbook(file)).filter((r) => r.level === "Measure");

describe("break 3: dates in every common form, with --date-order or inferred from the column", () => {
  const tracker = (dates: string[]) => [
    ["Savings tracker 2024"],
    ["Workstream", "Initiative", "Owner", "Due date"],
    ...dates.map((d, i) => ["Procurement", `Measure ${i + 1}`, "Ana", d]),
  ];

  test("30.09.2024 beside 01.10.2024: inferred DMY, every date read", async () => {
    const file = await xlsx("dmy.xlsx", tracker(["30.09.2024", "01.10.2024", "15.11.2024"]));
    const out = path.join(dir, "dmy-out.xlsx");
    const run = await cli("upgrade", file, "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect((await measures(out)).map((m) => m.due)).toEqual([45565, 45566, 45611]);
  });

  test("1/15/2022 beside 2/1/2022: inferred MDY", async () => {
    const file = await xlsx("mdy.xlsx", tracker(["1/15/2022", "2/1/2022"]));
    const out = path.join(dir, "mdy-out.xlsx");
    expect((await cli("upgrade", file, "-o", out)).code).toBe(0);
    expect((await measures(out)).map((m) => m.due)).toEqual([44576, 44593]);
  });

  test("an ambiguous column is refused naming --date-order, nothing written; --date-order reads it", async () => {
    const file = await xlsx("amb.xlsx", tracker(["01.02.2024", "03.04.2024"]));
    const out = path.join(dir, "amb-out.xlsx");
    const run = await cli("upgrade", file, "-o", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /Due date \(due\): dates such as "01\.02\.2024" read both as day\/month and as month\/day.*give --date-order DMY or MDY/,
    );
    expect(fs.existsSync(out)).toBe(false);
    const given = await cli("upgrade", file, "--date-order", "dmy", "-o", out);
    expect(given.code).toBe(0);
    expect((await measures(out)).map((m) => m.due)).toEqual([45323, 45385]);
    const bad = await cli("upgrade", file, "--date-order", "YMD", "-o", path.join(dir, "x.xlsx"));
    expect(bad).toMatchObject({ code: 2, stderr: 'sla-governance: --date-order expects DMY or MDY, got "YMD".\n' });
  });

  test("tickets: DD-MM-YYYY HH:MM (ServiceNow's event log) inferred from the column, and said", async () => {
    const csv = path.join(dir, "sn.csv");
    fs.writeFileSync(
      csv,
      "Number,Priority,State,Updated\n" +
        "INC1,P1,New,01-03-2024 09:00\nINC1,P1,Resolved,01-03-2024 11:30\n" +
        "INC2,P1,New,14-03-2024 09:00\nINC2,P1,Resolved,14-03-2024 10:00\n",
    );
    const out = path.join(dir, "sn.xlsx");
    const run = await cli(
      "tickets",
      csv,
      "--start",
      "New",
      "--pause=",
      "--stop",
      "Resolved",
      "--targets",
      "P1=2",
      "-o",
      out,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dates read as DMY (inferred: "14-03-2024 09:00" has a day above 12).');
    expect(run.stdout).toMatch(/2024-03 +P1 +2 +1 +50\.0%/);
  });

  test("tickets: an ambiguous time column is refused (exit 2) naming --date-order; with it, read", async () => {
    const csv = path.join(dir, "amb.csv");
    fs.writeFileSync(
      csv,
      "Number,Priority,State,Updated\nINC1,P1,New,01-03-2024 09:00\nINC1,P1,Resolved,01-03-2024 11:30\n",
    );
    const out = path.join(dir, "amb-t.xlsx");
    const args = ["tickets", csv, "--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=2", "-o", out];
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the time column: dates such as "01-03-2024 09:00" .* give --date-order DMY or MDY/);
    expect(fs.existsSync(out)).toBe(false);
    const given = await cli(...args, "--date-order", "MDY");
    expect(given.code).toBe(0);
    expect(given.stdout).toContain("Dates read as MDY (given).");
  });
});

describe("break 1: the header row chosen and the headers seen are named; title blocks, trailing spaces, merged headers", () => {
  test("a title block, a merged banner, trailing spaces and a two-level merged header: the right row is found", async () => {
    const file = await xlsx(
      "title.xlsx",
      [
        ["ACME Corp. Savings Programme FY2024"],
        ["Prepared by: PMO", null, "Status as of 30.06.2024"],
        [],
        ["Structure", null, null, "Savings (EUR)", null, "Milestone"],
        ["Workstream ", "Initiative  ", "Owner ", "Baseline Cost ", "Target Savings", "Due date "],
        ["Procurement", "Renegotiate telecom", "Ana", 1000, 200, "30.09.2024"],
        ["IT", "Cloud licences", "Ben", 5000, 700, "15.10.2024"],
      ],
      "Tracker",
      ["A1:F1", "A4:C4", "D4:E4"],
    );
    const run = await cli("upgrade", file, "--dry-run", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout);
    expect(preview.headerRow).toBe(5);
    expect(preview.fields.map((f: { field: string; column: string }) => `${f.field}=${f.column}`)).toEqual([
      "program=A",
      "measure=B",
      "owner=C",
      "baseline=D",
      "planned=E",
      "due=F",
    ]);
    const due = preview.fields.find((f: { field: string }) => f.field === "due");
    expect(due).toMatchObject({ samples: ["2024-09-30", "2024-10-15"], parsed: 2, filled: 2 });
    expect(due.note).toBe('DMY (inferred: "30.09.2024" has a day above 12)');
  });

  test("no measure column: the refusal names the header row, its headers (bounded) and the fix", async () => {
    const headers = Array.from({ length: 30 }, (_, i) => `Column ${i + 1} ${"x".repeat(60)}`);
    const file = await xlsx("nomeasure.xlsx", [headers, headers.map((_, i) => i)]);
    const run = await cli("upgrade", file, "-o", path.join(dir, "nomeasure-out.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^sla-governance: no column is mapped to "measure" .* Header row 1 of "Tracker": "Column 1 x+\.\.\."/,
    );
    expect(run.stderr).toContain(" and 10 more. Fix: --map measure=HEADER, or --header-row N");
    expect(run.stderr.length).toBeLessThan(1500);
  });
});

describe("break 2: only exact headers map; guesses are suggestions; FIELD= and one column for two fields", () => {
  const rows = [
    ["Project Code", "Initiative", "Forecast Spend", "Status", "Owner"],
    ["P-001", "Cut licences", 1000, "In Progress", "Ana"],
    ["P-002", "Move to cloud", 2000, "Completed", "Ben"],
    ["P-003", "Renegotiate", 3000, "Supplier Validation", "Cy"],
  ];

  test("a code column, a spend forecast and a free-text Status are suggested, not applied", async () => {
    const file = await xlsx("guesses.xlsx", rows);
    const run = await cli("upgrade", file, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Unmapped: organization, portfolio, program, project, package, controller,");
    expect(run.stdout).toContain('  project <- A "Project Code" (header starts with "project")');
    expect(run.stdout).toContain('  forecast <- C "Forecast Spend" (header starts with "forecast")');
    expect(run.stdout).toContain(
      '  gate <- D "Status" (its values are not gates (such as "In Progress"); map them with --gate-map)',
    );
    const out = path.join(dir, "guesses-out.xlsx");
    expect((await cli("upgrade", file, "-o", out)).code).toBe(0);
    const ms = await measures(out);
    expect(ms).toHaveLength(3);
    expect(ms.every((m) => m.forecast === null && m.gate === null)).toBe(true);
    const projects = registerRows(await openWorkbook(out)).filter((r) => r.level === "Project");
    expect(projects).toHaveLength(1); // one "(no project)", not one project per code
  });

  test("--accept-suggestions applies them; --map field= leaves a field unmapped", async () => {
    const file = await xlsx("accept.xlsx", rows);
    const run = await cli("upgrade", file, "--dry-run", "--json", "--accept-suggestions", "--map", "project=");
    const preview = JSON.parse(run.stdout);
    expect(preview.fields.find((f: { field: string }) => f.field === "forecast")).toMatchObject({
      column: "C",
      source: "suggestion",
    });
    expect(preview.unmapped).toContain("project");
  });

  test("headers that name nothing: the column's content is suggested (codes, dates, amounts), never applied", async () => {
    const file = await xlsx("content.xlsx", [
      ["Initiative", "Kennung", "Termin", "Einsparung"],
      ["Cut licences", "S-101", "31.01.2025", 1200.5],
      ["Move to cloud", "S-102", "28.02.2025", 45000],
      ["Renegotiate", "S-103", "15.03.2025", 980],
    ]);
    const run = await cli("upgrade", file, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  source_id <- B "Kennung" (its values are unique codes (3 sampled))');
    expect(run.stdout).toContain('  due <- C "Termin" (its values are dates (3 sampled))');
    expect(run.stdout).toContain('  planned <- D "Einsparung" (its values are amounts (3 sampled))');
    const out = path.join(dir, "content-out.xlsx");
    expect((await cli("upgrade", file, "-o", out)).code).toBe(0);
    expect((await measures(out)).every((m) => m.planned === null && m.due === null)).toBe(true);
    expect((await openWorkbook(out)).sheetNames).not.toContain("Source IDs");
    const accepted = path.join(dir, "content-accepted.xlsx");
    expect((await cli("upgrade", file, "--accept-suggestions", "-o", accepted)).code).toBe(0);
    expect((await measures(accepted)).map((m) => [m.planned, m.due])).toEqual([
      [1200.5, 45688],
      [45000, 45716],
      [980, 45731],
    ]);
  });

  test("one column chosen for two fields is refused naming both", async () => {
    const file = await xlsx("twice.xlsx", rows);
    const run = await cli("upgrade", file, "--map", "owner=Owner,controller=Owner", "-o", path.join(dir, "t.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /the column "Owner" is chosen for both owner and controller; a column feeds one field\. Header row 1 of "Tracker"/,
    );
  });
});

describe("break 4: status words translate to gates with --gate-map; the rest stay findings", () => {
  test('"In Progress=L3,Completed=L5" maps; "Supplier Validation" is reported', async () => {
    const file = await xlsx("gates.xlsx", [
      ["Initiative", "Status"],
      ["A", "In Progress"],
      ["B", "Completed"],
      ["C", "Supplier Validation"],
    ]);
    const out = path.join(dir, "gates-out.xlsx");
    const run = await cli(
      "upgrade",
      file,
      "--map",
      "gate=Status",
      "--gate-map",
      "In Progress=L3,Completed=L5",
      "-o",
      out,
    );
    expect(run.code).toBe(0);
    expect((await measures(out)).map((m) => m.gate)).toEqual(["L3 Implementing", "L5 Closed", "Supplier Validation"]);
    const bad = await cli("upgrade", file, "--gate-map", "In Progress=L9", "-o", path.join(dir, "g2.xlsx"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--gate-map: "In Progress=L9" does not map a value to one of the gates L0\.\.L5/);
  });
});

describe("break 5: upgrade reads CSV with the tickets command's delimiter and BOM handling", () => {
  test('a ";" CSV with a BOM and DD.MM.YYYY dates', async () => {
    const csv = path.join(dir, "tracker.csv");
    fs.writeFileSync(
      csv,
      "\uFEFFWorkstream;Initiative;Owner;Target Savings;Due date\n" +
        'Procurement;"Renegotiate; telecom";Ana;1200,50;30.09.2024\n' +
        "IT;Cloud;Ben;700;01.10.2024\n",
    );
    const out = path.join(dir, "tracker-out.xlsx");
    const run = await cli("upgrade", csv, "--decimal", ",", "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const ms = await measures(out);
    expect(ms.map((m) => [m.name, m.planned, m.due])).toEqual([
      ["Renegotiate; telecom", 1200.5, 45565],
      ["Cloud", 700, 45566],
    ]);
    const book = await openWorkbook(out);
    expect(book.sheetNames).toContain("tracker");
  });
});

describe("--dry-run writes nothing; mapping files carry the mapping to next month", () => {
  test("the output folder and the input are unchanged; --save-mapping then --mapping reads the same way", async () => {
    const folder = fs.mkdtempSync(path.join(dir, "dry-"));
    const file = path.join(folder, "in.xlsx");
    fs.copyFileSync(
      await xlsx("dryrun.xlsx", [
        ["Title"],
        ["Init.", "Status", "Due"],
        ["A", "In Progress", "01/02/2024"],
        ["B", "Done", "03/04/2024"],
      ]),
      file,
    );
    const before = folderState(folder);
    const run = await cli("upgrade", file, "--dry-run", "-o", path.join(folder, "out.xlsx"));
    expect(run.code).toBe(2); // measure is unmapped: "Init." is no synonym
    expect(run.stderr).toMatch(/measure is required but unmapped \(header row 2\)/);
    expect(folderState(folder)).toEqual(before);

    const mapping = path.join(dir, "next-month.json");
    const saved = await cli(
      "upgrade",
      file,
      "--dry-run",
      "--header-row",
      "2",
      "--map",
      "measure=Init.,gate=Status",
      "--gate-map",
      "In Progress=L3,Done=L5",
      "--date-order",
      "MDY",
      "--save-mapping",
      mapping,
    );
    expect(saved.code).toBe(0);
    expect(folderState(folder)).toEqual(before);
    expect(JSON.parse(fs.readFileSync(mapping, "utf8"))).toEqual({
      version: 1,
      sheet: "Tracker",
      headerRow: 2,
      columns: { measure: "Init.", gate: "Status", due: "Due" },
      values: { gate: { "in progress": "L3", done: "L5" } },
      dateOrder: "MDY",
    });
    const again = await cli("upgrade", file, "--dry-run", "--save-mapping", mapping);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists; nothing was written/) });

    const out = path.join(dir, "mapped.xlsx");
    const real = await cli("upgrade", file, "--mapping", mapping, "-o", out);
    expect(real.code).toBe(0);
    expect((await measures(out)).map((m) => [m.name, m.gate, m.due])).toEqual([
      ["A", "L3 Implementing", 45293],
      ["B", "L5 Closed", 45355],
    ]);
  });

  test("a 90-column list export: the preview finds the fields and quotes a bounded header excerpt", async () => {
    const headers = Array.from({ length: 90 }, (_, i) => `Attribute ${i + 1}`);
    headers[40] = "Initiative";
    headers[71] = "Owner";
    const rows = Array.from({ length: 5 }, (_, r) => headers.map((_, c) => `v${r}-${c}`));
    const file = await xlsx("wide.xlsx", [headers, ...rows]);
    const run = await cli("upgrade", file, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("header row 1 (90 columns), 5 data row(s)");
    expect(run.stdout).toContain('"Attribute 20" and 70 more');
    expect(run.stdout).toMatch(/measure \* +AO +Initiative +v0-40 \| v1-40 \| v2-40 +5\/5/);
  });
});

describe("break 7: nothing overwritten by surprise", () => {
  const digest = (file: string) =>
    (require("crypto") as typeof import("crypto")).createHash("sha256").update(fs.readFileSync(file)).digest("hex");

  test("new-contract -o an existing governed workbook is refused (exit 2, file untouched); --force replaces it", async () => {
    const governed = path.join(dir, "governed-798.xlsx");
    const up = await cli(
      "upgrade",
      await xlsx("g-src.xlsx", [["Initiative"], ...Array.from({ length: 20 }, (_, i) => [`M${i}`])]),
      "-o",
      governed,
    );
    expect(up.code).toBe(0);
    const before = digest(governed);
    const run = await cli("new-contract", "-o", governed);
    expect(run).toMatchObject({
      code: 2,
      stderr: `sla-governance: ${governed} already exists; nothing was written. Give --force to replace it, or choose another -o.\n`,
    });
    expect(digest(governed)).toBe(before);
    for (const argv of [
      ["upgrade", governed, "-o", governed],
      ["review", governed, "-o", governed],
    ]) {
      expect((await cli(...argv)).code).toBe(2);
      expect(digest(governed)).toBe(before);
    }
    const other = path.join(dir, "other.xlsx");
    fs.copyFileSync(governed, other);
    const again = await cli("upgrade", governed, "-o", other);
    expect(again.stderr).toMatch(/already exists; nothing was written/);
    expect((await cli("upgrade", governed, "-o", other, "--force")).code).toBe(0);
    const csv = path.join(dir, "t.csv");
    fs.writeFileSync(csv, "Number,State,Updated\nA,New,2024-01-01 10:00\nA,Resolved,2024-01-01 11:00\n");
    const tickets = await cli(
      "tickets",
      csv,
      "--start",
      "New",
      "--pause=",
      "--stop",
      "Resolved",
      "--targets",
      "P1=1",
      "-o",
      other,
    );
    expect(tickets.stderr).toMatch(/already exists; nothing was written/);
    expect((await cli("new-contract", "-o", other, "--force")).code).toBe(0);
  });

  test("new-contract --workbook adds the contract sheets to a copy of a governed workbook, keeping its register", async () => {
    const governed = path.join(dir, "governed-add.xlsx");
    await cli("upgrade", await xlsx("ga-src.xlsx", [["Initiative"], ["Cut licences"], ["Drop seats"]]), "-o", governed);
    const out = path.join(dir, "with-contract.xlsx");
    const run = await cli("new-contract", "--workbook", governed, "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "the Services, Contract, Results, Actions, Processes, Dependencies, Experience, Points sheet(s) with one marked example row each (Points: an example band table; left out until edited) added to a copy of",
    );
    expect(run.stdout).toContain("(kept as they were: Register)");
    const book = await openWorkbook(out);
    expect(book.sheetNames).toEqual(expect.arrayContaining(["Register", "Services", "Contract", "Results", "Actions"]));
    expect((await measures(out)).map((m) => m.name)).toEqual(["Cut licences", "Drop seats"]);
    const empty = path.join(dir, "empty-contract.xlsx");
    expect((await cli("new-contract", "--empty", "-o", empty)).code).toBe(0);
    const e = await openWorkbook(empty);
    expect(e.grid("Services")).toHaveLength(1);
    expect(e.grid("Results")).toHaveLength(1);
  });
});

describe("break 8: one-row-per-ticket exports", () => {
  /** A ServiceNow-style list export: 90 columns, one row per ticket, opened/responded/resolved/closed. */
  function listExport(): string {
    const headers = Array.from({ length: 90 }, (_, i) => `Field ${i + 1}`);
    Object.assign(headers, {
      0: "Number",
      3: "Priority",
      7: "Opened",
      8: "Response date",
      9: "Resolved",
      10: "Closed",
      11: "State",
    });
    const row = (n: string, p: string, o: string, r: string, res: string, c: string) => {
      const cells = headers.map((_, i) => `x${i}`);
      Object.assign(cells, { 0: n, 3: p, 7: o, 8: r, 9: res, 10: c, 11: "Closed" });
      return cells.map((v) => (v.includes(",") ? `"${v}"` : v)).join(",");
    };
    const file = path.join(dir, "list.csv");
    fs.writeFileSync(
      file,
      [
        headers.join(","),
        row("INC1", "P1", "2024-03-04 09:00", "2024-03-04 09:20", "2024-03-04 11:00", "2024-03-06 09:00"),
        row("INC2", "P1", "2024-03-04 09:00", "", "2024-03-04 15:00", "2024-03-07 09:00"),
        row("INC3", "P2", "2024-03-05 09:00", "2024-03-05 10:30", "", "2024-03-05 12:00"),
      ].join("\n") + "\n",
    );
    return file;
  }

  test("read as an event history it is refused (exit 2) naming --opened/--resolved from its headers", async () => {
    const run = await cli(
      "tickets",
      listExport(),
      "--map",
      "time=Opened,state=State",
      "--start",
      "New",
      "--pause=",
      "--stop",
      "Closed",
      "--targets",
      "P1=4",
      "-o",
      path.join(dir, "list-bad.xlsx"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("every one of the 3 ticket(s) has at most one event");
    expect(run.stderr).toContain(
      '--opened "Opened" --responded "Response date" --resolved "Resolved" --closed "Closed"',
    );
    expect(fs.existsSync(path.join(dir, "list-bad.xlsx"))).toBe(false);
  });

  test("--opened --responded --resolved --closed: each row becomes its ticket's events", async () => {
    const out = path.join(dir, "list.xlsx");
    const run = await cli(
      "tickets",
      listExport(),
      "--opened",
      "Opened",
      "--responded",
      "Response date",
      "--resolved",
      "Resolved",
      "--closed",
      "Closed",
      "--targets",
      "P1=4,P2=4",
      "--response-targets",
      "P1=0.5,P2=0.5",
      "--json",
      "-o",
      out,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.tickets).toBe(3);
    expect(json.results).toEqual([
      { period: "2024-03", priority: "P1", service: null, measured: 2, met: 1, attainment: 0.5 },
      { period: "2024-03", priority: "P2", service: null, measured: 1, met: 1, attainment: 1 },
    ]);
    // INC2 has no response date: the response clock stops at its resolution (the response clock's rule), 6 h > 0.5 h.
    expect(json.responseResults).toEqual([
      { period: "2024-03", priority: "P1", service: null, measured: 2, met: 1, attainment: 0.5 },
      { period: "2024-03", priority: "P2", service: null, measured: 1, met: 0, attainment: 0 },
    ]);
  });

  test("every one-row-per-ticket column is a --map choice too; the history's preview suggests them; conflicts refused", async () => {
    const file = listExport();
    const targets = ["--targets", "P1=4,P2=4", "--response-targets", "P1=0.5,P2=0.5", "--json"];
    const byOptions = await cli(
      "tickets",
      file,
      ...["--opened", "Opened", "--responded", "Response date", "--resolved", "Resolved", "--closed", "Closed"],
      ...targets,
      "-o",
      path.join(dir, "by-options.xlsx"),
    );
    const byMap = await cli(
      "tickets",
      file,
      "--map",
      "opened=Opened,responded=Response date,resolved=Resolved,closed=Closed",
      ...targets,
      "-o",
      path.join(dir, "by-map.xlsx"),
    );
    expect(byMap.code).toBe(0);
    const figures = (run: { stdout: string }) => {
      const { tickets, results, responseResults } = JSON.parse(run.stdout);
      return { tickets, results, responseResults };
    };
    expect(figures(byMap)).toEqual(figures(byOptions));
    expect(figures(byMap).tickets).toBe(3);

    // Read as a history, the preview offers each of them from its header, naming how to confirm it.
    const history = await cli("tickets", file, "--dry-run", "--json");
    expect(history.code).toBe(2); // time and state unmapped
    const offered = JSON.parse(history.stdout).suggestions as { field: string; header: string; why: string }[];
    expect(offered.map((o) => [o.field, o.header])).toEqual([
      ["opened", "Opened"],
      ["responded", "Response date"],
      ["resolved", "Resolved"],
      ["closed", "Closed"],
    ]);
    expect(offered[0].why).toContain('--map opened="Opened"');
    // For people: how to confirm them (--accept-suggestions applies them all, as the upgrade's does).
    const text = await cli("tickets", file, "--dry-run");
    expect(text.stdout).toContain(
      "Suggestions (not applied; confirm with --map FIELD=HEADER or --accept-suggestions):",
    );
    expect(text.stdout).toContain('opened <- H "Opened"');
    // --map opened=... confirms one; the preview then shows it chosen, with its times as read.
    const confirmed = await cli("tickets", file, "--map", "opened=Opened,resolved=Resolved", "--dry-run", "--json");
    expect(confirmed.code).toBe(0);
    const shown = JSON.parse(confirmed.stdout);
    expect(shown.fields.find((f: { field: string }) => f.field === "opened")).toMatchObject({
      header: "Opened",
      source: "chosen",
      samples: ["2024-03-04 09:00:00", "2024-03-04 09:00:00", "2024-03-05 09:00:00"],
    });
    expect(shown.suggestions.map((o: { field: string }) => o.field)).toEqual(["responded", "closed"]);

    // An option and a --map choice naming two columns for one field: refused, nothing written.
    const out = path.join(dir, "conflict.xlsx");
    const conflict = await cli("tickets", file, "--opened", "Opened", "--map", "opened=Closed", ...targets, "-o", out);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('--opened "Opened" and --map opened=Closed name two columns for one field');
    expect(fs.existsSync(out)).toBe(false);

    // A mapping file's column left unmapped with --map FIELD= (here: the closure time).
    const map = path.join(dir, "wide-map.json");
    const saved = await cli(
      "tickets",
      file,
      "--map",
      "opened=Opened,resolved=Resolved,closed=Closed",
      "--dry-run",
      "--save-mapping",
      map,
    );
    expect(saved.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(map, "utf8")).columns).toMatchObject({
      opened: "Opened",
      resolved: "Resolved",
      closed: "Closed",
    });
    const cleared = await cli("tickets", file, "--mapping", map, "--map", "closed=", "--dry-run", "--json");
    const fields = JSON.parse(cleared.stdout).fields.map((f: { field: string }) => f.field);
    expect(fields).toContain("resolved");
    expect(fields).not.toContain("closed");
    expect(JSON.parse(cleared.stdout).suggestions.map((o: { field: string }) => o.field)).not.toContain("closed");
  });

  test("tickets --dry-run --save-mapping writes the columns understood; next month --mapping reads them the same", async () => {
    const export1 = listExport();
    const map = path.join(dir, "tickets-map.json");
    const wide = ["--opened", "Opened", "--responded", "Response date", "--resolved", "Resolved", "--closed", "Closed"];
    // --save-mapping belongs to a dry run: refused without one, nothing written.
    const refused = await cli("tickets", export1, ...wide, "--targets", "P1=4", "--save-mapping", map, "-o", "x.xlsx");
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.stderr).toContain("--save-mapping writes the mapping a --dry-run shows");
    expect(fs.existsSync(map)).toBe(false);
    const dry = await cli("tickets", export1, ...wide, "--group", "Field 13", "--dry-run", "--save-mapping", map);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(map, "utf8"))).toEqual({
      version: 1,
      columns: {
        ticket: "Number",
        priority: "Priority",
        opened: "Opened",
        responded: "Response date",
        resolved: "Resolved",
        closed: "Closed",
        hold_hours: null,
        group: "Field 13",
      },
    });
    // An existing mapping file is never replaced without --force.
    const again = await cli("tickets", export1, ...wide, "--dry-run", "--save-mapping", map);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists; nothing was written");
    // Next month: the mapping file alone gives the columns; the results equal the run with the options.
    const target = ["--targets", "P1=4,P2=4", "--response-targets", "P1=0.5,P2=0.5", "--json"];
    const byOptions = await cli(
      "tickets",
      export1,
      ...wide,
      "--group",
      "Field 13",
      ...target,
      "-o",
      path.join(dir, "m1.xlsx"),
    );
    const byFile = await cli("tickets", export1, "--mapping", map, ...target, "-o", path.join(dir, "m2.xlsx"));
    expect(byFile.stderr).toBe("");
    expect(byFile.code).toBe(0);
    expect(JSON.parse(byFile.stdout)).toEqual(JSON.parse(byOptions.stdout));
    expect(JSON.parse(byFile.stdout).groupRows).toBeGreaterThan(0);
    // The command line wins over the file: --map priority= leaves the priority unmapped (one untargeted "" priority).
    const overridden = await cli(
      "tickets",
      export1,
      "--mapping",
      map,
      "--map",
      "priority=",
      "--default-target",
      "4",
      "--json",
      "-o",
      path.join(dir, "m3.xlsx"),
    );
    expect(overridden.stderr).toBe("");
    expect(JSON.parse(overridden.stdout).results.map((r: { priority: string }) => r.priority)).toEqual([""]);
  });

  test("a history export's mapping file carries the columns, the header row below a title and the inferred date order", async () => {
    const file = await xlsx("history.xlsx", [
      ["Incident history, March"],
      ["Ref", "Stage", "Changed", "Prio"],
      ["A", "New", "13.03.2024 09:00", "P1"],
      ["A", "Resolved", "13.03.2024 11:00", "P1"],
    ]);
    const map = path.join(dir, "history-map.json");
    const dry = await cli(
      "tickets",
      file,
      "--map",
      "ticket=Ref,state=Stage,time=Changed,priority=Prio",
      "--dry-run",
      "--save-mapping",
      map,
    );
    expect(dry.stderr).toBe("");
    expect(JSON.parse(fs.readFileSync(map, "utf8"))).toEqual({
      version: 1,
      headerRow: 2,
      columns: { ticket: "Ref", time: "Changed", state: "Stage", priority: "Prio" },
      dateOrder: "DMY",
    });
    const run = await cli(
      "tickets",
      file,
      "--mapping",
      map,
      ...CLOCK_P1,
      "--json",
      "-o",
      path.join(dir, "history-out.xlsx"),
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({
      tickets: 1,
      dateOrder: "DMY",
      results: [{ period: "2024-03", met: 1 }],
    });
  });

  test("--on-hold-hours takes each ticket's hours on hold off its clock; the preview suggests it from the header", async () => {
    const csv = path.join(dir, "onhold.csv");
    fs.writeFileSync(
      csv,
      "Number,Priority,Opened,Resolved,On hold duration\n" +
        "INC1,P1,2024-03-04 09:00,2024-03-04 15:00,2:00\n" + // 6 h - 2 h = 4 h: met (at the target)
        "INC2,P1,2024-03-04 09:00,2024-03-04 14:00,1 Hour 30 Minutes\n" + // 5 h - 1.5 h = 3.5 h: met
        "INC3,P1,2024-03-04 09:00,2024-03-04 14:00,soon\n" + // not a duration: rejected, measured 5 h: missed
        "INC4,P1,2024-03-04 09:00,2024-03-04 12:00,10\n", // more than its 3 h: 0 h, never negative
    );
    const wide = ["--opened", "Opened", "--resolved", "Resolved"];
    // The preview, without the option: a suggestion naming it, not applied.
    const dry = await cli("tickets", csv, ...wide, "--dry-run", "--json");
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).suggestions).toEqual([
      expect.objectContaining({ field: "hold_hours", header: "On hold duration" }),
    ]);
    expect(dry.stdout).toContain("--on-hold-hours");
    // With it: the column and its values as read.
    const shown = await cli("tickets", csv, ...wide, "--on-hold-hours", "On hold duration", "--dry-run", "--json");
    const field = JSON.parse(shown.stdout).fields.find((f: { field: string }) => f.field === "hold_hours");
    expect(field).toMatchObject({ header: "On hold duration", source: "chosen", filled: 4, parsed: 3 });
    expect(field.samples).toEqual(["2 h", "1.5 h", "soon (not read)"]);
    const out = path.join(dir, "onhold.xlsx");
    const run = await cli(
      "tickets",
      csv,
      ...wide,
      "--on-hold-hours",
      "On hold duration",
      "--targets",
      "P1=4",
      "--json",
      "-o",
      out,
    );
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.rejected).toEqual([
      { row: 4, reason: expect.stringContaining('the hours on hold "soon" are not a duration') },
    ]);
    expect(json.results).toEqual([
      { period: "2024-03", priority: "P1", service: null, measured: 4, met: 3, attainment: 0.75 },
    ]);
    const rows = (await openWorkbook(out)).grid("Tickets")!;
    const col = (name: string) => rows[0].indexOf(name);
    const hours = Object.fromEntries(
      rows.slice(1).map((r) => [r[col("Ticket")], [r[col("Business Hours")], r[col("Paused Hours")]]]),
    );
    expect(hours).toEqual({ INC1: [4, 2], INC2: [3.5, 1.5], INC3: [5, 0], INC4: [0, 3] });
    // The same column as a --map choice, as every other one-row-per-ticket column.
    const mapped = await cli(
      "tickets",
      csv,
      "--map",
      "opened=Opened,resolved=Resolved,hold_hours=On hold duration",
      "--targets",
      "P1=4",
      "--json",
      "-o",
      path.join(dir, "onhold-map.xlsx"),
    );
    expect(mapped.code).toBe(1);
    expect(JSON.parse(mapped.stdout)).toMatchObject({ rejected: json.rejected, results: json.results });
    // Only for one-row-per-ticket exports: a history names its hold states with --pause.
    const history = await cli(
      "tickets",
      csv,
      "--map",
      "time=Opened,state=Priority",
      "--start=",
      "--pause=",
      "--stop",
      "P2",
      "--targets",
      "P1=4",
      "--on-hold-hours",
      "On hold duration",
      "-o",
      path.join(dir, "oh2.xlsx"),
    );
    expect(history.code).toBe(2);
    expect(history.stderr).toContain("--on-hold-hours belongs to a one-row-per-ticket export");
  });

  test("a vendor sheet of resolved tickets with one time each is refused, never 0.0 hours Stopped with exit 0", async () => {
    const file = await xlsx("vendor.xlsx", [
      ["Ticket ID", "Status", "Date"],
      ["T1", "Resolved", "2024-03-04 10:00"],
      ["T2", "Resolved", "2024-03-05 10:00"],
    ]);
    const run = await cli("tickets", file, ...CLOCK_P1, "-o", path.join(dir, "vendor-out.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("every one of the 2 ticket(s) has at most one event");
  });

  test("no ticket ever starts: exit 2 naming the export's states", async () => {
    const csv = path.join(dir, "nostart.csv");
    fs.writeFileSync(csv, "Number,State,Updated\nA,Neu,2024-01-01 10:00\nA,Erledigt,2024-01-01 11:00\n");
    const run = await cli(
      "tickets",
      csv,
      "--start",
      "New",
      "--pause=",
      "--stop",
      "Resolved",
      "--targets",
      "P1=1",
      "-o",
      path.join(dir, "ns.xlsx"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'none of the 1 ticket(s) ever started: no event is in --start "New". The export\'s states include "Neu", "Erledigt"',
    );
  });
});

describe("break 9: a process-mining log with artificial START/END events", () => {
  test("Case ID / Activity / Complete Timestamp are recognised; END is not a reopen; --default-target", async () => {
    const csv = path.join(dir, "helpdesk-log.csv");
    fs.writeFileSync(
      csv,
      "Case ID,Activity,Resource,Complete Timestamp\n" +
        "Case 1,START,,2024-03-04 08:59:00\nCase 1,Assign seriousness,Value 1,2024-03-04 09:00:00\n" +
        "Case 1,Resolve ticket,Value 2,2024-03-04 13:00:00\nCase 1,Closed,Value 2,2024-03-05 09:00:00\nCase 1,END,,2024-03-05 09:00:01\n" +
        "Case 2,START,,2024-03-04 09:59:00\nCase 2,Assign seriousness,Value 1,2024-03-04 10:00:00\n" +
        "Case 2,Resolve ticket,Value 3,2024-03-04 20:00:00\nCase 2,END,,2024-03-04 20:00:01\n",
    );
    const out = path.join(dir, "log.xlsx");
    const log = ["tickets", csv, "--start=", "--pause=", "--stop", "Resolve ticket,Closed"];
    const run = await cli(...log, "--default-target", "8", "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 stopped, 0 running or paused, 0 not started.");
    expect(run.stdout).toContain("4 artificial START/END event(s) left out (no service state).");
    expect(run.stdout).toMatch(/2024-03 +2 +1 +50\.0%/);
    // Without it, the log's tickets (no priority column) are untargeted, and the run names the option.
    const bare = await cli(...log, "--targets", "P1=4", "-o", path.join(dir, "bare.xlsx"));
    expect(bare.stdout).toContain(
      "2 ticket(s) have no target (not measured): no priority 2; tickets without a priority (a process log has none) take --default-target HOURS.",
    );
  });

  test("XES-style headers (case:concept:name, concept:name, time:timestamp) map exactly: the public Helpdesk log", async () => {
    const log = path.join(__dirname, "..", "fixtures", "helpdesk", "helpdesk-slice.csv");
    const clock = ["--start=", "--pause=", "--stop", "Resolve ticket,Closed", "--default-target", "40"];
    const dry = await cli("tickets", log, ...clock, "--dry-run", "--json");
    expect(dry.code).toBe(0);
    expect(
      JSON.parse(dry.stdout).fields.map((f: { field: string; column: string; source: string }) => [
        f.field,
        f.column,
        f.source,
      ]),
    ).toEqual([
      ["ticket", "A", "exact"],
      ["time", "D", "exact"],
      ["state", "B", "exact"],
    ]);
    const run = await cli("tickets", log, ...clock, "-o", path.join(dir, "helpdesk.xlsx"), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      events: 11967,
      tickets: 2500,
      running: 1,
      rejectedCount: 0,
      untargetedCount: 0,
    });
  });
});

describe("break 6: stable identity across re-upgrades", () => {
  test("re-upgrading its own output with a different mapping updates the same measures, never duplicates", async () => {
    const file = await xlsx("ident.xlsx", [
      ["Project Code", "Initiative", "Alt name", "Owner"],
      ["P-1", "Cut licences", "Licence cut", "Ana"],
      ["P-2", "Move to cloud", "Cloud move", "Ben"],
      ["P-2", "Renegotiate", "Renegotiation", "Cy"],
    ]);
    const first = path.join(dir, "ident-1.xlsx");
    expect((await cli("upgrade", file, "-o", first)).code).toBe(0);
    const before = await measures(first);
    expect(before).toHaveLength(3);

    const second = path.join(dir, "ident-2.xlsx");
    const run = await cli(
      "upgrade",
      first,
      "--sheet",
      "Tracker",
      "--map",
      "project=Project Code",
      "--json",
      "-o",
      second,
    );
    expect(run.code).toBe(0);
    const after = await measures(second);
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
    const all = registerRows(await openWorkbook(second));
    const parentOf = (id: unknown) => all.find((r) => r.id === all.find((x) => x.id === id)?.parentId);
    // measure -> (no package) -> the project the new mapping names
    expect(after.map((m) => parentOf(m.parentId)?.name)).toEqual(["P-1", "P-2", "P-2"]);

    // The measure column changed: the same rows, the register's names kept, the source's reported.
    const third = path.join(dir, "ident-3.xlsx");
    const again = await cli(
      "upgrade",
      second,
      "--sheet",
      "Tracker",
      "--map",
      "project=Project Code,measure=Alt name",
      "--json",
      "-o",
      third,
    );
    expect(again.code).toBe(0);
    const last = await measures(third);
    expect(last.map((m) => [m.id, m.name])).toEqual(before.map((m) => [m.id, m.name]));
    const conflicts = JSON.parse(again.stdout).findings.filter((f: { code: string }) => f.code === "SOURCE_CONFLICT");
    expect(conflicts).toHaveLength(3);
  });

  test("with an ID column, a re-upgrade finds each measure by its ID: rows re-sorted, one inserted, names changed", async () => {
    const file = await xlsx("ids.xlsx", [
      ["ID", "Initiative", "Owner"],
      ["S-1", "Cut licences", "Ana"],
      ["S-2", "Move to cloud", "Ben"],
      ["S-3", "Renegotiate", "Cy"],
    ]);
    const first = path.join(dir, "ids-1.xlsx");
    const up = await cli("upgrade", file, "--json", "-o", first);
    expect(up.code).toBe(0);
    const before = await measures(first);
    const idOf = Object.fromEntries(before.map((m) => [m.name, m.id]));
    expect((await openWorkbook(first)).grid("Source IDs")).toEqual([
      ["Source Sheet", "Source ID", "Register ID"],
      ["Tracker", "S-1", idOf["Cut licences"]],
      ["Tracker", "S-2", idOf["Move to cloud"]],
      ["Tracker", "S-3", idOf["Renegotiate"]],
    ]);
    // Next month the client sorts the sheet, inserts S-4 on top and renames S-2 and S-3 (S-3 takes S-2's old name).
    const wb = await new Workbook().xlsx.readFile(first);
    const ws = wb.getWorksheet("Tracker")!;
    [
      ["S-4", "Drop seats", "Dee"],
      ["S-3", "Move to cloud", "Cy"],
      ["S-1", "Cut licences", "Ana"],
      ["S-2", "Cloud migration", "Ben"],
    ].forEach((r, i) => (ws.getRow(i + 2).values = r));
    const moved = path.join(dir, "ids-moved.xlsx");
    await wb.xlsx.writeFile(moved);
    const second = path.join(dir, "ids-2.xlsx");
    const run = await cli("upgrade", moved, "--sheet", "Tracker", "--json", "-o", second);
    expect(run.stderr).toBe("");
    const after = await measures(second);
    // Three measures kept their IDs and names (the register wins; the source's new names are conflicts); one new.
    expect(after.map((m) => [m.id, m.name, m.sourceRow])).toEqual([
      [idOf["Cut licences"], "Cut licences", 4],
      [idOf["Move to cloud"], "Move to cloud", 5],
      [idOf["Renegotiate"], "Renegotiate", 3],
      [expect.any(String), "Drop seats", 2],
    ]);
    const conflicts = JSON.parse(run.stdout).findings.filter((f: { code: string }) => f.code === "SOURCE_CONFLICT");
    expect(conflicts.map((f: { sourceRow: number }) => f.sourceRow).sort()).toEqual([3, 5]);
    // A changed mapping (another measure column) never duplicates either.
    const third = path.join(dir, "ids-3.xlsx");
    const remapped = await cli("upgrade", second, "--sheet", "Tracker", "--map", "measure=Owner", "-o", third);
    expect(remapped.code).toBe(0);
    expect((await measures(third)).map((m) => m.id)).toEqual(after.map((m) => m.id));
  });

  test("a duplicate ID in the client's column is a finding naming both rows; nothing is merged", async () => {
    const file = await xlsx("dupid.xlsx", [
      ["Ref", "Initiative"],
      ["R-1", "Cut licences"],
      ["R-1", "Move to cloud"],
    ]);
    const run = await cli("upgrade", file, "--json", "-o", path.join(dir, "dupid-out.xlsx"));
    const found = JSON.parse(run.stdout).findings.filter((f: { code: string }) => f.code === "DUPLICATE_SOURCE_ID");
    expect(found).toEqual([
      expect.objectContaining({
        severity: "error",
        sourceRow: 3,
        message: expect.stringContaining('Source rows 2 and 3 have the same ID "R-1" in "Ref"'),
      }),
    ]);
    expect(await measures(path.join(dir, "dupid-out.xlsx"))).toHaveLength(2);
  });

  test("a genuine duplicate (the same measure twice under one parent) is a finding", async () => {
    const file = await xlsx("dupm.xlsx", [["Initiative"], ["Cut licences"], ["Cut licences"]]);
    const run = await cli("upgrade", file, "--json", "-o", path.join(dir, "dupm-out.xlsx"));
    const codes = JSON.parse(run.stdout).findings.map((f: { code: string }) => f.code);
    expect(codes).toContain("DUPLICATE");
  });
});

describe("break 11: the Dashboard shows Not assessed, with its count, planned amount and reason", () => {
  test("measures without a forecast are counted, summed and explained", async () => {
    const file = await xlsx("na.xlsx", [
      ["Initiative", "Planned Savings", "Forecast", "Due date"],
      ["A", 100000, null, "2024-09-30"],
      ["B", 200000, null, "2024-10-30"],
      ["C", 300, 300, "2024-10-30"],
    ]);
    const out = path.join(dir, "na-out.xlsx");
    expect((await cli("upgrade", file, "--as-of", "2024-09-01", "-o", out)).code).toBe(0);
    const grid = (await openWorkbook(out)).grid("Dashboard")!;
    const row = grid.find((r) => r[0] === "Not assessed")!;
    expect([row[0], row[1], row[2], row[4]]).toEqual(["Not assessed", 2, 300000, "no forecast 2"]);
    expect(grid.find((r) => r[0] === "On track")!.slice(0, 3)).toEqual(["On track", 1, 300]);
  });
});

describe("break 10: results from the client's own SLA report", () => {
  const contract = () => writeResultsContract(dir);

  test("a long CSV report (period, service, value): 95, 95% and 0.95 read on the % scale; rows keyed by period and Service ID", async () => {
    const csv = path.join(dir, "vendor-report.csv");
    fs.writeFileSync(
      csv,
      "Month;SLA;Achieved\nJan 2024;SL-001;99%\nFeb 2024;SL-001;97.5\nMar 2024;SL-001;98\nJan 2024;Restore time;3.5\n",
    );
    const workbook = await contract();
    const out = path.join(dir, "results-long.xlsx");
    const run = await cli("results", csv, "--workbook", workbook, "-o", out, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.layout).toBe("long");
    // What was understood, shown before anything is trusted: the columns and how dates were read.
    expect(json.understood).toEqual(['period: "Month" (A)', 'service: "SLA" (B)', 'value: "Achieved" (C)']);
    expect(
      json.results.map((r: { period: string; service: string; result: number }) => [r.period, r.service, r.result]),
    ).toEqual([
      ["2024-01", "SL-001", 0.99],
      ["2024-02", "SL-001", 0.975],
      ["2024-03", "SL-001", 0.98],
      ["2024-01", "SL-002", 3.5],
    ]);
    expect([json.updated, json.appended]).toEqual([1, 3]);
    const grid = (await openWorkbook(out)).grid("Results")!;
    expect(grid.slice(1).map((r) => [r[1], r[2], r[3]])).toEqual([
      ["SL-001", 0.99, "report: vendor-report.csv"],
      ["SL-001", 0.975, "report: vendor-report.csv"],
      ["SL-001", 0.98, "report: vendor-report.csv"],
      ["SL-002", 3.5, "report: vendor-report.csv"],
    ]);
  });

  test("a long report's day/month order is inferred from a day above 12 and shown in the preview", async () => {
    const csv = path.join(dir, "dmy-report.csv");
    fs.writeFileSync(csv, "Period,Service,Value\n05/01/2024,SL-001,99%\n29/02/2024,SL-001,98%\n");
    const run = await cli("results", csv, "--workbook", await contract(), "--dry-run");
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(
      'Read as period: "Period" (A); service: "Service" (B); value: "Value" (C); dates read as DMY (inferred: "29/02/2024" has a day above 12).',
    );
    expect(run.stdout).toMatch(/2024-01\s+SL-001\s+0\.99/);
  });

  test("mapping files: --dry-run --save-mapping records columns, header row and date order; next month's --mapping reads the same", async () => {
    const workbook = await contract();
    const january = path.join(dir, "vendor-jan.csv");
    fs.writeFileSync(
      january,
      "Vendor SLA report\nMonat;Dienst;Erreicht\n05/01/2024;SL-001;99%\n29/02/2024;SL-001;98%\n",
    );
    const map = path.join(dir, "vendor-report.json");
    const choices = ["--map", "period=Monat,service=Dienst,value=Erreicht", "--header-row", "2"];
    expect((await cli("results", january, "--workbook", workbook, ...choices, "--save-mapping", map)).stderr).toBe(
      "sla-governance: --save-mapping writes the mapping a --dry-run shows; give --dry-run with it.\n",
    );
    const saved = await cli("results", january, "--workbook", workbook, ...choices, "--dry-run", "--save-mapping", map);
    expect(saved.stderr).toBe("");
    expect(saved.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(map, "utf8"))).toEqual({
      version: 1,
      headerRow: 2,
      columns: { period: "Monat", service: "Dienst", value: "Erreicht" },
      dateOrder: "DMY",
    });
    // Next month's report has only dates that read both ways: refused without the file, read as DMY with it.
    const march = path.join(dir, "vendor-mar.csv");
    fs.writeFileSync(march, "Vendor SLA report\nMonat;Dienst;Erreicht\n01/03/2024;SL-001;97.5%\n");
    const bare = await cli("results", march, "--workbook", workbook, ...choices, "--dry-run");
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/read both as day\/month and as month\/day.*--date-order DMY or MDY/);
    const out = path.join(dir, "vendor-mar.xlsx");
    const run = await cli("results", march, "--workbook", workbook, "--mapping", map, "-o", out, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    // The sheet and header row used (a CSV's sheet is its file's name), as upgrade and tickets say them.
    expect([json.sheet, json.headerRow]).toEqual(["vendor-mar.csv", 2]);
    expect(json.understood).toEqual([
      'period: "Monat" (A)',
      'service: "Dienst" (B)',
      'value: "Erreicht" (C)',
      "dates read as DMY (given)",
    ]);
    expect(json.results.map((r: { period: string; result: number }) => [r.period, r.result])).toEqual([
      ["2024-03", 0.975],
    ]);
    // An option wins over the file: --map value= another column, --date-order MDY.
    fs.writeFileSync(march, "Vendor SLA report\nMonat;Dienst;Erreicht;Korrigiert\n01/03/2024;SL-001;97.5%;96%\n");
    const over = await cli(
      "results",
      march,
      "--workbook",
      workbook,
      "--mapping",
      map,
      "--map",
      "value=Korrigiert",
      "--date-order",
      "MDY",
      "--dry-run",
      "--json",
    );
    expect(
      JSON.parse(over.stdout).results.map((r: { period: string; result: number }) => [r.period, r.result]),
    ).toEqual([["2024-01", 0.96]]);
  });

  test("a wide report (services as rows, months as columns); an ambiguous percentage is rejected (exit 1)", async () => {
    const file = await xlsx(
      "wide-report.xlsx",
      [
        ["Service", "2024-01", "2024-02", "2024-03"],
        ["SL-001", 97, 0.99, 98.2],
        ["SL-002", 5, 4, "n/a"],
      ],
      "Report",
    );
    const workbook = await contract();
    const out = path.join(dir, "results-wide.xlsx");
    const run = await cli("results", file, "--workbook", workbook, "-o", out, "--json");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.layout).toBe("services as rows");
    expect(
      json.results.map((r: { period: string; service: string; result: number }) => [r.period, r.service, r.result]),
    ).toEqual([
      ["2024-01", "SL-001", 0.97],
      ["2024-03", "SL-001", 0.982],
      ["2024-01", "SL-002", 5],
      ["2024-02", "SL-002", 4],
    ]);
    expect(json.rejected).toEqual([
      {
        at: "C2",
        reason: expect.stringContaining('"0.99" for SL-001 is ambiguous: 99% if a fraction, 0.99% if a percentage'),
      },
      { at: "D3", reason: '"n/a" is not a number' },
    ]);
    const dry = await cli("results", file, "--workbook", workbook, "--dry-run");
    expect(dry.stdout).toContain("Dry run: nothing written (1 Results row(s) would be updated, 3 appended).");
    expect(dry.stdout).toContain('Read as service: "Service" (A); months: the headers of columns B-D (3).');
  });
});

describe("break 10: the reverse wide layout and a new contract's example service", () => {
  test("months as rows, services (by ID or name) as columns, below a title block", async () => {
    const file = await xlsx(
      "months-rows.xlsx",
      [
        ["Monthly service report, Contoso"],
        [],
        ["Month", "SL-001", "Restore time"],
        ["Jan 2024", "96.5%", 5],
        ["Feb 2024", "99%", 7.5],
      ],
      "Vendor",
    );
    const governed = path.join(dir, "mr-contract.xlsx");
    expect((await cli("new-contract", "-o", governed)).code).toBe(0);
    // new-contract's example service SL-001 takes no result until edited: refused, naming the example.
    const fresh = await cli("results", file, "--workbook", governed, "--header-row", "3", "--dry-run", "--json");
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain("the only service level on its Services sheet is new-contract's example");
    // Edited (the user's own service level, and one restore-time service beside it), the report is read.
    const wb = editContractExamples(await new Workbook().xlsx.readFile(governed));
    wb.getWorksheet("Services")!.addRow(["SL-002", "Restore time", "", "", "SLA", "", "Hours", "hours", "<=", 4, 6, 8]);
    const edited = path.join(dir, "mr-edited.xlsx");
    await wb.xlsx.writeFile(edited);
    const run = await cli(
      "results",
      file,
      "--workbook",
      edited,
      "--header-row",
      "3",
      "--json",
      "-o",
      path.join(dir, "mr-out.xlsx"),
    );
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout);
    expect(json.layout).toBe("months as rows");
    expect(json.understood).toEqual(['period: "Month" (A)', "services: the headers of 2 columns (B-C)"]);
    expect(
      json.results.map((r: { period: string; service: string; result: number }) => [r.period, r.service, r.result]),
    ).toEqual([
      ["2024-01", "SL-001", 0.965],
      ["2024-01", "SL-002", 5],
      ["2024-02", "SL-001", 0.99],
      ["2024-02", "SL-002", 7.5],
    ]);
  });
});

describe("tickets --dry-run: the columns understood, nothing written", () => {
  test("columns no header names: their content suggests the ticket, time and priority, never applied", async () => {
    const csv = path.join(dir, "unnamed.csv");
    const lines = ["Ref,When,What,Level,Note"];
    for (let t = 1; t <= 6; t++) {
      lines.push(`INC00${t},2024-03-0${t} 09:00,New,P${1 + (t % 3)},call ${t}`);
      lines.push(`INC00${t},05/03/2024 1${t}:30,Resolved,P${1 + (t % 3)},done`);
    }
    fs.writeFileSync(csv, lines.join("\n") + "\n");
    const run = await cli("tickets", csv, "--dry-run", "--json");
    expect(run.code).toBe(2); // ticket, time and state unmapped: nothing applied on its own
    const preview = JSON.parse(run.stdout);
    expect(preview.fields).toEqual([]);
    expect(
      preview.suggestions.map((s: { field: string; header: string; why: string }) => [s.field, s.header, s.why]),
    ).toEqual([
      ["ticket", "Ref", "its values are codes (12 sampled)"],
      ["time", "When", "its values are dates (12 sampled)"],
      ["priority", "Level", "its values are priorities (12 sampled)"],
    ]);
    // Confirmed with --map, the preview reads them (the state named too) and the run could go.
    const confirmed = await cli(
      "tickets",
      csv,
      "--map",
      "ticket=Ref,time=When,state=What,priority=Level",
      "--dry-run",
      "--json",
    );
    expect(confirmed.code).toBe(0);
    expect(
      JSON.parse(confirmed.stdout).fields.map((f: { field: string; source: string }) => [f.field, f.source]),
    ).toEqual([
      ["ticket", "chosen"],
      ["time", "chosen"],
      ["state", "chosen"],
      ["priority", "chosen"],
    ]);
  });

  test('a ";" CSV with DD.MM.YYYY times: fields, samples as read, parse counts, the inferred order', async () => {
    const folder = fs.mkdtempSync(path.join(dir, "tdry-"));
    const csv = path.join(folder, "export.csv");
    fs.writeFileSync(
      csv,
      "\uFEFFNumber;Priority;State;Updated\nINC1;P1;New;30.09.2024 09:00\nINC1;P1;Resolved;30.09.2024 11:00\nINC2;P2;New;01.10.2024 08:00\n",
    );
    const before = folderState(folder);
    const run = await cli("tickets", csv, "--dry-run", "--json", "-o", path.join(folder, "out.xlsx"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(folderState(folder)).toEqual(before);
    const preview = JSON.parse(run.stdout);
    expect(preview.fields.map((f: { field: string; column: string }) => `${f.field}=${f.column}`)).toEqual([
      "ticket=A",
      "time=D",
      "state=C",
      "priority=B",
    ]);
    expect(preview.fields[1]).toMatchObject({
      samples: ["2024-09-30 09:00:00", "2024-09-30 11:00:00", "2024-10-01 08:00:00"],
      parsed: 3,
      filled: 3,
      note: 'DMY (inferred: "30.09.2024 09:00" has a day above 12)',
    });
    const missing = await cli("tickets", csv, "--dry-run", "--map", "state=");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/state is required but unmapped/);
  });
});
