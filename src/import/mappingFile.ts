/**
 * Mapping files: one JSON file holding how a client's sheet is read, so next month's run reads
 * the same file the same way (`--mapping FILE.json`; `--dry-run --save-mapping FILE.json`
 * writes one). Pure: reading and writing the file is the caller's.
 *
 * ```json
 * { "version": 1, "sheet": "Tracker", "headerRow": 3,
 *   "columns": { "measure": "Initiative", "project": null },
 *   "values": { "gate": { "In Progress": "L3", "Completed": "L5" } },
 *   "dateOrder": "DMY", "decimal": "," }
 * ```
 * A column of `null` leaves the field unmapped on purpose.
 */
import { Result, fail, importMessages } from "../errors";
import { DateOrder, parseDateOrder } from "./dates";
import { choiceText } from "./columns";

/** What a mapping file says; every part optional. */
export interface MappingSettings {
  readonly sheet?: string;
  readonly headerRow?: number;
  /** Header per field; "" leaves the field unmapped. */
  readonly columns: Readonly<Record<string, string>>;
  /** Value maps per field: client word to the field's value as typed ("L3"). */
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly dateOrder?: DateOrder;
  readonly decimal?: "." | ",";
}

/** What an importer reads of a mapping file beyond its sheet, header row, columns and date order. */
export interface MappingUse {
  /** The importer as the user names it (the command). */
  readonly importer: string;
  /** The fields whose value maps it applies (`values`); empty when it maps no values. */
  readonly valueFields: readonly string[];
  /** Whether it reads numbers typed as text with the file's decimal mark (`decimal`). */
  readonly decimal: boolean;
}

/**
 * What each importer reads of a mapping file: the one table behind every `--mapping` and the
 * pane's file chooser, so an entry an importer would not read is refused, never ignored.
 */
export const MAPPING_USES = {
  upgrade: { importer: "upgrade", valueFields: ["gate"], decimal: true },
  tickets: { importer: "tickets", valueFields: [], decimal: false },
  results: { importer: "results", valueFields: ["service"], decimal: true },
  steps: { importer: "steps", valueFields: [], decimal: false },
  experience: { importer: "experience", valueFields: [], decimal: false },
} as const satisfies Readonly<Record<string, MappingUse>>;

/** The version this code writes and reads. */
export const MAPPING_FILE_VERSION = 1;

/** Why a file is refused: the texts live in src/errors.ts. */
const why = importMessages.mappingFileWhy;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a mapping file's text for one importer. An entry the importer would not read (a value
 * map of a field it maps no values of, a decimal mark where it reads no number typed as text)
 * is refused naming the entry, never silently ignored. Cost: O(length).
 * @param text - The file's content.
 * @param file - The file's name, for messages.
 * @param use - What the importer reads (see {@link MAPPING_USES}).
 * @returns The settings, or a `#VALUE!` failure naming the file and what is wrong.
 * @example parseMappingFile('{"columns":{"measure":"Initiative"}}', "m.json", MAPPING_USES.upgrade).columns.measure // => "Initiative"
 * @example parseMappingFile('{"decimal":","}', "m.json", MAPPING_USES.tickets) // => a failure: tickets reads no decimal mark
 */
export function parseMappingFile(text: string, file: string, use: MappingUse): Result<MappingSettings> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return fail("#VALUE!", importMessages.badMappingFile(file, why.notJson((e as Error).message)));
  }
  const bad = (why: string) => fail("#VALUE!", importMessages.badMappingFile(file, why));
  if (!isObject(data)) return bad(why.notObject());
  const known = ["version", "sheet", "headerRow", "columns", "values", "dateOrder", "decimal"];
  const unknown = Object.keys(data).find((k) => !known.includes(k));
  if (unknown !== undefined) return bad(why.unknownKey(unknown, known));
  if (data.version !== undefined && data.version !== MAPPING_FILE_VERSION)
    return bad(why.version(MAPPING_FILE_VERSION));
  if (data.sheet !== undefined && typeof data.sheet !== "string") return bad(why.sheet());
  if (data.headerRow !== undefined && !(Number.isInteger(data.headerRow) && (data.headerRow as number) >= 1)) {
    return bad(why.headerRow());
  }
  const columns: Record<string, string> = {};
  if (data.columns !== undefined) {
    if (!isObject(data.columns)) return bad(why.columns());
    for (const [field, header] of Object.entries(data.columns)) {
      if (header !== null && typeof header !== "string") return bad(why.column(field));
      columns[field] = header ?? "";
    }
  }
  const values: Record<string, Record<string, string>> = {};
  if (data.values !== undefined) {
    if (!isObject(data.values)) return bad(why.values());
    for (const [field, map] of Object.entries(data.values)) {
      if (!isObject(map) || Object.values(map).some((v) => typeof v !== "string")) {
        return bad(why.valueMap(field));
      }
      if (!use.valueFields.includes(field)) return bad(importMessages.unreadValueMap(field, use));
      values[field] = map as Record<string, string>;
    }
  }
  const order = data.dateOrder === undefined ? undefined : parseDateOrder(String(data.dateOrder));
  if (order === null) return bad(why.dateOrder());
  if (data.decimal !== undefined && data.decimal !== "." && data.decimal !== ",") return bad(why.decimal());
  if (data.decimal !== undefined && !use.decimal) return bad(importMessages.unreadDecimal(use.importer));
  return {
    sheet: data.sheet as string | undefined,
    headerRow: data.headerRow as number | undefined,
    columns,
    values,
    dateOrder: order,
    decimal: data.decimal as "." | "," | undefined,
  };
}

/**
 * The text of a mapping file (stable key order, two-space indent, a final newline).
 * @example mappingFileText({ columns: { measure: "Initiative" }, values: {} }) // => '{\n  "version": 1,\n  "columns": ...'
 */
export function mappingFileText(settings: MappingSettings): string {
  const out: Record<string, unknown> = { version: MAPPING_FILE_VERSION };
  if (settings.sheet !== undefined) out.sheet = settings.sheet;
  if (settings.headerRow !== undefined) out.headerRow = settings.headerRow;
  out.columns = Object.fromEntries(Object.entries(settings.columns).map(([f, h]) => [f, h === "" ? null : h]));
  if (Object.keys(settings.values).length) out.values = settings.values;
  if (settings.dateOrder !== undefined) out.dateOrder = settings.dateOrder;
  if (settings.decimal !== undefined) out.decimal = settings.decimal;
  return JSON.stringify(out, null, 2) + "\n";
}

/**
 * The column map a mapping file records: each field's header (`col:C` when the header does not
 * tell its column apart), or "" for a field left unmapped. Cost: O(fields).
 * @example mappedColumns(["case"], { case: 0 }, ["Case ID"]) // => { case: "Case ID" }
 */
export function mappedColumns(
  fields: readonly string[],
  mapping: Readonly<Record<string, number | undefined>>,
  headers: readonly string[],
): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, mapping[f] === undefined ? "" : choiceText(headers, mapping[f]!)]));
}
