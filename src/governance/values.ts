/**
 * Reading the values of messy client sheets: stage gates, amounts and dates. Each parser
 * returns undefined for a value it cannot read; callers keep the raw value and report it,
 * so nothing a user typed is lost.
 */
import { serialFromIso, MIN_SERIAL, END_SERIAL } from "../serial";
import { CellValue, GATES, Gate, textOf } from "./model";

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

/** Index of a gate in the order L0..L5. @example gateIndex("L4 Realized") // => 4 */
export function gateIndex(gate: Gate): number {
  return GATES.indexOf(gate);
}

const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const GROUPED_NUMBER = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Reads an amount: a number, or text such as "1,200.50", "$ 3,000" or "(250)" (negative).
 * Currency symbols and spaces are ignored; anything else is not an amount.
 * @returns The number, or undefined for blanks and unreadable text.
 * @example parseAmount("$1,200.50") // => 1200.5
 * @example parseAmount("twelve") // => undefined
 */
export function parseAmount(value: CellValue | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  let text = value.trim().replace(/[$€£¥\s\u00a0]/g, "");
  let sign = 1;
  if (/^\(.*\)$/.test(text)) {
    sign = -1;
    text = text.slice(1, -1);
  }
  if (PLAIN_NUMBER.test(text)) return sign * Number(text);
  if (GROUPED_NUMBER.test(text)) return sign * Number(text.replace(/,/g, ""));
  return undefined;
}

/**
 * Reads a date: an Excel serial in the supported range, or ISO text ("2025-03-31").
 * @returns The serial, or undefined for blanks and anything else.
 * @example parseDate("2024-01-01") // => 45292
 */
export function parseDate(value: CellValue | undefined): number | undefined {
  if (typeof value === "number") return value >= MIN_SERIAL && value < END_SERIAL ? value : undefined;
  if (typeof value !== "string") return undefined;
  return serialFromIso(value.trim());
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
