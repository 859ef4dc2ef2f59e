/**
 * The governance commands as pure functions from what a workbook holds to plans of writes.
 * The task pane and the command line read the sheets once, call one of these, and apply
 * the returned plans in one batch.
 */
import { governanceMessages, isRefusal, refuse, Refusal } from "../errors";
import {
  ColumnMapping,
  Finding,
  LEVELS,
  Level,
  RegisterRow,
  RowFormulas,
  SourceField,
  SourceTable,
  textOf,
} from "./model";
import { dashboardPlan, findingsPlan, registerPlan, SheetPlan } from "./plan";
import { indexById, isBlankRow, levelOf, readRegister } from "./register";
import { isExampleOrganization } from "./example";
import { rollUp } from "./rollup";
import { UpgradeOptions, upgradeDateOrders, upgradeSheet } from "./upgrade";
import { DateOrder, settleDateOrder } from "../import/dates";
import { sourceIdsPlan } from "./sourceIds";
import { keptCutFindings, plannedCutFindings } from "./textCut";
import { validateRegister } from "./validate";
import { closedRows } from "./closure";
import { parseAmount } from "./values";
import { CellValue, SHEETS } from "./model";
import { money, sumMoney, toNumber } from "../money";
import { DUAL_STATUSES } from "../status/dualStatus";

/** Items per level, as the command line's JSON reports them. */
export function countByLevel(rows: readonly RegisterRow[]): Record<Level, number> {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const row of rows) {
    const level = levelOf(row);
    // new-contract's unedited example organization is not counted (validate says so).
    if (level && !isExampleOrganization(row)) counts[level]++;
  }
  return counts;
}

/**
 * Reads the register grid, or says why it cannot be read. A missing sheet is an empty register.
 * @example registerFrom(undefined) // => []
 */
export function registerFrom(grid: readonly (readonly CellValue[])[] | undefined): RegisterRow[] | Refusal {
  const read = readRegister(grid ?? []);
  return isRefusal(read) ? read : read.rows;
}

/** The 1-based register sheet row of each id. */
export function registerRowLookup(rows: readonly RegisterRow[]): (id: string) => number | undefined {
  const byId = indexById(rows);
  return (id) => {
    const i = byId.get(id);
    return i === undefined ? undefined : i + 2;
  };
}

/** What validation produced. */
export interface ValidationOutcome {
  readonly findings: Finding[];
  readonly items: Record<Level, number>;
  readonly plans: SheetPlan[];
}

/**
 * Validates the register and plans the Findings sheet.
 * @param extra - Findings from the operation that led here (an upgrade's source conflicts).
 * @param formulas - The register's formulas (registerFormulas), so a formula in a closed row is a finding.
 */
export function planValidation(
  rows: readonly RegisterRow[],
  extra: readonly Finding[] = [],
  formulas?: readonly RowFormulas[],
): ValidationOutcome {
  const findings = [...extra, ...validateRegister(rows, formulas)];
  return { findings, items: countByLevel(rows), plans: [findingsPlan(findings, registerRowLookup(rows))] };
}

/** What an upgrade produced, with the plans to write. */
export interface UpgradeOutcome extends ValidationOutcome {
  readonly rows: RegisterRow[];
  readonly created: Record<Level, number>;
  readonly updated: number;
}

/**
 * Upgrades a client sheet into the register and plans the Register and Findings sheets (and
 * the Source IDs sheet when an ID column is mapped or was before: `options.sourceIds`).
 * The source sheet is not among the plans: it is never written.
 */
export function planUpgrade(
  registerGrid: readonly (readonly CellValue[])[] | undefined,
  source: SourceTable,
  mapping: ColumnMapping,
  options: UpgradeOptions = {},
): UpgradeOutcome | Refusal {
  if (!source.headers.some((h) => textOf(h) !== "")) return refuse(governanceMessages.noHeaderRow(source.sheet));
  if (mapping.measure === undefined) return refuse(governanceMessages.noMeasureColumn());
  const existing = registerFrom(registerGrid);
  if (isRefusal(existing)) return existing;
  const dateOrders: Partial<Record<SourceField, DateOrder>> = { ...options.dateOrders };
  for (const [field, inference] of Object.entries(upgradeDateOrders(source, mapping, options.dateOrder))) {
    if (dateOrders[field as SourceField]) continue;
    const settled = settleDateOrder(inference!, `${textOf(source.headers[mapping[field as SourceField]!])} (${field})`);
    if ("refusal" in settled) return refuse(settled.refusal);
    if (settled.order) dateOrders[field as SourceField] = settled.order;
  }
  const upgraded = upgradeSheet(source, mapping, existing, { ...options, dateOrders });
  // The client's IDs and the measures they became, for the next upgrade (only once there are any).
  const ids = upgraded.sourceIds.size ? [sourceIdsPlan(upgraded.sourceIds)] : [];
  // Register texts cut are the register's TEXT_CUT findings (by item and column); those of the
  // Source IDs sheet are named by cell; other commands' cuts on sheets not written here stay.
  const written = [SHEETS.register, SHEETS.sourceIds, SHEETS.dashboard, SHEETS.dashboardMeasures];
  const validation = planValidation(upgraded.rows, [
    ...upgraded.findings,
    ...plannedCutFindings(ids),
    ...keptCutFindings(options.findings, written),
  ]);
  return {
    ...validation,
    rows: upgraded.rows,
    created: { ...upgraded.created },
    updated: upgraded.updated,
    plans: [registerPlan(upgraded.rows, closedRows(upgraded.rows), options.currency), ...validation.plans, ...ids],
  };
}

/** The roll-up of a register, computed once and shared by the dashboard and the report. */
export type RolledUp = ReturnType<typeof rollUp>;

/**
 * Plans the dual-status dashboard as of a serial date (pass `rolled` when the report needs it too).
 * `fixedAsOf`: the user chose the day, so the sheet keeps it instead of `=TODAY()`; `currency`:
 * the workbook's ISO code, after every amount ("" for none).
 */
export function planDashboard(
  rows: readonly RegisterRow[],
  asOf: number,
  rolled: RolledUp = rollUp(rows, asOf),
  fixedAsOf = false,
  currency = "",
): SheetPlan[] {
  const { items, statuses } = rolled;
  return dashboardPlan(rows, items, statuses, asOf, fixedAsOf, currency).plans;
}

/** Plans an empty governed workbook: the register's header, an empty Findings sheet. */
export function planNewWorkbook(): SheetPlan[] {
  return [registerPlan([]), findingsPlan([], () => undefined)];
}

/** One measure of the report. */
export interface ReportMeasure {
  readonly id: string;
  readonly name: string;
  readonly path: string[];
  readonly gate: string;
  readonly closed: boolean;
  readonly implementation: string;
  readonly potential: string;
  readonly dualStatus: string;
  readonly planned: number | null;
  readonly forecast: number | null;
  readonly confirmed: number | null;
}

/** The dual-status report of the command line (and the pane's summary). */
export interface Report {
  readonly measures: ReportMeasure[];
  readonly byDualStatus: Record<string, number>;
  readonly totals: { planned: number; forecast: number; confirmed: number };
}

/** Builds the dual-status report as of a serial date. Cost: O(rows x depth). */
export function buildReport(rows: readonly RegisterRow[], asOf: number, rolled: RolledUp = rollUp(rows, asOf)): Report {
  const { statuses } = rolled;
  const byId = indexById(rows);
  const measures: ReportMeasure[] = [];
  for (const row of rows) {
    if (isBlankRow(row) || levelOf(row) !== "Measure") continue;
    const st = statuses.get(textOf(row.id));
    const path = textOf(row.path)
      .split("/")
      .slice(0, -1)
      .map((id) => {
        const i = byId.get(id);
        return i === undefined ? id : textOf(rows[i].name);
      });
    measures.push({
      id: textOf(row.id),
      name: textOf(row.name),
      path,
      gate: textOf(row.gate),
      closed: textOf(row.gate) === "L5 Closed",
      implementation: st?.implementation ?? "",
      potential: st?.potential ?? "",
      dualStatus: st?.dualStatus ?? "",
      planned: parseAmount(row.planned) ?? null,
      forecast: parseAmount(row.forecast) ?? null,
      confirmed: parseAmount(row.confirmed) ?? null,
    });
  }
  const byDualStatus: Record<string, number> = {};
  for (const k of [...DUAL_STATUSES, "Not assessed"]) byDualStatus[k] = 0;
  for (const m of measures) byDualStatus[m.dualStatus || "Not assessed"]++;
  const total = (key: "planned" | "forecast" | "confirmed") =>
    toNumber(sumMoney(measures.map((m) => money(m[key] ?? 0))));
  const totals = { planned: total("planned"), forecast: total("forecast"), confirmed: total("confirmed") };
  return { measures, byDualStatus, totals };
}
