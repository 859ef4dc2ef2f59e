/**
 * The task pane's commands against a fake Excel that refuses reads of unloaded properties,
 * applies writes only at sync, and counts syncs.
 */
import { createWorkbook, fakeRun, FakeValue, FakeWorkbook, sheetValues } from "../support/fakeExcel";
import * as commands from "../../taskpane/commands";
import { readWorkbook } from "../../taskpane/adapter";
import { REGISTER_COLUMNS } from "../../src/governance/model";
import { CLIENT_HEADERS } from "../support/client";
import { isRefusal, refusalText } from "../../src/errors";

const clock = { now: () => new Date("2026-11-25T10:00:00.000Z") };
const HEADERS = CLIENT_HEADERS;

function clientRows(n: number): FakeValue[][] {
  const rows: FakeValue[][] = [HEADERS];
  for (let i = 0; i < n; i++) {
    const realized = i % 3 === 0;
    rows.push([
      `BU ${i % 4}`,
      `WS ${i % 7}`,
      `Project ${i % 13}`,
      `Lever ${i % 5}`,
      `Initiative ${i}`,
      "Ana",
      "Ben",
      realized ? "L4" : "L3",
      1000,
      900,
      100,
      realized ? 100 : 70,
      46300 + (i % 40),
    ]);
  }
  return rows;
}

async function upgraded(n: number): Promise<FakeWorkbook> {
  const wb = createWorkbook({ Client: clientRows(n) }, { sheet: "Client", address: "B3" });
  const run = fakeRun(wb);
  const sel = await commands.readSelectedTable(run);
  if (isRefusal(sel)) throw new Error(refusalText(sel));
  const out = await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso");
  expect(out.ok).toBe(true);
  return wb;
}

describe("the fake Excel behaves like Office.js where it matters", () => {
  // This test breaks the Office.js rules on purpose, to prove the fake enforces them.
  /* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load */
  test("reading an unloaded property throws, and values arrive only at sync", async () => {
    const wb = createWorkbook({ S: [[1, 2]] });
    await fakeRun(wb)(async (context) => {
      const r = context.workbook.worksheets.getItem("S").getRange("A1:B1");
      expect(() => r.values).toThrow(/not loaded/);
      r.load("values");
      expect(() => r.values).toThrow(/not loaded/);
      await context.sync();
      expect(r.values).toEqual([[1, 2]]);
      expect(() => r.address).toThrow(/not loaded/);
    });
  });
  /* eslint-enable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load */
  test("a protected sheet refuses writes to locked cells; a wrong password is refused", async () => {
    const wb = createWorkbook({ S: [[1]] });
    wb.sheets[0].protected = true;
    wb.sheets[0].password = "pw";
    await expect(
      fakeRun(wb)(async (context) => {
        context.workbook.worksheets.getItem("S").getRange("A1").values = [[2]];
        await context.sync();
      }),
    ).rejects.toThrow(/locked/);
    await expect(
      fakeRun(wb)(async (context) => {
        context.workbook.worksheets.getItem("S").protection.unprotect("nope");
        await context.sync();
      }),
    ).rejects.toThrow(/password/);
    expect(sheetValues(wb, "S")).toEqual([[1]]);
  });
});

describe("upgrade, validate, dashboard", () => {
  test("upgrade reads the selected table once and writes in one batch; the source is untouched", async () => {
    const wb = createWorkbook({ Client: clientRows(12) }, { sheet: "Client", address: "C5" });
    const before = sheetValues(wb, "Client");
    const run = fakeRun(wb);
    const sel = await commands.readSelectedTable(run);
    if (isRefusal(sel)) throw new Error(refusalText(sel));
    expect(sel.source.headers).toEqual(HEADERS);
    expect(sel.suggestion.measure).toBe(4);
    expect(wb.syncs).toBe(1);
    const out = await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso");
    expect(out.ok).toBe(true);
    expect(out.items?.Measure).toBe(12);
    expect(wb.syncs).toBe(3);
    expect(wb.suspendedCalculation).toBe(1);
    expect(sheetValues(wb, "Client")).toEqual(before);
    const register = sheetValues(wb, "Register");
    expect(register[0]).toEqual(REGISTER_COLUMNS.map((c) => c.header));
    expect(register.filter((r) => r[1] === "Measure").length).toBe(12);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Client", "Register", "Findings"]);
  });

  test("a command costs the same syncs for 5 and for 2,000 measures", async () => {
    const small = await upgraded(5);
    const large = await upgraded(2000);
    expect(large.syncs).toBe(small.syncs);
    for (const wb of [small, large]) {
      const before = wb.syncs;
      await commands.validate(fakeRun(wb));
      await commands.refreshDashboard(fakeRun(wb), clock);
      expect(wb.syncs - before).toBe(4);
    }
  });

  test("re-upgrading the same table changes nothing and adds no duplicates", async () => {
    const wb = await upgraded(20);
    const first = sheetValues(wb, "Register");
    const run = fakeRun(wb);
    const sel = await commands.readSelectedTable(run);
    if (isRefusal(sel)) throw new Error(refusalText(sel));
    // the selection is still on the client sheet
    const out = await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso");
    expect(out.message).toContain("0 new items, 0 updated");
    expect(sheetValues(wb, "Register")).toEqual(first);
  });

  test("validate writes the Findings sheet and a finding selects its register cell", async () => {
    const rows = clientRows(3);
    rows[2][5] = ""; // blank owner
    const wb = createWorkbook({ Client: rows }, { sheet: "Client", address: "A1" });
    const run = fakeRun(wb);
    const sel = await commands.readSelectedTable(run);
    if (isRefusal(sel)) throw new Error(refusalText(sel));
    await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso");
    const out = await commands.validate(run);
    const owner = out.findings!.find((f) => f.code === "MISSING_OWNER" && f.id.startsWith("M-"))!;
    expect(owner.sourceRow).toBe(3);
    const findings = sheetValues(wb, "Findings");
    expect(findings[0]).toEqual(["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"]);
    const line = findings.find((r) => r[0] === "MISSING_OWNER" && r[1] === owner.id)!;
    await commands.showFinding(run, owner, Number(line[2]));
    expect(wb.selection).toEqual({ sheet: "Register", address: `E${line[2]}` });
    expect(wb.active).toBe("Register");
  });

  test("the dashboard is live native formulas (no GOV call) with status fills", async () => {
    const wb = await upgraded(6);
    const out = await commands.refreshDashboard(fakeRun(wb), clock);
    expect(out.report?.measures.length).toBe(6);
    const dash = wb.sheets.find((s) => s.name === "Dashboard")!;
    const formulas = [...dash.cells.values()].map((c) => c.formula).filter(Boolean) as string[];
    expect(formulas.some((f) => f.includes('"Delivery at risk"'))).toBe(true);
    expect(formulas.some((f) => f.includes("GOV."))).toBe(false);
    expect(formulas.some((f) => f.startsWith("=ROUND(SUMIFS(Register!$M:$M"))).toBe(true);
    expect(dash.conditionalFormats.map((c) => c.text)).toEqual(
      expect.arrayContaining(["Red", "Amber", "Green", "Value at risk"]),
    );
  });

  test("clear messages: no selection table, no register", async () => {
    const wb = createWorkbook({ Empty: [] });
    expect(await commands.readSelectedTable(fakeRun(wb))).toEqual({
      kind: "refusal",
      reasons: [expect.stringContaining("Select the client's table")],
    });
    expect((await commands.validate(fakeRun(wb))).message).toContain("no Register");
  });
});

describe("closure through the adapter", () => {
  async function realizedIds(wb: FakeWorkbook): Promise<string[]> {
    const data = await readWorkbook(fakeRun(wb), ["Register"]);
    return data.sheets
      .get("Register")!
      .grid.filter((r) => r[1] === "Measure" && r[7] === "L4 Realized")
      .map((r) => String(r[0]));
  }

  test("close locks the closed rows, protects register and audit, and verify is intact", async () => {
    const wb = await upgraded(6);
    const ids = (await realizedIds(wb)).slice(0, 2);
    const before = wb.syncs;
    const out = await commands.close(
      fakeRun(wb),
      ids.map((id) => ({ id, confirmed: 100 })),
      "Carla",
      "",
      undefined,
      clock,
    );
    expect(out).toMatchObject({ ok: true });
    expect(wb.syncs - before).toBe(2);
    const reg = wb.sheets.find((s) => s.name === "Register")!;
    const audit = wb.sheets.find((s) => s.name === "Audit")!;
    expect(reg.protected).toBe(true);
    expect(audit.protected).toBe(true);
    const grid = sheetValues(wb, "Register");
    const closedRow = grid.findIndex((r) => r[0] === ids[0]);
    const openRow = grid.findIndex((r) => r[1] === "Measure" && r[7] !== "L5 Closed");
    expect(grid[closedRow][7]).toBe("L5 Closed");
    expect(reg.cells.get(`${closedRow},3`)!.locked).toBe(true);
    expect(reg.cells.get(`${openRow},3`)!.locked).toBe(false);
    expect(reg.cells.get(`0,0`)!.locked).toBe(true);
    expect(sheetValues(wb, "Audit").length).toBe(3);
    const v = await commands.verify(fakeRun(wb));
    expect(v.verification).toMatchObject({ intact: true, closed: 2 });
  });

  test("a password protects the sheets; the wrong one changes nothing, with a clear message", async () => {
    const wb = await upgraded(6);
    const [a, b] = await realizedIds(wb);
    await commands.close(fakeRun(wb), [{ id: a, confirmed: 100 }], "Carla", "", "s3cret", clock);
    const snapshot = JSON.stringify(sheetValues(wb, "Register")) + JSON.stringify(sheetValues(wb, "Audit"));
    const wrong = await commands.close(fakeRun(wb), [{ id: b, confirmed: 100 }], "Carla", "", "guess", clock);
    expect(wrong).toEqual({ ok: false, message: "The sheet protection password is not correct. Nothing was changed." });
    expect(JSON.stringify(sheetValues(wb, "Register")) + JSON.stringify(sheetValues(wb, "Audit"))).toBe(snapshot);
    const right = await commands.close(fakeRun(wb), [{ id: b, confirmed: 100 }], "Carla", "", "s3cret", clock);
    expect(right.ok).toBe(true);
  });

  test("a refused closure writes nothing and says why", async () => {
    const wb = await upgraded(6);
    const before = wb.syncs;
    const out = await commands.close(fakeRun(wb), [{ id: "M-0002", confirmed: 70 }], "Carla", "", undefined, clock);
    expect(out.ok).toBe(false);
    expect(out.message).toContain("closed only from L4 Realized");
    expect(wb.syncs - before).toBe(1);
    expect(wb.sheets.some((s) => s.name === "Audit")).toBe(false);
  });

  test("tampering in the workbook is found; reopen unlocks the row", async () => {
    const wb = await upgraded(6);
    const [a] = await realizedIds(wb);
    await commands.close(fakeRun(wb), [{ id: a, confirmed: 100 }], "Carla", "", undefined, clock);
    const reg = wb.sheets.find((s) => s.name === "Register")!;
    const row = sheetValues(wb, "Register").findIndex((r) => r[0] === a);
    const confirmedCell = reg.cells.get(`${row},14`)!;
    confirmedCell.value = 250; // edited behind the protection (e.g. in another tool)
    const v = await commands.verify(fakeRun(wb));
    expect(v.verification?.tampered).toEqual([{ id: a, reason: expect.stringContaining("closed data changed") }]);
    confirmedCell.value = 100;
    const r = await commands.reopen(fakeRun(wb), a, "Carla", "Baseline restated", undefined, clock);
    expect(r.ok).toBe(true);
    expect(reg.cells.get(`${row},3`)!.locked).toBe(false);
    expect((await commands.verify(fakeRun(wb))).verification?.intact).toBe(true);
  });

  test("a failure during the write batch is reported", async () => {
    const wb = await upgraded(6);
    const [a] = await realizedIds(wb);
    const run = fakeRun(wb);
    const realRun = run;
    let calls = 0;
    const failing: typeof run = (batch) => {
      calls++;
      if (calls === 2) wb.failAfterOps = 0;
      return realRun(batch);
    };
    const out = await commands.close(failing, [{ id: a, confirmed: 100 }], "Carla", "", undefined, clock);
    expect(out.ok).toBe(false);
    expect(out.message).toContain("connection was lost");
    expect(out.message).toContain("Run Verify");
    expect(sheetValues(wb, "Register").find((r) => r[0] === a)![7]).toBe("L4 Realized");
  });
});
