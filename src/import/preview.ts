/**
 * The mapping preview every importer shows before it writes: the sheet and header row used,
 * each field with the column feeding it, three sample values as read, how many rows parse,
 * the fields left unmapped and the guesses not applied. Pure: the command line prints it (or
 * its JSON) and the task pane draws it as a table.
 */
import { CellValue, columnLetter, textOf } from "../governance/model";
import { ColumnPlan } from "./columns";

/** One value as a field reads it: whether it parses, and how it is shown. */
export interface FieldReading {
  readonly ok: boolean;
  readonly shown: string;
}

/** Reads one cell of a field. */
export type FieldReader = (value: CellValue) => FieldReading;

/** A field's line of the preview. */
export interface PreviewField {
  readonly field: string;
  /** Column letter ("C"), or null when unmapped. */
  readonly column: string | null;
  readonly header: string | null;
  /** How the column was chosen: an exact header, the user's choice, an accepted suggestion. */
  readonly source: "exact" | "chosen" | "suggestion" | null;
  /** Up to three filled values as read. */
  readonly samples: string[];
  /** Data rows with a value in the column. */
  readonly filled: number;
  /** Of those, how many the field reads. */
  readonly parsed: number;
  /** How the values are read, when it matters (a date order, a value map). */
  readonly note: string;
  readonly required: boolean;
}

/** The preview of one import. */
export interface MappingPreview {
  readonly sheet: string;
  /** 1-based sheet row of the headers. */
  readonly headerRow: number;
  readonly headers: string[];
  readonly dataRows: number;
  readonly fields: PreviewField[];
  /** Fields no column feeds (including those cleared with `FIELD=`). */
  readonly unmapped: string[];
  /** Required fields no column feeds: the import cannot run. */
  readonly missing: string[];
  /** Guesses not applied: confirm with --map FIELD=HEADER or --accept-suggestions. */
  readonly suggestions: { field: string; column: string; header: string; why: string }[];
}

/** A table as the preview reads it. */
export interface PreviewTable {
  readonly sheet: string;
  readonly headerRow: number;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly CellValue[])[];
}

const SAMPLES = 3;
const textReader: FieldReader = (v) => ({ ok: true, shown: textOf(v) });

/**
 * Builds the preview. Cost: O(rows x mapped fields).
 * @param table - The sheet's header and rows.
 * @param plan - The mapping decided (see `planColumns`).
 * @param fields - Every field, in display order.
 * @param required - The fields an import cannot do without.
 * @param readers - How each field reads a value (default: as text).
 * @param notes - A note per field (a date order, a value map).
 * @returns The preview.
 * @example previewMapping({ sheet: "S", headerRow: 1, headers: ["Initiative"], rows: [["Cut"]] }, plan, ["measure"], ["measure"]).fields[0].samples // => ["Cut"]
 */
export function previewMapping<F extends string>(
  table: PreviewTable,
  plan: ColumnPlan<F>,
  fields: readonly F[],
  required: readonly F[],
  readers: Partial<Record<F, FieldReader>> = {},
  notes: Partial<Record<F, string>> = {},
): MappingPreview {
  const dataRows = table.rows.filter((r) => r.some((v) => textOf(v) !== "")).length;
  const out: PreviewField[] = [];
  for (const field of fields) {
    const col = plan.mapping[field];
    if (col === undefined) continue;
    const read = readers[field] ?? textReader;
    const samples: string[] = [];
    let filled = 0;
    let parsed = 0;
    for (const row of table.rows) {
      const v = row[col] ?? null;
      if (textOf(v) === "") continue;
      filled++;
      const r = read(v);
      if (r.ok) parsed++;
      if (samples.length < SAMPLES) samples.push(r.ok ? r.shown : `${r.shown} (not read)`);
    }
    out.push({
      field,
      column: columnLetter(col),
      header: table.headers[col] ?? "",
      source: plan.source[field] ?? null,
      samples,
      filled,
      parsed,
      note: notes[field] ?? "",
      required: required.includes(field),
    });
  }
  const unmapped = fields.filter((f) => plan.mapping[f] === undefined);
  return {
    sheet: table.sheet,
    headerRow: table.headerRow,
    headers: [...table.headers],
    dataRows,
    fields: out,
    unmapped,
    missing: required.filter((f) => plan.mapping[f] === undefined),
    suggestions: plan.suggestions.map((s) => ({
      field: s.field,
      column: columnLetter(s.column),
      header: table.headers[s.column] ?? "",
      why: s.why,
    })),
  };
}
