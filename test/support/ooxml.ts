/**
 * Validates an .xlsx package as Excel would judge it: every chosen XML part against the
 * ECMA-376 Transitional and OPC schemas (vendored in test/schemas/, validated by libxml2's
 * xmllint), and, on top of the schemas, the checks Excel is stricter about:
 * - every part has a content type, every internal relationship target exists;
 * - worksheet children in CT_Worksheet's order (also checked by the schema; said plainly here);
 * - rows in ascending order, cells in ascending columns within their row;
 * - every cell's style index within cellXfs, every shared-string index within the table.
 *
 * Before schema validation, each part is processed as ECMA-376 Part 3 (Markup Compatibility)
 * tells a consumer to: attributes and elements of namespaces the part declares ignorable are
 * removed, `mc:AlternateContent` is replaced by its `mc:Fallback`. `xml:space` attributes are
 * removed too (the schemas type `<t>` as a simple string, yet Excel writes `xml:space` on it).
 * Core properties (docProps/core.xml) are validated against OPC's schema with the Dublin Core
 * and XML namespace schemas it imports vendored beside it (test/schemas/dublin-core/).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { outOfOrder, WORKSHEET_ORDER } from "../../src/ooxml/order";

const SCHEMAS = path.join(__dirname, "..", "schemas");

/** One problem found. */
export interface PartProblem {
  readonly part: string;
  readonly problem: string;
}

/** The vendored schema zips extracted once per process into a temp folder, with a driver schema importing them all. */
let schemaDir: string | undefined;
async function schemas(): Promise<string> {
  if (schemaDir) return schemaDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-ooxml-xsd-"));
  for (const name of ["OfficeOpenXML-XMLSchema-Transitional.zip", "OpenPackagingConventions-XMLSchema.zip"]) {
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(SCHEMAS, name)));
    for (const n of Object.keys(zip.files)) {
      if (!zip.files[n].dir) fs.writeFileSync(path.join(dir, path.basename(n)), await zip.file(n)!.async("nodebuffer"));
    }
  }
  for (const folder of ["owexml", "dublin-core"]) {
    for (const f of fs.readdirSync(path.join(SCHEMAS, folder))) {
      if (f.endsWith(".xsd")) fs.copyFileSync(path.join(SCHEMAS, folder, f), path.join(dir, f));
    }
  }
  // The core properties' schema imports the Dublin Core schemas from the network and the XML
  // namespace's without a location: the extracted copy points at the vendored files instead.
  const core = path.join(dir, "opc-coreProperties.xsd");
  fs.writeFileSync(
    core,
    fs
      .readFileSync(core, "utf8")
      .replace(
        /schemaLocation="http:\/\/dublincore\.org\/schemas\/xmls\/qdc\/[\d/]+\/(dc|dcterms)\.xsd"/g,
        'schemaLocation="$1.xsd"',
      )
      .replace(
        /(<xs:import id="xml" namespace="http:\/\/www\.w3\.org\/XML\/1998\/namespace")\/>/,
        '$1 schemaLocation="xml.xsd"/>',
      ),
  );
  // One schema that imports every namespace validated, so one xmllint run checks all parts.
  const imports: [string, string][] = [
    ["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "sml.xsd"],
    ["http://schemas.openxmlformats.org/drawingml/2006/chart", "dml-chart.xsd"],
    ["http://schemas.openxmlformats.org/drawingml/2006/main", "dml-main.xsd"],
    [
      "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "shared-documentPropertiesExtended.xsd",
    ],
    ["http://schemas.openxmlformats.org/package/2006/content-types", "opc-contentTypes.xsd"],
    ["http://schemas.openxmlformats.org/package/2006/relationships", "opc-relationships.xsd"],
    ["http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "opc-coreProperties.xsd"],
    ["http://schemas.microsoft.com/office/webextensions/webextension/2010/11", "owexml-webextension.xsd"],
    ["http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11", "owexml-taskpanes.xsd"],
  ];
  fs.writeFileSync(
    path.join(dir, "all.xsd"),
    '<?xml version="1.0"?>\n<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
      imports.map(([ns, file]) => `<xsd:import namespace="${ns}" schemaLocation="${file}"/>`).join("") +
      "</xsd:schema>",
  );
  schemaDir = dir;
  return dir;
}

/** Content types whose parts are validated against the schemas. */
const VALIDATED =
  /spreadsheetml\.(sheet\.main|worksheet|styles|sharedStrings|table|comments)\+xml|drawingml\.chart\+xml|theme\+xml|extended-properties\+xml|core-properties\+xml|webextension|relationships\+xml/;

/** A part with Markup Compatibility processed: ignorable namespaces removed, alternate content by its fallback. */
export function compatible(xml: string): string {
  const ignorable = /\bmc:Ignorable="([^"]*)"/.exec(xml)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  // Extension lists hold any content (validated laxly): kept as they are.
  const kept: string[] = [];
  let out = xml.replace(/<(\w+:)?extLst\b[\s\S]*?<\/\1?extLst>/g, (block) => {
    kept.push(block);
    return `\u0000${kept.length - 1}\u0000`;
  });
  // mc:AlternateContent: the fallback, or nothing.
  out = out.replace(/<mc:AlternateContent\b[\s\S]*?<\/mc:AlternateContent>/g, (block) => {
    const fallback = /<mc:Fallback\b[^>]*>([\s\S]*?)<\/mc:Fallback>/.exec(block);
    return fallback ? fallback[1] : "";
  });
  for (const p of ignorable) {
    out = out.replace(new RegExp(`<${p}:([\\w.-]+)\\b[^>]*?/>`, "g"), "");
    out = out.replace(new RegExp(`<${p}:([\\w.-]+)\\b[^>]*?>[\\s\\S]*?</${p}:\\1>`, "g"), "");
    out = out.replace(new RegExp(`\\s${p}:[\\w.-]+="[^"]*"`, "g"), "");
  }
  out = out.replace(/\smc:Ignorable="[^"]*"/g, "");
  out = out.replace(/\sxml:space="[^"]*"/g, "");
  // eslint-disable-next-line no-control-regex -- the placeholder is a character no XML part holds
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]);
}

/** The local names of a worksheet's top-level children, in document order. */
export function worksheetChildren(xml: string): string[] {
  const names: string[] = [];
  const root = /<(\w+:)?worksheet\b[^>]*>/.exec(xml);
  if (!root) return names;
  let depth = 0;
  const tag = /<(\/?)([\w:.-]+)\b[^>]*?(\/?)>/g;
  tag.lastIndex = root.index + root[0].length;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[1] === "/") {
      if (depth === 0) break;
      depth--;
      continue;
    }
    if (depth === 0) names.push(m[2].replace(/^\w+:/, (p) => (p === (root[1] ?? "") ? "" : p)));
    if (m[3] !== "/") depth++;
  }
  return names;
}

/** Resolves a relationship target against its source part. */
function resolve(source: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const dir = path.posix.dirname(source);
  return path.posix.normalize(path.posix.join(dir === "." ? "" : dir, decodeURI(target)));
}

/** The Excel checks of one worksheet: child order, row and cell order, style and string indices. */
export function worksheetProblems(part: string, xml: string, styleCount: number, stringCount: number): PartProblem[] {
  const problems: PartProblem[] = [];
  const wrong = outOfOrder(
    worksheetChildren(xml).filter((n) => !n.includes(":")),
    WORKSHEET_ORDER,
  );
  if (wrong) problems.push({ part, problem: `worksheet child <${wrong}> out of order` });
  let lastRow = 0;
  for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = Number(/\br="(\d+)"/.exec(row[1])?.[1] ?? lastRow + 1);
    if (r <= lastRow) problems.push({ part, problem: `row ${r} after row ${lastRow}` });
    lastRow = r;
    let lastCol = 0;
    for (const cell of (row[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = /\br="([A-Z]+)(\d+)"/.exec(cell[1]);
      const col = ref ? [...ref[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) : lastCol + 1;
      if (ref && Number(ref[2]) !== r) problems.push({ part, problem: `cell ${ref[0]} in row ${r}` });
      if (col <= lastCol) problems.push({ part, problem: `cell ${ref?.[1]}${r} out of column order` });
      lastCol = col;
      const s = /\bs="(\d+)"/.exec(cell[1]);
      if (s && Number(s[1]) >= styleCount)
        problems.push({ part, problem: `style ${s[1]} of ${styleCount} at ${ref?.[0]}` });
      if (/\bt="s"/.test(cell[1])) {
        const v = /<v>(\d+)<\/v>/.exec(cell[2] ?? "");
        if (v && Number(v[1]) >= stringCount)
          problems.push({ part, problem: `shared string ${v[1]} of ${stringCount}` });
      }
    }
  }
  return problems;
}

/**
 * Validates a package.
 * @param file - The .xlsx.
 * @param only - Validate only these parts against the schemas (default: every part of a validated content type).
 * @returns Every problem found (empty when the package is sound).
 */
export async function validatePackage(file: string, only?: readonly string[]): Promise<PartProblem[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const problems: PartProblem[] = [];
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const text = async (n: string) => (await zip.file(n)!.async("string")).replace(/^\uFEFF/, "");
  const typesXml = await text("[Content_Types].xml");
  const defaults = new Map(
    [...typesXml.matchAll(/<Default\b[^>]*Extension="([^"]*)"[^>]*ContentType="([^"]*)"/g)].map((m) => [
      m[1].toLowerCase(),
      m[2],
    ]),
  );
  const overrides = new Map(
    [...typesXml.matchAll(/<Override\b[^>]*PartName="([^"]*)"[^>]*ContentType="([^"]*)"/g)].map((m) => [
      m[1].slice(1).toLowerCase(),
      m[2],
    ]),
  );
  const extension = (n: string) => /\.([^./]*)$/.exec(n)?.[1]?.toLowerCase() ?? "";
  const typeOf = (n: string) => overrides.get(n.toLowerCase()) ?? defaults.get(extension(n));
  const present = new Set(names.map((n) => n.toLowerCase()));
  for (const [part] of overrides)
    if (!present.has(part)) problems.push({ part, problem: "content type for a missing part" });
  for (const n of names) {
    if (n !== "[Content_Types].xml" && !typeOf(n)) problems.push({ part: n, problem: "no content type" });
    if (n.endsWith(".rels")) {
      const source = n.replace(/(^|\/)_rels\/([^/]*)\.rels$/, "$1$2");
      for (const m of (await text(n)).matchAll(/<Relationship\b[^>]*>/g)) {
        if (/TargetMode="External"/.test(m[0])) continue;
        const target = /Target="([^"]*)"/.exec(m[0])?.[1] ?? "";
        if (!present.has(resolve(source, target).toLowerCase())) {
          problems.push({ part: n, problem: `relationship target ${target} does not exist` });
        }
      }
    }
  }

  // Style and shared-string counts, for the worksheet checks.
  const bookRels = names.includes("xl/_rels/workbook.xml.rels") ? await text("xl/_rels/workbook.xml.rels") : "";
  const styleTarget = /Type="[^"]*\/styles"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*Type="[^"]*\/styles"/.exec(
    bookRels,
  );
  const stylesPart = styleTarget ? resolve("xl/workbook.xml", styleTarget[1] ?? styleTarget[2]) : undefined;
  const stylesXml = stylesPart && names.includes(stylesPart) ? await text(stylesPart) : "";
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? "";
  const styleCount = Math.max(1, (cellXfs.match(/<xf\b/g) ?? []).length);
  const sstPart = names.find((n) => typeOf(n)?.includes("sharedStrings"));
  const stringCount = sstPart ? ((await text(sstPart)).match(/<si\b/g) ?? []).length : 0;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-ooxml-parts-"));
  try {
    const files: { file: string; part: string }[] = [];
    let i = 0;
    for (const n of names) {
      const type = n === "[Content_Types].xml" ? "content-types" : (typeOf(n) ?? "");
      const xml = n.endsWith(".xml") || n.endsWith(".rels") ? await text(n) : undefined;
      if (xml === undefined) continue;
      if (type.includes("worksheet+xml")) problems.push(...worksheetProblems(n, xml, styleCount, stringCount));
      if (only && !only.includes(n)) continue;
      if (n !== "[Content_Types].xml" && !VALIDATED.test(type)) {
        // Not a schema we vendor (core properties, custom XML, VML...): well-formed at least.
        const file = path.join(dir, `wf${i++}.xml`);
        fs.writeFileSync(file, xml);
        try {
          execFileSync("xmllint", ["--noout", "--nonet", file], { stdio: "pipe" });
        } catch (e) {
          problems.push({ part: n, problem: String((e as { stderr?: Buffer }).stderr ?? e) });
        }
        continue;
      }
      const file = path.join(dir, `p${i++}.xml`);
      fs.writeFileSync(file, compatible(xml));
      files.push({ file, part: n });
    }
    if (files.length) {
      let stderr = "";
      try {
        execFileSync(
          "xmllint",
          ["--noout", "--nonet", "--schema", path.join(await schemas(), "all.xsd"), ...files.map((f) => f.file)],
          {
            stdio: "pipe",
            maxBuffer: 64 << 20,
          },
        );
      } catch (e) {
        stderr = String((e as { stderr?: Buffer }).stderr ?? "");
      }
      for (const f of files) {
        const lines = stderr.split("\n").filter((l) => l.startsWith(f.file + ":") || l.startsWith(f.file + " fails"));
        if (lines.length)
          problems.push({ part: f.part, problem: lines.map((l) => l.replace(f.file, f.part)).join("\n") });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}
