/**
 * Which way a service level points, and what "misses" and "beats" mean for it.
 *
 * The library's one parser of direction text, beside money.ts and serial.ts: the credit
 * functions and ATTAINMENT read directions here (and so should anything new), so every one
 * accepts the same spellings and reports the same message.
 */
import { Result, fail, messages } from "./errors";

/** `">="`: higher is better (availability, on-time share). `"<="`: lower is better (failed changes, reopen rate). */
export type Direction = ">=" | "<=";

/** The direction a credit or penalty function assumes when none is given. */
export const DEFAULT_DIRECTION: Direction = ">=";

/**
 * Reads direction text. Only `">="` and `"<="` are accepted, with surrounding spaces ignored.
 * @param value - The cell as Excel hands it over.
 * @param arg - The argument name, for the message.
 * @param at - The position inside a range, when there is one.
 * @returns The direction, or a `#VALUE!` failure naming the accepted values.
 * @example parseDirection(" <= ", "direction") // => "<="
 */
export function parseDirection(value: unknown, arg: string, at?: string): Result<Direction> {
  if (typeof value === "string") {
    const text = value.trim();
    if (text === ">=" || text === "<=") return text;
  }
  return fail("#VALUE!", messages.notDirection(arg, value, at));
}

/**
 * True when a measured level misses its threshold. Exactly at the threshold is met.
 * @example misses(0.97, 0.98, ">=") // => true
 * @example misses(0.98, 0.98, ">=") // => false
 * @example misses(0.06, 0.05, "<=") // => true
 */
export function misses(value: number, threshold: number, direction: Direction): boolean {
  return direction === ">=" ? value < threshold : value > threshold;
}

/**
 * True when a measured level is strictly better than its threshold (exactly at it does not beat it).
 * @example beats(0.99, 0.98, ">=") // => true
 * @example beats(0.98, 0.98, ">=") // => false
 * @example beats(0.01, 0.02, "<=") // => true
 */
export function beats(value: number, threshold: number, direction: Direction): boolean {
  return direction === ">=" ? value > threshold : value < threshold;
}

/** The code of `"<="` in a {@link DirectionColumn}; every other code (0) is `">="`. */
export const LOWER_IS_BETTER = 1;

/**
 * One direction per row as a code, {@link LOWER_IS_BETTER} for `"<="` and 0 for `">="` or a
 * blank cell (no string per row: a million rows read as a Uint8Array); or one direction for
 * every row.
 */
export type DirectionColumn = Direction | ArrayLike<number>;

/**
 * The direction of row `i`; a blank is `">="`, the default of the credit functions.
 * @example directionAt(Uint8Array.of(LOWER_IS_BETTER, 0), 0) // => "<="
 */
export function directionAt(column: DirectionColumn | undefined, i: number): Direction {
  if (column === undefined) return DEFAULT_DIRECTION;
  if (typeof column === "string") return column;
  return column[i] === LOWER_IS_BETTER ? "<=" : ">=";
}

/**
 * Direction codes from directions (blank: `">="`), for row objects turned into columns.
 * @example directionCodes(["<=", undefined]) // => Uint8Array [1, 0]
 */
export function directionCodes(directions: readonly (Direction | undefined)[]): Uint8Array {
  return Uint8Array.from(directions, (d) => (d === "<=" ? LOWER_IS_BETTER : 0));
}
