/**
 * The streaming sheet reader (cli/package/rows.ts) against the whole-workbook reader: the same
 * values for every kind of cell ExcelJS writes (shared and inline strings, rich text, numbers,
 * dates in both date systems, booleans, errors, formula results, gaps), and a generated
 * 300,000-row export read through a heap too small to hold it whole.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { stream, Workbook } from "exceljs";
import { openRowReader } from "../../../cli/package/rows";
import { openWorkbook } from "../../../cli/xlsx";
import { CellValue } from "../../../src/governance/model";
import { cli } from "../helpers";
import * as os from "os";

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-rows-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every row the streaming reader gives, as a grid (gaps as empty rows), like sheetGrid. */
async function streamedGrid(file: string, sheet: string): Promise<CellValue[][]> {
  const reader = await openRowReader(file);
  try {
    const grid: CellValue[][] = [];
    for await (const { row, cells } of reader.rows(sheet)) grid[row - 1] = cells;
    return Array.from(grid, (line) => line ?? []);
  } finally {
    reader.close();
  }
}

/** The whole-workbook reader's grid, its empty trailing cells and rows dropped as the streaming reader drops them. */
async function wholeGrid(file: string, sheet: string): Promise<CellValue[][]> {
  const grid = (await openWorkbook(file)).grid(sheet)!.map((line) => {
    const out = [...line];
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  });
  return grid;
}

async function writeKinds(file: string, date1904: boolean): Promise<void> {
  const wb = new Workbook();
  wb.properties.date1904 = date1904;
  const ws = wb.addWorksheet("Export");
  ws.getCell("A1").value = "number";
  ws.getCell("B1").value = "when";
  ws.getCell("C1").value = "note";
  ws.getCell("A2").value = "INC0001";
  ws.getCell("B2").value = new Date(Date.UTC(2024, 2, 4, 9, 30, 15, 250));
  ws.getCell("C2").value = { richText: [{ text: "bold ", font: { bold: true } }, { text: "& <plain>" }] };
  ws.getCell("D2").value = true;
  ws.getCell("E2").value = { error: "#N/A" } as never;
  ws.getCell("F2").value = { formula: "1+1", result: 2 } as never;
  ws.getCell("G2").value = { formula: '"a"&"b"', result: "ab" } as never;
  ws.getCell("H2").value = 45_000.5;
  ws.getCell("H2").numFmt = "yyyy-mm-dd hh:mm";
  ws.getCell("I2").value = 1234.5;
  ws.getCell("J2").value = "  spaced  ";
  // A gap: row 3 empty, a cell far to the right in row 4.
  ws.getCell("A4").value = "INC0002";
  ws.getCell("AB4").value = "far";
  ws.getCell("A5").value = "line\nbreak";
  // Stored as OOXML escapes (_x000D_, _x005F_x0041_): both readers give the text Excel shows.
  ws.getCell("B5").value = "carriage\r\nreturn _x0041_";
  await wb.xlsx.writeFile(file);
}

describe("openRowReader", () => {
  it.each([false, true])(
    "gives the whole-workbook reader's values for every kind of cell (1904 system: %s)",
    async (date1904) => {
      const file = path.join(dir, `kinds-${date1904}.xlsx`);
      await writeKinds(file, date1904);
      const streamed = await streamedGrid(file, "Export");
      expect(streamed).toEqual(await wholeGrid(file, "Export"));
      // Worked values: the date is the 1900 system's serial to the millisecond whatever the book's system.
      expect(streamed[1][1]).toBeCloseTo(45355.39600983796, 9);
      expect(streamed[1][2]).toBe("bold & <plain>");
      expect(streamed[1].slice(3, 9)).toEqual([true, "#N/A", 2, "ab", 45_000.5 + (date1904 ? 1462 : 0), 1234.5]);
      expect(streamed[3][27]).toBe("far");
      expect(streamed[4][0]).toBe("line\nbreak");
      expect(streamed[4][1]).toBe("carriage\r\nreturn _x0041_");
    },
  );

  it("merged areas: the value in the top-left cell only, in both readers, as Excel reads it; the areas heard after the rows", async () => {
    const file = path.join(dir, "merged.xlsx");
    const wb = new Workbook();
    const ws = wb.addWorksheet("Export");
    ws.addRow(["Number", "Priority", "State", "Updated"]);
    ws.addRow(["INC1", "P1", "New", "2024-03-04 09:00"]);
    ws.addRow(["INC1", null, "In Progress", "2024-03-04 10:00"]);
    ws.addRow(["INC1", null, "Resolved", "2024-03-04 11:00"]);
    ws.mergeCells("B2:B4");
    ws.addRow(["INC2", "P2", "New", "2024-03-04 09:00"]);
    ws.addRow([null, null, "Resolved", "2024-03-04 12:00"]);
    ws.mergeCells("A5:A6");
    ws.mergeCells("C1:D1"); // a header merged across two columns
    await wb.xlsx.writeFile(file);
    const streamed = await streamedGrid(file, "Export");
    expect(streamed).toEqual(await wholeGrid(file, "Export"));
    expect(streamed.map((r) => r[1] ?? null)).toEqual(["Priority", "P1", null, null, "P2", null]);
    expect(streamed[5][0] ?? null).toBe(null);
    expect(streamed[0][3] ?? null).toBe(null);
    // ExcelJS alone would hand every cell of an area the top-left's value.
    const raw = new Workbook();
    await raw.xlsx.readFile(file);
    expect(raw.getWorksheet("Export")!.getCell("B3").value).toBe("P1");
    const reader = await openRowReader(file);
    const refs: string[] = [];
    // Heard while each row is handed on: none (the sheet lists its areas after its rows).
    const heardByRow: number[] = [];
    try {
      for await (const { row } of reader.rows("Export", { merged: (ref) => refs.push(ref) }))
        heardByRow[row - 1] = refs.length;
    } finally {
      reader.close();
    }
    expect(heardByRow).toEqual([0, 0, 0, 0, 0, 0]);
    expect(refs.sort()).toEqual(["A5:A6", "B2:B4", "C1:D1"]);
  });

  it("reads shared strings as ExcelJS' streaming writer stores them (after the sheets in the zip)", async () => {
    const file = path.join(dir, "shared.xlsx");
    const writer = new stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = writer.addWorksheet("Data");
    for (let r = 0; r < 50; r++) ws.addRow([`INC${r % 7}`, r, r % 2 === 0 ? "New" : "Resolved"]).commit();
    ws.commit();
    await writer.commit();
    const streamed = await streamedGrid(file, "Data");
    expect(streamed).toEqual(await wholeGrid(file, "Data"));
    expect(streamed[9]).toEqual(["INC2", 9, "Resolved"]);
  });

  it("keeps only the strings a sheet uses when the shared strings are over 16 MB, with the same values", async () => {
    const file = path.join(dir, "many-strings.xlsx");
    const writer = new stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const big = writer.addWorksheet("Big");
    // About 18 MB of shared strings, none of them used by the small sheet but "INC0".
    const pad = "x".repeat(400);
    for (let r = 0; r < 45_000; r++) big.addRow([`${pad}${r}`]).commit();
    big.commit();
    const small = writer.addWorksheet("Small");
    for (let r = 0; r < 20; r++) small.addRow([`INC${r % 3}`, r, r % 2 === 0 ? "New" : "Resolved"]).commit();
    small.commit();
    await writer.commit();
    const reader = await openRowReader(file);
    try {
      const rows = [];
      for await (const { cells } of reader.rows("Small")) rows.push(cells);
      expect(rows).toEqual(await wholeGrid(file, "Small"));
      expect(rows[4]).toEqual(["INC1", 4, "New"]);
    } finally {
      reader.close();
    }
  });

  it("reads a 300,000-row export through a 100 MB heap, which the whole-workbook reader cannot", async () => {
    const file = path.join(dir, "big.xlsx");
    const writer = new stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = writer.addWorksheet("Export");
    ws.addRow(["number", "sys_updated_on", "state", "priority"]).commit();
    for (let r = 0; r < 300_000; r++) {
      ws.addRow([
        `INC${String(r >> 2).padStart(7, "0")}`,
        45292 + r / 1000,
        r % 4 === 3 ? "Resolved" : "New",
        "3 - Moderate",
      ]).commit();
    }
    ws.commit();
    await writer.commit();
    const script = path.join(dir, "count.ts");
    const root = path.resolve(__dirname, "../../..");
    const from = (module: string) => JSON.stringify(path.join(root, module));
    fs.writeFileSync(
      script,
      `import { readExportSheet } from ${from("cli/tickets")};\n` +
        `import { openWorkbook } from ${from("cli/xlsx")};\n` +
        `import { ticketHeaderRow } from ${from("src/tickets/columns")};\n` +
        `const [file, how] = process.argv.slice(2);\n` +
        `let rows = 0; let last: unknown;\n` +
        `const read = how === "whole" ? openWorkbook(file).then((b) => { rows = b.grid("Export")!.length - 1; }) :\n` +
        `  readExportSheet({ command: "tickets", options: new Map(), help: false }, file, ticketHeaderRow, () => (row, record) => { rows++; last = [row, record[0]]; });\n` +
        `read.then(() => console.log(JSON.stringify({ rows, last })));\n`,
    );
    const run = (how: string) =>
      execFileSync(process.execPath, ["--max-old-space-size=100", "--import", "tsx", script, file, how], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    const result = JSON.parse(run("stream")) as { rows: number; last: [number, string] };
    expect(result.rows).toBe(300_000);
    expect(result.last).toEqual([300_001, "INC0074999"]);
    // The same file read whole runs out of that heap: the test measures what streaming saves.
    expect(() => run("whole")).toThrow(/heap out of memory|Allocation failed/);
  }, 300_000);

  describe("edge cases, through the tickets command", () => {
    const BASE = ["--start", "New", "--pause", "", "--stop", "Resolved", "--targets", "P1=4"];

    it("names a damaged export, a zip without a workbook and an unknown --sheet (exit 2)", async () => {
      const cut = path.join(dir, "cut.xlsx");
      await writeKinds(path.join(dir, "whole.xlsx"), false);
      const bytes = fs.readFileSync(path.join(dir, "whole.xlsx"));
      fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 200));
      const damaged = await cli("tickets", cut, ...BASE, "-o", path.join(dir, "o1.xlsx"));
      expect([damaged.code, damaged.stderr]).toEqual([
        2,
        `sla-governance: ${cut} is not a readable .xlsx workbook (the file is damaged or not really .xlsx).\n`,
      ]);

      const noBook = path.join(dir, "nobook.xlsx");
      const zip = new (await import("jszip")).default();
      zip.file("[Content_Types].xml", "<Types/>");
      zip.file("word/document.xml", "<document/>");
      fs.writeFileSync(noBook, await zip.generateAsync({ type: "nodebuffer" }));
      const other = await cli("tickets", noBook, ...BASE, "-o", path.join(dir, "o2.xlsx"));
      expect(other.code).toBe(2);
      expect(other.stderr).toContain("is not an .xlsx workbook");

      const sheet = await cli(
        "tickets",
        path.join(dir, "whole.xlsx"),
        ...BASE,
        "--sheet",
        "Nope",
        "-o",
        path.join(dir, "o3.xlsx"),
      );
      expect(sheet.code).toBe(2);
      expect(sheet.stderr).toContain(`no sheet "Nope" in ${path.join(dir, "whole.xlsx")}; its sheets are "Export"`);
    });

    it("measures an .xlsx export exactly as the same export in CSV", async () => {
      const rows = [
        ["number", "sys_updated_on", "state", "priority"],
        ["INC1", "2024-03-04 09:00", "New", "P1"],
        ["INC2", "2024-03-04 09:30", "New", "P1"],
        ["INC1", "2024-03-04 12:00", "Resolved", "P1"],
        ["INC2", "2024-03-05 09:30", "Resolved", "P1"],
      ];
      const csv = path.join(dir, "same.csv");
      fs.writeFileSync(csv, rows.map((r) => r.join(",")).join("\n"));
      const wb = new Workbook();
      wb.addWorksheet("Export").addRows(rows);
      const xlsx = path.join(dir, "same.xlsx");
      await wb.xlsx.writeFile(xlsx);
      const a = await cli("tickets", csv, ...BASE, "-o", path.join(dir, "a.xlsx"), "--json");
      const b = await cli("tickets", xlsx, ...BASE, "-o", path.join(dir, "b.xlsx"), "--json");
      expect(b.code).toBe(0);
      expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
      expect(JSON.parse(b.stdout).results).toEqual([
        expect.objectContaining({ period: "2024-03", priority: "P1", measured: 2, met: 1 }),
      ]);
    });
  });
});
