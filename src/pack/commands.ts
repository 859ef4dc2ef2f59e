/**
 * The review pack as one pure call from what a workbook holds, for the command line and the
 * task pane alike: read the service sheets and the register once, review the period with its
 * history, build the pack's figures.
 */
import { isRefusal, Refusal } from "../errors";
import { registerFrom } from "../governance/commands";
import { RegisterRow, SHEETS } from "../governance/model";
import { reviewWithHistory } from "../service/commands";
import { GridOf } from "../service/read";
import { ServiceReview } from "../service/review";
import { buildPack, PackModel } from "./model";

/** A pack with the review it was built from. */
export interface PackOutcome {
  readonly pack: PackModel;
  readonly review: ServiceReview;
}

/**
 * Builds the review pack of a period. Nothing is written: the actions a review would append
 * are counted in the pack as they would be, but only `review` writes them to the workbook.
 * A workbook without a Register sheet gets a pack without savings.
 * @param gridOf - The grid of a sheet by name.
 * @param period - "YYYY-MM", or undefined for the latest period with results.
 * @param asOf - Serial day the actions are escalated and the milestones judged at.
 * @returns The pack and its review, or a refusal as the review gives (bad period, missing sheet, no results).
 * @example planPack((name) => grids.get(name), "2026-05", 46178).pack.headline.netAdjustment // => 12500
 */
export function planPack(gridOf: GridOf, period: string | undefined, asOf: number): PackOutcome | Refusal {
  const reviewed = reviewWithHistory(gridOf, period, asOf);
  if (isRefusal(reviewed)) return reviewed;
  const register = registerFrom(gridOf(SHEETS.register));
  const rows: RegisterRow[] = isRefusal(register) ? [] : register;
  const pack = buildPack({ review: reviewed.review, history: reviewed.history, rows, asOf: Math.floor(asOf) });
  return { pack, review: reviewed.review };
}
