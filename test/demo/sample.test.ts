import { planUpgrade } from "../../src/governance/commands";
import { suggestMapping } from "../../src/governance/mapping";
import { RegisterRow, SOURCE_FIELDS, textOf } from "../../src/governance/model";
import { parseAmount, parseGate } from "../../src/governance/values";
import { SAMPLE_HEADERS, sampleClientSheet, sampleDefectRows, seededRandom } from "../../src/demo/sample";
import { isRefusal, refusalText } from "../../src/errors";

function upgrade(defects: boolean, initiatives = 60) {
  const sheet = sampleClientSheet({ initiatives, seed: 42, defects });
  const outcome = planUpgrade(undefined, sheet, suggestMapping(sheet.headers), { organization: "Contoso" });
  if (isRefusal(outcome)) throw new Error(refusalText(outcome));
  return { sheet, outcome };
}

describe("sampleClientSheet", () => {
  test("is deterministic for a seed and differs between seeds", () => {
    const a = sampleClientSheet({ initiatives: 60, seed: 7 });
    expect(sampleClientSheet({ initiatives: 60, seed: 7 })).toEqual(a);
    expect(sampleClientSheet({ initiatives: 60, seed: 8 }).rows).not.toEqual(a.rows);
    expect(a.rows.length).toBe(60);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  test("every header is recognised by suggestMapping, each field mapped once", () => {
    const mapping = suggestMapping(SAMPLE_HEADERS);
    const unmapped = SOURCE_FIELDS.filter((f) => mapping[f] === undefined);
    expect(unmapped).toEqual(["organization", ...SOURCE_FIELDS.filter((f) => f.includes("_"))]);
    expect(mapping).toMatchObject({ portfolio: 0, program: 1, project: 2, package: 3, measure: 4, done: 14 });
  });

  test("several portfolios, gates L0..L4, dates as 2026 serials", () => {
    const { sheet, outcome } = upgrade(false);
    expect(outcome.items.Portfolio).toBeGreaterThanOrEqual(3);
    expect(outcome.items.Measure).toBe(60);
    const gates = new Set(sheet.rows.map((r) => parseGate(r[8])));
    expect([...gates].sort()).toEqual(["L0 Idea", "L1 Identified", "L2 Validated", "L3 Implementing", "L4 Realized"]);
    for (const r of sheet.rows) {
      expect(r[13]).toBeGreaterThanOrEqual(46023); // 2026-01-01
      expect(r[13]).toBeLessThan(46023 + 500);
    }
  });

  test("realized measures reconcile exactly: baseline - actual = planned = forecast", () => {
    const { outcome } = upgrade(false);
    const realized = outcome.rows.filter((r: RegisterRow) => r.gate === "L4 Realized");
    expect(realized.length).toBeGreaterThanOrEqual(5);
    for (const r of realized) {
      expect(parseAmount(r.baseline)! - parseAmount(r.actual)!).toBe(r.planned);
      expect(r.forecast).toBe(r.planned);
      expect(typeof r.done).toBe("number");
    }
  });

  test("without defects, no measure has a finding", () => {
    const { outcome } = upgrade(false);
    const measureIds = new Set(outcome.rows.filter((r) => r.level === "Measure").map((r) => textOf(r.id)));
    expect(outcome.findings.filter((f) => measureIds.has(f.id))).toEqual([]);
  });

  test("defects produce the expected finding codes on the expected source rows", () => {
    const { outcome } = upgrade(true);
    const where = sampleDefectRows(60)!;
    const codesAt = (index: number) =>
      outcome.findings.filter((f) => f.sourceRow === index + 2 && f.id.startsWith("M-")).map((f) => f.code);
    expect(codesAt(where.blankOwner)).toContain("MISSING_OWNER");
    expect(codesAt(where.blankController)).toContain("MISSING_CONTROLLER");
    expect(codesAt(where.textAmount)).toContain("BAD_VALUE");
    expect(codesAt(where.unknownStage)).toContain("BAD_VALUE");
    expect(codesAt(where.blankWorkstream)).toContain("INCOMPLETE_CHAIN");
    expect(codesAt(where.duplicateName)).toContain("DUPLICATE");
    const bad = outcome.findings.filter((f) => f.code === "BAD_VALUE").map((f) => f.message);
    expect(bad.join("\n")).toMatch(/"tbd"/);
    expect(bad.join("\n")).toMatch(/"On hold"/);
  });

  test("a sheet too small for every defect gets none", () => {
    expect(sampleDefectRows(5)).toBeUndefined();
    expect(sampleClientSheet({ initiatives: 5, seed: 1, defects: true })).toEqual(
      sampleClientSheet({ initiatives: 5, seed: 1 }),
    );
  });
});
