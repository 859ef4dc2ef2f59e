/**
 * Suggesting which client column feeds which register field, from the header texts.
 */
import { clipText } from "../errors";
import { ColumnPlan, exactColumns, headerScore, planColumns } from "../import/columns";
import {
  CellValue,
  ColumnMapping,
  Gate,
  SOURCE_FIELDS,
  SourceField,
  UPGRADE_FIELDS,
  UpgradeField,
  textOf,
} from "./model";
import { nameKey, parseAmount, parseGate } from "./values";
import { codesKind, ContentKind, datesKind, shareFits, withContentSuggestions } from "../import/content";

/** Header texts (folded) that suggest each field, best first. The field's own name always counts. */
export const FIELD_SYNONYMS: Readonly<Record<UpgradeField, readonly string[]>> = {
  organization: ["organization", "organisation", "company", "group", "legal entity", "entity", "org"],
  portfolio: ["portfolio", "business unit", "bu", "division", "segment", "area"],
  program: ["program", "programme", "workstream", "work stream", "stream", "pillar"],
  project: ["project", "initiative group", "sub-workstream", "subproject", "sub project"],
  package: ["measure package", "package", "lever", "lever group", "bundle", "work package"],
  measure: ["measure", "initiative", "initiative name", "action", "idea", "measure name", "saving measure"],
  owner: ["owner", "measure owner", "responsible", "accountable", "lead", "initiative owner"],
  controller: ["controller", "finance controller", "finance contact", "finance", "cfo delegate"],
  committee: ["steering committee", "committee", "steerco", "board", "governance body"],
  gate: ["gate", "stage gate", "stage", "status", "maturity", "phase", "level"],
  baseline: ["baseline", "baseline cost", "cost baseline", "base cost", "baseline spend"],
  actual: ["actual", "actual cost", "current cost", "actual spend", "run rate cost"],
  planned: ["planned", "planned savings", "target savings", "plan", "target", "savings plan", "planned saving"],
  forecast: ["forecast", "forecast savings", "latest estimate", "expected savings", "fc", "forecast saving"],
  due: ["due", "milestone due", "due date", "deadline", "target date", "planned date"],
  done: ["done", "milestone done", "completed", "completion date", "done date", "actual date"],
  portfolio_owner: [
    "portfolio owner",
    "portfolio lead",
    "portfolio head",
    "business unit owner",
    "business unit lead",
    "bu owner",
    "bu lead",
    "bu head",
    "division head",
  ],
  portfolio_controller: ["portfolio controller", "business unit controller", "bu controller", "division controller"],
  program_owner: [
    "program owner",
    "programme owner",
    "program lead",
    "programme lead",
    "program manager",
    "programme manager",
    "workstream lead",
    "workstream owner",
    "stream lead",
  ],
  program_controller: ["program controller", "programme controller", "workstream controller"],
  project_owner: ["project owner", "project lead", "project manager", "pm"],
  project_controller: ["project controller"],
  package_owner: ["package owner", "measure package owner", "lever owner", "lever lead", "package lead"],
  package_controller: ["package controller", "measure package controller", "lever controller"],
  source_id: [
    "id",
    "ref",
    "reference",
    "ref no",
    "reference number",
    "initiative id",
    "measure id",
    "savings id",
    "item id",
    "record id",
    "row id",
  ],
};

/**
 * The column of each of some fields that a header names exactly (the field's name or one of
 * its synonyms); each column feeds at most one field. Partial matches are suggestions only
 * (see `planColumns` in src/import/columns.ts). The register's upgrade and the ticket export
 * share it. Cost: O(fields x synonyms x headers).
 * @param headers - The header texts.
 * @param fields - The fields, in order of priority.
 * @param synonyms - Folded header texts that suggest each field, best first.
 * @returns The 0-based column per field.
 * @example suggestColumns(["Key", "Status"], ["ticket", "state"], { ticket: ["key"], state: ["status"] }) // => { ticket: 0, state: 1 }
 */
export function suggestColumns<F extends string>(
  headers: readonly string[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
): Partial<Record<F, number>> {
  return exactColumns(headers, fields, synonyms);
}

/**
 * The register columns the headers name exactly (see `suggestColumns`).
 * Cost: O(fields x headers).
 * @param headers - The client sheet's header texts.
 * @returns The mapping (0-based column per field).
 * @example suggestMapping(["Business Unit", "Workstream", "Initiative"]) // => { portfolio: 0, program: 1, measure: 2 }
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  return suggestColumns(headers, UPGRADE_FIELDS, FIELD_SYNONYMS);
}

/** A problem with a user-given mapping. */
export interface MappingProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Resolves `FIELD=HEADER` choices against the headers, on top of the exact matches, for any
 * set of fields (see `planColumns`): `FIELD=` leaves a field unmapped, one column chosen for
 * two fields is a problem naming both.
 * @returns The mapping, or the problems (unknown field, header not found, a column twice).
 * @example resolveColumns(["Key", "When"], [{ field: "time", header: "when" }], fields, synonyms).mapping.time // => 1
 */
export function resolveColumns<F extends string>(
  headers: readonly string[],
  choices: readonly { field: string; header: string }[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  acceptSuggestions = false,
): ColumnPlan<F> {
  return planColumns(headers, choices, fields, synonyms, acceptSuggestions);
}

/** The share of a gate column's filled cells that must read as gates for a header match to apply it. */
const GATE_SHARE = 0.5;

/** How an upgrade's mapping is decided: `acceptSuggestions`, and the value map of the gate. */
export interface MappingChoiceOptions {
  readonly acceptSuggestions?: boolean;
  readonly gateMap?: ReadonlyMap<string, Gate>;
}

/**
 * Resolves the register's columns (see `resolveColumns`), and checks the gate column by its
 * values: a header that names the gate ("Status") over free text ("In Progress", "Supplier
 * Validation") is demoted to a suggestion unless chosen, or its words are mapped (`gateMap`).
 * The register's fields only (the pane's mapping table); `applyUpgradeChoices` adds the ID column.
 * Cost: O(fields x headers + rows).
 * @param headers - The client sheet's headers.
 * @param rows - Its rows, for the gate check.
 * @param choices - The user's `FIELD=HEADER` choices.
 * @param options - `acceptSuggestions`, and the value map of the gate.
 * @returns The plan.
 * @example applyMappingChoices(["Initiative", "Status"], [["A", "In Progress"]], []).suggestions[0].field // => "gate"
 */
export function applyMappingChoices(
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  choices: readonly { field: string; header: string }[],
  options: MappingChoiceOptions = {},
): ColumnPlan<SourceField> {
  return planFields(SOURCE_FIELDS, headers, rows, choices, options);
}

/**
 * As `applyMappingChoices`, with the client row's own ID column too (`source_id`, by which a
 * re-upgrade finds its measures again): the command line's upgrade.
 * @example applyUpgradeChoices(["Ref", "Initiative"], [], []).mapping // => { source_id: 0, measure: 1 }
 */
export function applyUpgradeChoices(
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  choices: readonly { field: string; header: string }[],
  options: MappingChoiceOptions = {},
): ColumnPlan<UpgradeField> {
  return planFields(UPGRADE_FIELDS, headers, rows, choices, options);
}

/** The plan of some of the upgrade's fields: headers, choices, the gate check, content suggestions. */
function planFields<F extends UpgradeField>(
  fields: readonly F[],
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  choices: readonly { field: string; header: string }[],
  options: MappingChoiceOptions,
): ColumnPlan<F> {
  const plan = resolveColumns(headers, choices, fields, FIELD_SYNONYMS, options.acceptSuggestions);
  return withContentSuggestions(
    gateChecked(plan, rows, options),
    rows,
    contentKinds(fields),
    !!options.acceptSuggestions,
  );
}

/**
 * What a column's content suggests when no header names a field (src/import/content.ts): gate
 * words, unique codes (the ID column), dates (text dates in any order, or Excel date serials),
 * amounts (at least one of 100 or more). Restricted to the fields given.
 */
function contentKinds<F extends UpgradeField>(fields: readonly F[]): ContentKind<F>[] {
  const kinds: ContentKind<UpgradeField>[] = [
    // Gate words, not bare numbers (a column of 1, 2, 3 is as likely a count as a stage).
    {
      name: "gates",
      fields: ["gate"],
      fits: shareFits((v) => typeof v === "string" && /[a-z]/i.test(v) && parseGate(v) !== undefined),
    },
    codesKind(["source_id"], true),
    datesKind(["due", "done"]),
    {
      name: "amounts",
      fields: ["planned", "forecast", "baseline", "actual"],
      fits: (values) =>
        shareFits((v) => parseAmount(v as CellValue) !== undefined)(values) &&
        values.some((v) => Math.abs(parseAmount(v as CellValue) ?? 0) >= 100),
    },
  ];
  return kinds
    .map((k) => ({ ...k, fields: k.fields.filter((f): f is F => (fields as readonly string[]).includes(f)) }))
    .filter((k) => k.fields.length > 0);
}

/** The gate check of `applyMappingChoices`: a gate column of free text is demoted to a suggestion. */
function gateChecked<F extends UpgradeField>(
  plan: ColumnPlan<F>,
  rows: readonly (readonly CellValue[])[],
  options: MappingChoiceOptions,
): ColumnPlan<F> {
  const gateCol = (plan.mapping as ColumnMapping).gate;
  if (gateCol === undefined || (plan.source as Partial<Record<UpgradeField, string>>).gate === "chosen") return plan;
  let filled = 0;
  let gates = 0;
  let example = "";
  for (const row of rows) {
    const text = textOf(row[gateCol]);
    if (text === "") continue;
    filled++;
    if (parseGate(text) !== undefined || options.gateMap?.has(nameKey(text))) gates++;
    else example ||= text;
  }
  if (filled === 0 || gates / filled >= GATE_SHARE) return plan;
  const mapping = { ...plan.mapping } as ColumnMapping;
  delete mapping.gate;
  const source = { ...plan.source } as Partial<Record<UpgradeField, string>>;
  delete source.gate;
  const why = `its values are not gates (such as "${clipText(example)}"); map them with --gate-map`;
  return {
    ...plan,
    mapping: mapping as ColumnPlan<F>["mapping"],
    source: source as ColumnPlan<F>["source"],
    suggestions: [...plan.suggestions, { field: "gate", column: gateCol, why }],
  };
}

/** How strongly a row's texts read as the register's header row (exact header matches count double). */
export function registerHeaderScore(texts: readonly string[]): number {
  return headerScore(texts, UPGRADE_FIELDS, FIELD_SYNONYMS);
}

/** How many rows from the top a header row is looked for in. */
export const HEADER_SEARCH_ROWS = 20;

/**
 * Finds the header row of a client sheet: among the first rows, the one whose texts name the
 * most fields, exact names counting double (a title block or a note above the table names
 * none or few; trailing spaces and units in parentheses are ignored); the earlier row wins a
 * tie. Without any match, the first row with anything in it.
 * Cost: O(limit x fields x columns).
 * @param grid - The sheet's cells, row 1 first.
 * @param limit - How many rows to look at.
 * @param score - How a row is scored (default the register's fields; the ticket export
 *   passes its own).
 * @returns The 0-based row of the header, or undefined for a sheet with nothing in its first rows.
 * @example findHeaderRow([["Savings 2026"], [], ["Workstream", "Initiative", "Owner"], ["Buy", "Cut", "Ana"]]) // => 2
 */
export function findHeaderRow(
  grid: readonly (readonly CellValue[])[],
  limit: number = HEADER_SEARCH_ROWS,
  score: (headers: readonly string[]) => number = registerHeaderScore,
): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  let firstFilled: number | undefined;
  for (let r = 0; r < Math.min(limit, grid.length); r++) {
    const line = grid[r] ?? [];
    if (firstFilled === undefined && line.some((v) => textOf(v) !== "")) firstFilled = r;
    const texts = line.map((v) => (typeof v === "string" ? v : ""));
    const points = score(texts);
    if (points > bestScore) {
      best = r;
      bestScore = points;
    }
  }
  return best ?? firstFilled;
}
