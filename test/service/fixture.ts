/**
 * A hand-computed contract month for the service review tests, as the grids a workbook holds,
 * and a tiny applier of plans to grids (holes keep cells, as both adapters do).
 */
import { CellValue } from "../../src/governance/model";
import { REGISTER_HEADERS } from "../../src/governance/register";
import { SheetPlan, isFormula } from "../../src/governance/plan";
import {
  ACTION_COLUMNS,
  CONTRACT_PARAMETERS,
  RESULT_COLUMNS,
  SERVICE_COLUMNS,
  SERVICE_SHEETS,
} from "../../src/service/model";
import { serialFromIso } from "../../src/serial";
import { planNewContract } from "../../src/service/commands";

export type Grid = CellValue[][];
export type Grids = Map<string, Grid>;

/** A serial day from ISO text. */
export const day = (iso: string): number => serialFromIso(iso)!;

/** Services: header plus rows in published order (ID ... Register ID). */
export function servicesGrid(rows: CellValue[][]): Grid {
  return [SERVICE_COLUMNS.map((c) => c.header), ...rows];
}

/** The four service levels of the worked month (see the test file for the arithmetic). */
export const SERVICES: CellValue[][] = [
  [
    "SL-001",
    "Service Desk",
    "Order to cash",
    "Contoso",
    "SLA",
    null,
    "Incidents in time",
    "%",
    ">=",
    0.985,
    0.98,
    0.95,
    0.4,
    5000,
    8,
    "Dana",
    "M-0001",
  ],
  [
    "SL-002",
    "Payroll run",
    "Hire to retire",
    "Contoso",
    "SLA",
    null,
    "Runs on time",
    "%",
    ">=",
    0.99,
    0.97,
    null,
    0.3,
    null,
    null,
    "Pat",
    null,
  ],
  [
    "SL-003",
    "Network restore",
    "Order to cash",
    "Internal IT",
    "OLA",
    "SL-001",
    "Restore time",
    "hours",
    "<=",
    4,
    6,
    null,
    0.2,
    null,
    3,
    "Ian",
    null,
  ],
  [
    "SL-004",
    "Checkout latency",
    "Order to cash",
    "Fabrikam",
    "SLA",
    null,
    "p95 latency",
    "seconds",
    "<=",
    2,
    3,
    5,
    0.5,
    8000,
    null,
    "Lee",
    "M-0002",
  ],
];

/** Contract: 10,000 a month, 50% at risk (5,000). */
export function contractGrid(overrides: Record<string, CellValue> = {}): Grid {
  const values: Record<string, CellValue> = { "Monthly Charges": 10000, "At-Risk %": 0.5, ...overrides };
  return CONTRACT_PARAMETERS.filter((p) => values[p.label] !== undefined).map((p) => [p.label, values[p.label]]);
}

/** Results: header plus [period ISO month, service, result]. */
export function resultsGrid(rows: [string, string, CellValue][]): Grid {
  return [RESULT_COLUMNS.map((c) => c.header), ...rows.map(([p, id, v]) => [day(`${p}-01`), id, v, "report"])];
}

/** May 2026 as worked in the tests, with three earlier months of SL-002 missing Expected. */
export const MAY: [string, string, CellValue][] = [
  ["2026-02", "SL-002", 0.975],
  ["2026-03", "SL-002", 0.975],
  ["2026-04", "SL-002", 0.975],
  ["2026-04", "SL-001", 0.99],
  ["2026-05", "SL-001", 0.97],
  ["2026-05", "SL-002", 0.97],
  ["2026-05", "SL-003", 6],
  ["2026-05", "SL-004", 5.5],
];

/** Register: an organization, a portfolio, two measures. */
export function registerGrid(): Grid {
  const row = (id: string, level: string, parent: string | null, name: string) => {
    const r: CellValue[] = REGISTER_HEADERS.map(() => null);
    r[0] = id;
    r[1] = level;
    r[2] = parent;
    r[3] = name;
    return r;
  };
  return [
    REGISTER_HEADERS.slice(),
    row("ORG-001", "Organization", null, "Contoso"),
    row("PF-001", "Portfolio", "ORG-001", "Customer"),
    row("M-0001", "Measure", "PF-001", "Desk consolidation"),
    row("M-0002", "Measure", "PF-001", "Checkout rebuild"),
  ];
}

export const ACTIONS_HEADER: CellValue[] = ACTION_COLUMNS.map((c) => c.header);

/** The worked workbook's grids. */
export function workbook(results = MAY, actions?: Grid): Grids {
  const grids: Grids = new Map();
  grids.set(SERVICE_SHEETS.services, servicesGrid(SERVICES));
  grids.set(SERVICE_SHEETS.contract, contractGrid());
  grids.set(SERVICE_SHEETS.results, resultsGrid(results));
  if (actions) grids.set(SERVICE_SHEETS.actions, actions);
  grids.set("Register", registerGrid());
  return grids;
}

/** Applies plans to grids as the adapters do: replace clears, holes keep, formulas leave their cached value. */
export function applyToGrids(grids: Grids, plans: readonly SheetPlan[]): void {
  for (const plan of plans) {
    const grid: Grid = plan.replace ? [] : (grids.get(plan.name) ?? []).map((r) => r.slice());
    plan.cells.forEach((row, r) => {
      grid[r] = grid[r] ?? [];
      row.forEach((cell, c) => {
        grid[r][c] = isFormula(cell) ? cell.value : cell;
      });
    });
    for (let r = 0; r < grid.length; r++) {
      grid[r] = grid[r] ?? [];
      for (let c = 0; c < grid[r].length; c++) if (grid[r][c] === undefined) grid[r][c] = null;
    }
    grids.set(plan.name, grid);
  }
}

/**
 * new-contract's sheets as grids (dated `today`), with its example service level and result made
 * the user's as a person would (the service renamed, the result's source typed); its other
 * examples as written, for each test to edit.
 */
export function newContractGrids(today: number): Grids {
  const grids: Grids = new Map(planNewContract(today).map((p) => [p.name, (p.cells as Grid).map((r) => r.slice())]));
  grids.get("Services")![1][1] = "Contoso Service Desk";
  grids.get("Results")![1][3] = "June report";
  return grids;
}
