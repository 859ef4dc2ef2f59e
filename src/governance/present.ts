/**
 * The one presentation rule set of every sheet the product writes, decided here in the plan
 * so both adapters (Office.js and the file writer) write the same: column widths fitted to
 * content and headers (no `###`, no cut header) within a maximum width, text past it wrapped;
 * an autofilter on the table; header rows and the ID column frozen; print setup (landscape,
 * one page wide, header rows repeated, a footer with the sheet name, page number and as-of day).
 */
import { CellValue, columnLetter, parseArea } from "./model";
import { PlannedCell, PrintSetup, SheetPlan, isFormula } from "./plan";
import { fitCells } from "../cellText";

/** Widths in Excel's character units (the width of a digit of the default font). */
export const MIN_COLUMN_WIDTH = 6;
/** Past this width a column's text wraps instead of widening the sheet. */
export const MAX_COLUMN_WIDTH = 48;
/** Room for the autofilter's drop-down button beside a header. */
const FILTER_BUTTON = 3;
/** Cell padding either side, and bold headers' extra width. */
const PADDING = 2;
const BOLD = 1.1;

/** Options of {@link present}. */
export interface PresentOptions {
  /** 0-based row of the table's header within the plan's cells (default the first header row). */
  readonly tableHeaderRow?: number;
  /** Columns frozen at the left (the ID or name columns; default 1). */
  readonly freezeColumns?: number;
  /** The day the sheet speaks for, printed in the footer ("YYYY-MM-DD"). */
  readonly asOf?: string;
  /** 0-based last row of the table (default the plan's last row). */
  readonly tableLastRow?: number;
  /** Rows frozen at the top (default the plan's, else down to the table's header). */
  readonly freezeRows?: number;
  /** No autofilter (a sheet of labels and values, not a table). */
  readonly noFilter?: boolean;
}

/**
 * The plan with the presentation rules applied: fitted column widths (never narrower than a
 * width the plan already asks for), wrap where the content is wider than the maximum, an
 * autofilter over the table, frozen header rows and ID columns, the print setup, and every
 * text longer than a cell holds cut to the limit and marked (src/cellText.ts). Cost: O(cells).
 * @example present({ name: "Findings", replace: true, cells: [["Code"], ["DUPLICATE"]], headerRows: [0] }).autoFilter // => "A1:A2"
 */
export function present(plan: SheetPlan, options: PresentOptions = {}): SheetPlan {
  const { widths, wrap } = fitColumns(plan);
  const header = options.tableHeaderRow ?? plan.headerRows?.[0];
  const headerCols = header === undefined ? 0 : lastFilled(plan.cells[header] ?? []);
  const lastRow = options.tableLastRow === undefined ? plan.cells.length : options.tableLastRow + 1;
  const autoFilter =
    options.noFilter || header === undefined || headerCols === 0
      ? undefined
      : `A${header + 1}:${columnLetter(headerCols - 1)}${Math.max(header + 2, lastRow)}`;
  const freezeRows = options.freezeRows ?? plan.freezeRows ?? (header === undefined ? 0 : header + 1);
  const print: PrintSetup = {
    landscape: true,
    fitToWidth: 1,
    titleRows: freezeRows > 0 ? `1:${freezeRows}` : undefined,
    footer: `&A · page &P of &N${options.asOf ? ` · as of ${options.asOf}` : ""}`,
  };
  return {
    ...plan,
    // Excel's 32,767 characters a cell: every presented sheet's text fitted here, once.
    cells: fitCells(plan.cells),
    columnWidths: widths,
    wrap: [...(plan.wrap ?? []), ...wrap],
    ...(autoFilter ? { autoFilter } : {}),
    freezeRows,
    freezeColumns: options.freezeColumns ?? plan.freezeColumns ?? 1,
    print,
  };
}

/** 1 + the index of the last non-blank cell of a row. */
function lastFilled(row: readonly PlannedCell[]): number {
  for (let i = row.length - 1; i >= 0; i--) {
    const v = row[i];
    if (v !== undefined && v !== null && v !== "") return i + 1;
  }
  return 0;
}

/**
 * Each column's width from its widest cell as displayed (numbers in their format) and its
 * header (bold, with room for the filter button), within {@link MIN_COLUMN_WIDTH} and
 * {@link MAX_COLUMN_WIDTH}; columns whose content is wider wrap, as do headers wider than
 * the maximum. Cost: O(cells).
 */
export function fitColumns(plan: SheetPlan): { widths: number[]; wrap: string[] } {
  const headers = new Set(plan.headerRows ?? []);
  const formats = (plan.formats ?? []).map((f) => ({ ...parseArea(f.range), format: f.format }));
  const content: number[] = [];
  const headerNeed: number[] = [];
  plan.cells.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (cell === undefined) return;
      const value = isFormula(cell) ? cell.value : cell;
      if (headers.has(r)) {
        const text = value === null ? "" : String(value);
        headerNeed[c] = Math.max(headerNeed[c] ?? 0, text.length * BOLD + FILTER_BUTTON);
        return;
      }
      const format = formats.find((f) => r + 1 >= f.r1 && r + 1 <= f.r2 && c + 1 >= f.c1 && c + 1 <= f.c2)?.format;
      content[c] = Math.max(content[c] ?? 0, displayLength(value, format));
    });
  });
  const n = Math.max(content.length, headerNeed.length, plan.columnWidths?.length ?? 0);
  const widths: number[] = [];
  const wrap: string[] = [];
  const rows = plan.cells.length;
  for (let c = 0; c < n; c++) {
    const data = (content[c] ?? 0) + PADDING;
    // The header shows whole on one line (a wrapped header needs a taller row, which not every
    // reader computes: LibreOffice prints such a header cut), up to the maximum width.
    let width = Math.max(MIN_COLUMN_WIDTH, data, headerNeed[c] ?? 0, plan.columnWidths?.[c] ?? 0);
    if (width > MAX_COLUMN_WIDTH) {
      width = MAX_COLUMN_WIDTH;
      wrap.push(`${columnLetter(c)}1:${columnLetter(c)}${Math.max(1, rows)}`);
    } else if ((headerNeed[c] ?? 0) > width) {
      for (const h of headers) wrap.push(`${columnLetter(c)}${h + 1}`);
    }
    widths.push(Math.round(width * 10) / 10);
  }
  return { widths, wrap };
}

/**
 * How many characters a value takes as a spreadsheet shows it in a format: money with its
 * thousands separators and decimals, percentages with their decimals and %, dates as their
 * pattern, text as its longest line.
 * @example displayLength(1234567.5, "#,##0.00") // => 12
 */
export function displayLength(value: CellValue, format?: string): number {
  if (value === null || value === "") return 0;
  if (typeof value === "boolean") return 5;
  if (typeof value === "string") return Math.max(...value.split("\n").map((l) => l.length));
  if (format) {
    const literal = /"([^"]*)"/.exec(format)?.[1] ?? "";
    if (/[ymdhs]/i.test(format.replace(/"[^"]*"/g, ""))) return format.replace(/"[^"]*"/g, "").length + 1;
    const decimals = /0\.(0+)/.exec(format)?.[1].length ?? 0;
    if (format.includes("%")) return (value * 100).toFixed(decimals).length + 1 + literal.length;
    const fixed = Math.abs(value).toFixed(decimals);
    const whole = fixed.split(".")[0];
    const grouped = format.includes(",") ? whole.length + Math.floor((whole.length - 1) / 3) : whole.length;
    return grouped + (decimals ? decimals + 1 : 0) + (value < 0 ? 1 : 0) + literal.length + (literal ? 1 : 0);
  }
  // General: Excel shows up to 11 characters of a number.
  return Math.min(11, String(value).length);
}
