/**
 * The mapping preview for people: what the import understood, before anything is written
 * (`--dry-run`). The JSON is the preview itself (src/import/preview.ts).
 */
import { headerList } from "../src/errors";
import { MappingPreview } from "../src/import/preview";
import { SuggestionShown, suggestionText } from "./messages";
import { renderTable } from "./output";

/**
 * The preview as text: sheet and header row, a table of fields, unmapped fields, suggestions.
 * @example previewText(preview) // => 'Sheet "Tracker", header row 3 (4 columns), 2 data rows.\n...'
 */
export function previewText(p: MappingPreview): string {
  const lines = [
    `Sheet "${p.sheet}", header row ${p.headerRow} (${p.headers.length} columns), ${p.dataRows} data row(s).`,
    `Headers: ${headerList(p.headers)}`,
  ];
  let text = lines.join("\n") + "\n";
  if (p.fields.length) {
    text += renderTable(
      ["Field", "Column", "Header", "Samples (as read)", "Parsed", "How"],
      p.fields.map((f) => [
        f.field + (f.required ? " *" : ""),
        f.column ?? "",
        f.header ?? "",
        f.samples.join(" | "),
        `${f.parsed}/${f.filled}`,
        [f.source === "chosen" ? "chosen" : f.source === "suggestion" ? "suggestion accepted" : "exact header", f.note]
          .filter(Boolean)
          .join("; "),
      ]),
      { align: ["left", "left", "left", "left", "right", "left"], maxWidths: [22, 6, 30, 50, 12, 60] },
    );
  } else text += "No field is mapped.\n";
  if (p.unmapped.length) text += `Unmapped: ${p.unmapped.join(", ")}.\n`;
  text += suggestionLines(p.suggestions);
  if (p.missing.length) text += `Required but unmapped: ${p.missing.join(", ")} (* marks required fields).\n`;
  return text;
}

/**
 * The guesses not applied, one a line, with how to confirm them ("" when there are none).
 * @example suggestionLines([{ field: "value", column: "C", header: "Actual value", why: "its values are numbers (4 sampled)" }]) // => 'Suggestions (not applied; confirm with --map FIELD=HEADER or --accept-suggestions):\n  value <- C "Actual value" (its values are numbers (4 sampled))\n'
 */
export function suggestionLines(suggestions: readonly SuggestionShown[]): string {
  if (!suggestions.length) return "";
  return (
    "Suggestions (not applied; confirm with --map FIELD=HEADER or --accept-suggestions):\n" +
    suggestions.map((s) => `  ${suggestionText(s)}\n`).join("")
  );
}
