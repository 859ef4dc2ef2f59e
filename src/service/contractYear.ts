/**
 * Contract-year money: what a period's credits come to once the contract year's earlier months
 * and the Annual Cap are counted, and which earlier credits the supplier earns back in it.
 * Both need months before the reviewed one, so they are decided here from each month's own
 * assessment (`assessPeriod`), in exact decimal.
 *
 * - The contract year starts in the Contract Year Start month. Credits charged in the year
 *   to date never exceed the Annual Cap: a period's credits (after the monthly cap) are charged
 *   up to what the earlier months left of it.
 * - With Earnback Periods N, a service level's credit of period Q is earned back when it meets
 *   Expected in each of Q+1 .. Q+N (GOV.EARNBACK decides), and the amount reduces period Q+N,
 *   the period in which it is earned back; Q's own figures are never rewritten. A credit is
 *   pending while those periods are not all in, and final after a miss (or without an Expected
 *   level to meet). The amount is the part of the credit Q charged: Q's charged credits (after
 *   the monthly and annual caps) go to its credits in sheet order, and nothing uncharged is
 *   earned back.
 */
import { earnback } from "../credits/earnback";
import { isFailure } from "../errors";
import { Money, minMoney, money, sumMoney, toNumber } from "../money";
import { ServiceWorkbook } from "./model";
import { addMonths } from "./period";
import type { EarnbackLine, PeriodAssessment, ReviewTotals } from "./review";

/** The first month of the contract year `period` is in. @example contractYearOf("2026-03", 4) // => "2025-04" */
export function contractYearOf(period: string, startMonth: number): string {
  const month = Number(period.slice(5, 7));
  const back = (month - startMonth + 12) % 12;
  return addMonths(period, -back);
}

/**
 * A period's full totals and its earnback lines. Cost: O(months of the year so far +
 * Earnback Periods) assessments, each cached by `assessOf`, plus O(credits x N).
 * @param book - The workbook as read.
 * @param period - "YYYY-MM".
 * @param assessOf - The assessment of a period (the caller caches them).
 * @returns The totals with the contract-year figures and the net adjustment, and the earnback lines.
 * @example contractYearMoney(book, "2026-05", assessOf).totals.creditsCharged // => 2000
 */
export function contractYearMoney(
  book: ServiceWorkbook,
  period: string,
  assessOf: (period: string) => PeriodAssessment,
): { totals: ReviewTotals; earnback: EarnbackLine[] } {
  const contract = book.contract;
  const own = assessOf(period).totals;
  const { yearStart, chargedBefore, charged } = chargedIn(book, period, assessOf);
  const lines = earnbackLines(book, period, assessOf);
  const earnedBack = sumMoney(lines.map((l) => money(l.amount)));
  const net = charged.plus(money(own.sigmin)).minus(money(own.bonus)).minus(earnedBack);
  return {
    totals: {
      ...own,
      contractYearStart: yearStart,
      creditsEarlierInYear: toNumber(chargedBefore),
      annualCap: contract.annualCap ?? null,
      creditsCharged: toNumber(charged),
      creditsYearToDate: toNumber(chargedBefore.plus(charged)),
      earnedBack: toNumber(earnedBack),
      netAdjustment: toNumber(net),
    },
    earnback: lines,
  };
}

/** The credits a period charges once the contract year's earlier months and the Annual Cap are counted. */
function chargedIn(
  book: ServiceWorkbook,
  period: string,
  assessOf: (period: string) => PeriodAssessment,
): { yearStart: string; chargedBefore: Money; charged: Money } {
  const yearStart = contractYearOf(period, book.contract.contractYearStart);
  const earlier: Money[] = [];
  for (let q = yearStart; q < period; q = addMonths(q, 1)) earlier.push(money(assessOf(q).totals.creditsCapped));
  const before = sumMoney(earlier);
  const capped = money(assessOf(period).totals.creditsCapped);
  const cap = book.contract.annualCap === undefined ? undefined : money(book.contract.annualCap);
  // Through this period the year charges min(cap, all months' capped credits): the period
  // is charged what that adds to the months before it.
  const chargedBefore = cap ? minMoney(before, cap) : before;
  const charged = cap ? minMoney(before.plus(capped), cap).minus(chargedBefore) : capped;
  return { yearStart, chargedBefore, charged };
}

/** The credits of periods P-N .. P with their earnback status as of P (none without Earnback Periods). */
function earnbackLines(
  book: ServiceWorkbook,
  period: string,
  assessOf: (period: string) => PeriodAssessment,
): EarnbackLine[] {
  const N = book.contract.earnbackPeriods;
  if (!(N > 0)) return [];
  const byId = new Map(book.services.map((s) => [s.id, s]));
  const lines: EarnbackLine[] = [];
  for (let k = N; k >= 0; k--) {
    const q = addMonths(period, -k);
    // What the period charged (after the monthly and annual caps) is shared out over its
    // credits in sheet order: only what was charged can be earned back.
    let left = chargedIn(book, q, assessOf).charged;
    for (const line of assessOf(q).services) {
      if (line.credit === 0) continue;
      const charged = minMoney(money(line.credit), left);
      left = left.minus(charged);
      const s = byId.get(line.id)!;
      const results = book.results.get(s.id);
      // Periods after the reviewed one are not in yet, whatever the sheet holds.
      const later = Array.from({ length: N }, (_, i) => {
        const p = addMonths(q, i + 1);
        return p <= period ? results?.get(p) : undefined;
      });
      const decided = s.expected === undefined ? 0 : earnback(line.credit, later, s.expected, s.direction);
      const status = isFailure(decided) ? "pending" : decided > 0 ? "earned back" : "final";
      const earnedBackIn = addMonths(q, N);
      lines.push({
        serviceId: s.id,
        period: q,
        credit: line.credit,
        charged: toNumber(charged),
        status,
        earnedBackIn,
        amount: status === "earned back" && earnedBackIn === period ? toNumber(charged) : 0,
      });
    }
  }
  return lines;
}
