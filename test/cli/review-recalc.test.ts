/**
 * The Service Review sheet computes without the add-in: LibreOffice opens what `review`
 * writes, recalculates every formula, and each formula cell must equal the value the core
 * computed for it (the plan's cached value), with no error. The values are read from the
 * recalculated file's XML, because ExcelJS reads a cached FALSE back as no value.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { Workbook } from "exceljs";
import { writeWorkbook } from "../../cli/xlsx";
import { columnLetter } from "../../src/governance/model";
import { isFormula, SheetPlan } from "../../src/governance/plan";
import { isRefusal, refusalText } from "../../src/errors";
import { planServiceReview } from "../../src/service/commands";
import { SERVICE_SHEETS } from "../../src/service/model";
import { recalculate } from "../support/libreoffice";
import { describeWith, LIBREOFFICE } from "../support/programs";
import { cli, editContractExamples, tempDir } from "./helpers";
import { day, MAY, workbook } from "../service/fixture";
import { rewardWorkbook } from "../service/reward-fixture";

/** The cells of one sheet of an .xlsx as LibreOffice wrote them: numbers, booleans, text. */
async function xmlCells(file: string, sheet: string): Promise<Map<string, unknown>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
  const names = [...workbookXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  const xml = await zip.file(`xl/worksheets/sheet${names.indexOf(sheet) + 1}.xml`)!.async("string");
  const shared = zip.file("xl/sharedStrings.xml")
    ? [...(await zip.file("xl/sharedStrings.xml")!.async("string")).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
        [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(""),
      )
    : [];
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const cells = new Map<string, unknown>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const type = /t="(\w+)"/.exec(m[2])?.[1];
    const v = /<v>([\s\S]*?)<\/v>/.exec(m[3] ?? "")?.[1];
    const inline = /<is>[\s\S]*?<t[^>]*>([\s\S]*?)<\/t>/.exec(m[3] ?? "")?.[1];
    let value: unknown = null;
    if (type === "s") value = shared[Number(v)];
    else if (type === "b") value = v === "1";
    else if (type === "str" || type === "inlineStr") value = unescape(v ?? inline ?? "");
    else if (type === "e") value = `#${v}`;
    else if (v !== undefined) value = Number(v);
    cells.set(m[1], value);
  }
  return cells;
}

/** Every formula cell of a plan with its cached value. */
function formulaCells(plan: SheetPlan): Map<string, unknown> {
  const out = new Map<string, unknown>();
  plan.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (isFormula(cell)) out.set(`${columnLetter(c)}${r + 1}`, cell.value);
    }),
  );
  return out;
}

/** The Service Review plan with every Points formula's cached value replaced by 99. */
function withWrongPoints(plan: SheetPlan): SheetPlan {
  const header = plan.cells.findIndex((row) => row[0] === "ID" && row.includes("Points"));
  const col = plan.cells[header].indexOf("Points");
  let wrong = 0;
  const cells = plan.cells.map((row, r) =>
    row.map((cell, c) => {
      if (r <= header || c !== col || !isFormula(cell)) return cell;
      wrong++;
      return { ...cell, value: 99 };
    }),
  );
  // SL-001 (4, a repeat), SL-002 (3) and SL-003 (0, on its own rising table).
  expect(wrong).toBe(3);
  return { ...plan, cells };
}

describeWith(LIBREOFFICE)("LibreOffice recalculates the Service Review sheet", () => {
  test("every formula cell equals the core's value, for the worked month and the new-contract example", async () => {
    const dir = tempDir();
    try {
      const cases: { file: string; plan: SheetPlan }[] = [];
      for (const [name, grids, period] of [
        ["worked", workbook(MAY), undefined],
        [
          "capped",
          workbook([
            ["2026-05", "SL-001", 0.9],
            ["2026-05", "SL-002", 0.9],
            ["2026-05", "SL-003", 9],
            ["2026-05", "SL-004", 9],
          ]),
          undefined,
        ],
        // The reward side: bonus, annual cap, earnback table, points; the two months (two-months.test.ts):
        // April (experience and process watermelons, the bonus blocked, credits reaching the annual cap), May (a bonus earned).
        ["reward", rewardWorkbook(), "2026-05"],
        ["reward-april", rewardWorkbook(), "2026-04"],
      ] as const) {
        const out = planServiceReview((n) => grids.get(n), period, day("2026-06-05"));
        if (isRefusal(out)) throw new Error(refusalText(out));
        const plans: SheetPlan[] = [...grids].map(([n, cells]) => ({ name: n, replace: true, cells }));
        const file = path.join(dir, `${name}.xlsx`);
        // The Points formulas are written with a deliberately wrong cached value (99): the
        // comparison below then proves LibreOffice computed them from the bands table.
        const [reviewPlan, ...rest] = out.plans;
        const written = name.startsWith("reward") ? withWrongPoints(reviewPlan) : reviewPlan;
        await writeWorkbook(new Workbook(), file, { plans: [...plans, written, ...rest] });
        cases.push({ file, plan: reviewPlan });
      }
      // The new-contract workbook, reviewed by the command line.
      const fresh = path.join(dir, "fresh.xlsx");
      expect((await cli("new-contract", "-o", fresh)).code).toBe(0);
      const edited = path.join(dir, "edited.xlsx");
      await editContractExamples(await new Workbook().xlsx.readFile(fresh)).xlsx.writeFile(edited);
      const reviewed = path.join(dir, "reviewed.xlsx");
      const run = await cli("review", edited, "-o", reviewed, "--json");
      expect(run.stderr).toBe("");
      const recalculated = recalculate([...cases.map((c) => c.file), reviewed], fs.mkdtempSync(path.join(dir, "out-")));
      for (let i = 0; i < cases.length; i++) {
        const expected = formulaCells(cases[i].plan);
        expect(expected.size).toBeGreaterThan(40);
        const got = await xmlCells(recalculated[i], SERVICE_SHEETS.review);
        const differences: string[] = [];
        for (const [address, value] of expected) {
          const v = got.get(address) ?? null;
          const same =
            typeof value === "number" && typeof v === "number"
              ? Math.abs(value - v) < 1e-9
              : (value ?? "") === (v ?? "");
          if (!same) differences.push(`${address}: core ${JSON.stringify(value)}, LibreOffice ${JSON.stringify(v)}`);
        }
        expect(differences).toEqual([]);
      }
      const json = JSON.parse(run.stdout);
      const got = await xmlCells(recalculated[cases.length], SERVICE_SHEETS.review);
      const labelled = (label: string) => {
        for (const [address, v] of got)
          if (v === label && address.startsWith("A")) return got.get(`B${address.slice(1)}`);
        return undefined;
      };
      expect(labelled("Credits after the cap")).toBe(json.totals.creditsCapped);
      expect(labelled("Net adjustment")).toBe(json.totals.netAdjustment);
      expect(labelled("SigMin penalties")).toBe(json.totals.sigmin);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300000);
});
