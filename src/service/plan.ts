/**
 * The service review's writes as plans (src/governance/plan.ts): the Service Review sheet,
 * the Actions sheet's appended rows and refreshed Escalation column, and the findings.
 *
 * The Service Review sheet computes without the add-in: native formulas (IF, AND, COUNTIF,
 * SUM, SUMIF, MIN, ROUND, plain comparisons; nothing LibreOffice lacks, never a GOV call)
 * where they express the rule, with the library's result cached in each; plain values where
 * the rule needs the whole Results history (misses in the window, the next target) or the
 * action register. Money formulas are rounded to 6 decimals: that removes binary
 * floating-point noise (the library is exact decimal) and is exact for every amount a
 * contract of cents and percentages with up to two decimals produces.
 */
import { CellValue, Finding, columnLetter, textOf } from "../governance/model";
import {
  computedProtection,
  Formula,
  moneyFormat,
  PlannedCell,
  SheetPlan,
  STATUS_COLOURS,
  StatusFill,
} from "../governance/plan";
import { registerPlan } from "../governance/plan";
import { present, widenColumns } from "../governance/present";
import { serialToIso } from "../serial";
import { EXAMPLE_ORGANIZATION } from "../governance/example";
import {
  ACTION_COLUMNS,
  ACTION_STATUSES,
  CONTRACT_PARAMETERS,
  EXPERIENCE_COLUMNS,
  PERCENT_UNIT,
  POINTS_COLUMNS,
  RESULT_COLUMNS,
  SERVICE_COLUMNS,
  SERVICE_SHEETS,
  ServiceFinding,
  ServiceWorkbook,
  WATERMELON_SHARE,
} from "./model";
import { experienceLine, ServiceReview } from "./review";
import { maxOf } from "../arrays";
import { contractCurrency } from "./read";
import { periodSerial } from "./period";
import { CONTRACT_EXAMPLE, EXAMPLE_HEADER, EXAMPLE_MARK, MARKED_PARAMETERS } from "./examples";
import {
  BUSINESS_PROCESS_SHEETS,
  DEPENDENCY_COLUMNS,
  LATENCY_SHARES,
  PROCESS_COLUMNS,
  processWatermelonLine,
  PROCESS_WATERMELON_NONE,
  PROCESS_WATERMELON_TEXT,
} from "./processes";

/** Decimal places of the sheet's money formulas (see the module comment). */
export const SHEET_MONEY_PLACES = 6;

const DATE_FORMAT = "yyyy-mm-dd";
const PERCENT_FORMAT = "0.00%";
const PERIOD_FORMAT = "yyyy-mm";

const f = (formula: string, value: CellValue): Formula => ({ formula, value });
const round = (expr: string) => `ROUND(${expr},${SHEET_MONEY_PLACES})`;
const bool = (v: boolean | null): CellValue => (v === null ? "" : v);

/** The Service Review sheet's columns, in order. */
export const REVIEW_COLUMNS = [
  "ID",
  "Service",
  "Agreement",
  "Unit",
  "Direction",
  "Result",
  "Expected",
  "Minimum",
  "Significant Minimum",
  "Allocation %",
  "SigMin Penalty",
  "Expected met",
  "Minimum met",
  "Significant Minimum met",
  "Credit",
  "SigMin penalty owed",
  "Expected misses (window)",
  "Expected default",
  "Next target",
  "Breach",
  "Action",
  "Action status",
  "Register ID",
  "At risk",
  "Register Path",
  "Stretch",
  "Bonus Allocation %",
  "Stretch met",
  "Bonus share",
  "XLA Target",
  "Net Score",
  "XLA met",
  "Lost Minutes Target",
  "Lost Minutes",
  "Lost Minutes met",
  "Experience watermelon",
] as const;

/** The Service Review sheet's business-process table (when the workbook has a Processes sheet). */
export const PROCESS_REVIEW_COLUMNS = [
  "Process ID",
  "Process",
  "Owner",
  "Critical",
  "Supporting service levels",
  "Breached",
  "Critical breached",
  "Missed Minimum",
  "Blocked by",
  "Credits and penalties",
  "Status",
  "Cases",
  "Cases over target",
  "Share over target",
  "Latency status",
  "Latency cost",
  "Watermelon",
] as const;

/**
 * The columns appended after {@link REVIEW_COLUMNS} when the workbook has a Points sheet: the
 * points (a formula over the sheet's "Points bands" table) and the previous period's result that
 * decides a repeat (a value from the Results history, blank when it did not score).
 */
export const POINTS_REVIEW_COLUMNS = ["Points", "Previous result (repeat)"] as const;

/** Where things are on the Service Review sheet (1-based rows), for formulas and tests. */
export interface ReviewLayout {
  readonly atRiskCell: string;
  readonly headerRow: number;
  readonly firstServiceRow: number;
  readonly lastServiceRow: number;
  /** Rows of the totals: credits before and after the monthly cap, SigMin penalties, the contract year, the bonus, earnback, the net adjustment. */
  readonly totalsRow: {
    credits: number;
    cap: number;
    creditsCapped: number;
    sigmin: number;
    yearStart: number;
    earlierInYear: number;
    annualCap: number;
    creditsCharged: number;
    yearToDate: number;
    bonusPool: number;
    bonusBeforeCap: number;
    bonusBlocked: number;
    bonus: number;
    earnedBack: number;
    netAdjustment: number;
  };
  /** The header row of the earnback table (0 when the contract has no Earnback Periods). */
  readonly earnbackHeaderRow: number;
  /** The header row of the business-process table, and the row of the process watermelon count (0 without processes). */
  readonly processHeaderRow: number;
  readonly processWatermelonRow: number;
  readonly watermelonRow: {
    met: number;
    measured: number;
    below: number;
    flag: number;
    line: number;
    experience: number;
    combinedLine: number;
  };
  readonly itemsHeaderRow: number;
  readonly escalatedHeaderRow: number;
  /** The header row of the Points bands table (0 without a Points sheet). */
  readonly pointsHeaderRow: number;
}

/**
 * The Points bands' Table cell of the bands every service level without its own table uses:
 * short enough for the ID column ("Every service level" wrapped there, doubling its rows).
 */
export const POINTS_EVERY_SERVICE = "All service IDs";

/**
 * The Service Review sheet for one period: the contract's figures, one row per service level,
 * the totals, the watermelon line, the money at risk per register item, the escalated actions.
 * Cost: O(services + items + actions).
 * @param review - The review (see `reviewPeriod`).
 * @returns The plan and where its parts are.
 * @example serviceReviewPlan(review).layout.firstServiceRow // => 10
 */
export function serviceReviewPlan(review: ServiceReview): { plan: SheetPlan; layout: ReviewLayout } {
  const c = review.contract;
  // Money in the contract's currency (its ISO code after each amount), when it names one.
  const MONEY = moneyFormat(c.currency);
  const cells: PlannedCell[][] = [];
  const formats: { range: string; format: string }[] = [];
  const headerRows: number[] = [];
  const fills: StatusFill[] = [];
  const atRiskFormula = round("B4*B5");
  // The title alone on its row, so it spills over the blank cells beside it instead of wrapping.
  cells.push([`Service review ${review.period}`]);
  cells.push(["Period", review.periodSerial, review.period]);
  cells.push(["As of", review.asOf]);
  cells.push(["Monthly Charges", c.monthlyCharges]);
  cells.push(["At-Risk %", c.atRiskPct]);
  cells.push(["At-risk amount", f(`=${atRiskFormula}`, review.totals.atRisk)]);
  cells.push(["Expected Misses Allowed", c.expectedMissesAllowed]);
  // A side note under the figures, from column A, so its page holds it whole (beside the
  // figures, in C, it spilled past the first page's columns and was cut).
  cells.push(["Computed by the review; the formulas work without the add-in."]);
  formats.push({ range: "B2:B3", format: DATE_FORMAT }, { range: "B4", format: MONEY });
  formats.push({ range: "B5", format: PERCENT_FORMAT }, { range: "B6", format: MONEY });

  headerRows.push(cells.length);
  cells.push(review.hasPoints ? [...REVIEW_COLUMNS, ...POINTS_REVIEW_COLUMNS] : [...REVIEW_COLUMNS]);
  const first = cells.length + 1;
  // The totals sit below the service rows; their rows are known before the rows are written.
  const totalsStart = first + review.services.length + 1;
  const totalsRow = {
    credits: totalsStart,
    cap: totalsStart + 1,
    creditsCapped: totalsStart + 2,
    sigmin: totalsStart + 3,
    yearStart: totalsStart + 4,
    earlierInYear: totalsStart + 5,
    annualCap: totalsStart + 6,
    creditsCharged: totalsStart + 7,
    yearToDate: totalsStart + 8,
    bonusPool: totalsStart + 9,
    bonusBeforeCap: totalsStart + 10,
    bonusBlocked: totalsStart + 11,
    bonus: totalsStart + 12,
    earnedBack: totalsStart + 13,
    netAdjustment: totalsStart + 14,
  };
  const last = Math.max(first, first + review.services.length - 1);
  const paths = new Map(review.atRiskByItem.map((i) => [i.id, i.path]));
  const metFormula = (r: number, threshold: string) =>
    `=IF(OR(F${r}="",${threshold}${r}=""),"",IF(E${r}="<=",F${r}<=${threshold}${r},F${r}>=${threshold}${r}))`;
  for (const s of review.services) {
    const r = cells.length + 1;
    cells.push([
      s.id,
      s.service,
      s.agreement,
      s.unit,
      s.direction,
      s.result,
      s.expected,
      s.minimum,
      s.significantMinimum,
      s.allocationPct,
      s.sigminPenaltyTerm,
      f(metFormula(r, "G"), bool(s.metExpected)),
      f(metFormula(r, "H"), bool(s.metMinimum)),
      f(metFormula(r, "I"), bool(s.metSignificantMinimum)),
      f(`=IF(AND(M${r}=FALSE,J${r}<>""),${round(`$B$6*J${r}`)},0)`, s.credit),
      f(`=IF(AND(N${r}=FALSE,K${r}<>""),K${r},0)`, s.sigminPenalty),
      s.expectedMisses,
      f(`=IF(OR(G${r}="",Q${r}=""),"",Q${r}>$B$7)`, bool(s.expectedDefault)),
      s.nextTarget,
      f(
        `=IF(N${r}=FALSE,"Significant Minimum",IF(M${r}=FALSE,"Minimum",IF(R${r}=TRUE,"Expected default","")))`,
        s.breach ?? "",
      ),
      s.actionId,
      s.actionStatus,
      s.registerId || null,
      f(`=${round(`O${r}+P${r}`)}`, s.atRisk),
      paths.get(s.registerId) ?? null,
      s.stretch,
      s.bonusAllocationPct,
      f(metFormula(r, "Z"), bool(s.metStretch)),
      f(`=IF(AND(AB${r}=TRUE,AA${r}<>""),${round(`$B$${totalsRow.bonusPool}*AA${r}`)},0)`, s.bonusShare),
      s.xlaTarget,
      s.netScore,
      f(`=IF(OR(AD${r}="",AE${r}=""),"",AE${r}>=AD${r})`, bool(s.xlaMet)),
      s.lostMinutesTarget,
      s.lostMinutes,
      f(`=IF(OR(AG${r}="",AH${r}=""),"",AH${r}<=AG${r})`, bool(s.lostMet)),
      f(`=AND(M${r}=TRUE,OR(AF${r}=FALSE,AI${r}=FALSE))`, s.experienceWatermelon),
      // The Points formula needs the bands table's rows, written last: placed below.
      ...(review.hasPoints ? [s.points, s.pointsPrevious] : []),
    ]);
  }
  // Results and thresholds in their unit: % service levels as percentages, others with their unit.
  review.services.forEach((s, i) => {
    const r = first + i;
    const format = unitFormat(s.unit);
    formats.push({ range: `F${r}:I${r}`, format }, { range: `S${r}`, format });
  });
  if (review.services.length) {
    formats.push({ range: `J${first}:J${last}`, format: PERCENT_FORMAT });
    formats.push({ range: `K${first}:K${last}`, format: MONEY });
    formats.push({ range: `O${first}:P${last}`, format: MONEY });
    formats.push({ range: `X${first}:X${last}`, format: MONEY });
    formats.push({ range: `AA${first}:AA${last}`, format: PERCENT_FORMAT });
    formats.push({ range: `AC${first}:AC${last}`, format: MONEY });
    for (const [word, colour] of [
      ["Significant Minimum", "Red"],
      ["Minimum", "Amber"],
      ["Expected default", "Amber"],
    ] as const) {
      fills.push({ range: `T${first}:T${last}`, text: word, ...STATUS_COLOURS[colour] });
    }
  }
  const range = (col: string) => `${col}${first}:${col}${last}`;
  cells.push([]);

  const t = review.totals;
  const T = totalsRow;
  // The earnback table follows the watermelon rows; its amount column is summed here.
  const N = c.earnbackPeriods;
  const earnbackHeaderRow = N > 0 ? T.netAdjustment + 11 : 0;
  const earnbackRange = `G${earnbackHeaderRow + 1}:G${earnbackHeaderRow + Math.max(1, review.earnback.length)}`;
  if (cells.length + 1 !== T.credits) throw new Error("Service Review layout: the totals moved");
  cells.push(["Credits before the cap", f(`=${round(`SUM(${range("O")})`)}`, t.credits)]);
  cells.push(["At-risk cap", f("=B6", t.atRisk)]);
  cells.push(["Credits after the cap", f(`=MIN(B${T.credits},B${T.cap})`, t.creditsCapped)]);
  cells.push(["SigMin penalties", f(`=${round(`SUM(${range("P")})`)}`, t.sigmin)]);
  cells.push(["Contract year from", periodSerial(t.contractYearStart), t.contractYearStart]);
  cells.push([
    "Credits charged earlier in the contract year",
    t.creditsEarlierInYear,
    "The months of the contract year before this one, after their caps.",
  ]);
  cells.push(["Annual Cap", t.annualCap, t.annualCap === null ? "No annual cap." : null]);
  cells.push([
    "Credits charged this period",
    f(
      `=IF(B${T.annualCap}="",B${T.creditsCapped},${round(`MAX(0,MIN(B${T.creditsCapped},B${T.annualCap}-B${T.earlierInYear}))`)})`,
      t.creditsCharged,
    ),
    "Credits after the monthly cap, up to what the annual cap leaves.",
  ]);
  cells.push([
    "Credits in the contract year to date",
    f(`=${round(`B${T.earlierInYear}+B${T.creditsCharged}`)}`, t.creditsYearToDate),
  ]);
  cells.push(["Bonus Pool", t.bonusPool]);
  cells.push(["Bonus shares at Stretch", f(`=${round(`SUM(${range("AC")})`)}`, t.bonusBeforeCap)]);
  cells.push([
    "Bonus blocked",
    f(`=COUNTIF(${range("N")},FALSE)>0`, t.bonusBlocked),
    "No bonus in a period where a critical service fell below its Significant Minimum.",
  ]);
  cells.push([
    "Bonus",
    f(`=IF(B${T.bonusBlocked},0,MIN(B${T.bonusBeforeCap},B${T.bonusPool}))`, t.bonus),
    "Capped at the Bonus Pool.",
  ]);
  cells.push([
    "Earned back this period",
    review.earnback.length ? f(`=${round(`SUM(${earnbackRange})`)}`, t.earnedBack) : t.earnedBack,
    N > 0
      ? `Credits of earlier periods whose service level met Expected in each of the ${N} following periods.`
      : "No Earnback Periods on the Contract sheet.",
  ]);
  cells.push([
    "Net adjustment",
    f(`=${round(`B${T.creditsCharged}+B${T.sigmin}-B${T.bonus}-B${T.earnedBack}`)}`, t.netAdjustment),
    "Credits charged plus SigMin penalties, less the bonus and what is earned back: the adjustment to the invoice.",
  ]);
  formats.push({ range: `B${T.credits}:B${T.sigmin}`, format: MONEY });
  formats.push({ range: `B${T.yearStart}`, format: DATE_FORMAT });
  formats.push({ range: `B${T.earlierInYear}:B${T.bonusBeforeCap}`, format: MONEY });
  formats.push({ range: `B${T.bonus}:B${T.netAdjustment}`, format: MONEY });

  cells.push([]);

  const w = review.watermelon;
  const wr = {
    met: cells.length + 1,
    measured: cells.length + 2,
    below: cells.length + 3,
    flag: cells.length + 4,
    line: cells.length + 5,
  };
  cells.push(["Service levels meeting their Minimum", f(`=COUNTIF(${range("M")},TRUE)`, w.metMinimum)]);
  cells.push([
    "Service levels measured against a Minimum",
    f(`=COUNTIF(${range("M")},TRUE)+COUNTIF(${range("M")},FALSE)`, w.measured),
  ]);
  cells.push([
    "Critical services below their Significant Minimum",
    f(`=COUNTIF(${range("N")},FALSE)`, w.criticalBelow.length),
  ]);
  cells.push([
    "Watermelon month",
    f(
      `=AND(B${wr.below}>0,B${wr.met}*${WATERMELON_SHARE.of}>=B${wr.measured}*${WATERMELON_SHARE.met})`,
      w.isWatermelon,
    ),
    `Green outside, red inside: at least ${WATERMELON_SHARE.met} in ${WATERMELON_SHARE.of} met their Minimum while a critical service fell below its Significant Minimum.`,
  ]);
  cells.push([
    "Watermelon line",
    f(
      `=B${wr.met}&" of "&B${wr.measured}&" service levels met their Minimum; "&B${wr.below}&IF(B${wr.below}=1," critical service below its"," critical services below their")&" Significant Minimum"`,
      w.line,
    ),
  ]);
  const experienceRow = cells.length + 1;
  const watermelonRow = { ...wr, experience: experienceRow, combinedLine: experienceRow + 1 };
  cells.push([
    "Service levels that met their SLA but missed their experience target",
    f(`=COUNTIF(${range("AJ")},TRUE)`, w.experienceMissed.length),
    w.experienceMissed.join(", ") || null,
  ]);
  cells.push([
    "Watermelon line with experience",
    f(
      `=B${wr.line}&"; "&B${experienceRow}&IF(B${experienceRow}=1," service level met its SLA but missed its"," service levels met their SLA but missed their")&" experience target"`,
      experienceLine(w.line, w.experienceMissed.length),
    ),
  ]);
  cells.push([]);

  if (N > 0) {
    cells.push([`Credits and their earnback (Earnback Periods ${N})`]);
    headerRows.push(cells.length);
    cells.push(["Service ID", "Period", "Credit", "Charged", "Status", "Earned back in", "Earned back this period"]);
    if (cells.length !== earnbackHeaderRow) throw new Error("Service Review layout: the earnback table moved");
    for (const e of review.earnback) {
      const r = cells.length + 1;
      cells.push([
        e.serviceId,
        e.period,
        e.credit,
        e.charged,
        e.status,
        e.earnedBackIn,
        f(`=IF(AND(E${r}="earned back",F${r}=$C$2),D${r},0)`, e.amount),
      ]);
    }
    if (review.earnback.length) {
      formats.push({
        range: `C${earnbackHeaderRow + 1}:C${earnbackHeaderRow + review.earnback.length}`,
        format: MONEY,
      });
      formats.push({
        range: `F${earnbackHeaderRow + 1}:F${earnbackHeaderRow + review.earnback.length}`,
        format: MONEY,
      });
    }
    cells.push([]);
  }

  let processHeaderRow = 0;
  let processWatermelonRow = 0;
  if (review.processes.length) {
    const rowOf = new Map(review.services.map((sv, i) => [sv.id, first + i]));
    cells.push(["Business processes"]);
    headerRows.push(cells.length);
    cells.push([...PROCESS_REVIEW_COLUMNS]);
    processHeaderRow = cells.length;
    const sum = (rows: number[], term: (r: number) => string) => `0${rows.map((r) => `+${term(r)}`).join("")}`;
    for (const p of review.processes) {
      const r = cells.length + 1;
      const rows = p.services.map((id) => rowOf.get(id)!);
      cells.push([
        p.id,
        p.name,
        p.owner || null,
        p.critical,
        rows.length,
        f(`=${sum(rows, (x) => `(T${x}<>"")`)}`, p.breached.length),
        f(`=${sum(rows, (x) => `AND(T${x}<>"",I${x}<>"")`)}`, p.criticalBreached.length),
        f(`=${sum(rows, (x) => `(M${x}=FALSE)`)}`, p.missedMinimum),
        p.breached.join(", ") || null,
        f(`=${round(sum(rows, (x) => `IF(T${x}<>"",X${x},0)`))}`, p.recovered),
        f(`=IF(G${r}>0,"Red",IF(F${r}>0,"Amber","Green"))`, p.status),
        p.cases,
        p.casesOver,
        f(`=IF(OR(L${r}="",L${r}=0),"",M${r}/L${r})`, p.shareOver ?? ""),
        f(
          `=IF(N${r}="","",IF(N${r}>${LATENCY_SHARES.red},"Red",IF(N${r}>${LATENCY_SHARES.amber},"Amber","Green")))`,
          p.latencyStatus ?? "",
        ),
        p.latencyCost,
        f(`=AND(H${r}=0,OR(O${r}="Red",O${r}="Amber"))`, p.watermelon),
      ]);
    }
    const [p1, p2] = [processHeaderRow + 1, processHeaderRow + review.processes.length];
    formats.push({ range: `J${p1}:J${p2}`, format: MONEY }, { range: `N${p1}:N${p2}`, format: PERCENT_FORMAT });
    formats.push({ range: `P${p1}:P${p2}`, format: MONEY });
    for (const col of ["K", "O"]) {
      for (const [word, colour] of [
        ["Red", "Red"],
        ["Amber", "Amber"],
        ["Green", "Green"],
      ] as const) {
        fills.push({ range: `${col}${p1}:${col}${p2}`, text: word, ...STATUS_COLOURS[colour] });
      }
    }
    processWatermelonRow = cells.length + 1;
    const w = review.processWatermelon;
    cells.push([
      "Process watermelons",
      f(`=COUNTIF(Q${p1}:Q${p2},TRUE)`, w.processes.length),
      w.processes.join(", ") || null,
    ]);
    cells.push([
      "Process watermelon line",
      f(
        `=IF(B${processWatermelonRow}=0,"${PROCESS_WATERMELON_NONE}",B${processWatermelonRow}&IF(B${processWatermelonRow}=1," process"," processes")&"${PROCESS_WATERMELON_TEXT}")`,
        processWatermelonLine(w.processes.length),
      ),
    ]);
    cells.push([]);
  }

  cells.push(["Money at risk by Register item"]);
  headerRows.push(cells.length);
  cells.push(["ID", "Name", "Level", "Path", "At risk", "Service levels"]);
  const itemsHeaderRow = cells.length;
  for (const item of review.atRiskByItem) {
    const r = cells.length + 1;
    cells.push([
      item.id,
      item.name,
      item.level,
      item.path,
      f(
        `=${round(`SUMIF(${range("Y")},D${r},${range("X")})+SUMIF(${range("Y")},D${r}&"/*",${range("X")})`)}`,
        item.amount,
      ),
      item.services.join(", "),
    ]);
  }
  if (review.atRiskByItem.length) {
    formats.push({
      range: `E${itemsHeaderRow + 1}:E${itemsHeaderRow + review.atRiskByItem.length}`,
      format: MONEY,
    });
  }
  cells.push([]);

  cells.push(["Escalated actions"]);
  headerRows.push(cells.length);
  cells.push(["Action ID", "Service ID", "Period", "Breach", "Owner", "Due", "Status", "Escalation", "Days late"]);
  const escalatedHeaderRow = cells.length;
  for (const a of review.escalated) {
    cells.push([a.id, a.serviceId, a.period, a.breach, a.owner, a.due, a.status, a.escalation, a.daysLate]);
  }
  if (review.escalated.length) {
    formats.push({
      range: `F${escalatedHeaderRow + 1}:F${escalatedHeaderRow + review.escalated.length}`,
      format: DATE_FORMAT,
    });
  }
  const pointsHeaderRow = review.hasPoints ? pointsBands(review, cells, first, formats, headerRows) : 0;
  return {
    plan: present(
      {
        name: SERVICE_SHEETS.review,
        replace: true,
        cells,
        formats,
        headerRows,
        fills,
        freezeRows: first - 1,
        protection: computedProtection(),
      },
      {
        tableLastRow: last - 1,
        freezeColumns: 2,
        asOf: serialToIso(Math.floor(review.asOf)),
        // The figures below the service table start a page of their own; the table's header
        // is not repeated over them (they are other tables).
        rowBreaks: [T.credits - 1],
        repeatRows: false,
      },
    ),
    layout: {
      atRiskCell: "B6",
      headerRow: first - 1,
      firstServiceRow: first,
      lastServiceRow: first + review.services.length - 1,
      totalsRow,
      earnbackHeaderRow,
      processHeaderRow,
      processWatermelonRow,
      watermelonRow,
      itemsHeaderRow,
      escalatedHeaderRow,
      pointsHeaderRow,
    },
  };
}

/** The Points column's index on the Service Review sheet (after {@link REVIEW_COLUMNS}). */
const POINTS_COL = REVIEW_COLUMNS.length;

/**
 * Appends the "Points bands" table (the Points sheet's band tables, as the review read them) and
 * puts each service level's Points formula in its row: the points of the first band the result
 * meets, counted as the number of thresholds it misses (falling thresholds: those above it;
 * rising: those below), doubled when the previous result scored points too. A service level
 * whose result the table cannot score (another scale, worse than every band of a table without
 * a rest) keeps the review's blank. Cost: O(services + bands).
 * @returns The bands table's header row.
 */
function pointsBands(
  review: ServiceReview,
  cells: PlannedCell[][],
  first: number,
  formats: { range: string; format: string }[],
  headerRows: number[],
): number {
  cells.push([]);
  cells.push(["Points bands (the Points sheet: best band first)"]);
  headerRows.push(cells.length);
  cells.push(["Table", "Threshold", "Points"]);
  const headerRow = cells.length;
  const ranges = new Map<string, { from: number; to: number; direction: string }>();
  const unitOf = new Map<string, string>();
  for (const s of review.services) {
    const key = review.pointsTables.some((t) => t.serviceId === s.id) ? s.id : "";
    if (!unitOf.has(key)) unitOf.set(key, s.unit);
  }
  for (const { serviceId, table } of review.pointsTables) {
    const from = cells.length + 1;
    const name = serviceId || POINTS_EVERY_SERVICE;
    for (const band of table.bands) cells.push([name, band.threshold, band.points]);
    if (table.rest !== undefined) cells.push([name, "worse than every threshold", table.rest]);
    ranges.set(serviceId, { from, to: cells.length, direction: table.direction });
    formats.push({ range: `B${from}:B${cells.length}`, format: unitFormat(unitOf.get(serviceId) ?? "") });
  }
  const previousCol = columnLetter(POINTS_COL + 1);
  review.services.forEach((s, i) => {
    const range = ranges.get(s.id) ?? ranges.get("");
    if (!range || (s.result !== null && s.points === null)) return;
    const r = first + i;
    const T = `$B$${range.from}:$B$${range.to}`;
    const P = `$C$${range.from}:$C$${range.to}`;
    const compare = range.direction === "<=" ? "<" : ">";
    const band = (x: string) => `INDEX(${P},1+SUMPRODUCT(ISNUMBER(${T})*(${T}${compare}${x})))`;
    const repeat = `IF(${previousCol}${r}="",1,IF(${band(`${previousCol}${r}`)}>0,2,1))`;
    cells[r - 1][POINTS_COL] = f(`=IF(F${r}="","",${band(`F${r}`)}*${repeat})`, s.points ?? "");
    if (s.pointsPrevious !== null) formats.push({ range: `${previousCol}${r}`, format: unitFormat(s.unit) });
  });
  return headerRow;
}

/**
 * The Actions sheet: the header when the sheet has none, every appended action, and the
 * derived Escalation column of every action. Cells of typed columns of existing rows are
 * holes in the plan (absent elements), which both adapters leave as they are.
 * Cost: O(actions).
 * @param book - The workbook as read (where the Actions columns and the next free row are).
 * @param review - The review whose actions are appended.
 * @param widths - The existing sheet's column widths as read (characters; a hole: Excel's
 *   default): columns too narrow for the cells written are widened, none narrowed. Absent:
 *   unknown, the sheet's widths left as they are.
 * @returns The Actions sheet's plan.
 * @example actionsPlan(book, review).cells[book.actionsNextRow - 1][0] // => "A-0001" (the first appended action)
 */
export function actionsPlan(
  book: ServiceWorkbook,
  review: ServiceReview,
  widths?: readonly (number | undefined)[],
): SheetPlan {
  const at = book.actionColumns;
  const atKey = (key: (typeof ACTION_COLUMNS)[number]["key"]) => at[ACTION_COLUMNS.findIndex((c) => c.key === key)];
  const [escalationAt, serviceAt, daysLateAt] = [atKey("escalation"), atKey("service"), atKey("daysLate")];
  const serviceName = new Map(book.services.map((s) => [s.id, s.service]));
  const cells: PlannedCell[][] = [];
  const headerRows: number[] = [];
  const fresh = book.actions.length === 0 && book.actionsNextRow === 2;
  if (fresh) {
    cells[0] = ACTION_COLUMNS.map((c) => c.header);
    headerRows.push(0);
  } else {
    // An older sheet gets the derived columns it lacks, after its own, headed as headers.
    cells[0] = [];
    if (book.actionColumnsAppended.length) headerRows.push(0);
    for (const i of book.actionColumnsAppended) cells[0][at[i]] = ACTION_COLUMNS[i].header;
  }
  for (let r = 1; r < book.actionsNextRow - 1; r++) cells[r] = [];
  for (const a of review.actions) {
    const line: PlannedCell[] = new Array(maxOf(at) + 1);
    if (a.created) {
      const values: Record<(typeof ACTION_COLUMNS)[number]["key"], CellValue> = {
        id: a.id,
        serviceId: a.serviceId,
        period: review.periodSerial,
        breach: a.breach,
        createdAt: a.createdAt,
        owner: a.owner || null,
        due: a.due,
        status: a.status,
        evidence: null,
        escalation: a.escalation,
        registerId: a.registerId || null,
        service: serviceName.get(a.serviceId) ?? null,
        daysLate: a.daysLate,
      };
      ACTION_COLUMNS.forEach((c, i) => (line[at[i]] = values[c.key]));
    } else {
      // The derived columns of an action already on the sheet: refreshed, the typed ones left.
      line[escalationAt] = a.escalation;
      line[serviceAt] = serviceName.get(a.serviceId) ?? null;
      line[daysLateAt] = a.daysLate;
    }
    cells[a.row - 1] = line;
  }
  const formats: { range: string; format: string }[] = [];
  const created = review.actionsCreated;
  if (created.length) {
    const r1 = created[0].row;
    const r2 = created[created.length - 1].row;
    for (const key of ["period", "createdAt", "due"] as const) {
      const col = columnLetter(at[ACTION_COLUMNS.findIndex((c) => c.key === key)]);
      // The period is a month: shown as one (yyyy-mm), still a date underneath.
      formats.push({ range: `${col}${r1}:${col}${r2}`, format: key === "period" ? PERIOD_FORMAT : DATE_FORMAT });
    }
  }
  const lastRow = Math.max(book.actionsNextRow - 1, ...review.actions.map((a) => a.row));
  const statusCol = columnLetter(at[ACTION_COLUMNS.findIndex((c) => c.key === "status")]);
  const escalationCol = columnLetter(escalationAt);
  const escalationRange = `${escalationCol}2:${escalationCol}${lastRow + ACTION_ROOM}`;
  const plan: SheetPlan = {
    name: SERVICE_SHEETS.actions,
    replace: false,
    cells,
    formats,
    headerRows,
    freezeRows: 1,
    // The Status column offers its four words (room below for actions typed by hand).
    validations: [{ range: `${statusCol}2:${statusCol}${lastRow + ACTION_ROOM}`, list: ACTION_STATUSES }],
    // Set once, when the sheet gets its header: a later review would only add the same rules again.
    ...(headerRows.length ? { fills: escalationFills(escalationRange) } : {}),
  };
  // A new Actions sheet is laid out whole; on an existing one, the user's widths stay, widened
  // where a cell written needs more room (a later review's longer breach or service name).
  if (fresh || (headerRows.length && !widths)) return present(plan, { freezeColumns: 1 });
  return widths ? widenColumns(plan, widths) : plan;
}

/** The letter of an Actions column in the published layout. */
const actionColumn = (key: (typeof ACTION_COLUMNS)[number]["key"]) =>
  columnLetter(ACTION_COLUMNS.findIndex((c) => c.key === key));

/** Rows below the last action that still offer the Status drop-down (and show escalation). */
const ACTION_ROOM = 500;

/**
 * Escalated actions stand out on the Actions sheet: level 1 amber, 2 and 3 red (the Escalation
 * column holds a number).
 * @example escalationFills("J2:J600").length // => 3
 */
export function escalationFills(range: string): StatusFill[] {
  return [
    { range, text: "1", numeric: true, ...STATUS_COLOURS.Amber },
    { range, text: "2", numeric: true, ...STATUS_COLOURS.Red },
    { range, text: "3", numeric: true, ...STATUS_COLOURS.Red },
  ];
}

/** A Services or Results column's letter by key. */
const serviceColumn = (key: (typeof SERVICE_COLUMNS)[number]["key"]) =>
  columnLetter(SERVICE_COLUMNS.findIndex((c) => c.key === key));

/**
 * Number formats of the input sheets the product writes (new-contract, the demo's contract):
 * on Services, each row's thresholds (Expected, Minimum, Significant Minimum, Stretch) in its
 * unit, the allocations as percentages, the penalty as money; on Results, each result in its
 * service level's unit; on Contract, the amounts as money in its currency and the shares as
 * percentages; on Points, each threshold in its service level's unit (the shared table's as
 * percentages). Cost: O(rows).
 * @param services - The Services grid, header first, in the published column order.
 * @param results - The Results grid, header first.
 * @param contract - The Contract grid: label, value.
 * @param points - The Points grid (Threshold, Points, Service ID), header first, if any.
 * @example inputSheetFormats([hdr, ["SL-1", ..., "%", ...]], [["Period", "Service ID", "Result"]], []).services[0].format // => "0.0#%"
 */
export function inputSheetFormats(
  services: readonly (readonly CellValue[])[],
  results: readonly (readonly CellValue[])[],
  contract: readonly (readonly CellValue[])[],
  points?: readonly (readonly CellValue[])[],
): Record<"services" | "results" | "contract" | "points", { range: string; format: string }[]> {
  const unitAt = SERVICE_COLUMNS.findIndex((c) => c.key === "unit");
  const unitOf = new Map<string, string>();
  const out = {
    services: [] as { range: string; format: string }[],
    results: [] as { range: string; format: string }[],
  };
  const currency = contractCurrency(contract);
  const [expected, sigmin, stretch] = [
    serviceColumn("expected"),
    serviceColumn("significantMinimum"),
    serviceColumn("stretch"),
  ];
  services.forEach((row, i) => {
    if (i === 0) return;
    const unit = textOf(row[unitAt] ?? null);
    unitOf.set(textOf(row[0] ?? null), unit);
    const r = i + 1;
    out.services.push({ range: `${expected}${r}:${sigmin}${r}`, format: unitFormat(unit) });
    out.services.push({ range: `${stretch}${r}`, format: unitFormat(unit) });
  });
  if (services.length > 1) {
    const last = services.length;
    for (const key of ["allocationPct", "bonusAllocationPct"] as const)
      out.services.push({ range: `${serviceColumn(key)}2:${serviceColumn(key)}${last}`, format: PERCENT_FORMAT });
    out.services.push({
      range: `${serviceColumn("sigminPenalty")}2:${serviceColumn("sigminPenalty")}${last}`,
      format: moneyFormat(currency),
    });
  }
  results.forEach((row, i) => {
    const unit = i === 0 ? undefined : unitOf.get(textOf(row[1] ?? null));
    if (unit !== undefined) out.results.push({ range: `C${i + 1}`, format: unitFormat(unit) });
  });
  // The Points sheet's thresholds in their service level's unit (the shared table's as percentages).
  const pointsFormats = (points ?? []).flatMap((row, i) => {
    if (i === 0 || typeof row[0] !== "number") return [];
    const id = textOf(row[2] ?? null);
    return [{ range: `A${i + 1}`, format: unitFormat(id ? (unitOf.get(id) ?? "") : PERCENT_UNIT) }];
  });
  const money = new Set(["Monthly Charges", "Bonus Pool", "Annual Cap"]);
  const shares = new Set(["At-Risk %", "Pool %"]);
  const contractFormats = contract.flatMap((row, i) => {
    const label = textOf(row[0] ?? null);
    if (money.has(label)) return [{ range: `B${i + 1}`, format: moneyFormat(currency) }];
    return shares.has(label) ? [{ range: `B${i + 1}`, format: PERCENT_FORMAT }] : [];
  });
  return { ...out, contract: contractFormats, points: pointsFormats };
}

/**
 * A result's number format in its unit: `%` service levels as percentages (99.5%, 99.95%),
 * other units with the unit after the number (4.5 hours).
 * @example unitFormat("hours") // => '0.0# "hours"'
 */
export function unitFormat(unit: string): string {
  if (unit === PERCENT_UNIT) return "0.0#%";
  const text = unit.replace(/["\\]/g, "").trim();
  return text ? `0.0# "${text}"` : "0.0#";
}

/**
 * Service findings as Findings-sheet findings: the sheet and row lead the message, the row
 * goes in Source Row (the Findings sheet's machinery, shared with the register's findings).
 * @param findings - The review's findings.
 * @returns Them as Findings-sheet findings, severity kept.
 * @example asFindings(review.findings)[0].sourceRow // => 4 (Results row 4)
 */
export function asFindings(findings: readonly ServiceFinding[]): Finding[] {
  return findings.map((x) => ({
    code: x.code,
    severity: x.severity,
    message: x.message,
    id: x.id,
    sourceRow: x.row || null,
  }));
}

/**
 * The sheets of a new contract workbook: Register, Services, Contract, Results, Actions,
 * Processes, Dependencies, Experience and Points, each with its header and one filled example row (the Points sheet: an
 * example band table, GOV.SERVICE_POINTS' worked example, which the Contract's Points Table names; the public example: 50% x 40% x $10,000
 * = a $2,000 credit when the Minimum is missed), marked in an appended Example column (src/service/examples.ts) so that
 * readers leave it out until the user edits it.
 * @param today - The serial day used for the example's Created At.
 * @param monthStart - The serial of the example's period (a month's first day).
 * @param due - The example action's due day.
 * @returns The nine sheets' plans.
 * @example newContractPlans(46178, 46143, 46192).map((p) => p.name) // => ["Register", "Services", "Contract", "Results", "Actions", "Processes", "Dependencies", "Experience", "Points"]
 */
export function newContractPlans(today: number, monthStart: number, due: number, empty = false): SheetPlan[] {
  // The example organization the example service level rolls up to, marked in its Placeholder cell.
  const org = { ...EXAMPLE_ORGANIZATION };
  const table = (
    name: string,
    headers: readonly string[],
    row: CellValue[] | CellValue[][],
    dates: readonly number[],
    widths: number[],
    unitFormats: readonly { range: string; format: string }[] = [],
  ): SheetPlan => {
    // One example row, or (the Points sheet) an example table of rows, each marked.
    const rows = (Array.isArray(row[0]) ? row : [row]) as CellValue[][];
    return present({
      name,
      replace: true,
      // The example row is marked in an appended Example column: readers leave it out until it is edited.
      cells: empty
        ? [headers.slice()]
        : [
            [...headers, EXAMPLE_HEADER],
            // Derived columns after the example's values stay blank.
            ...rows.map((r) => [
              ...r,
              ...new Array<CellValue>(Math.max(0, headers.length - r.length)).fill(null),
              EXAMPLE_MARK,
            ]),
          ],
      headerRows: [0],
      freezeRows: 1,
      formats: [
        ...dates.map((c) => ({ range: `${columnLetter(c)}2`, format: DATE_FORMAT })),
        ...(empty ? [] : unitFormats),
      ],
      columnWidths: empty ? widths : [...widths, 40],
    });
  };
  const contractCells = CONTRACT_PARAMETERS.map((p, i) => [p.label, empty ? null : CONTRACT_EXAMPLE.contract[i]]);
  const serviceHeaders = SERVICE_COLUMNS.map((c) => c.header);
  const resultRow = CONTRACT_EXAMPLE.result(monthStart);
  // The example's thresholds and result in their unit, its money in the example's currency: the
  // rule the demo's contract and every sheet with money follow (inputSheetFormats).
  const units = inputSheetFormats(
    [serviceHeaders, CONTRACT_EXAMPLE.service],
    [RESULT_COLUMNS.map((c) => c.header), resultRow],
    contractCells,
    [POINTS_COLUMNS.map((c) => c.header), ...CONTRACT_EXAMPLE.points],
  );
  const services = table(
    SERVICE_SHEETS.services,
    serviceHeaders,
    CONTRACT_EXAMPLE.service,
    [],
    [9, 18, 16, 18, 10, 11, 26, 7, 9, 10, 10, 12, 11, 13, 12, 16, 12, 9, 12, 10, 12],
    units.services,
  );
  // The made-up figures marked in column C (MARKED_PARAMETERS): the review leaves them out until edited.
  const markedContract = contractCells.map((line, i) =>
    !empty && MARKED_PARAMETERS.has(CONTRACT_PARAMETERS[i].key) ? [...line, EXAMPLE_MARK] : line,
  );
  const contract: SheetPlan = present(
    {
      name: SERVICE_SHEETS.contract,
      replace: true,
      cells: markedContract,
      // Blank parameters (--empty) still show as money and shares once typed.
      formats: empty
        ? inputSheetFormats(
            [],
            [],
            CONTRACT_PARAMETERS.map((p) => [p.label, null]),
          ).contract
        : units.contract,
      columnWidths: empty ? [26, 14] : [26, 14, 40],
    },
    { noFilter: true },
  );
  return [
    registerPlan(empty ? [] : [org], undefined, contractCurrency(contractCells)),
    services,
    contract,
    table(
      SERVICE_SHEETS.results,
      RESULT_COLUMNS.map((c) => c.header),
      resultRow,
      [0],
      [12, 11, 10, 26],
      units.results,
    ),
    {
      ...table(
        SERVICE_SHEETS.actions,
        ACTION_COLUMNS.map((c) => c.header),
        CONTRACT_EXAMPLE.action(monthStart, today, due),
        [2, 4, 6],
        [9, 10, 11, 20, 11, 16, 11, 11, 30, 10, 11, 18, 10],
      ),
      // The Actions sheet as the review lays out a new one: the Status drop-down, escalation shown.
      validations: [
        { range: `${actionColumn("status")}2:${actionColumn("status")}${1 + ACTION_ROOM}`, list: ACTION_STATUSES },
      ],
      fills: escalationFills(`${actionColumn("escalation")}2:${actionColumn("escalation")}${1 + ACTION_ROOM}`),
    },
    table(
      BUSINESS_PROCESS_SHEETS.processes,
      PROCESS_COLUMNS.map((c) => c.header),
      CONTRACT_EXAMPLE.process,
      [],
      [11, 20, 16, 9, 14, 22],
    ),
    table(
      BUSINESS_PROCESS_SHEETS.dependencies,
      DEPENDENCY_COLUMNS.map((c) => c.header),
      CONTRACT_EXAMPLE.dependency,
      [],
      [11, 11],
    ),
    table(
      SERVICE_SHEETS.experience,
      EXPERIENCE_COLUMNS.map((c) => c.header),
      CONTRACT_EXAMPLE.experience(monthStart),
      [0],
      [12, 11, 11, 10, 13, 8],
    ),
    // The example band table's thresholds in the unit of the service levels it scores (percentages).
    table(
      SERVICE_SHEETS.points,
      POINTS_COLUMNS.map((c) => c.header),
      CONTRACT_EXAMPLE.points,
      [],
      [12, 8, 11],
      units.points,
    ),
  ];
}
