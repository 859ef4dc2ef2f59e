import { CellValue, RegisterRow } from "../../src/governance/model";
import { closeMeasures, reopenMeasure, verifyRegister, ClosurePlan } from "../../src/governance/closure";
import { isRefusal } from "../../src/errors";
import { upgradeSheet } from "../../src/governance/upgrade";
import { suggestMapping } from "../../src/governance/mapping";
import { AUDIT_HEADERS } from "../../src/governance/audit";
import { referenceRowHash } from "./reference";

const headers = [
  "Portfolio",
  "Program",
  "Project",
  "Package",
  "Measure",
  "Owner",
  "Controller",
  "Gate",
  "Baseline",
  "Actual",
  "Planned",
  "Forecast",
];
const table = {
  sheet: "Client",
  headerRow: 1,
  headers,
  rows: [
    ["Ops", "Buy", "Vendors", "Licences", "Renegotiate", "Ana", "Ben", "L4", 1000, 900, 100, 100],
    ["Ops", "Buy", "Vendors", "Licences", "Drop seats", "Ana", "Ben", "L4", 100.3, 100.1, 0.2, 0.2],
    ["Ops", "Buy", "Vendors", "Licences", "Cloud", "Ana", "Ben", "L3", 500, 450, 50, 50],
    ["Ops", "Buy", "Vendors", "Licences", "Travel", "Ana", "Ben", "L4", 500, 480, 50, 40],
  ],
};
const base = upgradeSheet(table, suggestMapping(headers), [], { organization: "Contoso" }).rows;
const idOf = (name: string) => String(base.find((r) => r.name === name)!.id);
const AT = "2026-11-25T10:00:00.000Z";

/** Applies a plan's audit rows to an audit grid, as an adapter would. */
function applyAudit(audit: CellValue[][], plan: ClosurePlan): CellValue[][] {
  const grid = audit.map((r) => r.slice());
  plan.auditAppend.forEach((row, k) => (grid[plan.auditFirstRow - 1 + k] = row.slice()));
  return grid;
}

async function closeOk(
  rows: RegisterRow[],
  audit: CellValue[][],
  ids: string[],
  confirmed: number[],
  reason?: string,
  at = AT,
) {
  const plan = await closeMeasures(rows, audit, {
    items: ids.map((id, i) => ({ id, confirmed: confirmed[i] })),
    controller: "Carla Controller",
    reason,
    at,
  });
  if (isRefusal(plan)) throw new Error(plan.reasons.join("\n"));
  return { rows: plan.rows, audit: applyAudit(audit, plan), plan };
}

describe("closeMeasures", () => {
  test("closes reconciled measures from L4, touching only the closure fields", async () => {
    const { rows, audit, plan } = await closeOk(base, [], [idOf("Renegotiate"), idOf("Drop seats")], [100, 0.2]);
    const closed = rows.find((r) => r.name === "Drop seats")!;
    expect(closed).toEqual({
      ...base.find((r) => r.name === "Drop seats")!,
      gate: "L5 Closed",
      confirmed: 0.2,
      closedBy: "Carla Controller",
      closedAt: AT,
      closeReason: null,
    });
    expect(plan.updates.map((u) => u.key).sort()).toEqual(
      ["closedAt", "closedAt", "closedBy", "closedBy", "confirmed", "confirmed", "gate", "gate"].sort(),
    );
    expect(audit[0]).toEqual([...AUDIT_HEADERS]);
    expect(audit.length).toBe(3);
    expect(audit[1][0]).toBe(1);
    expect(audit[2][8]).toBe(audit[1][9]); // chained
    // An independent oracle: the row hash as the README defines it, with node:crypto.
    expect(audit[1][7]).toBe(referenceRowHash(rows.find((r) => r.id === idOf("Renegotiate"))!));
    expect(plan.lockedRows).toEqual([
      rows.findIndex((r) => r.name === "Renegotiate") + 2,
      rows.findIndex((r) => r.name === "Drop seats") + 2,
    ]);
    expect(await verifyRegister(rows, audit)).toMatchObject({
      intact: true,
      closed: 2,
      tampered: [],
      unfinished: [],
      signatures: { valid: 0, invalid: 0, unsigned: 2, untrusted: 0 },
      versions: { "1": 0, "2": 0, "3": 2 },
      auditHead: plan.auditHead,
    });
  });

  test("refusals: wrong gate, unknown id, not a measure, blank controller, unreconciled without reason", async () => {
    const r1 = await closeMeasures(base, [], {
      items: [{ id: idOf("Cloud"), confirmed: 50 }],
      controller: "C",
      at: AT,
    });
    expect(r1).toEqual({ kind: "refusal", reasons: [expect.stringContaining("closed only from L4 Realized")] });
    const r2 = await closeMeasures(base, [], { items: [{ id: "M-9999", confirmed: 1 }], controller: "C", at: AT });
    expect(r2).toEqual({ kind: "refusal", reasons: ["M-9999 is not in the register."] });
    const r3 = await closeMeasures(base, [], { items: [{ id: "PF-001", confirmed: 1 }], controller: "C", at: AT });
    expect(isRefusal(r3) && r3.reasons[0]).toContain("not a measure");
    const r4 = await closeMeasures(base, [], {
      items: [{ id: idOf("Renegotiate"), confirmed: 100 }],
      controller: "  ",
      at: AT,
    });
    expect(r4).toEqual({ kind: "refusal", reasons: ["The controller's name is required to close a measure."] });
    const r5 = await closeMeasures(base, [], {
      items: [{ id: idOf("Travel"), confirmed: 30 }],
      controller: "C",
      at: AT,
    });
    expect(isRefusal(r5) && r5.reasons[0]).toMatch(/"Overstated".*confirmed 30.*needs a written reason/);
    const r6 = await closeMeasures(base, [], {
      items: [{ id: idOf("Renegotiate"), confirmed: -5 }],
      controller: "C",
      at: AT,
    });
    expect(isRefusal(r6) && r6.reasons[0]).toContain("zero or more");
  });

  test("one refused measure refuses the whole operation", async () => {
    const r = await closeMeasures(base, [], {
      items: [
        { id: idOf("Renegotiate"), confirmed: 100 },
        { id: idOf("Cloud"), confirmed: 50 },
      ],
      controller: "C",
      at: AT,
    });
    expect(isRefusal(r)).toBe(true);
  });

  test("an unreconciled claim closes with a reason, which is recorded", async () => {
    const { rows, audit } = await closeOk(
      base,
      [],
      [idOf("Travel")],
      [20],
      "Volume dropped; controller accepts the lower figure",
    );
    expect(rows.find((r) => r.name === "Travel")!.closeReason).toBe(
      "Volume dropped; controller accepts the lower figure",
    );
    expect(audit[1][6]).toBe("Volume dropped; controller accepts the lower figure");
  });
});

describe("verifyRegister detects tampering", () => {
  let closed: { rows: RegisterRow[]; audit: CellValue[][] };
  beforeAll(async () => {
    closed = await closeOk(base, [], [idOf("Renegotiate"), idOf("Drop seats")], [100, 0.2]);
  });
  const edit = (rows: RegisterRow[], name: string, change: Partial<RegisterRow>) =>
    rows.map((r) => (r.name === name ? { ...r, ...change } : r));

  test("a changed amount", async () => {
    const v = await verifyRegister(edit(closed.rows, "Renegotiate", { confirmed: 150 }), closed.audit);
    expect(v.intact).toBe(false);
    expect(v.tampered).toEqual([{ id: idOf("Renegotiate"), reason: expect.stringContaining("closed data changed") }]);
  });
  test("a changed controller name", async () => {
    const v = await verifyRegister(edit(closed.rows, "Drop seats", { closedBy: "Mallory" }), closed.audit);
    expect(v.tampered.map((t) => t.id)).toEqual([idOf("Drop seats")]);
  });
  test("an edited audit entry", async () => {
    const audit = closed.audit.map((r) => r.slice());
    audit[1][5] = 1000;
    const v = await verifyRegister(closed.rows, audit);
    expect(v.tampered.map((t) => t.reason)).toEqual([
      expect.stringContaining("audit row 2 was edited"),
      expect.stringContaining("closing entry names Carla Controller confirming 1000"),
    ]);
  });
  test("a deleted audit row", async () => {
    const audit = [closed.audit[0], closed.audit[2]];
    const v = await verifyRegister(closed.rows, audit);
    expect(v.intact).toBe(false);
    expect(v.tampered.map((t) => t.reason).join("\n")).toMatch(/sequence 2, expected 1[\s\S]*no closing entry/);
  });
  test("two audit rows swapped", async () => {
    const audit = [closed.audit[0], closed.audit[2], closed.audit[1]];
    const v = await verifyRegister(closed.rows, audit);
    expect(v.intact).toBe(false);
    expect(v.tampered.length).toBeGreaterThanOrEqual(2);
  });
  test("a row closed by hand, without an entry", async () => {
    const v = await verifyRegister(edit(closed.rows, "Travel", { gate: "L5 Closed" }), closed.audit);
    expect(v.tampered).toEqual([{ id: idOf("Travel"), reason: expect.stringContaining("no closing entry") }]);
  });
  test("a closed measure set back to L4 by hand, with another edit", async () => {
    const v = await verifyRegister(
      edit(closed.rows, "Renegotiate", { gate: "L4 Realized", owner: "Someone else" }),
      closed.audit,
    );
    expect(v.tampered[0].reason).toContain("register shows gate L4 Realized");
  });
  test("a closed measure set back to L4 by hand and nothing else reads as an unfinished closure, not intact", async () => {
    const v = await verifyRegister(edit(closed.rows, "Renegotiate", { gate: "L4 Realized" }), closed.audit);
    expect(v).toMatchObject({
      intact: false,
      tampered: [],
      unfinished: [{ id: idOf("Renegotiate"), action: "close", seq: 1 }],
    });
  });
  test("nothing on an untouched workbook, nor after a legitimate reopen and re-close", async () => {
    expect((await verifyRegister(closed.rows, closed.audit)).intact).toBe(true);
    const reopened = await reopenMeasure(closed.rows, closed.audit, {
      id: idOf("Renegotiate"),
      controller: "Carla Controller",
      reason: "Baseline restated",
      at: "2026-11-26T09:00:00.000Z",
    });
    if (isRefusal(reopened)) throw new Error(reopened.reasons.join());
    const audit = applyAudit(closed.audit, reopened);
    const row = reopened.rows.find((r) => r.id === idOf("Renegotiate"))!;
    expect(row.gate).toBe("L4 Realized");
    expect(row.closedBy).toBeNull();
    expect(audit[3][3]).toBe("reopen");
    expect(reopened.lockedRows.length).toBe(1);
    expect(await verifyRegister(reopened.rows, audit)).toMatchObject({ intact: true, closed: 1 });
    const edited = reopened.rows.map((r) => (r.id === row.id ? { ...r, baseline: 1010, actual: 910 } : r));
    const again = await closeOk(edited, audit, [idOf("Renegotiate")], [100], undefined, "2026-11-27T09:00:00.000Z");
    expect(await verifyRegister(again.rows, again.audit)).toMatchObject({ intact: true, closed: 2 });
  });
  test("reopen refusals", async () => {
    const r = await reopenMeasure(closed.rows, closed.audit, {
      id: idOf("Cloud"),
      controller: "",
      reason: " ",
      at: AT,
    });
    expect(isRefusal(r) && r.reasons).toEqual([
      "The controller's name is required to reopen a measure.",
      "A reason is required to reopen a measure.",
      expect.stringContaining("is not closed"),
    ]);
  });
});
