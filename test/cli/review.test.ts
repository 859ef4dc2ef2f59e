/**
 * The review and new-contract commands through real .xlsx files: exit codes, the JSON, the
 * sheets written (Service Review formulas without GOV calls, Actions appended, typed cells kept).
 */
import * as path from "path";
import { Workbook } from "exceljs";
import { cli, colWidths, editContractExamples, sheetPart, tempDir } from "./helpers";
import { openWorkbook, writeWorkbook } from "../../cli/xlsx";
import { SheetPlan } from "../../src/governance/plan";
import { DEFAULT_COLUMN_WIDTH, displayLength, MAX_COLUMN_WIDTH } from "../../src/governance/present";
import { SERVICE_SHEETS } from "../../src/service/model";
import { EXAMPLE_HEADER, EXAMPLE_MARK, MARKED_LABELS } from "../../src/service/examples";
import { ACTIONS_HEADER, day, Grids, MAY, workbook } from "../service/fixture";

async function writeGrids(grids: Grids, file: string): Promise<void> {
  const plans: SheetPlan[] = [...grids].map(([name, cells]) => ({ name, replace: true, cells }));
  await writeWorkbook(new Workbook(), file, { plans });
}

async function grids(file: string, ...names: string[]) {
  const book = await openWorkbook(file);
  return Object.fromEntries(names.map((n) => [n, book.grid(n)]));
}

const AS_OF = ["--as-of", "2026-06-05"];

describe("sla-governance review", () => {
  const dir = tempDir();
  const input = path.join(dir, "contract.xlsx");
  const out = path.join(dir, "reviewed.xlsx");

  beforeAll(() => writeGrids(workbook(), input));

  test("reviews the latest period, writes the sheets, prints the JSON, exits 1 for open breaches", async () => {
    const run = await cli("review", input, ...AS_OF, "-o", out, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.period).toBe("2026-05");
    expect(json.totals).toEqual({
      atRisk: 5000,
      credits: 4500,
      creditsCapped: 4500,
      sigmin: 8000,
      bonusPool: 0,
      bonusBeforeCap: 0,
      bonusBlocked: true,
      bonus: 0,
      contractYearStart: "2026-01",
      creditsEarlierInYear: 0,
      annualCap: null,
      creditsCharged: 4500,
      creditsYearToDate: 4500,
      earnedBack: 0,
      netAdjustment: 12500,
    });
    expect(json.actionsCreated).toBe(3);
    expect(json.services.map((s: { breach: string | null }) => s.breach)).toEqual([
      "Minimum",
      "Expected default",
      null,
      "Significant Minimum",
    ]);
    expect(json.atRiskByItem).toEqual([
      { id: "ORG-001", amount: 12500 },
      { id: "PF-001", amount: 12500 },
      { id: "M-0001", amount: 2000 },
      { id: "M-0002", amount: 10500 },
    ]);
    expect(json.escalated).toEqual([]);
    expect(json.findings).toEqual([]);

    const before = await grids(input, "Services", "Contract", "Results");
    const after = await grids(out, "Services", "Contract", "Results", "Actions", "Service Review", "Findings");
    for (const name of ["Services", "Contract", "Results"]) expect(after[name]).toEqual(before[name]);
    expect(after.Actions!.map((r) => r[0])).toEqual(["Action ID", "A-0001", "A-0002", "A-0003"]);
    expect(after.Actions![1]).toEqual([
      "A-0001",
      "SL-001",
      day("2026-05-01"),
      "Minimum",
      day("2026-06-05"),
      "Dana",
      day("2026-06-19"),
      "Open",
      null,
      0,
      "M-0001",
      "Service Desk",
      0,
    ]);
    expect(after.Findings![0][0]).toBe("Code");
  });

  test("the Service Review sheet holds native formulas with cached values, never a GOV call", async () => {
    const book = new Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet(SERVICE_SHEETS.review)!;
    const formulas: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cell.formula && formulas.push(cell.formula)));
    expect(formulas.length).toBeGreaterThan(40);
    // Computed: protected (no password), every cell locked; the Actions sheet, typed in, is not.
    const protection = (s: unknown) => (s as { sheetProtection?: { sheet?: boolean } }).sheetProtection;
    expect(protection(sheet)?.sheet).toBe(true);
    expect(sheet.getCell("F10").protection?.locked).not.toBe(false);
    expect(protection(book.getWorksheet(SERVICE_SHEETS.actions))?.sheet).not.toBe(true);
    expect(formulas.filter((f) => /GOV|_xldudf/i.test(f))).toEqual([]);
    const valueOf = (label: string) => {
      let found: unknown;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === label) found = (row.getCell(2).value as { result?: unknown }).result;
      });
      return found;
    };
    expect(valueOf("Credits after the cap")).toBe(4500);
    expect(valueOf("Net adjustment")).toBe(12500);
    expect(valueOf("Watermelon line")).toBe(
      "2 of 4 service levels met their Minimum; 1 critical service below its Significant Minimum",
    );
  });

  test("a second review creates nothing and keeps what people typed in the Actions sheet", async () => {
    const edited = path.join(dir, "edited.xlsx");
    const book = new Workbook();
    await book.xlsx.readFile(out);
    const actions = book.getWorksheet("Actions")!;
    actions.getCell("H2").value = "Done";
    actions.getCell("I2").value = "Root cause fixed, see change CHG-1";
    // The user's own column, after the published ones (A to M).
    actions.getCell("N2").value = "my own column";
    await book.xlsx.writeFile(edited);
    const again = path.join(dir, "again.xlsx");
    const run = await cli("review", edited, ...AS_OF, "-o", again, "--json");
    expect(JSON.parse(run.stdout).actionsCreated).toBe(0);
    expect(run.code).toBe(1); // A-0002 and A-0003 are still open
    const { Actions } = await grids(again, "Actions");
    expect(Actions!.length).toBe(4);
    expect(Actions![1].slice(7, 14)).toEqual([
      "Done",
      "Root cause fixed, see change CHG-1",
      0,
      "M-0001",
      "Service Desk",
      0,
      "my own column",
    ]);
  });

  test("exit 0 when every breach's action is Done or Verified and none is escalated", async () => {
    const file = path.join(dir, "closed.xlsx");
    const action = (id: string, sl: string, status: string) => [
      id,
      sl,
      day("2026-05-01"),
      "x",
      null,
      null,
      day("2026-06-19"),
      status,
      null,
      null,
      null,
    ];
    await writeGrids(
      workbook(MAY, [
        ACTIONS_HEADER,
        action("A-0001", "SL-001", "Done"),
        action("A-0002", "SL-002", "Verified"),
        action("A-0003", "SL-004", "Done"),
      ]),
      file,
    );
    const run = await cli("review", file, ...AS_OF, "-o", path.join(dir, "closed-out.xlsx"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Service review 2026-05 as of 2026-06-05");
    expect(run.stdout).toContain("No action created.");
  });

  test("exit 1 for an escalated action even without an open breach in the period", async () => {
    const file = path.join(dir, "late.xlsx");
    await writeGrids(
      workbook(MAY, [
        ACTIONS_HEADER,
        ["A-0001", "SL-002", day("2026-01-01"), "Minimum", null, "Pat", day("2026-05-01"), "Open", null, null, null],
      ]),
      file,
    );
    const run = await cli(
      "review",
      file,
      "--period",
      "2026-04",
      ...AS_OF,
      "-o",
      path.join(dir, "late-out.xlsx"),
      "--json",
    );
    const json = JSON.parse(run.stdout);
    expect(json.period).toBe("2026-04");
    expect(json.escalated).toEqual([{ actionId: "A-0001", level: 3 }]);
    expect(run.code).toBe(1);
  });

  test("exit 2 for usage and input errors, with one line on stderr", async () => {
    const bad = await cli("review", input, "--period", "2026-13", "-o", path.join(dir, "x.xlsx"));
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'sla-governance: The period must be a month such as 2026-05, got "2026-13".\n',
    });
    expect((await cli("review", input)).code).toBe(2);
    const empty = path.join(dir, "empty.xlsx");
    await writeGrids(new Map([["Sheet1", [["x"]]]]), empty);
    const none = await cli("review", empty, "-o", path.join(dir, "y.xlsx"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no "Services" sheet');
  });
});

describe("sla-governance new-contract", () => {
  test("writes the nine sheets with one marked example row each (the Points sheet: a band table); the examples count only once edited", async () => {
    const dir = tempDir();
    const file = path.join(dir, "new.xlsx");
    const run = await cli("new-contract", "-o", file);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const book = await openWorkbook(file);
    expect(book.sheetNames).toEqual([
      "Register",
      "Services",
      "Contract",
      "Results",
      "Actions",
      "Processes",
      "Dependencies",
      "Experience",
      "Points",
    ]);
    for (const name of ["Register", "Services", "Results", "Actions", "Processes", "Dependencies", "Experience"]) {
      expect(book.grid(name)!.length).toBe(2);
    }
    expect(book.grid("Points")!.length).toBe(6);
    expect(book.grid("Contract")!.map((r) => r[0])).toEqual([
      "Monthly Charges",
      "At-Risk %",
      "Pool %",
      "Expected Misses Allowed",
      "Expected Window",
      "Action Due Days",
      "Escalation Days",
      "Bonus Pool",
      "Annual Cap",
      "Contract Year Start",
      "Earnback Periods",
      "Currency",
      "Points Table",
    ]);
    expect(book.grid("Contract")![11][1]).toBe("USD");
    expect(book.grid("Contract")![12][1]).toBe("Points");
    // Each table sheet's example row is marked in an appended Example column.
    for (const name of ["Services", "Results", "Actions", "Processes", "Dependencies", "Experience", "Points"]) {
      const [header, row] = book.grid(name)!;
      expect(header[header.length - 1]).toBe(EXAMPLE_HEADER);
      expect(row[row.length - 1]).toBe(EXAMPLE_MARK);
    }
    // Unedited, the examples are left out: no period to review, exit 2, the example rows named.
    const fresh = await cli("review", file, "-o", path.join(dir, "r0.xlsx"), "--json");
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain(
      "The Results sheet has only new-contract's example row (row 2), left out until you edit it",
    );
    // The user edits the Services and Results examples (Contoso's own service name, the month's figure) and
    // clears the Actions example's marker (keeping the action as typed); Processes, Dependencies, Experience and the
    // Points bands stay examples.
    const edited = path.join(dir, "edited.xlsx");
    const wb = editContractExamples(await new Workbook().xlsx.readFile(file));
    const actions = wb.getWorksheet("Actions")!;
    actions.getCell(2, actions.getRow(1).cellCount).value = null;
    await wb.xlsx.writeFile(edited);
    const review = await cli("review", edited, "-o", path.join(dir, "r.xlsx"), "--json");
    const json = JSON.parse(review.stdout);
    // 10,000 x 50% at risk x 40% allocation = 2,000; the example action (kept: its marker cleared) covers the breach.
    expect(json.totals).toMatchObject({ atRisk: 5000, credits: 2000, creditsCapped: 2000, netAdjustment: 2000 });
    expect(json.actionsCreated).toBe(0);
    expect(json.services[0]).toMatchObject({ id: "SL-001", breach: "Minimum", actionId: "A-0001" });
    // The four unedited examples are findings (warnings), each naming its sheet and row (the band table: its first);
    // their rows count for nothing: no Points column until the bands are the user's.
    expect(json.findings.map((f: { code: string; sheet: string; row: number }) => [f.code, f.sheet, f.row])).toEqual([
      ["EXAMPLE_ROW", "Points", 2],
      ["EXAMPLE_ROW", "Processes", 2],
      ["EXAMPLE_ROW", "Dependencies", 2],
      ["EXAMPLE_ROW", "Experience", 2],
    ]);
    expect(json.services[0].points).toBeNull();
    expect(json.processes).toEqual([]);
    expect(json.services[0]).toMatchObject({ netScore: null, stretch: 0.995, bonusShare: 0 });
  });

  test("the Contract's made-up figures and the Register's organization are marked; validate and review leave them out until edited", async () => {
    const dir = tempDir();
    const file = path.join(dir, "new.xlsx");
    const run = await cli("new-contract", "-o", file);
    expect(run.stdout).toContain(
      "left out until edited). The Contract's example figures are marked in column C. The Register's example organization is marked in its Placeholder cell.\nFill them in",
    );
    const book = await openWorkbook(file);
    // The six made-up figures (test/service/examples.test.ts names them).
    expect(
      book
        .grid("Contract")!
        .filter((r) => r[2] === EXAMPLE_MARK)
        .map((r) => r[0]),
    ).toEqual(MARKED_LABELS);
    expect(book.grid("Register")![1][19]).toBe(EXAMPLE_MARK);
    const validated = await cli("validate", file);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toMatch(/^Register: 0 organizations, 0 portfolios/);
    expect(validated.stdout).toMatch(/EXAMPLE_ROW +1 +1 organization/);
    // The service level and its result made the user's, the Contract and the Register left as written.
    const wb = await new Workbook().xlsx.readFile(file);
    wb.getWorksheet("Services")!.getCell("B2").value = "Contoso Service Desk";
    wb.getWorksheet("Results")!.getCell("D2").value = "October report";
    const edited = path.join(dir, "edited.xlsx");
    await wb.xlsx.writeFile(edited);
    const json = JSON.parse((await cli("review", edited, "-o", path.join(dir, "r.xlsx"), "--json")).stdout);
    // The breach stands, but no made-up money: nothing at risk, no credit, no bonus pool, nothing rolled up to the example.
    expect(json.services[0]).toMatchObject({ id: "SL-001", breach: "Minimum", credit: 0 });
    expect(json.totals).toMatchObject({ atRisk: 0, credits: 0, bonusPool: 0, annualCap: null });
    expect(json.atRiskByItem).toEqual([]);
    expect(
      json.findings
        .filter((f: { sheet: string }) => ["Contract", "Services"].includes(f.sheet))
        .map((f: { code: string; sheet: string; row: number }) => [f.code, f.sheet, f.row]),
    ).toEqual([
      ["EXAMPLE_ROW", "Contract", 1],
      ["CONTRACT_BAD_VALUE", "Contract", 1],
      ["CONTRACT_BAD_VALUE", "Contract", 2],
      ["SERVICE_UNKNOWN_ITEM", "Services", 2],
    ]);
    // The text says where examples were left out, below the findings count.
    const text = await cli("review", edited, "-o", path.join(dir, "r2.xlsx"));
    expect(text.stdout).toContain(
      "finding(s) on the Findings sheet.\nnew-contract's examples on the Actions, Contract, Points, Processes, Dependencies and Experience sheets are left out of every figure until edited (the review's Findings sheet names each).\n",
    );
  });

  test("a review whose data has errors exits 1 without any breach: an untouched new contract's blank Monthly Charges", async () => {
    const dir = tempDir();
    const file = path.join(dir, "new.xlsx");
    expect((await cli("new-contract", "-o", file)).code).toBe(0);
    const run = await cli("review", file, "--period", "2026-10", "-o", path.join(dir, "r.xlsx"), "--json");
    const json = JSON.parse(run.stdout);
    expect(json.services).toEqual([]);
    expect(
      json.findings.filter((f: { severity: string }) => f.severity === "error").map((f: { code: string }) => f.code),
    ).toEqual(["CONTRACT_BAD_VALUE", "CONTRACT_BAD_VALUE"]);
    expect(run.code).toBe(1);
  });

  test("an unedited example action never lends its ID: the review's new action takes the next one", async () => {
    const dir = tempDir();
    const file = path.join(dir, "new.xlsx");
    expect((await cli("new-contract", "-o", file)).code).toBe(0);
    const wb = editContractExamples(await new Workbook().xlsx.readFile(file));
    const edited = path.join(dir, "edited.xlsx");
    await wb.xlsx.writeFile(edited);
    const out = path.join(dir, "r.xlsx");
    const json = JSON.parse((await cli("review", edited, "-o", out, "--json")).stdout);
    expect(json.actionsCreated).toBe(1);
    expect(json.services[0]).toMatchObject({ id: "SL-001", breach: "Minimum", actionId: "A-0002" });
    expect(json.findings.map((f: { code: string; sheet: string }) => f.sheet)).toContain("Actions");
    const grid = (await openWorkbook(out)).grid("Actions")!;
    expect(grid.map((r) => r[0])).toEqual(["Action ID", "A-0001", "A-0002"]);
  });

  test("needs -o with an .xlsx name", async () => {
    expect((await cli("new-contract")).code).toBe(2);
    expect((await cli("new-contract", "-o", "x.txt")).code).toBe(2);
  });
});

describe("a later review over an Actions sheet an earlier review laid out (the demo's two reviews)", () => {
  const dir = tempDir();
  const demo = path.join(dir, "demo");
  const earlier = path.join(demo, "reviewed-earlier.xlsx");
  let later: string[];

  beforeAll(async () => {
    const run = await cli("demo", "--out", demo);
    if (run.code !== 0) throw new Error(run.stderr);
    // The demo's second review, as it printed it.
    const line = run.stdout.split("\n").find((l) => l.startsWith(`$ sla-governance review ${earlier} `))!;
    later = ["review", earlier, "--as-of", /--as-of (\S+)/.exec(line)![1]];
  }, 60_000);

  /** Every cell of Actions the later review wrote (rows it appended; Escalation, Service and Days Late of every row): [address, value, format]. */
  async function written(file: string, from: number) {
    const book = new Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet("Actions")!;
    const cells: [string, string | number, string | undefined, number][] = [];
    sheet.eachRow((row, r) => {
      if (r === 1) return;
      row.eachCell((cell, c) => {
        // Columns J, L and M (Escalation, Service, Days Late) are refreshed on every row.
        if (r < from && ![10, 12, 13].includes(c)) return;
        const v = cell.value instanceof Date ? 0 : (cell.value as string | number);
        if (typeof v === "string" || typeof v === "number") cells.push([cell.address, v, cell.numFmt, c - 1]);
      });
    });
    return cells;
  }

  test("every cell it wrote fits its column (none cut, no ###), no column narrowed", async () => {
    const before = colWidths(await sheetPart(earlier, "Actions"));
    const out = path.join(dir, "reviewed.xlsx");
    expect((await cli(...later, "-o", out)).code).toBe(1);
    const xml = await sheetPart(out, "Actions");
    const after = colWidths(xml);
    const from = (await openWorkbook(earlier)).grid("Actions")!.length + 1;
    const cells = await written(out, from);
    // The demo's later month appends actions whose breach and service name the earlier's columns cut.
    expect(cells.map(([, v]) => v)).toEqual(expect.arrayContaining(["Significant Minimum", "First-call resolution"]));
    const cut = cells.filter(
      ([, v, format, c]) =>
        Math.min(displayLength(v, format === "General" ? undefined : format) + 2, MAX_COLUMN_WIDTH) >
        (after[c] ?? DEFAULT_COLUMN_WIDTH),
    );
    expect(cut).toEqual([]);
    before.forEach((w, c) => expect([c, after[c]! >= w!]).toEqual([c, true]));
  });

  test("a column the user widened or hid keeps that; one too narrow for what is written is widened, still hidden", async () => {
    const edited = path.join(dir, "edited.xlsx");
    // Evidence (I) widened by the user; Breach (D) narrowed and hidden.
    await sheetPart(earlier, "Actions", {
      out: edited,
      xml: (xml) =>
        xml
          .replace(/<col min="9" max="9"[^>]*\/>/, '<col min="9" max="9" width="60" customWidth="1"/>')
          .replace(/<col min="4" max="4"[^>]*\/>/, '<col min="4" max="4" width="5" hidden="1" customWidth="1"/>'),
    });
    const out = path.join(dir, "edited-reviewed.xlsx");
    expect((await cli(...later.map((a) => (a === earlier ? edited : a)), "-o", out)).code).toBe(1);
    const xml = await sheetPart(out, "Actions");
    const widths = colWidths(xml);
    expect(widths[8]).toBe(60);
    expect(widths[3]).toBeGreaterThanOrEqual("Significant Minimum".length + 2);
    expect(/<col min="4" max="4"[^>]*\/>/.exec(xml)![0]).toContain('hidden="1"');
  });
});
