/**
 * The commands end to end through real .xlsx files, in-process: upgrade, validate, report,
 * close, reopen, verify, tampering done with ExcelJS, the protection read back from the file,
 * and every exit code and error line.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Workbook, Worksheet } from "exceljs";
import { COLUMN_INDEX, LEVELS, REGISTER_COLUMNS, RegisterRow, SHEETS } from "../../src/governance/model";
import { registerPlan } from "../../src/governance/plan";
import { reconcileRow } from "../../src/governance/values";
import { AUDIT_HEADERS } from "../../src/governance/audit";
import { suggestMapping } from "../../src/governance/mapping";
import { sampleClientSheet } from "../../src/demo/sample";
import { upgradeSheet } from "../../src/governance/upgrade";
import { registerRows } from "../../cli/commands";
import { openWorkbook, saveWorkbook, writeWorkbook } from "../../cli/xlsx";
import { cli, tempDir, writeSample } from "./helpers";

const digest = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

async function load(file: string): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

async function rowsOf(file: string): Promise<RegisterRow[]> {
  return registerRows(await openWorkbook(file));
}

/** Two realized measures that reconcile at plan, with their sheet rows. */
function realized(rows: RegisterRow[]) {
  return rows
    .map((r, i) => ({ r, sheetRow: i + 2 }))
    .filter(({ r }) => r.level === "Measure" && r.gate === "L4 Realized")
    .filter(({ r }) => reconcileRow({ ...r, confirmed: r.planned }) === "Reconciled")
    .slice(0, 2)
    .map(({ r, sheetRow }) => ({ id: String(r.id), planned: Number(r.planned), sheetRow }));
}

const isLocked = (ws: Worksheet, r: number, c: number) => ws.getRow(r).getCell(c).protection?.locked !== false;
const protectedSheet = (ws: Worksheet) =>
  (ws as unknown as { sheetProtection?: { sheet?: boolean; hashValue?: string } }).sheetProtection;

let dir: string;
let client: string;
let governed: string;

beforeAll(async () => {
  dir = tempDir();
  client = (await writeSample(dir, 40, true)).file;
  governed = path.join(dir, "governed.xlsx");
  const run = await cli("upgrade", client, "--org", "Contoso", "-o", governed);
  if (run.code !== 0) throw new Error(run.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("upgrade", () => {
  test("writes Register, Findings and Dashboard into a copy; the input is untouched", async () => {
    const before = digest(client);
    const out = path.join(dir, "u1.xlsx");
    const run = await cli("upgrade", client, "--org", "Contoso", "-o", out, "--json");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(digest(client)).toBe(before);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["items", "findings"]);
    expect(Object.keys(json.items)).toEqual([...LEVELS]);
    expect(json.items.Measure).toBe(40);
    expect(json.items.Organization).toBe(1);
    for (const f of json.findings) expect(Object.keys(f)).toEqual(["code", "message", "id", "sourceRow", "severity"]);
    expect(json.findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(["DUPLICATE", "MISSING_OWNER", "MISSING_CONTROLLER", "BAD_VALUE", "INCOMPLETE_CHAIN"]),
    );

    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Initiatives",
      "Register",
      "Findings",
      "Dashboard",
      "Dashboard Measures",
    ]);
    const reg = wb.getWorksheet(SHEETS.register)!;
    expect((reg.getRow(1).values as unknown[]).slice(1)).toEqual(REGISTER_COLUMNS.map((c) => c.header));
    expect(reg.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(reg.getRow(2).getCell(1).font?.bold).toBeUndefined();
    expect(reg.getRow(1).getCell(1).font?.bold).toBe(true);
    // A due date is written as a serial with a date format, and read back as that day.
    const measureRow = (await rowsOf(out)).findIndex((r) => r.level === "Measure") + 2;
    expect(reg.getRow(measureRow).getCell(COLUMN_INDEX.due + 1).numFmt).toBe("yyyy-mm-dd");
    // The client's sheet is copied unmodified.
    const src = wb.getWorksheet("Initiatives")!;
    expect(src.rowCount).toBe(41);
  });

  test("the dashboard holds live formulas with cached results and conditional fills", async () => {
    const wb = await load(governed);
    const dash = wb.getWorksheet(SHEETS.dashboard)!;
    expect(dash.getCell("B2").value).toMatchObject({ formula: "TODAY()" });
    const formulas: string[] = [];
    dash.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string; result?: unknown };
        if (v && typeof v === "object" && "formula" in v) formulas.push(String(v.formula));
      }),
    );
    // A generated sheet computes without the add-in: native formulas only, never a GOV call.
    expect(formulas.some((f) => f.includes('"Delivery at risk"'))).toBe(true);
    expect(formulas.some((f) => f.includes("GOV"))).toBe(false);
    const cf = (dash as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[] })
      .conditionalFormattings;
    expect(cf.flatMap((c) => c.rules.map((r) => r.formulae[0]))).toEqual(expect.arrayContaining(['"Value at risk"']));
  });

  test("the roll-up and the measures are two tables with their own columns: the measures on a sheet of their own", async () => {
    const wb = await load(governed);
    const dash = wb.getWorksheet(SHEETS.dashboard)!;
    const measures = wb.getWorksheet(SHEETS.dashboardMeasures)!;
    expect((measures.getRow(1).values as unknown[]).slice(1)).toEqual([
      "ID",
      "Name",
      "Path",
      "Implementation",
      "Potential",
      "Dual status",
      "Reconciliation",
      "Planned",
      "Forecast",
      "Confirmed",
      "Gate",
    ]);
    expect(measures.rowCount).toBe(41);
    // Each its own filter and frozen panes: the measures' ID and Name stay in view.
    expect(measures.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 2 });
    expect(measures.autoFilter).toBe("A1:K41");
    const itemsHeader = dash.getColumn(1).values.indexOf("ID");
    expect(dash.autoFilter).toMatch(new RegExp(`^A${itemsHeader}:N\\d+$`));
    // The measures' Name column is its own, whatever the roll-up holds: a name wider than it
    // wraps (the sheet narrowed to print one page wide), none is cut.
    const width = measures.getColumn(2).width!;
    const cut: string[] = [];
    measures.getColumn(2).eachCell((name, row) => {
      if (row > 1 && String(name.value ?? "").length + 2 > width && !name.alignment?.wrapText) cut.push(name.address);
    });
    expect(cut).toEqual([]);
    // The measures judge milestones as of the Dashboard's As-of cell; the Dashboard counts the measures there.
    const implementation = (measures.getColumn(4).values as { formula?: string }[]).slice(2);
    expect(implementation.filter((v) => v?.formula?.includes("Dashboard!$B$2")).length).toBeGreaterThan(20);
    const counts = dash.getCell("B5").value as { formula?: string };
    expect(counts.formula).toContain("'Dashboard Measures'!$F$2:$F$41");
    expect(protectedSheet(measures)?.sheet).toBe(true);
  });

  test("protection: the computed sheets locked, the Dashboard's As-of cell left to type in", async () => {
    const wb = await load(governed);
    const dash = wb.getWorksheet(SHEETS.dashboard)!;
    const findings = wb.getWorksheet(SHEETS.findings)!;
    for (const sheet of [dash, findings]) {
      expect([sheet.name, protectedSheet(sheet)?.sheet]).toEqual([sheet.name, true]);
      // No password: a user may unprotect it on purpose.
      expect(protectedSheet(sheet)?.hashValue).toBeUndefined();
    }
    expect(isLocked(dash, 2, 2)).toBe(false);
    for (const [r, c] of [
      [1, 1],
      [5, 2],
      [dash.rowCount, 3],
    ])
      expect([r, c, isLocked(dash, r, c)]).toEqual([r, c, true]);
    expect(isLocked(findings, 2, 1)).toBe(true);
  });

  test("protection: the Register sheet protected, header locked, open rows unlocked", async () => {
    const reg = (await load(governed)).getWorksheet(SHEETS.register)!;
    expect(protectedSheet(reg)?.sheet).toBe(true);
    expect(protectedSheet(reg)?.hashValue).toBeUndefined();
    expect(isLocked(reg, 1, 1)).toBe(true);
    for (const c of [1, 8, 15, REGISTER_COLUMNS.length]) expect(isLocked(reg, 2, c)).toBe(false);
    expect(isLocked(reg, reg.rowCount, 1)).toBe(false);
  });

  test("running it again on its own output changes no item", async () => {
    const out = path.join(dir, "u2.xlsx");
    const run = await cli("upgrade", governed, "--org", "Contoso", "-o", out, "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).items.Measure).toBe(40);
    expect(await rowsOf(out)).toEqual(await rowsOf(governed));
  });

  test("--map overrides the suggestion; --sheet picks the sheet (case-insensitive)", async () => {
    const out = path.join(dir, "u3.xlsx");
    const run = await cli("upgrade", client, "--sheet", "initiatives", "--map", "owner=Finance Contact", "-o", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Upgraded "Initiatives" \(40 rows\)/);
    const rows = await rowsOf(out);
    expect(rows.find((r) => r.level === "Measure")!.controller).toBeNull();
  });

  test("--in-place writes into the input", async () => {
    const copy = path.join(dir, "inplace.xlsx");
    fs.copyFileSync(client, copy);
    const run = await cli("upgrade", copy, "--in-place");
    expect(run.code).toBe(0);
    expect((await load(copy)).getWorksheet(SHEETS.register)).toBeDefined();
  });
});

describe("usage and input errors: exit 2, one line on stderr", () => {
  const expectError = async (argv: string[], line: string | RegExp) => {
    const run = await cli(...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.endsWith("\n")).toBe(true);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    if (typeof line === "string") expect(run.stderr).toBe(`sla-governance: ${line}\n`);
    else expect(run.stderr).toMatch(line);
  };

  test("missing file, not an .xlsx, corrupt file, empty sheet, no worksheets", async () => {
    const missing = path.join(dir, "nope.xlsx");
    await expectError(["validate", missing], `${missing} does not exist.`);
    const csv = path.join(dir, "data.csv");
    fs.writeFileSync(csv, "a,b\n1,2\n");
    // upgrade reads a CSV (issue 19); one with no measure column is refused naming its header row and headers.
    await expectError(
      ["upgrade", csv, "-o", path.join(dir, "x.xlsx")],
      /^sla-governance: no column is mapped to "measure" .* Header row 1 of "data": "a", "b"\. Fix: --map measure=HEADER/,
    );
    await expectError(["validate", csv], `${csv} is not an .xlsx file.`);
    const text = path.join(dir, "text.xlsx");
    fs.writeFileSync(text, "this is not a workbook");
    const corrupt = `${text} is not a readable .xlsx workbook (the file is damaged or not really .xlsx).`;
    await expectError(["verify", text], corrupt);
    const truncated = path.join(dir, "truncated.xlsx");
    fs.writeFileSync(truncated, fs.readFileSync(governed).subarray(0, 3000));
    await expectError(["verify", truncated], corrupt.replace(text, truncated));
    const emptyBook = new Workbook();
    emptyBook.addWorksheet("Blank");
    const empty = path.join(dir, "empty.xlsx");
    await saveWorkbook(emptyBook, empty);
    await expectError(["upgrade", empty, "-o", path.join(dir, "x.xlsx")], `the sheet "Blank" in ${empty} is empty.`);
    await expectError(["validate", empty], `${empty} has no Register sheet; run sla-governance upgrade first.`);
    await expectError(["upgrade", path.join(dir, "folder.xlsx"), "-o", path.join(dir, "x.xlsx")], /does not exist/);
    fs.mkdirSync(path.join(dir, "dir.xlsx"));
    await expectError(["verify", path.join(dir, "dir.xlsx")], `${path.join(dir, "dir.xlsx")} is not a file.`);
  });

  test("unknown sheet, own sheet, unknown field, header not found, bad --map", async () => {
    const out = path.join(dir, "x.xlsx");
    await expectError(
      ["upgrade", client, "--sheet", "Nope", "-o", out],
      `no sheet "Nope" in ${client}; its sheets are "Initiatives".`,
    );
    await expectError(
      ["upgrade", governed, "--sheet", "Register", "-o", out],
      `the sheet "Register" is written by sla-governance; choose the client's sheet with --sheet.`,
    );
    await expectError(
      ["upgrade", client, "--map", "colour=Stage", "-o", out],
      /^sla-governance: column mapping: unknown field "colour"/,
    );
    await expectError(
      ["upgrade", client, "--map", "gate=Phase", "-o", out],
      /^sla-governance: column mapping: header "Phase" not found\. Header row 1 of "Initiatives": "Business Unit"/,
    );
    await expectError(["upgrade", client, "--map", "gate", "-o", out], /--map expects FIELD=HEADER pairs/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("-o equal to the input, no -o, an output that is not .xlsx", async () => {
    const same = path.join(path.dirname(client), ".", path.basename(client));
    await expectError(
      ["upgrade", client, "-o", same],
      `the output ${same} is the input file; the input is never modified unless --in-place is given.`,
    );
    await expectError(
      ["close", governed, "--measure", "M-0001", "--controller", "C", "--confirmed", "1", "--unsigned"],
      /needs -o/,
    );
    await expectError(["upgrade", client, "-o", path.join(dir, "out.csv")], /out\.csv is not an \.xlsx file\./);
  });

  test("argument errors", async () => {
    await expectError([], "no command given. Try --help.");
    await expectError(["frobnicate"], /^sla-governance: unknown command "frobnicate"; commands are upgrade, validate/);
    await expectError(["verify"], "verify needs an input .xlsx file.");
    await expectError(
      ["verify", governed, "--colour"],
      "unknown option --colour for verify. Try sla-governance verify --help.",
    );
    await expectError(["verify", governed, "other.xlsx"], 'unexpected argument "other.xlsx" for verify.');
    await expectError(["upgrade", client, "-o"], "the option -o needs a value.");
    await expectError(["upgrade", client, "-o", "--json"], "the option -o needs a value.");
    await expectError(["verify", governed, "--json", "--json"], "the option --json is given twice.");
    await expectError(["verify", governed, "--json=yes"], "the option --json takes no value.");
    await expectError(
      ["close", governed, "--controller", "C", "--confirmed", "1", "-o", "a.xlsx"],
      "close needs --measure.",
    );
    await expectError(
      ["report", governed, "--as-of", "25/11/2026"],
      '--as-of expects a date such as 2026-11-25, got "25/11/2026".',
    );
    await expectError(
      ["close", governed, "--measure", "M-0001,M-0002", "--controller", "C", "--confirmed", "5", "-o", "a.xlsx"],
      "--measure lists 2 measure(s) but --confirmed lists 1 amount(s); give one plain amount per measure, such as 1000.50 (no thousands separators).",
    );
    await expectError(
      ["close", governed, "--measure", "M-0001", "--controller", "C", "--confirmed", "1,000.50", "-o", "a.xlsx"],
      /--measure lists 1 measure\(s\) but --confirmed lists 2 amount\(s\); .*no thousands separators/,
    );
    await expectError(
      ["close", governed, "--measure", "M-0001", "--controller", "C", "--confirmed", "ten", "-o", "a.xlsx"],
      '--confirmed: "ten" is not an amount such as 1200.50 (no thousands separators).',
    );
    await expectError(
      ["reopen", governed, "--measure", "M-0001", "--controller", "C", "-o", "a.xlsx"],
      "reopen needs --reason.",
    );
  });

  test("--help prints usage and exits 0", async () => {
    const all = await cli("--help");
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/Usage: sla-governance <command>[\s\S]*upgrade[\s\S]*Exit codes/);
    const one = await cli("close", "--help");
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/--controller NAME/);
  });
});

describe("validate and report", () => {
  test("validate: exit 1 with findings, JSON like upgrade's", async () => {
    const run = await cli("validate", governed, "--json");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["items", "findings"]);
    expect(json.findings.length).toBeGreaterThan(0);
    const human = await cli("validate", governed);
    expect(human.stdout).toMatch(/^6 errors, 63 warnings\.$/m);
    expect(human.stdout).toMatch(/^MISSING_OWNER +M-0005 +6 +Measure M-0005 "Renegotiate data feeds" has no owner\.$/m);
  });

  test("validate: exit 0 on a clean register", async () => {
    // A sample without defects, with owners and controllers on every level, has no finding.
    const table = sampleClientSheet({ initiatives: 20, seed: 3 });
    const rows = upgradeSheet(table, suggestMapping(table.headers), [], { organization: "Contoso" }).rows.map((r) => ({
      ...r,
      owner: "Ana",
      controller: "Ben",
    }));
    const file = path.join(dir, "clean.xlsx");
    await writeWorkbook(new Workbook(), file, { plans: [registerPlan(rows)] });
    expect(await cli("validate", file)).toMatchObject({ code: 0, stdout: expect.stringContaining("No findings.") });
    expect(JSON.parse((await cli("validate", file, "--json")).stdout).findings).toEqual([]);
  });

  test("report: JSON shape and the table", async () => {
    const run = await cli("report", governed, "--json", "--as-of", "2026-06-30");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["measures", "byDualStatus", "totals"]);
    expect(json.measures).toHaveLength(40);
    expect(Object.keys(json.measures[0])).toEqual([
      "id",
      "name",
      "path",
      "gate",
      "closed",
      "implementation",
      "potential",
      "dualStatus",
      "planned",
      "forecast",
      "confirmed",
    ]);
    expect(json.measures[0].path[0]).toBe("Contoso");
    expect(Object.keys(json.totals)).toEqual(["planned", "forecast", "confirmed"]);
    const human = await cli("report", governed);
    expect(human.stdout).toMatch(/Dual status\s+Measures[\s\S]*All measures/);
  });
});

describe("close, verify, tamper, reopen", () => {
  let picks: { id: string; planned: number; sheetRow: number }[];
  let closed: string;

  beforeAll(async () => {
    picks = realized(await rowsOf(governed));
    closed = path.join(dir, "closed.xlsx");
  });

  test("close two realized measures: JSON, the input untouched", async () => {
    expect(picks).toHaveLength(2);
    const before = digest(governed);
    const run = await cli(
      "close",
      governed,
      "--measure",
      picks.map((p) => p.id).join(","),
      "--controller",
      "Carla Controller",
      "--confirmed",
      picks.map((p) => String(p.planned)).join(","),
      "--unsigned",
      "-o",
      closed,
      "--json",
    );
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const json = JSON.parse(run.stdout);
    expect(json).toEqual({
      closed: picks.map((p) => p.id),
      auditHead: expect.stringMatching(/^[0-9a-f]{64}$/),
      receipts: picks.map((p, i) => ({
        workbookId: expect.stringMatching(/^[0-9a-f]{32}$/),
        seq: i + 1,
        entryHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        measureId: p.id,
        action: "close",
        time: "2026-11-25T10:00:00.000Z",
        keyId: "",
      })),
    });
    expect(digest(governed)).toBe(before);
    const rows = await rowsOf(closed);
    const row = rows[picks[0].sheetRow - 2];
    expect(row).toMatchObject({
      gate: "L5 Closed",
      confirmed: picks[0].planned,
      closedBy: "Carla Controller",
      closedAt: "2026-11-25T10:00:00.000Z",
    });
  });

  test("the protection read back: closed rows locked, open rows unlocked, Audit locked and protected", async () => {
    const wb = await load(closed);
    const reg = wb.getWorksheet(SHEETS.register)!;
    expect(protectedSheet(reg)?.sheet).toBe(true);
    for (const p of picks) {
      for (let c = 1; c <= REGISTER_COLUMNS.length; c++) expect(isLocked(reg, p.sheetRow, c)).toBe(true);
    }
    const open = [2, 3, 4].find((r) => !picks.some((p) => p.sheetRow === r))!;
    expect(isLocked(reg, open, COLUMN_INDEX.gate + 1)).toBe(false);
    expect(isLocked(reg, 1, 1)).toBe(true);
    const audit = wb.getWorksheet(SHEETS.audit)!;
    expect(protectedSheet(audit)?.sheet).toBe(true);
    expect((audit.getRow(1).values as unknown[]).slice(1)).toEqual([...AUDIT_HEADERS]);
    expect(audit.rowCount).toBe(3);
    expect(isLocked(audit, 2, 1)).toBe(true);
    // The first close gives the workbook its identity: a locked, protected Identity sheet.
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Initiatives",
      "Register",
      "Findings",
      "Dashboard",
      "Dashboard Measures",
      "Audit",
      "Identity",
    ]);
    const identity = wb.getWorksheet(SHEETS.identity)!;
    expect(protectedSheet(identity)?.sheet).toBe(true);
    expect(isLocked(identity, 1, 2)).toBe(true);
    expect(identity.getCell("A1").value).toBe("Workbook ID");
    expect(String(identity.getCell("B1").value)).toMatch(/^[0-9a-f]{32}$/);
  });

  test("verify: consistent, not proven (unsigned entries, no roster): exit 3", async () => {
    const run = await cli("verify", closed, "--json");
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      intact: true,
      verdict: "unproven",
      closed: 2,
      forks: [],
      tampered: [],
      unfinished: [],
      signatures: { valid: 0, invalid: 0, unsigned: 2, untrusted: 0 },
      receipts: { checked: 0, missing: 0, newer: 0 },
      versions: { "1": 0, "2": 0, "3": 2 },
      workbookId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect((await cli("verify", closed)).stdout.split("\n")[0]).toBe(
      "Consistent, not proven: no entry is signed, so anyone holding the file could have written the trail; sign with controllers' keys and pass --trust ROSTER to prove who signed. Checked: 2 closures, none signed, trail not checked against receipts.",
    );
    // A roster does not make an unsigned trail proven: it vouches for keys, and nothing was signed.
    const key = path.join(dir, "dave.key");
    expect((await cli("keygen", "--controller", "Dave Controller", "-o", key)).code).toBe(0);
    const roster = path.join(dir, "roster.json");
    fs.writeFileSync(roster, JSON.stringify([JSON.parse(fs.readFileSync(path.join(dir, "dave.pub.json"), "utf8"))]));
    const trusted = await cli("verify", closed, "--trust", roster);
    expect(trusted.code).toBe(3);
    expect(trusted.stdout.split("\n")[0]).toBe(
      "Consistent, not proven: no entry is signed, so anyone holding the file could have written the trail; sign with controllers' keys to prove who signed. Checked: 2 closures, 0 signed by trusted controllers, trail not checked against receipts.",
    );
  });

  test("tampering with a closed amount in the file is caught: exit 1", async () => {
    const wb = await load(closed);
    wb
      .getWorksheet(SHEETS.register)!
      .getRow(picks[0].sheetRow)
      .getCell(COLUMN_INDEX.confirmed + 1).value = 1;
    const tampered = path.join(dir, "tampered.xlsx");
    await wb.xlsx.writeFile(tampered);
    const run = await cli("verify", tampered, "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      intact: false,
      closed: 2,
      tampered: [{ id: picks[0].id, reason: expect.stringContaining("closed data changed") }],
    });
    expect(run.stderr).toBe("sla-governance: verification failed: 1 problem(s) (listed on stdout).\n");
  });

  test("tampering with the audit sheet is caught", async () => {
    const wb = await load(closed);
    wb.getWorksheet(SHEETS.audit)!.getRow(2).getCell(6).value = 999999;
    const tampered = path.join(dir, "tampered-audit.xlsx");
    await wb.xlsx.writeFile(tampered);
    const run = await cli("verify", tampered);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/audit row 2 was edited/);
  });

  test("a refused closure: exit 1, every reason on stderr, nothing written", async () => {
    const rows = await rowsOf(governed);
    const notRealized = rows.find((r) => r.level === "Measure" && r.gate === "L3 Implementing")!;
    const out = path.join(dir, "refused.xlsx");
    const run = await cli(
      "close",
      governed,
      "--measure",
      `${String(notRealized.id)},M-9999`,
      "--controller",
      "C",
      "--confirmed",
      "10,20",
      "--unsigned",
      "-o",
      out,
      "--json",
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      `sla-governance: refused: ${String(notRealized.id)} is at L3 Implementing; a measure is closed only from L4 Realized.`,
      "sla-governance: refused: M-9999 is not in the register.",
    ]);
    expect(JSON.parse(run.stdout)).toEqual({ closed: [], refused: expect.any(Array) });
    expect(fs.existsSync(out)).toBe(false);
  });

  test("an unreconciled claim needs --reason", async () => {
    const p = picks[0];
    const argv = [
      "close",
      governed,
      "--measure",
      p.id,
      "--controller",
      "C",
      "--confirmed",
      String(p.planned + 1),
      "--unsigned",
    ];
    const out = path.join(dir, "reason.xlsx");
    const refusedRun = await cli(...argv, "-o", out);
    expect(refusedRun.code).toBe(1);
    expect(refusedRun.stderr).toMatch(/"Overstated".*needs a written reason/);
    const ok = await cli(...argv, "--reason", "Auditor accepted the higher figure", "-o", out);
    expect(ok.code).toBe(0);
    expect((await rowsOf(out))[p.sheetRow - 2].closeReason).toBe("Auditor accepted the higher figure");
  });

  test("reopen: the row unlocked again, the trail intact, reopening an open measure refused", async () => {
    const out = path.join(dir, "reopened.xlsx");
    const run = await cli(
      "reopen",
      closed,
      "--measure",
      picks[0].id,
      "--controller",
      "Carla Controller",
      "--reason",
      "Baseline restated",
      "--unsigned",
      "-o",
      out,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Reopened ${picks[0].id} by Carla Controller`));
    const wb = await load(out);
    const reg = wb.getWorksheet(SHEETS.register)!;
    expect(isLocked(reg, picks[0].sheetRow, COLUMN_INDEX.gate + 1)).toBe(false);
    expect(isLocked(reg, picks[1].sheetRow, COLUMN_INDEX.gate + 1)).toBe(true);
    expect(wb.getWorksheet(SHEETS.audit)!.rowCount).toBe(4);
    expect(JSON.parse((await cli("verify", out, "--json")).stdout)).toMatchObject({
      intact: true,
      closed: 1,
      tampered: [],
    });
    const again = await cli(
      "reopen",
      out,
      "--measure",
      picks[0].id,
      "--controller",
      "C",
      "--reason",
      "x",
      "--unsigned",
      "-o",
      out + "2.xlsx",
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refused: .* is not closed/);
  });

  test("--password protects both sheets; a later run without it keeps the password", async () => {
    const first = path.join(dir, "pw1.xlsx");
    const p = picks[0];
    const closeArgs = ["--controller", "C", "--confirmed", String(p.planned), "--unsigned"];
    expect(
      (await cli("close", governed, "--measure", p.id, ...closeArgs, "--password", "s3cret", "-o", first)).code,
    ).toBe(0);
    const wb1 = await load(first);
    const hash = protectedSheet(wb1.getWorksheet(SHEETS.register)!)?.hashValue;
    expect(hash).toMatch(/.{20,}/);
    expect(protectedSheet(wb1.getWorksheet(SHEETS.audit)!)?.hashValue).toMatch(/.{20,}/);
    expect(fs.readFileSync(first).includes("s3cret")).toBe(false);
    const second = path.join(dir, "pw2.xlsx");
    const q = picks[1];
    expect(
      (
        await cli(
          "close",
          first,
          "--measure",
          q.id,
          "--controller",
          "C",
          "--confirmed",
          String(q.planned),
          "--unsigned",
          "-o",
          second,
        )
      ).code,
    ).toBe(0);
    expect(protectedSheet((await load(second)).getWorksheet(SHEETS.register)!)?.hashValue).toBe(hash);
  });
});

describe("demo", () => {
  test("every step prints its command, and the printed commands rebuild the demo's files", async () => {
    const first = path.join(dir, "demo-printed");
    const run = await cli("demo", "--out", first);
    expect(run.code).toBe(0);
    // Every "==" step but the hand edit and the action register (read from a sheet) has its command.
    const blocks = run.stdout.split(/\n== /).slice(1);
    const commandless = blocks.filter((b) => !/\n\$ sla-governance /.test(b)).map((b) => b.split("\n")[0]);
    expect(commandless).toHaveLength(2);
    expect(commandless.every((t) => t.includes("no command"))).toBe(true);
    // Run the printed lines again into another folder (the tampered copy's check needs the hand edit: left out).
    const second = path.join(dir, "demo-again");
    fs.mkdirSync(second);
    const words = (line: string) =>
      [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1] : m[2]));
    const lines = [...run.stdout.matchAll(/^\$ (mkdir|sla-governance) (.*)$/gm)].map((m) => [m[1], ...words(m[2])]);
    expect(lines.length).toBeGreaterThanOrEqual(13);
    for (const [program, ...argv] of lines) {
      if (argv.some((w) => w.includes("tampered"))) continue;
      if (program === "mkdir") {
        fs.mkdirSync(argv[0].split(first).join(second));
        continue;
      }
      const again = await cli(...argv.map((w) => w.split(first).join(second)));
      expect([argv[0], again.code === 0 || again.code === 1]).toEqual([argv[0], true]);
    }
    // The service side's sheets and the pack are the same, value for value.
    const sheetsOf = async (folder: string) => {
      const book = await openWorkbook(path.join(folder, "reviewed.xlsx"));
      return ["Services", "Contract", "Results", "Experience", "Points", "Service Review", "Actions"].map((n) =>
        book.grid(n),
      );
    };
    expect(await sheetsOf(second)).toEqual(await sheetsOf(first));
    expect(fs.readFileSync(path.join(second, "pack.html"), "utf8")).toBe(
      fs.readFileSync(path.join(first, "pack.html"), "utf8"),
    );
    expect(fs.readFileSync(path.join(second, "survey.csv"), "utf8")).toBe(
      fs.readFileSync(path.join(first, "survey.csv"), "utf8"),
    );
  }, 120_000);

  test("an earlier demo's files are not replaced without --force; with it only the demo's own files go", async () => {
    const out = path.join(dir, "demo-twice");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "governed.xlsx"), "mine");
    fs.writeFileSync(path.join(out, "notes.txt"), "keep me");
    const refused = await cli("demo", "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("governed.xlsx from an earlier demo");
    expect(fs.readFileSync(path.join(out, "governed.xlsx"), "utf8")).toBe("mine");
    const forced = await cli("demo", "--out", out, "--force");
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("keep me");
    const sample = await cli("demo", "--sample", "contracts", "--out", path.join(out, "x.xlsx"));
    expect([sample.code, sample.stderr]).toEqual([2, expect.stringContaining("client, contract or survey")]);
    const existing = await cli("demo", "--sample", "survey", "--out", path.join(out, "survey.csv"));
    expect(existing.code).toBe(2);
  }, 120_000);

  test("generates, upgrades, closes two measures, verifies, reports, and catches the tampered copy", async () => {
    const out = path.join(dir, "demo");
    const run = await cli("demo", "--out", out);
    expect(run.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
      "client.xlsx",
      "closed.xlsx",
      "contract.xlsx",
      "experience-contract.xlsx",
      "governed.xlsx",
      "keys",
      "pack.html",
      "receipts.jsonl",
      "reviewed-earlier.xlsx",
      "reviewed.xlsx",
      "survey.csv",
      "tampered.xlsx",
    ]);
    expect(fs.readdirSync(path.join(out, "keys")).sort()).toEqual(["carla.key", "carla.pub.json"]);
    expect(run.stdout).toMatch(
      /\$ sla-governance close .* --measure M-\d{4},M-\d{4} --controller "Carla Controller" .* --key .*carla\.key --receipts .*receipts\.jsonl/,
    );
    expect(run.stdout).toMatch(/Proven: 2 closures signed by trusted controllers, trail complete up to receipt 2\./);
    expect(run.stdout).toMatch(/Dual status\s+Measures/);
    expect(run.stdout).toMatch(
      /FAILED: 2 closures, 1 signed by trusted controllers, trail complete up to receipt 2, but:/,
    );
    const verify = await cli(
      "verify",
      path.join(out, "closed.xlsx"),
      "--trust",
      path.join(out, "keys"),
      "--receipts",
      path.join(out, "receipts.jsonl"),
      "--require-signed",
      "--json",
    );
    expect(JSON.parse(verify.stdout)).toMatchObject({
      intact: true,
      closed: 2,
      signatures: { valid: 2, invalid: 0, unsigned: 0, untrusted: 0 },
      receipts: { checked: 2, missing: 0, newer: 0 },
    });
    // The service half: the latest month (2026-10, before the clock's November) is a watermelon month,
    // and the action of July's review is escalated; the action register is printed.
    expect(run.stdout).toMatch(/\$ sla-governance review .*contract\.xlsx --period 2026-07 --as-of 2026-08-05/);
    expect(run.stdout).toContain("WATERMELON: 11 of 12 service levels met their Minimum; 1 critical service below its");
    expect(run.stdout).toMatch(/A-0001 level 3/);
    // Experience, processes and reward: Service Desk's unhappy users, Order-to-Cash, a bonus earned in July.
    expect(run.stdout).toContain("1 service level met its SLA but missed its experience target (Service Desk)");
    expect(run.stdout).toMatch(/Order-to-Cash/);
    expect(run.stdout).toMatch(/Bonus \(pool 5,000(\.00)?\)\s+2,500(\.00)?/);
    expect(run.stdout).toMatch(/A-0001\s+SL-005\s+2026-07\s+Minimum/);
    // Service points: the Contract names the Points sheet, so both reviews print and write a Points column;
    // July's First-call resolution (its own bands: 75% 0, 70% 1, below 70% 4) scores 4, doubled to 8 (June missed too).
    expect(run.stdout).toMatch(/Sig\. Min\.\s+Credit\s+SigMin\s+Points\s+Breach/);
    expect(run.stdout).toMatch(
      /SL-005\s+First-call resolution\s+0\.68\s+MISSED\s+MISSED\s+4,500\.00\s+0\.00\s+8\s+Minimum/,
    );
    const reviewed = await openWorkbook(path.join(out, "reviewed.xlsx"));
    expect(reviewed.grid("Contract")!.find((r) => r[0] === "Points Table")).toEqual(["Points Table", "Points"]);
    expect(
      reviewed.grid("Service Review")!.some((r) => r.includes("Points") && r.includes("Previous result (repeat)")),
    ).toBe(true);
    expect(
      reviewed.grid("Service Review")!.some((r) => r[0] === "Points bands (the Points sheet: best band first)"),
    ).toBe(true);
    // It ends by writing the review pack.
    expect(run.stdout).toMatch(/\$ sla-governance pack .*reviewed\.xlsx --as-of \S+ -o .*pack\.html\n/);
    expect(fs.readFileSync(path.join(out, "pack.html"), "utf8")).toContain("WATERMELON");
  });
});
