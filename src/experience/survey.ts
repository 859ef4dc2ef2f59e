/**
 * A survey export (one row per response: time, service or ticket, score, optionally lost
 * minutes) into the Experience sheet: one row per month and service level, keyed like Results.
 * Responses are classified on the scale as they are read (GOV.NET_SCORE's rule), so 500,000
 * responses never exist as objects; only counts and exact sums per month and service level.
 */
import { CellValue, textOf } from "../governance/model";
import { HEADER_SEARCH_ROWS, findHeaderRow, resolveColumns } from "../governance/mapping";
import { ColumnPlan, headerScore } from "../import/columns";
import { DateOrder, OrderInference, isTimeProblem, isUndecided, orderTally, readTimeCell } from "../import/dates";
import { experienceMessages } from "../errors";
import { ExactSum, money, toNumber } from "../money";
import { ExperienceFigures, EXPERIENCE_COLUMNS, SERVICE_SHEETS } from "../service/model";
import { periodSerial } from "../service/period";
import { PlannedCell, SheetPlan } from "../governance/plan";
import { present } from "../governance/present";
import { classifyScore, netScoreOfCounts, ScoreScale } from "./netScore";

/** The fields of a survey row. */
export const SURVEY_FIELDS = ["time", "service", "ticket", "score", "lost"] as const;
export type SurveyField = (typeof SURVEY_FIELDS)[number];

/** Header texts that suggest each field, as the header folding leaves them. */
export const SURVEY_SYNONYMS: Readonly<Record<SurveyField, readonly string[]>> = {
  time: ["response time", "submitted", "submitted at", "responded", "timestamp", "date", "created", "answered"],
  service: ["service id", "service level", "sl", "service name"],
  ticket: ["ticket id", "ticket number", "incident", "number", "case"],
  score: ["rating", "answer", "happiness", "nps", "csat", "effort", "value"],
  lost: ["lost minutes", "lost time", "minutes lost", "lost time minutes", "time lost"],
};

/**
 * The column of each field: exact headers applied, overridden by `FIELD=HEADER` choices; a
 * header that only starts with a synonym is a suggestion, applied with `acceptSuggestions`.
 * @example surveyColumns(["Submitted", "Ticket", "Score"], []).mapping // => { time: 0, ticket: 1, score: 2 }
 */
export function surveyColumns(
  headers: readonly string[],
  choices: readonly { field: string; header: string }[],
  acceptSuggestions = false,
): ColumnPlan<SurveyField> {
  return resolveColumns(headers, choices, SURVEY_FIELDS, SURVEY_SYNONYMS, acceptSuggestions);
}

/** The header row of a survey sheet (the row naming the most fields among the first rows). */
export function surveyHeaderRow(grid: readonly (readonly CellValue[])[]): number | undefined {
  return findHeaderRow(grid, HEADER_SEARCH_ROWS, (texts) => headerScore(texts, SURVEY_FIELDS, SURVEY_SYNONYMS));
}

/** How responses are read. */
export interface SurveyOptions {
  readonly scale: ScoreScale;
  readonly dateOrder?: DateOrder;
  /** The Service IDs of the Services sheet. */
  readonly services: ReadonlySet<string>;
  /** Ticket ID to Service ID, from the Tickets sheet. */
  readonly ticketService: ReadonlyMap<string, string>;
}

/** What was read: the Experience rows, the rejected rows, the date order. */
export interface SurveyOutcome {
  readonly responses: number;
  readonly rows: readonly (ExperienceFigures & { readonly period: string; readonly serviceId: string })[];
  readonly rejected: readonly { row: number; reason: string }[];
  readonly dateOrder: OrderInference;
}

interface Acc {
  positive: number;
  negative: number;
  n: number;
  lost: ExactSum;
  lostN: number;
}

const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/**
 * Reads responses one at a time and aggregates them per month and service level. A row is
 * rejected (with its reason) for a time that cannot be read, no known service (directly or
 * through its ticket), a score that is not a number or is outside the scale, or lost minutes
 * that are not a number of 0 or more. Day/month dates that read both ways wait until the column
 * has shown its order. Cost: O(1) per row, O(months x services) memory.
 * @example const b = surveyBuilder(options); b.add(2, "2026-05-04", "SL-001", null, 9, null); b.finish().rows[0].netScore // => 100
 */
export function surveyBuilder(options: SurveyOptions) {
  const accs = new Map<string, Acc>();
  const rejected: { row: number; reason: string }[] = [];
  const tally = orderTally(options.dateOrder);
  const waiting: { row: number; dmy?: string; mdy?: string; service: string; side: number; lost?: number }[] = [];
  let responses = 0;
  const addTo = (period: string, service: string, side: number, lost: number | undefined) => {
    const key = `${period}\u0000${service}`;
    let a = accs.get(key);
    if (!a) accs.set(key, (a = { positive: 0, negative: 0, n: 0, lost: new ExactSum(), lostN: 0 }));
    a.n++;
    if (side > 0) a.positive++;
    else if (side < 0) a.negative++;
    if (lost !== undefined) {
      a.lost.add(lost);
      a.lostN++;
    }
  };
  return {
    add(row: number, time: unknown, service: unknown, ticket: unknown, score: unknown, lost: unknown): void {
      const reject = (reason: string) => rejected.push({ row, reason });
      let id = textOf((service ?? null) as CellValue);
      if (!id && ticket !== undefined) {
        const t = textOf((ticket ?? null) as CellValue);
        id = options.ticketService.get(t) ?? "";
        if (!id) return void reject(experienceMessages.unknownTicket(t));
      }
      if (!options.services.has(id)) return void reject(experienceMessages.unknownSurveyService(id));
      const value = typeof score === "number" ? score : Number(textOf((score ?? null) as CellValue) || NaN);
      if (!Number.isFinite(value)) return void reject(experienceMessages.surveyNotNumber(score));
      const side = classifyScore(value, options.scale);
      if (side !== side) {
        return void reject(
          experienceMessages.outsideScale("score", value, options.scale.range.low, options.scale.range.high),
        );
      }
      let minutes: number | undefined;
      if (lost !== undefined && lost !== null && textOf(lost as CellValue) !== "") {
        minutes = typeof lost === "number" ? lost : Number(textOf(lost as CellValue));
        if (!Number.isFinite(minutes) || minutes < 0) return void reject(experienceMessages.badLost(lost));
      }
      const read = readTimeCell(time, options.dateOrder);
      if (isUndecided(read)) {
        tally.add(read);
        waiting.push({
          row,
          dmy: isTimeProblem(read.dmy) ? undefined : month(read.dmy.ms),
          mdy: isTimeProblem(read.mdy) ? undefined : month(read.mdy.ms),
          service: id,
          side,
          lost: minutes,
        });
        responses++;
        return;
      }
      if (isTimeProblem(read)) return void reject(read.reason);
      responses++;
      addTo(month(read.ms), id, side, minutes);
    },
    finish(): SurveyOutcome {
      const dateOrder = tally.result();
      const order = dateOrder.kind === "given" || dateOrder.kind === "inferred" ? dateOrder.order : undefined;
      for (const w of waiting) {
        const period = order === "DMY" ? w.dmy : order === "MDY" ? w.mdy : undefined;
        if (period === undefined) {
          responses--;
          rejected.push({ row: w.row, reason: experienceMessages.undecidedDate() });
        } else addTo(period, w.service, w.side, w.lost);
      }
      rejected.sort((a, b) => a.row - b.row);
      const rows = [...accs.entries()]
        .map(([key, a]) => {
          const [period, serviceId] = key.split("\u0000");
          return {
            period,
            serviceId,
            responses: a.n,
            netScore: netScoreOfCounts(a.positive, a.negative, a.n),
            lostMinutes: a.lostN ? toNumber(a.lost.total().div(money(a.lostN))) : undefined,
            lostN: a.lostN,
          };
        })
        .sort((x, y) => (x.period < y.period ? -1 : x.period > y.period ? 1 : x.serviceId < y.serviceId ? -1 : 1));
      return { responses, rows, rejected, dateOrder };
    },
  };
}

/**
 * The Experience sheet: one row per month and service level, plain values, laid out by the
 * presentation rules (src/governance/present.ts). Cost: O(rows).
 * @example experiencePlan(outcome.rows).cells[0] // => ["Period", "Service ID", "Responses", "Net Score", "Lost Minutes", "Lost n"]
 */
export function experiencePlan(rows: SurveyOutcome["rows"]): SheetPlan {
  const cells: PlannedCell[][] = [EXPERIENCE_COLUMNS.map((c) => c.header)];
  for (const r of rows) {
    cells.push([periodSerial(r.period), r.serviceId, r.responses, r.netScore ?? null, r.lostMinutes ?? null, r.lostN]);
  }
  const last = Math.max(2, cells.length);
  return present({
    name: SERVICE_SHEETS.experience,
    replace: true,
    cells,
    headerRows: [0],
    freezeRows: 1,
    formats: [
      { range: `A2:A${last}`, format: "yyyy-mm" },
      { range: `D2:E${last}`, format: "0.0" },
    ],
    columnWidths: [10, 11, 11, 10, 13, 8],
  });
}
