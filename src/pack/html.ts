/**
 * The review pack as one self-contained HTML page: inline SVG charts and CSS, no script, no
 * external URL, every workbook text escaped. Prints on at most four A4 landscape pages and
 * reflows on a phone. The numbers behind every chart are in tables beside or after it (the
 * text alternatives), marked with `data-numbers` so tests and tools can read them back.
 */
import {
  bridgeSpec,
  DEPENDENCY_MARKS,
  EXPERIENCE_NAMED,
  EXPERIENCE_QUADRANT_LABEL,
  experienceSpec,
  matrixSpec,
  moneySpec,
  processMapSpec,
  trendSpec,
  TREND_STATUSES,
} from "./charts";
import { ExperienceQuadrant, PACK_LIMITS, PackModel } from "./model";
import { reviewMessages } from "../errors";
import { renderSvg } from "./render";

/** The rendered charts of a pack, as SVG text. */
export interface PackCharts {
  readonly trends: readonly string[];
  readonly money: string;
  readonly bridge: string;
  readonly matrix: string;
  /** The SLA-versus-experience picture ("" without experience figures). */
  readonly experience: string;
  /** The process map ("" without business processes). */
  readonly processMap: string;
}

/**
 * Escapes text for HTML element content and attribute values.
 * @example escapeHtml('<img onerror="x">') // => "&lt;img onerror=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** Money with two decimals and thousands separators. @example amount(12500) // => "12,500.00" */
export function amount(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** " (EUR)": the currency after a money label, or nothing when the contract names none. */
function inCurrency(currency: string): string {
  return currency ? ` (${currency})` : "";
}

/** A result in its unit: a percentage for `%` fractions, else the number as typed. */
function resultText(value: number | null, unit: string): string {
  if (value === null) return "";
  return unit === "%" ? `${Number((value * 100).toFixed(4))}%` : String(value);
}

/** Renders every chart of the pack (trends one by one, then money, bridge and matrix). */
export async function renderPackCharts(model: PackModel): Promise<PackCharts> {
  const trends: string[] = [];
  for (const panel of model.trends) trends.push(await renderSvg(trendSpec(panel)));
  return {
    trends,
    money: await renderSvg(moneySpec(model.money, model.currency)),
    bridge: model.bridge.length ? await renderSvg(bridgeSpec(model)) : "",
    matrix: await renderSvg(matrixSpec(model.matrix)),
    experience: model.experience?.points.length ? await renderSvg(experienceSpec(model.experience)) : "",
    processMap: model.processMap ? await renderSvg(processMapSpec(model.processMap)) : "",
  };
}

const CSS = `
@page { size: A4 landscape; margin: 9mm; }
* { box-sizing: border-box; }
body { font: 12px/1.35 system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #111; margin: 0; padding: 12px; background: #fff; }
h1 { font-size: 20px; margin: 0 0 2px; }
h2 { font-size: 15px; margin: 10px 0 6px; border-bottom: 1px solid #999; }
h3 { font-size: 12px; margin: 6px 0 4px; }
p { margin: 4px 0; }
.sub { color: #444; margin: 0 0 8px; }
section.page { break-before: page; page-break-before: always; }
section.first { break-before: auto; page-break-before: auto; }
.cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 6px; margin: 0; padding: 0; }
.card { border: 1px solid #888; border-radius: 4px; padding: 6px 8px; }
.card dt { font-size: 11px; color: #333; }
.card dd { margin: 0; font-size: 17px; font-weight: 700; font-variant-numeric: tabular-nums; }
.callout { border: 2px solid #000; border-left: 10px solid #D55E00; padding: 6px 10px; margin: 8px 0; font-weight: 600; }
.callout .tag { display: inline-block; border: 1px solid #000; padding: 0 4px; margin-right: 6px; font-size: 11px; }
.ok { border-left-color: #0072B2; font-weight: 400; }
table { border-collapse: collapse; width: 100%; font-size: 10.5px; }
th, td { border-bottom: 1px solid #ccc; padding: 2px 4px; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #000; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pair { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; align-items: start; }
.beyond h3 { margin: 2px 0; }
.beyond td:first-child { white-space: nowrap; }
.two { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 12px; align-items: start; }
.grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 4px 8px; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 10px; color: #333; }
.key { font-size: 10.5px; margin: 2px 0 6px; }
.small table, .compact table { font-size: 9px; }
.small th, .small td { padding: 1px 3px; }
.more { font-style: italic; color: #333; }
.slim .card { padding: 2px 6px; }
.slim .card dd { font-size: 13px; }
.savings .sub, .savings ul { font-size: 10px; margin: 1px 0; }
ol.decisions { margin: 2px 0 6px 18px; padding: 0; font-weight: 600; }
ul.flags { margin: 2px 0 6px 18px; padding: 0; }
.level { font-weight: 700; white-space: nowrap; }
@media (max-width: 760px) {
  body { padding: 8px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .two, .grid, .pair { grid-template-columns: minmax(0, 1fr); }
  .scroll { overflow-x: auto; }
}
@media print {
  body { padding: 0; }
  .scroll { overflow: visible; }
}
`;

/** A table of numbers (a chart's text alternative); cells are escaped here. */
function table(
  name: string,
  caption: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
  rowKeys?: readonly string[],
): string {
  const th = head.map((h, i) => `<th scope="col"${numeric[i] ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map(
      (r, k) =>
        `<tr${rowKeys ? ` data-key="${escapeHtml(rowKeys[k])}"` : ""}>${r
          .map((c, i) => `<td${numeric[i] ? ' class="num"' : ""}>${escapeHtml(c)}</td>`)
          .join("")}</tr>`,
    )
    .join("");
  return (
    `<div class="scroll"><table data-numbers="${name}"><caption class="sub">${escapeHtml(caption)}</caption>` +
    `<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

const more = (n: number, what: string) =>
  n > 0 ? `<p class="more">and ${n} more ${escapeHtml(what)} (see the workbook).</p>` : "";

/** The measures in "Value at risk" (on the money and dual-status page, beside the matrix). */
function valueAtRiskTable(m: PackModel): string {
  return m.valueAtRisk.length
    ? table(
        "value-at-risk",
        'Measures in "Value at risk" (milestones on time, money slipping)',
        ["Measure", "Name", "Where", "Planned", "Forecast"],
        m.valueAtRisk.map((v) => [
          v.id,
          v.name,
          v.path,
          v.planned === null ? "" : amount(v.planned),
          v.forecast === null ? "" : amount(v.forecast),
        ]),
        [false, false, false, true, true],
        m.valueAtRisk.map((v) => v.id),
      ) + more(m.valueAtRiskOmitted, 'measures in "Value at risk"')
    : `<p data-numbers="value-at-risk">No measure in "Value at risk".</p>`;
}

/** Page 1: headline, watermelon, decisions required. */
function firstPage(m: PackModel): string {
  const sr = m.savingsAtRisk;
  // The register's money is in the contract's currency: named on each headline card, and once
  // in the heading over the savings-at-risk cards (in their labels it pushed the pack a page longer).
  const cur = inCurrency(m.currency);
  const atRiskBox =
    `<dl class="cards slim" data-numbers="savings-at-risk">` +
    `<div class="card" data-key="gap"><dt>Savings at risk: planned minus forecast</dt><dd>${amount(sr.gap)}</dd></div>` +
    `<div class="card" data-key="valueAtRisk"><dt>of which in "Value at risk"</dt><dd>${amount(sr.valueAtRisk)}</dd></div></dl>` +
    (sr.owners.length
      ? `<p class="sub" data-numbers="value-at-risk-owners">Value at risk by owner: ${sr.owners
          .slice(0, PACK_LIMITS.named)
          .map((o) => `${escapeHtml(o.owner)} ${amount(o.amount)} (${o.measures})`)
          .join(
            "; ",
          )}${sr.owners.length > PACK_LIMITS.named ? `; and ${sr.owners.length - PACK_LIMITS.named} more` : ""}.</p>`
      : "");
  const q = m.dataQuality;
  const named = (list: readonly { id: string; name: string }[]) =>
    list
      .slice(0, PACK_LIMITS.named)
      .map((x) => `${x.id} ${x.name}`)
      .join(", ") + (list.length > PACK_LIMITS.named ? ` and ${list.length - PACK_LIMITS.named} more` : "");
  const flags = [
    q.duplicates.length
      ? `${q.duplicates.length} measure(s) flagged as duplicates are not counted in the savings: ${named(q.duplicates)}.`
      : "",
    q.unreadableForecasts.length
      ? `${q.unreadableForecasts.length} forecast(s) cannot be read and count as none: ${named(q.unreadableForecasts)}.`
      : "",
    q.closedAfterAsOf.length
      ? `${q.closedAfterAsOf.length} closure(s) signed after ${m.asOf} are not confirmed as of it: ${named(q.closedAfterAsOf)}.`
      : "",
    q.examples.length ? reviewMessages.examplesLeftOut(q.examples) : "",
  ].filter(Boolean);
  const quality = flags.length
    ? `<ul class="flags" data-numbers="data-quality">${flags.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`
    : `<p class="sub" data-numbers="data-quality">No data-quality flag changes a figure.</p>`;

  const h = m.headline;
  const cards: [string, string, number][] = [
    ["netAdjustment", `Net adjustment to the invoice${cur}`, h.netAdjustment],
    ["creditsCapped", `Credits${cur} (cap ${amount(h.atRisk)})`, h.creditsCapped],
    ["sigmin", `Significant Minimum penalties${cur}`, h.sigmin],
    ["atRisk", `At-risk amount (the cap)${cur}`, h.atRisk],
    ["credits", `Credits before the cap${cur}`, h.credits],
    ["planned", `Planned savings${cur}`, h.planned],
    ["forecast", `Forecast savings${cur}`, h.forecast],
    ["confirmed", `Confirmed savings${cur}`, h.confirmed],
  ];
  const dl = `<dl class="cards" data-numbers="headline">${cards
    .map(
      ([key, label, v]) =>
        `<div class="card" data-key="${key}"><dt>${escapeHtml(label)}</dt><dd>${amount(v)}</dd></div>`,
    )
    .join("")}</dl>`;
  const y = m.contractYear;
  const code = m.currency ? ` ${m.currency}` : "";
  // On the title's second line (the page has no line to spare).
  const year =
    ` <span data-numbers="contract-year">Contract-year credits since ${escapeHtml(y.start)}: ` +
    `${amount(y.yearToDate)}${escapeHtml(code)} (${amount(y.thisPeriod)} this month)` +
    (y.annualCap === null
      ? "; no annual cap.</span>"
      : ` of the ${amount(y.annualCap)} annual cap, ${amount(y.capLeft ?? 0)} left.</span>`);
  const e = m.earnback;
  const earnback = e
    ? `<p class="sub" data-numbers="earnback">Earnback (a credit comes back after ${e.periods} months at Expected): ` +
      `${amount(e.earnedBack)}${escapeHtml(code)} earned back this month; ${e.pending.count} credit(s) pending (${amount(e.pending.amount)}); ` +
      `${e.final.count} final (${amount(e.final.amount)}).</p>`
    : "";
  const np = m.netParts;
  // The cards show the month's credits; with an annual cap, a bonus or earnback the net adjustment has more parts.
  const parts =
    np.creditsCharged !== h.creditsCapped || np.bonus || np.earnedBack
      ? `<p class="sub" data-numbers="net-parts">Net adjustment ${amount(h.netAdjustment)} = credits charged ${amount(np.creditsCharged)}` +
        `${np.creditsCharged !== h.creditsCapped ? " (after the annual cap)" : ""} + SigMin penalties ${amount(np.sigmin)}` +
        ` − bonus ${amount(np.bonus)} − earned back ${amount(np.earnedBack)}.</p>`
      : "";
  const w = m.watermelon;
  const callout = w.applies
    ? `<p class="callout" data-numbers="watermelon"><span class="tag">WATERMELON</span>${escapeHtml(w.text)}</p>`
    : `<p class="callout ok" data-numbers="watermelon"><span class="tag">Service levels</span>${escapeHtml(w.text)}</p>`;
  // Each further watermelon sentence takes a line of the first page: the actions table gives it back.
  // The earnback line takes a line of the first page too.
  const open = m.openActions.slice(0, PACK_LIMITS.openActions - m.watermelon.extra - (e ? 1 : 0));
  const actions = open.length
    ? table(
        "actions",
        "Every open breach action: escalated first (level 3, 2, 1), then by due date",
        ["Level", "Action", "Service", "Breach", "Owner", "Due", "Days late", "Status"],
        open.map((a) => [
          a.level ? `Level ${a.level}` : "Not escalated",
          a.id,
          a.service ? `${a.service} (${a.serviceId})` : a.serviceId,
          a.breach,
          a.owner || "(no owner)",
          a.due,
          String(a.daysLate),
          a.status,
        ]),
        [false, false, false, false, false, false, true, false],
        open.map((a) => a.id),
      ) + more(m.openActions.length - open.length, "open actions")
    : `<p data-numbers="actions">No open breach action.</p>`;
  const decisions = m.decisions.length
    ? `<ol class="decisions" data-numbers="decisions">${m.decisions
        .slice(0, PACK_LIMITS.decisions)
        .map((d) => `<li data-key="${escapeHtml(d.about)}">${escapeHtml(d.question)}</li>`)
        .join("")}</ol>${more(m.decisions.length - Math.min(m.decisions.length, PACK_LIMITS.decisions), "decisions")}`
    : `<p data-numbers="decisions">Nothing to decide this month.</p>`;
  const card = m.scorecard.slice(0, PACK_LIMITS.scorecard);
  const scorecard =
    table(
      "scorecard",
      "Scorecard: every service level, most money first, then the most severe",
      [
        "Service level",
        "Result",
        "Expected",
        "Minimum",
        "Sig. Min.",
        "Status",
        `Credit${cur}`,
        `SigMin penalty${cur}`,
        `Money${cur}`,
      ],
      card.map((s) => [
        `${s.service} (${s.id})`,
        resultText(s.result, s.unit),
        resultText(s.expected, s.unit),
        resultText(s.minimum, s.unit),
        resultText(s.significantMinimum, s.unit),
        `${STATUS_MARK[s.status] ?? ""} ${s.status}`.trim(),
        amount(s.credit),
        amount(s.sigminPenalty),
        amount(s.money),
      ]),
      [false, true, true, true, true, false, true, true, true],
      card.map((s) => s.id),
    ) + more(m.scorecard.length - card.length, "service levels, none owing more money");
  return (
    `<section class="page first"><h1>Steering committee review pack: ${escapeHtml(m.period)}</h1>` +
    `<p class="sub" data-numbers="currency">Service levels and savings, as of ${escapeHtml(m.asOf)}. ` +
    (m.currency ? `Money in ${escapeHtml(m.currency)}.` : "No currency named (the Contract sheet's Currency).") +
    `${year}</p>` +
    dl +
    earnback +
    parts +
    callout +
    `<h2>Decisions required</h2>${decisions}` +
    `<div class="compact">${actions}${scorecard}</div>` +
    `<div class="savings"><h3>${escapeHtml(`Savings at risk${cur}`)}</h3>${atRiskBox}${quality}</div></section>`
  );
}

/** The shapes the trend charts give each status, repeated on the scorecard (status not by colour alone). */
const STATUS_MARK: Readonly<Record<string, string>> = {
  Met: "●",
  "Expected default": "▼",
  Minimum: "◆",
  "Significant Minimum": "✚",
};

/** Page 2: attainment small multiples. */
function trendsPage(m: PackModel, charts: PackCharts): string {
  if (m.trends.length === 0)
    return `<section class="page"><h2>Attainment trend</h2><p>No critical service level and no breach this period.</p></section>`;
  const key =
    `<p class="key">Points: ${TREND_STATUSES.map((s, i) => `${["●", "▼", "◆", "✚"][i]} ${escapeHtml(s.status)}`).join("; ")}. ` +
    "Lines: solid Expected, dashed Minimum, dotted Significant Minimum. Across: the month (YY-MM); up: the service level's unit and direction. " +
    "The numbers are in the table on the last page.</p>";
  const figures = m.trends
    .map(
      (p, i) =>
        `<figure aria-label="${escapeHtml(`Attainment of ${p.service} (${p.id})`)}">${charts.trends[i] ?? ""}</figure>`,
    )
    .join("");
  return (
    `<section class="page"><h2>Attainment trend: critical service levels and breaches, last ${m.money.length} periods</h2>` +
    key +
    `<div class="grid">${figures}</div>${more(m.trendsOmitted, "critical or breached service levels")}</section>`
  );
}

/** Page 3: money by month and the dual-status matrix. */
function moneyPage(m: PackModel, charts: PackCharts): string {
  const money = table(
    "money",
    "Credits and penalties by month",
    [
      "Month",
      `Credits (after cap)${inCurrency(m.currency)}`,
      `SigMin penalties${inCurrency(m.currency)}`,
      `At-risk cap${inCurrency(m.currency)}`,
    ],
    m.money.map((r) => [r.period, amount(r.credits), amount(r.sigmin), amount(r.atRisk)]),
    [false, true, true, true],
    m.money.map((r) => r.period),
  );
  const matrix = table(
    "matrix",
    `Measures per implementation x potential status${m.notAssessed ? ` (${m.notAssessed} not assessed)` : ""}`,
    ["Implementation", "Potential", "Dual status", "Measures"],
    m.matrix.map((c) => [
      c.implementation,
      c.potential,
      c.valueAtRisk ? `${c.status} (marked)` : c.status,
      String(c.count),
    ]),
    [false, false, false, true],
    m.matrix.map((c) => `${c.implementation}|${c.potential}`),
  );
  return (
    `<section class="page"><h2>Money: credits and Significant Minimum penalties</h2>` +
    `<div class="two"><figure>${charts.money}<figcaption>Bars: credits after the cap (blue) and, beside them, SigMin penalties (orange, not capped); dashed line with squares: the at-risk cap, which bounds the credits only.</figcaption></figure>${money}</div>` +
    `<h2>Savings: dual status of the measures</h2>` +
    `<div class="two"><figure>${charts.matrix}<figcaption>Rows: implementation; columns: potential; each cell shaded by its dual status. The "Value at risk" cells are outlined and marked ▲.</figcaption></figure>` +
    `<div class="compact">${matrix}</div></div></section>`
  );
}

/** Page 4: the savings bridge and the attainment numbers. */
function bridgePage(m: PackModel, charts: PackCharts): string {
  const bridge = m.portfolios.length
    ? `<figure>${charts.bridge}<figcaption>Totals in blue; a rise in green marked +, a fall in vermillion marked −; what is not yet confirmed in grey (not a loss).</figcaption></figure>` +
      table(
        "savings",
        "Savings per portfolio",
        ["Portfolio", "Planned", "Forecast", "Confirmed"],
        m.portfolios.map((p) => [`${p.name} (${p.id})`, amount(p.planned), amount(p.forecast), amount(p.confirmed)]),
        [false, true, true, true],
        m.portfolios.map((p) => p.id),
      ) +
      more(m.portfoliosOmitted, "portfolios")
    : `<p>The workbook has no portfolio in its Register.</p>`;
  const periods = m.money.map((r) => r.period);
  const trends = m.trends.length
    ? `<div class="small">${table(
        "trends",
        "Attainment results behind the trend charts (in each service level's unit)",
        ["Service level", "Unit", "Exp.", "Min.", "Sig. Min.", ...periods.map((p) => p.slice(2))],
        m.trends.map((t) => [
          `${t.service} (${t.id})`,
          `${t.unit} ${t.direction}`,
          resultText(t.expected, t.unit),
          resultText(t.minimum, t.unit),
          resultText(t.significantMinimum, t.unit),
          ...t.points.map((p) => resultText(p.result, t.unit)),
        ]),
        [false, false, true, true, true, ...periods.map(() => true)],
        m.trends.map((t) => t.id),
      )}</div>`
    : "";
  return (
    `<section class="page"><h2>Savings bridge per portfolio</h2>${bridge}` +
    `<div class="small"><h3>Value at risk</h3>${valueAtRiskTable(m)}</div>${trends}</section>`
  );
}

/** A share as a signed percentage with one decimal. @example signedPercent(-0.0102) // => "-1.0%" */
function signedPercent(x: number): string {
  return `${x > 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
}

/**
 * The page beyond the SLA: the SLA-versus-experience picture and the process map side by side,
 * their numbers below them. Only when the contract has experience figures or business processes.
 */
function beyondPage(m: PackModel, charts: PackCharts): string {
  const e = m.experience;
  const p = m.processMap;
  if (!e && !p) return "";
  const figures: string[] = [];
  const tables: string[] = [];
  if (e) {
    const shown = e.points.slice(0, PACK_LIMITS.experience);
    const missed = e.points.filter((x) => x.quadrant === EXPERIENCE_QUADRANT_LABEL).length;
    figures.push(
      `<div><h3>SLA versus experience: ${missed} service ${missed === 1 ? "level" : "levels"} met the SLA but missed the experience target</h3>` +
        (charts.experience
          ? `<figure data-chart="experience">${charts.experience}<figcaption>Across: the result past its Minimum, as a share of it; up: net score minus XLA Target. ` +
            `Shaded: SLA met, experience missed (✚; named when ${EXPERIENCE_NAMED} or fewer). A missed Lost Minutes Target is marked ✚ too.</figcaption></figure>`
          : `<p>No service level can be placed.</p>`) +
        `</div>`,
    );
    tables.push(
      `<div class="small">${table(
        "experience",
        "Service levels with a net score and an XLA Target, the marked quadrant first",
        ["Service level", "Result", "Minimum", "Past Minimum", "Net score", "XLA Target", "SLA / experience"],
        shown.map((x) => [
          `${x.service} (${x.id})`,
          resultText(x.result, x.unit),
          resultText(x.minimum, x.unit),
          signedPercent(x.slaMargin),
          String(x.netScore),
          String(x.xlaTarget),
          QUADRANT_WORDS[x.quadrant],
        ]),
        [false, true, true, true, true, true, false],
        shown.map((x) => x.id),
      )}${more(e.points.length - shown.length, "service levels with experience figures")}` +
        (e.notDrawn.length
          ? `<p class="sub">Not placed (no result, no Minimum, or a Minimum of 0): ${escapeHtml(e.notDrawn.join(", "))}.</p>`
          : "") +
        `</div>`,
    );
  }
  if (p) {
    figures.push(
      `<div><h3>Process map: ${p.blocked} of ${p.processes.length + p.processesOmitted} business processes blocked by a breached service level</h3>` +
        `<figure data-chart="process-map">${charts.processMap}<figcaption>Rows: processes, blocked first (Red: a critical supporting service breached; Amber: any), then latency failures with no SLA missed. ` +
        `Columns: supporting service levels, worst first; a mark per dependency: ${escapeHtml(DEPENDENCY_MARKS.map((d, i) => `${DEPENDENCY_SYMBOLS[i]} ${d.state}`).join("; "))}.</figcaption></figure></div>`,
    );
    tables.push(
      `<div class="small">${table(
        "processes",
        "Business processes: status, what blocks them, latency" +
          (p.processesOmitted || p.servicesOmitted
            ? ` (the map leaves out ${p.processesOmitted} more processes and ${p.servicesOmitted} more supporting service levels: see the workbook)`
            : ""),
        ["Process", "Status", "Blocked by", "Credits and penalties", "Over end-to-end target", "Latency"],
        p.processes.map((x) => [
          `${x.name} (${x.id})`,
          x.status,
          x.blockedBy.join(", "),
          amount(x.recovered),
          x.shareOver === null ? "" : `${(x.shareOver * 100).toFixed(1)}%`,
          x.latencyStatus === null ? "" : x.watermelon ? `${x.latencyStatus}: no SLA missed` : x.latencyStatus,
        ]),
        [false, false, false, true, true, false],
        p.processes.map((x) => x.id),
      )}</div>`,
    );
  }
  return (
    `<section class="page beyond"><h2>Beyond the SLA: experience and business processes</h2>` +
    `<div class="pair">${figures.join("")}</div><div class="pair">${tables.join("")}</div></section>`
  );
}

/** Each quadrant in the experience table's words, the marked one with its shape. */
const QUADRANT_WORDS: Readonly<Record<ExperienceQuadrant, string>> = {
  "SLA met, experience missed": "✚ met / missed",
  "SLA and experience met": "met / met",
  "SLA missed, experience met": "missed / met",
  "SLA and experience missed": "missed / missed",
};

/** The process map's shapes as text, in {@link DEPENDENCY_MARKS} order. */
const DEPENDENCY_SYMBOLS = ["✚", "◆", "▼", "●", "■"];

/**
 * Assembles the pack's HTML from its model and rendered charts: four sections, one per
 * printed page (headline and decisions; attainment trends; money and dual status; savings
 * bridge and the numbers of the trends), and a fifth beyond the SLA (experience and the
 * process map) when the contract has experience figures or business processes.
 * @param model - The pack (see `buildPack`).
 * @param charts - Its charts (see `renderPackCharts`).
 * @returns The whole HTML document.
 */
export function packHtml(model: PackModel, charts: PackCharts): string {
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Review pack ${escapeHtml(model.period)}</title><style>${CSS}</style></head><body>` +
    firstPage(model) +
    trendsPage(model, charts) +
    moneyPage(model, charts) +
    bridgePage(model, charts) +
    beyondPage(model, charts) +
    `</body></html>\n`
  );
}

/**
 * Builds the pack's HTML from its model: renders the charts, assembles the page.
 * @example await reviewPackHtml(buildPack(input)) // => "<!DOCTYPE html>..."
 */
export async function reviewPackHtml(model: PackModel): Promise<string> {
  return packHtml(model, await renderPackCharts(model));
}
