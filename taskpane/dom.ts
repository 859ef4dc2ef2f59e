/*
 * The pane's two DOM helpers: an element by id (a missing one is a bug in the page), and a new
 * element with its text set through textContent (workbook text never becomes HTML).
 */

/** The page's element with this id. @throws Error when the page has none (a programming bug). */
export function el<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node as T;
}

/** A new element, its text (if any) set as text, never parsed as HTML. */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
