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
 * A row with every text fitted to a cell (a new array; the input is not changed).
 * @example fitRow(["a", 1]) // => ["a", 1]
 */
export function fitRow<T>(cells: readonly T[]): T[] {
  return cells.map((v) => (typeof v === "string" && v.length > MAX_CELL_CHARS ? (fitCellText(v) as T) : v));
}
