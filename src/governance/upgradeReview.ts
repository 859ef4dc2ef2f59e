/**
 * The upgrade as the task pane reviews it before writing: the mapping the user is editing
 * (src/import/mappingState.ts), the preview it gives (the command line's `--dry-run` table),
 * and why the upgrade cannot run yet, in the pane's words (a required field unmapped, a
 * column chosen twice, a date column whose order is not settled). Pure.
 */
import { isFailure, paneMessages } from "../errors";
import { parseValueMap } from "../import/valueMaps";
import { ColumnPlan } from "../import/columns";
import { settleDateOrder } from "../import/dates";
import { currentPlan, MappingState, rebaseMapping } from "../import/mappingState";
import { MappingPreview } from "../import/preview";
import { applyUpgradeChoices } from "./mapping";
import { columnLetter, Gate, SourceTable, UPGRADE_FIELDS, UpgradeField } from "./model";
import { previewUpgrade, ReadingOptions, REQUIRED_SOURCE_FIELDS } from "./preview";
import { parseGate } from "./values";
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
  for (const p of plan.problems) blockers.push(paneMessages.columnTwice(p.message));
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
