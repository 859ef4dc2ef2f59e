/*
 * The pane's DOM helpers: an element by id (a missing one is a bug in the page), a new element
 * with its text set through textContent (workbook text never becomes HTML), and a file offered
 * for download.
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

/** Offers text as a file the browser downloads (a public key, a mapping file). */
export function download(name: string, text: string, type = "application/json"): void {
  const link = make("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
