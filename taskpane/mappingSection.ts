/*
 * The upgrade's mapping table: what the pane understood of the selected client table before
 * anything is written (the command line's `upgrade --dry-run` preview): the sheet and header
 * row, every field with the column feeding it, three values as read, how many rows parse, the
 * date order, the fields left unmapped and the suggestions, each used only once accepted. The
 * user changes a field's column in its select, and Run upgrade uses exactly what is shown; it
 * is disabled, with the reason beside it, while the upgrade could not run. The decisions are
 * src/'s (mappingState.ts, upgradeReview.ts); this file only draws them. Workbook text is
 * shown with textContent only.
 */
import { UPGRADE_FIELDS, UpgradeField, SourceTable, columnLetter } from "../src/governance/model";
import {
  autoUpgradePlan,
  loadMappingFile,
  PaneReading,
  reviewUpgrade,
  ReviewReading,
  upgradeSettings,
} from "../src/governance/upgradeReview";
import { ReadTable, tableAtHeaderRow } from "../src/import/headerRow";
import {
  MAPPING_USES,
  mappingFileText,
  MappingSettings,
  MappingUse,
  parseMappingFile,
} from "../src/import/mappingFile";
import { DateOrder } from "../src/import/dates";
import { DecimalMark } from "../src/governance/values";
import { acceptSuggestion, chooseColumn, MappingState, startMapping } from "../src/import/mappingState";
import { MappingPreview, PreviewField } from "../src/import/preview";
import { clipText, isFailure, isRefusal, paneMessages, Refusal, refusalText } from "../src/errors";
import type { UpgradeSource } from "./commands";
import { download, el, make } from "./dom";

/** The register fields as the pane names them. */
export const FIELD_LABELS: Record<UpgradeField, string> = {
  organization: "Organization",
  portfolio: "Portfolio",
  program: "Program",
  project: "Project",
  package: "Measure package",
  measure: "Measure",
  owner: "Owner",
  controller: "Controller",
  committee: "Steering committee",
  gate: "Stage gate",
  baseline: "Baseline cost",
  actual: "Actual cost",
  planned: "Planned savings",
  forecast: "Forecast savings",
  due: "Milestone due",
  done: "Milestone done",
  portfolio_owner: "Portfolio owner",
  portfolio_controller: "Portfolio controller",
  program_owner: "Program owner",
  program_controller: "Program controller",
  project_owner: "Project owner",
  project_controller: "Project controller",
  package_owner: "Package owner",
  package_controller: "Package controller",
  source_id: "Row ID (finds the row again)",
};

/** A field's name for people. */
export const fieldLabel = (field: UpgradeField): string => FIELD_LABELS[field];

/** How a column came to feed a field, in the pane's words. */
const SOURCE_TEXT: Record<NonNullable<PreviewField["source"]>, string> = {
  exact: "header matches",
  chosen: "your choice",
  suggestion: "suggestion accepted",
};

/** What Run upgrade uses: the table, the mapping as shown, and how values are read. */
export interface ReviewedUpgrade {
  readonly source: SourceTable;
  readonly state: MappingState<UpgradeField>;
  readonly reading: ReviewReading;
}

/** The mapping table of one selected client table. */
export interface MappingTable {
  /** The upgrade as shown now. */
  current(): ReviewedUpgrade;
}

/** Most characters of a header or a value the table shows (Excel cells hold up to 32,767). */
const SHOWN_CHARS = 80;

/** A column's name in a select: its letter and header ("E · Initiative"). */
function columnText(headers: readonly string[], column: number): string {
  const header = headers[column]?.trim();
  return `${columnLetter(column)} · ${header ? clipText(header, SHOWN_CHARS) : "(no header)"}`;
}

/** What a field's row is drawn from: the review's preview and mapping, and how the table names things. */
export interface RowContext<F extends string> {
  readonly preview: MappingPreview;
  readonly mapping: Partial<Record<F, number>>;
  readonly headers: readonly string[];
  /** A field's name for people. */
  readonly label: (field: F) => string;
  /** The prefix of the selects' ids (`map` gives `map-measure`). */
  readonly idPrefix: string;
  readonly onAccept: (field: F) => void;
}

/** The select of a field's column: every column of the table, or none. */
function columnSelect<F extends string>(field: F, ctx: RowContext<F>): HTMLSelectElement {
  const { headers } = ctx;
  const column = ctx.mapping[field];
  const select = make("select");
  select.id = `${ctx.idPrefix}-${field}`;
  select.dataset.field = field;
  select.setAttribute("aria-label", `Column of ${ctx.label(field)}`);
  select.append(new Option("(not mapped)", ""));
  headers.forEach((_, i) => select.append(new Option(columnText(headers, i), String(i))));
  select.value = column === undefined ? "" : String(column);
  return select;
}

/**
 * One field's row of a mapping table (the upgrade's and the Tickets view's): its name, its
 * column's select, how the column was chosen, how many of its values read, three as read, the
 * note (a date order), and a suggestion with its Use suggestion button. Text only.
 */
export function fieldRow<F extends string>(field: F, ctx: RowContext<F>): HTMLTableRowElement {
  const { preview } = ctx;
  const name = ctx.label(field);
  const line = preview.fields.find((f) => f.field === field);
  const offered = preview.suggestions.find((s) => s.field === field);
  const tr = make("tr");
  tr.dataset.field = field;
  const th = make("th", name);
  th.scope = "row";
  if (preview.missing.includes(field) || line?.required) th.append(make("span", " (required)", "required"));
  const td = make("td");
  td.append(columnSelect(field, ctx));
  if (line) {
    const read = make("p", undefined, "read");
    read.append(
      make("span", SOURCE_TEXT[line.source ?? "exact"], `how how-${line.source ?? "exact"}`),
      document.createTextNode(
        ` · ${line.filled ? `${line.parsed.toLocaleString("en-US")}/${line.filled.toLocaleString("en-US")} read` : "no values"}`,
      ),
    );
    td.append(read);
    if (line.samples.length) {
      const samples = make("ul", undefined, "samples");
      samples.setAttribute("aria-label", `Values of ${name} as read`);
      for (const s of line.samples) {
        // A long value is cut (its whole text in the tooltip), so three values stay three lines or so.
        const item = make("li", clipText(s, SHOWN_CHARS), s.endsWith(" (not read)") ? "bad" : undefined);
        if (s.length > SHOWN_CHARS) item.title = s;
        samples.append(item);
      }
      td.append(samples);
    }
    if (line.note) td.append(make("p", line.note, "note"));
  }
  if (offered) {
    const box = make("p", undefined, "suggestion");
    box.append(document.createTextNode(`Suggested: ${offered.column} "${offered.header}" (${offered.why}). `));
    const accept = make("button", "Use suggestion", "accept");
    accept.type = "button";
    accept.setAttribute("aria-label", `Use the suggestion for ${name}: column ${offered.column}`);
    accept.addEventListener("click", () => ctx.onAccept(field));
    box.append(accept);
    td.append(box);
  }
  tr.append(th, td);
  return tr;
}

/**
 * The fields a mapping table shows first (mapped, required and unmapped, or with a suggestion),
 * and the rest (listed under "Other unmapped fields").
 */
export function splitFields<F extends string>(
  fields: readonly F[],
  mapping: Partial<Record<F, number>>,
  preview: MappingPreview,
): [F[], F[]] {
  const shown = fields.filter(
    (f) => mapping[f] !== undefined || preview.missing.includes(f) || preview.suggestions.some((s) => s.field === f),
  );
  return [shown, fields.filter((f) => !shown.includes(f))];
}

/**
 * The Header row box of a mapping table (the upgrade's and the Tickets view's): bounded by the
 * rows read; a row typed there gives the table with its header on that row (src/'s
 * `tableAtHeaderRow`, the command line's --header-row), or the refusal naming the rows to
 * choose, the box then showing the row in use again.
 * @param input - The number box.
 * @param table - The rows read around the selection.
 * @param current - The header row in use now.
 * @param onTable - Given the table at the row chosen.
 * @param onRefused - Given the refusal's sentence.
 */
export function headerRowBox(
  input: HTMLInputElement,
  table: ReadTable,
  current: () => number,
  onTable: (table: SourceTable) => void,
  onRefused: (why: string) => void,
): void {
  input.min = String(table.firstRow);
  input.max = String(table.firstRow + table.grid.length - 2);
  input.value = String(current());
  input.onchange = () => {
    const next = tableAtHeaderRow(table, Number(input.value));
    if (isRefusal(next)) {
      input.value = String(current());
      return onRefused(refusalText(next));
    }
    onTable(next);
    input.value = String(current());
  };
}

/** What a mapping table saves: the file's name and settings and what the pane then says, or why it cannot. */
export type MappingToSave =
  | { readonly name: string; readonly settings: MappingSettings; readonly said: (name: string) => string }
  | { readonly refused: string };

/** The name a saved mapping file is offered under: the sheet's, made safe for a file name. */
export function mappingFileName(sheet: string, kind = ""): string {
  return `${sheet.replace(/[^\w.-]+/g, "-") || "mapping"}${kind}.mapping.json`;
}

/**
 * The mapping file controls of a mapping table (the upgrade's and the Tickets view's): a file
 * chosen is read by src/'s parser (`parseMappingFile`, the command line's `--mapping`) and
 * handed to `load`, which applies it or returns the refusal (nothing changes then); *Save
 * mapping file* downloads what `save` gives, in the command line's format (`mappingFileText`).
 * An entry the importer would not read is refused as the command line refuses it.
 * @param use - What the importer reads of a mapping file (`MAPPING_USES`).
 * @param file - The file input.
 * @param saveButton - The Save mapping file button.
 * @param say - Shows a sentence in the result line.
 * @param load - Applies the settings read; returns what to say, or the refusal.
 * @param save - What to save, or why it cannot be saved.
 */
export function mappingFileBox(
  use: MappingUse,
  file: HTMLInputElement,
  saveButton: HTMLButtonElement,
  say: (text: string, kind: "ok" | "error") => void,
  load: (settings: MappingSettings, name: string) => string[] | Refusal,
  save: () => MappingToSave,
): void {
  file.value = "";
  file.onchange = async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    const settings = parseMappingFile(await chosen.text(), chosen.name, use);
    if (isFailure(settings)) return say(paneMessages.mappingFileRefused(settings.message), "error");
    const loaded = load(settings, chosen.name);
    if (isRefusal(loaded)) return say(paneMessages.mappingFileRefused(refusalText(loaded)), "error");
    say(loaded.join(" "), "ok");
  };
  saveButton.onclick = () => {
    const what = save();
    if ("refused" in what) return say(paneMessages.mappingNotSaved(what.refused), "error");
    download(what.name, mappingFileText(what.settings));
    say(what.said(what.name), "ok");
  };
}

/** Shows a sentence in the mapping file's result line (empty clears it). */
function fileResult(text: string, kind: "ok" | "error" | "" = ""): void {
  const out = el("mapping-file-result");
  out.textContent = text;
  out.className = `result ${kind}`.trim();
}

/**
 * Opens the mapping table for a selected client table, starting from what its headers decided.
 * Every change (a column, a suggestion accepted, the date order, the header row, a mapping file
 * loaded) redraws it from src/'s review.
 * @param upgrade - The table as `readSelectedTable` read it.
 * @returns The table's current state, for Run upgrade.
 */
export function openMappingTable(upgrade: UpgradeSource): MappingTable {
  let source = upgrade.source;
  let note = upgrade.note;
  let state = startMapping(upgrade.plan);
  const dateOrder = el<HTMLSelectElement>("date-order");
  const gateWords = el<HTMLInputElement>("gate-words");
  const decimal = el<HTMLSelectElement>("decimal-mark");
  const headerRow = el<HTMLInputElement>("header-row");
  const file = el<HTMLInputElement>("mapping-file");
  // What was read, as the selection read it; a header row chosen since, as chosen.
  const noteOf = (table: SourceTable) =>
    table.headerRow === upgrade.source.headerRow
      ? upgrade.note
      : paneMessages.headerRowChosen(table.sheet, table.headerRow);
  const show = (reading: PaneReading) => {
    dateOrder.value = reading.dateOrder ?? "";
    decimal.value = reading.decimal ?? "";
    gateWords.value = reading.gateWords;
    headerRow.value = String(source.headerRow);
  };
  show({ gateWords: "" });
  fileResult("");
  const reading = (): ReviewReading => ({
    dateOrder: (dateOrder.value || undefined) as DateOrder | undefined,
    decimal: (decimal.value || undefined) as DecimalMark | undefined,
    gateWords: gateWords.value,
  });
  const draw = () => {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : "";
    const review = reviewUpgrade(source, state, reading(), fieldLabel);
    const { preview } = review;
    el("mapping-source").textContent = note;
    const [shown, rest] = splitFields(UPGRADE_FIELDS, review.plan.mapping, preview);
    const accept = (field: UpgradeField) => {
      state = acceptSuggestion(state, field);
      draw();
      document.getElementById(`map-${field}`)?.focus();
    };
    el("mapping-summary").textContent = paneMessages.mappingSummary(
      preview.sheet,
      preview.headerRow,
      preview.dataRows,
      preview.fields.length,
      preview.unmapped.length,
      preview.suggestions.length,
    );
    const ctx: RowContext<UpgradeField> = {
      preview,
      mapping: review.plan.mapping,
      headers: source.headers,
      label: fieldLabel,
      idPrefix: "map",
      onAccept: accept,
    };
    el("mapping-rows").replaceChildren(...shown.map((f) => fieldRow(f, ctx)));
    el("mapping-unmapped-title").textContent = `Other unmapped fields (${rest.length})`;
    el("mapping-unmapped").hidden = rest.length === 0;
    el("mapping-unmapped-rows").replaceChildren(...rest.map((f) => fieldRow(f, ctx)));
    const blockers = el("mapping-blockers");
    blockers.replaceChildren(...review.blockers.map((b) => make("li", b)));
    blockers.hidden = review.blockers.length === 0;
    const run = el<HTMLButtonElement>("btn-run-upgrade");
    run.dataset.blocked = String(review.blockers.length > 0);
    run.disabled = review.blockers.length > 0 || document.body.getAttribute("aria-busy") === "true";
    if (focused) document.getElementById(focused)?.focus();
  };
  // Another header row: the headers decide the mapping again (the command line's --header-row).
  headerRowBox(
    headerRow,
    upgrade.table,
    () => source.headerRow,
    (next) => {
      source = next;
      state = startMapping(autoUpgradePlan(source));
      note = noteOf(source);
      fileResult("");
      draw();
    },
    (why) => fileResult(why, "error"),
  );
  const onChange = (event: Event) => {
    const select = event.target as HTMLSelectElement;
    const field = select.dataset.field as UpgradeField | undefined;
    if (!field) return;
    state = chooseColumn(state, field, select.value === "" ? null : Number(select.value));
    draw();
  };
  const form = el<HTMLFormElement>("mapping");
  form.onchange = (event) => {
    const id = (event.target as HTMLElement).id;
    if (id === "mapping-file" || id === "header-row") return;
    if (id === "date-order" || id === "gate-words" || id === "decimal-mark") draw();
    else onChange(event);
  };
  // A mapping file is read by src/'s parser, the one `upgrade --mapping` uses; a bad one changes nothing.
  mappingFileBox(
    MAPPING_USES.upgrade,
    file,
    el<HTMLButtonElement>("btn-save-mapping"),
    fileResult,
    (settings, name) => {
      const loaded = loadMappingFile(upgrade.table, source.headerRow, settings, name);
      if (isRefusal(loaded)) return loaded;
      source = loaded.source;
      state = loaded.state;
      note = noteOf(source);
      show(loaded.reading);
      draw();
      return loaded.notes;
    },
    // The file `upgrade --dry-run --save-mapping` writes, for next month's run (pane or command line).
    () => {
      const review = reviewUpgrade(source, state, reading(), fieldLabel);
      const words = gateWords.value.trim() && !review.reading.gateMap;
      if (words) return { refused: review.blockers[0] ?? "" };
      return {
        name: mappingFileName(source.sheet),
        settings: upgradeSettings(source, review.plan, review.reading),
        said: paneMessages.mappingSaved,
      };
    },
  );
  draw();
  return { current: () => ({ source, state, reading: reading() }) };
}
