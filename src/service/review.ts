/**
 * The monthly service review: what a month of results costs under the contract, which
 * breaches it has, which governed items it puts at risk, and the actions that govern the
 * breaches to closure. Pure: plain data in, plain data out. The arithmetic is the library's
 * (src/credits, the code the GOV functions run), in exact decimal.
 */
import { isFailure, Refusal, refuse, reviewMessages } from "../errors";
import { Money, ZERO, minMoney, money, sumMoney, toNumber } from "../money";
import { serviceCredit } from "../credits/serviceCredit";
import { creditSheet, creditsTotal, CreditRow } from "../credits/creditsTotal";
import { penaltySheet, sigminPenalty, PenaltyRow } from "../credits/sigminPenalty";
import { countMisses } from "../credits/window";
import { expectedDefault } from "../credits/expectedDefault";
import { nextTarget } from "../credits/nextTarget";
import { misses } from "../direction";
import { compileCalendar, Calendar } from "../calendar/compile";
import { dueAt } from "../calendar/due";
import {
  ActionRecord,
  Breach,
  ExperienceFigures,
  CLOSED_STATUSES,
  Contract,
  ServiceFinding,
  ServiceLevel,
  SERVICE_SHEETS,
  ServiceWorkbook,
  WATERMELON_SHARE,
} from "./model";
import { addMonths, monthsEnding, periodSerial } from "./period";
import { PointsTable, servicePoints } from "../reward/servicePoints";
import { contractYearMoney, creditCache } from "./contractYear";
import { atRiskOf } from "./atRisk";
import { processLines, ProcessLine, processWatermelon, ProcessWatermelon } from "./processes";
import { appendAll } from "../arrays";

/** One service level in the reviewed period. Money as numbers (from exact decimals). */
export interface ServiceLine {
  readonly id: string;
  readonly service: string;
  readonly agreement: string;
  readonly unit: string;
  readonly direction: ServiceLevel["direction"];
  /** Whether it has a Significant Minimum. */
  readonly critical: boolean;
  /** 1-based row on the Services sheet. */
  readonly row: number;
  readonly result: number | null;
  readonly expected: number | null;
  readonly minimum: number | null;
  readonly significantMinimum: number | null;
  readonly allocationPct: number | null;
  /** The contract's penalty for missing the Significant Minimum (owed or not). */
  readonly sigminPenaltyTerm: number | null;
  /** True, false, or null where there is no result or no such threshold. */
  readonly metExpected: boolean | null;
  readonly metMinimum: boolean | null;
  readonly metSignificantMinimum: boolean | null;
  /** The service level credit (before the month's cap). */
  readonly credit: number;
  /** The SigMin penalty owed this period. */
  readonly sigminPenalty: number;
  /** Misses of Expected in the window ending with the period; null without an Expected level. */
  readonly expectedMisses: number | null;
  /** Null without an Expected level. */
  readonly expectedDefault: boolean | null;
  /** The continuous-improvement target; null without Expected or while the window is open. */
  readonly nextTarget: number | null;
  readonly breach: Breach | null;
  readonly actionId: string | null;
  readonly actionStatus: string | null;
  readonly registerId: string;
  /** Credit plus SigMin penalty: what the service's results cost this period. */
  readonly atRisk: number;
  /** The Stretch level; null without one. */
  readonly stretch: number | null;
  readonly bonusAllocationPct: number | null;
  /** True, false, or null where there is no result or no Stretch. */
  readonly metStretch: boolean | null;
  /** Bonus Pool x Bonus Allocation % when Stretch is met, before the period's block and cap. */
  readonly bonusShare: number;
  /** Service points against the band table the Contract names (doubled for a repeat); null without one, or without a result. */
  readonly points: number | null;
  /** The previous period's result when it scored on the same table (its points > 0 make this period a repeat); null otherwise. */
  readonly pointsPrevious: number | null;
  /** The period's net score from the Experience sheet; null without one. */
  readonly netScore: number | null;
  readonly xlaTarget: number | null;
  /** Net score at or above the XLA Target; null without both. */
  readonly xlaMet: boolean | null;
  /** The period's mean lost minutes from the Experience sheet; null without one. */
  readonly lostMinutes: number | null;
  readonly lostMinutesTarget: number | null;
  /** Lost minutes at or below the Lost Minutes Target; null without both. */
  readonly lostMet: boolean | null;
  /** The experience watermelon: the Minimum met while an experience target was missed. */
  readonly experienceWatermelon: boolean;
}

/** The month's money. */
export interface ReviewTotals {
  /** Monthly Charges x At-Risk %: the cap on credits. */
  readonly atRisk: number;
  /** Credits before the cap. */
  readonly credits: number;
  /** Credits after the cap. */
  readonly creditsCapped: number;
  /** SigMin penalties: not capped, not offset. */
  readonly sigmin: number;
  /** The Bonus Pool per period. */
  readonly bonusPool: number;
  /** The bonus shares earned at Stretch, before the block and the cap. */
  readonly bonusBeforeCap: number;
  /** True when a critical service fell below its Significant Minimum: no bonus this period. */
  readonly bonusBlocked: boolean;
  /** The bonus: 0 when blocked, else the shares capped at the Bonus Pool. */
  readonly bonus: number;
  /** "YYYY-MM": the first month of the contract year the period is in. */
  readonly contractYearStart: string;
  /** Credits charged in the contract year's earlier months (after their caps). */
  readonly creditsEarlierInYear: number;
  /** The Annual Cap; null without one. */
  readonly annualCap: number | null;
  /** This period's credits after the monthly cap and what is left of the annual cap. */
  readonly creditsCharged: number;
  /** Credits charged in the contract year to date, this period included. */
  readonly creditsYearToDate: number;
  /** Credits of earlier periods earned back in this one (Earnback Periods). */
  readonly earnedBack: number;
  /** Credits charged plus SigMin penalties minus the bonus and what is earned back: the adjustment to the invoice. */
  readonly netAdjustment: number;
}

/** A credit's earnback as of the reviewed period. */
export interface EarnbackLine {
  readonly serviceId: string;
  /** "YYYY-MM": the period the credit was owed in. */
  readonly period: string;
  readonly credit: number;
  /** The part of the credit the period charged (its charged credits go to its credits in sheet order). */
  readonly charged: number;
  /** "pending" while the N following periods are not all in; "earned back" when each met Expected; "final" after a miss. */
  readonly status: "pending" | "earned back" | "final";
  /** "YYYY-MM": the period the credit is (or would be) earned back in: the N-th after it. */
  readonly earnedBackIn: string;
  /** The amount that reduces the reviewed period: the charged part when earned back in it, else 0. */
  readonly amount: number;
}

/** Green outside, red inside: most service levels met their Minimum while critical ones fell below their Significant Minimum. */
export interface Watermelon {
  /** Service levels with a result and a Minimum that met it. */
  readonly metMinimum: number;
  /** Service levels with a result and a Minimum. */
  readonly measured: number;
  /** Critical service levels below their Significant Minimum. */
  readonly criticalBelow: readonly string[];
  readonly isWatermelon: boolean;
  /** "11 of 12 service levels met their Minimum; 1 critical service below its Significant Minimum". */
  readonly line: string;
  /** Service levels that met their Minimum but missed an experience target (experience watermelons). */
  readonly experienceMissed: readonly string[];
  /** Both kinds: the line, then "; 3 service levels met their SLA but missed their experience target (Service Desk, ...)". */
  readonly combinedLine: string;
}

/** One action of the register as the review sees it. */
export interface ActionLine {
  readonly id: string;
  readonly serviceId: string;
  readonly period: string;
  readonly breach: string;
  readonly createdAt: number | null;
  readonly owner: string;
  readonly due: number | null;
  readonly status: string;
  readonly evidence: string;
  readonly registerId: string;
  /** 0 to 3, derived. */
  readonly escalation: number;
  /** Calendar days past due (0 when not due yet, closed, or without a due date). */
  readonly daysLate: number;
  /** 1-based row on the Actions sheet. */
  readonly row: number;
  /** True for an action this review appends. */
  readonly created: boolean;
}

/** The money a period's results put at risk on one register item (its own services and those below it). */
export interface ItemAtRisk {
  readonly id: string;
  readonly name: string;
  readonly level: string;
  readonly path: string;
  readonly amount: number;
  /** The service levels that roll up into it. */
  readonly services: readonly string[];
}

/** The review of one period. */
export interface ServiceReview {
  /** "YYYY-MM". */
  readonly period: string;
  /** Serial of the period's first day. */
  readonly periodSerial: number;
  /** Serial day the actions are created and escalated at. */
  readonly asOf: number;
  readonly contract: Contract;
  readonly services: readonly ServiceLine[];
  readonly totals: ReviewTotals;
  readonly watermelon: Watermelon;
  /** Every action of the register, in sheet order, then those appended. */
  readonly actions: readonly ActionLine[];
  readonly actionsCreated: readonly ActionLine[];
  /** Escalated actions, highest level first, then most days late. */
  readonly escalated: readonly ActionLine[];
  readonly atRiskByItem: readonly ItemAtRisk[];
  /** Credits of the last Earnback Periods periods and this one, with their earnback status (empty without earnback). */
  readonly earnback: readonly EarnbackLine[];
  /** The business processes judged for the period (empty without a Processes sheet). */
  readonly processes: readonly ProcessLine[];
  readonly processWatermelon: ProcessWatermelon;
  /** True when the Contract names a band table (Points Table) with bands to score on: the review then has a Points column. */
  readonly hasPoints: boolean;
  /** The Points sheet's band tables: each service level's own (by Service ID), and the one for every other ("" as its ID). */
  readonly pointsTables: readonly { readonly serviceId: string; readonly table: PointsTable }[];
  readonly findings: readonly ServiceFinding[];
  /**
   * Breaches of the period whose actions are not Done or Verified, any escalated action, or an
   * error among the findings (the workbook's data is wrong, so its figures cannot be trusted).
   */
  readonly needsAttention: boolean;
}

/** The money one period decides on its own; the contract-year figures need the months before it. */
export type MonthTotals = Omit<
  ReviewTotals,
  | "contractYearStart"
  | "creditsEarlierInYear"
  | "annualCap"
  | "creditsCharged"
  | "creditsYearToDate"
  | "earnedBack"
  | "netAdjustment"
>;

/** A period's service lines and money, without the actions (the review and the history share it). */
export interface PeriodAssessment {
  readonly period: string;
  /** The service lines, without actions yet (actionId and actionStatus null). */
  readonly services: readonly ServiceLine[];
  readonly totals: MonthTotals;
  readonly watermelon: Watermelon;
}

const n = (v: number | undefined): number | null => (v === undefined ? null : v);
const NO_POINTS = { points: null, pointsPrevious: null } as const;

/** A service level's experience in a period against its XLA targets. */
function experienceOf(
  s: ServiceLevel,
  figures: ExperienceFigures | undefined,
  metMinimum: boolean | null,
): Pick<
  ServiceLine,
  "netScore" | "xlaTarget" | "xlaMet" | "lostMinutes" | "lostMinutesTarget" | "lostMet" | "experienceWatermelon"
> {
  const netScore = figures?.netScore;
  const lostMinutes = figures?.lostMinutes;
  const xlaMet = netScore === undefined || s.xlaTarget === undefined ? null : netScore >= s.xlaTarget;
  const lostMet =
    lostMinutes === undefined || s.lostMinutesTarget === undefined ? null : lostMinutes <= s.lostMinutesTarget;
  return {
    netScore: n(netScore),
    xlaTarget: n(s.xlaTarget),
    xlaMet,
    lostMinutes: n(lostMinutes),
    lostMinutesTarget: n(s.lostMinutesTarget),
    lostMet,
    experienceWatermelon: metMinimum === true && (xlaMet === false || lostMet === false),
  };
}

/**
 * A service level's points against its Points table (its own rows, else the table for every
 * service level), doubled when the previous period also scored points (a repeat failure), and
 * the previous result that decides the repeat (null when it did not score on the table).
 * Points are null without a result or a table, or for a result the table cannot score (a
 * finding says why).
 */
function pointsOf(
  book: ServiceWorkbook,
  s: ServiceLevel,
  result: number | undefined,
  previous: number | undefined,
): Pick<ServiceLine, "points" | "pointsPrevious"> {
  const table = book.points?.byService.get(s.id) ?? book.points?.all;
  if (!table) return { points: null, pointsPrevious: null };
  const before = previous === undefined ? undefined : servicePoints(previous, table);
  const scored = typeof before === "number";
  if (result === undefined) return { points: null, pointsPrevious: scored ? previous! : null };
  const points = servicePoints(result, table, scored && before > 0);
  return { points: isFailure(points) ? null : points, pointsPrevious: scored ? previous! : null };
}

function met(result: number | undefined, threshold: number | undefined, line: ServiceLevel): boolean | null {
  if (result === undefined || threshold === undefined) return null;
  return !misses(result, threshold, line.direction);
}

/** The at-risk amount: Monthly Charges x At-Risk %, exact. */
export function atRiskAmount(contract: Contract): Money {
  return atRiskOf(contract);
}

/**
 * Judges every service level for one period with the library's credit functions: met flags,
 * credit, SigMin penalty, expected-level default and next target over the window, the breach;
 * then the month's totals (credits capped by creditsTotal, penalties by sigminPenalty) and the
 * watermelon line. Cost: O(services x window).
 * @param book - The workbook as read.
 * @param period - "YYYY-MM".
 * @returns The period's assessment.
 * @example assessPeriod(book, "2026-05").totals.netAdjustment // => 7000
 */
export function assessPeriod(book: ServiceWorkbook, period: string): PeriodAssessment {
  const contract = book.contract;
  const atRiskMoney = atRiskAmount(contract);
  const atRisk = toNumber(atRiskMoney);
  const window = monthsEnding(period, contract.expectedWindow);
  const creditRows: CreditRow[] = [];
  const penaltyRows: PenaltyRow[] = [];
  const credits: Money[] = [];
  const services: PeriodAssessment["services"][number][] = [];
  const pool = money(contract.bonusPool);
  const shares: Money[] = [];
  const previous = book.points ? addMonths(period, -1) : "";
  for (const s of book.services) {
    const byPeriod = book.results.get(s.id);
    const result = byPeriod?.get(period);
    const metStretch = met(result, s.stretch, s);
    const share = metStretch && s.bonusAllocationPct !== undefined ? pool.times(money(s.bonusAllocationPct)) : ZERO;
    if (!share.isZero()) shares.push(share);
    const metExpected = met(result, s.expected, s);
    const metMinimum = met(result, s.minimum, s);
    const metSignificantMinimum = met(result, s.significantMinimum, s);
    let credit = ZERO;
    if (result !== undefined && s.minimum !== undefined) {
      const line = {
        attainment: result,
        minimum: s.minimum,
        allocationPct: s.allocationPct ?? 0,
        direction: s.direction,
      };
      // The result passed the scale check when it was read, so the credit is never a failure.
      const owed = serviceCredit(line, atRisk);
      credit = isFailure(owed) ? ZERO : owed;
      creditRows.push(line);
    } else if (s.allocationPct !== undefined) creditRows.push({ allocationPct: s.allocationPct });
    if (!credit.isZero()) credits.push(credit);
    let penalty = ZERO;
    if (result !== undefined && s.significantMinimum !== undefined) {
      const row: PenaltyRow = {
        attainment: result,
        significantMinimum: s.significantMinimum,
        penalty: s.sigminPenalty ?? 0,
        direction: s.direction,
      };
      penaltyRows.push(row);
      const owed = sigminPenalty(penaltySheet([row]));
      penalty = isFailure(owed) ? ZERO : owed;
    }
    let misses_: number | null = null;
    let isDefault: boolean | null = null;
    let next: number | null = null;
    if (s.expected !== undefined && byPeriod) {
      const values: (number | undefined)[] = new Array(window.length);
      for (let k = 0; k < window.length; k++) values[k] = byPeriod.get(window[k]);
      const names = { arg: "attainments" };
      const missed = countMisses(values, s.expected, s.direction, names);
      misses_ = isFailure(missed) ? null : missed;
      const isDefault_ = expectedDefault(values, s.expected, contract.expectedMissesAllowed, s.direction, names);
      isDefault = isFailure(isDefault_) ? null : isDefault_;
      const t = nextTarget(s.expected, values, { direction: s.direction });
      next = isFailure(t) ? null : t;
    } else if (s.expected !== undefined) {
      misses_ = 0;
      isDefault = false;
    }
    const breach: Breach | null =
      metSignificantMinimum === false
        ? "Significant Minimum"
        : metMinimum === false
          ? "Minimum"
          : isDefault
            ? "Expected default"
            : null;
    services.push({
      id: s.id,
      service: s.service,
      agreement: s.agreement,
      unit: s.unit,
      direction: s.direction,
      critical: s.significantMinimum !== undefined,
      row: s.row,
      result: n(result),
      expected: n(s.expected),
      minimum: n(s.minimum),
      significantMinimum: n(s.significantMinimum),
      allocationPct: n(s.allocationPct),
      sigminPenaltyTerm: n(s.sigminPenalty),
      metExpected,
      metMinimum,
      metSignificantMinimum,
      credit: credit.isZero() ? 0 : toNumber(credit),
      sigminPenalty: penalty.isZero() ? 0 : toNumber(penalty),
      expectedMisses: misses_,
      expectedDefault: isDefault,
      nextTarget: next,
      breach,
      actionId: null,
      actionStatus: null,
      registerId: s.registerId,
      // Money is added only where there is some: most service levels meet their Minimum.
      atRisk: credit.isZero() && penalty.isZero() ? 0 : toNumber(credit.plus(penalty)),
      stretch: n(s.stretch),
      bonusAllocationPct: n(s.bonusAllocationPct),
      metStretch,
      bonusShare: share.isZero() ? 0 : toNumber(share),
      ...(book.points ? pointsOf(book, s, result, byPeriod?.get(previous)) : NO_POINTS),
      ...experienceOf(s, book.experience.get(s.id)?.get(period), metMinimum),
    });
  }
  const bonusBefore = sumMoney(shares);
  const bonusBlocked = services.some((l) => l.metSignificantMinimum === false);
  const before = sumMoney(credits);
  // The library's cap (and its pool check); a pool exceeded is a finding, and the cap still applies.
  const capped = creditsTotal(creditSheet(creditRows), atRisk, { poolPct: contract.poolPct });
  const creditsCapped = isFailure(capped) ? minMoney(before, atRiskMoney) : capped;
  const sigmin = sigminPenalty(penaltySheet(penaltyRows));
  const sigminTotal = isFailure(sigmin) ? ZERO : sigmin;
  const totals: MonthTotals = {
    atRisk,
    credits: toNumber(before),
    creditsCapped: toNumber(creditsCapped),
    sigmin: toNumber(sigminTotal),
    bonusPool: contract.bonusPool,
    bonusBeforeCap: toNumber(bonusBefore),
    bonusBlocked,
    bonus: bonusBlocked ? 0 : toNumber(minMoney(bonusBefore, pool)),
  };
  return { period, services, totals, watermelon: watermelonOf(services) };
}

/**
 * The watermelon line: a month is a watermelon when some critical service is below its
 * Significant Minimum while at least 9 in 10 measured service levels met their Minimum.
 * @example watermelonOf(lines).line // => "11 of 12 service levels met their Minimum; 1 critical service below its Significant Minimum"
 */
export function watermelonOf(services: PeriodAssessment["services"]): Watermelon {
  let metMinimum = 0;
  let measured = 0;
  const criticalBelow: string[] = [];
  for (const s of services) {
    if (s.metMinimum !== null) {
      measured++;
      if (s.metMinimum) metMinimum++;
    }
    if (s.metSignificantMinimum === false) criticalBelow.push(s.id);
  }
  const isWatermelon = criticalBelow.length > 0 && metMinimum * WATERMELON_SHARE.of >= measured * WATERMELON_SHARE.met;
  const missed = services.filter((s) => s.experienceWatermelon);
  const line = watermelonLine(metMinimum, measured, criticalBelow.length);
  return {
    metMinimum,
    measured,
    criticalBelow,
    isWatermelon,
    line,
    experienceMissed: missed.map((s) => s.id),
    combinedLine:
      experienceLine(line, missed.length) +
      (missed.length ? ` (${missed.map((s) => s.service || s.id).join(", ")})` : ""),
  };
}

/** The watermelon line with the experience watermelons, as the Service Review sheet's formula builds it. */
export function experienceLine(line: string, missed: number): string {
  return `${line}; ${missed} ${missed === 1 ? "service level met its SLA but missed its" : "service levels met their SLA but missed their"} experience target`;
}

/** The watermelon sentence, as the Service Review sheet's formula builds it. */
export function watermelonLine(metMinimum: number, measured: number, below: number): string {
  return `${metMinimum} of ${measured} service levels met their Minimum; ${below} ${below === 1 ? "critical service below its" : "critical services below their"} Significant Minimum`;
}

let businessDays: Calendar | undefined;

/**
 * The day `days` business days (Mon-Fri) after `serial`, as Excel's WORKDAY counts them, with
 * the library's calendar: the clock is read at the end of the start day (17:00 on a
 * Mon-Fri 09:00-17:00 week), so each business day is 8 working hours.
 * @example addBusinessDays(46147, 10) // => 46161 (Friday 2026-05-08 + 10 business days = Friday 2026-05-22)
 */
export function addBusinessDays(serial: number, days: number): number {
  businessDays ??= compileCalendar("Mon-Fri 09:00-17:00") as Calendar;
  const day = Math.floor(serial);
  const due = dueAt(businessDays, day + 17 / 24, days * 8);
  return isFailure(due) ? day + days : Math.floor(due + 1e-9);
}

/**
 * The escalation of an action as of a day: 0 when it is closed (Done, Verified), has no due
 * date or is not past due; else the number of Escalation Days thresholds its days late exceed
 * (with 0,7,30: level 1 once past due, 2 after more than 7 days late, 3 after more than 30).
 * @example escalationOf("Open", 46150, 46160, [0, 7, 30]) // => 2 (10 days late)
 */
export function escalationOf(
  status: string,
  due: number | undefined,
  asOf: number,
  thresholds: readonly number[],
): { level: number; daysLate: number } {
  if (due === undefined || CLOSED_STATUSES.includes(status)) return { level: 0, daysLate: 0 };
  const daysLate = Math.max(0, Math.floor(asOf) - Math.floor(due));
  const level = Math.min(3, thresholds.filter((t) => daysLate > t).length);
  return { level, daysLate };
}

const actionKey = (serviceId: string, period: string) => `${serviceId}\u0000${period}`;

/** The next action id after the largest A-number in use. @example nextActionNumber([{ id: "A-0009" }]) // => 10 */
export function nextActionNumber(actions: readonly Pick<ActionRecord, "id">[]): number {
  let max = 0;
  for (const a of actions) {
    const m = /^A-(\d+)$/.exec(a.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** Rolls each service's money at risk up its register item's path (the item and every ancestor). */
function rollUpAtRisk(book: ServiceWorkbook, services: PeriodAssessment["services"]): ItemAtRisk[] {
  const byId = new Map(book.register.map((i) => [i.id, i]));
  const sums = new Map<string, { amount: Money; services: string[] }>();
  for (const s of services) {
    const item = byId.get(s.registerId);
    if (!item) continue;
    for (const id of item.path.split("/")) {
      if (!byId.has(id)) continue;
      let acc = sums.get(id);
      if (!acc) sums.set(id, (acc = { amount: ZERO, services: [] }));
      acc.amount = acc.amount.plus(money(s.atRisk));
      acc.services.push(s.id);
    }
  }
  return book.register
    .filter((i) => sums.has(i.id))
    .map((i) => ({ ...i, amount: toNumber(sums.get(i.id)!.amount), services: sums.get(i.id)!.services }));
}

/**
 * Reviews one period: the assessment, then the breach register. Every breach without an
 * action (keyed by service and period) gets one, appended: Owner and Register ID from the
 * service, Created At the as-of day, Due Action Due Days business days later, Status Open.
 * Running it again creates nothing. Every action's escalation is derived as of the day.
 * Cost: O(services x window + actions).
 * @param book - The workbook as read (see `readServiceWorkbook`).
 * @param period - "YYYY-MM"; default the latest period with results.
 * @param asOf - The serial day of the review.
 * @returns The review, or a refusal when there is no period to review.
 * @example reviewPeriod(book, "2026-05", 46174).totals.creditsCapped // => 2000
 */
export function reviewPeriod(book: ServiceWorkbook, period: string | undefined, asOf: number): ServiceReview | Refusal {
  const chosen = period ?? book.periods[book.periods.length - 1];
  if (chosen === undefined) {
    const examples = book.findings.filter((f) => f.code === "EXAMPLE_ROW" && f.sheet === SERVICE_SHEETS.results);
    return refuse(reviewMessages.noResults(examples.map((f) => f.row)));
  }
  const assessment = assessPeriod(book, chosen);
  const year = contractYearMoney(book, chosen, assessment.totals, creditCache(book));
  const contract = book.contract;
  const existing = new Map<string, ActionRecord>();
  for (const a of book.actions) {
    const key = actionKey(a.serviceId, a.period);
    if (a.serviceId && a.period && !existing.has(key)) existing.set(key, a);
  }
  const serviceById = new Map(book.services.map((s) => [s.id, s]));
  const lineOf = (a: Omit<ActionLine, "escalation" | "daysLate">): ActionLine => {
    const { level, daysLate } = escalationOf(a.status, a.due ?? undefined, asOf, contract.escalationDays);
    return { ...a, escalation: level, daysLate };
  };
  const actions: ActionLine[] = book.actions.map((a) =>
    lineOf({
      id: a.id,
      serviceId: a.serviceId,
      period: a.period,
      breach: a.breach,
      createdAt: a.createdAt ?? null,
      owner: a.owner,
      due: a.due ?? null,
      status: a.status,
      evidence: a.evidence,
      registerId: a.registerId,
      row: a.row,
      created: false,
    }),
  );
  const created: ActionLine[] = [];
  // An unedited example action keeps its ID: a new action never takes it.
  let next = nextActionNumber([...book.actions, ...(book.exampleActionIds ?? []).map((id) => ({ id }))]);
  const day = Math.floor(asOf);
  const due = addBusinessDays(day, contract.actionDueDays);
  const services: ServiceLine[] = assessment.services.map((s) => {
    const found = existing.size ? existing.get(actionKey(s.id, chosen)) : undefined;
    // Most service levels have neither a breach nor an action: their line is used as it is.
    if (!s.breach) return found ? { ...s, actionId: found.id, actionStatus: found.status } : s;
    if (found) return { ...s, actionId: found.id, actionStatus: found.status };
    const service = serviceById.get(s.id)!;
    const action = lineOf({
      id: `A-${String(next++).padStart(4, "0")}`,
      serviceId: s.id,
      period: chosen,
      breach: s.breach,
      createdAt: day,
      owner: service.owner,
      due,
      status: "Open",
      evidence: "",
      registerId: service.registerId,
      row: book.actionsNextRow + created.length,
      created: true,
    });
    created.push(action);
    return { ...s, actionId: action.id, actionStatus: action.status };
  });
  appendAll(actions, created);
  const processRows = processLines(book.processes, services, chosen);
  const escalated = actions
    .filter((a) => a.escalation > 0)
    .sort((a, b) => b.escalation - a.escalation || b.daysLate - a.daysLate);
  const openBreach = services.some((s) => s.breach && !CLOSED_STATUSES.includes(s.actionStatus ?? ""));
  return {
    period: chosen,
    periodSerial: periodSerial(chosen),
    asOf: day,
    contract,
    services,
    totals: year.totals,
    watermelon: assessment.watermelon,
    actions,
    actionsCreated: created,
    escalated,
    atRiskByItem: rollUpAtRisk(book, assessment.services),
    earnback: year.earnback,
    processes: processRows,
    processWatermelon: processWatermelon(processRows),
    hasPoints: book.points !== undefined,
    pointsTables: pointsTablesOf(book),
    findings: book.findings,
    needsAttention: openBreach || escalated.length > 0 || book.findings.some((f) => f.severity === "error"),
  };
}

/** The Points sheet's tables in a fixed order: the one for every service level first, then each service level's own. */
function pointsTablesOf(book: ServiceWorkbook): ServiceReview["pointsTables"] {
  if (!book.points) return [];
  const out: { serviceId: string; table: PointsTable }[] = [];
  if (book.points.all) out.push({ serviceId: "", table: book.points.all });
  for (const [serviceId, table] of book.points.byService) out.push({ serviceId, table });
  return out;
}

/** One service level's results over the history's periods, with its thresholds. */
export interface ServiceSeries {
  readonly id: string;
  readonly service: string;
  readonly agreement: string;
  readonly unit: string;
  readonly direction: ServiceLevel["direction"];
  readonly critical: boolean;
  readonly expected: number | null;
  readonly minimum: number | null;
  readonly significantMinimum: number | null;
  /** One per period of the history, null where there is no result. */
  readonly results: readonly (number | null)[];
}

/** The months before a review, for trends: every service's results and each month's money. */
export interface ServiceHistory {
  /** "YYYY-MM", oldest first, ending with the reviewed period. */
  readonly periods: readonly string[];
  readonly services: readonly ServiceSeries[];
  /** The month's totals, one per period (the same arithmetic as the review). */
  readonly totals: readonly (ReviewTotals & { readonly period: string })[];
  /** The watermelon line of each period. */
  readonly watermelons: readonly Watermelon[];
}

/**
 * The history ending with a period, for trend charts (the review pack): each service level's
 * results and thresholds, and each month's credits, penalties and cap, assessed with the same
 * code as the review. Cost: O(count x services x window).
 * @param book - The workbook as read.
 * @param period - The last period, "YYYY-MM".
 * @param count - How many periods (default 12).
 * @example serviceHistory(book, "2026-05").totals.map((t) => t.netAdjustment)
 */
export function serviceHistory(book: ServiceWorkbook, period: string, count = 12): ServiceHistory {
  const periods = monthsEnding(period, count);
  const assessed = periods.map((p) => assessPeriod(book, p));
  const creditsOf = creditCache(book);
  const services: ServiceSeries[] = book.services.map((s) => {
    const byPeriod = book.results.get(s.id);
    return {
      id: s.id,
      service: s.service,
      agreement: s.agreement,
      unit: s.unit,
      direction: s.direction,
      critical: s.significantMinimum !== undefined,
      expected: n(s.expected),
      minimum: n(s.minimum),
      significantMinimum: n(s.significantMinimum),
      results: periods.map((p) => n(byPeriod?.get(p))),
    };
  });
  return {
    periods,
    services,
    totals: assessed.map((a) => ({
      period: a.period,
      ...contractYearMoney(book, a.period, a.totals, creditsOf).totals,
    })),
    watermelons: assessed.map((a) => a.watermelon),
  };
}
