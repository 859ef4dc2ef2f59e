/**
 * Texts cut to a cell's limit, reported (issue 26, C4): every command that writes a sheet
 * reports each cell whose text it cut (src/cellText.ts) as a TEXT_CUT warning naming the
 * sheet, the cell and the text's length before the cut, in its output and on the Findings
 * sheet. One rule keeps that sheet true across commands: a TEXT_CUT row belongs to the sheet
 * it names. A write that writes that sheet again decides its cuts anew (the old rows go, the
 * new ones come); any other write keeps them, with every other row of the sheet as it was.
 */
import { CutCell, cutCellsOf, MAX_CELL_CHARS } from "../cellText";
import { findingMessages } from "../errors";
import { CellValue, columnLetter, Finding, Severity } from "./model";
import { findingRow, findingsSheetPlan, PlannedCell, SheetPlan } from "./plan";

/** A sheet as far as its cut cells go: its name, and its cells when they are planned as an array. */
export type WrittenSheet = { readonly name: string; readonly cells?: unknown };

/** The Findings sheet as read (rows of values, the header first), undefined when there is none. */
export type FindingsGrid = readonly (readonly CellValue[] | undefined)[] | undefined;

/**
 * A TEXT_CUT warning for each cut cell of one sheet, naming the sheet, the cell and the text's
 * length before the cut; the cell's row goes in Source Row. Cost: O(cuts).
 * @example cutCellFindings("Tickets", [{ row: 2, col: 0, length: 40_000 }])[0].message // => 'Tickets!A2: a text of 40,000 characters, ...'
 */
export function cutCellFindings(sheet: string, cuts: readonly CutCell[]): Finding[] {
  return cuts.map(({ row, col, length }) => ({
    code: "TEXT_CUT",
    severity: "warning",
    id: "",
    sourceRow: row,
    message: findingMessages.textCutCell(sheet, `${columnLetter(col)}${row}`, length, MAX_CELL_CHARS),
  }));
}

/**
 * The TEXT_CUT warnings of planned sheets: every cell whose text the plan cut. Sheets whose
 * cells are not an array (streamed rows, plans made later) are skipped: their writer counts
 * them as it makes them. Cost: O(cells).
 * @example plannedCutFindings([{ name: "S", cells: [[fitCellText("x".repeat(40_000))]] }])[0].sourceRow // => 1
 */
export function plannedCutFindings(sheets: readonly WrittenSheet[]): Finding[] {
  return sheets.flatMap((s) =>
    Array.isArray(s.cells) ? cutCellFindings(s.name, cutCellsOf(s.cells as readonly (readonly unknown[])[])) : [],
  );
}

/**
 * The sheet a Findings row's TEXT_CUT message names (findingMessages.textCutCell begins
 * "SHEET!CELL: a text of"), undefined for any other row (the register's own TEXT_CUT,
 * "Register!C5: ID ...", is decided again by every validation).
 */
function cutSheetOf(row: readonly CellValue[] | undefined): string | undefined {
  if (row?.[0] !== "TEXT_CUT" || typeof row[5] !== "string") return undefined;
  return /^(.+)![A-Z]{1,3}[0-9]+: a text of [\d,]+ characters/.exec(row[5])?.[1];
}

/**
 * The Findings sheet after a write: its rows as read, but the TEXT_CUT rows about a sheet the
 * write writes again, then the write's own TEXT_CUT rows; undefined when it would stay as it
 * is (nothing cut now, nothing of the written sheets to drop), so a write that cuts nothing
 * never makes a Findings sheet. Cost: O(rows of the Findings sheet + cuts).
 * @param grid - The Findings sheet as read (undefined: the workbook has none).
 * @param written - The names of the sheets this write writes.
 * @param cuts - This write's TEXT_CUT findings ({@link plannedCutFindings}, and those a streamed sheet counted).
 * @example findingsAfterWrite(undefined, ["Tickets"], []) // => undefined
 */
export function findingsAfterWrite(
  grid: FindingsGrid,
  written: readonly string[],
  cuts: readonly Finding[],
): SheetPlan | undefined {
  const rewritten = new Set(written);
  const rows = (grid ?? []).slice(1).filter((r) => r?.some((v) => v !== null && v !== ""));
  const kept = rows.filter((r) => !rewritten.has(cutSheetOf(r) ?? "\0"));
  if (cuts.length === 0 && kept.length === rows.length) return undefined;
  return findingsSheetPlan([
    ...kept.map((r) => (r ?? []) as PlannedCell[]),
    ...cuts.map((f) => findingRow(f, () => undefined)),
  ]);
}

/**
 * The TEXT_CUT rows of the Findings sheet about sheets a write does not write, as findings:
 * what a command that decides the whole Findings sheet anew (the review) keeps of other
 * commands' cuts, whose cells it leaves as they are. Cost: O(rows of the Findings sheet).
 * @example keptCutFindings(undefined, ["Actions"]) // => []
 */
export function keptCutFindings(grid: FindingsGrid, written: readonly string[]): Finding[] {
  const rewritten = new Set(written);
  const out: Finding[] = [];
  for (const r of (grid ?? []).slice(1)) {
    const sheet = cutSheetOf(r);
    if (sheet === undefined || rewritten.has(sheet)) continue;
    out.push({
      code: "TEXT_CUT",
      severity: (r![6] === "error" ? "error" : "warning") as Severity,
      id: "",
      sourceRow: typeof r![3] === "number" ? r![3] : null,
      message: r![5] as string,
    });
  }
  return out;
}

/**
 * The one step every writing command takes before it writes: the TEXT_CUT warnings of its
 * planned sheets (and of the sheets it streams, counted by their writer), with the Findings
 * sheet to write when they change it ({@link findingsAfterWrite}). The plans come back in
 * their order, the Findings sheet last. Cost: O(planned cells + rows of the Findings sheet).
 * @param plans - Everything the write writes (plans with array cells are scanned; others only named).
 * @param grid - The Findings sheet as read.
 * @param streamedCuts - TEXT_CUT findings of sheets whose rows are not in `plans` (the tickets command's streamed sheets).
 * @example reportTextCuts([{ name: "Results", cells: [["Period"]] }], undefined).findings // => []
 */
export function reportTextCuts<P extends WrittenSheet>(
  plans: readonly P[],
  grid: FindingsGrid,
  streamedCuts: readonly Finding[] = [],
): { plans: (P | SheetPlan)[]; findings: Finding[] } {
  const findings = [...plannedCutFindings(plans), ...streamedCuts];
  const sheet = findingsAfterWrite(
    grid,
    plans.map((p) => p.name),
    findings,
  );
  return { plans: sheet ? [...plans, sheet] : [...plans], findings };
}
