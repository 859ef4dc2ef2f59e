/**
 * The one place where Excel's argument shapes meet the library: coercion driven by
 * declared parameter kinds, element-wise broadcasting over row-aligned ranges, and the
 * mapping of library failures to `CustomFunctions.Error`.
 *
 * Excel passes a range as a 2-D array, a blank cell as `""` or `null`, and an omitted
 * optional argument as `null`. This module treats `""`, `null` and `undefined` alike as blank.
 */
import { Failure, Result, describePosition, fail, isFailure, messages } from "../src/errors";
import { DirectionColumn, LOWER_IS_BETTER, parseDirection } from "../src/direction";
import { checkSerial } from "../src/serial";

/**
 * An Excel data-type value (ExcelApi 1.16 `CellValue` JSON), which Excel passes because
 * functions.json declares `allowCustomDataForDataTypeAny`: a double or formatted number
 * (`{ type: "Double" | "FormattedNumber", basicValue: 0.95, numberFormat }`), a string or
 * boolean, an entity (`{ type: "Entity", text: "INC1", properties, basicType: "Error",
 * basicValue: "#VALUE!" }`), an error, an image, an array.
 */
export interface DataTypeValue {
  readonly type: string;
  readonly basicValue?: unknown;
  readonly basicType?: string;
  readonly text?: unknown;
}

/** A plain cell value: what {@link plain} makes of a data type. */
export type PlainCell = number | string | boolean | null | undefined;
/** One cell value as Excel hands it to a custom function. */
export type Cell = PlainCell | DataTypeValue;
/** A range: rows of cells. */
export type Grid = Cell[][];
/** What arrives for a parameter: a single value or a range. */
export type Arg = Cell | Grid;
/** What an element-wise function returns for each cell. */
export type OutCell = number | string | boolean | CustomFunctions.Error;

/** Largest spill an element-wise function returns; Excel rejects custom-function results above 5 MB. */
export const MAX_OUTPUT_CELLS = 200_000;

/** True for a blank cell: `""`, `null` or `undefined`. */
export function isBlank(value: unknown): value is "" | null | undefined {
  return value === "" || value === null || value === undefined;
}

/**
 * The plain value of a cell: a data-type value's `basicValue` (a formatted number's number,
 * a string's text), an entity's display `text` (its `basicValue` is the error `#VALUE!`, so the
 * text is what Excel shows and what a ticket ID or state means), `""` for an Empty value.
 * A data type with no plain value (an error, an image, an array) is returned as it is, for
 * the coercion to reject with a message describing it. Plain values pass through unchanged.
 * Cost: O(1); a primitive is returned at the first test.
 * @example plain({ type: "FormattedNumber", basicValue: 0.95, numberFormat: "0%" }) // => 0.95
 * @example plain({ type: "Entity", text: "INC1", basicType: "Error", basicValue: "#VALUE!" }) // => "INC1"
 */
export function plain(value: unknown): Cell {
  if (typeof value !== "object" || value === null) return value as PlainCell;
  const v = value as Partial<DataTypeValue>;
  if (typeof v.type !== "string") return value as DataTypeValue;
  if (v.type === "Empty") return "";
  const basic = v.basicValue;
  if (v.basicType !== "Error" && v.type !== "Error") {
    if (typeof basic === "number" || typeof basic === "string" || typeof basic === "boolean") return basic;
  }
  if ((v.type === "Entity" || v.type === "LinkedEntity") && typeof v.text === "string") return v.text;
  return value as DataTypeValue;
}

/** Reads a cell as a T, or says why not. `at` is the position inside a range, when there is one. */
export type Coerce<T> = (value: Cell, arg: string, at?: string) => Result<T>;

/** A finite number; text, booleans and blanks are rejected. */
export const asNumber: Coerce<number> = (cell, arg, at) => {
  const value = plain(cell);
  if (typeof value !== "number")
    return fail("#VALUE!", isBlank(value) ? messages.required(arg, at) : messages.notANumber(arg, value, at));
  if (!Number.isFinite(value)) return fail("#VALUE!", messages.notFinite(arg, at));
  return value;
};

/** A number that is zero or more. */
export const asNonNegative: Coerce<number> = (value, arg, at) => {
  const n = asNumber(value, arg, at);
  if (isFailure(n)) return n;
  return n < 0 ? fail("#VALUE!", messages.negative(arg, n, at)) : n;
};

/** An Excel serial date from 1900-03-01 to 9999-12-31. */
export const asSerial: Coerce<number> = (cell, arg, at) => {
  const value = plain(cell);
  if (typeof value !== "number")
    return fail("#VALUE!", isBlank(value) ? messages.required(arg, at) : messages.notASerial(arg, value, at));
  return checkSerial(value, arg, at);
};

/** Text; a number is accepted as its text (a cell typed `1` where a word was expected). */
export const asText: Coerce<string> = (cell, arg, at) => {
  const value = plain(cell);
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return fail("#VALUE!", isBlank(value) ? messages.required(arg, at) : messages.notText(arg, value, at));
};

/** True when the argument is a range (a 2-D array). */
export function isGrid(arg: Arg): arg is Grid {
  return Array.isArray(arg);
}

/** Rows and columns of an argument; a single value is 1x1. */
export function shapeOf(arg: Arg): [number, number] {
  return isGrid(arg) ? [arg.length, arg.length ? arg[0].length : 0] : [1, 1];
}

/**
 * Reads a single-value argument that may arrive as a 1x1 range, with a default when blank.
 * @returns The coerced value, the default for a blank, or a failure.
 */
export function scalar<T>(arg: Arg, name: string, coerce: Coerce<T>, fallback?: T): Result<T> {
  let value: Cell;
  if (isGrid(arg)) {
    const [rows, cols] = shapeOf(arg);
    if (rows * cols !== 1) return fail("#VALUE!", messages.notSingleValue(name, rows, cols));
    value = plain(arg[0][0]);
  } else value = plain(arg);
  if (isBlank(value) && fallback !== undefined) return fallback;
  return coerce(value, name);
}

/**
 * Reads every non-blank cell of a range (or a single value) in row-major order.
 * Cost: O(cells). The first bad cell fails the whole argument, with its position.
 * @returns The values, or a failure naming the argument and position.
 */
export function collect<T>(arg: Arg, name: string, coerce: Coerce<T>): Result<T[]> {
  const out: T[] = [];
  if (!isGrid(arg)) {
    const one = plain(arg);
    if (isBlank(one)) return out;
    const v = coerce(one, name);
    if (isFailure(v)) return v;
    out.push(v);
    return out;
  }
  for (let r = 0; r < arg.length; r++) {
    const row = arg[r];
    for (let c = 0; c < row.length; c++) {
      const cell = plain(row[c]);
      if (isBlank(cell)) continue;
      // The position text is built only for a failure (see computeCell).
      const v = coerce(cell, name);
      if (isFailure(v)) return coerce(cell, name, describePosition(r, c)) as Failure;
      out.push(v);
    }
  }
  return out;
}

/** A percentage that makes sense only from 0% to 100% (an allocation, a share). */
export const asFraction: Coerce<number> = (value, arg, at) => {
  const n = asNonNegative(value, arg, at);
  if (isFailure(n)) return n;
  return n > 1 ? fail("#VALUE!", messages.aboveHundredPercent(arg, n, at)) : n;
};

/** A number greater than 0 (a plan to measure a forecast against). */
export const asPositive: Coerce<number> = (value, arg, at) => {
  const n = asNumber(value, arg, at);
  if (isFailure(n)) return n;
  return n > 0 ? n : fail("#VALUE!", messages.notPositive(arg, n, at));
};

/** A count of 0 or more. */
export const asWholeNumber: Coerce<number> = (value, arg, at) => {
  const n = asNumber(value, arg, at);
  if (isFailure(n)) return n;
  return Number.isInteger(n) && n >= 0 ? n : fail("#VALUE!", messages.notWholeNumber(arg, value, at));
};

// --- Scratch columns -------------------------------------------------------------------
//
// A range function reads each 1,000,000-cell argument into an 8 MB typed array. Allocating
// those on every call makes the engine collect garbage on almost every call ("external
// memory pressure"), which cost more than the arithmetic: GOV.ATTAINMENT took 3-4x a plain
// loop for that alone. So columns are read into scratch buffers kept between calls. This is
// safe because custom functions here are synchronous (one runs at a time, to the end) and
// no column outlives its call. Bounded: SCRATCH_BUFFERS buffers of at most SCRATCH_CELLS
// numbers (48 MB); a larger range, or more columns in one call, gets a fresh array.

/** Most cells a kept scratch buffer holds. */
export const SCRATCH_CELLS = 1 << 20;
/** Most scratch buffers kept. */
export const SCRATCH_BUFFERS = 6;
const scratch: Float64Array[] = [];
let scratchTaken = 0;

/**
 * Frees every scratch buffer for the call that starts: call it first in each range function,
 * before reading any column, and use no column of an earlier call after it.
 */
export function startCall(): void {
  scratchTaken = 0;
}

/** A Float64Array of `length` for the current call: a kept buffer when one fits, else a new one. Its contents are stale: overwrite every element. */
export function scratchNumbers(length: number): Float64Array {
  if (length > SCRATCH_CELLS || scratchTaken >= SCRATCH_BUFFERS) return new Float64Array(length);
  let buffer = scratch[scratchTaken];
  if (buffer === undefined || buffer.length < length) {
    // Grown in powers of two, so a sheet that grows by a row does not reallocate every time.
    buffer = new Float64Array(Math.min(SCRATCH_CELLS, 2 ** Math.ceil(Math.log2(Math.max(length, 1024)))));
    scratch[scratchTaken] = buffer;
  }
  scratchTaken++;
  return buffer.length === length ? buffer : buffer.subarray(0, length);
}

/**
 * A coercion of numbers with the range it accepts unchanged, `lo <= v <= hi`, so range
 * readers can take such a number without a call per cell. Every number in that range must
 * be one `coerce` returns as it is; numbers outside it still go through `coerce`.
 */
export interface NumberRule {
  readonly coerce: Coerce<number>;
  readonly lo: number;
  readonly hi: number;
}

/** 0 or more (an amount, or a service level in a unit). */
export const NON_NEGATIVE: NumberRule = { coerce: asNonNegative, lo: 0, hi: Number.MAX_VALUE };
/** A percentage from 0% to 100%. */
export const FRACTION: NumberRule = { coerce: asFraction, lo: 0, hi: 1 };
/** A supported serial date (the fast range stops just short of the last one; those go through asSerial). */
export const SERIAL: NumberRule = { coerce: asSerial, lo: 61, hi: 2958465.5 };
/** Any finite number. */
export const ANY_NUMBER: NumberRule = { coerce: asNumber, lo: -Number.MAX_VALUE, hi: Number.MAX_VALUE };

/**
 * Reads one row-aligned argument of a range function as a `Column` (src/column.ts): a single
 * value as a number (NaN when blank), a range as one number per position in row-major order
 * (NaN where blank). No object or text per cell: 1,000,000 cells must stay within a few
 * times a plain loop. Call {@link startCall} at the start of the function and
 * {@link commonShape} first; `cols` is the common shape's width. The column lives until the
 * next `startCall`.
 * @returns The column, or a failure naming the argument and the first bad cell's position.
 */
export function readColumn(arg: Arg, name: string, rule: NumberRule, cols: number): Result<Float64Array | number> {
  const { coerce, lo, hi } = rule;
  const [rows, width] = shapeOf(arg);
  if (rows * width === 1) {
    const v = plain(isGrid(arg) ? arg[0][0] : arg);
    return isBlank(v) ? NaN : coerce(v, name);
  }
  const grid = arg as Grid;
  const out = scratchNumbers(rows * cols);
  for (let r = 0, i = 0; r < rows; r++) {
    const line = grid[r];
    for (let c = 0; c < cols; c++, i++) {
      const v = line[c];
      // A number inside the rule's plain range is accepted as it is (NaN fails both tests);
      // anything else goes through the coercion, which has the last word.
      if (typeof v === "number" && v >= lo && v <= hi) out[i] = v;
      else if (isBlank(v)) out[i] = NaN;
      else {
        // A data type (a formatted number, say) is read as its plain value.
        const p = plain(v);
        if (isBlank(p)) {
          out[i] = NaN;
          continue;
        }
        const n = coerce(p, name, describePosition(r, c));
        if (isFailure(n)) return n;
        out[i] = n;
      }
    }
  }
  return out;
}

/**
 * Reads a row-aligned direction argument (`">="` or `"<="`), like {@link readColumn}: a single
 * value (undefined when blank), or one code per position (see `DirectionColumn`).
 * @returns The directions, or a failure naming the argument and the first bad cell's position.
 */
export function readDirections(arg: Arg, name: string, cols: number): Result<DirectionColumn | undefined> {
  const [rows, width] = shapeOf(arg);
  if (rows * width === 1) {
    const v = plain(isGrid(arg) ? arg[0][0] : arg);
    return isBlank(v) ? undefined : parseDirection(v, name);
  }
  const grid = arg as Grid;
  const out = new Uint8Array(rows * cols);
  for (let r = 0, i = 0; r < rows; r++) {
    const line = grid[r];
    for (let c = 0; c < cols; c++, i++) {
      const raw = line[c];
      // The exact spellings first: trimming a million cells would cost more than the rest.
      if (raw === "<=") out[i] = LOWER_IS_BETTER;
      else if (raw === ">=" || isBlank(raw)) continue;
      else {
        const v = plain(raw);
        if (isBlank(v)) continue;
        const d = parseDirection(v, name, describePosition(r, c));
        if (isFailure(d)) return d;
        if (d === "<=") out[i] = LOWER_IS_BETTER;
      }
    }
  }
  return out;
}

/**
 * Reads a whole range argument (any shape, or a single value) as numbers in row-major
 * order, NaN where blank, like {@link readColumn} (call {@link startCall} first).
 * @returns The numbers, or a failure naming the argument and the first bad cell's position.
 */
export function readRange(arg: Arg, name: string, rule: NumberRule): Result<ArrayLike<number>> {
  const column = readColumn(arg, name, rule, shapeOf(arg)[1]);
  return typeof column === "number" ? [column] : column;
}

/**
 * A row-aligned argument as it arrived, for the one-pass paths (src/credits/cells.ts): the
 * range itself, or its one value when it has a single cell. Nothing is read or copied.
 * @example cellColumn([[5]]) // => { grid: undefined, one: 5 }
 */
export function cellColumn(arg: Arg): { grid: Grid | undefined; one: Cell } {
  const [rows, width] = shapeOf(arg);
  if (rows * width !== 1) return { grid: arg as Grid, one: undefined };
  return { grid: undefined, one: plain(isGrid(arg) ? arg[0][0] : arg) };
}

/** Describes position `i` (row-major) of ranges `cols` wide, for messages built after the fact. */
export function positionOf(cols: number): (i: number) => string {
  return (i) => describePosition(Math.floor(i / cols), i % cols);
}

/** An optional single value with no default: `undefined` when blank or omitted. */
export function optional<T>(arg: Arg, name: string, coerce: Coerce<T>): Result<T | undefined> {
  return scalar<T | undefined>(arg, name, (value, n, at) => (isBlank(value) ? undefined : coerce(value, n, at)));
}

/**
 * The common shape of row-aligned arguments: every argument with more than one cell must
 * have it; single values are broadcast. `from` is the argument the shape comes from.
 * @returns The shape, or a failure naming the misaligned argument and both shapes.
 */
export function commonShape(
  names: readonly string[],
  args: readonly Arg[],
): Result<{ rows: number; cols: number; from: number }> {
  let rows = 1;
  let cols = 1;
  let from = -1;
  for (let i = 0; i < args.length; i++) {
    const [r, c] = shapeOf(args[i]);
    if (r * c === 1) continue;
    if (from < 0) [rows, cols, from] = [r, c, i];
    else if (r !== rows || c !== cols)
      return fail("#VALUE!", messages.shapeMismatch(names[i], r, c, names[from], rows, cols));
  }
  return { rows, cols, from: Math.max(from, 0) };
}

/** A row-aligned parameter of an element-wise function. */
export interface ElementParam<T> {
  readonly name: string;
  readonly coerce: Coerce<T>;
  /** When present, a blank element takes this value instead of making the output blank. */
  readonly fallback?: T;
}

/** Builds a row-aligned parameter. */
export function param<T>(name: string, coerce: Coerce<T>, fallback?: T): ElementParam<T> {
  return { name, coerce, fallback };
}

type Values<P extends readonly ElementParam<unknown>[]> = {
  [K in keyof P]: P[K] extends ElementParam<infer T> ? T : never;
};

type RowValues<P extends readonly ElementParam<unknown>[]> = {
  [K in keyof P]: P[K] extends ElementParam<infer T> ? T | undefined : never;
};

/** One position of row-aligned arguments: each value coerced (`undefined` where blank) and where it sits. */
export interface AlignedRow<P extends readonly ElementParam<unknown>[]> {
  readonly values: RowValues<P>;
  /** The position inside the ranges, for messages; absent when every argument is a single value. */
  readonly at?: string;
}

/** Row-aligned arguments read position by position: their common shape and the cells in row-major order. */
export interface Aligned<P extends readonly ElementParam<unknown>[]> {
  readonly rows: number;
  readonly cols: number;
  readonly cells: AlignedRow<P>[];
}

/**
 * Reads row-aligned arguments of an aggregate function position by position, in row-major
 * order. Ranges of more than one cell must share one shape; a single value applies to every
 * position. A blank takes the parameter's fallback, or stays `undefined`, so callers can tell
 * "blank here" from "skipped". Cost: O(cells).
 * @returns The shape and positions, or a failure naming the misaligned argument and both
 *   shapes, or the first bad cell with its position.
 */
export function readAligned<P extends readonly ElementParam<unknown>[]>(
  params: P,
  args: readonly Arg[],
): Result<Aligned<P>> {
  const shape = commonShape(
    params.map((p) => p.name),
    args,
  );
  if (isFailure(shape)) return shape;
  const { rows, cols } = shape;
  const single = args.map((arg) => shapeOf(arg)[0] * shapeOf(arg)[1] === 1);
  const allSingle = single.every(Boolean);
  const cells: AlignedRow<P>[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const at = allSingle ? undefined : describePosition(r, c);
      const values: unknown[] = [];
      for (let i = 0; i < params.length; i++) {
        const { name, coerce, fallback } = params[i];
        const arg = args[i];
        const cell = plain(isGrid(arg) ? (single[i] ? arg[0][0] : arg[r][c]) : arg);
        const value = isBlank(cell) ? fallback : coerce(cell, name, single[i] ? undefined : at);
        if (isFailure(value)) return value;
        values.push(value);
      }
      cells.push({ values: values as RowValues<P>, at });
    }
  }
  return { rows, cols, cells };
}

/**
 * Applies `compute` cell by cell over row-aligned arguments, Excel-style.
 *
 * Each argument is a single value or a range; ranges with more than one cell must share
 * one shape, and single values are broadcast. A blank element of a parameter without a
 * fallback gives a blank output element; a bad element gives an error in that element
 * only. When `compute` fails for an element of a range, it is called again with the
 * element's position as one more argument, so its message can name the cell. Cost: O(cells)
 * coercions plus the cost of `compute` per cell.
 *
 * @returns The output range (1x1 for single values), or throws a `CustomFunctions.Error`
 *   when the shapes disagree.
 */
export function elementwise<P extends readonly ElementParam<unknown>[], R extends number | string | boolean>(
  params: P,
  args: readonly Arg[],
  compute: (...values: [...Values<P>, string?]) => Result<R>,
): OutCell[][] {
  const shape = commonShape(
    params.map((p) => p.name),
    args,
  );
  if (isFailure(shape)) throw toExcelError(shape);
  const { rows, cols, from } = shape;
  if (rows * cols > MAX_OUTPUT_CELLS) {
    throw toExcelError(fail("#VALUE!", messages.tooManyCells(params[from].name, rows * cols, MAX_OUTPUT_CELLS)));
  }
  const out: OutCell[][] = new Array(rows);
  const values = new Array<unknown>(params.length);
  const inRange = rows * cols > 1;
  for (let r = 0; r < rows; r++) {
    const line: OutCell[] = new Array(cols);
    for (let c = 0; c < cols; c++) {
      line[c] = computeCell(params, args, values, r, c, inRange, compute as (...v: unknown[]) => Result<R>);
    }
    out[r] = line;
  }
  return out;
}

function computeCell<R extends number | string | boolean>(
  params: readonly ElementParam<unknown>[],
  args: readonly Arg[],
  values: unknown[],
  r: number,
  c: number,
  inRange: boolean,
  compute: (...v: unknown[]) => Result<R>,
): OutCell {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const arg = args[i];
    const grid = isGrid(arg);
    const single = !grid || arg.length * (arg[0]?.length ?? 0) === 1;
    const cell = plain(grid ? (single ? arg[0][0] : arg[r][c]) : arg);
    if (isBlank(cell)) {
      if (p.fallback === undefined) return "";
      values[i] = p.fallback;
      continue;
    }
    // The position text is built only for a failure: formatting it for every cell would
    // cost about as much as the business-time arithmetic itself.
    let v = p.coerce(cell, p.name);
    if (isFailure(v) && !single) v = p.coerce(cell, p.name, describePosition(r, c));
    if (isFailure(v)) return toExcelError(v);
    values[i] = v;
  }
  let result = compute(...values);
  // As for coercion, the position is formatted only for a failure: computed again with it.
  if (isFailure(result) && inRange) result = compute(...values, describePosition(r, c));
  return isFailure(result) ? toExcelError(result) : result;
}

const CODES: Record<Failure["code"], CustomFunctions.ErrorCode> = {
  "#VALUE!": "#VALUE!" as CustomFunctions.ErrorCode.invalidValue,
  "#N/A": "#N/A" as CustomFunctions.ErrorCode.notAvailable,
  "#DIV/0!": "#DIV/0!" as CustomFunctions.ErrorCode.divisionByZero,
  "#NUM!": "#NUM!" as CustomFunctions.ErrorCode.invalidNumber,
};

/**
 * Maps a library failure to the Excel error a custom function returns. The only mapping.
 * Excel shows the message for `#VALUE!` and `#N/A` only, so it is passed for those.
 */
export function toExcelError(failure: Failure): CustomFunctions.Error {
  const code = CODES[failure.code];
  return failure.code === "#VALUE!" || failure.code === "#N/A"
    ? new CustomFunctions.Error(code, failure.message)
    : new CustomFunctions.Error(code);
}

/** Returns the value, or throws the Excel error for a failure (for single-value results). */
export function unwrap<T>(result: Result<T>): T {
  if (isFailure(result)) throw toExcelError(result);
  return result;
}
