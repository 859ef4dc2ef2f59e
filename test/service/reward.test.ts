/**
 * The reward side of the review: earn-up at Stretch, the bonus blocked by a critical service
 * below its Significant Minimum, the bonus capped at the pool, contract-year credits against
 * the Annual Cap, earnback that reduces the period it is earned back in, and service points.
 * Every figure is checked against an independent computation in whole cents written here
 * (no library code), beside the hand-worked numbers in the comments.
 */
import { reviewJson } from "../../src/service/commands";
import { contractYearOf } from "../../src/service/contractYear";
import { POINTS_EVERY_SERVICE, serviceReviewPlan } from "../../src/service/plan";
import { isFormula } from "../../src/governance/plan";
import { contractGrid, day, resultsGrid, servicesGrid } from "./fixture";
import { REWARD_CONTRACT, REWARD_RESULTS, REWARD_SERVICES, review, rewardWorkbook } from "./reward-fixture";

// --- The independent computation, in whole cents -------------------------------------------
interface Sl {
  id: string;
  dir: ">=" | "<=";
  expected: number;
  minimum: number;
  sigmin?: number;
  alloc: number;
  penalty: number;
  stretch: number;
  bonusAlloc: number;
}
const SL: Sl[] = [
  {
    id: "SL-001",
    dir: ">=",
    expected: 0.985,
    minimum: 0.98,
    sigmin: 0.95,
    alloc: 40,
    penalty: 500000,
    stretch: 0.995,
    bonusAlloc: 50,
  },
  { id: "SL-002", dir: ">=", expected: 0.99, minimum: 0.97, alloc: 30, penalty: 0, stretch: 0.999, bonusAlloc: 30 },
  { id: "SL-003", dir: "<=", expected: 4, minimum: 6, alloc: 20, penalty: 0, stretch: 2, bonusAlloc: 20 },
  {
    id: "SL-004",
    dir: "<=",
    expected: 2,
    minimum: 3,
    sigmin: 5,
    alloc: 50,
    penalty: 800000,
    stretch: 1,
    bonusAlloc: 0,
  },
];
const AT_RISK = 500000; // 10,000 x 50%, cents
const POOL = 100000; // 1,000
const CAP = 400000; // 4,000
const ok = (v: number, t: number, dir: string) => (dir === ">=" ? v >= t : v <= t);
const resultOf = (p: string, id: string) => REWARD_RESULTS.find((r) => r[0] === p && r[1] === id)?.[2] as number;

function reference(period: string) {
  const month = (p: string) => {
    const credits = SL.map((s) => (ok(resultOf(p, s.id), s.minimum, s.dir) ? 0 : (AT_RISK * s.alloc) / 100));
    const sigmin = SL.reduce(
      (a, s) => a + (s.sigmin !== undefined && !ok(resultOf(p, s.id), s.sigmin, s.dir) ? s.penalty : 0),
      0,
    );
    const blocked = SL.some((s) => s.sigmin !== undefined && !ok(resultOf(p, s.id), s.sigmin, s.dir));
    const shares = SL.reduce(
      (a, s) => a + (ok(resultOf(p, s.id), s.stretch, s.dir) ? (POOL * s.bonusAlloc) / 100 : 0),
      0,
    );
    const capped = Math.min(
      credits.reduce((a, b) => a + b, 0),
      AT_RISK,
    );
    return { credits, sigmin, blocked, shares, capped };
  };
  const order = ["2026-04", "2026-05"];
  let yearBefore = 0;
  const charged: Record<string, number> = {};
  for (const p of order) {
    const m = month(p);
    charged[p] = Math.min(m.capped, Math.max(0, CAP - yearBefore));
    if (p === period) break;
    yearBefore += charged[p];
  }
  const m = month(period);
  // Earnback (N = 1): the previous month's charged credits, shared in sheet order, come back
  // for each service level meeting Expected this month.
  let earned = 0;
  const prev = order[order.indexOf(period) - 1];
  if (prev) {
    let left = charged[prev];
    month(prev).credits.forEach((c, i) => {
      const part = Math.min(c, left);
      left -= part;
      if (c > 0 && ok(resultOf(period, SL[i].id), SL[i].expected, SL[i].dir)) earned += part;
    });
  }
  const bonus = m.blocked ? 0 : Math.min(m.shares, POOL);
  return {
    credits: m.credits.reduce((a, b) => a + b, 0) / 100,
    creditsCapped: m.capped / 100,
    sigmin: m.sigmin / 100,
    bonusBeforeCap: m.shares / 100,
    bonusBlocked: m.blocked,
    bonus: bonus / 100,
    creditsEarlierInYear: Math.min(yearBefore, CAP) / 100,
    creditsCharged: charged[period] / 100,
    creditsYearToDate: (Math.min(yearBefore, CAP) + charged[period]) / 100,
    earnedBack: earned / 100,
    netAdjustment: (charged[period] + m.sigmin - bonus - earned) / 100,
  };
}

describe("month 1 (2026-04): the bonus blocked by a SigMin breach, credits reaching the annual cap", () => {
  const r = review(rewardWorkbook(), "2026-04");

  test("every total equals the independent computation", () => {
    expect(r.totals).toMatchObject(reference("2026-04"));
  });

  test("the hand-worked figures", () => {
    // Credits: SL-001 2,000 + SL-004 2,500 = 4,500 under the 5,000 monthly cap; the annual cap
    // of 4,000 leaves 4,000 to charge. SL-004's 5.5 s is below its SigMin 5 s: penalty 8,000, and
    // no bonus although SL-002 (300) and SL-003 (200) reached Stretch. Net 4,000 + 8,000 = 12,000.
    expect(r.totals).toMatchObject({
      credits: 4500,
      creditsCapped: 4500,
      annualCap: 4000,
      contractYearStart: "2026-04",
      creditsEarlierInYear: 0,
      creditsCharged: 4000,
      creditsYearToDate: 4000,
      bonusPool: 1000,
      bonusBeforeCap: 500,
      bonusBlocked: true,
      bonus: 0,
      earnedBack: 0,
      netAdjustment: 12000,
    });
    expect(r.services.map((s) => [s.id, s.metStretch, s.bonusShare])).toEqual([
      ["SL-001", false, 0],
      ["SL-002", true, 300],
      ["SL-003", true, 200],
      ["SL-004", false, 0],
    ]);
  });

  test("both credits are pending earnback; the charged 4,000 goes to them in sheet order", () => {
    expect(r.earnback).toEqual([
      {
        serviceId: "SL-001",
        period: "2026-04",
        credit: 2000,
        charged: 2000,
        status: "pending",
        earnedBackIn: "2026-05",
        amount: 0,
      },
      {
        serviceId: "SL-004",
        period: "2026-04",
        credit: 2500,
        charged: 2000,
        status: "pending",
        earnedBackIn: "2026-05",
        amount: 0,
      },
    ]);
  });

  test("points: 97% scores 2, 99.9% 0, SL-003 on its own table 0, SL-004 (seconds) none, with a finding", () => {
    expect(r.services.map((s) => s.points)).toEqual([2, 0, 0, null]);
    expect(r.findings.map((f) => [f.code, f.id])).toEqual([["POINTS_OTHER_SCALE", "SL-004"]]);
  });
});

describe("month 2 (2026-05): a bonus earned, a credit earned back, nothing left under the annual cap", () => {
  const r = review(rewardWorkbook(), "2026-05");

  test("every total equals the independent computation", () => {
    expect(r.totals).toMatchObject(reference("2026-05"));
  });

  test("the hand-worked figures", () => {
    // Credits SL-001 2,000 + SL-002 1,500 = 3,500, but the year already charged its 4,000 cap:
    // 0 charged. SL-003 at Stretch earns 20% of the 1,000 pool = 200, nothing blocks it.
    // SL-004 met Expected (2 s): April's 2,000 charged for it is earned back now; SL-001 missed
    // Expected, so its April credit is final. Net 0 + 0 - 200 - 2,000 = -2,200.
    expect(r.totals).toMatchObject({
      credits: 3500,
      creditsCharged: 0,
      creditsEarlierInYear: 4000,
      creditsYearToDate: 4000,
      bonusBlocked: false,
      bonus: 200,
      earnedBack: 2000,
      netAdjustment: -2200,
    });
    expect(r.earnback.map((e) => [e.serviceId, e.period, e.status, e.amount])).toEqual([
      ["SL-001", "2026-04", "final", 0],
      ["SL-004", "2026-04", "earned back", 2000],
      ["SL-001", "2026-05", "pending", 0],
      ["SL-002", "2026-05", "pending", 0],
    ]);
  });

  test("April's review is not rewritten by May's earnback", () => {
    expect(review(rewardWorkbook(), "2026-04").totals.netAdjustment).toBe(12000);
  });

  test("points: SL-001 misses again after scoring in April, so its 2 points double to 4", () => {
    expect(r.services.map((s) => s.points)).toEqual([4, 3, 0, null]);
  });

  test("the JSON shows each part", () => {
    const json = reviewJson(r);
    expect(json.totals).toMatchObject({ bonus: 200, earnedBack: 2000, creditsCharged: 0, netAdjustment: -2200 });
    expect(json.earnback).toHaveLength(4);
    expect(json.services[2]).toMatchObject({ id: "SL-003", stretch: 2, metStretch: true, bonusShare: 200, points: 0 });
  });

  test("the Service Review sheet carries each part, its formulas cached with the review's values", () => {
    const { plan, layout } = serviceReviewPlan(r);
    const cell = (row: number, col = 1) => {
      const c = plan.cells[row - 1][col];
      return isFormula(c) ? c.value : c;
    };
    const T = layout.totalsRow;
    expect(cell(T.creditsCharged)).toBe(0);
    expect(cell(T.bonus)).toBe(200);
    expect(cell(T.earnedBack)).toBe(2000);
    expect(cell(T.netAdjustment)).toBe(-2200);
    expect(plan.cells[layout.headerRow - 1].slice(25)).toEqual([
      "Stretch",
      "Bonus Allocation %",
      "Stretch met",
      "Bonus share",
      "XLA Target",
      "Net Score",
      "XLA met",
      "Lost Minutes Target",
      "Lost Minutes",
      "Lost Minutes met",
      "Experience watermelon",
      "Points",
      "Previous result (repeat)",
    ]);
    expect(plan.cells[layout.earnbackHeaderRow - 1][0]).toBe("Service ID");
  });

  test("Points are native formulas over the sheet's own bands table, the repeat decided by the previous result", () => {
    const { plan, layout } = serviceReviewPlan(r);
    const row = (i: number) => plan.cells[layout.firstServiceRow - 1 + i];
    const points = [0, 1, 2, 3].map((i) => row(i)[36]);
    // SL-001, SL-002, SL-003 are formulas cached with the review's points; SL-004 (seconds on a % table) stays blank.
    expect(points.map((c) => (isFormula(c) ? c.value : c))).toEqual([4, 3, 0, null]);
    expect(points.slice(0, 3).every(isFormula)).toBe(true);
    const text = (c: unknown) => (isFormula(c as never) ? (c as { formula: string }).formula : "");
    expect(text(points[0])).not.toMatch(/GOV|_xldudf/);
    // April's 97% scored 2: May's SL-001 is a repeat; SL-002 met every band in April (99.9%), so no repeat.
    expect(row(0)[37]).toBe(0.97);
    expect(row(1)[37]).toBe(0.999);
    // The bands table: the table for every service level (falling), then SL-003's own (rising, in hours).
    const bands = plan.cells.slice(layout.pointsHeaderRow - 1, layout.pointsHeaderRow + 9).map((c) => c.slice(0, 3));
    expect(bands).toEqual([
      ["Table", "Threshold", "Points"],
      [POINTS_EVERY_SERVICE, 0.99, 0],
      [POINTS_EVERY_SERVICE, 0.98, 1],
      [POINTS_EVERY_SERVICE, 0.97, 2],
      [POINTS_EVERY_SERVICE, 0.96, 3],
      [POINTS_EVERY_SERVICE, "worse than every threshold", 4],
      ["SL-003", 4, 0],
      ["SL-003", 6, 1],
      ["SL-003", "worse than every threshold", 3],
    ]);
    const h = layout.pointsHeaderRow;
    expect(text(points[0])).toContain(`$B$${h + 1}:$B$${h + 5}>F${layout.firstServiceRow}`);
    expect(text(points[2])).toContain(`$B$${h + 6}:$B$${h + 8}<F${layout.firstServiceRow + 2}`);
  });
});

describe("edge cases", () => {
  test("Bonus Allocation % above 100% in all is an error finding, and the bonus stays capped at the pool", () => {
    const grids = rewardWorkbook(false);
    grids.set(
      "Services",
      servicesGrid(REWARD_SERVICES.map((row, i) => [...row.slice(0, 18), [0.5, 0.5, 0.5, null][i]])),
    );
    const r = review(grids, "2026-05");
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["BONUS_ALLOCATION_EXCEEDED", "error"]]);
    expect(r.findings[0].message).toContain("add up to 150%");
    expect(r.hasPoints).toBe(false);
    expect(r.services.every((s) => s.points === null)).toBe(true);
  });

  test("without the appended columns and parameters the review is as before: no bonus, no cap, no earnback", () => {
    const grids = rewardWorkbook(false);
    grids.set("Services", [
      (grids.get("Services")![0] as string[]).slice(0, 17),
      ...REWARD_SERVICES.map((r) => r.slice(0, 17)),
    ]);
    grids.set("Contract", contractGrid());
    const r = review(grids, "2026-04");
    expect(r.totals).toMatchObject({
      bonus: 0,
      annualCap: null,
      creditsCharged: 4500,
      earnedBack: 0,
      netAdjustment: 12500,
    });
    expect(r.earnback).toEqual([]);
  });

  test("a bonus above the pool is capped at it", () => {
    const grids = rewardWorkbook(false);
    grids.set("Contract", contractGrid({ ...REWARD_CONTRACT, "Bonus Pool": 1000 }));
    grids.set(
      "Results",
      resultsGrid([
        ["2026-05", "SL-001", 0.999],
        ["2026-05", "SL-002", 0.999],
        ["2026-05", "SL-003", 1.5],
        ["2026-05", "SL-004", 1.5],
      ]),
    );
    grids.set(
      "Services",
      servicesGrid(REWARD_SERVICES.map((row, i) => [...row.slice(0, 18), [0.6, 0.5, 0.2, null][i]])),
    );
    const r = review(grids, "2026-05");
    expect(r.totals).toMatchObject({ bonusBeforeCap: 1300, bonus: 1000, netAdjustment: -1000 });
  });

  test("the contract year starts in its month", () => {
    expect(contractYearOf("2026-03", 4)).toBe("2025-04");
    expect(contractYearOf("2026-04", 4)).toBe("2026-04");
    expect(contractYearOf("2026-12", 1)).toBe("2026-01");
  });

  test("Contract Year Start reads a date, 2026-04 or a month number; anything else is a finding", () => {
    for (const v of [day("2025-04-01"), "2026-04", 4]) {
      const grids = rewardWorkbook(false);
      grids.set("Contract", contractGrid({ ...REWARD_CONTRACT, "Contract Year Start": v }));
      expect(review(grids, "2026-05").totals.contractYearStart).toBe("2026-04");
    }
    const grids = rewardWorkbook(false);
    grids.set("Contract", contractGrid({ ...REWARD_CONTRACT, "Contract Year Start": "spring" }));
    const r = review(grids, "2026-05");
    expect(r.totals.contractYearStart).toBe("2026-01");
    expect(r.findings.map((f) => f.code)).toEqual(["CONTRACT_BAD_VALUE"]);
  });
});

describe("the Contract names the band table (Points Table): points exactly then", () => {
  const bands = () => rewardWorkbook().get("Points")!;
  const contract = (pointsTable?: string) =>
    contractGrid(pointsTable === undefined ? REWARD_CONTRACT : { ...REWARD_CONTRACT, "Points Table": pointsTable });
  const findings = (r: ReturnType<typeof review>) => r.findings.map((f) => [f.code, f.severity, f.sheet]);

  test("named and there: the Points column, scored; ' points ' names it too (case and spaces aside)", () => {
    for (const name of ["Points", " points "]) {
      const grids = rewardWorkbook();
      grids.set("Contract", contract(name));
      const r = review(grids, "2026-04");
      expect(r.hasPoints).toBe(true);
      expect(r.services.map((s) => s.points)).toEqual([2, 0, 0, null]);
    }
  });

  test("a Points sheet the Contract does not name gives no points and a warning saying how to name it", () => {
    const grids = rewardWorkbook();
    grids.set("Contract", contract());
    const r = review(grids, "2026-04");
    expect(r.hasPoints).toBe(false);
    expect(r.services.every((s) => s.points === null)).toBe(true);
    expect(findings(r)).toEqual([["POINTS_NOT_NAMED", "warning", "Points"]]);
    expect(r.findings[0].message).toContain("type Points beside Points Table on the Contract sheet");
    expect(serviceReviewPlan(r).plan.cells.some((row) => row.includes("Points"))).toBe(false);
  });

  test("named but missing: an error on the Contract, no Points column", () => {
    const grids = rewardWorkbook(false);
    grids.set("Contract", contract("Points"));
    const r = review(grids, "2026-04");
    expect(r.hasPoints).toBe(false);
    expect(findings(r)).toEqual([["POINTS_TABLE_MISSING", "error", "Contract"]]);
    expect(r.findings[0].message).toBe(
      "Contract: Points Table names the Points sheet, but the workbook has no Points sheet; add it (Threshold, Points, Service ID: best band first) or clear Points Table. No points are given.",
    );
    expect(r.needsAttention).toBe(true);
  });

  test("named with no bands, or with a broken table: an error naming the problem", () => {
    const grids = rewardWorkbook();
    grids.set("Points", [["Threshold", "Points", "Service ID"]]);
    let r = review(grids, "2026-04");
    expect(r.hasPoints).toBe(false);
    expect(findings(r)).toEqual([["POINTS_BAD_TABLE", "error", "Points"]]);
    expect(r.findings[0].message).toContain("at least one row");
    grids.set("Points", [bands()[0], [0.99, 0, null], [0.98, "one", null]]);
    r = review(grids, "2026-04");
    expect(findings(r)).toEqual([["POINTS_BAD_TABLE", "error", "Points"]]);
    expect(r.services.every((s) => s.points === null)).toBe(true);
  });

  test("another sheet's name is a bad Contract value: no points, the Points sheet left unread", () => {
    const grids = rewardWorkbook();
    grids.set("Contract", contract("Scores"));
    const r = review(grids, "2026-04");
    expect(r.hasPoints).toBe(false);
    expect(findings(r)).toEqual([
      ["CONTRACT_BAD_VALUE", "error", "Contract"],
      ["POINTS_NOT_NAMED", "warning", "Points"],
    ]);
    expect(r.findings[0].message).toMatch(
      /^Contract row \d+: Points Table must be the name of the Points sheet, or blank \(no points are given\), got text "Scores"\.$/,
    );
  });
});
