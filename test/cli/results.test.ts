/**
 * `sla-governance results` on real-looking client reports (issue 19): a mapping file's entries
 * are honoured or refused, never ignored (the decimal mark read, a value map refused, by one
 * check every importer shares), and the header row is chosen from what a header looks like,
 * not from whichever row names the most field words.
 */
import * as fs from "fs";
import * as path from "path";
import {
  cli,
  folderState,
  resultFigures,
  tempFolder,
  writeResultsContract,
  writeRows,
  writtenResults,
} from "./helpers";

const { dir, file, out } = tempFolder();

describe("results --decimal and a mapping file's decimal mark", () => {
  const report = () =>
    file(
      "comma-report.csv",
      "Month;SLA;Achieved\nJan 2024;SL-001;95,5%\nFeb 2024;SL-001;98,25\nJan 2024;SL-002;4,250\nFeb 2024;SL-002;3,5\n",
    );

  test('without a mark "4,250" has two readings and is rejected naming --decimal; the marks the text tells are read', async () => {
    const run = await cli("results", report(), "--workbook", await writeResultsContract(dir()), "--dry-run", "--json");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(resultFigures(run.stdout)).toEqual([
      ["2024-01", "SL-001", 0.955],
      ["2024-02", "SL-001", 0.9825],
      ["2024-02", "SL-002", 3.5],
    ]);
    expect(json.rejected).toEqual([
      {
        at: "row 4",
        reason:
          '"4,250" for SL-002 reads as 4250 if "," groups thousands or 4.25 if it is the decimal mark; give --decimal . or --decimal , (or "decimal" in a mapping file)',
      },
    ]);
  });

  test('--decimal , reads "4,250" as 4.25, says so, and --save-mapping records the mark; --mapping reads it back', async () => {
    const workbook = await writeResultsContract(dir());
    const map = out("comma.json");
    const dry = await cli(
      "results",
      report(),
      "--workbook",
      workbook,
      "--decimal",
      ",",
      "--dry-run",
      "--save-mapping",
      map,
    );
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('values read with the decimal mark "," (given)');
    expect(JSON.parse(fs.readFileSync(map, "utf8"))).toEqual({
      version: 1,
      headerRow: 1,
      columns: { period: "Month", service: "SLA", value: "Achieved" },
      decimal: ",",
    });
    const written = out("comma-out.xlsx");
    const run = await cli("results", report(), "--workbook", workbook, "--mapping", map, "-o", written, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.understood).toContain('values read with the decimal mark "," (given)');
    expect(resultFigures(run.stdout)).toEqual([
      ["2024-01", "SL-001", 0.955],
      ["2024-02", "SL-001", 0.9825],
      ["2024-01", "SL-002", 4.25],
      ["2024-02", "SL-002", 3.5],
    ]);
    expect(await writtenResults(written)).toEqual([
      ["SL-001", 0.955],
      ["SL-001", 0.9825],
      ["SL-002", 4.25],
      ["SL-002", 3.5],
    ]);
  });

  test('--decimal . beside the file\'s "," wins: "95,5%" is then rejected as written with the other mark', async () => {
    const map = file("comma-file.json", JSON.stringify({ decimal: "," }));
    const run = await cli(
      ...["results", report(), "--workbook", await writeResultsContract(dir()), "--mapping", map],
      ...["--decimal", ".", "--dry-run", "--json"],
    );
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.rejected.map((r: { at: string }) => r.at)).toEqual(["row 2", "row 3", "row 5"]);
    expect(json.rejected[0].reason).toBe('"95,5%" is not a number written with the decimal mark "." (--decimal .)');
    // With "." the decimal mark, the "," of "4,250" groups thousands: read as the user said.
    expect(resultFigures(run.stdout)).toEqual([["2024-01", "SL-002", 4250]]);
  });

  test("a bad --decimal is a usage error before any file is read", async () => {
    const run = await cli("results", report(), "--workbook", out("none.xlsx"), "--decimal", ";", "--dry-run");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sla-governance: --decimal expects "." (1,200.50) or "," (1.200,50), got ";".\n');
  });
});

describe("a mapping file's entries a command would not read are refused, never ignored (one check for all)", () => {
  const log = () => file("log.csv", "Case ID,Activity,Complete Timestamp\nC1,Open,2024-03-01 09:00\n");

  test("results: a value map of a field other than service is refused naming the entry; exit 2, nothing written", async () => {
    const workbook = await writeResultsContract(dir());
    const map = file("values.json", JSON.stringify({ values: { period: { Q1: "2024-01" } } }));
    const csv = file("r.csv", "Month,SLA,Achieved\nJan 2024,SL-001,99%\n");
    const before = folderState(dir());
    const run = await cli("results", csv, "--workbook", workbook, "--mapping", map, "-o", out("values-out.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sla-governance: the mapping file ${map}: "values" gives a value map for "period", but results maps the values of "service" only; remove that entry (it would be ignored).\n`,
    );
    expect(folderState(dir())).toEqual(before);
  });

  test("upgrade: a value map of a field other than gate is refused; its gate map is read", async () => {
    const tracker = file("tracker.csv", "Initiative,Status\nCut licences,In Progress\n");
    const status = file("status.json", JSON.stringify({ values: { status: { "In Progress": "L3" } } }));
    const run = await cli("upgrade", tracker, "--mapping", status, "--dry-run");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `the mapping file ${status}: "values" gives a value map for "status", but upgrade maps the values of "gate" only; remove that entry`,
    );
    const gate = file(
      "gate.json",
      JSON.stringify({ columns: { gate: "Status" }, values: { gate: { "In Progress": "L3" } } }),
    );
    const json = JSON.parse((await cli("upgrade", tracker, "--mapping", gate, "--dry-run", "--json")).stdout);
    expect(json.fields.find((f: { field: string }) => f.field === "gate").samples).toEqual(["L3 Implementing"]);
  });

  test.each([
    ["steps", ["--tolerances", "tolerances.csv"]],
    ["experience", ["--workbook", "governed.xlsx"]],
    ["tickets", [] as string[]],
  ])("%s: a decimal mark and a value map are refused", async (command, extra) => {
    const decimal = file(`${command}-decimal.json`, JSON.stringify({ decimal: "," }));
    const values = file(`${command}-values.json`, JSON.stringify({ values: { activity: { Open: "Start" } } }));
    const withDecimal = await cli(command, log(), ...extra, "--mapping", decimal, "--dry-run");
    expect(withDecimal.code).toBe(2);
    expect(withDecimal.stderr).toBe(
      `sla-governance: the mapping file ${decimal}: "decimal" is given, but ${command} reads no number typed with a decimal mark; remove it (it would be ignored).\n`,
    );
    const withValues = await cli(command, log(), ...extra, "--mapping", values, "--dry-run");
    expect(withValues.code).toBe(2);
    expect(withValues.stderr).toContain(`but ${command} has no value-mapped field; remove that entry`);
  });
});

describe("the header row of a real-looking report: text above the data, never the row with the most field words", () => {
  /** A vendor's monthly report: a metadata block, then services as rows and months as columns. */
  const vendorRows = (months: string[]): unknown[][] => [
    ["Contoso Managed Services: monthly SLA report"],
    ["Reporting month", months[months.length - 1]],
    ["Prepared by", "Service Management Office"],
    [],
    ["Service", ...months],
    ["SL-001", "99.1%", "98.7%", "99.4%"].slice(0, months.length + 1),
    ["Restore time", 3.5, 5, 4].slice(0, months.length + 1),
  ];

  test('a "Reporting month | Mar 2024" line above the table: January is read as January, and the header row is shown', async () => {
    const report = await writeRows(out("vendor.xlsx"), vendorRows(["Jan 2024", "Feb 2024", "Mar 2024"]), "SLA");
    const workbook = await writeResultsContract(dir());
    const written = out("vendor-out.xlsx");
    const run = await cli("results", report, "--workbook", workbook, "-o", written, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect([json.sheet, json.headerRow, json.layout]).toEqual(["SLA", 5, "services as rows"]);
    expect(resultFigures(run.stdout)).toEqual([
      ["2024-01", "SL-001", 0.991],
      ["2024-02", "SL-001", 0.987],
      ["2024-03", "SL-001", 0.994],
      ["2024-01", "SL-002", 3.5],
      ["2024-02", "SL-002", 5],
      ["2024-03", "SL-002", 4],
    ]);
    expect(await writtenResults(written)).toEqual([
      ["SL-001", 0.991],
      ["SL-001", 0.987],
      ["SL-001", 0.994],
      ["SL-002", 3.5],
      ["SL-002", 5],
      ["SL-002", 4],
    ]);
    const dry = await cli("results", report, "--workbook", workbook, "--dry-run");
    expect(dry.stdout).toContain(`Read 6 result(s) from ${report} (services as rows layout, header row 5).`);
  });

  test("a one-month report whose metadata line names it as well as the table: refused naming both rows; --header-row reads it", async () => {
    const report = await writeRows(out("vendor-one.xlsx"), vendorRows(["Mar 2024"]), "SLA");
    const workbook = await writeResultsContract(dir());
    const before = folderState(dir());
    const run = await cli("results", report, "--workbook", workbook, "-o", out("one-out.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'sla-governance: SLA: rows 2 and 5 could each be the header row (row 2: "Reporting month", "Mar 2024"; row 5: "Service", "Mar 2024"); give --header-row 2 or 5 (or "headerRow" in a mapping file); a header row is never guessed.\n',
    );
    expect(folderState(dir())).toEqual(before);
    const given = await cli("results", report, "--workbook", workbook, "--header-row", "5", "--dry-run", "--json");
    expect(given.code).toBe(0);
    expect(resultFigures(given.stdout)).toEqual([
      ["2024-03", "SL-001", 0.991],
      ["2024-03", "SL-002", 3.5],
    ]);
  });

  test("a data row whose words name fields (Service Desk | Achieved) does not head the report: it holds values", async () => {
    const csv = file(
      "measures.csv",
      [
        "Service Level Agreement,Measure,Jan 2024,Feb 2024",
        "Service Desk,Achieved,99%,98.5%",
        "Restore time,Actual,4,3.5",
      ].join("\n") + "\n",
    );
    const run = await cli("results", csv, "--workbook", await writeResultsContract(dir()), "--dry-run", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).headerRow).toBe(1);
    expect(resultFigures(run.stdout)).toEqual([
      ["2024-01", "SL-001", 0.99],
      ["2024-02", "SL-001", 0.985],
      ["2024-01", "SL-002", 4],
      ["2024-02", "SL-002", 3.5],
    ]);
  });

  test("headers named by --map find their row below a title without --header-row", async () => {
    const csv = file("lieferant.csv", "Lieferanten-Bericht;Q1 2024\nMonat;Dienst;Erreicht\n29/02/2024;SL-001;98%\n");
    const map = ["--map", "period=Monat,service=Dienst,value=Erreicht"];
    const run = await cli(
      "results",
      csv,
      "--workbook",
      await writeResultsContract(dir()),
      ...map,
      "--dry-run",
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).headerRow).toBe(2);
    expect(resultFigures(run.stdout)).toEqual([["2024-02", "SL-001", 0.98]]);
  });
});

describe("results --service-map: the report's own names for service levels", () => {
  /** A vendor's report naming services its own way, months as rows. */
  const vendorNames = () =>
    file("names.csv", "Vendor KPI export\nMonth,Desk,MTTR (h)\nJan 2024,99.2%,3.5\nFeb 2024,98.1%,4.5\n");

  test("unmapped names are rejected with the fix; mapped (option or file) they are read, and the header row found by them", async () => {
    const workbook = await writeResultsContract(dir());
    const bare = await cli("results", vendorNames(), "--workbook", workbook, "--header-row", "2", "--dry-run");
    expect(bare.code).toBe(2); // "Desk" and "MTTR (h)" are no service level: no layout at all
    const rows = file("names-long.csv", "Month,SLA,Achieved\nJan 2024,Desk,99.2%\n");
    const rejected = await cli("results", rows, "--workbook", workbook, "--dry-run", "--json");
    expect(rejected.code).toBe(1);
    expect(JSON.parse(rejected.stdout).rejected).toEqual([
      {
        at: "row 2",
        reason:
          'no service level "Desk" on the Services sheet (by ID or name); if it is one under another name, map it with --service-map "Desk=ID"',
      },
    ]);
    const map = out("names.json");
    const names = ["--service-map", "desk=SL-001, MTTR (h)=sl-002"];
    // No --header-row: the mapped names are service levels, so row 2 heads months as rows.
    const dry = await cli(
      "results",
      vendorNames(),
      "--workbook",
      workbook,
      ...names,
      "--dry-run",
      "--save-mapping",
      map,
    );
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("(months as rows layout, header row 2)");
    expect(dry.stdout).toContain("2 service name(s) mapped to Service IDs (given)");
    expect(JSON.parse(fs.readFileSync(map, "utf8")).values).toEqual({
      service: { desk: "SL-001", "mttr (h)": "SL-002" },
    });
    const written = out("names-out.xlsx");
    const run = await cli("results", vendorNames(), "--workbook", workbook, "--mapping", map, "-o", written, "--json");
    expect(run.code).toBe(0);
    expect(resultFigures(run.stdout)).toEqual([
      ["2024-01", "SL-001", 0.992],
      ["2024-01", "SL-002", 3.5],
      ["2024-02", "SL-001", 0.981],
      ["2024-02", "SL-002", 4.5],
    ]);
    expect(await writtenResults(written)).toEqual([
      ["SL-001", 0.992],
      ["SL-002", 3.5],
      ["SL-001", 0.981],
      ["SL-002", 4.5],
    ]);
  });

  test("a name mapped to no Service ID of the workbook is refused naming the IDs; exit 2, nothing written", async () => {
    const workbook = await writeResultsContract(dir());
    const report = vendorNames();
    const before = folderState(dir());
    const run = await cli(
      ...["results", report, "--workbook", workbook, "--service-map", "Desk=SL-009"],
      ...["-o", out("bad-map.xlsx")],
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--service-map: "Desk=SL-009" does not map a value to one of the Service IDs of ${path.basename(workbook)} (SL-001, SL-002)`,
    );
    expect(folderState(dir())).toEqual(before);
  });
});

describe("results never exits 0 on nothing, and names what it would have ignored", () => {
  const report = () => file("plain.csv", "Month,SLA,Achieved\nJan 2024,SL-001,99%\nFeb 2024,SL-001,98%\n");

  test("--sheet beside a CSV is refused, not ignored", async () => {
    const run = await cli(
      "results",
      report(),
      "--workbook",
      await writeResultsContract(dir()),
      "--sheet",
      "Q1",
      "--dry-run",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sla-governance: --sheet names a sheet of an .xlsx file; ${out("plain.csv")} is a CSV (one table): leave --sheet out.\n`,
    );
  });

  test("a header row at or below the last row is refused naming the last row", async () => {
    const workbook = await writeResultsContract(dir());
    for (const row of ["3", "9"]) {
      const run = await cli("results", report(), "--workbook", workbook, "--header-row", row, "--dry-run");
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `sla-governance: header row ${row} is not above any row of ${out("plain.csv")} (its last row is 3); give the row of the report's headers (--header-row N, or "headerRow" in a mapping file).\n`,
      );
    }
  });

  test("a report whose rows give no result and no rejection (headers over blank rows) exits 2, writes nothing", async () => {
    const blank = file("blank.csv", "Month,SLA,Achieved\n,,\n,,\n");
    const workbook = await writeResultsContract(dir());
    const before = folderState(dir());
    const run = await cli("results", blank, "--workbook", workbook, "-o", out("blank-out.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sla-governance: no result read from ${blank}: no row below header row 1 of "blank.csv" holds a service level and a value; is the header row right (--header-row N, --dry-run shows what was understood)?\n`,
    );
    expect(folderState(dir())).toEqual(before);
  });
});
