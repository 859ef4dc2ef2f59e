/**
 * The demo: what the product does, on a machine without Excel. Generates a realistic client
 * workbook, upgrades it, closes two realized measures, verifies, prints the dual-status
 * report, and shows verify catching a tampered copy. Every step runs the real command, and
 * prints the command line it ran so a reader can repeat it; the demo's own inputs (the client
 * workbook, the contract, the survey) come from `demo --sample`, so the printed lines rebuild
 * every file. The one hand edit (the tampered copy) is described, not run.
 */
import * as fs from "fs";
import * as path from "path";
import { suggestMapping } from "../src/governance/mapping";
import { COLUMN_INDEX, columnLetter, SHEETS } from "../src/governance/model";
import { levelOf } from "../src/governance/register";
import { sampleClientSheet } from "../src/demo/sample";
import { PlannedCell } from "../src/governance/plan";
import { parseAmount, parseGate, reconcileRow } from "../src/governance/values";
import { hasFlag, optionValue, parseArgs, ParsedArgs } from "./args";
import {
  closeCommand,
  Io,
  ioNotice,
  keygenCommand,
  refuseExisting,
  registerRows,
  reportCommand,
  upgradeCommand,
  verifyCommand,
} from "./commands";
import { CliError, EXIT, messages } from "./messages";
import { isRefusal, refusalText } from "../src/errors";
import { actionsText, reviewCommand } from "./review";
import { packCommand } from "./pack";
import { contractSheetPlans, sampleContract, surveyCsv } from "../src/service/sample";
import { experienceCommand } from "./experience";
import { addMonths, periodSerial } from "../src/service/period";
import { planServiceReview } from "../src/service/commands";
import { serialFromEpochMs, serialToIso } from "../src/serial";
import { openWorkbook, writeSourceTable, writeWorkbook } from "./xlsx";
import { writeFileThrough } from "./tempdir";

const STEPS: Readonly<Record<string, (args: ParsedArgs, io: Io) => Promise<number>>> = {
  demo: (args, io) => demoCommand(args, io),
  review: reviewCommand,
  experience: experienceCommand,
  upgrade: upgradeCommand,
  close: closeCommand,
  verify: verifyCommand,
  report: reportCommand,
  pack: packCommand,
  keygen: keygenCommand,
};

/** The demo's sample: 60 initiatives over four business units, with the usual defects. */
export const DEMO_SAMPLE = { initiatives: 60, seed: 2026, defects: true } as const;

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, "\\$1")}"`;
}

type Step = (title: string, argv: string[], expected: number) => Promise<void>;

/**
 * The service half of the demo: the closed workbook gains a contract of twelve service levels
 * whose SLAs put register items at risk, and twelve months of results ending last month (a
 * watermelon month); the month three months back is reviewed as of the 5th of the month after
 * it (an action for First-call resolution), then last month as of today (that action, never
 * closed, is escalated); the action register is printed.
 */
async function serviceDemo(io: Io, file: (name: string) => string, step: Step): Promise<void> {
  const today = Math.floor(serialFromEpochMs(io.now().getTime()));
  const last = addMonths(serialToIso(today).slice(0, 7), -1);
  await step(
    "A service contract added to the closed workbook: Services (12 service levels: SLAs, two OLAs and a UC; " +
      "Service Desk, Major incidents and Payroll critical), Contract (250,000 EUR a month, 12% at risk, " +
      "a bonus pool of 5,000 EUR, service points on the Points sheet), Processes (Order-to-Cash, Record-to-Report, " +
      `Hire-to-Retire) with their Dependencies, Results (12 months to ${last}) and Points (the band tables)`,
    [
      "demo",
      "--sample",
      "contract",
      "--workbook",
      file("closed.xlsx"),
      "--period",
      last,
      "--out",
      file("contract.xlsx"),
    ],
    EXIT.ok,
  );
  await step(
    `The users' survey of ${last}, as a survey tool exports it`,
    ["demo", "--sample", "survey", "--period", last, "--out", file("survey.csv")],
    EXIT.ok,
  );
  await step(
    `The users' survey of ${last} into the Experience sheet: Service Desk's users are unhappy`,
    ["experience", file("survey.csv"), "--workbook", file("contract.xlsx"), "-o", file("experience-contract.xlsx")],
    EXIT.ok,
  );
  const earlier = addMonths(last, -3);
  const earlierAsOf = serialToIso(periodSerial(addMonths(earlier, 1)) + 4);
  await step(
    `Review ${earlier} as of ${earlierAsOf}: First-call resolution missed its Minimum; Order processing earned a bonus; ` +
      "each service level's points (the Points column; First-call resolution's 4 doubled to 8, a miss two months running)",
    [
      "review",
      file("experience-contract.xlsx"),
      "--period",
      earlier,
      "--as-of",
      earlierAsOf,
      "-o",
      file("reviewed-earlier.xlsx"),
    ],
    EXIT.found,
  );
  await step(
    `Review ${last}, the latest month, as of today: a watermelon month, Service Desk's unhappy users, ` +
      "Hire-to-Retire blocked by Payroll, the bonus blocked",
    ["review", file("reviewed-earlier.xlsx"), "--as-of", serialToIso(today), "-o", file("reviewed.xlsx")],
    EXIT.found,
  );
  const reviewed = await openWorkbook(file("reviewed.xlsx"));
  const again = planServiceReview((name) => reviewed.grid(name), last, today);
  if (isRefusal(again)) throw new CliError(`demo: ${refusalText(again)}`);
  io.stdout(
    `\n== The action register the reviews wrote (the Actions sheet of ${file("reviewed.xlsx")}; no command: open the sheet)\n` +
      actionsText(again.review),
  );
  await step(
    `The steering committee's review pack of ${last} (add --pdf pack.pdf to print it)`,
    ["pack", file("reviewed.xlsx"), "--as-of", serialToIso(today), "-o", file("pack.html")],
    EXIT.found,
  );
}

/** The files the demo writes in its folder (keys/ is a folder of them). */
const DEMO_FILES = [
  "client.xlsx",
  "governed.xlsx",
  "keys",
  "receipts.jsonl",
  "closed.xlsx",
  "tampered.xlsx",
  "contract.xlsx",
  "survey.csv",
  "experience-contract.xlsx",
  "reviewed-earlier.xlsx",
  "reviewed.xlsx",
  "pack.html",
] as const;

/** The register items the sample contract's service levels put at risk: the first six portfolios and programs. */
function contractItems(rows: ReturnType<typeof registerRows>): string[] {
  return rows
    .filter((r) => levelOf(r) === "Portfolio" || levelOf(r) === "Program")
    .map((r) => String(r.id))
    .slice(0, 6);
}

/**
 * sla-governance demo --sample client|contract|survey --out FILE: one of the demo's inputs,
 * the same the demo makes (fixed seeds), so the demo's printed commands rebuild its files.
 */
async function sampleCommand(args: ParsedArgs, io: Io, sample: string): Promise<number> {
  if (!["client", "contract", "survey"].includes(sample)) throw new CliError(messages.demoSampleUnknown(sample));
  const out = optionValue(args, "out");
  if (!out) throw new CliError(messages.demoSampleNeeds(sample, "--out FILE"));
  const today = Math.floor(serialFromEpochMs(io.now().getTime()));
  const period = optionValue(args, "period") ?? addMonths(serialToIso(today).slice(0, 7), -1);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new CliError(messages.demoSampleNeeds(sample, "--period YYYY-MM"));
  refuseExisting(args, out);
  if (sample === "client") {
    const table = sampleClientSheet(DEMO_SAMPLE);
    const mapping = suggestMapping(table.headers);
    const dates = [mapping.due, mapping.done].filter((c): c is number => c !== undefined);
    await writeSourceTable(table, out, dates, ioNotice(io));
    io.stdout(
      `Wrote ${out}: ${table.rows.length} initiatives on the sheet "${table.sheet}", ` +
        `headers ${table.headers.map((h) => `"${h}"`).join(", ")}; a few defects planted.\n`,
    );
  } else if (sample === "contract") {
    const workbook = optionValue(args, "workbook");
    if (!workbook) throw new CliError(messages.demoSampleNeeds(sample, "--workbook GOVERNED.xlsx"));
    const book = await openWorkbook(workbook);
    const contract = sampleContract({ lastPeriod: period, registerIds: contractItems(registerRows(book)) });
    await writeWorkbook(book, out, { plans: contractSheetPlans(contract), notice: ioNotice(io) });
    io.stdout(
      `Wrote ${out}: ${workbook} plus Services, Contract, Processes, Dependencies, Results (12 months to ${period}) and Points.\n`,
    );
  } else {
    writeFileThrough(out, surveyCsv(sampleContract({ lastPeriod: period, registerIds: [] }), period), ioNotice(io));
    io.stdout(`Wrote ${out}: the users' survey answers of ${period}.\n`);
  }
  return EXIT.ok;
}

/** sla-governance demo [--out DIR] [--force], or one of its inputs with --sample. */
export async function demoCommand(args: ParsedArgs, io: Io): Promise<number> {
  const sample = optionValue(args, "sample");
  if (sample !== undefined) return sampleCommand(args, io, sample);
  const dir = optionValue(args, "out") ?? path.join("demo", "out");
  const earlier = DEMO_FILES.filter((f) => fs.existsSync(path.join(dir, f)));
  if (earlier.length && !hasFlag(args, "force")) throw new CliError(messages.demoFilesExist(dir, earlier));
  // Only the demo's own files go: anything else in the folder stays.
  for (const f of earlier) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const step: Step = async (title, argv, expected) => {
    // A step without a title continues the one above (its first command printed there).
    io.stdout(`${title ? `\n== ${title}\n` : ""}$ sla-governance ${argv.map(shellWord).join(" ")}\n`);
    const code = await STEPS[argv[0]](parseArgs(argv), io);
    if (code !== expected) throw new CliError(`demo: "${argv[0]}" exited ${code}, expected ${expected}.`);
    io.stdout(`(exit ${code})\n`);
  };

  await step(
    "A client workbook, as a client keeps its savings initiatives",
    ["demo", "--sample", "client", "--out", file("client.xlsx")],
    EXIT.ok,
  );

  await step(
    "Upgrade it into the governed register",
    ["upgrade", file("client.xlsx"), "--org", "Contoso Group", "-o", file("governed.xlsx")],
    EXIT.ok,
  );

  // Two realized measures whose claim reconciles when confirmed at plan.
  const rows = registerRows(await openWorkbook(file("governed.xlsx")));
  const picks = rows
    .filter((r) => levelOf(r) === "Measure" && parseGate(r.gate) === "L4 Realized")
    .filter((r) => reconcileRow({ ...r, confirmed: r.planned }) === "Reconciled")
    .slice(0, 2);
  if (picks.length < 2) throw new CliError("demo: the sample has fewer than two realized measures.");
  // The controller's key: the private half stays with her, the public half goes to the roster.
  const keys = file("keys");
  const key = path.join(keys, "carla.key");
  io.stdout(
    `\n== The controller makes her signing key in a folder of its own (the public half is the trust roster)\n` +
      `$ mkdir ${shellWord(keys)}\n`,
  );
  fs.mkdirSync(keys);
  await step("", ["keygen", "--controller", "Carla Controller", "-o", key], EXIT.ok);
  await step(
    "She closes two realized measures, signing them; finance keeps the receipts",
    [
      "close",
      file("governed.xlsx"),
      "--measure",
      picks.map((r) => String(r.id)).join(","),
      "--controller",
      "Carla Controller",
      "--confirmed",
      picks.map((r) => String(parseAmount(r.planned))).join(","),
      "--key",
      key,
      "--receipts",
      file("receipts.jsonl"),
      "-o",
      file("closed.xlsx"),
    ],
    EXIT.ok,
  );
  await step(
    "Verify against the trust roster and the receipts",
    ["verify", file("closed.xlsx"), "--trust", keys, "--receipts", file("receipts.jsonl"), "--require-signed"],
    EXIT.ok,
  );
  await step("The dual-status report", ["report", file("closed.xlsx")], EXIT.ok);

  // Someone edits a confirmed amount in the file behind the controller's back: one cell typed
  // over, the rest of the file as it was (edited in place, as Excel saves it; a round trip
  // through ExcelJS left a relationship to a theme it did not write, a file Excel repairs).
  const at = rows.indexOf(picks[0]) + 2;
  const typed: PlannedCell[][] = [];
  typed[at - 1] = [];
  typed[at - 1][COLUMN_INDEX.confirmed] = (parseAmount(picks[0].planned) ?? 0) + 25000;
  await writeWorkbook(file("closed.xlsx"), file("tampered.xlsx"), {
    plans: [{ name: SHEETS.register, replace: false, cells: typed }],
    notice: ioNotice(io),
  });
  io.stdout(
    `\n== Someone raises ${String(picks[0].id)}'s confirmed savings by 25,000 in a copy (a hand edit, no command: ` +
      `cell ${columnLetter(COLUMN_INDEX.confirmed)}${at} of the ${SHEETS.register} sheet of ${file("closed.xlsx")} ` +
      `typed over, saved as ${file("tampered.xlsx")})\n`,
  );
  await step(
    "Verify catches it",
    ["verify", file("tampered.xlsx"), "--trust", keys, "--receipts", file("receipts.jsonl")],
    EXIT.found,
  );

  await serviceDemo(io, file, step);

  io.stdout(
    `\nFiles in ${dir}: client.xlsx (the client's sheet), governed.xlsx (upgraded), closed.xlsx (two measures closed and signed), ` +
      "tampered.xlsx (edited by hand), keys/ (the controller's key and the trust roster), receipts.jsonl (finance's receipts), " +
      "contract.xlsx (the service contract, its processes, its points bands and 12 months of results), " +
      "survey.csv and experience-contract.xlsx (the users' survey and the contract with its Experience sheet), " +
      "reviewed-earlier.xlsx and reviewed.xlsx (two monthly service reviews), " +
      "pack.html (the review pack: open it in a browser). Open any workbook in Excel with the add-in.\n",
  );
  return EXIT.ok;
}
