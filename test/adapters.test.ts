/**
 * One write plan, two adapters: the same plans written through the task pane's Office.js
 * adapter (into the fake Excel) and through the command line's ExcelJS adapter (into a real
 * .xlsx, read back) leave the same workbook: cell by cell the same formulas and values,
 * number formats, header style and locks, and the same sheet protection and options.
 */
// ExcelJS cells are plain objects, not Office.js proxies: there is nothing to load or sync.
/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Cell, Workbook } from "exceljs";
import JSZip from "jszip";
import { applyPlans, pointsOfWidth, widthOfPoints } from "../taskpane/adapter";
import { plainValue, writeWorkbook } from "../cli/xlsx";
import { closedRows } from "../src/governance/closure";
import { planDashboard, planValidation } from "../src/governance/commands";
import { suggestMapping } from "../src/governance/mapping";
import { COLUMN_INDEX, REGISTER_COLUMNS, RegisterRow } from "../src/governance/model";
import { HEADER_STYLE, registerPlan, SheetPlan } from "../src/governance/plan";
import { sampleClientSheet } from "../src/demo/sample";
import { upgradeSheet } from "../src/governance/upgrade";
import { createWorkbook, FakeCell, FakeProtectionOptions, FakeSheet, fakeRun } from "./support/fakeExcel";
import { planServiceReview } from "../src/service/commands";
import { workbook as serviceWorkbook } from "./service/fixture";
import { isRefusal } from "../src/errors";
import { DEFAULT_COLUMN_WIDTH, present } from "../src/governance/present";
import { columnLetter, parseArea } from "../src/governance/model";
import { runServiceReview } from "../taskpane/service";
import { SERVICE_SHEETS } from "../src/service/model";
import { cli, colWidths, sheetPart } from "./cli/helpers";

/** Office.js option names, by the plan's (ExcelJS') names, for reading both back. */
const OPTION_NAMES: Record<string, keyof FakeProtectionOptions> = {
  formatCells: "allowFormatCells",
  formatColumns: "allowFormatColumns",
  formatRows: "allowFormatRows",
  insertColumns: "allowInsertColumns",
  insertRows: "allowInsertRows",
  deleteColumns: "allowDeleteColumns",
  deleteRows: "allowDeleteRows",
  sort: "allowSort",
  autoFilter: "allowAutoFilter",
};

function governedRows(): RegisterRow[] {
  const table = sampleClientSheet({ initiatives: 24, seed: 5, defects: true });
  const rows = upgradeSheet(table, suggestMapping(table.headers), [], { organization: "Contoso" }).rows;
  // One closed measure, so the register has a locked row inside its table.
  const i = rows.findIndex((r) => r.level === "Measure");
  rows[i] = { ...rows[i], gate: "L5 Closed", confirmed: rows[i].planned, closedBy: "Carla", closedAt: "2026-11-01" };
  return rows;
}

function fakeText(cell: FakeCell | undefined): string {
  if (!cell) return "";
  return cell.formula ?? String(cell.value ?? "");
}

function exceljsText(cell: Cell): string {
  const v = cell.value as unknown;
  if (v && typeof v === "object" && "formula" in v) return `=${(v as { formula: string }).formula}`;
  const plain = plainValue(cell.value);
  return plain === null ? "" : String(plain);
}

describe("the same plan through the fake Excel and through ExcelJS", () => {
  let dir: string;
  let plans: SheetPlan[];
  let fake: Map<string, FakeSheet>;
  let book: Workbook;
  const sheetXml = new Map<string, string>();

  beforeAll(async () => {
    const rows = governedRows();
    const asOf = 46350;
    plans = [
      registerPlan(rows, closedRows(rows)),
      ...planValidation(rows).plans,
      ...planDashboard(rows, asOf, undefined, true),
    ];
    // The service review's sheets: a review with formulas, the Actions with its drop-down.
    const grids = new Map(serviceWorkbook());
    const review = planServiceReview((name) => grids.get(name), undefined, 46178);
    if (isRefusal(review)) throw new Error(JSON.stringify(review));
    plans.push(...review.plans.filter((p) => p.name !== "Findings"));
    // A note below a table wider than the sheet's columns: merged across them and wrapped.
    const note = "Credits after the monthly cap, up to what the annual cap leaves; ".repeat(3).trim();
    plans.push(
      present(
        {
          name: "Notes",
          replace: true,
          cells: [["ID", "Name", "Value"], ["A-1", "Alpha", 1], [], ["Total", note]],
          headerRows: [0],
        },
        { tableLastRow: 1 },
      ),
    );
    const wb = createWorkbook({});
    await applyPlans(fakeRun(wb), { sheetNames: [], sheets: new Map() }, plans);
    fake = new Map(wb.sheets.map((s) => [s.name, s]));

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-adapters-"));
    const file = path.join(dir, "out.xlsx");
    await writeWorkbook(new Workbook(), file, { plans, addin: false });
    book = new Workbook();
    await book.xlsx.readFile(file);
    // Each sheet's part as written, by sheet name (workbook.xml's sheets through their relationships).
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    for (const [, name, id] of workbookXml.matchAll(/<sheet name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)![1].replace(/^\/?(xl\/)?/, "");
      sheetXml.set(name.replace(/&amp;/g, "&"), await zip.file(`xl/${target}`)!.async("string"));
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The 0-based columns a sheet part's `<colBreaks>` start pages at. */
  const columnBreaksIn = (xml: string) =>
    [...(/<colBreaks\b[\s\S]*?<\/colBreaks>/.exec(xml)?.[0].matchAll(/<brk id="(\d+)"/g) ?? [])].map((m) =>
      Number(m[1]),
    );

  test("every planned cell: the same formula or value, number format and header style", () => {
    const differences: string[] = [];
    let compared = 0;
    for (const plan of plans) {
      const f = fake.get(plan.name)!;
      const x = book.getWorksheet(plan.name)!;
      const headers = new Set(plan.headerRows ?? []);
      plan.cells.forEach((line, r) => {
        const width = Math.max(line.length, headers.has(r) ? line.length : 0);
        for (let c = 0; c < width; c++) {
          const fc = f.cells.get(`${r},${c}`);
          const xc = x.getRow(r + 1).getCell(c + 1);
          const at = `${plan.name}!${xc.address}`;
          compared++;
          if (fakeText(fc) !== exceljsText(xc)) differences.push(`${at}: ${fakeText(fc)} | ${exceljsText(xc)}`);
          const fmt = (v: string | undefined) => (v && v !== "General" ? v : "General");
          if (fmt(fc?.numberFormat) !== fmt(xc.numFmt))
            differences.push(`${at} format: ${fc?.numberFormat} | ${xc.numFmt}`);
          const fakeHeader =
            Boolean(fc?.bold) && fc?.fill === HEADER_STYLE.fill && fc?.borderBottom === HEADER_STYLE.borderBottom;
          const fill = (xc.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
          const xHeader =
            Boolean(xc.font?.bold) &&
            fill === "FF" + HEADER_STYLE.fill.slice(1) &&
            xc.border?.bottom?.color?.argb === "FF" + HEADER_STYLE.borderBottom.slice(1);
          if (fakeHeader !== xHeader || fakeHeader !== headers.has(r))
            differences.push(`${at} header: ${fakeHeader} | ${xHeader}`);
        }
      });
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });

  test("the register's locks: header and closed rows locked, the rest of its table unlocked, in both", () => {
    const f = fake.get("Register")!;
    const x = book.getWorksheet("Register")!;
    const plan = plans[0];
    const closedAt = plan.cells.findIndex((line) => line[COLUMN_INDEX.gate] === "L5 Closed") + 1;
    expect(closedAt).toBeGreaterThan(1);
    const differences: string[] = [];
    for (let r = 1; r <= plan.cells.length; r++) {
      for (let c = 1; c <= REGISTER_COLUMNS.length; c++) {
        const fakeLocked = f.cells.get(`${r - 1},${c - 1}`)?.locked !== false;
        const xLocked = x.getRow(r).getCell(c).protection?.locked !== false;
        const expected = r === 1 || r === closedAt;
        if (fakeLocked !== expected || xLocked !== expected) differences.push(`R${r}C${c}: ${fakeLocked} ${xLocked}`);
      }
    }
    expect(differences).toEqual([]);
  });

  test("protection: the same sheets protected with the same options", () => {
    for (const plan of plans) {
      const f = fake.get(plan.name)!;
      const x = book.getWorksheet(plan.name)! as unknown as { sheetProtection?: Record<string, unknown> };
      expect([plan.name, f.protected]).toEqual([plan.name, Boolean(plan.protection)]);
      expect([plan.name, Boolean(x.sheetProtection?.sheet)]).toEqual([plan.name, Boolean(plan.protection)]);
      if (!plan.protection) continue;
      for (const [name, allowed] of Object.entries(plan.protection.options)) {
        expect([name, (f.protectionOptions as Record<string, unknown> | undefined)?.[OPTION_NAMES[name]]]).toEqual([
          name,
          allowed,
        ]);
        expect([name, x.sheetProtection?.[name] === true]).toEqual([name, allowed]);
      }
    }
  });

  test("frozen rows and columns and column widths agree", () => {
    for (const plan of plans) {
      const f = fake.get(plan.name)!;
      const x = book.getWorksheet(plan.name)!;
      expect(f.frozenRows).toBe(plan.freezeRows ?? 0);
      expect(f.frozenColumns ?? 0).toBe(plan.freezeColumns ?? 0);
      const view = (x.views ?? [])[0] as { state?: string; ySplit?: number; xSplit?: number } | undefined;
      expect(view?.state === "frozen" ? view.ySplit : 0).toBe(plan.freezeRows ?? 0);
      expect(view?.state === "frozen" ? view.xSplit : 0).toBe(plan.freezeColumns ?? 0);
      (plan.columnWidths ?? []).forEach((w, c) => {
        expect(f.columnWidths.get(c)).toBe(pointsOfWidth(w));
        expect([plan.name, c, Math.round((x.getColumn(c + 1).width ?? 0) * 10) / 10]).toEqual([plan.name, c, w]);
      });
    }
  });

  test("the presentation agrees: autofilter, print setup, wrapped cells, merged notes, drop-downs", () => {
    expect(plans.every((p) => p.print)).toBe(true);
    // Both print shapes are here: the register and the service review too wide to read on one page.
    const across = plans.filter((p) => p.print!.fitToWidth === 0).map((p) => p.name);
    expect(across).toEqual(expect.arrayContaining(["Register", "Service Review"]));
    expect(plans.some((p) => p.print!.fitToWidth === 1)).toBe(true);
    // And texts aligned to the top without wrapping (the service review's notes beside its figures).
    expect(plans.find((p) => p.name === "Service Review")!.alignTop?.length).toBeGreaterThan(0);
    expect(plans.some((p) => p.merges?.length)).toBe(true);
    for (const plan of plans) {
      const f = fake.get(plan.name)!;
      const x = book.getWorksheet(plan.name)! as unknown as {
        autoFilter?: unknown;
        pageSetup: {
          orientation?: string;
          fitToWidth?: number;
          fitToHeight?: number;
          fitToPage?: boolean;
          scale?: number;
          printTitlesRow?: string;
          margins?: unknown;
        };
        headerFooter: { oddFooter?: string };
        dataValidations: { model: Record<string, { type: string; formulae: string[] }> };
        getCell: (r: number, c: number) => Cell;
        getRow: (r: number) => { height?: number };
      };
      expect([plan.name, f.autoFilter]).toEqual([plan.name, plan.autoFilter]);
      expect([plan.name, x.autoFilter]).toEqual([plan.name, plan.autoFilter]);
      const print = plan.print!;
      // Every sheet prints one page wide, or (too wide to read so) at 75% across the pages its
      // column breaks start, its ID columns on each, in both adapters.
      const across = print.fitToWidth === 0;
      expect([plan.name, across ? [print.scale, print.columnBreaks!.length > 0] : print.fitToWidth]).toEqual([
        plan.name,
        across ? [75, true] : 1,
      ]);
      const letters = (range: string) => `$${range.replace(":", ":$")}`;
      expect(f.pageLayout).toEqual({
        orientation: "Landscape",
        zoom: across ? { scale: 75 } : { horizontalFitToPages: 1, verticalFitToPages: 0 },
        printOrder: across ? "OverThenDown" : "DownThenOver",
        margins: {
          leftMargin: print.margins.left * 72,
          rightMargin: print.margins.right * 72,
          topMargin: print.margins.top * 72,
          bottomMargin: print.margins.bottom * 72,
          headerMargin: print.margins.header * 72,
          footerMargin: print.margins.footer * 72,
        },
        ...(print.titleRows ? { printTitleRows: letters(print.titleRows) } : {}),
        ...(print.titleColumns ? { printTitleColumns: letters(print.titleColumns) } : {}),
        ...(print.rowBreaks?.length ? { horizontalPageBreaks: print.rowBreaks.map((r) => `A${r + 1}`) } : {}),
        ...(across ? { verticalPageBreaks: print.columnBreaks!.map((c) => `${columnLetter(c)}1`) } : {}),
        centerFooter: print.footer,
      });
      expect(x.pageSetup.orientation).toBe("landscape");
      expect([plan.name, x.pageSetup.fitToPage, x.pageSetup.fitToWidth, x.pageSetup.fitToHeight]).toEqual([
        plan.name,
        !across,
        across ? 0 : 1,
        0,
      ]);
      const setup = x.pageSetup as { scale?: number; pageOrder?: string; printTitlesColumn?: string };
      if (across) expect([plan.name, setup.scale, setup.pageOrder]).toEqual([plan.name, 75, "overThenDown"]);
      expect(x.pageSetup.printTitlesRow).toBe(print.titleRows);
      expect([plan.name, x.pageSetup.margins]).toEqual([plan.name, print.margins]);
      expect([plan.name, setup.printTitlesColumn]).toEqual([plan.name, print.titleColumns]);
      // The column breaks as the file has them (ExcelJS does not read them): Excel's brk ids.
      expect([plan.name, columnBreaksIn(sheetXml.get(plan.name)!)]).toEqual([plan.name, print.columnBreaks ?? []]);
      // Row heights: the fake's (0-based rows) and the file's.
      for (const h of plan.rowHeights ?? []) {
        expect([plan.name, h.row, f.rowHeights?.get(h.row - 1)]).toEqual([plan.name, h.row, h.height]);
        expect([plan.name, h.row, x.getRow(h.row).height]).toEqual([plan.name, h.row, h.height]);
      }
      expect(x.headerFooter.oddFooter).toBe(print.footer);
      // Merged notes: the fake's ranges and the file's.
      expect([plan.name, f.merges ?? []]).toEqual([plan.name, plan.merges ?? []]);
      const merged = (x as unknown as { model: { merges?: string[] } }).model.merges ?? [];
      expect([plan.name, [...merged].sort()]).toEqual([plan.name, [...(plan.merges ?? [])].sort()]);
      for (const range of plan.wrap ?? []) {
        const a = parseArea(range);
        for (let r = a.r1; r <= Math.min(a.r2, a.r1 + 20); r++) {
          for (let c = a.c1; c <= a.c2; c++) {
            // Cells the plan fills (a blank beyond a row's end has no cell in the file).
            const planned = plan.cells[r - 1]?.[c - 1];
            if (planned === undefined || planned === null) continue;
            expect([plan.name, r, c, f.cells.get(`${r - 1},${c - 1}`)?.wrapText]).toEqual([plan.name, r, c, true]);
            expect([plan.name, r, c, x.getCell(r, c).alignment?.wrapText]).toEqual([plan.name, r, c, true]);
            // Top-aligned in both, so a tall row's cells start on its first line.
            expect([plan.name, r, c, f.cells.get(`${r - 1},${c - 1}`)?.verticalAlignment]).toEqual([
              plan.name,
              r,
              c,
              "Top",
            ]);
            expect([plan.name, r, c, x.getCell(r, c).alignment?.vertical]).toEqual([plan.name, r, c, "top"]);
          }
        }
      }
      // Texts that spill beside a taller row: at its top, not wrapped, in both.
      for (const range of plan.alignTop ?? []) {
        const a = parseArea(range);
        const [r, c] = [a.r1, a.c1];
        const fc = f.cells.get(`${r - 1},${c - 1}`);
        expect([plan.name, range, fc?.verticalAlignment, Boolean(fc?.wrapText)]).toEqual([
          plan.name,
          range,
          "Top",
          false,
        ]);
        const xc = x.getCell(r, c).alignment;
        expect([plan.name, range, xc?.vertical, Boolean(xc?.wrapText)]).toEqual([plan.name, range, "top", false]);
      }
      expect((f.validations ?? []).map((v) => [v.address, v.list])).toEqual(
        (plan.validations ?? []).map((v) => [`${plan.name}!${v.range}`, [...v.list]]),
      );
      for (const v of plan.validations ?? []) {
        // ExcelJS reads a range's rule back cell by cell: its first and last cells have it.
        const [first, last] = v.range.split(":");
        for (const at of [first, last]) {
          const rule = x.dataValidations.model[at] ?? x.dataValidations.model[v.range];
          expect([at, rule?.type]).toEqual([at, "list"]);
          expect(rule?.formulae).toEqual([`"${v.list.join(",")}"`]);
        }
      }
    }
    // Escalation levels stand out on the Actions sheet: a number rule in both adapters.
    const actions = plans.find((p) => p.name === "Actions")!;
    const numeric = (actions.fills ?? []).filter((f) => f.numeric).map((f) => f.text);
    expect(numeric).toEqual(["1", "2", "3"]);
    expect(fake.get("Actions")!.conditionalFormats.map((c) => c.text)).toEqual(expect.arrayContaining(numeric));
    const rules = (
      book.getWorksheet("Actions") as unknown as { conditionalFormattings: { rules: { formulae?: string[] }[] }[] }
    ).conditionalFormattings.flatMap((c) => c.rules.map((r) => r.formulae?.[0]));
    expect(rules).toEqual(expect.arrayContaining(numeric));
    expect(plans.find((p) => p.name === "Actions")?.validations?.[0].list).toEqual([
      "Open",
      "In progress",
      "Done",
      "Verified",
    ]);
  });
});

describe("a review over an Actions sheet laid out before, a user's widths on it: both adapters read and widen alike", () => {
  const now = () => new Date("2026-06-05T10:00:00Z");
  /** The user's widths (characters): Evidence (I) widened, Service (L) narrowed below its names. */
  const USER = new Map([
    [8, 60],
    [11, 6],
  ]);
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-adapters-widths-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the same widths: the user's wider one kept, the narrow one widened to the names written", async () => {
    const grids = new Map(serviceWorkbook());
    // The pane: a first review lays the sheet out, the user sizes two columns, a second review.
    const sheets: Record<string, (string | number | boolean)[][]> = {};
    for (const [name, grid] of grids) sheets[name] = grid.map((r) => r.map((v) => (v === null ? "" : v)));
    const wb = createWorkbook(sheets);
    await runServiceReview(fakeRun(wb), { now });
    const actions = wb.sheets.find((s) => s.name === SERVICE_SHEETS.actions)!;
    for (const [c, w] of USER) actions.columnWidths.set(c, pointsOfWidth(w));
    const syncs = wb.syncs;
    await runServiceReview(fakeRun(wb), { now });
    // The sheets, the Actions' widths, the writes.
    expect(wb.syncs - syncs).toBe(3);
    const pane = Array.from({ length: 13 }, (_, c) => widthOfPoints(actions.columnWidths.get(c)!));

    // The command line: the same two reviews, the same widths set in the file between them.
    const input = path.join(dir, "contract.xlsx");
    const plans: SheetPlan[] = [...grids].map(([name, cells]) => ({ name, replace: true, cells }));
    await writeWorkbook(new Workbook(), input, { plans });
    const first = path.join(dir, "first.xlsx");
    expect((await cli("review", input, "--as-of", "2026-06-05", "-o", first)).code).toBe(1);
    const edited = path.join(dir, "edited.xlsx");
    await sheetPart(first, SERVICE_SHEETS.actions, {
      out: edited,
      xml: (xml) =>
        [...USER].reduce(
          (x, [c, w]) =>
            x.replace(
              new RegExp(`<col min="${c + 1}" max="${c + 1}"[^>]*/>`),
              `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`,
            ),
          xml,
        ),
    });
    const second = path.join(dir, "second.xlsx");
    expect((await cli("review", edited, "--as-of", "2026-06-05", "-o", second)).code).toBe(1);
    const file = colWidths(await sheetPart(second, SERVICE_SHEETS.actions)).slice(0, 13);

    expect(pane.map((w) => Math.round(w * 10) / 10)).toEqual(file);
    expect(file[8]).toBe(60);
    expect(file[11]).toBeGreaterThanOrEqual("Service Desk".length + 2);
  });
});

describe("column widths in Office.js's points", () => {
  test("a plan's width (the file's characters, padding included) is 7 pixels a character: Excel's default column is 48 points", () => {
    // Excel's default: 8.43 characters shown, 64 pixels, <col width="9.140625"> in a file.
    expect(pointsOfWidth(64 / 7)).toBeCloseTo(48, 10);
    expect(pointsOfWidth(9.140625)).toBeCloseTo(47.99, 2);
    // The width a review assumes for a column a sheet gives none is that default: as the fake
    // Excel gives such a column (48 points), never narrowed to 8.43 file characters (59 pixels).
    expect(DEFAULT_COLUMN_WIDTH).toBe(9.140625);
    expect(pointsOfWidth(DEFAULT_COLUMN_WIDTH)).toBeCloseTo(48, 1);
    // Before, 7 points a character: the pane's columns a third wider than the file writer's.
    expect(pointsOfWidth(20)).toBe(105);
    expect(widthOfPoints(pointsOfWidth(12.3))).toBeCloseTo(12.3, 10);
  });
});
