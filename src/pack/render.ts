/**
 * Vega-Lite specs to SVG text with vega's headless renderer (no browser, no canvas): the one
 * place the pack's charts are drawn, shared by the command line and the task pane.
 */
import * as vega from "vega";
import { compile, TopLevelSpec } from "vega-lite";
import { expressionInterpreter } from "vega-interpreter";

/**
 * Renders a Vega-Lite spec to an SVG element's text, ready to inline in HTML: the XML
 * namespace declarations are dropped (inline SVG in HTML needs none, and the pack holds no
 * URL), and the element is labelled for screen readers with the spec's description.
 * @param spec - A Vega-Lite spec with inline data.
 * @returns The `<svg>` text.
 * @example await renderSvg(trendSpec(panel)) // => "<svg class=\"marks\" ..."
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Expressions are interpreted from their syntax tree instead of compiled with Function():
  // the task pane's Content Security Policy has no 'unsafe-eval', and one path serves both.
  const runtime = vega.parse(compile(spec).spec, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: "none", expr: expressionInterpreter });
  try {
    const svg = await view.toSVG();
    return svg.replace(/^<svg [^>]*>/, (open) =>
      open.replace(/\s+xmlns(:xlink)?="[^"]*"/g, "").replace(/\s+version="[^"]*"/, ""),
    );
  } finally {
    view.finalize();
  }
}
