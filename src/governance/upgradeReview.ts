/**
 * The upgrade as the task pane reviews it before writing: the mapping the user is editing
 * (src/import/mappingState.ts), the preview it gives (the command line's `--dry-run` table),
 * and why the upgrade cannot run yet, in the pane's words (a required field unmapped, a
 * column chosen twice, a date column whose order is not settled). Pure.
 */
import { headerList, isFailure, isRefusal, paneMessages, Refusal, refuse } from "../errors";
import { parseValueMap, valueMapOf } from "../import/valueMaps";
import { ColumnPlan, choiceText } from "../import/columns";
import { DateOrder, settleDateOrder } from "../import/dates";
import { MappingSettings } from "../import/mappingFile";
import {
  choiceBlocker,
  chooseColumn,
  currentPlan,
  MappingState,
  rebaseMapping,
  startMapping,
} from "../import/mappingState";
import { MappingPreview } from "../import/preview";
import { applyUpgradeChoices } from "./mapping";
import { columnLetter, Gate, SourceTable, UPGRADE_FIELDS, UpgradeField } from "./model";
import { ReadTable, tableAtHeaderRow } from "../import/headerRow";
import { previewUpgrade, ReadingOptions, REQUIRED_SOURCE_FIELDS } from "./preview";
import { DecimalMark, parseGate } from "./values";
import { DATE_FIELDS, upgradeDateOrders } from "./upgrade";

/** How the pane reads values: the reading options, with the gate words as the user typed them. */
export interface ReviewReading extends ReadingOptions {
  /** Client words for gates, `In Progress=L3, Completed=L5` (the command line's `--gate-map`). */
  readonly gateWords?: string;
}

/** The review of an upgrade as mapped now. */
export interface UpgradeReview {
  /** The reading options the upgrade would use (the gate words read into `gateMap`). */
  readonly reading: ReadingOptions;
  /** The plan the upgrade would use. */
  readonly plan: ColumnPlan<UpgradeField>;
  /** What it reads: every field with its column, three samples as read, rows parsed. */
  readonly preview: MappingPreview;
  /** Why the upgrade cannot run as mapped, one sentence each; empty when it can. */
  readonly blockers: string[];
}

/**
 * The mapping the headers decide with no choice made, as the command line's upgrade decides it:
 * exact headers applied, partial ones, content guesses and a gate column of free text only
 * suggested; the client's own ID column (`source_id`) among the fields.
 * Cost: O(fields x synonyms x headers + rows).
 * @param source - The client table.
 * @param gateMap - Client words for gates, if any.
 * @returns The plan.
 * @example autoUpgradePlan({ sheet: "S", headerRow: 1, headers: ["Project Code", "Initiative"], rows: [] }).suggestions[0].field // => "project"
 */
export function autoUpgradePlan(source: SourceTable, gateMap?: ReadonlyMap<string, Gate>): ColumnPlan<UpgradeField> {
  return applyUpgradeChoices(source.headers, source.rows, [], { gateMap });
}

/**
 * Reviews the upgrade as the user has mapped it. Cost: O(rows x mapped fields).
 * @param source - The client table.
 * @param state - The mapping being edited.
 * @param given - Date order, decimal mark, gate map or the gate words typed (a bad pair is a blocker).
 * @param label - A field's name for people (the pane's labels); the field's own name by default.
 * @returns The plan, the preview and the blockers.
 * @example reviewUpgrade(source, startMapping(autoUpgradePlan(source))).blockers // => [] when a column feeds the measure
 */
export function reviewUpgrade(
  source: SourceTable,
  state: MappingState<UpgradeField>,
  given: ReviewReading = {},
  label: (field: UpgradeField) => string = (f) => f,
): UpgradeReview {
  const blockers: string[] = [];
  const { gateWords, ...options } = given;
  const words = gateWords?.trim()
    ? parseValueMap(gateWords, "Gate words", (t) => parseGate(t), "gates L0..L5")
    : undefined;
  if (isFailure(words)) blockers.push(words.message);
  const reading: ReadingOptions = words && !isFailure(words) ? { ...options, gateMap: words } : options;
  // Gate words make a Status column of those words a confident gate, as --gate-map does.
  const edited = reading.gateMap ? rebaseMapping(state, autoUpgradePlan(source, reading.gateMap)) : state;
  const plan = currentPlan(edited, source.headers);
  const preview = previewUpgrade(source, plan, reading, UPGRADE_FIELDS);
  const missing = REQUIRED_SOURCE_FIELDS.filter((f) => plan.mapping[f] === undefined);
  if (missing.length) blockers.push(paneMessages.requiredUnmapped(missing.map(label)));
  for (const p of plan.problems) blockers.push(choiceBlocker(p, source.headers, label));
  const unsettled = new Set<string>();
  const orders = upgradeDateOrders(source, plan.mapping, reading.dateOrder);
  for (const field of DATE_FIELDS) {
    const inference = orders[field];
    const col = plan.mapping[field];
    if (!inference || col === undefined || !("refusal" in settleDateOrder(inference, field))) continue;
    unsettled.add(field);
    const column = `${label(field)} (column ${columnLetter(col)})`;
    blockers.push(
      inference.kind === "ambiguous"
        ? paneMessages.datesAmbiguous(column, inference.example)
        : inference.kind === "contradictory"
          ? paneMessages.datesContradictory(column, inference.dmyExample, inference.mdyExample)
          : column,
    );
  }
  // The preview's note names the command line's option; the pane names its own control.
  const fields = preview.fields.map((f) =>
    unsettled.has(f.field) ? { ...f, note: paneMessages.orderUnsettled() } : f,
  );
  return { reading, plan, preview: { ...preview, fields }, blockers };
}

/** How the pane reads values, as its controls hold them. */
export interface PaneReading {
  readonly dateOrder?: DateOrder;
  readonly decimal?: DecimalMark;
  readonly gateWords: string;
}

/**
 * The mapping file of an upgrade as mapped (what `upgrade --dry-run --save-mapping` writes, and
 * the pane's Save mapping file): the sheet and header row, each field's header (a field cleared
 * on purpose as ""), the gate words, the date order and the decimal mark. Cost: O(fields).
 * @param source - The client table.
 * @param plan - The plan used.
 * @param reading - The reading options used.
 * @returns The settings, for `mappingFileText`.
 * @example upgradeSettings(source, { mapping: { measure: 1 }, ... }, {}).columns // => { measure: "Initiative" }
 */
export function upgradeSettings(
  source: SourceTable,
  plan: ColumnPlan<UpgradeField>,
  reading: ReadingOptions,
): MappingSettings {
  const columns: Record<string, string> = {};
  for (const f of UPGRADE_FIELDS) {
    const col = plan.mapping[f];
    if (col !== undefined) columns[f] = choiceText(source.headers, col);
    else if (plan.cleared.includes(f)) columns[f] = "";
  }
  const values: Record<string, Record<string, string>> = {};
  if (reading.gateMap?.size) values.gate = Object.fromEntries([...reading.gateMap].map(([k, v]) => [k, v.slice(0, 2)]));
  return {
    sheet: source.sheet,
    headerRow: source.headerRow,
    columns,
    values,
    dateOrder: reading.dateOrder,
    decimal: reading.decimal,
  };
}

/** A mapping file applied to the selected table: the table at its header row, the mapping, how values are read. */
export interface LoadedMapping {
  readonly source: SourceTable;
  /** The headers' own plan with the file's columns as the user's choices (so they show as chosen). */
  readonly state: MappingState<UpgradeField>;
  readonly reading: PaneReading;
  /** What the pane says about it (loaded; saved for another sheet). */
  readonly notes: string[];
}

/**
 * Applies a mapping file (as `parseMappingFile` read it) to the table read around the selection,
 * as `upgrade --mapping` applies it to a sheet: its header row (else the one shown now), its
 * columns by header, its gate words, date order and decimal mark. A file that names a header the
 * row does not have, an unknown field, or one column for two fields is refused whole, naming the
 * header row and its headers (nothing changes). Cost: O(fields x headers + rows).
 * @param table - The rows read.
 * @param shownHeaderRow - The header row the table has now (used when the file names none).
 * @param settings - The file's settings.
 * @param file - The file's name, for messages.
 * @returns The loaded mapping, or a refusal.
 * @example loadMappingFile(table, 2, { columns: { measure: "Initiative" }, values: {} }, "m.json").state.choices // => {} when Initiative is the exact match
 */
export function loadMappingFile(
  table: ReadTable,
  shownHeaderRow: number,
  settings: MappingSettings,
  file: string,
): LoadedMapping | Refusal {
  const source = tableAtHeaderRow(table, settings.headerRow ?? shownHeaderRow);
  if (isRefusal(source)) return source;
  const pairs = Object.entries(settings.values.gate ?? {});
  const comma = pairs.find(([word]) => word.includes(","));
  if (comma) return refuse(paneMessages.gateWordComma(file, comma[0]));
  const gateMap = valueMapOf(pairs, `the mapping file ${file}'s gate values`, (t) => parseGate(t), "gates L0..L5");
  if (isFailure(gateMap)) return refuse(gateMap.message);
  const choices = Object.entries(settings.columns).map(([field, header]) => ({ field, header }));
  const chosen = applyUpgradeChoices(source.headers, source.rows, choices, { gateMap });
  if (chosen.problems.length) {
    return refuse(
      paneMessages.mappingFileMisfit(
        file,
        chosen.problems.map((p) => p.message),
        source.sheet,
        source.headerRow,
        headerList(source.headers),
      ),
    );
  }
  // The file's columns become the user's choices over the headers' own plan, so a later change
  // of the gate words rebases them as it rebases choices made in the table.
  let state = startMapping(autoUpgradePlan(source));
  for (const f of UPGRADE_FIELDS) {
    if (chosen.source[f] === "chosen") state = chooseColumn(state, f, chosen.mapping[f]!);
    else if (chosen.cleared.includes(f)) state = chooseColumn(state, f, null);
  }
  const notes = [paneMessages.mappingFileLoaded(file)];
  if (settings.sheet !== undefined && settings.sheet !== source.sheet)
    notes.push(paneMessages.mappingFileOtherSheet(file, settings.sheet, source.sheet));
  return {
    source,
    state,
    reading: {
      dateOrder: settings.dateOrder,
      decimal: settings.decimal,
      gateWords: pairs.map(([word, gate]) => `${word}=${gate}`).join(", "),
    },
    notes,
  };
}
