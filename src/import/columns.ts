/**
 * Which client column feeds which field, for every importer (the register's upgrade, ticket
 * exports, SLA reports). Only a confident guess is applied: a header that is exactly a field's
 * name or one of its synonyms. A header that merely starts with a synonym ("Project Code",
 * "Forecast Spend") is a *suggestion*: shown in the preview, used only when the user confirms
 * it (`--map`, or `--accept-suggestions`). A user's choice wins; `FIELD=` leaves a field
 * unmapped; one column chosen for two fields is refused naming both. A field read from a column
 * whose header another column repeats is refused naming them all, unless the user chose the
 * column by its letter (`FIELD=col:C`), the one way to say which of two same-headed columns.
 */
import { importMessages } from "../errors";
import { columnIndex, columnLetter } from "../governance/model";

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
  /** When the field's header heads several columns: those columns (0-based), one to choose. */
  readonly sameHeader?: readonly number[];
}

/** A choice of a column by its letter rather than its header: `col:C`, any case. */
const BY_LETTER = /^col:\s*([a-z]{1,3})$/i;

/**
 * The column a choice names by its letter, or undefined when it names a header.
 * @example letterChoice("col:C") // => 2
 * @example letterChoice("Status") // => undefined
 */
export function letterChoice(text: string): number | undefined {
  const m = BY_LETTER.exec(text.trim());
  return m ? columnIndex(m[1]) : undefined;
}

/** A header as columns are told apart by it: case and runs of spaces aside. */
function headerKey(header: string): string {
  return String(header ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * The columns headed as column `col` is (case and spaces aside), `col` among them, in order; a
 * blank header is no one's twin. Cost: O(headers).
 * @example sameHeaded(["Status", "Key", "status"], 0) // => [0, 2]
 */
export function sameHeaded(headers: readonly string[], col: number): number[] {
  const key = headerKey(headers[col]);
  if (key === "") return [col];
  return headers.flatMap((h, c) => (headerKey(h) === key ? [c] : []));
}

/**
 * How a choice (a mapping file's column, a `--map` value) names column `col`: its header, or
 * `col:C` when another column has the same header or it has none, so reading the choice back
 * finds the same column.
 * @example choiceText(["Status", "status"], 1) // => "col:B"
 */
export function choiceText(headers: readonly string[], col: number): string {
  return sameHeaded(headers, col).length > 1 || headerKey(headers[col]) === ""
    ? `col:${columnLetter(col)}`
    : headers[col];
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
        out.push({ field, column: col, why: importMessages.headerStartsWith(synonym) });
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
 * @param choices - The user's `FIELD=HEADER` choices (a blank header clears the field; `col:C`
 *   chooses column C whatever its header says).
 * @param fields - The fields, in order of priority.
 * @param synonyms - Folded header texts that suggest each field, best first.
 * @param acceptSuggestions - Apply the suggestions too.
 * @param chosenOnly - Fields no header maps or suggests: only a choice gives them a column (a
 *   one-row-per-ticket export's Opened, whose caller suggests it only when the shape fits).
 * @returns The plan.
 * @example planColumns(["Project Code", "Initiative"], [], ["project", "measure"], { project: [], measure: ["initiative"] }).suggestions // => [{ field: "project", column: 0, why: 'header starts with "project"' }]
 */
export function planColumns<F extends string>(
  headers: readonly string[],
  choices: readonly ColumnChoice[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  acceptSuggestions = false,
  chosenOnly: readonly F[] = [],
): ColumnPlan<F> {
  const problems: ChoiceProblem[] = [];
  const chosen = new Map<F, number | null>();
  const byColumn = new Map<number, F>();
  const byLetter = new Set<F>();
  const folded = headers.map(headerKey);
  for (const { field, header } of choices) {
    const f = field.trim().toLowerCase() as F;
    if (!fields.includes(f)) {
      problems.push({ field, message: importMessages.unknownField(field, fields) });
      continue;
    }
    if (header.trim() === "") {
      chosen.set(f, null);
      continue;
    }
    const letter = letterChoice(header);
    let col: number;
    if (letter !== undefined) {
      if (letter >= headers.length) {
        const last = columnLetter(Math.max(headers.length - 1, 0));
        problems.push({ field, message: importMessages.columnBeyond(columnLetter(letter), last) });
        continue;
      }
      col = letter;
      byLetter.add(f);
    } else {
      const want = headerKey(header);
      col = folded.findIndex((h) => h === want);
      if (col < 0) col = headers.findIndex((h) => foldHeader(h) === foldHeader(header) && foldHeader(header) !== "");
      if (col < 0) {
        problems.push({ field, message: importMessages.headerNotFound(header) });
        continue;
      }
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
    fields.filter((f) => !chosen.has(f) && !chosenOnly.includes(f)),
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
  const open = fields.filter((f) => mapping[f] === undefined && !cleared.includes(f) && !chosenOnly.includes(f));
  const suggestions = partialColumns(headers, open, synonyms, taken);
  if (acceptSuggestions) {
    for (const s of suggestions) {
      mapping[s.field as F] = s.column;
      source[s.field as F] = "suggestion";
    }
  }
  // A header that heads several columns does not say which one is meant (the first is not
  // the obvious one: an export may repeat "Status" for the ticket's and the task's).
  for (const f of fields) {
    const col = mapping[f];
    if (col === undefined || byLetter.has(f)) continue;
    const same = sameHeaded(headers, col);
    if (same.length > 1) {
      const message = importMessages.sameHeader(f, headers[col], same.map(columnLetter));
      problems.push({ field: f, message, sameHeader: same });
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
