/**
 * Which client column feeds which field, for every importer (the register's upgrade, ticket
 * exports, SLA reports). Only a confident guess is applied: a header that is exactly a field's
 * name or one of its synonyms. A header that merely starts with a synonym ("Project Code",
 * "Forecast Spend") is a *suggestion*: shown in the preview, used only when the user confirms
 * it (`--map`, or `--accept-suggestions`). A user's choice wins; `FIELD=` leaves a field
 * unmapped; one column chosen for two fields is refused naming both.
 */
import { clipText, importMessages } from "../errors";

/** Folds a header for matching: case, spaces, punctuation and parenthesised units ignored. */
export function foldHeader(header: string): string {
  return String(header ?? "")
    .toLowerCase()
    .replace(/\(.*?\)/g, "")
    .replace(/[_\-./:]+/g, " ")
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A column offered for a field but not applied. */
export interface ColumnSuggestion {
  readonly field: string;
  readonly column: number;
  /** Why it is offered, for the preview ("header starts with \"project\""). */
  readonly why: string;
}

/** A user's choice of a column for a field; a blank header leaves the field unmapped. */
export interface ColumnChoice {
  readonly field: string;
  readonly header: string;
}

/** A problem with the user's choices. */
export interface ChoiceProblem {
  readonly field: string;
  readonly message: string;
}

/** Everything a mapping decision says. */
export interface ColumnPlan<F extends string> {
  /** The applied mapping: 0-based column per field. */
  readonly mapping: Partial<Record<F, number>>;
  /** Where each applied field came from. */
  readonly source: Partial<Record<F, "exact" | "chosen" | "suggestion">>;
  /** Guesses not applied (a field left unmapped that a column could feed). */
  readonly suggestions: ColumnSuggestion[];
  /** Fields the user left unmapped on purpose (`FIELD=`). */
  readonly cleared: F[];
  readonly problems: ChoiceProblem[];
}

/**
 * The exact matches: each field's own name, then its synonyms in order, against folded
 * headers; each column feeds at most one field. Cost: O(fields x synonyms x headers).
 * @example exactColumns(["Key", "Status"], ["ticket", "state"], { ticket: ["key"], state: ["status"] }) // => { ticket: 0, state: 1 }
 */
export function exactColumns<F extends string>(
  headers: readonly string[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  taken: Set<number> = new Set(),
): Partial<Record<F, number>> {
  const folded = headers.map(foldHeader);
  const out: Partial<Record<F, number>> = {};
  for (const field of fields) {
    for (const synonym of [field.replace(/_/g, " "), ...synonyms[field]]) {
      const col = folded.findIndex((h, i) => !taken.has(i) && h !== "" && h === synonym);
      if (col >= 0) {
        out[field] = col;
        taken.add(col);
        break;
      }
    }
  }
  return out;
}

/**
 * Partial matches for fields still unmapped: a header that starts with a synonym and a space.
 * Cost: O(fields x synonyms x headers).
 */
function partialColumns<F extends string>(
  headers: readonly string[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  taken: Set<number>,
): ColumnSuggestion[] {
  const folded = headers.map(foldHeader);
  const out: ColumnSuggestion[] = [];
  for (const field of fields) {
    for (const synonym of [field.replace(/_/g, " "), ...synonyms[field]]) {
      const col = folded.findIndex((h, i) => !taken.has(i) && h.startsWith(synonym + " "));
      if (col >= 0) {
        out.push({ field, column: col, why: `header starts with "${synonym}"` });
        taken.add(col);
        break;
      }
    }
  }
  return out;
}

/**
 * Decides the columns: exact matches, then the user's choices on top, then (for fields still
 * unmapped) partial matches as suggestions, applied only with `acceptSuggestions`.
 * Cost: O(fields x synonyms x headers + choices x headers).
 * @param headers - The header texts.
 * @param choices - The user's `FIELD=HEADER` choices (a blank header clears the field).
 * @param fields - The fields, in order of priority.
 * @param synonyms - Folded header texts that suggest each field, best first.
 * @param acceptSuggestions - Apply the suggestions too.
 * @returns The plan.
 * @example planColumns(["Project Code", "Initiative"], [], ["project", "measure"], { project: [], measure: ["initiative"] }).suggestions // => [{ field: "project", column: 0, why: 'header starts with "project"' }]
 */
export function planColumns<F extends string>(
  headers: readonly string[],
  choices: readonly ColumnChoice[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  acceptSuggestions = false,
): ColumnPlan<F> {
  const problems: ChoiceProblem[] = [];
  const chosen = new Map<F, number | null>();
  const byColumn = new Map<number, F>();
  const folded = headers.map((h) =>
    String(h ?? "")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase(),
  );
  for (const { field, header } of choices) {
    const f = field.trim().toLowerCase() as F;
    if (!fields.includes(f)) {
      problems.push({ field, message: `unknown field "${clipText(field)}"; fields are ${fields.join(", ")}` });
      continue;
    }
    if (header.trim() === "") {
      chosen.set(f, null);
      continue;
    }
    const want = header.replace(/\s+/g, " ").trim().toLowerCase();
    let col = folded.findIndex((h) => h === want);
    if (col < 0) col = headers.findIndex((h) => foldHeader(h) === foldHeader(header) && foldHeader(header) !== "");
    if (col < 0) {
      problems.push({ field, message: `header "${clipText(header)}" not found` });
      continue;
    }
    const other = byColumn.get(col);
    if (other !== undefined && other !== f) {
      problems.push({ field, message: importMessages.columnTwice(headers[col], other, f) });
      continue;
    }
    byColumn.set(col, f);
    chosen.set(f, col);
  }
  const taken = new Set<number>(byColumn.keys());
  const exact = exactColumns(
    headers,
    fields.filter((f) => !chosen.has(f)),
    synonyms,
    taken,
  );
  const mapping: Partial<Record<F, number>> = {};
  const source: Partial<Record<F, "exact" | "chosen" | "suggestion">> = {};
  const cleared: F[] = [];
  for (const f of fields) {
    const c = chosen.get(f);
    if (c === null) cleared.push(f);
    else if (c !== undefined) {
      mapping[f] = c;
      source[f] = "chosen";
    } else if (exact[f] !== undefined) {
      mapping[f] = exact[f];
      source[f] = "exact";
    }
  }
  const open = fields.filter((f) => mapping[f] === undefined && !cleared.includes(f));
  const suggestions = partialColumns(headers, open, synonyms, taken);
  if (acceptSuggestions) {
    for (const s of suggestions) {
      mapping[s.field as F] = s.column;
      source[s.field as F] = "suggestion";
    }
  }
  return { mapping, source, suggestions: acceptSuggestions ? [] : suggestions, cleared, problems };
}

/**
 * Scores a row as a header row: exact matches count two, partial ones one (a title or a note
 * suggests none). Cost: O(fields x synonyms x headers).
 */
export function headerScore<F extends string>(
  texts: readonly string[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
): number {
  const taken = new Set<number>();
  const exact = exactColumns(texts, fields, synonyms, taken);
  const open = fields.filter((f) => exact[f] === undefined);
  const partial = partialColumns(texts, open, synonyms, taken).length;
  return Object.keys(exact).length * 2 + partial;
}
