/**
 * What the command line prints: readable tables for people, stable JSON for scripts.
 * The JSON shapes are published (README, "Command line"); add fields, never rename or remove them.
 */
import { Finding, Level, LEVELS, Severity } from "../src/governance/model";
import { Report } from "../src/governance/commands";
import { parseGate } from "../src/governance/values";
import { Tampering, verdictLine, Verification } from "../src/governance/closure";
import { maxOf } from "../src/arrays";
import { proofMessages } from "../src/errors";

/** A finding in JSON (upgrade, validate, and the TEXT_CUT warnings of every writing command). */
export type FindingJson = { code: string; message: string; id: string; sourceRow: number | null; severity: Severity };

/** The JSON of upgrade and validate. */
export interface FindingsJson {
  readonly items: Record<Level, number>;
  readonly findings: FindingJson[];
}

/** The JSON of upgrade and validate: items per level and the findings (severity last: it was added later). */
export function findingsJson(items: Record<Level, number>, findings: readonly Finding[]): FindingsJson {
  return { items: { ...items }, findings: findingJson(findings) };
}

/** Findings as JSON, each in the published shape. */
export function findingJson(findings: readonly Finding[]): FindingJson[] {
  return findings.map((f) => ({
    code: f.code,
    message: f.message,
    id: f.id,
    sourceRow: f.sourceRow,
    severity: f.severity,
  }));
}

/** TEXT_CUT warnings listed at most (the Findings sheet and --json list every one). */
const CUTS_LISTED = 10;

/**
 * The TEXT_CUT warnings of a write for people (src/governance/textCut.ts): one line each, the
 * first ten, then how many more; "" when none. Each message is bounded (it names the cell, not its text).
 */
export function cutText(findings: readonly Finding[]): string {
  if (!findings.length) return "";
  const shown = findings.slice(0, CUTS_LISTED).map((f) => `Warning: ${f.message}\n`);
  const more = findings.length - shown.length;
  return shown.join("") + (more > 0 ? `... and ${more} more (see the Findings sheet or --json).\n` : "");
}

/** The JSON of verify (published: README, "Command line"). */
export interface VerifyJson {
  readonly intact: boolean;
  /** "proven" (exit 0), "unproven" (exit 3: no trust roster) or "failed" (exit 1). */
  readonly verdict: Verification["verdict"];
  readonly closed: number;
  readonly tampered: Tampering[];
  readonly unfinished: { id: string; action: string; seq: number }[];
  readonly signatures: { valid: number; invalid: number; unsigned: number; untrusted: number };
  readonly receipts: { checked: number; missing: number; newer: number };
  readonly versions: { "1": number; "2": number; "3": number };
  /** The workbook's Workbook ID ("" when it has none). */
  readonly workbookId: string;
  /** The deliberate forks the trail records: at which Seq, from which parent, to which ID. */
  readonly forks: { seq: number; parent: string; workbookId: string }[];
}

/** The JSON of verify. */
export function verifyJson(v: Verification): VerifyJson {
  return {
    intact: v.intact,
    verdict: v.verdict,
    closed: v.closed,
    tampered: v.tampered.map((t) => ({ id: t.id, reason: t.reason })),
    unfinished: v.unfinished.map((u) => ({ id: u.id, action: u.action, seq: u.seq })),
    signatures: { ...v.signatures },
    receipts: { ...v.receipts },
    versions: { ...v.versions },
    workbookId: v.workbookId,
    forks: v.forks.map((f) => ({ seq: f.seq, parent: f.parent, workbookId: f.workbookId })),
  };
}

/** JSON text for stdout: two-space indented, one trailing newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** Column alignment of a text table. */
type Align = "left" | "right";

/** How a text table is laid out: alignment and the widest each column may be (cut with "..."). */
export interface TableLayout {
  readonly align?: readonly Align[];
  /** Widest cell per column; undefined or Infinity leaves a column whole. */
  readonly maxWidths?: readonly (number | undefined)[];
  /** Fit the whole line into this many characters by narrowing the column `flex` (to at least 8). */
  readonly fit?: { readonly total: number; readonly flex: number };
}

/**
 * Renders a text table with a header rule.
 * @example renderTable(["A", "B"], [["x", "1"]], { align: ["left", "right"] }) // => "A  B\n-  -\nx  1\n"
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  layout: TableLayout = {},
): string {
  const limits = headers.map((_, c) => layout.maxWidths?.[c] ?? Infinity);
  const natural = (c: number) => maxOf([headers, ...rows].map((r) => (r[c] ?? "").length));
  if (layout.fit) {
    const { total, flex } = layout.fit;
    const others = headers.reduce((sum, _, c) => sum + (c === flex ? 0 : Math.min(natural(c), limits[c])), 0);
    limits[flex] = Math.max(8, Math.min(limits[flex], total - others - 2 * (headers.length - 1)));
  }
  const cut = (s: string, c: number) => (s.length > limits[c] ? s.slice(0, limits[c] - 3) + "..." : s);
  const cells = [headers, ...rows].map((r) => headers.map((_, c) => cut(r[c] ?? "", c)));
  const widths = headers.map((_, c) => maxOf(cells.map((r) => r[c].length)));
  const line = (r: readonly string[]) =>
    widths
      .map((w, c) => (layout.align?.[c] === "right" ? r[c].padStart(w) : r[c].padEnd(w)))
      .join("  ")
      .trimEnd();
  return [line(cells[0]), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)].join("\n") + "\n";
}

/** A money amount with thousands separators and two decimals; "" for none. @example money(1234.5) // => "1,234.50" */
export function money(value: number | null): string {
  if (value === null) return "";
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const PLURAL: Readonly<Record<Level, string>> = {
  Organization: "organizations",
  Portfolio: "portfolios",
  Program: "programs",
  Project: "projects",
  "Measure Package": "measure packages",
  Measure: "measures",
};

/** "1 portfolio", "4 portfolios". */
function levelWord(level: Level, n: number): string {
  return n === 1 ? level.toLowerCase() : PLURAL[level];
}

/** Items per level on one line. @example itemsLine({ Organization: 1, Portfolio: 4, ... }) // => "1 organization, 4 portfolios, ..." */
export function itemsLine(items: Record<Level, number>): string {
  return (Object.entries(items) as [Level, number][]).map(([level, n]) => `${n} ${levelWord(level, n)}`).join(", ");
}

/** "3 errors", "1 warning". */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The level of a finding's item, read from its id's prefix ("" for findings about the client sheet). */
function levelOfId(id: string, levels: ReadonlyMap<string, Level>): string {
  return levels.get(id) ?? "";
}

/**
 * Findings for people: errors first, each in full (a table whose messages are never cut),
 * then the warnings summed up per code and level; the Findings sheet and --json list every one.
 * @param findings - The findings.
 * @param levels - The level of each item id, for the warnings' summary.
 * @param errorsPerCode - Show at most this many errors of each code (the upgrade's short summary); all by default.
 */
export function findingsText(
  findings: readonly Finding[],
  levels: ReadonlyMap<string, Level>,
  errorsPerCode = Infinity,
): string {
  if (findings.length === 0) return "No findings.\n";
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const parts = [`${count(errors.length, "error")}, ${count(warnings.length, "warning")}.\n`];
  if (errors.length) {
    const byCode = new Map<string, Finding[]>();
    for (const f of errors) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
    const shown = [...byCode.values()].flatMap((list) => list.slice(0, errorsPerCode));
    parts.push(
      "Errors:\n" +
        renderTable(
          ["Code", "ID", "Source row", "Message"],
          shown.map((f) => [f.code, f.id, f.sourceRow === null ? "" : String(f.sourceRow), f.message]),
          { align: ["left", "left", "right", "left"] },
        ),
    );
    if (shown.length < errors.length) {
      parts.push(`... and ${count(errors.length - shown.length, "more error")} (see the Findings sheet or --json).\n`);
    }
  }
  if (warnings.length) {
    const byCode = new Map<string, Map<string, number>>();
    for (const f of warnings) {
      const perLevel = byCode.get(f.code) ?? new Map<string, number>();
      const level = levelOfId(f.id, levels) || "client sheet";
      perLevel.set(level, (perLevel.get(level) ?? 0) + 1);
      byCode.set(f.code, perLevel);
    }
    const order = [...LEVELS, "client sheet"] as readonly string[];
    const lines = [...byCode].map(([code, perLevel]) => {
      const total = [...perLevel.values()].reduce((a, b) => a + b, 0);
      const where = [...perLevel]
        .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
        .map(([level, n]) => `${n} ${level === "client sheet" ? level : levelWord(level as Level, n)}`)
        .join(", ");
      return [code, String(total), where];
    });
    parts.push(
      "Warnings (each is on the Findings sheet and in --json):\n" +
        renderTable(["Code", "Count", "Where"], lines, { align: ["left", "right", "left"] }),
    );
  }
  return parts.join("");
}

/** How wide the report prints by default. */
export const REPORT_WIDTH = 100;

/**
 * The dual-status report as tables: one row per measure, then the counts and totals. By
 * default the measures table fits 100 columns (the gate as its code, the measure's name cut
 * to fit); `wide` prints every column whole, portfolio and the two statuses included.
 */
export function reportText(report: Report, wide = false): string {
  const amounts = (m: Report["measures"][number]) => [money(m.planned), money(m.forecast), money(m.confirmed)];
  const measures = wide
    ? renderTable(
        ["ID", "Measure", "Portfolio", "Gate", "Impl.", "Potential", "Dual status", "Planned", "Forecast", "Confirmed"],
        report.measures.map((m) => [
          m.id,
          m.name,
          m.path[1] ?? "",
          m.gate,
          m.implementation,
          m.potential,
          m.dualStatus,
          ...amounts(m),
        ]),
        { align: ["left", "left", "left", "left", "left", "left", "left", "right", "right", "right"] },
      )
    : renderTable(
        ["ID", "Measure", "Gate", "Dual status", "Planned", "Forecast", "Confirmed"],
        report.measures.map((m) => [
          m.id,
          m.name,
          parseGate(m.gate) ? m.gate.slice(0, 2) : m.gate,
          m.dualStatus,
          ...amounts(m),
        ]),
        {
          align: ["left", "left", "left", "left", "right", "right", "right"],
          maxWidths: [12, undefined, 8],
          fit: { total: REPORT_WIDTH, flex: 1 },
        },
      );
  const counts = renderTable(
    ["Dual status", "Measures"],
    Object.entries(report.byDualStatus).map(([s, n]) => [s, String(n)]),
    { align: ["left", "right"] },
  );
  const totals = renderTable(
    ["Totals", "Planned", "Forecast", "Confirmed"],
    [["All measures", money(report.totals.planned), money(report.totals.forecast), money(report.totals.confirmed)]],
    { align: ["left", "right", "right", "right"] },
  );
  return `${measures}\n${counts}\n${totals}`;
}

/** Up to this many entries, verify's text lists each one with its signature status. */
const ENTRIES_SHOWN = 50;

/** Verification for people: the proven line, the counts, then one line per problem. */
export function verifyText(v: Verification): string {
  const s = v.signatures;
  const lines = [
    verdictLine(v, "pass --trust ROSTER"),
    `Entries: ${s.valid} signed-valid, ${s.invalid} signed-invalid, ${s.unsigned} unsigned, ${s.untrusted} signed by a key not in the trust roster; version 1: ${v.versions["1"]}, version 2: ${v.versions["2"]}, version 3: ${v.versions["3"]}; head ${v.auditHead.slice(0, 12)}.`,
  ];
  const words = {
    valid: "signed-valid",
    invalid: "signed-invalid",
    unsigned: "unsigned",
    untrusted: "signed by a key not in the trust roster",
  };
  // Each entry, while the trail is short enough to read; beyond that the entries that are not signed-valid.
  const shown = v.entries.length <= ENTRIES_SHOWN ? v.entries : v.entries.filter((e) => e.signature !== "valid");
  const forks = new Map(v.forks.map((f) => [f.seq, f]));
  for (const e of shown) {
    const key = e.keyId ? ` (key ${e.keyId.slice(0, 12)})` : "";
    const what = forks.has(e.seq) ? `from workbook ${forks.get(e.seq)!.parent.slice(0, 12)}` : e.id;
    lines.push(`  Seq ${e.seq} ${e.action} ${what}: ${words[e.signature]}${key}`);
  }
  for (const f of v.forks) lines.push(proofMessages.forked(f.seq, f.sheetRow, f.parent, f.workbookId));
  if (v.keysNotInRoster.length)
    lines.push(`Keys not checked against a trust roster (give --trust): ${v.keysNotInRoster.join(", ")}.`);
  if (v.receiptCoverage) lines.push(v.receiptCoverage);
  for (const u of v.unfinished)
    lines.push(
      `  ${u.id}: unfinished ${u.action} (audit Seq ${u.seq}): the trail records it but the register does not fully show it; finish or undo it in the task pane.`,
    );
  for (const t of v.tampered) lines.push(`  ${t.id || "-"}: ${t.reason}`);
  return lines.join("\n") + "\n";
}
