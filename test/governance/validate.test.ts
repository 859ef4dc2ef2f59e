import { SEVERITY } from "../../src/governance/model";
import { itemLabel, validateRegister } from "../../src/governance/validate";
import { chainRegister, row } from "./support";

const summary = (rows = chainRegister()) =>
  validateRegister(rows).map((f) => `${f.severity} ${f.code} ${f.id}${f.field ? ` ${f.field}` : ""}`);

describe("validateRegister", () => {
  test("a register whose parents name nobody: one UNASSIGNED warning per parent, naming both roles", () => {
    const findings = validateRegister(chainRegister());
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.id}`)).toEqual([
      "warning UNASSIGNED ORG-001",
      "warning UNASSIGNED PF-001",
      "warning UNASSIGNED PG-001",
      "warning UNASSIGNED PR-001",
      "warning UNASSIGNED PK-001",
    ]);
    expect(findings[1].message).toBe(
      'Portfolio PF-001 "Operations" has no owner and no controller: the client sheet names no owner or controller for any portfolio; assign them in the register or map a column such as "Portfolio Owner".',
    );
  });

  test("a measure without owner or controller is an error each", () => {
    const rows = chainRegister();
    rows[5] = { ...rows[5], owner: " ", controller: null };
    expect(summary(rows).filter((s) => s.startsWith("error"))).toEqual([
      "error MISSING_OWNER M-0001 owner",
      "error MISSING_CONTROLLER M-0001 controller",
    ]);
    expect(validateRegister(rows).find((f) => f.code === "MISSING_OWNER")!.message).toBe(
      'Measure M-0001 "Renegotiate Office licences" has no owner.',
    );
  });

  test("once any item of a level names an owner, the level's other items without one are errors; the other role stays a warning", () => {
    const rows = chainRegister();
    rows.splice(2, 0, { ...rows[1], id: "PF-002", name: "IT", path: "ORG-001/PF-002" });
    rows[1] = { ...rows[1], owner: "Olga" };
    const s = summary(rows);
    expect(s).toContain("warning UNASSIGNED PF-001 controller");
    expect(s).toContain("error MISSING_OWNER PF-002 owner");
    expect(s).toContain("warning UNASSIGNED PF-002 controller");
    expect(validateRegister(rows).find((f) => f.id === "PF-001")!.message).toContain("has no controller: ");
  });

  test("placeholders: PLACEHOLDER warning for a level without a column, no owner findings on made-up items", () => {
    const rows = chainRegister();
    rows[2] = { ...rows[2], name: "(no program)", placeholder: "no column" };
    const findings = validateRegister(rows).filter((f) => f.id === "PG-001");
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(["warning PLACEHOLDER"]);
    expect(findings[0].message).toBe(
      'Program PG-001 "(no program)" is a placeholder: the client sheet has no program column. Rename it or move its children.',
    );
  });

  test("bad values: text amounts, ambiguous amounts, dates and gates, messages whole however long", () => {
    const long = "x".repeat(120);
    const rows = chainRegister();
    rows[5] = { ...rows[5], forecast: long, baseline: "1.200 €", due: "next week", gate: "On hold" };
    const findings = validateRegister(rows).filter((f) => f.id === "M-0001");
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.field}`)).toEqual([
      "error BAD_VALUE due",
      "error BAD_VALUE baseline",
      "error BAD_VALUE forecast",
      "error BAD_VALUE gate",
    ]);
    const label = 'Measure M-0001 "Renegotiate Office licences"';
    expect(findings.map((f) => f.message)).toEqual([
      `${label}: Milestone Due should be a date, not "next week".`,
      `${label}: Baseline Cost "1.200 €" is ambiguous: 1200 if "." groups thousands, 1.2 if "." is the decimal mark. Type it as a number, or upgrade with --decimal , or --decimal . to say how the sheet writes amounts.`,
      `${label}: Forecast Savings should be a number, not "${long}".`,
      `${label}: unknown gate "On hold"; gates are L0 Idea .. L5 Closed.`,
    ]);
  });

  test("duplicates: a repeated id and a repeated name under one parent (case and spaces folded)", () => {
    const rows = chainRegister();
    rows.push({ ...rows[6], name: "  drop UNUSED seats" });
    expect(summary(rows).filter((s) => s.includes("DUPLICATE"))).toEqual([
      "error DUPLICATE M-0002 id",
      "error DUPLICATE M-0002 name",
    ]);
  });

  test("chains: a missing ancestor, a wrong order, a blank level in the client sheet", () => {
    const missing = chainRegister();
    missing[5] = { ...missing[5], parentId: "PK-404" };
    expect(validateRegister(missing).find((f) => f.code === "INCOMPLETE_CHAIN")!.message).toBe(
      'Measure M-0001 "Renegotiate Office licences": its ancestor PK-404 is not in the register (or the chain loops).',
    );
    const short = chainRegister();
    short[5] = { ...short[5], parentId: "PR-001" };
    expect(validateRegister(short).find((f) => f.code === "INCOMPLETE_CHAIN")!.message).toContain(
      "its chain is Organization > Portfolio > Program > Project > Measure, not Organization > Portfolio > Program > Project > Measure Package > Measure.",
    );
    const blank = chainRegister();
    blank[2] = { ...blank[2], placeholder: "blank cell" };
    const f = validateRegister(blank).filter((x) => x.code === "INCOMPLETE_CHAIN");
    expect(f.map((x) => `${x.severity} ${x.id} ${x.message.split(": ")[1]}`)).toEqual([
      "error M-0001 the program was blank in the client sheet.",
      "error M-0002 the program was blank in the client sheet.",
    ]);
  });

  test("unknown level and blank id; blank rows are skipped", () => {
    const rows = [row({ level: "Widget", name: "w" }), row({})];
    expect(summary(rows)).toEqual(["error BAD_VALUE  id", "error BAD_VALUE  level"]);
    expect(itemLabel(rows[0])).toBe('Widget (no id) "w"');
  });

  test("a closed measure whose hashed cells hold formulas is an error: closed data must be values", () => {
    const rows = chainRegister();
    const m = rows.findIndex((r) => r.level === "Measure");
    const formulas = rows.map((_, i) => (i === m ? { confirmed: "=IF(TODAY()>1,2000000,200000)", owner: "=A1" } : {}));
    // Open, the formula is the user's business; without formulas, nothing is looked at.
    expect(summary(rows)).toEqual(
      validateRegister(rows, formulas).map((f) => `${f.severity} ${f.code} ${f.id}${f.field ? ` ${f.field}` : ""}`),
    );
    rows[m] = { ...rows[m], gate: "L5 Closed" };
    const found = validateRegister(rows, formulas).filter((f) => f.code === "CLOSED_FORMULA");
    expect(found.map((f) => [f.severity, f.id, f.field])).toEqual([["error", rows[m].id, "owner"]]);
    expect(found[0].message).toBe(
      `${rows[m].id}: Owner, Confirmed Savings hold formulas (=A1, =IF(TODAY()>1,2000000,200000)): closed data must be values; recalculated, the row would no longer show what was closed.`,
    );
    expect(validateRegister(rows).some((f) => f.code === "CLOSED_FORMULA")).toBe(false);
  });

  test("every code has a severity", () => {
    expect(
      Object.entries(SEVERITY)
        .filter(([, s]) => s === "error")
        .map(([c]) => c),
    ).toEqual([
      "DUPLICATE",
      "MISSING_OWNER",
      "MISSING_CONTROLLER",
      "INCOMPLETE_CHAIN",
      "BAD_VALUE",
      "CLOSED_FORMULA",
      "DUPLICATE_SOURCE_ID",
    ]);
  });
});
