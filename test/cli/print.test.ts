/**
 * Printed, the sheets read: the demo's reviewed workbook printed to PDF by LibreOffice, page by
 * page read back as text (pdftotext). No `###` anywhere (a number wider than its column), every
 * header of every generated sheet whole on its pages (word for word, as the sheet's header row
 * says), no text smaller than a reader can read (the word boxes' heights), each generated sheet
 * within its page budget, and every page's footer naming the sheet.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { printToPdf } from "../support/libreoffice";
import { allOf, describeWith, LIBREOFFICE, PDFTOTEXT } from "../support/programs";
import { cli, tempDir } from "./helpers";

/**
 * Pages each generated sheet of the demo's reviewed.xlsx may print on (landscape; one page
 * wide, or at 75% across pages with the ID columns repeated when one page wide would print
 * too small): the demo's register has 134 rows over 22 columns, its Results 144 rows, its
 * findings 79 (long messages, wrapped). Before the presentation rules the workbook printed on
 * 64 portrait pages; fitted to one page wide, the Service Review's text printed 1.3 points
 * tall and the Register's 2.5.
 */
const BUDGET: Readonly<Record<string, number>> = {
  Register: 14,
  Findings: 9,
  Dashboard: 4,
  "Dashboard Measures": 5,
  Controllers: 3,
  Audit: 3,
  Identity: 1,
  Services: 3,
  Contract: 1,
  Points: 2,
  Results: 5,
  Experience: 1,
  // The service table's column groups, the figures below it, and the Points bands after them.
  "Service Review": 16,
  Actions: 2,
};

/**
 * The smallest word box on a generated sheet's page, in points: an 11-point line is 14.3 tall
 * at 100%; 10 is text printed at 70% (7.7 points), the smallest the print setup allows
 * (75%, or one page wide when that is at least 75% in Excel; LibreOffice's substitute font
 * for Calibri is wider, so it fits a little smaller).
 */
const MIN_WORD_HEIGHT = 10;

describeWith(allOf(LIBREOFFICE, PDFTOTEXT))("the generated sheets printed by LibreOffice", () => {
  const dir = tempDir();
  const pages: { sheet: string; text: string; smallest: number }[] = [];
  const headers = new Map<string, string[]>();
  /** The Service Review's long texts that end their rows below its table (the totals' notes, the watermelon lines). */
  const notes: string[] = [];

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
      if (name === "Service Review") {
        for (let r = row + 1; r <= sheet.rowCount; r++) {
          const values = sheet.getRow(r).values as unknown[];
          const last = values[values.length - 1];
          const text = typeof last === "object" && last !== null && "result" in last ? last.result : last;
          if (typeof text === "string" && text.length > 60) notes.push(text);
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
      const boxes = execFileSync(PDFTOTEXT.path!, ["-f", String(i), "-l", String(i), "-bbox", pdf, "-"], {
        encoding: "utf8",
      });
      let smallest = Infinity;
      for (const m of boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)) {
        smallest = Math.min(smallest, Number(m[2]) - Number(m[1]));
      }
      pages.push({ sheet: footer ? footer[1].trim() : "", text, smallest });
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

  test.each(Object.keys(BUDGET))("%s prints no text smaller than 7.7 points", (sheet) => {
    const smallest = Math.min(...pages.filter((p) => p.sheet === sheet).map((p) => p.smallest));
    expect([sheet, smallest >= MIN_WORD_HEIGHT]).toEqual([sheet, true]);
  });

  test("the Service Review's pages each show the service's ID and name beside its figures", () => {
    // The service table's pages: the figures above it (As of) and a line starting with the last
    // service level's ID (the Points bands below the table list service IDs too, without figures).
    const own = pages.filter(
      (p) => p.sheet === "Service Review" && /^\s*As of\b/m.test(p.text) && /^\s*SL-012\b/m.test(p.text),
    );
    // One page per group of columns at least: result and thresholds, money, the breach, ...
    expect(own.length).toBeGreaterThanOrEqual(4);
    for (const p of own) expect(p.text).toContain("Service Desk");
    // Each group prints whole on one page: a result beside its thresholds.
    expect(own.some((p) => /Result\s/.test(p.text) && p.text.includes("Significant"))).toBe(true);
  });

  test("the Service Review's title prints on one line and its side note whole, on its first page", () => {
    const first = pages.find((p) => p.sheet === "Service Review")!;
    // The title spills over the blank cells beside it instead of wrapping in column A.
    expect(first.text).toMatch(/^\s*Service review \d{4}-\d{2}\s*$/m);
    // The note under the figures, not beside them where the page's last column cut it.
    expect(first.text).toContain("Computed by the review; the formulas work without the add-in.");
  });

  test("the Service Review's notes and watermelon lines print whole, each on one page", () => {
    // Wider than the room left on their page, they are merged to its last column and wrapped
    // there: every word on one page, in order (a cut note loses its tail; a spilled one prints
    // its tail on the next page).
    expect(notes.length).toBeGreaterThanOrEqual(5);
    const own = pages.filter((p) => p.sheet === "Service Review").map((p) => p.text.split(/\s+/));
    const inOrder = (words: string[], note: string) => {
      let at = 0;
      for (const word of note.split(/\s+/)) {
        at = words.indexOf(word, at);
        if (at < 0) return false;
        at++;
      }
      return true;
    };
    const broken = notes.filter((note) => !own.some((words) => inOrder(words, note)));
    expect(broken).toEqual([]);
    for (const note of [
      "The months of the contract year",
      "Credits after the monthly cap",
      "Credits charged plus SigMin",
    ]) {
      expect(notes.some((n) => n.startsWith(note))).toBe(true);
    }
  });

  // Labels and values (no header row): Contract and Identity.
  test.each(Object.keys(BUDGET).filter((s) => s !== "Contract" && s !== "Identity"))(
    "%s: every header is whole on its pages",
    (sheet) => {
      const words = new Set(
        pages
          .filter((p) => p.sheet === sheet)
          .map((p) => p.text)
          .join("\n")
          .split(/\s+/),
      );
      const cut: string[] = [];
      for (const header of headers.get(sheet) ?? []) {
        for (const word of header.split(/\s+/)) if (!words.has(word)) cut.push(`${header}: ${word}`);
      }
      expect(headers.get(sheet)?.length ?? 0).toBeGreaterThan(1);
      expect(cut).toEqual([]);
    },
  );
});
