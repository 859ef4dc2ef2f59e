/**
 * The review pack's figures: read back from the HTML's text alternatives, they equal the
 * review's JSON and the register's roll-up; the page is self-contained (no script, no URL)
 * and workbook text with markup in it appears as text.
 */
import { isRefusal } from "../../src/errors";
import { rollUp } from "../../src/governance/rollup";
import { registerFrom } from "../../src/governance/commands";
import { planPack, PackOutcome } from "../../src/pack/commands";
import { reviewPackHtml, escapeHtml } from "../../src/pack/html";
import { experienceSpec, pointStatus, processLabel, trendSpec, unitAndDirection } from "../../src/pack/charts";
import { rewardWorkbook } from "../service/reward-fixture";
import { bridgeSteps, PACK_LIMITS } from "../../src/pack/model";
import { planServiceReview, reviewJson } from "../../src/service/commands";
import { contractGrid, day, Grids, newContractGrids } from "../service/fixture";
import { COLUMN_INDEX } from "../../src/governance/model";
import { headlineOf, largeWorkbook, MARKUP, money, numbersOf, packWorkbook } from "./fixture";

const AS_OF = day("2026-06-05");

/** The page's tags with their attribute values emptied: what a browser would treat as markup. */
function tags(html: string): string {
  return (html.replace(/<style>[^]*?<\/style>/, "").match(/<[^>]*>/g) ?? [])
    .map((t) => t.replace(/"[^"]*"/g, '""'))
    .join("\n");
}

function pack(grids: Grids, period?: string, asOf = AS_OF): PackOutcome {
  const out = planPack((name) => grids.get(name), period, asOf);
  if (isRefusal(out)) throw new Error(out.reasons.join(" "));
  return out;
}

describe("the review pack of the worked month", () => {
  const grids = packWorkbook();
  const { pack: model } = pack(grids);
  let html = "";
  beforeAll(async () => {
    html = await reviewPackHtml(model);
  });

  test("headline figures equal the review's JSON totals and the register's savings", () => {
    const review = planServiceReview((name) => grids.get(name), undefined, AS_OF);
    if (isRefusal(review)) throw new Error("refused");
    const json = reviewJson(review.review);
    const h = headlineOf(html);
    expect(h.netAdjustment).toBe(json.totals.netAdjustment);
    expect(h.creditsCapped).toBe(json.totals.creditsCapped);
    expect(h.credits).toBe(json.totals.credits);
    expect(h.sigmin).toBe(json.totals.sigmin);
    expect(h.atRisk).toBe(json.totals.atRisk);
    // Hand-computed: 5,000 at risk; credits 4,500; SigMin 8,000; net 12,500.
    expect(h).toMatchObject({ atRisk: 5000, creditsCapped: 4500, sigmin: 8000, netAdjustment: 12500 });
    // Savings: 1,000 + 5,000 + 3,000 + 800.50 planned; 1,000 + 2,000 + 3,000 + 900.25 forecast; 850.10 confirmed.
    expect(h).toMatchObject({ planned: 9800.5, forecast: 6900.25, confirmed: 850.1 });
  });

  test("the month-by-month money ends with the review's month and holds its numbers", () => {
    const rows = numbersOf(html, "money");
    expect([...rows.keys()]).toHaveLength(12);
    expect([...rows.keys()][11]).toBe("2026-05");
    const [, credits, sigmin, cap] = rows.get("2026-05")!;
    expect([money(credits), money(sigmin), money(cap)]).toEqual([4500, 8000, 5000]);
    // April: SL-001 at 99% met its Minimum; SL-002 at 97.5% did too: nothing owed.
    expect(rows.get("2026-04")!.slice(1).map(money)).toEqual([0, 0, 5000]);
  });

  test("decisions: escalated actions level 3, 2, 1 with owner, due and days late; Value at risk measures", () => {
    const actions = numbersOf(html, "actions");
    // Every open breach action: the escalated ones first, then the month's new ones (A-0004 is Done).
    expect([...actions.keys()]).toEqual(["A-0001", "A-0002", "A-0003", "A-0005", "A-0006", "A-0007"]);
    expect(actions.get("A-0001")).toEqual([
      "Level 3",
      "A-0001",
      "Availability (SL-002)".replace("Availability", model.actions[0].service),
      "Expected default",
      "Ola",
      "2026-04-20",
      "46",
      "Open",
    ]);
    expect(actions.get("A-0002")!.slice(0, 1).concat(actions.get("A-0002")!.slice(4, 7))).toEqual([
      "Level 2",
      MARKUP,
      "2026-05-20",
      "16",
    ]);
    expect(actions.get("A-0003")![0]).toBe("Level 1");
    const risk = numbersOf(html, "value-at-risk");
    expect([...risk.keys()]).toEqual(["M-0002"]);
    expect(risk.get("M-0002")).toEqual(["M-0002", "Checkout rebuild", "Customer", "5,000.00", "2,000.00"]);
  });

  test("savings per portfolio and the dual-status matrix equal the roll-up", () => {
    const rows = registerFrom(grids.get("Register"));
    if (isRefusal(rows)) throw new Error("refused");
    const rolled = rollUp(rows, AS_OF);
    const savings = numbersOf(html, "savings");
    for (const item of rolled.items.filter((i) => i.level === "Portfolio")) {
      expect(savings.get(item.id)!.slice(1).map(money)).toEqual([item.planned, item.forecast, item.confirmed]);
    }
    expect(savings.get("PF-002")!.slice(1).map(money)).toEqual([3800.5, 3900.25, 850.1]);
    const matrix = numbersOf(html, "matrix");
    const byStatus: Record<string, number> = {};
    for (const [, [, , status, count]] of matrix) {
      const s = status.replace(" (marked)", "");
      byStatus[s] = (byStatus[s] ?? 0) + Number(count);
    }
    const org = rolled.items.find((i) => i.level === "Organization")!;
    for (const [status, count] of Object.entries(org.byDualStatus)) {
      if (status !== "Not assessed") expect(byStatus[status]).toBe(count);
    }
    expect(matrix.get("Green|Green")![3]).toBe("2");
    expect(matrix.get("Green|Red")).toEqual(["Green", "Red", "Value at risk (marked)", "1"]);
    expect(matrix.get("Red|Green")).toEqual(["Red", "Green", "Delivery at risk", "1"]);
    expect(matrix.get("Amber|Red")![2]).toBe("Value at risk (marked)");
  });

  test("the trends are the critical and breached service levels with their results and thresholds", () => {
    const trends = numbersOf(html, "trends");
    const review = planServiceReview((name) => grids.get(name), undefined, AS_OF);
    if (isRefusal(review)) throw new Error("refused");
    const wanted = review.review.services.filter((s) => s.critical || s.breach).map((s) => s.id);
    expect([...trends.keys()].sort()).toEqual(wanted.sort());
    // Breaches first, the most severe first: SL-004 (Significant Minimum) leads.
    expect(model.trends[0].id).toBe("SL-004");
    const sl2 = trends.get("SL-002")!;
    expect(sl2.slice(-4)).toEqual(["97.5%", "97.5%", "97.5%", "97%"]);
  });

  test("the watermelon callout names the critical services below their Significant Minimum", () => {
    expect(model.watermelon.text).toMatch(
      /^\d+ of \d+ service levels met their Minimum, but 1 critical service fell below/,
    );
    expect(model.watermelon.text).toContain("(SL-004)");
    expect(html).toContain('data-numbers="watermelon"');
  });

  test("self-contained: no script, no external URL, no link, no image source; A4 landscape print CSS; phone CSS", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(tags(html)).not.toMatch(/\s(src|href|on\w+)\s*=/i);
    expect(html).toContain("@page { size: A4 landscape;");
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/@media \(max-width: \d+px\)/);
    // Each chart is labelled, and the trends, money and matrix have tables of numbers.
    expect(html.match(/<svg /g)!.length).toBe(model.trends.length + 3);
    for (const t of ["money", "matrix", "savings", "trends", "actions", "value-at-risk"])
      expect(html).toContain(`data-numbers="${t}"`);
  });
});

describe("workbook text in the pack", () => {
  test("markup in a service name and an owner appears as text, in the tables and inside the charts", async () => {
    const { pack: model } = pack(packWorkbook({ markup: true }));
    const html = await reviewPackHtml(model);
    expect(html).not.toContain("<img");
    expect(tags(html)).not.toMatch(/onerror/i);
    expect(html).toContain(escapeHtml(MARKUP));
    // In the trend chart's title (vega escapes its text) and in the tables.
    expect(html.split("&lt;img src=x onerror=").length).toBeGreaterThan(3);
  });
});

describe("the pack's pieces", () => {
  test("a bridge walks planned to forecast to confirmed, exactly", () => {
    const steps = bridgeSteps({ id: "PF-1", name: "P", planned: 0.3, forecast: 0.1, confirmed: 0.05 });
    expect(steps.map((s) => [s.step, s.kind, s.start, s.end, s.amount])).toEqual([
      ["Planned", "total", 0, 0.3, 0.3],
      ["Forecast change", "decrease", 0.3, 0.1, -0.2],
      ["Forecast", "total", 0, 0.1, 0.1],
      ["Not yet confirmed", "decrease", 0.1, 0.05, -0.05],
      ["Confirmed", "total", 0, 0.05, 0.05],
    ]);
  });

  test("a trend is in its unit and direction, points shaped by status", () => {
    const panel = {
      id: "SL-9",
      service: "Restore",
      unit: "hours",
      direction: "<=" as const,
      critical: true,
      breach: null,
      expected: 4,
      minimum: 6,
      significantMinimum: 8,
      points: [
        { period: "2026-04", result: 4 },
        { period: "2026-05", result: 9 },
      ],
    };
    expect(unitAndDirection(panel)).toEqual({ axis: "hours", direction: "lower is better" });
    expect(unitAndDirection({ unit: "%", direction: ">=" })).toEqual({
      axis: "Attainment (%)",
      direction: "higher is better",
    });
    expect([4, 5, 6, 7, 8, 8.5].map((r) => pointStatus(panel, r))).toEqual([
      "Met Expected",
      "Below Expected",
      "Below Expected",
      "Below Minimum",
      "Below Minimum",
      "Below Significant Minimum",
    ]);
    const spec = JSON.stringify(trendSpec(panel));
    expect(spec).toContain('"title":"hours"');
    expect(spec).toContain("lower is better");
    expect(spec).toContain('"threshold":"Sig. Min.","value":8');
  });

  test("a large contract shows at most the limits and says how many more", () => {
    const { pack: model } = pack(largeWorkbook(240), "2026-05");
    expect(model.trends).toHaveLength(PACK_LIMITS.trends);
    expect(model.trendsOmitted).toBeGreaterThan(0);
    expect(model.trends.every((t) => t.points.length === 12)).toBe(true);
  });

  test("a bad period is refused as the review refuses it", () => {
    const out = planPack((name) => packWorkbook().get(name), "2026-13", AS_OF);
    expect(isRefusal(out)).toBe(true);
  });
});

describe("the decision page's figures equal review --json and the register's roll-up", () => {
  // The worked month, with a closure signed after the as-of day (M-0003, on 2026-06-20) and a
  // measure typed twice under one portfolio (validation's DUPLICATE).
  const grids = packWorkbook();
  const register = grids.get("Register")!.map((r) => r.slice());
  const at = (key: keyof typeof COLUMN_INDEX) => COLUMN_INDEX[key];
  const m3 = register.findIndex((r) => r[at("id")] === "M-0003");
  register[m3][at("gate")] = "L5 Closed";
  register[m3][at("confirmed")] = 3000;
  register[m3][at("closedBy")] = "Carla";
  register[m3][at("closedAt")] = "2026-06-20T09:00:00.000Z";
  const twin = register.findIndex((r) => r[at("id")] === "M-0001").valueOf();
  const copy = register[twin].slice();
  copy[at("id")] = "M-0005";
  copy[at("path")] = "ORG-001/PF-001/M-0005";
  copy[at("planned")] = 7000;
  copy[at("forecast")] = 4000;
  register.push(copy);
  grids.set("Register", register);
  const { pack: model, review } = pack(grids);
  const json = reviewJson(review);
  let html = "";
  beforeAll(async () => {
    html = await reviewPackHtml(model);
  });

  test("the scorecard's money per service is the review's credit plus SigMin penalty, most money first", () => {
    const card = numbersOf(html, "scorecard");
    expect(card.size).toBe(json.services.length);
    const expected = json.services
      .map((s) => ({ id: s.id, money: s.credit + s.sigminPenalty }))
      .sort((a, b) => b.money - a.money);
    expect([...card.keys()][0]).toBe(expected[0].id);
    for (const s of json.services) {
      const [, , , , , , credit, penalty, total] = card.get(s.id)!;
      expect([s.id, money(credit), money(penalty), money(total)]).toEqual([
        s.id,
        s.credit,
        s.sigminPenalty,
        s.credit + s.sigminPenalty,
      ]);
    }
    const totals = [...card.values()].map((r) => money(r[8]));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  test("every open action, escalated first, as the review left them", () => {
    const open = review.actions.filter((a) => a.status !== "Done" && a.status !== "Verified");
    const rows = numbersOf(html, "actions");
    expect(new Set(rows.keys())).toEqual(new Set(open.map((a) => a.id)));
    const escalated = json.escalated.map((e) => e.actionId);
    expect([...rows.keys()].slice(0, escalated.length)).toEqual(escalated);
    for (const a of open) expect(rows.get(a.id)![6]).toBe(String(a.daysLate));
  });

  test("savings: the duplicate is left out and named, the late closure is not confirmed yet", () => {
    const quality = html.slice(html.indexOf('data-numbers="data-quality"'));
    expect(model.dataQuality.closedAfterAsOf.map((c) => c.id)).toEqual(["M-0003"]);
    expect(quality).toContain("M-0003 Payroll outsourcing");
    const dups = model.dataQuality.duplicates.map((d) => d.id);
    expect(dups.length).toBe(1);
    expect(quality).toContain(`${dups[0]} Desk consolidation`);
    // The register's own roll-up, as of the day, without the duplicate and before the late closure.
    const rows = registerFrom(register);
    if (isRefusal(rows)) throw new Error("register");
    const asOfRows = rows
      .filter((r) => r.id !== dups[0])
      .map((r) => (r.id === "M-0003" ? { ...r, gate: null, confirmed: null, closedBy: null, closedAt: null } : r));
    const org = rollUp(asOfRows, AS_OF).items.find((i) => i.level === "Organization")!;
    const h = headlineOf(html);
    expect([h.planned, h.forecast, h.confirmed]).toEqual([org.planned, org.forecast, org.confirmed]);
    expect(h.confirmed).toBe(850.1);
    // At risk: planned minus forecast over the counted measures, by hand and from the roll-up.
    expect(h.gap).toBe(org.planned - org.forecast);
    expect(h.gap).toBe(dups[0] === "M-0005" ? 2900.25 : 5900.25);
    // "Value at risk": M-0002, milestones on time, 5,000 planned and 2,000 forecast; no owner named.
    expect(h.valueAtRisk).toBe(3000);
    expect(model.savingsAtRisk.owners).toEqual([{ owner: "(no owner)", amount: 3000, measures: 1 }]);
  });

  test("the decisions are questions: the penalty to approve, the late actions to reassign", () => {
    const list = html.slice(html.indexOf('data-numbers="decisions"'), html.indexOf("</ol>"));
    for (const s of json.services.filter((s) => s.sigminPenalty > 0)) {
      expect(list).toContain(`Approve the ${s.sigminPenalty.toLocaleString("en-US")} SigMin penalty on`);
    }
    for (const e of json.escalated) expect(list).toMatch(new RegExp(`Reassign ${e.actionId} .*days late\\?`));
  });
});

describe("the contract's money on the decision page: currency, contract year, earnback", () => {
  // The worked month under a contract in euros with an annual cap of 6,000 and credits earned
  // back after 2 good months.
  const grids = packWorkbook();
  grids.set("Contract", contractGrid({ "Annual Cap": 6000, "Earnback Periods": 2, Currency: "eur" }));
  const { pack: model, review } = pack(grids);
  const json = reviewJson(review);
  let html = "";
  beforeAll(async () => {
    html = await reviewPackHtml(model);
  });
  const paragraph = (name: string) => {
    const at = html.indexOf(`data-numbers="${name}"`);
    return at < 0 ? "" : html.slice(at, html.indexOf("</", at));
  };
  const amounts = (text: string) => [...text.matchAll(/\d[\d,]*\.\d\d/g)].map((m) => money(m[0]));

  test("the currency is read as its ISO code and named on the money", () => {
    expect(model.currency).toBe("EUR");
    expect(paragraph("currency")).toContain("Money in EUR");
    expect(html).toContain("Net adjustment to the invoice (EUR)");
    for (const header of ["Credit (EUR)", "SigMin penalty (EUR)", "Money (EUR)", "Credits (after cap) (EUR)"]) {
      expect([header, html.includes(`>${header}<`)]).toEqual([header, true]);
    }
    // Every headline card of page 1, the savings as well as the contract's money, and the
    // heading over the savings-at-risk cards.
    const headline = html.slice(
      html.indexOf('data-numbers="headline"'),
      html.indexOf("</dl>", html.indexOf('data-numbers="headline"')),
    );
    const labels = [...headline.matchAll(/<dt>([^<]*)<\/dt>/g)].map((m) => m[1]);
    expect(labels.length).toBe(8);
    expect(labels.filter((l) => !l.includes("(EUR)"))).toEqual([]);
    expect(html).toContain("<h3>Savings at risk (EUR)</h3>");
  });

  test("credits of the contract year to date against the annual cap equal review --json", () => {
    const t = json.totals;
    expect(t.annualCap).toBe(6000);
    const [yearToDate, thisMonth, cap, left] = amounts(paragraph("contract-year"));
    expect([yearToDate, thisMonth, cap]).toEqual([t.creditsYearToDate, t.creditsCharged, t.annualCap]);
    expect(left).toBe(Math.max(0, 6000 - t.creditsYearToDate));
    expect(paragraph("contract-year")).toContain(`since ${t.contractYearStart}`);
  });

  test("the earnback status sums the review's earnback lines", () => {
    const [earned, pending, final] = amounts(paragraph("earnback"));
    expect(earned).toBe(json.totals.earnedBack);
    const sum = (status: string) =>
      review.earnback.filter((e) => e.status === status).reduce((a, e) => a + e.charged, 0);
    expect([pending, final]).toEqual([sum("pending"), sum("final")]);
    expect(model.earnback!.pending.count).toBe(review.earnback.filter((e) => e.status === "pending").length);
    expect(review.earnback.length).toBeGreaterThan(0);
  });

  test("without a currency, an annual cap or earnback the page says so", async () => {
    const plain = pack(packWorkbook()).pack;
    const page = await reviewPackHtml(plain);
    expect(page).toContain("No currency named");
    expect(page).toContain("no annual cap");
    expect(page).not.toContain('data-numbers="earnback"');
  });
});

describe("beyond the SLA: experience and business processes (the reward contract's two months)", () => {
  // April: Payroll run (SL-002) met its Minimum at 99.9% while its net score -10 missed its +20
  // (the experience watermelon); Checkout latency (SL-004, seconds) fell below its Significant
  // Minimum; Hire-to-Retire waited on a quarter of its cases with its only service met.
  const april = pack(rewardWorkbook(), "2026-04");
  const may = pack(rewardWorkbook(), "2026-05");
  let html = "";
  beforeAll(async () => {
    html = await reviewPackHtml(april.pack);
  });

  test("each service level is placed by its margin over the Minimum and over its XLA Target, computed here by hand", () => {
    const e = april.pack.experience!;
    // Margins by hand: (result - Minimum) / Minimum, reversed for lower-is-better; net score - target.
    const byHand = [
      { id: "SL-002", x: (0.999 - 0.97) / 0.97, y: -10 - 20, quadrant: "SLA met, experience missed" },
      { id: "SL-004", x: (3 - 5.5) / 3, y: 20 - 0, quadrant: "SLA missed, experience met" },
      { id: "SL-001", x: (0.97 - 0.98) / 0.98, y: 10 - 30, quadrant: "SLA and experience missed" },
    ];
    // In the order of the quadrants: the marked one first.
    expect(e.points.map((p) => p.id)).toEqual(byHand.map((b) => b.id));
    for (const b of byHand) {
      const p = e.points.find((q) => q.id === b.id)!;
      expect(p.slaMargin).toBeCloseTo(b.x, 12);
      expect(p.experienceMargin).toBe(b.y);
      expect(p.quadrant).toBe(b.quadrant);
    }
    // SL-003 has no XLA Target: not on the picture, and not "not drawn" either.
    expect(e.notDrawn).toEqual([]);
    // The table behind the picture, the marked quadrant first.
    const rows = numbersOf(html, "experience");
    expect([...rows.keys()]).toEqual(["SL-002", "SL-004", "SL-001"]);
    expect(rows.get("SL-002")).toEqual([
      "Payroll run (SL-002)",
      "99.9%",
      "97%",
      "+3.0%",
      "-10",
      "20",
      "✚ met / missed",
    ]);
    expect(rows.get("SL-004")!.slice(3)).toEqual(["-83.3%", "20", "0", "missed / met"]);
  });

  test("May: Checkout latency met its Minimum (2 s against 3 s) but missed its experience target", () => {
    const e = may.pack.experience!;
    const sl4 = e.points.find((p) => p.id === "SL-004")!;
    expect(sl4.slaMargin).toBeCloseTo((3 - 2) / 3, 12);
    expect([sl4.experienceMargin, sl4.quadrant, sl4.watermelon]).toEqual([-5, "SLA met, experience missed", true]);
    expect(may.review.watermelon.experienceMissed).toEqual(["SL-004"]);
  });

  test("the process map: the blocked process first, then the process watermelon; columns worst first", () => {
    const map = april.pack.processMap!;
    expect(map.processes.map((p) => [p.name, p.status, p.watermelon])).toEqual([
      ["Order-to-Cash", "Red", false],
      ["Hire-to-Retire", "Green", true],
      ["Record-to-Report", "Green", false],
    ]);
    // SL-004 below its Significant Minimum, SL-001 below its Minimum, then the met ones in Services order.
    expect(map.services.map((s) => [s.id, s.state])).toEqual([
      ["SL-004", "Significant Minimum"],
      ["SL-001", "Minimum"],
      ["SL-002", "Met"],
      ["SL-003", "Met"],
    ]);
    // One cell per row of the Dependencies sheet, in the service level's state.
    const cells = map.cells.map((c) => `${c.process}:${c.service}:${c.state}`).sort();
    expect(cells).toEqual(
      [
        "P-01:SL-001:Minimum",
        "P-01:SL-003:Met",
        "P-01:SL-004:Significant Minimum",
        "P-02:SL-002:Met",
        "P-03:SL-003:Met",
      ].sort(),
    );
    expect(map.blocked).toBe(1);
    // The table: Order-to-Cash blocked by both breached services; its money is theirs (review --json).
    const rows = numbersOf(html, "processes");
    const json = reviewJson(april.review);
    const o2c = json.processes.find((p) => p.id === "P-01")!;
    expect(rows.get("P-01")!.slice(0, 4)).toEqual([
      "Order-to-Cash (P-01)",
      "Red",
      "Service Desk, Checkout latency",
      o2c.recovered.toLocaleString("en-US", { minimumFractionDigits: 2 }),
    ]);
    expect(rows.get("P-02")!.slice(4)).toEqual(["25.0%", "Red: no SLA missed"]);
    expect(processLabel(map.processes[1])).toBe("Hire-to-Retire: Green, latency Red (no SLA missed)");
  });

  test("the watermelon callout names all three kinds", () => {
    const text = april.pack.watermelon.text;
    expect(text).toContain("1 critical service fell below its Significant Minimum: Checkout latency (SL-004).");
    expect(text).toContain("1 service level met its SLA but missed its experience target: Payroll run (SL-002).");
    expect(text).toContain("1 process: no SLA missed, the process still failed: Hire-to-Retire.");
    expect(april.pack.watermelon).toMatchObject({ applies: true, extra: 2 });
  });

  test("the net adjustment's parts when a bonus and earnback change it (May: 0 + 0 - 200 - 2,000)", async () => {
    const page = await reviewPackHtml(may.pack);
    const line = page.slice(page.indexOf('data-numbers="net-parts"'));
    expect(line).toMatch(
      /^data-numbers="net-parts">Net adjustment -2,200.00 = credits charged 0.00 \(after the annual cap\) \+ SigMin penalties 0.00 − bonus 200.00 − earned back 2,000.00\.<\/p>/,
    );
    expect(may.pack.netParts).toEqual({ creditsCharged: 0, sigmin: 0, bonus: 200, earnedBack: 2000 });
  });

  test("without experience figures or processes the pack has no such page", () => {
    const { pack: plain } = pack(packWorkbook());
    expect(plain.experience).toBeNull();
    expect(plain.processMap).toBeNull();
    expect(plain.watermelon.extra).toBe(0);
  });

  test("the experience picture shades the quadrant from the Minimum line right and from the target line down", () => {
    const spec = experienceSpec(april.pack.experience!) as unknown as {
      layer: { data: { values: Record<string, number | string>[] }; mark: { type: string } }[];
    };
    const [quadrant] = spec.layer;
    expect(quadrant.mark.type).toBe("rect");
    const [r] = quadrant.data.values as { x: number; x2: number; y: number; y2: number }[];
    expect(r.x).toBe(0);
    expect(r.y2).toBe(0);
    // The domain reaches past every point: the farthest right (+3.0%) and lowest (-30).
    expect(r.x2).toBeGreaterThan((0.999 - 0.97) / 0.97);
    expect(r.y).toBeLessThan(-30);
  });
});

describe("a pack of a new contract whose examples are partly edited", () => {
  /** new-contract's sheets, the service level and its result made the user's; `edit` does the rest. */
  function contract(edit: (g: Grids) => void = () => undefined): Grids {
    const g = newContractGrids(AS_OF);
    edit(g);
    return g;
  }
  const flag = (html: string) => html.slice(html.indexOf('data-numbers="data-quality"')).split("</ul>")[0];

  test("the data-quality flags name the sheets whose examples are left out; the money waits for the Contract's own figures", async () => {
    const { pack: model } = pack(contract());
    expect(model.dataQuality.examples).toEqual([
      "Register",
      "Actions",
      "Contract",
      "Points",
      "Processes",
      "Dependencies",
      "Experience",
    ]);
    expect(model.headline.atRisk).toBe(0);
    const html = await reviewPackHtml(model);
    expect(flag(html)).toContain(
      "new-contract&#39;s examples on the Register, Actions, Contract, Points, Processes, Dependencies and Experience sheets are left out of every figure until edited (the review&#39;s Findings sheet names each).",
    );
  });

  test("every example made the user's: no flag, and the public example's money", async () => {
    const own = contract((g) => {
      g.get("Register")![1][3] = "Acme Group";
      g.get("Contract")!.forEach((line) => (line.length = 2));
      for (const sheet of ["Actions", "Points", "Processes", "Dependencies", "Experience"])
        g.set(sheet, g.get(sheet)!.slice(0, 1));
    });
    const { pack: model } = pack(own);
    expect(model.dataQuality.examples).toEqual([]);
    expect(model.headline.atRisk).toBe(5000);
    expect(flag(await reviewPackHtml(model))).not.toContain("examples");
  });
});
