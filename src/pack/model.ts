/**
 * The steering committee's review pack as plain data: what one page of pictures for a month
 * of service levels and savings shows, decided here once for the command line and the task
 * pane. Pure: the service review, its history and the register in; the pack's figures out.
 * The charts (src/pack/charts.ts) and the HTML (src/pack/html.ts) only draw these numbers.
 */
import { money, toNumber } from "../money";
import { RAGS, Rag } from "../status/rag";
import { DualStatus, dualStatus } from "../status/dualStatus";
import { RegisterRow, SHEETS } from "../governance/model";
import { isExampleOrganization } from "../governance/example";
import { exampleSheets } from "../service/examples";
import { buildReport, Report, RolledUp } from "../governance/commands";
import { validateRegister } from "../governance/validate";
import { parseAmount } from "../governance/values";
import { rollUp } from "../governance/rollup";
import { serialToIso } from "../serial";
import { ServiceHistory, ServiceReview } from "../service/review";

/** How much the pack shows before it says "and N more" (so it prints on at most 4 A4 pages). */
export const PACK_LIMITS = {
  trends: 12,
  actions: 12,
  valueAtRisk: 4,
  portfolios: 8,
  named: 8,
  scorecard: 6,
  decisions: 4,
  openActions: 6,
  /** Rows of the SLA-versus-experience table (the picture draws every service level). */
  experience: 8,
  /** Rows and columns of the process map. */
  processes: 8,
  mapServices: 16,
} as const;

/** The month's money and the savings, the pack's first line. */
export interface Headline {
  readonly netAdjustment: number;
  /** Monthly Charges x At-Risk %: the cap on credits. */
  readonly atRisk: number;
  readonly credits: number;
  readonly creditsCapped: number;
  readonly sigmin: number;
  readonly planned: number;
  readonly forecast: number;
  readonly confirmed: number;
}

/** One service level's trend: its results over the history and its thresholds. */
export interface TrendPanel {
  readonly id: string;
  readonly service: string;
  readonly unit: string;
  readonly direction: ">=" | "<=";
  readonly critical: boolean;
  /** The reviewed period's breach, or null. */
  readonly breach: string | null;
  readonly expected: number | null;
  readonly minimum: number | null;
  readonly significantMinimum: number | null;
  /** One per period of the history; null where there is no result. */
  readonly points: readonly { readonly period: string; readonly result: number | null }[];
}

/** One month's credits and penalties. */
export interface MoneyMonth {
  readonly period: string;
  /** Credits after the cap. */
  readonly credits: number;
  readonly sigmin: number;
  /** The at-risk amount (the cap). */
  readonly atRisk: number;
}

/** An escalated action that needs a decision. */
export interface DecisionAction {
  readonly id: string;
  readonly serviceId: string;
  readonly service: string;
  readonly breach: string;
  readonly owner: string;
  /** ISO date, "" without one. */
  readonly due: string;
  readonly daysLate: number;
  readonly level: number;
  readonly status: string;
}

/** A measure in "Value at risk": milestones on time, money slipping. */
export interface ValueAtRiskMeasure {
  readonly id: string;
  readonly name: string;
  /** Names from the portfolio down to the measure's parent, joined by " / ". */
  readonly path: string;
  readonly planned: number | null;
  readonly forecast: number | null;
}

/** One step of a portfolio's savings bridge (waterfall). */
export interface BridgeStep {
  readonly portfolio: string;
  /** "Planned", "Forecast change", "Forecast", "Not yet confirmed", "Confirmed". */
  readonly step: string;
  readonly order: number;
  readonly kind: "total" | "increase" | "decrease";
  /** Where the bar starts and ends. */
  readonly start: number;
  readonly end: number;
  /** The step's amount (signed for changes). */
  readonly amount: number;
}

/** One portfolio's savings. */
export interface PortfolioSavings {
  readonly id: string;
  readonly name: string;
  readonly planned: number;
  readonly forecast: number;
  readonly confirmed: number;
}

/** One cell of the dual-status matrix. */
export interface MatrixCell {
  readonly implementation: Rag;
  readonly potential: Rag;
  readonly status: DualStatus;
  readonly count: number;
  /** The cell the green dashboards hide: "Value at risk". */
  readonly valueAtRisk: boolean;
}

/** One service level on the scorecard: its result against its thresholds and its money. */
export interface ScorecardLine {
  readonly id: string;
  readonly service: string;
  readonly unit: string;
  readonly direction: ">=" | "<=";
  readonly result: number | null;
  readonly expected: number | null;
  readonly minimum: number | null;
  readonly significantMinimum: number | null;
  /** The breach, "Met" or "Not measured". */
  readonly status: string;
  readonly credit: number;
  readonly sigminPenalty: number;
  /** Credit plus SigMin penalty. */
  readonly money: number;
}

/** An open breach action (not Done or Verified). */
export interface OpenAction extends DecisionAction {
  readonly period: string;
}

/** A question the committee answers, with what it is about. */
export interface Decision {
  readonly question: string;
  readonly about: string;
}

/** The savings the plan is losing: planned minus forecast, and the Value-at-risk measures by owner. */
export interface SavingsAtRisk {
  /** Planned minus forecast over the measures counted. */
  readonly gap: number;
  /** Planned minus forecast of the measures in "Value at risk". */
  readonly valueAtRisk: number;
  readonly owners: readonly { readonly owner: string; readonly amount: number; readonly measures: number }[];
}

/** What the headline figures leave out, and why, by name. */
export interface DataQuality {
  /** Measures flagged as duplicates: not counted in the savings. */
  readonly duplicates: readonly { readonly id: string; readonly name: string }[];
  /** Measures whose forecast cannot be read as an amount: counted without a forecast. */
  readonly unreadableForecasts: readonly { readonly id: string; readonly name: string; readonly text: string }[];
  /** Closures signed after the as-of day: not confirmed as of it. */
  readonly closedAfterAsOf: readonly { readonly id: string; readonly name: string; readonly closedAt: string }[];
  /**
   * The sheets holding new-contract's unedited examples, left out of every figure until edited
   * (the review's EXAMPLE_ROW findings, and the Register's example organization), in sheet order.
   */
  readonly examples: readonly string[];
}

/** Credits of the contract year to date against the annual cap. */
export interface ContractYearCredits {
  /** "YYYY-MM": the contract year's first month. */
  readonly start: string;
  /** Credits charged in the year's earlier months. */
  readonly earlierInYear: number;
  /** Credits charged this period (after the monthly cap and what the annual cap leaves). */
  readonly thisPeriod: number;
  readonly yearToDate: number;
  /** The Annual Cap; null without one. */
  readonly annualCap: number | null;
  /** What the annual cap still leaves for the rest of the year; null without one. */
  readonly capLeft: number | null;
}

/** Earnback as of the period: credits that may still come back, and what came back. */
export interface EarnbackStatus {
  /** N: a credit comes back when its service level meets Expected in each of the N following periods. */
  readonly periods: number;
  /** Credits earned back in this period (they reduce its net adjustment). */
  readonly earnedBack: number;
  /** Credits still waiting for their N periods: count and charged amount. */
  readonly pending: { readonly count: number; readonly amount: number };
  /** Credits that can no longer come back (a later period missed Expected). */
  readonly final: { readonly count: number; readonly amount: number };
}

/** Where a service level sits on the SLA-versus-experience picture, the marked quadrant first. */
export const EXPERIENCE_QUADRANTS = [
  "SLA met, experience missed",
  "SLA and experience met",
  "SLA missed, experience met",
  "SLA and experience missed",
] as const;
export type ExperienceQuadrant = (typeof EXPERIENCE_QUADRANTS)[number];

/** One service level on the SLA-versus-experience picture. */
export interface ExperiencePoint {
  readonly id: string;
  readonly service: string;
  readonly unit: string;
  readonly direction: ">=" | "<=";
  readonly result: number;
  readonly minimum: number;
  /** How far the result is past its Minimum in its direction, as a share of the Minimum: 0 at it, above 0 better. */
  readonly slaMargin: number;
  readonly netScore: number;
  readonly xlaTarget: number;
  /** Net score minus XLA Target, in points: 0 at the target, above 0 better. */
  readonly experienceMargin: number;
  /** The review's experience watermelon (a missed Lost Minutes Target counts too). */
  readonly watermelon: boolean;
  readonly quadrant: ExperienceQuadrant;
}

/** The SLA-versus-experience picture's figures. */
export interface ExperienceView {
  /** Every service level with a result, a non-zero Minimum, a net score and an XLA Target; watermelons first. */
  readonly points: readonly ExperiencePoint[];
  /** Service levels with a net score and a target that cannot be placed (no result, no Minimum, a Minimum of 0). */
  readonly notDrawn: readonly string[];
}

/** How a supporting service level stands in the period, on the process map: its breach, met, or not measured. */
export type DependencyState = "Significant Minimum" | "Minimum" | "Expected default" | "Met" | "Not measured";

/** One process on the process map. */
export interface MapProcess {
  readonly id: string;
  readonly name: string;
  readonly status: "Red" | "Amber" | "Green";
  readonly latencyStatus: "Red" | "Amber" | "Green" | null;
  readonly watermelon: boolean;
  /** The breached supporting services' names (their IDs when unnamed). */
  readonly blockedBy: readonly string[];
  readonly recovered: number;
  /** The share of cases over the end-to-end target; null without cases. */
  readonly shareOver: number | null;
}

/** Processes against their supporting service levels: which are blocked, and by what. */
export interface ProcessMap {
  /** Blocked processes first (Red, then Amber), then the process watermelons, then the rest. */
  readonly processes: readonly MapProcess[];
  readonly processesOmitted: number;
  /** Processes Red or Amber, shown or not. */
  readonly blocked: number;
  /** The supporting service levels of the processes shown, the worst breach first. */
  readonly services: readonly { readonly id: string; readonly service: string; readonly state: DependencyState }[];
  readonly servicesOmitted: number;
  /** One cell per dependency shown. */
  readonly cells: readonly { readonly process: string; readonly service: string; readonly state: DependencyState }[];
}

/** Everything the pack shows. */
export interface PackModel {
  readonly period: string;
  /** The contract's currency (ISO 4217), "" when it names none. */
  readonly currency: string;
  readonly contractYear: ContractYearCredits;
  /** Null when the contract has no Earnback Periods. */
  readonly earnback: EarnbackStatus | null;
  /** ISO date the actions are escalated and milestones judged at. */
  readonly asOf: string;
  readonly headline: Headline;
  readonly watermelon: {
    readonly applies: boolean;
    /** "N of M service levels met their Minimum, but K critical services fell below their Significant Minimum: ...". */
    readonly text: string;
    readonly services: readonly { readonly id: string; readonly service: string }[];
    /** Sentences after the first: the experience watermelons, the process watermelons (0 to 2). */
    readonly extra: number;
  };
  /** Critical service levels and those in breach, breaches first. */
  readonly trends: readonly TrendPanel[];
  readonly trendsOmitted: number;
  readonly money: readonly MoneyMonth[];
  /** Escalated actions, level 3 and 2 first, then most days late. */
  readonly actions: readonly DecisionAction[];
  readonly actionsOmitted: number;
  readonly valueAtRisk: readonly ValueAtRiskMeasure[];
  readonly valueAtRiskOmitted: number;
  readonly portfolios: readonly PortfolioSavings[];
  readonly portfoliosOmitted: number;
  readonly bridge: readonly BridgeStep[];
  /** 9 cells, implementation (rows) x potential (columns), Green to Red. */
  readonly matrix: readonly MatrixCell[];
  /** Measures lacking what a status needs. */
  readonly notAssessed: number;
  /** Every service level, most money first, then most severe. */
  readonly scorecard: readonly ScorecardLine[];
  /** Every open breach action, escalated first (highest level, most days late), then by due date. */
  readonly openActions: readonly OpenAction[];
  readonly decisions: readonly Decision[];
  readonly savingsAtRisk: SavingsAtRisk;
  readonly dataQuality: DataQuality;
  /** Null when no service level has both a net score and an XLA Target. */
  readonly experience: ExperienceView | null;
  /** Null without business processes. */
  readonly processMap: ProcessMap | null;
  /** The parts of the net adjustment: credits charged (after the monthly and annual caps), SigMin penalties, the bonus, what is earned back. */
  readonly netParts: {
    readonly creditsCharged: number;
    readonly sigmin: number;
    readonly bonus: number;
    readonly earnedBack: number;
  };
}

/** What the pack is built from. */
export interface PackInput {
  readonly review: ServiceReview;
  readonly history: ServiceHistory;
  /** The register (empty when the workbook has none). */
  readonly rows: readonly RegisterRow[];
  /** Serial day milestones are judged at (the review's as-of day). */
  readonly asOf: number;
  /** The register's roll-up, when the caller has it already. */
  readonly rolled?: RolledUp;
}

const SEVERITY: Readonly<Record<string, number>> = { "Significant Minimum": 0, Minimum: 1, "Expected default": 2 };

/**
 * The watermelon sentences of the pack: the critical services below their Significant Minimum,
 * then (when there are any) the service levels that met their SLA but missed their experience
 * target, and the processes that failed with no SLA missed.
 */
function watermelonOf(review: ServiceReview): PackModel["watermelon"] {
  const w = review.watermelon;
  const byId = new Map(review.services.map((s) => [s.id, s.service]));
  const services = w.criticalBelow.map((id) => ({ id, service: byId.get(id) ?? "" }));
  const k = services.length;
  const experience = w.experienceMissed.map((id) => ({ id, service: byId.get(id) ?? "" }));
  const failed = review.processWatermelon.processes;
  const text =
    `${w.metMinimum} of ${w.measured} service levels met their Minimum, but ${k} critical ` +
    `${k === 1 ? "service fell below its" : "services fell below their"} Significant Minimum` +
    (k ? `: ${named(services)}.` : ".") +
    (experience.length
      ? ` ${experience.length} ${experience.length === 1 ? "service level met its SLA but missed its" : "service levels met their SLA but missed their"} experience target: ${named(experience, FEW)}.`
      : "") +
    (failed.length
      ? ` ${failed.length} ${failed.length === 1 ? "process" : "processes"}: no SLA missed, the process still failed: ${namesOf(failed, FEW)}.`
      : "");
  return {
    applies: w.isWatermelon || experience.length > 0 || failed.length > 0,
    text,
    services,
    extra: (experience.length ? 1 : 0) + (failed.length ? 1 : 0),
  };
}

/** How many the watermelon's later sentences name (the first page has room for little more). */
const FEW = 3;

/** Names in a sentence, at most `limit`, then "and N more". */
function namesOf(names: readonly string[], limit: number = PACK_LIMITS.named): string {
  const more = names.length > limit ? ` and ${names.length - limit} more` : "";
  return names.slice(0, limit).join(", ") + more;
}

/** Service levels in a sentence: "Service Desk (SL-001), SL-009". */
function named(list: readonly { id: string; service: string }[], limit?: number): string {
  return namesOf(
    list.map((s) => (s.service ? `${s.service} (${s.id})` : s.id)),
    limit,
  );
}

/** The critical and breached service levels' trends, breaches first (most severe first), then critical ones. */
function trendsOf(review: ServiceReview, history: ServiceHistory): TrendPanel[] {
  const breachOf = new Map(review.services.map((s) => [s.id, s.breach]));
  const order = (id: string) => {
    const b = breachOf.get(id);
    return b ? SEVERITY[b] : 3;
  };
  return history.services
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.critical || breachOf.get(s.id))
    .sort((a, b) => order(a.s.id) - order(b.s.id) || a.i - b.i)
    .map(({ s }) => ({
      id: s.id,
      service: s.service,
      unit: s.unit,
      direction: s.direction,
      critical: s.critical,
      breach: breachOf.get(s.id) ?? null,
      expected: s.expected,
      minimum: s.minimum,
      significantMinimum: s.significantMinimum,
      points: history.periods.map((period, p) => ({ period, result: s.results[p] })),
    }));
}

/** The waterfall from planned to forecast to confirmed, for one portfolio. */
export function bridgeSteps(p: PortfolioSavings): BridgeStep[] {
  const change = toNumber(money(p.forecast).minus(money(p.planned)));
  const unconfirmed = toNumber(money(p.confirmed).minus(money(p.forecast)));
  const step = (order: number, step: string, start: number, end: number, amount: number, total: boolean) => ({
    portfolio: p.name || p.id,
    step,
    order,
    kind: total ? ("total" as const) : amount < 0 ? ("decrease" as const) : ("increase" as const),
    start,
    end,
    amount,
  });
  return [
    step(0, "Planned", 0, p.planned, p.planned, true),
    step(1, "Forecast change", p.planned, p.forecast, change, false),
    step(2, "Forecast", 0, p.forecast, p.forecast, true),
    step(3, "Not yet confirmed", p.forecast, p.confirmed, unconfirmed, false),
    step(4, "Confirmed", 0, p.confirmed, p.confirmed, true),
  ];
}

/**
 * Builds the pack's figures for one period: the headline money and savings, the watermelon
 * callout, the trends of the critical and breached service levels, the month-by-month money,
 * the decisions required, the savings bridge per portfolio and the dual-status matrix.
 * Cost: O(services x periods + register rows x depth).
 * @param input - The review, its history (see `reviewWithHistory`) and the register.
 * @returns The pack's model.
 * @example buildPack({ review, history, rows, asOf }).headline.netAdjustment // => the review's net adjustment
 */
export function buildPack(input: PackInput): PackModel {
  const { review, history, asOf } = input;
  const counted = countedRows(input.rows, asOf);
  const rows = counted.rows;
  const rolled = input.rolled ?? rollUp(rows, asOf);
  const report = buildReport(rows, asOf, rolled);
  const t = review.totals;

  const serviceName = new Map(review.services.map((s) => [s.id, s.service]));
  // Level 3 and 2 first (the review already sorts by level, then days late).
  const escalated = review.escalated.map((a) => decisionActionOf(a, serviceName));
  const atRisk = report.measures
    .filter((m) => m.dualStatus === "Value at risk")
    .map<ValueAtRiskMeasure>((m) => ({
      id: m.id,
      name: m.name,
      // The organization is the same for every measure: the path starts below it.
      path: m.path.slice(m.path.length > 1 ? 1 : 0).join(" / "),
      planned: m.planned,
      forecast: m.forecast,
    }));

  const allPortfolios = rolled.items
    .filter((i) => i.level === "Portfolio")
    .map<PortfolioSavings>((i) => ({
      id: i.id,
      name: i.name,
      planned: i.planned,
      forecast: i.forecast,
      confirmed: i.confirmed,
    }));
  const portfolios = allPortfolios.slice(0, PACK_LIMITS.portfolios);

  const counts = new Map<string, number>();
  let notAssessed = 0;
  for (const m of report.measures) {
    const st = rolled.statuses.get(m.id);
    if (!st || !st.implementation || !st.potential) {
      notAssessed++;
      continue;
    }
    const key = `${st.implementation}|${st.potential}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const matrix: MatrixCell[] = [];
  for (const implementation of RAGS)
    for (const potential of RAGS) {
      const status = dualStatus(implementation, potential);
      matrix.push({
        implementation,
        potential,
        status,
        count: counts.get(`${implementation}|${potential}`) ?? 0,
        valueAtRisk: status === "Value at risk",
      });
    }

  const trends = trendsOf(review, history);
  return {
    period: review.period,
    currency: review.contract.currency,
    contractYear: contractYearOf(review),
    earnback: earnbackOf(review),
    asOf: serialToIso(review.asOf),
    headline: {
      netAdjustment: t.netAdjustment,
      atRisk: t.atRisk,
      credits: t.credits,
      creditsCapped: t.creditsCapped,
      sigmin: t.sigmin,
      ...report.totals,
    },
    watermelon: watermelonOf(review),
    trends: trends.slice(0, PACK_LIMITS.trends),
    trendsOmitted: Math.max(0, trends.length - PACK_LIMITS.trends),
    money: history.totals.map((m) => ({
      period: m.period,
      credits: m.creditsCapped,
      sigmin: m.sigmin,
      atRisk: m.atRisk,
    })),
    actions: escalated.slice(0, PACK_LIMITS.actions),
    actionsOmitted: Math.max(0, escalated.length - PACK_LIMITS.actions),
    valueAtRisk: atRisk.slice(0, PACK_LIMITS.valueAtRisk),
    valueAtRiskOmitted: Math.max(0, atRisk.length - PACK_LIMITS.valueAtRisk),
    portfolios,
    portfoliosOmitted: allPortfolios.length - portfolios.length,
    bridge: portfolios.flatMap(bridgeSteps),
    matrix,
    notAssessed,
    scorecard: scorecardOf(review),
    openActions: openActionsOf(review, serviceName),
    decisions: decisionsOf(review, serviceName, atRisk),
    savingsAtRisk: savingsAtRiskOf(report.measures, rows),
    dataQuality: { ...counted.quality, examples: examplesOf(review, input.rows) },
    experience: experienceOf(review),
    processMap: processMapOf(review),
    netParts: { creditsCharged: t.creditsCharged, sigmin: t.sigmin, bonus: t.bonus, earnedBack: t.earnedBack },
  };
}

/**
 * The SLA-versus-experience picture: each service level with a result, a Minimum, a net score
 * and an XLA Target, placed by its margin over the Minimum (a share of it, so availabilities
 * and hours share one axis) and its net score's margin over the target. Cost: O(services).
 * @example experienceOf(review)?.points[0].quadrant // => "SLA met, experience missed" (99.9% against 97%, net -10 against +20)
 */
export function experienceOf(review: Pick<ServiceReview, "services">): ExperienceView | null {
  const points: ExperiencePoint[] = [];
  const notDrawn: string[] = [];
  for (const s of review.services) {
    if (s.netScore === null || s.xlaTarget === null) continue;
    if (s.result === null || s.minimum === null || s.minimum === 0 || s.metMinimum === null) {
      notDrawn.push(s.id);
      continue;
    }
    const past = s.direction === "<=" ? s.minimum - s.result : s.result - s.minimum;
    const xlaMet = s.netScore >= s.xlaTarget;
    points.push({
      id: s.id,
      service: s.service,
      unit: s.unit,
      direction: s.direction,
      result: s.result,
      minimum: s.minimum,
      slaMargin: past / Math.abs(s.minimum),
      netScore: s.netScore,
      xlaTarget: s.xlaTarget,
      experienceMargin: s.netScore - s.xlaTarget,
      watermelon: s.experienceWatermelon,
      quadrant:
        s.experienceWatermelon || (s.metMinimum && !xlaMet)
          ? "SLA met, experience missed"
          : s.metMinimum
            ? "SLA and experience met"
            : xlaMet
              ? "SLA missed, experience met"
              : "SLA and experience missed",
    });
  }
  if (!points.length && !notDrawn.length) return null;
  const rank = (p: ExperiencePoint) => EXPERIENCE_QUADRANTS.indexOf(p.quadrant);
  points.sort((a, b) => rank(a) - rank(b) || a.experienceMargin - b.experienceMargin);
  return { points, notDrawn };
}

const STATE_RANK: Readonly<Record<DependencyState, number>> = {
  "Significant Minimum": 0,
  Minimum: 1,
  "Expected default": 2,
  Met: 3,
  "Not measured": 4,
};

/**
 * The process map: processes (blocked first) against the service levels they depend on, each
 * dependency marked by how its service level stands. Cost: O(processes x dependencies).
 * @example processMapOf(review)?.processes[0].status // => "Red" (blocked processes first)
 */
export function processMapOf(review: Pick<ServiceReview, "services" | "processes">): ProcessMap | null {
  if (!review.processes.length) return null;
  const lineOf = new Map(review.services.map((s, i) => [s.id, { s, i }]));
  const stateOf = (id: string): DependencyState => {
    const s = lineOf.get(id)?.s;
    return s?.breach ?? (s?.metMinimum === null || s?.result === null ? "Not measured" : "Met");
  };
  const order = (p: (typeof review.processes)[number]) =>
    p.status === "Red" ? 0 : p.status === "Amber" ? 1 : p.watermelon ? 2 : 3;
  const all = review.processes
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || b.p.breached.length - a.p.breached.length || a.i - b.i)
    .map(({ p }) => p);
  const shown = all.slice(0, PACK_LIMITS.processes);
  const ids = [...new Set(shown.flatMap((p) => p.services))].sort(
    (a, b) => STATE_RANK[stateOf(a)] - STATE_RANK[stateOf(b)] || lineOf.get(a)!.i - lineOf.get(b)!.i,
  );
  const columns = ids.slice(0, PACK_LIMITS.mapServices);
  const visible = new Set(columns);
  const name = (id: string) => lineOf.get(id)?.s.service || id;
  return {
    processes: shown.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      latencyStatus: p.latencyStatus,
      watermelon: p.watermelon,
      blockedBy: p.breached.map(name),
      recovered: p.recovered,
      shareOver: p.shareOver,
    })),
    processesOmitted: all.length - shown.length,
    blocked: all.filter((p) => p.status !== "Green").length,
    services: columns.map((id) => ({ id, service: lineOf.get(id)!.s.service, state: stateOf(id) })),
    servicesOmitted: ids.length - columns.length,
    cells: shown.flatMap((p) =>
      p.services.filter((id) => visible.has(id)).map((id) => ({ process: p.id, service: id, state: stateOf(id) })),
    ),
  };
}

/** The contract year's credits against the annual cap, as the review charged them. */
function contractYearOf(review: ServiceReview): ContractYearCredits {
  const t = review.totals;
  return {
    start: t.contractYearStart,
    earlierInYear: t.creditsEarlierInYear,
    thisPeriod: t.creditsCharged,
    yearToDate: t.creditsYearToDate,
    annualCap: t.annualCap,
    capLeft: t.annualCap === null ? null : Math.max(0, toNumber(money(t.annualCap).minus(money(t.creditsYearToDate)))),
  };
}

/** The review's earnback lines summed by status; null without Earnback Periods. */
function earnbackOf(review: ServiceReview): EarnbackStatus | null {
  const n = review.contract.earnbackPeriods;
  if (!n) return null;
  const sum = (status: string) => {
    const lines = review.earnback.filter((e) => e.status === status);
    return { count: lines.length, amount: toNumber(lines.reduce((a, e) => a.plus(money(e.charged)), money(0))) };
  };
  return { periods: n, earnedBack: review.totals.earnedBack, pending: sum("pending"), final: sum("final") };
}

const CLOSED = new Set(["Done", "Verified"]);

/**
 * The register as of the pack's day, and what the headline leaves out: a measure flagged as a
 * duplicate (validation's DUPLICATE) is not counted; a closure signed after the as-of day is not
 * confirmed yet (the row is taken as it was before: L4 Realized, nothing confirmed); a forecast
 * that cannot be read is named. Cost: O(rows).
 */
export function countedRows(
  rows: readonly RegisterRow[],
  asOf: number,
): { rows: RegisterRow[]; quality: Omit<DataQuality, "examples"> } {
  const dupIds = new Set(
    validateRegister(rows)
      .filter((f) => f.code === "DUPLICATE")
      .map((f) => f.id),
  );
  const day = serialToIso(Math.floor(asOf));
  const duplicates: DataQuality["duplicates"][number][] = [];
  const unreadableForecasts: DataQuality["unreadableForecasts"][number][] = [];
  const closedAfterAsOf: DataQuality["closedAfterAsOf"][number][] = [];
  const out: RegisterRow[] = [];
  for (const r of rows) {
    const measure = r.level === "Measure";
    const id = String(r.id ?? "");
    const name = String(r.name ?? "");
    if (measure && dupIds.has(id)) {
      duplicates.push({ id, name });
      continue;
    }
    if (measure && r.forecast !== null && r.forecast !== "" && parseAmount(r.forecast) === undefined) {
      unreadableForecasts.push({ id, name, text: String(r.forecast) });
    }
    // Closed At is ISO text (UTC); a date-time cell (a serial) reads the same.
    const closedAt =
      typeof r.closedAt === "string"
        ? r.closedAt.slice(0, 10)
        : typeof r.closedAt === "number"
          ? serialToIso(Math.floor(r.closedAt))
          : "";
    if (measure && closedAt && closedAt > day) {
      closedAfterAsOf.push({ id, name, closedAt: String(r.closedAt) });
      out.push({ ...r, gate: "L4 Realized", confirmed: null, closedBy: null, closedAt: null, closeReason: null });
      continue;
    }
    out.push(r);
  }
  return { rows: out, quality: { duplicates, unreadableForecasts, closedAfterAsOf } };
}

/**
 * The sheets where new-contract's unedited examples sit, each once: the Register when its example
 * organization is there, then those the review left examples out of. Cost: O(rows + findings).
 */
function examplesOf(review: ServiceReview, rows: readonly RegisterRow[]): string[] {
  return [...(rows.some(isExampleOrganization) ? [SHEETS.register] : []), ...exampleSheets(review.findings)];
}

/** Every service level, most money first, then the most severe breach, then the Services sheet's order. */
function scorecardOf(review: ServiceReview): ScorecardLine[] {
  const rank = (s: ServiceReview["services"][number]) => (s.breach ? SEVERITY[s.breach] : s.result === null ? 4 : 3);
  return review.services
    .map((s, i) => ({ s, i }))
    .sort(
      (a, b) => b.s.credit + b.s.sigminPenalty - (a.s.credit + a.s.sigminPenalty) || rank(a.s) - rank(b.s) || a.i - b.i,
    )
    .map(({ s }) => ({
      id: s.id,
      service: s.service,
      unit: s.unit,
      direction: s.direction,
      result: s.result,
      expected: s.expected,
      minimum: s.minimum,
      significantMinimum: s.significantMinimum,
      status: s.breach ?? (s.result === null ? "Not measured" : "Met"),
      credit: s.credit,
      sigminPenalty: s.sigminPenalty,
      money: toNumber(money(s.credit).plus(money(s.sigminPenalty))),
    }));
}

/** An action as the pack shows it: its service named, its due day as ISO text. */
function decisionActionOf(
  a: ServiceReview["actions"][number],
  serviceName: ReadonlyMap<string, string>,
): DecisionAction {
  return {
    id: a.id,
    serviceId: a.serviceId,
    service: serviceName.get(a.serviceId) ?? "",
    breach: a.breach,
    owner: a.owner,
    due: a.due === null ? "" : serialToIso(a.due),
    daysLate: a.daysLate,
    level: a.escalation,
    status: a.status,
  };
}

/** Every action not Done or Verified: escalated first (highest level, most days late), then by due day. */
function openActionsOf(review: ServiceReview, serviceName: ReadonlyMap<string, string>): OpenAction[] {
  return review.actions
    .filter((a) => !CLOSED.has(a.status))
    .sort((a, b) => b.escalation - a.escalation || b.daysLate - a.daysLate || (a.due ?? 0) - (b.due ?? 0))
    .map((a) => ({ ...decisionActionOf(a, serviceName), period: a.period }));
}

/** The decisions the month asks for, as questions: penalties to approve, late actions to reassign, measures to re-plan. */
function decisionsOf(
  review: ServiceReview,
  serviceName: ReadonlyMap<string, string>,
  atRisk: readonly ValueAtRiskMeasure[],
): Decision[] {
  const out: Decision[] = [];
  for (const s of review.services) {
    if (s.sigminPenalty > 0) {
      out.push({
        question: `Approve the ${fmtMoney(s.sigminPenalty)} SigMin penalty on ${s.service || s.id}?`,
        about: s.id,
      });
    }
  }
  for (const a of review.escalated) {
    out.push({
      question: `Reassign ${a.id} (${serviceName.get(a.serviceId) || a.serviceId}, ${a.owner || "no owner"}), ${a.daysLate} days late?`,
      about: a.id,
    });
  }
  for (const m of atRisk) {
    out.push({
      question: `Re-plan ${m.id} ${m.name}: forecast ${fmtMoney(m.forecast ?? 0)} against ${fmtMoney(m.planned ?? 0)} planned?`,
      about: m.id,
    });
  }
  return out;
}

/** Planned minus forecast over the measures counted, and of those in "Value at risk" by owner. */
function savingsAtRiskOf(measures: Report["measures"], rows: readonly RegisterRow[]): SavingsAtRisk {
  const ownerOf = new Map(rows.map((r) => [String(r.id ?? ""), String(r.owner ?? "")]));
  let gap = money(0);
  let var_ = money(0);
  const owners = new Map<string, { amount: ReturnType<typeof money>; measures: number }>();
  for (const m of measures) {
    if (m.planned === null || m.forecast === null) continue;
    const d = money(m.planned).minus(money(m.forecast));
    gap = gap.plus(d);
    if (m.dualStatus !== "Value at risk") continue;
    var_ = var_.plus(d);
    const owner = ownerOf.get(m.id) || "(no owner)";
    const o = owners.get(owner) ?? { amount: money(0), measures: 0 };
    owners.set(owner, { amount: o.amount.plus(d), measures: o.measures + 1 });
  }
  return {
    gap: toNumber(gap),
    valueAtRisk: toNumber(var_),
    owners: [...owners]
      .map(([owner, o]) => ({ owner, amount: toNumber(o.amount), measures: o.measures }))
      .sort((a, b) => b.amount - a.amount || a.owner.localeCompare(b.owner)),
  };
}

/** Money in a sentence: thousands separators, cents only when there are some. */
function fmtMoney(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
}
