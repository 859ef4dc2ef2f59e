/**
 * The one presentation rule set of every sheet the product writes, decided here in the plan
 * so both adapters (Office.js and the file writer) write the same: column widths fitted to
 * content and headers (no `###`, no cut header) within a maximum width, text past it wrapped;
 * an autofilter on the table; header rows and the ID column frozen; print setup (landscape,
 * one page wide, the columns narrowed to print as large as they can there; a sheet too wide to
 * read on one page printed across as few pages as it takes at a legible scale, its ID columns
 * on each; header rows repeated, a footer with the sheet name, page number and as-of day).
 */
import { areaLookup, CellValue, columnLetter, parseArea } from "./model";
import { PageMargins, PlannedCell, PrintSetup, SheetPlan, isFormula } from "./plan";
import { fitCells } from "../cellText";

/** Widths in Excel's character units (the width of a digit of the default font). */
export const MIN_COLUMN_WIDTH = 6;
/** Past this width a column's text wraps instead of widening the sheet. */
export const MAX_COLUMN_WIDTH = 48;
/** Room for the autofilter's drop-down button beside a header. */
const FILTER_BUTTON = 3;
/** Cell padding either side, and bold headers' extra width. */
const PADDING = 2;
const BOLD = 1.1;

/** Options of {@link present}. */
export interface PresentOptions {
  /** 0-based row of the table's header within the plan's cells (default the first header row). */
  readonly tableHeaderRow?: number;
  /** Columns frozen at the left (the ID or name columns; default 1). */
  readonly freezeColumns?: number;
  /** The day the sheet speaks for, printed in the footer ("YYYY-MM-DD"). */
  readonly asOf?: string;
  /** 0-based last row of the table (default the plan's last row). */
  readonly tableLastRow?: number;
  /** Rows frozen at the top (default the plan's, else down to the table's header). */
  readonly freezeRows?: number;
  /** No autofilter (a sheet of labels and values, not a table). */
  readonly noFilter?: boolean;
  /** 0-based rows that start a new printed page. */
  readonly rowBreaks?: readonly number[];
  /**
   * Rows repeated on every printed page: false for none, or 1-based rows ("14:14", a table's
   * header below a summary that is not frozen); default the frozen rows.
   */
  readonly repeatRows?: boolean | string;
}

/**
 * The plan with the presentation rules applied: fitted column widths (never narrower than a
 * width the plan already asks for), wrap where the content is wider than the maximum (the row
 * made tall enough for it), an autofilter over the table, frozen header rows and ID columns,
 * the print setup ({@link printSetup}), and every text longer than a cell holds cut to the
 * limit and marked (src/cellText.ts). Cost: O(cells).
 * @example present({ name: "Findings", replace: true, cells: [["Code"], ["DUPLICATE"]], headerRows: [0] }).autoFilter // => "A1:A2"
 */
export function present(plan: SheetPlan, options: PresentOptions = {}): SheetPlan {
  const header = options.tableHeaderRow ?? plan.headerRows?.[0];
  const headerCols = header === undefined ? 0 : lastFilled(plan.cells[header] ?? []);
  const lastRow = options.tableLastRow === undefined ? plan.cells.length : options.tableLastRow + 1;
  const table = header === undefined ? undefined : { first: header, last: lastRow - 1 };
  const freezeRows = options.freezeRows ?? plan.freezeRows ?? (header === undefined ? 0 : header + 1);
  const freezeColumns = options.freezeColumns ?? plan.freezeColumns ?? 1;
  const { widths, wrap, alignTop, rowHeights, merges, columnBreaks, titleColumns } = fitColumns(
    plan,
    table,
    freezeColumns,
  );
  const autoFilter =
    options.noFilter || header === undefined || headerCols === 0
      ? undefined
      : `A${header + 1}:${columnLetter(headerCols - 1)}${Math.max(header + 2, lastRow)}`;
  return {
    ...plan,
    // Excel's 32,767 characters a cell: every presented sheet's text fitted here, once.
    cells: fitCells(plan.cells),
    columnWidths: widths,
    wrap: [...(plan.wrap ?? []), ...wrap],
    ...(alignTop ? { alignTop: [...(plan.alignTop ?? []), ...alignTop] } : {}),
    ...(merges.length ? { merges: [...(plan.merges ?? []), ...merges] } : {}),
    ...(rowHeights.length ? { rowHeights: [...(plan.rowHeights ?? []), ...rowHeights] } : {}),
    ...(autoFilter ? { autoFilter } : {}),
    freezeRows,
    freezeColumns,
    print: printSetup({
      freezeRows: options.repeatRows === false ? 0 : freezeRows,
      ...(typeof options.repeatRows === "string" ? { titleRows: options.repeatRows } : {}),
      asOf: options.asOf,
      rowBreaks: options.rowBreaks,
      columnBreaks,
      titleColumns,
    }),
  };
}

/** 1 + the index of the last non-blank cell of a row. */
function lastFilled(row: readonly PlannedCell[]): number {
  for (let i = row.length - 1; i >= 0; i--) {
    const v = row[i];
    if (v !== undefined && v !== null && v !== "") return i + 1;
  }
  return 0;
}

/** A column that wraps may widen to this when the page has room for it. */
export const WIDE_COLUMN_WIDTH = 100;
/** Points of one line of 11-point text (Excel's default row height). */
export const LINE_HEIGHT = 15;
/** A column of text is not narrowed below this to fit its page (its text wraps instead, up to here). */
export const TEXT_FLOOR = 12;
/** Past this width a cell outside the table (a label of the figures above or below it) wraps. */
export const SECTION_MAX_WIDTH = 16;

/**
 * Each column's width from its widest cell as displayed (numbers in their format) and its
 * header (bold; the table's header with room for the filter button), within
 * {@link MIN_COLUMN_WIDTH} and {@link MAX_COLUMN_WIDTH}. A sheet prints one page wide at
 * {@link MIN_PRINT_SCALE} or larger when it can, so when those widths are wider than that page,
 * the columns that can wrap are narrowed to one cap, the largest that fits (found by bisection),
 * each no narrower than its floor: its widest number or date as shown (no `###`), its header's
 * longest word (a header may take as many lines as it has words), and {@link TEXT_FLOOR} for
 * text. A sheet whose floors are still wider than the page prints across pages instead (not
 * smaller): as few as its floors take ({@link pageStarts}, the title columns repeated on each),
 * its columns at the largest cap that keeps that count, and the columns that start each page
 * returned as `columnBreaks`.
 * Cells wider than their column wrap, and their rows get the height of their lines (no reader
 * grows a row for wrapped text on its own: LibreOffice prints such text over the next rows).
 * Outside the table (the figures above and below it), a text that ends its row spills over the
 * empty cells to its right, as spreadsheets show it, so it does not widen its column; and other
 * texts there count up to {@link SECTION_MAX_WIDTH}, wrapping beyond. A text that ends its row
 * and is wider than the empty cells after it up to the sheet's last column (a reader cuts it
 * there, or at the end of its printed page) is merged across those cells and wrapped in them.
 * Cost: O(cells + columns x 30).
 * @param table - 0-based first (header) and last rows of the table; absent: every row is the table's.
 * @param titles - Columns at the left (the ID or name columns) repeated on each page when the sheet prints across pages.
 * @param room - Pixels ({@link columnPixels}) the columns may take: a page at the smallest print scale.
 */
export function fitColumns(
  plan: SheetPlan,
  table?: { first: number; last: number },
  titles = 0,
  room: number = PAGE_ROOM_PX,
): {
  widths: number[];
  wrap: string[];
  rowHeights: { row: number; height: number }[];
  merges: string[];
  /** Cells aligned to the top without wrapping (texts that spill, in rows outside the table that grow). */
  alignTop?: string[];
  /** 0-based columns that start a printed page after the first (none: one page wide). */
  columnBreaks: number[];
  /** Columns repeated on each printed page (0 when one page wide). */
  titleColumns: number;
} {
  const headers = new Set(plan.headerRows ?? []);
  const formatOf = areaLookup((plan.formats ?? []).map((f) => ({ ...parseArea(f.range), format: f.format })));
  const inTable = (r: number) => !table || (r >= table.first && r <= table.last);
  /** Widest text, and widest number, date or flag as shown, by column. */
  const text: number[] = [];
  const fixed: number[] = [];
  const headerNeed: number[] = [];
  const headerFloor: number[] = [];
  /** Header cells: [row, column, text, room of the filter button]. */
  const headerCells: [number, number, string, number][] = [];
  /** Cells that may wrap: [row, column, display length]. */
  const measured: [number, number, number][] = [];
  /** Texts outside the table that end their row (they spill): [row, column, text]. */
  const trailing: [number, number, string][] = [];
  plan.cells.forEach((row, r) => {
    const last = row ? lastFilled(row) - 1 : -1;
    row?.forEach((cell, c) => {
      if (cell === undefined) return;
      const value = isFormula(cell) ? cell.value : cell;
      if (headers.has(r)) {
        const words = value === null ? "" : String(value);
        const button = table && r === table.first ? FILTER_BUTTON : 0;
        // A header may take two lines: as wide as its longer half, or its longest word.
        headerNeed[c] = Math.max(headerNeed[c] ?? 0, twoLineWidth(words) * BOLD + button);
        headerFloor[c] = Math.max(headerFloor[c] ?? 0, headerWidth(words, button, 0));
        if (words) headerCells.push([r, c, words, button]);
        return;
      }
      if (!inTable(r) && c === last && typeof value === "string") {
        trailing.push([r, c, value]);
        return;
      }
      const format = formatOf(r + 1, c + 1)?.format;
      const length = displayLength(value, format);
      if (typeof value === "string") {
        text[c] = Math.max(text[c] ?? 0, inTable(r) ? length : Math.min(length, SECTION_MAX_WIDTH));
        measured.push([r, c, length]);
      } else fixed[c] = Math.max(fixed[c] ?? 0, length);
    });
  });
  const n = Math.max(text.length, fixed.length, headerNeed.length, plan.columnWidths?.length ?? 0);
  const wanted: number[] = [];
  const floors: number[] = [];
  for (let c = 0; c < n; c++) {
    const planned = plan.columnWidths?.[c] ?? 0;
    const numbers = (fixed[c] ?? 0) + PADDING;
    const texts = (text[c] ?? 0) + PADDING;
    wanted.push(Math.max(MIN_COLUMN_WIDTH, numbers, texts, headerNeed[c] ?? 0, planned));
    floors.push(Math.max(MIN_COLUMN_WIDTH, numbers, Math.min(texts, TEXT_FLOOR), headerFloor[c] ?? 0, planned));
  }
  /** A header's last line kept clear of the filter button at the width its column gets. */
  const byColumn = new Map<number, [string, number][]>();
  for (const [, c, words, button] of headerCells) byColumn.set(c, [...(byColumn.get(c) ?? []), [words, button]]);
  const clear = (c: number, width: number) =>
    (byColumn.get(c) ?? []).reduce((w, [words, button]) => headerWidth(words, button, w), width);
  const widthsAt = (cap: number) => wanted.map((w, c) => clear(c, Math.max(floors[c], Math.min(w, cap))));
  const total = (cap: number) => sumPixels(widthsAt(cap));
  let widths = widthsAt(MAX_COLUMN_WIDTH);
  // Title columns wider than half a page would leave the pages after the first little room: none.
  const repeat = titles > 0 && total(0) > room && sumPixels(widthsAt(0).slice(0, titles)) <= room / 2 ? titles : 0;
  const pagesAt = (cap: number) => pageStarts(widthsAt(cap), room, repeat).length + 1;
  /** The largest cap (found by bisection) at which the columns take at most so many pages across. */
  const capFor = (pages: number) => {
    let [low, high] = [0, MAX_COLUMN_WIDTH];
    while (high - low > 0.1) {
      const mid = (low + high) / 2;
      if (pagesAt(mid) <= pages) low = mid;
      else high = mid;
    }
    return low;
  };
  /** Points of the rows at some widths: each row as tall as its most wrapped cell. */
  const height = (at: readonly number[]) => {
    const tall = new Map<number, number>();
    for (const [r, c, length] of measured) {
      if (length + PADDING > at[c] && inTable(r))
        tall.set(r, Math.max(tall.get(r) ?? 1, Math.ceil(length / Math.max(1, at[c] - PADDING))));
    }
    return (plan.cells.length + [...tall.values()].reduce((a, k) => a + k - 1, 0)) * LINE_HEIGHT;
  };
  let pages = 1;
  if (total(MAX_COLUMN_WIDTH) > room) {
    // Too wide for one page at the smallest scale: narrowed onto one page when the floors fit
    // it; else across pages, as many as print the sheet on the fewest pages in all (fewer
    // across, the columns narrower and their rows taller; more across, rows on one line).
    const fewest = pagesAt(0);
    let best = Infinity;
    for (let across = fewest; across <= (fewest > 1 ? fewest + 3 : 1); across++) {
      const at = widthsAt(capFor(across));
      const count = pageStarts(at, room, repeat).length + 1;
      const all = count * Math.ceil(height(at) / PAGE_HEIGHT_PT);
      if (all < best) [best, pages, widths] = [all, count, at];
    }
    widths = widths.map((w) => Math.round(w * 10) / 10);
  }
  const columnBreaks = pages > 1 ? pageStarts(widths, room, repeat) : [];
  // Room left on each page at the smallest print scale goes to its columns that would wrap
  // (not to the title columns, which every page holds).
  const starts = [0, ...columnBreaks];
  const titled = columnBreaks.length ? repeat : 0;
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? n;
    let slack = room - sumPixels(widths.slice(start, end)) - (i ? sumPixels(widths.slice(0, titled)) : 0);
    for (let c = Math.max(start, titled); c < end && slack > CHAR_PX; c++) {
      if (wanted[c] <= widths[c]) continue;
      const more = Math.min(wanted[c] - widths[c], Math.floor(slack / CHAR_PX), WIDE_COLUMN_WIDTH - widths[c]);
      if (more <= 0) continue;
      widths[c] += more;
      slack -= more * CHAR_PX;
    }
  });
  widths = widths.map((w) => Math.round(w * 10) / 10);
  /**
   * The last column of the printed page a column is on, where a reader cuts a text spilling
   * from it. (A text in a title column spills on the first page only: every later page prints
   * just the title columns of its row, the text cut at their edge. Wrapped within them instead,
   * the Dashboard's title and notes took 6 pages, not 4: they are left to spill.)
   */
  const pageEnd = (c: number) => (columnBreaks.find((b) => b > c) ?? Math.max(n, c + 1)) - 1;
  // Text wider than its column wraps; its row grows to its lines. A header row or a table row
  // that grows wraps whole, so all its cells take the wrapped cells' top alignment (a row's
  // figures beside the first line of its name, not at the foot of a tall row).
  const wrap: string[] = [];
  const lines = new Map<number, number>();
  const grow = (r: number, count: number) => lines.set(r, Math.max(lines.get(r) ?? 1, count));
  const wholeRows = new Set<number>();
  for (const [r, c, words, button] of headerCells) {
    if (words.length * BOLD + button <= widths[c]) continue;
    wholeRows.add(r);
    grow(r, wrappedLines(words, widths[c] / BOLD));
  }
  /** Rows outside the table that grow: the cells that wrap there, by row. */
  const wrapped = new Map<number, Set<number>>();
  for (const [r, c, length] of measured) {
    if (length + PADDING <= widths[c]) continue;
    // Outside the table a text spills over the empty cells to its right (a title beside its
    // blank value cell): it wraps only when it is wider than that room.
    if (!inTable(r) && length + PADDING <= spillRoom(plan.cells[r], c, widths, pageEnd(c))) continue;
    const cell = plan.cells[r][c];
    grow(r, wrappedLines(String(isFormula(cell!) ? cell.value : cell), widths[c] - PADDING));
    if (inTable(r)) wholeRows.add(r);
    else wrapped.set(r, (wrapped.get(r) ?? new Set()).add(c));
  }
  const lastColumn = columnLetter(Math.max(n, 1) - 1);
  for (const [a, b] of consecutive([...wholeRows].sort((x, y) => x - y))) wrap.push(`A${a + 1}:${lastColumn}${b + 1}`);
  // A spilling text wider than the rest of the sheet (or of its page): merged to its last column, wrapped there.
  const merges: string[] = [];
  /** Rows whose trailing text is merged and wrapped (no longer spilling). */
  const wrappedTrailing = new Set<number>();
  for (const [r, c, words] of trailing) {
    const end = pageEnd(c);
    const space = widths.slice(c, end + 1).reduce((a, w) => a + w, 0);
    if (displayLength(words) + PADDING <= space) continue;
    const range = `${columnLetter(c)}${r + 1}:${columnLetter(end)}${r + 1}`;
    if (end > c) merges.push(range);
    wrap.push(range);
    wrappedTrailing.add(r);
    grow(r, wrappedLines(words, space - PADDING));
  }
  // Outside the table, a row that grows takes the top alignment in every cell (a label on two
  // lines, its figures and its note beside the first line, not at the foot of the row): wrapped
  // up to its trailing text, but a text that spills over the blank cells after it only aligned
  // (wrapped, it would need more lines than the row has).
  const trailingAt = new Map(trailing.map(([r, c]) => [r, c]));
  const alignTop: string[] = [];
  for (const [r, count] of lines) {
    if (count <= 1 || inTable(r) || wholeRows.has(r)) continue;
    const row = plan.cells[r];
    const at = trailingAt.get(r);
    const end = (at ?? lastFilled(row)) - 1;
    const columns = wrapped.get(r);
    const spills = (c: number) => {
      if (columns?.has(c)) return false;
      const cell = row[c];
      const value = cell !== undefined && cell !== null && isFormula(cell) ? cell.value : cell;
      return typeof value === "string" && value.length + PADDING > widths[c];
    };
    for (let c = 0; c <= end; c++) {
      if (spills(c)) {
        alignTop.push(`${columnLetter(c)}${r + 1}`);
        continue;
      }
      let last = c;
      while (last + 1 <= end && !spills(last + 1)) last++;
      wrap.push(`${columnLetter(c)}${r + 1}:${columnLetter(last)}${r + 1}`);
      c = last;
    }
    if (at !== undefined && !wrappedTrailing.has(r)) alignTop.push(`${columnLetter(at)}${r + 1}`);
  }
  const rowHeights = heightsOf(lines);
  return {
    widths,
    wrap,
    ...(alignTop.length ? { alignTop } : {}),
    rowHeights,
    merges,
    columnBreaks,
    titleColumns: columnBreaks.length ? repeat : 0,
  };
}

/** Rows (1-based) of more than one line, by 0-based row and its line count, with their heights in points, in order. */
function heightsOf(lines: ReadonlyMap<number, number>): { row: number; height: number }[] {
  return [...lines]
    .filter(([, count]) => count > 1)
    .sort((a, b) => a[0] - b[0])
    .map(([r, count]) => ({ row: r + 1, height: count * LINE_HEIGHT }));
}

/** The pixels ({@link columnPixels}) of columns side by side. */
function sumPixels(widths: readonly number[]): number {
  return widths.reduce((a, w) => a + columnPixels(w), 0);
}

/**
 * The 0-based columns that start each printed page after the first, as a reader lays columns
 * out at a fixed scale: left to right onto pages `room` pixels wide, every page after the first
 * starting with the first `titles` columns again (print titles). A column wider than a page
 * still gets one to itself. Cost: O(columns).
 * @example pageStarts([40, 40, 40], 800, 0) // => [2]
 */
export function pageStarts(widths: readonly number[], room: number, titles: number): number[] {
  const titleWidth = sumPixels(widths.slice(0, titles));
  const starts: number[] = [];
  let used = 0;
  for (let c = 0; c < widths.length; c++) {
    const w = columnPixels(widths[c]);
    const start = starts.length ? titleWidth : 0;
    if (used + w > room && used > start && c >= titles) {
      starts.push(c);
      used = titleWidth;
    }
    used += w;
  }
  return starts;
}

/** Sorted numbers as runs of consecutive ones: [1, 2, 3, 7] => [[1, 3], [7, 7]]. */
function consecutive(sorted: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const x of sorted) {
    const end = out[out.length - 1];
    if (end && end[1] === x - 1) end[1] = x;
    else out.push([x, x]);
  }
  return out;
}

/** A cell's width and the widths of the empty cells after it in its row, up to the next filled one or column `end`. */
function spillRoom(row: readonly PlannedCell[], c: number, widths: readonly number[], end: number): number {
  let room = widths[c] ?? 0;
  for (let k = c + 1; k <= end && k < widths.length; k++) {
    const next = row[k];
    if (next !== undefined && next !== null && next !== "") break;
    room += widths[k];
  }
  return room;
}

/** The width of a text on two lines: its longer half, cut at a space, or its longest word. */
function twoLineWidth(text: string): number {
  let best = text.length;
  for (let i = text.indexOf(" "); i >= 0; i = text.indexOf(" ", i + 1)) {
    best = Math.min(best, Math.max(i, text.length - i - 1));
  }
  return best;
}

/** The length of a text's longest word (the narrowest it wraps to without breaking a word). */
function longestWord(text: string): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => w.length));
}

/**
 * Lines a text takes wrapped at a width of so many characters: word by word, a word longer
 * than the line broken, as spreadsheets wrap; a character counted as a digit's width (letters
 * may be wider, spaces are narrower).
 * @example wrappedLines("Credits charged earlier in the contract year", 20) // => 3
 */
export function wrappedLines(text: string, width: number): number {
  return wrapText(text, width).lines;
}

/** {@link wrappedLines}, and the length of the last line. */
function wrapText(text: string, width: number): { lines: number; last: number } {
  // Widths are rounded to a tenth: a word that fitted before the rounding still fits.
  const room = Math.max(1, Math.floor(width + 0.1));
  let count = 0;
  let line = 0;
  for (const paragraph of text.split("\n")) {
    line = 0;
    count++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const need = line ? line + 1 + word.length : word.length;
      if (need <= room) line = need;
      else if (word.length <= room) {
        count++;
        line = word.length;
      } else {
        count += Math.ceil(need / room) - 1;
        line = need % room || room;
      }
    }
  }
  return { lines: count, last: line };
}

/**
 * The narrowest width (at least `from`) at which a header wraps with its words whole and its
 * last line clear of the filter button beside it. Cost: O(length x steps).
 */
function headerWidth(text: string, button: number, from: number): number {
  let width = Math.max(from, longestWord(text) * BOLD + (text.includes(" ") ? 0 : button));
  // The button sits beside the last line: widen until that line leaves it room (one line at most).
  while (wrapText(text, width / BOLD).last * BOLD + button > width + 0.05) width += 0.5;
  return width;
}

/**
 * Every generated sheet's page margins: Excel's Narrow (a quarter inch at the sides, so a wide
 * sheet prints 9% larger than within the default 0.7), the top and bottom kept for the footer.
 */
export const NARROW_MARGINS: PageMargins = {
  left: 0.25,
  right: 0.25,
  top: 0.75,
  bottom: 0.75,
  header: 0.3,
  footer: 0.3,
};

/** Printable width of a landscape page, in pixels at 96 dpi: US Letter (narrower than A4 across) less the side margins. */
export const PAGE_WIDTH_PX = (11 - NARROW_MARGINS.left - NARROW_MARGINS.right) * 96;
/**
 * The print scale (percent) the columns aim for: 11-point text prints at 8.25 points, still
 * readable. A sheet whose columns are wider than that page is narrowed ({@link fitColumns});
 * one still wider prints at this scale across pages.
 */
export const MIN_PRINT_SCALE = 75;
/** Points of rows a landscape US Letter page holds at {@link MIN_PRINT_SCALE}, less the top and bottom margins. */
const PAGE_HEIGHT_PT = ((8.5 - NARROW_MARGINS.top - NARROW_MARGINS.bottom) * 72 * 100) / MIN_PRINT_SCALE;
/** Pixels ({@link columnPixels}) of columns a page holds at {@link MIN_PRINT_SCALE}. */
export const PAGE_ROOM_PX = (PAGE_WIDTH_PX * 100) / MIN_PRINT_SCALE;

/**
 * Pixels a character of column width takes on a page, planned for the wider of two readers:
 * Excel draws one in 7 px (Calibri's digit), LibreOffice without Calibri in about 9 (DejaVu
 * Sans'), so pages planned at 9 hold in both.
 */
const CHAR_PX = 9;

/** A column's width in pixels (see {@link CHAR_PX}), 5 px of cell padding included. */
export function columnPixels(width: number): number {
  return Math.trunc(width * CHAR_PX + 5);
}

/**
 * How a sheet prints: landscape, one page wide (as tall as it takes), {@link NARROW_MARGINS},
 * header rows repeated, a footer with the sheet's name, page number and as-of day, and the rows
 * that start a page. {@link fitColumns} keeps the columns narrow enough to read at that width;
 * a sheet it cannot (`columnBreaks`) prints at {@link MIN_PRINT_SCALE} across the pages those
 * columns start, its first `titleColumns` columns repeated at the left of each, the pages of a
 * band of rows printed one after the other (across, then down).
 * @example printSetup({ freezeRows: 1, asOf: "2026-09-05" }).fitToWidth // => 1
 * @example printSetup({ freezeRows: 1, columnBreaks: [9], titleColumns: 2 }).titleColumns // => "A:B"
 */
export function printSetup(options: {
  freezeRows: number;
  titleRows?: string;
  asOf?: string;
  rowBreaks?: readonly number[];
  columnBreaks?: readonly number[];
  titleColumns?: number;
}): PrintSetup {
  const titleRows = options.titleRows ?? (options.freezeRows > 0 ? `1:${options.freezeRows}` : undefined);
  const across = options.columnBreaks?.length
    ? {
        fitToWidth: 0,
        scale: MIN_PRINT_SCALE,
        columnBreaks: options.columnBreaks,
        overThenDown: true,
        ...(options.titleColumns ? { titleColumns: `A:${columnLetter(options.titleColumns - 1)}` } : {}),
      }
    : { fitToWidth: 1 };
  return {
    landscape: true,
    ...across,
    margins: NARROW_MARGINS,
    ...(titleRows ? { titleRows } : {}),
    footer: `&A · page &P of &N${options.asOf ? ` · as of ${options.asOf}` : ""}`,
    ...(options.rowBreaks?.length ? { rowBreaks: options.rowBreaks } : {}),
  };
}

/**
 * The print setup ({@link printSetup}) of a sheet whose columns keep fixed widths (the Audit's
 * and the Controllers', whose rows are appended, never laid out again): one page wide when they
 * fit a page at {@link MIN_PRINT_SCALE}, else across the pages {@link pageStarts} gives, the
 * first `titles` columns on each.
 * @example fixedWidthPrint([10, 10], 1, 1).fitToWidth // => 1
 */
export function fixedWidthPrint(widths: readonly number[], freezeRows: number, titles: number): PrintSetup {
  const columnBreaks = sumPixels(widths) > PAGE_ROOM_PX ? pageStarts(widths, PAGE_ROOM_PX, titles) : [];
  return printSetup({ freezeRows, columnBreaks, titleColumns: columnBreaks.length ? titles : 0 });
}

/**
 * The length of a text's longest line. Cost: O(length), constant stack (a text of millions of
 * lines spread into `Math.max` overflowed it, issue 26's C1).
 * @example longestLine("ab\nabcd\n") // => 4
 */
function longestLine(text: string): number {
  let longest = 0;
  for (let from = 0; from <= text.length;) {
    const end = text.indexOf("\n", from);
    const stop = end < 0 ? text.length : end;
    if (stop - from > longest) longest = stop - from;
    from = stop + 1;
  }
  return longest;
}

/**
 * How many characters a value takes as a spreadsheet shows it in a format: money with its
 * thousands separators and decimals, percentages with their decimals and %, dates as their
 * pattern, text as its longest line.
 * @example displayLength(1234567.5, "#,##0.00") // => 12
 */
export function displayLength(value: CellValue, format?: string): number {
  if (value === null || value === "") return 0;
  if (typeof value === "boolean") return 5;
  if (typeof value === "string") return longestLine(value);
  if (format) {
    const literal = /"([^"]*)"/.exec(format)?.[1] ?? "";
    if (/[ymdhs]/i.test(format.replace(/"[^"]*"/g, ""))) return format.replace(/"[^"]*"/g, "").length + 1;
    const decimals = /0\.(0+)/.exec(format)?.[1].length ?? 0;
    if (format.includes("%")) return (value * 100).toFixed(decimals).length + 1 + literal.length;
    const fixed = Math.abs(value).toFixed(decimals);
    const whole = fixed.split(".")[0];
    const grouped = format.includes(",") ? whole.length + Math.floor((whole.length - 1) / 3) : whole.length;
    return grouped + (decimals ? decimals + 1 : 0) + (value < 0 ? 1 : 0) + literal.length + (literal ? 1 : 0);
  }
  // General: Excel shows up to 11 characters of a number.
  return Math.min(11, String(value).length);
}

/**
 * Excel's width of a column a sheet gives none, in the plan's unit (a file's `<col width>`:
 * characters of the default font, padding included): 8.43 characters shown, 64 pixels. Written
 * as 8.43, such a column would be 5 pixels narrower than it was.
 */
export const DEFAULT_COLUMN_WIDTH = 9.140625;

/**
 * The plan for a sheet the user may have laid out (rows appended to it, cells of its rows
 * refreshed): each column keeps the width it has, never narrowed, and is widened where a cell
 * the plan writes needs more room than that (its display length, in its format, and the
 * padding; a header bold), up to {@link MAX_COLUMN_WIDTH}. A text still wider than its column
 * wraps there and its row gets the height of its lines, as {@link present} does. The plan gets
 * `columnWidths` (every column up to the last one it writes) only when a column widens, and
 * then the print setup of those widths ({@link fixedWidthPrint}: across pages when they no
 * longer fit one at {@link MIN_PRINT_SCALE}).
 * Cost: O(cells + columns).
 * @param current - The sheet's column widths as read (characters; a hole: Excel's default, {@link DEFAULT_COLUMN_WIDTH}; 0: hidden, left so).
 * @example widenColumns({ name: "Actions", replace: false, cells: [[], ["Expected default"]] }, [9]).columnWidths // => [18]
 */
export function widenColumns(plan: SheetPlan, current: readonly (number | undefined)[]): SheetPlan {
  const headers = new Set(plan.headerRows ?? []);
  const formatOf = areaLookup((plan.formats ?? []).map((f) => ({ ...parseArea(f.range), format: f.format })));
  const need: number[] = [];
  /** Texts written: [row, column, text]. */
  const texts: [number, number, string][] = [];
  plan.cells.forEach((row, r) =>
    row?.forEach((cell, c) => {
      if (cell === undefined) return;
      const value = isFormula(cell) ? cell.value : cell;
      const header = headers.has(r);
      const length = header ? displayLength(value) * BOLD : displayLength(value, formatOf(r + 1, c + 1)?.format);
      if (length === 0) return;
      need[c] = Math.max(need[c] ?? 0, Math.min(MAX_COLUMN_WIDTH, length + PADDING));
      if (typeof value === "string" && !header) texts.push([r, c, value]);
    }),
  );
  // The columns the plan writes (a user's own columns after them keep their widths untouched).
  const widths = Array.from({ length: need.length }, (_, c) => current[c] ?? DEFAULT_COLUMN_WIDTH);
  let widened = false;
  need.forEach((w, c) => {
    // A width of 0 is a hidden column (as Office.js reads one): it stays hidden.
    if (w <= widths[c] || widths[c] === 0) return;
    // Up to a tenth of a character: never narrower than the cell needs.
    widths[c] = Math.ceil(w * 10) / 10;
    widened = true;
  });
  const wrap: string[] = [];
  const lines = new Map<number, number>();
  for (const [r, c, text] of texts) {
    if (displayLength(text) + PADDING <= widths[c] || widths[c] === 0) continue;
    wrap.push(`${columnLetter(c)}${r + 1}`);
    lines.set(r, Math.max(lines.get(r) ?? 1, wrappedLines(text, widths[c] - PADDING)));
  }
  const rowHeights = heightsOf(lines);
  return {
    ...plan,
    // Wider columns may no longer print one page wide at a legible scale: across pages then.
    ...(widened
      ? { columnWidths: widths, print: fixedWidthPrint(widths, plan.freezeRows ?? 0, plan.freezeColumns ?? 1) }
      : {}),
    ...(wrap.length ? { wrap: [...(plan.wrap ?? []), ...wrap] } : {}),
    ...(rowHeights.length ? { rowHeights: [...(plan.rowHeights ?? []), ...rowHeights] } : {}),
  };
}
