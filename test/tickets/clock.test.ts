/**
 * The ticket clock against a minute-stepping reference (random histories, pauses, reopens,
 * holidays, calendars), its worked rules, and its agreement with ELAPSED to the millisecond.
 */
import fc from "fast-check";
import { elapsedHours } from "../../src/calendar/elapsed";
import { isFailure } from "../../src/errors";
import {
  clockReach,
  elapsedPausedMs,
  groupEvents,
  orderOneTicket,
  runClocks,
  Reading,
  serialReading,
  ticketIndex,
} from "../../src/tickets/clock";
import { PAUSE, START, STOP, stateCode, stateLists, StateLists } from "../../src/tickets/states";
import { zonedReading } from "../../src/tickets/zone";
import { DAY, HOUR, MINUTE, Seg, calendarArb, compiled, render } from "../calendar/naive";

const weekday = (day: number) => (new Date((day - 25569) * DAY).getUTCDay() + 6) % 7;

/** Whether minute `m` (minutes since serial 0) is worked: some segment covers it and its day is no holiday. */
function working(segs: readonly Seg[], off: ReadonlySet<number>, m: number): boolean {
  const day = Math.floor(m / 1440);
  if (off.has(day)) return false;
  const mod = m - day * 1440;
  const wd = weekday(day);
  return segs.some((s) => s.days.includes(wd) && s.start <= mod && mod < s.end);
}

interface Ev {
  readonly ticket: number;
  readonly time: number;
  readonly code: number;
}

/** The phase after replaying events (already in time order), the rules written out plainly. */
function replay(events: readonly Ev[], startAtFirst: boolean) {
  let started: number | null = null;
  let phase = "Not started";
  let stoppedAt: number | null = null;
  events.forEach((e, i) => {
    if (started === null && (e.code === START || (startAtFirst && i === 0))) started = e.time;
    if (started === null) return;
    if (e.code === STOP) {
      if (phase !== "Stopped") stoppedAt = e.time;
      phase = "Stopped";
    } else phase = e.code === PAUSE ? "Paused" : "Running";
  });
  return { started, phase, stopped: phase === "Stopped" ? stoppedAt : null };
}

/** The reference: each minute asks which phase the ticket is in and whether the minute is worked. */
function reference(
  events: readonly Ev[],
  startAtFirst: boolean,
  segs: readonly Seg[],
  holidays: number[],
  asOf?: number,
) {
  const off = new Set(holidays);
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.time - b.e.time || a.i - b.i)
    .map((x) => x.e);
  const last = sorted[sorted.length - 1].time;
  const end = asOf !== undefined && asOf > last ? asOf : last;
  let business = 0;
  let paused = 0;
  for (let m = sorted[0].time / MINUTE; m * MINUTE < end; m++) {
    const phase = replay(
      sorted.filter((e) => e.time <= m * MINUTE),
      startAtFirst,
    ).phase;
    if (!working(segs, off, m)) continue;
    if (phase === "Running") business += MINUTE;
    if (phase === "Paused") paused += MINUTE;
  }
  return { ...replay(sorted, startAtFirst), business, paused };
}

const codeArb = fc.constantFrom(0, START, PAUSE, STOP);
const historyArb = fc.record({
  day: fc.integer({ min: 44927, max: 45650 }),
  events: fc.array(
    fc.record({ ticket: fc.integer({ min: 0, max: 2 }), minute: fc.integer({ min: 0, max: 2 * 1440 }), code: codeArb }),
    { minLength: 1, maxLength: 7 },
  ),
  holidayOffsets: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
  startAtFirst: fc.boolean(),
  asOfMinute: fc.option(fc.integer({ min: 0, max: 3 * 1440 }), { nil: undefined }),
});

describe("runClocks", () => {
  test("matches the minute-stepping reference on random histories, pauses, reopens, holidays and calendars", () => {
    fc.assert(
      fc.property(calendarArb, historyArb, (segs, h) => {
        const holidays = h.holidayOffsets.map((o) => h.day + o);
        const cal = compiled(render(segs), holidays);
        // Tickets numbered by first appearance, as the index makes them.
        const index = ticketIndex();
        const events: Ev[] = h.events.map((e) => ({
          ticket: index.indexOf(String(e.ticket)),
          time: h.day * DAY + e.minute * MINUTE,
          code: e.code,
        }));
        const asOf = h.asOfMinute === undefined ? undefined : h.day * DAY + h.asOfMinute * MINUTE;
        const clocks = runClocks(
          {
            ticketOf: events.map((e) => e.ticket),
            times: events.map((e) => e.time),
            codes: events.map((e) => e.code),
            tickets: index.keys.length,
          },
          { startAtFirst: h.startAtFirst },
          serialReading(cal),
          asOf,
        );
        clocks.forEach((clock, t) => {
          const ref = reference(
            events.filter((e) => e.ticket === t),
            h.startAtFirst,
            segs,
            holidays,
            asOf,
          );
          expect({ ...clock, ticket: 0, lastEvent: 0 }).toEqual({
            ticket: 0,
            lastEvent: 0,
            started: ref.started,
            stopped: ref.stopped,
            businessMs: ref.business,
            pausedMs: ref.paused,
            state: ref.phase,
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  test("one start and one stop event give exactly the ELAPSED of the two times", () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.double({ min: 44927, max: 45650, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (segs, start, length) => {
          const cal = compiled(render(segs));
          const end = start + length;
          const [clock] = runClocks(
            {
              ticketOf: [0, 0],
              times: [Math.round(end * DAY), Math.round(start * DAY)],
              codes: [STOP, START],
              tickets: 1,
            },
            { startAtFirst: false },
            serialReading(cal),
          );
          expect(clock.businessMs / HOUR).toBe(elapsedHours(cal, start, end));
        },
      ),
      { numRuns: 200 },
    );
  });

  const cal = compiled("Mon-Fri 09:00-17:00");
  const MON = 45299; // 2024-01-08
  const t = (day: number, hh: number, mm = 0) => (day * 1440 + hh * 60 + mm) * MINUTE;
  const run = (events: [number, number, number][], startAtFirst = false, asOf?: number) =>
    runClocks(
      {
        ticketOf: events.map((e) => e[0]),
        times: events.map((e) => e[1]),
        codes: events.map((e) => e[2]),
        tickets: Math.max(...events.map((e) => e[0])) + 1,
      },
      { startAtFirst },
      serialReading(cal),
      asOf,
    );

  test("worked example: start, hold, resume, resolve, reopen, resolve again", () => {
    const [c] = run([
      [0, t(MON, 10), START], // New, Monday 10:00
      [0, t(MON, 12), PAUSE], // On hold 12:00
      [0, t(MON, 15), 0], // In progress 15:00
      [0, t(MON + 1, 10), STOP], // Resolved Tuesday 10:00
      [0, t(MON + 2, 9), 0], // Reopened Wednesday 09:00
      [0, t(MON + 2, 9, 30), STOP], // Resolved 09:30
    ]);
    // Running: 10-12 (2 h) + 15-17 (2 h) + Tue 09-10 (1 h) + Wed 09:00-09:30 (0.5 h)
    expect(c.businessMs).toBe(5.5 * HOUR);
    expect(c.pausedMs).toBe(3 * HOUR);
    expect(c.state).toBe("Stopped");
    expect(c.started).toBe(t(MON, 10));
    expect(c.stopped).toBe(t(MON + 2, 9, 30));
  });

  test("before the first start nothing counts; a second stop state keeps the first stop's time", () => {
    const [c] = run([
      [0, t(MON, 9), 0], // Draft: not a start state
      [0, t(MON, 11), START],
      [0, t(MON, 13), STOP], // Resolved
      [0, t(MON, 16), STOP], // Closed
    ]);
    expect(c.businessMs).toBe(2 * HOUR);
    expect(c.stopped).toBe(t(MON, 13));
  });

  test("blank start states: the first event starts; equal times keep table order", () => {
    const [c] = run(
      [
        [0, t(MON, 9), 0],
        [0, t(MON, 10), PAUSE],
        [0, t(MON, 10), 0],
      ],
      true,
    );
    expect(c.businessMs).toBe(1 * HOUR);
    expect(c.state).toBe("Running");
  });

  test("as of: a running ticket counts on, a paused one counts as paused, a stopped one does not", () => {
    const asOf = t(MON + 1, 12);
    const clocks = run(
      [
        [0, t(MON, 16), START],
        [1, t(MON, 16), START],
        [1, t(MON, 16, 30), PAUSE],
        [2, t(MON, 16), START],
        [2, t(MON, 16, 30), STOP],
        [3, t(MON, 16), 0],
      ],
      false,
      asOf,
    );
    expect(clocks.map((c) => [c.state, c.businessMs / HOUR, c.pausedMs / HOUR])).toEqual([
      ["Running", 4, 0],
      ["Paused", 0.5, 3.5],
      ["Stopped", 0.5, 0],
      ["Not started", 0, 0],
    ]);
    expect(clocks[3].started).toBeNull();
    // Without as-of, counting ends at the last event.
    expect(run([[0, t(MON, 16), START]])[0].businessMs).toBe(0);
  });

  test("groups a long history with the stable built-in sort", () => {
    const n = 100;
    const times = Array.from({ length: n }, (_, i) => (n - i) % 10);
    const { order } = groupEvents({ ticketOf: new Array(n).fill(0), times, codes: new Array(n).fill(0), tickets: 1 });
    const expected = times
      .map((time, i) => ({ time, i }))
      .sort((a, b) => a.time - b.time || a.i - b.i)
      .map((x) => x.i);
    expect(Array.from(order)).toEqual(expected);
  });

  test("orderOneTicket orders a ticket's events as groupEvents does, in a reused, longer array", () => {
    // Few distinct times (many ties) and lengths on both sides of the insertion limit (24).
    const scratch = new Int32Array(200).fill(-7);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }), (times) => {
        const n = times.length;
        const { order } = groupEvents({
          ticketOf: new Array(n).fill(0),
          times,
          codes: new Array(n).fill(0),
          tickets: 1,
        });
        const stable = times
          .map((time, i) => ({ time, i }))
          .sort((a, b) => a.time - b.time || a.i - b.i)
          .map((x) => x.i);
        const into = orderOneTicket(times, n, scratch);
        expect(into).toBe(scratch);
        expect(Array.from(into.subarray(0, n))).toEqual(stable);
        expect(Array.from(order)).toEqual(stable);
      }),
      { seed: 19, numRuns: 300 },
    );
  });
});

describe("elapsedPausedMs", () => {
  test("matches a minute-stepping reference: business time outside the union of pauses", () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: 44927, max: 45650 }),
        fc.integer({ min: 0, max: 1440 }),
        fc.integer({ min: 0, max: 2 * 1440 }),
        fc.array(fc.tuple(fc.integer({ min: -300, max: 3500 }), fc.integer({ min: 0, max: 900 })), { maxLength: 5 }),
        (segs, day, startMinute, length, pauses) => {
          const cal = compiled(render(segs));
          const off = new Set<number>();
          const s = day * 1440 + startMinute;
          const e = s + length;
          const spans = pauses.map(([a, l]) => ({ start: (s + a) * MINUTE, end: (s + a + l) * MINUTE }));
          let expected = 0;
          for (let m = s; m < e; m++) {
            const inPause = spans.some((p) => p.start <= m * MINUTE && m * MINUTE < p.end);
            if (!inPause && working(segs, off, m)) expected += MINUTE;
          }
          expect(elapsedPausedMs(serialReading(cal), s * MINUTE, e * MINUTE, spans)).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("with no pauses it is ELAPSED exactly", () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.double({ min: 44927, max: 45650, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (segs, start, length) => {
          const cal = compiled(render(segs));
          const ms = elapsedPausedMs(
            serialReading(cal),
            Math.round(start * DAY),
            Math.round((start + length) * DAY),
            [],
          );
          expect(ms / HOUR).toBe(elapsedHours(cal, start, start + length));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("stateLists", () => {
  test("reads lists as texts with commas, trimmed and case-insensitive", () => {
    const lists = stateLists(
      ["New, In Progress"],
      ["On Hold", " awaiting CUSTOMER "],
      ["Resolved,Closed"],
    ) as StateLists;
    expect(stateCode(lists, "  new")).toBe(START);
    expect(stateCode(lists, "Awaiting Customer")).toBe(PAUSE);
    expect(stateCode(lists, "CLOSED")).toBe(STOP);
    expect(stateCode(lists, "Work in progress")).toBe(0);
    expect(lists.startAtFirst).toBe(false);
    expect((stateLists([], [""], ["Done"]) as StateLists).startAtFirst).toBe(true);
    // The same state twice in one list is harmless.
    expect(isFailure(stateLists(["New", "new"], [], []))).toBe(false);
  });

  test("rejects a state named in two lists, naming both lists", () => {
    const r = stateLists(["New"], ["On Hold"], ["on hold"]);
    expect(r).toEqual({
      kind: "failure",
      code: "#VALUE!",
      message:
        'stop_states: the state "on hold" is also in pause_states; a state can start, pause or stop the clock, not two of these.',
    });
    const cli = stateLists(["Resolved"], [], ["Resolved"], ["--start", "--pause", "--stop"]);
    expect(isFailure(cli) && cli.message.startsWith('--stop: the state "Resolved" is also in --start')).toBe(true);
  });
});

/** One ticket's events as clockReach takes them: all of them, in time order (ties in list order). */
function ticketView(events: readonly { time: number; code: number }[]) {
  const order = events.map((_, i) => i).sort((a, b) => events[a].time - events[b].time || a - b);
  return { times: events.map((e) => e.time), codes: events.map((e) => e.code), order, from: 0, to: events.length };
}

describe("clockReach", () => {
  test("counts as runClocks does, and its breach instant is the first millisecond the count reaches the target", () => {
    fc.assert(
      fc.property(calendarArb, historyArb, fc.integer({ min: 0, max: 3 * 1440 }), (segs, h, targetMinutes) => {
        const reading = serialReading(compiled(render(segs)));
        const events = h.events.map((e) => ({ time: h.day * DAY + e.minute * MINUTE, code: e.code }));
        const view = ticketView(events);
        const asOf = h.asOfMinute === undefined ? undefined : h.day * DAY + h.asOfMinute * MINUTE;
        const [clock] = runClocks(
          { ticketOf: events.map(() => 0), times: view.times, codes: view.codes, tickets: 1 },
          { startAtFirst: h.startAtFirst },
          reading,
          asOf,
        );
        const targetMs = targetMinutes * MINUTE;
        const reach = clockReach(view, reading, { startAtFirst: h.startAtFirst, asOf, targetMs });
        expect(reach.businessMs).toBe(clock.businessMs);
        const upTo = (until: number) =>
          clockReach(view, reading, { startAtFirst: h.startAtFirst, asOf, until }).businessMs;
        if (clock.businessMs > targetMs) {
          expect(reach.reachedAt).not.toBeNull();
          expect(upTo(reach.reachedAt!)).toBeGreaterThanOrEqual(targetMs);
          // A zero target is reached as the clock first runs (ServiceNow's breach at the start).
          if (targetMs > 0) expect(upTo(reach.reachedAt! - 1)).toBeLessThan(targetMs);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("a reading's inverse (a zone without transitions) gives exactly the bisection's breach instant", () => {
    const calls = { inverse: 0, bisected: 0 };
    fc.assert(
      fc.property(calendarArb, historyArb, fc.integer({ min: 0, max: 3 * 1440 }), (segs, h, targetMinutes) => {
        const zoned = zonedReading(compiled(render(segs)), { name: "UTC", transitions: [], offsets: [0] });
        expect(zoned.earliest).toBeDefined();
        const reading: Reading = Object.assign((ms: number) => (calls.inverse++, zoned(ms)), {
          earliest: zoned.earliest,
        });
        const bisected: Reading = (ms) => (calls.bisected++, zoned(ms));
        // Epoch milliseconds, as the zone table's reading takes them.
        const at = (minute: number) => (h.day - 25569) * DAY + minute * MINUTE;
        const events = h.events.map((e) => ({ time: at(e.minute), code: e.code }));
        const view = ticketView(events);
        const options = {
          startAtFirst: h.startAtFirst,
          asOf: h.asOfMinute === undefined ? undefined : at(h.asOfMinute),
          targetMs: targetMinutes * MINUTE,
        };
        expect(clockReach(view, reading, options)).toEqual(clockReach(view, bisected, options));
      }),
      { numRuns: 200 },
    );
    // The inverse is used, not only checked and bisected after: far fewer readings.
    expect(calls.inverse).toBeLessThan(calls.bisected * 0.6);
  });
});
