import fc from "fast-check";
import { classifyScore, netScore, netScoreOfCounts, parseScale, ScoreScale } from "../../src/experience/netScore";
import { Failure, isFailure } from "../../src/errors";

const scale = (text?: string) => {
  const s = parseScale(text);
  if (isFailure(s)) throw new Error(s.message);
  return s;
};

describe("netScore: worked examples", () => {
  test("{10, 9, 9, 10, 8, 7, 6, 0} on 0-10 gives +25 (4 positive, 2 negative of 8)", () => {
    expect(netScore([10, 9, 9, 10, 8, 7, 6, 0], scale("0-10"))).toBe(25);
  });

  test('25% little effort, 55% neutral, 20% much effort on "1-5 low" gives +5', () => {
    // 20 answers: 5 of 1-2 (little effort, good), 11 of 3, 4 of 4-5 (much effort, bad).
    const answers = [1, 2, 1, 2, 1, ...Array(11).fill(3), 4, 5, 5, 4];
    expect(netScore(answers, scale("1-5 low"))).toBe(5);
  });

  test("the presets put each score on its side", () => {
    const sides = (text: string, scores: number[]) => scores.map((v) => classifyScore(v, scale(text)));
    expect(sides("0-10", [0, 6, 7, 8, 9, 10])).toEqual([-1, -1, 0, 0, 1, 1]);
    expect(sides("1-5", [1, 2, 3, 4, 5])).toEqual([-1, -1, 0, 1, 1]);
    expect(sides("1-7", [1, 2, 3, 5, 6, 7])).toEqual([-1, -1, 0, 0, 1, 1]);
    expect(sides("1-5 low", [1, 2, 3, 4, 5])).toEqual([1, 1, 0, -1, -1]);
    expect(sides("pos 9-10; neg 0-6", [0, 6, 7, 9])).toEqual([-1, -1, 0, 1]);
  });

  test("the default scale is 0-10; presets read in any case and spacing; explicit bands in either order", () => {
    expect(scale(undefined).text).toBe("0-10");
    expect(scale("").text).toBe("0-10");
    expect(scale(" 1 - 5  LOW ").positive).toEqual({ low: 1, high: 2 });
    const b = scale("neg 1-3; pos 8-10");
    expect(b.positive).toEqual({ low: 8, high: 10 });
    expect(b.range).toEqual({ low: 1, high: 10 });
    expect(scale("Positive: 4-5; Negative: 1-2").negative).toEqual({ low: 1, high: 2 });
  });
});

describe("netScore: edge cases", () => {
  test("blanks (NaN) are skipped; all blank has no base", () => {
    expect(netScore([10, NaN, 0, NaN], scale())).toBe(0);
    const none = netScore([NaN, NaN], scale()) as Failure;
    expect(none.code).toBe("#DIV/0!");
    expect(none.message).toBe("scores: no score is given (every cell is blank), so there is no net score.");
  });

  test("a score outside the scale is #VALUE! naming its position", () => {
    const e = netScore([9, 11], scale(), { arg: "scores", at: (i) => `row ${i + 1}, column 1` }) as Failure;
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toBe("scores (row 2, column 1): 11 is outside the scale 0-10.");
    expect(isFailure(netScore([0], scale("1-5")))).toBe(true);
  });

  test("bad scales name what is accepted", () => {
    for (const bad of ["0-100", "pos 9-10", "pos 9-10; neg 0-6; pos 1-2", 5, true, "pos 10-9; neg 0-6"]) {
      const e = parseScale(bad) as Failure;
      expect(e.code).toBe("#VALUE!");
      expect(e.message).toMatch(/^scale: /);
    }
    expect((parseScale("pos 5-10; neg 0-6") as Failure).message).toContain("overlap");
  });

  test("all positive is +100, all negative -100, one neutral 0", () => {
    expect(netScore([9, 10, 10], scale())).toBe(100);
    expect(netScore([0, 3, 6], scale())).toBe(-100);
    expect(netScore([7], scale())).toBe(0);
    expect(netScoreOfCounts(0, 0, 0)).toBeUndefined();
  });
});

describe("netScore: properties", () => {
  const scales: ScoreScale[] = ["0-10", "1-5", "1-7", "1-5 low", "pos 9-10; neg 0-6"].map((t) => scale(t));
  const scoresOn = (s: ScoreScale) =>
    fc.array(fc.oneof(fc.integer({ min: s.range.low, max: s.range.high }), fc.constant(NaN)), {
      minLength: 1,
      maxLength: 60,
    });

  test("lies in [-100, 100] and equals the naive count", () => {
    for (const s of scales) {
      fc.assert(
        fc.property(scoresOn(s), (scores) => {
          const given = scores.filter((v) => !Number.isNaN(v));
          const r = netScore(scores, s);
          if (!given.length) return isFailure(r);
          const pos = given.filter((v) => v >= s.positive.low && v <= s.positive.high).length;
          const neg = given.filter((v) => v >= s.negative.low && v <= s.negative.high).length;
          const n = r as number;
          return n >= -100 && n <= 100 && Math.abs(n - (100 * (pos - neg)) / given.length) < 1e-12;
        }),
      );
    }
  });

  test("is invariant under permuting the scores", () => {
    for (const s of scales) {
      fc.assert(
        fc.property(
          scoresOn(s).chain((scores) =>
            fc.tuple(fc.constant(scores), fc.shuffledSubarray(scores, { minLength: scores.length })),
          ),
          ([scores, shuffled]) =>
            Object.is(netScore(scores, s), netScore(shuffled, s)) ||
            (isFailure(netScore(scores, s)) && isFailure(netScore(shuffled, s))),
        ),
      );
    }
  });

  test("does not mutate its input", () => {
    const scores = [10, 0, NaN];
    netScore(scores, scale());
    expect(scores).toEqual([10, 0, NaN]);
  });
});
