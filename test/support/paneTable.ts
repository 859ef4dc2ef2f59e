/** The pane tests' first step: a client sheet in the fake Excel (as an en-US Excel stores what was typed), its table read by the pane. */
import { createWorkbook, fakeRun, FakeValue } from "./fakeExcel";
import { CLIENT_TRACKER } from "./client";
import * as commands from "../../taskpane/commands";
import { isRefusal, refusalText } from "../../src/errors";

/**
 * A workbook with one sheet "Tracker" holding `rows`, the cell `address` selected, and the
 * table the pane read around it (one sync).
 */
export async function openedTable(rows: FakeValue[][] = CLIENT_TRACKER, address = "B4") {
  const wb = createWorkbook({ Tracker: rows }, { sheet: "Tracker", address }, { typed: true });
  const run = fakeRun(wb);
  const sel = await commands.readSelectedTable(run);
  if (isRefusal(sel)) throw new Error(refusalText(sel));
  return { wb, run, sel };
}
