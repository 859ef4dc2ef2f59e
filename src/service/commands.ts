/**
 * The service commands as pure functions from what a workbook holds to plans of writes, for
 * the task pane and the command line alike: read once, decide here, write once.
 */
import { registerFrom, registerRowLookup } from "../governance/commands";
import { findingsPlan, SheetPlan } from "../governance/plan";
import { SHEETS } from "../governance/model";
import { keptCutFindings, plannedCutFindings } from "../governance/textCut";
import { validateRegister } from "../governance/validate";
import { isRefusal, Refusal, refuse, reviewMessages } from "../errors";
import { serialToIso } from "../serial";
import { isPeriodKey, periodSerial } from "./period";
import { GridOf, readServiceWorkbook } from "./read";
import { actionsPlan, asFindings, newContractPlans, ReviewLayout, serviceReviewPlan } from "./plan";
import {
  addBusinessDays,
  EarnbackLine,
  reviewPeriod,
  ReviewTotals,
  ServiceHistory,
  serviceHistory,
  ServiceReview,
} from "./review";
import { SERVICE_SHEETS, ServiceFinding, ServiceWorkbook } from "./model";
import { ProcessLine, ProcessWatermelon } from "./processes";

/** What a review produced: the review, the workbook as read, the plans to write. */
export interface ReviewOutcome {
  readonly review: ServiceReview;
  readonly book: ServiceWorkbook;
  /** Service Review, Actions and Findings. */
  readonly plans: SheetPlan[];
  readonly layout: ReviewLayout;
}

/** Checks the period, reads the workbook, reviews: the first steps of every service command. */
function readAndReview(
  gridOf: GridOf,
  period: string | undefined,
  asOf: number,
): { book: ServiceWorkbook; review: ServiceReview } | Refusal {
  if (period !== undefined && !isPeriodKey(period.trim())) return refuse(reviewMessages.badPeriod(period));
  const book = readServiceWorkbook(gridOf);
  if (isRefusal(book)) return book;
  const review = reviewPeriod(book, period?.trim(), asOf);
  return isRefusal(review) ? review : { book, review };
}

/**
 * Reviews a period and plans its writes: the Service Review sheet, the Actions sheet (appended
 * actions, refreshed Escalation), and the Findings sheet (the register's findings and the
 * service findings). Services, Contract, Results and the typed cells of Actions are never
 * among the writes. Cost: O(cells read + services x window + actions).
 * @param gridOf - The grid of a sheet by name.
 * @param period - "YYYY-MM", or undefined for the latest period with results.
 * @param asOf - The serial day of the review.
 * @param widthsOf - A sheet's column widths as read (characters; a hole: Excel's default): the
 *   Actions sheet's columns are widened where an appended or refreshed cell needs it. Absent:
 *   the existing sheet's widths are left as they are.
 * @returns The outcome, or a refusal for a missing sheet or column, a bad period, no results.
 * @example planServiceReview((name) => grids[name], "2026-05", 46178).review.totals.netAdjustment // => 12500
 */
export function planServiceReview(
  gridOf: GridOf,
  period: string | undefined,
  asOf: number,
  widthsOf?: (sheet: string) => readonly (number | undefined)[],
): ReviewOutcome | Refusal {
  const read = readAndReview(gridOf, period, asOf);
  if (isRefusal(read)) return read;
  const { book, review } = read;
  const { plan, layout } = serviceReviewPlan(review);
  const actions = actionsPlan(book, review, widthsOf?.(SERVICE_SHEETS.actions));
  // A text longer than a cell holds is cut where the sheets are planned (present): each such
  // cell is a finding, on the Findings sheet and in the review's JSON.
  const reviewed = { ...review, findings: [...review.findings, ...textCutFindings([plan, actions])] };
  // The Findings sheet holds the register's findings too (with their register rows), so a
  // review never hides what Validate wrote.
  const register = registerFrom(gridOf(SHEETS.register));
  const registerFindings = isRefusal(register) ? [] : validateRegister(register);
  const rowOf = isRefusal(register) ? () => undefined : registerRowLookup(register);
  // Cuts other commands reported on sheets the review leaves as they are stay listed.
  const otherCuts = keptCutFindings(gridOf(SHEETS.findings), [plan.name, actions.name]);
  const findings = findingsPlan([...registerFindings, ...asFindings(reviewed.findings), ...otherCuts], (id) =>
    rowOf(id),
  );
  return { review: reviewed, book, plans: [plan, actions, findings], layout };
}

/**
 * A TEXT_CUT warning for each cell of the planned sheets whose text was cut to a cell's limit
 * (src/governance/textCut.ts), as the review's findings name their sheet and row.
 * @example textCutFindings([{ name: "Actions", cells: [["Note"], [fitCellText("x".repeat(40_000))]] }])[0].message // => 'Actions!A2: a text of 40,000 characters ...'
 */
export function textCutFindings(plans: readonly Pick<SheetPlan, "name" | "cells">[]): ServiceFinding[] {
  return plans.flatMap((p) =>
    plannedCutFindings([p]).map((f) => ({
      code: "TEXT_CUT" as const,
      severity: f.severity,
      sheet: p.name,
      row: f.sourceRow ?? 0,
      id: "",
      message: f.message,
    })),
  );
}

/** The review's JSON, as the command line prints it (published: add fields, never rename or remove). */
export interface ReviewJson {
  readonly period: string;
  readonly services: {
    id: string;
    service: string;
    result: number | null;
    metExpected: boolean | null;
    metMinimum: boolean | null;
    metSignificantMinimum: boolean | null;
    credit: number;
    sigminPenalty: number;
    expectedDefault: boolean | null;
    breach: string | null;
    actionId: string | null;
    stretch: number | null;
    metStretch: boolean | null;
    bonusShare: number;
    points: number | null;
    netScore: number | null;
    xlaTarget: number | null;
    xlaMet: boolean | null;
    lostMinutes: number | null;
    lostMinutesTarget: number | null;
    lostMet: boolean | null;
    experienceWatermelon: boolean;
  }[];
  readonly totals: ReviewTotals;
  readonly actionsCreated: number;
  readonly escalated: { actionId: string; level: number }[];
  readonly atRiskByItem: { id: string; amount: number }[];
  readonly findings: { code: string; severity: string; sheet: string; row: number; id: string; message: string }[];
  /** Credits with their earnback status (appended). */
  readonly earnback: EarnbackLine[];
  /** Business processes and the process-level watermelon (appended). */
  readonly processes: ProcessLine[];
  readonly processWatermelon: ProcessWatermelon;
  /** Both watermelons: critical services below SigMin, service levels meeting their SLA but missing their experience target (appended). */
  readonly watermelon: {
    line: string;
    isWatermelon: boolean;
    criticalBelow: string[];
    experienceMissed: string[];
    combinedLine: string;
  };
}

/**
 * The review as the command line's JSON.
 * @example reviewJson(review).totals.netAdjustment // => 7000
 */
export function reviewJson(review: ServiceReview): ReviewJson {
  return {
    period: review.period,
    services: review.services.map((s) => ({
      id: s.id,
      service: s.service,
      result: s.result,
      metExpected: s.metExpected,
      metMinimum: s.metMinimum,
      metSignificantMinimum: s.metSignificantMinimum,
      credit: s.credit,
      sigminPenalty: s.sigminPenalty,
      expectedDefault: s.expectedDefault,
      breach: s.breach,
      actionId: s.actionId,
      stretch: s.stretch,
      metStretch: s.metStretch,
      bonusShare: s.bonusShare,
      points: s.points,
      netScore: s.netScore,
      xlaTarget: s.xlaTarget,
      xlaMet: s.xlaMet,
      lostMinutes: s.lostMinutes,
      lostMinutesTarget: s.lostMinutesTarget,
      lostMet: s.lostMet,
      experienceWatermelon: s.experienceWatermelon,
    })),
    totals: { ...review.totals },
    actionsCreated: review.actionsCreated.length,
    escalated: review.escalated.map((a) => ({ actionId: a.id, level: a.escalation })),
    atRiskByItem: review.atRiskByItem.map((i) => ({ id: i.id, amount: i.amount })),
    findings: review.findings.map((f) => ({ ...f })),
    earnback: review.earnback.map((e) => ({ ...e })),
    processes: review.processes.map((p) => ({ ...p })),
    processWatermelon: { ...review.processWatermelon },
    watermelon: {
      line: review.watermelon.line,
      isWatermelon: review.watermelon.isWatermelon,
      criticalBelow: [...review.watermelon.criticalBelow],
      experienceMissed: [...review.watermelon.experienceMissed],
      combinedLine: review.watermelon.combinedLine,
    },
  };
}

/**
 * Plans a new contract workbook: Register, Services, Contract, Results, Actions, Processes,
 * Dependencies, Experience and Points with their headers and one filled example row each (on
 * Points an example band table, which the Contract names), dated from `today` (an example
 * result for the current month, and its action created today).
 * @param today - A serial day.
 * @param options - `empty` for headers only; `existing` sheets are left out (kept as they are).
 * @returns The sheets' plans (nine for a new workbook).
 * @example planNewContract(46178).length // => 9
 */
export function planNewContract(today: number, options: NewContractOptions = {}): SheetPlan[] {
  const day = Math.floor(today);
  const month = periodSerial(serialToIso(day).slice(0, 7));
  const keep = new Set(options.existing ?? []);
  return newContractPlans(day, month, addBusinessDays(day, 10), options.empty).filter((p) => !keep.has(p.name));
}

/** How new-contract writes its sheets. */
export interface NewContractOptions {
  /** Headers (and the Contract's labels) only: no example rows. */
  readonly empty?: boolean;
  /** Sheets the workbook already has: kept as they are, never replaced. */
  readonly existing?: readonly string[];
}

/** A review with the months before it, for reports built on the review (the review pack). */
export interface ReviewWithHistory {
  readonly review: ServiceReview;
  readonly history: ServiceHistory;
}

/**
 * Reads the workbook once and returns the period's review and the history ending with it
 * (each service level's results and thresholds, and each month's totals), without planning
 * any write: what a report on the review needs, from one pure call.
 * @param gridOf - The grid of a sheet by name.
 * @param period - "YYYY-MM", or undefined for the latest period with results.
 * @param asOf - The serial day of the review (actions are created and escalated as of it).
 * @param count - Periods of history (default 12).
 * @returns The review and its history, or a refusal as {@link planServiceReview} gives.
 * @example reviewWithHistory((name) => grids[name], undefined, 46178).history.totals.length // => 12
 */
export function reviewWithHistory(
  gridOf: GridOf,
  period: string | undefined,
  asOf: number,
  count = 12,
): ReviewWithHistory | Refusal {
  const read = readAndReview(gridOf, period, asOf);
  if (isRefusal(read)) return read;
  return { review: read.review, history: serviceHistory(read.book, read.review.period, count) };
}
