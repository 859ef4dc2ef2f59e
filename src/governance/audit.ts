/**
 * The tamper-evident audit trail: canonical forms, SHA-256 (Web Crypto) and the hash chain.
 *
 * Canonical form of a register row (what a row hash covers): the JSON array of
 * [header, value] pairs for the columns ID .. Closure Reason in published order, where a
 * blank is "", a number is its shortest round-trip decimal text (JavaScript's String(n)),
 * a boolean is "TRUE"/"FALSE" and text is kept exactly. Path, Placeholder and Source columns
 * are derived or informative and are not covered.
 *
 * Canonical form of an audit entry: the JSON array [seq, time, measureId, action,
 * controller, confirmed, reason, rowHash, previousHash] with the same value rules; its
 * entry hash is the SHA-256 of that text. The first entry's previous hash is 64 zeros.
 */
import { CellValue, REGISTER_COLUMNS, RegisterKey, RegisterRow, textOf } from "./model";

/** The register columns a row hash covers. */
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

/** The audit sheet's header, in published order. */
export const AUDIT_HEADERS = [
  "Seq",
  "Time",
  "Measure ID",
  "Action",
  "Controller",
  "Confirmed",
  "Reason",
  "Row Hash",
  "Previous Hash",
  "Entry Hash",
] as const;

/** The previous hash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** One audit entry as plain data. */
export interface AuditEntry {
  readonly seq: number;
  readonly time: string;
  readonly measureId: string;
  readonly action: "close" | "reopen";
  readonly controller: string;
  readonly confirmed: number | null;
  readonly reason: string;
  readonly rowHash: string;
  readonly previousHash: string;
  readonly entryHash: string;
}

/** A cell value in canonical text. */
export function canonicalValue(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

/** The canonical text of a register row. @example canonicalRow(row).startsWith('[["ID","M-0001"]') // => true */
export function canonicalRow(row: RegisterRow): string {
  const header = new Map(REGISTER_COLUMNS.map((c) => [c.key, c.header]));
  return JSON.stringify(HASHED_KEYS.map((k) => [header.get(k), canonicalValue(row[k])]));
}

/** The canonical text of an audit entry without its own hash. */
export function canonicalEntry(entry: Omit<AuditEntry, "entryHash">): string {
  return JSON.stringify([
    String(entry.seq),
    entry.time,
    entry.measureId,
    entry.action,
    entry.controller,
    canonicalValue(entry.confirmed),
    entry.reason,
    entry.rowHash,
    entry.previousHash,
  ]);
}

/**
 * SHA-256 of a text (UTF-8), as 64 lower-case hex digits, with Web Crypto (browsers and Node 20).
 * @example await sha256Hex("abc") // => "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hash of a register row's canonical form. */
export function rowHash(row: RegisterRow): Promise<string> {
  return sha256Hex(canonicalRow(row));
}

/** Completes an entry with its hash. */
export async function sealEntry(entry: Omit<AuditEntry, "entryHash">): Promise<AuditEntry> {
  return { ...entry, entryHash: await sha256Hex(canonicalEntry(entry)) };
}

/** An audit entry as a row of cells, in AUDIT_HEADERS order. */
export function auditRow(entry: AuditEntry): CellValue[] {
  return [
    entry.seq,
    entry.time,
    entry.measureId,
    entry.action,
    entry.controller,
    entry.confirmed,
    entry.reason || null,
    entry.rowHash,
    entry.previousHash,
    entry.entryHash,
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
    const c = grid[r];
    if (c.every((v) => textOf(v ?? null) === "")) continue;
    const confirmed = c[5];
    entries.push({
      seq: typeof c[0] === "number" ? c[0] : Number(textOf(c[0] ?? null)),
      time: canonicalValue(c[1] ?? null),
      measureId: textOf(c[2] ?? null),
      action: textOf(c[3] ?? null) as AuditEntry["action"],
      controller: canonicalValue(c[4] ?? null),
      confirmed:
        typeof confirmed === "number"
          ? confirmed
          : confirmed === null || confirmed === undefined || confirmed === ""
            ? null
            : Number(confirmed),
      reason: canonicalValue(c[6] ?? null),
      rowHash: textOf(c[7] ?? null),
      previousHash: textOf(c[8] ?? null),
      entryHash: textOf(c[9] ?? null),
    });
    sheetRows.push(r + 1);
  }
  return { entries, sheetRows };
}
