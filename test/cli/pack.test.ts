/**
 * sla-governance pack through real .xlsx files: the HTML written, exit codes as for review,
 * the pack's money equal to review --json's, --pdf saying plainly when there is no Chromium.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { cli, tempDir } from "./helpers";
import { writeWorkbook } from "../../cli/xlsx";
import { SheetPlan } from "../../src/governance/plan";
import { Grids } from "../service/fixture";
import { headlineOf, numbersOf, packWorkbook } from "../pack/fixture";

async function writeGrids(grids: Grids, file: string): Promise<void> {
  const plans: SheetPlan[] = [...grids].map(([name, cells]) => ({ name, replace: true, cells }));
  await writeWorkbook(new Workbook(), file, { plans });
}

const AS_OF = ["--as-of", "2026-06-05"];

describe("sla-governance pack", () => {
  const dir = tempDir();
  const input = path.join(dir, "contract.xlsx");
  beforeAll(() => writeGrids(packWorkbook(), input));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("writes one HTML page whose money equals review --json, exits 1 for open breaches as review does", async () => {
    const out = path.join(dir, "pack.html");
    const run = await cli("pack", input, ...AS_OF, "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`Wrote ${out}: the review pack of 2026-05 as of 2026-06-05.\n`);
    const html = fs.readFileSync(out, "utf8");
    const review = await cli("review", input, ...AS_OF, "-o", path.join(dir, "reviewed.xlsx"), "--json");
    const json = JSON.parse(review.stdout);
    const h = headlineOf(html);
    for (const key of ["atRisk", "credits", "creditsCapped", "sigmin", "netAdjustment"])
      expect(h[key]).toBe(json.totals[key]);
    // Every open action: the escalated ones, then the month's new ones.
    expect([...numbersOf(html, "actions").keys()]).toEqual([
      "A-0001",
      "A-0002",
      "A-0003",
      "A-0005",
      "A-0006",
      "A-0007",
    ]);
    // The pack writes nothing into the workbook.
    expect(fs.readdirSync(dir).sort()).toEqual(["contract.xlsx", "pack.html", "reviewed.xlsx"]);
  });

  test("--period picks the month; a month with nothing open exits 0", async () => {
    const out = path.join(dir, "april.html");
    const run = await cli("pack", input, "--period", "2026-03", "--as-of", "2026-03-10", "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toContain("review pack: 2026-03");
  });

  test("--pdf without a Chromium says so plainly, still writes the HTML", async () => {
    const before = process.env.SLA_GOV_CHROMIUM;
    process.env.SLA_GOV_CHROMIUM = path.join(dir, "no-such-chromium");
    try {
      const out = path.join(dir, "nopdf.html");
      const pdf = path.join(dir, "nopdf.pdf");
      const run = await cli("pack", input, ...AS_OF, "-o", out, "--pdf", pdf);
      expect(run.stderr).toBe(
        `sla-governance: no PDF written to ${pdf}: no headless Chromium was found (install Debian's chromium, or print the HTML from a browser to A4 landscape).\n`,
      );
      expect(fs.existsSync(out)).toBe(true);
      expect(fs.existsSync(pdf)).toBe(false);
      expect(run.code).toBe(1);
    } finally {
      if (before === undefined) delete process.env.SLA_GOV_CHROMIUM;
      else process.env.SLA_GOV_CHROMIUM = before;
    }
  });

  test.each([
    [["-o", "pack.txt"], "pack.txt is not an .html file: the pack is one HTML page (-o pack.html)."],
    [["-o", "p.html", "--pdf", "p.png"], "p.png is not a .pdf file (--pdf pack.pdf)."],
    [["-o", "p.html", "--period", "2026-13"], null],
    [[], "--out"],
  ])("usage errors exit 2: %j", async (args, message) => {
    const run = await cli("pack", input, ...args.map((a) => (a.endsWith("html") ? path.join(dir, a) : a)));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^sla-governance: .+\n$/);
    if (message) expect(run.stderr).toContain(message);
  });

  test("a missing input file exits 2", async () => {
    const run = await cli("pack", path.join(dir, "missing.xlsx"), "-o", path.join(dir, "x.html"));
    expect(run.code).toBe(2);
  });
});
