/**
 * Holding times (group / OLA clocks): the worked example, the edges, and random histories
 * against a minute-stepping reference and against the ticket's own clock.
 */
import fc from "fast-check";
import { runClocks, serialReading } from "../../src/tickets/clock";
import { HoldingEvent, holdingSpells, holdingTimes } from "../../src/tickets/groups";
import { PAUSE, START, STOP } from "../../src/tickets/states";
import { DAY, HOUR, MINUTE, Seg, calendarArb, compiled, render } from "../calendar/naive";

const cal = compiled("Mon-Fri 09:00-17:00");
const reading = serialReading(cal);
const MON = 45299; // 2024-01-08
const t = (day: number, hh: number, mm = 0) => (day * 1440 + hh * 60 + mm) * MINUTE;
const ev = (time: number, holder: string | null, code: number): HoldingEvent => ({ time, holder, code });
const hours = (ms: number) => ms / HOUR;

describe("holdingTimes", () => {
  test("worked example: G1 from 09:00, G2 from 10:30, resolved 12:00 -> G1 1.5 h, G2 1.5 h", () => {
    const events = [ev(t(MON, 9), "G1", START), ev(t(MON, 10, 30), "G2", 0), ev(t(MON, 12), null, STOP)];
    const held = holdingTimes(events, reading, { startAtFirst: false });
    expect(held.map((h) => [h.holder, hours(h.heldMs), hours(h.pausedMs), h.spells])).toEqual([
      ["G1", 1.5, 0, 1],
      ["G2", 1.5, 0, 1],
    ]);
    // Against targets G1 = 2 h and G2 = 1 h: G1 within, G2 over.
    expect(hours(held[0].heldMs) <= 2).toBe(true);
    expect(hours(held[1].heldMs) <= 1).toBe(false);
    expect(holdingSpells(events, reading, { startAtFirst: false }).map((s) => [s.from, s.to])).toEqual([
      [t(MON, 9), t(MON, 10, 30)],
      [t(MON, 10, 30), t(MON, 12)],
    ]);
  });

  test("pauses count as paused, not held; outside working hours nothing counts", () => {
    const events = [
      ev(t(MON, 16), "Service Desk", START),
      ev(t(MON + 1, 10), null, PAUSE), // awaiting caller Tue 10:00
      ev(t(MON + 1, 14), null, 0), // back Tue 14:00
      ev(t(MON + 1, 15), "Network", 0),
      ev(t(MON + 2, 10), null, STOP),
    ];
    const held = holdingTimes(events, reading, { startAtFirst: false });
    expect(held.map((h) => [h.holder, hours(h.heldMs), hours(h.pausedMs)])).toEqual([
      ["Service Desk", 1 + 1 + 1, 4], // Mon 16-17, Tue 09-10, Tue 14-15; paused Tue 10-14
      ["Network", 2 + 1, 0], // Tue 15-17, Wed 09-10
    ]);
  });

  test("a ticket sent back to a group adds to that group's time and counts its spells", () => {
    const events = [
      ev(t(MON, 9), "G1", START),
      ev(t(MON, 10), "G2", 0),
      ev(t(MON, 11), "G1", 0),
      ev(t(MON, 13), null, STOP),
    ];
    const held = holdingTimes(events, reading, { startAtFirst: false });
    expect(held.map((h) => [h.holder, hours(h.heldMs), h.spells])).toEqual([
      ["G1", 3, 2],
      ["G2", 1, 1],
    ]);
  });

  describe("edge cases", () => {
    test("no events, or no holder ever named: no spells", () => {
      expect(holdingSpells([], reading, { startAtFirst: true })).toEqual([]);
      expect(
        holdingSpells([ev(t(MON, 9), null, START), ev(t(MON, 12), "", STOP)], reading, { startAtFirst: false }),
      ).toEqual([]);
    });

    test("time before the first holder is no one's; time before the start is not held", () => {
      const events = [
        ev(t(MON, 9), null, 0), // draft, not a start
        ev(t(MON, 10), "G1", 0), // assigned, still not started
        ev(t(MON, 11), null, START),
        ev(t(MON, 12), null, STOP),
      ];
      const [g1] = holdingTimes(events, reading, { startAtFirst: false });
      expect([g1.holder, hours(g1.heldMs), g1.from]).toEqual(["G1", 1, t(MON, 10)]);
    });

    test("stopped time is not held; a reopen counts again; a change while stopped opens a spell that holds nothing until the reopen", () => {
      const events = [
        ev(t(MON, 9), "G1", START),
        ev(t(MON, 10), null, STOP),
        ev(t(MON, 13), "G2", 0), // reopened to G2
        ev(t(MON, 14), null, STOP),
      ];
      const spells = holdingSpells(events, reading, { startAtFirst: false });
      expect(spells.map((s) => [s.holder, hours(s.heldMs), s.from, s.to])).toEqual([
        ["G1", 1, t(MON, 9), t(MON, 13)],
        ["G2", 1, t(MON, 13), t(MON, 14)],
      ]);
    });

    test("a running ticket counts up to as-of; a stopped one does not", () => {
      const running = [ev(t(MON, 9), "G1", START)];
      expect(hours(holdingTimes(running, reading, { startAtFirst: false, asOf: t(MON + 1, 10) })[0].heldMs)).toBe(9);
      const paused = [ev(t(MON, 9), "G1", START), ev(t(MON, 10), null, PAUSE)];
      const [p] = holdingTimes(paused, reading, { startAtFirst: false, asOf: t(MON, 12) });
      expect([hours(p.heldMs), hours(p.pausedMs)]).toEqual([1, 2]);
      const stopped = [ev(t(MON, 9), "G1", START), ev(t(MON, 10), null, STOP)];
      const [s] = holdingSpells(stopped, reading, { startAtFirst: false, asOf: t(MON + 3, 9) });
      expect([hours(s.heldMs), s.to]).toEqual([1, t(MON, 10)]);
    });

    test("the first event starts the clock when no start state is given", () => {
      const events = [ev(t(MON, 9), "G1", 0), ev(t(MON, 10), "G2", 0), ev(t(MON, 10, 15), null, STOP)];
      expect(holdingTimes(events, reading, { startAtFirst: true }).map((h) => hours(h.heldMs))).toEqual([1, 0.25]);
    });

    test("holders are compared exactly as given; the input is not changed", () => {
      const events = Object.freeze([ev(t(MON, 9), "G1", START), ev(t(MON, 10), "g1", 0), ev(t(MON, 11), null, STOP)]);
      expect(holdingTimes(events, reading, { startAtFirst: false }).map((h) => h.holder)).toEqual(["G1", "g1"]);
    });

    test("a year-long spell is exact in milliseconds", () => {
      const events = [ev(t(MON, 9), "G1", START), ev(t(MON + 364, 17), null, STOP)];
      const [g] = holdingTimes(events, reading, { startAtFirst: false });
      const [clock] = runClocks(
        { ticketOf: [0, 0], times: events.map((e) => e.time), codes: events.map((e) => e.code), tickets: 1 },
        { startAtFirst: false },
        reading,
      );
      expect(g.heldMs).toBe(clock.businessMs);
    });
  });

  const weekday = (day: number) => (new Date((day - 25569) * DAY).getUTCDay() + 6) % 7;
  const worked = (segs: readonly Seg[], m: number) => {
    const day = Math.floor(m / 1440);
    const mod = m - day * 1440;
    return segs.some((s) => s.days.includes(weekday(day)) && s.start <= mod && mod < s.end);
  };

  const historyArb = fc.record({
    day: fc.integer({ min: 44927, max: 45650 }),
    startAtFirst: fc.boolean(),
    asOfMinute: fc.option(fc.integer({ min: 0, max: 3 * 1440 }), { nil: undefined }),
    events: fc.array(
      fc.record({
        minute: fc.integer({ min: 0, max: 2 * 1440 }),
        holder: fc.constantFrom(null, "A", "B", "C"),
        code: fc.constantFrom(0, START, PAUSE, STOP),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  });

  test("matches a minute-stepping reference, and the holders' times add up to the ticket's clock", () => {
    fc.assert(
      fc.property(calendarArb, historyArb, (segs, h) => {
        const reading = serialReading(compiled(render(segs)));
        const events = h.events
          .map((e, i) => ({ e, i }))
          .sort((a, b) => a.e.minute - b.e.minute || a.i - b.i)
          .map(({ e }) => ev((h.day * 1440 + e.minute) * MINUTE, e.holder, e.code));
        const asOf = h.asOfMinute === undefined ? undefined : (h.day * 1440 + h.asOfMinute) * MINUTE;
        const held = holdingTimes(events, reading, { startAtFirst: h.startAtFirst, asOf });

        // Reference: each minute asks who holds the ticket and in which phase its clock is.
        const expected = new Map<string, { held: number; paused: number }>();
        const last = events[events.length - 1].time;
        const end = asOf !== undefined && asOf > last ? asOf : last;
        for (let m = events[0].time / MINUTE; m * MINUTE < end; m++) {
          let holder: string | null = null;
          let phase = "not started";
          events.forEach((e, i) => {
            if (e.time > m * MINUTE) return;
            if (e.holder) holder = e.holder;
            if (phase === "not started" && !(e.code === START || (h.startAtFirst && i === 0))) return;
            phase = e.code === STOP ? "stopped" : e.code === PAUSE ? "paused" : "running";
          });
          if (holder === null) continue;
          const sum = expected.get(holder) ?? { held: 0, paused: 0 };
          expected.set(holder, sum);
          if (!worked(segs, m)) continue;
          if (phase === "running") sum.held += MINUTE;
          if (phase === "paused") sum.paused += MINUTE;
        }
        const got = new Map(held.map((x) => [x.holder, { held: x.heldMs, paused: x.pausedMs }]));
        for (const [holder, sum] of expected) expect(got.get(holder)).toEqual(sum);

        if (events[0].holder) {
          const [clock] = runClocks(
            {
              ticketOf: events.map(() => 0),
              times: events.map((e) => e.time),
              codes: events.map((e) => e.code),
              tickets: 1,
            },
            { startAtFirst: h.startAtFirst },
            reading,
            asOf,
          );
          expect(held.reduce((s, x) => s + x.heldMs, 0)).toBe(clock.businessMs);
          expect(held.reduce((s, x) => s + x.pausedMs, 0)).toBe(clock.pausedMs);
        }
      }),
      { numRuns: 200 },
    );
  });
});
