/**
 * A small, explicit, bounded cache of compiled calendars, keyed by calendar text and holiday list.
 *
 * Compiling costs O(10080 + h log h); a spill of ELAPSED or DUE compiles once per call, and
 * the cache lets the next call with the same text and holidays (a column of formulas, a
 * recalculation) skip even that. The caller creates the cache and decides its size; the
 * only state is inside the object returned.
 */
import { Result } from "../errors";
import { Calendar, compileCalendar } from "./compile";

/** A cache of compiled calendars; see `createCalendarCache`. */
export interface CalendarCache {
  /**
   * The compiled calendar for this text and these holidays, compiled on a miss.
   * Cost: O(text + holidays) on a hit. A failure is cached like a calendar: a column of
   * formulas with one bad calendar text must not parse it again in every cell.
   */
  get(text: string, holidays: readonly number[]): Result<Calendar>;
  /** How many calendars (and failures) are held (at most the limit). */
  readonly size: number;
}

/**
 * Creates an empty cache that keeps the `limit` most recently used calendars.
 * @param limit - How many compiled calendars to keep (each about 40 KB plus its holidays).
 * @returns The cache.
 * @example
 * const cache = createCalendarCache(8);
 * cache.get("Mon-Fri 09:00-17:00", []) === cache.get("Mon-Fri 09:00-17:00", []) // => true
 */
export function createCalendarCache(limit: number): CalendarCache {
  if (!(limit >= 1)) throw new RangeError(`createCalendarCache: limit must be 1 or more, got ${limit}`);
  const entries = new Map<string, Result<Calendar>>();
  return {
    get(text, holidays) {
      // The holidays are part of the key as given (order and repeats included): a cheap key
      // that never confuses two lists; a reordered list only costs one more compile.
      const key = `${text}\u0000${holidays.join(",")}`;
      const hit = entries.get(key);
      if (hit) {
        // Most recently used last, so the first key in the map is the one to evict.
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const compiled = compileCalendar(text, holidays);
      if (entries.size >= limit) entries.delete(entries.keys().next().value as string);
      entries.set(key, compiled);
      return compiled;
    },
    get size() {
      return entries.size;
    },
  };
}
