/**
 * The order of child elements SpreadsheetML requires (ECMA-376 Part 1, the `xsd:sequence` of
 * each complex type in sml.xsd). Excel refuses a part whose children are out of this order
 * ("We found a problem with some content..."), so every writer places children by these
 * lists, and the tests check every written part against them.
 */

/** CT_Worksheet's children, in order. */
export const WORKSHEET_ORDER: readonly string[] = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** CT_Stylesheet's children, in order. */
export const STYLESHEET_ORDER: readonly string[] = [
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "cellStyles",
  "dxfs",
  "tableStyles",
  "colors",
  "extLst",
];

/** CT_Workbook's children, in order. */
export const WORKBOOK_ORDER: readonly string[] = [
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "workbookProtection",
  "bookViews",
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
];

/**
 * Whether element names (local names, in document order) follow an order: each name known to
 * the order, and never one that belongs before the previous one (a name may repeat, as
 * conditionalFormatting does).
 * @returns The first name out of order or unknown, or undefined when all are in order.
 * @example outOfOrder(["sheetData", "mergeCells", "sheetProtection"], WORKSHEET_ORDER) // => "sheetProtection"
 */
export function outOfOrder(names: readonly string[], order: readonly string[]): string | undefined {
  let last = -1;
  for (const name of names) {
    const at = order.indexOf(name);
    if (at < 0 || at < last) return name;
    last = at;
  }
  return undefined;
}
