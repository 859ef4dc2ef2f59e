/**
 * The pane's header row and mapping files over the fake Excel: another header row chosen among
 * the rows read (the command line's --header-row), and a mapping file saved by the pane read by
 * `upgrade --mapping`, one saved by `upgrade --dry-run --save-mapping` loaded into the pane, both
 * giving the same preview; bad files refused with the reason, nothing changed.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { openedTable } from "../support/paneTable";
import { createWorkbook, FakeValue, sheetValues } from "../support/fakeExcel";
import { CLIENT_TRACKER, CLIENT_TRACKER_MAPPING } from "../support/client";
import { cli, tempDir } from "../cli/helpers";
import * as commands from "../../taskpane/commands";
import { fieldLabel } from "../../taskpane/mappingSection";
import { isFailure, isRefusal, Refusal, refusalText } from "../../src/errors";
import {
  autoUpgradePlan,
  loadMappingFile,
  LoadedMapping,
  reviewUpgrade,
  upgradeSettings,
} from "../../src/governance/upgradeReview";
import { tableAtHeaderRow } from "../../src/import/headerRow";
import { acceptSuggestion, chooseColumn, startMapping } from "../../src/import/mappingState";
import { MappingPreview } from "../../src/import/preview";
import { MAPPING_USES, mappingFileText, parseMappingFile } from "../../src/import/mappingFile";
import { REGISTER_COLUMNS, SourceTable } from "../../src/governance/model";

const col = (key: string) => REGISTER_COLUMNS.findIndex((c) => c.key === key);

const opened = openedTable;

/** The fake workbook's sheet as an .xlsx of the same cells (as Excel stored them). */
async function asXlsx(rows: FakeValue[][], dir: string): Promise<string> {
  const wb = createWorkbook({ Tracker: rows }, undefined, { typed: true });
  const book = new Workbook();
  const ws = book.addWorksheet("Tracker");
  sheetValues(wb, "Tracker").forEach((r, i) => (ws.getRow(i + 1).values = r.map((v) => (v === "" ? null : v))));
  const file = path.join(dir, "tracker.xlsx");
  await book.xlsx.writeFile(file);
  return file;
}

function sure<T>(value: T | Refusal): T {
  if (isRefusal(value)) throw new Error(refusalText(value));
  return value;
}

/** The preview, without how each column came to be chosen (a file's column the headers decide anyway reads "exact" in the pane). */
const understood = (p: MappingPreview) => ({ ...p, fields: p.fields.map((f) => ({ ...f, source: null })) });

describe("the header row, chosen in the mapping table", () => {
  // Two rows of headers (a banner row over the client's own): the pane reads the first; the consultant wants the second.
  const rows: FakeValue[][] = [
    ["Initiative", "Owner", "Target Savings"],
    ["Name", "Lead", "Savings (EUR)"],
    ["Renegotiate telecom", "Ana", 1200],
    ["Cloud rightsizing", "Ben", 800],
  ];

  test("another row of the table read: the headers decide again, and the upgrade reads the rows below it", async () => {
    const { wb, run, sel } = await opened(rows, "A1");
    expect(sel.table).toEqual({ sheet: "Tracker", firstRow: 1, grid: rows });
    const shown = sel.source.headerRow;
    const source = sure(tableAtHeaderRow(sel.table, 2));
    expect(source).toEqual({ sheet: "Tracker", headerRow: 2, headers: rows[1], rows: rows.slice(2) });
    const review = reviewUpgrade(source, startMapping(autoUpgradePlan(source)), {}, fieldLabel);
    expect(review.preview.headerRow).toBe(2);
    expect(review.preview.dataRows).toBe(2);
    // "Name" names no field: the measure is unmapped, and the upgrade says which column it needs.
    expect(review.blockers).toEqual(["Choose the column of Measure: the upgrade needs it."]);
    const state = chooseColumn(startMapping(autoUpgradePlan(source)), "measure", 0);
    const out = await commands.upgradeReviewed(run, source, state, "Contoso", {}, undefined, fieldLabel);
    expect(out.message).toMatch(/^Upgraded 2 rows of "Tracker"/);
    const measures = sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    expect(measures.map((r) => [r[col("name")], r[col("sourceRow")]])).toEqual([
      ["Renegotiate telecom", 3],
      ["Cloud rightsizing", 4],
    ]);
    expect(shown).toBe(1);
  });

  test("a row outside the table read, or one with no row below, is refused naming the rows to choose", async () => {
    const { sel } = await opened(rows, "A1");
    const why = "is not a header row of the table read (rows 1 to 3, with data below)";
    for (const row of [0, 4, 9, 2.5]) {
      const refused = tableAtHeaderRow(sel.table, row);
      expect(isRefusal(refused) && refusalText(refused)).toContain(`Row ${row} ${why}`);
    }
  });
});

describe("mapping files, the command line's format both ways", () => {
  const words = "In Progress=L3, Completed=L4, Supplier Validation=L2";

  test("a file saved in the pane is read by upgrade --mapping as the pane read the table", async () => {
    const dir = tempDir();
    const { sel } = await opened();
    // The consultant confirms the project code, leaves the owner out, types gate words.
    let state = acceptSuggestion(acceptSuggestion(startMapping(sel.plan), "project"), "gate");
    state = chooseColumn(state, "owner", null);
    const review = reviewUpgrade(sel.source, state, { gateWords: words });
    expect(review.blockers).toEqual([]);
    const text = mappingFileText(upgradeSettings(sel.source, review.plan, review.reading));
    expect(JSON.parse(text)).toEqual(CLIENT_TRACKER_MAPPING);
    const mapping = path.join(dir, "tracker.mapping.json");
    fs.writeFileSync(mapping, text);
    const run = await cli("upgrade", await asXlsx(CLIENT_TRACKER, dir), "--dry-run", "--json", "--mapping", mapping);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(understood(JSON.parse(run.stdout))).toEqual(understood(review.preview));
  });

  test("a file saved by upgrade --dry-run --save-mapping loads into the pane: header row, columns, words, order", async () => {
    const dir = tempDir();
    const file = await asXlsx(CLIENT_TRACKER, dir);
    const mapping = path.join(dir, "m.json");
    const args = ["--accept-suggestions", "--gate-map", words, "--map", "owner=", "--date-order", "DMY"];
    const saved = await cli("upgrade", file, "--dry-run", "--json", "--save-mapping", mapping, ...args);
    expect(saved.code).toBe(0);
    const { run, wb, sel } = await opened();
    const settings = parseMappingFile(fs.readFileSync(mapping, "utf8"), "m.json", MAPPING_USES.upgrade);
    if (isFailure(settings)) throw new Error(settings.message);
    const loaded: LoadedMapping = sure(loadMappingFile(sel.table, sel.source.headerRow, settings, "m.json"));
    expect(loaded.reading).toEqual({
      dateOrder: "DMY",
      gateWords: "in progress=L3, completed=L4, supplier validation=L2",
    });
    expect(loaded.notes).toEqual([
      "Loaded m.json: its columns, header row, date order, decimal mark and gate words are in the table below.",
    ]);
    const review = reviewUpgrade(loaded.source, loaded.state, loaded.reading, fieldLabel);
    expect(understood(review.preview)).toEqual(understood(JSON.parse(saved.stdout)));
    // The upgrade writes what the file says: gates from the words, no owner.
    const out = await commands.upgradeReviewed(run, loaded.source, loaded.state, "Contoso", loaded.reading);
    expect(out.ok).toBe(true);
    const measures = sheetValues(wb, "Register").filter((r) => r[col("level")] === "Measure");
    expect(measures.map((r) => [r[col("gate")], r[col("owner")]])).toEqual([
      ["L3 Implementing", ""],
      ["L4 Realized", ""],
      ["L3 Implementing", ""],
      ["L2 Validated", ""],
    ]);
  });

  test("the file's header row is the one used; a file for another sheet says so", async () => {
    const { sel } = await opened();
    const settings = { sheet: "Tracker FY24", headerRow: 2, columns: { measure: "Lead" }, values: {} };
    const loaded = sure(loadMappingFile(sel.table, 7, settings, "old.json"));
    expect(loaded.source.headerRow).toBe(2);
    expect(loaded.notes[1]).toBe(
      'old.json was saved for sheet "Tracker FY24"; it is applied to the table selected on "Tracker".',
    );
    const plan = reviewUpgrade(loaded.source, loaded.state, loaded.reading).plan;
    expect(plan.mapping.measure).toBe(2);
    expect(plan.source.measure).toBe("chosen");
  });

  test("bad files are refused with the reason, naming the header row and its headers when they do not fit", async () => {
    const { sel } = await opened();
    const refusedText = (text: string) => {
      const settings = parseMappingFile(text, "m.json", MAPPING_USES.upgrade);
      if (isFailure(settings)) return settings.message;
      const loaded = loadMappingFile(sel.table, sel.source.headerRow, settings, "m.json");
      return isRefusal(loaded) ? refusalText(loaded) : "loaded";
    };
    expect(refusedText("{ columns: }")).toMatch(/^the mapping file m\.json: not JSON \(/);
    expect(refusedText('{"colums": {}}')).toBe(
      'the mapping file m.json: unknown key "colums"; keys are version, sheet, headerRow, columns, values, dateOrder, decimal.',
    );
    expect(refusedText('{"dateOrder": "YMD"}')).toBe('the mapping file m.json: "dateOrder" must be "DMY" or "MDY".');
    // An entry the upgrade would not read is refused, never ignored (the command line's --mapping alike).
    expect(refusedText('{"values": {"status": {"Open": "L1"}}}')).toBe(
      'the mapping file m.json: "values" gives a value map for "status", but upgrade maps the values of "gate" only; remove that entry (it would be ignored).',
    );
    expect(refusedText('{"columns": {"measure": "Initiativ"}}')).toBe(
      'The mapping file m.json does not fit the selected table: header "Initiativ" not found. Header row 2 of "Tracker": ' +
        '"Project Code", "Initiative", "Lead", "Status", "Target Savings", "Due Date", "Notes <img src=x onerror=alert(3)>". ' +
        "Nothing was changed; choose the header row, or load the file saved for this table.",
    );
    expect(refusedText('{"columns": {"measure": "Lead", "owner": "Lead"}}')).toContain(
      'the column "Lead" is chosen for both measure and owner',
    );
    expect(refusedText('{"headerRow": 12}')).toContain("Row 12 is not a header row of the table read (rows 1 to 6");
    expect(refusedText('{"values": {"gate": {"Done": "L9"}}}')).toContain('"Done=L9" does not map a value');
    expect(refusedText('{"values": {"gate": {"Done, signed": "L5"}}}')).toBe(
      'The mapping file m.json: the gate word "Done, signed" holds a comma, which the gate words cannot hold; rename it in the file.',
    );
    expect(refusedText('{"columns": {"measure": "Initiative"}}')).toBe("loaded");
  });

  test("the table read is never changed by choosing rows or loading files", async () => {
    const { sel, wb } = await opened();
    const before = JSON.stringify(sel.table);
    const source: SourceTable = sure(tableAtHeaderRow(sel.table, 1));
    (source.rows[0] as FakeValue[])[0] = "changed";
    sure(loadMappingFile(sel.table, 2, { headerRow: 1, columns: {}, values: {} }, "m.json"));
    expect(JSON.stringify(sel.table)).toBe(before);
    expect(wb.syncs).toBe(1);
  });
});
