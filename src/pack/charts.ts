/**
 * The review pack's charts as Vega-Lite specifications: pure functions from the pack's model
 * to plain JSON. No drawing here; src/pack/render.ts turns a spec into SVG with vega, in
 * Node and in the task pane alike.
 *
 * Colours are the Okabe-Ito palette (safe for colour-blind readers), and no status is told
 * by colour alone: points differ by shape, thresholds by dash pattern, changes by a signed
 * label, the "Value at risk" cells by a heavy outline and their words.
 */
import type { TopLevelSpec } from "vega-lite";
import { misses } from "../direction";
import {
  DependencyState,
  EXPERIENCE_QUADRANTS,
  ExperienceView,
  MatrixCell,
  MoneyMonth,
  PackModel,
  ProcessMap,
  TrendPanel,
} from "./model";

/** Okabe-Ito colours. */
export const PALETTE = {
  blue: "#0072B2",
  orange: "#E69F00",
  vermillion: "#D55E00",
  green: "#009E73",
  sky: "#56B4E9",
  purple: "#CC79A7",
  grey: "#595959",
  black: "#000000",
} as const;

const CONFIG = {
  font: "sans-serif",
  background: "white",
  view: { stroke: null },
  axis: { labelFontSize: 10, titleFontSize: 10, labelColor: "#222", titleColor: "#222" },
  legend: { labelFontSize: 10, titleFontSize: 10, orient: "bottom", labelLimit: 240 },
  title: { fontSize: 11, subtitleFontSize: 10, anchor: "start", color: "#000" },
} as const;

/** Point statuses of a trend, best first, each with its shape and colour. */
export const TREND_STATUSES = [
  { status: "Met Expected", shape: "circle", color: PALETTE.blue },
  { status: "Below Expected", shape: "triangle-down", color: PALETTE.sky },
  { status: "Below Minimum", shape: "diamond", color: PALETTE.orange },
  { status: "Below Significant Minimum", shape: "cross", color: PALETTE.vermillion },
] as const;

/** The thresholds of a trend, each with its dash pattern. */
const THRESHOLDS = [
  { key: "expected", label: "Expected", dash: [1, 0] },
  { key: "minimum", label: "Minimum", dash: [6, 3] },
  { key: "significantMinimum", label: "Sig. Min.", dash: [2, 2] },
] as const;

/** Pixels between the right ends of a trend's threshold labels (each is under 48 px wide). */
export const THRESHOLD_LABEL_STEP = 54;

/**
 * Characters of an 11-px title line a trend's 250 px hold, as vega measures text without a
 * canvas (0.8 of the font size a character), so a line this long is never cut with an ellipsis.
 */
export const TREND_TITLE_CHARS = 28;

/**
 * A title's words on lines of at most `max` characters (a longer word broken), for a chart
 * title that must not be cut. Cost: O(length).
 * @example titleLines("First-call resolution (SL-005)", 28) // => ["First-call resolution", "(SL-005)"]
 */
export function titleLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > max) {
      if (line) lines.push(line);
      lines.push(word.slice(0, max));
      [line, word] = ["", word.slice(max)];
    }
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line || !lines.length ? [...lines, line] : lines;
}

/** The status of one result against a service level's thresholds. */
export function pointStatus(panel: TrendPanel, result: number): string {
  const below = (t: number | null) => t !== null && misses(result, t, panel.direction);
  if (below(panel.significantMinimum)) return TREND_STATUSES[3].status;
  if (below(panel.minimum)) return TREND_STATUSES[2].status;
  if (below(panel.expected)) return TREND_STATUSES[1].status;
  return TREND_STATUSES[0].status;
}

/**
 * A trend's unit and direction: the y axis shows the unit (short, so twelve panels fit a
 * page), the subtitle says which way is better.
 * @example unitAndDirection({ unit: "%", direction: ">=" }) // => { axis: "Attainment (%)", direction: "higher is better" }
 */
export function unitAndDirection(panel: Pick<TrendPanel, "unit" | "direction">): { axis: string; direction: string } {
  return {
    axis: panel.unit === "%" ? "Attainment (%)" : panel.unit || "Result",
    direction: `${panel.direction === "<=" ? "lower" : "higher"} is better`,
  };
}

/**
 * One small multiple: a service level's results over the last periods, its Expected, Minimum
 * and Significant Minimum as lines, points shaped by status.
 * @param panel - The trend.
 * @returns A Vega-Lite spec.
 */
export function trendSpec(panel: TrendPanel): TopLevelSpec {
  const percent = panel.unit === "%";
  const points = panel.points
    .filter((p) => p.result !== null)
    .map((p) => ({ period: p.period, result: p.result as number, status: pointStatus(panel, p.result as number) }));
  // Each label ends further left than the one before it, so labels of close thresholds (Expected
  // 99.5%, Minimum 99.0%) sit side by side instead of over each other: a label of 10-px text is
  // under 48 px wide.
  const rules = THRESHOLDS.filter((t) => panel[t.key] !== null).map((t, i) => ({
    threshold: t.label,
    value: panel[t.key] as number,
    labelEnd: 208 - i * THRESHOLD_LABEL_STEP,
  }));
  const format = percent ? ".1%" : "~r";
  const unit = unitAndDirection(panel);
  const periods = panel.points.map((p) => p.period);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description: `${panel.service} (${panel.id}), ${unit.axis}, ${unit.direction}: results for ${periods[0]} to ${periods[periods.length - 1]}`,
    title: {
      // On as many lines as it takes within the panel's width: a long service name is never cut.
      text: titleLines(`${panel.service} (${panel.id})`, TREND_TITLE_CHARS),
      subtitle: [panel.breach ? `Breach: ${panel.breach}` : "Critical, no breach", unit.direction],
      limit: 250,
    },
    width: 210,
    height: 70,
    config: CONFIG,
    encoding: {
      x: {
        field: "period",
        type: "ordinal",
        // The pack's key says the x axis is the month (YY-MM): twelve panels fit one printed page.
        title: null,
        scale: { domain: periods },
        axis: { labelAngle: -90, labelFontSize: 10, labelExpr: "slice(datum.value, 2)" },
      },
    },
    layer: [
      {
        data: { values: rules },
        mark: { type: "rule", color: PALETTE.grey, strokeWidth: 1 },
        encoding: {
          x: { value: 0 },
          x2: { value: 210 },
          y: { field: "value", type: "quantitative" },
          strokeDash: {
            field: "threshold",
            type: "nominal",
            title: "Threshold",
            legend: null,
            scale: { domain: THRESHOLDS.map((t) => t.label), range: THRESHOLDS.map((t) => [...t.dash]) },
          },
        },
      },
      {
        // Each threshold line says which it is, at its right end (not only in the pack's key).
        data: { values: rules },
        mark: { type: "text", align: "right", baseline: "bottom", dy: -1, fontSize: 10, color: PALETTE.grey },
        encoding: {
          x: { field: "labelEnd", type: "quantitative", scale: null },
          y: { field: "value", type: "quantitative" },
          text: { field: "threshold" },
        },
      },
      {
        data: { values: points },
        mark: { type: "line", color: PALETTE.black, strokeWidth: 1.2 },
        encoding: {
          y: {
            field: "result",
            type: "quantitative",
            title: unit.axis,
            scale: { zero: false },
            axis: { format, tickCount: 4 },
          },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 45 },
        encoding: {
          y: { field: "result", type: "quantitative" },
          shape: {
            field: "status",
            type: "nominal",
            title: "Result",
            legend: null,
            scale: { domain: TREND_STATUSES.map((s) => s.status), range: TREND_STATUSES.map((s) => s.shape) },
          },
          color: {
            field: "status",
            type: "nominal",
            title: "Result",
            legend: null,
            scale: { domain: TREND_STATUSES.map((s) => s.status), range: TREND_STATUSES.map((s) => s.color) },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Credits (after the cap) and SigMin penalties by month, side by side, with the at-risk cap as a
 * line: the cap bounds credits only (penalties are not capped), so the penalties' bar is never
 * stacked on the credits' where the line would seem to cap both.
 * @param months - The history's money.
 * @param currency - The contract's currency, named in the title ("" names none).
 * @returns A Vega-Lite spec.
 */
export function moneySpec(months: readonly MoneyMonth[], currency = ""): TopLevelSpec {
  const bars = months.flatMap((m) => [
    { period: m.period, kind: "Credits (after the cap)", amount: m.credits },
    { period: m.period, kind: "SigMin penalties", amount: m.sigmin },
  ]);
  const cap = months.map((m) => ({ period: m.period, cap: m.atRisk, label: "At-risk cap (credits)" }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description: "Credits after the cap and Significant Minimum penalties per month, with the at-risk cap",
    title: `Credits and penalties by month${currency ? ` (${currency})` : ""}`,
    width: 440,
    height: 190,
    config: CONFIG,
    encoding: {
      x: {
        field: "period",
        type: "ordinal",
        title: "Month",
        scale: { domain: months.map((m) => m.period) },
        axis: { labelAngle: -45 },
      },
    },
    layer: [
      {
        data: { values: bars },
        mark: { type: "bar", stroke: PALETTE.black, strokeWidth: 0.5 },
        encoding: {
          y: { field: "amount", type: "quantitative", title: "Amount", stack: null, axis: { format: ",.0f" } },
          xOffset: { field: "kind", type: "nominal", sort: ["Credits (after the cap)", "SigMin penalties"] },
          color: {
            field: "kind",
            type: "nominal",
            title: "Money",
            scale: { domain: ["Credits (after the cap)", "SigMin penalties"], range: [PALETTE.blue, PALETTE.orange] },
          },
          order: { field: "kind", sort: "ascending" },
        },
      },
      {
        data: { values: cap },
        mark: { type: "line", color: PALETTE.black, strokeDash: [6, 3], strokeWidth: 1.5, point: { shape: "square" } },
        encoding: {
          y: { field: "cap", type: "quantitative" },
          strokeDash: { field: "label", type: "nominal", title: "Line", scale: { range: [[6, 3]] } },
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * The savings bridge: per portfolio, planned, the forecast's change, forecast, what is not yet
 * confirmed, confirmed. Changes carry a signed label; totals are plain bars.
 * @param model - The pack.
 * @returns A Vega-Lite spec (one small multiple per portfolio).
 */
export function bridgeSpec(model: Pick<PackModel, "bridge">): TopLevelSpec {
  const values = model.bridge.map((s) => ({
    ...s,
    // What is not yet confirmed is not a loss: it is drawn neutral, apart from real changes.
    kind: s.step === "Not yet confirmed" ? "not yet confirmed" : s.kind,
    low: Math.min(s.start, s.end),
    high: Math.max(s.start, s.end),
    label:
      s.kind === "total" || s.step === "Not yet confirmed"
        ? fmt(Math.abs(s.amount))
        : `${s.amount < 0 ? "−" : "+"}${fmt(Math.abs(s.amount))}`,
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description: "Savings bridge per portfolio: planned, forecast change, forecast, not yet confirmed, confirmed",
    title: "Savings bridge per portfolio: planned → forecast → confirmed",
    data: { values },
    config: CONFIG,
    facet: { field: "portfolio", type: "nominal", title: null, sort: null },
    columns: 4,
    spec: {
      width: 150,
      height: 100,
      encoding: {
        x: {
          field: "step",
          type: "ordinal",
          title: null,
          sort: { field: "order" },
          axis: { labelAngle: -40, labelFontSize: 9 },
        },
      },
      layer: [
        {
          mark: { type: "bar", stroke: PALETTE.black, strokeWidth: 0.5 },
          encoding: {
            y: { field: "low", type: "quantitative", title: "Savings", axis: { format: "~s" } },
            y2: { field: "high" },
            color: {
              field: "kind",
              type: "nominal",
              title: "Step",
              scale: {
                domain: ["total", "increase", "decrease", "not yet confirmed"],
                range: [PALETTE.blue, PALETTE.green, PALETTE.vermillion, "#d9d9d9"],
              },
            },
          },
        },
        {
          mark: { type: "text", dy: -6, fontSize: 8, color: PALETTE.black },
          encoding: { y: { field: "high", type: "quantitative" }, text: { field: "label" } },
        },
      ],
    },
    resolve: { scale: { y: "independent" } },
  } as TopLevelSpec;
}

/**
 * The dual-status matrix: implementation (rows) x potential (columns), measures per cell,
 * the "Value at risk" cells outlined and named.
 * @param cells - The 9 cells.
 * @returns A Vega-Lite spec.
 */
export function matrixSpec(cells: readonly MatrixCell[]): TopLevelSpec {
  const order = ["Green", "Amber", "Red"];
  const values = cells.map((c) => ({
    ...c,
    label: `${c.valueAtRisk ? "▲ " : ""}${c.status}`,
    countText: String(c.count),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description: "Measures per implementation status and potential status; the Value at risk cells outlined",
    title: "Dual status: implementation × potential",
    data: { values },
    config: CONFIG,
    width: 270,
    height: 170,
    encoding: {
      x: { field: "potential", type: "ordinal", title: "Potential (money)", sort: order, axis: { labelAngle: 0 } },
      y: { field: "implementation", type: "ordinal", title: "Implementation (milestones)", sort: order },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          // Shaded by the cell's dual status (its meaning), not by how many measures it holds.
          color: {
            field: "status",
            type: "nominal",
            title: "Dual status",
            scale: {
              domain: ["On track", "Watch", "Value at risk", "Delivery at risk", "Off track"],
              range: ["#cde8dc", "#fbe7b5", "#f6c9b0", "#f6c9b0", "#eeb0a1"],
            },
            legend: null,
          },
          stroke: { condition: { test: "datum.valueAtRisk", value: PALETTE.black }, value: "#bbbbbb" },
          strokeWidth: { condition: { test: "datum.valueAtRisk", value: 3 }, value: 1 },
        },
      },
      {
        mark: { type: "text", dy: -8, fontSize: 10 },
        encoding: { text: { field: "label" } },
      },
      {
        mark: { type: "text", dy: 10, fontSize: 14, fontWeight: "bold" },
        encoding: { text: { field: "countText" } },
      },
    ],
  } as TopLevelSpec;
}

/** Each quadrant of the SLA-versus-experience picture with its shape and colour (the marked one first). */
export const EXPERIENCE_MARKS = [
  { quadrant: EXPERIENCE_QUADRANTS[0], shape: "cross", color: PALETTE.vermillion },
  { quadrant: EXPERIENCE_QUADRANTS[1], shape: "circle", color: PALETTE.blue },
  { quadrant: EXPERIENCE_QUADRANTS[2], shape: "diamond", color: PALETTE.orange },
  { quadrant: EXPERIENCE_QUADRANTS[3], shape: "triangle-down", color: PALETTE.purple },
] as const;

/** Up to how many points in the marked quadrant the picture names (more: none, the table does). */
export const EXPERIENCE_NAMED = 4;

/** The text marking the quadrant where the SLA is green and the users are not. */
export const EXPERIENCE_QUADRANT_LABEL = "SLA met, experience missed";

/** An axis domain holding every value and 0, padded so no point sits on the frame. */
function paddedDomain(values: readonly number[], least: number): [number, number] {
  const low = Math.min(-least, ...values);
  const high = Math.max(least, ...values);
  const pad = (high - low) * 0.08;
  return [low - pad, high + pad];
}

/**
 * The SLA-versus-experience picture: each service level a point, its result's margin over its
 * Minimum across (right of the line: SLA met) and its net score's margin over its XLA Target
 * up (above the line: experience met). The lower right quadrant, SLA met and experience
 * missed, is shaded and named, and its points are named.
 * @param view - The pack's experience figures.
 * @returns A Vega-Lite spec.
 */
export function experienceSpec(view: ExperienceView): TopLevelSpec {
  const values = view.points.map((p) => ({
    id: p.id,
    label: p.service || p.id,
    x: p.slaMargin,
    y: p.experienceMargin,
    quadrant: p.quadrant,
  }));
  const x = paddedDomain(
    values.map((v) => v.x),
    0.02,
  );
  const y = paddedDomain(
    values.map((v) => v.y),
    10,
  );
  // The points in the marked quadrant are named when they are few; more names would write over
  // each other (the table beside the picture names them all, the furthest below target first).
  const marked = values.filter((v) => v.quadrant === EXPERIENCE_QUADRANT_LABEL);
  const named = marked.length <= EXPERIENCE_NAMED ? marked : [];
  const width = 380;
  const height = 200;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description:
      `SLA versus experience: ${values.length} service levels by their result against the Minimum and their net score against the XLA Target; ` +
      `${named.length} met their SLA but missed their experience target`,
    title: { text: "SLA versus experience", subtitle: "Right: SLA met. Up: experience target met.", limit: 380 },
    width,
    height,
    config: CONFIG,
    layer: [
      {
        // The quadrant the green dashboards hide.
        data: { values: [{ x: 0, x2: x[1], y: y[0], y2: 0 }] },
        mark: { type: "rect", color: PALETTE.vermillion, opacity: 0.13 },
        encoding: {
          x: {
            field: "x",
            type: "quantitative",
            scale: { domain: x, nice: false, zero: false },
            title: "Result past its Minimum (share of the Minimum; right is better)",
            axis: { format: "+.0%", tickCount: 6 },
          },
          x2: { field: "x2" },
          y: {
            field: "y",
            type: "quantitative",
            scale: { domain: y, nice: false, zero: false },
            title: "Net score minus XLA Target (points)",
            axis: { format: "+d", tickCount: 6 },
          },
          y2: { field: "y2" },
        },
      },
      {
        // Named at its top right corner, under the target line, where points rarely sit.
        data: { values: [{ x: x[1], y: 0, text: EXPERIENCE_QUADRANT_LABEL }] },
        mark: { type: "text", align: "right", baseline: "top", dx: -4, dy: 4, fontSize: 10, fontWeight: "bold" },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          text: { field: "text" },
          color: { value: PALETTE.vermillion },
        },
      },
      {
        data: { values: [{ x: 0 }] },
        mark: { type: "rule", color: PALETTE.grey, strokeDash: [6, 3] },
        encoding: { x: { field: "x", type: "quantitative" } },
      },
      {
        data: { values: [{ y: 0 }] },
        mark: { type: "rule", color: PALETTE.grey, strokeDash: [2, 2] },
        encoding: { y: { field: "y", type: "quantitative" } },
      },
      {
        data: {
          values: [
            { x: 0, y: y[1], text: "Minimum" },
            { x: x[0], y: 0, text: "XLA Target" },
          ],
        },
        mark: { type: "text", align: "left", baseline: "top", dx: 3, dy: 3, fontSize: 9, color: PALETTE.grey },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          text: { field: "text" },
        },
      },
      {
        data: { values },
        mark: { type: "point", filled: true, size: 70, stroke: PALETTE.black, strokeWidth: 0.4 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          shape: {
            field: "quadrant",
            type: "nominal",
            title: "Service level",
            legend: { columns: 2, titleLimit: 300 },
            scale: { domain: EXPERIENCE_MARKS.map((m) => m.quadrant), range: EXPERIENCE_MARKS.map((m) => m.shape) },
          },
          color: {
            field: "quadrant",
            type: "nominal",
            title: "Service level",
            legend: { columns: 2, titleLimit: 300 },
            scale: { domain: EXPERIENCE_MARKS.map((m) => m.quadrant), range: EXPERIENCE_MARKS.map((m) => m.color) },
          },
        },
      },
      {
        data: { values: named },
        mark: { type: "text", align: "left", dx: 7, dy: -6, fontSize: 10, limit: 150 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          text: { field: "label" },
          color: { value: PALETTE.black },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Each state of a supporting service level on the process map, with the trend charts' shapes. */
export const DEPENDENCY_MARKS: readonly { state: DependencyState; shape: string; color: string }[] = [
  { state: "Significant Minimum", shape: "cross", color: PALETTE.vermillion },
  { state: "Minimum", shape: "diamond", color: PALETTE.orange },
  { state: "Expected default", shape: "triangle-down", color: PALETTE.sky },
  { state: "Met", shape: "circle", color: PALETTE.blue },
  { state: "Not measured", shape: "square", color: "#bbbbbb" },
];

/**
 * A process's row label: its name and status in words (never by colour alone).
 * @example processLabel({ name: "Hire-to-Retire", status: "Green", watermelon: true, latencyStatus: "Red" }) // => "Hire-to-Retire: Green, latency Red (no SLA missed)"
 */
export function processLabel(
  p: Pick<ProcessMap["processes"][number], "name" | "status" | "watermelon" | "latencyStatus">,
): string {
  if (p.status !== "Green") return `${p.name}: ${p.status}, blocked`;
  return p.watermelon ? `${p.name}: Green, latency ${p.latencyStatus} (no SLA missed)` : `${p.name}: Green`;
}

/**
 * The process map: processes (rows, blocked first) against their supporting service levels
 * (columns, the worst breach first); a mark where a process depends on a service level, its
 * shape the service level's breach.
 * @param map - The pack's process map.
 * @returns A Vega-Lite spec.
 */
export function processMapSpec(map: ProcessMap): TopLevelSpec {
  const processLabels = new Map(map.processes.map((p) => [p.id, processLabel(p)]));
  // The ID first: a long name cut short still says which service level it is.
  const serviceLabels = new Map(map.services.map((s) => [s.id, s.service ? `${s.id} ${s.service}` : s.id]));
  const values = map.cells.map((c) => ({
    process: processLabels.get(c.process),
    service: serviceLabels.get(c.service),
    state: c.state,
  }));
  const step = 18;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description:
      `Process map: ${map.processes.length} business processes against ${map.services.length} supporting service levels; ` +
      `${map.processes.filter((p) => p.status !== "Green").length} blocked`,
    title: { text: "Process map: what blocks each business process", subtitle: "Blocked processes first", limit: 500 },
    data: { values },
    config: CONFIG,
    width: { step },
    height: { step },
    encoding: {
      x: {
        field: "service",
        type: "nominal",
        title: "Supporting service levels (worst first)",
        scale: { domain: [...serviceLabels.values()] },
        axis: { orient: "top", labelAngle: -60, labelLimit: 170, labelFontSize: 9, grid: true },
      },
      y: {
        field: "process",
        type: "nominal",
        title: null,
        scale: { domain: [...processLabels.values()] },
        // vega measures text by an estimate wider than a browser draws it: generous limits.
        axis: { labelLimit: 420, labelFontSize: 9, grid: true },
      },
    },
    layer: [
      {
        mark: { type: "rect", color: "#f2f2f2", stroke: "#bbbbbb", strokeWidth: 0.5 },
      },
      {
        mark: { type: "point", filled: true, size: 90, stroke: PALETTE.black, strokeWidth: 0.4 },
        encoding: {
          shape: {
            field: "state",
            type: "nominal",
            title: "Service level this period",
            legend: { columns: 2, titleLimit: 300, labelLimit: 160 },
            scale: { domain: DEPENDENCY_MARKS.map((m) => m.state), range: DEPENDENCY_MARKS.map((m) => m.shape) },
          },
          color: {
            field: "state",
            type: "nominal",
            title: "Service level this period",
            legend: { columns: 2, titleLimit: 300, labelLimit: 160 },
            scale: { domain: DEPENDENCY_MARKS.map((m) => m.state), range: DEPENDENCY_MARKS.map((m) => m.color) },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Money for chart labels: thousands separators, no decimals below 1,000. */
function fmt(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) >= 1000 ? 0 : 2 });
}
