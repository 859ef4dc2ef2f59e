/**
 * Controller-backed closure: close measures from L4 Realized, reopen them, and verify the
 * register against the audit trail. Pure functions over plain rows; the caller supplies
 * the time (ISO text), so nothing here reads a clock.
 */
import { MAX_CELL_CHARS } from "../cellText";
import { CellValue, COLUMN_INDEX, FormulaGrid, RegisterKey, RegisterRow, RowFormulas, textOf } from "./model";
import {
  AUDIT_HEADERS,
  OLD_TIME_HEADER,
  AuditEntry,
  CURRENT_VERSION,
  EntryBody,
  GENESIS_HASH,
  auditRow,
  entryHashOf,
  hashedFormulas,
  HASHED_KEYS_V2,
  readAudit,
  rowHash,
  typedValue,
} from "./audit";
import { identityPlan, isWorkbookId, readIdentity, WorkbookIdentity, workbookIdOf } from "./identity";
import { SheetPlan } from "./plan";
import { governanceMessages as say, proofMessages, refuse, Refusal } from "../errors";
import { indexById, levelOf, registerFormulas, withPaths } from "./register";
import { nameKey, parseGate, reconcileRow } from "./values";
import {
  PublicJwk,
  PublicKeyFile,
  Signer,
  controllerRowsFor,
  keyIdOf,
  readControllers,
  signatureChecker,
  signEntryHash,
  signText,
} from "./signing";
import { maxOf } from "../arrays";

type Grid = readonly (readonly CellValue[])[] | undefined;

/** One measure to close, with the savings the controller confirms. */
export interface CloseItem {
  readonly id: string;
  readonly confirmed: number;
}

/** What closing and reopening share: who, when (ISO 8601, from the caller), the key that signs. */
interface SignedRequest {
  readonly controller: string;
  /** Why (close: when the claim does not reconcile; reopen: required; fork: optional). */
  readonly reason?: string;
  readonly at: string;
  /** The controller's key; without it the entries are unsigned (version 2 all the same). */
  readonly signer?: Signer;
  /** The Controllers sheet as read (the signer's key is added to it when new). */
  readonly controllers?: Grid;
  /** The formulas of the register's rows, aligned with the rows (see registerFormulas). */
  readonly formulas?: readonly RowFormulas[];
  /** The workbook's identity as read from its Identity sheet. */
  readonly identity?: WorkbookIdentity;
  /** A fresh Workbook ID (workbookIdOf of 16 random bytes), written when the workbook has none. */
  readonly newWorkbookId?: string;
}

/** What closing, reopening and verifying read besides the rows, from the sheets as both adapters read them. */
export interface ProofInputs {
  readonly controllers?: Grid;
  readonly formulas: RowFormulas[];
  readonly identity?: WorkbookIdentity;
  readonly newWorkbookId: string;
}

/**
 * The proof inputs from the governed sheets' cells: the register's formulas, the Identity
 * sheet, the Controllers sheet, and a fresh Workbook ID (used only when the workbook has none).
 * @param random - 16 random bytes from the caller (crypto.getRandomValues).
 */
export function proofInputsOf(
  sheets: { register?: Grid; registerFormulas?: FormulaGrid; identity?: Grid; controllers?: Grid },
  random: Uint8Array,
): ProofInputs {
  return {
    controllers: sheets.controllers,
    formulas: registerFormulas(sheets.register ?? [], sheets.registerFormulas ?? []),
    identity: readIdentity(sheets.identity),
    newWorkbookId: workbookIdOf(random),
  };
}

/** A closure request: who, what, why, and when. */
export interface CloseRequest extends SignedRequest {
  readonly items: readonly CloseItem[];
  readonly reason?: string;
  /** Write the values of formulas in the rows' hashed cells (recorded in the entry) instead of refusing. */
  readonly freezeFormulas?: boolean;
}

/** A reopen request. */
export interface ReopenRequest extends SignedRequest {
  readonly id: string;
  readonly reason: string;
}

/**
 * A single cell to write in the register: 1-based sheet row, field. Adapters write text as
 * text (the pane through writtenValue's apostrophe), so a name such as "=1+1" or a reason
 * "38000" never becomes a formula or a number, and the row hash matches what is read back.
 */
export interface CellUpdate {
  readonly sheetRow: number;
  readonly key: RegisterKey;
  readonly column: number;
  readonly value: CellValue;
}

/** One line of a receipts file: what finance keeps outside the workbook for each entry. */
export interface Receipt {
  /** The Workbook ID of the entry ("" for entries before version 3). */
  readonly workbookId: string;
  readonly seq: number;
  readonly entryHash: string;
  readonly measureId: string;
  readonly action: string;
  readonly time: string;
  readonly keyId: string;
  /** The controller's signature over receiptText (strict base64url, low-S); "" for an unsigned entry. */
  readonly signature?: string;
}

/**
 * The text a receipt's signature covers: the JSON array [workbookId, seq, entryHash,
 * measureId, action, time, keyId], so that no field can be changed without the controller's key.
 * @example receiptText({ workbookId: "w", seq: 1, entryHash: "h", measureId: "M-1", action: "close", time: "t", keyId: "k" }) // => '["w",1,"h","M-1","close","t","k"]'
 */
export function receiptText(r: Receipt): string {
  return JSON.stringify([r.workbookId, r.seq, r.entryHash, r.measureId, r.action, r.time, r.keyId]);
}

/** One receipt as its line in a receipts file: members in the published order, signature last. */
export function receiptLine(r: Receipt): string {
  return JSON.stringify({
    ...(r.workbookId ? { workbookId: r.workbookId } : {}),
    seq: r.seq,
    entryHash: r.entryHash,
    measureId: r.measureId,
    action: r.action,
    time: r.time,
    keyId: r.keyId,
    ...(r.signature ? { signature: r.signature } : {}),
  });
}

/**
 * Everything one closure or reopen writes. Adapters apply it IN THIS ORDER, so that a failure
 * at any point leaves the old state or an unfinished operation verify recognises (Office.js
 * has no transactions): the Identity sheet (when new), the Controllers rows, the audit rows, then `updates` in their order
 * (a close writes the row's gate last, a reopen first), then the protection.
 */
export interface ClosurePlan {
  /** The Identity sheet to write first, when the workbook had none (or a fork gave it a new one). */
  readonly identity?: SheetPlan;
  /** The Workbook ID the entries carry. */
  readonly workbookId: string;
  /** The register after the operation. */
  readonly rows: RegisterRow[];
  /** Only the closure cells of the affected rows, in write order. */
  readonly updates: CellUpdate[];
  /** Rows to append to the Controllers sheet (with its header first when the sheet is new). */
  readonly controllersAppend: CellValue[][];
  readonly controllersFirstRow: number;
  /** Rows to append to the audit sheet (with its header first when the sheet is new). */
  readonly auditAppend: CellValue[][];
  /** 1-based sheet row where `auditAppend` starts. */
  readonly auditFirstRow: number;
  /** Header cells to add to an existing Audit sheet whose header lacks a column the new rows use (holes elsewhere). */
  readonly auditHeaderFix?: readonly (CellValue | undefined)[];
  /** 1-based register sheet rows that are closed after the operation (to lock). */
  readonly lockedRows: number[];
  /** 1-based last register sheet row (the unlocked area runs to here). */
  readonly lastRow: number;
  /** The entries appended. */
  readonly entries: AuditEntry[];
  /** One receipt per entry appended. */
  readonly receipts: Receipt[];
  /** The hash at the head of the chain after the operation. */
  readonly auditHead: string;
}

/** The closure fields, in the order a close writes them (the gate last: a row shows L5 Closed only when complete). */
const CLOSE_ORDER: readonly RegisterKey[] = ["confirmed", "closedBy", "closedAt", "closeReason", "gate"];
/** A reopen writes the gate first: once the register is touched the row is no longer closed. */
const REOPEN_ORDER: readonly RegisterKey[] = ["gate", "confirmed", "closedBy", "closedAt", "closeReason"];

/** The hashed columns of a row that hold formulas, in column order. */
function frozenKeysOf(formulas: RowFormulas | undefined): RegisterKey[] {
  return HASHED_KEYS_V2.filter((k) => formulas?.[k] !== undefined).sort((a, b) => COLUMN_INDEX[a] - COLUMN_INDEX[b]);
}

/** A row's formulas without the cells an operation writes (those hold values after it). */
function formulasAfter(formulas: RowFormulas | undefined, written: readonly RegisterKey[]): RowFormulas {
  const out: Partial<Record<RegisterKey, string>> = {};
  for (const [k, f] of Object.entries(formulas ?? {}) as [RegisterKey, string][]) if (!written.includes(k)) out[k] = f;
  return out;
}

/** The 1-based register sheet rows of closed measures (the rows to lock). */
export function closedRows(rows: readonly RegisterRow[]): number[] {
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (levelOf(r) === "Measure" && parseGate(r.gate) === "L5 Closed") out.push(i + 2);
  });
  return out;
}

function diffUpdates(
  before: RegisterRow,
  after: RegisterRow,
  sheetRow: number,
  order: readonly RegisterKey[],
  formulas?: RowFormulas,
): CellUpdate[] {
  // A cell holding a formula is written even when its value is the same: the value replaces the formula.
  return order
    .filter((k) => before[k] !== after[k] || formulas?.[k] !== undefined)
    .map((key) => ({ sheetRow, key, column: COLUMN_INDEX[key], value: after[key] }));
}

/** An entry before the chain gives it a place. */
type Draft = Omit<EntryBody, "seq" | "previousHash" | "version" | "keyId" | "workbookId" | "frozen" | "parent"> & {
  readonly frozen?: string;
  readonly parent?: string;
};

async function appendEntries(
  audit: Grid,
  drafts: Draft[],
  signer: Signer | undefined,
  workbookId: string,
): Promise<{
  entries: AuditEntry[];
  append: CellValue[][];
  firstRow: number;
  head: string;
  headerFix?: (CellValue | undefined)[];
}> {
  const existing = readAudit(audit);
  const last = existing.entries[existing.entries.length - 1];
  let previous = last ? last.entryHash : GENESIS_HASH;
  let seq = last ? (typeof last.seq === "number" ? last.seq : Number(textOf(last.seq))) : 0;
  const entries: AuditEntry[] = [];
  for (const d of drafts) {
    const body: EntryBody = {
      ...d,
      frozen: d.frozen ?? "",
      parent: d.parent ?? "",
      workbookId,
      version: CURRENT_VERSION,
      seq: ++seq,
      previousHash: previous,
      keyId: signer?.keyId ?? "",
    };
    const entryHash = await entryHashOf(body);
    const signature = signer ? await signEntryHash(signer, entryHash) : "";
    entries.push({ ...body, entryHash, signature });
    previous = entryHash;
  }
  const hasHeader = !!audit && audit.length > 0;
  const rows = entries.map(auditRow);
  const append = [...(hasHeader ? [] : [AUDIT_HEADERS.slice() as CellValue[]]), ...rows];
  const lastUsed = hasHeader ? maxOf(existing.sheetRows, 1) : 0;
  // A sheet made before a column was appended to the layout gets that column's header when a row uses it.
  const width = maxOf(
    rows.map((r) => r.length),
    0,
  );
  const header = hasHeader ? (audit[0] ?? []) : [];
  // Blank header cells get their header; the older "Time" says its time zone now (the cells below are UTC).
  const missing = AUDIT_HEADERS.slice(0, width).flatMap((_, i) => {
    const text = textOf(header[i] ?? null);
    return hasHeader && (text === "" || (i === 1 && text === OLD_TIME_HEADER)) ? [i] : [];
  });
  const headerFix: (CellValue | undefined)[] = [];
  for (const i of missing) headerFix[i] = AUDIT_HEADERS[i];
  return { entries, append, firstRow: lastUsed + 1, head: previous, headerFix: missing.length ? headerFix : undefined };
}

function isBlankText(s: string | undefined): boolean {
  return s === undefined || s.trim() === "";
}

/** Refusals every signed operation shares: a blank controller, a key of someone else. */
function signerRefusals(request: SignedRequest, verb: "close" | "reopen" | "fork"): string[] {
  const refused: string[] = [];
  const controller = request.controller.trim();
  if (!controller)
    refused.push(verb === "fork" ? proofMessages.forkControllerRequired() : say.controllerRequired(verb));
  else if (request.signer && nameKey(request.signer.controller) !== nameKey(controller)) {
    refused.push(proofMessages.foreignKey(request.signer.controller, request.signer.keyId, controller));
  }
  // A signed entry's texts are hashed as written: one longer than a cell holds cannot be cut
  // (the entry would no longer verify), so it is refused before anything is written.
  for (const [what, text] of [
    ["controller", controller],
    ["reason", (request.reason ?? "").trim()],
  ] as const) {
    if (text.length > MAX_CELL_CHARS) refused.push(proofMessages.textTooLong(what, text.length, MAX_CELL_CHARS));
  }
  return refused;
}

/** The closed form of a row as an entry describes it (what a close writes into the register). */
function closedForm(row: RegisterRow, entry: Pick<AuditEntry, "confirmed" | "controller" | "time" | "reason">) {
  return {
    ...row,
    gate: "L5 Closed",
    confirmed: entry.confirmed,
    closedBy: entry.controller,
    closedAt: entry.time,
    closeReason: entry.reason === "" ? null : entry.reason,
  } as RegisterRow;
}

/** The open form of a row after a reopen (the closure fields cleared, the confirmed amount kept). */
function openForm(row: RegisterRow): RegisterRow {
  return { ...row, gate: "L4 Realized", closedBy: null, closedAt: null, closeReason: null };
}

/**
 * Closes measures. Refused as a whole, with every reason, when a measure is unknown, not a
 * measure, not at L4 Realized, listed twice, or its confirmed savings are not a non-negative
 * number; when the controller is blank or the key is another controller's; or when
 * GOV.RECONCILE of baseline, actual, planned and confirmed is not "Reconciled" and no reason
 * is given. Only the closure fields change. Every entry is version 2 and, with a signer, signed.
 * Cost: O(rows) plus one SHA-256 (and one signature) per closed measure.
 */
export async function closeMeasures(rows: readonly RegisterRow[], audit: Grid, request: CloseRequest) {
  const refused = signerRefusals(request, "close");
  const controller = request.controller.trim();
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
    const formulas = hashedFormulas(request.formulas?.[index]);
    if (formulas.length && !request.freezeFormulas) {
      refused.push(proofMessages.formulasInClosedData(id, formulas));
      continue;
    }
    const status = reconcileRow({ ...row, confirmed: item.confirmed });
    if (status !== "Reconciled" && !reason) {
      refused.push(
        status
          ? say.notReconciled(id, status, textOf(row.baseline), textOf(row.actual), textOf(row.planned), item.confirmed)
          : say.cannotReconcile(id),
      );
      continue;
    }
    next[index] = closedForm(row, { confirmed: item.confirmed, controller, time: request.at, reason });
  }
  if (refused.length) return refuse(...refused);

  const drafts: Draft[] = [];
  const updates: CellUpdate[] = [];
  for (const item of request.items) {
    const index = byId.get(item.id.trim())!;
    const row = next[index];
    // Frozen formulas first: the cells get the values they showed, before the closure fields.
    const frozen = hashedFormulas(request.formulas?.[index]);
    const frozenKeys = frozenKeysOf(request.formulas?.[index]).filter((k) => !CLOSE_ORDER.includes(k));
    updates.push(
      ...frozenKeys.map((key) => ({ sheetRow: index + 2, key, column: COLUMN_INDEX[key], value: row[key] })),
      ...diffUpdates(rows[index], row, index + 2, CLOSE_ORDER, request.formulas?.[index]),
    );
    drafts.push({
      time: request.at,
      measureId: textOf(row.id),
      action: "close",
      controller,
      confirmed: item.confirmed,
      reason: reason || null,
      rowHash: await rowHash(row),
      frozen: frozen.length ? JSON.stringify(frozen) : "",
    });
  }
  return finishPlan(next, updates, audit, drafts, request);
}

/** A deliberate fork: who, when, why (optional), and the new Workbook ID (newWorkbookId). */
export interface ForkRequest extends SignedRequest {
  readonly reason?: string;
}

/**
 * Forks the workbook deliberately: a copy that is to live on as a workbook of its own gets a
 * new Workbook ID (request.newWorkbookId), and a signed fork entry (Action "fork", no measure,
 * no row) records the parent's ID, so verify accepts the trail across the fork: entries above
 * it carry the parent's ID, entries below it the new one. Refused when the controller is blank,
 * the key is another's, the workbook has no Workbook ID yet (nothing to fork: each copy gets
 * its own at its first close), or its ID is damaged. The register is not changed.
 * Cost: one SHA-256 and one signature.
 * @example (await forkWorkbook(rows, audit, { controller: "Carla", at, identity, newWorkbookId })).workbookId // => newWorkbookId
 */
export async function forkWorkbook(
  rows: readonly RegisterRow[],
  audit: Grid,
  request: ForkRequest,
): Promise<ClosurePlan | Refusal> {
  const refused = signerRefusals(request, "fork");
  const parent = request.identity?.id;
  if (parent === undefined) refused.push(proofMessages.nothingToFork());
  else if (!isWorkbookId(parent)) refused.push(proofMessages.forkOfDamagedId(parent));
  const id = request.newWorkbookId ?? "";
  if (!isWorkbookId(id) || id === parent) throw new Error("forkWorkbook: a fresh Workbook ID is required");
  if (refused.length || parent === undefined) return refuse(...refused);
  const reason = (request.reason ?? "").trim();
  const draft: Draft = {
    time: request.at,
    measureId: "",
    action: "fork",
    controller: request.controller.trim(),
    confirmed: null,
    reason: reason || null,
    rowHash: "",
    parent,
  };
  return finishPlan(rows.slice(), [], audit, [draft], request, { id, createdAt: request.at, parent });
}

/**
 * Reopens a closed measure: named controller and reason, gate back to L4 Realized, the
 * closure fields cleared in the register (the audit trail keeps them), the row unlocked.
 */
export async function reopenMeasure(rows: readonly RegisterRow[], audit: Grid, request: ReopenRequest) {
  const refused = signerRefusals(request, "reopen");
  const controller = request.controller.trim();
  const reason = request.reason.trim();
  if (isBlankText(reason)) refused.push(say.reopenReasonRequired());
  const index = indexById(rows).get(request.id.trim());
  if (index === undefined) refused.push(say.notInRegister(request.id));
  else if (parseGate(rows[index].gate) !== "L5 Closed")
    refused.push(say.notClosed(request.id, textOf(rows[index].gate)));
  if (refused.length || index === undefined) return refuse(...refused);
  return reopenRow(rows, index, audit, request, controller, reason, rows[index]);
}

async function reopenRow(
  rows: readonly RegisterRow[],
  index: number,
  audit: Grid,
  request: SignedRequest,
  controller: string,
  reason: string,
  before: RegisterRow,
): Promise<ClosurePlan> {
  const row = openForm(rows[index]);
  const next = rows.map((r, i) => (i === index ? row : r));
  const formulas = request.formulas?.[index];
  return finishPlan(
    next,
    diffUpdates(before, row, index + 2, REOPEN_ORDER, formulas),
    audit,
    [
      {
        time: request.at,
        measureId: textOf(row.id),
        action: "reopen",
        controller,
        confirmed: row.confirmed,
        reason,
        rowHash: await rowHash(row, CURRENT_VERSION, formulasAfter(formulas, REOPEN_ORDER)),
      },
    ],
    request,
  );
}

/** Seals the operation's audit entries onto the chain and assembles the plan an adapter applies. */
async function finishPlan(
  next: RegisterRow[],
  updates: CellUpdate[],
  audit: Grid,
  drafts: Draft[],
  request: SignedRequest,
  fork?: WorkbookIdentity,
): Promise<ClosurePlan> {
  const identity =
    fork ??
    request.identity ??
    (request.newWorkbookId && isWorkbookId(request.newWorkbookId)
      ? { id: request.newWorkbookId, createdAt: request.at, parent: "" }
      : undefined);
  const workbookId = identity?.id ?? "";
  const appended = await appendEntries(audit, drafts, request.signer, workbookId);
  const controllers = controllerRowsFor(request.controllers, request.signer, request.at);
  return {
    identity: identity && (fork || (!request.identity && drafts.length)) ? identityPlan(identity) : undefined,
    workbookId,
    rows: next,
    updates,
    controllersAppend: drafts.length ? controllers.append : [],
    controllersFirstRow: controllers.firstRow,
    auditAppend: appended.append,
    auditFirstRow: appended.firstRow,
    auditHeaderFix: appended.headerFix,
    lockedRows: closedRows(next),
    lastRow: next.length + 1,
    entries: appended.entries,
    receipts: await Promise.all(
      appended.entries.map(async (e) => {
        const r = receiptOf(e);
        return request.signer ? { ...r, signature: await signText(request.signer, receiptText(r)) } : r;
      }),
    ),
    auditHead: appended.head,
  };
}

/** The receipt of an entry. */
export function receiptOf(e: AuditEntry): Receipt {
  return {
    workbookId: e.workbookId ?? "",
    seq: typeof e.seq === "number" ? e.seq : Number(textOf(e.seq)),
    entryHash: e.entryHash,
    measureId: e.measureId,
    action: e.action,
    time: textOf(e.time),
    keyId: e.keyId,
  };
}

// ---------------------------------------------------------------------------------------
// Unfinished operations (a pane batch that failed half-way): finish or undo.

/** A close or reopen the trail records but the register does not fully show. */
export interface Unfinished {
  readonly id: string;
  readonly action: "close" | "reopen";
  readonly seq: number;
}

/**
 * Finishes unfinished operations: writes the register cells their entries describe (no new
 * entry: the trail already has it), then the protection. Refused when there is none.
 */
export async function finishUnfinished(
  rows: readonly RegisterRow[],
  audit: Grid,
  formulas?: readonly RowFormulas[],
): Promise<ClosurePlan | Refusal> {
  const found = await findUnfinished(rows, audit, formulas);
  if (!found.length) return refuse(proofMessages.nothingToFinish());
  const byId = indexById(rows);
  const next = rows.map((r) => r);
  const updates: CellUpdate[] = [];
  for (const u of found) {
    const index = byId.get(u.id)!;
    const target = u.action === "close" ? closedForm(rows[index], u.entry) : openForm(rows[index]);
    next[index] = target;
    const f = formulas?.[index];
    if (u.action === "close" && u.entry.frozen) {
      for (const key of frozenKeysOf(f).filter((k) => !CLOSE_ORDER.includes(k)))
        updates.push({ sheetRow: index + 2, key, column: COLUMN_INDEX[key], value: target[key] });
    }
    updates.push(...diffUpdates(rows[index], target, index + 2, u.action === "close" ? CLOSE_ORDER : REOPEN_ORDER, f));
  }
  return plainPlan(next, updates, audit);
}

/**
 * Undoes an unfinished operation with a new signed entry: an unfinished closure is reopened
 * ("Undo of an unfinished closure"), an unfinished reopen is closed again by this controller,
 * now, with the confirmed savings of the close it was undoing ("Undo of an unfinished reopen").
 */
export async function undoUnfinished(
  rows: readonly RegisterRow[],
  audit: Grid,
  request: SignedRequest,
): Promise<ClosurePlan | Refusal> {
  const refused = signerRefusals(request, "reopen");
  const found = await findUnfinished(rows, audit, request.formulas);
  if (!found.length) refused.push(proofMessages.nothingToUndo());
  if (found.length > 1) refused.push(proofMessages.undoOneAtATime());
  if (refused.length) return refuse(...refused);
  const u = found[0];
  const index = indexById(rows).get(u.id)!;
  const controller = request.controller.trim();
  if (u.action === "close") {
    return reopenRow(rows, index, audit, request, controller, proofMessages.undoReason(), rows[index]);
  }
  const history = historyById(readAudit(audit).entries).get(u.id) ?? [];
  const closing = history[history.length - 2];
  const reason = proofMessages.undoReopenReason();
  const target = closedForm(rows[index], { confirmed: closing.confirmed, controller, time: request.at, reason });
  const next = rows.map((r, i) => (i === index ? target : r));
  const formulas = request.formulas?.[index];
  return finishPlan(
    next,
    diffUpdates(rows[index], target, index + 2, CLOSE_ORDER, formulas),
    audit,
    [
      {
        time: request.at,
        measureId: u.id,
        action: "close",
        controller,
        confirmed: closing.confirmed,
        reason,
        rowHash: await rowHash(target, CURRENT_VERSION, formulasAfter(formulas, CLOSE_ORDER)),
      },
    ],
    request,
  );
}

function plainPlan(next: RegisterRow[], updates: CellUpdate[], audit: Grid): ClosurePlan {
  const existing = readAudit(audit);
  const last = existing.entries[existing.entries.length - 1];
  return {
    workbookId: "",
    rows: next,
    updates,
    controllersAppend: [],
    controllersFirstRow: 1,
    auditAppend: [],
    auditFirstRow: (existing.sheetRows[existing.sheetRows.length - 1] ?? 1) + 1,
    lockedRows: closedRows(next),
    lastRow: next.length + 1,
    entries: [],
    receipts: [],
    auditHead: last ? last.entryHash : GENESIS_HASH,
  };
}

/** Unfinished operations with the entry each one needs. */
async function findUnfinished(
  rows: readonly RegisterRow[],
  audit: Grid,
  formulas?: readonly RowFormulas[],
): Promise<(Unfinished & { entry: AuditEntry })[]> {
  const { entries } = readAudit(audit);
  const history = historyById(entries);
  const out: (Unfinished & { entry: AuditEntry })[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (levelOf(row) !== "Measure") continue;
    const id = textOf(row.id);
    const state = await unfinishedState(row, history.get(id) ?? [], formulas?.[i]);
    if (state) out.push({ id, action: state.action, seq: Number(textOf(state.seq)), entry: state });
  }
  return out;
}

/** An entry of a measure: a close or a reopen. */
type MeasureEntry = AuditEntry & { readonly action: "close" | "reopen" };

/** Each measure's entries in trail order (a fork entry belongs to no measure). */
function historyById(entries: readonly AuditEntry[]): Map<string, MeasureEntry[]> {
  const byId = new Map<string, MeasureEntry[]>();
  for (const e of entries)
    if (e.action !== "fork") byId.set(e.measureId, [...(byId.get(e.measureId) ?? []), e as MeasureEntry]);
  return byId;
}

/**
 * The entry a row is half-way through, or undefined. A close writes the gate last, so a row
 * whose last entry is a close but which is not closed, and which with the entry's closure
 * fields would hash to the entry's row hash, is an unfinished close. A reopen writes the gate
 * first, so a row still closed (exactly as its previous close left it) under a reopen entry is
 * an unfinished reopen, and an open row whose closure fields are not yet cleared is one too.
 */
async function unfinishedState(
  row: RegisterRow,
  history: readonly MeasureEntry[],
  formulas: RowFormulas = {},
): Promise<MeasureEntry | undefined> {
  const last = history[history.length - 1];
  if (!last) return undefined;
  const isClosed = parseGate(row.gate) === "L5 Closed";
  if (last.action === "close" && !isClosed) {
    // A close starts from L4 Realized and writes the gate last, so the gate is still L4 Realized.
    // Its frozen formulas (written first) and its closure fields hold values once it is finished.
    if (parseGate(row.gate) !== "L4 Realized") return undefined;
    const after = last.frozen ? {} : formulasAfter(formulas, CLOSE_ORDER);
    return (await rowHash(closedForm(row, last), last.version, after)) === last.rowHash ? last : undefined;
  }
  if (last.action === "reopen") {
    const previous = history[history.length - 2];
    if (isClosed) {
      return previous &&
        previous.action === "close" &&
        (await rowHash(row, previous.version, formulas)) === previous.rowHash
        ? last
        : undefined;
    }
    const current = await rowHash(row, last.version, formulas);
    const after = formulasAfter(formulas, REOPEN_ORDER);
    if (current !== last.rowHash && (await rowHash(openForm(row), last.version, after)) === last.rowHash) return last;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Verification

/** One problem verification found. */
export interface Tampering {
  readonly id: string;
  readonly reason: string;
}

/** What verification checks besides the workbook: the trust roster, signing rules, receipts. */
export interface VerifyOptions {
  /** The Controllers sheet as read. */
  readonly controllers?: Grid;
  /** Trusted public keys; when given, any other key, or a name that is not its key's, fails. */
  readonly roster?: readonly PublicKeyFile[];
  /** An unsigned entry fails. */
  readonly requireSigned?: boolean;
  /** An unsigned entry after a signed one is accepted (by default it fails: a signed trail stays signed). */
  readonly allowUnsigned?: boolean;
  /** Receipts kept outside the workbook; when given, a missing or different receipted entry fails. */
  readonly receipts?: readonly Receipt[];
  /** The formulas of the register's rows, aligned with the rows (see registerFormulas). */
  readonly formulas?: readonly RowFormulas[];
  /** The Identity sheet as read (see readIdentity). */
  readonly identity?: WorkbookIdentity;
}

/** A fork the trail records: at which entry the workbook got a new Workbook ID, and its parent's. */
export interface ForkRecord {
  readonly seq: number;
  readonly sheetRow: number;
  /** The Workbook ID before the fork. */
  readonly parent: string;
  /** The Workbook ID from the fork on. */
  readonly workbookId: string;
}

/**
 * The Workbook ID each entry must carry (version 3): this workbook's from the last fork on,
 * and above each fork entry the parent it records; with the sheet row of the fork that set it.
 * Cost: O(entries).
 */
function expectedWorkbookIds(
  entries: readonly AuditEntry[],
  sheetRows: readonly number[],
  workbookId: string,
): { id: string; forkRow?: number }[] {
  const out: { id: string; forkRow?: number }[] = new Array(entries.length);
  let expected: { id: string; forkRow?: number } = { id: workbookId };
  for (let k = entries.length - 1; k >= 0; k--) {
    out[k] = expected;
    const e = entries[k];
    if (e.version === 3 && e.action === "fork" && e.parent) expected = { id: e.parent, forkRow: sheetRows[k] };
  }
  return out;
}

/** Counts of the entries by signature. */
export interface SignatureCounts {
  valid: number;
  invalid: number;
  unsigned: number;
  untrusted: number;
}

/** One entry as verify saw it: signed-valid, signed-invalid, unsigned, or signed by a key not in the roster. */
export interface EntryStatus {
  readonly seq: number;
  readonly id: string;
  readonly action: string;
  readonly signature: keyof SignatureCounts;
  readonly keyId: string;
}

/**
 * What verification proved:
 * - "proven": nothing wrong, and every signed entry was made by a key of the trust roster (and
 *   the trail is complete up to the receipts given);
 * - "unproven": nothing wrong, but no roster was given, so the keys are only those the
 *   workbook lists itself (anyone holding the file can add one), or nothing is signed;
 * - "failed": tampering, a failed signature or receipt, or an unfinished operation.
 */
export type Verdict = "proven" | "unproven" | "failed";

/** The result of verification. */
export interface Verification {
  readonly intact: boolean;
  readonly verdict: Verdict;
  readonly closed: number;
  readonly tampered: Tampering[];
  /** Operations a failed pane batch left half-way (not tampering; finish or undo them). */
  readonly unfinished: Unfinished[];
  readonly signatures: SignatureCounts;
  /** Receipts: how many were checked, how many the trail lacks or contradicts, entries newer than the last. */
  readonly receipts: { checked: number; missing: number; newer: number };
  /** Seq of each entry newer than the last receipt (all entries when receipts were given but empty). */
  readonly newerSeqs: number[];
  /** The highest receipted Seq (0 without receipts). */
  readonly lastReceipt: number;
  /** The Seq numbers the receipts given cover (of entries in the trail). */
  readonly receiptedSeqs: number[];
  /** With receipts: the line saying which Seq they cover and which are unreceipted ("" without). */
  readonly receiptCoverage: string;
  readonly versions: { "1": number; "2": number; "3": number };
  /** The Workbook ID of the Identity sheet ("" when the workbook has none). */
  readonly workbookId: string;
  /** The deliberate forks the trail records, oldest first. */
  readonly forks: ForkRecord[];
  /** Key IDs of valid signatures that no roster vouched for (verify ran without one). */
  readonly keysNotInRoster: string[];
  /** Each entry's signature status, in trail order (entries of an unknown version are left out). */
  readonly entries: EntryStatus[];
  /** Closures whose every entry is validly signed by a trusted key (with a roster) or a listed key. */
  readonly signedClosures: number;
  readonly rosterGiven: boolean;
  readonly receiptsGiven: boolean;
  readonly auditHead: string;
}

/** The key an entry claims, with where it came from. */
interface KnownKey {
  readonly controller: string;
  readonly jwk: PublicJwk;
  readonly trusted: boolean;
  readonly check: (entryHash: string, signature: string, requireLowS?: boolean) => Promise<boolean>;
}

/**
 * Verifies the register against the audit trail: recomputes the hash chain (an edited,
 * deleted, inserted or reordered entry breaks it), checks each entry's signature against the
 * roster (or, without one, the Controllers sheet), entry times never going backwards and
 * versions never going down, compares every closed row with its measure's last entry
 * (version 2 also: its Path against the Parent IDs, its Controller and Confirmed against the
 * entry, no second row with its ID), recognises operations a failed batch left half-way,
 * and checks the receipts kept outside the workbook.
 * Cost: O(rows + entries) plus one SHA-256 and one signature check per entry and per closed row.
 */
export async function verifyRegister(
  rows: readonly RegisterRow[],
  audit: Grid,
  options: VerifyOptions = {},
): Promise<Verification> {
  const { entries, sheetRows } = readAudit(audit);
  const tampered: Tampering[] = [];
  const signatures: SignatureCounts = { valid: 0, invalid: 0, unsigned: 0, untrusted: 0 };
  const versions = { "1": 0, "2": 0, "3": 0 };
  const workbookId = options.identity?.id ?? "";
  if (options.identity && !isWorkbookId(workbookId))
    tampered.push({ id: "", reason: proofMessages.badWorkbookId(workbookId) });
  const keysNotInRoster = new Set<string>();
  const wellSigned = new Set<AuditEntry>();
  const entryStatuses: EntryStatus[] = [];
  const keys = new Map<string, KnownKey>();
  for (const k of readControllers(options.controllers)) {
    if (k.problem) {
      // A row verify cannot use is named, not skipped (its entries would otherwise read as an unknown key).
      tampered.push({ id: "", reason: proofMessages.badControllersKey(k.sheetRow, k.controller, k.problem) });
      continue;
    }
    if (!k.jwk) continue;
    if ((await keyIdOf(k.jwk)) !== k.keyId) {
      tampered.push({
        id: "",
        reason: `Controllers row ${k.sheetRow} lists Key ID ${k.keyId.slice(0, 12)} for a different key.`,
      });
      continue;
    }
    if (!options.roster)
      keys.set(k.keyId, { controller: k.controller, jwk: k.jwk, trusted: false, check: signatureChecker(k.jwk) });
  }
  for (const k of options.roster ?? [])
    keys.set(k.keyId, { controller: k.controller, jwk: k.jwk, trusted: true, check: signatureChecker(k.jwk) });

  let previous = GENESIS_HASH;
  let previousTime = -Infinity;
  let highestVersion = 0;
  let signedSeen = false;
  const expectedIds = expectedWorkbookIds(entries, sheetRows, workbookId);
  const forks: ForkRecord[] = [];
  /** A Workbook ID that is not the one expected at entry k: this workbook's, or above a fork its parent's. */
  const otherWorkbook = (where: string, got: string, k: number) => {
    const { id, forkRow } = expectedIds[k];
    return forkRow === undefined
      ? proofMessages.otherWorkbook(where, got, id)
      : proofMessages.otherWorkbookAboveFork(where, got, id, forkRow);
  };
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const where = `audit row ${sheetRows[k]}`;
    const problem = (reason: string) => tampered.push({ id: e.measureId, reason: `${where} ${reason}` });
    const mark = (status: keyof SignatureCounts) => {
      signatures[status]++;
      entryStatuses.push({ seq: k + 1, id: e.measureId, action: e.action, signature: status, keyId: e.keyId });
    };
    if (e.version !== 1 && e.version !== 2 && e.version !== 3) {
      problem(`has an unknown version ${String(e.version)}.`);
      continue;
    }
    versions[e.version]++;
    if (e.version < highestVersion)
      problem(`is version ${e.version} after a version-${highestVersion} entry: an old-style entry was inserted.`);
    if (e.version >= 3 && (e.workbookId ?? "") !== expectedIds[k].id)
      tampered.push({ id: e.measureId, reason: otherWorkbook(where, e.workbookId ?? "", k) });
    if (e.action === "fork" && e.version === 3) {
      const forkProblem = forkEntryProblem(e);
      if (forkProblem) problem(forkProblem);
      else forks.push({ seq: k + 1, sheetRow: sheetRows[k], parent: e.parent!, workbookId: e.workbookId ?? "" });
    } else if (e.parent) problem(proofMessages.parentOutsideFork());
    highestVersion = Math.max(highestVersion, e.version);
    if (e.seq !== k + 1 && !(e.version === 1 && Number(textOf(e.seq)) === k + 1)) {
      problem(`has sequence ${textOf(e.seq)}, expected ${k + 1}: an entry is missing, added or moved.`);
    } else if (e.previousHash !== previous) {
      problem("does not follow the entry before it: the chain is broken.");
    }
    if ((await entryHashOf(e)) !== e.entryHash) problem("was edited: its content no longer matches its hash.");
    previous = e.entryHash;
    if (e.action !== "close" && e.action !== "reopen" && !(e.action === "fork" && e.version === 3))
      problem(`has an unknown action "${e.action}".`);
    const time = Date.parse(textOf(e.time));
    if (typeof e.time !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(e.time) || Number.isNaN(time)) {
      problem(`has the time ${JSON.stringify(e.time)}, not an ISO 8601 time.`);
    } else {
      if (time < previousTime)
        problem(`is dated ${e.time}, before the entry above it: entry times must not go backwards.`);
      previousTime = Math.max(previousTime, time);
    }
    // Signatures
    if (!e.keyId && !e.signature) {
      mark("unsigned");
      if (options.requireSigned) problem("is not signed, and signatures are required.");
      else if (signedSeen && !options.allowUnsigned) problem(proofMessages.unsignedAfterSigned());
      continue;
    }
    signedSeen = true;
    const key = keys.get(e.keyId);
    if (!key) {
      if (options.roster) {
        mark("untrusted");
        problem(`is signed by key ${e.keyId.slice(0, 12) || "(none)"}, which is not in the trust roster.`);
      } else {
        mark("invalid");
        problem(`is signed by key ${e.keyId.slice(0, 12) || "(none)"}, which the Controllers sheet does not list.`);
      }
      continue;
    }
    if (!(await key.check(e.entryHash, e.signature, e.version >= 3))) {
      mark("invalid");
      problem(
        `has a signature that does not verify with key ${e.keyId.slice(0, 12)}: it was not made by that key for this entry.`,
      );
      continue;
    }
    if (nameKey(key.controller) !== nameKey(e.controller)) {
      mark("invalid");
      problem(
        `names controller ${textOf(e.controller)} but is signed with ${key.controller}'s key ${e.keyId.slice(0, 12)}.`,
      );
      continue;
    }
    mark("valid");
    wellSigned.add(e);
    if (!key.trusted) keysNotInRoster.add(e.keyId);
  }

  // Receipts
  let missing = 0;
  let lastReceipt = 0;
  // This workbook's ID and every parent a fork records: the IDs a receipt of this trail can carry.
  const lineage = new Set([workbookId, ...forks.map((f) => f.parent)]);
  for (const r of options.receipts ?? []) {
    lastReceipt = Math.max(lastReceipt, r.seq);
    const e = entries[r.seq - 1];
    const held = !!e && Number(textOf(e.seq)) === r.seq;
    if (r.workbookId && (held ? r.workbookId !== expectedIds[r.seq - 1].id : !lineage.has(r.workbookId))) {
      missing++;
      tampered.push({
        id: r.measureId,
        reason: held
          ? otherWorkbook(`the receipt of Seq ${r.seq}`, r.workbookId, r.seq - 1)
          : proofMessages.otherWorkbook(`the receipt of Seq ${r.seq}`, r.workbookId, workbookId),
      });
    } else if (!e || Number(textOf(e.seq)) !== r.seq) {
      missing++;
      tampered.push({
        id: r.measureId,
        reason: `the receipt of Seq ${r.seq} (${r.action} of ${r.measureId} at ${r.time}) has no entry in the trail: the trail was truncated or rolled back.`,
      });
    } else if (e.entryHash !== r.entryHash) {
      missing++;
      tampered.push({
        id: r.measureId,
        reason: `audit Seq ${r.seq} differs from its receipt (${r.action} of ${r.measureId} at ${r.time}): the trail was rewritten.`,
      });
    } else {
      // The hash matched: every other field must be the entry's too, and the signature the key's.
      const fields: [string, string, string][] = [
        ["measure", r.measureId, e.measureId],
        ["action", r.action, e.action],
        ["time", r.time, textOf(e.time)],
        ["key", r.keyId, e.keyId],
        ["workbook", r.workbookId, e.workbookId ?? ""],
      ];
      const wrong = fields.filter(([, got, want]) => got !== want);
      const key = e.keyId ? keys.get(e.keyId) : undefined;
      if (wrong.length) {
        missing++;
        tampered.push({ id: r.measureId, reason: proofMessages.receiptFields(r.seq, wrong) });
      } else if (
        e.keyId &&
        e.version >= 3 &&
        (!r.signature || !key || !(await key.check(receiptText(r), r.signature)))
      ) {
        missing++;
        tampered.push({ id: r.measureId, reason: proofMessages.receiptUnsigned(r.seq, e.keyId) });
      }
    }
  }
  const newerSeqs = options.receipts ? entries.slice(lastReceipt).map((_, i) => lastReceipt + i + 1) : [];
  const covered = new Set((options.receipts ?? []).map((r) => r.seq).filter((q) => q >= 1 && q <= entries.length));
  const receiptCoverage = options.receipts
    ? proofMessages.receiptCoverage(
        options.receipts.length,
        seqRanges([...covered]),
        entries.length,
        seqRanges(entries.map((_, i) => i + 1).filter((q) => !covered.has(q))),
      )
    : "";

  // The register against the trail
  const history = historyById(entries);
  const byId = indexById(rows);
  for (const id of history.keys()) {
    const at = byId.get(id);
    if (at === undefined) tampered.push({ id, reason: `the audit trail names ${id}, which is not in the register.` });
    else if (levelOf(rows[at]) !== "Measure") {
      tampered.push({
        id,
        reason: `the audit trail closed ${id} as a measure, but the register shows level ${textOf(rows[at].level) || "blank"}.`,
      });
    }
  }
  const paths = withPaths(rows);
  const idCount = new Map<string, number>();
  for (const row of rows) idCount.set(textOf(row.id), (idCount.get(textOf(row.id)) ?? 0) + 1);
  const closedIds = new Set(
    rows.filter((r) => levelOf(r) === "Measure" && parseGate(r.gate) === "L5 Closed").map((r) => textOf(r.id)),
  );
  const unfinished: Unfinished[] = [];
  let closed = 0;
  let signedClosures = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (levelOf(row) !== "Measure") continue;
    const id = textOf(row.id);
    const isClosed = parseGate(row.gate) === "L5 Closed";
    if (byId.get(id) !== i) {
      // A second row with a closed measure's ID: a copy (reported once, at the copy).
      if (closedIds.has(id)) {
        tampered.push({
          id,
          reason: `${id} appears on ${idCount.get(id)} register rows (row ${i + 2} too): a closed measure's row was copied.`,
        });
      }
      continue;
    }
    const list = history.get(id) ?? [];
    const last = list[list.length - 1];
    if (isClosed) closed++;
    const formulas = options.formulas?.[i] ?? {};
    const half = await unfinishedState(row, list, formulas);
    if (half) {
      unfinished.push({ id, action: half.action, seq: Number(textOf(half.seq)) });
      continue;
    }
    if (isClosed && (!last || last.action !== "close")) {
      tampered.push({ id, reason: `${id} is closed in the register but has no closing entry in the audit trail.` });
      continue;
    }
    if (last && last.action === "close" && !isClosed) {
      tampered.push({
        id,
        reason: `${id} was closed by ${textOf(last.controller)} but the register shows gate ${textOf(row.gate) || "blank"}.`,
      });
      continue;
    }
    if (!isClosed || !last) continue;
    const cached = hashedFormulas(formulas);
    if (cached.length) {
      // Whatever the version: a formula shows what it computes, not what was closed.
      tampered.push({ id, reason: proofMessages.formulaInClosedRow(id, cached) });
      continue;
    }
    if ((await rowHash(row, last.version, formulas)) !== last.rowHash) {
      tampered.push({
        id,
        reason: `${id}'s closed data changed after ${textOf(last.controller)} closed it at ${textOf(last.time)}.`,
      });
      continue;
    }
    if (last.version >= 2) {
      if (textOf(row.path) !== textOf(paths[i].path)) {
        tampered.push({
          id,
          reason: `${id}'s Path ${textOf(row.path)} does not follow its Parent IDs (${textOf(paths[i].path)}): the measure was moved.`,
        });
      }
      if (row.closedBy !== last.controller || row.confirmed !== last.confirmed || row.closedAt !== last.time) {
        tampered.push({
          id,
          reason: `${id}'s closing entry names ${textOf(last.controller)} confirming ${textOf(last.confirmed)} at ${textOf(last.time)}, but the row says ${textOf(row.closedBy)}, ${textOf(row.confirmed)}, ${textOf(row.closedAt)}.`,
        });
      }
    }
    if (wellSigned.has(last)) signedClosures++;
  }
  // The Identity sheet's parent is the last fork's (it is not hashed, so the trail decides).
  const lastFork = forks[forks.length - 1];
  if (options.identity && isWorkbookId(workbookId) && options.identity.parent !== (lastFork?.parent ?? ""))
    tampered.push({ id: "", reason: proofMessages.identityParent(options.identity.parent, lastFork?.parent ?? "") });
  const intact = tampered.length === 0 && unfinished.length === 0;
  return {
    intact,
    // Proven needs a roster that vouched for what was signed, and something signed (an all-unsigned
    // trail proves nothing about who wrote it, roster or not); an empty trail has nothing to prove.
    verdict: !intact
      ? "failed"
      : entries.length === 0 || (options.roster && signatures.valid > 0)
        ? "proven"
        : "unproven",
    closed,
    tampered,
    unfinished,
    signatures,
    receipts: { checked: options.receipts?.length ?? 0, missing, newer: newerSeqs.length },
    newerSeqs,
    lastReceipt,
    receiptedSeqs: [...covered].sort((x, y) => x - y),
    receiptCoverage,
    versions,
    workbookId,
    forks,
    keysNotInRoster: [...keysNotInRoster],
    entries: entryStatuses,
    signedClosures,
    rosterGiven: !!options.roster,
    receiptsGiven: !!options.receipts,
    auditHead: previous,
  };
}

/** What is wrong with a version-3 fork entry's fields, or "" (it names no measure, no row, no amount, and a parent that is not its own ID). */
function forkEntryProblem(e: AuditEntry): string {
  if (e.measureId || e.rowHash || typedValue(e.confirmed) !== null) return proofMessages.forkWithMeasure();
  if (!isWorkbookId(e.parent ?? "") || e.parent === e.workbookId) return proofMessages.badForkParent(e.parent ?? "");
  return "";
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Sequence numbers as ranges.
 * @example seqRanges([1, 2, 3, 5, 7, 8]) // => "1-3, 5, 7-8"
 */
export function seqRanges(seqs: readonly number[]): string {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

/**
 * The first line of a verification, the same on the command line and in the pane: the verdict
 * and what was checked. `howToProve` says how to give a roster where the line is shown.
 * @example verdictLine(v, "pass --trust ROSTER") // => "Proven: 3 closures signed by trusted controllers, trail complete up to receipt 7."
 */
export function verdictLine(v: Verification, howToProve: string): string {
  if (v.verdict === "failed") return `FAILED: ${provenLine(v)}, but:`;
  if (v.verdict === "proven") return `Proven: ${provenLine(v)}.`;
  const signed = v.signatures.valid > 0;
  return `${proofMessages.unproven(signed, v.rosterGiven ? "" : howToProve)} Checked: ${provenLine(v)}.`;
}

/**
 * The one line of what verification proved, e.g. "3 closures signed by trusted controllers,
 * trail complete up to receipt 7".
 */
export function provenLine(v: Verification): string {
  const closures = plural(v.closed, "closure", "closures");
  const who = v.rosterGiven
    ? v.signedClosures === v.closed
      ? `${closures} signed by trusted controllers`
      : `${closures}, ${v.signedClosures} signed by trusted controllers`
    : v.signedClosures
      ? `${closures}, ${v.signedClosures} signed by keys not checked against a trust roster`
      : `${closures}, none signed`;
  const trail = !v.receiptsGiven
    ? "trail not checked against receipts"
    : v.receipts.checked === 0
      ? "no receipts to check the trail against"
      : v.receipts.missing > 0
        ? `${plural(v.receipts.missing, "receipt", "receipts")} not matched by the trail`
        : v.receiptedSeqs.length === v.lastReceipt
          ? `trail complete up to receipt ${v.lastReceipt}`
          : `receipts cover Seq ${seqRanges(v.receiptedSeqs)} of ${v.entries.length}`;
  return `${who}, ${trail}`;
}
