/**
 * The pane's Service review command against the fake Excel: two syncs whatever the size
 * (500 service levels x 24 periods; a third reads the column widths of an Actions sheet already
 * there), the same review as the core, typed action cells kept.
 */
import { createWorkbook, fakeRun, FakeValue, sheetValues } from "../support/fakeExcel";
import { createContractSheets, runServiceReview } from "../../taskpane/service";
import { EXAMPLE_MARK } from "../../src/exampleMark";
import { MARKED_LABELS } from "../../src/service/examples";
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

describe("Create the contract sheets (the pane's new-contract)", () => {
  test("writes the examples marked as the command line does; left out of the review until the user edits them", async () => {
    const wb = createWorkbook({ Sheet1: [["x"]] });
    const run = fakeRun(wb);
    const created = await createContractSheets(run, now);
    expect(created.message).toBe(
      "Created Register, Services, Contract, Results, Actions, Processes, Dependencies, Experience, Points, each with one example row (Points: an example band table), marked and left out of the review until you edit it. Type your service levels and results, then run the review.",
    );
    // The marks a person sees without the add-in: the Example column, the Contract's column C, the Register's Placeholder.
    const services = sheetValues(wb, "Services");
    expect([services[0][21], services[1][21]]).toEqual(["Example", EXAMPLE_MARK]);
    // The six made-up figures (test/service/examples.test.ts names them).
    expect(
      sheetValues(wb, "Contract")
        .filter((r) => r[2] === EXAMPLE_MARK)
        .map((r) => r[0]),
    ).toEqual(MARKED_LABELS);
    expect(sheetValues(wb, "Register")[1].slice(0, 4)).toEqual(["ORG-001", "Organization", "", "Contoso Group"]);
    expect(sheetValues(wb, "Register")[1][19]).toBe(EXAMPLE_MARK);
    const fresh = await runServiceReview(run, { now });
    expect(fresh).toMatchObject({ ok: false, message: expect.stringContaining("only new-contract's example row") });
    // The user types over the examples in Excel: the service's name, the result's source, the organization's name,
    // and clears the Contract's marks to keep its figures.
    await run(async (context) => {
      const sheet = (name: string) => context.workbook.worksheets.getItem(name);
      sheet("Services").getRange("B2").values = [["Contoso Service Desk"]];
      sheet("Results").getRange("D2").values = [["June report"]];
      sheet("Register").getRange("D2").values = [["Acme Group"]];
      sheet("Contract").getRange("C1:C13").values = Array.from({ length: 13 }, () => [""]);
      await context.sync();
    });
    const edited = await runServiceReview(run, { now });
    expect(edited.review?.totals).toMatchObject({ atRisk: 5000, credits: 2000 });
    // The summary says where examples are still left out, as the command line's does.
    expect(edited.message).toMatch(
      /on the Findings sheet\. new-contract's examples on the Actions, Points, Processes, Dependencies and Experience sheets are left out of every figure until edited/,
    );
    expect(edited.review?.atRiskByItem.map((i) => [i.id, i.amount])).toEqual([["ORG-001", 2000]]);
    // Only the examples the user left alone are findings now: no Contract figure, no example Register ID.
    expect(edited.review?.findings.map((f) => [f.code, f.sheet])).toEqual(
      ["Actions", "Points", "Processes", "Dependencies", "Experience"].map((sheet) => ["EXAMPLE_ROW", sheet]),
    );
  });

  test("headers only: no example anywhere, the message says so", async () => {
    const wb = createWorkbook({ Sheet1: [["x"]] });
    const out = await createContractSheets(fakeRun(wb), now, { empty: true });
    expect(out.message).toBe(
      "Created Register, Services, Contract, Results, Actions, Processes, Dependencies, Experience, Points, with their headers only. Type your service levels and results, then run the review.",
    );
    expect(sheetValues(wb, "Services")).toHaveLength(1);
    expect(sheetValues(wb, "Register")).toHaveLength(1);
    expect(sheetValues(wb, "Contract").every((r) => r.length === 1 || r[1] === "")).toBe(true);
    expect(wb.sheets.flatMap((s) => [...s.cells.values()]).some((c) => c.value === EXAMPLE_MARK)).toBe(false);
  });
});
