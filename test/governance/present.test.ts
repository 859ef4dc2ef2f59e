/**
 * The presentation rules: widths from what the cells show, wrapped text with rows tall enough
 * for it, and a print setup that stays readable (one page wide only when that is at least 75%).
 */
import fc from "fast-check";
import {
  columnPixels,
  fitColumns,
  LINE_HEIGHT,
  MAX_COLUMN_WIDTH,
  MIN_PRINT_SCALE,
  PAGE_WIDTH_PX,
  present,
  printSetup,
  wrappedLines,
} from "../../src/governance/present";
import { SheetPlan } from "../../src/governance/plan";

const plan = (cells: SheetPlan["cells"], headerRows: number[] = [0]): SheetPlan => ({
  name: "S",
  replace: true,
  cells,
  headerRows,
});

describe("wrappedLines", () => {
  test("word by word, as a spreadsheet wraps", () => {
    expect(wrappedLines("Credits charged earlier in the contract year", 20)).toBe(3);
    expect(wrappedLines("short", 20)).toBe(1);
    expect(wrappedLines("", 20)).toBe(1);
    expect(wrappedLines("one\ntwo", 20)).toBe(2);
  });

  test("a word longer than the line is broken across lines", () => {
    expect(wrappedLines("x".repeat(45), 20)).toBe(3);
  });

  test("never fewer lines than its letters over the width, never more than its words", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 30 }),
        fc.integer({ min: 12, max: 60 }),
        (words, width) => {
          const text = words.join(" ");
          const letters = words.join("").length;
          expect(wrappedLines(text, width)).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(letters / width)));
          expect(wrappedLines(text, width)).toBeLessThanOrEqual(Math.max(1, words.length));
        },
      ),
    );
  });
});

describe("fitColumns", () => {
  test("a column is as wide as its widest cell as shown, plus padding", () => {
    const { widths } = fitColumns({
      ...plan([["Amount"], [1234567.5]]),
      formats: [{ range: "A2", format: "#,##0.00" }],
    });
    expect(widths[0]).toBe(14); // "1,234,567.50" is 12 characters
  });

  test("outside the table a text ending its row spills right and does not widen its column", () => {
    const cells = [["Note: short"], [], ["ID", "Name"], ["A-1", "Alpha"]];
    const { widths, wrap, merges } = fitColumns(plan(cells, [2]), { first: 2, last: 3 });
    expect(widths[0]).toBeLessThan(10);
    expect([wrap, merges]).toEqual([[], []]);
  });

  test("a spilling text wider than the rest of its page is merged to the page's last column and wrapped", () => {
    const note = "Credits after the monthly cap, up to what the annual cap leaves.";
    const cells = [
      ["Credits", 5, note],
      [],
      ["ID", "Name", "Agreement", "Unit", "Result"],
      ["A-1", "Alpha", "SLA", "%", 0.99],
    ];
    // One page wide, the sheet's last column ends the page (a reader prints nothing past it).
    const one = fitColumns(plan(cells, [2]), { first: 2, last: 3 });
    expect(one.merges).toEqual(["C1:E1"]);
    expect(one.wrap).toContain("C1:E1");
    const room = one.widths[2] + one.widths[3] + one.widths[4];
    expect(one.rowHeights).toEqual([{ row: 1, height: wrappedLines(note, room - 2) * LINE_HEIGHT }]);
    // A page that starts at E: the note stays on the page of C, merged over C and D.
    const broken = fitColumns(plan(cells, [2]), { first: 2, last: 3 }, () => [4]);
    expect(broken.merges).toEqual(["C1:D1"]);
    // Room enough on its page: it spills, neither merged nor wrapped.
    const short = fitColumns(plan([["Credits", 5, "Capped."], ...cells.slice(1)], [2]), { first: 2, last: 3 });
    expect([short.merges, short.wrap.filter((w) => w.startsWith("C1"))]).toEqual([[], []]);
  });

  test("outside the table a text spills over the blank cells beside it, and wraps only past them", () => {
    // A title beside a blank cell, a value after that: room for it over A and B, not past C.
    const table = [
      ["ID", "Service name", "Agreement"],
      ["SL-001", "Service Desk", "SLA"],
    ];
    const fits = fitColumns(plan([["Service review 2026-11", null, "x"], ...table], [1]), { first: 1, last: 2 });
    expect(fits.widths[0] + fits.widths[1]).toBeGreaterThanOrEqual("Service review 2026-11".length + 2);
    const inTitle = (w: string[]) => w.filter((area) => area.startsWith("A1"));
    expect(inTitle(fits.wrap)).toEqual([]);
    const long = "Service review of a very long period name";
    const wraps = fitColumns(plan([[long, null, "x"], ...table], [1]), { first: 1, last: 2 });
    expect(inTitle(wraps.wrap)).toEqual(["A1:A1"]);
    expect(wraps.rowHeights[0]).toMatchObject({ row: 1 });
  });

  test("a long text in the table wraps and its row grows to its lines", () => {
    const text = "word ".repeat(40).trim(); // 199 characters
    const { widths, wrap, rowHeights } = fitColumns(
      plan([
        ["ID", "Message"],
        ["A-1", text],
      ]),
    );
    expect(widths[1]).toBeLessThanOrEqual(100);
    expect(wrap).toEqual(["B2:B2"]);
    expect(rowHeights).toEqual([{ row: 2, height: wrappedLines(text, widths[1] - 2) * LINE_HEIGHT }]);
    expect(rowHeights[0].height).toBeGreaterThan(LINE_HEIGHT);
  });

  test("a long header takes two lines rather than widening its column", () => {
    const header = "Significant Minimum met";
    const { widths, rowHeights } = fitColumns(
      plan([
        ["ID", header],
        ["A", true],
      ]),
      { first: 0, last: 1 },
    );
    expect(widths[1]).toBeLessThan(header.length * 1.1);
    expect(rowHeights).toEqual([{ row: 1, height: 2 * LINE_HEIGHT }]);
  });

  test("a column never passes the maximum unless the page has room for it", () => {
    const many = Array.from({ length: 20 }, (_, i) => `Column ${i}`);
    const row = many.map(() => "y".repeat(30));
    row[3] = "z ".repeat(100);
    const { widths } = fitColumns(plan([many, row]));
    expect(widths[3]).toBe(MAX_COLUMN_WIDTH);
  });
});

describe("printSetup", () => {
  test("a sheet that fits a landscape page at 75% or more prints one page wide", () => {
    const p = printSetup([10, 20, 30], { freezeRows: 1, freezeColumns: 1, asOf: "2026-09-05" });
    expect(p).toEqual({
      landscape: true,
      fitToWidth: 1,
      titleRows: "1:1",
      footer: "&A · page &P of &N · as of 2026-09-05",
    });
  });

  test("a wider sheet prints at 75% across pages, its ID columns repeated, a page starting at a group", () => {
    const widths = Array.from({ length: 30 }, () => 12);
    const p = printSetup(widths, { freezeRows: 2, freezeColumns: 2, groups: [0, 5, 9, 14, 20, 26] });
    expect(p.fitToWidth).toBe(0);
    expect(p.scale).toBe(MIN_PRINT_SCALE);
    expect(p.titleColumns).toBe("A:B");
    expect(p.columnBreaks!.length).toBeGreaterThan(0);
    for (const b of p.columnBreaks!) expect([0, 5, 9, 14, 20, 26]).toContain(b);
    // Every page holds within the page's width at that scale.
    const room = (PAGE_WIDTH_PX * 100) / MIN_PRINT_SCALE;
    const starts = [0, ...p.columnBreaks!, widths.length];
    for (let i = 0; i + 1 < starts.length; i++) {
      const titles = i === 0 ? 0 : columnPixels(12) * 2;
      const page = widths.slice(starts[i], starts[i + 1]).reduce((a, w) => a + columnPixels(w), 0);
      expect(titles + page).toBeLessThanOrEqual(room);
    }
  });

  test("a group too wide for a page is broken at a column", () => {
    const widths = Array.from({ length: 40 }, () => 12);
    const p = printSetup(widths, { freezeRows: 1, freezeColumns: 1, groups: [0] });
    expect(p.columnBreaks!.length).toBeGreaterThan(2);
  });

  test("present applies it, with the rows that start a page and no repeated rows when asked", () => {
    const header = Array.from({ length: 40 }, (_, i) => `Heading number ${i}`);
    const out = present(
      { name: "S", replace: true, cells: [header, header.map(() => 1)], headerRows: [0] },
      { rowBreaks: [1], repeatRows: false },
    );
    expect(out.print!.rowBreaks).toEqual([1]);
    expect(out.print!.titleRows).toBeUndefined();
    expect(out.print!.fitToWidth).toBe(0);
  });
});
