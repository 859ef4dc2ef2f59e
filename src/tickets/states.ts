/**
 * State lists of the ticket clock: which states start, pause and stop it.
 *
 * A list is text separated by commas, or several cells of text; states match trimmed and
 * case-insensitively. A state may be in one list only: "Resolved" cannot both stop and
 * pause the clock, and a silent precedence rule would hide a mistake in the lists.
 */
import { Result, fail, ticketMessages } from "../errors";

/** The event kinds as bits of a state's code; 0 is a state that only keeps the clock running. */
export const START = 1;
export const PAUSE = 2;
export const STOP = 4;
/**
 * A bit added to a state's code when entering it answers the ticket (a response state): it
 * combines with the kind above, as "In Progress" may both start the clock and answer.
 */
export const RESPOND = 8;
/** The kind bits of a code (`START`, `PAUSE`, `STOP` or 0), without `RESPOND`. */
export const KIND_MASK = 7;

/** Compiled state lists. */
export interface StateLists {
  /** Folded state (see `stateKey`) to its kind (`START`, `PAUSE` or `STOP`). */
  readonly kinds: ReadonlyMap<string, number>;
  /** True when no start state is given: the clock starts at a ticket's first event. */
  readonly startAtFirst: boolean;
  /** True when some state answers the ticket (see `withResponseStates`). */
  readonly responds?: boolean;
}

/**
 * The folded form states are compared in: trimmed, lower case.
 * @example stateKey("  On Hold ") // => "on hold"
 */
export function stateKey(state: string): string {
  return state.trim().toLowerCase();
}

/** Splits list items at commas, trimming and dropping blanks. */
function itemsOf(items: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    for (const part of item.split(",")) if (part.trim() !== "") out.push(part.trim());
  }
  return out;
}

/**
 * Compiles the three state lists. Cost: O(total length of the lists).
 * @param start - Start states (texts; each may hold several separated by commas). Empty: the first event starts.
 * @param pause - Pause states.
 * @param stop - Stop states.
 * @param names - The lists' argument names, for messages (`start_states` or `--start`).
 * @returns The compiled lists, or a `#VALUE!` failure naming a state that is in two lists.
 * @example stateLists(["New"], ["On Hold, Awaiting customer"], ["Resolved"]).kinds.get("on hold") // => PAUSE
 */
export function stateLists(
  start: readonly string[],
  pause: readonly string[],
  stop: readonly string[],
  names: readonly [string, string, string] = ["start_states", "pause_states", "stop_states"],
): Result<StateLists> {
  const kinds = new Map<string, number>();
  const listOf = new Map<string, number>();
  const lists = [start, pause, stop];
  const bits = [START, PAUSE, STOP];
  let startCount = 0;
  for (let i = 0; i < lists.length; i++) {
    for (const state of itemsOf(lists[i])) {
      const key = stateKey(state);
      const before = listOf.get(key);
      if (before !== undefined && before !== i) {
        return fail("#VALUE!", ticketMessages.stateInTwoLists(state, names[before], names[i]));
      }
      listOf.set(key, i);
      kinds.set(key, bits[i]);
      if (i === 0) startCount++;
    }
  }
  return { kinds, startAtFirst: startCount === 0 };
}

/**
 * The lists with response states added: entering one of them answers the ticket and stops
 * its response clock. A response state may also start, pause or stop the clock. Cost: O(length).
 * @param lists - Compiled lists (`stateLists`).
 * @param respond - Response states (texts; each may hold several separated by commas).
 * @returns New lists; the given ones are not changed.
 * @example stateCode(withResponseStates(lists, ["In Progress, Assigned"]), "assigned") // => RESPOND
 */
export function withResponseStates(lists: StateLists, respond: readonly string[]): StateLists {
  const states = itemsOf(respond);
  if (states.length === 0) return lists;
  const kinds = new Map(lists.kinds);
  for (const state of states) {
    const key = stateKey(state);
    kinds.set(key, (kinds.get(key) ?? 0) | RESPOND);
  }
  return { kinds, startAtFirst: lists.startAtFirst, responds: true };
}

/**
 * The code of a state: `START`, `PAUSE`, `STOP` or 0, with `RESPOND` added for a response state.
 * @example stateCode(lists, "RESOLVED") // => STOP when "Resolved" is a stop state
 */
export function stateCode(lists: StateLists, state: string): number {
  return lists.kinds.get(stateKey(state)) ?? 0;
}
