/**
 * Exact decimal money. The only module that sees the decimal library: everything else uses
 * these functions.
 *
 * decimal.js, configured as mathjs configures its BigNumber (64 significant digits, Euclidean
 * modulo), without the rest of mathjs: loading mathjs's entry creates every one of its
 * functions, about a second of CPU at the start of each command (docs/performance.md). An
 * input number is read as its shortest decimal text, so `minus(money(100.3), money(100.1))`
 * is exactly 0.2.
 */
import { Decimal as DecimalLibrary } from "decimal.js";
import { Result, fail, moneyMessages } from "./errors";

// 64 significant digits: far beyond any amount a workbook holds, so sums never round.
const Decimal = DecimalLibrary.clone({ precision: 64, modulo: DecimalLibrary.EUCLID }) as unknown as new (
  value: number | string,
) => Money;

/** An exact decimal amount. Treat it as opaque; combine it only with the functions here. */
export interface Money {
  plus(other: Money): Money;
  minus(other: Money): Money;
  times(other: Money): Money;
  div(other: Money): Money;
  cmp(other: Money): number;
  isZero(): boolean;
  isNegative(): boolean;
  toNumber(): number;
  toString(): string;
  toFixed(places: number): string;
}

/**
 * Reads a number (as its shortest decimal text) or a decimal string as exact money.
 * @param value - A finite number or a decimal string.
 * @returns The exact amount.
 * @example money(0.1).plus(money(0.2)).toString() // => "0.3"
 */
export function money(value: number | string): Money {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError(`money(${value}): not finite`);
  return new Decimal(value);
}

/** Zero, as money. */
export const ZERO: Money = money(0);

/**
 * Adds amounts exactly. Cost: O(n).
 * @param values - The amounts.
 * @returns Their exact sum (zero for none).
 * @example sumMoney([money(0.1), money(0.2), money(0.3)]).toString() // => "0.6"
 */
export function sumMoney(values: readonly Money[]): Money {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** The smaller of two amounts. @example minMoney(money(1), money(2)).toString() // => "1" */
export function minMoney(a: Money, b: Money): Money {
  return a.cmp(b) <= 0 ? a : b;
}

/** The larger of two amounts. @example maxMoney(money(1), money(2)).toString() // => "2" */
export function maxMoney(a: Money, b: Money): Money {
  return a.cmp(b) >= 0 ? a : b;
}

/**
 * Converts exact money back to the nearest JavaScript number, for returning to Excel.
 * @example toNumber(money(100.3).minus(money(100.1))) // => 0.2
 */
export function toNumber(value: Money): number {
  return value.toNumber();
}

// --- Fast exact sums over whole ranges ---------------------------------------------------
//
// Adding 1,000,000 amounts as BigNumbers takes seconds. Most amounts a sheet holds have few
// decimals: such a number, scaled by 10^6, is an integer, and integers below 2^52 add up
// exactly in floating point. So the sum is kept as scaled integers, moved into a BigNumber
// only when it grows large, and a number with more decimals (or too large) takes the
// BigNumber path. The result is exactly the sum of each number's shortest decimal text.

// Math.abs as a module constant: the same builtin, but a lookup of a global costs an
// interceptor call per use in a vm context (the test runner's), which the hot loop below feels.
const abs = Math.abs;

const SCALE = 1e6;
const SCALE_DIGITS = 6;
/** Numbers below this magnitude have at most one multiple of 10^-6 that reads back as them. */
const FAST_LIMIT = 1e9;
/** Scaled integers and their running sums stay below this, so every addition is exact. */
const EXACT_LIMIT = 2 ** 52;
/** Rounds to the nearest integer (ties to even) for |x| < 2^51: adding 1.5 x 2^52 leaves no fraction bits. */
const ROUNDER = 2 ** 52 + 2 ** 51;

/**
 * `value` x 10^6 as an integer when that is exactly the value's shortest decimal text
 * (six decimals at most, magnitude below 10^9), else NaN. Why it is exact: the integer
 * divided by 10^6 reads back as `value`, so its decimal lies in the interval of reals that
 * round to `value`, and below 10^9 that interval (narrower than 10^-6) holds no other
 * multiple of 10^-6; the shortest text has at most as many digits, so it is the same decimal.
 */
function scaled(value: number): number {
  // The nearest integer by ROUNDER rather than Math.round, which costs several times more:
  // right below 10^9 (the product stays below 2^51), where it matters; a tie (x within
  // rounding of a half) fails the check below, and the slower path is exact.
  const s = value * SCALE + ROUNDER - ROUNDER;
  return s / SCALE === value && value < FAST_LIMIT && value > -FAST_LIMIT ? s : NaN;
}

// --- Full-precision numbers (=B2/C2) without a BigNumber each -----------------------------
//
// A number such as 0.30000000000000004 has 17 significant digits: scaled by 10^6 it is no
// integer. Its shortest decimal text (what `money` reads) is found here with floating-point
// operations only. With 10^(n-1) <= |v| < 10^n and K = 17 - n, the exact product
// P = |v| x 10^K (two doubles, Dekker's product) lies in [10^16, 10^17), and the reals that
// round to v, scaled the same way, are the interval P - H .. P + H with H = ulp(v) x 10^K / 2,
// so 0.55 < H < 11.2. The shortest text is the integer in that interval with the most
// trailing zeros, the one closest to P among equals (as Number.prototype.toString chooses):
// a multiple of 100 there is unique (the interval is narrower than 100), else the closest
// multiple of 10, else the closest integer; as the interval is centred on P, each of these is
// the nearest to P of its kind. For 10^-5 <= |v| < 10^14 an end of the interval is never an
// integer (its binary fraction has an odd numerator too fine for 10^K to clear). The other
// paths (a multiple of 10^-6, else a BigNumber) take what these rules do not settle: P
// halfway between two candidates (a tie; only v with few binary digits), a power of two (its
// interval is not centred), other magnitudes, and a decade misread at its edge. Cost: about
// 40 floating-point operations, no division, no Math.floor, no allocation, no branch that a
// column's digits decide at random: summing 1,000,000 such numbers costs about 12 ms on the
// bench's machine, about what reading them from a range costs (docs/performance.md).

/** Numbers from here to {@link FULL_HI} (in magnitude) take the full-precision path. */
const FULL_LO = 1e-5;
const FULL_HI = 1e14;
/** Veltkamp's splitter for Dekker's exact product: 2^27 + 1. */
const SPLIT = 134217729;
/** Exact sums of each scale's parts stay below 2^53 for this many terms (parts at most 10^9). */
const FULL_FLUSH = 2 ** 22;
/** 10^k, exact for k <= 22, read from text (correctly rounded) rather than computed. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** 10^k split in two halves of 26 bits (Veltkamp), for Dekker's product. */
const POW10_HIGH: readonly number[] = POW10.map((t) => SPLIT * t - (SPLIT * t - t));
const POW10_LOW: readonly number[] = POW10.map((t, k) => t - POW10_HIGH[k]);

/**
 * The constants of each binade [2^b, 2^(b+1)) the path takes (b = FIRST_BINADE + index): a
 * binade holds at most one power of ten, `cut`; below it numbers have decade n and scale
 * K = 17 - n, from it on K - 1; `half` is ulp x 10^K / 2 for each.
 */
interface Binade {
  readonly start: number;
  readonly cut: number;
  readonly scaleBelow: number;
  readonly scaleFrom: number;
  readonly halfBelow: number;
  readonly halfFrom: number;
}
const FIRST_BINADE = Math.floor(Math.log2(FULL_LO)) - 1;
const BINADES: readonly Binade[] = Array.from({ length: Math.ceil(Math.log2(FULL_HI)) + 2 - FIRST_BINADE }, (_, i) => {
  const b = FIRST_BINADE + i;
  const start = 2 ** b;
  // Decade of the binade's start: 10^(n-1) <= start < 10^n, with the powers read from text.
  let n = Math.floor(Math.log10(start)) + 1;
  while (start < Number(`1e${n - 1}`)) n--;
  while (start >= Number(`1e${n}`)) n++;
  const cut = Number(`1e${n}`) < 2 * start ? Number(`1e${n}`) : Infinity;
  const scale = (d: number) => Math.min(Math.max(17 - d, 0), POW10.length - 1);
  const half = (k: number) => 2 ** (b - 53) * POW10[k];
  return {
    start,
    cut,
    scaleBelow: scale(n),
    scaleFrom: scale(n + 1),
    halfBelow: half(scale(n)),
    halfFrom: half(scale(n + 1)),
  };
});

/** Which 32-bit word of a double holds its sign and exponent (1 on little-endian machines). */
const TOP_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Terms an {@link ExactSum} keeps before it sums them in one pass. */
const PENDING = 256;

/**
 * An exact running sum of numbers and of products of two numbers, in decimal, without a
 * BigNumber per term for the usual amounts and percentages, nor for full-precision numbers
 * (16-17 significant digits, as =B2/C2 gives). Cost: O(1) per term (a BigNumber operation
 * only for a product with more than six decimals, or a number beyond 10^14 or below 10^-5
 * with more than six decimals). Terms are kept in a small buffer and summed in one loop per
 * 256 of them: one call per term to the full-precision reading (too large for the engine to
 * inline) cost more than the reading itself.
 * @example
 * const sum = new ExactSum();
 * sum.add(0.1); sum.add(0.2); sum.addProduct(0.5, 0.3);
 * sum.total().toString() // => "0.45"
 * @example
 * const sum = new ExactSum();
 * sum.add(0.1 + 0.2); sum.add(-0.1);
 * sum.total().toString() // => "0.20000000000000004"
 */
export class ExactSum {
  /** Sum of the terms scaled by 10^6, below 2^52. */
  private units = 0;
  /** Sum of the products scaled by 10^12, below 2^52. */
  private products = 0;
  /** Everything moved out of the fast sums, and the terms that could not go in. */
  private rest: Money = ZERO;
  /** Full-precision terms: per scale K, the sums of their parts (m = high x 10^8 + low). */
  private readonly fullHigh = new Float64Array(POW10.length);
  private readonly fullLow = new Float64Array(POW10.length);
  private fullTerms = 0;
  /** Terms added and not yet summed. */
  private readonly pending = new Float64Array(PENDING);
  private count = 0;
  /** Whether the last term summed took the full-precision path: a column's numbers are alike, so it is tried first. */
  private preferFull = false;
  /** A number's bits, to read its binary exponent. */
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);

  /** Adds a finite number. */
  add(value: number): void {
    if (!this.preferFull) {
      const s = scaled(value);
      if (s === s) {
        this.units = this.plusUnits(this.units, s);
        return;
      }
    }
    this.pending[this.count++] = value;
    if (this.count === PENDING) this.settle();
  }

  /**
   * Sums the pending terms: each as a multiple of 10^-6 when it is one (see `scaled`),
   * else as its shortest decimal text `m x 10^-K` (see "Full-precision numbers" above), else
   * as a BigNumber. Every path is exact, so the order they are tried in changes only the cost.
   */
  private settle(): void {
    const { pending, fullHigh, fullLow, bits, words } = this;
    let units = this.units;
    let fullTerms = this.fullTerms;
    // The terms waiting here mostly failed the first path already (see `add`).
    let preferFull = true;
    for (let i = 0; i < this.count; i++) {
      const value = pending[i];
      if (!preferFull) {
        const s = scaled(value);
        if (s === s) {
          units = this.plusUnits(units, s);
          continue;
        }
      }
      full: {
        const a = value < 0 ? -value : value;
        if (!(a >= FULL_LO && a < FULL_HI)) break full;
        bits[0] = a;
        const binade = BINADES[(words[TOP_WORD] >>> 20) - 1023 - FIRST_BINADE];
        // Below a power of two the next number down is half as far: the interval is not
        // centred on P, and the rule below needs it centred (such numbers are rare).
        if (a === binade.start) break full;
        const from = a >= binade.cut;
        const scale = from ? binade.scaleFrom : binade.scaleBelow;
        const p = a * POW10[scale];
        if (!(p >= 1e16 && p < 1e17)) break full; // a decade misread at its edge
        // Dekker: e is the exact error of p, so P = p + e exactly; p is an integer (>= 2^53).
        const c = SPLIT * a;
        const ah = c - (c - a);
        const al = a - ah;
        const powHigh = POW10_HIGH[scale];
        const powLow = POW10_LOW[scale];
        const e = ah * powHigh - p + ah * powLow + al * powHigh + al * powLow;
        const half = from ? binade.halfFrom : binade.halfBelow;
        // p = high x 10^8 + low exactly, for any integer `high` near p x 10^-8: high x 10^8 is
        // exact (high x 5^8 < 2^53), and so is the difference (an integer below 2^27). The
        // integers near a product are found by ROUNDER, several times cheaper than Math.floor.
        const high = p * 1e-8 + ROUNDER - ROUNDER;
        const low = p - high * 1e8;
        // q100 = low - 100 r for an integer r: P = q100 + e modulo 100, |q100| <= 50.
        const q100 = low - 100 * (low * 0.01 + ROUNDER - ROUNDER);
        // The interval is centred on P, so the multiple of 100 (of 10, the integer) nearest P
        // is in it when any is: estimated from u = P modulo 100, then checked exactly. e - j is
        // exact (e's bits are finer than 1), and never exactly H (an end of the interval is no
        // integer).
        const u = e + q100;
        const j100 = 100 * (u * 0.01 + ROUNDER - ROUNDER) - q100;
        const j10 = 10 * (u * 0.1 + ROUNDER - ROUNDER) - q100;
        const j1 = e + ROUNDER - ROUNDER;
        const a100 = abs(e - j100);
        const a10 = abs(e - j10);
        const a1 = abs(e - j1);
        // An estimate that is not the nearest (P within rounding of halfway between two), or P
        // exactly halfway (a tie; only numbers with few binary digits can be one): left to the
        // other paths.
        if (a100 >= 50 || a10 >= 5 || a1 >= 0.5) break full;
        // The nearest integer is always in the interval (H > 0.55 once P >= 10^16); which of
        // the others are, as 0 or 1 without a branch (data decide them at random).
        const in100 = +(a100 < half);
        const in10 = +(a10 < half);
        const j10or1 = j1 + in10 * (j10 - j1);
        const j = j10or1 + in100 * (j100 - j10or1);
        if (fullTerms === FULL_FLUSH) {
          this.flushFull();
          fullTerms = 0;
        }
        fullTerms++;
        if (value < 0) {
          fullHigh[scale] -= high;
          fullLow[scale] -= low + j;
        } else {
          fullHigh[scale] += high;
          fullLow[scale] += low + j;
        }
        preferFull = true;
        continue;
      }
      preferFull = false;
      const s = scaled(value);
      if (s === s) units = this.plusUnits(units, s);
      else this.rest = this.rest.plus(money(value));
    }
    this.count = 0;
    this.units = units;
    this.fullTerms = fullTerms;
    this.preferFull = preferFull;
  }

  /** `units` + `s` (scaled by 10^6), or `s` after moving `units` into `rest` when the sum could round. */
  private plusUnits(units: number, s: number): number {
    const next = units + s;
    if (next < EXACT_LIMIT && next > -EXACT_LIMIT) return next;
    this.rest = this.rest.plus(shifted(units, SCALE_DIGITS));
    return s;
  }

  /** Moves the full-precision sums into `rest`, before they could grow past 2^53. */
  private flushFull(): void {
    this.rest = this.rest.plus(this.fullTotal());
    this.fullHigh.fill(0);
    this.fullLow.fill(0);
  }

  /** The exact sum of the full-precision terms. */
  private fullTotal(): Money {
    let total = ZERO;
    for (let k = 0; k < POW10.length; k++) {
      const high = this.fullHigh[k];
      const low = this.fullLow[k];
      if (high === 0 && low === 0) continue;
      total = total.plus(money(high).times(money(1e8)).plus(money(low)).div(money(POW10[k])));
    }
    return total;
  }

  /** The last factors of {@link addProduct} and their scaled values: sheets repeat percentages. */
  private lastA = NaN;
  private lastScaledA = NaN;
  private lastB = NaN;
  private lastScaledB = NaN;

  /** Adds the exact product of two finite numbers. */
  addProduct(a: number, b: number): void {
    if (a !== this.lastA) {
      this.lastA = a;
      this.lastScaledA = scaled(a);
    }
    if (b !== this.lastB) {
      this.lastB = b;
      this.lastScaledB = scaled(b);
    }
    const p = this.lastScaledA * this.lastScaledB;
    // NaN when either had too many decimals; not exact when 2^52 or more.
    if (!(p < EXACT_LIMIT && p > -EXACT_LIMIT)) {
      this.rest = this.rest.plus(money(a).times(money(b)));
      return;
    }
    const next = this.products + p;
    if (next < EXACT_LIMIT && next > -EXACT_LIMIT) this.products = next;
    else {
      this.rest = this.rest.plus(shifted(this.products, 2 * SCALE_DIGITS));
      this.products = p;
    }
  }

  /** The exact sum so far. */
  total(): Money {
    this.settle();
    return this.rest
      .plus(shifted(this.units, SCALE_DIGITS))
      .plus(shifted(this.products, 2 * SCALE_DIGITS))
      .plus(this.fullTotal());
  }
}

/** integer x 10^-digits, exactly. */
function shifted(integer: number, digits: number): Money {
  return integer === 0 ? ZERO : new Decimal(`${integer}e-${digits}`);
}

/**
 * A number for Excel: the value when it is finite (so within Excel's range, up to
 * 1.7976931348623157e308), else a `#NUM!` failure, never Infinity. Exact money beyond
 * that range converts to Infinity, so every number a function returns passes here.
 * @param value - The result, as money or as a number.
 * @param arg - What the result is, for the message (the CLI prints it; Excel shows only #NUM!).
 * @returns The number, or a `#NUM!` failure.
 * @example excelNumber(money(1e308).times(money(2)), "result") // => #NUM! failure
 */
export function excelNumber(value: Money | number, arg = "result"): Result<number> {
  const n = typeof value === "number" ? value : value.toNumber();
  return n - n === 0 ? n : fail("#NUM!", moneyMessages.outOfRange(arg));
}
