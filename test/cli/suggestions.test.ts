/**
 * Issue 19, "Only confident guesses are applied", for every command that guesses a mapping:
 * a partial header or a column's content is shown as a suggestion (in --dry-run and --json)
 * and used only when confirmed with --map or --accept-suggestions; every refusal about the
 * mapping names the header row, its headers and the fix. Files of each shape are made here.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { openWorkbook } from "../../cli/xlsx";
import { cli, tempDir, writeResultsContract } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes rows (row 1 first) into a one-sheet .xlsx. */
async function xlsx(name: string, rows: unknown[][], sheet = "Report"): Promise<string> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  rows.forEach((r, i) => (ws.getRow(i + 1).values = r as never));
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** The folder's files and their bytes. */
function folderState(folder: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(folder).map((f) => [f, fs.readFileSync(path.join(folder, f), "hex")]));
}

type Result = { period: string; service: string; result: number };
const figures = (stdout: string) => JSON.parse(stdout).results.map((r: Result) => [r.period, r.service, r.result]);
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
    const grid = (await openWorkbook(path.join(dir, "accepted.xlsx"))).grid("Results")!;
    expect(grid.slice(1).map((r) => [r[1], r[2]])).toEqual([
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
    // The header row is found as before (the row naming the most fields): with no header naming
    // any, the first filled row, the title, is taken; the refusal then names it and --header-row.
    const untold = await cli("results", file, "--workbook", workbook, "--dry-run");
    expect(untold.code).toBe(2);
    expect(untold.stderr).toContain('Header row 1 of "Report": "Vendor monthly figures".');
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
