/** The at-risk amount of a contract: the cap on a month's credits. */
import { Money, money } from "../money";
import { Contract } from "./model";

/** The at-risk amount: Monthly Charges x At-Risk %, exact. @example atRiskOf({ monthlyCharges: 10000, atRiskPct: 0.5 }) // => 5000 */
export function atRiskOf(contract: Pick<Contract, "monthlyCharges" | "atRiskPct">): Money {
  return money(contract.monthlyCharges).times(money(contract.atRiskPct));
}
