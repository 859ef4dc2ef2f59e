/**
 * A formula's relative references moved by a number of rows and columns, as Excel moves them
 * when it fills a formula or reads a shared formula (ECMA-376 Part 1, 18.3.1.40: a cell of a
 * shared formula holds the master's formula with its relative references offset by the cell's
 * distance from the master). Absolute parts (`$A`, `$1`) stay; a reference moved off the sheet
 * becomes `#REF!`, as Excel shows it.
 *
 * Recognised: cells (`B3`, `$B$3`), ranges of cells (each end on its own), whole columns
 * (`A:C`) and whole rows (`2:5`), on this sheet or another (`Sheet2!B3`, `'My sheet'!B3`).
 * Left as they are: string literals, quoted sheet names, bracketed parts (structured references,
 * external workbook indices), function names (`LOG10(`), defined names and numbers.
 *
 * Cost: one pass over the formula text.
 */
import { columnIndex, columnLetter } from "../governance/model";

/** The last column (XFD) and row of a sheet. */
const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;

/** A cell reference at a position (sticky), not followed by what would make it a name or a call. */
const CELL = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(!])/y;
/** Whole columns (`A:C`, `$A:$A`). */
const COLUMNS = /(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_.(!])/y;
/** Whole rows (`2:5`, `$1:$1`). */
const ROWS = /(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(!])/y;
/** A number literal, exponent included (so `1E5` is not read as the cell E5). */
const NUMBER = /[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?/y;
/** A word: a name, a function name, a sheet name, TRUE. */
const WORD = /[A-Za-z0-9_.\\]+/y;

/** A column part moved (undefined: off the sheet). */
function moveColumn(dollar: string, letters: string, by: number): string | undefined {
  const c = columnIndex(letters) + 1 + (dollar ? 0 : by);
  return c >= 1 && c <= MAX_COLUMN ? dollar + columnLetter(c - 1) : undefined;
}

/** A row part moved (undefined: off the sheet). */
function moveRow(dollar: string, digits: string, by: number): string | undefined {
  const r = Number(digits) + (dollar ? 0 : by);
  return r >= 1 && r <= MAX_ROW ? dollar + r : undefined;
}

/**
 * The formula with its relative references moved.
 * @param formula - A formula as stored (no leading "=" needed; one is kept if there).
 * @param rows - Rows to move down (negative: up).
 * @param columns - Columns to move right (negative: left).
 * @returns The moved formula.
 * @example shiftFormula("B2*$C$1+SUM(D2:D9)", 3, 0) // => "B5*$C$1+SUM(D5:D12)"
 * @example shiftFormula("'My sheet'!A1&\"A1\"", 1, 1) // => "'My sheet'!B2&\"A1\""
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  let out = "";
  let i = 0;
  const at = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(formula);
  };
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name, to its closing quote (a doubled quote stays inside).
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "[") {
      // Structured references nest brackets (Table1[[#This Row],[Amount]]).
      let depth = 0;
      let j = i;
      for (; j < formula.length; j++) {
        if (formula[j] === "'" && j + 1 < formula.length)
          j++; // an escaped character inside a column name
        else if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const before = i === 0 ? "" : formula[i - 1];
    if (/[A-Za-z0-9_$]/.test(ch) && !/[A-Za-z0-9_.\\$]/.test(before)) {
      const cell = at(CELL);
      if (cell && columnIndex(cell[2]) < MAX_COLUMN && Number(cell[4]) >= 1 && Number(cell[4]) <= MAX_ROW) {
        const c = moveColumn(cell[1], cell[2], columns);
        const r = moveRow(cell[3], cell[4], rows);
        out += c && r ? c + r : "#REF!";
        i += cell[0].length;
        continue;
      }
      const cols = at(COLUMNS);
      if (cols && columnIndex(cols[2]) < MAX_COLUMN && columnIndex(cols[4]) < MAX_COLUMN) {
        const a = moveColumn(cols[1], cols[2], columns);
        const b = moveColumn(cols[3], cols[4], columns);
        out += a && b ? `${a}:${b}` : "#REF!";
        i += cols[0].length;
        continue;
      }
      const rowRange = at(ROWS);
      if (rowRange) {
        const a = moveRow(rowRange[1], rowRange[2], rows);
        const b = moveRow(rowRange[3], rowRange[4], rows);
        out += a && b ? `${a}:${b}` : "#REF!";
        i += rowRange[0].length;
        continue;
      }
      const word = (/[0-9]/.test(ch) ? at(NUMBER) : undefined) ?? at(WORD);
      if (word && word[0].length > 0) {
        out += word[0];
        i += word[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}
