/**
 * The Tickets view's mapping table over the fake Excel: the selected export read once, the
 * preview src/ builds from it (the command line's `tickets --dry-run`), a mapping changed, and
 * the clock run with exactly that mapping; a one-row-per-ticket export, a process log's
 * START/END, and exports that would measure nothing.
 */
import * as fs from "fs";
import * as path from "path";
import { createWorkbook, fakeRun, FakeValue, sheetValues } from "../support/fakeExcel";
import * as commands from "../../taskpane/commands";
import { isRefusal, refusalText } from "../../src/errors";
import { autoExportPlan, reviewExport } from "../../src/tickets/review";
import { tableAtHeaderRow } from "../../src/import/headerRow";
import { loadTicketMapping, ticketMappingSettings } from "../../src/tickets/mappingFile";
import { MAPPING_USES, mappingFileText, parseMappingFile } from "../../src/import/mappingFile";
import { isFailure } from "../../src/errors";
import { Workbook } from "exceljs";
import { acceptSuggestion, chooseColumn, startMapping } from "../../src/import/mappingState";
import { cli, tempDir } from "../cli/helpers";

const SETTINGS = { start: "New", pause: "On Hold", stop: "Resolved", targets: "P1=4, P2=8" };

async function selected(rows: FakeValue[][], address = "A1") {
  const wb = createWorkbook({ Export: rows }, { sheet: "Export", address });
  const run = fakeRun(wb);
  const source = await commands.readSelectedExport(run);
  if (isRefusal(source)) throw new Error(refusalText(source));
  return { wb, run, source };
}

/** A ServiceNow list export: one row per ticket, a title above it, text times day first. */
const LIST: FakeValue[][] = [
  ["Incidents closed in March (list export)"],
  ["Number", "Priority", "State", "Opened", "Updated", "Resolved"],
  ["INC1", "P1", "Resolved", "04/03/2024 09:00", "04/03/2024 12:00", "04/03/2024 11:00"],
  ["INC2", "P2", "Resolved", "13/03/2024 10:00", "13/03/2024 20:00", "13/03/2024 19:30"],
  ["INC3", "P1", "In Progress", "28/03/2024 08:00", "28/03/2024 09:00", ""],
];

describe("the Tickets mapping table", () => {
  test("what the clock will read: header row below the title, columns, three times as read, suggestions", async () => {
    const { wb, source } = await selected(LIST, "B4");
    expect(wb.syncs).toBe(1);
    expect(source.table).toMatchObject({ sheet: "Export", headerRow: 2, headers: LIST[1] });
    expect(source.plan.mapping).toEqual({ ticket: 0, priority: 1, state: 2, time: 4 });
    const review = reviewExport(source.table, startMapping(source.plan), "DMY");
    expect(review.wide).toBe(false);
    expect(review.preview.fields.map((f) => [f.field, f.column, f.samples])).toEqual([
      ["ticket", "A", ["INC1", "INC2", "INC3"]],
      ["time", "E", ["2024-03-04 12:00:00", "2024-03-13 20:00:00", "2024-03-28 09:00:00"]],
      ["state", "C", ["Resolved", "Resolved", "In Progress"]],
      ["priority", "B", ["P1", "P2", "P1"]],
    ]);
    // The one-row-per-ticket columns are offered, never applied.
    expect(review.preview.suggestions.map((s) => `${s.field} <- ${s.column} ${s.header}`)).toEqual([
      "opened <- D Opened",
      "resolved <- F Resolved",
    ]);
    expect(review.blockers).toEqual([]);
  });

  test("read as a history, a list export is refused naming the suggestions; accepted, each row is its ticket's events", async () => {
    const { wb, run, source } = await selected(LIST, "B4");
    const asHistory = await commands.measureReviewedExport(run, source, startMapping(source.plan), {
      ...SETTINGS,
      dateOrder: "DMY",
    });
    expect(asHistory).toEqual({
      ok: false,
      message:
        "Every one of the 3 tickets has at most one event, so no clock can run: this looks like one row per ticket, not an event history. " +
        "Use the suggestions for opened (column D), resolved (column F), so each row becomes its ticket's events.",
    });
    expect(wb.sheets.map((s) => s.name)).toEqual(["Export"]);
    const state = acceptSuggestion(acceptSuggestion(startMapping(source.plan), "opened"), "resolved");
    const review = reviewExport(source.table, state);
    expect(review.wide).toBe(true);
    expect(review.preview.fields.map((f) => f.field)).toEqual(["ticket", "priority", "opened", "resolved"]);
    // Day first, inferred from "13/03/2024" and "28/03/2024" (a day above 12), and said.
    expect(review.preview.fields.find((f) => f.field === "opened")!.note).toBe(
      'DMY (inferred: "13/03/2024 10:00" has a day above 12)',
    );
    expect(review.blockers).toEqual([]);
    // The form's states stay New/On Hold/Resolved: one row per ticket starts on Opened, stops on Resolved.
    const out = await commands.measureReviewedExport(run, source, state, SETTINGS);
    expect(out.message).toMatch(/^Measured 3 ticket\(s\) from 5 event\(s\): 1 running or paused;/);
    expect(out.ok).toBe(true);
    const tickets = sheetValues(wb, "Tickets");
    expect(tickets.slice(1).map((r) => [r[0], r[5], r[9]])).toEqual([
      ["INC1", 2, "Stopped"],
      ["INC2", 9.5, "Stopped"],
      ["INC3", expect.any(Number), "Running"],
    ]);
  });

  test("headers that name nothing: the columns' content is suggested (codes, times, priorities), never applied", async () => {
    const rows: FakeValue[][] = [["Ref", "At", "Status", "Sev"]];
    for (let i = 0; i < 10; i++) rows.push([`INC000${i}`, `2024-03-04 0${i}:00`, "New", "P1"]);
    const { source } = await selected(rows);
    expect(source.plan.mapping).toEqual({ state: 2 });
    expect(source.plan.suggestions).toEqual([
      { field: "ticket", column: 0, why: "its values are codes (10 sampled)" },
      { field: "time", column: 1, why: "its values are dates (10 sampled)" },
      { field: "priority", column: 3, why: "its values are priorities (10 sampled)" },
    ]);
    let state = startMapping(source.plan);
    for (const f of ["ticket", "time", "priority"] as const) state = acceptSuggestion(state, f);
    expect(reviewExport(source.table, state).blockers).toEqual([]);
  });

  test("a list export whose Created is both the history's time and its Opened: accepted, no column is chosen twice", async () => {
    const rows: FakeValue[][] = [
      ["Number", "Priority", "Created", "Resolved"],
      ["INC1", "P1", "2024-03-04 09:00", "2024-03-04 13:00"],
    ];
    const { run, wb, source } = await selected(rows);
    expect(source.plan.mapping).toEqual({ ticket: 0, priority: 1, time: 2 });
    expect(source.plan.suggestions.map((s) => [s.field, s.column])).toEqual([
      ["opened", 2],
      ["resolved", 3],
    ]);
    const state = acceptSuggestion(acceptSuggestion(startMapping(source.plan), "opened"), "resolved");
    const review = reviewExport(source.table, state);
    expect(review).toMatchObject({ wide: true, blockers: [] });
    expect(review.plan.mapping).toEqual({ ticket: 0, priority: 1, opened: 2, resolved: 3 });
    // The table offers no time or state for one row per ticket.
    expect(review.fields).toEqual(["ticket", "priority", "opened", "responded", "resolved", "closed", "hold_hours"]);
    expect((await commands.measureReviewedExport(run, source, state, SETTINGS)).ok).toBe(true);
    expect(sheetValues(wb, "Tickets")[1].slice(0, 2).concat(sheetValues(wb, "Tickets")[1][5])).toEqual([
      "INC1",
      "P1",
      4,
    ]);
  });

  test("a changed column is what the clock reads; the required ones and the date order block until settled", async () => {
    const rows: FakeValue[][] = [
      ["Case", "Step", "Logged", "Changed at", "Prio"],
      ["T1", "New", "03/04/2024 09:00", "03/04/2024 08:00", "P1"],
      ["T1", "Resolved", "03/04/2024 10:00", "03/04/2024 11:00", "P1"],
    ];
    const { run, wb, source } = await selected(rows);
    // "Step" and "Changed at" name no ticket field exactly: the state and the time are the user's to choose.
    expect(source.plan.mapping).toEqual({ ticket: 0, priority: 4 });
    let state = chooseColumn(startMapping(source.plan), "state", 1);
    expect(reviewExport(source.table, state).blockers).toEqual([
      "Choose the column of time: the ticket clock needs it.",
    ]);
    state = chooseColumn(state, "time", 3);
    const unsettled = reviewExport(source.table, state, undefined, (f) => (f === "time" ? "Time" : f));
    expect(unsettled.blockers).toEqual([
      'Time (column D): dates such as "03/04/2024 08:00" read both as day/month and as month/day; choose the date order (dates are never guessed).',
    ]);
    expect(unsettled.preview.fields.find((f) => f.field === "time")!.note).toBe(
      "order not settled: choose the date order",
    );
    const refused = await commands.measureReviewedExport(run, source, state, SETTINGS);
    expect(refused.ok).toBe(false);
    expect(wb.syncs).toBe(1);
    const out = await commands.measureReviewedExport(run, source, state, { ...SETTINGS, dateOrder: "MDY" });
    expect(out.ok).toBe(true);
    // Changed at (D), not Logged (C): 08:00 to 11:00 is three hours.
    expect(sheetValues(wb, "Tickets")[1].slice(0, 2).concat(sheetValues(wb, "Tickets")[1][5])).toEqual(["T1", "P1", 3]);
  });

  test("a process log's START/END are left out (said), and a log where nothing starts is refused", async () => {
    const log: FakeValue[][] = [
      ["Case ID", "Activity", "Complete Timestamp"],
      ["C1", "START", "2024-03-04 08:00:00"],
      ["C1", "New", "2024-03-04 09:00:00"],
      ["C1", "Resolved", "2024-03-04 10:30:00"],
      ["C1", "END", "2024-03-04 10:30:00"],
    ];
    const { run, wb, source } = await selected(log);
    expect(source.plan.mapping).toEqual({ ticket: 0, state: 1, time: 2 });
    const out = await commands.measureReviewedExport(run, source, startMapping(source.plan), {
      ...SETTINGS,
      targets: "",
    });
    expect(out.message).toBe(
      "Measured 1 ticket(s) from 2 event(s): 0 running or paused; Results 0 updated, 0 added. " +
        '1 ticket without a priority (no priority column, or a blank one) had no target: type their target hours in "Target hours of tickets without a priority" (the command line\'s --default-target). ' +
        "2 START/END events of the process log left out (they are not states).",
    );
    expect(sheetValues(wb, "Tickets")[1][9]).toBe("Stopped");
    // The default target (--default-target): tickets without a priority are measured against it.
    const targeted = await commands.measureReviewedExport(run, source, startMapping(source.plan), {
      ...SETTINGS,
      targets: "",
      defaultTarget: " 2 ",
    });
    expect(targeted.message).toBe(
      "Measured 1 ticket(s) from 2 event(s): 0 running or paused; Results 0 updated, 0 added. " +
        "2 START/END events of the process log left out (they are not states).",
    );
    // 1.5 business hours against the 2 given: met.
    expect(sheetValues(wb, "Tickets")[1].slice(5, 9)).toEqual([1.5, 0, 2, true]);
    const bad = await commands.measureReviewedExport(run, source, startMapping(source.plan), {
      ...SETTINGS,
      defaultTarget: "eight",
    });
    expect(bad).toEqual({
      ok: false,
      message: 'Target hours of tickets without a priority expects a number of hours such as 8, got "eight".',
    });
    const never = await commands.measureReviewedExport(run, source, startMapping(source.plan), {
      ...SETTINGS,
      start: "Opened",
    });
    expect(never).toEqual({
      ok: false,
      message:
        'None of the 1 ticket ever started: no event is in the Start states ("Opened"). ' +
        'The export\'s states include "New", "Resolved"; type the ones that start the clock in Start states.',
    });
  });

  test("hours on hold of a one-row-per-ticket export come off the clock; in a history they block", async () => {
    const rows: FakeValue[][] = [
      ["Number", "Priority", "Opened", "Resolved", "On hold duration"],
      ["INC1", "P1", "2024-03-04 09:00", "2024-03-04 15:00", "1:30"],
      ["INC2", "P1", "2024-03-04 09:00", "2024-03-04 10:00", "soon"],
    ];
    const { run, wb, source } = await selected(rows);
    let state = startMapping(source.plan);
    state = acceptSuggestion(state, "hold_hours");
    expect(reviewExport(source.table, state).blockers).toEqual([
      "Choose the column of time and state: the ticket clock needs them.",
      "Hours on hold are read from one row per ticket: choose the column of opened too, or leave the hours unmapped.",
    ]);
    state = acceptSuggestion(acceptSuggestion(state, "opened"), "resolved");
    const out = await commands.measureReviewedExport(run, source, state, SETTINGS);
    expect(out.ok).toBe(false);
    expect(out.rejected).toEqual([
      { row: 3, reason: expect.stringMatching(/^the hours on hold "soon" are not a duration/) },
    ]);
    expect(
      sheetValues(wb, "Tickets")
        .slice(1)
        .map((r) => [r[0], r[5]]),
    ).toEqual([
      ["INC1", 4.5],
      ["INC2", 1],
    ]);
  });

  test("the same cells give the pane's table and tickets --dry-run --json the same preview", async () => {
    const dir = tempDir();
    const csv = path.join(dir, "list.csv");
    fs.writeFileSync(
      csv,
      LIST.slice(1)
        .map((r) => r.join(","))
        .join("\n") + "\n",
    );
    const { source } = await selected(LIST.slice(1));
    const state = acceptSuggestion(acceptSuggestion(startMapping(source.plan), "opened"), "resolved");
    const pane = reviewExport({ ...source.table, sheet: "list.csv" }, state).preview;
    const run = await cli("tickets", csv, "--opened", "Opened", "--resolved", "Resolved", "--dry-run", "--json");
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout);
    // The command line names its choices "chosen" (--opened); the pane "suggestion" (accepted).
    const strip = (p: { fields: { source: unknown }[] }) => ({
      ...p,
      fields: p.fields.map((f) => ({ ...f, source: null })),
    });
    expect(line).toMatchObject({ eventOrder: "grouped", ticketBackAtRow: null });
    expect(line.mergedCells).toEqual([]); // an .xlsx export's merged areas; a CSV has none
    delete line.eventOrder;
    delete line.ticketBackAtRow;
    delete line.mergedCells;
    expect(strip(pane)).toEqual(strip(line));
  });

  test("the header row is chosen as the upgrade's is: another row read gives its columns; a row outside is refused", async () => {
    // The title row is read with the table; the export's own header is row 2.
    const { wb, run, source } = await selected(LIST, "B4");
    expect(source.read).toMatchObject({ sheet: "Export", firstRow: 1 });
    expect(source.read.grid.map((r) => r[0])).toEqual(LIST.map((r) => r[0]));
    const before = JSON.stringify(source.read);
    // Row 1 (the title) as the header: one column named, every other unnamed, so the required ones block.
    const title = tableAtHeaderRow(source.read, 1);
    if (isRefusal(title)) throw new Error(refusalText(title));
    expect(title).toMatchObject({ headerRow: 1, headers: [LIST[0][0], "", "", "", "", ""] });
    expect(reviewExport(title, startMapping(autoExportPlan(title.headers, title.rows))).blockers[0]).toMatch(/column/i);
    // Back on row 2: the same table the selection gave, and the clock runs on it.
    const back = tableAtHeaderRow(source.read, 2);
    if (isRefusal(back)) throw new Error(refusalText(back));
    expect(back).toEqual(source.table);
    const state = acceptSuggestion(
      acceptSuggestion(startMapping(autoExportPlan(back.headers, back.rows)), "opened"),
      "resolved",
    );
    const out = await commands.measureReviewedExport(run, { ...source, table: back }, state, SETTINGS);
    expect(out.ok).toBe(true);
    // The upgrade's refusal, word for word, for a row not read or with no row below it.
    for (const row of [0, 5, 40, 1.5]) {
      const refused = tableAtHeaderRow(source.read, row);
      expect(isRefusal(refused) && refusalText(refused)).toBe(
        `Row ${row} is not a header row of the table read (rows 1 to 4, with data below): choose one of those, or select the table from its header row and read it again.`,
      );
    }
    expect(JSON.stringify(source.read)).toBe(before);
    expect(wb.sheets.map((s) => s.name)).toContain("Tickets");
  });

  describe("ticket mapping files, the command line's format", () => {
    test("a file saved in the pane gives tickets --dry-run --mapping the pane's preview, and loads back the same", async () => {
      const dir = tempDir();
      const { source } = await selected(LIST, "B4");
      const state = acceptSuggestion(acceptSuggestion(startMapping(source.plan), "opened"), "resolved");
      const review = reviewExport(source.table, state);
      const text = mappingFileText(ticketMappingSettings(source.table, review, "Assignment group"));
      expect(JSON.parse(text)).toEqual({
        version: 1,
        sheet: "Export",
        headerRow: 2,
        columns: {
          ticket: "Number",
          priority: "Priority",
          opened: "Opened",
          responded: null,
          resolved: "Resolved",
          closed: null,
          hold_hours: null,
          group: "Assignment group",
        },
        dateOrder: "DMY",
      });
      // The same cells as an .xlsx, the title above the header as in the pane.
      const book = new Workbook();
      const ws = book.addWorksheet("Export");
      LIST.forEach((r, i) => (ws.getRow(i + 1).values = r.map((v) => (v === "" ? null : v))));
      const xlsx = path.join(dir, "list.xlsx");
      await book.xlsx.writeFile(xlsx);
      const file = path.join(dir, "list.tickets.mapping.json");
      // The group column is the run's, not the preview's: this export has none, so the file leaves it out here.
      fs.writeFileSync(file, mappingFileText(ticketMappingSettings(source.table, review, "")));
      const run = await cli("tickets", xlsx, "--dry-run", "--json", "--mapping", file);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const line = JSON.parse(run.stdout);
      delete line.eventOrder;
      delete line.ticketBackAtRow;
      delete line.mergedCells;
      // Loaded back into the pane, the file gives the same mapping, read with the file's date order.
      const settings = parseMappingFile(
        fs.readFileSync(file, "utf8"),
        "list.tickets.mapping.json",
        MAPPING_USES.tickets,
      );
      if (isFailure(settings)) throw new Error(settings.message);
      const loaded = loadTicketMapping(source.read, 2, settings, "list.tickets.mapping.json");
      if (isRefusal(loaded)) throw new Error(refusalText(loaded));
      expect(loaded.notes).toEqual([
        "Loaded list.tickets.mapping.json: its columns, header row, group column and date order are in the table and the form.",
      ]);
      const again = reviewExport(loaded.table, loaded.state, loaded.dateOrder);
      expect(again.plan.mapping).toEqual(review.plan.mapping);
      const strip = (p: { sheet: string; fields: { source: unknown }[] }) => ({
        ...p,
        sheet: null,
        fields: p.fields.map((f) => ({ ...f, source: null })),
      });
      expect(strip(again.preview)).toEqual(strip(line));
      expect(again.preview.fields.find((f) => f.field === "opened")!.note).toBe("DMY (given)");
    });

    test("a bad file is refused whole with the reason, the header row and its headers; nothing changes", async () => {
      const { source } = await selected(LIST, "B4");
      const before = JSON.stringify(source);
      const refused = (text: string) => {
        const settings = parseMappingFile(text, "t.json", MAPPING_USES.tickets);
        if (isFailure(settings)) return settings.message;
        const loaded = loadTicketMapping(source.read, 2, settings, "t.json");
        return isRefusal(loaded) ? refusalText(loaded) : "loaded";
      };
      const headers = '"Number", "Priority", "State", "Opened", "Updated", "Resolved"';
      expect(refused('{"columns": {"opened": "Open date"}}')).toBe(
        `The mapping file t.json does not fit the selected table: header "Open date" not found. Header row 2 of "Export": ${headers}. ` +
          "Nothing was changed; choose the header row, or load the file saved for this table.",
      );
      expect(refused('{"columns": {"time": "Numbr"}}')).toContain('header "Numbr" not found. Header row 2');
      // The ticket clock maps no values and reads no decimal mark: such entries are refused, never ignored.
      expect(refused('{"decimal": ","}')).toBe(
        'the mapping file t.json: "decimal" is given, but tickets reads no number typed with a decimal mark; remove it (it would be ignored).',
      );
      expect(refused('{"values": {"state": {"Fixed": "Resolved"}}}')).toBe(
        'the mapping file t.json: "values" gives a value map for "state", but tickets has no value-mapped field; remove that entry (it would be ignored).',
      );
      expect(refused('{"columns": {"ticket": "Opened", "opened": "Opened"}}')).toMatch(
        /"Opened".*ticket.*opened|opened.*ticket/,
      );
      expect(refused('{"columns": {"tickt": "Number"}}')).toContain('unknown field "tickt"');
      expect(refused('{"headerRow": 9}')).toContain("Row 9 is not a header row of the table read (rows 1 to 4");
      expect(refused('{"columns": }')).toMatch(/^the mapping file t\.json: not JSON/);
      expect(refused('{"headerRow": 2, "columns": {"time": "Opened", "state": "State"}, "dateOrder": "DMY"}')).toBe(
        "loaded",
      );
      expect(JSON.stringify(source)).toBe(before);
    });
  });
});
