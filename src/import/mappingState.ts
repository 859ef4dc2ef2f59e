/**
 * The mapping a user edits before an import runs (the task pane's mapping table): the plan the
 * headers decided, and the user's changes on top of it, column by column. Pure and immutable:
 * every change returns a new state, and `currentPlan` says what the import would use. The
 * rules are the command line's (`planColumns`): a suggestion is used only once accepted, a
 * field can be left unmapped on purpose, and one column chosen for two fields is a problem
 * naming both (the import cannot run until it is resolved).
 */
import { ChoiceProblem, ColumnPlan } from "./columns";
import { importMessages, paneMessages } from "../errors";
import { columnLetter } from "../governance/model";

/** The user's edits of an automatic plan. */
export interface MappingState<F extends string> {
  /** What the headers decided (exact matches applied, partial ones suggested). */
  readonly auto: ColumnPlan<F>;
  /** The user's choices: a 0-based column, or null to leave the field unmapped. */
  readonly choices: Partial<Record<F, number | null>>;
  /** Fields whose suggestion the user accepted (their column is in `choices`). */
  readonly accepted: readonly F[];
}

/**
 * A state with no edits yet.
 * @param auto - The plan decided from the headers (see `planColumns`).
 * @returns The state.
 * @example currentPlan(startMapping(plan), headers).mapping // => plan.mapping
 */
export function startMapping<F extends string>(auto: ColumnPlan<F>): MappingState<F> {
  return { auto, choices: {} as Partial<Record<F, number | null>>, accepted: [] };
}

/**
 * Chooses a column for a field, or none (`null`: leave it unmapped). Choosing what the headers
 * decided drops the edit, so the field reads as an exact match again. Inputs are not mutated.
 * @param state - The state.
 * @param field - The field.
 * @param column - The 0-based column, or null.
 * @returns The new state.
 * @example chooseColumn(state, "project", null).choices.project // => null
 */
export function chooseColumn<F extends string>(
  state: MappingState<F>,
  field: F,
  column: number | null,
): MappingState<F> {
  const choices: Partial<Record<F, number | null>> = { ...state.choices };
  const accepted = state.accepted.filter((f) => f !== field);
  if (column !== null && state.auto.mapping[field] === column) delete choices[field];
  else choices[field] = column;
  return { auto: state.auto, choices, accepted };
}

/**
 * Accepts the suggestion offered for a field (its column becomes the field's). A field without
 * a suggestion is returned unchanged.
 * @param state - The state.
 * @param field - The field whose suggestion is accepted.
 * @returns The new state.
 * @example acceptSuggestion(state, "project").accepted // => ["project"]
 */
export function acceptSuggestion<F extends string>(state: MappingState<F>, field: F): MappingState<F> {
  const offered = state.auto.suggestions.find((s) => s.field === field);
  if (!offered) return state;
  return {
    auto: state.auto,
    choices: { ...state.choices, [field]: offered.column },
    accepted: [...state.accepted.filter((f) => f !== field), field],
  };
}

/**
 * The same edits over a new automatic plan (the headers decided again, with a value map that
 * changes which guesses are confident): a choice of the column now decided stops being an
 * edit; an accepted suggestion still offered stays accepted, one no longer offered becomes a
 * choice. Cost: O(choices x suggestions).
 * @param state - The state.
 * @param auto - The new automatic plan.
 * @returns The state over it.
 * @example rebaseMapping(acceptSuggestion(state, "gate"), planWhereGateIsExact).choices // => {}
 */
export function rebaseMapping<F extends string>(state: MappingState<F>, auto: ColumnPlan<F>): MappingState<F> {
  let next = startMapping(auto);
  for (const [field, column] of Object.entries(state.choices) as [F, number | null | undefined][]) {
    if (column === undefined) continue;
    const offered = auto.suggestions.some((s) => s.field === field && s.column === column);
    next =
      offered && state.accepted.includes(field) ? acceptSuggestion(next, field) : chooseColumn(next, field, column);
  }
  return next;
}

/**
 * The plan the import would use now: the automatic mapping with the user's choices on top.
 * Suggestions still open are those of fields left unmapped and not cleared; a column fed to
 * two fields is a problem naming both (both stay mapped, so the preview shows them).
 * Cost: O(fields + suggestions).
 * @param state - The state.
 * @param headers - The header texts (for the problems' wording).
 * @returns The plan, shaped as `planColumns` returns it.
 * @example currentPlan(chooseColumn(startMapping(plan), "measure", 2), headers).source.measure // => "chosen"
 */
export function currentPlan<F extends string>(state: MappingState<F>, headers: readonly string[]): ColumnPlan<F> {
  const mapping: Partial<Record<F, number>> = { ...state.auto.mapping };
  const source: Partial<Record<F, "exact" | "chosen" | "suggestion">> = { ...state.auto.source };
  const cleared = new Set<F>(state.auto.cleared);
  for (const [field, column] of Object.entries(state.choices) as [F, number | null | undefined][]) {
    if (column === undefined) continue;
    if (column === null) {
      delete mapping[field];
      delete source[field];
      cleared.add(field);
      continue;
    }
    cleared.delete(field);
    mapping[field] = column;
    source[field] = state.accepted.includes(field) ? "suggestion" : "chosen";
  }
  // A field the user chose a column for is no longer ambiguous: they chose it by its place.
  const problems = state.auto.problems.filter((p) => !p.sameHeader || state.choices[p.field as F] === undefined);
  const byColumn = new Map<number, F>();
  for (const [field, column] of Object.entries(mapping) as [F, number][]) {
    const other = byColumn.get(column);
    if (other === undefined) byColumn.set(column, field);
    else problems.push({ field, message: importMessages.columnTwice(headers[column] ?? "", other, field) });
  }
  const suggestions = state.auto.suggestions.filter(
    (s) => mapping[s.field as F] === undefined && !cleared.has(s.field as F),
  );
  return { mapping, source, suggestions, cleared: [...cleared], problems };
}

/**
 * A problem of a plan as the mapping table says it: a field whose header heads several
 * columns asks for the one meant, any other problem is one column chosen for two fields.
 * @example choiceBlocker({ field: "state", message: "", sameHeader: [0, 2] }, ["Status", "Key", "Status"], (f) => f) // => 'Columns A and C are both headed "Status": choose the one that is the state in the table.'
 */
export function choiceBlocker<F extends string>(
  problem: ChoiceProblem,
  headers: readonly string[],
  label: (field: F) => string,
): string {
  const same = problem.sameHeader;
  if (!same) return paneMessages.columnTwice(problem.message);
  return paneMessages.sameHeader(label(problem.field as F), headers[same[0]] ?? "", same.map(columnLetter));
}
