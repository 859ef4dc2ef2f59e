/**
 * Business processes in the review: per-process rows from the Processes and Dependencies
 * sheets and the steps command's Process Cases sheet, and the process-level watermelon.
 * Figures checked against an independent computation written here.
 */
import { CellValue } from "../../src/governance/model";
import { isFormula } from "../../src/governance/plan";
import { reviewJson } from "../../src/service/commands";
import { serviceReviewPlan } from "../../src/service/plan";
import { processWatermelonLine } from "../../src/service/processes";
import { casesGrid, DEPENDENCIES, PROCESSES, REWARD_RESULTS, review, rewardWorkbook } from "./reward-fixture";

/** The independent computation: statuses from the raw grids, no library code. */
function reference(period: string) {
  const CRITICAL = new Set(["SL-001", "SL-004"]); // those with a Significant Minimum
  const minimum: Record<string, [number, ">=" | "<="]> = {
    "SL-001": [0.98, ">="],
    "SL-002": [0.97, ">="],
    "SL-003": [6, "<="],
    "SL-004": [3, "<="],
  };
  const sigmin: Record<string, number> = { "SL-001": 0.95, "SL-004": 5 };
  const result = (id: string) => REWARD_RESULTS.find((r) => r[0] === period && r[1] === id)![2] as number;
  const ok = (v: number, t: number, d: string) => (d === ">=" ? v >= t : v <= t);
  const missedMin = (id: string) => !ok(result(id), ...minimum[id]);
  const missedSig = (id: string) => id in sigmin && !ok(result(id), sigmin[id], minimum[id][1]);
  // Expected defaults do not occur in these two months, so a breach is a missed Minimum or SigMin.
  const breached = (id: string) => missedMin(id) || missedSig(id);
  const cases = casesGrid().slice(1);
  return PROCESSES.slice(1).map(([id, name]) => {
    const deps = DEPENDENCIES.slice(1)
      .filter((d) => d[0] === id)
      .map((d) => d[1] as string);
    const b = deps.filter(breached);
    const own = cases.filter(
      (c) =>
        c[0] === name &&
        new Date(Date.UTC(1899, 11, 30) + (c[4] as number) * 864e5).toISOString().slice(0, 7) === period,
    );
    const over = own.filter((c) => (c[5] as number) > (c[6] as number)).length;
    const share = own.length ? over / own.length : null;
    const latency = share === null ? null : share > 0.2 ? "Red" : share > 0.05 ? "Amber" : "Green";
    return {
      id,
      breached: b,
      status: b.some((x) => CRITICAL.has(x)) ? "Red" : b.length ? "Amber" : "Green",
      cases: own.length || null,
      casesOver: own.length ? over : null,
      latencyStatus: latency,
      watermelon: !deps.some(missedMin) && (latency === "Red" || latency === "Amber"),
    };
  });
}

describe("month 1 (2026-04)", () => {
  const r = review(rewardWorkbook(), "2026-04");

  test("each process equals the independent computation", () => {
    expect(r.processes).toMatchObject(reference("2026-04"));
  });

  test("Order-to-Cash is Red, blocked by SL-001 and SL-004, with their credits and penalties", () => {
    expect(r.processes[0]).toMatchObject({
      name: "Order-to-Cash",
      status: "Red",
      breached: ["SL-001", "SL-004"],
      // Both are critical (they have a Significant Minimum) and both breached.
      criticalBreached: ["SL-001", "SL-004"],
      // SL-001's credit 2,000 + SL-004's credit 2,500 and SigMin penalty 8,000.
      recovered: 12500,
      cases: 10,
      casesOver: 1,
      shareOver: 0.1,
      latencyStatus: "Amber",
      // 1 case 12 h over its 48 h at 500 an hour.
      latencyCost: 6000,
      watermelon: false,
    });
  });

  test("Hire-to-Retire: no SLA missed, the process still failed", () => {
    expect(r.processes[1]).toMatchObject({ status: "Green", latencyStatus: "Red", shareOver: 0.25, watermelon: true });
    expect(r.processWatermelon.line).toBe("1 process: no SLA missed, the process still failed (Hire-to-Retire)");
  });

  test("Record-to-Report has no cases: no latency status", () => {
    expect(r.processes[2]).toMatchObject({ status: "Green", cases: null, latencyStatus: null, watermelon: false });
  });

  test("the sheet and the JSON carry the process rows; status and counts are formulas", () => {
    const { plan, layout } = serviceReviewPlan(r);
    const row = plan.cells[layout.processHeaderRow];
    expect(row[0]).toBe("P-01");
    expect(isFormula(row[10]) && row[10].formula).toBe(
      '=IF(G{r}>0,"Red",IF(F{r}>0,"Amber","Green"))'.replace(/\{r\}/g, String(layout.processHeaderRow + 1)),
    );
    expect(isFormula(row[5]) && row[5].value).toBe(2);
    const json = reviewJson(r);
    expect(json.processes.map((p) => p.status)).toEqual(["Red", "Green", "Green"]);
    expect(json.processWatermelon.processes).toEqual(["Hire-to-Retire"]);
  });
});

describe("month 2 (2026-05)", () => {
  const r = review(rewardWorkbook(), "2026-05");
  test("each process equals the independent computation; Hire-to-Retire is Amber on SL-002's Minimum", () => {
    expect(r.processes).toMatchObject(reference("2026-05"));
    expect(r.processes[1]).toMatchObject({ status: "Amber", breached: ["SL-002"], latencyStatus: "Green" });
    expect(r.processWatermelon.processes).toEqual([]);
    // None: the line claims no failure.
    expect(r.processWatermelon.line).toBe("0 processes failed with every SLA met");
  });

  test("the watermelon line's formula says it in the singular, the plural and for none", () => {
    const { plan, layout } = serviceReviewPlan(r);
    const line = plan.cells[layout.processWatermelonRow];
    const formula = isFormula(line[1]) ? line[1].formula : "";
    const b = `B${layout.processWatermelonRow}`;
    expect(formula).toBe(
      `=IF(${b}=0,"0 processes failed with every SLA met",${b}&IF(${b}=1," process"," processes")&": no SLA missed, the process still failed")`,
    );
    expect(isFormula(line[1]) && line[1].value).toBe("0 processes failed with every SLA met");
    expect(processWatermelonLine(2)).toBe("2 processes: no SLA missed, the process still failed");
  });
});

describe("edge cases", () => {
  test("without a Processes sheet there are no process rows and no process table", () => {
    const r = review(rewardWorkbook(true, false), "2026-04");
    expect(r.processes).toEqual([]);
    expect(serviceReviewPlan(r).layout.processHeaderRow).toBe(0);
  });

  test("without Process Cases the processes have a status and no latency", () => {
    const grids = rewardWorkbook();
    grids.delete("Process Cases");
    const r = review(grids, "2026-04");
    expect(r.processes.map((p) => [p.status, p.latencyStatus, p.watermelon])).toEqual([
      ["Red", null, false],
      ["Green", null, false],
      ["Green", null, false],
    ]);
  });

  test("a Process Cases sheet in the issue's short layout (Process, End-to-End Hours, Target, Breached) counts every row", () => {
    const grids = rewardWorkbook();
    grids.set("Process Cases", [
      ["Process", "End-to-End Hours", "Target", "Breached"],
      ["P-02", 50, 40, true],
      ["Hire-to-Retire", 10, 40, false],
    ]);
    const r = review(grids, "2026-04");
    // Matched by ID and by name: 1 of 2 over.
    expect(r.processes[1]).toMatchObject({
      cases: 2,
      casesOver: 1,
      shareOver: 0.5,
      latencyStatus: "Red",
      watermelon: true,
    });
  });

  test("rows that cannot be used are findings naming sheet and row", () => {
    const grids = rewardWorkbook();
    grids.set("Dependencies", [...DEPENDENCIES, ["P-09", "SL-001"], ["P-01", "SL-999"]] as CellValue[][]);
    grids.set("Processes", [
      ...PROCESSES,
      ["P-01", "Again", null, null, null, null],
      [null, "No id", null, null, "x", null],
    ]);
    const r = review(grids, "2026-04");
    expect(r.findings.filter((f) => f.code === "PROCESS_BAD_ROW").map((f) => f.message)).toEqual([
      "Processes row 5: the Process ID P-01 is already used above; this row is ignored.",
      "Processes row 6: the row has no Process ID, so it is ignored.",
      'Dependencies row 7: the Process ID "P-09" is not on the Processes sheet; the row is not counted.',
      'Dependencies row 8: the Service ID "SL-999" is not on the Services sheet; the row is not counted.',
    ]);
  });
});
