/**
 * The project's main integration test: the built custom-functions bundle, loaded as Excel
 * loads it, registers every id of functions.json, and answers Excel-shaped calls.
 */
import * as acorn from "acorn";
import * as fs from "fs";
import * as path from "path";
import { DIST, isExcelError, loadBundle } from "../support/bundle";

describe("dist/functions.js in a bare custom-functions context", () => {
  const bundle = loadBundle();

  test("associates exactly the ids in functions.json", () => {
    const ids = bundle.metadata.functions.map((f) => f.id).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect([...bundle.functions.keys()].sort()).toEqual(ids);
  });

  test("every id is upper case under the GOV namespace rules", () => {
    for (const f of bundle.metadata.functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9_.]*$/);
      expect(f.name).toBe(f.id);
    }
  });

  test("parses as ES2017 and never calls BigInt (older Excel engines)", () => {
    const code = fs.readFileSync(path.join(DIST, "functions.js"), "utf8");
    expect(() => acorn.parse(code, { ecmaVersion: 2017, sourceType: "script" })).not.toThrow();
    expect(code).not.toMatch(/\bBigInt\s*\(/);
  });

  test("stays under the 300 KB budget", () => {
    expect(fs.statSync(path.join(DIST, "functions.js")).size).toBeLessThan(300 * 1024);
  });

  test("range parameters are declared 2-D (a 1-D type would become a repeating parameter)", () => {
    for (const f of bundle.metadata.functions) {
      for (const p of f.parameters) expect(["scalar", "matrix", undefined]).toContain(p.dimensionality);
    }
  });

  describe("GOV.OLA_GAP", () => {
    test("subtracts the OLA chain from the SLA target exactly", () => {
      expect(bundle.call("OLA_GAP", 8, [[2.1], [5.9]])).toBe(0);
      expect(bundle.call("OLA_GAP", 4, [[1, 2, 2]])).toBe(-1);
      expect(bundle.call("OLA_GAP", [[24]], [[4], [""], [null], [8]])).toBe(12);
    });
    test("rejects text in the range with its position", () => {
      const e = bundle.call("OLA_GAP", 8, [[1], ["two"]]);
      expect(isExcelError(e, "#VALUE!", "ola_targets (row 2, column 1)")).toBe(true);
    });
    test("rejects a blank SLA target and a negative OLA target", () => {
      expect(isExcelError(bundle.call("OLA_GAP", null, [[1]]), "#VALUE!", "sla_target")).toBe(true);
      expect(isExcelError(bundle.call("OLA_GAP", 8, [[-1]]), "#VALUE!", "must not be negative")).toBe(true);
    });
  });
});
