/**
 * The pane's side of closure you can prove, against the fake Excel: signing with the
 * machine's key, receipts, text kept as text, and a failure at every operation index of the
 * close and reopen batches leaving either the old state or an unfinished operation that
 * verify recognises and the pane finishes or undoes.
 */
import { createWorkbook, fakeRun, FakeValue, FakeWorkbook, sheetValues } from "../support/fakeExcel";
import * as commands from "../../taskpane/commands";
import { readWorkbook, Run } from "../../taskpane/adapter";
import { controllerSigner, memoryKeyStore } from "../../taskpane/keys";
import { publicKeyFile, Signer } from "../../src/governance/signing";
import { CLIENT_HEADERS } from "../support/client";
import { isRefusal, refusalText } from "../../src/errors";
import * as reference from "../governance/reference";
import { registerFrom } from "../../src/governance/commands";
import { readIdentity } from "../../src/governance/identity";
import { forkWorkbook } from "../../src/governance/closure";

const clock = { now: () => new Date("2026-11-25T10:00:00.000Z") };
const later = { now: () => new Date("2026-11-26T10:00:00.000Z") };

function clientRows(n: number): FakeValue[][] {
  const rows: FakeValue[][] = [CLIENT_HEADERS];
  for (let i = 0; i < n; i++) {
    const realized = i % 3 === 0;
    rows.push([`BU ${i % 2}`, `WS ${i % 3}`, `Project ${i}`, "Lever", `Initiative ${i}`, "Ana", "Ben"]);
    rows[rows.length - 1].push(realized ? "L4" : "L3", 1000, 900, 100, 100, 46300);
  }
  return rows;
}

let base: FakeWorkbook;
let ids: string[];
let carla: Signer;

beforeAll(async () => {
  base = createWorkbook({ Client: clientRows(7) }, { sheet: "Client", address: "B3" });
  const run = fakeRun(base);
  const sel = await commands.readSelectedTable(run);
  if (isRefusal(sel)) throw new Error(refusalText(sel));
  expect((await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso")).ok).toBe(true);
  const data = await readWorkbook(run, ["Register"]);
  ids = data.sheets
    .get("Register")!
    .grid.filter((r) => r[1] === "Measure" && r[7] === "L4 Realized")
    .map((r) => String(r[0]))
    .slice(0, 2);
  expect(ids).toHaveLength(2);
  carla = (await controllerSigner(memoryKeyStore(), "Carla", clock.now())).signer;
});

const copy = (wb: FakeWorkbook): FakeWorkbook => structuredClone(wb);

/** A run whose `n`-th call (1-based) fails after `ops` operations of its batch. */
function failing(wb: FakeWorkbook, n: number, ops: number): Run {
  const run = fakeRun(wb);
  let calls = 0;
  return (batch) => {
    if (++calls === n) wb.failAfterOps = ops;
    return run(batch);
  };
}

const closeBoth = (run: Run, password?: string) =>
  commands.close(
    run,
    ids.map((id) => ({ id, confirmed: 100 })),
    "Carla",
    "",
    password,
    clock,
    carla,
  );

describe("signing in the pane", () => {
  test("the first close makes the machine's key; later closes reuse it; a lost store means a new key, recorded", async () => {
    const store = memoryKeyStore();
    const wb = copy(base);
    const first = await controllerSigner(store, "Carla", clock.now());
    expect(first.created).toBe(true);
    const again = await controllerSigner(store, " carla ", clock.now());
    expect(again).toMatchObject({ created: false });
    expect(again.signer.keyId).toBe(first.signer.keyId);
    expect(JSON.parse(first.publicKeyFile)).toEqual({
      controller: "Carla",
      keyId: first.signer.keyId,
      jwk: first.signer.publicJwk,
      created: "2026-11-25T10:00:00.000Z",
    });
    expect(reference.keyId(first.signer.publicJwk)).toBe(first.signer.keyId);
    const out = await commands.close(
      fakeRun(wb),
      [{ id: ids[0], confirmed: 100 }],
      "Carla",
      "",
      undefined,
      clock,
      first.signer,
    );
    expect(out).toMatchObject({ ok: true, keyId: first.signer.keyId });
    expect(out.message).toContain(`Signed with key ${first.signer.keyId.slice(0, 12)}.`);
    expect(out.receipts).toEqual([
      expect.objectContaining({ seq: 1, measureId: ids[0], action: "close", keyId: first.signer.keyId }),
    ]);
    const lost = await controllerSigner(memoryKeyStore(), "Carla", later.now());
    expect(lost.signer.keyId).not.toBe(first.signer.keyId);
    const second = await commands.close(
      fakeRun(wb),
      [{ id: ids[1], confirmed: 100 }],
      "Carla",
      "",
      undefined,
      later,
      lost.signer,
    );
    expect(second.ok).toBe(true);
    const controllers = sheetValues(wb, "Controllers");
    expect(controllers.map((r) => r.slice(0, 2))).toEqual([
      ["Controller", "Key ID"],
      ["Carla", first.signer.keyId],
      ["Carla", lost.signer.keyId],
    ]);
    expect(String(controllers[2][4])).toMatch(/^New key for this controller/);
    const v = await commands.verify(fakeRun(wb));
    expect(v).toMatchObject({ ok: true, verification: { signatures: { valid: 2, invalid: 0, unsigned: 0 } } });
    expect(v).toMatchObject({ ok: true, warning: true });
    expect(v.message).toBe(
      "Consistent, not proven: the keys that signed are listed only in this workbook; choose the trust roster (the controllers' .pub.json files) next to Verify to prove who signed. Checked: 2 closures, 2 signed by keys not checked against a trust roster, trail not checked against receipts.",
    );
    // With the roster the user chose (the public key files, as the pane saves them): proven.
    const files = [first, lost].map((k, i) => ({
      name: `carla-${i}.pub.json`,
      text: JSON.stringify(publicKeyFile(k.signer, clock.now().toISOString())),
    }));
    const roster = await commands.rosterFromFiles(files);
    if ("problem" in roster) throw new Error(roster.problem);
    const proven = await commands.verify(fakeRun(wb), roster);
    expect(proven).toMatchObject({ ok: true, warning: false });
    expect(proven.message).toBe(
      "Proven: 2 closures signed by trusted controllers, trail not checked against receipts.",
    );
    // A roster without the second key: that entry is signed by a key not in the roster.
    const partial = await commands.rosterFromFiles(files.slice(0, 1));
    const failed = await commands.verify(fakeRun(wb), partial as never);
    expect(failed.ok).toBe(false);
    expect(await commands.rosterFromFiles([{ name: "x.json", text: "{" }])).toEqual({
      problem: expect.stringMatching(/^The trust roster x\.json is not a public key file: /),
    });
  });

  test("a key of another controller is refused", async () => {
    const dave = (await controllerSigner(memoryKeyStore(), "Dave", clock.now())).signer;
    const out = await commands.close(
      fakeRun(copy(base)),
      [{ id: ids[0], confirmed: 100 }],
      "Carla",
      "",
      undefined,
      clock,
      dave,
    );
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/The key is Dave's/);
  });
});

describe("text a user types is written as text", () => {
  test("the fake coerces like Excel: '=...' through values becomes a formula, '38000' a number", async () => {
    const wb = createWorkbook({ S: [[""]] });
    await fakeRun(wb)(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A1:B1").values = [["=1+1", "38000"]];
      await context.sync();
    });
    expect(wb.sheets[0].cells.get("0,0")!.formula).toBe("=1+1");
    expect(wb.sheets[0].cells.get("0,1")!.value).toBe(38000);
  });

  test("a controller named like a formula and a numeric reason stay text; verify is intact", async () => {
    const wb = copy(base);
    const name = '=HYPERLINK("http://x","C")';
    const signer = (await controllerSigner(memoryKeyStore(), name, clock.now())).signer;
    const out = await commands.close(
      fakeRun(wb),
      [{ id: ids[0], confirmed: 150 }],
      name,
      "38000",
      undefined,
      clock,
      signer,
    );
    expect(out.ok).toBe(true);
    const reg = wb.sheets.find((s) => s.name === "Register")!;
    const row = sheetValues(wb, "Register").findIndex((r) => r[0] === ids[0]);
    expect(reg.cells.get(`${row},15`)).toMatchObject({ value: name, formula: undefined });
    expect(reg.cells.get(`${row},17`)).toMatchObject({ value: "38000", formula: undefined });
    const audit = wb.sheets.find((s) => s.name === "Audit")!;
    expect(audit.cells.get("1,4")).toMatchObject({ value: name, formula: undefined });
    expect(audit.cells.get("1,6")).toMatchObject({ value: "38000" });
    expect((await commands.verify(fakeRun(wb))).verification).toMatchObject({ intact: true, tampered: [] });
  });
});

describe("a failure at every operation index", () => {
  test("close: the old state, or an unfinished closure that Finish completes and Undo reverses", async () => {
    let unfinished = 0;
    let old = 0;
    let ops = 0;
    for (; ops < 500; ops++) {
      const wb = copy(base);
      const out = await closeBoth(failing(wb, 2, ops));
      if (out.ok) break;
      expect(out.message).toContain("connection was lost");
      const v = await commands.verify(fakeRun(wb));
      expect(v.verification!.tampered).toEqual([]);
      if (v.ok) {
        // Before the audit rows: the old state; after the last register cell (during the
        // protection): the whole closure, only the locks missing.
        expect([0, 2]).toContain(v.verification!.closed);
        if (v.verification!.closed === 0) old++;
        continue;
      }
      unfinished++;
      expect(v.message).toMatch(/^Unfinished: /);
      const undoWb = copy(wb);
      const finish = await commands.finishPending(fakeRun(wb));
      expect(finish.ok).toBe(true);
      expect((await commands.verify(fakeRun(wb))).verification).toMatchObject({ intact: true, closed: 2 });
      if (v.verification!.unfinished.length === 1) {
        const undo = await commands.undoPending(fakeRun(undoWb), "Carla", undefined, later, carla);
        expect(undo.ok).toBe(true);
        expect((await commands.verify(fakeRun(undoWb))).verification).toMatchObject({ intact: true });
      }
    }
    expect(ops).toBeGreaterThan(10);
    expect(ops).toBeLessThan(500);
    expect(old).toBeGreaterThan(0);
    expect(unfinished).toBeGreaterThan(0);
  });

  test("reopen: the old state, or an unfinished reopen that Finish completes and Undo reverses", async () => {
    const closed = copy(base);
    expect((await closeBoth(fakeRun(closed))).ok).toBe(true);
    let unfinished = 0;
    let ops = 0;
    for (; ops < 500; ops++) {
      const wb = copy(closed);
      const out = await commands.reopen(failing(wb, 2, ops), ids[0], "Carla", "Restated", undefined, later, carla);
      if (out.ok) break;
      const v = await commands.verify(fakeRun(wb));
      expect(v.verification!.tampered).toEqual([]);
      if (v.ok) {
        expect([1, 2]).toContain(v.verification!.closed);
        continue;
      }
      unfinished++;
      expect(v.verification!.unfinished).toEqual([{ id: ids[0], action: "reopen", seq: 3 }]);
      const undoWb = copy(wb);
      const third = { now: () => new Date("2026-11-27T10:00:00.000Z") };
      expect((await commands.undoPending(fakeRun(undoWb), "Carla", undefined, third, carla)).ok).toBe(true);
      expect((await commands.verify(fakeRun(undoWb))).verification).toMatchObject({ intact: true, closed: 2 });
      expect((await commands.finishPending(fakeRun(wb))).ok).toBe(true);
      expect((await commands.verify(fakeRun(wb))).verification).toMatchObject({ intact: true, closed: 1 });
    }
    expect(ops).toBeGreaterThan(5);
    expect(unfinished).toBeGreaterThan(0);
  });
});

describe("closed cells hold values, and the workbook has an identity (issue 25)", () => {
  /** The fake's Register cell of a measure's column: what a user typing a formula leaves there. */
  function putFormula(wb: FakeWorkbook, id: string, column: number, formula: string, cached: FakeValue) {
    const sheet = wb.sheets.find((s) => s.name === "Register")!;
    const row = sheetValues(wb, "Register").findIndex((r) => r[0] === id);
    sheet.cells.set(`${row},${column}`, { value: cached, formula, locked: true });
  }
  const CONFIRMED = 14;
  const BASELINE = 10;

  test("the first close writes the Identity sheet; entries name its Workbook ID", async () => {
    const wb = copy(base);
    expect((await closeBoth(fakeRun(wb))).ok).toBe(true);
    const identity = sheetValues(wb, "Identity");
    expect(identity[0][0]).toBe("Workbook ID");
    expect(String(identity[0][1])).toMatch(/^[0-9a-f]{32}$/);
    expect(wb.sheets.find((s) => s.name === "Identity")!.protected).toBe(true);
    const audit = sheetValues(wb, "Audit");
    expect(audit.slice(1).map((r) => r[13])).toEqual([identity[0][1], identity[0][1]]);
  });

  test("Verify accepts a trail across a deliberate fork and reports the fork", async () => {
    const wb = copy(base);
    expect((await closeBoth(fakeRun(wb))).ok).toBe(true);
    const data = await readWorkbook(fakeRun(wb), ["Register", "Audit", "Identity"]);
    const grid = (name: string) => data.sheets.get(name)!.grid;
    const rows = registerFrom(grid("Register"));
    if (isRefusal(rows)) throw new Error();
    const parent = readIdentity(grid("Identity"))!;
    const child = "d".repeat(32);
    // The fork as upgrade --new-identity makes it (the command line's; the pane does not fork).
    const fork = await forkWorkbook(rows, grid("Audit"), {
      controller: "Carla",
      at: later.now().toISOString(),
      signer: carla,
      identity: parent,
      newWorkbookId: child,
    });
    if (isRefusal(fork)) throw new Error(fork.reasons.join(" "));
    const put = (name: string, firstRow: number, lines: readonly (readonly unknown[])[]) => {
      const sheet = wb.sheets.find((s) => s.name === name)!;
      lines.forEach((line, r) =>
        line.forEach(
          (value, c) =>
            value !== undefined && sheet.cells.set(`${firstRow - 1 + r},${c}`, { value: value as FakeValue }),
        ),
      );
    };
    put("Audit", fork.auditFirstRow, fork.auditAppend);
    put("Identity", 1, fork.identity!.cells as unknown[][]);
    const v = await commands.verify(fakeRun(wb));
    expect(v.verification!.tampered).toEqual([]);
    expect(v.message).toContain(
      `Forked at Seq 3 (audit row 4): a deliberate copy of workbook ${parent.id} given the Workbook ID ${child}; the entries above it carry the parent's ID.`,
    );
  });

  test("a formula in a closed cell fails Verify: closed data must be values", async () => {
    const wb = copy(base);
    expect((await closeBoth(fakeRun(wb))).ok).toBe(true);
    putFormula(wb, ids[0], CONFIRMED, "=IF(TODAY()>1,1000,100)", 100);
    const v = await commands.verify(fakeRun(wb));
    expect(v.ok).toBe(false);
    expect(v.verification!.tampered.map((t) => t.reason)).toEqual([
      `${ids[0]}: Confirmed Savings holds the formula =IF(TODAY()>1,1000,100): closed data must be values; recalculated, the row would no longer show what was closed.`,
    ]);
  });

  test("close refuses a row whose hashed cells hold formulas", async () => {
    const wb = copy(base);
    putFormula(wb, ids[0], BASELINE, "=999+1", 1000);
    const out = await closeBoth(fakeRun(wb));
    expect(out.ok).toBe(false);
    expect(out.message).toContain(`${ids[0]}: Baseline Cost holds the formula =999+1: closed data must be values`);
    expect(wb.sheets.some((s) => s.name === "Audit")).toBe(false);
  });
});
