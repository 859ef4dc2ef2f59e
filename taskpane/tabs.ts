/*
 * The pane's views as tabs (Govern, Close, Service review, Tickets, Pack): one view shows at a
 * time, each with one primary action. WAI-ARIA tabs: arrow keys, Home and End move between them.
 */

/** The event sent when a view is shown; its detail is the view's element id. */
export const VIEW_EVENT = "pane-view";

/** Shows one view and selects its tab. */
export function showView(viewId: string): void {
  const tabs = document.querySelectorAll<HTMLButtonElement>('[role="tab"]');
  tabs.forEach((tab) => {
    const selected = tab.getAttribute("aria-controls") === viewId;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    const view = document.getElementById(tab.getAttribute("aria-controls") ?? "");
    if (view) view.hidden = !selected;
  });
  document.dispatchEvent(new CustomEvent(VIEW_EVENT, { detail: viewId }));
}

/** Wires the tab list. */
export function mountTabs(): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  tabs.forEach((tab, i) => {
    tab.tabIndex = tab.getAttribute("aria-selected") === "true" ? 0 : -1;
    tab.addEventListener("click", () => showView(tab.getAttribute("aria-controls") ?? ""));
    tab.addEventListener("keydown", (event: KeyboardEvent) => {
      const next =
        event.key === "ArrowRight"
          ? (i + 1) % tabs.length
          : event.key === "ArrowLeft"
            ? (i - 1 + tabs.length) % tabs.length
            : event.key === "Home"
              ? 0
              : event.key === "End"
                ? tabs.length - 1
                : -1;
      if (next < 0) return;
      event.preventDefault();
      tabs[next].focus();
      showView(tabs[next].getAttribute("aria-controls") ?? "");
    });
  });
}
