/**
 * The serializer of the sheets the product writes (cli/package/sheet.ts): a plan's cells,
 * formats, header look and layout, read back by ExcelJS as the plan says; rows taken from a
 * generator give the same part as rows from an array; every text through the OOXML codec.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { planSheetXml } from "../../../cli/package/sheet";
import { editSheetXml } from "../../../cli/package/edit";
import { WORKSHEET_ORDER } from "../../../src/ooxml/order";
import { worksheetChildren } from "../../support/ooxml";
import { StyleRegistry } from "../../../cli/package/styles";
import { Workbook } from "exceljs";
import { plainValue, writeWorkbook } from "../../../cli/xlsx";
import { HEADER_STYLE, PlannedCell, SheetPlan } from "../../../src/governance/plan";

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

test("ExcelJS reads the written sheet back as the plan's cells, formats, header and layout", async () => {
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

test("rows from a generator give the same part as rows from an array (a sheet can stream)", () => {
  function* rows() {
    for (const line of plan.cells) yield line;
  }
  const fromArray = [...planSheetXml(plan, StyleRegistry.of(undefined))].join("");
  const fromGenerator = [...planSheetXml({ ...plan, cells: rows() }, StyleRegistry.of(undefined))].join("");
  expect(fromGenerator).toBe(fromArray);
  // A million-row sheet is handed on in chunks, never as one string.
  function* many() {
    for (let i = 0; i < 20000; i++) yield [`T${i}`, i, i % 2 === 0];
  }
  const chunks = [...planSheetXml({ name: "Big", replace: true, cells: many() }, StyleRegistry.of(undefined))].map(
    (c) => (typeof c === "string" ? c : "(a segment)"),
  );
  expect(chunks.length).toBeGreaterThan(5);
  expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
});

test("texts go through the OOXML codec: control characters, CR, a literal _x0041_ come back as typed", async () => {
  const texts = ["a\u0001b", "line 1\r\nline 2", "_x0041_", "tab\there", "emoji 😀", "<&>"];
  const file = path.join(dir, "codec.xlsx");
  await writeWorkbook(undefined, file, {
    plans: [
      {
        name: "Texts",
        replace: true,
        cells: texts.map((t) => [t, { formula: `="${t.replace(/"/g, '""')}"`, value: t }]),
      },
    ],
    addin: false,
  });
  const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file("xl/worksheets/sheet1.xml")!.async("string");
  expect(xml).toContain("a_x0001_b");
  expect(xml).toContain("_x005F_x0041_");
  expect(xml).toContain("line 1_x000D_\nline 2");
  const book = new Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet("Texts")!;
  // The reader (cli/xlsx.ts puts ExcelJS through the same codec) gives back the text a user sees.
  // (It decodes inline strings; a formula's cached text it keeps as stored, so that is checked in the XML.)
  texts.forEach((t, i) => expect(plainValue(sheet.getCell(i + 1, 1).value)).toBe(t));
  expect(xml).toContain('t="str"><f>"a_x0001_b"</f><v>a_x0001_b</v>');
});

test("merged notes: a new sheet and an edited one carry the plan's merges in schema order, the sheet's own kept", () => {
  const merges = ["C1:F1", "B9:F9"];
  const written = [...planSheetXml({ ...plan, autoFilter: "A2:E7", merges }, StyleRegistry.of(undefined))].join("");
  expect(written).toContain('<mergeCells count="2"><mergeCell ref="C1:F1"/><mergeCell ref="B9:F9"/></mergeCells>');
  expect(worksheetChildren(written)).toEqual(
    worksheetChildren(written).sort((a, b) => WORKSHEET_ORDER.indexOf(a) - WORKSHEET_ORDER.indexOf(b)),
  );
  const client =
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>' +
    '<mergeCells count="1"><mergeCell ref="A20:B20"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  const edited = editSheetXml(client, { merges: ["C1:F1", "A20:B20"] }, StyleRegistry.of(undefined));
  expect(edited).toContain('<mergeCells count="2"><mergeCell ref="A20:B20"/><mergeCell ref="C1:F1"/></mergeCells>');
  expect(worksheetChildren(edited)).toEqual(["sheetData", "mergeCells", "pageMargins"]);
});
