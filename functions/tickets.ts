/* Custom functions: the ticket clock. Metadata comes from the JSDoc below. */
import { MS_PER_HOUR } from "../src/calendar/instant";
import { Result, describePosition, fail, isFailure, messages, serviceMessages, ticketMessages } from "../src/errors";
import { MS_PER_DAY } from "../src/serial";
import { MsSpan, elapsedPausedMs, groupEvents, runClocks, serialReading, ticketIndex } from "../src/tickets/clock";
import { responseClock } from "../src/tickets/response";
import { StateLists, stateCode, stateLists, withResponseStates } from "../src/tickets/states";
import {
  Arg,
  Cell,
  MAX_OUTPUT_CELLS,
  asSerial,
  asText,
  collect,
  isBlank,
  isGrid,
  plain,
  scalar,
  shapeOf,
  unwrap,
} from "./excel";
import { calendarOf } from "./time";

/** A serial as the millisecond instant ELAPSED reads it. */
function msOf(serial: number): number {
  return Math.round(serial * MS_PER_DAY);
}

/** The plain value (see `plain`) at a row-major position of an argument that is a range or a single value. */
function cellAt(arg: Arg, r: number, c: number): Cell {
  return plain(isGrid(arg) ? arg[r][c] : arg);
}

/** Row-aligned pause starts and ends; a row blank on both sides is skipped. */
function pauseSpans(startsArg: Arg, endsArg: Arg): Result<MsSpan[]> {
  const [rows, cols] = shapeOf(startsArg);
  const [eRows, eCols] = shapeOf(endsArg);
  if (rows !== eRows || cols !== eCols) {
    return fail("#VALUE!", messages.shapeMismatch("pause_ends", eRows, eCols, "pause_starts", rows, cols));
  }
  const out: MsSpan[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const s = cellAt(startsArg, r, c);
      const e = cellAt(endsArg, r, c);
      if (isBlank(s) && isBlank(e)) continue;
      const at = describePosition(r, c);
      if (isBlank(s)) return fail("#VALUE!", ticketMessages.pauseHalfBlank("pause_starts", "pause_ends", at));
      if (isBlank(e)) return fail("#VALUE!", ticketMessages.pauseHalfBlank("pause_ends", "pause_starts", at));
      const start = asSerial(s, "pause_starts", at);
      if (isFailure(start)) return start;
      const end = asSerial(e, "pause_ends", at);
      if (isFailure(end)) return end;
      if (end < start) return fail("#VALUE!", serviceMessages.endBeforeStart("pause_ends", "pause_starts", at));
      out.push({ start: msOf(start), end: msOf(end) });
    }
  }
  return out;
}

/**
 * Business hours between start and end minus the pauses (overlapping pauses count once), inside the calendar's working windows.
 * @customfunction ELAPSED_PAUSED
 * @param {any} start Start date-time of the ticket.
 * @param {any} end End date-time; not before start.
 * @param {any[][]} pause_starts Pause starts (a range; rows blank on both sides are skipped).
 * @param {any[][]} pause_ends Pause ends, row-aligned with pause_starts.
 * @param {any} [calendar] Working windows, such as "Mon-Fri 08:00-18:00; Sat 09:00-13:00". Default "24x7".
 * @param {any[][]} [holidays] Dates that are not worked at all.
 * @returns {number} Business hours in [start, end) outside the pauses.
 */
export function ELAPSED_PAUSED(
  start: any,
  end: any,
  pause_starts: any[][],
  pause_ends: any[][],
  calendar?: any,
  holidays?: any[][],
): number {
  const s = unwrap(scalar(start, "start", asSerial));
  const e = unwrap(scalar(end, "end", asSerial));
  if (e < s) unwrap(fail("#VALUE!", serviceMessages.endBeforeStart("end", "start")));
  const pauses = unwrap(pauseSpans(pause_starts, pause_ends));
  const reading = serialReading(calendarOf(calendar, holidays));
  return elapsedPausedMs(reading, msOf(s), msOf(e), pauses) / MS_PER_HOUR;
}

/** The three state lists from text or ranges of text. */
function listsOf(start: Arg, pause: Arg, stop: Arg): StateLists {
  const read = (arg: Arg, name: string) => unwrap(collect(arg, name, asText));
  return unwrap(stateLists(read(start, "start_states"), read(pause, "pause_states"), read(stop, "stop_states")));
}

/**
 * The clock of each ticket in a history table (one event per row: ticket, time, the state entered), with pauses, stops and reopens.
 * @customfunction CLOCK
 * @param {any[][]} ticket_ids Ticket of each event (a column of the history table).
 * @param {any[][]} times Date-time of each event, row-aligned with ticket_ids.
 * @param {any[][]} states State the ticket entered at each event, row-aligned with ticket_ids.
 * @param {any} start_states States that start the clock, such as "New, In Progress" (blank: each ticket's first event).
 * @param {any} pause_states States that pause it, such as "On Hold, Awaiting customer".
 * @param {any} stop_states States that stop it, such as "Resolved, Closed"; a later event in another state reopens it.
 * @param {any} [calendar] Working windows, such as "Mon-Fri 08:00-18:00". Default "24x7".
 * @param {any[][]} [holidays] Dates that are not worked at all.
 * @param {any} [as_of] Count tickets that are not stopped up to this date-time (blank: up to their last event).
 * @param {any} [response_states] States whose first entry answers a ticket, such as "In Progress, Assigned": adds responded and response hours to each row.
 * @returns {any[][]} One row per ticket in order of first appearance: ticket, started, stopped, business hours, paused business hours, state (then responded, response hours with response_states).
 */
export function CLOCK(
  ticket_ids: any[][],
  times: any[][],
  states: any[][],
  start_states: any,
  pause_states: any,
  stop_states: any,
  calendar?: any,
  holidays?: any[][],
  as_of?: any,
  response_states?: any,
): any[][] {
  const [rows, cols] = shapeOf(ticket_ids);
  for (const [arg, name] of [
    [times, "times"],
    [states, "states"],
  ] as const) {
    const [r, c] = shapeOf(arg);
    if (r !== rows || c !== cols) unwrap(fail("#VALUE!", messages.shapeMismatch(name, r, c, "ticket_ids", rows, cols)));
  }
  const responseStates = unwrap(collect(response_states ?? null, "response_states", asText));
  const lists = withResponseStates(listsOf(start_states, pause_states, stop_states), responseStates);
  const width = lists.responds ? 8 : 6;
  const cal = calendarOf(calendar, holidays);
  const asOfSerial = unwrap(scalar(as_of, "as_of", asSerial, -1));
  const asOf = asOfSerial < 0 ? undefined : msOf(asOfSerial);
  const index = ticketIndex();
  const firstValue: Cell[] = [];
  const ticketOf: number[] = [];
  const eventTimes: number[] = [];
  const codes: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = cellAt(ticket_ids, r, c);
      const time = cellAt(times, r, c);
      const state = cellAt(states, r, c);
      if (isBlank(id) && isBlank(time) && isBlank(state)) continue;
      const at = describePosition(r, c);
      if (isBlank(id)) unwrap(fail("#VALUE!", ticketMessages.blankField("ticket_ids", at)));
      const serial = unwrap(asSerial(time, "times", at));
      if (isBlank(state)) unwrap(fail("#VALUE!", ticketMessages.blankField("states", at)));
      // A data type with no plain value (an error, an image) is refused, never keyed as "[object Object]".
      const key = unwrap(asText(id, "ticket_ids", at)).trim();
      const t = index.indexOf(key);
      if (t === firstValue.length) {
        // The spill limit as soon as it is passed, before any clock runs: Excel rejects larger results.
        if ((t + 1) * width > MAX_OUTPUT_CELLS)
          unwrap(fail("#VALUE!", messages.tooManyCells("ticket_ids", (t + 1) * width, MAX_OUTPUT_CELLS)));
        firstValue.push(id);
      }
      ticketOf.push(t);
      eventTimes.push(msOf(serial));
      codes.push(stateCode(lists, unwrap(asText(state, "states", at))));
    }
  }
  if (ticketOf.length === 0) unwrap(fail("#N/A", ticketMessages.noEvents("ticket_ids")));
  const tickets = index.keys.length;
  const history = { ticketOf, times: eventTimes, codes, tickets };
  const byTicket = groupEvents(history);
  const reading = serialReading(cal);
  const clocks = runClocks(history, lists, reading, asOf, byTicket);
  return clocks.map((k) => {
    const row: (string | number)[] = [
      firstValue[k.ticket] as string | number,
      k.started === null ? "" : k.started / MS_PER_DAY,
      k.stopped === null ? "" : k.stopped / MS_PER_DAY,
      k.businessMs / MS_PER_HOUR,
      k.pausedMs / MS_PER_HOUR,
      k.state,
    ];
    if (!lists.responds) return row;
    const events = {
      times: eventTimes,
      codes,
      order: byTicket.order,
      from: byTicket.from[k.ticket],
      to: byTicket.from[k.ticket + 1],
    };
    const r = responseClock(events, reading, { startAtFirst: lists.startAtFirst, asOf });
    row.push(r.respondedAt === null ? "" : r.respondedAt / MS_PER_DAY, r.businessMs / MS_PER_HOUR);
    return row;
  });
}
