/**
 * Merged cells in a client's export. Excel keeps a merged area's value in its top-left cell
 * only; every other cell of the area reads blank (in Excel, through Office.js, and in both of
 * the command line's readers). A priority typed once and merged down over a ticket's rows, or a
 * ticket number merged over its events, therefore reaches the clock once, not on every row:
 * this module says which mapped columns that happens in, so the user is told rather than left
 * to guess why rows were rejected or kept the last priority.
 */
import { columnIndex, columnLetter } from "../governance/model";

/** A merged area, 1-based and inclusive. */
export interface MergedArea {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** One cell reference ("D5") as 1-based row and column, or undefined. */
function cellOf(ref: string): { row: number; column: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref.trim());
  if (!m) return undefined;
  return { row: Number(m[2]), column: columnIndex(m[1]) + 1 };
}

/**
 * A merged area from its reference as a sheet lists it (`<mergeCell ref="D5:D9"/>`).
 * @returns The area, or undefined for a reference that is not a range of cells.
 * @example mergedArea("D5:D9") // => { top: 5, left: 4, bottom: 9, right: 4 }
 */
export function mergedArea(ref: string): MergedArea | undefined {
  const [a, b] = ref.split(":");
  const from = cellOf(a);
  const to = b === undefined ? from : cellOf(b);
  if (!from || !to) return undefined;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.column, to.column),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.column, to.column),
  };
}

/** A mapped column with merged cells below the header: how many areas, and the first. */
export interface MergedField {
  readonly field: string;
  /** The column's letters ("D"). */
  readonly column: string;
  readonly header: string;
  readonly areas: number;
  /** The first such area's reference ("D5:D9"). */
  readonly example: string;
}

/**
 * The mapped columns in which a merged area hides values below the header row: an area covers
 * the column in a data row at a cell other than its top-left (that cell reads blank).
 * Cost: O(areas x fields).
 * @param refs - The merged areas' references (`MergedArea` text).
 * @param headerRow - The header's 1-based row.
 * @param columns - Each mapped field's column (0-based).
 * @param headers - The header texts, for the message.
 * @returns The fields affected, in the order of `columns`.
 * @example mergedFields(["D5:D9"], 1, { priority: 3 }, ["Number", "Time", "State", "Priority"]) // => [{ field: "priority", column: "D", header: "Priority", areas: 1, example: "D5:D9" }]
 */
export function mergedFields(
  refs: readonly string[],
  headerRow: number,
  columns: Readonly<Partial<Record<string, number>>>,
  headers: readonly string[],
): MergedField[] {
  const areas = refs.flatMap((ref) => {
    const area = mergedArea(ref);
    return area ? [{ ref, area }] : [];
  });
  const out: MergedField[] = [];
  for (const [field, col] of Object.entries(columns)) {
    if (col === undefined) continue;
    const c = col + 1;
    // Hidden cells of this column below the header: not the top-left, and on a data row.
    const hiding = areas.filter(
      ({ area: a }) =>
        a.left <= c && c <= a.right && a.bottom > headerRow && (c > a.left || a.bottom > Math.max(a.top, headerRow)),
    );
    if (hiding.length) {
      out.push({
        field,
        column: columnLetter(col),
        header: headers[col] ?? "",
        areas: hiding.length,
        example: hiding[0].ref,
      });
    }
  }
  return out;
}
