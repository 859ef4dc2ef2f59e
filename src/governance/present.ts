/**
 * The one presentation rule set of every sheet the product writes, decided here in the plan
 * so both adapters (Office.js and the file writer) write the same: column widths fitted to
 * content and headers (no `###`, no cut header) within a maximum width, text past it wrapped;
 * an autofilter on the table; header rows and the ID column frozen; print setup (landscape,
 * one page wide unless that prints too small, header rows repeated, a footer with the sheet
 * name, page number and as-of day).
 */
import { areaLookup, CellValue, columnLetter, parseArea } from "./model";
import { PlannedCell, PrintSetup, SheetPlan, isFormula } from "./plan";
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
  /** 0-based first columns of groups of columns a printed page should not split (default: any column). */
  readonly columnGroups?: readonly number[];
  /** 0-based rows that start a new printed page. */
  readonly rowBreaks?: readonly number[];
  /** Repeat the frozen rows on every printed page (default true). */
  readonly repeatRows?: boolean;
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
  const print = (widths: readonly number[]) =>
    printSetup(widths, {
      freezeRows: options.repeatRows === false ? 0 : freezeRows,
      freezeColumns,
      asOf: options.asOf,
      groups: options.columnGroups,
      rowBreaks: options.rowBreaks,
    });
  const { widths, wrap, rowHeights, merges } = fitColumns(plan, table, (w) => print(w).columnBreaks ?? []);
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
    ...(merges.length ? { merges: [...(plan.merges ?? []), ...merges] } : {}),
    ...(rowHeights.length ? { rowHeights: [...(plan.rowHeights ?? []), ...rowHeights] } : {}),
    ...(autoFilter ? { autoFilter } : {}),
    freezeRows,
    freezeColumns,
    print: print(widths),
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
/** Past this width a cell outside the table (a label of the figures above or below it) wraps. */
export const SECTION_MAX_WIDTH = 16;

/**
 * Each column's width from its widest cell as displayed (numbers in their format) and its
 * header (bold; the table's header with room for the filter button), within
 * {@link MIN_COLUMN_WIDTH} and {@link MAX_COLUMN_WIDTH}. Cells wider than their column wrap,
 * and their rows get the height of their lines (no reader grows a row for wrapped text on its
 * own: LibreOffice prints such text over the next rows). Outside the table (the figures above
 * and below it), a text that ends its row spills over the empty cells to its right, as
 * spreadsheets show it, so it does not widen its column; and other cells there count up to
 * {@link SECTION_MAX_WIDTH}, wrapping beyond. A text that ends its row and is wider than the
 * empty cells after it up to its printed page's last column (a reader cuts it there, and prints
 * the rest garbled on the next page) is merged across those cells and wrapped in them.
 * Cost: O(cells).
 * @param table - 0-based first (header) and last rows of the table; absent: every row is the table's.
 * @param pageBreaks - The 0-based columns that start a printed page, from the fitted widths (none: one page wide).
 */
export function fitColumns(
  plan: SheetPlan,
  table?: { first: number; last: number },
  pageBreaks: (widths: readonly number[]) => readonly number[] = () => [],
): { widths: number[]; wrap: string[]; rowHeights: { row: number; height: number }[]; merges: string[] } {
  const headers = new Set(plan.headerRows ?? []);
  const formatOf = areaLookup((plan.formats ?? []).map((f) => ({ ...parseArea(f.range), format: f.format })));
  const inTable = (r: number) => !table || (r >= table.first && r <= table.last);
  const content: number[] = [];
  const headerNeed: number[] = [];
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
        const text = value === null ? "" : String(value);
        const button = table && r === table.first ? FILTER_BUTTON : 0;
        // A header may take two lines: as wide as its longer half, or its longest word.
        headerNeed[c] = Math.max(headerNeed[c] ?? 0, twoLineWidth(text) * BOLD + button);
        if (text) headerCells.push([r, c, text, button]);
        return;
      }
      if (!inTable(r) && c === last && typeof value === "string") {
        trailing.push([r, c, value]);
        return;
      }
      const format = formatOf(r + 1, c + 1)?.format;
      const length = displayLength(value, format);
      content[c] = Math.max(content[c] ?? 0, inTable(r) ? length : Math.min(length, SECTION_MAX_WIDTH));
      if (typeof value === "string") measured.push([r, c, length]);
    });
  });
  const n = Math.max(content.length, headerNeed.length, plan.columnWidths?.length ?? 0);
  const widths: number[] = [];
  const wanted: number[] = [];
  for (let c = 0; c < n; c++) {
    const data = (content[c] ?? 0) + PADDING;
    const width = Math.max(MIN_COLUMN_WIDTH, data, headerNeed[c] ?? 0, plan.columnWidths?.[c] ?? 0);
    wanted.push(width);
    widths.push(Math.min(width, MAX_COLUMN_WIDTH));
  }
  // Room left on a page at the smallest print scale goes to the columns that would wrap.
  const room = (PAGE_WIDTH_PX * 100) / MIN_PRINT_SCALE;
  let slack = room - widths.reduce((a, w) => a + columnPixels(w), 0);
  for (let c = 0; c < n && slack > CHAR_PX; c++) {
    if (wanted[c] <= widths[c]) continue;
    const more = Math.min(wanted[c] - widths[c], Math.floor(slack / CHAR_PX), WIDE_COLUMN_WIDTH - widths[c]);
    if (more <= 0) continue;
    widths[c] += more;
    slack -= more * CHAR_PX;
  }
  for (let c = 0; c < n; c++) widths[c] = Math.round(widths[c] * 10) / 10;
  // Text wider than its column wraps; its row grows to its lines.
  const wrap: string[] = [];
  const lines = new Map<number, number>();
  const grow = (r: number, count: number) => lines.set(r, Math.max(lines.get(r) ?? 1, count));
  for (const [r, c, text, button] of headerCells) {
    if (text.length * BOLD + button <= widths[c]) continue;
    wrap.push(`${columnLetter(c)}${r + 1}`);
    grow(r, wrappedLines(text, (widths[c] - button) / BOLD));
  }
  const runs = new Map<number, [number, number][]>();
  for (const [r, c, length] of measured) {
    if (length + PADDING <= widths[c]) continue;
    // Outside the table a text spills over the empty cells to its right (a title beside its
    // blank value cell): it wraps only when it is wider than that room.
    if (!inTable(r) && length + PADDING <= spillRoom(plan.cells[r], c, widths)) continue;
    const text = plan.cells[r][c];
    grow(r, wrappedLines(String(isFormula(text!) ? text.value : text), widths[c] - PADDING));
    const run = runs.get(c) ?? [];
    const end = run[run.length - 1];
    if (end && end[1] === r - 1) end[1] = r;
    else run.push([r, r]);
    runs.set(c, run);
  }
  for (const [c, run] of runs) {
    for (const [a, b] of run) wrap.push(`${columnLetter(c)}${a + 1}:${columnLetter(c)}${b + 1}`);
  }
  // A spilling text wider than the rest of its page: merged to the page's last column, wrapped there.
  const breaks = [...pageBreaks(widths)].sort((a, b) => a - b);
  const merges: string[] = [];
  for (const [r, c, text] of trailing) {
    const pageEnd = (breaks.find((b) => b > c) ?? Math.max(n, c + 1)) - 1;
    const room = widths.slice(c, pageEnd + 1).reduce((a, w) => a + w, 0);
    if (displayLength(text) + PADDING <= room) continue;
    const range = `${columnLetter(c)}${r + 1}:${columnLetter(Math.max(c, pageEnd))}${r + 1}`;
    if (pageEnd > c) merges.push(range);
    wrap.push(range);
    grow(r, wrappedLines(text, room - PADDING));
  }
  const rowHeights = [...lines]
    .filter(([, count]) => count > 1)
    .sort((a, b) => a[0] - b[0])
    .map(([r, count]) => ({ row: r + 1, height: count * LINE_HEIGHT }));
  return { widths, wrap, rowHeights, merges };
}

/** A cell's width and the widths of the empty cells after it in its row, up to the next filled one. */
function spillRoom(row: readonly PlannedCell[], c: number, widths: readonly number[]): number {
  let room = widths[c] ?? 0;
  for (let k = c + 1; k < widths.length; k++) {
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

/**
 * Lines a text takes wrapped at a width of so many characters: word by word, a word longer
 * than the line broken, as spreadsheets wrap; a character counted as a digit's width (letters
 * may be wider, spaces are narrower).
 * @example wrappedLines("Credits charged earlier in the contract year", 20) // => 3
 */
export function wrappedLines(text: string, width: number): number {
  // Widths are rounded to a tenth: a word that fitted before the rounding still fits.
  const room = Math.max(1, Math.floor(width + 0.1));
  let count = 0;
  for (const paragraph of text.split("\n")) {
    let line = 0;
    count++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const need = line ? line + 1 + word.length : word.length;
      if (need <= room) line = need;
      else if (word.length <= room) {
        count++;
        line = word.length;
      } else {
        count += Math.ceil((line ? line + 1 + word.length : word.length) / room) - 1;
        line = word.length % room;
      }
    }
  }
  return count;
}

/** Printable width of a landscape page, in pixels at 96 dpi: US Letter (narrower than A4 across) less Excel's 0.7-inch margins. */
export const PAGE_WIDTH_PX = (11 - 2 * 0.7) * 96;
/** The smallest print scale (percent): 11-point text prints at 8.25 points, still readable. */
export const MIN_PRINT_SCALE = 75;

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
 * How a sheet prints, decided from its column widths: landscape, header rows repeated, a
 * footer with the sheet's name, page number and as-of day; one page wide when the sheet fits
 * at {@link MIN_PRINT_SCALE} or more. A wider sheet prints at that scale across several pages,
 * its frozen ID columns repeated on each, a page starting where a group of columns starts
 * (the plan's groups; else any column), so no page shrinks to unreadable print.
 * Cost: O(columns).
 * @example printSetup([10, 10], { freezeRows: 1, freezeColumns: 1 }).fitToWidth // => 1
 */
export function printSetup(
  widths: readonly number[],
  options: {
    freezeRows: number;
    freezeColumns: number;
    asOf?: string;
    groups?: readonly number[];
    rowBreaks?: readonly number[];
  },
): PrintSetup {
  const base = {
    landscape: true,
    ...(options.freezeRows > 0 ? { titleRows: `1:${options.freezeRows}` } : {}),
    footer: `&A · page &P of &N${options.asOf ? ` · as of ${options.asOf}` : ""}`,
    ...(options.rowBreaks?.length ? { rowBreaks: options.rowBreaks } : {}),
  };
  const px = widths.map(columnPixels);
  const total = px.reduce((a, b) => a + b, 0);
  const room = (PAGE_WIDTH_PX * 100) / MIN_PRINT_SCALE;
  if (total <= room) return { ...base, fitToWidth: 1 };
  let titles = px.slice(0, options.freezeColumns).reduce((a, b) => a + b, 0);
  // ID columns that would take half the page are not repeated.
  const repeat = options.freezeColumns > 0 && titles <= room / 2;
  if (!repeat) titles = 0;
  const starts = new Set(options.groups ?? px.map((_, c) => c));
  const columnBreaks: number[] = [];
  // The repeated ID columns stay together on the first page.
  let pageStart = repeat ? options.freezeColumns - 1 : 0;
  let used = 0;
  for (let c = 0; c < px.length; c++) {
    if (used + px[c] > room && c > pageStart) {
      // Back to the last group start on this page, when there is one past the page's first column.
      let at = c;
      while (at > pageStart + 1 && !starts.has(at)) at--;
      if (!starts.has(at)) at = c;
      columnBreaks.push(at);
      pageStart = at;
      used = titles;
      c = at - 1;
      continue;
    }
    used += px[c];
  }
  return {
    ...base,
    fitToWidth: 0,
    scale: MIN_PRINT_SCALE,
    ...(repeat ? { titleColumns: `A:${columnLetter(options.freezeColumns - 1)}` } : {}),
    columnBreaks,
  };
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
  if (typeof value === "string") return Math.max(...value.split("\n").map((l) => l.length));
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
