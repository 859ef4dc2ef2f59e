/*
 * The review pack in the pane's Service review section: after a review, the same trend and
 * dual-status charts as the pack, and a "Review pack" button that downloads the page (see the
 * README on why a download). Owns only the elements whose ids start with "svc-pack" and
 * "svc-charts". SVG is parsed as SVG (never as HTML) and workbook text only ever set as text.
 */
import { Run } from "./adapter";
import { describeError } from "./commands";
import { PanePack, runReviewPack } from "./pack";

/** The event the Service review section sends when a review is done. */
export const REVIEWED_EVENT = "svc-reviewed";

/** Detail of {@link REVIEWED_EVENT}. */
export interface ReviewedDetail {
  readonly period: string;
  readonly asOf: string;
}

function el<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** One chart as a figure: the SVG parsed as SVG, with a caption set as text. */
function figure(svg: string, caption: string): HTMLElement {
  const fig = document.createElement("figure");
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement;
  // vega's output has no script; a parse error yields <parsererror>, shown as nothing.
  if (root.nodeName.toLowerCase() === "svg") {
    const node = document.importNode(root, true) as unknown as SVGSVGElement;
    node.removeAttribute("width");
    node.removeAttribute("height");
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", caption);
    fig.append(node);
  }
  const cap = document.createElement("figcaption");
  cap.textContent = caption;
  fig.append(cap);
  return fig;
}

/** Shows the pack's trend and matrix charts. */
export function renderPackCharts(outcome: PanePack): void {
  const box = el("svc-charts");
  if (!box) return;
  box.replaceChildren();
  if (!outcome.pack || !outcome.trends) return;
  outcome.pack.trends.forEach((t, i) =>
    box.append(figure(outcome.trends?.[i] ?? "", `Attainment of ${t.service} (${t.id}), last 12 periods`)),
  );
  if (outcome.pack.trendsOmitted)
    box.append(
      Object.assign(document.createElement("p"), {
        className: "hint",
        textContent: `and ${outcome.pack.trendsOmitted} more critical or breached service levels (in the pack's table).`,
      }),
    );
  if (outcome.matrix) box.append(figure(outcome.matrix, "Dual status of the measures: implementation x potential"));
  box.hidden = false;
}

/** Saves the pack's page as a file (a download, from a Blob: no network, no server). */
export function downloadPack(html: string, period: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: "text/html" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `review-pack-${period}.html`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Wires the charts and the "Review pack" button to the Service review section. */
export function startReviewPack(run: Run): void {
  const button = el<HTMLButtonElement>("svc-pack");
  const status = el("svc-pack-status");
  if (!button || !status) return;
  let last: PanePack | undefined;
  const say = (text: string, kind = "") => {
    status.textContent = text;
    status.className = `status ${kind}`.trim();
  };
  document.addEventListener(REVIEWED_EVENT, (event) => {
    const detail = (event as CustomEvent<ReviewedDetail>).detail;
    button.disabled = true;
    say("Drawing the charts…");
    runReviewPack(run, detail)
      .then((outcome) => {
        last = outcome;
        renderPackCharts(outcome);
        say(outcome.message, outcome.ok ? "ok" : "error");
        button.disabled = !outcome.html;
      })
      .catch((e) => say(describeError(e), "error"));
  });
  button.addEventListener("click", () => {
    if (!last?.html || !last.pack) return;
    downloadPack(last.html, last.pack.period);
    say(
      `Review pack of ${last.pack.period} saved as review-pack-${last.pack.period}.html: open it in a browser.`,
      "ok",
    );
  });
}
