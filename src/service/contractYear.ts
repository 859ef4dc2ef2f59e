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
import { serviceCredit } from "../credits/serviceCredit";
import type { EarnbackLine, MonthTotals, ReviewTotals } from "./review";
import { atRiskOf } from "./atRisk";
import { misses } from "../direction";

/** A month's credits alone: each service level's credit (before the cap), and the month's capped total. */
export interface MonthCredits {
  readonly capped: Money;
  /** Service levels with a credit, in Services order. */
  readonly credits: readonly { readonly id: string; readonly credit: Money }[];
}

/**
 * The credits of a month, without the rest of the assessment (no window, no penalty): what
 * the contract year and earnback need of the months before the reviewed one. The same rule as
 * the review's (`serviceCredit`, capped at the at-risk amount). Cost: O(services).
 */
export function monthCredits(book: ServiceWorkbook, period: string): MonthCredits {
  const atRisk = atRiskOf(book.contract);
  const atRiskNumber = toNumber(atRisk);
  const credits: { id: string; credit: Money }[] = [];
  for (const s of book.services) {
    const result = book.results.get(s.id)?.get(period);
    // Most service levels meet their Minimum and owe nothing: no credit line is made for them.
    if (result === undefined || s.minimum === undefined || !misses(result, s.minimum, s.direction)) continue;
    const owed = serviceCredit(
      { attainment: result, minimum: s.minimum, allocationPct: s.allocationPct ?? 0, direction: s.direction },
      atRiskNumber,
    );
    if (!isFailure(owed) && !owed.isZero()) credits.push({ id: s.id, credit: owed });
  }
  return { capped: minMoney(sumMoney(credits.map((c) => c.credit)), atRisk), credits };
}

/** {@link monthCredits} of each period, computed once. */
export function creditCache(book: ServiceWorkbook): (period: string) => MonthCredits {
  const cache = new Map<string, MonthCredits>();
  return (period) => {
    let c = cache.get(period);
    if (!c) cache.set(period, (c = monthCredits(book, period)));
    return c;
  };
}

/** The first month of the contract year `period` is in. @example contractYearOf("2026-03", 4) // => "2025-04" */
export function contractYearOf(period: string, startMonth: number): string {
  const month = Number(period.slice(5, 7));
  const back = (month - startMonth + 12) % 12;
  return addMonths(period, -back);
}

/**
 * A period's full totals and its earnback lines. Cost: O(services) per month of the year so
 * far and of the Earnback Periods (each month's credits cached by `creditsOf`), plus O(credits x N).
 * @param book - The workbook as read.
 * @param period - "YYYY-MM".
 * @param own - The period's own totals (its assessment).
 * @param creditsOf - The credits of a month (the caller caches them, see {@link creditCache}).
 * @returns The totals with the contract-year figures and the net adjustment, and the earnback lines.
 * @example contractYearMoney(book, "2026-05", assessPeriod(book, "2026-05").totals, creditCache(book)).totals.creditsCharged // => 2000
 */
export function contractYearMoney(
  book: ServiceWorkbook,
  period: string,
  own: MonthTotals,
  creditsOf: (period: string) => MonthCredits,
): { totals: ReviewTotals; earnback: EarnbackLine[] } {
  const contract = book.contract;
  const { yearStart, chargedBefore, charged } = chargedIn(book, period, creditsOf);
  const lines = earnbackLines(book, period, creditsOf);
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
  creditsOf: (period: string) => MonthCredits,
): { yearStart: string; chargedBefore: Money; charged: Money } {
  const yearStart = contractYearOf(period, book.contract.contractYearStart);
  const earlier: Money[] = [];
  for (let q = yearStart; q < period; q = addMonths(q, 1)) earlier.push(creditsOf(q).capped);
  const before = sumMoney(earlier);
  const capped = creditsOf(period).capped;
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
  creditsOf: (period: string) => MonthCredits,
): EarnbackLine[] {
  const N = book.contract.earnbackPeriods;
  if (!(N > 0)) return [];
  const byId = new Map(book.services.map((s) => [s.id, s]));
  const lines: EarnbackLine[] = [];
  for (let k = N; k >= 0; k--) {
    const q = addMonths(period, -k);
    // What the period charged (after the monthly and annual caps) is shared out over its
    // credits in sheet order: only what was charged can be earned back.
    let left = chargedIn(book, q, creditsOf).charged;
    for (const line of creditsOf(q).credits) {
      const charged = minMoney(line.credit, left);
      left = left.minus(charged);
      const s = byId.get(line.id)!;
      const results = book.results.get(s.id);
      // Periods after the reviewed one are not in yet, whatever the sheet holds.
      const later = Array.from({ length: N }, (_, i) => {
        const p = addMonths(q, i + 1);
        return p <= period ? results?.get(p) : undefined;
      });
      const credit = toNumber(line.credit);
      const decided = s.expected === undefined ? 0 : earnback(credit, later, s.expected, s.direction);
      const status = isFailure(decided) ? "pending" : decided > 0 ? "earned back" : "final";
      const earnedBackIn = addMonths(q, N);
      lines.push({
        serviceId: s.id,
        period: q,
        credit,
        charged: toNumber(charged),
        status,
        earnedBackIn,
        amount: status === "earned back" && earnedBackIn === period ? toNumber(charged) : 0,
      });
    }
  }
  return lines;
}
