/* Custom functions: service time and attainment. Metadata comes from the JSDoc below. */
import { Calendar } from "../src/calendar/compile";
import { createCalendarCache } from "../src/calendar/cache";
import { dueAt } from "../src/calendar/due";
import { elapsedHours } from "../src/calendar/elapsed";
import { ATTAINMENT_DIRECTION, attainment } from "../src/attainment/attainment";
import { Span, availability } from "../src/attainment/availability";
import { olaGap } from "../src/attainment/olaGap";
import { slaStatus } from "../src/attainment/slaStatus";
import { parseDirection } from "../src/direction";
import { Result, describePosition, fail, isFailure, messages, serviceMessages } from "../src/errors";
import {
  Arg,
  Grid,
  asNonNegative,
  asNumber,
  asSerial,
  asText,
  collect,
  elementwise,
  isBlank,
  isGrid,
  param,
  plain,
  scalar,
  NON_NEGATIVE,
  readRange,
  scratchNumbers,
  shapeOf,
  startCall,
  unwrap,
} from "./excel";

/**
 * Compiled calendars shared across the cells of a spill and across calls with the same
 * calendar text and holidays. Bounded: 16 calendars
 * of about 40 KB each.
 */
const calendars = createCalendarCache(16);

/** The compiled calendar for the calendar and holidays arguments (blank calendar: 24x7); shared with the ticket clock. */
export function calendarOf(calendar: Arg, holidays: Arg): Calendar {
  const text = unwrap(scalar(calendar, "calendar", asText, "24x7"));
  return unwrap(calendars.get(text, unwrap(collect(holidays, "holidays", asSerial))));
}

/** A single value as a 1x1 range, so loops over ranges serve both. */
function asGrid(arg: Arg): Grid {
  return isGrid(arg) ? arg : [[arg]];
}

/**
 * Business hours between start and end that fall inside the calendar's working windows, holidays excluded. Element-wise.
 * @customfunction ELAPSED
 * @param {any[][]} start Start date-times (a value or a range).
 * @param {any[][]} end End date-times, row-aligned with start; not before start.
 * @param {any} [calendar] Working windows, such as "Mon-Fri 08:00-18:00; Sat 09:00-13:00". Default "24x7".
 * @param {any[][]} [holidays] Dates that are not worked at all.
 * @returns {any[][]} Business hours in [start, end).
 */
export function ELAPSED(start: any[][], end: any[][], calendar?: any, holidays?: any[][]): any[][] {
  const cal = calendarOf(calendar, holidays);
  return elementwise([param("start", asSerial), param("end", asSerial)] as const, [start, end], (s, e, at) =>
    elapsedHours(cal, s, e, at),
  );
}

/**
 * The due date-time: the earliest moment by which the given business hours have passed since start. Element-wise.
 * @customfunction DUE
 * @param {any[][]} start Start date-times (a value or a range).
 * @param {any[][]} hours Business hours allowed, row-aligned with start; 0 or more.
 * @param {any} [calendar] Working windows, such as "Mon-Fri 08:00-18:00; Sat 09:00-13:00". Default "24x7".
 * @param {any[][]} [holidays] Dates that are not worked at all.
 * @returns {any[][]} Due date-times (format the cells as dates).
 */
export function DUE(start: any[][], hours: any[][], calendar?: any, holidays?: any[][]): any[][] {
  const cal = calendarOf(calendar, holidays);
  return elementwise([param("start", asSerial), param("hours", asNonNegative)] as const, [start, hours], (s, h, at) =>
    dueAt(cal, s, h, at),
  );
}

/**
 * Measured actuals and their targets, blanks left out, packed into typed arrays in one pass
 * (1,000,000 cells must not go through per-cell closures or allocations).
 */
function measured(actualsArg: Arg, targetsArg: Arg): Result<{ actuals: Float64Array; targets: Float64Array | number }> {
  const actuals = asGrid(actualsArg);
  const [rows, cols] = shapeOf(actuals);
  const [tRows, tCols] = shapeOf(targetsArg);
  const single = tRows * tCols === 1;
  if (!single && (tRows !== rows || tCols !== cols)) {
    return fail("#VALUE!", messages.shapeMismatch("targets", tRows, tCols, "actuals", rows, cols));
  }
  const scalarTarget = single ? scalar(targetsArg, "targets", asNumber) : 0;
  if (isFailure(scalarTarget)) return scalarTarget;
  const targets = asGrid(targetsArg);
  const a = scratchNumbers(rows * cols);
  const t = single ? a : scratchNumbers(rows * cols);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const line = actuals[r];
    const tLine = single ? line : targets[r];
    for (let c = 0; c < cols; c++) {
      const v = line[c];
      // Fast path: a finite number (x - x is 0 only for finite x). Anything else is a blank or an error.
      let x: number;
      if (typeof v === "number" && v - v === 0) x = v;
      else {
        // A data type (a formatted number) is read as its plain value; a blank is not measured.
        const p = plain(v);
        if (isBlank(p)) continue;
        const n = asNumber(p, "actuals", describePosition(r, c));
        if (isFailure(n)) return n;
        x = n;
      }
      if (!single) {
        const w = tLine[c];
        if (typeof w === "number" && w - w === 0) t[n] = w;
        else {
          const m = asNumber(w, "targets", describePosition(r, c));
          if (isFailure(m)) return m;
          t[n] = m;
        }
      }
      a[n++] = x;
    }
  }
  return { actuals: a.subarray(0, n), targets: single ? scalarTarget : t.subarray(0, n) };
}

/**
 * Attainment: the share of non-blank actuals that meet their target.
 * @customfunction ATTAINMENT
 * @param {any[][]} actuals Measured values (a range; blanks are not measured).
 * @param {any[][]} targets One target, or a range of targets the same shape as actuals.
 * @param {any} [direction] "<=" (default: lower is better, such as resolution time) or ">=" (higher is better).
 * @returns {number} A fraction from 0 to 1; #DIV/0! when nothing is measured.
 */
export function ATTAINMENT(actuals: any[][], targets: any[][], direction?: any): number {
  startCall();
  const dir = unwrap(scalar(direction, "direction", parseDirection, ATTAINMENT_DIRECTION));
  const m = unwrap(measured(actuals, targets));
  return unwrap(attainment(m.actuals, m.targets, dir));
}

/**
 * SLA status of a running ticket from the business hours used and the target. Element-wise.
 * @customfunction SLA_STATUS
 * @param {any[][]} elapsed Business hours used so far (such as GOV.ELAPSED).
 * @param {any[][]} target Target business hours, row-aligned with elapsed.
 * @param {any[][]} [warn_at] Share of the target from which the ticket is "At risk", 0 to 1. Default 0.75.
 * @returns {any[][]} "Breached", "At risk" or "On track".
 */
export function SLA_STATUS(elapsed: any[][], target: any[][], warn_at?: any[][]): any[][] {
  return elementwise(
    [param("elapsed", asNonNegative), param("target", asNonNegative), param("warn_at", asNonNegative, 0.75)] as const,
    [elapsed, target, warn_at],
    // slaStatus rejects a warn_at above 1 (75 typed for 75%) in that element.
    slaStatus,
  );
}

/** Row-aligned start and end ranges read as spans; a row blank on both sides is skipped. */
function spans(startsArg: Arg, endsArg: Arg, startsName: string, endsName: string): Result<Span[]> {
  const [rows, cols] = shapeOf(startsArg);
  const [eRows, eCols] = shapeOf(endsArg);
  if (rows !== eRows || cols !== eCols) {
    return fail("#VALUE!", messages.shapeMismatch(endsName, eRows, eCols, startsName, rows, cols));
  }
  const starts = asGrid(startsArg);
  const ends = asGrid(endsArg);
  const out: Span[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (isBlank(plain(starts[r][c])) && isBlank(plain(ends[r][c]))) continue;
      const at = describePosition(r, c);
      const start = asSerial(starts[r][c], startsName, at);
      if (isFailure(start)) return start;
      const end = asSerial(ends[r][c], endsName, at);
      if (isFailure(end)) return end;
      if (end < start) return fail("#VALUE!", serviceMessages.endBeforeStart(endsName, startsName, at));
      out.push({ start, end });
    }
  }
  return out;
}

/**
 * Availability over a period: (service time - downtime) / service time, in the calendar's working time.
 * @customfunction AVAILABILITY
 * @param {any} period_start Start of the reporting period.
 * @param {any} period_end End of the reporting period.
 * @param {any[][]} outage_starts Outage starts (a range; overlapping outages count once).
 * @param {any[][]} outage_ends Outage ends, row-aligned with outage_starts.
 * @param {any[][]} [maint_starts] Maintenance window starts (not counted as service time or downtime).
 * @param {any[][]} [maint_ends] Maintenance window ends, row-aligned with maint_starts.
 * @param {any} [calendar] Service hours, such as "Mon-Fri 08:00-18:00". Default "24x7".
 * @param {any[][]} [holidays] Dates without service.
 * @returns {number} A fraction from 0 to 1; #DIV/0! when the period holds no service time.
 */
export function AVAILABILITY(
  period_start: any,
  period_end: any,
  outage_starts: any[][],
  outage_ends: any[][],
  maint_starts?: any[][],
  maint_ends?: any[][],
  calendar?: any,
  holidays?: any[][],
): number {
  const start = unwrap(scalar(period_start, "period_start", asSerial));
  const end = unwrap(scalar(period_end, "period_end", asSerial));
  if (end < start) unwrap(fail("#VALUE!", serviceMessages.endBeforeStart("period_end", "period_start")));
  const outages = unwrap(spans(outage_starts, outage_ends, "outage_starts", "outage_ends"));
  const maintenance = unwrap(spans(maint_starts, maint_ends, "maint_starts", "maint_ends"));
  return unwrap(availability(calendarOf(calendar, holidays), { start, end }, outages, maintenance));
}

/**
 * Slack between an SLA target and the OLA targets in sequence inside it (hours). Negative means the internal chain cannot meet the SLA.
 * @customfunction OLA_GAP
 * @param {any} sla_target SLA target in hours.
 * @param {any[][]} ola_targets OLA targets in hours (a range; blanks are skipped).
 * @returns {number} sla_target minus the sum of the OLA targets.
 */
export function OLA_GAP(sla_target: any, ola_targets: any[][]): number {
  startCall();
  const sla = unwrap(scalar(sla_target, "sla_target", asNonNegative));
  const olas = unwrap(readRange(ola_targets, "ola_targets", NON_NEGATIVE));
  return unwrap(olaGap(sla, olas));
}
