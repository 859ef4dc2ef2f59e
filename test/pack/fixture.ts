/**
 * Workbooks for the review pack's tests: the worked service month of test/service with a
 * register whose measures have money and milestones (one in every dual status worth
 * seeing), and a larger generated contract for the page-count and browser tests.
 */
import { CellValue, COLUMN_INDEX } from "../../src/governance/model";
import { REGISTER_HEADERS } from "../../src/governance/register";
import { sampleContract } from "../../src/service/sample";
import { SERVICE_SHEETS } from "../../src/service/model";
import { ACTIONS_HEADER, day, Grid, Grids, MAY, SERVICES, servicesGrid, workbook } from "../service/fixture";

/** The markup a hostile workbook could hold. */
export const MARKUP = `<img src=x onerror="alert(1)">`;

type Measure = {
  id: string;
  parent: string;
  name: string;
  due: string;
  done?: string;
  planned: number;
  forecast: number;
  confirmed?: number;
};

/** A register: an organization, two portfolios, and measures with money and milestones. */
export function moneyRegister(measures: readonly Measure[] = MEASURES): Grid {
  const row = (values: Partial<Record<keyof typeof COLUMN_INDEX, CellValue>>) => {
    const r: CellValue[] = REGISTER_HEADERS.map(() => null);
    for (const [k, v] of Object.entries(values)) r[COLUMN_INDEX[k as keyof typeof COLUMN_INDEX]] = v ?? null;
    return r;
  };
  return [
    REGISTER_HEADERS.slice(),
    row({ id: "ORG-001", level: "Organization", name: "Contoso", path: "ORG-001" }),
    row({ id: "PF-001", level: "Portfolio", parentId: "ORG-001", name: "Customer", path: "ORG-001/PF-001" }),
    row({ id: "PF-002", level: "Portfolio", parentId: "ORG-001", name: "Back office", path: "ORG-001/PF-002" }),
    ...measures.map((m) =>
      row({
        id: m.id,
        level: "Measure",
        parentId: m.parent,
        name: m.name,
        path: `ORG-001/${m.parent}/${m.id}`,
        due: day(m.due),
        done: m.done ? day(m.done) : null,
        planned: m.planned,
        forecast: m.forecast,
        confirmed: m.confirmed ?? null,
      }),
    ),
  ];
}

/** Measures judged as of 2026-06-05: on track, value at risk, delivery at risk, watch. */
export const MEASURES: readonly Measure[] = [
  { id: "M-0001", parent: "PF-001", name: "Desk consolidation", due: "2026-09-30", planned: 1000, forecast: 1000 },
  { id: "M-0002", parent: "PF-001", name: "Checkout rebuild", due: "2026-09-30", planned: 5000, forecast: 2000 },
  { id: "M-0003", parent: "PF-002", name: "Payroll outsourcing", due: "2026-03-31", planned: 3000, forecast: 3000 },
  {
    id: "M-0004",
    parent: "PF-002",
    name: "Print fleet",
    due: "2026-02-28",
    done: "2026-02-20",
    planned: 800.5,
    forecast: 900.25,
    confirmed: 850.1,
  },
];

/** Actions as of 2026-06-05: one 46 days late (level 3), one 16 (level 2), one 4 (level 1), one closed. */
export const ACTIONS: Grid = [
  ACTIONS_HEADER,
  [
    "A-0001",
    "SL-002",
    day("2026-04-01"),
    "Expected default",
    day("2026-04-06"),
    "Ola",
    day("2026-04-20"),
    "Open",
    null,
    null,
    null,
  ],
  [
    "A-0002",
    "SL-001",
    day("2026-04-01"),
    "Minimum",
    day("2026-05-06"),
    MARKUP,
    day("2026-05-20"),
    "In progress",
    null,
    null,
    null,
  ],
  [
    "A-0003",
    "SL-003",
    day("2026-04-01"),
    "Minimum",
    day("2026-05-18"),
    "Lee",
    day("2026-06-01"),
    "Open",
    null,
    null,
    null,
  ],
  [
    "A-0004",
    "SL-004",
    day("2026-04-01"),
    "Minimum",
    day("2026-03-06"),
    "Lee",
    day("2026-03-20"),
    "Done",
    "fixed",
    null,
    null,
  ],
];

/** The worked month (test/service) with the money register, and optionally a service named with markup. */
export function packWorkbook(options: { markup?: boolean } = {}): Grids {
  const grids = workbook(MAY, ACTIONS);
  grids.set("Register", moneyRegister());
  if (options.markup) {
    const services = SERVICES.map((r) => r.slice());
    services[0][1] = MARKUP;
    grids.set(SERVICE_SHEETS.services, servicesGrid(services));
  }
  return grids;
}

/** A generated contract of `services` service levels and 12 months, with the money register. */
export function largeWorkbook(services: number, lastPeriod = "2026-05"): Grids {
  const sample = sampleContract({ lastPeriod, services, registerIds: ["PF-001", "PF-002"] });
  const grids: Grids = new Map();
  grids.set(SERVICE_SHEETS.services, sample.services);
  grids.set(SERVICE_SHEETS.contract, sample.contract);
  grids.set(SERVICE_SHEETS.results, sample.results);
  grids.set("Register", moneyRegister());
  return grids;
}

/**
 * A generated contract with experience and business processes at the pack's limits: every
 * service level gets an XLA Target of +20 and a net score in the last month (every seventh one
 * below its target), and 30 processes depend on five service levels each.
 */
export function largeBeyondWorkbook(services: number, lastPeriod = "2026-05"): Grids {
  const grids = largeWorkbook(services, lastPeriod);
  const header = grids.get(SERVICE_SHEETS.services)![0] as string[];
  const xla = header.indexOf("XLA Target");
  grids.set(
    SERVICE_SHEETS.services,
    grids.get(SERVICE_SHEETS.services)!.map((r, i) => (i === 0 ? r : r.map((v, c) => (c === xla ? 20 : v)))),
  );
  const ids = grids
    .get(SERVICE_SHEETS.services)!
    .slice(1)
    .map((r) => String(r[0]));
  const period = day(`${lastPeriod}-01`);
  grids.set("Experience", [
    ["Period", "Service ID", "Responses", "Net Score", "Lost Minutes", "Lost n"],
    ...ids.map((id, i) => [period, id, 40, i % 7 === 3 ? -35 + (i % 11) : 25 + (i % 13) * 5, null, 0]),
  ]);
  grids.set("Processes", [
    ["Process ID", "Process", "Owner", "Critical", "Value per Hour", "End-to-End Target Hours"],
    ...Array.from({ length: 30 }, (_, p) => [
      `P-${String(p + 1).padStart(3, "0")}`,
      `Process ${p + 1}`,
      "Owner",
      "No",
      null,
      null,
    ]),
  ]);
  grids.set("Dependencies", [
    ["Process ID", "Service ID"],
    ...Array.from({ length: 30 }, (_, p) =>
      Array.from({ length: 5 }, (_, k) => [`P-${String(p + 1).padStart(3, "0")}`, ids[(p * 7 + k * 3) % ids.length]]),
    ).flat(),
  ]);
  return grids;
}

/** The numbers of one of the pack's tables (`data-numbers`), by row key, as text. */
export function numbersOf(html: string, name: string): Map<string, string[]> {
  const start = html.indexOf(`data-numbers="${name}"`);
  if (start < 0) throw new Error(`no table ${name}`);
  const end = html.indexOf("</table>", start);
  const rows = new Map<string, string[]>();
  for (const m of html.slice(start, end).matchAll(/<tr data-key="([^"]*)">(.*?)<\/tr>/g)) {
    rows.set(
      unescape(m[1]),
      [...m[2].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => unescape(c[1])),
    );
  }
  return rows;
}

/** The headline figures, by key, as numbers. */
export function headlineOf(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/<div class="card" data-key="(\w+)"><dt>.*?<\/dt><dd>(.*?)<\/dd>/g))
    out[m[1]] = money(m[2]);
  return out;
}

/** "12,500.00" as 12500. */
export function money(text: string): number {
  return Number(text.replace(/,/g, ""));
}

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
