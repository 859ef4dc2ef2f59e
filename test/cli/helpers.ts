/** Shared helpers of the command-line tests: temp dirs, an in-process run with captured output. */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../cli/main";
import { Io, registerRows } from "../../cli/commands";
import { openWorkbook } from "../../cli/xlsx";
import { reconcileRow } from "../../src/governance/values";
import { suggestMapping } from "../../src/governance/mapping";
import { sampleClientSheet } from "../../src/demo/sample";
import { writeSourceTable } from "../../cli/xlsx";
import { Workbook } from "exceljs";
import JSZip from "jszip";
import { serialFromIso } from "../../src/serial";
import { EXAMPLE_MARK } from "../../src/exampleMark";

/** The fixed clock of the tests. */
export const NOW = new Date("2026-11-25T10:00:00.000Z");

/** What one in-process run printed and returned. */
/** The ticket clock of the small exports the tests make: New starts it, Resolved stops it, P1 has 4 hours. */
export const CLOCK_P1 = ["--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=4"] as const;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in-process with captured output and the fixed clock. */
export function cli(...argv: string[]): Promise<Run> {
  return cliAt(NOW, ...argv);
}

/** Runs the command line in-process with captured output and the given clock. */
export async function cliAt(now: Date, ...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    progress: () => undefined,
    now: () => now,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sla-cli-"));
}

/**
 * A temporary directory for a test file's tests, made before them and removed after them,
 * with `file` (writes a text, returns its path) and `out` (a path in it, nothing written).
 */
export function tempFolder(): {
  dir: () => string;
  file: (name: string, text: string) => string;
  out: (name: string) => string;
} {
  let dir = "";
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);
  return {
    dir: () => dir,
    out,
    file: (name, text) => {
      fs.writeFileSync(out(name), text);
      return out(name);
    },
  };
}

/** sha256 of every file in a folder, by name: a dry run or a refused run must leave it exactly as it was. */
export function folderState(folder: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(folder)
      .sort()
      .map((f) => [
        f,
        createHash("sha256")
          .update(fs.readFileSync(path.join(folder, f)))
          .digest("hex"),
      ]),
  );
}

/** The results a `results --json` run read, as [period, service, result] triples. */
export function resultFigures(stdout: string): [string, string, number][] {
  return JSON.parse(stdout).results.map((r: { period: string; service: string; result: number }) => [
    r.period,
    r.service,
    r.result,
  ]);
}

/** The Results sheet a command wrote, as [Service ID, Result] by row below its header. */
export async function writtenResults(file: string): Promise<unknown[][]> {
  const grid = (await openWorkbook(file)).grid("Results")!;
  return grid.slice(1).map((r) => [r[1], r[2]]);
}

/** Writes rows (row 1 first; a Date cell is a date cell) into a one-sheet .xlsx, with merged areas; returns the file. */
export async function writeRows(
  file: string,
  rows: unknown[][],
  sheet: string,
  merges: string[] = [],
): Promise<string> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  rows.forEach((r, i) => (ws.getRow(i + 1).values = r as never));
  for (const m of merges) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Writes the sample client workbook (dates formatted as dates) and returns its path. */
export async function writeSample(dir: string, initiatives = 40, defects = true, name = "client.xlsx") {
  const table = sampleClientSheet({ initiatives, seed: 11, defects });
  const m = suggestMapping(table.headers);
  const file = path.join(dir, name);
  await writeSourceTable(table, file, [m.due!, m.done!]);
  return { file, table };
}

/** A measure a test closes: its ID, the planned savings it reconciles at, its Register sheet row. */
export interface Pick {
  readonly id: string;
  readonly planned: number;
  readonly baseline: number;
  readonly sheetRow: number;
}

/** Writes the sample, upgrades it into `governed`, and picks `n` realized measures that reconcile at plan. */
export async function governedSample(dir: string, governed: string, n: number): Promise<Pick[]> {
  const client = (await writeSample(dir, 40, false)).file;
  const upgraded = await cli("upgrade", client, "--org", "Contoso", "-o", governed);
  if (upgraded.code !== 0) throw new Error(upgraded.stderr);
  const picks = registerRows(await openWorkbook(governed))
    .map((r, i) => ({ r, sheetRow: i + 2 }))
    .filter(({ r }) => r.level === "Measure" && r.gate === "L4 Realized")
    .filter(({ r }) => reconcileRow({ ...r, confirmed: r.planned }) === "Reconciled")
    .slice(0, n)
    .map(({ r, sheetRow }) => ({
      id: String(r.id),
      planned: Number(r.planned),
      baseline: Number(r.baseline),
      sheetRow,
    }));
  if (picks.length !== n) throw new Error(`the sample has only ${picks.length} measures to close`);
  return picks;
}

/** A written sheet's rows as values (dates as serials), row 1 first; throws when the sheet is missing. */
export async function sheetRows(book: string, name: string): Promise<unknown[][]> {
  const wb = new Workbook();
  await wb.xlsx.readFile(book);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  ws.eachRow((row, r) => {
    rows[r - 1] = (row.values as unknown[])
      .slice(1)
      .map((v) => (v instanceof Date ? serialFromIso(v.toISOString()) : v));
  });
  return rows;
}

/**
 * A sheet's part as written, found by its name (workbook.xml's sheet through its relationship),
 * and, with `edit`, the file rewritten to `out` with that part edited (the rest as it was).
 */
export async function sheetPart(
  file: string,
  name: string,
  edit?: { xml: (xml: string) => string; out: string },
): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const book = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const id = new RegExp(`<sheet name="${name}"[^>]*r:id="([^"]*)"`).exec(book)![1];
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)![1].replace(/^\/?(xl\/)?/, "");
  const xml = await zip.file(`xl/${target}`)!.async("string");
  if (edit) {
    zip.file(`xl/${target}`, edit.xml(xml));
    fs.writeFileSync(edit.out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  }
  return xml;
}

/** The widths a sheet part's `<cols>` gives, by 0-based column (a hole: none given). */
export function colWidths(xml: string): (number | undefined)[] {
  const widths: (number | undefined)[] = [];
  for (const [col] of xml.matchAll(/<col\b[^>]*\/>/g)) {
    const at = (a: string) => Number(new RegExp(`\\b${a}="([^"]*)"`).exec(col)![1]);
    for (let c = at("min"); c <= Math.min(at("max"), 64); c++) widths[c - 1] = at("width");
  }
  return widths;
}

/**
 * Makes new-contract's Services and Results example rows, its Contract figures and its Register
 * organization the user's own, as a user would: the service renamed, the result's source typed,
 * the Contract's Example cells (column C) cleared to keep its figures, and the organization
 * given the user's name (readers leave unedited examples out).
 */
export function editContractExamples(wb: Workbook): Workbook {
  wb.getWorksheet("Services")!.getCell("B2").value = "Contoso Service Desk";
  wb.getWorksheet("Results")!.getCell("D2").value = "October report";
  wb.getWorksheet("Contract")!.eachRow((row) => (row.getCell(3).value = null));
  const register = wb.getWorksheet("Register")!;
  if (register.getCell("T2").value === EXAMPLE_MARK) register.getCell("D2").value = "Contoso Holdings";
  return wb;
}

/**
 * Writes a governed workbook for the results command: SL-001 "Service Desk" (%, thresholds
 * 98.5/98/95) and SL-002 "Restore time" (hours, 4/6/8), and one typed result for January 2024.
 */
export async function writeResultsContract(dir: string): Promise<string> {
  const wb = new Workbook();
  const services = wb.addWorksheet("Services");
  services.addRow([
    "ID",
    "Service",
    "Business Process",
    "Provider",
    "Agreement",
    "Supports SL",
    "Metric",
    "Unit",
    "Direction",
    "Expected",
    "Minimum",
    "Significant Minimum",
  ]);
  services.addRow(["SL-001", "Service Desk", "", "", "SLA", "", "Resolved in time", "%", ">=", 0.985, 0.98, 0.95]);
  services.addRow(["SL-002", "Restore time", "", "", "SLA", "", "Hours to restore", "hours", "<=", 4, 6, 8]);
  const results = wb.addWorksheet("Results");
  results.addRow(["Period", "Service ID", "Result", "Source"]);
  results.addRow([new Date(Date.UTC(2024, 0, 1)), "SL-001", 0.5, "typed"]);
  const file = path.join(dir, `contract-${Math.random().toString(36).slice(2)}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}
