/**
 * From export rows to tickets, rejected rows and monthly results, and the sheets written:
 * worked examples with hand-computed figures.
 */
import { Calendar, compileCalendar } from "../../src/calendar/compile";
import { StateLists, stateLists } from "../../src/tickets/states";
import { historyBuilder, MeasureOptions } from "../../src/tickets/measure";
import { resultsPlan, serviceResults, ticketsPlan, TICKETS_HEADERS } from "../../src/tickets/plan";
import { serialFromIso } from "../../src/serial";

const calendar = compileCalendar("Mon-Fri 09:00-17:00") as Calendar;
const states = stateLists(["New", "In Progress"], ["On Hold"], ["Resolved", "Closed"]) as StateLists;
const options = (over: Partial<MeasureOptions> = {}): MeasureOptions => ({
  calendar,
  zone: "Europe/Berlin",
  states,
  targets: new Map([
    ["p1", 4],
    ["p2", 8],
  ]),
  services: new Map([
    ["p1", "SL-001"],
    ["p2", "SL-002"],
  ]),
  ...over,
});
const serial = (iso: string) => serialFromIso(iso)!;

describe("historyBuilder", () => {
  test("measures tickets in local time, lists rejected rows, and aggregates months per priority", () => {
    const b = historyBuilder(options());
    // INC1, P1: Monday 2024-03-04 09:00-12:00 running, on hold to 14:00, resolved 15:00: 4 h, met.
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1");
    b.add(3, "INC1", "2024-03-04T11:00:00Z", "On Hold", "P1"); // 12:00 in Berlin
    b.add(4, "INC1", "2024-03-04 14:00", "In Progress", "");
    b.add(5, "INC1", "2024-03-04 15:00", "Resolved", null);
    // INC2, P1: 5 h, missed; resolved in April.
    b.add(6, "INC2", "2024-03-29 13:00", "New", "P1");
    b.add(7, "INC2", "2024-04-01 10:00", "Resolved", "P1");
    // INC3, P2: still running.
    b.add(8, "INC3", "2024-03-05 09:00", "New", "P2");
    // INC4, P3: no target.
    b.add(9, "INC4", "2024-03-05 09:00", "New", "P3");
    b.add(10, "INC4", "2024-03-05 10:00", "Closed", "P3");
    // Rows that cannot be read, and a blank row that is skipped.
    b.add(11, "", "2024-03-05 09:00", "New", "P1");
    b.add(12, "INC5", "yesterday", "", "P1");
    b.add(13, null, "", " ", null);
    const out = b.finish();
    expect(out.events).toBe(9);
    expect(out.rejected).toEqual([
      { row: 11, reason: "the ticket is blank." },
      {
        row: 12,
        reason: expect.stringMatching(/^time "yesterday" is not a date-time: .* the state is blank\.$/),
      },
    ]);
    expect(
      out.tickets.map((t) => [
        t.ticket,
        t.priority,
        t.service,
        t.businessHours,
        t.pausedHours,
        t.targetHours,
        t.met,
        t.state,
      ]),
    ).toEqual([
      ["INC1", "P1", "SL-001", 4, 2, 4, true, "Stopped"],
      ["INC2", "P1", "SL-001", 5, 0, 4, false, "Stopped"],
      ["INC3", "P2", "SL-002", 0, 0, 8, null, "Running"],
      ["INC4", "P3", null, 1, 0, null, null, "Stopped"],
    ]);
    expect(out.tickets[0].started).toBe(serial("2024-03-04T09:00"));
    expect(out.tickets[0].stopped).toBe(serial("2024-03-04T15:00"));
    expect(out.tickets[0].period).toBe(serial("2024-03-01"));
    expect(out.tickets[1].period).toBe(serial("2024-04-01"));
    expect(out.running).toBe(1);
    expect(out.untargeted).toEqual([{ ticket: "INC4", priority: "P3" }]);
    expect(out.results).toEqual([
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P1",
        service: "SL-001",
        measured: 1,
        met: 1,
        attainment: 1,
      },
      {
        period: "2024-04",
        periodSerial: serial("2024-04-01"),
        priority: "P1",
        service: "SL-001",
        measured: 1,
        met: 0,
        attainment: 0,
      },
    ]);
  });

  test("as of counts running tickets on; a ticket open across Berlin's spring-forward night counts real hours", () => {
    const b = historyBuilder(
      options({ calendar: compileCalendar("24x7") as Calendar, asOf: { ms: Date.UTC(2024, 2, 31, 6), local: true } }),
    );
    b.add(2, "INC9", "2024-03-30 22:00", "New", "P2");
    const [t] = b.finish().tickets;
    expect(t.businessHours).toBe(7);
    expect(t.state).toBe("Running");
  });
});

describe("plans", () => {
  test("the Tickets sheet has the published columns and plain values", () => {
    const b = historyBuilder(options());
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1");
    b.add(3, "INC1", "2024-03-04 10:00", "Resolved", "P1");
    const plan = ticketsPlan(b.finish().tickets);
    expect(plan.cells[0]).toEqual([...TICKETS_HEADERS]);
    expect(plan.cells[1]).toEqual([
      "INC1",
      "P1",
      "SL-001",
      serial("2024-03-04T09:00"),
      serial("2024-03-04T10:00"),
      1,
      0,
      4,
      true,
      "Stopped",
      serial("2024-03-01"),
    ]);
    expect(plan.cells.flat().some((c) => typeof c === "object" && c !== null)).toBe(false);
  });

  test("Results rows per month and service; an existing sheet is updated in place, other rows untouched", () => {
    const results = serviceResults([
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P1",
        service: "SL-001",
        measured: 3,
        met: 2,
        attainment: 2 / 3,
      },
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P1b",
        service: "SL-001",
        measured: 1,
        met: 1,
        attainment: 1,
      },
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P2",
        service: "SL-002",
        measured: 2,
        met: 1,
        attainment: 0.5,
      },
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P4",
        service: null,
        measured: 2,
        met: 1,
        attainment: 0.5,
      },
    ]);
    expect(results).toEqual([
      { periodSerial: serial("2024-03-01"), service: "SL-001", result: 0.75 },
      { periodSerial: serial("2024-03-01"), service: "SL-002", result: 0.5 },
    ]);
    const existing = [
      ["Period", "Service ID", "Result", "Source", "Note"],
      [serial("2024-02-01"), "SL-001", 0.9, "manual", "kept"],
      [serial("2024-03-01"), "SL-001", 0.1, "manual", "my note"],
      ["2024-03-01", "SL-003", 0.99, "manual", null],
    ];
    const { plan, updated, appended } = resultsPlan(existing, results);
    expect([updated, appended]).toEqual([1, 1]);
    expect(plan.replace).toBe(false);
    expect(plan.cells).toEqual([
      ["Period", "Service ID", "Result", "Source", "Note"],
      [serial("2024-02-01"), "SL-001", 0.9, "manual", "kept"],
      [serial("2024-03-01"), "SL-001", 0.75, "tickets", "my note"],
      ["2024-03-01", "SL-003", 0.99, "manual", null],
      [serial("2024-03-01"), "SL-002", 0.5, "tickets", null],
    ]);
    const fresh = resultsPlan(undefined, results).plan;
    expect(fresh.replace).toBe(true);
    expect(fresh.cells[0]).toEqual(["Period", "Service ID", "Result", "Source"]);
  });
});
