/**
 * The mark new-contract puts beside each example value it writes (a row of a table sheet, a
 * Contract parameter, the Register's example organization), and the one test of "still the
 * example": every domain that reads such a value (src/service, src/governance) uses these, so a
 * person sees the same words in Excel wherever an example sits, without the add-in.
 */

/** A cell as both adapters read it. */
type Cell = string | number | boolean | null | undefined;

/** The header of the marker column new-contract appends to each table sheet. */
export const EXAMPLE_HEADER = "Example";

/** The marker in an example's Example cell (on the Register, its Placeholder cell). */
export const EXAMPLE_MARK = "Example row: edit it to use it, or delete it";

function text(value: Cell): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value.trim() : String(value);
}

/**
 * True when a cell holds the example mark (spaces around it ignored).
 * @example isExampleMark(" Example row: edit it to use it, or delete it ") // => true
 */
export function isExampleMark(cell: Cell): boolean {
  return text(cell) === EXAMPLE_MARK;
}

/**
 * Two cells hold the same value for the example test: numbers to 1e-9 (Excel keeps 15 digits),
 * text trimmed, blanks alike. Cost: O(text length).
 * @example sameExampleValue(0.1 + 0.2, 0.3) // => true
 */
export function sameExampleValue(a: Cell, b: Cell): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9;
  return text(a) === text(b);
}
