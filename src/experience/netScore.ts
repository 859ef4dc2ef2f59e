/**
 * The net score of a survey: the share of positive answers minus the share of negative ones,
 * from -100 to +100 (the NPS and happiness convention). Which scores are positive and which
 * negative is the scale's business: a preset ("0-10", "1-5", "1-7", "1-5 low") or explicit
 * bands ("pos 9-10; neg 0-6"). The one home of this rule: GOV.NET_SCORE, the `experience`
 * command and the review all classify answers here.
 */
import { Failure, Result, clipText, experienceMessages, fail } from "../errors";

/** A closed band of scores, `low <= score <= high`. */
export interface Band {
  readonly low: number;
  readonly high: number;
}

/** A scale: its positive and negative bands and the range every score must lie in. */
export interface ScoreScale {
  readonly positive: Band;
  readonly negative: Band;
  /** The lowest and highest score on the scale (the bands' hull for explicit bands). */
  readonly range: Band;
  /** The scale as written, for messages and sheets. */
  readonly text: string;
}

/** The scale GOV.NET_SCORE assumes when none is given. */
export const DEFAULT_SCALE = "0-10";

const PRESETS: Readonly<Record<string, Omit<ScoreScale, "text">>> = {
  // The NPS and happiness convention: 9-10 promoters, 0-6 detractors.
  "0-10": { positive: { low: 9, high: 10 }, negative: { low: 0, high: 6 }, range: { low: 0, high: 10 } },
  "1-5": { positive: { low: 4, high: 5 }, negative: { low: 1, high: 2 }, range: { low: 1, high: 5 } },
  "1-7": { positive: { low: 6, high: 7 }, negative: { low: 1, high: 2 }, range: { low: 1, high: 7 } },
  // Effort scores: low is good.
  "1-5 low": { positive: { low: 1, high: 2 }, negative: { low: 4, high: 5 }, range: { low: 1, high: 5 } },
};

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const BAND = new RegExp(String.raw`^(pos|neg)\w*\s*:?\s*${NUMBER}\s*-\s*${NUMBER}$`, "i");

/**
 * Reads a scale: a preset (case and spaces ignored) or explicit bands `"pos A-B; neg C-D"`
 * (either order; "positive"/"negative" spelled out also read). Cost: O(length of the text).
 * @param value - The scale as typed; blank takes {@link DEFAULT_SCALE}.
 * @returns The scale, or a `#VALUE!` failure naming what is accepted.
 * @example parseScale("1-5 low").positive // => { low: 1, high: 2 }
 * @example parseScale("pos 9-10; neg 0-6").negative // => { low: 0, high: 6 }
 */
export function parseScale(value: unknown): Result<ScoreScale> {
  if (value === null || value === undefined || value === "") return { ...PRESETS[DEFAULT_SCALE], text: DEFAULT_SCALE };
  if (typeof value !== "string") return fail("#VALUE!", experienceMessages.badScale(value));
  const text = value.trim().replace(/\s+/g, " ");
  const preset = PRESETS[text.toLowerCase().replace(/\s*-\s*/g, "-")];
  if (preset) return { ...preset, text: text.toLowerCase() };
  const parts = text.split(/[;,]/).map((p) => p.trim());
  const bands: Partial<Record<"pos" | "neg", Band>> = {};
  for (const part of parts) {
    const m = BAND.exec(part);
    if (!m) return fail("#VALUE!", experienceMessages.badScale(value));
    const kind = m[1].toLowerCase() as "pos" | "neg";
    if (bands[kind]) return fail("#VALUE!", experienceMessages.badScale(value));
    const band = { low: Number(m[2]), high: Number(m[3]) };
    if (band.low > band.high) return fail("#VALUE!", experienceMessages.bandReversed(text));
    bands[kind] = band;
  }
  const { pos, neg } = bands;
  if (!pos || !neg) return fail("#VALUE!", experienceMessages.badScale(value));
  if (pos.low <= neg.high && neg.low <= pos.high) return fail("#VALUE!", experienceMessages.bandsOverlap(text));
  return {
    positive: pos,
    negative: neg,
    range: { low: Math.min(pos.low, neg.low), high: Math.max(pos.high, neg.high) },
    text: clipText(text, 60),
  };
}

/**
 * Which side a score is on: 1 positive, -1 negative, 0 neutral; NaN when it is outside the
 * scale (the caller says where). Exactly on a band's edge is inside the band. Cost: O(1).
 * @example classifyScore(9, parseScale("0-10")) // => 1
 * @example classifyScore(7, parseScale("0-10")) // => 0
 */
export function classifyScore(score: number, scale: ScoreScale): number {
  if (!(score >= scale.range.low && score <= scale.range.high)) return NaN;
  if (score >= scale.positive.low && score <= scale.positive.high) return 1;
  if (score >= scale.negative.low && score <= scale.negative.high) return -1;
  return 0;
}

/**
 * The net score of counted answers: (positive - negative) / answers x 100. The numerator is
 * an integer and the one division is rounded once, so the result does not depend on the
 * order the answers came in. Cost: O(1).
 * @returns The net score, or undefined for no answers.
 * @example netScoreOfCounts(4, 2, 8) // => 25
 */
export function netScoreOfCounts(positive: number, negative: number, answers: number): number | undefined {
  return answers > 0 ? ((positive - negative) * 100) / answers : undefined;
}

/** The argument name and the position text of an index, for {@link netScore}'s messages. */
export interface ScoreNames {
  readonly arg: string;
  readonly at?: (i: number) => string;
}

/**
 * The net score of a list of scores, blanks (NaN) skipped. Cost: O(scores).
 * @param scores - The scores, NaN where a cell is blank.
 * @param scale - The scale (see {@link parseScale}).
 * @param names - The argument and positions, for messages.
 * @returns The net score from -100 to +100, `#VALUE!` for a score outside the scale (naming its
 *   position), `#DIV/0!` when no score is given.
 * @example netScore([10, 9, 9, 10, 8, 7, 6, 0], parseScale("0-10")) // => 25
 */
export function netScore(
  scores: ArrayLike<number>,
  scale: ScoreScale,
  names: ScoreNames = { arg: "scores" },
): Result<number> {
  let positive = 0;
  let negative = 0;
  let answers = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (v !== v) continue; // NaN: a blank cell
    const side = classifyScore(v, scale);
    if (side !== side) return outside(v, scale, names, i);
    answers++;
    if (side > 0) positive++;
    else if (side < 0) negative++;
  }
  const score = netScoreOfCounts(positive, negative, answers);
  return score === undefined ? fail("#DIV/0!", experienceMessages.noScores(names.arg)) : score;
}

function outside(v: number, scale: ScoreScale, names: ScoreNames, i: number): Failure {
  return fail(
    "#VALUE!",
    experienceMessages.outsideScale(names.arg, v, scale.range.low, scale.range.high, names.at?.(i)),
  );
}
