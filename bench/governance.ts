/**
 * Governance at scale: upgrade and roll-up of 10,000 measures in the core (time, side by side
 * with a plain pass over the same rows), and the same upgrade, validation and dashboard
 * through the task pane's Office.js adapter against the fake Excel (syncs per command).
 */
import { performance } from "perf_hooks";
import { sampleClientSheet } from "../src/demo/sample";
import { suggestMapping } from "../src/governance/mapping";
import { upgradeSheet } from "../src/governance/upgrade";
import { rollUp } from "../src/governance/rollup";
import { validateRegister } from "../src/governance/validate";
import { createWorkbook, fakeRun, FakeValue } from "../test/support/fakeExcel";
import * as commands from "../taskpane/commands";
import { isRefusal } from "../src/errors";
import { record } from "./support";

const MEASURES = 10_000;
const AS_OF = 46300;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

async function main(): Promise<void> {
  const source = sampleClientSheet({ initiatives: MEASURES, seed: 7 });
  const mapping = suggestMapping(source.headers);
  // warm-up on a small sheet so both sides run compiled code
  upgradeSheet(sampleClientSheet({ initiatives: 500, seed: 1 }), mapping, []);

  const [plain, tPlain] = time(() => {
    let n = 0;
    for (const row of source.rows) for (const cell of row) if (cell !== null && cell !== "") n++;
    return n;
  });
  const [up, tUpgrade] = time(() => upgradeSheet(source, mapping, []));
  const [, tReup] = time(() => upgradeSheet(source, mapping, up.rows));
  const [findings, tValidate] = time(() => validateRegister(up.rows));
  const [roll, tRoll] = time(() => rollUp(up.rows, AS_OF));

  console.log(`Governance core, ${MEASURES} measures (${up.rows.length} register rows, ${plain} source cells)`);
  console.log(`  plain pass over the source cells     ${tPlain.toFixed(1).padStart(8)} ms`);
  console.log(`  upgrade (first run)                  ${tUpgrade.toFixed(1).padStart(8)} ms`);
  console.log(`  upgrade again (idempotent)           ${tReup.toFixed(1).padStart(8)} ms`);
  console.log(
    `  validate (${String(findings.length).padStart(5)} findings)            ${tValidate.toFixed(1).padStart(8)} ms`,
  );
  console.log(`  roll-up (${roll.items.length} items)                ${tRoll.toFixed(1).padStart(8)} ms`);

  const grid: FakeValue[][] = [source.headers.slice(), ...source.rows.map((r) => r.map((v) => (v === null ? "" : v)))];
  const wb = createWorkbook({ [source.sheet]: grid }, { sheet: source.sheet, address: "A1" });
  const run = fakeRun(wb);
  const syncs: [string, number][] = [];
  const count = async (label: string, fn: () => Promise<unknown>) => {
    const before = wb.syncs;
    const t0 = performance.now();
    await fn();
    syncs.push([`${label} (${(performance.now() - t0).toFixed(0)} ms with the fake)`, wb.syncs - before]);
  };
  let picked: Awaited<ReturnType<typeof commands.readSelectedTable>> | undefined;
  await count("read the selected table", async () => (picked = await commands.readSelectedTable(run)));
  if (!picked || isRefusal(picked)) throw new Error("no table");
  const sel = picked;
  await count("upgrade", () => commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso"));
  await count("validate", () => commands.validate(run));
  await count("dashboard", () => commands.refreshDashboard(run, { now: () => new Date("2026-10-01T00:00:00Z") }));
  await count("verify", () => commands.verify(run));
  console.log(`Task pane adapter, ${MEASURES} measures: context.sync() calls per command (goal <= 5)`);
  for (const [label, n] of syncs) console.log(`  ${label.padEnd(48)} ${n}`);
  const ms = (t: number) => `${t.toFixed(0)} ms`;
  record([
    {
      what: `Upgrade of ${MEASURES.toLocaleString("en-US")} measures in the library (${up.rows.length.toLocaleString("en-US")} register rows)`,
      measured: `${ms(tUpgrade)} (again, idempotent: ${ms(tReup)}); validate ${ms(tValidate)}; roll-up ${ms(tRoll)}`,
      goal: "",
    },
    {
      what: "The same through the task pane's adapter: `context.sync()` calls per command",
      measured: syncs.map(([label, n]) => `${label.replace(/ \(.*$/, "")} ${n}`).join(", "),
      goal: "at most 5",
    },
  ]);
}

void main();
