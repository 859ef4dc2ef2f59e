/**
 * What the command line prints: readable tables for people, stable JSON for scripts.
 * The JSON shapes are published (README, "Command line"); add fields, never rename or remove them.
 */
import { Finding, Level } from "../src/governance/model";
import { Report } from "../src/governance/commands";
import { provenLine, Tampering, Verification } from "../src/governance/closure";

/** The JSON of upgrade and validate. */
export interface FindingsJson {
  readonly items: Record<Level, number>;
  readonly findings: { code: string; message: string; id: string; sourceRow: number | null }[];
}

/** The JSON of upgrade and validate: items per level and the findings. */
export function findingsJson(items: Record<Level, number>, findings: readonly Finding[]): FindingsJson {
  return {
    items: { ...items },
    findings: findings.map((f) => ({ code: f.code, message: f.message, id: f.id, sourceRow: f.sourceRow })),
  };
}

/** The JSON of verify (published: README, "Command line"). */
export interface VerifyJson {
  readonly intact: boolean;
  readonly closed: number;
  readonly tampered: Tampering[];
  readonly unfinished: { id: string; action: string; seq: number }[];
  readonly signatures: { valid: number; invalid: number; unsigned: number; untrusted: number };
  readonly receipts: { checked: number; missing: number; newer: number };
  readonly versions: { "1": number; "2": number };
}

/** The JSON of verify. */
export function verifyJson(v: Verification): VerifyJson {
  return {
    intact: v.intact,
    closed: v.closed,
    tampered: v.tampered.map((t) => ({ id: t.id, reason: t.reason })),
    unfinished: v.unfinished.map((u) => ({ id: u.id, action: u.action, seq: u.seq })),
    signatures: { ...v.signatures },
    receipts: { ...v.receipts },
    versions: { ...v.versions },
  };
}

/** JSON text for stdout: two-space indented, one trailing newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** Column alignment of a text table. */
type Align = "left" | "right";

/**
 * Renders a text table with a header rule. Cells longer than `maxWidth` are cut with "...".
 * @example renderTable(["A", "B"], [["x", "1"]], ["left", "right"]) // => "A  B\n-  -\nx  1\n"
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
  maxWidth = 40,
): string {
  const cut = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 3) + "..." : s);
  const cells = [headers.map(cut), ...rows.map((r) => r.map(cut))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) =>
    widths
      .map((w, c) => (align[c] === "right" ? (r[c] ?? "").padStart(w) : (r[c] ?? "").padEnd(w)))
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

/** Items per level on one line. @example itemsLine({ Organization: 1, Portfolio: 4, ... }) // => "1 organization, 4 portfolios, ..." */
export function itemsLine(items: Record<Level, number>): string {
  return (Object.entries(items) as [Level, number][])
    .map(([level, n]) => `${n} ${n === 1 ? level.toLowerCase() : PLURAL[level]}`)
    .join(", ");
}

/**
 * Findings for people: the count per code, then a table with the first few of each code (so
 * one frequent code does not hide the rare ones); the Findings sheet and --json have them all.
 */
export function findingsText(findings: readonly Finding[], perCode = 5): string {
  if (findings.length === 0) return "No findings.\n";
  const byCode = new Map<string, Finding[]>();
  for (const f of findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  const summary = [...byCode].map(([code, list]) => `${code} ${list.length}`).join(", ");
  const shown = [...byCode.values()].flatMap((list) => list.slice(0, perCode));
  const table = renderTable(
    ["Code", "ID", "Source row", "Message"],
    shown.map((f) => [f.code, f.id, f.sourceRow === null ? "" : String(f.sourceRow), f.message]),
    ["left", "left", "right", "left"],
    100,
  );
  const more =
    findings.length > shown.length
      ? `... and ${findings.length - shown.length} more (see the Findings sheet or --json).\n`
      : "";
  return `${findings.length} finding(s): ${summary}\n${table}${more}`;
}

/** The dual-status report as tables: one row per measure, then the counts and totals. */
export function reportText(report: Report): string {
  const measures = renderTable(
    ["ID", "Measure", "Portfolio", "Gate", "Impl.", "Potential", "Dual status", "Planned", "Forecast", "Confirmed"],
    report.measures.map((m) => [
      m.id,
      m.name,
      m.path[1] ?? "",
      m.gate,
      m.implementation,
      m.potential,
      m.dualStatus,
      money(m.planned),
      money(m.forecast),
      money(m.confirmed),
    ]),
    ["left", "left", "left", "left", "left", "left", "left", "right", "right", "right"],
    30,
  );
  const counts = renderTable(
    ["Dual status", "Measures"],
    Object.entries(report.byDualStatus).map(([s, n]) => [s, String(n)]),
    ["left", "right"],
  );
  const totals = renderTable(
    ["Totals", "Planned", "Forecast", "Confirmed"],
    [["All measures", money(report.totals.planned), money(report.totals.forecast), money(report.totals.confirmed)]],
    ["left", "right", "right", "right"],
  );
  return `${measures}\n${counts}\n${totals}`;
}

/** Verification for people: the proven line, the counts, then one line per problem. */
export function verifyText(v: Verification): string {
  const s = v.signatures;
  const lines = [
    v.intact ? `Intact: ${provenLine(v)}.` : `FAILED: ${provenLine(v)}, but:`,
    `Entries: ${s.valid} signed-valid, ${s.invalid} signed-invalid, ${s.unsigned} unsigned, ${s.untrusted} signed by a key not in the trust roster; version 1: ${v.versions["1"]}, version 2: ${v.versions["2"]}; head ${v.auditHead.slice(0, 12)}.`,
  ];
  if (v.keysNotInRoster.length)
    lines.push(`Keys not checked against a trust roster (give --trust): ${v.keysNotInRoster.join(", ")}.`);
  if (v.newerSeqs.length) lines.push(`Entries newer than the last receipt: Seq ${v.newerSeqs.join(", ")}.`);
  for (const u of v.unfinished)
    lines.push(
      `  ${u.id}: unfinished ${u.action} (audit Seq ${u.seq}): the trail records it but the register does not fully show it; finish or undo it in the task pane.`,
    );
  for (const t of v.tampered) lines.push(`  ${t.id || "-"}: ${t.reason}`);
  return lines.join("\n") + "\n";
}
