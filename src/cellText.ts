/**
 * Excel's limit on the text of one cell, decided where plans are made (src/), so every writer
 * (the command line's file writer, the task pane's Office.js adapter) writes the same cells:
 * a longer text is cut to the limit and marked at its end, and the caller reports it.
 */

/** Most characters a cell holds (Excel's specification limit). */
export const MAX_CELL_CHARS = 32_767;

/**
 * The marker that ends a cut text, with the original length.
 * @example cutMarker(40_000) // => " [cut: 40,000 characters]"
 */
export function cutMarker(length: number): string {
  return ` [cut: ${length.toLocaleString("en-US")} characters]`;
}

/**
 * A cell's text as a cell can hold it: unchanged up to {@link MAX_CELL_CHARS}, else cut so
 * that text and marker together are exactly the limit (never splitting a surrogate pair).
 * Cost: O(1) for text within the limit.
 * @example fitCellText("INC1") // => "INC1"
 * @example fitCellText("x".repeat(40_000)).length // => 32767
 */
export function fitCellText(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const marker = cutMarker(text.length);
  let keep = MAX_CELL_CHARS - marker.length;
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--; // a high surrogate without its pair
  return text.slice(0, keep) + marker;
}

/**
 * True when a value is a text {@link fitCellText} cut (for counting what to report).
 * @example isCutText(fitCellText("x".repeat(40_000))) // => true
 */
export function isCutText(value: unknown): boolean {
  return typeof value === "string" && value.length === MAX_CELL_CHARS && / \[cut: [\d,]+ characters\]$/.test(value);
}

/**
 * The length a cell's text had before a cut: its own when longer than a cell holds (it will be
 * cut), the marker's when {@link fitCellText} cut it already; undefined otherwise.
 * @example cutLengthOf(fitCellText("x".repeat(40_000))) // => 40000
 */
export function cutLengthOf(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length < MAX_CELL_CHARS) return undefined;
  if (value.length > MAX_CELL_CHARS) return value.length;
  const marked = / \[cut: ([\d,]+) characters\]$/.exec(value);
  return marked ? Number(marked[1].replace(/,/g, "")) : undefined;
}

/**
 * A row with every text fitted to a cell: the row itself when every text fits (the usual case,
 * no copy: the Tickets sheet makes a row a ticket), else a new array (the input is never
 * changed). Cost: O(cells).
 * @example fitRow(["a", 1]) // => ["a", 1]
 */
export function fitRow<T>(cells: T[]): T[] {
  let fitted: T[] | undefined;
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c];
    if (typeof v === "string" && v.length > MAX_CELL_CHARS) (fitted ??= cells.slice())[c] = fitCellText(v) as T;
  }
  return fitted ?? cells;
}

/**
 * A plan's rows with every text fitted to a cell (new arrays; holes of sparse rows and
 * formulas kept as they are). Cost: O(cells).
 * @example fitCells([["a", "x".repeat(40_000)]])[0][1].length // => 32767
 */
export function fitCells<T>(rows: readonly (readonly T[])[]): T[][] {
  return rows.map((row) => {
    if (row === undefined) return row;
    let fitted: T[] | undefined;
    row.forEach((v, c) => {
      if (typeof v === "string" && v.length > MAX_CELL_CHARS) (fitted ??= row.slice())[c] = fitCellText(v) as T;
    });
    return fitted ?? (row as T[]);
  });
}

/** A cell {@link fitCellText} cut: its place in the plan's rows and how long its text was. */
export interface CutCell {
  /** 1-based row. */
  readonly row: number;
  /** 0-based column. */
  readonly col: number;
  /** The text's length before the cut. */
  readonly length: number;
}

/**
 * Every cell of a plan's rows that holds a text {@link fitCellText} cut, with the length the
 * marker records: what a command reports as a finding. Rows may come one at a time (a sheet
 * streamed from disk). Cost: O(cells).
 * @param firstRow - The 1-based sheet row of the first row given (default 1).
 * @example cutCellsOf([["a"], [null, fitCellText("x".repeat(40_000))]]) // => [{ row: 2, col: 1, length: 40000 }]
 */
export function cutCellsOf(rows: Iterable<readonly unknown[] | undefined>, firstRow = 1): CutCell[] {
  const out: CutCell[] = [];
  let r = firstRow;
  for (const line of rows) {
    const row = r++;
    line?.forEach((v, col) => {
      if (isCutText(v)) out.push({ row, col, length: cutLengthOf(v)! });
    });
  }
  return out;
}
