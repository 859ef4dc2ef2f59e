/**
 * An independent verifier of the audit trail, written from the "Canonical forms" of docs/closure.md
 * alone: it uses only node:crypto and JSON, and imports nothing from src/, so a bug in the
 * core's canonical form or hashing cannot hide in both.
 */
import { createHash, createPublicKey, verify } from "node:crypto";

type Value = string | number | boolean | null;

/** Register headers a row hash covers, in the published order (docs/workbook-layout.md, A to R). */
export const ROW_HEADERS = [
  "ID",
  "Level",
  "Parent ID",
  "Name",
  "Owner",
  "Controller",
  "Steering Committee",
  "Gate",
  "Milestone Due",
  "Milestone Done",
  "Baseline Cost",
  "Actual Cost",
  "Planned Savings",
  "Forecast Savings",
  "Confirmed Savings",
  "Closed By",
  "Closed At",
  "Closure Reason",
] as const;

/** The register keys in the same order (to read the core's row objects). */
const ROW_KEYS = [
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
] as const;

/** SHA-256 of UTF-8 text, lower-case hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
}

function v1Text(v: Value | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

function v2Value(v: Value | undefined): Value {
  return v === undefined || v === "" ? null : v;
}

/**
 * The canonical row text from cells by header (version 1: A..R as text; version 2: typed, then
 * Path; version 3: [header, value, formula] with the formula text of each formula cell or null).
 */
export function rowText(
  cells: Record<string, Value>,
  version: 1 | 2 | 3,
  formulas: Record<string, string> = {},
): string {
  if (version === 1) return JSON.stringify(ROW_HEADERS.map((h) => [h, v1Text(cells[h])]));
  if (version === 2) return JSON.stringify([...ROW_HEADERS, "Path"].map((h) => [h, v2Value(cells[h])]));
  return JSON.stringify([...ROW_HEADERS, "Path"].map((h) => [h, v2Value(cells[h]), formulas[h] ?? null]));
}

/** The row hash of a core register row object (version 3 unless said), formulas by header. */
export function referenceRowHash(
  row: Record<string, Value>,
  version: 1 | 2 | 3 = 3,
  formulas: Record<string, string> = {},
): string {
  const cells: Record<string, Value> = {};
  ROW_KEYS.forEach((k, i) => (cells[ROW_HEADERS[i]] = row[k]));
  cells.Path = row.path;
  return sha256(rowText(cells, version, formulas));
}

/** An audit entry's fields as the Audit sheet holds them. */
export interface EntryFields {
  version: 1 | 2 | 3;
  seq: Value;
  time: Value;
  measureId: Value;
  action: Value;
  controller: Value;
  confirmed: Value;
  reason: Value;
  rowHash: Value;
  previousHash: Value;
  keyId: Value;
  /** Version 3: the Workbook ID, and the frozen formulas' JSON text (or null). */
  workbookId?: Value;
  frozen?: Value;
  /** A version-3 fork entry only: the parent's Workbook ID. */
  parent?: Value;
}

/** The canonical entry text. */
export function entryText(e: EntryFields): string {
  if (e.version === 1) {
    return JSON.stringify(
      [e.seq, e.time, e.measureId, e.action, e.controller, e.confirmed, e.reason, e.rowHash, e.previousHash].map(
        v1Text,
      ),
    );
  }
  const tail = e.version === 3 ? [e.workbookId ?? null, e.frozen ?? null, ...(e.parent ? [e.parent] : [])] : [];
  return JSON.stringify(
    [
      e.version,
      e.seq,
      e.time,
      e.measureId,
      e.action,
      e.controller,
      e.confirmed,
      e.reason,
      e.rowHash,
      e.previousHash,
      e.keyId,
      ...tail,
    ].map(v2Value),
  );
}

/** The Key ID of a public JWK: SHA-256 hex of its RFC 7638 thumbprint input. */
export function keyId(jwk: { crv: string; kty: string; x: string; y: string }): string {
  return sha256(`{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`);
}

/** Checks an ECDSA P-256/SHA-256 signature (base64url of r||s) over the entry hash's hex text. */
export function signatureValid(
  jwk: { crv: string; kty: string; x: string; y: string },
  entryHash: string,
  signature: string,
): boolean {
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: "jwk" });
  return verify(
    "sha256",
    Buffer.from(entryHash, "utf8"),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
}
