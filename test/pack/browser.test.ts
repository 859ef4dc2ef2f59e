/**
 * The review pack in a real browser (Debian's headless Chromium): it renders without console
 * errors and loads nothing from anywhere, prints to at most four A4 landscape pages, reflows
 * on a phone, and shows workbook markup as text. Screenshots are kept in test/artifacts/.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, Browser } from "playwright-core";
import { isRefusal } from "../../src/errors";
import { planPack } from "../../src/pack/commands";
import { reviewPackHtml } from "../../src/pack/html";
import { CHROMIUM_FLAGS, printPdf } from "../../cli/pdf";
import { CHROMIUM, describeWith } from "../support/programs";
import { day, Grids } from "../service/fixture";
import { largeWorkbook, MARKUP, packWorkbook } from "./fixture";

const ARTIFACTS = path.join(__dirname, "..", "artifacts");

async function htmlOf(grids: Grids, asOf: string): Promise<string> {
  const out = planPack((name) => grids.get(name), undefined, day(asOf));
  if (isRefusal(out)) throw new Error(out.reasons.join(" "));
  return reviewPackHtml(out.pack);
}

/** Pages of a PDF and their sizes in points. */
export function pdfPages(pdf: string): { count: number; boxes: string[] } {
  const text = fs.readFileSync(pdf, "latin1");
  const count = (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const boxes = [...text.matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) => m[1].trim());
  return { count, boxes };
}

describeWith(CHROMIUM)("the review pack in headless Chromium", () => {
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-pack-"));
  const cases: [string, () => Promise<string>][] = [
    ["worked", () => htmlOf(packWorkbook({ markup: true }), "2026-06-05")],
    // The demo's contract: twelve service levels, a watermelon last month (the README's picture).
    ["demo", () => htmlOf(largeWorkbook(12, "2026-05"), "2026-06-05")],
    // 240 service levels: every list at its limit, twelve trend panels.
    ["large", () => htmlOf(largeWorkbook(240), "2026-06-05")],
  ];

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM.path, args: [...CHROMIUM_FLAGS] });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(cases)(
    "%s: renders without console errors or requests, markup as text, phone without sideways scroll",
    async (name, make) => {
      const html = await make();
      const page = await browser.newPage({ viewport: { width: 1123, height: 794 } });
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      page.on("request", (r) => {
        if (!r.url().startsWith("about:") && !r.url().startsWith("data:")) problems.push(`request ${r.url()}`);
      });
      page.on("dialog", (d) => {
        problems.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
      await page.setContent(html, { waitUntil: "load" });
      expect(await page.locator("img, script, iframe, object").count()).toBe(0);
      expect(await page.locator("svg").count()).toBeGreaterThanOrEqual(4);
      if (name === "worked") expect(await page.locator("body").innerText()).toContain(MARKUP);
      await page.screenshot({ path: path.join(ARTIFACTS, `pack-${name}.png`), fullPage: true });
      // The first page as a reader sees it (README picture), kept small.
      await page.screenshot({
        path: path.join(ARTIFACTS, `pack-${name}-first-page.png`),
        clip: { x: 0, y: 0, width: 1123, height: 794 },
      });
      // A phone: the page reflows; only tables may scroll sideways, inside their own box.
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(ARTIFACTS, `pack-${name}-phone.png`) });
      await page.close();
      expect(problems).toEqual([]);
    },
  );

  test.each(cases)("%s: printed to PDF it has at most 4 A4 landscape pages", async (name, make) => {
    const pdf = path.join(dir, `${name}.pdf`);
    const printed = await printPdf(await make(), pdf, CHROMIUM.path);
    expect(printed).toEqual({ printed: true });
    const { count, boxes } = pdfPages(pdf);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(4);
    // A4 landscape: 842 x 595 points.
    for (const box of boxes) {
      const [, , w, h] = box.split(/\s+/).map(Number);
      expect(Math.round(w)).toBe(842);
      expect(Math.round(h)).toBe(595);
    }
    fs.copyFileSync(pdf, path.join(ARTIFACTS, `pack-${name}.pdf`));
  });
});
