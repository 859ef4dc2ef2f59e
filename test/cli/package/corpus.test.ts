/**
 * The corpus of Excel-saved workbooks (test/fixtures/excel-saved/, from Apache POI's test data)
 * through the real commands, in-process (test/cli/package/pipeline.ts): upgrade, close,
 * tickets --workbook, new-contract --workbook and review. For each output: every part validates against the ECMA-376 schemas and Excel's stricter checks, every
 * client part is byte-identical to the input, and the tables, drawings, hyperlinks and defined
 * names are all still there.
 */
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "../helpers";
import { validatePackage } from "../../support/ooxml";
import { changedClientParts, newParts, partsOf, PIPELINE_COMMANDS, runPipeline } from "./pipeline";
import { describeWith, XMLLINT } from "../../support/programs";

const CORPUS = path.join(__dirname, "..", "..", "fixtures", "excel-saved");
const FILES = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".xlsx"));

let dir: string;
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What must survive: table and drawing parts, hyperlinks in sheets, the defined names. */
async function inventory(file: string) {
  const parts = await partsOf(file);
  const names = [...parts.keys()];
  let hyperlinks = 0;
  for (const [name, bytes] of parts) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name))
      hyperlinks += (bytes.toString("utf8").match(/<hyperlink\b/g) ?? []).length;
  }
  const book = parts.get("xl/workbook.xml")!.toString("utf8");
  return {
    tables: names.filter((n) => /^xl\/tables\//.test(n)).sort(),
    drawings: names.filter((n) => /^xl\/(drawings|charts|media)\//.test(n)).sort(),
    hyperlinks,
    definedNames: /<definedNames>[\s\S]*?<\/definedNames>/.exec(book)?.[0] ?? "",
  };
}

describeWith(XMLLINT)("the Excel-saved corpus", () => {
  test("the corpus holds at least 30 Excel-saved workbooks", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(FILES)("%s", (name) => {
    test("every command: valid parts, client parts byte-identical, tables, drawings, hyperlinks and names kept", async () => {
      const input = path.join(CORPUS, name);
      expect(await validatePackage(input)).toEqual([]);
      const before = await inventory(input);
      const work = fs.mkdtempSync(path.join(dir, "c-"));
      const steps = await runPipeline(input, work);
      expect(steps.map((s) => s.command)).toEqual(PIPELINE_COMMANDS);
      for (const step of steps) {
        // The whole package's structure is checked; the schemas see what the step wrote (its
        // client parts are proven identical to the input's, which validated above).
        const written = await newParts(input, step.file);
        expect([step.command, await validatePackage(step.file, written)]).toEqual([step.command, []]);
        expect([step.command, await changedClientParts(input, step.file)]).toEqual([step.command, []]);
        const after = await inventory(step.file);
        expect([step.command, after.tables, after.drawings]).toEqual([step.command, before.tables, before.drawings]);
        expect(after.hyperlinks).toBeGreaterThanOrEqual(before.hyperlinks);
        // Every client name is still there, unchanged (the product may add print titles of its own sheets).
        for (const name of before.definedNames.match(/<definedName\b[^>]*>[^<]*<\/definedName>/g) ?? []) {
          expect(after.definedNames).toContain(name);
        }
      }
      fs.rmSync(work, { recursive: true, force: true });
    }, 180_000);
  });
});
