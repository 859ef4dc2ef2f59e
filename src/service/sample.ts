/**
 * A realistic service contract for the demo, the tests and the benchmark: service levels
 * (SLAs, OLAs supporting one, a UC; three critical with Significant Minimums), the contract's
 * parameters, and months of results, mostly green with the odd miss, First-call resolution
 * below its Minimum three months before the last, and (on request) a watermelon last month:
 * every service level at its Minimum or better but Payroll (critical) below its Significant
 * Minimum. Pure and deterministic (a seeded generator, no clock).
 */
import { seededRandom } from "../demo/sample";
import { CellValue } from "../governance/model";
import { SheetPlan } from "../governance/plan";
import { present } from "../governance/present";
import { CONTRACT_PARAMETERS, RESULT_COLUMNS, SERVICE_COLUMNS, SERVICE_SHEETS } from "./model";
import { BUSINESS_PROCESS_SHEETS, DEPENDENCY_COLUMNS, PROCESS_COLUMNS } from "./processes";
import { monthsEnding, periodSerial } from "./period";
import { inputSheetFormats } from "./plan";

/** Options of {@link sampleContract}. */
export interface ContractSampleOptions {
  /** The last period, "YYYY-MM". */
  readonly lastPeriod: string;
  /** Months of results, ending with the last period (default 12). */
  readonly months?: number;
  /** Service levels (default 12: the hand-written ones; more are generated like them). */
  readonly services?: number;
  /** Register IDs the service levels put at risk, used in turn (default none). */
  readonly registerIds?: readonly string[];
  /** Make the last period a watermelon month (default true). */
  readonly watermelon?: boolean;
  readonly seed?: number;
}

type Template = readonly [
  service: string,
  process: string,
  provider: string,
  agreement: string,
  supports: string | null,
  metric: string,
  unit: string,
  direction: string,
  expected: number,
  minimum: number,
  sigmin: number | null,
  allocation: number | null,
  penalty: number | null,
  targetHours: number | null,
  owner: string,
];

/** The twelve service levels of the demo contract. */
const TEMPLATES: readonly Template[] = [
  [
    "Service Desk",
    "Record to report",
    "Contoso Services",
    "SLA",
    null,
    "Desk availability",
    "%",
    ">=",
    0.995,
    0.99,
    0.97,
    0.25,
    15000,
    8,
    "Dana Delivery",
  ],
  [
    "Major incidents",
    "Order to cash",
    "Contoso Services",
    "SLA",
    null,
    "P1 resolved in time",
    "%",
    ">=",
    0.95,
    0.9,
    0.8,
    0.25,
    10000,
    4,
    "Ivan Incident",
  ],
  [
    "Payroll",
    "Hire to retire",
    "Contoso Services",
    "SLA",
    null,
    "Payslips correct",
    "%",
    ">=",
    0.999,
    0.995,
    0.99,
    0.2,
    20000,
    null,
    "Paula Payroll",
  ],
  [
    "Order processing",
    "Order to cash",
    "Contoso Services",
    "SLA",
    null,
    "Orders processed same day",
    "%",
    ">=",
    0.98,
    0.95,
    null,
    0.2,
    null,
    null,
    "Omar Orders",
  ],
  [
    "First-call resolution",
    "Record to report",
    "Contoso Services",
    "SLA",
    null,
    "Calls resolved at first contact",
    "%",
    ">=",
    0.75,
    0.7,
    null,
    0.15,
    null,
    null,
    "Dana Delivery",
  ],
  [
    "Checkout latency",
    "Order to cash",
    "Contoso Services",
    "SLA",
    null,
    "p95 page time",
    "seconds",
    "<=",
    2,
    3,
    null,
    0.15,
    null,
    null,
    "Lee Latency",
  ],
  [
    "Network restore",
    "Order to cash",
    "Internal IT Networks",
    "OLA",
    "SL-002",
    "Time to restore",
    "hours",
    "<=",
    2,
    3,
    null,
    null,
    null,
    2,
    "Nina Network",
  ],
  [
    "Database restore",
    "Order to cash",
    "Internal IT Databases",
    "OLA",
    "SL-002",
    "Time to restore",
    "minutes",
    "<=",
    60,
    90,
    null,
    null,
    null,
    1,
    "Dirk Database",
  ],
  [
    "Hosting",
    "Record to report",
    "Fabrikam Hosting",
    "UC",
    "SL-001",
    "Platform availability",
    "%",
    ">=",
    0.999,
    0.995,
    null,
    null,
    null,
    4,
    "Hana Hosting",
  ],
  [
    "Report delivery",
    "Record to report",
    "Contoso Services",
    "SLA",
    null,
    "Reports on time",
    "%",
    ">=",
    0.98,
    0.95,
    null,
    0.1,
    null,
    null,
    "Rita Reports",
  ],
  [
    "Change success",
    "Record to report",
    "Contoso Services",
    "SLA",
    null,
    "Changes without incident",
    "%",
    ">=",
    0.97,
    0.95,
    null,
    0.1,
    null,
    null,
    "Carl Change",
  ],
  [
    "Security patching",
    "Record to report",
    "Contoso Services",
    "SLA",
    null,
    "Critical patches in time",
    "%",
    ">=",
    0.95,
    0.9,
    null,
    0.1,
    null,
    null,
    "Sara Security",
  ],
];

/** The contract sheets as grids: Services, Contract, Results, Points. */
export interface ContractSample {
  readonly services: CellValue[][];
  readonly contract: CellValue[][];
  readonly results: CellValue[][];
  /** The band tables the Contract's Points Table names (Threshold, Points, Service ID). */
  readonly points: CellValue[][];
}

/** GOV.SERVICE_POINTS' worked bands: the table for every service level without its own. */
const SHARED_BANDS: readonly CellValue[][] = [
  [0.99, 0, null],
  [0.98, 1, null],
  [0.97, 2, null],
  [0.96, 3, null],
  ["below 96%", 4, null],
];

/**
 * The demo's Points sheet: the worked bands for the service levels whose Minimum is 99% or
 * more, and a table of its own for each other one (another unit, or lower targets): at
 * Expected 0 points, at Minimum 1, at Significant Minimum 2, worse 4.
 */
function pointsGrid(ids: readonly string[], templates: readonly Template[]): CellValue[][] {
  const rows: CellValue[][] = [["Threshold", "Points", "Service ID"], ...SHARED_BANDS.map((r) => r.slice())];
  templates.forEach((t, i) => {
    const [, , , , , , unit, direction, expected, minimum, sigmin] = t;
    if (unit === "%" && minimum >= 0.99) return;
    const worst = sigmin ?? minimum;
    const shown = unit === "%" ? `${round(worst * 100, 2)}%` : `${worst} ${unit}`;
    rows.push([expected, 0, ids[i]], [minimum, 1, ids[i]]);
    if (sigmin !== null) rows.push([sigmin, 2, ids[i]]);
    rows.push([`${direction === ">=" ? "below" : "above"} ${shown}`, 4, ids[i]]);
  });
  return rows;
}

const round = (n: number, places: number) => Number(n.toFixed(places));

/**
 * Generates a contract and its results.
 * @example sampleContract({ lastPeriod: "2026-05" }).services.length // => 13 (header + 12)
 */
export function sampleContract(options: ContractSampleOptions): ContractSample {
  const random = seededRandom(options.seed ?? 7);
  const count = options.services ?? TEMPLATES.length;
  const periods = monthsEnding(options.lastPeriod, options.months ?? 12);
  const ids = Array.from({ length: count }, (_, i) => `SL-${String(i + 1).padStart(count > 999 ? 4 : 3, "0")}`);
  // Generated service levels beyond the twelve share the pool, so the contract stays valid.
  const scale = count > TEMPLATES.length ? TEMPLATES.length / count : 1;
  const services: CellValue[][] = [SERVICE_COLUMNS.map((c) => c.header)];
  const templates: Template[] = [];
  for (let i = 0; i < count; i++) {
    const t = TEMPLATES[i % TEMPLATES.length];
    templates.push(t);
    const block = Math.floor(i / TEMPLATES.length) * TEMPLATES.length;
    const supports = t[4] === null ? null : ids[block + Number(t[4].slice(3)) - 1];
    const registerIds = options.registerIds ?? [];
    services.push([
      ids[i],
      i < TEMPLATES.length ? t[0] : `${t[0]} ${Math.floor(i / TEMPLATES.length) + 1}`,
      t[1],
      t[2],
      t[3],
      supports,
      t[5],
      t[6],
      t[7],
      t[8],
      t[9],
      t[10],
      t[11] === null ? null : round(t[11] * scale, 8),
      t[12],
      t[13],
      t[14],
      registerIds.length && t[3] === "SLA" ? registerIds[i % registerIds.length] : null,
      // The reward side and experience targets (appended columns): Order processing earns a
      // bonus at 99% same-day; Service Desk's users expect a net score of +20.
      i === 3 ? 0.99 : null,
      i === 3 ? 0.5 : null,
      i === 0 ? 20 : null,
      i === 0 ? 15 : null,
    ]);
  }
  const results: CellValue[][] = [RESULT_COLUMNS.map((c) => c.header)];
  const last = periods.length - 1;
  periods.forEach((period, p) => {
    const serial = periodSerial(period);
    templates.forEach((t, i) => {
      const [, , , , , , unit, direction, expected, minimum, sigmin] = t;
      const higher = direction === ">=";
      const span = Math.abs(minimum - expected) || 0.01;
      // Mostly at or better than Expected; now and then between Minimum and Expected; rarely below Minimum.
      const u = random();
      let value =
        u < 0.8
          ? expected + (higher ? 1 : -1) * span * random() * 0.8
          : u < 0.97
            ? expected - (higher ? 1 : -1) * span * random()
            : minimum - (higher ? 1 : -1) * span * 0.5;
      // Three months before the last, First-call resolution misses its Minimum (a credit and an action to follow).
      if (p === last - 3 && i === 4) value = minimum - 0.02;
      // That month Order processing reaches its Stretch (99%): a bonus earned.
      if (p === last - 3 && i === 3) value = 0.995;
      if (options.watermelon !== false && p === last) {
        // The watermelon month: everything at least at Minimum, one critical service below its SigMin.
        if (i === 2 && sigmin !== null) value = sigmin - 0.005;
        else if (higher ? value < minimum : value > minimum) value = expected;
      }
      if (unit === "%") value = Math.min(1, Math.max(0, value));
      results.push([
        serial,
        ids[i],
        round(Math.max(0, value), unit === "%" ? 4 : 2),
        p === last ? "Monthly service report" : "Service report",
      ]);
    });
  });
  const contract: CellValue[][] = CONTRACT_PARAMETERS.map((p) => [
    p.label,
    p.key === "monthlyCharges"
      ? 250000
      : p.key === "atRiskPct"
        ? 0.12
        : p.key === "bonusPool"
          ? 5000
          : p.key === "currency"
            ? "EUR"
            : p.key === "pointsTable"
              ? SERVICE_SHEETS.points
              : p.default,
  ]);
  return { services, contract, results, points: pointsGrid(ids, templates) };
}

/** The demo's business processes and the service levels (0-based template index) each depends on. */
const DEMO_PROCESSES: readonly { row: CellValue[]; deps: number[] }[] = [
  { row: ["P-001", "Order-to-Cash", "Omar Orders", "Yes", 2000, 48], deps: [1, 3, 5] },
  { row: ["P-002", "Record-to-Report", "Dana Delivery", "No", null, null], deps: [0, 4] },
  { row: ["P-003", "Hire-to-Retire", "Paula Payroll", "Yes", null, null], deps: [2] },
];

/**
 * A survey of a month (one response per row: time, service, score on 0-10, lost minutes):
 * Service Desk's users are unhappy (net score -20 against its XLA Target of +20), the other
 * services' users happy. Deterministic.
 * @example surveyCsv(sampleContract({ lastPeriod: "2026-05" }), "2026-05").split("\n")[0] // => "Submitted,Service ID,Score,Lost Minutes"
 */
export function surveyCsv(sample: ContractSample, period: string): string {
  const lines = ["Submitted,Service ID,Score,Lost Minutes"];
  const ids = sample.services.slice(1, 6).map((r) => String(r[0]));
  ids.forEach((id, k) => {
    for (let i = 0; i < 40; i++) {
      const day = String((i % 28) + 1).padStart(2, "0");
      // Service Desk: 8 positive, 16 neutral, 16 negative of 40: net -20. The others: +60.
      const score = k === 0 ? (i < 8 ? 9 : i < 24 ? 7 : 3) : i < 28 ? 10 : i < 36 ? 8 : 5;
      const lost = k === 0 ? 20 + (i % 3) * 5 : 5;
      lines.push(`${period}-${day} 10:${String(i % 60).padStart(2, "0")},${id},${score},${lost}`);
    }
  });
  return lines.join("\n") + "\n";
}

/**
 * The contract sheets as plans (headers drawn, dates and percentages formatted).
 * @param sample - A generated contract.
 * @returns The Services, Contract, Processes, Dependencies, Results and Points plans.
 * @example contractSheetPlans(sampleContract({ lastPeriod: "2026-05" }))[0].name // => "Services"
 */
export function contractSheetPlans(sample: ContractSample): SheetPlan[] {
  const n = sample.services.length;
  const formats = inputSheetFormats(sample.services, sample.results, sample.contract, sample.points);
  return [
    present({
      name: SERVICE_SHEETS.services,
      replace: true,
      cells: sample.services,
      headerRows: [0],
      freezeRows: 1,
      formats: formats.services,
    }),
    present(
      { name: SERVICE_SHEETS.contract, replace: true, cells: sample.contract, formats: formats.contract },
      { noFilter: true },
    ),
    present({
      name: BUSINESS_PROCESS_SHEETS.processes,
      replace: true,
      cells: [PROCESS_COLUMNS.map((c) => c.header), ...DEMO_PROCESSES.map((p) => p.row)],
      headerRows: [0],
      freezeRows: 1,
    }),
    present({
      name: BUSINESS_PROCESS_SHEETS.dependencies,
      replace: true,
      cells: [
        DEPENDENCY_COLUMNS.map((c) => c.header),
        ...DEMO_PROCESSES.flatMap((p) =>
          p.deps.filter((i) => i < n - 1).map((i) => [p.row[0], sample.services[i + 1][0]]),
        ),
      ],
      headerRows: [0],
      freezeRows: 1,
    }),
    present({
      name: SERVICE_SHEETS.results,
      replace: true,
      cells: sample.results,
      headerRows: [0],
      freezeRows: 1,
      formats: [{ range: `A2:A${Math.max(2, sample.results.length)}`, format: "yyyy-mm-dd" }, ...formats.results],
    }),
    present({
      name: SERVICE_SHEETS.points,
      replace: true,
      cells: sample.points,
      headerRows: [0],
      freezeRows: 1,
      formats: formats.points,
    }),
  ];
}
