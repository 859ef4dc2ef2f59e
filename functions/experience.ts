/* Custom functions: experience level agreements (XLA). Metadata comes from the JSDoc below. */
import { netScore, parseScale } from "../src/experience/netScore";
import { ANY_NUMBER, positionOf, readRange, scalar, shapeOf, startCall, unwrap } from "./excel";

/**
 * Net score of survey answers: the share of positive answers minus the share of negative ones, from -100 to +100. Blank cells are skipped; a non-number is #VALUE! naming its position.
 * @customfunction NET_SCORE
 * @param {any[][]} scores Survey scores, one per answer (any shape).
 * @param {any} [scale] "0-10" (default: 9-10 positive, 0-6 negative), "1-5", "1-7", "1-5 low" (effort: low is good), or bands such as "pos 9-10; neg 0-6".
 * @returns {number} The net score.
 */
export function NET_SCORE(scores: any[][], scale?: any): number {
  startCall();
  const bands = unwrap(scalar(scale, "scale", (v) => parseScale(v)));
  const [rows, cols] = shapeOf(scores);
  const values = unwrap(readRange(scores, "scores", ANY_NUMBER));
  return unwrap(netScore(values, bands, { arg: "scores", at: rows * cols > 1 ? positionOf(cols) : undefined }));
}
