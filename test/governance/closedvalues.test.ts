/**
 * Issue 25 in the core: closed cells hold values (canonical version 3 records formulas; a
 * formula in a closed row is an error in every version; close refuses formulas unless told to
 * freeze them), and the workbook's identity (every version-3 entry and receipt names it; a
 * trail or receipt from another workbook fails, naming both IDs).
 */
import { CellValue, emptyRow, RegisterRow, RowFormulas } from "../../src/governance/model";
import { canonicalRow, readAudit, rowHash } from "../../src/governance/audit";
import {
  ClosurePlan,
  closeMeasures,
  finishUnfinished,
  forkWorkbook,
  proofInputsOf,
  reopenMeasure,
  verifyRegister,
  VerifyOptions,
} from "../../src/governance/closure";
import { identityPlan, isWorkbookId, readIdentity, workbookIdOf } from "../../src/governance/identity";
import { registerFormulas, registerGrid, withPaths } from "../../src/governance/register";
import { isRefusal } from "../../src/errors";
import * as reference from "./reference";

const AT = "2026-11-25T10:00:00.000Z";
const LATER = "2026-11-26T10:00:00.000Z";
const A_ID = "a".repeat(32);
const B_ID = "b".repeat(32);

function register(): RegisterRow[] {
  const item = (id: string, level: string, parentId: string | null, extra: Partial<RegisterRow> = {}) => ({
    ...emptyRow(),
    id,
    level,
    parentId,
    name: `${level} ${id}`,
    controller: "Carla",
    ...extra,
  });
  const measure = (id: string) =>
    item(id, "Measure", "PK-1", { gate: "L4 Realized", baseline: 1000, actual: 900, planned: 100, forecast: 100 });
  return withPaths([
    item("ORG-1", "Organization", null),
    item("PF-1", "Portfolio", "ORG-1"),
    item("PG-1", "Program", "PF-1"),
    item("PR-1", "Project", "PG-1"),
    item("PK-1", "Measure Package", "PR-1"),
    measure("M-1"),
    measure("M-2"),
  ]);
}
const M1 = 5;
const M2 = 6;

/** Formulas per row index (aligned with register()). */
function formulasAt(at: number, f: RowFormulas): RowFormulas[] {
  return register().map((_, i) => (i === at ? f : {}));
}

function auditAfter(audit: CellValue[][], plan: ClosurePlan): CellValue[][] {
  const a = audit.map((r) => r.slice());
  plan.auditAppend.forEach((row, k) => (a[plan.auditFirstRow - 1 + k] = row.slice()));
  return a;
}

async function closed(formulas?: RowFormulas[], freezeFormulas = false, newWorkbookId = A_ID) {
  const plan = await closeMeasures(register(), [], {
    items: [{ id: "M-1", confirmed: 100 }],
    controller: "Carla",
    at: AT,
    formulas,
    freezeFormulas,
    newWorkbookId,
  });
  if (isRefusal(plan)) throw new Error(plan.reasons.join("\n"));
  return { plan, rows: plan.rows, audit: auditAfter([], plan) };
}

const identity = (id = A_ID) => readIdentity(identityPlan({ id, createdAt: AT, parent: "" }).cells as CellValue[][]);
const verify = (rows: RegisterRow[], audit: CellValue[][], options: VerifyOptions = {}) =>
  verifyRegister(rows, audit, { identity: identity(), ...options });

describe("reading formulas", () => {
  test("registerFormulas aligns with the register's rows and finds columns by header", () => {
    const grid = registerGrid(register());
    // Columns moved: the reader follows the headers, as readRegister does.
    const swapped = grid.map((r) => [r[1], r[0], ...r.slice(2)]);
    const formulas: (string | null)[][] = grid.map(() => []);
    formulas[M1 + 1] = [null, null, null, null, null, null, null, null, null, null, "=900+100"];
    formulas[M2 + 1] = ["=1"]; // on the swapped grid, column A is Level
    const read = registerFormulas(swapped, formulas);
    expect(read).toHaveLength(register().length);
    expect(read[M1]).toEqual({ baseline: "=900+100" });
    expect(read[M2]).toEqual({ level: "=1" });
    expect(read[0]).toEqual({});
    // Text that is not a formula is ignored.
    expect(registerFormulas(grid, [[], ["x"]])[0]).toEqual({});
  });
});

describe("canonical version 3: formulas are part of a closed row", () => {
  test("each hashed cell is [header, value, formula]; a formula changes the hash", async () => {
    const row = register()[M1];
    const plain = canonicalRow(row, 3);
    expect(plain.startsWith('[["ID","M-1",null],["Level","Measure",null]')).toBe(true);
    expect(plain.endsWith('["Path","ORG-1/PF-1/PG-1/PR-1/PK-1/M-1",null]]')).toBe(true);
    const withFormula = canonicalRow(row, 3, { confirmed: "=IF(TODAY()>1,2000000,200000)" });
    expect(withFormula).toContain('["Confirmed Savings",null,"=IF(TODAY()>1,2000000,200000)"]');
    expect(await rowHash(row, 3, { confirmed: "=A1" })).not.toBe(await rowHash(row, 3));
    // Versions 1 and 2 never saw formulas: their forms are unchanged.
    expect(canonicalRow(row, 2, { confirmed: "=A1" })).toBe(canonicalRow(row, 2));
    // The independent verifier agrees.
    expect(await rowHash(row, 3, { confirmed: "=A1" })).toBe(
      reference.referenceRowHash(row, 3, { "Confirmed Savings": "=A1" }),
    );
  });
});

describe("close refuses formulas in the row's hashed cells", () => {
  test("refused, naming the cell and formula, unless freezeFormulas", async () => {
    const formulas = formulasAt(M1, { baseline: "=900+100" });
    const refused = await closeMeasures(register(), [], {
      items: [{ id: "M-1", confirmed: 100 }],
      controller: "Carla",
      at: AT,
      formulas,
    });
    expect(isRefusal(refused) && refused.reasons).toEqual([
      "M-1: Baseline Cost holds the formula =900+100: closed data must be values (a formula can show another amount after recalculation). Replace it with values, or close with --freeze-formulas to write the values shown.",
    ]);
    // A formula outside the hashed columns (Source Row) does not matter.
    await expect(closed(formulasAt(M1, { sourceRow: "=ROW()" }))).resolves.toBeDefined();
  });

  test("freezeFormulas writes the values first, records the formulas in the entry, and verifies", async () => {
    const formulas = formulasAt(M1, { baseline: "=900+100", actual: "=800+100" });
    const { plan, rows, audit } = await closed(formulas, true);
    // The frozen cells are written first, with the values they showed; the gate last.
    expect(plan.updates.map((u) => [u.key, u.value])).toEqual([
      ["baseline", 1000],
      ["actual", 900],
      ["confirmed", 100],
      ["closedBy", "Carla"],
      ["closedAt", AT],
      ["gate", "L5 Closed"],
    ]);
    const entry = readAudit(audit).entries[0];
    expect(JSON.parse(entry.frozen!)).toEqual([
      ["Baseline Cost", "=900+100"],
      ["Actual Cost", "=800+100"],
    ]);
    expect(audit[1][14]).toBe(entry.frozen);
    // After the write the cells hold values: the row verifies.
    expect(await verify(rows, audit)).toMatchObject({ intact: true, tampered: [] });
  });

  test("a formula in Confirmed Savings before the close is refused too (the close would overwrite it)", async () => {
    const plan = await closeMeasures(register(), [], {
      items: [{ id: "M-1", confirmed: 100 }],
      controller: "Carla",
      at: AT,
      formulas: formulasAt(M1, { confirmed: "=B2" }),
    });
    expect(isRefusal(plan) && plan.reasons[0]).toMatch(/^M-1: Confirmed Savings holds the formula =B2: closed data/);
  });
});

describe("verify: closed data must be values", () => {
  const attack = { confirmed: "=IF(TODAY()>1,2000000,200000)" };

  test("a formula whose cached value is the closed amount fails, in version 3", async () => {
    const { rows, audit } = await closed();
    const v = await verify(rows, audit, { formulas: formulasAt(M1, attack) });
    expect(v.intact).toBe(false);
    expect(v.tampered).toEqual([
      {
        id: "M-1",
        reason:
          "M-1: Confirmed Savings holds the formula =IF(TODAY()>1,2000000,200000): closed data must be values; recalculated, the row would no longer show what was closed.",
      },
    ]);
  });

  test("and in a version-2 trail, whose hash never covered formulas", async () => {
    const { rows, audit } = await closed();
    // The same closure written as version 2 (as before this release): Version 2, no Workbook ID.
    const { entries } = readAudit(audit);
    const v2 = await closeAsV2(entries[0].time as string);
    expect((await verifyRegister(v2.rows, v2.audit)).intact).toBe(true);
    const v = await verifyRegister(v2.rows, v2.audit, { formulas: formulasAt(M1, attack) });
    expect(v.tampered.map((t) => t.reason)).toEqual([expect.stringContaining("closed data must be values")]);
    expect(rows).toBeDefined();
  });

  test("a formula in an open row is not a closure problem", async () => {
    const { rows, audit } = await closed();
    expect((await verify(rows, audit, { formulas: formulasAt(M2, attack) })).intact).toBe(true);
  });

  test("reopen hashes the row's formulas; re-closing with freeze verifies", async () => {
    const { rows, audit } = await closed();
    const formulas = formulasAt(M1, { planned: "=50+50" });
    const reopened = await reopenMeasure(rows, audit, {
      id: "M-1",
      controller: "Carla",
      reason: "formula found",
      at: LATER,
      formulas,
      identity: identity(),
    });
    if (isRefusal(reopened)) throw new Error(reopened.reasons.join());
    const audit2 = auditAfter(audit, reopened);
    expect(await verify(reopened.rows, audit2, { formulas })).toMatchObject({ intact: true });
  });
});

/** The version-2 closure of M-1 as an older release wrote it (for the "every version" check). */
async function closeAsV2(time: string) {
  const rows = register();
  const closedRow = { ...rows[M1], gate: "L5 Closed", confirmed: 100, closedBy: "Carla", closedAt: time };
  const body = {
    version: 2 as const,
    seq: 1,
    time,
    measureId: "M-1",
    action: "close" as const,
    controller: "Carla",
    confirmed: 100,
    reason: null,
    rowHash: await rowHash(closedRow, 2),
    previousHash: "0".repeat(64),
    keyId: "",
  };
  const { entryHashOf, auditRow, AUDIT_HEADERS } = await import("../../src/governance/audit");
  const entryHash = await entryHashOf(body);
  const audit: CellValue[][] = [
    AUDIT_HEADERS.slice(0, 13) as unknown as CellValue[],
    auditRow({ ...body, entryHash, signature: "" }),
  ];
  return { rows: rows.map((r, i) => (i === M1 ? closedRow : r)), audit };
}

describe("the workbook's identity", () => {
  test("a Workbook ID is 128 random bits as 32 hex digits", () => {
    const id = workbookIdOf(Uint8Array.from({ length: 16 }, (_, i) => i * 17));
    expect(id).toBe("00112233445566778899aabbccddeeff");
    expect(isWorkbookId(id)).toBe(true);
    expect(isWorkbookId(id.toUpperCase())).toBe(false);
    expect(() => workbookIdOf(new Uint8Array(15))).toThrow();
    expect(proofInputsOf({}, new Uint8Array(16)).newWorkbookId).toBe("0".repeat(32));
  });

  test("the first close plans the Identity sheet (locked, protected); entries and receipts carry the ID", async () => {
    const { plan, audit } = await closed();
    expect(plan.identity).toMatchObject({
      name: "Identity",
      cells: [
        ["Workbook ID", A_ID],
        ["Created At", AT],
        ["Parent Workbook ID", null],
      ],
    });
    expect(plan.identity!.protection).toBeDefined();
    expect(readAudit(audit).entries[0].workbookId).toBe(A_ID);
    expect(plan.receipts[0].workbookId).toBe(A_ID);
    // A workbook that has an identity keeps it: no new sheet, its ID in the entries.
    const again = await reopenMeasure(plan.rows, audit, {
      id: "M-1",
      controller: "Carla",
      reason: "r",
      at: LATER,
      identity: identity(),
      newWorkbookId: B_ID,
    });
    if (isRefusal(again)) throw new Error();
    expect(again.identity).toBeUndefined();
    expect(again.entries[0].workbookId).toBe(A_ID);
  });

  test("a trail copied into another workbook fails, naming both IDs", async () => {
    const { rows, audit } = await closed();
    const v = await verifyRegister(rows, audit, { identity: identity(B_ID) });
    expect(v.intact).toBe(false);
    expect(v.tampered.map((t) => t.reason)).toEqual([
      `audit row 2 was made in workbook ${A_ID}, but this workbook is ${B_ID}: the trail was copied from another workbook.`,
    ]);
    const none = await verifyRegister(rows, audit);
    expect(none.tampered.map((t) => t.reason)).toEqual([
      `audit row 2 was made in workbook ${A_ID}, but this workbook is (none: it has no Identity sheet): the trail was copied from another workbook.`,
    ]);
  });

  test("a receipt of another workbook fails, naming both IDs", async () => {
    const { rows, audit, plan } = await closed();
    const foreign = plan.receipts.map((r) => ({ ...r, workbookId: B_ID }));
    const v = await verify(rows, audit, { receipts: foreign });
    expect(v.tampered.map((t) => t.reason)).toEqual([
      `the receipt of Seq 1 was made in workbook ${B_ID}, but this workbook is ${A_ID}: the trail was copied from another workbook.`,
    ]);
  });

  test("an edited Workbook ID is reported", async () => {
    const { rows, audit } = await closed();
    const v = await verifyRegister(rows, audit, { identity: { id: "not-an-id", createdAt: AT, parent: "" } });
    expect(v.tampered.map((t) => t.reason)[0]).toBe(
      'the Identity sheet\'s Workbook ID "not-an-id" is not 32 lower-case hex digits: it was edited.',
    );
  });
});

describe("a deliberate fork: a new Workbook ID, the parent's recorded in a signed entry", () => {
  const C_ID = "c".repeat(32);
  /** A closed M-1 in workbook A, forked into B: the rows, the trail and the fork's plan. */
  async function forked() {
    const { rows, audit, plan: closing } = await closed();
    const fork = await forkWorkbook(rows, audit, {
      controller: "Carla",
      reason: "Split for EMEA",
      at: LATER,
      identity: identity(),
      newWorkbookId: B_ID,
    });
    if (isRefusal(fork)) throw new Error(fork.reasons.join("\n"));
    const after = auditAfter(audit, fork);
    const forkIdentity = readIdentity(fork.identity!.cells as CellValue[][])!;
    return { rows, audit: after, fork, forkIdentity, receipts: [...closing.receipts, ...fork.receipts] };
  }

  test("the fork plans a new Identity sheet naming the parent, and one entry with no measure", async () => {
    const { fork, forkIdentity, audit } = await forked();
    expect(forkIdentity).toEqual({ id: B_ID, createdAt: LATER, parent: A_ID });
    expect(fork.updates).toEqual([]);
    const entry = readAudit(audit).entries[1];
    expect(entry).toMatchObject({ action: "fork", measureId: "", rowHash: "", confirmed: null, workbookId: B_ID });
    expect(entry.parent).toBe(A_ID);
    expect(entry.reason).toBe("Split for EMEA");
    expect(fork.receipts[0]).toMatchObject({ workbookId: B_ID, seq: 2, action: "fork", measureId: "" });
    expect(fork.auditHeaderFix).toBeUndefined(); // the sheet was made with every header
    // A sheet made before the column was appended (15 headers) gets the new column's header, nothing else.
    const old = (await closed()).audit.map((r, i) => (i === 0 ? r.slice(0, 15) : r));
    const again = await forkWorkbook(register(), old, {
      controller: "Carla",
      at: LATER,
      identity: identity(),
      newWorkbookId: B_ID,
    });
    if (isRefusal(again)) throw new Error();
    expect(again.auditHeaderFix?.[15]).toBe("Parent Workbook ID");
    expect(Object.keys(again.auditHeaderFix!)).toEqual(["15"]);
  });

  test("verify accepts the trail across the fork and reports it, receipts of both sides included", async () => {
    const { rows, audit, forkIdentity, receipts } = await forked();
    const v = await verifyRegister(rows, audit, { identity: forkIdentity, receipts });
    expect(v.tampered).toEqual([]);
    expect(v.forks).toEqual([{ seq: 2, sheetRow: 3, parent: A_ID, workbookId: B_ID }]);
    // A close after the fork carries the new ID.
    const after = await reopenMeasure(rows, audit, {
      id: "M-1",
      controller: "Carla",
      reason: "r",
      at: LATER,
      identity: forkIdentity,
      newWorkbookId: C_ID,
    });
    if (isRefusal(after)) throw new Error();
    expect(after.entries[0].workbookId).toBe(B_ID);
    const v2 = await verifyRegister(after.rows, auditAfter(audit, after), {
      identity: forkIdentity,
      receipts: [...receipts, ...after.receipts],
    });
    expect(v2.tampered).toEqual([]);
  });

  test("transplanting across IDs still fails: the forked trail in another workbook, the parent's entries in the fork's place", async () => {
    const { rows, audit, forkIdentity } = await forked();
    // The whole forked trail in workbook C.
    const moved = await verifyRegister(rows, audit, { identity: { id: C_ID, createdAt: AT, parent: A_ID } });
    expect(moved.tampered.map((t) => t.reason)).toEqual([
      `audit row 3 was made in workbook ${B_ID}, but this workbook is ${C_ID}: the trail was copied from another workbook.`,
    ]);
    // An entry above the fork that names another workbook than the parent.
    const other = await closed(undefined, false, C_ID);
    const mixed = [audit[0], other.audit[1], audit[2]];
    const v = await verifyRegister(rows, mixed, { identity: forkIdentity });
    expect(v.tampered.map((t) => t.reason)).toContain(
      `audit row 2 was made in workbook ${C_ID}, but the trail above the fork at audit row 3 belongs to workbook ${A_ID}: the entry was copied from another workbook.`,
    );
  });

  test("a receipt of the parent after the fork point fails, naming both IDs", async () => {
    const { rows, audit, forkIdentity, receipts } = await forked();
    // The parent went on with its own Seq 2: its receipt is not the fork's.
    const parentsSecond = { ...receipts[1], workbookId: A_ID, action: "close", measureId: "M-2" };
    const v = await verifyRegister(rows, audit, { identity: forkIdentity, receipts: [receipts[0], parentsSecond] });
    expect(v.tampered.map((t) => t.reason)).toEqual([
      `the receipt of Seq 2 was made in workbook ${A_ID}, but this workbook is ${B_ID}: the trail was copied from another workbook.`,
    ]);
  });

  test("an edited fork entry, a parent on a close, an Identity sheet whose parent was changed: each reported", async () => {
    const { rows, audit, forkIdentity } = await forked();
    const edited = audit.map((r) => r.slice());
    edited[2][15] = C_ID;
    const v = await verifyRegister(rows, edited, { identity: forkIdentity });
    expect(v.tampered.map((t) => t.reason)).toContain(
      "audit row 3 was edited: its content no longer matches its hash.",
    );
    const onClose = audit.map((r) => r.slice());
    onClose[1][15] = C_ID;
    expect((await verifyRegister(rows, onClose, { identity: forkIdentity })).tampered.map((t) => t.reason)).toContain(
      "audit row 2 names a Parent Workbook ID, which only a fork entry carries.",
    );
    const parent = await verifyRegister(rows, audit, { identity: { ...forkIdentity, parent: C_ID } });
    expect(parent.tampered.map((t) => t.reason)).toEqual([
      `the Identity sheet names the parent workbook ${C_ID}, but the trail's last fork records ${A_ID}: the Identity sheet was edited.`,
    ]);
  });

  test("refused without a Workbook ID to fork from, or without a controller", async () => {
    const none = await forkWorkbook(register(), [], { controller: "Carla", at: AT, newWorkbookId: B_ID });
    expect(isRefusal(none) && none.reasons).toEqual([
      "this workbook has no Workbook ID yet (nothing was ever closed in it), so there is nothing to fork: each copy gets its own Workbook ID at its first close; upgrade it without --new-identity.",
    ]);
    const blank = await forkWorkbook(register(), [], {
      controller: " ",
      at: AT,
      identity: identity(),
      newWorkbookId: B_ID,
    });
    expect(isRefusal(blank) && blank.reasons).toEqual([
      "The controller's name is required to fork the workbook (--controller NAME).",
    ]);
  });
});

describe("an unfinished close that froze formulas", () => {
  test("is recognised while the frozen cells still hold formulas, and finishing writes their values", async () => {
    const formulas = formulasAt(M1, { baseline: "=900+100" });
    const { plan } = await closed(formulas, true);
    // The batch stopped after the audit row: the register is as before, formulas included.
    const audit = auditAfter([], plan);
    const v = await verify(register(), audit, { formulas });
    expect(v.unfinished).toEqual([{ id: "M-1", action: "close", seq: 1 }]);
    const finished = await finishUnfinished(register(), audit, formulas);
    if (isRefusal(finished)) throw new Error();
    expect(finished.updates.map((u) => u.key)).toEqual(["baseline", "confirmed", "closedBy", "closedAt", "gate"]);
    expect(await verify(finished.rows, audit)).toMatchObject({ intact: true });
  });
});
