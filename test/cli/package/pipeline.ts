/**
 * Every writing command run over one client workbook, one after another, for the package
 * writer's tests: a client table added beside the client's own sheets, then upgrade, close,
 * tickets --workbook, the contract sheets, review. Each step's output is the next one's input.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { cli } from "../helpers";
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
 * out index parts and the calculation chain (Excel's cache, dropped when formulas change).
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

/** One step's output. */
export interface Step {
  readonly command: string;
  readonly file: string;
}

/** A CSV export of three tickets (ServiceNow's shape). */
const EXPORT = [
  '"number","priority","state","sys_updated_on"',
  '"INC1","1 - Critical","New","2024-03-04 09:00:00"',
  '"INC1","1 - Critical","Resolved","2024-03-04 12:00:00"',
  '"INC2","2 - High","New","2024-03-05 09:00:00"',
  "",
].join("\r\n");

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
    steps.push({ command: "close", file: closed });
  }
  const last = steps[steps.length - 1].file;

  const csv = path.join(dir, "export.csv");
  fs.writeFileSync(csv, EXPORT);
  const ticketed = path.join(dir, "tickets.xlsx");
  expectOk(
    "tickets",
    await cli(
      "tickets",
      csv,
      "--workbook",
      last,
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
      ticketed,
    ),
  );
  steps.push({ command: "tickets --workbook", file: ticketed });

  // The contract sheets (new-contract has no --workbook yet: the same sheets written by plan).
  const contract = path.join(dir, "contract.xlsx");
  const items = rows.filter((r) => levelOf(r) === "Program").map((r) => String(r.id));
  await writeWorkbook(ticketed, contract, {
    plans: contractSheetPlans(sampleContract({ lastPeriod: "2026-10", registerIds: items.slice(0, 3) })),
  });
  steps.push({ command: "contract sheets", file: contract });

  const reviewed = path.join(dir, "reviewed.xlsx");
  const review = await cli("review", contract, "--period", "2026-10", "--as-of", "2026-11-05", "-o", reviewed);
  if (review.code !== 0 && review.code !== 1) throw new Error(`review: exit ${review.code}: ${review.stderr}`);
  steps.push({ command: "review", file: reviewed });
  return steps;
}
