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
