/**
 * The tamper-evident audit trail: canonical forms, SHA-256 (Web Crypto) and the hash chain.
 * The exact forms are published (docs/closure.md, "Canonical forms") with worked vectors in
 * test/governance/vectors.json, so an auditor can recompute every hash with another
 * language's standard library.
 *
 * Version 1 (entries written before the Version column existed; still verified):
 * - row: the JSON array of [header, text] pairs for the columns ID .. Closure Reason, where a
 *   blank is "", a number is its shortest round-trip decimal text (String(n)), a boolean is
 *   "TRUE"/"FALSE" and text is kept exactly;
 * - entry: the JSON array [seq, time, measureId, action, controller, confirmed, reason,
 *   rowHash, previousHash], every value as text by the same rules.
 *
 * Version 2 (every new entry): values keep their type, so the number 38000 and the text
 * "38000" differ, and the Path column is covered:
 * - row: the JSON array of [header, value] pairs for ID .. Closure Reason, then Path, where a
 *   blank (or "") is null, a number a JSON number, a boolean true/false, text a JSON string;
 * - entry: the JSON array [2, seq, time, measureId, action, controller, confirmed, reason,
 *   rowHash, previousHash, keyId] with the same value rules (keyId null when unsigned).
 * Version 3 (every new entry): closed cells must hold values, and the trail names its workbook:
 * - row: the JSON array of [header, value, formula] triples for ID .. Closure Reason, then Path,
 *   values as in version 2, formula the cell's formula text (with its "=") or null for a value;
 * - entry: the JSON array [3, seq, time, measureId, action, controller, confirmed, reason,
 *   rowHash, previousHash, keyId, workbookId, frozen] (frozen: the formulas a close replaced by
 *   their values, as the JSON text of [header, formula] pairs, or null); a fork entry (action
 *   "fork": a deliberate copy given a new Workbook ID) appends a 14th element, the parent's
 *   Workbook ID, and no other entry has one.
 * All are JSON.stringify's output: no whitespace, only `"`, `\` and control characters
 * escaped, the text hashed as UTF-8. The first entry's previous hash is 64 zeros.
 *
 * Time, in every version, is hashed as ISO 8601 text in UTC. Entries used to store that text in
 * the Time cell; new entries store the instant as a date-time cell (a serial, shown as
 * `yyyy-mm-dd hh:mm:ss.000`, UTC as the header says) and the hashed text is the one the serial
 * names to the millisecond (`2026-09-05T10:30:00.123Z`, {@link serialToInstant}), so the hash
 * covers the same instant, exactly, and old trails with text times verify as they always did.
 */
import { CellValue, REGISTER_COLUMNS, RegisterKey, RegisterRow, RowFormulas, textOf } from "./model";
import { serialFromEpochMs, serialToInstant } from "../serial";

/** The register columns a version-1 row hash covers. */
export const HASHED_KEYS: readonly RegisterKey[] = [
  "id",
  "level",
  "parentId",
  "name",
  "owner",
  "controller",
  "committee",
  "gate",
  "due",
  "done",
  "baseline",
  "actual",
  "planned",
  "forecast",
  "confirmed",
  "closedBy",
  "closedAt",
  "closeReason",
];

/** The register columns a version-2 row hash covers: those of version 1, then Path. */
export const HASHED_KEYS_V2: readonly RegisterKey[] = [...HASHED_KEYS, "path"];

/** The Time column's header before it said its time zone; an Audit sheet that has it gets {@link AUDIT_HEADERS}' instead. */
export const OLD_TIME_HEADER = "Time";

/** How an entry's time shows: a UTC date-time to the millisecond, the instant the entry hashes. */
export const AUDIT_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss.000";

/** ISO 8601 UTC text to the millisecond, as `toISOString` writes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * An entry's time as its Time cell holds it: the date-time serial of the instant when the
 * hashed text is a UTC instant to the millisecond that the serial gives back exactly; any
 * other value as it is (text the serial could not give back stays text, so it still verifies).
 * @example auditTimeCell("2024-01-01T12:00:00.000Z") // => 45292.5
 * @example auditTimeCell("2024-01-01T12:00:00Z") // => "2024-01-01T12:00:00Z"
 */
export function auditTimeCell(time: CellValue): CellValue {
  if (typeof time !== "string" || !INSTANT.test(time)) return time;
  const serial = serialFromEpochMs(Date.parse(time));
  return serialToInstant(serial) === time ? serial : time;
}

/**
 * An entry's time as it is hashed, from its Time cell: a date-time serial is the ISO text of its
 * instant to the millisecond ({@link serialToInstant}); text (every entry made before times
 * were date-time cells) is kept exactly.
 * @example auditTimeText(45292.5) // => "2024-01-01T12:00:00.000Z"
 */
export function auditTimeText(cell: CellValue): CellValue {
  return typeof cell === "number" && Number.isFinite(cell) ? serialToInstant(cell) : cell;
}

/**
 * The Time cells' number format of rows appended from a 1-based sheet row, one range per run of
 * rows holding date-times (a header among them, and a time kept as text, left as they are).
 * Cost: O(rows).
 * @example auditTimeFormats(2, [[1, 45292.5], [2, 45292.6]]) // => [{ range: "B2:B3", format: "yyyy-mm-dd hh:mm:ss.000" }]
 */
export function auditTimeFormats(
  firstRow: number,
  rows: readonly (readonly CellValue[])[],
): { range: string; format: string }[] {
  const runs: [number, number][] = [];
  rows.forEach((row, k) => {
    if (typeof row[1] !== "number") return;
    const r = firstRow + k;
    const last = runs[runs.length - 1];
    if (last && last[1] === r - 1) last[1] = r;
    else runs.push([r, r]);
  });
  return runs.map(([a, b]) => ({ range: a === b ? `B${a}` : `B${a}:B${b}`, format: AUDIT_TIME_FORMAT }));
}

/** The audit sheet's header, in published order (Version, Key ID and Signature appended in version 2, Workbook ID and Frozen Formulas in version 3, Parent Workbook ID for forks). */
export const AUDIT_HEADERS = [
  "Seq",
  "Time (UTC)",
  "Measure ID",
  "Action",
  "Controller",
  "Confirmed",
  "Reason",
  "Row Hash",
  "Previous Hash",
  "Entry Hash",
  "Version",
  "Key ID",
  "Signature",
  "Workbook ID",
  "Frozen Formulas",
  "Parent Workbook ID",
] as const;

/** The previous hash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The canonical-form version of new entries. */
export const CURRENT_VERSION = 3;

/** The canonical-form versions verify knows. */
export type AuditVersion = 1 | 2 | 3;

/** One audit entry as plain data. `seq` and `confirmed` keep the cell's type as read (version 2 hashes it). */
export interface AuditEntry {
  readonly version: AuditVersion;
  readonly seq: CellValue;
  readonly time: CellValue;
  readonly measureId: string;
  /** "fork": a deliberate copy of the workbook given a new Workbook ID (no measure, no row). */
  readonly action: "close" | "reopen" | "fork";
  readonly controller: CellValue;
  readonly confirmed: CellValue;
  readonly reason: CellValue;
  readonly rowHash: string;
  readonly previousHash: string;
  readonly entryHash: string;
  /** Key ID of the signing key ("" when unsigned). */
  readonly keyId: string;
  /** base64url of the IEEE P1363 ECDSA signature over the entry hash ("" when unsigned). */
  readonly signature: string;
  /** The Workbook ID of the workbook the entry was made in (version 3; "" before). */
  readonly workbookId?: string;
  /** The formulas a close replaced by their values, as JSON text of [header, formula] pairs ("" for none). */
  readonly frozen?: string;
  /** A fork entry's parent: the Workbook ID the workbook had before the fork ("" for every other entry). */
  readonly parent?: string;
}

/** The fields an entry's hash covers. */
export type EntryBody = Omit<AuditEntry, "entryHash" | "signature">;

/** A cell value in version-1 canonical text. */
export function canonicalValue(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

/** A cell value as version 2 hashes it: blanks (and "") are null, everything else keeps its type. */
export function typedValue(value: CellValue | undefined): CellValue {
  return value === undefined || value === "" ? null : value;
}

const HEADER = new Map(REGISTER_COLUMNS.map((c) => [c.key, c.header]));

/**
 * The canonical text of a register row.
 * @example canonicalRow(row).startsWith('[["ID","M-0001"]') // => true
 */
export function canonicalRow(
  row: RegisterRow,
  version: AuditVersion = CURRENT_VERSION,
  formulas: RowFormulas = {},
): string {
  if (version === 1) return JSON.stringify(HASHED_KEYS.map((k) => [HEADER.get(k), canonicalValue(row[k])]));
  if (version === 2) return JSON.stringify(HASHED_KEYS_V2.map((k) => [HEADER.get(k), typedValue(row[k])]));
  return JSON.stringify(HASHED_KEYS_V2.map((k) => [HEADER.get(k), typedValue(row[k]), formulas[k] ?? null]));
}

/** The hashed cells of a row that hold formulas, as [header, formula] pairs in column order. */
export function hashedFormulas(formulas: RowFormulas | undefined): [string, string][] {
  return HASHED_KEYS_V2.filter((k) => formulas?.[k] !== undefined).map((k) => [HEADER.get(k)!, formulas![k]!]);
}

/** The canonical text of an audit entry without its own hash. */
export function canonicalEntry(entry: EntryBody): string {
  if (entry.version === 1) {
    const confirmed =
      typeof entry.confirmed === "string" && entry.confirmed.trim() !== "" ? Number(entry.confirmed) : entry.confirmed;
    return JSON.stringify([
      canonicalValue(entry.seq),
      canonicalValue(entry.time),
      entry.measureId,
      entry.action,
      canonicalValue(entry.controller),
      canonicalValue(confirmed),
      canonicalValue(entry.reason),
      entry.rowHash,
      entry.previousHash,
    ]);
  }
  const common = [
    typedValue(entry.seq),
    typedValue(entry.time),
    typedValue(entry.measureId),
    typedValue(entry.action),
    typedValue(entry.controller),
    typedValue(entry.confirmed),
    typedValue(entry.reason),
    typedValue(entry.rowHash),
    typedValue(entry.previousHash),
    typedValue(entry.keyId),
  ];
  if (entry.version === 2) return JSON.stringify([2, ...common]);
  const v3 = [3, ...common, typedValue(entry.workbookId ?? null), typedValue(entry.frozen ?? null)];
  // Only a fork names a parent, so every other entry keeps the 13 elements of its published form.
  return JSON.stringify(entry.parent ? [...v3, entry.parent] : v3);
}

/** Lower-case hex of bytes. */
export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * SHA-256 of a text (UTF-8), as 64 lower-case hex digits, with Web Crypto (browsers and Node 20).
 * @example await sha256Hex("abc") // => "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return hexOf(new Uint8Array(digest));
}

/** Hash of a register row's canonical form. */
export function rowHash(
  row: RegisterRow,
  version: AuditVersion = CURRENT_VERSION,
  formulas: RowFormulas = {},
): Promise<string> {
  return sha256Hex(canonicalRow(row, version, formulas));
}

/** The hash of an entry's canonical form. */
export function entryHashOf(entry: EntryBody): Promise<string> {
  return sha256Hex(canonicalEntry(entry));
}

/** An audit entry as a row of cells, in AUDIT_HEADERS order. */
export function auditRow(entry: AuditEntry): CellValue[] {
  return [
    entry.seq,
    auditTimeCell(entry.time),
    entry.measureId,
    entry.action,
    entry.controller,
    entry.confirmed,
    typedValue(entry.reason),
    entry.rowHash,
    entry.previousHash,
    entry.entryHash,
    entry.version,
    entry.keyId || null,
    entry.signature || null,
    ...(entry.version >= 3 ? [entry.workbookId || null, entry.frozen || null] : []),
    ...(entry.version >= 3 && entry.parent ? [entry.parent] : []),
  ];
}

/** Reads audit entries from the audit sheet's cells (header in row 1); blank rows are skipped. */
export function readAudit(grid: readonly (readonly CellValue[])[] | undefined): {
  entries: AuditEntry[];
  sheetRows: number[];
} {
  const entries: AuditEntry[] = [];
  const sheetRows: number[] = [];
  if (!grid) return { entries, sheetRows };
  for (let r = 1; r < grid.length; r++) {
    const c = grid[r] ?? [];
    if (c.every((v) => textOf(v ?? null) === "")) continue;
    const cell = (i: number): CellValue => typedValue(c[i] ?? null);
    const version = textOf(cell(10)) === "" ? 1 : (Number(textOf(cell(10))) as AuditVersion);
    entries.push({
      version,
      seq: cell(0),
      time: auditTimeText(cell(1)),
      measureId: textOf(cell(2)),
      action: textOf(cell(3)) as AuditEntry["action"],
      controller: cell(4),
      confirmed: cell(5),
      reason: cell(6),
      rowHash: textOf(cell(7)),
      previousHash: textOf(cell(8)),
      entryHash: textOf(cell(9)),
      keyId: textOf(cell(11)),
      signature: textOf(cell(12)),
      workbookId: textOf(cell(13)),
      frozen: textOf(cell(14)),
      parent: textOf(cell(15)),
    });
    sheetRows.push(r + 1);
  }
  return { entries, sheetRows };
}
