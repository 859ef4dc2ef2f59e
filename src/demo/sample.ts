/**
 * A realistic client sheet for demos, end-to-end tests and benchmarks: one row per
 * initiative, messy-but-recognisable headers, several portfolios, stage gates L0..L4, and
 * (on request) the defects real client files carry. Pure and deterministic: the same options
 * always give the same table (a seeded generator, no Math.random, no clock).
 */
import { CellValue, SourceTable } from "../governance/model";

/** Options of the sample generator. */
export interface SampleOptions {
  /** Number of initiative rows. */
  readonly initiatives: number;
  /** Seed of the pseudo-random generator; the same seed gives the same table. */
  readonly seed: number;
  /** Plant a few defects (blank owner and controller, "tbd" amount, unknown stage, blank workstream, duplicate name). */
  readonly defects?: boolean;
}

/** Where the planted defects sit: 0-based data row indexes into `rows`, by kind. */
export interface SampleDefects {
  readonly blankOwner: number;
  readonly blankController: number;
  readonly textAmount: number;
  readonly unknownStage: number;
  readonly blankWorkstream: number;
  readonly duplicateName: number;
}

/** The client sheet's headers, as a consultant's spreadsheet might word them. */
export const SAMPLE_HEADERS: readonly string[] = [
  "Business Unit",
  "Workstream",
  "Project",
  "Lever",
  "Initiative (name)",
  "Owner",
  "Finance Contact",
  "SteerCo",
  "Stage",
  "Baseline Cost (EUR)",
  "Actual Cost (EUR)",
  "Target Savings (EUR)",
  "Forecast",
  "Due Date",
  "Done",
];

/** The sample's sheet name. */
export const SAMPLE_SHEET = "Initiatives";

/** The smallest sheet that carries every defect. */
export const SAMPLE_MIN_FOR_DEFECTS = 12;

const COL = {
  portfolio: 0,
  program: 1,
  project: 2,
  lever: 3,
  initiative: 4,
  owner: 5,
  controller: 6,
  committee: 7,
  stage: 8,
  baseline: 9,
  actual: 10,
  planned: 11,
  forecast: 12,
  due: 13,
  done: 14,
} as const;

/** Business units with their workstreams and projects. */
const CATALOGUE: readonly { unit: string; streams: readonly { name: string; projects: readonly string[] }[] }[] = [
  {
    unit: "Operations",
    streams: [
      { name: "Procurement", projects: ["Vendor consolidation", "Indirect spend"] },
      { name: "Facilities", projects: ["Workplace footprint", "Energy"] },
    ],
  },
  {
    unit: "Technology",
    streams: [
      { name: "Cloud & Infrastructure", projects: ["Compute rightsizing", "Data centre exit"] },
      { name: "Applications", projects: ["Licence optimisation", "Application retirement"] },
    ],
  },
  {
    unit: "Commercial",
    streams: [
      { name: "Sales Operations", projects: ["Channel mix", "Pricing discipline"] },
      { name: "Marketing", projects: ["Agency roster", "Media efficiency"] },
    ],
  },
  {
    unit: "Corporate Functions",
    streams: [
      { name: "Finance Transformation", projects: ["Shared services", "Close acceleration"] },
      { name: "People", projects: ["Contractor conversion", "Travel policy"] },
    ],
  },
];

const LEVERS = ["Demand management", "Price renegotiation", "Specification change", "Automation", "Insourcing"];
const ACTIONS = ["Renegotiate", "Consolidate", "Retire", "Automate", "Rightsize", "Standardise", "Offshore", "Cap"];
const OBJECTS = [
  "print fleet",
  "mobile contracts",
  "cloud reservations",
  "consulting panel",
  "office leases",
  "freight lanes",
  "software seats",
  "helpdesk tiers",
  "data feeds",
  "fleet vehicles",
  "event budgets",
  "temp staffing",
];
const OWNERS = ["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Kowalski", "Elif Demir", "Farid Haddad", "Greta Lund"];
const CONTROLLERS = ["Carla Controller", "Hugo Brandt", "Ines Costa", "Jonas Meyer"];

/** How each stage is typed in the sample, several spellings per gate, all readable by the upgrade. */
const STAGE_SPELLINGS: readonly (readonly string[])[] = [
  ["L0", "Idea", "L0 Idea"],
  ["L1", "Identified", "l1 identified"],
  ["L2", "Validated", "L2-Validated"],
  ["L3", "Implementing", "L3 Implementing"],
  ["L4", "Realised", "L4 Realized"],
];

/** Cumulative shares of L0..L4 (10%, 15%, 20%, 30%, 25%). */
const STAGE_SHARES = [0.1, 0.25, 0.45, 0.75, 1];

/** Serial of 2026-01-01. */
const YEAR_START = 46023;

/**
 * A seeded pseudo-random generator (mulberry32): uniform numbers in [0, 1).
 * @example const r = seededRandom(7); r() === seededRandom(7)() // => true
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Where the defects go for a sheet of `initiatives` rows (spread over the sheet, never on the
 * same row twice), or undefined when the sheet is too small to carry them all.
 */
export function sampleDefectRows(initiatives: number): SampleDefects | undefined {
  if (initiatives < SAMPLE_MIN_FOR_DEFECTS) return undefined;
  const at = (share: number) => Math.floor(initiatives * share);
  return {
    blankOwner: at(0.1),
    blankController: at(0.25),
    textAmount: at(0.4),
    unknownStage: at(0.55),
    blankWorkstream: at(0.7),
    duplicateName: at(0.85),
  };
}

/**
 * Generates a client sheet of initiatives. Realized measures (stage L4) reconcile exactly:
 * baseline - actual = planned and forecast = planned, so they can be closed as they are.
 * Amounts are whole euros; dates are Excel serials in 2026 and early 2027.
 * Cost: O(initiatives).
 * @param options - Row count, seed, and whether to plant defects.
 * @returns The sheet as plain data (header in row 1).
 * @example sampleClientSheet({ initiatives: 60, seed: 1 }).rows.length // => 60
 */
export function sampleClientSheet(options: SampleOptions): SourceTable {
  const random = seededRandom(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const usedNames = new Map<string, number>();
  const rows: CellValue[][] = [];

  for (let i = 0; i < options.initiatives; i++) {
    const unit = pick(CATALOGUE);
    const stream = pick(unit.streams);
    const project = pick(stream.projects);
    const lever = pick(LEVERS);
    // Names are unique under their lever; a repeat gets a wave number, as consultants do.
    let name = `${pick(ACTIONS)} ${pick(OBJECTS)}`;
    const parentKey = `${unit.unit}/${stream.name}/${project}/${lever}/${name}`;
    const seen = usedNames.get(parentKey) ?? 0;
    usedNames.set(parentKey, seen + 1);
    if (seen > 0) name = `${name} (wave ${seen + 1})`;

    const u = random();
    const gate = STAGE_SHARES.findIndex((share) => u < share);
    const baseline = int(20, 2000) * 1000;
    const planned = Math.round((baseline * int(5, 30)) / 100 / 500) * 500 || 500;
    let actual: number;
    let forecast: number;
    let due: number;
    let done: number | null = null;
    if (gate === 4) {
      actual = baseline - planned;
      forecast = planned;
      due = YEAR_START + int(0, 300);
      done = due - int(0, 20);
    } else {
      actual = gate === 3 ? baseline - Math.round((planned * int(0, 60)) / 100) : baseline;
      // Some forecasts slip well below plan: these become "Value at risk" in the dual status.
      forecast = Math.round((planned * int(55, 110)) / 100 / 500) * 500;
      due = YEAR_START + int(120, 480);
    }
    rows.push([
      unit.unit,
      stream.name,
      project,
      lever,
      name,
      pick(OWNERS),
      pick(CONTROLLERS),
      `${unit.unit} SteerCo`,
      pick(STAGE_SPELLINGS[gate]),
      baseline,
      actual,
      planned,
      forecast,
      due,
      done,
    ]);
  }

  const defects = options.defects ? sampleDefectRows(options.initiatives) : undefined;
  if (defects) {
    rows[defects.blankOwner][COL.owner] = null;
    rows[defects.blankController][COL.controller] = "";
    rows[defects.textAmount][COL.forecast] = "tbd";
    rows[defects.unknownStage][COL.stage] = "On hold";
    rows[defects.blankWorkstream][COL.program] = null;
    // The same initiative typed twice under one lever (copied line, edited figures).
    const copy = rows[defects.duplicateName - 1].slice();
    copy[COL.owner] = rows[defects.duplicateName][COL.owner];
    rows[defects.duplicateName] = copy;
  }
  return { sheet: SAMPLE_SHEET, headerRow: 1, headers: SAMPLE_HEADERS.slice(), rows };
}
