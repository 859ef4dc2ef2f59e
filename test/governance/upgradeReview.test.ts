/** The upgrade as the task pane reviews it: the preview of the mapping being edited, and why it cannot run yet. */
import { SourceTable } from "../../src/governance/model";
import { autoUpgradePlan, reviewUpgrade, upgradeSettings } from "../../src/governance/upgradeReview";
import { acceptSuggestion, chooseColumn, startMapping } from "../../src/import/mappingState";

const tracker: SourceTable = {
  sheet: "Tracker",
  headerRow: 3,
  headers: ["Project Code", "Name", "Status", "Target Savings", "Due Date"],
  rows: [
    ["P-1", "Renegotiate telecom", "In Progress", "1,200.50", "03/04/2025"],
    ["P-2", "Cloud rightsizing", "Completed", 800, "05/06/2025"],
    [null, null, null, null, null],
    ["P-3", "Print fleet", "L3", "tbd", "07/08/2025"],
    ["P-4", "Travel policy", "Supplier Validation", 300, "09/10/2025"],
  ],
};
const LABELS: Record<string, string> = { measure: "Measure", due: "Milestone due", owner: "Owner" };
const label = (f: string) => LABELS[f] ?? f;

describe("reviewUpgrade", () => {
  test("untouched: only exact headers apply; the partial header and the free-text status are suggestions", () => {
    const review = reviewUpgrade(tracker, startMapping(autoUpgradePlan(tracker)), {}, label);
    expect(review.plan.mapping).toEqual({ planned: 3, due: 4 });
    expect(review.preview.suggestions.map((s) => [s.field, s.column, s.header])).toEqual([
      ["project", "A", "Project Code"],
      ["gate", "C", "Status"],
    ]);
    expect(review.preview.suggestions[1].why).toContain('its values are not gates (such as "In Progress")');
    expect(review.preview.missing).toEqual(["measure"]);
    expect(review.blockers[0]).toBe("Choose the column of Measure: the upgrade needs it.");
  });

  test("the preview reads as the upgrade will: amounts parsed, 4 data rows, three samples, bad values marked", () => {
    const state = chooseColumn(startMapping(autoUpgradePlan(tracker)), "measure", 1);
    const { preview } = reviewUpgrade(tracker, state, { dateOrder: "DMY" }, label);
    expect(preview.dataRows).toBe(4);
    const planned = preview.fields.find((f) => f.field === "planned")!;
    expect(planned).toMatchObject({ column: "D", header: "Target Savings", source: "exact", filled: 4, parsed: 3 });
    expect(planned.samples).toEqual(["1200.5", "800", "tbd (not read)"]);
    const measure = preview.fields.find((f) => f.field === "measure")!;
    expect(measure).toMatchObject({ column: "B", source: "chosen", required: true, parsed: 4 });
  });

  test("an ambiguous date column blocks the upgrade until a date order is chosen; then it reads that way", () => {
    const state = chooseColumn(startMapping(autoUpgradePlan(tracker)), "measure", 1);
    const open = reviewUpgrade(tracker, state, {}, label);
    expect(open.blockers).toEqual([
      'Milestone due (column E): dates such as "03/04/2025" read both as day/month and as month/day; choose the date order (dates are never guessed).',
    ]);
    expect(open.preview.fields.find((f) => f.field === "due")!.note).toBe("order not settled: choose the date order");
    const dmy = reviewUpgrade(tracker, state, { dateOrder: "DMY" }, label);
    expect(dmy.blockers).toEqual([]);
    const due = dmy.preview.fields.find((f) => f.field === "due")!;
    expect(due.samples).toEqual(["2025-04-03", "2025-06-05", "2025-08-07"]);
    expect(due.note).toBe("DMY (given)");
    const mdy = reviewUpgrade(tracker, state, { dateOrder: "MDY" }, label);
    expect(mdy.preview.fields.find((f) => f.field === "due")!.samples[0]).toBe("2025-03-04");
  });

  test("a day above 12 settles the order without a choice, and the note says so", () => {
    const table: SourceTable = {
      ...tracker,
      headers: ["Initiative", "Due Date"],
      rows: [
        ["A", "30.09.2024"],
        ["B", "01.10.2024"],
      ],
    };
    const review = reviewUpgrade(table, startMapping(autoUpgradePlan(table)), {}, label);
    expect(review.blockers).toEqual([]);
    const due = review.preview.fields.find((f) => f.field === "due")!;
    expect(due.note).toBe('DMY (inferred: "30.09.2024" has a day above 12)');
    expect(due.samples).toEqual(["2024-09-30", "2024-10-01"]);
  });

  test("gate words make the Status column a confident gate, as --gate-map does; a bad pair blocks, naming it", () => {
    const state = chooseColumn(startMapping(autoUpgradePlan(tracker)), "measure", 1);
    const words = "In Progress=L3, Completed=L4";
    const review = reviewUpgrade(tracker, state, { dateOrder: "DMY", gateWords: words }, label);
    expect(review.blockers).toEqual([]);
    expect(review.reading.gateMap?.get("in progress")).toBe("L3 Implementing");
    expect(review.preview.suggestions.map((s) => s.field)).toEqual(["project"]);
    const gate = review.preview.fields.find((f) => f.field === "gate")!;
    expect(gate).toMatchObject({ source: "exact", filled: 4, parsed: 3, note: "gate map: 2 value(s)" });
    expect(gate.samples).toEqual(["L3 Implementing", "L4 Realized", "L3 Implementing"]);
    const bad = reviewUpgrade(
      tracker,
      acceptSuggestion(state, "gate"),
      { dateOrder: "DMY", gateWords: "In Progress=L9" },
      label,
    );
    expect(bad.blockers).toEqual([
      'Gate words: "In Progress=L9" does not map a value to one of the gates L0..L5 (write VALUE=TARGET pairs separated by commas, such as "In Progress=L3,Completed=L5").',
    ]);
    expect(bad.reading.gateMap).toBeUndefined();
  });

  test("an accepted suggestion is used; one column for two fields blocks, naming both", () => {
    let state = chooseColumn(startMapping(autoUpgradePlan(tracker)), "measure", 1);
    state = acceptSuggestion(state, "project");
    const accepted = reviewUpgrade(tracker, state, { dateOrder: "DMY" }, label);
    expect(accepted.plan.mapping.project).toBe(0);
    expect(accepted.preview.fields.find((f) => f.field === "project")!.source).toBe("suggestion");
    expect(accepted.preview.suggestions.map((s) => s.field)).toEqual(["gate"]);
    const twice = reviewUpgrade(tracker, chooseColumn(state, "owner", 1), { dateOrder: "DMY" }, label);
    expect(twice.blockers).toEqual([
      'Choose one field for each column: the column "Name" is chosen for both measure and owner; a column feeds one field.',
    ]);
  });

  test("a header that heads two columns blocks the mapping until the user picks one in the table (C12)", () => {
    const twin: SourceTable = {
      ...tracker,
      headers: ["Project Code", "Name", "Status", "Target Savings", "target  savings"],
    };
    const named = chooseColumn(startMapping(autoUpgradePlan(twin)), "measure", 1);
    const untouched = reviewUpgrade(twin, named, {}, label);
    expect(untouched.plan.mapping.planned).toBe(3);
    expect(untouched.blockers).toEqual([
      'Columns D and E are both headed "Target Savings": choose the one that is the planned in the table.',
    ]);
    const picked = reviewUpgrade(twin, chooseColumn(named, "planned", 4), {}, label);
    expect(picked.blockers).toEqual([]);
    expect(picked.plan.mapping.planned).toBe(4);
    // Saved, the choice names the column by its letter, so the file reads back the same column.
    expect(upgradeSettings(twin, picked.plan, {}).columns.planned).toBe("col:E");
  });
});
