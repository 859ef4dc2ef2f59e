/**
 * The command line against the inputs fuzzing and a first hour of use found wrong: merged
 * cells, a failed write, European amounts, sheet passwords, over-precise amounts, a blank
 * controller, hidden first sheets, title rows, duplicate headers, the help and the report's
 * width, and validate's severities. Every case goes through real .xlsx files.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { SHEETS } from "../../src/governance/model";
import { registerRows } from "../../cli/commands";
import { openWorkbook, writeWorkbook } from "../../cli/xlsx";
import { checkPassword, legacyPasswordHash, readProtection, spunPasswordHash } from "../../cli/protection";
import { cli, tempDir, writeSample } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small client workbook written with ExcelJS's in-memory writer (so it can carry anything ExcelJS models). */
async function clientBook(name: string, build: (wb: Workbook) => void): Promise<string> {
  const wb = new Workbook();
  build(wb);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const HEADERS = [
  "Portfolio",
  "Program",
  "Project",
  "Package",
  "Initiative",
  "Owner",
  "Controller",
  "Stage",
  "Baseline",
];
const fill = (ws: import("exceljs").Worksheet, first = 1) => {
  ws.getRow(first).values = HEADERS;
  ws.getRow(first + 1).values = ["Ops", "Buy", "Vendors", "Licences", "Cut licences", "Ana", "Ben", "L3", 1000];
  ws.getRow(first + 2).values = ["Ops", "Buy", "Vendors", "Licences", "Drop seats", "Ana", "Ben", "L4", 2000];
};

async function rows(file: string) {
  return registerRows(await openWorkbook(file));
}

describe("merged cells", () => {
  test("upgrade, close and reopen copy a merged title and merged data cells", async () => {
    const file = await clientBook("merged.xlsx", (wb) => {
      const ws = wb.addWorksheet("Client");
      ws.getCell("A1").value = "Savings programme 2026";
      ws.mergeCells("A1:D1");
      fill(ws, 3);
      ws.getCell("J4").value = "note";
      ws.mergeCells("J4:K5");
    });
    const up = path.join(dir, "merged-up.xlsx");
    const run = await cli("upgrade", file, "--org", "Contoso", "-o", up);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const wb = new Workbook();
    await wb.xlsx.readFile(up);
    const ws = wb.getWorksheet("Client")!;
    const merges = (ws as unknown as { _merges: Record<string, { range: string }> })._merges;
    expect(
      Object.values(merges)
        .map((m) => m.range)
        .sort(),
    ).toEqual(["A1:D1", "J4:K5"]);
    expect(ws.getCell("A1").value).toBe("Savings programme 2026");
    expect(ws.getCell("J4").value).toBe("note");
    const measures = (await rows(up)).filter((r) => r.level === "Measure");
    expect(measures.map((m) => m.name)).toEqual(["Cut licences", "Drop seats"]);

    const closed = path.join(dir, "merged-closed.xlsx");
    const id = String(measures[1].id);
    const c = await cli(
      "close",
      up,
      "--measure",
      id,
      "--controller",
      "C",
      "--confirmed",
      "0",
      "--reason",
      "r",
      "--unsigned",
      "-o",
      closed,
    );
    expect(c).toMatchObject({ code: 0, stderr: "" });
    const reopened = path.join(dir, "merged-reopened.xlsx");
    const r = await cli(
      "reopen",
      closed,
      "--measure",
      id,
      "--controller",
      "C",
      "--reason",
      "r",
      "--unsigned",
      "-o",
      reopened,
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("a failed write leaves nothing behind", () => {
  test("no temporary file and no target after a write that fails midway", async () => {
    const where = fs.mkdtempSync(path.join(dir, "fail-"));
    const wb = new Workbook();
    wb.addWorksheet("S").getCell("A1").value = "x";
    const target = path.join(where, "out.xlsx");
    const failing = {
      name: "Later",
      make: () => {
        throw new Error("planned failure");
      },
    };
    await expect(writeWorkbook(wb, target, { plans: [failing] })).rejects.toThrow(/cannot write .*planned failure/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a stream still flushing would show up by now
    expect(fs.readdirSync(where)).toEqual([]);
  });
});

describe("European amounts", () => {
  const european = () =>
    clientBook("euro.xlsx", (wb) => {
      const ws = wb.addWorksheet("Client");
      ws.getRow(1).values = ["Initiative", "Baseline", "Actual", "Planned", "Forecast"];
      ws.getRow(2).values = ["Cut licences", "1.200 €", "€1.000", "1.500", "1.200,50"];
    });

  test("ambiguous separators are BAD_VALUE findings naming both readings, not amounts 1000 times too small", async () => {
    const out = path.join(dir, "euro-plain.xlsx");
    const run = await cli("upgrade", await european(), "--org", "O", "-o", out, "--json");
    expect(run.code).toBe(0);
    const m = (await rows(out)).find((r) => r.level === "Measure")!;
    expect([m.baseline, m.actual, m.planned, m.forecast]).toEqual(["1.200 €", "€1.000", "1.500", 1200.5]);
    const bad = JSON.parse(run.stdout).findings.filter((f: { code: string }) => f.code === "BAD_VALUE");
    expect(bad.map((f: { message: string }) => f.message)).toEqual([
      'Measure M-0001 "Cut licences": Baseline Cost "1.200 €" is ambiguous: 1200 if "." groups thousands, 1.2 if "." is the decimal mark. Type it as a number, or upgrade with --decimal , or --decimal . to say how the sheet writes amounts.',
      expect.stringContaining('Actual Cost "€1.000" is ambiguous: 1000 if'),
      expect.stringContaining('Planned Savings "1.500" is ambiguous: 1500 if'),
    ]);
  });

  test("--decimal , reads them as the sheet means them; --decimal . the other way", async () => {
    const file = await european();
    const comma = path.join(dir, "euro-comma.xlsx");
    expect((await cli("upgrade", file, "--org", "O", "--decimal", ",", "-o", comma)).code).toBe(0);
    const m = (await rows(comma)).find((r) => r.level === "Measure")!;
    expect([m.baseline, m.actual, m.planned, m.forecast]).toEqual([1200, 1000, 1500, 1200.5]);
    const dot = path.join(dir, "euro-dot.xlsx");
    expect((await cli("upgrade", file, "--org", "O", "--decimal", ".", "-o", dot)).code).toBe(0);
    const d = (await rows(dot)).find((r) => r.level === "Measure")!;
    expect([d.baseline, d.actual, d.planned, d.forecast]).toEqual([1.2, 1, 1.5, "1.200,50"]);
    const bad = await cli("upgrade", file, "--decimal", ";", "-o", dot);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'sla-governance: --decimal expects "." (1,200.50) or "," (1.200,50), got ";".\n',
    });
  });
});

describe("sheet passwords", () => {
  test("known answers: the legacy 16-bit hash and the spun SHA-512 hash", () => {
    // Computed independently (Python, the forward form of the legacy algorithm; hashlib for SHA-512).
    expect(legacyPasswordHash("password")).toBe("83AF");
    expect(legacyPasswordHash("secret")).toBe("DAA7");
    expect(legacyPasswordHash("Kennwort")).toBe("92F1");
    expect(legacyPasswordHash("abcdefghijklmnopq")).toBe("C786");
    const salt = "AAECAwQFBgcICQoLDA0ODw=="; // bytes 0..15
    expect(spunPasswordHash("secret", "SHA-512", salt, 1)).toBe(
      "9jhEOFuJX6D82xOkPVJ+NBuOoIWRaME4KAIbTjrhmYFPkOZV3bJCkJqgwez5X27FlTko+erjo5ebwx3HHzdDfg==",
    );
    expect(spunPasswordHash("secret", "SHA-512", salt, 100000)).toBe(
      "M5SOVnbQG4SHyBnRVAYzAx8mPtxyyzMuWxcMv7tkyFO3MBXX9OJjklwPglNHdoHVkKPm4MPfUblqHmAsXfF5HA==",
    );
    expect(spunPasswordHash("pässwort", "SHA-256", salt, 10)).toBe("gHN+0sPHE2p/QB+DyV86RWndGyL95eCkrYou0QHXfvo=");
    const stored = {
      algorithmName: "SHA-512",
      saltValue: salt,
      spinCount: 1,
      hashValue: spunPasswordHash("secret", "SHA-512", salt, 1),
    };
    expect(checkPassword(stored, "secret")).toBe(true);
    expect(checkPassword(stored, "Secret")).toBe(false);
    expect(checkPassword({ password: "83af" }, "password")).toBe(true);
    expect(checkPassword({ password: "83AF" }, "wrong")).toBe(false);
    expect(checkPassword(undefined, "anything")).toBe(true);
    expect(checkPassword({ algorithmName: "NOPE-1", saltValue: salt, spinCount: 1, hashValue: "x" }, "x")).toBe(false);
  });

  let locked: string;
  let id: string;
  let planned: number;
  beforeAll(async () => {
    const { file } = await writeSample(dir, 30, false, "pw-client.xlsx");
    const governed = path.join(dir, "pw-governed.xlsx");
    expect((await cli("upgrade", file, "--org", "O", "--password", "right one", "-o", governed)).code).toBe(0);
    locked = governed;
    const m = (await rows(governed)).find((r) => r.level === "Measure" && r.gate === "L4 Realized")!;
    id = String(m.id);
    planned = Number(m.planned);
  });

  test("the stored hash is read back from the file and opens with the right password only", async () => {
    const stored = await readProtection(locked, [SHEETS.register, SHEETS.audit]);
    expect(stored.get(SHEETS.register)).toMatchObject({ algorithmName: "SHA-512", spinCount: 100000 });
    expect(checkPassword(stored.get(SHEETS.register), "right one")).toBe(true);
    expect(checkPassword(stored.get(SHEETS.register), "wrong")).toBe(false);
  });

  test("a wrong password is refused: exit 2, nothing written, the password unchanged", async () => {
    const out = path.join(dir, "pw-wrong.xlsx");
    const args = ["--measure", id, "--controller", "C", "--confirmed", String(planned), "--unsigned", "-o", out];
    const run = await cli("close", locked, ...args, "--password", "wrong");
    expect(run).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `sla-governance: the password does not open the "Register" sheet of ${locked}; nothing was written.\n`,
    });
    expect(fs.existsSync(out)).toBe(false);
    expect((await cli("upgrade", locked, "--password", "wrong", "-o", out)).code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("the right password closes; without one the Audit sheet gets the Register's password", async () => {
    const right = path.join(dir, "pw-right.xlsx");
    const args = ["--measure", id, "--controller", "C", "--confirmed", String(planned), "--unsigned"];
    expect((await cli("close", locked, ...args, "--password", "right one", "-o", right)).code).toBe(0);
    const none = path.join(dir, "pw-none.xlsx");
    expect((await cli("close", locked, ...args, "-o", none)).code).toBe(0);
    const stored = await readProtection(none, [SHEETS.register, SHEETS.audit]);
    expect(checkPassword(stored.get(SHEETS.audit), "right one")).toBe(true);
    expect(checkPassword(stored.get(SHEETS.audit), "")).toBe(false);
  });

  test("a legacy-hash password is checked too, and is never dropped silently", async () => {
    // Rewrite the Register's protection in the file as Excel 2007 wrote it: password="83AF" ("password").
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(fs.readFileSync(locked));
    const names = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    for (const n of names) {
      const xml = await zip.file(n)!.async("string");
      if (!xml.includes("hashValue")) continue;
      zip.file(
        n,
        xml.replace(
          /<sheetProtection [^>]*\/>/,
          '<sheetProtection password="83AF" sheet="1" objects="1" scenarios="1"/>',
        ),
      );
    }
    const legacy = path.join(dir, "pw-legacy.xlsx");
    fs.writeFileSync(legacy, await zip.generateAsync({ type: "nodebuffer" }));
    expect((await readProtection(legacy, [SHEETS.register])).get(SHEETS.register)).toMatchObject({ password: "83AF" });
    const args = ["--measure", id, "--controller", "C", "--confirmed", String(planned), "--unsigned"];
    const out = path.join(dir, "pw-legacy-out.xlsx");
    expect((await cli("close", legacy, ...args, "--password", "wrong", "-o", out)).code).toBe(2);
    const kept = await cli("close", legacy, ...args, "-o", out);
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain("give it with --password");
    expect(fs.existsSync(out)).toBe(false);
    expect((await cli("close", legacy, ...args, "--password", "password", "-o", out)).code).toBe(0);
  });
});

describe("close and reopen arguments", () => {
  let governed: string;
  let id: string;
  beforeAll(async () => {
    const { file } = await writeSample(dir, 30, false, "args-client.xlsx");
    governed = path.join(dir, "args-governed.xlsx");
    expect((await cli("upgrade", file, "--org", "O", "-o", governed)).code).toBe(0);
    id = String((await rows(governed)).find((r) => r.level === "Measure" && r.gate === "L4 Realized")!.id);
  });
  const close = (controller: string, confirmed: string, ...more: string[]) =>
    cli(
      "close",
      governed,
      "--measure",
      id,
      "--controller",
      controller,
      "--confirmed",
      confirmed,
      "--unsigned",
      ...more,
    );

  test("more precision than the workbook keeps is refused: exit 2, nothing written", async () => {
    const out = path.join(dir, "precise.xlsx");
    const run = await close("C", "516000.000000000000000001", "-o", out);
    expect(run).toMatchObject({
      code: 2,
      stderr:
        'sla-governance: --confirmed: "516000.000000000000000001" has more precision than the workbook keeps (15 significant digits); it would be stored as 516000.\n',
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a blank --controller " " is a refused closure (exit 1), as is a blank reopen reason', async () => {
    const out = path.join(dir, "blank.xlsx");
    const run = await close(" ", "1", "--reason", "r", "-o", out);
    expect(run).toMatchObject({
      code: 1,
      stderr: "sla-governance: refused: The controller's name is required to close a measure.\n",
    });
    expect(fs.existsSync(out)).toBe(false);
    const missing = await cli("close", governed, "--measure", id, "--confirmed", "1", "--unsigned", "-o", out);
    expect(missing).toMatchObject({ code: 2, stderr: "sla-governance: close needs --controller.\n" });
    const reopen = await cli(
      "reopen",
      governed,
      "--measure",
      id,
      "--controller",
      "C",
      "--reason",
      "  ",
      "--unsigned",
      "-o",
      out,
    );
    expect(reopen.code).toBe(1);
    expect(reopen.stderr).toContain("A reason is required to reopen a measure.");
  });

  test("close --help shows the required options without brackets", async () => {
    const run = await cli("close", "--help");
    const usage = run.stdout.split("\n")[0];
    expect(usage).toContain(
      "sla-governance close <FILE.xlsx> --measure ID[,ID...] --controller NAME --confirmed AMOUNT[,AMOUNT...] [--reason TEXT]",
    );
    expect(run.stdout).toMatch(/--controller NAME +the controller who signs \(required\)/);
    expect(run.stdout).not.toMatch(/\[--measure/);
  });
});

describe("choosing the sheet and its header row", () => {
  test("with no --sheet, the first visible sheet is the client's", async () => {
    const file = await clientBook("hidden.xlsx", (wb) => {
      const hidden = wb.addWorksheet("Lookups", { state: "hidden" });
      hidden.getCell("A1").value = "codes";
      fill(wb.addWorksheet("Client"));
    });
    const out = path.join(dir, "hidden-out.xlsx");
    const run = await cli("upgrade", file, "--org", "O", "-o", out);
    expect(run.stdout).toMatch(/^Upgraded "Client" \(2 rows\)/);
  });

  test("a title row above the header is skipped; --header-row names it outright", async () => {
    const file = await clientBook("title.xlsx", (wb) => {
      const ws = wb.addWorksheet("Client");
      ws.getCell("A1").value = "Savings programme 2026 - confidential";
      ws.getCell("A2").value = "Prepared by Finance";
      fill(ws, 4);
    });
    const out = path.join(dir, "title-out.xlsx");
    const run = await cli("upgrade", file, "--org", "O", "-o", out, "--json");
    expect(run.code).toBe(0);
    const measures = (await rows(out)).filter((r) => r.level === "Measure");
    expect(measures.map((m) => [m.name, m.sourceRow])).toEqual([
      ["Cut licences", 5],
      ["Drop seats", 6],
    ]);
    const given = await cli("upgrade", file, "--org", "O", "--header-row", "4", "-o", out, "--force");
    expect(given.code).toBe(0);
    const wrong = await cli("upgrade", file, "--org", "O", "--header-row", "1", "-o", out, "--force");
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.stderr).toContain(
      'no column is mapped to "measure" (the column that names each initiative). Header row 1 of "Client"',
    );
    expect((await cli("upgrade", file, "--header-row", "x", "-o", out)).stderr).toContain(
      "--header-row expects a row number",
    );
  });

  test("a field read from a repeated header is refused naming both columns; col:LETTER chooses one (C12)", async () => {
    const file = await clientBook("dup.xlsx", (wb) => {
      const ws = wb.addWorksheet("Client");
      ws.getRow(1).values = ["Initiative", "Owner", "Owner"];
      ws.getRow(2).values = ["Cut licences", "Ana", "Bo"];
    });
    const out = path.join(dir, "dup-out.xlsx");
    const refused = await cli("upgrade", file, "--org", "O", "-o", out, "--json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'columns B and C are both headed "Owner", so the owner column is ambiguous; choose one by its letter (--map owner=col:B, or "owner": "col:B" in a mapping file), or rename all but one',
    );
    expect(fs.existsSync(out)).toBe(false);
    const run = await cli("upgrade", file, "--org", "O", "--map", "owner=col:C", "-o", out, "--json");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.findings.find((f: { code: string }) => f.code === "DUPLICATE_HEADER")).toEqual({
      code: "DUPLICATE_HEADER",
      severity: "warning",
      id: "",
      sourceRow: 1,
      message: 'The client sheet has 2 columns headed "Owner" (columns B, C); only column C is read, as owner.',
    });
    // A mapping file saved from that choice names the column by its letter, and reads it back.
    const saved = path.join(dir, "dup-mapping.json");
    await cli("upgrade", file, "--org", "O", "--map", "owner=col:C", "--dry-run", "--save-mapping", saved);
    expect(JSON.parse(fs.readFileSync(saved, "utf8")).columns.owner).toBe("col:C");
    const again = await cli("upgrade", file, "--org", "O", "--mapping", saved, "--dry-run", "--json");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Bo");
  });
});

describe("findings a consultant can act on", () => {
  let governed: string;
  beforeAll(async () => {
    const { file } = await writeSample(dir, 60, true, "f-client.xlsx");
    governed = path.join(dir, "f-governed.xlsx");
    expect((await cli("upgrade", file, "-o", governed)).code).toBe(0);
  });

  test("validate lists the errors first, in full, and sums the warnings up per code and level", async () => {
    const run = await cli("validate", governed);
    expect(run.code).toBe(1);
    const text = run.stdout;
    expect(text).toMatch(/^Register: 1 organization, /);
    const lines = text.split("\n");
    expect(lines[1]).toMatch(/^\d+ errors, \d+ warnings\.$/);
    expect(text.indexOf("Errors:")).toBeLessThan(text.indexOf("Warnings"));
    expect(text).toMatch(/MISSING_OWNER .* has no owner\./);
    expect(text).toMatch(/UNASSIGNED +72 +4 portfolios, 8 programs, 17 projects, 43 measure packages\n/);
    expect(text).toMatch(/PLACEHOLDER +1 +1 organization\n/);
    for (const line of lines.filter((l) => /^[A-Z_]+ +M-/.test(l))) expect(line).toMatch(/\.$/);
    const json = JSON.parse((await cli("validate", governed, "--json")).stdout);
    const errors = json.findings.filter((f: { severity: string }) => f.severity === "error");
    // Messages whole, never cut: the placeholder's ends as written.
    expect(json.findings.find((f: { code: string }) => f.code === "PLACEHOLDER").message).toBe(
      'Organization ORG-001 "(no organization)" is a placeholder: the client sheet has no organization column. Rename it or move its children.',
    );
    // The two real gaps of the client's data (a measure without an owner, one without a controller) are errors.
    expect(errors.filter((f: { code: string }) => f.code.startsWith("MISSING_")).length).toBe(2);
    expect(json.findings.every((f: { severity: string }) => ["error", "warning"].includes(f.severity))).toBe(true);
  });

  test("validate exits 0 on warnings only, 1 with --strict", async () => {
    const { file } = await writeSample(dir, 20, false, "w-client.xlsx");
    const clean = path.join(dir, "w-governed.xlsx");
    expect((await cli("upgrade", file, "--org", "O", "-o", clean)).code).toBe(0);
    const plain = await cli("validate", clean);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/0 errors, \d+ warnings/);
    expect((await cli("validate", clean, "--strict")).code).toBe(1);
  });

  test("re-upgrading without --org finds the organization again: no duplicate items", async () => {
    const { file } = await writeSample(dir, 20, false, "org-client.xlsx");
    const first = path.join(dir, "org-1.xlsx");
    expect((await cli("upgrade", file, "--org", "Contoso Group", "-o", first)).code).toBe(0);
    const second = path.join(dir, "org-2.xlsx");
    const run = await cli("upgrade", first, "-o", second, "--json");
    expect(JSON.parse(run.stdout).items.Organization).toBe(1);
    expect(await rows(second)).toEqual(await rows(first));
  });

  test("the Findings sheet has Severity as its last column", async () => {
    const wb = new Workbook();
    await wb.xlsx.readFile(governed);
    const sheet = wb.getWorksheet(SHEETS.findings)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Code",
      "ID",
      "Register Row",
      "Source Row",
      "Field",
      "Message",
      "Severity",
    ]);
    expect(["error", "warning"]).toContain(sheet.getRow(2).getCell(7).value);
  });

  test("report fits 100 columns by default; --wide prints everything", async () => {
    const run = await cli("report", governed, "--as-of", "2026-06-30");
    expect(Math.max(...run.stdout.split("\n").map((l) => l.length))).toBeLessThanOrEqual(100);
    const wide = await cli("report", governed, "--as-of", "2026-06-30", "--wide");
    expect(wide.stdout.split("\n")[0]).toMatch(
      /^ID +Measure +Portfolio +Gate +Impl\. +Potential +Dual status +Planned +Forecast +Confirmed$/,
    );
    expect(wide.stdout).not.toMatch(/\.\.\. /);
  });
});
