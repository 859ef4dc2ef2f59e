import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { Span, availability } from "../../src/attainment/availability";
import { MINUTE, calendarArb, compiled, naiveBusinessMs, render } from "../calendar/naive";

const ALWAYS = compiled("24x7");
const JAN = 45292; // 2024-01-01, a Monday
const minutes = (m: number) => m / 1440;
const span = (start: number, end: number): Span => ({ start, end });

describe("availability: worked examples", () => {
  test("a 30-day month at 99.9% with a 4-hour maintenance window", () => {
    // Service time: 43,200 - 240 = 42,960 minutes; 99.9% allows 42.96 minutes of downtime.
    const period = span(JAN, JAN + 30);
    const maintenance = [span(JAN + 13 + 2 / 24, JAN + 13 + 6 / 24)];
    const outages = [
      span(JAN + 9.5, JAN + 9.5 + minutes(30)),
      span(JAN + 20, JAN + 20 + minutes(12.96)),
      // During maintenance: not downtime.
      span(JAN + 13 + 3 / 24, JAN + 13 + 4 / 24),
    ];
    expect(availability(ALWAYS, period, outages, maintenance)).toBe(0.999);
  });

  test("overlapping outages count once; outages are clipped to the period", () => {
    const period = span(JAN, JAN + 1);
    const outages = [span(JAN + 0.5, JAN + 0.75), span(JAN + 0.6, JAN + 0.7), span(JAN - 1, JAN + 0.25)];
    expect(availability(ALWAYS, period, outages, [])).toBe(0.5);
  });

  test("only service time counts: an overnight outage on office hours costs nothing", () => {
    const office = compiled("Mon-Fri 09:00-17:00");
    const period = span(JAN, JAN + 7); // one week, 40 service hours
    expect(availability(office, period, [span(JAN + 18 / 24, JAN + 1 + 8 / 24)], [])).toBe(1);
    expect(availability(office, period, [span(JAN + 16 / 24, JAN + 1 + 10 / 24)], [])).toBe(38 / 40);
  });

  test("holidays are not service time", () => {
    const office = compiled("Mon-Fri 09:00-17:00", [JAN]);
    expect(availability(office, span(JAN, JAN + 7), [span(JAN + 1 + 9 / 24, JAN + 1 + 17 / 24)], [])).toBe(24 / 32);
  });
});

describe("availability: edge cases", () => {
  test("no service time has no base", () => {
    const r = availability(compiled("Mon-Fri 09:00-17:00"), span(JAN + 5, JAN + 7), [], []);
    expect(isFailure(r) && r.code).toBe("#DIV/0!");
    const maintained = availability(ALWAYS, span(JAN, JAN + 1), [], [span(JAN - 1, JAN + 2)]);
    expect(isFailure(maintained) && maintained.code).toBe("#DIV/0!");
    expect(isFailure(availability(ALWAYS, span(JAN, JAN), [], []))).toBe(true);
  });

  test("reversed or empty spans count for nothing; inputs are not mutated", () => {
    const outages = [span(JAN + 0.75, JAN + 0.5), span(JAN + 0.2, JAN + 0.2), span(JAN + 0.5, JAN + 0.75)];
    const copy = JSON.stringify(outages);
    expect(availability(ALWAYS, span(JAN, JAN + 1), outages, [])).toBe(0.75);
    expect(JSON.stringify(outages)).toBe(copy);
  });
});

describe("availability: property against minute stepping", () => {
  const minuteSpan = fc
    .tuple(fc.integer({ min: 0, max: 4 * 1440 }), fc.integer({ min: 0, max: 1440 }))
    .map(([a, len]) => [a, a + len] as const);

  test("equals (service - downtime) / service computed minute by minute", () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.array(minuteSpan, { maxLength: 4 }),
        fc.array(minuteSpan, { maxLength: 3 }),
        (segs, outs, maints) => {
          const base = JAN * 1440;
          const period = [base + 60, base + 3 * 1440 + 60];
          const toSpan = ([a, b]: readonly [number, number]) => span((base + a) / 1440, (base + b) / 1440);
          // Minute by minute: in service when working and not in maintenance; down when also in an outage.
          let service = 0;
          let down = 0;
          for (let m = period[0]; m < period[1]; m++) {
            const working = naiveBusinessMs(segs, [], m * MINUTE, (m + 1) * MINUTE) > 0;
            const inside = (list: readonly (readonly [number, number])[]) =>
              list.some(([a, b]) => base + a <= m && m < base + b);
            if (!working || inside(maints)) continue;
            service++;
            if (inside(outs)) down++;
          }
          const r = availability(
            compiled(render(segs)),
            toSpan([60, 3 * 1440 + 60]),
            outs.map(toSpan),
            maints.map(toSpan),
          );
          if (service === 0) expect(isFailure(r)).toBe(true);
          else expect(r as number).toBeCloseTo((service - down) / service, 12);
        },
      ),
      { numRuns: 100 },
    );
  });
});
