/** Column mapping for every importer: exact headers apply, partial ones are suggestions, choices win. */
import fc from "fast-check";
import { choiceText, foldHeader, headerScore, letterChoice, planColumns } from "../../src/import/columns";
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

  test("a field read from a column whose header another column repeats is refused naming them all (C12)", () => {
    const headers = ["Initiative", "Forecast", "forecast ", "Project"];
    const plan = planColumns(headers, [], FIELDS, SYN);
    expect(plan.problems).toEqual([
      {
        field: "forecast",
        message:
          'columns B and C are both headed "Forecast", so the forecast column is ambiguous; choose one by its letter (--map forecast=col:B, or "forecast": "col:B" in a mapping file), or rename all but one',
        sameHeader: [1, 2],
      },
    ]);
    // Chosen by the header text, the column is just as ambiguous.
    expect(planColumns(headers, [{ field: "forecast", header: "Forecast" }], FIELDS, SYN).problems).toHaveLength(1);
    // A repeated header no field reads is no problem.
    expect(planColumns(["Initiative", "Note", "Note"], [], FIELDS, SYN).problems).toEqual([]);
  });

  test("col:C chooses a column by its letter, whatever its header (the way out of a repeated header)", () => {
    const headers = ["Initiative", "Forecast", "Forecast", "Project"];
    const plan = planColumns(headers, [{ field: "forecast", header: "col:c" }], FIELDS, SYN);
    expect(plan.problems).toEqual([]);
    expect(plan.mapping).toEqual({ measure: 0, forecast: 2, project: 3 });
    expect(plan.source.forecast).toBe("chosen");
    // Any header: a blank one, or one another field would match.
    expect(planColumns(["", "Initiative"], [{ field: "project", header: " COL: A " }], FIELDS, SYN).mapping).toEqual({
      project: 0,
      measure: 1,
    });
    expect(planColumns(headers, [{ field: "forecast", header: "col:Z" }], FIELDS, SYN).problems[0]).toEqual({
      field: "forecast",
      message: "there is no column Z: the header row ends at column D",
    });
    expect(
      planColumns(
        headers,
        [
          { field: "measure", header: "col:B" },
          { field: "forecast", header: "col:B" },
        ],
        FIELDS,
        SYN,
      ).problems[0].message,
    ).toBe('the column "Forecast" is chosen for both measure and forecast; a column feeds one field');
  });

  test("letterChoice and choiceText: a choice names a column by header when that is unique, else by letter", () => {
    expect([letterChoice("col:A"), letterChoice("col:ab"), letterChoice("Colour"), letterChoice("col:1")]).toEqual([
      0,
      27,
      undefined,
      undefined,
    ]);
    const headers = ["Status", "Key", "status", ""];
    expect(headers.map((_, c) => choiceText(headers, c))).toEqual(["col:A", "Key", "col:C", "col:D"]);
    // What choiceText writes, planColumns reads back as the same column.
    for (let c = 0; c < headers.length; c++) {
      const plan = planColumns(headers, [{ field: "measure", header: choiceText(headers, c) }], FIELDS, SYN);
      expect(plan.mapping.measure).toBe(c);
    }
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
