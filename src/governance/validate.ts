/**
 * Validating the register: every finding has a stable code, the item's id and, where the
 * item came from a client sheet, its source row.
 */
import { CellValue, Finding, FindingCode, LEVELS, REGISTER_COLUMNS, RegisterKey, RegisterRow, textOf } from "./model";
import { chainOf, indexById, isBlankRow, levelOf } from "./register";
import { nameKey, parseAmount, parseDate, parseGate } from "./values";

function finding(code: FindingCode, row: RegisterRow, message: string, field?: RegisterKey): Finding {
  const sourceRow = typeof row.sourceRow === "number" ? row.sourceRow : null;
  return { code, id: textOf(row.id), sourceRow, message, ...(field ? { field } : {}) };
}

function label(row: RegisterRow): string {
  return `${textOf(row.level) || "Item"} ${textOf(row.id) || "(no id)"} "${textOf(row.name)}"`;
}

/** Values of number and date columns that are not numbers or dates (typed text is kept, and reported here). */
function badValues(row: RegisterRow): Finding[] {
  const out: Finding[] = [];
  for (const column of REGISTER_COLUMNS) {
    const value: CellValue = row[column.key];
    if (value === null || textOf(value) === "") continue;
    if (column.key === "sourceRow") continue;
    const bad =
      (column.kind === "number" && parseAmount(value) === undefined) ||
      (column.kind === "date" && parseDate(value) === undefined);
    if (bad) {
      out.push(
        finding(
          "BAD_VALUE",
          row,
          `${label(row)}: ${column.header} should be a ${column.kind === "date" ? "date" : "number"}, not ${JSON.stringify(value)}.`,
          column.key,
        ),
      );
    }
  }
  if (textOf(row.gate) !== "" && parseGate(row.gate) === undefined) {
    out.push(
      finding(
        "BAD_VALUE",
        row,
        `${label(row)}: unknown gate ${JSON.stringify(row.gate)}; gates are L0 Idea .. L5 Closed.`,
        "gate",
      ),
    );
  }
  return out;
}

/**
 * Validates the register. Cost: O(rows x depth).
 * Codes: DUPLICATE (same name twice under one parent), MISSING_OWNER, MISSING_CONTROLLER,
 * INCOMPLETE_CHAIN (a measure whose chain has a blank, missing or out-of-order level),
 * PLACEHOLDER (an item the upgrade made up for a level the sheet has no column for),
 * BAD_VALUE (text where a number or date belongs, unknown gate or level).
 * @returns The findings, in register order.
 */
export function validateRegister(rows: readonly RegisterRow[]): Finding[] {
  const findings: Finding[] = [];
  const byId = indexById(rows);
  const firstByName = new Map<string, number>();
  const idsSeen = new Set<string>();

  rows.forEach((row, i) => {
    if (isBlankRow(row)) return;
    const level = levelOf(row);
    const id = textOf(row.id);
    if (!id) findings.push(finding("BAD_VALUE", row, `${label(row)}: the ID is blank.`, "id"));
    else if (idsSeen.has(id))
      findings.push(finding("DUPLICATE", row, `${label(row)}: the ID ${id} is used twice.`, "id"));
    idsSeen.add(id);
    if (!level) {
      findings.push(
        finding(
          "BAD_VALUE",
          row,
          `${label(row)}: unknown level ${JSON.stringify(row.level)}; levels are ${LEVELS.join(", ")}.`,
          "level",
        ),
      );
      return;
    }
    const placeholder = textOf(row.placeholder);
    if (placeholder === "no column") {
      findings.push(
        finding(
          "PLACEHOLDER",
          row,
          `${label(row)} is a placeholder: the client sheet has no ${level.toLowerCase()} column. Rename it or move its children.`,
        ),
      );
    }
    const key = `${level}\u0000${textOf(row.parentId)}\u0000${nameKey(row.name)}`;
    const first = firstByName.get(key);
    if (first !== undefined) {
      findings.push(
        finding(
          "DUPLICATE",
          row,
          `${label(row)} has the same name as ${textOf(rows[first].id)} under the same parent.`,
          "name",
        ),
      );
    } else firstByName.set(key, i);
    if (placeholder === "") {
      if (textOf(row.owner) === "")
        findings.push(finding("MISSING_OWNER", row, `${label(row)} has no owner.`, "owner"));
      if (textOf(row.controller) === "") {
        findings.push(finding("MISSING_CONTROLLER", row, `${label(row)} has no controller.`, "controller"));
      }
    }
    findings.push(...badValues(row));
    if (level === "Measure") {
      const problem = chainProblem(rows, byId, i);
      if (problem) findings.push(finding("INCOMPLETE_CHAIN", row, `${label(row)}: ${problem}`, "parentId"));
    }
  });
  return findings;
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
  const blank = chain.slice(0, -1).find((i) => textOf(rows[i].placeholder) === "blank cell");
  if (blank !== undefined) return `the ${textOf(rows[blank].level).toLowerCase()} was blank in the client sheet.`;
  if (textOf(rows[index].placeholder) === "blank cell") return "the measure name was blank in the client sheet.";
  return "";
}
