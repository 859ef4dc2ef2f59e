/**
 * The add-in reference in a written .xlsx: the parts Excel itself saves when a workbook uses an
 * add-in's custom functions, so that Excel loads the add-in when the file opens and a
 * formula such as `=GOV.ELAPSED(...)` in a client's sheet comes back to life there.
 *
 * Parts (Office Open XML with Microsoft's web-extension extensions, [MS-OWEXML]):
 * - `xl/webextensions/webextension1.xml`: the add-in (the manifest's Id and Version, the store
 *   and store type) and its custom functions' ids (`_xldudf_GOV_...`), in the shape Excel saves;
 * - `xl/webextensions/taskpanes.xml` and its relationship to the web extension: the task pane,
 *   closed (visibility 0) so opening the file does not pop it open;
 * - a package relationship to taskpanes.xml and the two content types.
 */
import * as fs from "fs";
import * as path from "path";
import { FUNCTION_IDS } from "../src/addin";

export { FUNCTION_IDS };

/** Where the add-in is installed from, as the workbook records it. */
export type AddinStore = "sideload" | "central";

/** The store and store type each kind of installation records (see the README, "Sideloading"). */
export const STORES: Readonly<Record<AddinStore, { store: string; storeType: string }>> = {
  // office-addin-debugging and Excel's "Upload My Add-in" register a developer add-in.
  sideload: { store: "developer", storeType: "Registry" },
  // Centralized Deployment from the Microsoft 365 admin center.
  central: { store: "EXCatalog", storeType: "EXCatalog" },
};

/** The add-in as its manifest names it. */
export interface AddinIdentity {
  readonly id: string;
  readonly version: string;
}

/** The package's manifest.xml: beside package.json, above this module (cli/ in source, build/cli/ when built). */
function manifestPath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "manifest.xml");
    if (fs.existsSync(file) && fs.existsSync(path.join(dir, "package.json"))) return file;
    if (path.dirname(dir) === dir) throw new Error("manifest.xml was not found above " + __dirname);
  }
}

/** Reads the add-in's Id and Version from manifest.xml. */
export function readManifestIdentity(file = manifestPath()): AddinIdentity {
  const text = fs.readFileSync(file, "utf8");
  const id = /<Id>\s*([^<\s]+)\s*<\/Id>/.exec(text)?.[1];
  const version = /<Version>\s*([^<\s]+)\s*<\/Version>/.exec(text)?.[1];
  if (!id || !version) throw new Error(`manifest.xml has no Id or Version: ${file}`);
  return { id, version };
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11";
const NS_TP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
/**
 * The extension-list entry Excel writes for an add-in's custom functions, with their ids, as
 * found in a workbook Excel saved (Excel for Mac, public repository
 * evelyn-chrono/officejs-custom-functions-name-error-repro, "Custom Functions Protected Sheet
 * Repro.xlsx", xl/webextensions/webextension1.xml): `<a:ext uri="{7C84B067-...}">` holding
 * `<we:customFunctionIdList>` with one `<we:customFunctionIds>` per function.
 */
export const CUSTOM_FUNCTIONS_EXT = "{7C84B067-C214-45C3-A712-C9D94CD141B2}";
export const REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes";
export const REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension";
export const TYPE_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml";
export const TYPE_WEBEXTENSION = "application/vnd.ms-office.webextension+xml";

/** Text as an attribute value: markup characters, and the white space a parser would otherwise normalize to a space (a setting's value kept as it was). */
function escapeXml(text: string): string {
  return text.replace(/[<>&"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The three parts' XML for an add-in.
 * @param properties - The web extension's properties (its Office.js settings, the scan record
 *   of cli/package/scanned.ts), written in order into `<we:properties>`.
 * @example addinParts({ id: "2832ee9d-...", version: "1.0.0.0" }, "sideload")["xl/webextensions/webextension1.xml"]
 */
export function addinParts(
  addin: AddinIdentity,
  store: AddinStore,
  properties: readonly { readonly name: string; readonly value: string }[] = [],
): Record<string, string> {
  const { store: storeName, storeType } = STORES[store];
  const bag = properties.length
    ? "<we:properties>" +
      properties.map((p) => `<we:property name="${escapeXml(p.name)}" value="${escapeXml(p.value)}"/>`).join("") +
      "</we:properties>"
    : "<we:properties/>";
  const ref = `<we:reference id="${escapeXml(addin.id)}" version="${escapeXml(addin.version)}" store="${storeName}" storeType="${storeType}"/>`;
  const ids = FUNCTION_IDS.map((f) => `<we:customFunctionIds>_xldudf_GOV_${f}</we:customFunctionIds>`).join("");
  return {
    "xl/webextensions/webextension1.xml":
      XML_HEAD +
      `<we:webextension xmlns:we="${NS_WE}" id="{${escapeXml(addin.id.toUpperCase())}}">` +
      ref +
      "<we:alternateReferences/>" +
      bag +
      "<we:bindings/>" +
      `<we:snapshot xmlns:r="${NS_R}"/>` +
      `<we:extLst><a:ext xmlns:a="${NS_A}" uri="${CUSTOM_FUNCTIONS_EXT}">` +
      `<we:customFunctionIdList>${ids}</we:customFunctionIdList>` +
      "</a:ext></we:extLst></we:webextension>",
    "xl/webextensions/taskpanes.xml":
      XML_HEAD +
      `<wetp:taskpanes xmlns:wetp="${NS_TP}"><wetp:taskpane dockstate="right" visibility="0" width="350" row="0">` +
      `<wetp:webextensionref xmlns:r="${NS_R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
    "xl/webextensions/_rels/taskpanes.xml.rels":
      XML_HEAD +
      `<Relationships xmlns="${NS_PKG_RELS}"><Relationship Id="rId1" Type="${REL_WEBEXTENSION}" Target="webextension1.xml"/></Relationships>`,
  };
}

/** The package relationships with the relationship to the task panes part (an older one replaced). */
export function withTaskpanesRelationship(rels: string): string {
  const withoutOld = rels.replace(/<Relationship [^>]*webextensiontaskpanes"[^>]*\/>/g, "");
  return withoutOld.replace(
    "</Relationships>",
    `<Relationship Id="rIdGovTaskpanes" Type="${REL_TASKPANES}" Target="xl/webextensions/taskpanes.xml"/></Relationships>`,
  );
}

/** The content types with the add-in parts' (older ones replaced). */
export function withAddinContentTypes(types: string): string {
  const cleanTypes = types.replace(/<Override PartName="\/xl\/webextensions\/[^"]*"[^>]*\/>/g, "");
  return cleanTypes.replace(
    "</Types>",
    `<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="${TYPE_TASKPANES}"/>` +
      `<Override PartName="/xl/webextensions/webextension1.xml" ContentType="${TYPE_WEBEXTENSION}"/></Types>`,
  );
}
