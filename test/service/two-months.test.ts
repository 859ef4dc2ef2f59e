/**
 * The review test on two months of one contract: the first has an experience
 * watermelon, a process-level watermelon, a bonus blocked by a SigMin breach and credits
 * reaching the annual cap; the second a bonus earned. The money and the processes are checked
 * figure by figure against independent computations in reward.test.ts and processes.test.ts;
 * here the experience is computed independently from the Experience grid, and the four
 * conditions are asserted together. The Service Review sheet of this contract is recalculated
 * in LibreOffice in test/cli/review-recalc.test.ts.
 */
import { reviewJson } from "../../src/service/commands";
import { EXPERIENCE, REWARD_RESULTS, REWARD_SERVICES, review, rewardWorkbook } from "./reward-fixture";

/** Experience watermelons from the raw grids: Minimum met (by hand: direction and threshold) and a target missed. */
function experienceReference(period: string, serial: number) {
  return REWARD_SERVICES.filter((row) => {
    const [id, , , , , , , , dir, , minimum] = row as [string, ...unknown[]];
    const result = REWARD_RESULTS.find((r) => r[0] === period && r[1] === id)![2] as number;
    const metMin = dir === ">=" ? result >= (minimum as number) : result <= (minimum as number);
    const e = EXPERIENCE.find((r) => r[0] === serial && r[1] === id);
    if (!e || !metMin) return false;
    const [xla, lost] = [row[19] as number | null, row[20] as number | null];
    const missedXla = xla !== null && e[3] !== null && (e[3] as number) < xla;
    const missedLost = lost !== null && e[4] !== null && (e[4] as number) > lost;
    return missedXla || missedLost;
  }).map((row) => row[0]);
}

test("month 1: experience watermelon, process watermelon, bonus blocked by SigMin, credits reaching the annual cap", () => {
  const r = review(rewardWorkbook(), "2026-04");
  expect(r.watermelon.experienceMissed).toEqual(experienceReference("2026-04", 46113));
  expect(r.watermelon.experienceMissed).toEqual(["SL-002"]);
  expect(r.services[1]).toMatchObject({ netScore: -10, xlaTarget: 20, xlaMet: false, experienceWatermelon: true });
  expect(r.watermelon.combinedLine).toBe(
    "2 of 4 service levels met their Minimum; 1 critical service below its Significant Minimum; " +
      "1 service level met its SLA but missed its experience target (Payroll run)",
  );
  expect(r.processWatermelon.processes).toEqual(["Hire-to-Retire"]);
  expect(r.totals).toMatchObject({ bonusBlocked: true, bonus: 0, bonusBeforeCap: 500 });
  expect(r.totals).toMatchObject({
    creditsCapped: 4500,
    annualCap: 4000,
    creditsCharged: 4000,
    creditsYearToDate: 4000,
  });
  const json = reviewJson(r);
  expect(json.watermelon.experienceMissed).toEqual(["SL-002"]);
  expect(json.processWatermelon.processes).toEqual(["Hire-to-Retire"]);
});

test("month 2: a bonus earned", () => {
  const r = review(rewardWorkbook(), "2026-05");
  expect(r.totals).toMatchObject({ bonusBlocked: false, bonus: 200 });
  expect(r.watermelon.experienceMissed).toEqual(experienceReference("2026-05", 46143));
  // SL-004 met its Minimum (2 s) with a net score of -5 against 0.
  expect(r.watermelon.experienceMissed).toEqual(["SL-004"]);
  // Lost minutes 3 within the 5 target: only the net score missed.
  expect(r.services[3]).toMatchObject({ lostMinutes: 3, lostMet: true, xlaMet: false });
});
