import fc from "fast-check";
import { isRefusal } from "../../src/errors";
import {
  exactAmount,
  gateIndex,
  nameKey,
  parseAmount,
  parseDate,
  parseGate,
  readAmount,
  reconcileRow,
  sameValue,
} from "../../src/governance/values";
import { row } from "./support";

describe("parseGate", () => {
  test.each([
    ["L3", "L3 Implementing"],
    ["l3", "L3 Implementing"],
    ["3", "L3 Implementing"],
    ["Realised", "L4 Realized"],
    ["  l4   realized ", "L4 Realized"],
    ["L2: Validated", "L2 Validated"],
    ["L5 Closed", "L5 Closed"],
    ["On hold", undefined],
    [null, undefined],
  ])("%p reads as %p", (text, gate) => expect(parseGate(text)).toBe(gate));
  test("gateIndex orders L0..L5", () => expect(gateIndex("L4 Realized")).toBe(4));
});

describe("readAmount", () => {
  test.each([
    [1200.5, 1200.5],
    ["1200.50", 1200.5],
    ["$1,200.50", 1200.5],
    ["1.200,50", 1200.5],
    ["EUR 1.200,00", 1200],
    ["1 200,50", 1200.5],
    ["1.234.567", 1234567],
    ["1,234,567", 1234567],
    ["1,5", 1.5],
    ["12.75", 12.75],
    ["0.500", 0.5],
    ["1200.500", 1200.5],
    ["(250)", -250],
    ["-1,200.50", -1200.5],
    ["1e3", 1000],
  ])("%p is the amount %p", (text, value) => expect(readAmount(text)).toEqual({ kind: "amount", value }));

  test.each([
    ["1.200 €", ".", 1200, 1.2],
    ["€1.000", ".", 1000, 1],
    ["1.500", ".", 1500, 1.5],
    ["2,000", ",", 2000, 2],
    ["(1.250)", ".", -1250, -1.25],
  ])("%p is ambiguous", (text, mark, asThousands, asDecimal) => {
    expect(readAmount(text)).toEqual({ kind: "ambiguous", mark, asThousands, asDecimal });
    expect(parseAmount(text)).toBeUndefined();
  });

  test("the decimal mark settles it", () => {
    expect(parseAmount("1.200 €", ",")).toBe(1200);
    expect(parseAmount("€1.000", ",")).toBe(1000);
    expect(parseAmount("1.500", ".")).toBe(1.5);
    expect(parseAmount("1,500", ".")).toBe(1500);
    expect(parseAmount("1.234,5", ",")).toBe(1234.5);
    expect(parseAmount("1,200.50", ",")).toBeUndefined(); // written the other way round
    expect(parseAmount("1,5", ".")).toBeUndefined();
  });

  test.each(["twelve", "", "n/a", "1,20,000", "1.2.3,4,5", "--5", "1,200.50.3", null, true])("%p is no amount", (v) =>
    expect(readAmount(v as never)).toEqual({ kind: "none" }),
  );
  test("non-finite numbers are no amount", () => expect(parseAmount(Infinity)).toBeUndefined());
});

describe("readAmount never guesses (property against a simple formatter)", () => {
  /** Groups the digits of a whole number in threes with `sep`: group(1234567, ".") is "1.234.567". */
  const group = (whole: number, sep: string) => String(whole).replace(/\B(?=(\d{3})+$)/g, sep);
  const amountArb = fc.record({
    whole: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1000, max: 99_999_999 })),
    fraction: fc.oneof(fc.constant(""), fc.stringMatching(/^\d{1,3}$/)),
    grouped: fc.boolean(),
    negative: fc.boolean(),
    decoration: fc.constantFrom(["", ""], ["€", ""], ["", " €"], ["$ ", ""], ["EUR ", ""]),
  });
  test("written either way, it reads back exactly with its decimal mark, and without one it is right or ambiguous", () => {
    fc.assert(
      fc.property(amountArb, fc.constantFrom(".", ","), (a, mark) => {
        const sep = mark === "." ? "," : ".";
        const whole = a.grouped ? group(a.whole, sep) : String(a.whole);
        const body = whole + (a.fraction ? mark + a.fraction : "");
        const text = `${a.negative ? "-" : ""}${a.decoration[0]}${body}${a.decoration[1]}`;
        const expected = (a.negative ? -1 : 1) * Number(`${a.whole}.${a.fraction || "0"}`);
        expect(parseAmount(text, mark as "." | ",")).toBe(expected);
        const guess = readAmount(text);
        if (guess.kind === "amount") expect(guess.value).toBe(expected);
        else {
          expect(guess.kind).toBe("ambiguous");
          if (guess.kind === "ambiguous") expect([guess.asThousands, guess.asDecimal]).toContain(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("exactAmount", () => {
  test("plain decimals are kept exactly", () => {
    expect(exactAmount("1200.50")).toBe(1200.5);
    expect(exactAmount(" 0.1 ")).toBe(0.1);
    expect(exactAmount("123456789012345")).toBe(123456789012345);
  });
  test("more precision than the workbook keeps is refused, saying what would be stored", () => {
    const r = exactAmount("516000.000000000000000001");
    expect(isRefusal(r) && r.reasons[0]).toBe(
      '"516000.000000000000000001" has more precision than the workbook keeps (15 significant digits); it would be stored as 516000.',
    );
    expect(isRefusal(exactAmount("1234567890123456"))).toBe(true); // 16 digits
  });
  test("separators and words are refused", () => {
    const r = exactAmount("1,200");
    expect(isRefusal(r) && r.reasons[0]).toBe('"1,200" is not an amount such as 1200.50 (no thousands separators).');
    expect(isRefusal(exactAmount("abc"))).toBe(true);
  });
});

describe("dates, names, reconciliation", () => {
  test("parseDate: serials in range and ISO text", () => {
    expect(parseDate("2024-01-01")).toBe(45292);
    expect(parseDate(45292.5)).toBe(45292.5);
    expect(parseDate(10)).toBeUndefined(); // before 1900-03-01
    expect(parseDate("01/02/2024")).toBeUndefined();
  });
  test("nameKey folds case and spaces; sameValue compares numbers by value", () => {
    expect(nameKey("  Cut   Licences ")).toBe("cut licences");
    expect(sameValue("B ", "b")).toBe(true);
    expect(sameValue(2, 2.0)).toBe(true);
    expect(sameValue(2, "3")).toBe(false);
  });
  test("reconcileRow: achieved = baseline - actual against planned and confirmed", () => {
    const base = row({ baseline: 1000, actual: 900, planned: 100 });
    expect(reconcileRow({ ...base, confirmed: 100 })).toBe("Reconciled");
    expect(reconcileRow({ ...base, confirmed: 130 })).toBe("Overstated"); // 130 > achieved 100
    expect(reconcileRow({ ...base, confirmed: 70 })).toBe("Understated");
    expect(reconcileRow({ ...base, planned: 150, confirmed: 100 })).toBe("Shortfall"); // achieved 100 < planned 150
    expect(reconcileRow(base)).toBe("Unconfirmed");
    expect(reconcileRow({ ...base, planned: null })).toBe("");
    expect(reconcileRow({ ...base, baseline: "2,000" })).toBe(""); // ambiguous text is not read
  });
});
