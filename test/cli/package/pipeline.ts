/**
 * Every writing command run over one client workbook, one after another, for the package
 * writer's tests: a client table added beside the client's own sheets, then the real commands
 * upgrade, close, tickets --workbook, new-contract --workbook and review, in-process (the
 * command line's own main, as the user runs it, without a process per run). Each step's
 * output is the next one's input; between new-contract and review the contract is filled in
 * (what a person types in Excel, written here by plan), and review reads that.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { cli, Run } from "../helpers";
import { openWorkbook, sourceTablePlan, writeWorkbook } from "../../../cli/xlsx";
import { registerRows } from "../../../cli/commands";
import { sampleClientSheet } from "../../../src/demo/sample";
import { suggestMapping } from "../../../src/governance/mapping";
import { levelOf } from "../../../src/governance/register";
import { parseAmount, parseGate, reconcileRow } from "../../../src/governance/values";
import { contractSheetPlans, sampleContract } from "../../../src/service/sample";

/** Parts every write may rewrite: the package's index parts. */
export const INDEX_PARTS = new Set([
  "[Content_Types].xml",
  "_rels/.rels",
  "xl/workbook.xml",
  "xl/_rels/workbook.xml.rels",
  "docProps/app.xml",
  "xl/styles.xml",
]);

/** Each part's uncompressed bytes. */
export async function partsOf(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files)) {
    if (!zip.files[name].dir) out.set(name, await zip.file(name)!.async("nodebuffer"));
  }
  return out;
}

/**
 * The client's parts that are not the same bytes in the output (missing or changed), leaving
 * out index parts and the calculation chain (Excel's list of formula cells, which loses the
 * cells of the sheets a command writes).
 */
export async function changedClientParts(input: string, output: string, owned: ReadonlySet<string> = new Set()) {
  const [a, b] = [await partsOf(input), await partsOf(output)];
  const changed: string[] = [];
  for (const [name, bytes] of a) {
    if (INDEX_PARTS.has(name) || owned.has(name) || /calcChain\.xml$/.test(name)) continue;
    const after = b.get(name);
    if (!after || !after.equals(bytes)) changed.push(name);
  }
  return changed;
}

/**
 * The parts of an output that are not byte-identical to a part of the input (new or
 * rewritten): the ones a schema check still has to look at once the input's own parts
 * validated and the output's client parts are proven identical to them.
 */
export async function newParts(input: string, output: string): Promise<string[]> {
  const [a, b] = [await partsOf(input), await partsOf(output)];
  return [...b].filter(([name, bytes]) => !a.get(name)?.equals(bytes)).map(([name]) => name);
}

/** Rewrites one part of a package (a test's way of planting what Excel or a user would). */
export async function withPart(file: string, part: string, edit: (xml: string) => string, out: string): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  zip.file(part, edit(await zip.file(part)!.async("string")));
  fs.writeFileSync(out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}

/** One step's output. */
export interface Step {
  readonly command: string;
  readonly file: string;
  /** The measure a closing step closed. */
  readonly measure?: string;
}

/** A CSV export of three tickets (ServiceNow's shape). */
const EXPORT = [
  '"number","priority","state","sys_updated_on"',
  '"INC1","1 - Critical","New","2024-03-04 09:00:00"',
  '"INC1","1 - Critical","Resolved","2024-03-04 12:00:00"',
  '"INC2","2 - High","New","2024-03-05 09:00:00"',
  "",
].join("\r\n");

/** The commands runPipeline runs, in order (close only when a measure can be closed). */
export const PIPELINE_COMMANDS = ["upgrade", "close", "tickets --workbook", "new-contract --workbook", "review"];

/** `tickets --workbook` with a three-ticket export (written beside the output) into a copy of `workbook`. */
export async function ticketsInto(workbook: string, out: string): Promise<Run> {
  const csv = out.replace(/\.xlsx$/i, ".csv");
  fs.writeFileSync(csv, EXPORT);
  return cli(
    "tickets",
    csv,
    "--workbook",
    workbook,
    "--start",
    "New",
    "--pause",
    "On Hold",
    "--stop",
    "Resolved",
    "--targets",
    "1 - Critical=4,2 - High=8",
    "--calendar",
    "Mon-Fri 08:00-18:00",
    "--tz",
    "UTC",
    "-o",
    out,
  );
}

/**
 * Runs every writing command over a client workbook. The client's own parts must come out of
 * each step unchanged; the caller checks each output.
 * @returns The outputs, in order.
 */
export async function runPipeline(client: string, dir: string): Promise<Step[]> {
  const steps: Step[] = [];
  const expectOk = (command: string, run: { code: number; stderr: string }) => {
    if (run.code !== 0) throw new Error(`${command} on ${path.basename(client)}: exit ${run.code}: ${run.stderr}`);
  };
  // A consultant adds the initiatives table as a sheet of its own.
  const table = { ...sampleClientSheet({ initiatives: 12, seed: 3, defects: false }), sheet: "Initiatives SLA" };
  const m = suggestMapping(table.headers);
  const prepared = path.join(dir, "prepared.xlsx");
  await writeWorkbook(client, prepared, { plans: [sourceTablePlan(table, [m.due!, m.done!])], addin: false });

  const upgraded = path.join(dir, "upgraded.xlsx");
  expectOk("upgrade", await cli("upgrade", prepared, "--sheet", table.sheet, "--org", "Contoso", "-o", upgraded));
  steps.push({ command: "upgrade", file: upgraded });

  const rows = registerRows(await openWorkbook(upgraded));
  const pick = rows.find(
    (r) =>
      levelOf(r) === "Measure" &&
      parseGate(r.gate) === "L4 Realized" &&
      reconcileRow({ ...r, confirmed: r.planned }) === "Reconciled",
  );
  const closed = path.join(dir, "closed.xlsx");
  if (pick) {
    const amount = String(parseAmount(pick.planned));
    const run = await cli(
      "close",
      upgraded,
      "--measure",
      String(pick.id),
      "--controller",
      "C",
      "--confirmed",
      amount,
      "--unsigned",
      "-o",
      closed,
    );
    expectOk("close", run);
    steps.push({ command: "close", file: closed, measure: String(pick.id) });
  }
  const last = steps[steps.length - 1].file;

  const ticketed = path.join(dir, "tickets.xlsx");
  expectOk("tickets", await ticketsInto(last, ticketed));
  steps.push({ command: "tickets --workbook", file: ticketed });

  // The contract sheets added to the governed workbook, one example row each.
  const contract = path.join(dir, "contract.xlsx");
  expectOk("new-contract --workbook", await cli("new-contract", "--workbook", ticketed, "-o", contract));
  steps.push({ command: "new-contract --workbook", file: contract });

  // The consultant fills in the contract (services, thresholds, results) over the example rows:
  // typed by a person in Excel, here written by plan.
  const filled = path.join(dir, "filled.xlsx");
  const items = rows.filter((r) => levelOf(r) === "Program").map((r) => String(r.id));
  await writeWorkbook(contract, filled, {
    plans: contractSheetPlans(sampleContract({ lastPeriod: "2026-10", registerIds: items.slice(0, 3) })),
  });

  const reviewed = path.join(dir, "reviewed.xlsx");
  const review = await cli("review", filled, "--period", "2026-10", "--as-of", "2026-11-05", "-o", reviewed);
  if (review.code !== 0 && review.code !== 1) throw new Error(`review: exit ${review.code}: ${review.stderr}`);
  steps.push({ command: "review", file: reviewed });
  return steps;
}
