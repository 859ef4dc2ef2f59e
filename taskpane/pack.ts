/**
 * The task pane's review pack: read the service sheets and the register in one sync, let the
 * core build the pack (src/pack) and draw its charts with the same Vega-Lite specs as the
 * command line. No DOM here, so it is tested against the fake Excel; taskpane/packSection.ts
 * shows it.
 */
import { readWorkbook, Run } from "./adapter";
import { isRefusal, packMessages, refusalText } from "../src/errors";
import { planPack } from "../src/pack/commands";
import { packHtml, renderPackCharts } from "../src/pack/html";
import { PackModel } from "../src/pack/model";
import { REVIEW_INPUT_SHEETS } from "../src/service/read";
import { serialFromEpochMs, serialFromIso } from "../src/serial";

/** What the pane shows: the trend and matrix charts, and the whole pack's HTML for the button. */
export interface PanePack {
  readonly ok: boolean;
  readonly message: string;
  readonly pack?: PackModel;
  /** The trend small multiples, as SVG text (vega's output: its text is escaped). */
  readonly trends?: readonly string[];
  readonly matrix?: string;
  /** The SLA-versus-experience picture, when the contract has experience figures. */
  readonly experience?: string;
  /** The process map, when the contract has business processes. */
  readonly processMap?: string;
  /** The self-contained pack page. */
  readonly html?: string;
}

/**
 * Builds the review pack of a period in one sync (nothing is written).
 * @param run - Excel.run, or the fake of it.
 * @param input - The period ("YYYY-MM", blank for the latest) and the as-of day (ISO, blank for today).
 */
export async function runReviewPack(
  run: Run,
  input: { period?: string; asOf?: string; now?: () => Date } = {},
): Promise<PanePack> {
  const asOfText = input.asOf?.trim();
  const asOf = asOfText
    ? serialFromIso(asOfText)
    : Math.floor(serialFromEpochMs((input.now ?? (() => new Date()))().getTime()));
  if (asOf === undefined)
    return { ok: false, message: `The as-of date must be a date such as 2026-06-05, got "${asOfText}".` };
  const data = await readWorkbook(run, REVIEW_INPUT_SHEETS);
  const out = planPack((name) => data.sheets.get(name)?.grid, input.period?.trim() || undefined, Math.floor(asOf));
  if (isRefusal(out)) return { ok: false, message: refusalText(out) };
  const pack = out.pack;
  try {
    // Each chart drawn once: the pane shows some of them, the page holds them all.
    const charts = await renderPackCharts(pack);
    return {
      ok: true,
      message: `Review pack of ${pack.period} ready.`,
      pack,
      trends: charts.trends,
      matrix: charts.matrix,
      experience: charts.experience || undefined,
      processMap: charts.processMap || undefined,
      html: packHtml(pack, charts),
    };
  } catch (e) {
    // vega compiles its expressions with Function(); a strict Content Security Policy refuses that.
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return { ok: false, message: packMessages.paneNoCharts(why), pack };
  }
}
