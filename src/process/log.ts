/**
 * A process event log in columns: one event per index with its case, activity, time, group
 * and process, texts interned as small integers. Rows are added one by one (a million rows
 * never exist as objects); a row that cannot be read is kept with its reason.
 *
 * Times are milliseconds on the scale of the `Reading` that measures them: instants (epoch ms)
 * for an export read with a time zone, serial milliseconds for cells (see steps.ts).
 */
import { processMessages, ticketMessages } from "../errors";
import {
  DateOrder,
  OrderInference,
  ParsedTime,
  TimeProblem,
  UndecidedTime,
  isTimeProblem,
  isUndecided,
  orderTally,
  readTimeCell,
  settleDateOrder,
} from "../import/dates";
import { Reading, groupEvents, ticketIndex } from "../tickets/clock";
import { stateKey } from "../tickets/states";
import { ZoneTable, instantOf, zoneTable } from "../tickets/zone";

/** Texts interned by their folded form (trimmed, lower case); the first spelling is shown. */
export interface Labels {
  /** The id of a text, adding it when new. */
  idOf(text: string): number;
  /** The first spelling of each id. */
  readonly texts: string[];
  /** The folded form of each id (see `stateKey`). */
  readonly keys: string[];
}

/**
 * An empty set of labels.
 * @example const l = labels(); l.idOf("Closed"); l.idOf(" closed ") // => 0
 */
export function labels(): Labels {
  const bySpelling = new Map<string, number>();
  const byKey = new Map<string, number>();
  const texts: string[] = [];
  const keys: string[] = [];
  return {
    idOf(text) {
      // A log spells each activity the same way thousands of times: one lookup by spelling.
      let id = bySpelling.get(text);
      if (id !== undefined) return id;
      const key = stateKey(text);
      id = byKey.get(key);
      if (id === undefined) {
        id = texts.length;
        byKey.set(key, id);
        texts.push(text.trim());
        keys.push(key);
      }
      bySpelling.set(text, id);
      return id;
    },
    texts,
    keys,
  };
}

/** An event log in columns. */
export interface EventLog {
  /** Case keys by case index (order of first appearance). */
  readonly cases: readonly string[];
  readonly caseOf: ArrayLike<number>;
  /** Milliseconds on the reading's scale. */
  readonly times: ArrayLike<number>;
  readonly activityOf: ArrayLike<number>;
  readonly activities: readonly string[];
  /** Folded activity texts by id. */
  readonly activityKeys: readonly string[];
  /** Group id of each event, -1 when blank. */
  readonly groupOf: ArrayLike<number>;
  readonly groups: readonly string[];
  /** Process id of each event, -1 when blank. */
  readonly processOf: ArrayLike<number>;
  readonly processes: readonly string[];
}

/** A row that could not be read. */
export interface RejectedRow {
  /** The row as the user sees it: the sheet row, or the CSV record counting the header as 1. */
  readonly row: number;
  readonly reason: string;
}

/** A log read from an export, with what was left out. */
export interface ReadLog {
  readonly log: EventLog;
  readonly rejected: RejectedRow[];
  /** Events dropped because their activity is in the ignore list (`--ignore START,END`). */
  readonly ignored: number;
  /** The zone's offsets over the span of the log: instants to wall-clock times for the sheets. */
  readonly zone: ZoneTable;
  /**
   * How day/month times were read: given, inferred from the whole column, or refused
   * (ambiguous or contradictory: their rows are rejected naming --date-order).
   */
  readonly dateOrder: OrderInference;
}

/** Collects an export's rows; `finish` converts the local times with the zone. */
export interface LogBuilder {
  /**
   * Adds one row. A row blank in case, activity and time is skipped (a trailing blank line);
   * any other row becomes an event, is ignored, or is rejected with its reasons.
   */
  add(row: number, caseId: unknown, activity: unknown, time: unknown, group: unknown, process: unknown): void;
  /** The log. Cost: O(n) plus the zone table. */
  finish(): ReadLog;
}

function isBlankCell(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/**
 * A builder for one export.
 * @param zone - An IANA zone already checked (`isKnownZone`): local times are wall-clock times there.
 * @param dateOrder - How to read day/month dates; undefined infers the order from the whole column.
 * @param ignore - Activities (folded, see `stateKey`) whose events are dropped.
 * @example
 * const b = logBuilder("UTC", undefined, new Set());
 * b.add(2, "C1", "Opened", "2024-03-04 09:00", "G1", null);
 * b.finish().log.cases // => ["C1"]
 */
export function logBuilder(zone: string, dateOrder: DateOrder | undefined, ignore: ReadonlySet<string>): LogBuilder {
  const caseIndex = ticketIndex();
  const activities = labels();
  const groups = labels();
  const processes = labels();
  const caseOf: number[] = [];
  const times: number[] = [];
  const local: boolean[] = [];
  const activityOf: number[] = [];
  const groupOf: number[] = [];
  const processOf: number[] = [];
  const rows: number[] = [];
  const rejected: RejectedRow[] = [];
  let ignored = 0;
  let anyLocal = false;
  const ignoredIds = new Map<number, boolean>();
  const tally = orderTally(dateOrder);
  // Day/month times wait for the whole column to settle their order (kept in row order).
  const undecided: { row: number; values: unknown[]; read: UndecidedTime }[] = [];

  const accept = (
    row: number,
    caseId: unknown,
    activity: unknown,
    parsed: ParsedTime | TimeProblem,
    group: unknown,
    process: unknown,
  ) => {
    const blankCase = isBlankCell(caseId);
    const blankActivity = isBlankCell(activity);
    if (blankCase || blankActivity || isTimeProblem(parsed)) {
      const reasons: string[] = [];
      if (blankCase) reasons.push(processMessages.blankCase());
      if (blankActivity) reasons.push(processMessages.blankActivity());
      if (isTimeProblem(parsed)) reasons.push(parsed.reason);
      rejected.push({ row, reason: reasons.join(" ") });
      return;
    }
    const a = activities.idOf(String(activity));
    let drop = ignoredIds.get(a);
    if (drop === undefined) {
      drop = ignore.has(activities.keys[a]);
      ignoredIds.set(a, drop);
    }
    if (drop) {
      ignored++;
      return;
    }
    rows.push(row);
    caseOf.push(caseIndex.indexOf(String(caseId).trim()));
    times.push(parsed.ms);
    local.push(parsed.local);
    anyLocal ||= parsed.local;
    activityOf.push(a);
    groupOf.push(isBlankCell(group) ? -1 : groups.idOf(String(group)));
    processOf.push(isBlankCell(process) ? -1 : processes.idOf(String(process)));
  };

  return {
    add(row, caseId, activity, time, group, process) {
      if (isBlankCell(caseId) && isBlankCell(activity) && isBlankCell(time)) return;
      const read = readTimeCell(time, dateOrder);
      if (isUndecided(read)) {
        tally.add(read);
        undecided.push({ row, values: [caseId, activity, group, process], read });
      } else accept(row, caseId, activity, read, group, process);
    },
    finish() {
      const order = tally.result();
      if (undecided.length) {
        const settled = settleDateOrder(order, ticketMessages.timeColumn());
        for (const u of undecided) {
          const parsed =
            "refusal" in settled ? { reason: settled.refusal } : settled.order === "MDY" ? u.read.mdy : u.read.dmy;
          const [caseId, activity, group, process] = u.values;
          accept(u.row, caseId, activity, parsed, group, process);
        }
        rejected.sort((a, b) => a.row - b.row);
        // Back into file order: equal times in a case keep the order of their rows.
        const perm = rows.map((_, i) => i).sort((a, b) => rows[a] - rows[b]);
        for (const column of [caseOf, times, local, activityOf, groupOf, processOf] as unknown[][]) {
          const copy = column.slice();
          for (let i = 0; i < perm.length; i++) column[i] = copy[perm[i]];
        }
      }
      const n = times.length;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        if (times[i] < lo) lo = times[i];
        if (times[i] > hi) hi = times[i];
      }
      const table: ZoneTable = n ? zoneTable(zone, lo, hi) : { name: "UTC", transitions: [], offsets: [0] };
      const instants = Float64Array.from(times);
      if (anyLocal) for (let i = 0; i < n; i++) if (local[i]) instants[i] = instantOf(table, instants[i]);
      return {
        log: {
          cases: caseIndex.keys,
          caseOf: Int32Array.from(caseOf),
          times: instants,
          activityOf: Int32Array.from(activityOf),
          activities: activities.texts,
          activityKeys: activities.keys,
          groupOf: Int32Array.from(groupOf),
          groups: groups.texts,
          processOf: Int32Array.from(processOf),
          processes: processes.texts,
        },
        rejected,
        ignored,
        zone: table,
        dateOrder: order,
      };
    },
  };
}

/** A log's events in case and time order, with the business clock read at each. */
export interface OrderedLog {
  /** Event indices: case c's events are `order[from[c]..from[c+1])`, in time order (ties in log order). */
  readonly order: Int32Array;
  readonly from: Int32Array;
  /** `clock[k]`: business milliseconds at the event `order[k]` (see `Reading`). */
  readonly clock: Float64Array;
  /** The reading the clock was read with. */
  readonly reading: Reading;
}

/**
 * Orders each case's events by time (equal times keep log order, as the ticket clock does)
 * and reads the business clock once per event, so that every step's latency is a difference
 * of two readings: a case's step latencies add up exactly to its end-to-end latency.
 * Cost: O(n) plus a sort per case; one reading per event.
 * @param log - The events.
 * @param reading - Business milliseconds at a time on the log's scale.
 * @example orderLog(log, serialReading(cal)).clock // one reading per event, case by case
 */
export function orderLog(log: EventLog, reading: Reading): OrderedLog {
  const { order, from } = groupEvents({
    ticketOf: log.caseOf,
    times: log.times,
    codes: [],
    tickets: log.cases.length,
  });
  const clock = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) clock[k] = reading(log.times[order[k]]);
  return { order, from, clock, reading };
}

/** Removes repeats and blanks from a list of activities typed by a user, folded. @example ignoreSet(["START", " end", ""]) // => Set {"start", "end"} */
export function ignoreSet(items: readonly string[]): Set<string> {
  return new Set(items.map(stateKey).filter((k) => k !== ""));
}

/**
 * An event log from columns of cells already read (GOV.STEP_LATENCY): case keys, activities
 * and times on the reading's scale, one event per index. No group and no process.
 * Cost: O(n).
 * @example columnsLog(["C1", "C1"], ["Opened", "Resolved"], [0, 3_600_000]).cases // => ["C1"]
 */
export function columnsLog(
  cases: readonly string[],
  activities: readonly string[],
  times: readonly number[],
): EventLog {
  const index = ticketIndex();
  const names = labels();
  const n = times.length;
  const caseOf = new Int32Array(n);
  const activityOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    caseOf[i] = index.indexOf(cases[i]);
    activityOf[i] = names.idOf(activities[i]);
  }
  return {
    cases: index.keys,
    caseOf,
    times: Float64Array.from(times),
    activityOf,
    activities: names.texts,
    activityKeys: names.keys,
    groupOf: new Int32Array(n).fill(-1),
    groups: [],
    processOf: new Int32Array(n).fill(-1),
    processes: [],
  };
}
