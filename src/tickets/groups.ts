/**
 * Holding times: how long each holder (an assignment group for an OLA clock, a step of a
 * process) held a ticket, in business time, with the ticket clock's own rules for starts,
 * pauses, stops and reopens.
 *
 * A holder gets the ticket at the event that names it while another holder (or none) had it,
 * and keeps it up to the next event naming another holder. Inside that spell, running business
 * time is held, paused business time is paused (not held), and nothing counts before the clock
 * starts or while it is stopped. So with a holder on a ticket's first event, the holders' held
 * times add up exactly to the ticket's business time.
 */
import { NOT_STARTED, PAUSED, RUNNING, STOPPED, Reading, phaseAfter } from "./clock";

/** One event of one ticket, as holding times read it. */
export interface HoldingEvent {
  /** Instant in milliseconds (the same instants the reading reads). */
  readonly time: number;
  /** The holder named at this event; null or "" keeps the current holder (a blank cell). */
  readonly holder: string | null;
  /** `START`, `PAUSE`, `STOP` or 0 (see `stateCode`). */
  readonly code: number;
}

/** One uninterrupted spell of one holder. */
export interface HoldingSpell {
  readonly holder: string;
  /** Instant of the event that gave the holder the ticket. */
  readonly from: number;
  /** Instant of the next change of holder; for the last spell, the last instant counted (the stop, `asOf` or the last event). */
  readonly to: number;
  /** Business milliseconds the clock ran during the spell. */
  readonly heldMs: number;
  /** Business milliseconds the clock was paused during the spell. */
  readonly pausedMs: number;
}

/** A holder's total over a ticket. */
export interface Holding {
  readonly holder: string;
  /** Instant the holder first got the ticket. */
  readonly from: number;
  readonly heldMs: number;
  readonly pausedMs: number;
  /** How many times the holder got the ticket (a ticket sent back counts again). */
  readonly spells: number;
}

/** How holding times are counted. */
export interface HoldingOptions {
  /** True when no start state is given: the ticket's first event starts the clock. */
  readonly startAtFirst: boolean;
  /** Count a ticket that is not stopped up to this instant, when later than its last event. */
  readonly asOf?: number;
}

/**
 * The spells of one ticket, in time order. Cost: O(events), two readings per counted interval.
 * @param events - The ticket's events in time order (equal times in table order).
 * @param reading - Business time at an instant (`serialReading`, `zonedReading`).
 * @param options - Whether the first event starts the clock, and the as-of instant.
 * @returns One spell per change of holder; time before the first holder is named is no one's.
 * @example
 * // Mon-Fri 09:00-17:00: opened Monday 09:00 by G1, G2 from 10:30, resolved 12:00
 * holdingSpells([{ time: mon9, holder: "G1", code: START }, { time: mon1030, holder: "G2", code: 0 },
 *   { time: mon12, holder: null, code: STOP }], reading, { startAtFirst: false })
 * // => [{ holder: "G1", heldMs: 1.5 h, ... }, { holder: "G2", heldMs: 1.5 h, ... }]
 */
export function holdingSpells(
  events: readonly HoldingEvent[],
  reading: Reading,
  options: HoldingOptions,
): HoldingSpell[] {
  const spells: HoldingSpell[] = [];
  let holder: string | null = null;
  let from = 0;
  let held = 0;
  let paused = 0;
  let lastCounted = 0;
  let phase = NOT_STARTED;
  let previousReading = 0;
  const close = (to: number) => {
    if (holder !== null) spells.push({ holder, from, to, heldMs: held, pausedMs: paused });
  };
  for (let k = 0; k < events.length; k++) {
    const { time, code } = events[k];
    // The interval since the previous event belongs to the holder before this event.
    if (phase === RUNNING || phase === PAUSED) {
      const now = reading(time);
      if (phase === RUNNING) held += now - previousReading;
      else paused += now - previousReading;
      previousReading = now;
      lastCounted = time;
    }
    const named = events[k].holder;
    if (named !== null && named !== "" && named !== holder) {
      close(time);
      holder = named;
      from = time;
      held = 0;
      paused = 0;
    }
    const next = phaseAfter(phase, code, k === 0, options.startAtFirst);
    if (next !== NOT_STARTED) {
      if ((phase === NOT_STARTED || phase === STOPPED) && next !== STOPPED) previousReading = reading(time);
      if (next !== STOPPED || phase !== STOPPED) lastCounted = time;
      phase = next;
    }
  }
  const { asOf } = options;
  if ((phase === RUNNING || phase === PAUSED) && asOf !== undefined && events.length && asOf > lastCounted) {
    const now = reading(asOf);
    if (phase === RUNNING) held += now - previousReading;
    else paused += now - previousReading;
    lastCounted = asOf;
  }
  close(Math.max(from, lastCounted));
  return spells;
}

/**
 * Each holder's total over one ticket, in order of first holding: the spells of `holdingSpells`
 * added up per holder. Cost: O(events).
 * @param events - The ticket's events in time order.
 * @param reading - Business time at an instant.
 * @param options - Whether the first event starts the clock, and the as-of instant.
 * @returns One entry per holder.
 * @example
 * holdingTimes(events, reading, { startAtFirst: false }).map((h) => h.heldMs / 3600000)
 * // => [1.5, 1.5] for the example of holdingSpells
 */
export function holdingTimes(events: readonly HoldingEvent[], reading: Reading, options: HoldingOptions): Holding[] {
  const byHolder = new Map<
    string,
    { holder: string; from: number; heldMs: number; pausedMs: number; spells: number }
  >();
  for (const s of holdingSpells(events, reading, options)) {
    const h = byHolder.get(s.holder);
    if (h) {
      h.heldMs += s.heldMs;
      h.pausedMs += s.pausedMs;
      h.spells++;
    } else
      byHolder.set(s.holder, { holder: s.holder, from: s.from, heldMs: s.heldMs, pausedMs: s.pausedMs, spells: 1 });
  }
  return [...byHolder.values()];
}
