/**
 * The example rows a new contract workbook starts with, and how a reader tells an unedited
 * example from the user's own row. new-contract writes one filled row per table sheet with an
 * "Example" column appended after the published columns, holding EXAMPLE_MARK. Until the user
 * edits such a row (any cell other than a date) or clears its Example cell, every reader of the
 * service sheets (review, results, pack, the pane) leaves it out and says so in a finding: a
 * fresh contract never yields a made-up credit. The Points sheet's example is a band table:
 * each of its rows is marked, and read the same way. On the Contract sheet the mark sits in
 * column C beside each made-up figure ({@link MARKED_PARAMETERS}), read as blank until typed
 * over or unmarked; the Register's example organization is src/governance/example.ts's.
 */
import { CellValue } from "../governance/model";
import { EXAMPLE_HEADER, EXAMPLE_MARK, isExampleMark, sameExampleValue } from "../exampleMark";
import { CONTRACT_PARAMETERS, ContractKey, TableColumn } from "./model";

export { EXAMPLE_HEADER, EXAMPLE_MARK };

/** Example rows of a new contract workbook: one filled row per sheet. */
export const CONTRACT_EXAMPLE = {
  service: [
    "SL-001",
    "Service Desk",
    "Order to cash",
    "Contoso Services",
    "SLA",
    null,
    "Incidents resolved in time",
    "%",
    ">=",
    0.985,
    0.98,
    0.95,
    0.4,
    5000,
    8,
    "Dana Delivery",
    "ORG-001",
    0.995,
    0.5,
    20,
    15,
  ] as CellValue[],
  // Bonus Pool 1,000 a month; Annual Cap 30,000; the contract year from January; credits earned back after 3 good months;
  // in US dollars; service points scored on the Points sheet's band table.
  contract: [10000, 0.5, 2.5, 3, 12, 10, "0,7,30", 1000, 30000, 1, 3, "USD", "Points"] as CellValue[],
  result: (period: number): CellValue[] => [period, "SL-001", 0.97, "Monthly service report"],
  process: ["P-001", "Order-to-Cash", "Dana Delivery", "Yes", 500, 48] as CellValue[],
  dependency: ["P-001", "SL-001"] as CellValue[],
  // The Points sheet's example: one band table for every service level (threshold, points, best band first),
  // the worked example of GOV.SERVICE_POINTS: 99% 0, 98% 1, 97% 2, 96% 3, below 96% 4.
  points: [
    [0.99, 0, null],
    [0.98, 1, null],
    [0.97, 2, null],
    [0.96, 3, null],
    ["below 96%", 4, null],
  ] as CellValue[][],
  experience: (period: number): CellValue[] => [period, "SL-001", 20, 10, 12.5, 8],
  action: (period: number, created: number, due: number): CellValue[] => [
    "A-0001",
    "SL-001",
    period,
    "Minimum",
    created,
    "Dana Delivery",
    due,
    "Open",
    null,
    0,
    "ORG-001",
  ],
};

/**
 * True when a row is new-contract's example as written: its Example cell holds the mark and
 * every published cell other than a date equals the example's (dates depend on the day the
 * workbook was made, so they are not compared). Cost: O(columns).
 * @param cells - The row's published cells, in the columns' order.
 * @param mark - The row's Example cell.
 * @param example - The example row, in the columns' order.
 * @param columns - The sheet's published columns.
 * @example isUneditedExample(["P-001", "Order-to-Cash", "Dana Delivery", "Yes", 500, 48], EXAMPLE_MARK, CONTRACT_EXAMPLE.process, PROCESS_COLUMNS) // => true
 */
export function isUneditedExample(
  cells: readonly CellValue[],
  mark: CellValue | undefined,
  example: readonly CellValue[],
  columns: readonly TableColumn[],
): boolean {
  if (!isExampleMark(mark)) return false;
  return columns.every((c, i) => c.kind === "date" || sameExampleValue(cells[i], example[i]));
}

/**
 * The Contract parameters new-contract marks as examples (the mark in column C, beside the
 * value): those whose example is a made-up figure, different from the default the review uses
 * for a blank (Monthly Charges, At-Risk %, Bonus Pool, Annual Cap, Earnback Periods, Currency).
 * A parameter written at its default is not marked: read as typed or as blank, it gives the same
 * review. Nor is Points Table: it only names the example band table, whose rows are marked.
 */
export const MARKED_PARAMETERS: ReadonlySet<ContractKey> = new Set(
  CONTRACT_PARAMETERS.filter(
    (p, i) => p.key !== "pointsTable" && !sameExampleValue(p.default, CONTRACT_EXAMPLE.contract[i]),
  ).map((p) => p.key),
);

/** The labels of {@link MARKED_PARAMETERS}, in the Contract sheet's order. */
export const MARKED_LABELS: readonly string[] = CONTRACT_PARAMETERS.filter((p) => MARKED_PARAMETERS.has(p.key)).map(
  (p) => p.label,
);

/** The Contract sheet's column (0-based) of the example marks: after the label (A) and the value (B). */
export const CONTRACT_MARK_COLUMN = 2;

/**
 * True when a Contract parameter is new-contract's example as written: marked (its row's
 * column C holds the mark) and its value still the example's. Cost: O(1).
 * @param key - The parameter.
 * @param value - Its value (column B).
 * @param mark - Its row's column C.
 * @example isUneditedParameter("monthlyCharges", 10000, EXAMPLE_MARK) // => true
 * @example isUneditedParameter("monthlyCharges", 12000, EXAMPLE_MARK) // => false
 */
export function isUneditedParameter(
  key: ContractKey,
  value: CellValue | undefined,
  mark: CellValue | undefined,
): boolean {
  const i = CONTRACT_PARAMETERS.findIndex((p) => p.key === key);
  return MARKED_PARAMETERS.has(key) && isExampleMark(mark) && sameExampleValue(value, CONTRACT_EXAMPLE.contract[i]);
}

/**
 * The sheets where a review left new-contract's unedited examples out, each once, in the order of
 * its EXAMPLE_ROW findings. Cost: O(findings).
 * @example exampleSheets([{ code: "EXAMPLE_ROW", sheet: "Contract" }, { code: "EXAMPLE_ROW", sheet: "Points" }]) // => ["Contract", "Points"]
 */
export function exampleSheets(findings: readonly { readonly code: string; readonly sheet: string }[]): string[] {
  return [...new Set(findings.filter((f) => f.code === "EXAMPLE_ROW").map((f) => f.sheet))];
}
