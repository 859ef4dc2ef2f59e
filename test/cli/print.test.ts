/**
 * Printed, the sheets read: the demo's reviewed workbook printed to PDF by LibreOffice, page by
 * page read back as text (pdftotext). No `###` anywhere (a number wider than its column), every
 * header of every generated sheet whole on its pages (word for word, as the sheet's header row
 * says), each generated sheet within its page budget, and every page's footer naming the sheet.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { printToPdf } from "../support/libreoffice";
import { allOf, describeWith, LIBREOFFICE, PDFTOTEXT } from "../support/programs";
import { cli, tempDir } from "./helpers";

/**
 * Pages each generated sheet of the demo's reviewed.xlsx may print on (landscape, one page
 * wide): the demo's register has 130 rows, its Results 144, its findings 45. Before the
 * presentation rules the whole workbook printed on 64 portrait pages.
 */
const BUDGET: Readonly<Record<string, number>> = {
  Register: 3,
  Findings: 3,
  Dashboard: 4,
  Services: 1,
  Contract: 1,
  Results: 5,
  "Service Review": 2,
  Actions: 1,
};

describeWith(allOf(LIBREOFFICE, PDFTOTEXT))("the generated sheets printed by LibreOffice", () => {
  const dir = tempDir();
  const pages: { sheet: string; text: string }[] = [];
  const headers = new Map<string, string[]>();

  beforeAll(async () => {
    const demo = await cli("demo", "--out", dir);
    if (demo.code !== 0) throw new Error(demo.stderr);
    const file = path.join(dir, "reviewed.xlsx");
    const book = new Workbook();
    await book.xlsx.readFile(file);
    for (const name of Object.keys(BUDGET)) {
      const sheet = book.getWorksheet(name)!;
      // The table's header row: the first row whose cells are all bold (the header style).
      let row = 1;
      for (let r = 1; r <= Math.min(20, sheet.rowCount); r++) {
        const cells = (sheet.getRow(r).values as unknown[]).filter((v) => v !== undefined && v !== null);
        if (cells.length > 2 && sheet.getRow(r).getCell(1).font?.bold) {
          row = r;
          break;
        }
      }
      headers.set(
        name,
        (sheet.getRow(row).values as unknown[]).filter((v): v is string => typeof v === "string" && v !== ""),
      );
    }
    const [pdf] = printToPdf([file], dir);
    const count = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
    for (let i = 1; i <= count; i++) {
      const text = execFileSync(PDFTOTEXT.path!, ["-f", String(i), "-l", String(i), "-layout", pdf, "-"], {
        encoding: "utf8",
      });
      const footer = /(\S[^\n]*?) · page \d+ of \d+/.exec(text);
      pages.push({ sheet: footer ? footer[1].trim() : "", text });
    }
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("no number is too wide for its column: no ### on any page", () => {
    expect(pages.length).toBeGreaterThan(0);
    const hashes = pages.filter((p) => p.text.includes("###")).map((p) => p.sheet || "(a client sheet)");
    expect(hashes).toEqual([]);
  });

  test.each(Object.entries(BUDGET))("%s prints landscape within %i page(s), its footer on each", (sheet, budget) => {
    const own = pages.filter((p) => p.sheet === sheet);
    expect(own.length).toBeGreaterThanOrEqual(1);
    expect(own.length).toBeLessThanOrEqual(budget);
  });

  // The Contract sheet is labels and values, with no header row.
  test.each(Object.keys(BUDGET).filter((s) => s !== "Contract"))(
    "%s: every header is whole on its first page",
    (sheet) => {
      const text = pages.find((p) => p.sheet === sheet)!.text;
      const words = new Set(text.split(/\s+/));
      const cut: string[] = [];
      for (const header of headers.get(sheet) ?? []) {
        for (const word of header.split(/\s+/)) if (!words.has(word)) cut.push(`${header}: ${word}`);
      }
      expect(headers.get(sheet)?.length ?? 0).toBeGreaterThan(1);
      expect(cut).toEqual([]);
    },
  );
});
