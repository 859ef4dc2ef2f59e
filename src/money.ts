/**
 * Exact decimal money. The only module that sees mathjs: everything else uses these functions.
 *
 * mathjs is built with `create` and only the BigNumber class (no expression parser, no
 * typed-function dispatch), which keeps the custom-functions bundle small. An input
 * number is read as its shortest decimal text, so `minus(money(100.3), money(100.1))`
 * is exactly 0.2.
 */
import { create, BigNumberDependencies } from "mathjs";
import { Result, fail, moneyMessages } from "./errors";

// 64 significant digits: far beyond any amount a workbook holds, so sums never round.
const math = create({ BigNumberDependencies }, { precision: 64 });
const Decimal = (math as unknown as { BigNumber: new (value: number | string) => Money }).BigNumber;

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

const SCALE = 1e6;
const SCALE_DIGITS = 6;
/** Numbers below this magnitude have at most one multiple of 10^-6 that reads back as them. */
const FAST_LIMIT = 1e9;
/** Scaled integers and their running sums stay below this, so every addition is exact. */
const EXACT_LIMIT = 2 ** 52;

/**
 * `value` x 10^6 as an integer when that is exactly the value's shortest decimal text
 * (six decimals at most, magnitude below 10^9), else NaN. Why it is exact: the integer
 * divided by 10^6 reads back as `value`, so its decimal lies in the interval of reals that
 * round to `value`, and below 10^9 that interval (narrower than 10^-6) holds no other
 * multiple of 10^-6; the shortest text has at most as many digits, so it is the same decimal.
 */
function scaled(value: number): number {
  const s = Math.round(value * SCALE);
  return s / SCALE === value && value < FAST_LIMIT && value > -FAST_LIMIT ? s : NaN;
}

/**
 * An exact running sum of numbers and of products of two numbers, in decimal, without a
 * BigNumber per term for the usual amounts and percentages. Cost: O(1) per term (a
 * BigNumber operation only for a number with more than six decimals or beyond 10^9).
 * @example
 * const sum = new ExactSum();
 * sum.add(0.1); sum.add(0.2); sum.addProduct(0.5, 0.3);
 * sum.total().toString() // => "0.45"
 */
export class ExactSum {
  /** Sum of the terms scaled by 10^6, below 2^52. */
  private units = 0;
  /** Sum of the products scaled by 10^12, below 2^52. */
  private products = 0;
  /** Everything moved out of the two fast sums, and the terms that could not go in. */
  private rest: Money = ZERO;

  /** Adds a finite number. */
  add(value: number): void {
    const s = scaled(value);
    if (s !== s) {
      this.rest = this.rest.plus(money(value));
      return;
    }
    const next = this.units + s;
    if (next < EXACT_LIMIT && next > -EXACT_LIMIT) this.units = next;
    else {
      this.rest = this.rest.plus(shifted(this.units, SCALE_DIGITS));
      this.units = s;
    }
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
    return this.rest.plus(shifted(this.units, SCALE_DIGITS)).plus(shifted(this.products, 2 * SCALE_DIGITS));
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
