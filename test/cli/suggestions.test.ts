/**
 * Issue 19, "Only confident guesses are applied", for every command that guesses a mapping:
 * a partial header or a column's content is shown as a suggestion (in --dry-run and --json)
 * and used only when confirmed with --map or --accept-suggestions; every refusal about the
 * mapping names the header row, its headers and the fix. Files of each shape are made here.
 */
import * as fs from "fs";
import * as path from "path";
import * as rowReading from "../../cli/package/rows";
import { cli, folderState, resultFigures, tempDir, writeResultsContract, writeRows, writtenResults } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes rows (row 1 first) into a one-sheet .xlsx. */
function xlsx(name: string, rows: unknown[][], sheet = "Report"): Promise<string> {
  return writeRows(path.join(dir, name), rows, sheet);
}

const figures = resultFigures;
const offered = (stdout: string) =>
  JSON.parse(stdout).suggestions.map((s: { field: string; column: string; header: string; why: string }) => [
    s.field,
    s.column,
    s.header,
    s.why,
  ]);

describe("results: partial headers are suggestions, applied only when confirmed", () => {
  /** A vendor's long report whose period and value headers only start with a synonym. */
  function partialReport(): string {
    const csv = path.join(dir, "partial.csv");
    fs.writeFileSync(
      csv,
      "Reporting month start,SLA,Actual value\nJan 2024,SL-001,99%\nFeb 2024,SL-001,97.5\nJan 2024,Restore time,3.5\n",
    );
    return csv;
  }

  test("a run is refused (exit 2, nothing written) naming the header row, its headers, the suggestions and the fix", async () => {
    const out = path.join(dir, "partial-out.xlsx");
    const run = await cli("results", partialReport(), "--workbook", await writeResultsContract(dir), "-o", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no layout found: a long report needs a column for period, value");
    expect(run.stderr).toContain(
      'Header row 1 of "partial.csv": "Reporting month start", "SLA", "Actual value". ' +
        'Suggested, not applied: period <- A "Reporting month start" (header starts with "reporting month"), ' +
        'value <- C "Actual value" (header starts with "actual"). ' +
        "Fix: --map period=HEADER,value=HEADER with headers of that row (or --accept-suggestions to apply the suggestions), " +
        "or --header-row N when the headers are on another row",
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  test("--dry-run shows them (text and --json), writes nothing, exits 2", async () => {
    const workbook = await writeResultsContract(dir);
    const before = folderState(dir);
    const json = await cli("results", partialReport(), "--workbook", workbook, "--dry-run", "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ layout: null, headerRow: 1, unmapped: ["period", "value"] });
    expect(offered(json.stdout)).toEqual([
      ["period", "A", "Reporting month start", 'header starts with "reporting month"'],
      ["value", "C", "Actual value", 'header starts with "actual"'],
    ]);
    const text = await cli("results", partialReport(), "--workbook", workbook, "--dry-run");
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(
      "Suggestions (not applied; confirm with --map FIELD=HEADER or --accept-suggestions):\n" +
        '  period <- A "Reporting month start" (header starts with "reporting month")\n' +
        '  value <- C "Actual value" (header starts with "actual")\n',
    );
    expect(folderState(dir)).toEqual(before);
  });

  test("--accept-suggestions applies them and says so; --map confirms them the same", async () => {
    const workbook = await writeResultsContract(dir);
    const accepted = await cli(
      "results",
      partialReport(),
      "--workbook",
      workbook,
      "--accept-suggestions",
      "--json",
      "-o",
      path.join(dir, "accepted.xlsx"),
    );
    expect(accepted.stderr).toBe("");
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout).understood).toEqual([
      'period: "Reporting month start" (A, suggestion accepted)',
      'service: "SLA" (B)',
      'value: "Actual value" (C, suggestion accepted)',
    ]);
    expect(JSON.parse(accepted.stdout).suggestions).toEqual([]);
    const expected = [
      ["2024-01", "SL-001", 0.99],
      ["2024-02", "SL-001", 0.975],
      ["2024-01", "SL-002", 3.5],
    ];
    expect(figures(accepted.stdout)).toEqual(expected);
    expect(await writtenResults(path.join(dir, "accepted.xlsx"))).toEqual([
      ["SL-001", 0.99],
      ["SL-001", 0.975],
      ["SL-002", 3.5],
    ]);
    const mapped = await cli(
      "results",
      partialReport(),
      "--workbook",
      workbook,
      "--map",
      "period=Reporting month start,value=Actual value",
      "--dry-run",
      "--json",
    );
    expect(mapped.code).toBe(0);
    expect(figures(mapped.stdout)).toEqual(expected);
    expect(JSON.parse(mapped.stdout).understood[0]).toBe('period: "Reporting month start" (A)');
  });

  test("a --map naming no header is refused naming the header row, its headers and the fix", async () => {
    const run = await cli(
      "results",
      partialReport(),
      "--workbook",
      await writeResultsContract(dir),
      "--map",
      "value=Result",
      "--dry-run",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('header "Result" not found');
    expect(run.stderr).toContain('Header row 1 of "partial.csv": "Reporting month start", "SLA", "Actual value".');
    expect(run.stderr).toContain("Fix: --map FIELD=HEADER with a header of that row, or --header-row N");
  });
});

describe("results: columns no header names are suggested by their content", () => {
  /**
   * A report below a title block whose headers name no field: months, service levels (by ID
   * and by name) and numbers.
   */
  const contentReport = () =>
    xlsx("content.xlsx", [
      ["Vendor monthly figures"],
      [],
      ["When", "Which", "Outcome", "Note"],
      ["Jan 2024", "SL-001", "99%", "ok"],
      ["Feb 2024", "SL-001", 97.5, "ok"],
      ["Mar 2024", "Restore time", 3.5, "slow week"],
      ["Apr 2024", "SL-002", 5, ""],
    ]);

  test("months, the workbook's service levels and numbers are suggested, never applied on their own", async () => {
    // (No data value starts with a field's synonym, or its row would score as a header row.)
    const workbook = await writeResultsContract(dir);
    const file = await contentReport();
    const run = await cli("results", file, "--workbook", workbook, "--header-row", "3", "--dry-run", "--json");
    expect(run.code).toBe(2);
    expect(offered(run.stdout)).toEqual([
      ["period", "A", "When", "its values are months (4 sampled)"],
      ["service", "B", "Which", "its values are the workbook's service levels (4 sampled)"],
      ["value", "C", "Outcome", "its values are numbers (4 sampled)"],
    ]);
    const accepted = await cli(
      "results",
      file,
      "--workbook",
      workbook,
      "--header-row",
      "3",
      "--accept-suggestions",
      "--dry-run",
      "--json",
    );
    expect(accepted.code).toBe(0);
    expect(figures(accepted.stdout)).toEqual([
      ["2024-01", "SL-001", 0.99],
      ["2024-02", "SL-001", 0.975],
      ["2024-03", "SL-002", 3.5],
      ["2024-04", "SL-002", 5],
    ]);
    // Without --header-row: no row names a field, so the text row just above the data is taken
    // (not the one-cell title); the refusal names it, the suggestions and --header-row.
    const untold = await cli("results", file, "--workbook", workbook, "--dry-run");
    expect(untold.code).toBe(2);
    expect(untold.stderr).toContain('Header row 3 of "Report": "When", "Which", "Outcome", "Note".');
    expect(untold.stderr).toContain('Suggested, not applied: period <- A "When"');
    expect(untold.stderr).toContain("--header-row N when the headers are on another row");
  });

  test("a wide report is read as before with --accept-suggestions: its numbers are no value column", async () => {
    const file = await xlsx("wide.xlsx", [
      ["Service", "2024-01", "2024-02", "2024-03"],
      ["SL-001", 97, 98.5, 98.2],
      ["SL-002", 5, 4, 3],
      ["SL-009", 99, 99.5, 97],
    ]);
    const workbook = await writeResultsContract(dir);
    const plain = await cli("results", file, "--workbook", workbook, "--dry-run", "--json");
    const accepted = await cli("results", file, "--workbook", workbook, "--dry-run", "--json", "--accept-suggestions");
    expect(plain.code).toBe(1); // SL-009 is no service level of the workbook
    expect(JSON.parse(plain.stdout).layout).toBe("services as rows");
    expect(JSON.parse(accepted.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(JSON.parse(plain.stdout).suggestions).toEqual([]);
  });
});

describe("tickets --accept-suggestions: one path for a history's and a one-row-per-ticket export's guesses", () => {
  /** A history whose state header only starts with a synonym, and whose ticket and time columns no header names. */
  function historyExport(): string {
    const csv = path.join(dir, "history.csv");
    const lines = ["Ref,When,Status Name,Priority"];
    for (let t = 1; t <= 4; t++) {
      lines.push(`INC00${t},2024-03-0${t} 09:00,New,P1`);
      lines.push(`INC00${t},2024-03-0${t} 1${t}:00,Resolved,P1`);
    }
    fs.writeFileSync(csv, lines.join("\n") + "\n");
    return csv;
  }
  const clock = ["--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=2"];
  /** A run into `out` in the folder that must go through (exit 0, nothing on stderr): its JSON. */
  async function measured(file: string, out: string, ...args: string[]) {
    const run = await cli("tickets", file, ...args, "--json", "-o", path.join(dir, out));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    return JSON.parse(run.stdout);
  }

  test("--dry-run shows the partial header and the content suggestions; --accept-suggestions applies both", async () => {
    const file = historyExport();
    const dry = await cli("tickets", file, "--dry-run", "--json");
    expect(dry.code).toBe(2);
    expect(offered(dry.stdout)).toEqual([
      ["state", "C", "Status Name", 'header starts with "status"'],
      ["ticket", "A", "Ref", "its values are codes (8 sampled)"],
      ["time", "B", "When", "its values are dates (8 sampled)"],
    ]);
    const text = await cli("tickets", file, "--dry-run");
    expect(text.stdout).toContain(
      "Suggestions (not applied; confirm with --map FIELD=HEADER or --accept-suggestions):\n" +
        '  state <- C "Status Name" (header starts with "status")\n',
    );
    const accepted = await cli("tickets", file, "--dry-run", "--json", "--accept-suggestions");
    expect(accepted.code).toBe(0);
    const preview = JSON.parse(accepted.stdout);
    expect(
      preview.fields.map((f: { field: string; column: string; source: string }) => [f.field, f.column, f.source]),
    ).toEqual([
      ["ticket", "A", "suggestion"],
      ["time", "B", "suggestion"],
      ["state", "C", "suggestion"],
      ["priority", "D", "exact"],
    ]);
    expect(preview.suggestions).toEqual([]);
    expect(preview.fields[1]).toMatchObject({ parsed: 8, filled: 8 });
  });

  test("a run with --accept-suggestions measures what the dry run showed, as --map does; refused without it", async () => {
    const file = historyExport();
    const out = path.join(dir, "history-plain.xlsx");
    const plain = await cli("tickets", file, ...clock, "-o", out);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(
      'no column for ticket, time, state. Header row 1 of "history.csv": "Ref", "When", "Status Name", "Priority". ' +
        'Suggested, not applied: state <- C "Status Name" (header starts with "status"). ' +
        "Fix: --map ticket=HEADER,time=HEADER,state=HEADER with headers of that row (or --accept-suggestions to apply the suggestions)",
    );
    expect(fs.existsSync(out)).toBe(false);
    const accepted = await measured(file, "history-accepted.xlsx", ...clock, "--accept-suggestions");
    const mapped = await measured(
      file,
      "history-mapped.xlsx",
      ...clock,
      "--map",
      "ticket=Ref,time=When,state=Status Name",
    );
    expect(accepted).toEqual(mapped);
    // INC001 2 h (met at the target), INC002 3 h, INC003 4 h, INC004 5 h: 1 of 4 within P1=2.
    expect(accepted.results).toEqual([
      { period: "2024-03", priority: "P1", service: null, measured: 4, met: 1, attainment: 0.25 },
    ]);
  });

  test("--save-mapping writes the accepted columns by header; next month --mapping reads them the same", async () => {
    const file = historyExport();
    const map = path.join(dir, "accepted-map.json");
    const saved = await cli("tickets", file, "--dry-run", "--accept-suggestions", "--save-mapping", map);
    expect(saved.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(map, "utf8")).columns).toEqual({
      ticket: "Ref",
      time: "When",
      state: "Status Name",
      priority: "Priority",
    });
    const byFile = await measured(file, "h-file.xlsx", ...clock, "--mapping", map);
    expect(byFile).toEqual(await measured(file, "h-accept.xlsx", ...clock, "--accept-suggestions"));
  });

  /** A one-row-per-ticket list export below a title: codes and priorities no header names, Opened/Resolved named. */
  const listExport = () =>
    xlsx(
      "list.xlsx",
      [
        ["Incidents closed in March"],
        ["Ref", "Level", "Opened", "Response date", "Resolved", "Comment"],
        ["INC001", "P1", "2024-03-04 09:00", "2024-03-04 09:20", "2024-03-04 11:00", "printer"],
        ["INC002", "P2", "2024-03-05 09:00", "2024-03-05 10:30", "2024-03-05 15:00", "vpn"],
        ["INC003", "P1", "2024-03-06 09:00", "", "2024-03-06 14:00", "mail"],
      ],
      "Export",
    );
  const listTargets = ["--targets", "P1=4,P2=8", "--response-targets", "P1=0.5,P2=0.5"];

  test("a list export: the content's ticket and priority and the named Opened/Response date/Resolved are one set of suggestions", async () => {
    const file = await listExport();
    const dry = await cli("tickets", file, "--dry-run", "--json");
    expect(dry.code).toBe(2);
    expect(JSON.parse(dry.stdout).headerRow).toBe(2);
    expect(offered(dry.stdout).map((o: string[]) => o.slice(0, 3))).toEqual([
      ["ticket", "A", "Ref"],
      ["priority", "B", "Level"],
      ["opened", "C", "Opened"],
      ["responded", "D", "Response date"],
      ["resolved", "E", "Resolved"],
    ]);
    const accepted = await cli("tickets", file, "--dry-run", "--json", "--accept-suggestions");
    expect(accepted.code).toBe(0);
    expect(
      JSON.parse(accepted.stdout).fields.map((f: { field: string; source: string }) => [f.field, f.source]),
    ).toEqual([
      ["ticket", "suggestion"],
      ["priority", "suggestion"],
      ["opened", "suggestion"],
      ["responded", "suggestion"],
      ["resolved", "suggestion"],
    ]);
    const run = await measured(file, "list-accepted.xlsx", ...listTargets, "--accept-suggestions");
    const byOptions = await measured(
      file,
      "list-options.xlsx",
      ...["--map", "ticket=Ref,priority=Level"],
      ...["--opened", "Opened", "--responded", "Response date", "--resolved", "Resolved"],
      ...listTargets,
    );
    expect(run).toEqual(byOptions);
    expect(run.results).toEqual([
      { period: "2024-03", priority: "P1", service: null, measured: 2, met: 1, attainment: 0.5 },
      { period: "2024-03", priority: "P2", service: null, measured: 1, met: 1, attainment: 1 },
    ]);
    // Saved and read back: the accepted one-row-per-ticket columns round-trip through the file.
    const map = path.join(dir, "list-map.json");
    expect((await cli("tickets", file, "--dry-run", "--accept-suggestions", "--save-mapping", map)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(map, "utf8"))).toMatchObject({
      headerRow: 2,
      columns: { ticket: "Ref", priority: "Level", opened: "Opened", responded: "Response date", resolved: "Resolved" },
    });
    expect(await measured(file, "l-f.xlsx", "--mapping", map, ...listTargets)).toEqual(run);
  });

  test("an .xlsx export is opened once with --accept-suggestions (its sample, then every reading of the run), and closed", async () => {
    // INC001's second row comes after INC002's: the run gives up measuring as it reads and reads
    // again (the general path, then sorted), each reading from the one opening.
    const file = await xlsx(
      "apart.xlsx",
      [
        ["Ref", "Level", "Opened", "Resolved"],
        ["INC001", "P1", "2024-03-04 09:00", "2024-03-04 11:00"],
        ["INC002", "P2", "2024-03-05 09:00", "2024-03-05 15:00"],
        ["INC001", "P1", "2024-03-06 09:00", "2024-03-06 14:00"],
      ],
      "Export",
    );
    const open = rowReading.openRowReader;
    const closed: string[] = [];
    const opened = jest.spyOn(rowReading, "openRowReader").mockImplementation(async (f) => {
      const reader = await open(f);
      return { ...reader, close: () => (closed.push(f), reader.close()) };
    });
    try {
      const targets = ["--targets", "P1=4,P2=8"];
      const run = await measured(file, "apart-accepted.xlsx", ...targets, "--accept-suggestions");
      expect([opened.mock.calls.length, closed]).toEqual([1, [file]]);
      const dry = await cli("tickets", file, "--dry-run", "--json", "--accept-suggestions");
      expect(dry.code).toBe(0);
      expect([opened.mock.calls.length, closed]).toEqual([2, [file, file]]);
      opened.mockClear();
      const byOptions = await measured(
        file,
        "apart-options.xlsx",
        ...["--map", "ticket=Ref,priority=Level", "--opened", "Opened", "--resolved", "Resolved"],
        ...targets,
      );
      // Without suggestions to settle, each reading opens the export itself (and closes it).
      expect(opened.mock.calls.length).toBeGreaterThan(1);
      expect(closed.length).toBe(2 + opened.mock.calls.length);
      expect(run).toEqual(byOptions);
      expect(run.tickets).toBe(2);
    } finally {
      opened.mockRestore();
    }
  });

  test("an Opened column alone is no one-row-per-ticket export: it is not offered, and a history stays a history", async () => {
    const csv = path.join(dir, "opened-only.csv");
    fs.writeFileSync(
      csv,
      "Number,Priority,State,Updated,Opened\n" +
        "INC1,P1,New,2024-03-04 09:00,2024-03-04 09:00\nINC1,P1,Resolved,2024-03-04 10:00,2024-03-04 09:00\n",
    );
    const dry = await cli("tickets", csv, "--dry-run", "--json", "--accept-suggestions");
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).fields.map((f: { field: string }) => f.field)).toEqual([
      "ticket",
      "time",
      "state",
      "priority",
    ]);
  });

  test("every refusal about the mapping names the header row, its headers and the fix; --header-row reads a CSV below its title", async () => {
    const csv = path.join(dir, "titled.csv");
    fs.writeFileSync(
      csv,
      "Incident export, March\nNumber,Priority,State,Updated\nINC1,P1,New,2024-03-04 09:00\nINC1,P1,Resolved,2024-03-04 10:00\n",
    );
    const out = path.join(dir, "titled.xlsx");
    const title = await cli("tickets", csv, ...clock, "-o", out);
    expect(title.code).toBe(2);
    expect(title.stderr).toContain(
      'no column for ticket, time, state. Header row 1 of "titled.csv": "Incident export", "March". ' +
        'Suggested, not applied: ticket <- A "Incident export" (header starts with "incident").',
    );
    expect(title.stderr).toContain("or --header-row N when the headers are on another row");
    const opened = await cli(
      "tickets",
      csv,
      "--header-row",
      "2",
      "--opened",
      "Created",
      "--resolved",
      "Updated",
      ...clock,
      "-o",
      out,
    );
    expect(opened.code).toBe(2);
    expect(opened.stderr).toContain(
      '--opened: no header "Created"; the headers are "Number", "Priority", "State", "Updated". (Header row 2 of "titled.csv".) ' +
        "Fix: --opened with a header of that row (or col:C for a column by its letter), or --header-row N",
    );
    const badMap = await cli("tickets", csv, "--header-row", "2", "--map", "time=When", ...clock, "-o", out);
    expect(badMap.stderr).toContain(
      'header "When" not found. Header row 2 of "titled.csv": "Number", "Priority", "State", "Updated".',
    );
    // One row per ticket without the time its clock stops: refused before any row is measured, run or preview.
    const noStop = ["--header-row", "2", "--opened", "Updated", "--targets", "P1=2"];
    for (const run of [
      await cli("tickets", csv, ...noStop, "-o", out),
      await cli("tickets", csv, ...noStop, "--dry-run"),
    ]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "a one-row-per-ticket export needs --resolved COLUMN or --closed COLUMN (the time the clock stops) beside --opened. " +
          'Header row 2 of "titled.csv": "Number", "Priority", "State", "Updated". Fix: --map resolved=HEADER',
      );
    }
    // An option naming a header two columns share: which one is meant, and where they were read.
    const twice = path.join(dir, "twice.csv");
    fs.writeFileSync(twice, "Number,Opened,Opened,Resolved\nINC1,2024-03-04 09:00,2024-03-04 09:00,2024-03-04 10:00\n");
    const ambiguous = await cli(
      "tickets",
      twice,
      "--opened",
      "Opened",
      "--resolved",
      "Resolved",
      "--targets",
      "P1=2",
      "-o",
      out,
    );
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--opened: columns B and C are both headed "Opened"');
    expect(ambiguous.stderr).toContain('(Header row 1 of "twice.csv".)');
    expect(fs.existsSync(out)).toBe(false);
    const run = await cli("tickets", csv, "--header-row", "2", ...clock, "--json", "-o", out);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({ tickets: 1, events: 2 });
    const dry = await cli("tickets", csv, "--header-row", "2", "--dry-run", "--json");
    expect(JSON.parse(dry.stdout)).toMatchObject({ headerRow: 2, dataRows: 2 });
  });
});

test("tickets --accept-suggestions on an export that offers nothing for the ticket is refused as without it", async () => {
  const csv = path.join(dir, "no-ticket.csv");
  fs.writeFileSync(csv, "Opened,Resolved\n2024-03-04 09:00,2024-03-04 10:00\n2024-03-05 09:00,2024-03-05 10:00\n");
  const out = path.join(dir, "no-ticket.xlsx");
  const run = await cli("tickets", csv, "--accept-suggestions", "--targets", "P1=4", "-o", out);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('no column for ticket. Header row 1 of "no-ticket.csv": "Opened", "Resolved".');
  expect(fs.existsSync(out)).toBe(false);
});
