/**
 * The review pack in a real browser (Debian's headless Chromium): it renders without console
 * errors and loads nothing from anywhere, prints to at most four A4 landscape pages (five with
 * the page beyond the SLA), reflows
 * on a phone, and shows workbook markup as text. Screenshots are kept in test/artifacts/.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, Browser } from "playwright-core";
import { isRefusal } from "../../src/errors";
import { planPack } from "../../src/pack/commands";
import { reviewPackHtml } from "../../src/pack/html";
import { PACK_LIMITS } from "../../src/pack/model";
import { CHROMIUM_FLAGS, printPdf } from "../../cli/pdf";
import { CHROMIUM, describeWith, PDFTOTEXT } from "../support/programs";
import { day, Grids } from "../service/fixture";
import { largeBeyondWorkbook, largeWorkbook, MARKUP, packWorkbook } from "./fixture";
import { rewardWorkbook } from "../service/reward-fixture";
import { withSvgNamespace } from "../../taskpane/packSection";
import { renderSvg } from "../../src/pack/render";
import { experienceSpec, trendSpec } from "../../src/pack/charts";

const ARTIFACTS = path.join(__dirname, "..", "artifacts");

async function htmlOf(grids: Grids, asOf: string, period?: string): Promise<string> {
  const out = planPack((name) => grids.get(name), period, day(asOf));
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
    // Experience and business processes: the reward contract's April, and 240 service levels with 30 processes.
    ["beyond", () => htmlOf(rewardWorkbook(), "2026-06-05", "2026-04")],
    ["large-beyond", () => htmlOf(largeBeyondWorkbook(240), "2026-06-05")],
  ];
  /** The page beyond the SLA is a fifth page, only for a contract with experience figures or processes. */
  const maxPages = (name: string) => (name.includes("beyond") ? 5 : 4);

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

  test.each(cases)("%s: printed to PDF it has at most 4 A4 landscape pages (5 beyond the SLA)", async (name, make) => {
    const pdf = path.join(dir, `${name}.pdf`);
    const printed = await printPdf(await make(), pdf, CHROMIUM.path);
    expect(printed).toEqual({ printed: true });
    // Kept to look at, also when the test fails.
    fs.copyFileSync(pdf, path.join(ARTIFACTS, `pack-${name}.pdf`));
    const { count, boxes } = pdfPages(pdf);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(maxPages(name));
    // A4 landscape: 842 x 595 points.
    for (const box of boxes) {
      const [, , w, h] = box.split(/\s+/).map(Number);
      expect(Math.round(w)).toBe(842);
      expect(Math.round(h)).toBe(595);
    }
  });

  test("beyond: the SLA-versus-experience picture and the process map show what they say", async () => {
    const page = await browser.newPage({ viewport: { width: 1123, height: 794 } });
    await page.setContent(await htmlOf(rewardWorkbook(), "2026-06-05", "2026-04"), { waitUntil: "load" });
    const shown = await page.evaluate(() => {
      const box = (e: Element | null) => {
        const r = e?.getBoundingClientRect();
        return r ? { x: r.x, y: r.y, w: r.width, h: r.height } : null;
      };
      const chart = (name: string) => document.querySelector(`figure[data-chart="${name}"] svg`)!;
      const texts = (svg: Element) => Array.from(svg.querySelectorAll("text")).map((t) => t.textContent ?? "");
      const textBox = (svg: Element, text: string) =>
        box(Array.from(svg.querySelectorAll("text")).find((t) => t.textContent === text) ?? null);
      const points = (svg: Element, label: string) =>
        Array.from(svg.querySelectorAll('path[aria-roledescription="point"]'))
          .filter((p) => (p.getAttribute("aria-label") ?? "").includes(label))
          .map(box);
      const e = chart("experience");
      const m = chart("process-map");
      return {
        experience: {
          svg: box(e),
          texts: texts(e),
          quadrant: box(e.querySelector('path[aria-roledescription="rect mark"]')),
          marked: points(e, "Service level: SLA met, experience missed"),
          others: [...points(e, "Service level: SLA missed"), ...points(e, "Service level: SLA and")],
        },
        map: {
          svg: box(m),
          texts: texts(m),
          rows: [
            "Order-to-Cash: Red, blocked",
            "Hire-to-Retire: Green, latency Red (no SLA missed)",
            "Record-to-Report: Green",
          ].map((t) => textBox(m, t)),
          sigmin: points(m, "Service level this period: Significant Minimum"),
          met: points(m, "Service level this period: Met"),
        },
      };
    });
    await page
      .locator('figure[data-chart="experience"]')
      .screenshot({ path: path.join(ARTIFACTS, "pack-experience.png") });
    await page
      .locator('figure[data-chart="process-map"]')
      .screenshot({ path: path.join(ARTIFACTS, "pack-process-map.png") });
    await page.close();
    const inside = (p: { x: number; y: number; w: number; h: number }, q: typeof p) =>
      p.x + p.w / 2 > q.x && p.x + p.w / 2 < q.x + q.w && p.y + p.h / 2 > q.y && p.y + p.h / 2 < q.y + q.h;

    const e = shown.experience;
    // Drawn at a readable size, its words there.
    expect(e.svg!.w).toBeGreaterThan(350);
    expect(e.svg!.h).toBeGreaterThan(250);
    for (const t of ["SLA versus experience", "SLA met, experience missed", "Payroll run", "Minimum", "XLA Target"])
      expect(e.texts).toContain(t);
    expect(e.texts.some((t) => t.startsWith("Net score minus XLA Target"))).toBe(true);
    // The shaded quadrant is a real area, Payroll run's point inside it, the others outside.
    expect(e.quadrant!.w).toBeGreaterThan(20);
    expect(e.quadrant!.h).toBeGreaterThan(40);
    expect(e.marked).toHaveLength(1);
    expect(inside(e.marked[0]!, e.quadrant!)).toBe(true);
    expect(e.others).toHaveLength(2);
    for (const p of e.others) expect(inside(p!, e.quadrant!)).toBe(false);

    const m = shown.map;
    expect(m.svg!.w).toBeGreaterThan(250);
    expect(m.svg!.h).toBeGreaterThan(150);
    for (const t of ["SL-004 Checkout latency", "SL-001 Service Desk", "SL-002 Payroll run", "SL-003 Network restore"])
      expect(m.texts).toContain(t);
    // Every row label whole (not cut short), the blocked process on top.
    expect(m.rows.every((r) => r !== null && r.w > 0)).toBe(true);
    const [o2c, h2r, r2r] = m.rows.map((r) => r!.y);
    expect(o2c).toBeLessThan(h2r);
    expect(h2r).toBeLessThan(r2r);
    // The Significant Minimum mark sits on Order-to-Cash's row; the met marks on the rows below too.
    expect(m.sigmin).toHaveLength(1);
    const rowOf = (p: { y: number; h: number }) => {
      const centre = p.y + p.h / 2;
      return m.rows.findIndex((r) => Math.abs(r!.y + r!.h / 2 - centre) < 6);
    };
    expect(rowOf(m.sigmin[0]!)).toBe(0);
    expect(m.met.map((p) => rowOf(p!)).sort()).toEqual([0, 1, 2]);
  });

  test("the picture's SVG text, given its namespace, parses as SVG and draws a box", async () => {
    const planned = planPack((name) => rewardWorkbook().get(name), "2026-04", day("2026-06-05"));
    if (isRefusal(planned)) throw new Error(planned.reasons.join(" "));
    const svg = withSvgNamespace(await renderSvg(experienceSpec(planned.pack.experience!)));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const page = await browser.newPage();
    const drawn = await page.evaluate((text) => {
      const root = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      const node = document.importNode(root, true);
      document.body.append(node);
      const rect = (node as unknown as SVGGraphicsElement).getBBox();
      return { ns: root.namespaceURI, w: rect.width, h: rect.height };
    }, svg);
    await page.close();
    expect(drawn.ns).toBe("http://www.w3.org/2000/svg");
    expect(drawn.w).toBeGreaterThan(300);
    expect(drawn.h).toBeGreaterThan(200);
  });

  test("a trend's threshold labels never overlap, even with thresholds 0.02 points apart", async () => {
    const svg = withSvgNamespace(
      await renderSvg(
        trendSpec({
          id: "SL-001",
          service: "Service Desk",
          unit: "%",
          direction: ">=",
          critical: true,
          breach: "Minimum",
          expected: 0.9902,
          minimum: 0.99,
          significantMinimum: 0.9898,
          points: ["2026-03", "2026-04", "2026-05"].map((period, i) => ({ period, result: 0.985 + i * 0.005 })),
        }),
      ),
    );
    const page = await browser.newPage();
    const boxes = await page.evaluate((text) => {
      const root = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      document.body.append(document.importNode(root, true));
      return Array.from(document.querySelectorAll("text"))
        .filter((t) => ["Expected", "Minimum", "Sig. Min."].includes(t.textContent ?? ""))
        .map((t) => {
          const r = t.getBoundingClientRect();
          return { label: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
        });
    }, svg);
    await page.close();
    expect(boxes.map((b) => b.label).sort()).toEqual(["Expected", "Minimum", "Sig. Min."]);
    // The three lines are within 2 px of each other: the labels would stack without the offset.
    expect(Math.max(...boxes.map((b) => b.y)) - Math.min(...boxes.map((b) => b.y))).toBeLessThan(boxes[0].h);
    const overlaps: string[] = [];
    for (const a of boxes) {
      expect(a.w).toBeGreaterThan(20);
      for (const b of boxes) {
        if (a === b) continue;
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          overlaps.push(`${a.label}/${b.label}`);
      }
    }
    expect(overlaps).toEqual([]);
  });

  test.each([
    ["worked", () => htmlOf(packWorkbook(), "2026-06-05")],
    ["demo", () => htmlOf(largeWorkbook(12, "2026-05"), "2026-06-05")],
  ])("%s: every chart of the decision page is drawn at its size, its words whole and legible", async (_, make) => {
    const page = await browser.newPage({ viewport: { width: 1123, height: 794 } });
    await page.setContent(await make(), { waitUntil: "load" });
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll("figure svg")).map((svg) => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, w: r.width, h: r.height, bottom: r.bottom };
        };
        const marks = (role: string) =>
          Array.from(svg.querySelectorAll(`[aria-roledescription="${role}"]`)).map((e) => ({
            label: e.getAttribute("aria-label") ?? "",
            fill: e.getAttribute("fill"),
            ...box(e),
          }));
        return {
          ns: svg.namespaceURI,
          ...box(svg),
          title: svg.querySelector('[aria-roledescription="title"]')?.textContent ?? "",
          texts: Array.from(svg.querySelectorAll("text")).map((t) => ({
            text: t.textContent ?? "",
            size: parseFloat(getComputedStyle(t).fontSize),
            ...box(t),
            mark: t.closest("[aria-roledescription]")?.getAttribute("aria-roledescription") ?? "",
          })),
          rules: marks("rule mark").length,
          bars: marks("bar"),
          rects: marks("rect mark"),
        };
      }),
    );
    await page.close();
    const trends = charts.filter((c) => c.texts.some((t) => t.text === "Attainment (%)" || /is better$/.test(t.text)));
    const titled = (start: string) => charts.find((c) => c.texts.some((t) => t.text.startsWith(start)))!;
    const money = titled("Credits and penalties by month");
    const bridge = titled("Savings bridge");
    const matrix = titled("Dual status: implementation");
    expect([trends.length > 0, money, bridge, matrix].every(Boolean)).toBe(true);
    for (const c of charts) {
      // Real SVG, drawn at a readable size, no word cut short with an ellipsis.
      expect([c.title, c.ns, c.w > 100, c.h > 100]).toEqual([c.title, "http://www.w3.org/2000/svg", true, true]);
      expect(c.texts.filter((t) => t.text.includes("…")).map((t) => t.text)).toEqual([]);
    }
    for (const t of trends) {
      // Month labels (YY-MM) at 10 px or more; each threshold line labelled on the chart.
      const months = t.texts.filter((x) => /^\d\d-\d\d$/.test(x.text));
      expect(months.length).toBeGreaterThan(1);
      expect(Math.min(...months.map((m) => m.size))).toBeGreaterThanOrEqual(10);
      const labels = t.texts.filter((x) => ["Expected", "Minimum", "Sig. Min."].includes(x.text));
      expect([t.title, labels.length]).toEqual([t.title, t.rules]);
    }
    // Money: the penalties stand beside the credits on the baseline (not stacked under the cap line).
    const bottom = (kind: string) => money.bars.filter((b) => b.label.includes(kind)).map((b) => Math.round(b.bottom));
    const baseline = Math.max(...bottom("Credits (after the cap)"));
    expect(new Set(bottom("SigMin penalties"))).toEqual(new Set([baseline]));
    expect(money.texts.map((t) => t.text)).toContain("At-risk cap (credits)");
    // The bridge: what is not yet confirmed in neutral grey, never the loss colour; its labels apart.
    const pending = bridge.bars.filter((b) => b.label.includes("Not yet confirmed"));
    expect(pending.length).toBeGreaterThan(0);
    expect(new Set(pending.map((b) => b.fill))).toEqual(new Set(["#d9d9d9"]));
    const values = bridge.texts.filter((t) => t.mark === "text mark");
    const overlapping = values.filter((a) =>
      values.some((b) => a !== b && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h),
    );
    expect(overlapping.map((t) => t.text)).toEqual([]);
    // The matrix shaded by status: one colour a status, Off track's not On track's.
    const fillOf = new Map<string, Set<string | null>>();
    for (const r of matrix.rects) {
      const status = /Dual status: ([^;]+)/.exec(r.label)![1];
      fillOf.set(status, new Set([...(fillOf.get(status) ?? []), r.fill]));
    }
    for (const fills of fillOf.values()) expect(fills.size).toBe(1);
    expect([...fillOf.get("Off track")!][0]).not.toBe([...fillOf.get("On track")!][0]);
  });

  test.each([
    ["worked", packWorkbook],
    ["demo", () => largeWorkbook(12, "2026-05")],
  ])(
    "%s: printed, page 1 holds the decision page: decisions, open actions, scorecard, money, savings at risk",
    async (name, grids) => {
      if (!PDFTOTEXT.path) return;
      const planned = planPack((sheet) => grids().get(sheet), undefined, day("2026-06-05"));
      if (isRefusal(planned)) throw new Error(planned.reasons.join(" "));
      const m = planned.pack;
      // Both months have breaches to decide on and actions open.
      expect([m.decisions.length > 0, m.openActions.length > 0]).toEqual([true, true]);
      const pdf = path.join(dir, `${name}-first.pdf`);
      expect(await printPdf(await reviewPackHtml(m), pdf, CHROMIUM.path)).toEqual({ printed: true });
      const page = (n: number) =>
        execFileSync(PDFTOTEXT.path!, ["-f", String(n), "-l", String(n), pdf, "-"], { encoding: "utf8" }).replace(
          /\s+/g,
          " ",
        );
      const first = page(1);
      for (const heading of ["Decisions required", "Every open breach action", "Scorecard", "Savings at risk"])
        expect([heading, first.includes(heading)]).toEqual([heading, true]);
      // Every decision asked (up to the page's limit), every open action (up to its limit) by ID.
      for (const d of m.decisions.slice(0, PACK_LIMITS.decisions)) expect(first).toContain(d.question.slice(0, 30));
      for (const a of m.openActions.slice(0, PACK_LIMITS.openActions)) expect(first).toContain(a.id);
      // The scorecard's service levels most money first: the first one's name is there.
      expect(first).toContain(m.scorecard[0].service);
      // The currency named on the page's money.
      if (m.currency) expect(first).toContain(`Money in ${m.currency}`);
      // The trends start page 2: page 1 is the decision page alone.
      expect(first).not.toContain("Attainment trend");
      expect(page(2)).toContain("Attainment trend");
    },
  );
});
