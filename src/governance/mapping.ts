/**
 * Suggesting which client column feeds which register field, from the header texts.
 */
import { CellValue, ColumnMapping, SOURCE_FIELDS, SourceField, textOf } from "./model";
import { nameKey } from "./values";
import { quoted, quotedList } from "../errors";

/** Header texts (folded) that suggest each field, best first. The field's own name always counts. */
export const FIELD_SYNONYMS: Readonly<Record<SourceField, readonly string[]>> = {
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
};

function normaliseHeader(header: string): string {
  return nameKey(header)
    .replace(/[_\-./:]+/g, " ")
    .replace(/\(.*?\)/g, "")
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Suggests a column for each of some fields from header texts: an exact field name first,
 * then the synonyms in order; each column feeds at most one field. The register's upgrade and
 * the ticket export share it. Cost: O(fields x synonyms x headers).
 * @param headers - The header texts.
 * @param fields - The fields, in order of priority.
 * @param synonyms - Folded header texts that suggest each field, best first.
 * @returns The suggested 0-based column per field.
 * @example suggestColumns(["Key", "Status"], ["ticket", "state"], { ticket: ["key"], state: ["status"] }) // => { ticket: 0, state: 1 }
 */
export function suggestColumns<F extends string>(
  headers: readonly string[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
): Partial<Record<F, number>> {
  const folded = headers.map((h) => normaliseHeader(String(h ?? "")));
  const taken = new Set<number>();
  const mapping: Partial<Record<F, number>> = {};
  // Pass 1: exact synonym matches in order of preference; pass 2: a header that starts with a synonym.
  for (const exact of [true, false]) {
    for (const field of fields) {
      if (mapping[field] !== undefined) continue;
      for (const synonym of [field, ...synonyms[field]]) {
        const col = folded.findIndex(
          (h, i) => !taken.has(i) && h !== "" && (exact ? h === synonym : h.startsWith(synonym + " ")),
        );
        if (col >= 0) {
          mapping[field] = col;
          taken.add(col);
          break;
        }
      }
    }
  }
  return mapping;
}

/**
 * Suggests a column for each field: an exact field name first, then the synonyms in order.
 * Each column feeds at most one field. Cost: O(fields x headers).
 * @param headers - The client sheet's header texts.
 * @returns The suggested mapping (0-based column per field).
 * @example suggestMapping(["Business Unit", "Workstream", "Initiative"]) // => { portfolio: 0, program: 1, measure: 2 }
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  return suggestColumns(headers, SOURCE_FIELDS, FIELD_SYNONYMS);
}

/** A problem with a user-given mapping. */
export interface MappingProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Resolves `FIELD=HEADER` choices against the headers, on top of the suggestion, for any
 * set of fields (see `suggestColumns`).
 * @returns The mapping, or the problems (unknown field, header not found).
 * @example resolveColumns(["Key", "When"], [{ field: "time", header: "when" }], fields, synonyms).mapping.time // => 1
 */
export function resolveColumns<F extends string>(
  headers: readonly string[],
  choices: readonly { field: string; header: string }[],
  fields: readonly F[],
  synonyms: Readonly<Record<F, readonly string[]>>,
): { mapping: Partial<Record<F, number>>; problems: MappingProblem[] } {
  const mapping = suggestColumns(headers, fields, synonyms);
  const problems: MappingProblem[] = [];
  for (const { field, header } of choices) {
    const f = field.trim().toLowerCase();
    if (!(fields as readonly string[]).includes(f)) {
      problems.push({ field, message: `unknown field ${quoted(field)}; fields are ${fields.join(", ")}` });
      continue;
    }
    const col = headers.findIndex((h) => nameKey(h) === nameKey(header));
    if (col < 0) {
      problems.push({
        field,
        message: `header ${quoted(header)} not found; headers are ${quotedList(headers)}`,
      });
      continue;
    }
    for (const other of fields) if (mapping[other] === col) delete mapping[other];
    mapping[f as F] = col;
  }
  return { mapping, problems };
}

/**
 * Resolves `FIELD=HEADER` choices against the headers, on top of the suggestion.
 * @returns The mapping, or the problems (unknown field, header not found).
 */
export function applyMappingChoices(
  headers: readonly string[],
  choices: readonly { field: string; header: string }[],
): { mapping: ColumnMapping; problems: MappingProblem[] } {
  return resolveColumns(headers, choices, SOURCE_FIELDS, FIELD_SYNONYMS);
}

/** How many rows from the top a header row is looked for in. */
export const HEADER_SEARCH_ROWS = 20;

/**
 * Finds the header row of a client sheet: among the first rows, the one whose texts suggest
 * the most fields (a title or a note above the table suggests none or few); the earlier row
 * wins a tie. Without any suggestion, the first row with anything in it.
 * Cost: O(limit x fields x columns).
 * @param grid - The sheet's cells, row 1 first.
 * @param limit - How many rows to look at.
 * @param suggest - The column suggestion a row is scored by (default the register's fields;
 *   the ticket export passes its own).
 * @returns The 0-based row of the header, or undefined for a sheet with nothing in its first rows.
 * @example findHeaderRow([["Savings 2026"], [], ["Workstream", "Initiative", "Owner"], ["Buy", "Cut", "Ana"]]) // => 2
 */
export function findHeaderRow(
  grid: readonly (readonly CellValue[])[],
  limit: number = HEADER_SEARCH_ROWS,
  suggest: (headers: readonly string[]) => Partial<Record<string, number>> = suggestMapping,
): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  let firstFilled: number | undefined;
  for (let r = 0; r < Math.min(limit, grid.length); r++) {
    const line = grid[r] ?? [];
    if (firstFilled === undefined && line.some((v) => textOf(v) !== "")) firstFilled = r;
    const texts = line.map((v) => (typeof v === "string" ? v : ""));
    const score = Object.keys(suggest(texts)).length;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best ?? firstFilled;
}
