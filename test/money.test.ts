import fc from "fast-check";
import { olaGap } from "../src/attainment/olaGap";
import { ExactSum, Money, money, sumMoney, toNumber } from "../src/money";

/** The reference: every number read as its shortest decimal text by BigNumber, then added. */
const reference = (values: readonly number[]): Money => sumMoney(values.map((v) => money(v)));

function exactSum(values: readonly number[]): Money {
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  return sum.total();
}

/** A double from its 64 bits, so the generators reach every kind of number. */
function fromBits(high: number, low: number): number {
  const words = new Uint32Array(2);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  words[little ? 1 : 0] = high;
  words[little ? 0 : 1] = low;
  return new Float64Array(words.buffer)[0];
}

/** The number `steps` doubles away from `value` (same sign, finite). */
function nudged(value: number, steps: number): number {
  const bits = new BigInt64Array(new Float64Array([value]).buffer);
  bits[0] += BigInt(steps);
  return new Float64Array(bits.buffer)[0];
}

const anyDouble = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([h, l]) => fromBits(h, l))
  .filter((v) => Number.isFinite(v));
/** What =B2/C2 gives: 16-17 significant digits. */
const quotient = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 })).map(([a, b]) => a / b);
/** Numbers with few binary digits, where P can fall exactly halfway (the ties). */
const fewBits = fc
  .tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 45 }))
  .map(([m, k]) => m / 2 ** k);
/** Next to a power of two or of ten: the edges of a binade and of a decade. */
const edges = fc
  .tuple(fc.integer({ min: -20, max: 50 }), fc.boolean(), fc.integer({ min: -3, max: 3 }))
  .map(([k, ten, steps]) => nudged(ten ? Number(`1e${Math.round(k / 3)}`) : 2 ** k, steps));
/** Full precision in the ranges the bench uses (attainments, hours, amounts). */
const ranged = fc.oneof(
  fc.double({ min: 0.9, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 10, noNaN: true }),
  fc.double({ min: -1e5, max: 1e5, noNaN: true }),
  fc.double({ min: -1e15, max: 1e15, noNaN: true }),
);
const numbers = fc.oneof(anyDouble, quotient, fewBits, edges, ranged);
/** Numbers whose sums fit in the 64 significant digits money keeps: from 10^-20 to 10^20. */
const summable = numbers.filter((v) => v === 0 || (Math.abs(v) >= 1e-20 && Math.abs(v) <= 1e20));

describe("ExactSum", () => {
  test("worked examples: full-precision numbers keep every digit of their text", () => {
    expect(exactSum([0.1 + 0.2]).toString()).toBe("0.30000000000000004");
    expect(exactSum([0.1 + 0.2, -0.1]).toString()).toBe("0.20000000000000004");
    expect(exactSum([2 / 3, 1 / 3]).toString()).toBe("0.9999999999999999");
    expect(exactSum([100 / 7, 0.25, -1 / 3]).toString()).toBe("14.2023809523809527");
    expect(toNumber(exactSum([0.1, 0.2, 0.3]))).toBe(0.6);
  });

  test("property: the sum is exactly the sum of each number's shortest decimal text", () => {
    fc.assert(
      fc.property(fc.array(summable, { maxLength: 40 }), (values) => {
        expect(exactSum(values).toString()).toBe(reference(values).toString());
      }),
      { numRuns: 3000 },
    );
  });

  test("property: one number at a time, every kind (the decimal read for each is the reference's)", () => {
    fc.assert(
      fc.property(numbers, (v) => {
        expect(exactSum([v]).toString()).toBe(money(v).toString());
      }),
      { numRuns: 20000 },
    );
  });

  test("property: long runs that change kind (more terms than are kept before a pass, each path tried first)", () => {
    // Runs of one kind of number, as columns hold them, so the path tried first changes
    // mid-pass, and a total taken part-way does not stop the sum.
    const run = fc.tuple(
      fc.oneof(
        summable,
        quotient,
        fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100),
      ),
      fc.integer({ min: 1, max: 300 }),
    );
    fc.assert(
      fc.property(fc.array(run, { maxLength: 6 }), fc.nat(2000), (runs, cut) => {
        const values = runs.flatMap(([v, n]) => Array.from({ length: n }, (_, i) => (i % 3 === 2 ? v / 3 : v)));
        const sum = new ExactSum();
        values.forEach((v, i) => {
          sum.add(v);
          if (i === cut) expect(sum.total().toString()).toBe(reference(values.slice(0, i + 1)).toString());
        });
        expect(sum.total().toString()).toBe(reference(values).toString());
      }),
      { numRuns: 300 },
    );
  });

  test("the fast sums move into the exact total before they could round (4,194,305 terms)", () => {
    const v = 0.9876543210987654;
    const n = 2 ** 22 + 1;
    const sum = new ExactSum();
    for (let i = 0; i < n; i++) sum.add(v);
    expect(sum.total().toString()).toBe(money(v).times(money(n)).toString());
  });
});

describe("OLA_GAP on full-precision targets", () => {
  test("property: equal to the reference in exact decimal", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.array(ranged, { maxLength: 30 }), (sla, olas) => {
        const gap = olaGap(sla, olas);
        expect(gap).toBe(toNumber(money(sla).minus(reference(olas))));
      }),
    );
  });
});
