/**
 * Times in ticket exports, read by the one date reader of every importer (src/import/dates.ts):
 * ISO 8601 with or without an offset, `YYYY-MM-DD HH:MM[:SS]`, Excel serials from .xlsx files,
 * and day/month dates in the order given or inferred from the whole column. A time with an
 * offset is an instant; one without is a local wall-clock time, converted to an instant later
 * with the run's zone (zone.ts).
 */
import { readTime } from "../import/dates";

export type { DateOrder, ParsedTime, TimeProblem } from "../import/dates";
export { isTimeProblem } from "../import/dates";

/**
 * Reads one time cell of an export (see `readTime` in src/import/dates.ts).
 * @example parseTime("31/03/2024 09:15", "DMY") // => { ms: Date.UTC(2024, 2, 31, 9, 15), local: true }
 */
export const parseTime = readTime;
