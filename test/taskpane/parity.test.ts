/**
 * The pane's mapping table and the command line's `upgrade --dry-run --json` are one preview:
 * the same sheet, as the fake Excel holds it and as an .xlsx of the same cells, gives the same
 * header row, fields, columns, samples, counts, notes, unmapped fields and suggestions.
 */
import * as path from "path";
import { Workbook } from "exceljs";
import { createWorkbook, fakeRun, sheetValues } from "../support/fakeExcel";
import { CLIENT_TRACKER } from "../support/client";
import { cli, tempDir } from "../cli/helpers";
import * as commands from "../../taskpane/commands";
import { isRefusal, refusalText } from "../../src/errors";
import { reviewUpgrade } from "../../src/governance/upgradeReview";
import { acceptSuggestion, startMapping } from "../../src/import/mappingState";
import { UpgradeField } from "../../src/governance/model";
import { ExportField, reviewExport } from "../../src/tickets/review";

test("the same cells give the pane and upgrade --dry-run --json the same preview", async () => {
  const wb = createWorkbook({ Tracker: CLIENT_TRACKER }, { sheet: "Tracker", address: "B4" }, { typed: true });
  const sel = await commands.readSelectedTable(fakeRun(wb));
  if (isRefusal(sel)) throw new Error(refusalText(sel));
  const words = "In Progress=L3,Completed=L4,Supplier Validation=L2";
  let confirmed = startMapping(sel.plan);
  for (const offered of sel.plan.suggestions) confirmed = acceptSuggestion(confirmed, offered.field as UpgradeField);
  const pane = reviewUpgrade(sel.source, confirmed, { gateWords: words }).preview;

  // The cells exactly as Excel stored them (dates as serials, "0042" as 42), in an .xlsx.
  const book = new Workbook();
  const ws = book.addWorksheet("Tracker");
  sheetValues(wb, "Tracker").forEach((r, i) => (ws.getRow(i + 1).values = r.map((v) => (v === "" ? null : v))));
  const file = path.join(tempDir(), "tracker.xlsx");
  await book.xlsx.writeFile(file);
  const run = await cli("upgrade", file, "--dry-run", "--json", "--accept-suggestions", "--gate-map", words);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const line = JSON.parse(run.stdout);

  expect(pane.fields.map((f) => f.field)).toEqual(["project", "measure", "owner", "gate", "planned", "due"]);
  expect(pane).toEqual(line);
});

test("the pane's Tickets mapping table and tickets --dry-run --json offer the same suggestions, and accepted, read the same", async () => {
  // A one-row-per-ticket list export below a title: ticket codes and priorities no header names,
  // Opened / Response date / Resolved named, times typed day first.
  const rows = [
    ["Incidents closed in March"],
    ["Ref", "Level", "Opened", "Response date", "Resolved", "Comment"],
    ["INC001", "P1", "04/03/2024 09:00", "04/03/2024 09:20", "04/03/2024 11:00", "printer"],
    ["INC002", "P2", "13/03/2024 09:00", "13/03/2024 10:30", "13/03/2024 15:00", "vpn"],
    ["INC003", "P1", "28/03/2024 09:00", "", "28/03/2024 14:00", "mail"],
  ];
  const wb = createWorkbook({ Export: rows }, { sheet: "Export", address: "B4" });
  const source = await commands.readSelectedExport(fakeRun(wb));
  if (isRefusal(source)) throw new Error(refusalText(source));
  const book = new Workbook();
  const ws = book.addWorksheet("Export");
  rows.forEach((r, i) => (ws.getRow(i + 1).values = r.map((v) => (v === "" ? null : v))));
  const file = path.join(tempDir(), "list.xlsx");
  await book.xlsx.writeFile(file);

  const offered = (list: readonly { field: string; column: string; header: string }[]) =>
    list.map((s) => `${s.field} <- ${s.column} ${s.header}`);
  const paneOffered = reviewExport(source.table, startMapping(source.plan)).preview.suggestions;
  const line = JSON.parse((await cli("tickets", file, "--dry-run", "--json")).stdout);
  expect(offered(paneOffered)).toEqual([
    "ticket <- A Ref",
    "priority <- B Level",
    "opened <- C Opened",
    "responded <- D Response date",
    "resolved <- E Resolved",
  ]);
  expect(offered(line.suggestions)).toEqual(offered(paneOffered));

  // Every suggestion accepted: in the pane one by one, on the command line with --accept-suggestions.
  let accepted = startMapping(source.plan);
  for (const s of source.plan.suggestions) accepted = acceptSuggestion(accepted, s.field as ExportField);
  const pane = reviewExport(source.table, accepted).preview;
  const run = await cli("tickets", file, "--dry-run", "--json", "--accept-suggestions");
  expect(run.stderr).toBe("");
  const cliPreview = JSON.parse(run.stdout);
  expect(pane.fields.map((f) => [f.field, f.source])).toEqual([
    ["ticket", "suggestion"],
    ["priority", "suggestion"],
    ["opened", "suggestion"],
    ["responded", "suggestion"],
    ["resolved", "suggestion"],
  ]);
  for (const key of [
    "sheet",
    "headerRow",
    "headers",
    "dataRows",
    "fields",
    "unmapped",
    "missing",
    "suggestions",
  ] as const)
    expect([key, cliPreview[key]]).toEqual([key, pane[key]]);
});
