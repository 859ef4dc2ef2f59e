/**
 * The pane's review pack against the fake Excel: one sync, nothing written, the same pack as
 * the command line's (same figures, same charts), a refusal said in words.
 */
import { createWorkbook, fakeRun, FakeValue } from "../support/fakeExcel";
import { runReviewPack } from "../../taskpane/pack";
import { CellValue } from "../../src/governance/model";
import { isRefusal } from "../../src/errors";
import { planPack } from "../../src/pack/commands";
import { day, Grids } from "../service/fixture";
import { headlineOf, packWorkbook } from "../pack/fixture";
import { rewardWorkbook } from "../service/reward-fixture";

function fake(grids: Grids) {
  const sheets: Record<string, FakeValue[][]> = {};
  for (const [name, grid] of grids) sheets[name] = grid.map((r) => r.map((v: CellValue) => (v === null ? "" : v)));
  return createWorkbook(sheets);
}

test("one sync, nothing written, the command line's pack and charts", async () => {
  const grids = packWorkbook();
  const wb = fake(grids);
  const out = await runReviewPack(fakeRun(wb), { asOf: "2026-06-05" });
  expect(out.ok).toBe(true);
  expect(wb.syncs).toBe(1);
  const core = planPack((name) => grids.get(name), undefined, day("2026-06-05"));
  if (isRefusal(core)) throw new Error("refused");
  expect(out.pack).toEqual(core.pack);
  expect(out.trends).toHaveLength(core.pack.trends.length);
  expect(out.trends!.every((s) => s.startsWith("<svg "))).toBe(true);
  expect(out.matrix).toContain("Value at risk");
  expect(headlineOf(out.html!).netAdjustment).toBe(12500);
  expect(wb.sheets.map((s) => s.name)).not.toContain("Service Review");
});

test("a bad as-of date and a bad period are said in words", async () => {
  const run = fakeRun(fake(packWorkbook()));
  expect((await runReviewPack(run, { asOf: "soon" })).message).toMatch(/as-of date must be a date/);
  const bad = await runReviewPack(run, { period: "2026-13", asOf: "2026-06-05" });
  expect(bad.ok).toBe(false);
  expect(bad.message).toContain("2026-13");
});

test("beyond the SLA: the pane gets the SLA-versus-experience picture and the process map, the page holds them", async () => {
  const out = await runReviewPack(fakeRun(fake(rewardWorkbook())), { period: "2026-04", asOf: "2026-06-05" });
  expect(out.ok).toBe(true);
  expect(out.experience).toMatch(/^<svg /);
  expect(out.experience).toContain("SLA met, experience missed");
  expect(out.experience).toContain("Payroll run");
  expect(out.processMap).toContain("Order-to-Cash: Red, blocked");
  expect(out.html).toContain('data-chart="experience"');
  expect(out.html).toContain('data-chart="process-map"');
  // Without experience figures or processes there is neither.
  const plain = await runReviewPack(fakeRun(fake(packWorkbook())), { asOf: "2026-06-05" });
  expect([plain.experience, plain.processMap]).toEqual([undefined, undefined]);
});
