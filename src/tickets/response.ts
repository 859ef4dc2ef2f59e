/**
 * The response clock: the business time from a ticket's start to the event that first answers
 * it, counted with the resolution clock's pauses. A ticket is answered by the first event, at
 * or after its clock's start, that enters a response state, or that stops the clock (a ticket
 * resolved without passing through a response state was answered by its resolution), or, when
 * responses are taken from assignments, the first change of assignment group.
 */
import { NOT_STARTED, Reading, TicketEvents, clockReach, phaseAfter } from "./clock";
import { KIND_MASK, RESPOND, STOP } from "./states";

/** One ticket's response. */
export interface Response {
  /** Instant of the answering event, or null while the ticket is not answered. */
  readonly respondedAt: number | null;
  /** Business milliseconds up to the answer (up to `asOf` or the last event while not answered). */
  readonly businessMs: number;
}

/**
 * The position (in `order`) of a ticket's first change of assignment group: the first event
 * naming a group other than the one at its first event (a blank first group is "none", so the
 * first group named is a change). Blank groups keep the group. Cost: O(events).
 * @param events - The ticket's events in time order.
 * @param groupOf - The group id of each event, -1 for a blank cell.
 * @returns The position, or -1 when the group never changes.
 * @example firstGroupChange({ ..., order: [0, 1, 2], from: 0, to: 3 }, [-1, 4, 5]) // => 1
 */
export function firstGroupChange(events: TicketEvents, groupOf: ArrayLike<number>): number {
  const { order, from, to } = events;
  const first = to > from ? groupOf[order[from]] : -1;
  for (let k = from + 1; k < to; k++) {
    const g = groupOf[order[k]];
    if (g >= 0 && g !== first) return k;
  }
  return -1;
}

/**
 * The position of the event that answers a ticket: the first at or after the clock's start that
 * enters a response state (`RESPOND` in its code), stops the clock, or is at or after
 * `groupChange`. Cost: O(events).
 * @param events - The ticket's events in time order.
 * @param startAtFirst - True when the first event starts the clock.
 * @param groupChange - Position of the first change of group (`firstGroupChange`), or -1 to ignore groups.
 * @returns The position, or -1 when nothing has answered the ticket.
 * @example responseEvent(events, false, -1) // => 1 for New (start), Assigned (response), Resolved
 */
export function responseEvent(events: TicketEvents, startAtFirst: boolean, groupChange = -1): number {
  const { codes, order, from, to } = events;
  let phase = NOT_STARTED;
  for (let k = from; k < to; k++) {
    const code = codes[order[k]];
    phase = phaseAfter(phase, code, k === from, startAtFirst);
    if (phase === NOT_STARTED) continue;
    if (code & RESPOND || (code & KIND_MASK) === STOP || (groupChange >= 0 && k >= groupChange)) return k;
  }
  return -1;
}

/**
 * A ticket's response clock. Cost: O(events).
 * @param events - The ticket's events in time order.
 * @param reading - Business time at an instant.
 * @param options - Start rule, as-of, and the first group change (-1 or omitted: responses by state only).
 * @returns The answer's instant and the business time up to it.
 * @example
 * // 24x7: New at 0, Assigned at 30 min, Resolved at 2 h
 * responseClock(events, reading, { startAtFirst: false }) // => { respondedAt: 1800000, businessMs: 1800000 }
 */
export function responseClock(
  events: TicketEvents,
  reading: Reading,
  options: { readonly startAtFirst: boolean; readonly asOf?: number; readonly groupChange?: number },
): Response {
  const k = responseEvent(events, options.startAtFirst, options.groupChange ?? -1);
  const respondedAt = k < 0 ? null : events.times[events.order[k]];
  const { businessMs } = clockReach(events, reading, {
    startAtFirst: options.startAtFirst,
    asOf: options.asOf,
    until: respondedAt ?? undefined,
  });
  return { respondedAt, businessMs };
}
