/* Custom functions: process latency per step. Metadata comes from the JSDoc below. */
import { describePosition, fail, messages, processMessages, ticketMessages } from "../src/errors";
import { MS_PER_DAY } from "../src/serial";
import { columnsLog, orderLog } from "../src/process/log";
import { parseStatistic, statisticOf } from "../src/process/stats";
import { stepLatencies } from "../src/process/steps";
import { serialReading } from "../src/tickets/clock";
import { Arg, Cell, SERIAL, asSerial, asText, isBlank, isGrid, plain, scalar, shapeOf, unwrap } from "./excel";
import { calendarOf } from "./time";

/** The plain value at a row-major position of an argument that is a range or a single value. */
function cellAt(arg: Arg, r: number, c: number): Cell {
  return plain(isGrid(arg) ? arg[r][c] : arg);
}

/**
 * A statistic of the business-time latency of every step from one activity to another in an event log (one event per row: case, activity, time). Steps are each case's consecutive events in time order.
 * @customfunction STEP_LATENCY
 * @param {any[][]} cases Case of each event (a column of the event log).
 * @param {any[][]} activities Activity of each event, row-aligned with cases.
 * @param {any[][]} times Date-time of each event, row-aligned with cases.
 * @param {any} from_activity The activity the step starts at ("*": any activity; "*" to "*": each case's first event to its last).
 * @param {any} to_activity The activity of the next event ("*": the case's last event).
 * @param {any} [statistic] "mean" (default), "median", "p90", "p95" (nearest rank), "max", "count", or "within:HOURS" for the share of steps within HOURS.
 * @param {any} [calendar] Working windows, such as "Mon-Fri 08:00-18:00". Default "24x7".
 * @param {any[][]} [holidays] Dates that are not worked at all.
 * @returns {number} Business hours (a share for within:HOURS, a number of steps for count).
 */
export function STEP_LATENCY(
  cases: any[][],
  activities: any[][],
  times: any[][],
  from_activity: any,
  to_activity: any,
  statistic?: any,
  calendar?: any,
  holidays?: any[][],
): number {
  const [rows, cols] = shapeOf(cases);
  for (const [arg, name] of [
    [activities, "activities"],
    [times, "times"],
  ] as const) {
    const [r, c] = shapeOf(arg);
    if (r !== rows || c !== cols) unwrap(fail("#VALUE!", messages.shapeMismatch(name, r, c, "cases", rows, cols)));
  }
  const from = unwrap(scalar(from_activity, "from_activity", asText));
  const to = unwrap(scalar(to_activity, "to_activity", asText));
  const statText = unwrap(scalar(statistic, "statistic", asText, "mean"));
  const stat = parseStatistic(statText);
  if (stat === undefined) unwrap(fail("#VALUE!", processMessages.badStatistic(statText)));
  const cal = calendarOf(calendar, holidays);
  const caseKeys: string[] = [];
  const names: string[] = [];
  const instants: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = cellAt(cases, r, c);
      const activity = cellAt(activities, r, c);
      const time = cellAt(times, r, c);
      if (isBlank(id) && isBlank(activity) && isBlank(time)) continue;
      // The usual row (text, text, a date) is read without building its position's text.
      if (typeof id === "string" && id !== "" && typeof activity === "string" && activity !== "") {
        if (typeof time === "number" && time >= SERIAL.lo && time <= SERIAL.hi) {
          caseKeys.push(id.trim());
          names.push(activity);
          // A serial as the millisecond instant GOV.ELAPSED reads it.
          instants.push(Math.round(time * MS_PER_DAY));
          continue;
        }
      }
      const at = describePosition(r, c);
      if (isBlank(id)) unwrap(fail("#VALUE!", ticketMessages.blankField("cases", at)));
      if (isBlank(activity)) unwrap(fail("#VALUE!", ticketMessages.blankField("activities", at)));
      caseKeys.push(unwrap(asText(id, "cases", at)).trim());
      names.push(unwrap(asText(activity, "activities", at)));
      instants.push(Math.round(unwrap(asSerial(time, "times", at)) * MS_PER_DAY));
    }
  }
  if (instants.length === 0) unwrap(fail("#N/A", processMessages.noEvents("cases")));
  const log = columnsLog(caseKeys, names, instants);
  const latencies = stepLatencies(log, orderLog(log, serialReading(cal)), from, to);
  const value = statisticOf(latencies, stat!);
  if (value === undefined) unwrap(fail("#N/A", processMessages.noSteps(from, to)));
  return value!;
}
