/**
 * The manifest, checked offline (office-addin-manifest validate needs an online service):
 * it parses, its id is a GUID, its version has four parts, every resid resolves, every
 * URL maps to a file the build emits, and a production base URL rewrites every URL.
 */
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { DIST, ensureBuilt } from "./support/bundle";
const { rewriteManifestUrls, normaliseBaseUrl } = require("../scripts/manifest-urls");

const ROOT = path.resolve(__dirname, "..");
const source = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

/** office-addin-manifest's own reader, in a child Node (it loads ES modules that Jest cannot). */
function readManifestInfo(file: string): { id: string; version: string; hosts: string[]; officeAppType: string } {
  const script =
    "require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1])" +
    ".then((i) => process.stdout.write(JSON.stringify(i)), (e) => { console.error(e.message); process.exit(1); })";
  return JSON.parse(execFileSync(process.execPath, ["-e", script, file], { cwd: ROOT, encoding: "utf8" }));
}

function attributeValues(xml: string, attribute: string): string[] {
  return [...xml.matchAll(new RegExp(`\\b${attribute}="([^"]*)"`, "g"))].map((m) => m[1]);
}

function definedResourceIds(xml: string): Set<string> {
  const resources = xml.slice(xml.indexOf("<Resources>"), xml.indexOf("</Resources>"));
  return new Set(attributeValues(resources, "id"));
}

describe("manifest.xml", () => {
  beforeAll(() => ensureBuilt());

  test("parses, with a GUID id, a four-part version and the Workbook host", () => {
    const info = readManifestInfo(path.join(ROOT, "manifest.xml"));
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.hosts).toEqual(["Workbook"]);
    expect(info.officeAppType).toBe("TaskPaneApp");
  });

  test("declares the GOV custom functions with script, page and metadata", () => {
    expect(source).toMatch(/<ExtensionPoint xsi:type="CustomFunctions">/);
    for (const id of ["Functions.Script.Url", "Functions.Page.Url", "Functions.Metadata.Url", "Functions.Namespace"]) {
      expect(source).toContain(`resid="${id}"`);
    }
    expect(source).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="GOV"\/>/);
    expect(source).toMatch(/<Set Name="CustomFunctionsRuntime" MinVersion="1\.2"\/>/);
  });

  test("every resid resolves to a resource, and no resource id is defined twice", () => {
    const defined = definedResourceIds(source);
    const used = attributeValues(source, "resid");
    expect(used.length).toBeGreaterThan(10);
    for (const id of used) expect(defined).toContain(id);
    const resources = source.slice(source.indexOf("<Resources>"), source.indexOf("</Resources>"));
    const ids = attributeValues(resources, "id");
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("every URL maps to a file the build emits", () => {
    const built = fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8");
    const urls = [...built.matchAll(/https:\/\/localhost:3000\/([^"<]+)/g)].map((m) => m[1]);
    expect(urls).toEqual(expect.arrayContaining(["functions.js", "functions.json", "functions.html", "taskpane.html"]));
    for (const file of urls) expect(fs.existsSync(path.join(DIST, file))).toBe(true);
    // no URL outside the base, except the XML namespaces
    const others = [...built.matchAll(/https?:\/\/[^"<\s]+/g)]
      .map((m) => m[0])
      .filter(
        (u) => !u.startsWith("https://localhost:3000") && !/^http:\/\/(schemas.microsoft.com|www.w3.org)\//.test(u),
      );
    expect(others).toEqual([]);
  });

  test("the built manifest equals the source when no production URL is given", () => {
    expect(fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8")).toBe(source);
  });

  test("a production base URL replaces every development URL and the app domain", () => {
    const prod = rewriteManifestUrls(source, "https://addins.contoso.example/sla");
    expect(prod).not.toContain("localhost");
    expect(prod).toContain('DefaultValue="https://addins.contoso.example/sla/functions.json"');
    expect(prod).toContain("<AppDomain>https://addins.contoso.example</AppDomain>");
  });

  test("a production base URL must be https", () => {
    expect(() => normaliseBaseUrl("http://example.com/")).toThrow(/https/);
    expect(() => normaliseBaseUrl('https://x.example/"a')).toThrow(/https/);
    expect(normaliseBaseUrl(undefined)).toBe("https://localhost:3000/");
  });

  test("every icon the manifest names exists as a PNG", () => {
    for (const icon of [...source.matchAll(/assets\/(icon-\d+\.png)/g)].map((m) => m[1])) {
      const bytes = fs.readFileSync(path.join(DIST, "assets", icon));
      expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    }
  });
});
