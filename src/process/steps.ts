/**
 * Steps of a process: each event of a case followed by the case's next event, with the
 * business time between them. The latencies of one kind of step (A to B, A to the case's
 * last event, first to last) are selected here for both the steps command and
 * GOV.STEP_LATENCY, so the two agree to the millisecond.
 */
import { stateKey } from "../tickets/states";
import { EventLog, OrderedLog } from "./log";
import { ANY_ACTIVITY } from "./tolerances";

/**
 * The business milliseconds of every step from `from` to `to` (activities, any case):
 * - both `*`: each case's end-to-end latency, first event to last (cases of two events or more);
 * - `to` `*`: from each event of `from` to the case's last event (the last event itself excluded);
 * - `from` `*`: every step into `to`;
 * - otherwise every step from an event of `from` directly to an event of `to`.
 * Cost: O(n) for n events.
 * @param log - The events.
 * @param ordered - The events in case and time order with their clock (`orderLog`).
 * @param from - An activity or `*`.
 * @param to - An activity or `*`.
 * @returns The latencies, case by case in time order.
 * @example stepLatencies(log, ordered, "Opened", "Resolved") // => [5400000, ...]
 */
export function stepLatencies(log: EventLog, ordered: OrderedLog, from: string, to: string): number[] {
  const fromKey = stateKey(from);
  const toKey = stateKey(to);
  const anyFrom = fromKey === ANY_ACTIVITY;
  const anyTo = toKey === ANY_ACTIVITY;
  // Activity ids matching each side (-1: none matches, so no step does).
  const idOf = (key: string) => log.activityKeys.indexOf(key);
  const fromId = anyFrom ? -2 : idOf(fromKey);
  const toId = anyTo ? -2 : idOf(toKey);
  const out: number[] = [];
  if (fromId === -1 || toId === -1) return out;
  const { order, from: starts, clock } = ordered;
  const act = log.activityOf;
  for (let c = 0; c + 1 < starts.length; c++) {
    const a = starts[c];
    const last = starts[c + 1] - 1;
    if (last <= a) continue;
    if (anyFrom && anyTo) {
      out.push(clock[last] - clock[a]);
      continue;
    }
    for (let k = a; k < last; k++) {
      if (!anyFrom && act[order[k]] !== fromId) continue;
      if (anyTo) out.push(clock[last] - clock[k]);
      else if (act[order[k + 1]] === toId) out.push(clock[k + 1] - clock[k]);
    }
  }
  return out;
}
