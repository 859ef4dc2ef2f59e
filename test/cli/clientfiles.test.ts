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
import { cli, tempDir } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes rows (row 1 first) into a one-sheet .xlsx. */
async function xlsx(name: string, rows: unknown[][], sheet = "Tracker", merges: string[] = []): Promise<string> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  rows.forEach((r, i) => (ws.getRow(i + 1).values = r as never));
  for (const m of merges) ws.mergeCells(m);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
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
