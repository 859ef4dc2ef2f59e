/**
 * Controller-backed closure: close measures from L4 Realized, reopen them, and verify the
 * register against the audit trail. Pure functions over plain rows; the caller supplies
 * the time (ISO text), so nothing here reads a clock.
 */
import { CellValue, COLUMN_INDEX, RegisterKey, RegisterRow, textOf } from "./model";
import {
  AUDIT_HEADERS,
  AuditEntry,
  GENESIS_HASH,
  auditRow,
  canonicalEntry,
  readAudit,
  rowHash,
  sealEntry,
  sha256Hex,
} from "./audit";
import { governanceMessages as say, refuse, Refusal } from "../errors";
import { indexById, levelOf } from "./register";
import { parseAmount, parseGate, reconcileRow } from "./values";

/** One measure to close, with the savings the controller confirms. */
export interface CloseItem {
  readonly id: string;
  readonly confirmed: number;
}

/** A closure request: who, what, why, and when (ISO 8601, supplied by the caller). */
export interface CloseRequest {
  readonly items: readonly CloseItem[];
  readonly controller: string;
  readonly reason?: string;
  readonly at: string;
}

/** A reopen request. */
export interface ReopenRequest {
  readonly id: string;
  readonly controller: string;
  readonly reason: string;
  readonly at: string;
}

/** A single cell to write in the register: 1-based sheet row, field. */
export interface CellUpdate {
  readonly sheetRow: number;
  readonly key: RegisterKey;
  readonly column: number;
  readonly value: CellValue;
}

/** Everything one closure or reopen writes, applied by an adapter in one batch. */
export interface ClosurePlan {
  /** The register after the operation. */
  readonly rows: RegisterRow[];
  /** Only the closure cells of the affected rows. */
  readonly updates: CellUpdate[];
  /** Rows to append to the audit sheet (with its header first when the sheet is new). */
  readonly auditAppend: CellValue[][];
  /** 1-based sheet row where `auditAppend` starts. */
  readonly auditFirstRow: number;
  /** 1-based register sheet rows that are closed after the operation (to lock). */
  readonly lockedRows: number[];
  /** 1-based last register sheet row (the unlocked area runs to here). */
  readonly lastRow: number;
  /** The entries appended. */
  readonly entries: AuditEntry[];
  /** The hash at the head of the chain after the operation. */
  readonly auditHead: string;
}

const CLOSURE_KEYS: readonly RegisterKey[] = ["gate", "confirmed", "closedBy", "closedAt", "closeReason"];

/** The 1-based register sheet rows of closed measures (the rows to lock). */
export function closedRows(rows: readonly RegisterRow[]): number[] {
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (levelOf(r) === "Measure" && parseGate(r.gate) === "L5 Closed") out.push(i + 2);
  });
  return out;
}

function diffUpdates(before: RegisterRow, after: RegisterRow, sheetRow: number): CellUpdate[] {
  return CLOSURE_KEYS.filter((k) => before[k] !== after[k]).map((key) => ({
    sheetRow,
    key,
    column: COLUMN_INDEX[key],
    value: after[key],
  }));
}

async function appendEntries(
  audit: readonly (readonly CellValue[])[] | undefined,
  drafts: Omit<AuditEntry, "entryHash" | "seq" | "previousHash">[],
): Promise<{ entries: AuditEntry[]; append: CellValue[][]; firstRow: number; head: string }> {
  const existing = readAudit(audit);
  const last = existing.entries[existing.entries.length - 1];
  let previous = last ? last.entryHash : GENESIS_HASH;
  let seq = last ? last.seq : 0;
  const entries: AuditEntry[] = [];
  for (const d of drafts) {
    const entry = await sealEntry({ ...d, seq: ++seq, previousHash: previous });
    entries.push(entry);
    previous = entry.entryHash;
  }
  const hasHeader = !!audit && audit.length > 0;
  const append = [...(hasHeader ? [] : [AUDIT_HEADERS.slice() as CellValue[]]), ...entries.map(auditRow)];
  const lastUsed = hasHeader ? Math.max(1, ...(existing.sheetRows.length ? existing.sheetRows : [1])) : 0;
  return { entries, append, firstRow: lastUsed + 1, head: previous };
}

function isBlankText(s: string | undefined): boolean {
  return s === undefined || s.trim() === "";
}

/**
 * Closes measures. Refused as a whole, with every reason, when a measure is unknown, not a
 * measure, not at L4 Realized, listed twice, or its confirmed savings are not a non-negative
 * number; when the controller is blank; or when GOV.RECONCILE of baseline, actual, planned
 * and confirmed is not "Reconciled" and no reason is given. Only the closure fields change.
 * Cost: O(rows) plus one SHA-256 per closed measure.
 */
export async function closeMeasures(
  rows: readonly RegisterRow[],
  audit: readonly (readonly CellValue[])[] | undefined,
  request: CloseRequest,
): Promise<ClosurePlan | Refusal> {
  const refused: string[] = [];
  const controller = request.controller.trim();
  if (!controller) refused.push(say.controllerRequired("close"));
  if (request.items.length === 0) refused.push(say.nothingToClose());
  const byId = indexById(rows);
  const next = rows.map((r) => r);
  const seen = new Set<string>();
  const reason = (request.reason ?? "").trim();
  for (const item of request.items) {
    const id = item.id.trim();
    const index = byId.get(id);
    if (seen.has(id)) {
      refused.push(say.listedTwice(id));
      continue;
    }
    seen.add(id);
    if (index === undefined) {
      refused.push(say.notInRegister(id));
      continue;
    }
    const row = rows[index];
    if (levelOf(row) !== "Measure") {
      refused.push(say.notAMeasure(id, textOf(row.level)));
      continue;
    }
    const gate = parseGate(row.gate);
    if (gate !== "L4 Realized") {
      refused.push(say.notRealized(id, gate ?? textOf(row.gate)));
      continue;
    }
    if (!Number.isFinite(item.confirmed) || item.confirmed < 0) {
      refused.push(say.badConfirmed(id, item.confirmed));
      continue;
    }
    const closed: RegisterRow = { ...row, confirmed: item.confirmed };
    const status = reconcileRow(closed);
    if (status !== "Reconciled" && !reason) {
      refused.push(
        status
          ? say.notReconciled(id, status, textOf(row.baseline), textOf(row.actual), textOf(row.planned), item.confirmed)
          : say.cannotReconcile(id),
      );
      continue;
    }
    next[index] = {
      ...closed,
      gate: "L5 Closed",
      closedBy: controller,
      closedAt: request.at,
      closeReason: reason || null,
    };
  }
  if (refused.length) return refuse(...refused);

  const drafts: Omit<AuditEntry, "entryHash" | "seq" | "previousHash">[] = [];
  const updates: CellUpdate[] = [];
  for (const item of request.items) {
    const index = byId.get(item.id.trim())!;
    const row = next[index];
    updates.push(...diffUpdates(rows[index], row, index + 2));
    drafts.push({
      time: request.at,
      measureId: textOf(row.id),
      action: "close",
      controller,
      confirmed: parseAmount(row.confirmed) ?? null,
      reason,
      rowHash: await rowHash(row),
    });
  }
  return finishPlan(next, updates, audit, drafts);
}

/**
 * Reopens a closed measure: named controller and reason, gate back to L4 Realized, the
 * closure fields cleared in the register (the audit trail keeps them), the row unlocked.
 */
export async function reopenMeasure(
  rows: readonly RegisterRow[],
  audit: readonly (readonly CellValue[])[] | undefined,
  request: ReopenRequest,
): Promise<ClosurePlan | Refusal> {
  const refused: string[] = [];
  const controller = request.controller.trim();
  const reason = request.reason.trim();
  if (!controller) refused.push(say.controllerRequired("reopen"));
  if (isBlankText(reason)) refused.push(say.reopenReasonRequired());
  const index = indexById(rows).get(request.id.trim());
  if (index === undefined) refused.push(say.notInRegister(request.id));
  else if (parseGate(rows[index].gate) !== "L5 Closed")
    refused.push(say.notClosed(request.id, textOf(rows[index].gate)));
  if (refused.length || index === undefined) return refuse(...refused);
  const row: RegisterRow = { ...rows[index], gate: "L4 Realized", closedBy: null, closedAt: null, closeReason: null };
  const next = rows.map((r, i) => (i === index ? row : r));
  return finishPlan(next, diffUpdates(rows[index], row, index + 2), audit, [
    {
      time: request.at,
      measureId: textOf(row.id),
      action: "reopen",
      controller,
      confirmed: parseAmount(row.confirmed) ?? null,
      reason,
      rowHash: await rowHash(row),
    },
  ]);
}

/** Seals the operation's audit entries onto the chain and assembles the plan an adapter applies. */
async function finishPlan(
  next: RegisterRow[],
  updates: CellUpdate[],
  audit: readonly (readonly CellValue[])[] | undefined,
  drafts: Omit<AuditEntry, "entryHash" | "seq" | "previousHash">[],
): Promise<ClosurePlan> {
  const appended = await appendEntries(audit, drafts);
  return {
    rows: next,
    updates,
    auditAppend: appended.append,
    auditFirstRow: appended.firstRow,
    lockedRows: closedRows(next),
    lastRow: next.length + 1,
    entries: appended.entries,
    auditHead: appended.head,
  };
}

/** One problem verification found. */
export interface Tampering {
  readonly id: string;
  readonly reason: string;
}

/** The result of verification. */
export interface Verification {
  readonly intact: boolean;
  readonly closed: number;
  readonly tampered: Tampering[];
  readonly auditHead: string;
}

/**
 * Verifies the register against the audit trail: recomputes the hash chain (an edited,
 * deleted, inserted or reordered entry breaks it), compares every closed row with its
 * measure's last entry, and lists closed rows without an entry.
 * Cost: O(rows + entries) plus one SHA-256 per entry and per closed row.
 */
export async function verifyRegister(
  rows: readonly RegisterRow[],
  audit: readonly (readonly CellValue[])[] | undefined,
): Promise<Verification> {
  const { entries, sheetRows } = readAudit(audit);
  const tampered: Tampering[] = [];
  let previous = GENESIS_HASH;
  const lastEntry = new Map<string, AuditEntry>();
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const where = `audit row ${sheetRows[k]}`;
    if (e.seq !== k + 1) {
      tampered.push({
        id: e.measureId,
        reason: `${where} has sequence ${e.seq}, expected ${k + 1}: an entry is missing, added or moved.`,
      });
    } else if (e.previousHash !== previous) {
      tampered.push({ id: e.measureId, reason: `${where} does not follow the entry before it: the chain is broken.` });
    }
    const recomputed = await sha256Hex(canonicalEntry(e));
    if (recomputed !== e.entryHash) {
      tampered.push({ id: e.measureId, reason: `${where} was edited: its content no longer matches its hash.` });
    }
    previous = e.entryHash;
    if (e.action !== "close" && e.action !== "reopen") {
      tampered.push({ id: e.measureId, reason: `${where} has an unknown action "${e.action}".` });
    }
    lastEntry.set(e.measureId, e);
  }
  const byId = indexById(rows);
  for (const id of lastEntry.keys()) {
    if (!byId.has(id)) tampered.push({ id, reason: `the audit trail names ${id}, which is not in the register.` });
  }
  let closed = 0;
  for (const row of rows) {
    if (levelOf(row) !== "Measure") continue;
    const id = textOf(row.id);
    const isClosed = parseGate(row.gate) === "L5 Closed";
    const last = lastEntry.get(id);
    if (isClosed) closed++;
    if (isClosed && (!last || last.action !== "close")) {
      tampered.push({ id, reason: `${id} is closed in the register but has no closing entry in the audit trail.` });
      continue;
    }
    if (last && last.action === "close" && !isClosed) {
      tampered.push({
        id,
        reason: `${id} was closed by ${last.controller} but the register shows gate ${textOf(row.gate) || "blank"}.`,
      });
      continue;
    }
    if (isClosed && last && (await rowHash(row)) !== last.rowHash) {
      tampered.push({ id, reason: `${id}'s closed data changed after ${last.controller} closed it at ${last.time}.` });
    }
  }
  return { intact: tampered.length === 0, closed, tampered, auditHead: previous };
}
