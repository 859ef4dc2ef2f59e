/**
 * Validating the register: every finding has a stable code, the item's id and, where the
 * item came from a client sheet, its source row.
 */
import { clipText, findingMessages as say, proofMessages } from "../errors";
import { hashedFormulas, HASHED_KEYS_V2 } from "./audit";
import {
  CellValue,
  COLUMN_INDEX,
  columnLetter,
  Finding,
  FindingCode,
  Level,
  LEVELS,
  newFinding,
  REGISTER_COLUMNS,
  RegisterKey,
  RegisterRow,
  RowFormulas,
  SHEETS,
  textOf,
} from "./model";
import { chainOf, indexById, isBlankRow, levelOf } from "./register";
import { isExampleOrganization, placeholderOf } from "./example";
import { nameKey, parseDate, parseGate, readAmount } from "./values";
import { cutLengthOf, MAX_CELL_CHARS } from "../cellText";

function finding(code: FindingCode, row: RegisterRow, message: string, field?: RegisterKey): Finding {
  return newFinding(code, message, textOf(row.id), typeof row.sourceRow === "number" ? row.sourceRow : null, field);
}

/** Most characters of an item's name a message quotes (a name is rarely longer; a pasted document is). */
const LABEL_NAME_CHARS = 200;

/**
 * An item's label for messages: level, id and name (a name beyond 200 characters cut, marked "...").
 * @example itemLabel({ ...row, level: "Measure", id: "M-0001", name: "Cut licences" }) // => 'Measure M-0001 "Cut licences"'
 */
export function itemLabel(row: RegisterRow): string {
  return `${textOf(row.level) || "Item"} ${textOf(row.id) || "(no id)"} "${clipText(textOf(row.name), LABEL_NAME_CHARS)}"`;
}

/** Values of number and date columns that are not numbers or dates (typed text is kept, and reported here). */
function badValues(row: RegisterRow): Finding[] {
  const out: Finding[] = [];
  const label = itemLabel(row);
  for (const column of REGISTER_COLUMNS) {
    const value: CellValue = row[column.key];
    if (value === null || textOf(value) === "" || column.key === "sourceRow") continue;
    if (column.kind === "number") {
      const reading = readAmount(value);
      if (reading.kind === "ambiguous") {
        const { mark, asThousands, asDecimal } = reading;
        const message = say.ambiguousAmount(label, column.header, value, mark, String(asThousands), String(asDecimal));
        out.push(finding("BAD_VALUE", row, message, column.key));
      } else if (reading.kind === "none") {
        out.push(finding("BAD_VALUE", row, say.notANumberOrDate(label, column.header, "number", value), column.key));
      }
    } else if (column.kind === "date" && parseDate(value) === undefined) {
      out.push(finding("BAD_VALUE", row, say.notANumberOrDate(label, column.header, "date", value), column.key));
    }
  }
  if (textOf(row.gate) !== "" && parseGate(row.gate) === undefined) {
    out.push(finding("BAD_VALUE", row, say.unknownGate(label, row.gate), "gate"));
  }
  return out;
}

/** The roles a person fills on an item, in message order. */
const ROLES = [
  { key: "owner", code: "MISSING_OWNER", message: say.missingOwner },
  { key: "controller", code: "MISSING_CONTROLLER", message: say.missingController },
] as const;

/**
 * Per level and role, whether the register names someone for any real item of that level:
 * then the level is assigned (the client sheet had a column for it, or someone filled it in)
 * and a gap is an error; otherwise the gap is expected and only a warning. Measures always are.
 */
function assignedRoles(rows: readonly RegisterRow[]): Set<string> {
  const assigned = new Set<string>(ROLES.map((r) => `Measure\u0000${r.key}`));
  for (const row of rows) {
    const level = levelOf(row);
    if (!level || placeholderOf(row) !== "") continue;
    for (const role of ROLES) if (textOf(row[role.key]) !== "") assigned.add(`${level}\u0000${role.key}`);
  }
  return assigned;
}

/** Owner and controller findings of one real (not made-up) item. */
function roleFindings(row: RegisterRow, level: Level, assigned: Set<string>): Finding[] {
  const out: Finding[] = [];
  const unassigned: string[] = [];
  for (const role of ROLES) {
    if (textOf(row[role.key]) !== "") continue;
    if (assigned.has(`${level}\u0000${role.key}`))
      out.push(finding(role.code, row, role.message(itemLabel(row)), role.key));
    else unassigned.push(role.key);
  }
  if (unassigned.length) {
    out.push(
      finding("UNASSIGNED", row, say.unassigned(itemLabel(row), unassigned, level), unassigned[0] as RegisterKey),
    );
  }
  return out;
}

/**
 * Validates the register. Cost: O(rows x depth).
 * Codes (severity in `SEVERITY`): DUPLICATE (same name twice under one parent, or an id used
 * twice), MISSING_OWNER and MISSING_CONTROLLER (errors: a measure, or an item of a level the
 * register names owners or controllers for, lacks one), UNASSIGNED (a warning per item of a
 * level nobody is named for, naming the missing roles), INCOMPLETE_CHAIN (a measure whose
 * chain has a blank, missing or out-of-order level), PLACEHOLDER (an item the upgrade made
 * up for a level the sheet has no column for), EXAMPLE_ROW (new-contract's unedited example
 * organization: no other finding of it), BAD_VALUE (text where a number or date
 * belongs, an ambiguous amount, unknown gate or level), CLOSED_FORMULA (a closed measure whose
 * hashed cells hold formulas: closed data must be values; needs `formulas`).
 * @param formulas - The register's formulas, aligned with the rows (registerFormulas); without
 *   them formulas are not looked at.
 * @returns The findings, in register order.
 * @example validateRegister([]) // => []
 */
export function validateRegister(rows: readonly RegisterRow[], formulas?: readonly RowFormulas[]): Finding[] {
  const findings: Finding[] = [];
  const byId = indexById(rows);
  const firstByName = new Map<string, number>();
  const idsSeen = new Set<string>();
  const assigned = assignedRoles(rows);

  rows.forEach((row, i) => {
    if (isBlankRow(row)) return;
    const level = levelOf(row);
    const id = textOf(row.id);
    const label = itemLabel(row);
    if (!id) findings.push(finding("BAD_VALUE", row, say.blankId(label), "id"));
    else if (idsSeen.has(id)) findings.push(finding("DUPLICATE", row, say.idTwice(label, id), "id"));
    idsSeen.add(id);
    if (!level) {
      findings.push(finding("BAD_VALUE", row, say.unknownLevel(label, row.level, LEVELS), "level"));
      return;
    }
    if (isExampleOrganization(row)) {
      findings.push(finding("EXAMPLE_ROW", row, say.exampleOrganization(label)));
      return;
    }
    const placeholder = placeholderOf(row);
    if (placeholder === "no column") findings.push(finding("PLACEHOLDER", row, say.placeholder(label, level)));
    const key = `${level}\u0000${textOf(row.parentId)}\u0000${nameKey(row.name)}`;
    const first = firstByName.get(key);
    if (first !== undefined) {
      findings.push(finding("DUPLICATE", row, say.sameName(label, textOf(rows[first].id)), "name"));
    } else firstByName.set(key, i);
    if (placeholder === "") findings.push(...roleFindings(row, level, assigned));
    findings.push(...badValues(row), ...cutTexts(row, i + 2));
    if (level === "Measure") {
      const problem = chainProblem(rows, byId, i);
      if (problem) findings.push(finding("INCOMPLETE_CHAIN", row, say.chainBroken(label, problem), "parentId"));
      // A formula shows what it computes, not what was closed (verify fails on it too).
      const cached = hashedFormulas(formulas?.[i]);
      if (cached.length && parseGate(row.gate) === "L5 Closed") {
        const first = HASHED_KEYS_V2.find((k) => formulas![i][k] !== undefined);
        findings.push(finding("CLOSED_FORMULA", row, proofMessages.formulaInClosedRow(id, cached), first));
      }
    }
  });
  return findings;
}

/**
 * A TEXT_CUT warning for each cell of the row (at `sheetRow` of the Register sheet) longer than an Excel cell holds: the register
 * plan writes it cut to the limit and marked (src/cellText.ts), and this says so, as long as
 * the cell holds the cut text (a later validation reads the marker).
 */
function cutTexts(row: RegisterRow, sheetRow: number): Finding[] {
  const out: Finding[] = [];
  for (const column of REGISTER_COLUMNS) {
    const value: CellValue = row[column.key];
    const length = cutLengthOf(value);
    if (length === undefined) continue;
    const cell = `${SHEETS.register}!${columnLetter(COLUMN_INDEX[column.key])}${sheetRow}`;
    const message = say.textCut(cell, textOf(row.id), textOf(row.name), column.header, length, MAX_CELL_CHARS);
    out.push(finding("TEXT_CUT", row, message, column.key));
  }
  return out;
}

/** Why a measure's chain is incomplete, or "" when it runs Organization > ... > Measure. */
function chainProblem(rows: readonly RegisterRow[], byId: Map<string, number>, index: number): string {
  const chain = chainOf(rows, byId, index);
  const parentId = textOf(rows[chain[0]].parentId);
  if (parentId) return `its ancestor ${parentId} is not in the register (or the chain loops).`;
  const levels = chain.map((i) => levelOf(rows[i]));
  if (levels.length !== LEVELS.length || levels.some((l, k) => l !== LEVELS[k])) {
    return `its chain is ${levels.map((l) => l ?? "?").join(" > ")}, not ${LEVELS.join(" > ")}.`;
  }
  const blank = chain.slice(0, -1).find((i) => placeholderOf(rows[i]) === "blank cell");
  if (blank !== undefined) return `the ${textOf(rows[blank].level).toLowerCase()} was blank in the client sheet.`;
  if (placeholderOf(rows[index]) === "blank cell") return "the measure name was blank in the client sheet.";
  return "";
}
