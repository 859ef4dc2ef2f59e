import fc from "fast-check";
import { isFailure } from "../../src/errors";
import { RAGS, RAG_SEVERITY, Rag, parseRag, worstRag } from "../../src/status/rag";

describe("parseRag", () => {
  test.each([
    ["Green", "Green"],
    ["green", "Green"],
    ["GREEN", "Green"],
    ["G", "Green"],
    ["g", "Green"],
    ["Amber", "Amber"],
    ["aMbEr", "Amber"],
    ["a", "Amber"],
    ["Red", "Red"],
    ["r", "Red"],
    [" red ", "Red"],
  ])("reads %j as %s", (text, rag) => {
    expect(parseRag(text)).toBe(rag);
  });

  test.each([["Yellow"], ["gr"], ["R A G"], [""], ["constructor"], ["toString"], ["__proto__"]])(
    "rejects text %j naming the accepted words",
    (text) => {
      const r = parseRag(text, "impl_status", "row 2, column 1");
      expect(isFailure(r) && r.code).toBe("#VALUE!");
      expect(isFailure(r) && r.message).toBe(
        `impl_status (row 2, column 1): expected Green, Amber or Red (or G, A, R; any case), got text "${text}".`,
      );
    },
  );

  test.each([[1], [true], [null], [undefined]])("rejects non-text %j", (value) => {
    expect(isFailure(parseRag(value))).toBe(true);
  });

  test("round-trips every word in any case", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RAGS),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (rag, initial, upper) => {
          const text = (initial ? rag[0] : rag)
            .split("")
            .map((ch, i) => (upper[i % 5] ? ch.toUpperCase() : ch.toLowerCase()))
            .join("");
          expect(parseRag(text)).toBe(rag);
        },
      ),
    );
  });
});

describe("worstRag", () => {
  test("orders Red over Amber over Green", () => {
    expect(RAGS.map((r) => RAG_SEVERITY[r])).toEqual([0, 1, 2]);
    expect(worstRag([])).toBe("Green");
    expect(worstRag(["Green", "Green"])).toBe("Green");
    expect(worstRag(["Green", "Amber", "Green"])).toBe("Amber");
    expect(worstRag(["Amber", "Red", "Green"])).toBe("Red");
  });

  test("matches a naive reference: the highest severity present", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Rag>(...RAGS)), (list) => {
        const naive = list.includes("Red") ? "Red" : list.includes("Amber") ? "Amber" : "Green";
        expect(worstRag(list)).toBe(naive);
      }),
    );
  });

  test("does not mutate its input", () => {
    const list: Rag[] = ["Red", "Green"];
    worstRag(list);
    expect(list).toEqual(["Red", "Green"]);
  });
});
