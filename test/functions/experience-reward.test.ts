/**
 * GOV.NET_SCORE and GOV.SERVICE_POINTS through their entry points, called with the shapes
 * Excel hands over (2-D ranges, "" and null blanks, an omitted optional as null), and their
 * metadata as the build generates it from the JSDoc.
 */
import * as path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata/lib/generate";
import { FakeExcelError, isExcelError } from "../support/bundle";

(globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = { Error: FakeExcelError };
const { NET_SCORE } = require("../../functions/experience");
const { SERVICE_POINTS } = require("../../functions/reward");

const call = (fn: (...a: unknown[]) => unknown, ...args: unknown[]) => {
  try {
    return fn(...args);
  } catch (e) {
    if (e instanceof FakeExcelError) return e;
    throw e;
  }
};
const column = (...values: unknown[]) => values.map((v) => [v]);

describe("GOV.NET_SCORE", () => {
  test("{10, 9, 9, 10, 8, 7, 6, 0} on 0-10 gives +25, as a column, a row, or with the scale omitted", () => {
    expect(call(NET_SCORE, column(10, 9, 9, 10, 8, 7, 6, 0), "0-10")).toBe(25);
    expect(call(NET_SCORE, [[10, 9, 9, 10, 8, 7, 6, 0]], null)).toBe(25);
    expect(
      call(
        NET_SCORE,
        [
          [10, 9],
          [9, 10],
          [8, 7],
          [6, 0],
        ],
        [["0-10"]],
      ),
    ).toBe(25);
  });

  test('the effort example on "1-5 low" gives +5', () => {
    const answers = [1, 2, 1, 2, 1, ...Array(11).fill(3), 4, 5, 5, 4];
    expect(call(NET_SCORE, column(...answers), "1-5 low")).toBe(5);
  });

  test("blank cells are skipped; a non-number is #VALUE! naming its position", () => {
    expect(call(NET_SCORE, column(10, "", null, 0, 9), null)).toBe(100 / 3);
    const e = call(
      NET_SCORE,
      [
        [10, 9],
        [9, "n/a"],
      ],
      null,
    );
    expect(isExcelError(e, "#VALUE!", 'scores (row 2, column 2): expected a number, got text "n/a".')).toBe(true);
    expect(isExcelError(call(NET_SCORE, column(true), null), "#VALUE!", "expected a number, got TRUE")).toBe(true);
    expect(
      isExcelError(
        call(NET_SCORE, column(9, 12), null),
        "#VALUE!",
        "scores (row 2, column 1): 12 is outside the scale 0-10.",
      ),
    ).toBe(true);
    expect(isExcelError(call(NET_SCORE, column("", null), null), "#DIV/0!")).toBe(true);
    expect(isExcelError(call(NET_SCORE, column(9), "0-5"), "#VALUE!", "scale: expected")).toBe(true);
  });
});

describe("GOV.SERVICE_POINTS", () => {
  const bands = [
    [0.99, 0],
    [0.98, 1],
    [0.97, 2],
    [0.96, 3],
    ["below 96%", 4],
  ];
  test("the worked examples: 98.5% -> 1, as a repeat -> 2, 95.9% -> 4, 99% exactly -> 0", () => {
    expect(call(SERVICE_POINTS, [[0.985]], bands, null)).toEqual([[1]]);
    expect(call(SERVICE_POINTS, [[0.985]], bands, [[true]])).toEqual([[2]]);
    expect(call(SERVICE_POINTS, [[0.959]], bands, null)).toEqual([[4]]);
    expect(call(SERVICE_POINTS, [[0.99]], bands, null)).toEqual([[0]]);
  });

  test("element-wise over results and repeats: a blank result gives a blank, a bad one an error in its cell", () => {
    const out = call(
      SERVICE_POINTS,
      column(0.985, 0.985, "", 0.959, "x", 0.97),
      bands,
      column(false, true, true, "", true, "maybe"),
    ) as unknown[][];
    expect(out.slice(0, 4)).toEqual([[1], [2], [""], [4]]);
    expect(isExcelError(out[4][0], "#VALUE!", 'result (row 5, column 1): expected a number, got text "x".')).toBe(true);
    expect(isExcelError(out[5][0], "#VALUE!", "repeat (row 6, column 1): expected TRUE or FALSE")).toBe(true);
  });

  test("a table that cannot be read fails the whole call, naming the row", () => {
    const e = call(
      SERVICE_POINTS,
      [[0.9]],
      [
        [0.99, 0],
        [0.98, 1],
        [0.985, 2],
      ],
      null,
    );
    expect(isExcelError(e, "#VALUE!", "bands (row 3, column 1): thresholds must all fall")).toBe(true);
    expect(isExcelError(call(SERVICE_POINTS, [[0.9]], 0.99, null), "#VALUE!", "two columns")).toBe(true);
  });
});

test("the metadata names the parameters as the issue does", async () => {
  const root = path.resolve(__dirname, "..", "..");
  const result = await generateCustomFunctionsMetadata(
    ["experience.ts", "reward.ts"].map((f) => path.join(root, "functions", f)),
  );
  expect(result.errors).toEqual([]);
  const functions = JSON.parse(result.metadataJson).functions as {
    id: string;
    parameters: { name: string; optional?: boolean }[];
  }[];
  const params = (id: string) =>
    functions.find((f) => f.id === id)?.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}`);
  expect(params("NET_SCORE")).toEqual(["scores", "scale?"]);
  expect(params("SERVICE_POINTS")).toEqual(["result", "bands", "repeat?"]);
});
