/**
 * The workbook's identity: a Workbook ID, 128 random bits as 32 lower-case hex digits, written
 * once on the protected Identity sheet (with the time it was made and, for a deliberate fork,
 * the parent's ID). Every version-3 audit entry and every receipt carries it, so a trail or a
 * receipt copied from another governed workbook fails verification, naming both IDs. The
 * caller supplies the random bits (the library has no source of randomness, as it has no clock).
 */
import { CellValue, SHEETS, textOf } from "./model";
import { AUDIT_PROTECTION, SheetPlan } from "./plan";
import { printSetup } from "./present";
import { hexOf } from "./audit";

/** The Identity sheet's labels, in column A, one field a row. */
export const IDENTITY_LABELS = ["Workbook ID", "Created At", "Parent Workbook ID"] as const;

/** A workbook's identity as read from (or to be written to) its Identity sheet. */
export interface WorkbookIdentity {
  /** 32 lower-case hex digits. */
  readonly id: string;
  readonly createdAt: string;
  /** The Workbook ID of the workbook this one was forked from ("" when none). */
  readonly parent: string;
}

/** True for a Workbook ID's form: 32 lower-case hex digits. @example isWorkbookId("0".repeat(32)) // => true */
export function isWorkbookId(text: string): boolean {
  return /^[0-9a-f]{32}$/.test(text);
}

/**
 * A Workbook ID from 16 random bytes (the caller's crypto.getRandomValues).
 * @example workbookIdOf(new Uint8Array(16)) // => "00000000000000000000000000000000"
 */
export function workbookIdOf(random: Uint8Array): string {
  if (random.length !== 16) throw new Error("workbookIdOf: expected 16 random bytes");
  return hexOf(random);
}

/**
 * Reads the Identity sheet: undefined when there is no sheet or no Workbook ID row; the text as
 * found otherwise (verify judges its form, so a damaged ID is reported, not ignored).
 */
export function readIdentity(grid: readonly (readonly CellValue[])[] | undefined): WorkbookIdentity | undefined {
  if (!grid) return undefined;
  const field = (label: string) => {
    const row = grid.find((r) => textOf(r?.[0] ?? null).trim() === label);
    return row ? textOf(row[1] ?? null).trim() : undefined;
  };
  const id = field(IDENTITY_LABELS[0]);
  if (id === undefined) return undefined;
  return { id, createdAt: field(IDENTITY_LABELS[1]) ?? "", parent: field(IDENTITY_LABELS[2]) ?? "" };
}

/** Widths of the Identity sheet's label and value columns, in characters. */
const IDENTITY_WIDTHS: readonly number[] = [22, 36];

/** The plan of the Identity sheet: the labels and values, every cell locked, the sheet protected. */
export function identityPlan(identity: WorkbookIdentity): SheetPlan {
  return {
    name: SHEETS.identity,
    replace: true,
    cells: [
      [IDENTITY_LABELS[0], identity.id],
      [IDENTITY_LABELS[1], identity.createdAt],
      [IDENTITY_LABELS[2], identity.parent || null],
    ],
    columnWidths: IDENTITY_WIDTHS,
    print: printSetup({ freezeRows: 0 }),
    protection: AUDIT_PROTECTION,
  };
}
