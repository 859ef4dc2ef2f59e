import fc from "fast-check";
import { columnLetter, parseArea } from "../../src/governance/model";

describe("A1 ranges of plans", () => {
  test("worked examples", () => {
    expect(columnLetter(0)).toBe("A");
    expect(columnLetter(27)).toBe("AB");
    expect(parseArea("B2")).toEqual({ r1: 2, c1: 2, r2: 2, c2: 2 });
    expect(parseArea("$C$5:D9")).toEqual({ r1: 5, c1: 3, r2: 9, c2: 4 });
    expect(() => parseArea("B:B")).toThrow(/not an A1 range/);
  });
  test("parseArea reads back what columnLetter writes", () => {
    fc.assert(
      fc.property(fc.nat(16383), fc.integer({ min: 1, max: 1048576 }), (c, r) => {
        expect(parseArea(`${columnLetter(c)}${r}`)).toEqual({ r1: r, c1: c + 1, r2: r, c2: c + 1 });
      }),
    );
  });
});
