/**
 * Reading the values of messy client sheets: stage gates, amounts and dates. Each parser
 * returns undefined for a value it cannot read; callers keep the raw value and report it,
 * so nothing a user typed is lost.
 */
import { governanceMessages, isFailure, refuse, Refusal } from "../errors";
import { money } from "../money";
import { reconcile } from "../savings/reconcile";
import { DateOrder, readDateSerial } from "../import/dates";
import { foldValue } from "../import/valueMaps";
import { CellValue, GATES, Gate, RegisterRow, textOf } from "./model";

const GATE_WORDS = new Map<string, Gate>();
for (const [i, gate] of GATES.entries()) {
  const word = gate.slice(3).toLowerCase();
  for (const key of [
    gate.toLowerCase(),
    `l${i}`,
    String(i),
    word,
    `l${i} ${word}`,
    `l${i}-${word}`,
    `l${i}: ${word}`,
  ]) {
    GATE_WORDS.set(key, gate);
  }
}
GATE_WORDS.set("realised", "L4 Realized");
GATE_WORDS.set("l4 realised", "L4 Realized");

/**
 * Reads a stage gate in any of the ways people type it.
 * @returns The canonical gate, or undefined when the value names none.
 * @example parseGate("l3") // => "L3 Implementing"
 * @example parseGate("Realised") // => "L4 Realized"
 */
export function parseGate(value: CellValue | undefined): Gate | undefined {
  const key = textOf(value).toLowerCase().replace(/\s+/g, " ");
  return GATE_WORDS.get(key);
}

/**
 * Reads a gate cell: a gate in any usual spelling, or a client word the gate map names
 * (`--gate-map "In Progress=L3"`).
 * @example gateOf("In Progress", new Map([["in progress", "L3 Implementing"]])) // => "L3 Implementing"
 */
export function gateOf(value: CellValue | undefined, gateMap?: ReadonlyMap<string, Gate>): Gate | undefined {
  return parseGate(value) ?? gateMap?.get(foldValue(value));
}

/** Index of a gate in the order L0..L5. @example gateIndex("L4 Realized") // => 4 */
export function gateIndex(gate: Gate): number {
  return GATES.indexOf(gate);
}

/** The decimal mark of amounts typed as text: "." (1,200.50) or "," (1.200,50). */
export type DecimalMark = "." | ",";

/**
 * What an amount's text says: a number; two readings (a single "." or "," before three
 * digits, as in "1.200": 1200 if it groups thousands, 1.2 if it is the decimal mark); or
 * nothing readable.
 */
export type AmountReading =
  | { readonly kind: "amount"; readonly value: number }
  | { readonly kind: "ambiguous"; readonly mark: DecimalMark; readonly asThousands: number; readonly asDecimal: number }
  | { readonly kind: "none" };

const NONE: AmountReading = { kind: "none" };
/** Currency symbols, ISO codes and spaces (including Excel's non-breaking ones) around or inside an amount. */
const DECORATION = /[$€£¥\s\u00a0\u202f]|EUR|USD|GBP|CHF|JPY/gi;
const SCIENTIFIC = /^(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$/;

/** Digits grouped by `sep` in threes ("1,234,567"), optionally followed by a decimal part. */
function grouped(body: string, sep: string, mark: string): boolean {
  const [whole, fraction, extra] = body.split(mark);
  if (extra !== undefined || (fraction !== undefined && !/^\d+$/.test(fraction))) return false;
  return whole.split(sep).every((part, i) => (i === 0 ? /^\d{1,3}$/.test(part) : /^\d{3}$/.test(part)));
}

/** The number of `body` read with `mark` as the decimal mark and the other separator grouping thousands. */
function readWith(body: string, mark: DecimalMark): number | undefined {
  const sep = mark === "." ? "," : ".";
  if (body.includes(sep) ? !grouped(body, sep, mark) : !/^(\d+(\.\d*)?|\.\d+)$/.test(body.replace(mark, "."))) {
    return undefined;
  }
  return Number(body.split(sep).join("").replace(mark, "."));
}

/**
 * Reads an amount and says how: a number, text such as "1,200.50", "1.200,50", "$ 3,000",
 * "1.200 €" or "(250)" (negative). Currency symbols and codes and spaces are ignored. With
 * `decimal`, "." or "," is the decimal mark and the other groups thousands. Without it the
 * text decides when it can: both marks ("1.200,50": the last is decimal), one mark repeated
 * ("1.234.567": grouping), one mark not followed by exactly three digits ("1,5", "12.75"), a
 * first group that cannot be a thousands group ("0.500", "1200.500"); a single mark before
 * exactly three digits ("1.200", "€1.000", "1,500") has two readings and is ambiguous.
 * Cost: O(length).
 * @param value - A cell value.
 * @param decimal - The decimal mark the sheet uses, when known.
 * @returns The reading.
 * @example readAmount("1.200 €") // => { kind: "ambiguous", mark: ".", asThousands: 1200, asDecimal: 1.2 }
 * @example readAmount("1.200 €", ",") // => { kind: "amount", value: 1200 }
 */
export function readAmount(value: CellValue | undefined, decimal?: DecimalMark): AmountReading {
  if (typeof value === "number") return Number.isFinite(value) ? { kind: "amount", value } : NONE;
  if (typeof value !== "string") return NONE;
  let body = value.trim().replace(DECORATION, "");
  let sign = 1;
  if (/^\(.*\)$/.test(body)) {
    sign = -1;
    body = body.slice(1, -1);
  }
  if (/^[-+]/.test(body)) {
    if (body[0] === "-") sign = -sign;
    body = body.slice(1);
  }
  if (body === "") return NONE;
  const amount = (n: number | undefined): AmountReading =>
    n === undefined || !Number.isFinite(n) ? NONE : { kind: "amount", value: sign * n };
  if (SCIENTIFIC.test(body)) return amount(Number(body));
  if (decimal) return amount(readWith(body, decimal));
  const dots = body.split(".").length - 1;
  const commas = body.split(",").length - 1;
  if (dots && commas) return amount(readWith(body, body.lastIndexOf(".") > body.lastIndexOf(",") ? "." : ","));
  if (!dots && !commas) return amount(readWith(body, "."));
  const mark: DecimalMark = dots ? "." : ",";
  if (dots + commas > 1) return amount(readWith(body, mark === "." ? "," : "."));
  const [before, after] = body.split(mark);
  const couldGroup = /^[1-9]\d{0,2}$/.test(before) && /^\d{3}$/.test(after);
  if (!couldGroup) return amount(readWith(body, mark));
  const asThousands = readWith(body, mark === "." ? "," : ".");
  const asDecimal = readWith(body, mark);
  if (asThousands === undefined || asDecimal === undefined) return NONE;
  return { kind: "ambiguous", mark, asThousands: sign * asThousands, asDecimal: sign * asDecimal };
}

/**
 * Reads an amount (see {@link readAmount}); ambiguous and unreadable text give undefined.
 * @returns The number, or undefined for blanks, unreadable and ambiguous text.
 * @example parseAmount("$1,200.50") // => 1200.5
 * @example parseAmount("1.500") // => undefined (1500 or 1.5?)
 * @example parseAmount("1.500", ",") // => 1500
 */
export function parseAmount(value: CellValue | undefined, decimal?: DecimalMark): number | undefined {
  const reading = readAmount(value, decimal);
  return reading.kind === "amount" ? reading.value : undefined;
}

/**
 * Reads an amount a controller types (the confirmed savings): plain decimal text such as
 * "1200.50", no separators, and no more precision than the workbook keeps (15 significant
 * digits, and the stored number must equal the typed one).
 * @returns The number, or a refusal saying why.
 * @example exactAmount("516000.000000000000000001") // => a refusal: it would be stored as 516000
 * @example exactAmount("1200.50") // => 1200.5
 */
export function exactAmount(text: string): number | Refusal {
  const t = text.trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(t)) return refuse(governanceMessages.amountNotPlain(text));
  const n = Number(t);
  const digits = t.replace(/^-/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
  if (digits.length > 15 || money(t).cmp(money(n)) !== 0) {
    return refuse(governanceMessages.amountTooPrecise(text, String(n)));
  }
  return n;
}

/**
 * The reconciliation word of a register row (GOV.RECONCILE of baseline, actual, planned and
 * confirmed), "" when it lacks baseline, actual or planned.
 * @example reconcileRow({ ...row, baseline: 1000, actual: 900, planned: 100, confirmed: 100 }) // => "Reconciled"
 */
export function reconcileRow(row: RegisterRow): string {
  const baseline = parseAmount(row.baseline);
  const actual = parseAmount(row.actual);
  const planned = parseAmount(row.planned);
  if (baseline === undefined || actual === undefined || planned === undefined) return "";
  const confirmed = parseAmount(row.confirmed);
  const r = reconcile(baseline, actual, planned, confirmed ?? null);
  return isFailure(r) ? "" : r;
}

/**
 * Reads a date with the one date reader (src/import/dates.ts): an Excel serial in the
 * supported range, ISO text ("2025-03-31", with or without a time), or a day/month date
 * ("30.09.2024") when its order is given.
 * @returns The serial, or undefined for blanks and anything else.
 * @example parseDate("2024-01-01") // => 45292
 * @example parseDate("30.09.2024", "DMY") // => 45565
 */
export function parseDate(value: CellValue | undefined, order?: DateOrder): number | undefined {
  return readDateSerial(value, order);
}

/** Folds a name for comparison: trimmed, inner spaces collapsed, case-insensitive. */
export function nameKey(value: CellValue | undefined): string {
  return textOf(value).replace(/\s+/g, " ").toLowerCase();
}

/** True when two cell values say the same thing (numbers by value, text by folded text). */
export function sameValue(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return nameKey(a) === nameKey(b);
}
