/**
 * Suggestions from a column's content, for a field no header names: a column of dates, of
 * amounts, of gate words or of unique codes is offered for the first unmapped field of that
 * kind. Never applied on its own: shown in the preview as a suggestion, applied only when the
 * user confirms it (`--map`, or `--accept-suggestions`). The kinds (what reads as a gate or an
 * amount) are the caller's; this module only samples and decides.
 */
import { importMessages } from "../errors";
import { CellValue, textOf } from "../governance/model";
import { ColumnPlan } from "./columns";
import { readDateSerial } from "./dates";

/** A kind of content and the fields it may feed, best first. */
export interface ContentKind<F extends string> {
  /** What the values are, for the preview ("dates", "amounts"). */
  readonly name: string;
  readonly fields: readonly F[];
  /** True when a column's sampled non-blank values are of this kind. */
  fits(values: readonly unknown[]): boolean;
}

/** How many non-blank values of a column are sampled, and how few make no suggestion. */
export const CONTENT_SAMPLE = { most: 200, least: 3 } as const;

/** The share of sampled values that must read as a kind for a per-value kind to fit. */
export const CONTENT_SHARE = 0.9;

/**
 * A per-value kind's `fits`: at least 90% of the sampled values read as the kind.
 * @example shareFits((v) => typeof v === "number")([1, 2, 3]) // => true
 */
export function shareFits(reads: (value: unknown) => boolean): (values: readonly unknown[]) => boolean {
  return (values) => values.filter(reads).length >= CONTENT_SHARE * values.length;
}

/** A client's code: letters then digits ("P-017", "INI_2024_03", "INC0012345"), or digits with a separator. */
const CODE = /^([A-Za-z]{1,10}[-_/. ]?\d[\w-/.]{0,20}|\d{1,8}[-_/.][A-Za-z0-9]{1,12})$/;
/** Excel serials of 2000-01-01 .. 2049-12-31: a column of such numbers is dates, not amounts. */
const DATE_SERIALS = { from: 36526, to: 54788 } as const;

/**
 * The kind "codes": every sampled value a client's code (see CODE); with `unique`, no value
 * twice (an ID column; a ticket history repeats its tickets' codes).
 * @example codesKind(["source_id"], true).fits(["P-001", "P-002", "P-003"]) // => true
 */
export function codesKind<F extends string>(fields: readonly F[], unique: boolean): ContentKind<F> {
  return {
    name: unique ? "unique codes" : "codes",
    fields,
    fits: (values) =>
      (!unique || new Set(values.map((v) => textOf(v as CellValue).trim())).size === values.length) &&
      values.every((v) => typeof v === "string" && CODE.test(v.trim())),
  };
}

/**
 * The kind "dates": text the one date reader reads in either day/month order (with or without
 * a time of day), or Excel serials of 2000..2049 (whole days only, unless `times`: a time
 * column of an .xlsx export holds fractions of days).
 * @example datesKind(["time"], true).fits(["2024-03-04 09:00", "05/03/2024 10:30", 45356.25]) // => true
 */
export function datesKind<F extends string>(fields: readonly F[], times = false): ContentKind<F> {
  return { name: "dates", fields, fits: shareFits((v) => readsAsDate(v, times)) };
}

/**
 * True for one value of a date column: text the one date reader reads in either day/month
 * order, or an Excel serial of 2000..2049 (whole days only unless `times`), so a column of
 * counts or percentages (97, 98.5) never reads as dates of 1900. Cost: O(length).
 * @example readsAsDate(45352) // => true
 * @example readsAsDate(97) // => false
 */
export function readsAsDate(value: unknown, times = false): boolean {
  return typeof value === "number"
    ? (times || Number.isInteger(value)) && value >= DATE_SERIALS.from && value <= DATE_SERIALS.to
    : typeof value === "string" && (["DMY", "MDY"] as const).some((o) => readDateSerial(value, o) !== undefined);
}

/**
 * Adds content suggestions to a plan: for each column neither mapped nor already suggested, the
 * first kind its sampled values fit offers its first field still unmapped, not cleared and not
 * already suggested. With `accept`, they are applied (source "suggestion") as partial header
 * matches are. Cost: O(cells + columns x sample x kinds).
 * @param plan - The plan from the headers (see `planColumns`).
 * @param rows - The table's rows.
 * @param kinds - The kinds, in order of precedence.
 * @param accept - Apply them (`--accept-suggestions`).
 * @returns The plan with the suggestions (or the applied columns).
 * @example withContentSuggestions(plan, [["2024-01-31"], ["2024-02-29"], ["2024-03-31"]], [dates], false).suggestions[0] // => { field: "due", column: 0, why: "its values are dates (3 sampled)" }
 */
export function withContentSuggestions<F extends string>(
  plan: ColumnPlan<F>,
  rows: readonly (readonly unknown[])[],
  kinds: readonly ContentKind<F>[],
  accept: boolean,
): ColumnPlan<F> {
  const mapped = new Set<number>(Object.values(plan.mapping) as number[]);
  const offered = new Set<F>(plan.suggestions.map((s) => s.field as F));
  for (const s of plan.suggestions) mapped.add(s.column);
  const open = (f: F) => plan.mapping[f] === undefined && !plan.cleared.includes(f) && !offered.has(f);
  // One pass over the rows, each as long as it is: a cell far to the right (XFD) widens one row,
  // not every column's scan of every row.
  const samples: unknown[][] = [];
  for (const row of rows) {
    for (let col = 0; col < row.length; col++) {
      const v = row[col];
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === "") || mapped.has(col)) continue;
      const sample = (samples[col] ??= []);
      if (sample.length < CONTENT_SAMPLE.most) sample.push(v);
    }
  }
  const added: { field: F; column: number; why: string }[] = [];
  for (let col = 0; col < samples.length; col++) {
    const values = samples[col];
    if (!values) continue;
    if (values.length < CONTENT_SAMPLE.least) continue;
    const kind = kinds.find((k) => k.fields.some(open) && k.fits(values));
    const field = kind?.fields.find(open);
    if (!kind || field === undefined) continue;
    offered.add(field);
    added.push({ field, column: col, why: importMessages.valuesAre(kind.name, values.length) });
  }
  if (!added.length) return plan;
  if (!accept) return { ...plan, suggestions: [...plan.suggestions, ...added] };
  const mapping = { ...plan.mapping };
  const source = { ...plan.source };
  for (const s of added) {
    mapping[s.field] = s.column;
    source[s.field] = "suggestion";
  }
  return { ...plan, mapping, source };
}
