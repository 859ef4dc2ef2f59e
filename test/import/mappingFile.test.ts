/**
 * Every reason a mapping file is refused (src/import/mappingFile.ts, texts in src/errors.ts's
 * importMessages.mappingFileWhy), by its exact words; and a client's text quoted bounded.
 */
import { isFailure } from "../../src/errors";
import { MAPPING_USES, parseMappingFile } from "../../src/import/mappingFile";

/** The refusal of a file's text for the upgrade, or "read". */
const refusal = (text: string) => {
  const read = parseMappingFile(text, "m.json", MAPPING_USES.upgrade);
  return isFailure(read) ? read.message : "read";
};

describe("parseMappingFile's refusals", () => {
  test.each([
    ["[1, 2]", "not a JSON object"],
    ['{"version": 2}', "version must be 1"],
    ['{"sheet": 3}', '"sheet" must be text'],
    ['{"headerRow": 0}', '"headerRow" must be a row number from 1'],
    ['{"headerRow": 2.5}', '"headerRow" must be a row number from 1'],
    ['{"columns": ["Initiative"]}', '"columns" must map fields to headers'],
    ['{"columns": {"measure": 7}}', 'the column of "measure" must be a header or null'],
    ['{"values": []}', '"values" must map fields to value maps'],
    [
      '{"values": {"gate": {"Done": 5}}}',
      'the values of "gate" must map words to values, such as {"In Progress": "L3"}',
    ],
    ['{"dateOrder": "YMD"}', '"dateOrder" must be "DMY" or "MDY"'],
    ['{"decimal": ";"}', '"decimal" must be "." or ","'],
    ['{"colums": {}}', 'unknown key "colums"; keys are version, sheet, headerRow, columns, values, dateOrder, decimal'],
  ])("%s: %s", (text, why) => {
    expect(refusal(text)).toBe(`the mapping file m.json: ${why}.`);
  });

  test("JSON that does not parse is named with the parser's words", () => {
    expect(refusal("{ columns: }")).toMatch(/^the mapping file m\.json: not JSON \(.+\)\.$/);
  });

  test("a client's key or field name is quoted cut to 40 characters, never whole", () => {
    const long = "x".repeat(5_000);
    expect(refusal(`{"${long}": 1}`)).toBe(
      `the mapping file m.json: unknown key "${"x".repeat(37)}..."; keys are version, sheet, headerRow, columns, values, dateOrder, decimal.`,
    );
    expect(refusal(`{"columns": {"${long}": 1}}`)).toBe(
      `the mapping file m.json: the column of "${"x".repeat(37)}..." must be a header or null.`,
    );
  });

  test("a file of every entry, each right, is read", () => {
    expect(
      refusal(
        '{"version": 1, "sheet": "Tracker", "headerRow": 3, "columns": {"measure": "Initiative", "project": null}, ' +
          '"values": {"gate": {"Done": "L5"}}, "dateOrder": "DMY", "decimal": ","}',
      ),
    ).toBe("read");
  });
});
