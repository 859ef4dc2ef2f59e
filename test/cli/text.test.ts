/**
 * Text as Excel stores it (issue 25): the command line writes and reads cell text through the
 * one OOXML text codec, so a carriage return (`_x000D_`), a literal `_x0041_` (`_x005F_x0041_`),
 * control characters and astral characters read back exactly, inline and shared strings read
 * alike, and a closed row holding such text verifies.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import JSZip from "jszip";
import { Workbook } from "exceljs";
import { COLUMN_INDEX, emptyRow, RegisterRow, SHEETS } from "../../src/governance/model";
import { registerGrid, withPaths } from "../../src/governance/register";
import { closeMeasures, verifyRegister } from "../../src/governance/closure";
import { readIdentity } from "../../src/governance/identity";
import { isRefusal } from "../../src/errors";
import { registerRows } from "../../cli/commands";
import { closureSheetPlans, openWorkbook, writeWorkbook } from "../../cli/xlsx";
import { cli, governedSample, tempDir } from "./helpers";

let dir: string;
const file = (name: string) => path.join(dir, name);
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function zipText(f: string, part: string): Promise<string> {
  return (await JSZip.loadAsync(fs.readFileSync(f))).file(part)!.async("string");
}

/** Writes texts into column A of a sheet with the command line's writer and reads them back. */
async function roundTrip(texts: readonly string[], name: string): Promise<unknown[]> {
  const wb = new Workbook();
  const ws = wb.addWorksheet("Texts");
  texts.forEach((t, i) => (ws.getCell(`A${i + 1}`).value = t));
  await writeWorkbook(wb, file(name), { plans: [], addin: false });
  const grid = (await openWorkbook(file(name))).grid("Texts")!;
  return texts.map((_, i) => grid[i]?.[0] ?? null);
}

describe("the writer and the reader use the OOXML text codec", () => {
  const texts = ["line 1\r\nline 2", "_x0041_", "tab\there", "bell\u0007", "emoji 😀 ✓", "a_x005F_b", " padded "];

  test("what is written reads back exactly, stored as Excel stores it", async () => {
    expect(await roundTrip(texts, "texts.xlsx")).toEqual(texts);
    const strings = await zipText(file("texts.xlsx"), "xl/sharedStrings.xml");
    expect(strings).toContain("line 1_x000D_\nline 2");
    expect(strings).toContain("_x005F_x0041_");
    expect(strings).toContain("bell_x0007_");
  });

  test("inline strings read as shared strings do", async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file("texts.xlsx")));
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    // Cells A1 and A2 as inline strings, stored with Excel's escapes.
    const inline = sheet
      .replace(
        /<c r="A1"([^>]*?) t="s"><v>\d+<\/v><\/c>/,
        '<c r="A1"$1 t="inlineStr"><is><t>line 1_x000D_\nline 2</t></is></c>',
      )
      .replace(
        /<c r="A2"([^>]*?) t="s"><v>\d+<\/v><\/c>/,
        '<c r="A2"$1 t="inlineStr"><is><t>_x005F_x0041_</t></is></c>',
      );
    expect(inline).not.toBe(sheet);
    zip.file("xl/worksheets/sheet1.xml", inline);
    fs.writeFileSync(file("inline.xlsx"), await zip.generateAsync({ type: "nodebuffer" }));
    const grid = (await openWorkbook(file("inline.xlsx"))).grid("Texts")!;
    expect(grid[0][0]).toBe("line 1\r\nline 2");
    expect(grid[1][0]).toBe("_x0041_");
  });

  test("property: arbitrary Unicode text, control characters, surrogate pairs and literal escapes round-trip", async () => {
    const escapes = fc.constantFrom(
      "_x0041_",
      "_x000D_",
      "_x005F_",
      "_X0041_",
      "_x00",
      "\r",
      "\r\n",
      "\u0000",
      "\uD800",
      "\uFFFE",
      "😀",
    );
    const text = fc
      .array(fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), escapes), { maxLength: 5 })
      .map((parts) => parts.join(""))
      .filter((t) => t !== "");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), async (texts) => {
        expect(await roundTrip(texts, `property-${run++}.xlsx`)).toEqual(texts);
      }),
      { numRuns: 15 },
    );
  }, 120000);
});

describe("a closed row holding such text closes and verifies", () => {
  /** A register whose measures are named by the given texts, all at L4 Realized. */
  function register(names: readonly string[]): RegisterRow[] {
    const item = (id: string, level: string, parentId: string | null, extra: Partial<RegisterRow> = {}) => ({
      ...emptyRow(),
      id,
      level,
      parentId,
      name: level,
      controller: "Carla",
      ...extra,
    });
    return withPaths([
      item("ORG-1", "Organization", null),
      item("PF-1", "Portfolio", "ORG-1"),
      item("PG-1", "Program", "PF-1"),
      item("PR-1", "Project", "PG-1"),
      item("PK-1", "Measure Package", "PR-1"),
      ...names.map((name, i) =>
        item(`M-${i + 1}`, "Measure", "PK-1", {
          name,
          owner: name,
          gate: "L4 Realized",
          baseline: 1000,
          actual: 900,
          planned: 100,
          forecast: 100,
        }),
      ),
    ]);
  }

  test("property: write, read, close, write, read, verify", async () => {
    const text = fc
      .array(
        fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("_x0041_", "_x000D_", "\r\n", "\u0001")),
        { maxLength: 4 },
      )
      .map((parts) => parts.join(""));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 6 }), async (names) => {
        const k = run++;
        const wb = new Workbook();
        const ws = wb.addWorksheet(SHEETS.register);
        registerGrid(register(names)).forEach((line, r) =>
          line.forEach((v, c) => (ws.getRow(r + 1).getCell(c + 1).value = v)),
        );
        await writeWorkbook(wb, file(`reg-${k}.xlsx`), { plans: [], addin: false });
        const opened = await openWorkbook(file(`reg-${k}.xlsx`));
        const rows = registerRows(opened);
        expect(rows.slice(5).map((r) => r.name)).toEqual(names.map((n) => (n === "" ? null : n)));
        const plan = await closeMeasures(rows, undefined, {
          items: names.map((_, i) => ({ id: `M-${i + 1}`, confirmed: 100 })),
          controller: "Carla",
          at: "2026-11-25T10:00:00.000Z",
          newWorkbookId: "c".repeat(32),
        });
        if (isRefusal(plan)) throw new Error(plan.reasons.join("\n"));
        await writeWorkbook(opened, file(`closed-${k}.xlsx`), {
          plans: [...closureSheetPlans(plan), plan.identity!],
          addin: false,
        });
        const back = await openWorkbook(file(`closed-${k}.xlsx`));
        const v = await verifyRegister(registerRows(back), back.grid(SHEETS.audit), {
          identity: readIdentity(back.grid(SHEETS.identity)),
        });
        expect(v.tampered).toEqual([]);
        expect(v).toMatchObject({ intact: true, closed: names.length });
      }),
      { numRuns: 6 },
    );
  }, 180000);
});

describe("attack 4: honest text failed verification", () => {
  test("a row whose text Excel stored with _x000D_, or a literal _x0041_, closes and verifies", async () => {
    const governed = file("governed.xlsx");
    const picks = await governedSample(dir, governed, 2);
    const names = ["Renegotiate\r\nphase 2", "Code _x0041_ kept"];
    const wb = new Workbook();
    await wb.xlsx.readFile(governed);
    picks.forEach((p, i) => {
      wb
        .getWorksheet(SHEETS.register)!
        .getRow(p.sheetRow)
        .getCell(COLUMN_INDEX.name + 1).value = names[i];
    });
    await wb.xlsx.writeFile(file("texts-governed.xlsx"));
    // Stored as Excel stores it.
    const strings = await zipText(file("texts-governed.xlsx"), "xl/sharedStrings.xml");
    expect(strings).toContain("Renegotiate_x000D_\nphase 2");
    expect(strings).toContain("Code _x005F_x0041_ kept");
    const close = await cli(
      "close",
      file("texts-governed.xlsx"),
      "--measure",
      picks.map((p) => p.id).join(","),
      "--controller",
      "Carla Controller",
      "--confirmed",
      picks.map((p) => String(p.planned)).join(","),
      "--unsigned",
      "-o",
      file("texts-closed.xlsx"),
    );
    expect(close).toMatchObject({ code: 0, stderr: "" });
    const rows = registerRows(await openWorkbook(file("texts-closed.xlsx")));
    expect(picks.map((p) => rows[p.sheetRow - 2].name)).toEqual(names);
    const verify = await cli("verify", file("texts-closed.xlsx"));
    // Unsigned and no roster: consistent, not proven; never "closed data changed".
    expect(verify.code).toBe(3);
    expect(verify.stdout).not.toContain("closed data changed");
  }, 120000);
});
