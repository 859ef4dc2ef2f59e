/**
 * The service review on hand-computed contract months. The worked month (May 2026):
 * Monthly Charges 10,000 x At-Risk 50% = 5,000 at risk; pool 250%.
 * - SL-001 (%, >=, Minimum 98%, SigMin 95%, allocation 40%): 97% misses the Minimum, meets the
 *   SigMin: credit 5,000 x 40% = 2,000 (the public example, 50% x 40% x $10,000). Breach Minimum.
 * - SL-002 (%, >=, Expected 99%, Minimum 97%, allocation 30%): 97% is exactly the Minimum: met,
 *   no credit; Expected missed in Feb, Mar, Apr and May: 4 misses > 3 allowed: Expected default.
 * - SL-003 (OLA, hours, <=, Expected 4, Minimum 6): 6 hours is exactly the Minimum: met; no breach.
 * - SL-004 (seconds, <=, Minimum 3, SigMin 5, allocation 50%, penalty 8,000): 5.5 s misses both:
 *   credit 5,000 x 50% = 2,500 and the SigMin penalty 8,000. Breach Significant Minimum.
 * Credits 4,500 (under the 5,000 cap), SigMin 8,000, net adjustment 12,500.
 */
import { isRefusal, refuse, refusalText } from "../../src/errors";
import { planServiceReview, reviewJson, reviewWithHistory } from "../../src/service/commands";
import { readServiceWorkbook } from "../../src/service/read";
import { addBusinessDays, escalationOf, reviewPeriod, serviceHistory, ServiceReview } from "../../src/service/review";
import { SERVICE_SHEETS, ServiceWorkbook } from "../../src/service/model";
import { inputSheetFormats, serviceReviewPlan, unitFormat } from "../../src/service/plan";
import { CellValue } from "../../src/governance/model";
import {
  ACTIONS_HEADER,
  applyToGrids,
  contractGrid,
  day,
  Grids,
  MAY,
  resultsGrid,
  SERVICES,
  servicesGrid,
  workbook,
} from "./fixture";

const AS_OF = day("2026-06-05"); // a Friday

function read(grids: Grids): ServiceWorkbook {
  const book = readServiceWorkbook((n) => grids.get(n));
  if (isRefusal(book)) throw new Error(refusalText(book));
  return book;
}

function review(grids: Grids, period?: string, asOf = AS_OF): ServiceReview {
  const r = reviewPeriod(read(grids), period, asOf);
  if (isRefusal(r)) throw new Error(refusalText(r));
  return r;
}

const line = (r: ServiceReview, id: string) => r.services.find((s) => s.id === id)!;

describe("the worked month", () => {
  const r = review(workbook());

  test("defaults to the latest period with results", () => {
    expect(r.period).toBe("2026-05");
    expect(r.periodSerial).toBe(day("2026-05-01"));
  });

  test("met flags follow each direction; exactly at a threshold is met", () => {
    expect(line(r, "SL-001")).toMatchObject({ metExpected: false, metMinimum: false, metSignificantMinimum: true });
    expect(line(r, "SL-002")).toMatchObject({ metExpected: false, metMinimum: true, metSignificantMinimum: null });
    expect(line(r, "SL-003")).toMatchObject({ metExpected: false, metMinimum: true, metSignificantMinimum: null });
    expect(line(r, "SL-004")).toMatchObject({ metExpected: false, metMinimum: false, metSignificantMinimum: false });
  });

  test("credits are at-risk x allocation on a Minimum miss: 5,000 x 40% = 2,000", () => {
    expect(line(r, "SL-001").credit).toBe(2000);
    expect(line(r, "SL-002").credit).toBe(0);
    expect(line(r, "SL-003").credit).toBe(0);
    expect(line(r, "SL-004").credit).toBe(2500);
  });

  test("a Significant Minimum miss adds its penalty", () => {
    expect(line(r, "SL-004").sigminPenalty).toBe(8000);
    expect(line(r, "SL-001").sigminPenalty).toBe(0);
  });

  test("totals: credits 4,500 under the 5,000 cap, SigMin 8,000, net 12,500", () => {
    expect(r.totals).toMatchObject({
      atRisk: 5000,
      credits: 4500,
      creditsCapped: 4500,
      sigmin: 8000,
      netAdjustment: 12500,
    });
  });

  test("expected-level default: 4 misses in the window > 3 allowed", () => {
    expect(line(r, "SL-002")).toMatchObject({ expectedMisses: 4, expectedDefault: true });
    expect(line(r, "SL-003")).toMatchObject({ expectedMisses: 1, expectedDefault: false });
  });

  test("one breach per service, the most severe", () => {
    expect(r.services.map((s) => s.breach)).toEqual(["Minimum", "Expected default", null, "Significant Minimum"]);
  });

  test("one action per breach: owner and register id from the service, due 10 business days later", () => {
    expect(r.actionsCreated.map((a) => [a.id, a.serviceId, a.breach, a.owner, a.registerId])).toEqual([
      ["A-0001", "SL-001", "Minimum", "Dana", "M-0001"],
      ["A-0002", "SL-002", "Expected default", "Pat", ""],
      ["A-0003", "SL-004", "Significant Minimum", "Lee", "M-0002"],
    ]);
    for (const a of r.actionsCreated) {
      expect(a).toMatchObject({
        createdAt: AS_OF,
        due: day("2026-06-19"),
        status: "Open",
        escalation: 0,
        period: "2026-05",
      });
    }
    expect(r.actionsCreated.map((a) => a.row)).toEqual([2, 3, 4]);
    expect(r.needsAttention).toBe(true);
  });

  test("money at risk rolls up through Register ID and Path", () => {
    expect(r.atRiskByItem.map((i) => [i.id, i.amount])).toEqual([
      ["ORG-001", 12500],
      ["PF-001", 12500],
      ["M-0001", 2000],
      ["M-0002", 10500],
    ]);
  });

  test("the watermelon line: 2 of 4 met their Minimum, one critical below: not a watermelon", () => {
    expect(r.watermelon).toMatchObject({ metMinimum: 2, measured: 4, criticalBelow: ["SL-004"], isWatermelon: false });
    expect(r.watermelon.line).toBe(
      "2 of 4 service levels met their Minimum; 1 critical service below its Significant Minimum",
    );
  });

  test("the JSON has the published shape", () => {
    const json = reviewJson(r);
    expect(Object.keys(json)).toEqual([
      "period",
      "services",
      "totals",
      "actionsCreated",
      "escalated",
      "atRiskByItem",
      "findings",
      "earnback",
      "processes",
      "processWatermelon",
      "watermelon",
    ]);
    expect(json.services[0]).toEqual({
      id: "SL-001",
      service: "Service Desk",
      result: 0.97,
      metExpected: false,
      metMinimum: false,
      metSignificantMinimum: true,
      credit: 2000,
      sigminPenalty: 0,
      expectedDefault: false,
      breach: "Minimum",
      actionId: "A-0001",
      stretch: null,
      metStretch: null,
      bonusShare: 0,
      points: null,
      netScore: null,
      xlaTarget: null,
      xlaMet: null,
      lostMinutes: null,
      lostMinutesTarget: null,
      lostMet: null,
      experienceWatermelon: false,
    });
    expect(json.actionsCreated).toBe(3);
  });
});

test("credits above the at-risk amount are capped; SigMin penalties are not", () => {
  const all: [string, string, number][] = [
    ["2026-05", "SL-001", 0.9],
    ["2026-05", "SL-002", 0.9],
    ["2026-05", "SL-003", 9],
    ["2026-05", "SL-004", 9],
  ];
  const r = review(workbook(all));
  // 2,000 + 1,500 + 1,000 + 2,500 = 7,000, capped at 5,000; plus both penalties (SL-001's 90% is
  // below its 95% SigMin too): 5,000 + 8,000, neither capped nor offset. Net 18,000.
  expect(r.totals).toMatchObject({
    atRisk: 5000,
    credits: 7000,
    creditsCapped: 5000,
    sigmin: 13000,
    netAdjustment: 18000,
  });
});

test("a watermelon month: every other service green, a critical one below its Significant Minimum", () => {
  const services = [...SERVICES];
  for (let i = 5; i <= 12; i++) {
    services.push([
      `SL-0${String(i).padStart(2, "0")}`,
      `Svc ${i}`,
      "P",
      "X",
      "SLA",
      null,
      "m",
      "%",
      ">=",
      0.9,
      0.8,
      null,
      0.05,
      null,
      null,
      "O",
      null,
    ]);
  }
  // SL-004's Minimum (3 s) is above its SigMin (5 s) for "<=": 5.5 s misses both; the rest meet.
  const rows: [string, string, number][] = [
    ["2026-05", "SL-001", 0.99],
    ["2026-05", "SL-002", 0.995],
    ["2026-05", "SL-003", 4],
    ["2026-05", "SL-004", 5.5],
    ...services.slice(4).map((s) => ["2026-05", String(s[0]), 0.95] as [string, string, number]),
  ];
  const grids = workbook(rows);
  grids.set(SERVICE_SHEETS.services, servicesGrid(services));
  const r = review(grids);
  expect(r.watermelon).toMatchObject({ metMinimum: 11, measured: 12, isWatermelon: true, criticalBelow: ["SL-004"] });
});

test("results in a unit are compared in that unit with the direction", () => {
  const r = review(
    workbook([
      ["2026-05", "SL-003", 5.999],
      ["2026-05", "SL-004", 3],
    ]),
  );
  expect(line(r, "SL-003")).toMatchObject({ metMinimum: true, metExpected: false, credit: 0 });
  expect(line(r, "SL-004")).toMatchObject({
    metMinimum: true,
    metExpected: false,
    metSignificantMinimum: true,
    credit: 0,
  });
});

test("periods without a result are not counted in the Expected window, and the window has its length", () => {
  // Misses in 2025-05 (13 months back: outside a 12-month window), 2026-01, 2026-03, 2026-05: 3 misses, no default.
  const rows: [string, string, number][] = [
    ["2025-05", "SL-002", 0.975],
    ["2026-01", "SL-002", 0.975],
    ["2026-03", "SL-002", 0.975],
    ["2026-05", "SL-002", 0.975],
  ];
  expect(line(review(workbook(rows)), "SL-002")).toMatchObject({
    expectedMisses: 3,
    expectedDefault: false,
    breach: null,
  });
  const grids = workbook(rows);
  grids.set(SERVICE_SHEETS.contract, contractGrid({ "Expected Window": 13 }));
  expect(line(review(grids), "SL-002")).toMatchObject({ expectedMisses: 4, expectedDefault: true });
});

test("next target: a window in which every period beats Expected moves it halfway to the average", () => {
  const rows: [string, string, number][] = [];
  for (let m = 1; m <= 12; m++) rows.push([`2025-${String(m).padStart(2, "0")}`, "SL-001", m <= 6 ? 0.99 : 0.995]);
  const r = review(workbook(rows), "2025-12");
  // Average 0.9925; Expected 0.985 + 0.5 x 0.0075 = 0.98875.
  expect(line(r, "SL-001").nextTarget).toBe(0.98875);
  expect(line(r, "SL-002").nextTarget).toBeNull();
});

describe("the action register", () => {
  test("review twice is idempotent: the second run creates nothing and changes no typed cell", () => {
    const grids = workbook();
    const first = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(first)) throw new Error(refusalText(first));
    applyToGrids(grids, first.plans);
    const actionsAfterFirst = JSON.stringify(grids.get(SERVICE_SHEETS.actions));
    const second = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(second)) throw new Error(refusalText(second));
    expect(second.review.actionsCreated).toEqual([]);
    expect(second.review.services.map((s) => s.actionId)).toEqual(["A-0001", "A-0002", null, "A-0003"]);
    applyToGrids(grids, second.plans);
    expect(JSON.stringify(grids.get(SERVICE_SHEETS.actions))).toBe(actionsAfterFirst);
  });

  test("the Actions sheet reads: a Status drop-down, Period as yyyy-mm, service name, days late, escalation coloured", () => {
    const grids = workbook();
    const out = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(out)) throw new Error(refusalText(out));
    const plan = out.plans.find((p) => p.name === SERVICE_SHEETS.actions)!;
    const header = plan.cells[0] as string[];
    const letter = (name: string) => String.fromCharCode(65 + header.indexOf(name));
    expect(header).toEqual(expect.arrayContaining(["Status", "Period", "Escalation", "Service", "Days Late"]));
    // The drop-down: exactly the four words, on the three actions' rows and room below them.
    const [dropDown] = plan.validations!;
    expect(dropDown.list).toEqual(["Open", "In progress", "Done", "Verified"]);
    expect(dropDown.range).toMatch(new RegExp(`^${letter("Status")}2:${letter("Status")}(\\d+)$`));
    expect(Number(/(\d+)$/.exec(dropDown.range)![1])).toBeGreaterThan(4);
    expect(plan.formats).toContainEqual({ range: `${letter("Period")}2:${letter("Period")}4`, format: "yyyy-mm" });
    // Each action's service by name and its days late.
    const rows = plan.cells
      .slice(1, 4)
      .map((r) => [r[0], r[header.indexOf("Service")], r[header.indexOf("Days Late")]]);
    expect(rows).toEqual([
      ["A-0001", "Service Desk", 0],
      ["A-0002", "Payroll run", 0],
      ["A-0003", "Checkout latency", 0],
    ]);
    // Escalation levels coloured: 1 amber, 2 and 3 red.
    const fills = plan.fills!.filter((f) => f.range.startsWith(letter("Escalation")));
    expect(fills.map((f) => f.text)).toEqual(["1", "2", "3"]);
    expect(plan.autoFilter).toMatch(/^A1:/);
    expect(plan.print).toMatchObject({ landscape: true, fitToWidth: 1, titleRows: "1:1" });
  });

  test("a text longer than a cell on a sheet the review writes is a TEXT_CUT warning naming the cell (C4)", () => {
    const grids = workbook();
    const plain = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(plain)) throw new Error(refusalText(plain));
    expect(plain.review.findings.filter((f) => f.code === "TEXT_CUT")).toEqual([]);
    // A service's name of 40,000 characters, which the Service Review sheet shows.
    // (A new row: the fixture's rows are shared with the other tests.)
    const services = grids.get(SERVICE_SHEETS.services)!;
    const long = [...(services[1] as CellValue[])];
    long[1] = "S".repeat(40_000);
    grids.set(SERVICE_SHEETS.services, [services[0], long, ...services.slice(2)]);
    const out = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(out)) throw new Error(refusalText(out));
    const sheet = out.plans.find((p) => p.name === SERVICE_SHEETS.review)!;
    const r = sheet.cells.findIndex((row) => row?.some((v) => typeof v === "string" && v.startsWith("SSSS")));
    const c = sheet.cells[r].findIndex((v) => typeof v === "string" && v.startsWith("SSSS"));
    expect((sheet.cells[r][c] as string).length).toBe(32_767);
    const cut = out.review.findings.filter((f) => f.code === "TEXT_CUT");
    // The Service Review's line, and the Actions sheet's Service column of the service's action.
    expect(cut.map((f) => f.sheet)).toEqual([SERVICE_SHEETS.review, SERVICE_SHEETS.actions]);
    expect(cut.slice(0, 1)).toEqual([
      {
        code: "TEXT_CUT",
        severity: "warning",
        sheet: SERVICE_SHEETS.review,
        row: r + 1,
        id: "",
        message: `${SERVICE_SHEETS.review}!${String.fromCharCode(65 + c)}${r + 1}: a text of 40,000 characters, more than the 32,767 an Excel cell holds, is cut to the limit (its end marked "[cut: 40,000 characters]"). Keep the full text outside the workbook.`,
      },
    ]);
    // On the Findings sheet too, and in the review's JSON.
    const findingsSheet = out.plans.find((p) => p.name === "Findings")!;
    expect(findingsSheet.cells.some((row) => row?.[0] === "TEXT_CUT")).toBe(true);
    expect(reviewJson(out.review).findings.map((f) => f.code)).toContain("TEXT_CUT");
  });

  test("the Findings sheet it rewrites keeps other commands' TEXT_CUT rows; those of the sheets it writes are decided anew (C4)", () => {
    const grids = workbook();
    const cutRow = (sheet: string, cell: string) => [
      "TEXT_CUT",
      "",
      null,
      Number(cell.slice(1)),
      null,
      `${sheet}!${cell}: a text of 40,000 characters, more than the 32,767 an Excel cell holds, is cut to the limit (its end marked "[cut: 40,000 characters]"). Keep the full text outside the workbook.`,
      "warning",
    ];
    grids.set("Findings", [
      ["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"],
      cutRow("Tickets", "A7"),
      cutRow(SERVICE_SHEETS.actions, "C2"),
    ]);
    const out = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(out)) throw new Error(refusalText(out));
    const listed = out.plans.find((p) => p.name === "Findings")!.cells.filter((r) => r?.[0] === "TEXT_CUT");
    // The Tickets sheet's cut stays (the review leaves that sheet as it is); the Actions sheet,
    // written again without a long text, has none now.
    expect(listed.map((r) => [r[3], String(r[5]).slice(0, 10)])).toEqual([[7, "Tickets!A7"]]);
    // The review's own output lists only its own findings.
    expect(out.review.findings.filter((f) => f.code === "TEXT_CUT")).toEqual([]);
  });

  test("typed action fields survive a re-review; only the derived columns are refreshed, appended to an older sheet", () => {
    // An Actions sheet of the first layout (11 columns) with the user's own Note column after it.
    const grids = workbook(MAY, [
      [...ACTIONS_HEADER.slice(0, 11), "Note"],
      [
        "A-0007",
        "SL-001",
        day("2026-05-01"),
        "Minimum",
        day("2026-05-06"),
        "Someone else",
        day("2026-05-20"),
        "In progress",
        "ticket 42",
        0,
        "M-0001",
        "my note",
      ],
    ]);
    const out = planServiceReview((n) => grids.get(n), "2026-05", AS_OF);
    if (isRefusal(out)) throw new Error(refusalText(out));
    // The existing action covers SL-001's breach: only SL-002 and SL-004 get new ones, numbered after A-0007.
    expect(out.review.actionsCreated.map((a) => a.id)).toEqual(["A-0008", "A-0009"]);
    expect(line(out.review, "SL-001")).toMatchObject({ actionId: "A-0007", actionStatus: "In progress" });
    // 16 days past due on 2026-06-05: level 2 (more than 7 days late).
    expect(out.review.escalated.map((a) => [a.id, a.escalation, a.daysLate])).toEqual([["A-0007", 2, 16]]);
    applyToGrids(grids, out.plans);
    const actions = grids.get(SERVICE_SHEETS.actions)!;
    expect(actions[1]).toEqual([
      "A-0007",
      "SL-001",
      day("2026-05-01"),
      "Minimum",
      day("2026-05-06"),
      "Someone else",
      day("2026-05-20"),
      "In progress",
      "ticket 42",
      2,
      "M-0001",
      "my note",
      // Service and Days Late, appended after the user's column (16 days past due).
      "Service Desk",
      16,
    ]);
    expect(actions[0].slice(11)).toEqual(["Note", "Service", "Days Late"]);
    expect(out.plans.find((p) => p.name === SERVICE_SHEETS.actions)!.headerRows).toEqual([0]);
    expect(actions[2].slice(12)).toEqual(["Payroll run", 0]);
    expect(actions[2].slice(0, 11)).toEqual([
      "A-0008",
      "SL-002",
      day("2026-05-01"),
      "Expected default",
      AS_OF,
      "Pat",
      day("2026-06-19"),
      "Open",
      null,
      0,
      null,
    ]);
    expect(reviewJson(out.review).escalated).toEqual([{ actionId: "A-0007", level: 2 }]);
  });

  test("nothing needs attention when every breach's action is Done or Verified and none is escalated", () => {
    const done = (id: string, sl: string, status: string) => [
      id,
      sl,
      "2026-05",
      "x",
      null,
      null,
      day("2026-06-10"),
      status,
      null,
      null,
      null,
    ];
    const grids = workbook(MAY, [
      ACTIONS_HEADER,
      done("A-0001", "SL-001", "Done"),
      done("A-0002", "SL-002", "Verified"),
      done("A-0003", "SL-004", "Done"),
    ]);
    const r = review(grids);
    expect(r.actionsCreated).toEqual([]);
    expect(r.needsAttention).toBe(false);
    const open = workbook(MAY, [
      ACTIONS_HEADER,
      done("A-0001", "SL-001", "Done"),
      done("A-0002", "SL-002", "In progress"),
      done("A-0003", "SL-004", "Done"),
    ]);
    expect(review(open).needsAttention).toBe(true);
  });

  test("escalation levels with 0,7,30", () => {
    const due = day("2026-06-01");
    const level = (d: number, status = "Open") => escalationOf(status, due, due + d, [0, 7, 30]).level;
    expect([0, 1, 7, 8, 30, 31, 400].map((d) => level(d))).toEqual([0, 1, 1, 2, 2, 3, 3]);
    expect(level(40, "Done")).toBe(0);
    expect(level(40, "Verified")).toBe(0);
    expect(escalationOf("Open", undefined, due, [0, 7, 30]).level).toBe(0);
  });

  test("business days skip weekends, as WORKDAY counts them", () => {
    expect(addBusinessDays(day("2026-06-05"), 10)).toBe(day("2026-06-19"));
    expect(addBusinessDays(day("2026-06-06"), 1)).toBe(day("2026-06-08")); // Saturday + 1 = Monday
    expect(addBusinessDays(day("2026-06-05"), 1)).toBe(day("2026-06-08")); // Friday + 1 = Monday
    expect(addBusinessDays(day("2026-06-08"), 0)).toBe(day("2026-06-08"));
    expect(addBusinessDays(day("2026-06-08"), 5)).toBe(day("2026-06-15"));
  });
});

describe("findings name the sheet and the row", () => {
  function findings(grids: Grids) {
    return read(grids).findings.map((f) => [f.code, f.sheet, f.row, f.id]);
  }

  test("results: unknown service, duplicate, not a number, fraction above 1 for %", () => {
    const grids = workbook([
      ["2026-05", "SL-999", 0.99],
      ["2026-05", "SL-001", 0.97],
      ["2026-05", "SL-001", 0.99],
      ["2026-05", "SL-002", "n/a"],
      ["2026-05", "SL-002", 99.5],
      ["2026-05", "SL-003", 7.5],
    ]);
    expect(findings(grids)).toEqual([
      ["RESULT_UNKNOWN_SERVICE", "Results", 2, "SL-999"],
      ["RESULT_DUPLICATE", "Results", 4, "SL-001"],
      ["RESULT_NOT_NUMBER", "Results", 5, "SL-002"],
      ["RESULT_ABOVE_100", "Results", 6, "SL-002"],
    ]);
    // The first of a duplicate counts; a unit service is not a fraction.
    const r = review(grids);
    expect(line(r, "SL-001").result).toBe(0.97);
    expect(line(r, "SL-002").result).toBeNull();
    expect(line(r, "SL-003").result).toBe(7.5);
  });

  test("a unit result on another scale than its thresholds (the library's scale rule)", () => {
    // SL-004 is in seconds with thresholds 2, 3 and 5: 0.5 s is on the fraction scale, a typo.
    const grids = workbook([
      ["2026-05", "SL-004", 0.5],
      ["2026-05", "SL-003", 0],
    ]);
    expect(findings(grids)).toEqual([["RESULT_OTHER_SCALE", "Results", 2, "SL-004"]]);
    expect(read(grids).findings[0].message).toContain("0.5 is not on the scale of its thresholds (2, 3, 5)");
    // Zero is on every scale.
    expect(line(review(grids), "SL-003")).toMatchObject({ result: 0, metMinimum: true });
  });

  test("services: OLA chains, target hours, the pool, critical without penalty", () => {
    const rows = SERVICES.map((r) => r.slice());
    rows.push([
      "SL-005",
      "Hosting",
      "P",
      "Internal",
      "OLA",
      null,
      "m",
      "%",
      ">=",
      0.99,
      0.98,
      null,
      0.1,
      null,
      null,
      "O",
      null,
    ]);
    rows.push([
      "SL-006",
      "Backup",
      "P",
      "Internal",
      "UC",
      "SL-003",
      "m",
      "%",
      ">=",
      0.99,
      0.98,
      null,
      0.1,
      null,
      null,
      "O",
      null,
    ]);
    rows.push([
      "SL-007",
      "DNS",
      "P",
      "Vendor",
      "UC",
      "SL-001",
      "m",
      "hours",
      "<=",
      2,
      4,
      null,
      1.0,
      null,
      6,
      "O",
      null,
    ]);
    rows.push([
      "SL-008",
      "Mail",
      "P",
      "Vendor",
      "SLA",
      null,
      "m",
      "%",
      ">=",
      0.99,
      0.98,
      0.9,
      0.2,
      null,
      null,
      "O",
      null,
    ]);
    const grids = workbook();
    grids.set(SERVICE_SHEETS.services, servicesGrid(rows));
    expect(findings(grids)).toEqual([
      ["SUPPORTS_MISSING", "Services", 6, "SL-005"],
      ["SUPPORTS_NOT_SLA", "Services", 7, "SL-006"],
      ["SIGMIN_NO_PENALTY", "Services", 9, "SL-008"],
      // SL-001 (8 hours) is supported by SL-003 (3) and SL-007 (6): 9 > 8.
      ["OLA_HOURS_EXCEED", "Services", 2, "SL-001"],
      // 0.4 + 0.3 + 0.2 + 0.5 + 0.1 + 0.1 + 1 + 0.2 = 2.8 > 2.5.
      ["POOL_EXCEEDED", "Services", 0, ""],
    ]);
    expect(read(grids).findings.find((f) => f.code === "POOL_EXCEEDED")!.message).toContain("280%");
  });

  test("the Findings sheet keeps the register's findings (with their rows) and adds the review's", () => {
    const grids = workbook([
      ["2026-05", "SL-001", 0.97],
      ["2026-05", "SL-001", 0.99],
    ]);
    const out = planServiceReview((n) => grids.get(n), undefined, AS_OF);
    if (isRefusal(out)) throw new Error(refusalText(out));
    const sheet = out.plans.find((p) => p.name === "Findings")!.cells;
    const rows = sheet.slice(1).map((r) => [r[0], r[1], r[2], r[3]]);
    expect(rows).toContainEqual(["RESULT_DUPLICATE", "SL-001", null, 3]);
    // The fixture's register names no owners: Validate's findings stay, with their register rows.
    const register = rows.filter((r) => typeof r[2] === "number");
    expect(register.length).toBeGreaterThan(0);
    expect(rows.indexOf(register[0])).toBeLessThan(rows.findIndex((r) => r[0] === "RESULT_DUPLICATE"));
  });

  test("every finding has a severity and a message naming its sheet", () => {
    const grids = workbook([["2026-05", "SL-999", 0.99]]);
    for (const f of read(grids).findings) {
      expect(["error", "warning"]).toContain(f.severity);
      expect(f.message.startsWith(f.sheet)).toBe(true);
    }
  });
});

test("input errors: a missing Services sheet, a missing column, a bad period, no results", () => {
  const none = new Map();
  expect(planServiceReview((n) => none.get(n), undefined, AS_OF)).toEqual(
    refuse(expect.stringContaining('no "Services" sheet')),
  );
  const grids = workbook();
  grids.set(SERVICE_SHEETS.results, [["Period", "Service ID", "Source"]]);
  expect(planServiceReview((n) => grids.get(n), undefined, AS_OF)).toEqual(
    refuse('The Results sheet lacks the column(s) "Result" in row 1.'),
  );
  expect(planServiceReview((n) => workbook().get(n), "May 2026", AS_OF)).toEqual(
    refuse('The period must be a month such as 2026-05, got "May 2026".'),
  );
  const empty = workbook([]);
  expect(planServiceReview((n) => empty.get(n), undefined, AS_OF)).toEqual(
    refuse(expect.stringContaining("no result yet")),
  );
});

test("the history: each service's results and each month's totals over 12 periods", () => {
  const h = serviceHistory(read(workbook()), "2026-05");
  expect(h.periods).toHaveLength(12);
  expect(h.periods[11]).toBe("2026-05");
  expect(h.services[1].results.slice(-4)).toEqual([0.975, 0.975, 0.975, 0.97]);
  expect(h.totals[11]).toMatchObject({ period: "2026-05", netAdjustment: 12500, creditsCapped: 4500 });
  expect(h.totals[10]).toMatchObject({ period: "2026-04", netAdjustment: 0 });
  expect(h.services[3]).toMatchObject({ unit: "seconds", direction: "<=", critical: true, significantMinimum: 5 });
});

test("reviewWithHistory: the review and its history from one pure call", () => {
  const grids = workbook();
  const out = reviewWithHistory((n) => grids.get(n), undefined, AS_OF);
  if (isRefusal(out)) throw new Error(refusalText(out));
  expect(out.review.totals.netAdjustment).toBe(12500);
  expect(out.history.periods[11]).toBe("2026-05");
  expect(out.history.totals.map((t) => t.netAdjustment).slice(-2)).toEqual([0, 12500]);
  expect(reviewWithHistory((n) => grids.get(n), "2026-5", AS_OF)).toEqual(
    refuse('The period must be a month such as 2026-05, got "2026-5".'),
  );
});

test("results typed as percentage text are fractions", () => {
  const r = review(workbook([["2026-05", "SL-001", "97%"]]));
  expect(line(r, "SL-001")).toMatchObject({ result: 0.97, credit: 2000 });
  void resultsGrid;
});

describe("the contract's Currency", () => {
  const withCurrency = (value: CellValue) => {
    const grids = workbook(MAY);
    grids.set(SERVICE_SHEETS.contract, contractGrid({ Currency: value }));
    return grids;
  };

  test("an ISO 4217 code in any case is read upper-cased, and money on the Service Review carries it", () => {
    const r = review(withCurrency(" gbp "));
    expect(r.contract.currency).toBe("GBP");
    const { plan } = serviceReviewPlan(r);
    const money = (plan.formats ?? []).filter((f) => f.format.startsWith("#,##0.00"));
    expect(money.length).toBeGreaterThan(5);
    for (const f of money) expect([f.range, f.format]).toEqual([f.range, '#,##0.00 "GBP"']);
  });

  test("blank names no currency: plain amounts", () => {
    const r = review(workbook(MAY));
    expect(r.contract.currency).toBe("");
    const formats = serviceReviewPlan(r).plan.formats ?? [];
    expect(formats.some((f) => f.format === "#,##0.00")).toBe(true);
    expect(formats.some((f) => f.format.startsWith("#,##0.00") && f.format.includes('"'))).toBe(false);
  });

  test.each(["€", "Euro", "EU", "XYZ", 978])(
    "%p is not a currency code: an error naming the row, none used",
    (value) => {
      const book = read(withCurrency(value));
      expect(book.contract.currency).toBe("");
      const bad = book.findings.filter((f) => f.code === "CONTRACT_BAD_VALUE");
      expect(bad.map((f) => [f.severity, f.sheet])).toEqual([["error", "Contract"]]);
      expect(bad[0].message).toContain("Currency must be an ISO 4217 code");
    },
  );
});

describe("the input sheets the product writes show values in their units", () => {
  test("thresholds and results in their service level's unit, contract money in its currency", () => {
    const grids = workbook(MAY);
    grids.set(SERVICE_SHEETS.contract, contractGrid({ Currency: "EUR", "Bonus Pool": 100 }));
    const f = inputSheetFormats(
      grids.get(SERVICE_SHEETS.services)!,
      grids.get(SERVICE_SHEETS.results)!,
      grids.get(SERVICE_SHEETS.contract)!,
    );
    // SL-001 is a % service level (row 2): Expected to Significant Minimum (J:L) as percentages.
    expect(f.services).toContainEqual({ range: "J2:L2", format: "0.0#%" });
    // SL-004 is in seconds (row 5).
    expect(f.services).toContainEqual({ range: "J5:L5", format: '0.0# "seconds"' });
    expect(f.services).toContainEqual({ range: "N2:N5", format: '#,##0.00 "EUR"' });
    const results = grids.get(SERVICE_SHEETS.results)!;
    const sl4 = results.findIndex((r) => r[1] === "SL-004") + 1;
    expect(f.results).toContainEqual({ range: `C${sl4}`, format: '0.0# "seconds"' });
    expect(f.results).toContainEqual({
      range: "C2",
      format: unitFormat(String(SERVICES.find((s) => s[0] === results[1][1])![7])),
    });
    expect(f.contract).toEqual([
      { range: "B1", format: '#,##0.00 "EUR"' },
      { range: "B2", format: "0.00%" },
      { range: "B3", format: '#,##0.00 "EUR"' },
    ]);
  });
});
