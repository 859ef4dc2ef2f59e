/**
 * The pane's Tickets command against the fake Excel: the selected history into the Tickets
 * sheet and the Results rows, in three syncs whatever the size.
 */
import { createWorkbook, fakeRun, FakeValue, sheetValues } from "../support/fakeExcel";
import { measureSelectedTickets } from "../../taskpane/commands";
import { applyPlans } from "../../taskpane/adapter";

const MON = 45355; // 2024-03-04, a Monday
const at = (day: number, hh: number) => day + hh / 24;
const SETTINGS = {
  start: "New",
  pause: "On Hold",
  stop: "Resolved",
  targets: "P1=4",
  services: "P1=SL-001",
  calendar: "Mon-Fri 09:00-17:00",
};

function history(tickets: number): FakeValue[][] {
  const rows: FakeValue[][] = [["Number", "Priority", "State", "Updated"]];
  for (let i = 0; i < tickets; i++) {
    rows.push([`INC${i}`, "P1", "New", at(MON, 9)]);
    rows.push([`INC${i}`, "P1", "On Hold", at(MON, 10)]);
    rows.push([`INC${i}`, "P1", "In Progress", at(MON, 12)]);
    rows.push([`INC${i}`, "P1", "Resolved", at(MON, 9 + 3 + (i % 5))]);
  }
  return rows;
}

describe("measureSelectedTickets", () => {
  test("writes the Tickets sheet and updates Results in place, in three syncs for 5 and 2,000 tickets", async () => {
    for (const n of [5, 2000]) {
      const wb = createWorkbook(
        {
          Export: history(n),
          Results: [
            ["Period", "Service ID", "Result", "Source"],
            [45323, "SL-001", 0.5, "manual"],
            [45352, "SL-001", 0.1, "manual"],
          ],
        },
        { sheet: "Export", address: "B2" },
      );
      const outcome = await measureSelectedTickets(fakeRun(wb), SETTINGS);
      expect(outcome.ok).toBe(true);
      // One read of the selection, one of Results, one batch of writes.
      expect(wb.syncs).toBe(3);
      const tickets = sheetValues(wb, "Tickets");
      expect(tickets.length).toBe(n + 1);
      // INC0: 09-10 running, 10-12 on hold, resolved 12:00: 1 h met; INC1: 1 h + 1 h = 2 h.
      expect(tickets[1].slice(0, 3).concat(tickets[1].slice(5, 10))).toEqual([
        "INC0",
        "P1",
        "SL-001",
        1,
        2,
        4,
        true,
        "Stopped",
      ]);
      expect(tickets[2][5]).toBe(2);
      const met = Array.from({ length: n }, (_, i) => 1 + (i % 5) <= 4).filter(Boolean).length;
      expect(sheetValues(wb, "Results")).toEqual([
        ["Period", "Service ID", "Result", "Source"],
        [45323, "SL-001", 0.5, "manual"],
        [45352, "SL-001", met / n, "tickets"],
      ]);
      expect(sheetValues(wb, "Export")).toEqual(history(n));
    }
  });

  test("bad settings and a table without the needed columns change nothing", async () => {
    const wb = createWorkbook({ Export: history(2) }, { sheet: "Export", address: "A1" });
    const bad = await measureSelectedTickets(fakeRun(wb), { ...SETTINGS, tz: "Mars/Olympus" });
    expect(bad).toEqual({
      ok: false,
      message: 'Time zone: "Mars/Olympus" is not an IANA time zone such as Europe/Berlin, America/New_York or UTC.',
    });
    expect(wb.syncs).toBe(0);
    const twice = await measureSelectedTickets(fakeRun(wb), { ...SETTINGS, pause: "resolved" });
    expect(twice.message).toMatch(/^Stop states: the state "Resolved" is also in Pause states/);
    const other = createWorkbook(
      {
        Export: [
          ["A", "B"],
          [1, 2],
        ],
      },
      { sheet: "Export", address: "A1" },
    );
    const missing = await measureSelectedTickets(fakeRun(other), SETTINGS);
    expect(missing.ok).toBe(false);
    expect(missing.message).toBe("Choose the column of ticket, time and state: the ticket clock needs them.");
    expect(other.sheets.map((s) => s.name)).toEqual(["Export"]);
  });

  test("rejected rows are listed with their sheet rows", async () => {
    const rows = history(1);
    rows.push(["INC9", "P1", "New", "someday"]);
    const wb = createWorkbook({ Export: rows }, { sheet: "Export", address: "A1" });
    const outcome = await measureSelectedTickets(fakeRun(wb), SETTINGS);
    expect(outcome.ok).toBe(false);
    expect(outcome.rejected).toEqual([{ row: 6, reason: expect.stringMatching(/^time "someday" is not a date-time/) }]);
    expect(outcome.message).toContain("1 row(s) could not be read.");
  });

  test("a ticket ID longer than a cell holds is written cut and marked, and listed on the Findings sheet (C4)", async () => {
    // The fake holds what a file could (Excel itself keeps 32,767 characters a cell): the write path is what is tested.
    const id = `INC-${"9".repeat(39_996)}`;
    const rows = history(1).map((r, i) => (i === 0 ? r : [id, ...r.slice(1)]));
    const wb = createWorkbook(
      {
        Export: rows,
        Findings: [
          ["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"],
          ["MISSING_OWNER", "M-0001", 5, 4, "owner", "M-0001 has no owner.", "error"],
        ],
      },
      { sheet: "Export", address: "A1" },
    );
    const outcome = await measureSelectedTickets(fakeRun(wb), SETTINGS);
    expect(outcome.ok).toBe(true);
    expect(wb.syncs).toBe(3);
    const written = String(sheetValues(wb, "Tickets")[1][0]);
    expect(written.length).toBe(32_767);
    expect(written.endsWith(" [cut: 40,000 characters]")).toBe(true);
    expect(outcome.message).toContain("1 cell held more than the 32,767 characters an Excel cell holds");
    const message =
      'Tickets!A2: a text of 40,000 characters, more than the 32,767 an Excel cell holds, is cut to the limit (its end marked "[cut: 40,000 characters]"). Keep the full text outside the workbook.';
    expect(outcome.findings).toEqual([{ code: "TEXT_CUT", severity: "warning", id: "", sourceRow: 2, message }]);
    // The register's finding stays; the cut is added.
    expect(sheetValues(wb, "Findings").map((r) => [r[0], r[3], r[5]])).toEqual([
      ["Code", "Source Row", "Message"],
      ["MISSING_OWNER", 4, "M-0001 has no owner."],
      ["TEXT_CUT", 2, message],
    ]);
  });

  test("the fake Excel refuses a text longer than a cell holds, as a plan not cut would be", async () => {
    const wb = createWorkbook({ Notes: [["x"]] });
    const plan = { name: "Notes", replace: false, cells: [["y".repeat(32_768)]] };
    await expect(applyPlans(fakeRun(wb), { sheetNames: ["Notes"], sheets: new Map() }, [plan])).rejects.toMatchObject({
      code: "InvalidArgument",
    });
    await applyPlans(fakeRun(wb), { sheetNames: ["Notes"], sheets: new Map() }, [
      { ...plan, cells: [["y".repeat(32_767)]] },
    ]);
    expect(String(sheetValues(wb, "Notes")[0][0]).length).toBe(32_767);
  });
});
