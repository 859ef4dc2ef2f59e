import fc from "fast-check";
import { beats, misses, parseDirection } from "../src/direction";
import { isFailure } from "../src/errors";

describe("parseDirection", () => {
  test.each([
    [">=", ">="],
    ["<=", "<="],
    ["  >= ", ">="],
    ["\t<=", "<="],
  ])("reads %p as %p", (text, direction) => {
    expect(parseDirection(text, "direction")).toBe(direction);
  });

  test.each([["=>"], [">"], ["<"], ["=<"], ["> ="], ["higher"], [""], [1], [true], [null]])("rejects %p", (value) => {
    const r = parseDirection(value, "directions", "row 2, column 1");
    expect(isFailure(r) && r.code).toBe("#VALUE!");
    expect(isFailure(r) && r.message).toMatch(/^directions \(row 2, column 1\): expected ">=" .* or "<=" .*, got /);
  });

  test("the message quotes the text it got", () => {
    const r = parseDirection("=>", "direction");
    expect(isFailure(r) && r.message).toBe(
      'direction: expected ">=" (higher is better) or "<=" (lower is better), got text "=>".',
    );
  });
});

describe("misses and beats", () => {
  test("exactly at the threshold is met and does not beat it, both ways", () => {
    expect(misses(0.98, 0.98, ">=")).toBe(false);
    expect(misses(0.98, 0.98, "<=")).toBe(false);
    expect(beats(0.98, 0.98, ">=")).toBe(false);
    expect(beats(0.98, 0.98, "<=")).toBe(false);
  });

  test("higher is better with >=, lower with <=", () => {
    expect(misses(0.9799, 0.98, ">=")).toBe(true);
    expect(misses(0.9801, 0.98, ">=")).toBe(false);
    expect(misses(0.0501, 0.05, "<=")).toBe(true);
    expect(misses(0.0499, 0.05, "<=")).toBe(false);
    expect(beats(0.9801, 0.98, ">=")).toBe(true);
    expect(beats(0.0499, 0.05, "<=")).toBe(true);
  });

  test("property: a level beats, meets exactly, or misses; never two of them", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), fc.constantFrom(">=", "<="), (v, t, d) => {
        const states = [beats(v, t, d), v === t, misses(v, t, d)].filter(Boolean);
        expect(states).toHaveLength(1);
        // Turning the direction round swaps the roles of level and threshold.
        expect(misses(v, t, d)).toBe(misses(t, v, d === ">=" ? "<=" : ">="));
      }),
    );
  });
});
