/**
 * The Source IDs sheet: which register measure each ID of a client sheet's ID column became.
 * An upgrade with an ID column mapped (`source_id`) finds its measures again by that ID on the
 * next run, wherever the row has moved and whatever the mapping now says; without one it finds
 * them by source sheet and row. The sheet is the product's own (plain values, rewritten whole by
 * each upgrade, entries of other source sheets kept); the Register's layout is unchanged.
 */
import { CellValue, SHEETS, textOf } from "./model";
import { SheetPlan } from "./plan";
import { fitCells } from "../cellText";

/** The Source IDs sheet's headers. */
export const SOURCE_ID_HEADERS = ["Source Sheet", "Source ID", "Register ID"] as const;

/** Register IDs by source sheet and source ID (`sourceIdKey`). */
export type SourceIds = ReadonlyMap<string, string>;

/** The key of a source ID: its sheet and the ID as typed (trimmed). @example sourceIdKey("Tracker", " P-1 ") // => "Tracker\u0000P-1" */
export function sourceIdKey(sheet: string, id: string): string {
  return `${sheet}\u0000${id.trim()}`;
}

/**
 * Reads the Source IDs sheet (row 1 the headers; rows without all three values skipped).
 * Cost: O(rows).
 * @example readSourceIds([[...SOURCE_ID_HEADERS], ["Tracker", "P-1", "M-0001"]]).get("Tracker\u0000P-1") // => "M-0001"
 */
export function readSourceIds(grid: readonly (readonly CellValue[])[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of (grid ?? []).slice(1)) {
    const [sheet, id, register] = [0, 1, 2].map((c) => textOf(line?.[c] ?? null).trim());
    if (sheet && id && register) out.set(sourceIdKey(sheet, id), register);
  }
  return out;
}

/**
 * The Source IDs sheet's plan, one row per source ID, in the order given. Cost: O(entries).
 * @example sourceIdsPlan(new Map([["Tracker\u0000P-1", "M-0001"]])).cells[1] // => ["Tracker", "P-1", "M-0001"]
 */
export function sourceIdsPlan(ids: SourceIds): SheetPlan {
  const cells: CellValue[][] = [[...SOURCE_ID_HEADERS]];
  for (const [key, register] of ids) {
    const cut = key.indexOf("\u0000");
    cells.push([key.slice(0, cut), key.slice(cut + 1), register]);
  }
  // An ID longer than a cell holds is cut and marked (the upgrade reports it).
  return {
    name: SHEETS.sourceIds,
    replace: true,
    cells: fitCells(cells),
    headerRows: [0],
    freezeRows: 1,
    columnWidths: [18, 16, 12],
  };
}
