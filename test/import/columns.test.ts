/** Column mapping for every importer: exact headers apply, partial ones are suggestions, choices win. */
import fc from "fast-check";
import { foldHeader, headerScore, planColumns } from "../../src/import/columns";
import { readMonth } from "../../src/import/report";

const FIELDS = ["project", "measure", "forecast"] as const;
const SYN = { project: ["initiative group"], measure: ["initiative"], forecast: ["forecast savings"] };

describe("planColumns", () => {
  test("exact headers (case, spaces, units ignored) apply; partial ones are suggestions", () => {
    const plan = planColumns(["Project Code", " Initiative ", "Forecast (EUR)"], [], FIELDS, SYN);
    expect(plan.mapping).toEqual({ measure: 1, forecast: 2 });
    expect(plan.source).toEqual({ measure: "exact", forecast: "exact" });
    expect(plan.suggestions).toEqual([{ field: "project", column: 0, why: 'header starts with "project"' }]);
    expect(planColumns(["Project Code"], [], FIELDS, SYN, true).mapping).toEqual({ project: 0 });
  });

  test("a choice wins, FIELD= clears, one column for two fields is a problem naming both", () => {
    const plan = planColumns(
      ["Project", "Initiative", "Alt"],
      [
        { field: "measure", header: "alt" },
        { field: "project", header: "" },
        { field: "forecast", header: "Alt" },
        { field: "colour", header: "x" },
        { field: "forecast", header: "Nope" },
      ],
      FIELDS,
      SYN,
    );
    expect(plan.mapping).toEqual({ measure: 2 });
    expect(plan.cleared).toEqual(["project"]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'the column "Alt" is chosen for both measure and forecast; a column feeds one field',
      'unknown field "colour"; fields are project, measure, forecast',
      'header "Nope" not found',
    ]);
  });

  test("property: a column never feeds two fields", () => {
    const header = fc.constantFrom("Project", "Initiative", "Forecast", "Project Code", "Initiative Name", "x", "");
    fc.assert(
      fc.property(fc.array(header, { maxLength: 8 }), fc.boolean(), (headers, accept) => {
        const cols = Object.values(planColumns(headers, [], FIELDS, SYN, accept).mapping);
        expect(new Set(cols).size).toBe(cols.length);
      }),
    );
  });
});

describe("headerScore", () => {
  test("exact matches count double: the header row beats a title block", () => {
    expect(headerScore(["Savings tracker 2024"], FIELDS, SYN)).toBe(0);
    expect(headerScore(["Project", "Initiative"], FIELDS, SYN)).toBe(4);
    expect(headerScore(["Project Code", "Initiative"], FIELDS, SYN)).toBe(3);
    expect(foldHeader("  Baseline Cost (EUR) ")).toBe("baseline cost");
  });
});

describe("readMonth", () => {
  test("the month of a report's period cell, in the usual spellings", () => {
    for (const v of ["2024-03", "03/2024", "2024/3", "Mar 2024", "March 2024", "mar-24", "2024-03-17", 45368]) {
      expect([v, readMonth(v)]).toEqual([v, 45352]);
    }
    expect(readMonth("Smarch 2024")).toBeUndefined();
    expect(readMonth("2024-13")).toBeUndefined();
  });
});
