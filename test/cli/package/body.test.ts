/**
 * Sheet rows written as they are made (cli/package/sheet.ts SheetBody, cli/package/zip.ts
 * SegmentDeflater): the rows' XML deflated into a segment while the caller goes on, copied into
 * the part by the package writer between deflated runs of text. The part holds the cells the
 * plan's rows give (in the body's shorter form: no `r` on a cell that follows the one before it,
 * numbers written as the same doubles), its CRC combined right; the package reads back in
 * ExcelJS and LibreOffice and validates. writeNumber's texts read back as the same double.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import fc from "fast-check";
import { Workbook } from "exceljs";
import { SheetBody, writeNumber } from "../../../cli/package/sheet";
import { openRowReader } from "../../../cli/package/rows";
import { crc32Combine, SegmentDeflater, ZipReader } from "../../../cli/package/zip";
import { plainValue, stylesForWrite, writeWorkbook } from "../../../cli/xlsx";
import { columnIndex } from "../../../src/governance/model";
import { SheetPlan } from "../../../src/governance/plan";
import { ticketsSheetHead } from "../../../src/tickets/plan";
import { validatePackage } from "../../support/ooxml";
import { recalculate } from "../../support/libreoffice";
import { describeWith, LIBREOFFICE, XMLLINT } from "../../support/programs";
import { tempDir } from "../helpers";

let dir: string;
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Plain = string | number | boolean | null | undefined;

/** Row i of a sheet of every kind of value a body writes: texts to escape, spaces kept, blanks, non-finite numbers. */
function rowOf(i: number): Plain[] {
  return [
    i % 97 === 0 ? `  INC<&>"${i}" ü  ` : `INC${i}`,
    i % 5 === 0 ? null : `P${i % 4}`,
    i % 7 === 0 ? undefined : 45292 + i / 1440,
    i % 11 === 0 ? null : (i * 977) / 3600,
    i % 13 === 0 ? Number.NaN : i % 3 === 0,
    i % 17 === 0 ? "tab\there\nline" : i % 19 === 0 ? Infinity : i,
    i % 23 === 0 ? "_x0041_ \u0001" : null,
    i % 29 === 0 ? "" : i % 31 === 0 ? "x_y" : i % 37 === 0 ? "naïve 😀" : i % 41 === 0 ? "a & b" : `id ${i}`,
  ];
}

/** A head whose formats cover every body row column by column (as the ticket sheets' heads do). */
function headOf(rows: number, header = false): SheetPlan {
  return {
    name: "Rows",
    replace: true,
    cells: [["Ticket", "Priority", "Started", "Hours", "Met", "Count", "Note", "Text"]],
    ...(header ? { headerRows: [0], freezeRows: 1 } : {}),
    formats: [
      { range: `C2:C${rows + 1}`, format: "yyyy-mm-dd hh:mm" },
      { range: `D2:D${rows + 1}`, format: "0.00" },
      { range: `G2:G${rows + 1}`, format: "@" },
    ],
  };
}

/** A part's inflated text, after checking the CRC its entry records. */
function partText(file: string, part: string): string {
  const zip = ZipReader.open(file);
  try {
    const entry = zip.find(part)!;
    const bytes = zip.read(entry);
    expect(zlib.crc32(bytes)).toBe(entry.crc);
    expect(bytes.length).toBe(entry.size);
    return bytes.toString("utf8");
  } finally {
    zip.close();
  }
}

/**
 * A worksheet's cells as a reader places them, one line each: row, column (a cell without `r`
 * is in the column after the cell before it), its other attributes and its content, a `<v>`'s
 * number compared as the double it reads as.
 */
function placedCells(xml: string): string[] {
  const out: string[] = [];
  for (const row of xml.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    let column = 0;
    for (const c of row[2].matchAll(/<c(?: r="([A-Z]+)\d+")?((?: [a-z]+="[^"]*")*)(\/>|>([\s\S]*?)<\/c>)/g)) {
      column = c[1] ? columnIndex(c[1]) + 1 : column + 1;
      const content = (c[4] ?? "").replace(/<v>([^<]*)<\/v>/, (_, v: string) => `<v>${Number(v)}</v>`);
      out.push(`${row[1]}:${column}${c[2]}${c[4] === undefined ? "/" : ""}:${content}`);
    }
  }
  return out;
}

/** The text writeNumber writes for a number. */
function numberText(v: number): string {
  const b = Buffer.alloc(64);
  return b.toString("latin1", 0, writeNumber(b, 0, v));
}

describe("writeNumber", () => {
  test("worked examples: whole numbers, times, hours, and what JavaScript writes beyond them", () => {
    expect(numberText(0)).toBe("0");
    expect(numberText(-0)).toBe("0");
    expect(numberText(24)).toBe("24");
    expect(numberText(-17)).toBe("-17");
    expect(numberText(45292)).toBe("45292");
    expect(numberText(45292.5)).toBe("45292.5");
    // 17 significant digits, not always the shortest text: the same double.
    expect(numberText(45292.09201388889)).toBe("45292.092013888891");
    expect(numberText(0.56)).toBe("0.56");
    expect(numberText(0.5)).toBe("0.5");
    expect(numberText(-0.000001)).toBe("-0.000001");
    expect(numberText(31 / 3600)).toBe("0.008611111111111111");
    expect(numberText(2 ** 53 - 1)).toBe("9007199254740991");
    expect(numberText(2 ** 53 + 2)).toBe("9007199254740994");
    expect(numberText(1e21)).toBe("1e+21");
    expect(numberText(1e-7)).toBe("0.0000001");
    expect(numberText(1e-300)).toBe("1e-300");
    expect(numberText(2 ** 31 + 0.25)).toBe("2147483648.25");
  });

  test("every finite double's text reads back as the same double (date serials, hours, any)", () => {
    const readsBack = (v: number) => {
      const text = numberText(v);
      expect(text).toMatch(/^-?(\d+(\.\d+)?|\d(\.\d+)?e[+-]\d+)$/);
      expect(Number(text)).toBe(v === 0 ? 0 : v);
    };
    // Serials to the millisecond from 1900 to 2200, and any double of that span.
    fc.assert(fc.property(fc.integer({ min: 0, max: 110_000 * 86_400_000 }), (ms) => readsBack(ms / 86_400_000)));
    fc.assert(fc.property(fc.double({ min: 8000, max: 2 ** 32, noNaN: true }), readsBack), { numRuns: 5000 });
    // Hours of business time to the millisecond, and any small number.
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ms) => readsBack(ms / 3_600_000)));
    fc.assert(fc.property(fc.double({ min: -9000, max: 9000, noNaN: true }), readsBack), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), readsBack), { numRuns: 5000 });
    // Just below a whole number and around the bounds of each way of writing.
    for (const v of [8191.999999999999, 8192 - 2 ** -40, 8192 + 2 ** -39, 2 ** 31 - 2 ** -22, 0.9999999999999999])
      readsBack(v);
  });
});

describe("crc32Combine", () => {
  test("the CRC of two byte strings one after the other, from each one's CRC (against zlib over the whole)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const [x, y] = [Buffer.from(a), Buffer.from(b)];
        expect(crc32Combine(zlib.crc32(x), zlib.crc32(y), y.length)).toBe(zlib.crc32(Buffer.concat([x, y])));
      }),
    );
  });

  test("long second strings (lengths with high bits set) and an empty one", () => {
    const a = Buffer.from("head of the part");
    for (const n of [1, 255, 65_537, 3_000_001]) {
      const b = Buffer.alloc(n, n % 251);
      expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), n)).toBe(zlib.crc32(Buffer.concat([a, b])));
    }
    expect(crc32Combine(zlib.crc32(a), 0, 0)).toBe(zlib.crc32(a));
  });
});

describe("SegmentDeflater", () => {
  test("pieces deflated out of order on zlib's threads and on the caller's come back in order", async () => {
    const file = path.join(dir, "pieces.deflated");
    const d = new SegmentDeflater(file);
    const texts: string[] = [];
    // About 12 MB written at once: more pieces than the threads take, so the caller deflates some.
    for (let i = 0; i < 120; i++) {
      const text = `<piece ${i}>` + "x".repeat(100_000 + i) + `ü${i}</piece>`;
      texts.push(text);
      d.write(text);
    }
    const segment = await d.finish();
    const whole = Buffer.from(texts.join(""), "utf8");
    const inflated = zlib.inflateRawSync(Buffer.concat([fs.readFileSync(file), Buffer.from([3, 0])]));
    expect(inflated.equals(whole)).toBe(true);
    expect(segment).toEqual({
      file,
      crc: zlib.crc32(whole),
      size: whole.length,
      compressedSize: fs.statSync(file).size,
    });
  });
});

describe("SheetBody", () => {
  test("gives the cells the plan's rows give, each in its place, in a package whose CRC checks", async () => {
    // 40,000 rows: about 9 MB of XML, many pieces.
    const n = 40_000;
    const rows = Array.from({ length: n }, (_, i) => rowOf(i));
    const planned = path.join(dir, "planned.xlsx");
    // A blank (undefined) of a row writes nothing, as a hole in a plan's cells does.
    const cells = [...headOf(n).cells, ...rows] as SheetPlan["cells"];
    await writeWorkbook(undefined, planned, { plans: [{ ...headOf(n), cells }] });

    const styles = stylesForWrite(undefined)!;
    const body = new SheetBody(headOf(0), styles, 2, path.join(dir, "rows.deflated"));
    for (const row of rows) body.push(row);
    const written = await body.finish();
    expect([written.firstRow, written.rows]).toEqual([2, n]);
    const streamed = path.join(dir, "streamed.xlsx");
    await writeWorkbook(undefined, streamed, { styles, plans: [{ name: "Rows", head: headOf(n), body: written }] });

    const part = "xl/worksheets/sheet1.xml";
    const [xml, plan] = [partText(streamed, part), partText(planned, part)];
    expect(placedCells(xml)).toEqual(placedCells(plan));
    expect(placedCells(xml).length).toBeGreaterThan(n * 6);
    // Around the rows, the part is the plan's to the byte.
    const around = (xml: string) => xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, "");
    expect(around(xml)).toBe(around(plan));
    // Only a row's first cell and a cell after a gap keep their reference.
    expect(xml.match(/<c r="/g)!.length).toBeLessThan(n * 2);
    expect(xml.length).toBeLessThan(plan.length * 0.9);
    expect(partText(streamed, "xl/styles.xml")).toBe(partText(planned, "xl/styles.xml"));
  });

  test("rows whose every cell takes the longest markup (texts with spaces kept) fit the room asked for", async () => {
    // 30 one-character texts a row that each need xml:space (a space, a tab): the most markup for
    // the fewest characters; rows cross many piece boundaries.
    const n = 6_000;
    const rows = Array.from({ length: n }, (_, i) => Array.from({ length: 30 }, (_, c) => ((c + i) % 2 ? " " : "\t")));
    const head: SheetPlan = { name: "Rows", replace: true, cells: [Array.from({ length: 30 }, (_, c) => `H${c}`)] };
    const planned = path.join(dir, "spaced-planned.xlsx");
    await writeWorkbook(undefined, planned, { plans: [{ ...head, cells: [...head.cells, ...rows] }] });
    const styles = stylesForWrite(undefined)!;
    const body = new SheetBody(head, styles, 2, path.join(dir, "spaced.deflated"));
    for (const row of rows) body.push(row);
    const streamed = path.join(dir, "spaced-streamed.xlsx");
    await writeWorkbook(undefined, streamed, { styles, plans: [{ name: "Rows", head, body: await body.finish() }] });
    expect(placedCells(partText(streamed, "xl/worksheets/sheet1.xml"))).toEqual(
      placedCells(partText(planned, "xl/worksheets/sheet1.xml")),
    );
  });

  test("after a header row and with the header's styles made later, the values and formats read back in ExcelJS", async () => {
    const n = 500;
    const styles = stylesForWrite(undefined)!;
    const body = new SheetBody(headOf(0, true), styles, 2, path.join(dir, "read.deflated"));
    for (let i = 0; i < n; i++) body.push(rowOf(i));
    const file = path.join(dir, "read.xlsx");
    await writeWorkbook(undefined, file, {
      styles,
      plans: [{ name: "Rows", head: headOf(n, true), body: await body.finish() }],
    });
    const wb = new Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet("Rows")!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    for (const i of [0, 1, 7, 13, 97, 194, 499]) {
      const expected = rowOf(i).map((v) =>
        // An empty text reads back as a blank (ExcelJS reads an empty inline string so, as from any plan).
        v === undefined || v === null || v === "" ? null : typeof v === "number" && !Number.isFinite(v) ? "#NUM!" : v,
      );
      const got = expected.map((_, c) => {
        const v = plainValue(sheet.getRow(i + 2).getCell(c + 1).value);
        return typeof v === "object" && v !== null && "error" in v ? (v as { error: string }).error : v;
      });
      expect(got).toEqual(expected);
    }
    expect(sheet.getRow(3).getCell(3).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(sheet.getRow(3).getCell(4).numFmt).toBe("0.00");
  });

  test("styles read from another package than the one written are refused (a bug, not a corrupt file)", async () => {
    const styles = stylesForWrite(undefined)!;
    const body = new SheetBody(headOf(0), styles, 2, path.join(dir, "other.deflated"));
    body.push(rowOf(1));
    const first = path.join(dir, "first.xlsx");
    const formatted: SheetPlan = {
      name: "Other",
      replace: true,
      cells: [[1.5]],
      formats: [{ range: "A1", format: "0.000" }],
    };
    await writeWorkbook(undefined, first, { plans: [formatted] });
    await expect(
      writeWorkbook(first, path.join(dir, "second.xlsx"), {
        styles,
        plans: [{ name: "Rows", head: headOf(1), body: await body.finish() }],
      }),
    ).rejects.toThrow(/styles given were read from another package/);
  });

  test("a body numbered for other rows than those before it is refused", async () => {
    const styles = stylesForWrite(undefined)!;
    const body = new SheetBody(headOf(0), styles, 3, path.join(dir, "misnumbered.deflated"));
    body.push(rowOf(1));
    await expect(
      writeWorkbook(undefined, path.join(dir, "misnumbered.xlsx"), {
        styles,
        plans: [{ name: "Rows", head: headOf(1), body: await body.finish() }],
      }),
    ).rejects.toThrow(/starts at row 3, not 2/);
  });
});

describeWith(XMLLINT)("a Tickets sheet written as its rows come", () => {
  test("validates against the ECMA-376 schemas", async () => {
    const styles = stylesForWrite(undefined)!;
    const head = ticketsSheetHead(0);
    const body = new SheetBody(head, styles, 2, path.join(dir, "tickets.deflated"));
    for (let i = 0; i < 300; i++) {
      body.push([
        `INC${i}`,
        "P1",
        null,
        45292 + i / 7,
        45293 + i / 7,
        1.5,
        0,
        4,
        true,
        "Stopped",
        45292,
        0,
        null,
        null,
      ]);
    }
    const file = path.join(dir, "tickets.xlsx");
    await writeWorkbook(undefined, file, {
      styles,
      plans: [{ name: "Tickets", head: ticketsSheetHead(300), body: await body.finish() }],
    });
    expect(await validatePackage(file)).toEqual([]);
  });
});

describeWith(LIBREOFFICE)("LibreOffice reads a Tickets sheet written as its rows come", () => {
  test("every cell in its column with its value (cells without a reference, numbers in the body's form)", async () => {
    const serial = (ms: number) => ms / 86_400_000 + 25569;
    const base = Date.UTC(2024, 0, 1);
    // Ticket-like rows with gaps (a priority left out, a blank service), every kind of number.
    const rowAt = (i: number): Plain[] => [
      `INC${i}`,
      i % 5 === 0 ? undefined : `P${(i % 4) + 1}`,
      i % 3 === 0 ? "SVC-1" : null,
      serial(base + i * 7_919_000),
      i % 7 === 0 ? null : serial(base + i * 7_919_000 + i * 977_123),
      (i * 977_123) / 3_600_000,
      i % 4 === 0 ? 0 : 0.25 * i,
      [4, 8, 24, 40][i % 4],
      i % 2 === 0,
      i % 7 === 0 ? "Running" : "Stopped",
      45292 + (i % 12) * 30,
      i % 3,
      i % 11 === 0 ? serial(base + i * 8_000_000) : null,
      i % 13 === 0 ? "75%" : null,
      serial(base + i * 7_919_000 + i * 31_000),
      (i * 31_000) / 3_600_000,
      i % 4 === 0 ? undefined : 0.5,
      i % 2 === 1,
    ];
    const n = 300;
    const styles = stylesForWrite(undefined)!;
    const body = new SheetBody(ticketsSheetHead(0), styles, 2, path.join(dir, "lo.deflated"));
    for (let i = 0; i < n; i++) body.push(rowAt(i));
    const file = path.join(dir, "lo-tickets.xlsx");
    await writeWorkbook(undefined, file, {
      styles,
      plans: [{ name: "Tickets", head: ticketsSheetHead(n), body: await body.finish() }],
    });
    const outDir = path.join(dir, "lo-out");
    fs.mkdirSync(outDir);
    const [saved] = recalculate([file], outDir);
    // LibreOffice's own copy, every cell with its reference (its booleans become TRUE()/FALSE()
    // with their values, which ExcelJS reads as blanks when false: read by the streaming reader).
    const reader = await openRowReader(saved);
    const got: unknown[] = [];
    try {
      for await (const { row, cells } of reader.rows("Tickets")) if (row > 1) got.push({ row, cells });
    } finally {
      reader.close();
    }
    const expected = Array.from({ length: n }, (_, i) => {
      const cells = rowAt(i).map((v) => (v === undefined ? null : v));
      while (cells[cells.length - 1] === null) cells.pop();
      return { row: i + 2, cells };
    });
    // LibreOffice saves 15 significant digits: a number within that of the one written is it
    // (dates read back to the millisecond either way).
    const near = (a: unknown, b: unknown) =>
      typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(b));
    const asRead = (got as { row: number; cells: unknown[] }[]).map(({ row, cells }, k) => ({
      row,
      cells: cells.map((v, c) => (near(v, expected[k]?.cells[c]) ? expected[k].cells[c] : v)),
    }));
    expect(asRead).toEqual(expected);
  }, 120_000);
});
