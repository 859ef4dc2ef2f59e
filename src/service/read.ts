/**
 * Reads the service sheets (Services, Contract, Results, Actions, and the Register for the
 * roll-up) from plain grids into a {@link ServiceWorkbook}, with a finding for every row the
 * review cannot use as typed. Nothing is dropped silently and nothing typed is changed.
 */
import { CellValue, RegisterRow, SHEETS, textOf } from "../governance/model";
import { registerFrom } from "../governance/commands";
import { withPaths } from "../governance/register";
import { isExampleOrganization } from "../governance/example";
import { parseDate } from "../governance/values";
import { DEFAULT_DIRECTION, Direction, parseDirection } from "../direction";
import { isFailure, isRefusal, pointsMessages, Refusal, refusalText, refuse, reviewMessages } from "../errors";
import { pointsTable, PointsTable } from "../reward/servicePoints";
import { sameScale } from "../credits/scale";
import { money, sumMoney } from "../money";
import {
  ACTION_COLUMNS,
  ActionRecord,
  Contract,
  ContractKey,
  CONTRACT_PARAMETERS,
  EXPERIENCE_COLUMNS,
  ExperienceFigures,
  PERCENT_UNIT,
  POINTS_COLUMNS,
  RegisterItem,
  RESULT_COLUMNS,
  SERVICE_COLUMNS,
  SERVICE_SHEETS,
  ServiceFinding,
  ServiceFindingCode,
  ServiceLevel,
  ServiceWorkbook,
  Severity,
} from "./model";
import { periodOf } from "./period";
import { CONTRACT_EXAMPLE, CONTRACT_MARK_COLUMN, isUneditedParameter } from "./examples";
import { readNumber, readTable, Table } from "./table";
import { BUSINESS_PROCESS_SHEETS, readProcesses } from "./processes";

export { readNumber };
import { scaleProblem } from "./scale";

/** A sheet's cells as plain data, row 1 first, or undefined when the workbook has no such sheet. */
export type GridOf = (sheet: string) => readonly (readonly CellValue[])[] | undefined;

/** The sheets the review reads, for adapters that read only what is needed. */
export const REVIEW_INPUT_SHEETS: readonly string[] = [
  SERVICE_SHEETS.services,
  SERVICE_SHEETS.contract,
  SERVICE_SHEETS.results,
  SERVICE_SHEETS.actions,
  SHEETS.register,
  SERVICE_SHEETS.points,
  BUSINESS_PROCESS_SHEETS.processes,
  BUSINESS_PROCESS_SHEETS.dependencies,
  BUSINESS_PROCESS_SHEETS.cases,
  SERVICE_SHEETS.experience,
  // What other commands reported of texts they cut, kept on the Findings sheet the review rewrites.
  SHEETS.findings,
];

function finding(
  code: ServiceFindingCode,
  severity: Severity,
  sheet: string,
  row: number,
  id: string,
  message: string,
): ServiceFinding {
  return { code, severity, sheet, row, id, message };
}

const NUMBER_KEYS = [
  ["expected", "a number"],
  ["minimum", "a number"],
  ["significantMinimum", "a number"],
  ["allocationPct", "a percentage"],
  ["sigminPenalty", "an amount"],
  ["targetHours", "a number of hours"],
  ["stretch", "a number"],
  ["bonusAllocationPct", "a percentage"],
  ["xlaTarget", "a net score from -100 to 100"],
  ["lostMinutesTarget", "a number of minutes"],
] as const;

function readServices(table: Table<(typeof SERVICE_COLUMNS)[number]["key"]>, findings: ServiceFinding[]) {
  const services: ServiceLevel[] = [];
  const firstRow = new Map<string, number>();
  const S = SERVICE_SHEETS.services;
  for (const { row, cells } of table.rows) {
    const id = textOf(cells.id);
    if (!id) {
      findings.push(finding("SERVICE_BAD_VALUE", "warning", S, row, "", reviewMessages.missingServiceId(row)));
      continue;
    }
    const first = firstRow.get(id);
    if (first !== undefined) {
      findings.push(finding("SERVICE_DUPLICATE", "error", S, row, id, reviewMessages.duplicateService(row, id, first)));
      continue;
    }
    firstRow.set(id, row);
    const numbers: Partial<Record<(typeof NUMBER_KEYS)[number][0], number>> = {};
    for (const [key, expected] of NUMBER_KEYS) {
      const n = readNumber(cells[key]);
      if (n === "bad") {
        const header = SERVICE_COLUMNS.find((c) => c.key === key)!.header;
        findings.push(
          finding(
            "SERVICE_BAD_VALUE",
            "error",
            S,
            row,
            id,
            reviewMessages.badServiceValue(row, id, header, cells[key], expected),
          ),
        );
      } else if (n !== undefined) numbers[key] = n;
    }
    let direction: Direction = DEFAULT_DIRECTION;
    if (textOf(cells.direction) !== "") {
      const d = parseDirection(cells.direction, "Direction");
      if (isFailure(d)) {
        findings.push(
          finding(
            "SERVICE_BAD_VALUE",
            "error",
            S,
            row,
            id,
            reviewMessages.badServiceValue(
              row,
              id,
              "Direction",
              cells.direction,
              '">=" or "<=" (judged as ">=" meanwhile)',
            ),
          ),
        );
      } else direction = d;
    }
    services.push({
      row,
      id,
      service: textOf(cells.service),
      process: textOf(cells.process),
      provider: textOf(cells.provider),
      agreement: textOf(cells.agreement).toUpperCase(),
      supportsSl: textOf(cells.supportsSl),
      metric: textOf(cells.metric),
      unit: textOf(cells.unit) || PERCENT_UNIT,
      direction,
      ...numbers,
      owner: textOf(cells.owner),
      registerId: textOf(cells.registerId),
    });
  }
  return services;
}

/** The contract checks between service levels: OLA/UC chains, the pool, critical services' penalties. */
function checkServices(services: readonly ServiceLevel[], contract: Contract, findings: ServiceFinding[]): void {
  const S = SERVICE_SHEETS.services;
  const byId = new Map(services.map((s) => [s.id, s]));
  const supporting = new Map<string, ServiceLevel[]>();
  for (const s of services) {
    if (s.agreement === "OLA" || s.agreement === "UC") {
      const target = byId.get(s.supportsSl);
      if (!s.supportsSl) {
        findings.push(
          finding(
            "SUPPORTS_MISSING",
            "error",
            S,
            s.row,
            s.id,
            reviewMessages.supportsMissing(s.row, s.id, s.agreement),
          ),
        );
      } else if (!target || target.agreement !== "SLA") {
        const what = target ? `an ${target.agreement || "agreement without a type"}` : "not on the Services sheet";
        findings.push(
          finding(
            "SUPPORTS_NOT_SLA",
            "error",
            S,
            s.row,
            s.id,
            reviewMessages.supportsNotSla(s.row, s.id, s.supportsSl, what),
          ),
        );
      } else supporting.set(target.id, [...(supporting.get(target.id) ?? []), s]);
    }
    if (s.significantMinimum !== undefined && s.sigminPenalty === undefined) {
      findings.push(
        finding("SIGMIN_NO_PENALTY", "warning", S, s.row, s.id, reviewMessages.sigminNoPenalty(s.row, s.id)),
      );
    }
  }
  for (const [slaId, parts] of supporting) {
    const sla = byId.get(slaId)!;
    if (sla.targetHours === undefined) continue;
    const total = sumMoney(parts.map((p) => money(p.targetHours ?? 0)));
    if (total.cmp(money(sla.targetHours)) > 0) {
      findings.push(
        finding(
          "OLA_HOURS_EXCEED",
          "error",
          S,
          sla.row,
          sla.id,
          reviewMessages.olaHoursExceed(
            sla.row,
            sla.id,
            total.toString(),
            String(sla.targetHours),
            parts.map((p) => `${p.id} ${p.targetHours ?? 0}`),
          ),
        ),
      );
    }
  }
  const bonusAllocated = sumMoney(services.map((s) => money(s.bonusAllocationPct ?? 0)));
  if (bonusAllocated.cmp(money(1)) > 0) {
    findings.push(
      finding(
        "BONUS_ALLOCATION_EXCEEDED",
        "error",
        S,
        0,
        "",
        reviewMessages.bonusAllocationExceeded(percent(bonusAllocated)),
      ),
    );
  }
  const allocated = sumMoney(services.map((s) => money(s.allocationPct ?? 0)));
  const pool = money(contract.poolPct);
  if (allocated.cmp(pool) > 0) {
    findings.push(
      finding("POOL_EXCEEDED", "error", S, 0, "", reviewMessages.poolExceeded(percent(allocated), percent(pool))),
    );
  }
}

function percent(fraction: ReturnType<typeof money>): string {
  return `${fraction.times(money(100)).toString()}%`;
}

/**
 * The Contract sheet's parameters by label (lower case; the first row of a label counts), each
 * with its value, its row, and whether it is still new-contract's unedited example (left out).
 * Cost: O(rows).
 */
function contractCells(
  grid: readonly (readonly CellValue[])[] | undefined,
): Map<string, { value: CellValue; row: number; example: boolean }> {
  const keyOf = new Map<string, ContractKey>(CONTRACT_PARAMETERS.map((p) => [p.label.toLowerCase(), p.key]));
  const found = new Map<string, { value: CellValue; row: number; example: boolean }>();
  (grid ?? []).forEach((line, r) => {
    const label = textOf(line?.[0] ?? null).toLowerCase();
    if (!label || found.has(label)) return;
    const key = keyOf.get(label);
    const example = key !== undefined && isUneditedParameter(key, line[1], line[CONTRACT_MARK_COLUMN]);
    found.set(label, { value: line[1] ?? null, row: r + 1, example });
  });
  return found;
}

/**
 * Reads the Contract sheet: label in column A, value in column B; defaults where a label is
 * absent. A parameter still at new-contract's marked example is read as blank (its default, or
 * the missing value's finding), with one EXAMPLE_ROW warning naming them all.
 */
function readContract(grid: readonly (readonly CellValue[])[] | undefined, findings: ServiceFinding[]): Contract {
  const C = SERVICE_SHEETS.contract;
  const found = contractCells(grid);
  const out: Record<string, unknown> = {};
  const badValue = (row: number, label: string, typed: CellValue, expected: string) =>
    findings.push(
      finding("CONTRACT_BAD_VALUE", "error", C, row, "", reviewMessages.badContractValue(row, label, typed, expected)),
    );
  const examples = CONTRACT_PARAMETERS.flatMap((p) => {
    const cell = found.get(p.label.toLowerCase());
    return cell?.example ? [{ label: p.label, row: cell.row }] : [];
  });
  if (examples.length)
    findings.push(
      finding("EXAMPLE_ROW", "warning", C, examples[0].row, "", reviewMessages.exampleParameters(examples)),
    );
  for (const p of CONTRACT_PARAMETERS) {
    const cell = found.get(p.label.toLowerCase());
    const typed = cell && !cell.example && textOf(cell.value) !== "" ? cell.value : null;
    if (p.key === "escalationDays") {
      const text = typed === null ? String(p.default) : textOf(typed);
      const days = text.split(/[,;]/).map((t) => readNumber(t.trim()));
      const ok = days.every((d) => typeof d === "number" && d >= 0 && Number.isInteger(d));
      if (!ok && cell) badValue(cell.row, p.label, typed, 'whole days such as "0,7,30" (0,7,30 is used)');
      out[p.key] = ok ? (days as number[]).slice().sort((a, b) => a - b) : [0, 7, 30];
      continue;
    }
    if (p.key === "currency") {
      const code = typed === null ? "" : currencyCode(typed);
      if (code === undefined && cell)
        badValue(cell.row, p.label, typed, "an ISO 4217 code such as EUR, USD or GBP (none is used)");
      out[p.key] = code ?? "";
      continue;
    }
    if (p.key === "pointsTable") {
      // The band table lives on the Points sheet (read with the others in one pass): the cell names it.
      const named = typed === null ? "" : textOf(typed).trim();
      const ok = named === "" || named.toLowerCase() === SERVICE_SHEETS.points.toLowerCase();
      if (!ok && cell)
        badValue(
          cell.row,
          p.label,
          typed,
          `the name of the ${SERVICE_SHEETS.points} sheet, or blank (no points are given)`,
        );
      out[p.key] = ok && named ? SERVICE_SHEETS.points : "";
      continue;
    }
    if (p.key === "contractYearStart") {
      const month = typed === null ? p.default : monthOfYear(typed);
      if (month === undefined && cell) {
        badValue(cell.row, p.label, typed, "a month: a date, 2026-04, or 1 to 12 (January is used)");
      }
      out[p.key] = month ?? p.default;
      continue;
    }
    const n = typed === null ? undefined : readNumber(typed);
    const whole =
      p.key === "expectedMissesAllowed" ||
      p.key === "expectedWindow" ||
      p.key === "actionDueDays" ||
      p.key === "earnbackPeriods";
    const bad = n === "bad" || (typeof n === "number" && (n < 0 || (whole && !Number.isInteger(n))));
    if (bad && cell)
      badValue(cell.row, p.label, typed, whole ? "a whole number of 0 or more" : "a number of 0 or more");
    if (typeof n === "number" && !bad) out[p.key] = n;
    else if (p.key === "annualCap")
      continue; // blank: no annual cap
    else if (p.default !== null) out[p.key] = p.default;
    else {
      if (!bad)
        findings.push(
          finding(
            "CONTRACT_BAD_VALUE",
            "error",
            C,
            cell?.example ? cell.row : 0,
            "",
            cell?.example
              ? reviewMessages.exampleContractValue(p.label, cell.row, "0 is used, so nothing is at risk")
              : reviewMessages.missingContractValue(p.label, "0 is used, so nothing is at risk"),
          ),
        );
      out[p.key] = 0;
    }
  }
  if ((out.expectedWindow as number) < 1) out.expectedWindow = 1;
  return out as unknown as Contract;
}

/**
 * ISO 4217 codes the runtime knows (Intl's list of currencies); undefined in a runtime without
 * the list (then any three letters are taken as a code).
 */
const CURRENCIES: ReadonlySet<string> | undefined = (() => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf ? new Set(intl.supportedValuesOf("currency")) : undefined;
})();

/**
 * The ISO 4217 code a Currency cell names, upper-cased ("eur" is EUR); undefined for anything
 * else (a symbol such as "€", a word, an unknown code).
 * @example currencyCode(" eur ") // => "EUR"
 * @example currencyCode("€") // => undefined
 */
export function currencyCode(value: CellValue): string | undefined {
  const code = textOf(value).trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) && (CURRENCIES?.has(code) ?? true) ? code : undefined;
}

/**
 * The currency of a workbook's money: the ISO 4217 code its Contract sheet's Currency row names
 * (the first such label in column A, as the review reads it), "" when there is no Contract
 * sheet, no Currency row, a blank, new-contract's unedited example (marked in column C), or
 * anything but a code (the review reports that as
 * CONTRACT_BAD_VALUE). Every sheet that shows money formats it with this code (moneyFormat, src/governance/plan.ts).
 * Cost: O(rows).
 * @example contractCurrency([["Monthly Charges", 10000], ["Currency", "eur"]]) // => "EUR"
 */
export function contractCurrency(grid: readonly (readonly CellValue[])[] | undefined): string {
  const cell = contractCells(grid).get("currency");
  const value = cell && !cell.example ? cell.value : null;
  return textOf(value) === "" ? "" : (currencyCode(value) ?? "");
}

/**
 * The month of year a Contract Year Start cell names: a date (its month), "2026-04", or a
 * number 1 to 12. Undefined for anything else.
 * @example monthOfYear(4) // => 4
 * @example monthOfYear("2026-04") // => 4
 */
export function monthOfYear(value: CellValue): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 12) return value;
  if (typeof value === "string" && /^\d{1,2}$/.test(value.trim())) return monthOfYear(Number(value.trim()));
  const period = periodOf(value);
  return period === undefined ? undefined : Number(period.slice(5, 7));
}

/**
 * Reads the band tables of the Points sheet the Contract names (Points Table): the rows without
 * a Service ID are the table for every service level; rows with one are its own. A named sheet
 * that is missing, or has no bands, is an error finding; a Points sheet the Contract does not
 * name is a warning (no points are given). new-contract's unedited example band table is left
 * out with one finding for its rows. Cost: O(rows).
 */
function readPoints(
  named: string,
  grid: readonly (readonly CellValue[])[] | undefined,
  findings: ServiceFinding[],
): ServiceWorkbook["points"] {
  const P = SERVICE_SHEETS.points;
  if (!named) {
    if (grid && grid.some((line) => line.some((v) => textOf(v ?? null) !== "")))
      findings.push(finding("POINTS_NOT_NAMED", "warning", P, 0, "", reviewMessages.pointsNotNamed()));
    return undefined;
  }
  if (!grid) {
    findings.push(
      finding("POINTS_TABLE_MISSING", "error", SERVICE_SHEETS.contract, 0, "", reviewMessages.pointsMissing()),
    );
    return undefined;
  }
  const examples: ServiceFinding[] = [];
  const [first, ...more] = CONTRACT_EXAMPLE.points;
  const table = readTable(grid, POINTS_COLUMNS, P, { example: first, more, findings: examples });
  if (isRefusal(table)) {
    findings.push(finding("POINTS_BAD_TABLE", "error", P, 1, "", refusalText(table)));
    return undefined;
  }
  if (examples.length) {
    const rows = examples.map((f) => f.row);
    findings.push(finding("EXAMPLE_ROW", "warning", P, rows[0], "", reviewMessages.exampleBands(P, rows)));
    // Only the example: the Points column waits for the user's own bands (the finding says so).
    if (!table.rows.length) return undefined;
  }
  if (!table.rows.length) {
    findings.push(
      finding("POINTS_BAD_TABLE", "error", P, 1, "", reviewMessages.pointsBadTable(pointsMessages.noBands(P))),
    );
    return undefined;
  }
  const rowsOf = new Map<string, { rows: [CellValue, CellValue][]; first: number }>();
  for (const { row, cells } of table.rows) {
    const id = textOf(cells.serviceId);
    let entry = rowsOf.get(id);
    if (!entry) rowsOf.set(id, (entry = { rows: [], first: row }));
    const threshold = readNumber(cells.threshold);
    entry.rows.push([typeof threshold === "number" ? threshold : cells.threshold, cells.points]);
  }
  const byService = new Map<string, PointsTable>();
  let all: PointsTable | undefined;
  for (const [id, { rows, first }] of rowsOf) {
    const read = pointsTable(rows, id ? `${P} rows of ${id}` : P);
    if (isFailure(read)) {
      findings.push(finding("POINTS_BAD_TABLE", "error", P, first, id, reviewMessages.pointsBadTable(read.message)));
    } else if (id) byService.set(id, read);
    else all = read;
  }
  return { byService, all };
}

/** Reads the Experience sheet (keyed like Results: one row per service level and month; the first row counts). */
function readExperience(
  grid: readonly (readonly CellValue[])[] | undefined,
  ids: ReadonlySet<string>,
  findings: ServiceFinding[],
): Map<string, Map<string, ExperienceFigures>> {
  const out = new Map<string, Map<string, ExperienceFigures>>();
  if (!grid) return out;
  const E = SERVICE_SHEETS.experience;
  const table = readTable(grid, EXPERIENCE_COLUMNS, E, { example: CONTRACT_EXAMPLE.experience(0), findings });
  const bad = (row: number, id: string, message: string) =>
    findings.push(finding("EXPERIENCE_BAD_ROW", "error", E, row, id, message));
  if (isRefusal(table)) {
    bad(1, "", refusalText(table));
    return out;
  }
  for (const { row, cells } of table.rows) {
    const id = textOf(cells.serviceId);
    const period = periodOf(cells.period);
    if (!ids.has(id)) {
      bad(row, id, reviewMessages.experienceUnknownService(row, id));
      continue;
    }
    if (period === undefined) {
      bad(row, id, reviewMessages.experienceBadPeriod(row, cells.period));
      continue;
    }
    const n = (v: CellValue) => {
      const x = readNumber(v);
      return typeof x === "number" ? x : undefined;
    };
    const netScore = n(cells.netScore);
    if (netScore !== undefined && (netScore < -100 || netScore > 100)) {
      bad(row, id, reviewMessages.experienceBadScore(row, id, netScore));
      continue;
    }
    let byPeriod = out.get(id);
    if (!byPeriod) out.set(id, (byPeriod = new Map()));
    if (byPeriod.has(period)) {
      bad(row, id, reviewMessages.experienceDuplicate(row, id, period));
      continue;
    }
    byPeriod.set(period, {
      responses: n(cells.responses) ?? 0,
      netScore,
      lostMinutes: n(cells.lostMinutes),
      lostN: n(cells.lostN) ?? 0,
    });
  }
  return out;
}

function readResults(
  table: Table<(typeof RESULT_COLUMNS)[number]["key"]>,
  services: readonly ServiceLevel[],
  findings: ServiceFinding[],
) {
  const R = SERVICE_SHEETS.results;
  const byId = new Map(services.map((s) => [s.id, s]));
  const results = new Map<string, Map<string, number>>();
  const rowOf = new Map<string, number>();
  const periods = new Set<string>();
  for (const { row, cells } of table.rows) {
    const id = textOf(cells.serviceId);
    const service = byId.get(id);
    if (!service) {
      findings.push(finding("RESULT_UNKNOWN_SERVICE", "error", R, row, id, reviewMessages.unknownService(row, id)));
      continue;
    }
    const period = periodOf(cells.period);
    if (period === undefined) {
      findings.push(
        finding("RESULT_BAD_PERIOD", "error", R, row, id, reviewMessages.resultBadPeriod(row, cells.period)),
      );
      continue;
    }
    if (cells.result === null) continue; // a blank result: not measured
    const value = readNumber(cells.result);
    if (value === "bad" || value === undefined) {
      findings.push(
        finding("RESULT_NOT_NUMBER", "error", R, row, id, reviewMessages.resultNotNumber(row, cells.result)),
      );
      continue;
    }
    const scale = scaleProblem(service, value);
    if (scale === "percent") {
      findings.push(finding("RESULT_ABOVE_100", "error", R, row, id, reviewMessages.resultAbove100(row, id, value)));
      continue;
    }
    if (scale === "threshold") {
      const thresholds = [service.expected, service.minimum, service.significantMinimum].filter((t) => t !== undefined);
      findings.push(
        finding("RESULT_OTHER_SCALE", "error", R, row, id, reviewMessages.resultOtherScale(row, id, value, thresholds)),
      );
      continue;
    }
    const key = `${id}\u0000${period}`;
    const first = rowOf.get(key);
    if (first !== undefined) {
      findings.push(
        finding("RESULT_DUPLICATE", "error", R, row, id, reviewMessages.duplicateResult(row, id, period, first)),
      );
      continue;
    }
    rowOf.set(key, row);
    let byPeriod = results.get(id);
    if (!byPeriod) results.set(id, (byPeriod = new Map()));
    byPeriod.set(period, value);
    periods.add(period);
  }
  return { results, periods: [...periods].sort() };
}

function readActions(table: Table<(typeof ACTION_COLUMNS)[number]["key"]>): ActionRecord[] {
  return table.rows.map(({ row, cells, raw }) => ({
    row,
    id: textOf(cells.id),
    serviceId: textOf(cells.serviceId),
    period: periodOf(cells.period) ?? "",
    breach: textOf(cells.breach),
    createdAt: parseDate(cells.createdAt),
    owner: textOf(cells.owner),
    due: parseDate(cells.due),
    status: textOf(cells.status),
    evidence: textOf(cells.evidence),
    registerId: textOf(cells.registerId),
    cells: raw,
  }));
}

/**
 * Where a sheet's columns are, the ones its header lacks placed after its last header cell in
 * order (derived columns a review appends to an older sheet).
 * @example appendedColumns([0, 1, -1], ["ID", "Name"]) // => [0, 1, 2]
 */
export function appendedColumns(at: readonly number[], header: readonly CellValue[]): number[] {
  let next = header.length;
  while (next > 0 && textOf(header[next - 1] ?? null) === "") next--;
  next = Math.max(next, ...at.map((a) => a + 1));
  return at.map((a) => (a >= 0 ? a : next++));
}

/** The register's items a service level can name, new-contract's unedited example organization left out. */
function registerItems(rows: readonly RegisterRow[]): RegisterItem[] {
  return withPaths(rows)
    .filter((r) => textOf(r.id) !== "" && !isExampleOrganization(r))
    .map((r) => ({ id: textOf(r.id), name: textOf(r.name), level: textOf(r.level), path: textOf(r.path) }));
}

/**
 * Reads everything the review needs from the workbook's grids. Cost: O(cells).
 * @param gridOf - The grid of a sheet by name (undefined when the workbook lacks it).
 * @returns The plain data with its findings, or an error when the Services sheet is missing
 *   or a table lacks a published column.
 * @example readServiceWorkbook((name) => grids[name]).services[0].id // => "SL-001"
 */
export function readServiceWorkbook(gridOf: GridOf): ServiceWorkbook | Refusal {
  const servicesGrid = gridOf(SERVICE_SHEETS.services);
  if (!servicesGrid) return refuse(reviewMessages.missingSheet(SERVICE_SHEETS.services));
  // new-contract's unedited example rows are left out of every table, each with a finding.
  const findings: ServiceFinding[] = [];
  const servicesTable = readTable(servicesGrid, SERVICE_COLUMNS, SERVICE_SHEETS.services, {
    example: CONTRACT_EXAMPLE.service,
    findings,
  });
  if (isRefusal(servicesTable)) return servicesTable;
  const resultsTable = readTable(gridOf(SERVICE_SHEETS.results), RESULT_COLUMNS, SERVICE_SHEETS.results, {
    example: CONTRACT_EXAMPLE.result(0),
    findings,
  });
  if (isRefusal(resultsTable)) return resultsTable;
  const actionsTable = readTable(gridOf(SERVICE_SHEETS.actions), ACTION_COLUMNS, SERVICE_SHEETS.actions, {
    example: CONTRACT_EXAMPLE.action(0, 0, 0),
    findings,
  });
  if (isRefusal(actionsTable)) return actionsTable;
  const register = registerFrom(gridOf(SHEETS.register));
  if (isRefusal(register)) return register;

  const contract = readContract(gridOf(SERVICE_SHEETS.contract), findings);
  const services = readServices(servicesTable, findings);
  checkServices(services, contract, findings);
  const items = registerItems(register);
  const known = new Set(items.map((i) => i.id));
  const examples = new Set(register.filter(isExampleOrganization).map((r) => textOf(r.id)));
  for (const s of services) {
    if (s.registerId && !known.has(s.registerId)) {
      findings.push(
        finding(
          "SERVICE_UNKNOWN_ITEM",
          "warning",
          SERVICE_SHEETS.services,
          s.row,
          s.id,
          examples.has(s.registerId)
            ? reviewMessages.exampleItem(s.row, s.id, s.registerId)
            : reviewMessages.unknownItem(s.row, s.id, s.registerId),
        ),
      );
    }
  }
  const { results, periods } = readResults(resultsTable, services, findings);
  const points = readPoints(contract.pointsTable, gridOf(SERVICE_SHEETS.points), findings);
  for (const s of points ? services : []) {
    const table = points!.byService.get(s.id) ?? points!.all;
    const threshold = s.minimum ?? s.expected;
    if (table && threshold !== undefined && !sameScale(threshold, table.bands[0].threshold)) {
      const problem = `its thresholds (${threshold}) and the table's (${table.bands[0].threshold}) are not on one scale; give it its own rows (Service ID ${s.id}).`;
      findings.push(
        finding(
          "POINTS_OTHER_SCALE",
          "warning",
          SERVICE_SHEETS.services,
          s.row,
          s.id,
          reviewMessages.pointsOtherScale(s.row, s.id, problem),
        ),
      );
    }
  }
  const processes = readProcesses(gridOf, new Set(services.map((s) => s.id)), findings);
  const experience = readExperience(gridOf(SERVICE_SHEETS.experience), new Set(services.map((s) => s.id)), findings);
  return {
    experience,
    points,
    processes,
    services,
    contract,
    results,
    periods,
    actions: readActions(actionsTable),
    exampleActionIds: actionsTable.examples.map((r) => textOf(r.cells.id)),
    actionsNextRow: actionsTable.nextRow,
    actionColumns: appendedColumns(actionsTable.at, gridOf(SERVICE_SHEETS.actions)?.[0] ?? []),
    actionColumnsAppended: actionsTable.at.flatMap((a, i) => (a < 0 ? [i] : [])),
    register: items,
    findings,
  };
}
