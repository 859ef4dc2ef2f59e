/**
 * A closure's writes as sheet plans, so the file writer edits the Register, Audit and
 * Controllers sheets in place (their other cells, formats and the client's additions kept)
 * exactly as it writes any other plan.
 */
import { AUDIT_HEADERS, auditTimeFormats } from "./audit";
import { ClosurePlan } from "./closure";
import { CellValue, columnLetter, SHEETS } from "./model";
import { fixedWidthPrint } from "./present";
import {
  AUDIT_COLUMN_WIDTHS,
  AUDIT_PROTECTION,
  CONTROLLERS_COLUMN_WIDTHS,
  moneyFormat,
  PlannedCell,
  ProtectionPlan,
  registerProtection,
  SheetPlan,
} from "./plan";

/** Rows appended from a 1-based row: the rows above are holes (left as they are). */
function appended(firstRow: number, lines: readonly (readonly CellValue[])[]): PlannedCell[][] {
  const cells: PlannedCell[][] = new Array(firstRow - 1);
  lines.forEach((line, k) => (cells[firstRow - 1 + k] = line.slice()));
  return cells;
}

/** The Audit's Confirmed column (0-based). */
const CONFIRMED_AT = AUDIT_HEADERS.indexOf("Confirmed");

/**
 * The number formats of the audit rows a closure appends: each entry's time a UTC date-time to
 * the millisecond it hashes ({@link auditTimeFormats}), each Confirmed amount as money in the
 * workbook's currency (its code after the amount; without one, separators and two decimals).
 * Formats only: the hash covers the values. Cost: O(rows).
 * @param currency - The workbook's currency (its Contract sheet's ISO code; "" for none).
 * @example auditFormats(2, [[1, 45292.5, "M-1", "close", "Carla", 38000]], "EUR")[1] // => { range: "F2", format: '#,##0.00 "EUR"' }
 */
export function auditFormats(
  firstRow: number,
  rows: readonly (readonly CellValue[])[],
  currency = "",
): { range: string; format: string }[] {
  const money = rows.flatMap((row, k) =>
    typeof row[CONFIRMED_AT] === "number"
      ? [{ range: `${columnLetter(CONFIRMED_AT)}${firstRow + k}`, format: moneyFormat(currency) }]
      : [],
  );
  return [...auditTimeFormats(firstRow, rows), ...money];
}

/**
 * The sheet plans of a closure or reopen: the register's closure cells (every other cell a
 * hole) and its locks; the audit rows (and the new controllers' rows) appended, their header
 * drawn as a header when the sheet is new, first row frozen, both sheets locked and set up to
 * print ({@link fixedWidthPrint}).
 * Cost: O(updates + appended rows).
 * @param currency - The workbook's currency (its Contract sheet's ISO code; "" for none), after each Confirmed amount.
 * @example closureSheetPlans(plan).map((p) => p.name) // => ["Register", "Audit"] (plus "Controllers" when a key was added)
 */
export function closureSheetPlans(plan: ClosurePlan, currency = ""): SheetPlan[] {
  const register: PlannedCell[][] = [];
  for (const u of plan.updates) (register[u.sheetRow - 1] ??= [])[u.column] = u.value;
  const plans: SheetPlan[] = [
    {
      name: SHEETS.register,
      replace: false,
      cells: register,
      protection: registerProtection(plan.lastRow, plan.lockedRows),
    },
  ];
  const sheet = (
    name: string,
    firstRow: number,
    lines: CellValue[][],
    widths: readonly number[],
    titles: number,
  ): SheetPlan => ({
    name,
    replace: false,
    cells: appended(firstRow, lines),
    headerRows: firstRow === 1 ? [0] : [],
    freezeRows: 1,
    columnWidths: widths,
    // Printed as every generated sheet: landscape, one page wide (or across pages at a size
    // that reads, the first columns on each), the header repeated.
    print: fixedWidthPrint(widths, 1, titles),
    protection: AUDIT_PROTECTION,
  });
  if (plan.controllersAppend.length) {
    plans.push(
      sheet(SHEETS.controllers, plan.controllersFirstRow, plan.controllersAppend, CONTROLLERS_COLUMN_WIDTHS, 1),
    );
  }
  const audit: SheetPlan = {
    // Seq, Time (UTC) and Measure ID on each printed page.
    ...sheet(SHEETS.audit, plan.auditFirstRow, plan.auditAppend, AUDIT_COLUMN_WIDTHS.slice(0, AUDIT_HEADERS.length), 3),
    // Entry times shown to the millisecond the entry hashes; confirmed amounts as money.
    formats: auditFormats(plan.auditFirstRow, plan.auditAppend, currency),
  };
  // A column appended to the layout after the sheet was made gets its header (the other header cells are holes).
  if (plan.auditHeaderFix) (audit.cells as PlannedCell[][])[0] = plan.auditHeaderFix.slice() as PlannedCell[];
  plans.push(audit);
  return plans;
}

/** The protection a closure leaves on sheets its plans may not write (the Controllers sheet when no key was added). */
export function closureProtection(plan: ClosurePlan): ReadonlyMap<string, ProtectionPlan> {
  return new Map([
    [SHEETS.register, registerProtection(plan.lastRow, plan.lockedRows)],
    [SHEETS.audit, AUDIT_PROTECTION],
    [SHEETS.controllers, AUDIT_PROTECTION],
  ]);
}
