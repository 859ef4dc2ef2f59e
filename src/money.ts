/**
 * Exact decimal money. The only module that sees mathjs: everything else uses these functions.
 *
 * mathjs is built with `create` and only the BigNumber class (no expression parser, no
 * typed-function dispatch), which keeps the custom-functions bundle small. An input
 * number is read as its shortest decimal text, so `minus(money(100.3), money(100.1))`
 * is exactly 0.2.
 */
import { create, BigNumberDependencies } from "mathjs";

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
