/** Suggestions from a column's content: shown, never applied without the user's word. */
import { applyUpgradeChoices } from "../../src/governance/mapping";
import { withContentSuggestions } from "../../src/import/content";

const headers = ["Initiative", "Code", "Wann", "Einsparung", "Reifegrad", "Notiz"];
const rows = [
  ["Cut licences", "S-101", "31.01.2025", "1.200,50", "L2 Validated", "ok"],
  ["Move to cloud", "S-102", "28.02.2025", "45000", "L3 Implementing", "late"],
  ["Renegotiate", "S-103", "15.03.2025", "980", "L1 Identified", ""],
  ["Drop seats", "S-104", "30.04.2025", "12", "L2 Validated", "ok"],
];

describe("content suggestions", () => {
  test("codes, dates, amounts and gate words are suggested for unmapped fields; nothing is applied", () => {
    const plan = applyUpgradeChoices(headers, rows, []);
    expect(plan.mapping).toEqual({ measure: 0 });
    expect(plan.suggestions).toEqual([
      { field: "source_id", column: 1, why: "its values are unique codes (4 sampled)" },
      { field: "due", column: 2, why: "its values are dates (4 sampled)" },
      { field: "planned", column: 3, why: "its values are amounts (4 sampled)" },
      { field: "gate", column: 4, why: "its values are gates (4 sampled)" },
    ]);
  });

  test("--accept-suggestions applies them (source: suggestion); a --map choice wins over them", () => {
    const accepted = applyUpgradeChoices(headers, rows, [], { acceptSuggestions: true });
    expect(accepted.mapping).toEqual({ measure: 0, source_id: 1, due: 2, planned: 3, gate: 4 });
    expect(accepted.source.planned).toBe("suggestion");
    const chosen = applyUpgradeChoices(headers, rows, [{ field: "forecast", header: "Einsparung" }]);
    expect(chosen.mapping).toEqual({ measure: 0, forecast: 3 });
    expect(chosen.suggestions.map((s) => s.field)).toEqual(["source_id", "due", "gate"]);
  });

  test("FIELD= keeps a field out of the suggestions; repeated codes, free text and small counts suggest nothing", () => {
    const cleared = applyUpgradeChoices(headers, rows, [{ field: "due", header: "" }]);
    expect(cleared.suggestions.map((s) => s.field)).toEqual(["source_id", "done", "planned", "gate"]);
    const plain = applyUpgradeChoices(
      ["Initiative", "Project", "Comment", "Count"],
      [
        ["A", "P-1", "fine", 1],
        ["B", "P-1", "so so", 2],
        ["C", "P-2", "fine", 3],
      ],
      [],
    );
    expect(plain.suggestions).toEqual([]);
  });

  test("Excel date serials read as dates, not amounts; fewer than three values suggest nothing", () => {
    const plan = applyUpgradeChoices(
      ["Initiative", "Termin"],
      [
        ["A", 45658],
        ["B", 45689],
        ["C", 45717],
      ],
      [],
    );
    expect(plan.suggestions).toEqual([{ field: "due", column: 1, why: "its values are dates (3 sampled)" }]);
    const few = withContentSuggestions(
      { mapping: {}, source: {}, suggestions: [], cleared: [], problems: [] },
      [[1], [2]],
      [{ name: "numbers", fields: ["x"], fits: () => true }],
      false,
    );
    expect(few.suggestions).toEqual([]);
  });
});
