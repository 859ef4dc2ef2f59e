/**
 * The mapping preview every importer shows before it writes: the sheet and header row used,
 * each field with the column feeding it, three sample values as read, how many rows parse,
 * the fields left unmapped and the guesses not applied. Pure: the command line prints it (or
 * its JSON) and the task pane draws it as a table.
 */
import { importMessages } from "../errors";
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

/** The sheet, header row and headers of a table, without its rows. */
export type PreviewHead = Omit<PreviewTable, "rows">;

/**
 * How a field's filled values are counted as they come: `reader` (asked at the end) shows the
 * samples and `parsed` says how many it reads, so a reader that depends on every value (a date
 * order inferred from the column) can be settled after the last one.
 */
export interface FieldTally {
  add(value: CellValue): void;
  parsed(): number;
  reader(): FieldReader;
}

/**
 * The tally of a field read one fixed way.
 * @example const t = readerTally((v) => ({ ok: v === "x", shown: String(v) })); t.add("x"); t.add("y"); t.parsed() // => 1
 */
export function readerTally(read: FieldReader): FieldTally {
  let parsed = 0;
  return {
    add: (v) => void (read(v).ok && parsed++),
    parsed: () => parsed,
    reader: () => read,
  };
}

/** A preview built row by row: a sheet of a million rows is never held (see `mappingPreviewer`). */
export interface MappingPreviewer {
  add(row: readonly CellValue[]): void;
  /** The preview of the rows added, with the plan's suggestions or `suggestions`. */
  finish(
    head: PreviewHead,
    notes?: Readonly<Partial<Record<string, string>>>,
    suggestions?: ColumnPlan<string>["suggestions"],
  ): MappingPreview;
}

/**
 * The preview, built as rows come: counts, and the first three filled values of each field
 * (shown by the field's reader at the end). Cost: O(mapped fields) a row; memory: the counts
 * and samples.
 * @param plan - The mapping decided (see `planColumns`).
 * @param fields - Every field, in display order.
 * @param required - The fields an import cannot do without.
 * @param tallies - How each field counts what it reads (default: every value, shown as text).
 * @returns The previewer.
 * @example const p = mappingPreviewer(plan, ["measure"], ["measure"]); p.add(["Cut"]); p.finish({ sheet: "S", headerRow: 1, headers: ["Initiative"] }).fields[0].samples // => ["Cut"]
 */
export function mappingPreviewer<F extends string>(
  plan: ColumnPlan<F>,
  fields: readonly F[],
  required: readonly F[],
  tallies: Partial<Record<F, FieldTally>> = {},
): MappingPreviewer {
  const mapped = fields.flatMap((field) => {
    const col = plan.mapping[field];
    return col === undefined
      ? []
      : [{ field, col, tally: tallies[field] ?? readerTally(textReader), filled: 0, samples: [] as CellValue[] }];
  });
  let dataRows = 0;
  return {
    add(row) {
      if (row.some((v) => textOf(v) !== "")) dataRows++;
      for (const m of mapped) {
        const v = row[m.col] ?? null;
        if (textOf(v) === "") continue;
        m.filled++;
        m.tally.add(v);
        if (m.samples.length < SAMPLES) m.samples.push(v);
      }
    },
    finish(head, notes = {}, suggestions = plan.suggestions) {
      const out: PreviewField[] = mapped.map((m) => {
        const read = m.tally.reader();
        return {
          field: m.field,
          column: columnLetter(m.col),
          header: head.headers[m.col] ?? "",
          source: plan.source[m.field] ?? null,
          samples: m.samples.map((v) => {
            const r = read(v);
            return r.ok ? r.shown : importMessages.sampleNotRead(r.shown);
          }),
          filled: m.filled,
          parsed: m.tally.parsed(),
          note: notes[m.field] ?? "",
          required: required.includes(m.field),
        };
      });
      return {
        sheet: head.sheet,
        headerRow: head.headerRow,
        headers: [...head.headers],
        dataRows,
        fields: out,
        unmapped: fields.filter((f) => plan.mapping[f] === undefined),
        missing: required.filter((f) => plan.mapping[f] === undefined),
        suggestions: suggestions.map((s) => ({
          field: s.field,
          column: columnLetter(s.column),
          header: head.headers[s.column] ?? "",
          why: s.why,
        })),
      };
    },
  };
}

/**
 * Builds the preview of a table held whole (see `mappingPreviewer`). Cost: O(rows x mapped fields).
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
  const tallies: Partial<Record<F, FieldTally>> = {};
  for (const [field, read] of Object.entries(readers) as [F, FieldReader][]) tallies[field] = readerTally(read);
  const previewer = mappingPreviewer(plan, fields, required, tallies);
  for (const row of table.rows) previewer.add(row);
  return previewer.finish(table, notes);
}
