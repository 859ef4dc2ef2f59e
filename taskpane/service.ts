/**
 * The task pane's "Service review" command: read the service sheets in one sync, let the core
 * review the period (src/service), write its plans in one batch. No DOM here, so the command
 * is tested against the fake Excel; taskpane/serviceSection.ts is its UI.
 */
import { applyPlans, readWorkbook, Run, selectCell } from "./adapter";
import { planNewContract, planServiceReview } from "../src/service/commands";
import { isRefusal, paneMessages, refusalText, reviewMessages } from "../src/errors";
import { exampleSheets } from "../src/service/examples";
import { REVIEW_INPUT_SHEETS } from "../src/service/read";
import { SERVICE_SHEETS } from "../src/service/model";
import { ReviewLayout } from "../src/service/plan";
import { ServiceReview } from "../src/service/review";
import { serialFromEpochMs, serialFromIso } from "../src/serial";
import { describeError } from "./commands";

/** What the pane shows after a review. */
export interface ServiceReviewOutcome {
  readonly ok: boolean;
  readonly message: string;
  readonly review?: ServiceReview;
  readonly layout?: ReviewLayout;
}

/** The options the pane collects: the period ("YYYY-MM", blank for the latest) and the as-of day (blank for today). */
export interface ServiceReviewInput {
  readonly period?: string;
  readonly asOf?: string;
  readonly now?: () => Date;
}

/**
 * Reviews a period: one sync to read Services, Contract, Results, Actions and the Register,
 * one to write the Service Review, Actions and Findings sheets. Two syncs whatever the size.
 */
export async function runServiceReview(run: Run, input: ServiceReviewInput = {}): Promise<ServiceReviewOutcome> {
  const asOfText = input.asOf?.trim();
  const asOf = asOfText
    ? serialFromIso(asOfText)
    : Math.floor(serialFromEpochMs((input.now ?? (() => new Date()))().getTime()));
  if (asOf === undefined)
    return { ok: false, message: `The as-of date must be a date such as 2026-06-05, got "${asOfText}".` };
  const data = await readWorkbook(run, REVIEW_INPUT_SHEETS, false, [SERVICE_SHEETS.actions]);
  const period = input.period?.trim() || undefined;
  const out = planServiceReview(
    (name) => data.sheets.get(name)?.grid,
    period,
    Math.floor(asOf),
    (name) => data.sheets.get(name)?.columnWidths ?? [],
  );
  if (isRefusal(out)) return { ok: false, message: refusalText(out) };
  try {
    await applyPlans(run, data, out.plans, { activate: SERVICE_SHEETS.review });
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
  const r = out.review;
  const net = r.totals.netAdjustment.toLocaleString("en-US", { minimumFractionDigits: 2 });
  // Where new-contract's examples were left out, as the command line's summary says.
  const examples = exampleSheets(r.findings);
  const message =
    paneMessages.reviewSummary(r.period, net, r.actionsCreated.length, r.escalated.length, r.findings.length) +
    (examples.length ? ` ${reviewMessages.examplesLeftOut(examples)}` : "");
  return { ok: !r.needsAttention, message, review: r, layout: out.layout };
}

/** Selects a row of a sheet (a service on the Service Review, an action, a finding's row). One sync. */
export function selectRow(run: Run, sheet: string, row: number): Promise<void> {
  return selectCell(run, sheet, `A${Math.max(1, row)}`);
}

/** True when the workbook has a Services sheet (the contract the review reads). One sync. */
export async function hasContract(run: Run): Promise<boolean> {
  const data = await readWorkbook(run, []);
  return data.sheetNames.includes(SERVICE_SHEETS.services);
}

/**
 * The pane's empty state: writes the contract sheets (Register, Services, Contract, Results,
 * Actions, ..., each with its headers and one marked example row, as `sla-governance
 * new-contract` does; headers only with `empty`, as its `--empty`), only those the workbook
 * lacks: a sheet already there is never touched. Two syncs.
 */
export async function createContractSheets(
  run: Run,
  now: () => Date = () => new Date(),
  options: { readonly empty?: boolean } = {},
): Promise<ServiceReviewOutcome> {
  const plans = planNewContract(Math.floor(serialFromEpochMs(now().getTime())), { empty: options.empty });
  const data = await readWorkbook(
    run,
    plans.map((p) => p.name),
  );
  const missing = plans.filter((p) => !data.sheetNames.includes(p.name));
  if (missing.length === 0) return { ok: true, message: "The contract sheets are all there already." };
  try {
    await applyPlans(run, data, missing, { activate: SERVICE_SHEETS.services });
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
  const kept = plans.length - missing.length;
  return {
    ok: true,
    message: paneMessages.contractSheetsCreated(
      missing.map((p) => p.name),
      missing.some((p) => p.name === SERVICE_SHEETS.points) ? SERVICE_SHEETS.points : undefined,
      kept,
      options.empty,
    ),
  };
}
