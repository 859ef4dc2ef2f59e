/**
 * The sheets the ticket clock writes, as plans for both adapters: the Tickets sheet (plain
 * values, replaced on each run) and the Results rows in the service review's layout, updated
 * in place in a governed workbook (keyed by period and service; other rows untouched).
 */
import { present } from "../governance/present";
import { CellValue, columnLetter } from "../governance/model";
import { PlannedCell, STATUS_COLOURS, SheetPlan } from "../governance/plan";
import { nameKey } from "../governance/values";
import { serialFromIso, serialToIso } from "../serial";
import { RESULT_COLUMNS, SERVICE_SHEETS } from "../service/model";
import { GroupRow, PeriodResult, TicketRow } from "./measure";
import { fitCells, fitRow } from "../cellText";

/** The sheets written: Tickets, and the service review's own Results sheet. */
export const TICKET_SHEETS = { tickets: "Tickets", results: SERVICE_SHEETS.results, groups: "Group Time" } as const;

/** The Tickets sheet's columns (public layout: new columns only appended). */
export const TICKETS_HEADERS = [
  "Ticket",
  "Priority",
  "Service ID",
  "Started",
  "Stopped",
  "Business Hours",
  "Paused Hours",
  "Target Hours",
  "Met",
  "State",
  "Period",
  "Priority Changes",
  "Breached At",
  "Warning",
  "Responded",
  "Response Hours",
  "Response Target Hours",
  "Response Met",
] as const;

/** The Group Time sheet's columns: one row per ticket and assignment group. */
export const GROUP_TIME_HEADERS = [
  "Ticket",
  "Group",
  "Assigned",
  "Held Hours",
  "Paused Hours",
  "Spells",
  "Target Hours",
  "Met",
] as const;

/** The Results sheet's columns: the service review's layout (src/service/model.ts). */
export const RESULTS_HEADERS: readonly string[] = RESULT_COLUMNS.map((c) => c.header);

/** The Source written on the Results rows the ticket clock produces. */
export const RESULTS_SOURCE = "tickets";

/** The Warning column's fills: Breached red, 75% amber (the status palette). */
const WARNING_FILLS = [
  ["Breached", STATUS_COLOURS.Red],
  ["75%", STATUS_COLOURS.Amber],
] as const;

/**
 * One ticket's row of the Tickets sheet, in the published column order.
 * @example ticketCells(outcome.tickets[0])[0] // => "INC1"
 */
export function ticketCells(t: TicketRow): PlannedCell[] {
  // Texts from the export (the ticket ID, the state) fit a cell: longer ones are cut and marked.
  return fitRow([
    t.ticket,
    t.priority || null,
    t.service,
    t.started,
    t.stopped,
    t.businessHours,
    t.pausedHours,
    t.targetHours,
    t.met,
    t.state,
    t.period,
    t.priorityChanges,
    t.breachedAt,
    t.warning,
    t.responded,
    t.responseHours,
    t.responseTargetHours,
    t.responseMet,
  ]);
}

/**
 * The Tickets sheet's plan without its ticket rows (header, formats, fills, widths) for a sheet
 * of `rows` tickets: what a streamed writer needs besides the rows themselves.
 * @example ticketsSheetHead(2).cells // => [TICKETS_HEADERS]
 */
export function ticketsSheetHead(rows: number): SheetPlan {
  const last = Math.max(2, rows + 1);
  return present(
    {
      name: TICKET_SHEETS.tickets,
      replace: true,
      cells: [[...TICKETS_HEADERS]],
      headerRows: [0],
      freezeRows: 1,
      formats: [
        { range: `D2:E${last}`, format: "yyyy-mm-dd hh:mm" },
        { range: `F2:H${last}`, format: "0.00" },
        { range: `K2:K${last}`, format: "yyyy-mm" },
        { range: `M2:M${last}`, format: "yyyy-mm-dd hh:mm" },
        { range: `O2:O${last}`, format: "yyyy-mm-dd hh:mm" },
        { range: `P2:Q${last}`, format: "0.00" },
      ],
      fills: WARNING_FILLS.map(([text, c]) => ({ range: `N2:N${last}`, text, fill: c.fill, font: c.font })),
      columnWidths: [16, 10, 12, 17, 17, 15, 13, 13, 7, 12, 10, 16, 17, 10, 17, 15, 21, 13],
    },
    // The rows are streamed after this head: the filter covers them all.
    { tableLastRow: rows },
  );
}

/**
 * The Tickets sheet: one row per ticket, plain values. The tickets breaching soon (running or
 * paused at 75% of their target or more, `breachingSoon`) come first, most consumed first, so
 * the sheet opens on them; the others follow in order of first appearance. Cost: O(tickets).
 * @param tickets - The measured tickets.
 * @param breachingSoon - Indices of the tickets to list first.
 * @example ticketsPlan(outcome.tickets).cells[0] // => the headers
 */
export function ticketsPlan(tickets: readonly TicketRow[], breachingSoon: readonly number[] = []): SheetPlan {
  const cells: PlannedCell[][] = [[...TICKETS_HEADERS]];
  const first = new Set(breachingSoon);
  for (const i of breachingSoon) cells.push(ticketCells(tickets[i]));
  for (let i = 0; i < tickets.length; i++) if (!first.has(i)) cells.push(ticketCells(tickets[i]));
  return { ...ticketsSheetHead(tickets.length), cells };
}

/**
 * One row of the Group Time sheet.
 * @example groupCells(outcome.groups[0])[1] // => "G1"
 */
export function groupCells(g: GroupRow): PlannedCell[] {
  return fitRow([g.ticket, g.group, g.from, g.heldHours, g.pausedHours, g.spells, g.targetHours, g.met]);
}

/**
 * The Group Time sheet's plan without its rows, for a sheet of `rows` rows.
 * @example groupTimeSheetHead(0).cells // => [GROUP_TIME_HEADERS]
 */
export function groupTimeSheetHead(rows: number): SheetPlan {
  const last = Math.max(2, rows + 1);
  return present(
    {
      name: TICKET_SHEETS.groups,
      replace: true,
      cells: [[...GROUP_TIME_HEADERS]],
      headerRows: [0],
      freezeRows: 1,
      formats: [
        { range: `C2:C${last}`, format: "yyyy-mm-dd hh:mm" },
        { range: `D2:E${last}`, format: "0.00" },
        { range: `G2:G${last}`, format: "0.00" },
      ],
      columnWidths: [16, 20, 17, 12, 13, 8, 13, 7],
    },
    // The rows are streamed after this head: the filter covers them all.
    { tableLastRow: rows },
  );
}

/**
 * The Group Time sheet: one row per ticket and assignment group, plain values. Cost: O(rows).
 * @example groupTimePlan([{ ticket: "INC1", group: "G2", heldHours: 1.5, targetHours: 1, met: false, ... }]).cells[1][7] // => false
 */
export function groupTimePlan(rows: readonly GroupRow[]): SheetPlan {
  return { ...groupTimeSheetHead(rows.length), cells: [[...GROUP_TIME_HEADERS], ...rows.map(groupCells)] };
}

/** One Results row: a service's attainment in a month. */
export interface ServiceResult {
  readonly periodSerial: number;
  readonly service: string;
  readonly result: number;
}

/**
 * Per month and service: the share of stopped tickets that met their target, over all the
 * priorities mapped to that service. Priorities without a service give no Results row.
 * @example serviceResults([{ periodSerial: 45352, service: "SL-001", measured: 4, met: 3, ... }]) // => [{ ..., result: 0.75 }]
 */
export function serviceResults(results: readonly PeriodResult[]): ServiceResult[] {
  const sums = new Map<string, { periodSerial: number; service: string; measured: number; met: number }>();
  for (const r of results) {
    if (r.service === null) continue;
    const key = `${r.periodSerial}\u0000${r.service}`;
    const s = sums.get(key) ?? { periodSerial: r.periodSerial, service: r.service, measured: 0, met: 0 };
    s.measured += r.measured;
    s.met += r.met;
    sums.set(key, s);
  }
  return [...sums.values()].map((s) => ({
    periodSerial: s.periodSerial,
    service: s.service,
    result: s.met / s.measured,
  }));
}

/** The month of a Period cell (a serial date or ISO text) as "YYYY-MM", or undefined. */
function monthKey(value: CellValue): string | undefined {
  const serial = typeof value === "number" ? value : typeof value === "string" ? serialFromIso(value) : undefined;
  if (serial === undefined || !Number.isFinite(serial)) return undefined;
  return serialToIso(Math.floor(serial)).slice(0, 7);
}

/**
 * The Results sheet with these results: on an existing sheet, the rows with the same month
 * and service ID get the new Result and Source, the other rows stay as they are, and new
 * pairs are appended; without one, a new sheet. Cost: O(rows + results).
 * @param existing - The Results sheet's cells (row 1 the header), or undefined.
 * @param results - The results to write.
 * @param sourceText - The Source written beside each result ("tickets"; the results command writes "report: FILE").
 * @returns The plan (the whole sheet's cells, so both adapters write the same rectangle) and
 *   how many rows were updated and appended.
 */
export function resultsPlan(
  existing: readonly (readonly CellValue[])[] | undefined,
  results: readonly ServiceResult[],
  sourceText: string = RESULTS_SOURCE,
): { plan: SheetPlan; updated: number; appended: number } {
  const header = existing?.[0]?.length ? existing[0].slice() : [...RESULTS_HEADERS];
  const col = (name: string, fallback: number) => {
    const i = header.findIndex((h) => typeof h === "string" && nameKey(h) === nameKey(name));
    return i >= 0 ? i : fallback;
  };
  const [period, service, result, source] = RESULTS_HEADERS.map((h, i) => col(h, i));
  const cells: PlannedCell[][] = [header];
  const rowOf = new Map<string, number>();
  for (let r = 1; r < (existing?.length ?? 0); r++) {
    const line = existing![r].slice();
    cells.push(line);
    const month = monthKey(line[period] ?? null);
    const id = line[service];
    if (month !== undefined && id !== null && id !== undefined && String(id).trim() !== "") {
      rowOf.set(`${month}\u0000${String(id).trim()}`, r);
    }
  }
  let updated = 0;
  let appended = 0;
  for (const res of results) {
    const key = `${monthKey(res.periodSerial)}\u0000${res.service}`;
    const r = rowOf.get(key);
    if (r !== undefined) {
      const line = cells[r];
      while (line.length < header.length) line.push(null);
      line[result] = res.result;
      line[source] = sourceText;
      updated++;
    } else {
      const line: PlannedCell[] = new Array(Math.max(header.length, 4)).fill(null);
      line[period] = res.periodSerial;
      line[service] = res.service;
      line[result] = res.result;
      line[source] = sourceText;
      rowOf.set(key, cells.length);
      cells.push(line);
      appended++;
    }
  }
  const last = Math.max(2, cells.length);
  const letter = columnLetter;
  return {
    plan: {
      name: TICKET_SHEETS.results,
      replace: existing === undefined,
      // A text longer than a cell holds (a service ID a report names) is cut and marked; the command reports it.
      cells: fitCells(cells),
      headerRows: [0],
      freezeRows: 1,
      formats: [
        { range: `${letter(period)}2:${letter(period)}${last}`, format: "yyyy-mm-dd" },
        { range: `${letter(result)}2:${letter(result)}${last}`, format: "0.0%" },
      ],
      columnWidths: existing === undefined ? [12, 12, 10, 12] : undefined,
    },
    updated,
    appended,
  };
}
