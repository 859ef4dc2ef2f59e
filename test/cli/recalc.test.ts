/**
 * Workbooks that compute everywhere: LibreOffice, an independent engine without the add-in,
 * opens what the command line writes, recalculates every formula, and each cell of the
 * generated sheets must come out as the core computed it (the cached values we wrote are the
 * core's), with no error anywhere. A cell whose cached value is deliberately wrong proves the
 * engine really recalculated.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { main } from "../../cli/main";
import { plainValue } from "../../cli/xlsx";
import { CellValue, SHEETS } from "../../src/governance/model";
import { recalculate } from "../support/libreoffice";
import { describeWith, LIBREOFFICE } from "../support/programs";
import { cli, tempDir, writeSample } from "./helpers";

/** Every cell of a sheet as plain data, with whether it held a formula. */
async function cellsOf(file: string, sheet: string): Promise<Map<string, { value: CellValue; formula: boolean }>> {
  const wb = new Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  const cells = new Map<string, { value: CellValue; formula: boolean }>();
  ws?.eachRow((row) =>
    row.eachCell((cell) => {
      const v = cell.value as unknown;
      const formula = typeof v === "object" && v !== null && ("formula" in v || "sharedFormula" in v);
      cells.set(cell.address, { value: plainValue(cell.value), formula });
    }),
  );
  return cells;
}

const ERROR = /^#(NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!)/;

/** Compares a generated sheet before and after LibreOffice's recalculation, cell by cell. */
async function expectSameAfterRecalc(written: string, recalculated: string, sheet: string): Promise<number> {
  const before = await cellsOf(written, sheet);
  const after = await cellsOf(recalculated, sheet);
  expect(before.size).toBeGreaterThan(0);
  let formulas = 0;
  const differences: string[] = [];
  for (const [address, { value, formula }] of before) {
    if (formula) formulas++;
    const got = after.get(address)?.value ?? null;
    if (typeof got === "string" && ERROR.test(got)) differences.push(`${sheet}!${address}: ${got}`);
    const same =
      typeof value === "number" && typeof got === "number"
        ? Math.abs(value - got) < 1e-9
        : (value ?? "") === (got ?? "");
    if (!same)
      differences.push(`${sheet}!${address}: core ${JSON.stringify(value)}, LibreOffice ${JSON.stringify(got)}`);
  }
  expect(differences).toEqual([]);
  return formulas;
}

describeWith(LIBREOFFICE)("LibreOffice recalculates what the command line writes", () => {
  let dir: string;
  const files: Record<string, string> = {};
  const recalculated: Record<string, string> = {};
  let report: { byDualStatus: Record<string, number>; measures: { id: string; dualStatus: string }[] };

  beforeAll(async () => {
    dir = tempDir();
    const { file: client } = await writeSample(dir, 60, true);
    files.upgraded = path.join(dir, "upgraded.xlsx");
    files.closed = path.join(dir, "closed.xlsx");
    let run = await cli("upgrade", client, "--org", "Contoso", "--as-of", "2026-11-25", "-o", files.upgraded);
    if (run.code !== 0) throw new Error(run.stderr);
    run = await cli("report", files.upgraded, "--as-of", "2026-11-25", "--json");
    report = JSON.parse(run.stdout);
    const realized = report.measures.filter((m) => (m as unknown as { gate: string }).gate === "L4 Realized");
    const pick = realized[0] as unknown as { id: string; planned: number };
    run = await cli(
      "close",
      files.upgraded,
      "--measure",
      pick.id,
      "--controller",
      "Carla Controller",
      "--confirmed",
      String(pick.planned),
      "--as-of",
      "2026-11-25",
      "--unsigned",
      "-o",
      files.closed,
    );
    if (run.code !== 0) throw new Error(run.stderr);

    // The demo as a user runs it: today's date, the Dashboard's As-of cell =TODAY().
    const demoDir = path.join(dir, "demo");
    const io = { stdout: () => undefined, stderr: () => undefined, progress: () => undefined, now: () => new Date() };
    if ((await main(["demo", "--out", demoDir], io)) !== 0) throw new Error("the demo failed");
    files.demo = path.join(dir, "demo-closed.xlsx");
    fs.copyFileSync(path.join(demoDir, "closed.xlsx"), files.demo);

    // The proof that LibreOffice recalculates: a cached value that is deliberately wrong.
    const proof = new Workbook();
    proof.addWorksheet("Proof").getCell("A1").value = { formula: "1+1", result: 3 };
    files.proof = path.join(dir, "proof.xlsx");
    await proof.xlsx.writeFile(files.proof);

    const outDir = path.join(dir, "recalculated");
    fs.mkdirSync(outDir);
    const names = Object.keys(files);
    recalculate(
      names.map((n) => files[n]),
      outDir,
    ).forEach((out, i) => (recalculated[names[i]] = out));
  }, 300000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  test("a deliberately wrong cached value is recalculated (the engine really computes)", async () => {
    const cells = await cellsOf(recalculated.proof, "Proof");
    expect(cells.get("A1")?.value).toBe(2);
  });

  test.each(["upgraded", "closed", "demo"])(
    "the %s workbook's Dashboard, Dashboard Measures and Findings show the core's numbers and statuses, no errors",
    async (name) => {
      const formulas = await expectSameAfterRecalc(files[name], recalculated[name], SHEETS.dashboard);
      expect(formulas).toBeGreaterThan(100);
      // The measures' statuses, judged as of the Dashboard's As-of cell, on their own sheet.
      expect(await expectSameAfterRecalc(files[name], recalculated[name], SHEETS.dashboardMeasures)).toBeGreaterThan(
        100,
      );
      await expectSameAfterRecalc(files[name], recalculated[name], SHEETS.findings);
    },
    60000,
  );

  test("the recalculated dashboard's counts equal report --json", async () => {
    const cells = await cellsOf(recalculated.upgraded, SHEETS.dashboard);
    const counts: Record<string, number> = {};
    for (let r = 5; r <= 9; r++) counts[String(cells.get(`A${r}`)?.value)] = Number(cells.get(`B${r}`)?.value);
    for (const [status, n] of Object.entries(counts)) expect(n).toBe(report.byDualStatus[status]);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
