/**
 * The pane's Service review command against the fake Excel: two syncs whatever the size
 * (500 service levels x 24 periods), the same review as the core, typed action cells kept.
 */
import { createWorkbook, fakeRun, FakeValue, sheetValues } from "../support/fakeExcel";
import { runServiceReview } from "../../taskpane/service";
import { ACTIONS_HEADER, contractGrid, day, Grids, resultsGrid, servicesGrid, workbook } from "../service/fixture";
import { CellValue } from "../../src/governance/model";
import { SERVICE_SHEETS } from "../../src/service/model";
import { paneMessages } from "../../src/errors";

function fake(grids: Grids) {
  const sheets: Record<string, FakeValue[][]> = {};
  for (const [name, grid] of grids) sheets[name] = grid.map((r) => r.map((v: CellValue) => (v === null ? "" : v)));
  return createWorkbook(sheets);
}

const now = () => new Date("2026-06-05T10:00:00Z");

test("the worked month: totals, actions appended, two syncs, the Service Review activated", async () => {
  const wb = fake(workbook());
  const out = await runServiceReview(fakeRun(wb), { now });
  expect(out.review?.totals).toMatchObject({
    atRisk: 5000,
    credits: 4500,
    creditsCapped: 4500,
    sigmin: 8000,
    netAdjustment: 12500,
  });
  expect(out.ok).toBe(false); // open breaches need attention
  expect(out.message).toContain("3 actions created");
  expect(wb.syncs).toBe(2);
  expect(wb.active).toBe(SERVICE_SHEETS.review);
  const actions = sheetValues(wb, SERVICE_SHEETS.actions);
  expect(actions.map((r) => r[0])).toEqual(["Action ID", "A-0001", "A-0002", "A-0003"]);
  expect(actions[1].slice(0, 8)).toEqual([
    "A-0001",
    "SL-001",
    day("2026-05-01"),
    "Minimum",
    day("2026-06-05"),
    "Dana",
    day("2026-06-19"),
    "Open",
  ]);
  const review = sheetValues(wb, SERVICE_SHEETS.review);
  expect(review.flat().filter((v) => typeof v === "string" && /GOV\./.test(v))).toEqual([]);
});

test("a re-review keeps the typed cells of Actions (status, evidence, a user's column) and creates nothing", async () => {
  const wb = fake(
    workbook(undefined, [
      // The first layout (11 columns) and the user's own column after it.
      [...ACTIONS_HEADER.slice(0, 11), "Mine"],
      [
        "A-0001",
        "SL-001",
        day("2026-05-01"),
        "Minimum",
        day("2026-05-06"),
        "Eve",
        day("2026-05-20"),
        "In progress",
        "ticket 42",
        0,
        "M-0001",
        "mine",
      ],
    ]),
  );
  const run = fakeRun(wb);
  await runServiceReview(run, { now });
  const first = sheetValues(wb, SERVICE_SHEETS.actions);
  expect(first[1]).toEqual([
    "A-0001",
    "SL-001",
    day("2026-05-01"),
    "Minimum",
    day("2026-05-06"),
    "Eve",
    day("2026-05-20"),
    "In progress",
    "ticket 42",
    2,
    "M-0001",
    "mine",
    // The derived Service and Days Late, appended after the user's column.
    "Service Desk",
    16,
  ]);
  const again = await runServiceReview(run, { now });
  expect(again.review?.actionsCreated).toEqual([]);
  expect(sheetValues(wb, SERVICE_SHEETS.actions)).toEqual(first);
});

test("500 service levels x 24 periods: still two syncs", async () => {
  const services: CellValue[][] = [];
  const results: [string, string, number][] = [];
  for (let i = 1; i <= 500; i++) {
    const id = `SL-${String(i).padStart(3, "0")}`;
    services.push([
      id,
      `Service ${i}`,
      "P",
      "X",
      "SLA",
      null,
      "m",
      "%",
      ">=",
      0.99,
      0.98,
      i % 50 === 0 ? 0.95 : null,
      0.004,
      i % 50 === 0 ? 1000 : null,
      null,
      "Owner",
      null,
    ]);
    for (let m = 0; m < 24; m++) {
      const period = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
      results.push([period, id, 0.97 + ((i * 7 + m * 3) % 30) / 1000]);
    }
  }
  const grids: Grids = new Map([
    [SERVICE_SHEETS.services, servicesGrid(services)],
    [SERVICE_SHEETS.contract, contractGrid()],
    [SERVICE_SHEETS.results, resultsGrid(results)],
  ]);
  const wb = fake(grids);
  const out = await runServiceReview(fakeRun(wb), { now });
  expect(out.review?.period).toBe("2025-12");
  expect(out.review?.services).toHaveLength(500);
  expect(wb.syncs).toBe(2);
});

test("input problems are messages, with nothing written", async () => {
  const wb = createWorkbook({ Sheet1: [["x"]] });
  const out = await runServiceReview(fakeRun(wb), { now });
  expect(out).toMatchObject({ ok: false, message: expect.stringContaining('no "Services" sheet') });
  expect(wb.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  const bad = await runServiceReview(fakeRun(fake(workbook())), { asOf: "June 5" });
  expect(bad.message).toContain("as-of date");
});

test("the review's summary counts in words: one action, two findings, never 'action(s)'", () => {
  expect(paneMessages.reviewSummary("2026-05", "12,500.00", 1, 0, 2)).toBe(
    "Reviewed 2026-05: net adjustment 12,500.00, 1 action created, 0 escalated, 2 findings on the Findings sheet.",
  );
  expect(paneMessages.reviewSummary("2026-05", "0.00", 0, 0, 0)).toBe(
    "Reviewed 2026-05: net adjustment 0.00, 0 actions created, 0 escalated.",
  );
  expect(paneMessages.contractSheetsCreated(["Services"], undefined, 1)).toContain(
    "(1 sheet already there was left as it is)",
  );
});
