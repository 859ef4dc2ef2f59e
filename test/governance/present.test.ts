/**
 * The presentation rules: widths from what the cells show, wrapped text with rows tall enough
 * for it, and every sheet printed one page wide, its columns narrowed to print as large as they can.
 */
import fc from "fast-check";
import {
  columnPixels,
  fitColumns,
  LINE_HEIGHT,
  MAX_COLUMN_WIDTH,
  MIN_PRINT_SCALE,
  pageStarts,
  PAGE_WIDTH_PX,
  present,
  printSetup,
  TEXT_FLOOR,
  displayLength,
  DEFAULT_COLUMN_WIDTH,
  widenColumns,
  wrappedLines,
} from "../../src/governance/present";
import { columnLetter } from "../../src/governance/model";
import { PlannedCell, SheetPlan } from "../../src/governance/plan";

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

  test("a spilling text wider than the rest of the sheet is merged to its last column and wrapped", () => {
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
    // Wrapped in A, and the row's cells up to its trailing "x" top-aligned with it (B is blank).
    expect(inTitle(wraps.wrap)).toEqual(["A1:B1"]);
    expect(wraps.rowHeights[0]).toMatchObject({ row: 1 });
  });

  test("outside the table a row that grows keeps its figures beside the label's first line", () => {
    // Below the table: a label on two lines, its amount, a long note after it; and a label
    // that spills over the blank cell beside it, in a row another cell makes grow.
    const table = [
      ["ID", "Service name", "Agreement"],
      ["SL-001", "Service Desk", "SLA"],
    ];
    const cells = [
      ...table,
      ["Credits charged earlier in the contract year", 16500, "Earlier months."],
      ["Bonus", null, "Capped at the Bonus Pool, after the cap of the year", 5],
      ["Earned back this month", null, "Credits earned back after the cap of the year", 7],
    ];
    const { wrap, rowHeights, alignTop } = fitColumns(plan(cells, [0]), { first: 0, last: 1 });
    // Row 3: the label wraps, the amount beside it top-aligned; the note (trailing) spills, not wrapped.
    expect(wrap.filter((a) => a.endsWith("3") && a.startsWith("A3"))).toEqual(["A3:B3"]);
    expect(rowHeights.find((h) => h.row === 3)!.height).toBeGreaterThan(LINE_HEIGHT);
    // Row 4: "Bonus" fits; the long text in C wraps, and the cells up to it take the top with it.
    expect(wrap.filter((a) => a.startsWith("A4") || a.startsWith("C4") || a.startsWith("D4"))).toEqual(["A4:D4"]);
    // Row 5: "Earned back this month" is wider than A and spills over the blank B: it is left unwrapped
    // (wrapped, it would need more lines than the row has); the cells after it take the top.
    const widths = fitColumns(plan(cells, [0]), { first: 0, last: 1 }).widths;
    expect("Earned back this month".length + 2).toBeGreaterThan(widths[0]);
    expect(wrap.filter((a) => /^[A-D]5:/.test(a))).toEqual(["B5:D5"]);
    // Aligned to the top without wrapping: that label, and row 3's note (a trailing text, left to spill).
    expect(alignTop).toEqual(["C3", "A5"]);
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
    // The whole row wraps, so its ID sits at the top beside the message's first line.
    expect(wrap).toEqual(["A2:B2"]);
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

  test("a column passes the maximum only into the room its page has left", () => {
    const many = Array.from({ length: 4 }, (_, i) => `Column ${i}`);
    const row = many.map(() => "y".repeat(20));
    row[3] = "z ".repeat(100);
    const { widths } = fitColumns(plan([many, row]));
    expect(widths[3]).toBeGreaterThan(MAX_COLUMN_WIDTH);
    expect(widths.reduce((a, w) => a + columnPixels(w), 0)).toBeLessThanOrEqual(
      (PAGE_WIDTH_PX * 100) / MIN_PRINT_SCALE,
    );
  });
});

describe("displayLength", () => {
  test("a text's longest line, for a text of any number of lines (C1: no spread into Math.max)", () => {
    expect(displayLength("ab\nabcd\n")).toBe(4);
    expect(displayLength("abc")).toBe(3);
    expect(displayLength("\n")).toBe(0);
    // 2,000,000 lines overflowed the stack when spread into Math.max.
    expect(displayLength("x\n".repeat(2_000_000) + "xyz")).toBe(3);
  });
});

describe("one page wide", () => {
  /** The Service Review's kind of table: many short figures under long headers, a long name. */
  const wide = (columns: number): SheetPlan => {
    const header = Array.from({ length: columns }, (_, i) => (i === 1 ? "Service" : `Significant Minimum met ${i}`));
    const row = header.map((_, i) => (i === 1 ? "Service Desk for the whole of Europe" : 1234567.5));
    return {
      ...plan([header, row, row]),
      formats: [{ range: `A2:${columnLetter(columns - 1)}3`, format: "#,##0.00" }],
    };
  };
  const room = (PAGE_WIDTH_PX * 100) / MIN_PRINT_SCALE;
  const pixels = (widths: readonly number[]) => widths.reduce((a, w) => a + columnPixels(w), 0);

  test("a sheet wider than the page at 75% is narrowed to fit it: headers on more lines, text wrapped", () => {
    const sheet = wide(8);
    const table = { first: 0, last: 2 };
    const natural = fitColumns(sheet, table, 0, Infinity).widths;
    expect(pixels(natural)).toBeGreaterThan(room);
    const { widths, wrap, rowHeights } = fitColumns(sheet, table);
    expect(pixels(widths)).toBeLessThanOrEqual(room);
    // The headers take more lines ("Significant" "Minimum met 2"), the row tall enough for them.
    const lines = Math.max(...sheet.cells[0].map((h, c) => wrappedLines(String(h), widths[c] / 1.1)));
    expect(lines).toBeGreaterThan(1);
    expect(rowHeights[0]).toEqual({ row: 1, height: lines * LINE_HEIGHT });
    // The header row and both rows grow: wrapped whole, all their cells at the top.
    expect(wrap).toEqual(["A1:H3"]);
    // The money still shows whole: "1,234,567.50" and padding.
    expect(Math.min(...widths.filter((_, c) => c !== 1))).toBeGreaterThanOrEqual(14);
  });

  /** Each printed page's pixels: its own columns, and the title columns again on every page after the first. */
  const pagePixels = (widths: readonly number[], breaks: readonly number[], titles: number) =>
    [0, ...breaks].map(
      (start, i) =>
        pixels(widths.slice(start, [...breaks, widths.length][i])) + (i ? pixels(widths.slice(0, titles)) : 0),
    );

  test("a sheet too wide for one page even at its floors prints across pages at 75%, not smaller", () => {
    // 40 such columns do not fit at 75% however narrow: before, the page printed at a quarter
    // size (2.5 points); now across pages, the ID column on each.
    const sheet = wide(40);
    const { widths, columnBreaks, titleColumns } = fitColumns(sheet, { first: 0, last: 2 }, 1);
    expect(titleColumns).toBe(1);
    expect(columnBreaks.length).toBeGreaterThanOrEqual(1);
    // Every page holds its columns at 75%, the title column included.
    for (const page of pagePixels(widths, columnBreaks, 1)) expect(page).toBeLessThanOrEqual(room);
    // As few pages as the floors take (three rows: one page tall, so the fewest across is the fewest in all).
    const floor = Math.max(14, "Significant".length * 1.1);
    const floors = sheet.cells[0].map((_, c) => (c === 1 ? TEXT_FLOOR : Math.round(floor * 10) / 10));
    expect(columnBreaks.length).toBe(pageStarts(floors, room, 1).length);
    // Never narrower than a floor; and the breaks are where the reader starts its pages.
    widths.forEach((w, c) => expect([c, w >= floors[c] - 0.05]).toEqual([c, true]));
    expect(pageStarts(widths, room, 1)).toEqual(columnBreaks);
  });

  test("across pages, room left on the first page never widens the title columns every page repeats", () => {
    // A long service name in the second title column, wider than the cap; three wide amounts,
    // then twenty narrow ones: the first page has room left over, the later ones are full. Given
    // to the name, that room would push every later page past its edge.
    const header = ["ID", "Service", ...Array.from({ length: 23 }, (_, i) => `A${i}`)];
    const row = [
      "SL-001",
      "A service desk for the whole of Europe, the Middle East and Africa",
      ...Array.from({ length: 23 }, (_, i) => (i < 3 ? 12345678901234.5 : 1234.5)),
    ];
    const sheet: SheetPlan = { ...plan([header, row]), formats: [{ range: "C2:Y2", format: "#,##0.00" }] };
    const { widths, columnBreaks, titleColumns } = fitColumns(sheet, { first: 0, last: 1 }, 2);
    expect([titleColumns, columnBreaks]).toEqual([2, [7, 16]]);
    const pages = pagePixels(widths, columnBreaks, 2);
    expect(pages.filter((p) => p > room)).toEqual([]);
    expect(Math.max(...pages.slice(1))).toBeGreaterThan(room - 10);
  });

  test("across pages, a text outside the table never spills past its page's edge: it wraps there", () => {
    // Below the table: a label, a long note in the last column of the first page, a figure far
    // to the right. The blank cells after the note run over the column break; a reader cuts the
    // note at the page's edge, so it wraps in its column instead (before: left to spill, cut).
    const table = wide(40);
    const first = fitColumns(table, { first: 0, last: 2 }, 2).columnBreaks[0];
    const note = "Credits after the monthly cap, up to what the annual cap leaves.";
    const below = Array.from({ length: 40 }, (_, c) =>
      c === 0 ? "Label" : c === first - 1 ? note : c === 39 ? 5 : null,
    );
    const fit = fitColumns({ ...table, cells: [...table.cells, below] }, { first: 0, last: 2 }, 2);
    expect(fit.columnBreaks[0]).toBe(first);
    const at = `${columnLetter(first - 1)}4`;
    expect(fit.wrap.some((area) => area.split(":")[0] === at || area.startsWith("A4:"))).toBe(true);
    const lines = wrappedLines(note, fit.widths[first - 1] - 2);
    expect(lines).toBeGreaterThan(1);
    expect(fit.rowHeights.find((h) => h.row === 4)?.height).toBeGreaterThanOrEqual(lines * LINE_HEIGHT);
  });

  test("property: a note outside the table is whole on its page (wrapped or merged there), never across a column break", () => {
    const words = fc.array(fc.stringMatching(/^[a-z]{1,9}$/), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 45 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.nat(3), fc.nat(44)), words), { maxLength: 6 }),
        (columns, titles, notes) => {
          const table = wide(columns);
          // Notes below the table, each starting in some column and ending its row.
          const below = notes.map(([label, at, text]) => {
            const c = Math.min(at, columns - 1);
            const row: (string | null)[] = Array.from({ length: c + 1 }, () => null);
            if (label && c > 0) row[0] = "Label";
            row[c] = text.join(" ");
            return row;
          });
          const sheet: SheetPlan = { ...table, cells: [...table.cells, ...below] };
          const fit = fitColumns(sheet, { first: 0, last: 2 }, titles);
          const starts = [0, ...fit.columnBreaks];
          const pageOf = (c: number) => starts.filter((b) => b <= c).length;
          // Each note spills to the end of its page, or wraps.
          below.forEach((row, i) => {
            const r = table.cells.length + i;
            const c = row.length - 1;
            const page = [...fit.columnBreaks, Infinity].find((b) => b > c) as number;
            const room = fit.widths.slice(c, page).reduce((a, w) => a + w, 0);
            const wrapped = fit.wrap.some((area) => {
              const [from, to = from] = area.split(":");
              const [r1, r2] = [from, to].map((ref) => Number(/\d+$/.exec(ref)![0]) - 1);
              return from.startsWith(columnLetter(c)) && r1 <= r && r <= r2;
            });
            expect([r, c, String(row[c]).length + 2 <= room || wrapped]).toEqual([r, c, true]);
          });
          for (const range of fit.merges) {
            const [a, b] = range.split(":").map((ref) => {
              const letters = /^[A-Z]+/.exec(ref)![0];
              return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
            });
            expect([range, pageOf(a) === pageOf(b)]).toEqual([range, true]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test("across pages, fewer pages in all beat fewer across: rows on one line rather than wrapped tall", () => {
    // 300 rows of long names and paths beside fifteen amounts.
    const header = [
      "ID",
      "Name",
      "Owner",
      "Path",
      "Source Sheet",
      ...Array.from({ length: 15 }, (_, i) => `Amount ${i}`),
    ];
    const row = (i: number) => [
      `M-${String(i).padStart(4, "0")}`,
      "Consolidate cloud reservations across regions",
      "Carla Controller of Finance",
      "ORG-001/PF-001/PG-001/PR-001/PK-001/M-0001",
      "Initiatives",
      ...Array.from({ length: 15 }, () => 1234567.5),
    ];
    const sheet: SheetPlan = {
      ...plan([header, ...Array.from({ length: 300 }, (_, i) => row(i))]),
      formats: [{ range: "F2:T301", format: "#,##0.00" }],
    };
    const { widths, columnBreaks, rowHeights } = fitColumns(sheet, { first: 0, last: 300 }, 1);
    // Two pages across would take the names, owners and paths down to 12.8 characters, every
    // row four lines tall; three across print each row on one line, a quarter of the pages tall.
    expect(columnBreaks).toHaveLength(2);
    expect(rowHeights.filter((h) => h.row > 1)).toEqual([]);
    expect(widths[1]).toBeGreaterThanOrEqual("Consolidate cloud reservations across regions".length + 2);
  });

  test("narrowing never shows ### and never cuts a header's word (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            header: fc.stringMatching(/^[A-Z][a-z]{0,14}( [a-z]{1,10}){0,3}$/),
            number: fc.double({ min: -1e9, max: 1e9, noNaN: true }),
            text: fc.stringMatching(/^[a-z]{1,9}( [a-z]{1,9}){0,6}$/),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (columns) => {
          const header = columns.map((c) => c.header);
          const row = columns.map((c, i) => (i % 2 ? c.text : c.number));
          const sheet = { ...plan([header, row]), formats: [{ range: "A2:AN2", format: "#,##0.00" }] };
          // The first two columns (a number, a text that may wrap) repeated on each page.
          const { widths, columnBreaks, titleColumns } = fitColumns(sheet, undefined, 2);
          columns.forEach((c, i) => {
            const words = Math.max(...c.header.split(" ").map((w) => w.length));
            expect(widths[i] + 0.05).toBeGreaterThanOrEqual(words * 1.1);
            if (i % 2 === 0) expect(widths[i] + 0.05).toBeGreaterThanOrEqual(displayLength(c.number, "#,##0.00") + 2);
            else expect(widths[i] + 0.05).toBeGreaterThanOrEqual(Math.min(c.text.length + 2, TEXT_FLOOR));
          });
          // One page wide within the page at 75%; else across pages, each within it, the title columns on each.
          for (const page of pagePixels(widths, columnBreaks, titleColumns)) {
            expect(page).toBeLessThanOrEqual(room + columns.length);
          }
          expect(columnBreaks).toEqual([...columnBreaks].sort((a, b) => a - b));
          expect(columnBreaks.every((b) => b >= titleColumns && b < columns.length)).toBe(true);
          if (columnBreaks.length) expect(titleColumns).toBe(columns.length > 2 ? 2 : titleColumns);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("printSetup", () => {
  test("every sheet prints landscape, one page wide, its header rows repeated, a footer", () => {
    const p = printSetup({ freezeRows: 1, asOf: "2026-09-05" });
    expect(p).toEqual({
      landscape: true,
      fitToWidth: 1,
      margins: { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      titleRows: "1:1",
      footer: "&A · page &P of &N · as of 2026-09-05",
    });
    expect(printSetup({ freezeRows: 0 })).toMatchObject({ fitToWidth: 1, footer: "&A · page &P of &N" });
    expect(printSetup({ freezeRows: 0 }).titleRows).toBeUndefined();
  });

  test("present applies it to the widest sheet too, with the rows that start a page and no repeated rows when asked", () => {
    const header = Array.from({ length: 40 }, (_, i) => `Heading number ${i}`);
    const out = present(
      { name: "S", replace: true, cells: [header, header.map(() => 1)], headerRows: [0] },
      { rowBreaks: [1], repeatRows: false },
    );
    expect(out.print!.rowBreaks).toEqual([1]);
    expect(out.print!.titleRows).toBeUndefined();
    // Too wide to read on one page: at 75% across pages, page after page of a band of rows, the ID column on each.
    expect(out.print).toMatchObject({ fitToWidth: 0, scale: MIN_PRINT_SCALE, overThenDown: true, titleColumns: "A:A" });
    expect(out.print!.columnBreaks!.length).toBeGreaterThanOrEqual(2);
  });

  test("a sheet that fits one page prints one page wide: no scale, no column breaks, no title columns", () => {
    const out = present({
      name: "S",
      replace: true,
      cells: [
        ["ID", "Name"],
        ["A-1", "Alpha"],
      ],
      headerRows: [0],
    });
    expect(out.print).toMatchObject({ fitToWidth: 1 });
    for (const key of ["scale", "columnBreaks", "titleColumns", "overThenDown"])
      expect(out.print).not.toHaveProperty(key);
  });

  test("printSetup across pages: 75%, the breaks, the title columns by letter, across then down", () => {
    expect(printSetup({ freezeRows: 1, columnBreaks: [9, 20], titleColumns: 2 })).toEqual({
      landscape: true,
      fitToWidth: 0,
      scale: 75,
      columnBreaks: [9, 20],
      overThenDown: true,
      titleColumns: "A:B",
      margins: { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      titleRows: "1:1",
      footer: "&A · page &P of &N",
    });
  });
});

describe("widenColumns: a sheet the user may have laid out, rows appended", () => {
  /** Rows 1-2 already on the sheet (holes), the plan's cells from row 3. */
  const appended = (rows: SheetPlan["cells"], formats?: SheetPlan["formats"]): SheetPlan => ({
    name: "Actions",
    replace: false,
    cells: [[], [], ...rows],
    ...(formats ? { formats } : {}),
  });

  test("a column narrower than a cell written is widened to it; wider ones and columns written nothing keep theirs", () => {
    const out = widenColumns(
      appended([["A-0003", "Significant Minimum", 46000, "x"]], [{ range: "C3", format: "yyyy-mm-dd" }]),
      [9.6, 9.6, 30],
    );
    // "Significant Minimum": 19 characters and the padding; the date as shown: 10 and the padding;
    // D had no width (Excel's default: 8.43 characters shown, 9.140625 in a file's unit): kept, written in full.
    expect(out.columnWidths).toEqual([9.6, 21, 30, DEFAULT_COLUMN_WIDTH]);
    expect(out.wrap).toBeUndefined();
    expect(out.rowHeights).toBeUndefined();
  });

  test("widened past a page at the smallest print scale: printed across pages, the ID column on each", () => {
    const long = (i: number) => `${"A fairly long description of the breach ".repeat(2)}${i}`;
    const out = widenColumns(
      { ...appended([["A-1", long(1), long(2), long(3), long(4)]]), freezeRows: 1, freezeColumns: 1 },
      [10, 10, 10, 10, 10],
    );
    expect(out.print?.columnBreaks?.length).toBeGreaterThan(0);
    expect(out.print?.titleColumns).toBe("A:A");
    // Not widened: the sheet's own print setup stays.
    expect(widenColumns(appended([["A-1"]]), [10]).print).toBeUndefined();
  });

  test("a hidden column (width 0, as Office.js reads one) stays hidden, its cells not wrapped", () => {
    const out = widenColumns(appended([["A-0003", "Significant Minimum"]]), [5, 0]);
    expect(out.columnWidths).toEqual([8, 0]);
    expect(out.wrap).toBeUndefined();
  });

  test("nothing to widen: no widths in the plan (the sheet's stay as they are)", () => {
    const out = widenColumns(appended([["A-1", 2]]), [12, 12]);
    expect(out.columnWidths).toBeUndefined();
  });

  test("past the maximum width a text wraps and its row gets the height of its lines", () => {
    const note = "Root cause fixed in the change window, see the problem record and its review ".repeat(2).trim();
    const out = widenColumns(appended([["A-1", note]]), [10, 10]);
    expect(out.columnWidths).toEqual([10, MAX_COLUMN_WIDTH]);
    expect(out.wrap).toEqual(["B3"]);
    expect(out.rowHeights).toEqual([{ row: 3, height: wrappedLines(note, MAX_COLUMN_WIDTH - 2) * LINE_HEIGHT }]);
  });

  test("an appended header is measured bold", () => {
    const header: PlannedCell[] = [];
    header[1] = "Days Late";
    const out = widenColumns({ name: "Actions", replace: false, cells: [header], headerRows: [0] }, [10, 5]);
    expect(out.columnWidths![1]).toBeGreaterThanOrEqual("Days Late".length * 1.1 + 2);
  });

  test("property: never narrower than the sheet's width, every cell written shown whole or wrapped", () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[A-Za-z]{1,12}( [a-z]{1,12}){0,8}$/),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 1, max: 80, noNaN: true }), { nil: undefined }), { maxLength: 6 }),
        fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 5 }),
        (current, rows) => {
          // An undefined cell is a hole: a cell of the sheet the plan leaves as it is.
          const cells = rows.map((r) => {
            const line: PlannedCell[] = [];
            r.forEach((v, c) => v !== undefined && (line[c] = v));
            return line;
          });
          const plan = appended(cells, [{ range: "A3:F9", format: "#,##0.00" }]);
          const out = widenColumns(plan, current);
          const widthOf = (c: number) => out.columnWidths?.[c] ?? current[c] ?? DEFAULT_COLUMN_WIDTH;
          current.forEach((w, c) => expect(widthOf(c)).toBeGreaterThanOrEqual(w ?? DEFAULT_COLUMN_WIDTH));
          rows.forEach((row, i) =>
            row.forEach((v, c) => {
              if (v === undefined) return;
              const need = displayLength(v, typeof v === "number" ? "#,##0.00" : undefined) + 2;
              const width = widthOf(c);
              if (need <= width) return;
              // Only a text past the maximum width (or past a wider width the sheet has) is narrower than it needs: it wraps.
              expect(width).toBeGreaterThanOrEqual(MAX_COLUMN_WIDTH);
              expect(out.wrap).toContain(`${columnLetter(c)}${i + 3}`);
            }),
          );
        },
      ),
    );
  });
});
