/**
 * new-contract's example organization on the Register: the item its example service level
 * names as Register ID, so a fresh contract shows how a service's money rolls up. It is marked
 * in its Placeholder cell (the Register's column for items the product made up) with the same
 * words as every other example (src/exampleMark.ts), so a person sees it in Excel without the
 * add-in. Until it is edited, validate leaves it out of its counts and role findings with one
 * EXAMPLE_ROW warning, an upgrade never puts measures under it, and the review never rolls a
 * service's money up to it.
 */
import { isExampleMark, EXAMPLE_MARK, sameExampleValue } from "../exampleMark";
import { emptyRow, REGISTER_COLUMNS, RegisterKey, RegisterRow, textOf } from "./model";

/** The example organization as new-contract writes it. */
export const EXAMPLE_ORGANIZATION: Readonly<RegisterRow> = {
  ...emptyRow(),
  id: "ORG-001",
  level: "Organization",
  name: "Contoso Group",
  path: "ORG-001",
  placeholder: EXAMPLE_MARK,
};

/** Columns that do not tell an edit: Path is derived, Placeholder holds the mark. */
const NOT_EDITS: ReadonlySet<RegisterKey> = new Set(["path", "placeholder"]);

/**
 * True when a register row is still new-contract's example organization: its Placeholder cell
 * holds the mark and every other cell (Path aside, which is derived) is the example's. Typing
 * a name, an owner or anything else into it, or clearing its Placeholder cell, makes it the
 * user's. Cost: O(columns).
 * @example isExampleOrganization(EXAMPLE_ORGANIZATION) // => true
 * @example isExampleOrganization({ ...EXAMPLE_ORGANIZATION, name: "Acme Group" }) // => false
 */
export function isExampleOrganization(row: RegisterRow): boolean {
  if (!isExampleMark(row.placeholder)) return false;
  return REGISTER_COLUMNS.every(
    (c) => NOT_EDITS.has(c.key) || sameExampleValue(row[c.key], EXAMPLE_ORGANIZATION[c.key]),
  );
}

/**
 * A row's Placeholder as its readers take it: the text ("no column", "blank cell": an item the
 * upgrade made up), except the example mark of an edited example, which is the user's item
 * now (""). The unedited example keeps its mark (made up). Cost: O(columns).
 * @example placeholderOf({ ...EXAMPLE_ORGANIZATION, name: "Acme Group" }) // => ""
 */
export function placeholderOf(row: RegisterRow): string {
  const text = textOf(row.placeholder);
  return isExampleMark(text) && !isExampleOrganization(row) ? "" : text;
}
