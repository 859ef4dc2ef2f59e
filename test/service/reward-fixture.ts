/** The reward side's two contract months (see reward.test.ts for the arithmetic), as workbook grids. */
import { CellValue } from "../../src/governance/model";
import { CASE_HEADERS } from "../../src/process/plan";
import { isRefusal } from "../../src/errors";
import { readServiceWorkbook } from "../../src/service/read";
import { reviewPeriod, ServiceReview } from "../../src/service/review";
import { contractGrid, day, Grids, registerGrid, resultsGrid, SERVICES, servicesGrid } from "./fixture";

/** Stretch and Bonus Allocation % appended to the worked service levels. */
export const REWARD_SERVICES: CellValue[][] = SERVICES.map((row, i) => [
  ...row,
  [0.995, 0.999, 2, 1][i],
  [0.5, 0.3, 0.2, null][i],
  [30, 20, null, 0][i],
  [15, null, null, 5][i],
]);

/**
 * Experience (the experience command's sheet): in April Payroll run (SL-002) met its Minimum
 * while its net score -10 missed its XLA Target 20: the experience watermelon. In May Checkout
 * latency (SL-004) met its Minimum while its net score -5 missed its target 0.
 */
export const EXPERIENCE: CellValue[][] = [
  ["Period", "Service ID", "Responses", "Net Score", "Lost Minutes", "Lost n"],
  [day("2026-04-01"), "SL-001", 40, 10, 20, 30],
  [day("2026-04-01"), "SL-002", 25, -10, null, 0],
  [day("2026-04-01"), "SL-004", 50, 20, 4, 50],
  [day("2026-05-01"), "SL-002", 30, 40, null, 0],
  [day("2026-05-01"), "SL-004", 20, -5, 3, 20],
];

/** Month 1 (April, the contract year's first): SL-004 below its SigMin blocks the bonus; credits reach the annual cap. Month 2: a bonus earned. */
export const REWARD_RESULTS: [string, string, CellValue][] = [
  ["2026-04", "SL-001", 0.97],
  ["2026-04", "SL-002", 0.999],
  ["2026-04", "SL-003", 2],
  ["2026-04", "SL-004", 5.5],
  ["2026-05", "SL-001", 0.97],
  ["2026-05", "SL-002", 0.96],
  ["2026-05", "SL-003", 2],
  ["2026-05", "SL-004", 2],
];

export const REWARD_CONTRACT = {
  "Bonus Pool": 1000,
  "Annual Cap": 4000,
  "Contract Year Start": 4,
  "Earnback Periods": 1,
};

/**
 * Business processes: Order-to-Cash on SL-001, SL-003, SL-004; Hire-to-Retire on SL-002;
 * Record-to-Report on SL-003.
 */
export const PROCESSES: CellValue[][] = [
  ["Process ID", "Process", "Owner", "Critical", "Value per Hour", "End-to-End Target Hours"],
  ["P-01", "Order-to-Cash", "CFO office", "Yes", 500, 48],
  ["P-02", "Hire-to-Retire", "HR", "No", null, 40],
  ["P-03", "Record-to-Report", "Controller", "No", null, null],
];
export const DEPENDENCIES: CellValue[][] = [
  ["Process ID", "Service ID"],
  ["P-01", "SL-001"],
  ["P-01", "SL-003"],
  ["P-01", "SL-004"],
  ["P-02", "SL-002"],
  ["P-03", "SL-003"],
];

/**
 * Process Cases in the steps command's layout (src/process/plan.ts): April has Order-to-Cash
 * with 1 of 10 cases over its 48 h (60 h: Amber) and Hire-to-Retire with 1 of 4 over its 40 h
 * (25%: Red, while SL-002 met its Minimum: the process watermelon); May has none over.
 */
export function casesGrid(): CellValue[][] {
  const rows: CellValue[][] = [[...CASE_HEADERS]];
  const add = (process: string, month: string, n: number, hours: number, target: number) => {
    for (let i = 0; i < n; i++) {
      const last = day(`${month}-10`) + i / 10;
      const row: CellValue[] = CASE_HEADERS.map(() => null);
      row[0] = process;
      row[1] = `${process}-${month}-${i}`;
      row[2] = 3;
      row[3] = last - 1;
      row[4] = last;
      row[5] = hours;
      row[6] = target;
      row[7] = hours > target;
      rows.push(row);
    }
  };
  add("Order-to-Cash", "2026-04", 9, 30, 48);
  add("Order-to-Cash", "2026-04", 1, 60, 48);
  add("Hire-to-Retire", "2026-04", 3, 20, 40);
  add("Hire-to-Retire", "2026-04", 1, 45, 40);
  add("Order-to-Cash", "2026-05", 2, 30, 48);
  add("Hire-to-Retire", "2026-05", 5, 20, 40);
  return rows;
}

export function rewardWorkbook(points = true, processes = true): Grids {
  const grids: Grids = new Map();
  grids.set("Services", servicesGrid(REWARD_SERVICES));
  // The Contract names the band table (Points Table) exactly when the workbook has one.
  grids.set("Contract", contractGrid(points ? { ...REWARD_CONTRACT, "Points Table": "Points" } : REWARD_CONTRACT));
  grids.set("Results", resultsGrid(REWARD_RESULTS));
  grids.set("Register", registerGrid());
  if (processes) {
    grids.set("Experience", EXPERIENCE);
    grids.set("Processes", PROCESSES);
    grids.set("Dependencies", DEPENDENCIES);
    grids.set("Process Cases", casesGrid());
  }
  if (points) {
    grids.set("Points", [
      ["Threshold", "Points", "Service ID"],
      [0.99, 0, null],
      [0.98, 1, null],
      [0.97, 2, null],
      [0.96, 3, null],
      ["below 96%", 4, null],
      [4, 0, "SL-003"],
      [6, 1, "SL-003"],
      ["above 6 hours", 3, "SL-003"],
    ]);
  }
  return grids;
}

/** Reads the grids and reviews a period as of 2026-06-05; throws on a refusal. */
export function review(grids: Grids, period: string): ServiceReview {
  const book = readServiceWorkbook((n) => grids.get(n));
  if (isRefusal(book)) throw new Error(book.reasons.join(" "));
  const r = reviewPeriod(book, period, day("2026-06-05"));
  if (isRefusal(r)) throw new Error(r.reasons.join(" "));
  return r;
}
