/**
 * The upgrade's mapping preview: how each register field reads its column (gates, amounts,
 * dates in the column's order), on the shared preview of src/import/preview.ts.
 */
import { DateOrder, orderNote, settleDateOrder } from "../import/dates";
import { ColumnPlan } from "../import/columns";
import { FieldReader, MappingPreview, previewMapping } from "../import/preview";
import { serialToIso } from "../serial";
import { Gate, SOURCE_FIELDS, SourceField, SourceTable, UpgradeField, textOf } from "./model";
import { DATE_FIELDS, upgradeDateOrders } from "./upgrade";
import { DecimalMark, gateOf, parseAmount, parseDate } from "./values";

/** The fields an upgrade cannot run without. */
export const REQUIRED_SOURCE_FIELDS: readonly SourceField[] = ["measure"];

const AMOUNT_FIELDS: readonly SourceField[] = ["baseline", "actual", "planned", "forecast"];

/** How the upgrade reads values: the options that change it. */
export interface ReadingOptions {
  readonly decimal?: DecimalMark;
  readonly dateOrder?: DateOrder;
  readonly gateMap?: ReadonlyMap<string, Gate>;
}

/**
 * The preview of an upgrade: every register field with its column, samples as read, parse
 * counts, date orders; unmapped fields and suggestions. Cost: O(rows x mapped fields).
 * @param source - The client sheet.
 * @param plan - The mapping (see `applyMappingChoices`).
 * @param options - Decimal mark, date order, gate map.
 * @param fields - The fields shown: the register's (the pane), or with the ID column (`UPGRADE_FIELDS`, the command line).
 * @returns The preview.
 */
export function previewUpgrade<F extends UpgradeField = SourceField>(
  source: SourceTable,
  plan: ColumnPlan<F>,
  options: ReadingOptions = {},
  fields: readonly F[] = SOURCE_FIELDS as unknown as readonly F[],
): MappingPreview {
  const readers: Partial<Record<UpgradeField, FieldReader>> = {};
  const notes: Partial<Record<UpgradeField, string>> = {};
  readers.gate = (v) => {
    const g = gateOf(v, options.gateMap);
    return { ok: g !== undefined, shown: g ?? textOf(v) };
  };
  if (options.gateMap?.size) notes.gate = `gate map: ${options.gateMap.size} value(s)`;
  for (const f of AMOUNT_FIELDS) {
    readers[f] = (v) => {
      const n = parseAmount(v, options.decimal);
      return { ok: n !== undefined, shown: n === undefined ? textOf(v) : String(n) };
    };
  }
  const orders = upgradeDateOrders(source, plan.mapping, options.dateOrder);
  for (const f of DATE_FIELDS) {
    const inference = orders[f];
    if (!inference) continue;
    const settled = settleDateOrder(inference, f);
    const order = "order" in settled ? settled.order : undefined;
    notes[f] = orderNote(inference);
    readers[f] = (v) => {
      const serial = parseDate(v, order);
      return { ok: serial !== undefined, shown: serial === undefined ? textOf(v) : serialToIso(serial) };
    };
  }
  return previewMapping(
    source,
    plan as ColumnPlan<UpgradeField>,
    fields as readonly UpgradeField[],
    REQUIRED_SOURCE_FIELDS,
    readers,
    notes,
  );
}
