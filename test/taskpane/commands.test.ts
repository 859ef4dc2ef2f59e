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
import { serialFromEpochMs } from "../../src/serial";

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

/** A workbook whose client table (n generated rows, or the rows given) was upgraded through the pane. */
async function upgraded(n: number | FakeValue[][]): Promise<FakeWorkbook> {
  const wb = createWorkbook({ Client: typeof n === "number" ? clientRows(n) : n }, { sheet: "Client", address: "B3" });
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

  async function write(wb: FakeWorkbook, address: string, values: FakeValue[][]): Promise<void> {
    await fakeRun(wb)(async (context) => {
      context.workbook.worksheets.getItem("S").getRange(address).values = values;
      await context.sync();
    });
  }

  test("text written through values is read as typed: formulas, numbers, booleans; an apostrophe keeps text", async () => {
    const wb = createWorkbook({ S: [] });
    await write(wb, "A1:I1", [["=1+1", "+A1", "-A1", "@SUM(A1)", "'=1+1", "0000", "TRUE", "-5", "Carla"]]);
    const cells = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((c) => wb.sheets[0].cells.get(`0,${c}`)!);
    expect(cells.map((c) => c.formula)).toEqual([
      "=1+1",
      "=+A1",
      "=-A1",
      "=SUM(A1)",
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(cells.slice(4).map((c) => c.value)).toEqual(["=1+1", 0, true, -5, "Carla"]);
    // A Text-formatted cell keeps what is written.
    await fakeRun(wb)(async (context) => {
      const r = context.workbook.worksheets.getItem("S").getRange("A2");
      r.numberFormat = [["@"]];
      r.values = [["=1+1"]];
      await context.sync();
    });
    expect(wb.sheets[0].cells.get("1,0")).toMatchObject({ value: "=1+1", formula: undefined });
  });

  test("a protected sheet refuses formatting, clearing and unlocking as its options say", async () => {
    const wb = createWorkbook({ S: [[1, 2]] });
    const attempt = (op: (s: Excel.Worksheet) => void) =>
      fakeRun(wb)(async (context) => {
        op(context.workbook.worksheets.getItem("S"));
        await context.sync();
      }).then(
        () => "done",
        (e: { code?: string }) => e.code,
      );
    expect(await attempt((s) => s.protection.protect({ allowFormatColumns: true }))).toBe("done");
    expect(await attempt((s) => s.protection.protect())).toBe("InvalidOperation");
    expect(await attempt((s) => (s.getRange("A1").format.font.bold = true))).toBe("AccessDenied");
    expect(await attempt((s) => (s.getRange("A1").format.fill.color = "#FF0000"))).toBe("AccessDenied");
    expect(await attempt((s) => (s.getRange("A1").numberFormat = [["0.00"]]))).toBe("AccessDenied");
    expect(await attempt((s) => s.getRange("A1:B1").clear())).toBe("AccessDenied");
    expect(await attempt((s) => (s.getRange("A1").format.protection.locked = false))).toBe("AccessDenied");
    expect(await attempt((s) => (s.getRange("A:A").format.columnWidth = 80))).toBe("done");
    expect(sheetValues(wb, "S")).toEqual([[1, 2]]);
    const options = await fakeRun(wb)(async (context) => {
      const p = context.workbook.worksheets.getItem("S").protection;
      p.load("protected,options");
      await context.sync();
      return { protected: p.protected, options: p.options };
    });
    expect(options).toEqual({ protected: true, options: { allowFormatColumns: true } });
    // With formatting allowed, unlocked cells can be formatted and cleared; locked ones still not cleared.
    expect(await attempt((s) => s.protection.unprotect())).toBe("done");
    expect(await attempt((s) => (s.getRange("B1").format.protection.locked = false))).toBe("done");
    expect(await attempt((s) => s.protection.protect({ allowFormatCells: true }))).toBe("done");
    expect(await attempt((s) => (s.getRange("A1").format.font.bold = true))).toBe("done");
    expect(await attempt((s) => (s.getRange("A:A").format.columnWidth = 80))).toBe("AccessDenied");
    expect(await attempt((s) => s.getRange("A1:B1").clear())).toBe("AccessDenied");
    expect(await attempt((s) => s.getRange("B1").clear())).toBe("done");
    expect(sheetValues(wb, "S")).toEqual([[1]]);
  });

  test("getSurroundingRegion is the current region: blank rows and columns end it, diagonals join it", async () => {
    const wb = createWorkbook({
      S: [
        ["", "", "", "", "", ""],
        ["", "h1", "h2", "", "", "x"],
        ["", 1, 2, "", "", ""],
        ["", "", "", 9, "", ""],
        ["", "", "", "", "", ""],
        ["", 5, 6, "", "", ""],
      ],
    });
    const region = (address: string) =>
      fakeRun(wb)(async (context) => {
        const r = context.workbook.worksheets.getItem("S").getRange(address).getSurroundingRegion();
        r.load("address");
        await context.sync();
        return r.address;
      });
    expect(await region("B2")).toBe("S!B2:D4"); // D4 touches C3 diagonally; F2 is across the blank column E
    expect(await region("C3:C6")).toBe("S!B2:D4"); // the top-left cell decides
    expect(await region("B6")).toBe("S!B6:C6"); // the blank row 5 ends the first region
    expect(await region("F2")).toBe("S!F2");
    expect(await region("A9")).toBe("S!A9"); // a lone blank cell is its own region
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
    const wb = await upgraded(rows);
    const run = fakeRun(wb);
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

  test("validate keeps the cut cells other commands listed on the Findings sheet (C4)", async () => {
    const wb = await upgraded(clientRows(3));
    const message =
      'Tickets!A7: a text of 40,000 characters, more than the 32,767 an Excel cell holds, is cut to the limit (its end marked "[cut: 40,000 characters]"). Keep the full text outside the workbook.';
    const findings = wb.sheets.find((s) => s.name === "Findings")!;
    const next = sheetValues(wb, "Findings").length;
    ["TEXT_CUT", "", "", 7, "", message, "warning"].forEach((value, c) =>
      findings.cells.set(`${next},${c}`, { value, locked: true }),
    );
    const out = await commands.validate(fakeRun(wb));
    expect(out.findings!.filter((f) => f.code === "TEXT_CUT").map((f) => f.message)).toEqual([message]);
    expect(
      sheetValues(wb, "Findings")
        .filter((r) => r[0] === "TEXT_CUT")
        .map((r) => [r[3], r[5]]),
    ).toEqual([[7, message]]);
  });

  test("validate counts errors and warnings apart, and passes with warnings only", async () => {
    const rows = clientRows(4);
    rows[2][5] = ""; // a measure without an owner: an error
    const wb = await upgraded(rows);
    const run = fakeRun(wb);
    const out = await commands.validate(run);
    const errors = out.findings!.filter((f) => f.severity === "error");
    const warnings = out.findings!.filter((f) => f.severity === "warning");
    expect(errors.map((f) => f.code)).toEqual(["MISSING_OWNER"]);
    expect(warnings.length).toBeGreaterThan(1); // UNASSIGNED parents the flat sheet names no owner for
    expect(out).toMatchObject({
      ok: false,
      message: `1 error and ${warnings.length} warnings, listed below and on the Findings sheet.`,
    });
    // The user names the owner in the register.
    const reg = wb.sheets.find((s) => s.name === "Register")!;
    const ownerColumn = REGISTER_COLUMNS.findIndex((c) => c.key === "owner");
    const row = sheetValues(wb, "Register").findIndex((r) => r[0] === errors[0].id);
    reg.cells.set(`${row},${ownerColumn}`, { value: "Ana", locked: false });
    const clean = await commands.validate(run);
    expect(clean).toMatchObject({
      ok: true,
      message: `0 errors and ${warnings.length} warnings, listed below and on the Findings sheet.`,
    });
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

  test("the dashboard is protected, its As-of cell open; refreshing it again unprotects it first", async () => {
    const wb = await upgraded(6);
    await commands.refreshDashboard(fakeRun(wb), clock);
    const dash = wb.sheets.find((s) => s.name === "Dashboard")!;
    expect(dash.protected).toBe(true);
    expect(dash.cells.get("1,1")?.locked).toBe(false);
    expect(dash.cells.get("4,1")?.locked).not.toBe(false);
    // The refresh does not read the Dashboard: the plan's protection says to unprotect it first.
    const again = await commands.refreshDashboard(fakeRun(wb), clock);
    expect(again.report?.measures.length).toBe(6);
    expect(dash.protected).toBe(true);
  });

  test("the dashboard's money carries the Contract sheet's currency, as the command line writes it", async () => {
    const wb = await upgraded(6);
    wb.sheets.push(createWorkbook({ Contract: [["Currency", "chf"]] }).sheets[0]);
    await commands.refreshDashboard(fakeRun(wb), clock);
    const dash = wb.sheets.find((s) => s.name === "Dashboard")!;
    const money = [...dash.cells.values()].map((c) => c.numberFormat).filter((f) => f?.startsWith("#,##0"));
    expect(money.length).toBeGreaterThan(10);
    expect(new Set(money)).toEqual(new Set(['#,##0.00 "CHF"']));
  });

  test("a Dashboard its user unprotected is refreshed without asking Excel to unprotect it, and protected again", async () => {
    const wb = await upgraded(6);
    await commands.refreshDashboard(fakeRun(wb), clock);
    const dash = wb.sheets.find((s) => s.name === "Dashboard")!;
    // The user unprotects it on purpose (no password): Excel refuses unprotect() on it now.
    dash.protected = false;
    dash.protectionOptions = undefined;
    const data = await readWorkbook(fakeRun(wb), ["Register"]);
    expect(data.sheets.has("Dashboard")).toBe(false);
    expect(data.protectedSheets?.has("Dashboard")).toBe(false);
    expect(data.protectedSheets?.has("Register")).toBe(true);
    const again = await commands.refreshDashboard(fakeRun(wb), clock);
    expect(again.report?.measures.length).toBe(6);
    expect(dash.protected).toBe(true);
    expect(dash.cells.get("1,1")?.locked).toBe(false);
  });

  test("the fake refuses unprotect() on a sheet that is not protected, as current Excel builds do", async () => {
    const wb = createWorkbook({ S: [[1]] });
    await expect(
      fakeRun(wb)(async (context) => {
        context.workbook.worksheets.getItem("S").protection.unprotect();
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "AccessDenied" });
  });

  test("a client table with blank rows is read whole, and the pane says which rows were blank", async () => {
    const rows = clientRows(7);
    const blank = HEADERS.map(() => "");
    rows.splice(4, 0, blank); // sheet row 5
    rows.splice(7, 0, blank); // sheet row 8
    const wb = createWorkbook({ Client: rows }, { sheet: "Client", address: "B3" });
    const run = fakeRun(wb);
    const sel = await commands.readSelectedTable(run);
    if (isRefusal(sel)) throw new Error(refusalText(sel));
    expect(sel.source.rows.length).toBe(9);
    expect(sel.note).toBe(
      '7 rows from "Client" A1:M10 (header in row 1). Check the suggested columns; the source sheet is never changed. ' +
        "Rows 5 and 8 are blank and skipped; the table was read on past them to row 10. If the table ends earlier, select exactly its cells and choose Upgrade again.",
    );
    // Source rows keep their sheet numbers past the blank rows: the last initiative is on row 10.
    expect(sel.source.rows.findIndex((r) => r[4] === "Initiative 6") + sel.source.headerRow + 1).toBe(10);
    const out = await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso");
    expect(out.message).toMatch(/^Upgraded 7 rows of "Client"/);
    expect(out.items?.Measure).toBe(7);
  });

  test("a selected range is taken as it is; a table below a blank row under a fuller row is pointed out", async () => {
    const rows: FakeValue[][] = [["Savings tracker FY26"], [], ...clientRows(2)];
    const titled = createWorkbook({ Client: rows }, { sheet: "Client", address: "C4" });
    const t = await commands.readSelectedTable(fakeRun(titled));
    if (isRefusal(t)) throw new Error(refusalText(t));
    expect(t.source.headerRow).toBe(3);
    expect(t.note).not.toContain("above");
    const split = clientRows(4);
    split.splice(
      3,
      0,
      HEADERS.map(() => ""),
    );
    const below = createWorkbook({ Client: split }, { sheet: "Client", address: "C6" });
    const b = await commands.readSelectedTable(fakeRun(below));
    if (isRefusal(b)) throw new Error(refusalText(b));
    expect(b.source.headerRow).toBe(5);
    expect(b.note).toContain("Row 4, above the row read as the header, is blank and there is data above it");
    below.selection = { sheet: "Client", address: "A1:M3" };
    const exact = await commands.readSelectedTable(fakeRun(below));
    if (isRefusal(exact)) throw new Error(refusalText(exact));
    expect(exact.source.rows.length).toBe(2);
    expect(exact.note).toMatch(/^2 rows from "Client" A1:M3/);
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
    const wb = await upgraded(9);
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
    // Printed as the command line prints it: landscape, its 16 columns across pages at 75% (one
    // page wide they print at 4.5 points), Seq, Time and Measure ID on each, its header repeated, narrow margins.
    expect(audit.pageLayout).toMatchObject({
      orientation: "Landscape",
      zoom: { scale: 75 },
      printOrder: "OverThenDown",
      printTitleRows: "$1:$1",
      printTitleColumns: "$A:$C",
      // Pages start at the Entry Hash (J) and at the Parent Workbook ID (P) columns.
      verticalPageBreaks: ["J1", "P1"],
      margins: { leftMargin: 18, rightMargin: 18 },
      centerFooter: "&A · page &P of &N",
    });
    // Entry times: UTC date-time cells to the millisecond, under a header that says UTC.
    expect(sheetValues(wb, "Audit")[0][1]).toBe("Time (UTC)");
    expect(audit.cells.get("1,1")).toMatchObject({
      value: serialFromEpochMs(clock.now().getTime()),
      numberFormat: "yyyy-mm-dd hh:mm:ss.000",
    });
    // Confirmed amounts as money, as the command line writes them (no Contract currency here).
    expect(audit.cells.get("1,5")).toMatchObject({ numberFormat: "#,##0.00" });
    const v = await commands.verify(fakeRun(wb));
    expect(v.verification).toMatchObject({ intact: true, closed: 2 });
    // A trail of the earlier layout (header "Time") is retitled by the next close.
    audit.cells.set("0,1", { value: "Time", locked: true });
    const more = await realizedIds(wb);
    await commands.close(fakeRun(wb), [{ id: more[0], confirmed: 100 }], "Carla", "", undefined, clock);
    expect(sheetValues(wb, "Audit")[0][1]).toBe("Time (UTC)");
    expect((await commands.verify(fakeRun(wb))).verification).toMatchObject({ intact: true, closed: 3 });
  });

  test("typed text that Excel would read as a formula or a number is stored as text; verify stays intact", async () => {
    const wb = await upgraded(6);
    const [a] = await realizedIds(wb);
    const controller = '=HYPERLINK("http://x.test","Carla")';
    const out = await commands.close(
      fakeRun(wb),
      [{ id: a, confirmed: 90 }],
      controller,
      "-10% agreed",
      undefined,
      clock,
    );
    expect(out.ok).toBe(true);
    const audit = wb.sheets.find((s) => s.name === "Audit")!;
    const row1 = [...audit.cells].filter(([k]) => k.startsWith("1,")).map(([, c]) => c);
    expect(row1.every((c) => c.formula === undefined)).toBe(true);
    const values = sheetValues(wb, "Audit")[1];
    expect(values[4]).toBe(controller);
    expect(values[6]).toBe("-10% agreed");
    expect(values[8]).toBe("0".repeat(64)); // the first entry's previous hash, not the number 0
    expect((await commands.verify(fakeRun(wb))).verification).toMatchObject({ intact: true, closed: 1 });
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

  test("upgrading into a protected register formats it unprotected, then protects it again with its options", async () => {
    const wb = await upgraded(6);
    const [a] = await realizedIds(wb);
    await commands.close(fakeRun(wb), [{ id: a, confirmed: 100 }], "Carla", "", "s3cret", clock);
    const reg = wb.sheets.find((s) => s.name === "Register")!;
    const options = { ...reg.protectionOptions };
    expect(reg.protected).toBe(true);
    // More rows in the client table; the upgrade writes, styles and locks through the protection.
    const client = wb.sheets.find((s) => s.name === "Client")!;
    clientRows(8)
      .slice(7)
      .forEach((row, i) => row.forEach((v, c) => client.cells.set(`${7 + i},${c}`, { value: v, locked: true })));
    wb.selection = { sheet: "Client", address: "B3" };
    const run = fakeRun(wb);
    const sel = await commands.readSelectedTable(run);
    if (isRefusal(sel)) throw new Error(refusalText(sel));
    const wrong = await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso", "guess");
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining("password is not correct") });
    const out = await commands.upgradeSelected(run, sel.source, sel.suggestion, "Contoso", "s3cret");
    expect(out).toMatchObject({ ok: true, message: expect.stringMatching(/^Upgraded 8 rows/) });
    expect(sheetValues(wb, "Register").filter((r) => r[1] === "Measure").length).toBe(8);
    expect(reg.protected).toBe(true);
    expect(reg.password).toBe("s3cret");
    expect(reg.protectionOptions).toEqual(options);
    expect((await commands.verify(fakeRun(wb))).verification).toMatchObject({ intact: true, closed: 1 });
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

  test("after a close and a reopen the outcome carries the report as it now is", async () => {
    const wb = await upgraded(6);
    const [a, b] = await realizedIds(wb);
    const before = await commands.refreshDashboard(fakeRun(wb), clock);
    expect(before.report?.totals.confirmed).toBe(0);
    const closed = await commands.close(
      fakeRun(wb),
      [
        { id: a, confirmed: 100 },
        { id: b, confirmed: 95 },
      ],
      "Carla",
      "Agreed with finance",
      undefined,
      clock,
    );
    expect(closed.report?.totals.confirmed).toBe(195);
    expect(closed.report).toEqual((await commands.refreshDashboard(fakeRun(wb), clock)).report);
    const reopened = await commands.reopen(fakeRun(wb), b, "Carla", "Restated", undefined, clock);
    expect(reopened.report).toEqual((await commands.refreshDashboard(fakeRun(wb), clock)).report);
    expect(reopened.report?.measures.find((m) => m.id === b)?.closed).toBe(false);
  });

  test("verify refuses a workbook without a Register, as the command line does; counts read as English", async () => {
    const empty = await commands.verify(fakeRun(createWorkbook({ Client: clientRows(2) })));
    expect(empty).toMatchObject({ ok: false, message: expect.stringContaining("no Register sheet to verify") });
    const wb = await upgraded(6);
    expect((await commands.verify(fakeRun(wb))).message).toBe(
      "Intact: no measure is closed yet, and the audit trail has no entries to check.",
    );
    const [a] = await realizedIds(wb);
    await commands.close(fakeRun(wb), [{ id: a, confirmed: 100 }], "Carla", "", undefined, clock);
    expect(await commands.verify(fakeRun(wb))).toMatchObject({
      ok: true,
      warning: true,
      message:
        "Consistent, not proven: no entry is signed, so anyone holding the file could have written the trail; sign with controllers' keys and choose the trust roster (the controllers' .pub.json files) next to Verify to prove who signed. Checked: 1 closure, none signed, trail not checked against receipts.",
    });
    const reg = wb.sheets.find((s) => s.name === "Register")!;
    const row = sheetValues(wb, "Register").findIndex((r) => r[0] === a);
    reg.cells.get(`${row},2`)!.value = "Renamed behind the protection";
    const v = await commands.verify(fakeRun(wb));
    expect(v.message).toBe(
      `Tampering found: ${v.verification!.tampered.length === 1 ? "1 problem" : `${v.verification!.tampered.length} problems`}, listed below.`,
    );
    expect(v.message).not.toMatch(/\b1 problems/);
  });

  test("the close form takes one plain amount per measure, like the command line", () => {
    const why = (ids: string[], text: string) => {
      const out = commands.closeItems(ids, text);
      return isRefusal(out) ? refusalText(out) : out;
    };
    expect(why(["M-0001", "M-0004"], "100, 250.50")).toEqual([
      { id: "M-0001", confirmed: 100 },
      { id: "M-0004", confirmed: 250.5 },
    ]);
    expect(why(["M-0001", "M-0004"], "100")).toBe("Give one confirmed amount per measure: 2 IDs but 1 amount.");
    expect(why(["M-0001"], "1,200")).toBe("Give one confirmed amount per measure: 1 ID but 2 amounts.");
    expect(why(["M-0001"], "1'200.50")).toBe(`"1'200.50" is not an amount such as 1200.50 (no thousands separators).`);
    expect(why(["M-0001"], "€100")).toBe('"€100" is not an amount such as 1200.50 (no thousands separators).');
    // The same precision rule as --confirmed: nothing the workbook would silently round.
    expect(why(["M-0001"], "516000.000000000000000001")).toContain("more precision than the workbook keeps");
    expect(why([], "100")).toContain("Type the IDs");
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
