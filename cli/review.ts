/**
 * The service commands of the command line: `review` (the monthly service review) and
 * `new-contract` (an empty contract workbook with one example row per sheet). The decisions
 * are the core's (src/service); this module reads, writes and prints.
 */
import { isRefusal, refusalText, reviewMessages } from "../src/errors";
import { exampleSheets } from "../src/service/examples";
import { planNewContract, planServiceReview, reviewJson } from "../src/service/commands";
import { ServiceReview } from "../src/service/review";
import { REVIEW_INPUT_SHEETS } from "../src/service/read";
import { BUSINESS_PROCESS_SHEETS } from "../src/service/processes";
import { serialToIso } from "../src/serial";
import { hasFlag, optionValue, ParsedArgs, requiredValue } from "./args";
import { asOfSerial, Io, ioNotice, openInput, refuseExisting } from "./commands";
import { SHEETS } from "../src/governance/model";
import { SERVICE_SHEETS } from "../src/service/model";
import { CliError, EXIT, messages } from "./messages";
import { jsonText, money, renderTable } from "./output";
import { openSheets, writeWorkbook } from "./xlsx";

const flag = (v: boolean | null) => (v === null ? "" : v ? "met" : "MISSED");
const number = (v: number | null) => (v === null ? "" : String(v));

/** The review for people: the service levels, the totals, the watermelon line, the actions. */
export function reviewText(review: ServiceReview, out: string): string {
  // Points when the Contract names a band table (Points Table): the review then scores each service level.
  const points = review.hasPoints;
  const services = renderTable(
    [
      "ID",
      "Service",
      "Result",
      "Expected",
      "Minimum",
      "Sig. Min.",
      "Credit",
      "SigMin",
      ...(points ? ["Points"] : []),
      "Breach",
      "Action",
    ],
    review.services.map((s) => [
      s.id,
      s.service,
      number(s.result),
      flag(s.metExpected),
      flag(s.metMinimum),
      flag(s.metSignificantMinimum),
      money(s.credit),
      money(s.sigminPenalty),
      ...(points ? [number(s.points)] : []),
      s.breach ?? "",
      s.actionId ? `${s.actionId} ${s.actionStatus ?? ""}`.trim() : "",
    ]),
    {
      align: [
        "left",
        "left",
        "right",
        "left",
        "left",
        "left",
        "right",
        "right",
        ...(points ? (["right"] as const) : []),
        "left",
        "left",
      ],
      maxWidths: Array(points ? 11 : 10).fill(30),
    },
  );
  const t = review.totals;
  const totals = renderTable(
    ["Totals", "Amount"],
    [
      ["At-risk amount (the cap)", money(t.atRisk)],
      ["Credits before the cap", money(t.credits)],
      ["Credits after the cap", money(t.creditsCapped)],
      ["SigMin penalties", money(t.sigmin)],
      [`Credits earlier in the contract year (from ${t.contractYearStart})`, money(t.creditsEarlierInYear)],
      ["Annual cap", t.annualCap === null ? "none" : money(t.annualCap)],
      ["Credits charged this period", money(t.creditsCharged)],
      ["Credits in the contract year to date", money(t.creditsYearToDate)],
      [
        `Bonus (pool ${money(t.bonusPool)}${t.bonusBlocked ? "; blocked: a critical service below its Significant Minimum" : ""})`,
        money(t.bonus),
      ],
      ["Earned back this period", money(t.earnedBack)],
      ["Net adjustment", money(t.netAdjustment)],
    ],
    { align: ["left", "right"] },
  );
  const w = review.watermelon;
  const watermelon = `${w.isWatermelon || w.experienceMissed.length ? "WATERMELON: " : ""}${w.experienceMissed.length ? w.combinedLine : `${w.line}${w.criticalBelow.length ? ` (${w.criticalBelow.join(", ")})` : ""}`}.\n`;
  const created = review.actionsCreated.length
    ? `${review.actionsCreated.length} action(s) created: ${review.actionsCreated.map((a) => `${a.id} (${a.serviceId}, ${a.breach}, ${a.owner || "no owner"}, due ${a.due === null ? "-" : serialToIso(a.due)})`).join("; ")}.\n`
    : "No action created.\n";
  const escalated = review.escalated.length
    ? `${review.escalated.length} escalated action(s): ${review.escalated.map((a) => `${a.id} level ${a.escalation} (${a.daysLate} days late, ${a.owner || "no owner"})`).join("; ")}.\n`
    : "No escalated action.\n";
  const earnback = review.earnback.length
    ? `Earnback: ${review.earnback.map((e) => `${e.serviceId} ${e.period} ${money(e.credit)} ${e.status}${e.status === "pending" ? ` (until ${e.earnedBackIn})` : ""}`).join("; ")}.\n`
    : "";
  const processes = review.processes.length
    ? renderTable(
        ["Process", "Status", "Blocked by", "Credits+penalties", "Over target", "Latency"],
        review.processes.map((p) => [
          p.name,
          p.status,
          p.breached.join(", "),
          money(p.recovered),
          p.shareOver === null ? "" : `${p.casesOver} of ${p.cases}`,
          p.latencyStatus ?? "",
        ]),
        { align: ["left", "left", "left", "right", "right", "left"], maxWidths: Array(6).fill(30) },
      ) +
      `${review.processWatermelon.processes.length ? "PROCESS WATERMELON: " : ""}${review.processWatermelon.line}.\n`
    : "";
  const examples = exampleSheets(review.findings);
  const findings =
    (review.findings.length ? `${review.findings.length} finding(s) on the Findings sheet.\n` : "") +
    (examples.length ? `${reviewMessages.examplesLeftOut(examples)}\n` : "");
  return (
    `Service review ${review.period} as of ${serialToIso(review.asOf)} into ${out}\n${services}\n${totals}\n` +
    watermelon +
    created +
    escalated +
    earnback +
    processes +
    findings
  );
}

/** The action register as a table (the demo prints it). */
export function actionsText(review: ServiceReview): string {
  return renderTable(
    ["Action", "Service", "Period", "Breach", "Owner", "Due", "Status", "Escalation"],
    review.actions.map((a) => [
      a.id,
      a.serviceId,
      a.period,
      a.breach,
      a.owner,
      a.due === null ? "" : serialToIso(a.due),
      a.status,
      String(a.escalation),
    ]),
  );
}

/** sla-governance review: the monthly service review; exit 1 when breaches are open, actions escalated or its data has errors. */
export async function reviewCommand(args: ParsedArgs, io: Io): Promise<number> {
  const period = optionValue(args, "period");
  const asOf = asOfSerial(args, io);
  const { book, out, passwords } = await openInput(args, io, true, REVIEW_INPUT_SHEETS);
  io.progress("Reviewing ...");
  const outcome = planServiceReview(
    (name) => book.grid(name),
    period,
    asOf,
    (name) => book.columnWidths(name) ?? [],
  );
  if (isRefusal(outcome)) throw new CliError(refusalText(outcome));
  io.progress(`Writing ${out} ...`);
  // The passwords already on the Register and Audit sheets are kept (the review writes neither).
  await writeWorkbook(book, out, { plans: outcome.plans, ...passwords, notice: ioNotice(io) });
  io.stdout(hasFlag(args, "json") ? jsonText(reviewJson(outcome.review)) : reviewText(outcome.review, out));
  return outcome.review.needsAttention ? EXIT.found : EXIT.ok;
}

/** sla-governance new-contract: the contract sheets with one example row each. */
export async function newContractCommand(args: ParsedArgs, io: Io): Promise<number> {
  const out = requiredValue(args, "out");
  if (!/\.xlsx$/i.test(out)) throw new CliError(messages.notXlsx(out));
  const governed = optionValue(args, "workbook");
  refuseExisting(args, out);
  // new-contract reads no sheet of the workbook: its sheet names only.
  const book = governed === undefined ? undefined : await openSheets(governed, []);
  const empty = hasFlag(args, "empty");
  const plans = planNewContract(asOfSerial(args, io), { empty, existing: book?.sheetNames });
  const kept = (book?.sheetNames ?? []).filter((s) => CONTRACT_SHEETS.includes(s));
  await writeWorkbook(book, out, { plans, notice: ioNotice(io) });
  const written = plans.map((p) => p.name);
  io.stdout(
    `Wrote ${out}: the ${written.join(", ")} sheet(s)${empty ? " with headers only" : ` with one marked example row each (${written.includes(SERVICE_SHEETS.points) ? `${SERVICE_SHEETS.points}: an example band table; ` : ""}left out until edited)`}` +
      (governed ? ` added to a copy of ${governed}` : "") +
      (kept.length ? ` (kept as they were: ${kept.join(", ")})` : "") +
      "." +
      // Where the other examples sit: beside the Contract's made-up figures, on the Register's example organization.
      (empty
        ? ""
        : [
            written.includes(SERVICE_SHEETS.contract) ? " The Contract's example figures are marked in column C." : "",
            written.includes(SHEETS.register)
              ? " The Register's example organization is marked in its Placeholder cell."
              : "",
          ].join("")) +
      `\nFill them in, then run: sla-governance review ${out} -o reviewed.xlsx\n`,
  );
  return EXIT.ok;
}

/** The sheets new-contract writes. */
const CONTRACT_SHEETS: readonly string[] = [
  SHEETS.register,
  ...Object.values(SERVICE_SHEETS),
  BUSINESS_PROCESS_SHEETS.processes,
  BUSINESS_PROCESS_SHEETS.dependencies,
];
