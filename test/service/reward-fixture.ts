/** The reward side's two contract months (see reward.test.ts for the arithmetic), as workbook grids. */
import { CellValue } from "../../src/governance/model";
import { contractGrid, Grids, registerGrid, resultsGrid, SERVICES, servicesGrid } from "./fixture";

/** Stretch and Bonus Allocation % appended to the worked service levels. */
export const REWARD_SERVICES: CellValue[][] = SERVICES.map((row, i) => [
  ...row,
  [0.995, 0.999, 2, 1][i],
  [0.5, 0.3, 0.2, null][i],
]);

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

export function rewardWorkbook(points = true): Grids {
  const grids: Grids = new Map();
  grids.set("Services", servicesGrid(REWARD_SERVICES));
  grids.set("Contract", contractGrid(REWARD_CONTRACT));
  grids.set("Results", resultsGrid(REWARD_RESULTS));
  grids.set("Register", registerGrid());
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
