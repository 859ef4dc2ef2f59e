/**
 * Zone tables and the ticket clock over long spans (issue 26, C14): from 2038 a zone's
 * transitions come from its final rule by year type, so a 100-year ticket costs about what a
 * 1-year one does; checked against daily sampling of the zone itself.
 */
import { IANAZone } from "luxon";
import { Calendar, compileCalendar } from "../../src/calendar/compile";
import { historyBuilder } from "../../src/tickets/measure";
import { StateLists, stateLists } from "../../src/tickets/states";
import { zoneTable } from "../../src/tickets/zone";

const DAY = 86_400_000;

/** The reference: the offset sampled every day (as the table was built before), each change located by bisection. */
function dailyTransitions(name: string, from: number, to: number): number[] {
  const zone = IANAZone.create(name);
  const at = (ms: number) => zone.offset(ms);
  const out: number[] = [];
  let before = at(from);
  for (let t = from + DAY; t <= to; t += DAY) {
    const now = at(t);
    if (now === before) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (at(mid) === before) lo = mid;
      else hi = mid;
    }
    out.push(hi);
    before = now;
  }
  return out;
}

describe("zoneTable from the final rule agrees with daily sampling", () => {
  const zones = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Asia/Kolkata",
    "Europe/London",
  ];
  test.each(zones)("%s, 2030-2045 and across 2100 (not a leap year)", (name) => {
    for (const [y1, y2] of [
      [2030, 2045],
      [2097, 2103],
    ]) {
      const from = Date.UTC(y1, 0, 1);
      const to = Date.UTC(y2, 0, 1);
      const table = zoneTable(name, from, to);
      const inside = table.transitions.filter((t) => t > from && t <= to);
      expect(inside).toEqual(dailyTransitions(name, from, to));
    }
  });

  test("fixed zones have no transitions and cost nothing", () => {
    expect(zoneTable("UTC", Date.UTC(1950, 0, 1), Date.UTC(9999, 0, 1)).transitions).toEqual([]);
    expect(zoneTable("Etc/GMT-3", 0, Date.UTC(9999, 0, 1)).offsets).toEqual([3 * 3_600_000]);
  });
});

describe("a 100-year ticket", () => {
  const calendar = compileCalendar("Mon-Fri 09:00-17:00") as Calendar;
  const states = stateLists(["New"], ["On Hold"], ["Resolved"]) as StateLists;
  const run = (zone: string, end: string) => {
    const b = historyBuilder({ calendar, zone, states, targets: new Map([["p1", 4]]), services: new Map() });
    b.add(2, "INC1", "2024-03-04 09:00", "New", "P1");
    b.add(3, "INC1", end, "Resolved", "P1");
    return b.finish().tickets[0].businessHours;
  };

  test("counts 8 hours a working day, whatever the zone's transitions, in under 50 ms of CPU", () => {
    run("Europe/Berlin", "2124-03-04 09:00"); // the final rule's 14 year types, read once a zone
    for (const zone of ["UTC", "Europe/Berlin"]) {
      const before = process.cpuUsage();
      const hours = run(zone, "2124-03-04 09:00");
      const used = process.cpuUsage(before);
      expect((used.user + used.system) / 1000).toBeLessThan(50);
      // The reference counts the working days one by one: 8 hours each, 09:00 to 09:00 local.
      let working = 0;
      for (let t = Date.UTC(2024, 2, 4); t < Date.UTC(2124, 2, 4); t += DAY)
        if (new Date(t).getUTCDay() % 6 !== 0) working++;
      expect(hours).toBe(working * 8);
    }
  });

  test("a ticket open to 9999 answers (it took 15 s)", () => {
    const before = process.cpuUsage();
    expect(run("Europe/Berlin", "9999-03-04 09:00")).toBeGreaterThan(0);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});
