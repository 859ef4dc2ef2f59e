/**
 * The service-level half of the governed workbook: the sheets Services, Contract, Results,
 * Actions and Service Review, their published columns, and the plain-data types the review
 * works on.
 *
 * The layouts are a public contract (docs/workbook-layout.md): the task pane, the command
 * line and users' own formulas depend on them, so columns are only ever appended.
 */
import { CellValue } from "../governance/model";
import { Direction } from "../direction";
import type { Severity } from "../errors";
import type { PointsTable } from "../reward/servicePoints";
import type { ProcessBook } from "./processes";

/** The sheet names the service review reads and writes. */
export const SERVICE_SHEETS = {
  services: "Services",
  contract: "Contract",
  results: "Results",
  actions: "Actions",
  review: "Service Review",
  points: "Points",
  experience: "Experience",
} as const;

/** A column of a service table: key, header text, kind of value. */
export interface TableColumn<K extends string = string> {
  readonly key: K;
  readonly header: string;
  readonly kind: "text" | "number" | "date" | "percent" | "money";
  /** An appended column a workbook made before it was published may lack: read as blank. */
  readonly optional?: boolean;
}

/** Services: one row per service level, in published order. */
export const SERVICE_COLUMNS = [
  { key: "id", header: "ID", kind: "text" },
  { key: "service", header: "Service", kind: "text" },
  { key: "process", header: "Business Process", kind: "text" },
  { key: "provider", header: "Provider", kind: "text" },
  { key: "agreement", header: "Agreement", kind: "text" },
  { key: "supportsSl", header: "Supports SL", kind: "text" },
  { key: "metric", header: "Metric", kind: "text" },
  { key: "unit", header: "Unit", kind: "text" },
  { key: "direction", header: "Direction", kind: "text" },
  { key: "expected", header: "Expected", kind: "number" },
  { key: "minimum", header: "Minimum", kind: "number" },
  { key: "significantMinimum", header: "Significant Minimum", kind: "number" },
  { key: "allocationPct", header: "Allocation %", kind: "percent" },
  { key: "sigminPenalty", header: "SigMin Penalty", kind: "money" },
  { key: "targetHours", header: "Target Hours", kind: "number" },
  { key: "owner", header: "Owner", kind: "text" },
  { key: "registerId", header: "Register ID", kind: "text" },
  // The reward side (appended): at or better than Stretch earns Bonus Pool x Bonus Allocation %.
  { key: "stretch", header: "Stretch", kind: "number", optional: true },
  { key: "bonusAllocationPct", header: "Bonus Allocation %", kind: "percent", optional: true },
  // Experience level agreements (appended): targets on the Experience sheet's figures.
  { key: "xlaTarget", header: "XLA Target", kind: "number", optional: true },
  { key: "lostMinutesTarget", header: "Lost Minutes Target", kind: "number", optional: true },
] as const satisfies readonly TableColumn[];

/** Experience: one row per month and service level, keyed like Results (written by the experience command). */
export const EXPERIENCE_COLUMNS = [
  { key: "period", header: "Period", kind: "date" },
  { key: "serviceId", header: "Service ID", kind: "text" },
  { key: "responses", header: "Responses", kind: "number" },
  { key: "netScore", header: "Net Score", kind: "number" },
  { key: "lostMinutes", header: "Lost Minutes", kind: "number" },
  { key: "lostN", header: "Lost n", kind: "number" },
] as const satisfies readonly TableColumn[];

/** One month of one service level's experience. */
export interface ExperienceFigures {
  readonly responses: number;
  /** -100..+100; undefined without responses. */
  readonly netScore?: number;
  /** The mean lost minutes over the answers that give it; undefined when none does. */
  readonly lostMinutes?: number;
  readonly lostN: number;
}

/** Results: one row per service per period. */
export const RESULT_COLUMNS = [
  { key: "period", header: "Period", kind: "date" },
  { key: "serviceId", header: "Service ID", kind: "text" },
  { key: "result", header: "Result", kind: "number" },
  { key: "source", header: "Source", kind: "text" },
] as const satisfies readonly TableColumn[];

/** Actions: the breach register. Escalation is derived; every other column is typed by people (or appended by the review). */
export const ACTION_COLUMNS = [
  { key: "id", header: "Action ID", kind: "text" },
  { key: "serviceId", header: "Service ID", kind: "text" },
  { key: "period", header: "Period", kind: "date" },
  { key: "breach", header: "Breach", kind: "text" },
  { key: "createdAt", header: "Created At", kind: "date" },
  { key: "owner", header: "Owner", kind: "text" },
  { key: "due", header: "Due", kind: "date" },
  { key: "status", header: "Status", kind: "text" },
  { key: "evidence", header: "Evidence", kind: "text" },
  { key: "escalation", header: "Escalation", kind: "number" },
  { key: "registerId", header: "Register ID", kind: "text" },
  // Derived, refreshed by every review like Escalation (appended; a sheet without them gets them).
  { key: "service", header: "Service", kind: "text", optional: true },
  { key: "daysLate", header: "Days Late", kind: "number", optional: true },
] as const satisfies readonly TableColumn[];

/** Points: the band table of GOV.SERVICE_POINTS (threshold, points, best band first); rows with a Service ID are that service level's own table. */
export const POINTS_COLUMNS = [
  { key: "threshold", header: "Threshold", kind: "number" },
  { key: "points", header: "Points", kind: "number" },
  { key: "serviceId", header: "Service ID", kind: "text", optional: true },
] as const satisfies readonly TableColumn[];

export type ServiceKey = (typeof SERVICE_COLUMNS)[number]["key"];
export type ResultKey = (typeof RESULT_COLUMNS)[number]["key"];
export type ActionKey = (typeof ACTION_COLUMNS)[number]["key"];

/** The Contract sheet's labels (column A) with their defaults (column B), in published order. */
export const CONTRACT_PARAMETERS = [
  { key: "monthlyCharges", label: "Monthly Charges", default: null },
  { key: "atRiskPct", label: "At-Risk %", default: null },
  { key: "poolPct", label: "Pool %", default: 2.5 },
  { key: "expectedMissesAllowed", label: "Expected Misses Allowed", default: 3 },
  { key: "expectedWindow", label: "Expected Window", default: 12 },
  { key: "actionDueDays", label: "Action Due Days", default: 10 },
  { key: "escalationDays", label: "Escalation Days", default: "0,7,30" },
  // The reward side and contract-year money (appended; each optional).
  { key: "bonusPool", label: "Bonus Pool", default: 0 },
  { key: "annualCap", label: "Annual Cap", default: "" },
  { key: "contractYearStart", label: "Contract Year Start", default: 1 },
  { key: "earnbackPeriods", label: "Earnback Periods", default: 0 },
  // The money's currency (ISO 4217: EUR, USD, ...; appended, optional: blank names none).
  { key: "currency", label: "Currency", default: "" },
  // The band table service points are scored on (appended, optional): the Points sheet's name; blank gives no points.
  { key: "pointsTable", label: "Points Table", default: "" },
] as const;

export type ContractKey = (typeof CONTRACT_PARAMETERS)[number]["key"];

/** The agreements a service level can be. An OLA or UC supports an SLA. */
export const AGREEMENTS = ["SLA", "OLA", "UC"] as const;
export type Agreement = (typeof AGREEMENTS)[number];

/** The breaches, most severe first: one per service and period. */
export const BREACHES = ["Significant Minimum", "Minimum", "Expected default"] as const;
export type Breach = (typeof BREACHES)[number];

/** The statuses of an action. Done and Verified close it. */
export const ACTION_STATUSES = ["Open", "In progress", "Done", "Verified"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses that close an action (no escalation, nothing needs attention). */
export const CLOSED_STATUSES: readonly string[] = ["Done", "Verified"];

/** The unit of attainment fractions; any other unit is compared as typed. */
export const PERCENT_UNIT = "%";

/**
 * The share of measured service levels that must meet their Minimum for a month to look
 * "green overall": with a critical service below its Significant Minimum, such a month is a
 * watermelon (green outside, red inside). 9 in 10, kept as integers so the sheet's formula
 * compares exactly.
 */
export const WATERMELON_SHARE = { met: 9, of: 10 } as const;

/** One service level as read from the Services sheet. Numbers are undefined where the cell is blank or unreadable. */
export interface ServiceLevel {
  /** 1-based row on the Services sheet. */
  readonly row: number;
  readonly id: string;
  readonly service: string;
  readonly process: string;
  readonly provider: string;
  readonly agreement: string;
  readonly supportsSl: string;
  readonly metric: string;
  readonly unit: string;
  readonly direction: Direction;
  readonly expected?: number;
  readonly minimum?: number;
  readonly significantMinimum?: number;
  readonly allocationPct?: number;
  readonly sigminPenalty?: number;
  readonly targetHours?: number;
  readonly owner: string;
  readonly registerId: string;
  /** The level at or better than which the service level earns its bonus share. */
  readonly stretch?: number;
  /** Its share of the Bonus Pool (a fraction). */
  readonly bonusAllocationPct?: number;
  /** The net score its users' experience must reach (-100..100). */
  readonly xlaTarget?: number;
  /** The most lost minutes per answer its experience may cost. */
  readonly lostMinutesTarget?: number;
}

/** The contract's parameters, defaults applied. */
export interface Contract {
  readonly monthlyCharges: number;
  readonly atRiskPct: number;
  readonly poolPct: number;
  readonly expectedMissesAllowed: number;
  readonly expectedWindow: number;
  readonly actionDueDays: number;
  /** Days past due at which escalation levels 1, 2, 3 start (exclusive: more than this many days late). */
  readonly escalationDays: readonly number[];
  /** The bonus pool per period (0: no earn-up). */
  readonly bonusPool: number;
  /** The cap on a contract year's credits; undefined: no annual cap. */
  readonly annualCap?: number;
  /** The month (1-12) a contract year starts in. */
  readonly contractYearStart: number;
  /** N: a credit is earned back when the service level meets Expected in each of the N following periods; 0: no earnback. */
  readonly earnbackPeriods: number;
  /** The ISO 4217 code of the contract's money ("EUR"); "" when the contract names none. */
  readonly currency: string;
  /** The sheet of the band table the review scores service points on ("Points"); "" when the contract names none (no points). */
  readonly pointsTable: string;
}

/** One accepted result. */
export interface ServiceResult {
  /** 1-based row on the Results sheet. */
  readonly row: number;
  /** Period key, "YYYY-MM". */
  readonly period: string;
  readonly serviceId: string;
  readonly result: number;
}

/** One row of the Actions sheet as read (typed cells kept exactly as they are). */
export interface ActionRecord {
  /** 1-based row on the Actions sheet. */
  readonly row: number;
  readonly id: string;
  readonly serviceId: string;
  /** Period key, "YYYY-MM", or "" when the cell does not name a month. */
  readonly period: string;
  readonly breach: string;
  readonly createdAt?: number;
  readonly owner: string;
  readonly due?: number;
  readonly status: string;
  readonly evidence: string;
  readonly registerId: string;
  /** The row's cells as typed, in published order (for writing back untouched). */
  readonly cells: readonly CellValue[];
}

/** The item of the register a service can put at risk. */
export interface RegisterItem {
  readonly id: string;
  readonly name: string;
  readonly level: string;
  /** IDs from the organization down to the item, joined by "/". */
  readonly path: string;
}

/** Stable codes of the service findings. */
export type ServiceFindingCode =
  | "RESULT_UNKNOWN_SERVICE"
  | "RESULT_DUPLICATE"
  | "RESULT_NOT_NUMBER"
  | "RESULT_ABOVE_100"
  | "RESULT_OTHER_SCALE"
  | "RESULT_BAD_PERIOD"
  | "SUPPORTS_MISSING"
  | "SUPPORTS_NOT_SLA"
  | "OLA_HOURS_EXCEED"
  | "POOL_EXCEEDED"
  | "SIGMIN_NO_PENALTY"
  | "SERVICE_DUPLICATE"
  | "SERVICE_BAD_VALUE"
  | "SERVICE_UNKNOWN_ITEM"
  | "CONTRACT_BAD_VALUE"
  | "BONUS_ALLOCATION_EXCEEDED"
  | "POINTS_BAD_TABLE"
  | "POINTS_OTHER_SCALE"
  | "POINTS_TABLE_MISSING"
  | "POINTS_NOT_NAMED"
  | "PROCESS_BAD_ROW"
  | "EXPERIENCE_BAD_ROW"
  | "EXAMPLE_ROW"
  | "TEXT_CUT";

/** How much a finding matters (the register's scale): an error changes or blocks the money; a warning asks a person to look. */
export type { Severity };

/** A finding about the service sheets, naming the sheet and row. */
export interface ServiceFinding {
  readonly code: ServiceFindingCode;
  readonly severity: Severity;
  readonly sheet: string;
  /** 1-based row on that sheet (0 when it is about the sheet as a whole). */
  readonly row: number;
  /** The service (or action) the finding is about, "" when none. */
  readonly id: string;
  readonly message: string;
}

/** Everything the review reads, as plain data. */
export interface ServiceWorkbook {
  readonly services: readonly ServiceLevel[];
  readonly contract: Contract;
  /** Accepted results by service id, then by period key. */
  readonly results: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Every period key with at least one accepted result, ascending. */
  readonly periods: readonly string[];
  readonly actions: readonly ActionRecord[];
  /** Action IDs of new-contract's unedited example actions (left out of `actions`, never given again). */
  readonly exampleActionIds?: readonly string[];
  /** The 1-based row after the Actions sheet's last non-blank row (where appended actions go). */
  readonly actionsNextRow: number;
  /** The 0-based column of each published Actions column on the sheet, in published order. */
  /** 0-based columns of the Actions sheet's published columns (those it lacks: the next free ones). */
  readonly actionColumns: readonly number[];
  /** Indices (into ACTION_COLUMNS) of the columns an existing Actions sheet's header lacks. */
  readonly actionColumnsAppended: readonly number[];
  readonly register: readonly RegisterItem[];
  /** The Points sheet's band tables, when the Contract names it (Points Table) and it has bands: each service level's own, and the one for the rest. */
  readonly points?: { readonly byService: ReadonlyMap<string, PointsTable>; readonly all?: PointsTable };
  /** The Experience sheet by service id, then by period key (empty without the sheet). */
  readonly experience: ReadonlyMap<string, ReadonlyMap<string, ExperienceFigures>>;
  /** The business processes (Processes, Dependencies) and their cases (Process Cases). */
  readonly processes: ProcessBook;
  /** Findings of reading: rows the review could not use, contract and register problems. */
  readonly findings: readonly ServiceFinding[];
}
