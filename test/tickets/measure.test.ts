/**
 * From export rows to tickets, rejected rows and monthly results, and the sheets written:
 * worked examples with hand-computed figures.
 */
import fc from "fast-check";
import { Calendar, compileCalendar } from "../../src/calendar/compile";
import { runClocks, serialReading, ticketIndex } from "../../src/tickets/clock";
import { StateLists, stateCode, stateLists, withResponseStates } from "../../src/tickets/states";
import { eventReader, historyBuilder, MeasureOptions, RowSpool } from "../../src/tickets/measure";
import {
  GROUP_TIME_HEADERS,
  groupTimePlan,
  resultsPlan,
  serviceResults,
  ticketsPlan,
  TICKETS_HEADERS,
} from "../../src/tickets/plan";
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
      0,
      null,
      null,
      null,
      null,
      null,
      null,
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

describe("issue 24: priority changes, response and group clocks, breach times and warnings", () => {
  const h24 = compileCalendar("24x7") as Calendar;
  const utc = (over: Partial<MeasureOptions> = {}) =>
    options({
      calendar: h24,
      zone: "UTC",
      states: stateLists(["New"], ["On Hold"], ["Resolved", "Closed"]) as StateLists,
      targets: new Map([
        ["p1", 8],
        ["p3", 24],
      ]),
      ...over,
    });

  test("worked example: P3 raised to P1 after 3 h with 1 h paused, P1 target 8 h -> breaches at opened + 9 h", () => {
    const b = historyBuilder(utc());
    b.add(2, "INC1", "2024-03-04 00:00", "New", "P3");
    b.add(3, "INC1", "2024-03-04 01:00", "On Hold", "P3");
    b.add(4, "INC1", "2024-03-04 02:00", "In Progress", "P3");
    b.add(5, "INC1", "2024-03-04 03:00", "In Progress", "P1"); // raised
    b.add(6, "INC1", "2024-03-04 12:00", "Resolved", "P1");
    const [t] = b.finish().tickets;
    expect(t.priority).toBe("P1");
    expect(t.priorityChanges).toBe(1);
    expect(t.targetHours).toBe(8);
    // From the start with its pause: 11 h running by 12:00, over the 8 h of P1.
    expect(t.businessHours).toBe(11);
    expect(t.met).toBe(false);
    expect(t.breachedAt).toBe(serial("2024-03-04T09:00"));
  });

  test("the target is the priority's at the stop; a change after the stop does not move it", () => {
    const b = historyBuilder(utc());
    b.add(2, "INC1", "2024-03-04 00:00", "New", "P1");
    b.add(3, "INC1", "2024-03-04 10:00", "Resolved", "P3"); // lowered at the resolution: 10 h within 24
    b.add(4, "INC1", "2024-03-05 10:00", "Closed", "P1"); // raised after the stop: not the target
    const [t] = b.finish().tickets;
    expect([t.priority, t.targetHours, t.met, t.priorityChanges, t.breachedAt]).toEqual(["P3", 24, true, 2, null]);
  });

  test("a running ticket gets its breach time and a warning as of --as-of; 75% and over are breaching soon, most consumed first", () => {
    const asOf = (text: string) => ({ ms: Date.parse(text + "Z"), local: true });
    const b = historyBuilder(utc({ asOf: asOf("2024-03-04T10:00") }));
    b.add(2, "A", "2024-03-04 06:00", "New", "P1"); // 4 of 8 h: 50%
    b.add(3, "B", "2024-03-04 04:00", "New", "P1"); // 6 of 8 h: 75%
    b.add(4, "C", "2024-03-04 00:00", "New", "P1"); // 10 of 8 h: breached at 08:00
    b.add(5, "D", "2024-03-04 08:00", "New", "P1"); // 2 of 8 h: no warning
    b.add(6, "E", "2024-03-04 00:00", "New", "P1");
    b.add(7, "E", "2024-03-04 01:00", "Resolved", "P1"); // stopped: no warning
    b.add(8, "F", "2024-03-04 03:00", "New", "P1");
    b.add(9, "F", "2024-03-04 04:00", "On Hold", "P1"); // paused at 1 h of 8: no warning, still open
    const out = b.finish();
    expect(out.tickets.map((t) => [t.ticket, t.warning])).toEqual([
      ["A", "50%"],
      ["B", "75%"],
      ["C", "Breached"],
      ["D", null],
      ["E", null],
      ["F", null],
    ]);
    expect(out.tickets[2].breachedAt).toBe(serial("2024-03-04T08:00"));
    expect(out.breachingSoon.map((i) => out.tickets[i].ticket)).toEqual(["C", "B"]);
    const plan = ticketsPlan(out.tickets, out.breachingSoon);
    expect(plan.cells.slice(1).map((r) => r[0])).toEqual(["C", "B", "A", "D", "E", "F"]);
    expect(plan.fills?.map((f) => f.text)).toEqual(["Breached", "75%"]);
  });

  test("the response clock: the first response state (or a stop) answers; its target is the priority's at the answer", () => {
    const b = historyBuilder(
      utc({
        states: withResponseStates(stateLists(["New"], ["On Hold"], ["Resolved"]) as StateLists, [
          "In Progress, Assigned",
        ]),
        responseTargets: new Map([
          ["p1", 1],
          ["p3", 4],
        ]),
        responseServices: new Map([["p1", "SL-101"]]),
      }),
    );
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1");
    b.add(3, "INC1", "2024-03-04 09:30", "On Hold", "P1"); // pauses the response clock too
    b.add(4, "INC1", "2024-03-04 11:00", "Assigned", "P1"); // answered: 0.5 h
    b.add(5, "INC1", "2024-03-04 12:00", "In Progress", "P1");
    b.add(6, "INC1", "2024-03-04 13:00", "Resolved", "P1");
    b.add(7, "INC2", "2024-03-04 09:00", "New", "P3");
    b.add(8, "INC2", "2024-03-04 14:00", "Resolved", "P3"); // answered by its resolution: 5 h over 4
    b.add(9, "INC3", "2024-03-04 09:00", "New", "P3"); // not answered
    const out = b.finish();
    expect(
      out.tickets.map((t) => [t.ticket, t.responded, t.responseHours, t.responseTargetHours, t.responseMet]),
    ).toEqual([
      ["INC1", serial("2024-03-04T11:00"), 0.5, 1, true],
      ["INC2", serial("2024-03-04T14:00"), 5, 4, false],
      ["INC3", null, 0, 4, null],
    ]);
    expect(out.responseResults).toEqual([
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P1",
        service: "SL-101",
        measured: 1,
        met: 1,
        attainment: 1,
      },
      {
        period: "2024-03",
        periodSerial: serial("2024-03-01"),
        priority: "P3",
        service: null,
        measured: 1,
        met: 0,
        attainment: 0,
      },
    ]);
    // Without response states the columns stay blank.
    const plain = historyBuilder(utc());
    plain.add(2, "INC1", "2024-03-04 09:00", "New", "P1");
    expect(plain.finish().tickets[0].responseHours).toBeNull();
  });

  test("the first change of assignment group answers a ticket with --respond-on-group-change", () => {
    const b = historyBuilder(utc({ respondOnGroupChange: true }));
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1", "Service Desk");
    b.add(3, "INC1", "2024-03-04 09:45", "New", "P1", null); // blank keeps the group
    b.add(4, "INC1", "2024-03-04 10:15", "In Progress", "P1", "Network");
    b.add(5, "INC2", "2024-03-04 09:00", "New", "P1", null);
    b.add(6, "INC2", "2024-03-04 09:20", "New", "P1", "Network"); // first group named: an assignment
    const out = b.finish();
    expect(out.tickets.map((t) => [t.responded, t.responseHours])).toEqual([
      [serial("2024-03-04T10:15"), 1.25],
      [serial("2024-03-04T09:20"), 1 / 3],
    ]);
  });

  test("worked example: Group Time, G1 2 h and G2 1 h targets, reassigned 10:30, resolved 12:00 -> G1 1.5 h within, G2 1.5 h over", () => {
    const b = historyBuilder(
      options({
        olaTargets: new Map([
          ["g1", 2],
          ["g2", 1],
        ]),
      }),
    );
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1", "G1");
    b.add(3, "INC1", "2024-03-04 10:30", "In Progress", "P1", "G2");
    b.add(4, "INC1", "2024-03-04 12:00", "Resolved", "P1", "");
    b.add(5, "INC2", "2024-03-04 09:00", "New", "P1", "G3"); // no target; still running with G3
    const out = b.finish();
    expect(out.grouped).toBe(true);
    expect(out.groups).toEqual([
      {
        ticket: "INC1",
        group: "G1",
        from: serial("2024-03-04T09:00"),
        heldHours: 1.5,
        pausedHours: 0,
        spells: 1,
        targetHours: 2,
        met: true,
      },
      {
        ticket: "INC1",
        group: "G2",
        from: serial("2024-03-04T10:30"),
        heldHours: 1.5,
        pausedHours: 0,
        spells: 1,
        targetHours: 1,
        met: false,
      },
      {
        ticket: "INC2",
        group: "G3",
        from: serial("2024-03-04T09:00"),
        heldHours: 0,
        pausedHours: 0,
        spells: 1,
        targetHours: null,
        met: null,
      },
    ]);
    const plan = groupTimePlan(out.groups);
    expect(plan.name).toBe("Group Time");
    expect(plan.cells[0]).toEqual([...GROUP_TIME_HEADERS]);
    expect(plan.cells[2]).toEqual(["INC1", "G2", serial("2024-03-04T10:30"), 1.5, 0, 1, 1, false]);
  });

  test("a group within its target while still holding a running ticket is not yet met; over it, it is missed", () => {
    const b = historyBuilder(
      options({ olaTargets: new Map([["g1", 2]]), asOf: { ms: Date.parse("2024-03-04T10:00Z"), local: true } }),
    );
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1", "G1");
    b.add(3, "INC2", "2024-03-04 07:00", "New", "P1", "G1");
    const out = b.finish();
    expect(out.groups.map((g) => [g.heldHours, g.met])).toEqual([
      [1, null],
      [1, null],
    ]);
  });
});

describe("bounded lists and the spool of undecided rows (a run of millions holds counts, not lists)", () => {
  const h24 = compileCalendar("24x7") as Calendar;
  const utc = (over: Partial<MeasureOptions> = {}) =>
    options({ calendar: h24, zone: "UTC", states: stateLists(["New"], [], ["Resolved"]) as StateLists, ...over });

  test("1,500 rejected rows: all counted, the first 1,000 by row listed (the undecided ones settled in among them)", () => {
    const b = historyBuilder(utc());
    for (let r = 2; r < 1_502; r++) {
      // Every other bad row is a day/month date refused at the end (no order: 01/02 reads both ways).
      if (r % 2) b.add(r, "", "2024-03-04 09:00", "New", "P1");
      else b.add(r, "INC1", "01/02/2024 09:00", "New", "P1");
    }
    b.add(1_502, "INC2", "2024-03-04 09:00", "New", "P1");
    b.add(1_503, "INC2", "2024-03-04 10:00", "Resolved", "P1");
    const out = b.finish();
    expect(out.rejectedCount).toBe(1_500);
    expect(out.rejected).toHaveLength(1_000);
    expect(out.rejected.map((r) => r.row)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 2));
    expect(out.rejected[0].reason).toMatch(/--date-order/);
    expect(out.rejected[1].reason).toMatch(/ticket is blank/);
  });

  test("1,200 untargeted tickets: counted by priority, the first 1,000 listed", () => {
    const b = historyBuilder(utc());
    for (let t = 0; t < 1_200; t++) {
      const priority = t % 3 ? "P7" : t % 2 ? "p9" : "P9";
      b.add(2 * t + 2, `T${t}`, "2024-03-04 09:00", "New", priority);
      b.add(2 * t + 3, `T${t}`, "2024-03-04 10:00", "Resolved", priority);
    }
    const out = b.finish();
    expect(out.untargetedCount).toBe(1_200);
    expect(out.untargeted).toHaveLength(1_000);
    expect(out.untargeted[998]).toEqual({ ticket: "T998", priority: "P7" });
    expect(out.untargeted[999]).toEqual({ ticket: "T999", priority: "p9" });
    // Spellings of one priority counted together, under the first one read.
    expect(out.untargetedByPriority).toEqual([
      { priority: "P9", tickets: 400 },
      { priority: "P7", tickets: 800 },
    ]);
  });

  test("1,100 tickets at 75% or more: all counted, the 1,000 most consumed listed first with their rows", () => {
    const b = historyBuilder(utc({ asOf: { ms: Date.UTC(2024, 2, 10), local: true } }));
    // Ticket k opened k minutes before 2024-03-09 20:00: 4 h + k min of P1's 8 h... all over 75%.
    for (let k = 0; k < 1_100; k++) {
      const opened = new Date(Date.UTC(2024, 2, 9, 20) - k * 60_000).toISOString().slice(0, 16).replace("T", " ");
      b.add(k + 2, `S${k}`, opened, "New", "P1");
    }
    b.add(2_000, "S0", "2024-03-09 20:30", "In Progress", "P1");
    const out = b.finish();
    expect(out.breachingSoonCount).toBe(1_100);
    expect(out.breachingSoon).toHaveLength(1_000);
    // Most consumed first: the earliest opened.
    expect(out.breachingSoonRows[0].ticket).toBe("S1099");
    expect(out.breachingSoonRows[999].ticket).toBe("S100");
    expect(out.breachingSoon.map((i) => out.tickets[i].ticket)).toEqual(out.breachingSoonRows.map((r) => r.ticket));
    const plan = ticketsPlan(out.tickets, out.breachingSoon);
    expect(plan.cells.slice(1, 3).map((r) => r[0])).toEqual(["S1099", "S1098"]);
    expect(plan.cells.slice(1001).map((r) => r[0])).toEqual(Array.from({ length: 100 }, (_, k) => `S${k}`));
  });

  test("rows waiting for the date order go through the spool as plain cells and come back as they were", () => {
    const rows: [number, unknown, unknown, unknown, unknown, unknown?][] = [
      [2, "INC1", "04/03/2024 09:00", "New", "P1", "G1"],
      [3, 17, "2024-03-04 09:00", "New", null, null],
      [4, "INC1", "04/03/2024 11:30", " Resolved ", " P1 ", ""],
      [5, 17, "05/03/2024 10:00", "Resolved", "P2", "Network"],
      [6, "INC1", "31/03/2024 10:00", "", "P1", "G1"],
      [7, "", "04/03/2024 09:00", "New", "P1", "G1"],
    ];
    const sunk = (spool?: RowSpool) => {
      const events: unknown[][] = [];
      const reader = eventReader(utc(), (...e) => void events.push(e), spool);
      for (const [row, ticket, time, state, priority, group] of rows)
        reader.add(row, ticket, time, state, priority, group);
      const order = reader.settle();
      return { events, order, rejected: reader.rejected };
    };
    // A spool that keeps each row as JSON text, as the command line's file does.
    const lines: string[] = [];
    const json: RowSpool = {
      push: (cells) => void lines.push(JSON.stringify(cells)),
      rows: () => lines.map((l) => JSON.parse(l)),
    };
    const through = sunk(json);
    expect(lines).toHaveLength(5);
    expect(through).toEqual(sunk());
    expect(through.order).toEqual({ kind: "inferred", order: "DMY", example: "31/03/2024 10:00" });
    expect(through.events.map((e) => e[1])).toEqual([3, 2, 4, 5]);
    expect(through.events.map((e) => e[0])).toEqual(["17", "INC1", "INC1", "17"]);
    expect(through.rejected.map((r) => r.row)).toEqual([6, 7]);
  });
});

describe("with no priority change and no groups, every figure is as before issue 24", () => {
  // The figures before issue 24, written out plainly: the clock of runClocks, the latest priority's target.
  test("random histories: each ticket's figures and the running count equal the plain clock's", () => {
    const cal = compileCalendar("Mon-Fri 09:00-17:00") as Calendar;
    const lists = stateLists(["New"], ["On Hold"], ["Resolved"]) as StateLists;
    const STATES = ["New", "On Hold", "In Progress", "Resolved"];
    const eventArb = fc.record({
      ticket: fc.integer({ min: 0, max: 3 }),
      minute: fc.integer({ min: 0, max: 5 * 1440 }),
      state: fc.constantFrom(...STATES),
    });
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 14 }),
        fc.array(fc.constantFrom("P1", "P2", "P9", ""), { minLength: 4, maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 6 * 1440 }), { nil: undefined }),
        (events, priorityOfTicket, asOfMinute) => {
          const base = Date.UTC(2024, 2, 4); // Monday
          const asOf = asOfMinute === undefined ? undefined : base + asOfMinute * 60_000;
          const b = historyBuilder(
            options({
              calendar: cal,
              zone: "UTC",
              states: lists,
              asOf: asOf === undefined ? undefined : { ms: asOf, local: false },
            }),
          );
          const iso = (m: number) => new Date(base + m * 60_000).toISOString().slice(0, 16).replace("T", " ");
          events.forEach((e, i) => b.add(i + 2, `T${e.ticket}`, iso(e.minute), e.state, priorityOfTicket[e.ticket]));
          const out = b.finish();

          const index = ticketIndex();
          const ticketOf = events.map((e) => index.indexOf(`T${e.ticket}`));
          const clocks = runClocks(
            {
              ticketOf,
              times: events.map((e) => base + e.minute * 60_000),
              codes: events.map((e) => stateCode(lists, e.state)),
              tickets: index.keys.length,
            },
            lists,
            (ms) => serialReading(cal)(ms + 25569 * 86_400_000),
            asOf,
          );
          const targets: Record<string, number> = { P1: 4, P2: 8 };
          let running = 0;
          const expected = clocks.map((k) => {
            const key = index.keys[k.ticket];
            const priority = priorityOfTicket[Number(key.slice(1))];
            const target = targets[priority] ?? null;
            const hours = k.businessMs / 3_600_000;
            if (k.state === "Running" || k.state === "Paused") running++;
            return [
              key,
              priority,
              priority === "P1" ? "SL-001" : priority === "P2" ? "SL-002" : null,
              k.started === null ? null : k.started / 86_400_000 + 25569,
              k.stopped === null ? null : k.stopped / 86_400_000 + 25569,
              hours,
              k.pausedMs / 3_600_000,
              target,
              k.stopped !== null && target !== null ? hours <= target : null,
              k.state,
            ];
          });
          const got = out.tickets.map((t) => [
            t.ticket,
            t.priority,
            t.service,
            t.started,
            t.stopped,
            t.businessHours,
            t.pausedHours,
            t.targetHours,
            t.met,
            t.state,
          ]);
          expect(got.length).toBe(expected.length);
          got.forEach((row, i) => {
            expect(row.slice(0, 3)).toEqual(expected[i].slice(0, 3));
            for (const c of [3, 4]) {
              if (expected[i][c] === null) expect(row[c]).toBeNull();
              else expect(row[c] as number).toBeCloseTo(expected[i][c] as number, 9);
            }
            expect(row.slice(5)).toEqual(expected[i].slice(5));
          });
          expect(out.running).toBe(running);
          for (const t of out.tickets) {
            expect([t.priorityChanges, t.responded, t.responseHours, t.responseTargetHours, t.responseMet]).toEqual([
              0,
              null,
              null,
              null,
              null,
            ]);
            // A breach time exactly where the time ran over the target, and only then.
            expect(t.breachedAt !== null).toBe(t.targetHours !== null && t.businessHours > t.targetHours);
          }
          expect(out.groups).toEqual([]);
          expect(out.grouped).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
