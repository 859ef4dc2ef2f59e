/*
 * The review pack in the pane's Service review section: after a review, the same trend and
 * dual-status charts as the pack, and a "Review pack" button that opens the page: an Office dialog
 * where DialogApi 1.2 is there, else a download. Owns only the elements whose ids start with "svc-pack" and
 * "svc-charts". SVG is parsed as SVG (never as HTML) and workbook text only ever set as text.
 */
import { Run } from "./adapter";
import { describeError } from "./commands";
import { PanePack, runReviewPack } from "./pack";
import { DIALOG_READY } from "./packDialogProtocol";

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

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

/**
 * vega's SVG text in the SVG namespace: the pack drops the namespace declarations (inline SVG
 * in HTML needs none), but parsed as XML an element without them is no SVG element at all and
 * draws nothing but its text. The declarations go back on the root before parsing.
 */
export function withSvgNamespace(svg: string): string {
  return svg.replace(/^\s*<svg\b([^>]*)>/, (_open, attrs: string) => {
    let a = attrs;
    if (!/\sxmlns=/.test(a)) a = ` xmlns="${SVG_NS}"${a}`;
    if (/\bxlink:/.test(svg) && !/\sxmlns:xlink=/.test(a)) a = ` xmlns:xlink="${XLINK_NS}"${a}`;
    return `<svg${a}>`;
  });
}

/** One chart as a figure: the SVG parsed as SVG, with a caption set as text. */
function figure(svg: string, caption: string): HTMLElement {
  const fig = document.createElement("figure");
  const doc = new DOMParser().parseFromString(withSvgNamespace(svg), "image/svg+xml");
  const root = doc.documentElement;
  // vega's output has no script; a parse error yields <parsererror>, shown as nothing.
  if (root.namespaceURI === SVG_NS && root.localName === "svg") {
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
  if (outcome.experience)
    box.append(
      figure(outcome.experience, 'SLA versus experience: the shaded quadrant is "SLA met, experience missed"'),
    );
  if (outcome.processMap)
    box.append(figure(outcome.processMap, "Process map: business processes against their supporting service levels"));
  box.hidden = false;
}

/** How the pane opens the pack on this platform. */
export type OpenWay = "dialog" | "download";

/**
 * The Office dialog where the platform has DialogApi 1.2 (the pane sends the page to the
 * dialog with messageChild), else a download.
 * @param office - The Office object, or undefined outside Office.
 */
export function openWay(office: typeof Office | undefined): OpenWay {
  const requirements = office?.context?.requirements;
  return office?.context?.ui?.displayDialogAsync && requirements?.isSetSupported("DialogApi", "1.2")
    ? "dialog"
    : "download";
}

/**
 * Opens the pack in an Office dialog: the dialog page (packdialog.html, beside the pane)
 * says it is ready, then receives the page. Falls back to a download when the dialog fails.
 */
export function openInDialog(html: string, period: string, done: (way: OpenWay) => void): void {
  const url = new URL("packdialog.html", window.location.href).href;
  Office.context.ui.displayDialogAsync(url, { height: 90, width: 80, displayInIframe: true }, (result) => {
    if (result.status !== Office.AsyncResultStatus.Succeeded) {
      downloadPack(html, period);
      done("download");
      return;
    }
    const dialog = result.value;
    dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
      if ((arg as { message?: string }).message === DIALOG_READY) dialog.messageChild(html);
    });
    done("dialog");
  });
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

/** Wires the Pack view (its form and "Open review pack") and the charts that follow a review. */
export function startReviewPack(run: Run, now: () => Date = () => new Date()): void {
  const form = el<HTMLFormElement>("pack-form");
  const button = el<HTMLButtonElement>("svc-pack");
  const status = el("svc-pack-status");
  const period = el<HTMLInputElement>("pack-period");
  const asOf = el<HTMLInputElement>("pack-as-of");
  if (!form || !button || !status || !period || !asOf) return;
  asOf.value = new Date(now().getTime()).toISOString().slice(0, 10);
  let last: { key: string; outcome: PanePack } | undefined;
  const say = (text: string, kind = "") => {
    status.textContent = text;
    status.className = `status ${kind}`.trim();
  };
  const build = async (input: { period: string; asOf: string }): Promise<PanePack> => {
    const key = `${input.period.trim()}|${input.asOf.trim()}`;
    if (last?.key === key) return last.outcome;
    const outcome = await runReviewPack(run, { ...input, now });
    last = { key, outcome };
    renderPackCharts(outcome);
    return outcome;
  };
  const open = (outcome: PanePack) => {
    if (!outcome.html || !outcome.pack) return;
    const { html, pack } = outcome;
    const saved = () =>
      say(`Review pack of ${pack.period} saved as review-pack-${pack.period}.html: open it in a browser.`, "ok");
    if (openWay(typeof Office === "undefined" ? undefined : Office) === "dialog") {
      openInDialog(html, pack.period, (way) =>
        way === "dialog" ? say(`Review pack of ${pack.period} opened.`, "ok") : saved(),
      );
    } else {
      downloadPack(html, pack.period);
      saved();
    }
  };
  // A review draws the pack's charts beside it, and fills the Pack view with its month.
  document.addEventListener(REVIEWED_EVENT, (event) => {
    const detail = (event as CustomEvent<ReviewedDetail>).detail;
    period.value = detail.period;
    asOf.value = detail.asOf;
    say("Drawing the charts…");
    build(detail)
      .then((outcome) => say(outcome.message, outcome.ok ? "ok" : "error"))
      .catch((e) => say(describeError(e), "error"));
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    button.disabled = true;
    say("Building the review pack…");
    build({ period: period.value, asOf: asOf.value })
      .then((outcome) => {
        if (outcome.html) open(outcome);
        else say(outcome.message, "error");
      })
      .catch((e) => say(describeError(e), "error"))
      .finally(() => (button.disabled = false));
  });
}
