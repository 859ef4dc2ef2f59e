import fc from "fast-check";
import { areaLookup, CellArea, columnLetter, parseArea } from "../../src/governance/model";

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

describe("areaLookup: the first area holding a cell", () => {
  const naive = (areas: readonly CellArea[], r: number, c: number) =>
    areas.find((a) => r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2);

  test("worked example: a format per row beside column-wide ones, the earlier area winning", () => {
    const areas = [
      ...Array.from({ length: 2000 }, (_, i) => ({ ...parseArea(`F${10 + i}:I${10 + i}`), id: `row ${10 + i}` })),
      { ...parseArea("F10:F2009"), id: "never: a row's own area comes first" },
      { ...parseArea("J10:J2009"), id: "column J" },
    ];
    const at = areaLookup(areas);
    expect(at(10, 6)?.id).toBe("row 10");
    expect(at(2009, 9)?.id).toBe("row 2009");
    expect(at(500, 10)?.id).toBe("column J");
    expect(at(9, 6)).toBeUndefined();
    expect(at(2010, 10)).toBeUndefined();
    expect(at(500, 11)).toBeUndefined();
  });

  test("equals a scan of the areas in order, for rows in any order", () => {
    const area = fc
      .tuple(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(3),
      )
      .map(([r1, h, c1, w]) => ({ r1, r2: r1 + h, c1, c2: c1 + w }));
    fc.assert(
      fc.property(
        fc.array(area, { maxLength: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 11 })), { maxLength: 80 }),
        (areas, cells) => {
          const at = areaLookup(areas);
          for (const [r, c] of cells) expect(at(r, c)).toBe(naive(areas, r, c));
        },
      ),
    );
  });
});
