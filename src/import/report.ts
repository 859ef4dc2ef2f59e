/**
 * Results from a client's own SLA report: monthly results in a long layout (one row per
 * period, service and value) or a wide one (services as rows and months as columns, or months
 * as rows and services as columns), matched to the workbook's service levels and read on each
 * service level's scale. Percentages typed as 95, 95% or 0.95 all mean 0.95 on a `%` service
 * level; a value that could be either (0.95 beside 97 for the same service) is rejected, never
 * guessed. Pure: the command line reads the files and writes the Results rows.
 */
import { CellValue, columnLetter, textOf } from "../governance/model";
import { sameScale } from "../credits/scale";
import { ColumnChoice, ColumnPlan, ColumnSuggestion, foldHeader, headerScore, planColumns } from "./columns";
import { ContentKind, readsAsDate, shareFits, withContentSuggestions } from "./content";
import { DateOrder, inferDateOrder, orderNote, readDateSerial, settleDateOrder } from "./dates";
import { foldValue } from "./valueMaps";
import { serialFromIso } from "../serial";
import { importMessages } from "../errors";
import { DecimalMark, readAmount } from "../governance/values";

/** The fields of a long report. */
export const REPORT_FIELDS = ["period", "service", "value"] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** Folded headers that name each field. */
export const REPORT_SYNONYMS: Readonly<Record<ReportField, readonly string[]>> = {
  period: ["month", "reporting period", "reporting month", "date", "period start"],
  service: ["service id", "sla id", "service level", "service level id", "sla", "kpi", "metric", "service", "id"],
  value: ["result", "actual", "achieved", "attainment", "performance", "measured", "score", "achievement"],
};

/** A service level as the report is matched and scaled against it. */
export interface ReportService {
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  readonly thresholds: readonly number[];
}

/** One result read from the report. */
export interface ReportResult {
  readonly periodSerial: number;
  readonly service: string;
  readonly result: number;
  /** Where it was read ("row 5", "C7"), for the preview. */
  readonly at: string;
  /** The value as typed. */
  readonly typed: string;
}

/** What a report gives. */
export interface ReportReading {
  readonly layout: "long" | "services as rows" | "months as rows";
  readonly results: ReportResult[];
  readonly rejected: { at: string; reason: string }[];
  /** A refusal of the whole report (no layout found, an ambiguous date column), or "". */
  readonly refusal: string;
  /**
   * What was understood, for the preview: which columns were read as what (`period: "Month"
   * (A)`, an accepted suggestion marked so), and for a long report how its dates were read.
   * Empty with a refusal.
   */
  readonly understood: string[];
  /**
   * Columns offered for a long report's fields but not applied: a header that starts with a
   * field's synonym, or a column whose values are months, the workbook's service levels or
   * numbers. Used only when confirmed (`--map`, or `acceptSuggestions`); none for a wide layout.
   */
  readonly suggestions: ColumnSuggestion[];
  /** With a refusal: the problems of the user's column choices (unknown field, header not found, a column twice). */
  readonly problems: string[];
  /** With a refusal: the long layout's fields no column feeds, when no layout was found. */
  readonly unmapped: ReportField[];
  /**
   * Without a refusal, for a mapping file (`--save-mapping`): the columns the fields were read
   * from (exact headers, choices, accepted suggestions), the fields left unmapped on purpose
   * (`FIELD=`), and a long report's day/month order, given or inferred.
   */
  readonly read?: {
    readonly columns: Readonly<Partial<Record<ReportField, number>>>;
    readonly cleared: readonly ReportField[];
    readonly dateOrder?: DateOrder;
  };
}

/** How a report is read: the user's `--map` choices, `--date-order`, `--decimal`, `--accept-suggestions`. */
export interface ReportOptions {
  readonly choices?: readonly ColumnChoice[];
  readonly dateOrder?: DateOrder;
  /** The decimal mark of values typed as text; without it the text decides, and "1.250" is rejected as ambiguous. */
  readonly decimal?: DecimalMark;
  /**
   * The report's own names for service levels (`--service-map`, a mapping file's
   * `values.service`): folded name to Service ID. A name it gives is matched before IDs and names.
   */
  readonly serviceMap?: ReadonlyMap<string, string>;
  readonly acceptSuggestions?: boolean;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * The first day (a serial) of the month a cell names: a date, `2024-03`, `03/2024`, `2024/03`,
 * `Mar 2024`, `March-24`... Cost: O(length).
 * @example readMonth("Mar 2024") // => 45352
 * @example readMonth("2024-03-17") // => 45352
 */
export function readMonth(value: CellValue | undefined, order?: DateOrder): number | undefined {
  const first = (y: number, m: number) =>
    m >= 1 && m <= 12 && y >= 1900 && y <= 9999 ? serialFromIso(`${y}-${String(m).padStart(2, "0")}-01`) : undefined;
  if (typeof value === "string") {
    const t = value.trim().toLowerCase();
    let m = /^(\d{4})[-/.](\d{1,2})$/.exec(t);
    if (m) return first(+m[1], +m[2]);
    m = /^(\d{1,2})[-/.](\d{4})$/.exec(t);
    if (m) return first(+m[2], +m[1]);
    m = /^([a-z]{3,9})\.?[\s\-/']*(\d{2}|\d{4})$/.exec(t);
    if (m) {
      const month = MONTHS.findIndex((name) => m![1].startsWith(name)) + 1;
      const year = m[2].length === 2 ? 2000 + +m[2] : +m[2];
      return month > 0 ? first(year, month) : undefined;
    }
  }
  const serial = readDateSerial(value, order);
  if (serial === undefined) return undefined;
  const iso = new Date((Math.floor(serial) - 25569) * 86_400_000).toISOString();
  return first(+iso.slice(0, 4), +iso.slice(5, 7));
}

/**
 * What a long report's column content suggests when no header names the field (see
 * src/import/content.ts): months (text such as "Mar 2024", or dates), the workbook's service
 * levels by ID or name, numbers (typed as 95, 95% or 0.95; a column of date serials is months,
 * never results).
 */
function reportKinds(serviceOf: (v: CellValue | undefined) => ReportService | undefined): ContentKind<ReportField>[] {
  return [
    {
      name: "months",
      fields: ["period"],
      fits: shareFits((v) => (typeof v === "string" && readMonth(v) !== undefined) || readsAsDate(v)),
    },
    {
      name: "the workbook's service levels",
      fields: ["service"],
      fits: shareFits((v) => serviceOf(v as CellValue) !== undefined),
    },
    {
      name: "numbers",
      fields: ["value"],
      fits: shareFits((v) => readValue(v as CellValue) !== undefined && !readsAsDate(v)),
    },
  ];
}

/**
 * The columns of a long report: exact headers applied, the user's choices on top, partial
 * headers and column content suggested (applied only with `accept`). Cost: O(fields x
 * synonyms x headers + sampled cells).
 * @example reportColumns(["Reporting month start", "SLA", "Achieved"], rows, services, [], false).suggestions[0].field // => "period"
 */
export function reportColumns(
  headers: readonly string[],
  body: readonly (readonly CellValue[])[],
  services: readonly ReportService[],
  choices: readonly ColumnChoice[],
  accept: boolean,
  serviceMap?: ReadonlyMap<string, string>,
): ColumnPlan<ReportField> {
  const plan = planColumns(headers, choices, REPORT_FIELDS, REPORT_SYNONYMS, accept);
  if (plan.problems.length) return plan;
  return withContentSuggestions(plan, body, reportKinds(serviceMatcher(services, serviceMap)), accept);
}

/**
 * Finds a report's service (a cell, or a header) among the workbook's: by the report's own name
 * for it when the service map gives one, else by ID, else by name, case and spacing aside.
 */
function serviceMatcher(
  services: readonly ReportService[],
  serviceMap?: ReadonlyMap<string, string>,
): (v: CellValue | undefined) => ReportService | undefined {
  const byId = new Map(services.map((s) => [foldValue(s.id), s]));
  const byName = new Map(services.filter((s) => s.name).map((s) => [foldValue(s.name), s]));
  return (v) => {
    const key = foldValue(v);
    const mapped = serviceMap?.get(key);
    return (mapped === undefined ? undefined : byId.get(foldValue(mapped))) ?? byId.get(key) ?? byName.get(key);
  };
}

/**
 * The month a cell of a wide layout's month headers (or first column) names: as `readMonth`,
 * but a number only when it is a date serial of 2000..2049, so a header row of results (97.5)
 * or a first column of counts is never a row of months of 1900.
 * @example layoutMonth(97.5) // => undefined
 */
function layoutMonth(value: CellValue | undefined): number | undefined {
  return typeof value === "number" && !readsAsDate(value) ? undefined : readMonth(value);
}

/** A value cell as read: the number, or its two readings when its one mark could be either; and whether it was typed with a percent sign. */
type ValueReading =
  | { readonly n: number; readonly percent: boolean }
  | { readonly asDecimal: number; readonly asThousands: number; readonly mark: DecimalMark; readonly percent: boolean };

/**
 * A value cell: a number, or text of digits with `.` or `,` and an optional `%`, read by the
 * one amount reader (src/governance/values.ts) with the report's decimal mark. Without one,
 * "97,5" and "1,250.5" say their mark but "1.250" has two readings (returned as such, never
 * guessed). Cost: O(length).
 */
function readValue(value: CellValue | undefined, decimal?: DecimalMark): ValueReading | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? { n: value, percent: false } : undefined;
  if (typeof value !== "string") return undefined;
  const t = value.replace(/[\s\u00a0\u202f]/g, "");
  const percent = t.endsWith("%");
  const body = percent ? t.slice(0, -1) : t;
  // Digits and marks only: a result is no amount of money ("$99" and "(5)" are not results).
  if (!/^-?\d[\d.,]*$/.test(body)) return undefined;
  const reading = readAmount(body, decimal);
  if (reading.kind === "amount") return { n: reading.value, percent };
  if (reading.kind === "ambiguous") return { ...reading, percent };
  return undefined;
}

/** Why a value cell is not read: its two readings, the other decimal mark than the one given, or no number. */
function unreadValue(typed: string, service: string, decimal: DecimalMark | undefined, v: ValueReading | undefined) {
  if (v && "mark" in v) return importMessages.ambiguousValue(typed, service, v.mark, v.asThousands, v.asDecimal);
  const other = decimal !== undefined && readValue(typed) !== undefined;
  return other ? importMessages.otherDecimalMark(typed, decimal) : importMessages.notANumber(typed);
}

/** A row that could head a report, as a tie names it: its sheet row (from 1) and its texts. */
export interface HeaderCandidate {
  readonly row: number;
  readonly headers: readonly string[];
}

/** The header row found (0-based in the grid), or the rows that tie for it. */
export type ReportHeader = { readonly row: number } | { readonly tie: readonly HeaderCandidate[] };

/**
 * Finds the header row of a client's SLA report among its first `limit` rows, from what a
 * header row looks like rather than from which row holds the most field words (a data row of
 * "Service Desk | Achieved | 99%" names more of them than "Service Level Agreement | Measure |
 * Jan 2024"; a "Reporting month | Mar 2024" line above the table names as many as its header).
 * A header row is text: two cells or more, none a value (a number, `99.5%`; a month such as
 * `Jan 2024` or a date cell is text here), with data (a row holding a value) below it. Of those rows the one naming the report most strongly is the
 * header: a header that is exactly a field's word counts two, one that starts with one counts
 * one (as every importer scores headers), and two more for each month after the first column (a
 * wide report's months), each workbook service level after it (months as rows) and each header
 * the user chose (`--map`, a mapping file). Rows that tie are returned to be named, never settled
 * by position. With no evidence at all, the text row just above the first data row (else the
 * first filled row) is used: its columns are then only suggested.
 * Cost: O(limit x (cells + fields x synonyms + choices)) plus the rows scanned from the end for the last value.
 * @param grid - The report's rows from row 1.
 * @param services - The workbook's service levels.
 * @param options - The user's column choices (their headers count as evidence) and service map.
 * @param limit - How many rows to search.
 * @returns The row (0-based), or the tied rows; undefined for a grid without a filled row.
 * @example findReportHeader([["Reporting month", "Mar 2024"], [], ["Service", "Jan 2024", "Feb 2024"], ["SL-001", "99%", "98%"]], services) // => { row: 2 }
 */
export function findReportHeader(
  grid: readonly (readonly CellValue[])[],
  services: readonly ReportService[],
  options: Pick<ReportOptions, "choices" | "serviceMap"> = {},
  limit = 20,
): ReportHeader | undefined {
  const serviceOf = serviceMatcher(services, options.serviceMap);
  const filled = (v: CellValue | undefined) => textOf(v ?? null) !== "";
  const isValue = (v: CellValue | undefined) =>
    filled(v) && typeof v !== "boolean" && layoutMonth(v) === undefined && readValue(v) !== undefined;
  const isData = (line: readonly CellValue[] | undefined) => !!line?.some(isValue);
  const chosen = (options.choices ?? [])
    .map((c) => foldHeader(c.header))
    .filter((h) => h !== "" && !/^col [a-z]{1,3}$/.test(h));
  // Only a row above some data can head it.
  let lastData = grid.length - 1;
  while (lastData >= 0 && !isData(grid[lastData])) lastData--;
  const rows = Math.min(limit, grid.length);
  const eligible: { row: number; points: number }[] = [];
  for (let r = 0; r < rows; r++) {
    const line = grid[r] ?? [];
    if (line.filter(filled).length < 2 || isData(line) || r > lastData) continue;
    const texts = line.map((v) => (typeof v === "string" ? v : ""));
    let points = headerScore(texts, REPORT_FIELDS, REPORT_SYNONYMS);
    line.forEach((v, c) => {
      if (c > 0 && (layoutMonth(v) !== undefined || serviceOf(v))) points += 2;
    });
    const folded = new Set(texts.map(foldHeader));
    points += 2 * chosen.filter((h) => folded.has(h)).length;
    eligible.push({ row: r, points });
  }
  const best = Math.max(0, ...eligible.map((e) => e.points));
  const top = eligible.filter((e) => e.points === best);
  if (best > 0 && top.length > 1) {
    return { tie: top.map((e) => ({ row: e.row + 1, headers: (grid[e.row] ?? []).map((v) => textOf(v)) })) };
  }
  if (best > 0) return { row: top[0].row };
  const firstData = grid.findIndex((line) => isData(line));
  const aboveData = eligible.filter((e) => firstData < 0 || e.row < firstData).pop();
  if (aboveData) return { row: aboveData.row };
  const first = grid.slice(0, rows).findIndex((line) => line.some(filled));
  return first < 0 ? undefined : { row: first };
}

/**
 * Reads a report. Cost: O(cells).
 * @param grid - The report's cells from its header row down (row 0 the headers).
 * @param headerRow - The sheet row of the headers (for positions in messages).
 * @param services - The workbook's service levels.
 * @param options - The user's `--map` choices, `--date-order` and `--accept-suggestions`.
 * @returns The results, the rejected values with reasons, or a refusal (with the mapping's
 *   problems, or the fields no column feeds and the suggestions, for the caller to name).
 * @example readReport([["Month", "SLA", "Achieved"], ["Jan 2024", "SL-001", "99%"]], 1, services).results[0].result // => 0.99
 */
export function readReport(
  grid: readonly (readonly CellValue[])[],
  headerRow: number,
  services: readonly ReportService[],
  options: ReportOptions = {},
): ReportReading {
  const headers = (grid[0] ?? []).map((h) => textOf(h));
  const body = grid.slice(1);
  const serviceOf = serviceMatcher(services, options.serviceMap);
  const raw: { periodSerial: number; service: ReportService; cell: CellValue; at: string }[] = [];
  const rejected: { at: string; reason: string }[] = [];
  const plan = reportColumns(
    headers,
    body,
    services,
    options.choices ?? [],
    !!options.acceptSuggestions,
    options.serviceMap,
  );
  let layout: ReportReading["layout"];
  const understood: string[] = [];
  const none = { suggestions: [], problems: [], unmapped: [] };
  const column = (field: ReportField, c: number) =>
    importMessages.reportColumnRead(field, headers[c] ?? "", columnLetter(c), plan.source[field] === "suggestion");
  if (plan.problems.length) {
    const problems = plan.problems.map((p) => p.message);
    return { layout: "long", results: [], rejected, refusal: problems.join("; "), understood: [], ...none, problems };
  }
  const { period, service, value } = plan.mapping;
  let dateOrder: DateOrder | undefined;
  if (period !== undefined && service !== undefined && value !== undefined) {
    layout = "long";
    const inference = inferDateOrder(
      body.map((r) => r[period]),
      options.dateOrder,
    );
    const settled = settleDateOrder(inference, importMessages.periodColumn(headers[period]));
    if ("refusal" in settled)
      return { layout, results: [], rejected, refusal: settled.refusal, understood: [], ...none };
    dateOrder = settled.order;
    understood.push(column("period", period), column("service", service), column("value", value));
    const order = orderNote(inference);
    if (order) understood.push(importMessages.datesReadAs(order));
    body.forEach((line, i) => {
      const at = `row ${headerRow + 1 + i}`;
      if (line.every((v) => textOf(v) === "")) return;
      const p = readMonth(line[period], settled.order);
      const s = serviceOf(line[service]);
      if (p === undefined) rejected.push({ at, reason: importMessages.notAMonth(textOf(line[period])) });
      else if (!s) rejected.push({ at, reason: importMessages.noReportService(textOf(line[service])) });
      else raw.push({ periodSerial: p, service: s, cell: line[value] ?? null, at });
    });
  } else {
    const headerMonths = headers.map((h, c) => (c === 0 ? undefined : layoutMonth(grid[0][c] ?? h)));
    const monthCols = headerMonths.filter((m) => m !== undefined).length;
    const firstCol = body.map((r) => r[0]);
    if (monthCols >= 1) {
      layout = "services as rows";
      const col = service ?? 0;
      const months = headerMonths.flatMap((m, c) => (m === undefined ? [] : [columnLetter(c)]));
      understood.push(column("service", col), importMessages.reportMonthHeaders(months));
      body.forEach((line, i) => {
        if (textOf(line[col]) === "") return;
        const s = serviceOf(line[col]);
        if (!s) {
          rejected.push({
            at: `row ${headerRow + 1 + i}`,
            reason: importMessages.noReportService(textOf(line[col])),
          });
          return;
        }
        headerMonths.forEach((m, c) => {
          if (m === undefined || textOf(line[c]) === "") return;
          raw.push({ periodSerial: m, service: s, cell: line[c], at: `${columnLetter(c)}${headerRow + 1 + i}` });
        });
      });
    } else if (firstCol.some((v) => layoutMonth(v) !== undefined) && headers.slice(1).some((h) => serviceOf(h))) {
      layout = "months as rows";
      const named = headers.flatMap((h, c) => (c > 0 && serviceOf(h) ? [columnLetter(c)] : []));
      understood.push(column("period", 0), importMessages.reportServiceHeaders(named));
      body.forEach((line, i) => {
        const m = layoutMonth(line[0] ?? null);
        if (m === undefined) return;
        headers.forEach((h, c) => {
          const s = c === 0 ? undefined : serviceOf(h);
          if (!s || textOf(line[c]) === "") return;
          raw.push({ periodSerial: m, service: s, cell: line[c], at: `${columnLetter(c)}${headerRow + 1 + i}` });
        });
      });
    } else {
      const unmapped = REPORT_FIELDS.filter((f) => plan.mapping[f] === undefined);
      return {
        layout: "long",
        results: [],
        rejected,
        understood: [],
        refusal: importMessages.reportNoLayout(unmapped),
        suggestions: plan.suggestions,
        problems: [],
        unmapped,
      };
    }
  }
  if (options.decimal) understood.push(importMessages.decimalGiven(options.decimal));
  if (options.serviceMap?.size) understood.push(importMessages.serviceMapGiven(options.serviceMap.size));
  // Percent service levels: a service whose values all lie in 0..1 typed them as fractions, one
  // with a value above 1 as percentages; a value in 0..1 beside one above 1 is ambiguous.
  const above = new Set<string>();
  const fraction = new Set<string>();
  for (const r of raw) {
    const v = readValue(r.cell, options.decimal);
    if (!v || "mark" in v || v.percent || r.service.unit !== "%") continue;
    if (v.n > 1) above.add(r.service.id);
    else if (v.n > 0) fraction.add(r.service.id);
  }
  const results: ReportResult[] = [];
  for (const r of raw) {
    const typed = textOf(r.cell);
    const v = readValue(r.cell, options.decimal);
    if (!v || "mark" in v) {
      rejected.push({ at: r.at, reason: unreadValue(typed, r.service.id, options.decimal, v) });
      continue;
    }
    let n = v.n;
    if (r.service.unit === "%") {
      if (v.percent) n = v.n / 100;
      else if (above.has(r.service.id)) {
        if (v.n > 0 && v.n <= 1 && fraction.has(r.service.id)) {
          rejected.push({ at: r.at, reason: importMessages.ambiguousPercent(typed, r.service.id, v.n) });
          continue;
        }
        n = v.n / 100;
      }
      if (n < 0 || n > 1) {
        rejected.push({ at: r.at, reason: importMessages.notAPercentage(typed, r.service.id) });
        continue;
      }
      n = Math.round(n * 1e10) / 1e10;
    } else if (r.service.thresholds.some((t) => !sameScale(n, t))) {
      rejected.push({ at: r.at, reason: importMessages.offScale(typed, r.service.id) });
      continue;
    }
    results.push({ periodSerial: r.periodSerial, service: r.service.id, result: n, at: r.at, typed });
  }
  const read = { columns: plan.mapping, cleared: plan.cleared, dateOrder };
  return { layout, results, rejected, refusal: "", understood, ...none, read };
}

/**
 * The service levels of a Services sheet (row 1 the headers), as a report is matched to them.
 * Cost: O(rows).
 */
export function reportServices(grid: readonly (readonly CellValue[])[] | undefined): ReportService[] {
  if (!grid?.length) return [];
  const headers = grid[0].map((h) => foldValue(h));
  const col = (name: string) => headers.indexOf(name);
  const [id, name, unit] = [col("id"), col("service"), col("unit")];
  const thresholds = ["expected", "minimum", "significant minimum"].map(col).filter((c) => c >= 0);
  return grid
    .slice(1)
    .filter((r) => id >= 0 && textOf(r[id]) !== "")
    .map((r) => ({
      id: textOf(r[id]),
      name: name >= 0 ? textOf(r[name]) : "",
      unit: unit >= 0 ? textOf(r[unit]) : "",
      thresholds: thresholds.map((c) => r[c]).filter((v): v is number => typeof v === "number"),
    }));
}
