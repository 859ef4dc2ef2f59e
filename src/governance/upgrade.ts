/**
 * Upgrading a client's flat sheet (one row per initiative) into the governed register.
 *
 * The source is never modified. Existing register rows keep their place and their values:
 * a source value fills a blank register cell, and where the register already says something
 * else, the register wins and a SOURCE_CONFLICT finding says what the source now says. Closed
 * measures are never touched. New items are appended, so users' own columns to the right of
 * the register stay aligned. Running the upgrade twice on the same source changes nothing.
 */
import { FindingsGrid } from "./textCut";
import { findingMessages as say } from "../errors";
import {
  CellValue,
  ColumnMapping,
  columnLetter,
  Finding,
  Gate,
  LEVEL_OF_FIELD,
  LEVEL_ROLE_FIELDS,
  Level,
  LEVELS,
  newFinding,
  RegisterKey,
  RegisterRow,
  SOURCE_FIELDS,
  SourceField,
  UPGRADE_FIELDS,
  SourceTable,
  emptyRow,
  isBlankCell,
  textOf,
} from "./model";
import { idAllocator, levelOf, withPaths } from "./register";
import { isExampleOrganization, placeholderOf } from "./example";
import { DecimalMark, gateOf, nameKey, parseAmount, parseDate, parseGate, sameValue } from "./values";
import { DateOrder, OrderInference, inferDateOrder } from "../import/dates";
import { SourceIds, sourceIdKey } from "./sourceIds";

/** The register fields that hold dates. */
export const DATE_FIELDS: readonly SourceField[] = ["due", "done"];

/**
 * How each mapped date column's day/month dates read: the order given, or the one the column
 * shows (a day above 12 somewhere, none contradicting). Cost: O(rows x date fields).
 * @param source - The client sheet.
 * @param mapping - Which column feeds which field.
 * @param given - The order the user gave (`--date-order`), if any.
 * @returns The inference per mapped date field.
 * @example upgradeDateOrders({ sheet: "S", headerRow: 1, headers: ["Due"], rows: [["30.09.2024"]] }, { due: 0 }).due // => { kind: "inferred", order: "DMY", example: "30.09.2024" }
 */
export function upgradeDateOrders(
  source: SourceTable,
  mapping: ColumnMapping,
  given?: DateOrder,
): Partial<Record<SourceField, OrderInference>> {
  const out: Partial<Record<SourceField, OrderInference>> = {};
  for (const field of DATE_FIELDS) {
    const col = mapping[field];
    if (col !== undefined)
      out[field] = inferDateOrder(
        source.rows.map((r) => r[col]),
        given,
      );
  }
  return out;
}

/** Options of an upgrade. */
export interface UpgradeOptions {
  /**
   * Organization name when the sheet has no organization column (or a blank cell there).
   * Without it, a sheet with no organization column goes under the register's organization
   * when there is one (or the one made from this sheet before), so re-upgrading finds it again.
   */
  readonly organization?: string;
  /** The decimal mark of amounts typed as text; without it, ambiguous amounts ("1.200") stay text and are reported. */
  readonly decimal?: DecimalMark;
  /**
   * How day/month dates ("30.09.2024") are read, per date field: settled by `upgradeDateOrders`
   * (given, or inferred from the column). Without one, such dates stay text and are reported.
   */
  readonly dateOrders?: Partial<Record<SourceField, DateOrder>>;
  /** Client words for gates (`--gate-map "In Progress=L3"`), by folded word. */
  readonly gateMap?: ReadonlyMap<string, Gate>;
  /** The order the user gave (`--date-order`) for every date column; `planUpgrade` settles `dateOrders` from it. */
  readonly dateOrder?: DateOrder;
  /** Register IDs by source sheet and ID, as the Source IDs sheet records them (`readSourceIds`). */
  readonly sourceIds?: SourceIds;
  /** The workbook's currency (its Contract sheet's ISO code; "" or absent: none), after the Register's amounts. */
  readonly currency?: string;
  /** The Findings sheet as read: the cut cells other commands listed there stay listed (src/governance/textCut.ts). */
  readonly findings?: FindingsGrid;
}

/** What an upgrade produced. */
export interface UpgradeResult {
  /** The whole register after the upgrade: existing rows in place, new rows appended. */
  readonly rows: RegisterRow[];
  /** Items created, per level. */
  readonly created: Readonly<Record<Level, number>>;
  /** Existing rows whose blank cells were filled from the source. */
  readonly updated: number;
  /** Source rows skipped because every mapped cell was blank. */
  readonly skippedBlankRows: number;
  /** Findings of the upgrade itself (SOURCE_CONFLICT, DUPLICATE_HEADER, DUPLICATE_SOURCE_ID); validation findings come from `validateRegister`. */
  readonly findings: Finding[];
  /** The Source IDs after the upgrade: those given, and this sheet's IDs with the measure each became. */
  readonly sourceIds: Map<string, string>;
}

/** The register fields a measure takes from its source row, and how each value is read. */
type Reader = (
  v: CellValue,
  decimal?: DecimalMark,
  order?: DateOrder,
  gateMap?: ReadonlyMap<string, Gate>,
) => CellValue;
const amountOrText: Reader = (v, decimal) => parseAmount(v, decimal) ?? textOrNull(v);
const dateOrText: Reader = (v, _decimal, order) => parseDate(v, order) ?? textOrNull(v);
const MEASURE_FIELDS: readonly { field: SourceField; key: RegisterKey; read: Reader }[] = [
  { field: "owner", key: "owner", read: textOrNull },
  { field: "controller", key: "controller", read: textOrNull },
  { field: "committee", key: "committee", read: textOrNull },
  { field: "gate", key: "gate", read: (v, _d, _o, gateMap) => gateOf(v, gateMap) ?? textOrNull(v) },
  { field: "due", key: "due", read: dateOrText },
  { field: "done", key: "done", read: dateOrText },
  { field: "baseline", key: "baseline", read: amountOrText },
  { field: "actual", key: "actual", read: amountOrText },
  { field: "planned", key: "planned", read: amountOrText },
  { field: "forecast", key: "forecast", read: amountOrText },
];

/**
 * The organization a sheet without an organization column goes under when no name is given:
 * the register's only organization, or the only one made from this sheet before.
 */
function knownOrganization(rows: readonly RegisterRow[], sheet: string): string | undefined {
  // Never new-contract's unedited example organization: the client's measures are not an example's.
  const orgs = rows.filter((r) => levelOf(r) === "Organization" && !isExampleOrganization(r));
  const pick = orgs.length === 1 ? orgs : orgs.filter((r) => textOf(r.sourceSheet) === sheet);
  return pick.length === 1 ? textOf(pick[0].name) : undefined;
}

/** One DUPLICATE_HEADER finding per header text that heads more than one column. */
function duplicateHeaders(source: SourceTable, mapping: ColumnMapping): Finding[] {
  const columns = new Map<string, number[]>();
  source.headers.forEach((h, c) => {
    const key = nameKey(h);
    if (key) columns.set(key, [...(columns.get(key) ?? []), c]);
  });
  const out: Finding[] = [];
  for (const cols of columns.values()) {
    if (cols.length < 2) continue;
    const field = UPGRADE_FIELDS.find((f) => mapping[f] !== undefined && cols.includes(mapping[f]!));
    const read = field === undefined ? "" : columnLetter(mapping[field]!);
    const message = say.duplicateHeader(textOf(source.headers[cols[0]]), cols.map(columnLetter), read, field);
    out.push(newFinding("DUPLICATE_HEADER", message, "", source.headerRow));
  }
  return out;
}

function textOrNull(value: CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  return value;
}

/** The placeholder name of a level that has no column, or a blank cell. */
export function placeholderName(level: Level, reason: "no column" | "blank cell"): string {
  return reason === "no column" ? `(no ${level.toLowerCase()})` : `(blank ${level.toLowerCase()})`;
}

function itemKey(level: Level, parentId: string, name: string, occurrence: number): string {
  return `${level}\u0000${parentId}\u0000${nameKey(name)}\u0000${occurrence}`;
}

/**
 * Upgrades a client sheet into the register.
 * Cost: O(source rows x levels + register rows).
 * @param source - The client sheet as plain data.
 * @param mapping - Which column feeds which field (see `suggestMapping`).
 * @param existing - The current register rows (empty for a first upgrade).
 * @param options - Organization name for sheets without one.
 * @returns The new register and what changed.
 * @example upgradeSheet({ sheet: "Ideas", headerRow: 1, headers: ["Initiative"], rows: [["Cut licences"]] }, { measure: 0 }, []).created.Measure // => 1
 */
export function upgradeSheet(
  source: SourceTable,
  mapping: ColumnMapping,
  existing: readonly RegisterRow[],
  options: UpgradeOptions = {},
): UpgradeResult {
  const rows = existing.map((r) => ({ ...r }));
  const nextId = idAllocator(rows);
  const created = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  const findings: Finding[] = duplicateHeaders(source, mapping);
  const conflicts = new Set<string>();
  const touched = new Set<number>();
  const organization = options.organization?.trim() || "";
  const knownOrg = mapping.organization === undefined ? knownOrganization(rows, source.sheet) : undefined;
  let skippedBlankRows = 0;

  // Index existing items by (level, parent, folded name, occurrence); repeated measure
  // names under one parent are told apart by their order of appearance.
  const byKey = new Map<string, number>();
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const level = levelOf(row);
    if (!level) return;
    const base = `${level}\u0000${textOf(row.parentId)}\u0000${nameKey(row.name)}`;
    const occurrence = level === "Measure" ? (seen.get(base) ?? 0) : 0;
    seen.set(base, occurrence + 1);
    byKey.set(itemKey(level, textOf(row.parentId), textOf(row.name), occurrence), i);
  });
  const occurrences = new Map<string, number>();
  // Stable identity: a measure made from a source row before is found again by its sheet and
  // row, whatever the mapping now says about its name or its parents (a changed mapping never
  // duplicates). Each existing measure answers for one source row per run.
  const rowKey = (sheet: CellValue, row: CellValue) => `${textOf(sheet)}\u0000${textOf(row)}`;
  const bySourceRow = new Map<string, number>();
  rows.forEach((row, i) => {
    if (levelOf(row) === "Measure" && row.sourceRow !== null)
      bySourceRow.set(rowKey(row.sourceSheet, row.sourceRow), i);
  });
  const claimed = new Set<number>();
  // Stable identity by the client's own ID column (`source_id`), when mapped: a recorded ID finds
  // its measure wherever its row has moved, and a measure recorded for one ID is never taken by
  // another ID's row (through its name or its old row).
  const idCol = mapping.source_id;
  const sourceIds = new Map(options.sourceIds ?? []);
  const indexOfId = new Map<string, number>();
  rows.forEach((row, i) => {
    if (levelOf(row) === "Measure") indexOfId.set(textOf(row.id), i);
  });
  const recordedId = new Map<number, string>();
  const prefix = sourceIdKey(source.sheet, "");
  for (const [key, registerId] of sourceIds) {
    const i = indexOfId.get(registerId);
    if (key.startsWith(prefix) && i !== undefined) recordedId.set(i, key.slice(prefix.length));
  }
  const firstRowOfId = new Map<string, number>();

  const ensureItem = (level: Level, parentId: string, name: string, placeholder: string, occurrence = 0): number => {
    const key = itemKey(level, parentId, name, occurrence);
    const found = byKey.get(key);
    if (found !== undefined) return found;
    const row = emptyRow();
    row.id = nextId(level);
    row.level = level;
    row.parentId = parentId || null;
    row.name = name;
    row.placeholder = placeholder || null;
    row.sourceSheet = source.sheet;
    rows.push(row);
    created[level]++;
    byKey.set(key, rows.length - 1);
    return rows.length - 1;
  };

  /** Fills a blank register cell from the source; a different value there is reported once, and the register wins. */
  const take = (index: number, key: RegisterKey, value: CellValue, sheetRow: number): boolean => {
    const row = rows[index];
    if (value === null) return false;
    if (row[key] === null || isBlankCell(row[key])) {
      row[key] = value;
      return true;
    }
    const conflict = `${index}\u0000${key}\u0000${nameKey(value)}`;
    if (!sameValue(row[key], value) && !conflicts.has(conflict)) {
      conflicts.add(conflict);
      const message = say.sourceConflict(textOf(row.id), textOf(row.name), key, row[key], sheetRow, value);
      findings.push(newFinding("SOURCE_CONFLICT", message, textOf(row.id), sheetRow, key));
    }
    return false;
  };

  const mappedColumns = SOURCE_FIELDS.map((f) => mapping[f]).filter((c): c is number => c !== undefined);
  source.rows.forEach((line, r) => {
    if (mappedColumns.every((c) => isBlankCell(line[c]))) {
      skippedBlankRows++;
      return;
    }
    const sheetRow = source.headerRow + 1 + r;
    let parentId = "";
    for (const field of ["organization", "portfolio", "program", "project", "package"] as const) {
      const level = LEVEL_OF_FIELD[field] as Level;
      const col = mapping[field];
      let name = col === undefined ? "" : textOf(line[col]);
      let placeholder = "";
      if (!name && field === "organization") name = organization || knownOrg || "";
      if (!name) {
        placeholder = col === undefined && field !== "organization" ? "no column" : "blank cell";
        if (field === "organization" && col === undefined) placeholder = "no column";
        name = placeholderName(level, placeholder as "no column" | "blank cell");
      }
      const index = ensureItem(level, parentId, name, placeholder);
      if (rows[index].sourceRow === null) rows[index].sourceRow = sheetRow;
      parentId = textOf(rows[index].id);
      const roles = LEVEL_ROLE_FIELDS.find((r) => r.level === level);
      if (roles && placeholderOf(rows[index]) === "") {
        let changed = false;
        for (const key of ["owner", "controller"] as const) {
          const col = mapping[roles[key]];
          if (col !== undefined) changed = take(index, key, textOrNull(line[col] ?? null), sheetRow) || changed;
        }
        if (changed && index < existing.length) touched.add(index);
      }
    }
    const measureCol = mapping.measure;
    const measureName = measureCol === undefined ? "" : textOf(line[measureCol]);
    const name = measureName || `(unnamed measure, row ${sheetRow})`;
    const base = `${parentId}\u0000${nameKey(name)}`;
    const occurrence = occurrences.get(base) ?? 0;
    occurrences.set(base, occurrence + 1);
    let sourceId = idCol === undefined ? "" : textOf(line[idCol]).trim();
    const first = sourceId ? firstRowOfId.get(sourceId) : undefined;
    if (first !== undefined) {
      // A genuine duplicate ID: a finding; the row is matched as a row without an ID.
      const message = say.duplicateSourceId(sourceId, sheetRow, first, textOf(source.headers[idCol!]));
      findings.push(newFinding("DUPLICATE_SOURCE_ID", message, "", sheetRow));
      sourceId = "";
    } else if (sourceId) firstRowOfId.set(sourceId, sheetRow);
    // A candidate is free when no other row took it this run and it was not recorded for another ID.
    const free = (i: number | undefined): i is number =>
      i !== undefined && !claimed.has(i) && (idCol === undefined || (recordedId.get(i) ?? sourceId) === sourceId);
    const byId = sourceId ? sourceIds.get(sourceIdKey(source.sheet, sourceId)) : undefined;
    const candidates = [
      { index: byId === undefined ? undefined : indexOfId.get(byId), moves: true },
      { index: byKey.get(itemKey("Measure", parentId, name, occurrence)), moves: false },
      { index: bySourceRow.get(rowKey(source.sheet, sheetRow)), moves: true },
    ];
    const found = candidates.find((c) => free(c.index));
    let index = found?.index;
    let movedFrom: string | undefined;
    if (found?.moves && index !== undefined) {
      const parent = textOf(rows[index].parentId);
      if (parent !== parentId && parseGate(rows[index].gate) !== "L5 Closed") movedFrom = parent;
    }
    if (index === undefined) {
      index = ensureItem("Measure", parentId, name, measureName ? "" : "blank cell", occurrence);
      if (claimed.has(index) || !free(index)) {
        // The name's measure belongs to another row or ID: this row's measure is a new one.
        index = ensureItem("Measure", parentId, name, measureName ? "" : "blank cell", Number.MAX_SAFE_INTEGER - r);
      }
    }
    claimed.add(index);
    if (sourceId) sourceIds.set(sourceIdKey(source.sheet, sourceId), textOf(rows[index].id));
    const row = rows[index];
    if (parseGate(row.gate) === "L5 Closed") return; // closed measures are frozen
    let changed = false;
    if (movedFrom !== undefined) {
      // The new mapping places the row's measure under other parents: it moves (same ID), it is not made twice.
      row.parentId = parentId;
      changed = true;
    }
    if (measureName && !sameValue(row.name, measureName))
      changed = take(index, "name", measureName, sheetRow) || changed;
    for (const { field, key, read } of MEASURE_FIELDS) {
      const col = mapping[field];
      if (col === undefined) continue;
      changed =
        take(
          index,
          key,
          read(line[col] ?? null, options.decimal, options.dateOrders?.[field], options.gateMap),
          sheetRow,
        ) || changed;
    }
    if (row.sourceRow !== sheetRow || row.sourceSheet !== source.sheet) {
      row.sourceRow = sheetRow;
      row.sourceSheet = source.sheet;
      changed = true;
    }
    if (changed && index < existing.length) touched.add(index);
  });

  return { rows: withPaths(rows), created, updated: touched.size, skippedBlankRows, findings, sourceIds };
}
