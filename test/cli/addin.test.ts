/**
 * The add-in reference in files the command line writes (the parts Excel saves so it loads
 * the add-in on open), and client formulas, native and GOV, surviving the copy unchanged.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { Workbook } from "exceljs";
import { FUNCTION_IDS, readManifestIdentity, REL_TASKPANES, TYPE_TASKPANES, TYPE_WEBEXTENSION } from "../../cli/addin";
import { cli, tempDir } from "./helpers";

const ROOT = path.resolve(__dirname, "..", "..");

async function zipOf(file: string): Promise<JSZip> {
  return JSZip.loadAsync(fs.readFileSync(file));
}

let dir: string;
let client: string;

beforeAll(async () => {
  dir = tempDir();
  // A client sheet with a native formula and a GOV formula, each with its cached value, as Excel saves them.
  const wb = new Workbook();
  const ws = wb.addWorksheet("Initiatives");
  ws.addRow(["Measure", "Planned Savings", "Double", "Opened", "Resolved", "Hours"]);
  ws.addRow([
    "Renegotiate hosting",
    1000,
    { formula: "B2*2", result: 2000 },
    46000.375,
    46001.5,
    {
      formula: '_xldudf_GOV_ELAPSED(D2,E2,"Mon-Fri 08:00-18:00")',
      result: 11.5,
    },
  ]);
  ws.addRow([
    "Consolidate licences",
    500,
    { formula: "B3*2", result: 1000 },
    46002,
    46003,
    {
      formula: "_xldudf_GOV_ELAPSED(D3,E3)",
      result: 24,
    },
  ]);
  client = path.join(dir, "client.xlsx");
  await wb.xlsx.writeFile(client);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the add-in reference", () => {
  test("upgrade writes the web-extension parts with the manifest's Id, the store type and every function id", async () => {
    const out = path.join(dir, "governed.xlsx");
    const run = await cli("upgrade", client, "--org", "Contoso", "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const zip = await zipOf(out);
    const manifest = readManifestIdentity();
    expect(manifest.id).toBe(/<Id>([^<]+)<\/Id>/.exec(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"))![1]);

    const we = await zip.file("xl/webextensions/webextension1.xml")!.async("string");
    expect(we).toContain(
      `<we:reference id="${manifest.id}" version="${manifest.version}" store="developer" storeType="Registry"/>`,
    );
    // Excel's shape (see the structure test in test/cli/package.test.ts): the function ids in
    // the {7C84B067-...} extension's customFunctionIdList.
    expect(we).toMatch(/<a:ext [^>]*uri="\{7C84B067-C214-45C3-A712-C9D94CD141B2\}"><we:customFunctionIdList>/);
    expect(we).not.toContain("containsCustomFunctions");
    for (const id of FUNCTION_IDS)
      expect(we).toContain(`<we:customFunctionIds>_xldudf_GOV_${id}</we:customFunctionIds>`);

    const panes = await zip.file("xl/webextensions/taskpanes.xml")!.async("string");
    expect(panes).toMatch(/<wetp:webextensionref [^>]*r:id="rId1"\/>/);
    const paneRels = await zip.file("xl/webextensions/_rels/taskpanes.xml.rels")!.async("string");
    expect(paneRels).toMatch(/Id="rId1" Type="[^"]+\/webextension" Target="webextension1.xml"/);

    const rels = await zip.file("_rels/.rels")!.async("string");
    expect(rels).toContain(`Type="${REL_TASKPANES}" Target="xl/webextensions/taskpanes.xml"`);
    expect(rels).toContain("officeDocument"); // the workbook relationship is still there
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).toContain(`<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="${TYPE_TASKPANES}"/>`);
    expect(types).toContain(
      `<Override PartName="/xl/webextensions/webextension1.xml" ContentType="${TYPE_WEBEXTENSION}"/>`,
    );
  });

  test("--addin-store central records Centralized Deployment; a second write keeps one reference", async () => {
    const first = path.join(dir, "central.xlsx");
    expect((await cli("upgrade", client, "--org", "Contoso", "--addin-store", "central", "-o", first)).code).toBe(0);
    const second = path.join(dir, "again.xlsx");
    expect((await cli("upgrade", first, "--sheet", "Initiatives", "--org", "Contoso", "-o", second)).code).toBe(0);
    const we1 = await (await zipOf(first)).file("xl/webextensions/webextension1.xml")!.async("string");
    expect(we1).toContain('store="EXCatalog" storeType="EXCatalog"');
    const zip2 = await zipOf(second);
    const rels = await zip2.file("_rels/.rels")!.async("string");
    expect(rels.split(REL_TASKPANES).length - 1).toBe(1);
    const types = await zip2.file("[Content_Types].xml")!.async("string");
    expect(types.split("/xl/webextensions/webextension1.xml").length - 1).toBe(1);
  });

  test("an unknown --addin-store is a usage error (exit 2) and writes nothing", async () => {
    const out = path.join(dir, "never.xlsx");
    const run = await cli("upgrade", client, "--org", "Contoso", "--addin-store", "appsource", "-o", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--addin-store expects sideload");
    expect(fs.existsSync(out)).toBe(false);
  });

  test("the function ids are the ones the add-in registers (dist/functions.json)", () => {
    const meta = path.join(ROOT, "dist", "functions.json");
    if (!fs.existsSync(meta)) return; // the bundle tests build dist/ first in npm test
    const ids = JSON.parse(fs.readFileSync(meta, "utf8")).functions.map((f: { id: string }) => f.id);
    expect([...FUNCTION_IDS].sort()).toEqual([...ids].sort());
  });
});

describe("client formulas survive the copy", () => {
  test("native and GOV formulas keep their text and cached values", async () => {
    const out = path.join(dir, "copy.xlsx");
    expect((await cli("upgrade", client, "--org", "Contoso", "-o", out)).code).toBe(0);
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("Initiatives")!;
    expect(ws.getCell("C2").value).toEqual({ formula: "B2*2", result: 2000 });
    expect(ws.getCell("C3").value).toEqual({ formula: "B3*2", result: 1000 });
    expect(ws.getCell("F2").value).toEqual({
      formula: '_xldudf_GOV_ELAPSED(D2,E2,"Mon-Fri 08:00-18:00")',
      result: 11.5,
    });
    expect(ws.getCell("F3").value).toEqual({ formula: "_xldudf_GOV_ELAPSED(D3,E3)", result: 24 });
  });
});
