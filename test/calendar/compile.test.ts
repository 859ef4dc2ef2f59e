import { CALENDAR_GRAMMAR, isFailure } from "../../src/errors";
import { Calendar, compileCalendar, lowerBound, parseCalendar } from "../../src/calendar/compile";

const WEEKDAYS = [0, 1, 2, 3, 4];

function compiled(text: string, holidays?: number[]): Calendar {
  const cal = compileCalendar(text, holidays);
  if (isFailure(cal)) throw new Error(cal.message);
  return cal;
}

describe("parseCalendar", () => {
  test("reads spans, lists and single days, any case, with spaces", () => {
    expect(parseCalendar("Mon-Fri 08:00-18:00; Sat 09:00-13:00")).toEqual([
      { days: WEEKDAYS, start: 480, end: 1080 },
      { days: [5], start: 540, end: 780 },
    ]);
    expect(parseCalendar("mon, WED ,Fri 9:00 - 17:30")).toEqual([{ days: [0, 2, 4], start: 540, end: 1050 }]);
    expect(parseCalendar("Tuesday 00:00-24:00")).toEqual([{ days: [1], start: 0, end: 1440 }]);
    expect(parseCalendar("Thur 10:00-11:00")).toEqual([{ days: [3], start: 600, end: 660 }]);
  });

  test("a list may mix spans and days; a span may wrap past Sunday", () => {
    expect(parseCalendar("Mon-Tue,Fri 10:00-11:00")).toEqual([{ days: [0, 1, 4], start: 600, end: 660 }]);
    expect(parseCalendar("Fri-Mon 10:00-11:00")).toEqual([{ days: [0, 4, 5, 6], start: 600, end: 660 }]);
  });

  test("blank and 24x7 mean every minute of the week; a trailing ; is harmless", () => {
    const all = [{ days: [0, 1, 2, 3, 4, 5, 6], start: 0, end: 1440 }];
    expect(parseCalendar("")).toEqual(all);
    expect(parseCalendar("  24X7 ")).toEqual(all);
    expect(parseCalendar("Mon 09:00-10:00;")).toEqual([{ days: [0], start: 540, end: 600 }]);
  });

  test.each([
    ["Mon-Fry 09:00-17:00", '"Mon-Fry" is not a day or a span of days'],
    ["Mon-Tue-Wed 09:00-17:00", '"Mon-Tue-Wed" is not a day or a span of days'],
    ["Mo 09:00-17:00", '"Mo" is not a day'],
    ["09:00-17:00", 'segment "09:00-17:00" is missing a day name'],
    ["Mon 9-17", 'segment "Mon 9-17" is not DAYS HH:MM-HH:MM'],
    ["Mon 09:00", 'segment "Mon 09:00" is not DAYS HH:MM-HH:MM'],
    ["Mon 25:00-26:00", '"25:00" is not a time from 00:00 to 24:00'],
    ["Mon 09:60-10:00", '"09:60" is not a time'],
    ["Mon 00:00-24:01", '"24:01" is not a time'],
    ["Mon 22:00-06:00", "the start 22:00 is not before the end 06:00; split a window that crosses midnight"],
    ["Mon 09:00-09:00", "the start 09:00 is not before the end 09:00"],
    [" ; ", "has no segments"],
    ["7x24", 'segment "7x24" is not DAYS HH:MM-HH:MM'],
  ])("rejects %p, saying what is wrong and showing the grammar", (text, problem) => {
    const r = parseCalendar(text);
    expect(isFailure(r) && r.code).toBe("#VALUE!");
    const message = isFailure(r) ? r.message : "";
    expect(message.startsWith("calendar: ")).toBe(true);
    expect(message).toContain(problem);
    expect(message).toContain(CALENDAR_GRAMMAR);
  });

  test("is linear in runs of spaces: 10x the spaces takes about 10x the time, not 100x", () => {
    // Found by fuzzing: "Mon" + 99,996 spaces + "x" took 7.4 s with a backtracking pattern.
    const time = (spaces: number) => {
      const text = "Mon" + " ".repeat(spaces) + "x";
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = process.hrtime.bigint();
        parseCalendar(text);
        best = Math.min(best, Number(process.hrtime.bigint() - t0));
      }
      return best;
    };
    time(1000); // warm-up
    const small = time(10_000);
    const large = time(100_000);
    // Quadratic would be 100x; allow generous noise on a shared machine.
    expect(large / small).toBeLessThan(40);
    expect(large / 1e6).toBeLessThan(500);
    const r = parseCalendar("Mon" + " ".repeat(99_996) + "x");
    // The message quotes the text cut short, not 100,000 characters.
    expect(isFailure(r) && r.message.length).toBeLessThan(400);
  });

  test("days may touch the times, and spaces around the dash are allowed, as before", () => {
    expect(parseCalendar("Mon09:00-10:00")).toEqual([{ days: [0], start: 540, end: 600 }]);
    expect(parseCalendar("Mon - Tue   9:00 -  10:00")).toEqual([{ days: [0, 1], start: 540, end: 600 }]);
  });
});

describe("compileCalendar", () => {
  test("builds cumulative minutes and merged runs of the week", () => {
    const cal = compiled("Mon-Fri 09:00-17:00");
    expect(cal.weekMs).toBe(5 * 8 * 3_600_000);
    expect(cal.cumulative.length).toBe(10081);
    expect(cal.cumulative[540]).toBe(0);
    expect(cal.cumulative[1020]).toBe(480);
    expect(cal.cumulative[10080]).toBe(2400);
    expect(Array.from(cal.runStart)).toEqual(WEEKDAYS.map((d) => d * 1440 + 540));
    expect(Array.from(cal.runEnd)).toEqual(WEEKDAYS.map((d) => d * 1440 + 1020));
  });

  test("overlapping and touching segments merge, also across midnight", () => {
    const cal = compiled("Mon 09:00-12:00; Mon 11:00-13:00; Mon 22:00-24:00; Tue 00:00-02:00; Mon 13:00-14:00");
    expect(Array.from(cal.runStart)).toEqual([540, 1320]);
    expect(Array.from(cal.runEnd)).toEqual([840, 1440 + 120]);
    expect(cal.weekMs).toBe((5 + 4) * 3_600_000);
    expect(compiled("24x7").runStart.length).toBe(1);
  });

  test("holidays are floored, sorted and de-duplicated, and the input is not mutated", () => {
    const input = [45300.75, 45299, 45300, 45299];
    const copy = [...input];
    const cal = compiled("Mon-Fri 09:00-17:00", input);
    expect(input).toEqual(copy);
    expect(Array.from(cal.holidays)).toEqual([45299, 45300]);
    // 2024-01-08 (Mon) and 09 (Tue): 8 hours each.
    expect(Array.from(cal.holidayLoss)).toEqual([0, 8 * 3_600_000, 16 * 3_600_000]);
  });

  test("a holiday on a day without working time removes nothing", () => {
    const cal = compiled("Mon-Fri 09:00-17:00", [45297]); // Saturday
    expect(Array.from(cal.holidayLoss)).toEqual([0, 0]);
  });

  test("passes parse failures through", () => {
    expect(isFailure(compileCalendar("Mon 10:00-09:00"))).toBe(true);
  });
});

describe("lowerBound", () => {
  test("counts the elements below a value", () => {
    const a = [1, 3, 3, 7];
    expect([0, 1, 3, 4, 7, 8].map((v) => lowerBound(a, v))).toEqual([0, 0, 1, 3, 3, 4]);
    expect(lowerBound([], 5)).toBe(0);
  });
});
