/**
 * The fast path of writeWorkbook: a replaced sheet of plain values (the Tickets sheet) is
 * written as XML directly. It must leave the file ExcelJS' own row writer leaves: the same
 * sheet data, shared strings and styles, read back by ExcelJS as the plan's cells.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { Workbook } from "exceljs";
import { plainValue, writeWorkbook } from "../../cli/xlsx";
import { HEADER_STYLE, PlannedCell, PROTECTION_OPTIONS, SheetPlan } from "../../src/governance/plan";

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-plainsheet-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A hole: a cell the plan leaves as it is. */
const hole = undefined as unknown as PlannedCell;

const plan: SheetPlan = {
  name: "Tickets",
  replace: true,
  cells: [
    [],
    ["Ticket", null, "Stopped", "Hours", "Met"],
    ['INC<&>"1" ü', "2 - High", 45383.5, 2.25, true],
    ["INC2", null, 45384.25, -0.000001, false],
    [null, null],
    ["  spaced  ", hole, 123456.789, 0, null, "tail"],
    ["INC2", "2 - High", 12, 7, true],
  ],
  headerRows: [1],
  freezeRows: 2,
  formats: [
    { range: "C3:C7", format: "yyyy-mm-dd hh:mm" },
    { range: "D3:D7", format: "0.00" },
  ],
  columnWidths: [16, 10, 17, 8, 7],
};

async function parts(file: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const text = (name: string) => zip.file(name)!.async("string");
  const sheet = await text("xl/worksheets/sheet1.xml");
  return {
    sheetData: sheet.slice(sheet.indexOf("<sheetData>"), sheet.indexOf("</sheetData>")),
    head: sheet.slice(0, sheet.indexOf("<sheetData>")),
    strings: await text("xl/sharedStrings.xml"),
    styles: await text("xl/styles.xml"),
  };
}

test("a plain replaced sheet: the same sheet data, strings and styles as ExcelJS' row writer", async () => {
  const fast = path.join(dir, "fast.xlsx");
  const general = path.join(dir, "general.xlsx");
  await writeWorkbook(new Workbook(), fast, { plans: [plan], addin: false });
  // A protection plan (with no locked areas) sends the same cells through ExcelJS' rows.
  const protection = { options: PROTECTION_OPTIONS, unlocked: [], locked: [] };
  await writeWorkbook(new Workbook(), general, { plans: [{ ...plan, protection }], addin: false });
  const [a, b] = [await parts(fast), await parts(general)];
  expect(a.sheetData).toBe(b.sheetData);
  expect(a.head).toBe(b.head);
  expect(a.strings).toBe(b.strings);
  expect(a.styles).toBe(b.styles);
  expect(a.sheetData).toContain('<row r="6" spans="1:6" x14ac:dyDescent="0.25">');
  expect(a.sheetData).not.toContain('r="5"'); // a row of blanks only is not written
});

test("ExcelJS reads the fast path's sheet back as the plan's cells, formats, header and layout", async () => {
  const file = path.join(dir, "read.xlsx");
  await writeWorkbook(new Workbook(), file, { plans: [plan], addin: false });
  const book = new Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet("Tickets")!;
  const value = (ref: string) => plainValue(sheet.getCell(ref).value);
  expect([value("A2"), value("B2"), value("C2"), value("E2")]).toEqual(["Ticket", null, "Stopped", "Met"]);
  expect([value("A3"), value("C3"), value("D3"), value("E3")]).toEqual(['INC<&>"1" ü', 45383.5, 2.25, true]);
  expect([value("B4"), value("D4"), value("E4")]).toEqual([null, -0.000001, false]);
  expect([value("A6"), value("C6"), value("F6")]).toEqual(["  spaced  ", 123456.789, "tail"]);
  expect(sheet.getCell("C3").numFmt).toBe("yyyy-mm-dd hh:mm");
  expect(sheet.getCell("D7").numFmt).toBe("0.00");
  expect(sheet.getCell("A3").numFmt).toBeUndefined();
  expect(sheet.getCell("B2").font?.bold).toBe(HEADER_STYLE.bold);
  expect(sheet.getCell("A2").fill).toMatchObject({
    fgColor: { argb: "FF" + HEADER_STYLE.fill.slice(1).toUpperCase() },
  });
  expect(sheet.getColumn(3).width).toBe(17);
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
});
