/**
 * Excel data-type values as arguments (functions.json declares allowCustomDataForDataTypeAny,
 * so Excel passes them): each is read as its plain value, through the built bundle. Shapes as
 * Excel's data-types documentation gives them (Excel.DoubleCellValue, FormattedNumberCellValue,
 * StringCellValue, EntityCellValue, ErrorCellValue, WebImageCellValue).
 */
import { FakeExcelError, isExcelError, loadBundle } from "../support/bundle";
import { FRI, MON, SAMPLE_CALLS, at } from "./samples";

const bundle = loadBundle();

const double = (n: number) => ({ type: "Double", basicType: "Double", basicValue: n });
const formatted = (n: number) => ({
  type: "FormattedNumber",
  basicType: "Double",
  basicValue: n,
  numberFormat: "0.00%",
});
const entity = (text: string) => ({
  type: "Entity",
  text,
  basicType: "Error",
  basicValue: "#VALUE!",
  properties: { Owner: { type: "String", basicValue: "Ops" } },
});
const stringValue = (text: string) => ({ type: "String", basicType: "String", basicValue: text });

type Wrap = (v: unknown) => unknown;
/** Every cell (and single value) of the arguments through `wrap`; blanks and nulls stay. */
function wrapAll(args: unknown[], wrap: Wrap): unknown[] {
  const one = (v: unknown) => (v === null || v === "" ? v : wrap(v));
  return args.map((a) => (Array.isArray(a) ? a.map((row: unknown[]) => row.map(one)) : one(a)));
}
const numbersAs =
  (make: (n: number) => unknown): Wrap =>
  (v) =>
    typeof v === "number" ? make(v) : v;
const textAs =
  (make: (s: string) => unknown): Wrap =>
  (v) =>
    typeof v === "string" ? make(v) : v;

describe("every function reads data-type values as their plain value", () => {
  const kinds: Array<[string, Wrap]> = [
    ["Double", numbersAs(double)],
    ["FormattedNumber", numbersAs(formatted)],
    ["Entity (text)", textAs(entity)],
    ["String", textAs(stringValue)],
    ["Double and Entity together", (v) => numbersAs(double)(textAs(entity)(v))],
  ];
  test.each(SAMPLE_CALLS.map(([id, args]) => [id, args] as const))("%s", (id, args) => {
    const expected = bundle.call(id, ...args);
    expect(expected).not.toBeInstanceOf(FakeExcelError);
    for (const [, wrap] of kinds) expect(bundle.call(id, ...wrapAll(args, wrap))).toEqual(expected);
  });
});

describe("minimal reproductions (F1, F2)", () => {
  test("GOV.CLOCK keeps tickets with entity IDs apart (not one '[object Object]' ticket)", () => {
    const ids = [[entity("INC1")], [entity("INC2")], [entity("INC1")], [entity("INC2")]];
    const times = [[at(FRI, 9)], [at(FRI, 10)], [at(FRI, 15)], [at(FRI, 16)]];
    const states = [["New"], ["New"], ["Resolved"], ["Resolved"]];
    const out = bundle.call("CLOCK", ids, times, states, "New", "", "Resolved", null, null, null) as unknown[][];
    expect(out.map((row) => [row[0], row[3]])).toEqual([
      ["INC1", 6],
      ["INC2", 6],
    ]);
  });

  test("a formatted percentage is a number (no '#VALUE! ... got [object Object]')", () => {
    expect(bundle.call("OLA_GAP", formatted(8), [[double(2)], [formatted(3)]])).toBe(3);
    expect(bundle.call("ATTAINMENT", [[formatted(0.9)], [formatted(0.99)]], formatted(0.95), ">=")).toBe(0.5);
  });

  test("a data type with no plain value is refused, and the message says what it is", () => {
    const image = { type: "WebImage", address: "https://example.com/a.png", basicType: "Error", basicValue: "#VALUE!" };
    const error = { type: "Error", basicType: "Error", basicValue: "#N/A", errorType: "NotAvailable" };
    const a = bundle.call("OLA_GAP", 8, [[2], [image]]);
    expect(
      isExcelError(a, "#VALUE!", "ola_targets (row 2, column 1): expected a number, got a WebImage data type"),
    ).toBe(true);
    const b = bundle.call("ELAPSED", [[error]], [[MON]], null, null) as unknown[][];
    expect(isExcelError(b[0][0], "#VALUE!", "got the error #N/A")).toBe(true);
    const c = bundle.call("OLA_GAP", entity("eight hours"), [[2]]);
    expect(isExcelError(c, "#VALUE!", 'got text "eight hours"')).toBe(true);
    for (const r of [a, b[0][0], c]) expect((r as FakeExcelError).message).not.toContain("[object Object]");
  });

  test("an Empty data type is a blank", () => {
    expect(bundle.call("OLA_GAP", 8, [[2], [{ type: "Empty", basicValue: "" }]])).toBe(6);
  });
});
