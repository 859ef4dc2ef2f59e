/**
 * Every import (upgrade, tickets, results, steps, experience) on its smallest CSV run:
 * - a CSV has one table: --sheet beside one is refused, never ignored; a mapping file's sheet
 *   (saved from last month's .xlsx) is not refused, not used, and the run says so in what it
 *   understood, as text and as --json;
 * - the writer's notes (a stale temporary file removed) reach the command's stderr (its Io), as
 *   review's and new-contract's do, never the process's directly.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { writeWorkbook } from "../../cli/xlsx";
import { SheetPlan } from "../../src/governance/plan";
import { workbook } from "../service/fixture";
import { cli, CLOCK_P1, folderState, tempFolder, writeResultsContract } from "./helpers";

const { dir, file, out } = tempFolder();

/** Each import's smallest CSV run (its input first), and the output it writes. */
const RUNS: Record<string, (o: string) => Promise<string[]>> = {
  upgrade: async (o) => ["upgrade", file("tracker.csv", "Initiative,Planned Savings\nCut licences,1200\n"), "-o", o],
  tickets: async (o) => [
    "tickets",
    file(
      "tickets.csv",
      "Ticket,Priority,Time,State\nINC1,P1,2024-03-04 09:00,New\nINC1,P1,2024-03-04 10:00,Resolved\n",
    ),
    ...CLOCK_P1,
    "-o",
    o,
  ],
  results: async (o) => [
    "results",
    file("report.csv", "Month,SLA,Achieved\nJan 2024,SL-001,99%\n"),
    "--workbook",
    await writeResultsContract(dir()),
    "-o",
    o,
  ],
  steps: async (o) => [
    "steps",
    file("log.csv", "Case ID,Activity,Complete Timestamp\nC1,Opened,2024-03-04 09:00\nC1,Resolved,2024-03-04 12:00\n"),
    "--tolerances",
    file("tolerances.csv", "Process,From Activity,To Activity,Tolerance Hours,Owner\nIncident,*,*,8,Desk\n"),
    "-o",
    o,
  ],
  experience: async (o) => [
    "experience",
    file("survey.csv", "Submitted,Service,Score\n2024-04-03 10:00,SL-001,10\n"),
    "--workbook",
    await writeResultsContract(dir()),
    "-o",
    o,
  ],
};
const COMMANDS = Object.keys(RUNS);

/** A mapping file naming a sheet, as one saved from an .xlsx names it. */
const sheetMapping = () => file("from-xlsx.json", '{ "version": 1, "sheet": "Export" }\n');
const note = (mapping: string) => `sheet "Export" in ${mapping}: not used, the input is a CSV (one table).`;

describe.each(COMMANDS)("%s on a CSV", (command) => {
  test("--sheet is refused (exit 2) naming the file, nothing written", async () => {
    const o = out(`${command}-sheet.xlsx`);
    const argv = await RUNS[command](o);
    const before = folderState(dir());
    const run = await cli(...argv, "--sheet", "Export");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sla-governance: --sheet names a sheet of an .xlsx file; ${argv[1]} is a CSV (one table): leave --sheet out.\n`,
    );
    expect(run.stdout).toBe("");
    expect(folderState(dir())).toEqual(before);
  });

  test("a mapping file's sheet is not used, and the run says so (text and --json); without it, no note", async () => {
    const mapping = sheetMapping();
    const o = out(`${command}-noted.xlsx`);
    const run = await cli(...(await RUNS[command](o)), "--mapping", mapping);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain(`\nNote: ${note(mapping)}\n`);
    expect(folderState(dir())[path.basename(o)]).toBeDefined();

    const json = await cli(...(await RUNS[command](out(`${command}-json.xlsx`))), "--mapping", mapping, "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).notes).toEqual([note(mapping)]);

    const plain = await cli(...(await RUNS[command](out(`${command}-plain.xlsx`))), "--json");
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty("notes");
  });

  test("--dry-run says it too, and writes nothing", async () => {
    const mapping = sheetMapping();
    const argv = (await RUNS[command](out(`${command}-dry.xlsx`))).slice(0, -2);
    const before = folderState(dir());
    const run = await cli(...argv, "--mapping", mapping, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Note: ${note(mapping)}\n`);
    const json = await cli(...argv, "--mapping", mapping, "--dry-run", "--json");
    expect(JSON.parse(json.stdout).notes).toEqual([note(mapping)]);
    expect(folderState(dir())).toEqual(before);
  });
});

describe("a mapping file saved from a CSV", () => {
  test("records no sheet (its one sheet is the file's name), so next month's file of another name reads with it", async () => {
    const tracker = "Initiative,Planned Savings\nCut licences,1200\n";
    const saved = out("march.json");
    const dry = await cli("upgrade", file("march.csv", tracker), "--dry-run", "--save-mapping", saved);
    expect(dry.code).toBe(0);
    const settings = JSON.parse(fs.readFileSync(saved, "utf8"));
    expect(settings).not.toHaveProperty("sheet");
    expect(settings.columns.measure).toBe("Initiative");
    const april = await cli("upgrade", file("april.csv", tracker), "--mapping", saved, "-o", out("april.xlsx"));
    expect([april.code, april.stderr]).toEqual([0, ""]);
    expect(april.stdout).not.toContain("Note:");
  });

  test("a file that names the CSV's own sheet (saved before) is noted, not refused", async () => {
    const mapping = file("old.json", '{ "version": 1, "sheet": "march", "columns": { "measure": "Initiative" } }\n');
    const run = await cli("upgrade", file("april2.csv", "Initiative\nCut\n"), "--mapping", mapping, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Note: sheet "march" in ${mapping}: not used, the input is a CSV (one table).\n`);
  });
});

describe("the writer's notes go through the command's Io", () => {
  /** The imports, new-contract, the demo's samples, keygen (its key file written), and review on the service fixture's contract (May 2026). */
  const WRITERS: Record<string, (o: string) => Promise<string[]>> = {
    ...RUNS,
    "new-contract": async (o) => ["new-contract", "-o", o],
    "demo --sample client": async (o) => ["demo", "--sample", "client", "--out", o],
    "demo --sample survey": async (o) => ["demo", "--sample", "survey", "--out", o.replace(/\.xlsx$/, ".csv")],
    keygen: async (o) => ["keygen", "--controller", "Ann Controller", "-o", o.replace(/\.xlsx$/, ".key")],
    review: async (o) => {
      const contract = out("review-contract.xlsx");
      const plans: SheetPlan[] = [...workbook()].map(([name, cells]) => ({ name, replace: true, cells }));
      await writeWorkbook(new Workbook(), contract, { plans });
      return ["review", contract, "--as-of", "2026-06-05", "-o", o];
    },
  };

  /** Runs argv beside a stale temporary file of a killed run; the file written must be there after. */
  async function besideStale(name: string, argv: string[], written: string) {
    // A process id that is no longer running: a child that has exited.
    const stale = out(`.${name.replace(/\W+/g, "-")}-stale.xlsx.${spawnSync(process.execPath, ["-e", "0"]).pid}.tmp`);
    fs.writeFileSync(stale, "half a workbook");
    const spy = jest.spyOn(process.stderr, "write");
    let run;
    try {
      run = await cli(...argv);
    } finally {
      spy.mockRestore();
    }
    expect(run.stderr).toContain(`sla-governance: removed ${stale}, a temporary file left by an interrupted run.\n`);
    expect(spy).not.toHaveBeenCalled();
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(written)).toBe(true);
  }

  test.each(Object.keys(WRITERS))("%s: a stale temporary file removed is said on the run's stderr", async (command) => {
    const o = out(`${command.replace(/\W+/g, "-")}-notice.xlsx`);
    const argv = await WRITERS[command](o);
    // The file the command writes: the one after -o (--out).
    await besideStale(command, argv, argv[argv.findIndex((a) => a === "-o" || a === "--out") + 1]);
  });

  test.each(COMMANDS)("%s --dry-run --save-mapping: the mapping file's writer says it too", async (command) => {
    const saved = out(`${command}-saved.json`);
    const argv = (await RUNS[command](out(`${command}-unwritten.xlsx`))).slice(0, -2);
    await besideStale(`${command}-map`, [...argv, "--dry-run", "--save-mapping", saved], saved);
  });
});
