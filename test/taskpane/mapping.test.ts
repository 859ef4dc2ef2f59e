/**
 * The pane's mapping table over the fake Excel: the selected table read once (Excel's region
 * stops at a blank row, the pane reads on; cells are what an en-US Excel stores for what a user
 * typed), the preview src/ builds from it, a mapping changed, and the upgrade writing with it.
 */
import { openedTable } from "../support/paneTable";
import { createWorkbook, FakeValue, sheetValues, typed } from "../support/fakeExcel";
import * as commands from "../../taskpane/commands";
import { fieldLabel } from "../../taskpane/mappingSection";
import { isRefusal, refusalText } from "../../src/errors";
import { reviewUpgrade } from "../../src/governance/upgradeReview";
import { acceptSuggestion, chooseColumn, startMapping } from "../../src/import/mappingState";
import { REGISTER_COLUMNS } from "../../src/governance/model";
import { CLIENT_TRACKER } from "../support/client";

const TRACKER: FakeValue[][] = CLIENT_TRACKER;

const col = (key: string) => REGISTER_COLUMNS.findIndex((c) => c.key === key);

const opened = openedTable;

describe("the fake Excel stores typed cells as en-US Excel does", () => {
  test("its own date forms become serials, numbers numbers; other date forms stay text", () => {
    expect(typed("9/30/2024")).toEqual({ value: 45565 });
    expect(typed("2024-11-05")).toEqual({ value: 45601 });
    expect(typed("15.10.2024")).toEqual({ value: "15.10.2024" });
    expect(typed("30/09/2024")).toEqual({ value: "30/09/2024" });
    expect(typed("2/30/2024")).toEqual({ value: "2/30/2024" });
    expect(typed("0042")).toEqual({ value: 42 });
    expect(typed("'0042")).toEqual({ value: "0042" });
  });
});

describe("the mapping table's preview, from one read of the selection", () => {
  test("sheet and header row (below the title), rows read on past the blank row, as stored", async () => {
    const { wb, sel } = await opened();
    expect(wb.syncs).toBe(1);
    expect(sel.source.headerRow).toBe(2);
    expect(sel.source.headers).toEqual(TRACKER[1]);
    expect(sel.note).toBe(
      '4 rows from "Tracker" A2:G7 (header in row 2). Check the suggested columns; the source sheet is never changed. ' +
        "Row 1, above the header, is not part of the table (a title or a note). " +
        "Row 5 is blank and skipped; the table was read on past it to row 7. If the table ends earlier, select exactly its cells and choose Upgrade again.",
    );
    // What Excel stored: the US dates and the amounts are numbers, "15.10.2024" is text.
    expect(sel.source.rows[0].slice(0, 6)).toEqual([42, "Renegotiate telecom", "Ana", "In Progress", 1200, 45565]);
    expect(sel.source.rows[1][5]).toBe("15.10.2024");
  });

  test("a data row holding a field's word does not become the header of a table whose headers name none", async () => {
    const rows: FakeValue[][] = [
      ["Ref", "Zone", "What"],
      ["1", "Finance", "Invoice OCR"],
      ["2", "IT", "Cloud"],
    ];
    const { sel } = await opened(rows, "A1");
    expect(sel.source.headerRow).toBe(1);
    expect(sel.source.rows.length).toBe(2);
    expect(sel.note).not.toContain("not part of the table");
  });

  test("only exact headers apply; the partial header and the free-text status wait for confirmation", async () => {
    const { sel } = await opened();
    expect(sel.plan.mapping).toEqual({ measure: 1, owner: 2, planned: 4, due: 5 });
    expect(sel.suggestion).toEqual(sel.plan.mapping);
    const { preview, blockers } = reviewUpgrade(sel.source, startMapping(sel.plan), {}, fieldLabel);
    expect(blockers).toEqual([]);
    expect(preview).toMatchObject({ sheet: "Tracker", headerRow: 2, dataRows: 4 });
    expect(preview.suggestions.map((s) => `${s.field} <- ${s.column} ${s.header}`)).toEqual([
      "project <- A Project Code",
      "gate <- D Status",
    ]);
    const due = preview.fields.find((f) => f.field === "due")!;
    // Date cells as they are, text dates in the order the column shows (a day above 12).
    expect(due.samples).toEqual(["2024-09-30", "2024-10-15", "2024-11-05"]);
    expect(due).toMatchObject({ filled: 4, parsed: 4, note: 'DMY (inferred: "15.10.2024" has a day above 12)' });
    const planned = preview.fields.find((f) => f.field === "planned")!;
    expect(planned).toMatchObject({ samples: ["1200", "800", "tbd (not read)"], filled: 4, parsed: 3 });
    expect(preview.unmapped).toContain("project");
    expect(preview.unmapped).toContain("gate");
  });

  test("a changed mapping is what the upgrade writes: a suggestion accepted, a column moved, one left out", async () => {
    const { wb, run, sel } = await opened();
    const before = sheetValues(wb, "Tracker");
    let state = acceptSuggestion(startMapping(sel.plan), "project");
    state = chooseColumn(state, "owner", null);
    state = chooseColumn(state, "controller", 2);
    const out = await commands.upgradeReviewed(run, sel.source, state, "Contoso", {}, undefined, fieldLabel);
    expect(out.message).toMatch(/^Upgraded 4 rows of "Tracker"/);
    expect(wb.syncs).toBe(3);
    const register = sheetValues(wb, "Register");
    const measures = register.filter((r) => r[col("level")] === "Measure");
    expect(measures.map((r) => [r[col("name")], r[col("owner")], r[col("controller")], r[col("due")]])).toEqual([
      ["Renegotiate telecom", "", "Ana", 45565],
      ["Cloud rightsizing", "", "Ben", 45580],
      ["Print fleet", "", "Chen", 45601],
      ["Travel policy", "", "Dee", 45627],
    ]);
    // The accepted suggestion made the projects, named as Excel stored the codes.
    const projects = register.filter((r) => r[col("level")] === "Project").map((r) => r[col("name")]);
    expect(projects).toEqual(["42", "P-002", "P-003", "P-004"]);
    // Status stayed a suggestion: no gate was read from its free text.
    expect(measures.every((r) => r[col("gate")] === "")).toBe(true);
    expect(sheetValues(wb, "Tracker")).toEqual(before);
  });

  test("gate words typed in the pane read the free-text Status once its suggestion is accepted", async () => {
    const { wb, run, sel } = await opened();
    const state = acceptSuggestion(startMapping(sel.plan), "gate");
    const words = "In Progress=L3, Completed=L4, Supplier Validation=L2";
    const out = await commands.upgradeReviewed(run, sel.source, state, "Contoso", { gateWords: words });
    expect(out.ok).toBe(true);
    const measures = sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    expect(measures.map((r) => r[col("gate")])).toEqual([
      "L3 Implementing",
      "L4 Realized",
      "L3 Implementing",
      "L2 Validated",
    ]);
  });

  test("amounts typed with a currency stay text in Excel; the decimal mark chosen reads them", async () => {
    const rows: FakeValue[][] = [
      ["Initiative", "Target Savings"],
      ["Renegotiate telecom", "1.200 €"],
      ["Cloud rightsizing", "2.500,50 €"],
    ];
    const { sel } = await opened(rows, "A1");
    expect(sel.source.rows.map((r) => r[1])).toEqual(["1.200 €", "2.500,50 €"]);
    const state = startMapping(sel.plan);
    const planned = (decimal?: "," | ".") =>
      reviewUpgrade(sel.source, state, { decimal }).preview.fields.find((f) => f.field === "planned")!;
    expect(planned()).toMatchObject({ parsed: 1, samples: ["1.200 € (not read)", "2500.5"] });
    expect(planned(",")).toMatchObject({ parsed: 2, samples: ["1200", "2500.5"] });
  });

  test("a mapped row ID finds each measure again after the client sorted the table: nothing duplicated", async () => {
    const rows: FakeValue[][] = [
      ["Ref", "Initiative", "Target Savings"],
      ["INI-001", "Renegotiate telecom", 1200],
      ["INI-002", "Cloud rightsizing", 800],
    ];
    const { wb, run, sel } = await opened(rows, "A1");
    expect(sel.plan.mapping.source_id).toBe(0);
    expect((await commands.upgradeReviewed(run, sel.source, startMapping(sel.plan), "Contoso")).ok).toBe(true);
    const first = sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    expect(
      sheetValues(wb, "Source IDs")
        .slice(1)
        .map((r) => r.slice(1)),
    ).toEqual([
      ["INI-001", first[0][col("id")]],
      ["INI-002", first[1][col("id")]],
    ]);
    // The client sorts by savings and renames one: each row is found by its ID, not its place.
    const sorted: FakeValue[][] = [
      rows[0],
      ["INI-002", "Cloud rightsizing", 800],
      ["INI-001", "Telecom renegotiation", 1200],
    ];
    const sheet = wb.sheets.find((s) => s.name === "Tracker")!;
    const again = createWorkbook({ Tracker: sorted });
    sheet.cells = again.sheets[0].cells;
    const next = await commands.readSelectedTable(run);
    if (isRefusal(next)) throw new Error(refusalText(next));
    const out = await commands.upgradeReviewed(run, next.source, startMapping(next.plan), "Contoso");
    expect(out.ok).toBe(true);
    const measures = sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    expect(measures.length).toBe(2);
    expect(measures.map((r) => r[col("id")])).toEqual(first.map((r) => r[col("id")]));
  });

  test("a re-upgrade with a different mapping updates the measures it made (by sheet and row): nothing duplicated", async () => {
    const { wb, run, sel } = await opened();
    // First run: the headers' own mapping (no project column: one placeholder project).
    expect((await commands.upgradeReviewed(run, sel.source, startMapping(sel.plan), "Contoso")).ok).toBe(true);
    const measuresOf = () => sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    const first = measuresOf();
    expect(first.map((r) => [r[col("name")], r[col("sourceSheet")], r[col("sourceRow")]])).toEqual([
      ["Renegotiate telecom", "Tracker", 3],
      ["Cloud rightsizing", "Tracker", 4],
      ["Print fleet", "Tracker", 6],
      ["Travel policy", "Tracker", 7],
    ]);
    // Second run, the mapping changed: the project code now makes projects, the owner left out.
    const again = await commands.readSelectedTable(run);
    if (isRefusal(again)) throw new Error(refusalText(again));
    const state = chooseColumn(acceptSuggestion(startMapping(again.plan), "project"), "owner", null);
    const out = await commands.upgradeReviewed(run, again.source, state, "Contoso");
    expect(out.ok).toBe(true);
    const second = measuresOf();
    expect(second.length).toBe(4);
    expect(second.map((r) => r[col("id")])).toEqual(first.map((r) => r[col("id")]));
    // The same measures moved under the projects the new mapping names (through their packages).
    const byId = new Map(sheetValues(wb, "Register").map((r) => [r[col("id")], r]));
    const projectOf = (r: FakeValue[]): FakeValue => {
      const parent = byId.get(r[col("parentId")]);
      return !parent ? "" : parent[col("level")] === "Project" ? parent[col("name")] : projectOf(parent);
    };
    expect(second.map(projectOf)).toEqual(["42", "P-002", "P-003", "P-004"]);
  });

  test("while a required field is unmapped the upgrade is refused, writing nothing, with the reason", async () => {
    const { wb, run, sel } = await opened();
    const state = chooseColumn(startMapping(sel.plan), "measure", null);
    const out = await commands.upgradeReviewed(run, sel.source, state, "Contoso", {}, undefined, fieldLabel);
    expect(out).toEqual({ ok: false, message: "Choose the column of Measure: the upgrade needs it." });
    expect(wb.syncs).toBe(1);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Tracker"]);
  });

  test("text dates that read both ways wait for a date order; the order chosen is the one written", async () => {
    const rows: FakeValue[][] = [
      ["Initiative", "Due Date"],
      ["Renegotiate telecom", "03.04.2025"],
      ["Cloud rightsizing", "04.03.2025"],
    ];
    const { wb, run, sel } = await opened(rows, "A1");
    const state = startMapping(sel.plan);
    const refused = await commands.upgradeReviewed(run, sel.source, state, "Contoso", {}, undefined, fieldLabel);
    expect(refused.ok).toBe(false);
    expect(refused.message).toBe(
      'Milestone due (column B): dates such as "03.04.2025" read both as day/month and as month/day; choose the date order (dates are never guessed).',
    );
    expect(wb.sheets.map((s) => s.name)).toEqual(["Tracker"]);
    const out = await commands.upgradeReviewed(run, sel.source, state, "Contoso", { dateOrder: "DMY" });
    expect(out.ok).toBe(true);
    const register = sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    expect(register.map((r) => r[col("due")])).toEqual([45750, 45720]);
  });
});
