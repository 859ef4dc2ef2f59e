/**
 * The demo: what the product does, on a machine without Excel. Generates a realistic client
 * workbook, upgrades it, closes two realized measures, verifies, prints the dual-status
 * report, and shows verify catching a tampered copy. Every step runs the real command, and
 * prints the command line it ran so a reader can repeat it.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { suggestMapping } from "../src/governance/mapping";
import { COLUMN_INDEX, SHEETS } from "../src/governance/model";
import { levelOf } from "../src/governance/register";
import { sampleClientSheet } from "../src/demo/sample";
import { parseAmount, parseGate, reconcileRow } from "../src/governance/values";
import { optionValue, parseArgs, ParsedArgs } from "./args";
import {
  closeCommand,
  Io,
  keygenCommand,
  registerRows,
  reportCommand,
  upgradeCommand,
  verifyCommand,
} from "./commands";
import { CliError, EXIT } from "./messages";
import { openWorkbook, saveWorkbook, writeSourceTable } from "./xlsx";

const STEPS: Readonly<Record<string, (args: ParsedArgs, io: Io) => Promise<number>>> = {
  upgrade: upgradeCommand,
  close: closeCommand,
  verify: verifyCommand,
  report: reportCommand,
  keygen: keygenCommand,
};

/** The demo's sample: 60 initiatives over four business units, with the usual defects. */
export const DEMO_SAMPLE = { initiatives: 60, seed: 2026, defects: true } as const;

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** sla-governance demo [--out DIR]. */
export async function demoCommand(args: ParsedArgs, io: Io): Promise<number> {
  const dir = optionValue(args, "out") ?? path.join("demo", "out");
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const step = async (title: string, argv: string[], expected: number) => {
    io.stdout(`\n== ${title}\n$ sla-governance ${argv.map(shellWord).join(" ")}\n`);
    const code = await STEPS[argv[0]](parseArgs(argv), io);
    if (code !== expected) throw new CliError(`demo: "${argv[0]}" exited ${code}, expected ${expected}.`);
    io.stdout(`(exit ${code})\n`);
  };

  const table = sampleClientSheet(DEMO_SAMPLE);
  const mapping = suggestMapping(table.headers);
  const dates = [mapping.due, mapping.done].filter((c): c is number => c !== undefined);
  await writeSourceTable(table, file("client.xlsx"), dates);
  io.stdout(
    `== A client workbook\nWrote ${file("client.xlsx")}: ${table.rows.length} initiatives on the sheet "${table.sheet}", ` +
      `headers ${table.headers.map((h) => `"${h}"`).join(", ")}; a few defects planted.\n`,
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
  fs.rmSync(keys, { recursive: true, force: true });
  fs.mkdirSync(keys);
  fs.rmSync(file("receipts.jsonl"), { force: true });
  const key = path.join(keys, "carla.key");
  await step(
    "The controller makes her signing key (the public half is the trust roster)",
    ["keygen", "--controller", "Carla Controller", "-o", key],
    EXIT.ok,
  );
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

  // Someone edits a confirmed amount in the file behind the controller's back.
  const tampered = new Workbook();
  await tampered.xlsx.readFile(file("closed.xlsx"));
  const register = tampered.getWorksheet(SHEETS.register)!;
  const at = rows.indexOf(picks[0]) + 2;
  const cell = register.getRow(at).getCell(COLUMN_INDEX.confirmed + 1);
  cell.value = (parseAmount(picks[0].planned) ?? 0) + 25000;
  await saveWorkbook(tampered, file("tampered.xlsx"));
  io.stdout(`\n== Someone raises ${String(picks[0].id)}'s confirmed savings by 25,000 in a copy\n`);
  await step(
    "Verify catches it",
    ["verify", file("tampered.xlsx"), "--trust", keys, "--receipts", file("receipts.jsonl")],
    EXIT.found,
  );

  io.stdout(
    `\nFiles in ${dir}: client.xlsx (the client's sheet), governed.xlsx (upgraded), closed.xlsx (two measures closed and signed), ` +
      "tampered.xlsx (edited by hand), keys/ (the controller's key and the trust roster), receipts.jsonl (finance's receipts). " +
      "Open any workbook in Excel with the add-in.\n",
  );
  return EXIT.ok;
}
