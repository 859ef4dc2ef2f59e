/*
 * The task pane's "Service review" section: the period and the as-of date, a Run button, and
 * the outcome (totals, the watermelon line, actions created, escalations); clicking a line
 * selects its row. Self-contained: it owns only the elements whose ids start with "svc-".
 * Workbook text is shown with textContent only.
 */
import { Run } from "./adapter";
import { describeError } from "./commands";
import { createContractSheets, hasContract, runServiceReview, selectRow } from "./service";
import { VIEW_EVENT } from "./tabs";
import { SERVICE_SHEETS } from "../src/service/model";
import { ServiceReview } from "../src/service/review";
import { ReviewLayout } from "../src/service/plan";
import { serialToIso } from "../src/serial";

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node as T;
}

function node<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const n = document.createElement(tag);
  if (text !== undefined) n.textContent = text;
  if (className) n.className = className;
  return n;
}

const amount = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function setStatus(text: string, kind: "ok" | "warning" | "error" | "" = ""): void {
  const status = byId("svc-status");
  status.textContent = text;
  status.className = `status ${kind}`.trim();
}

/** A list item that selects a row when clicked. */
function lineButton(run: Run, label: string, text: string, sheet: string, row: number, cls = ""): HTMLLIElement {
  const item = node("li");
  const button = node("button");
  button.type = "button";
  button.append(node("span", label, `code ${cls}`.trim()), document.createTextNode(text));
  button.addEventListener("click", () => {
    selectRow(run, sheet, row).then(
      () => setStatus(`Selected row ${row} of ${sheet}.`),
      (e) => setStatus(describeError(e), "error"),
    );
  });
  item.append(button);
  return item;
}

/** Shows a review: totals, the watermelon line, breaches, actions created, escalations. */
export function renderServiceReview(run: Run, review: ServiceReview, layout: ReviewLayout): void {
  byId("svc-result").hidden = false;
  const t = review.totals;
  const body = byId<HTMLTableElement>("svc-totals").tBodies[0];
  body.replaceChildren();
  for (const [label, value] of [
    ["At-risk amount (cap)", t.atRisk],
    ["Credits before the cap", t.credits],
    ["Credits after the cap", t.creditsCapped],
    ["SigMin penalties", t.sigmin],
    ["Net adjustment", t.netAdjustment],
  ] as const) {
    const tr = node("tr");
    tr.append(node("th", label), node("td", amount(value), "num"));
    tr.firstElementChild!.setAttribute("scope", "row");
    body.append(tr);
  }
  const w = review.watermelon;
  const melon = byId("svc-watermelon");
  melon.textContent = `${w.isWatermelon ? "Watermelon month: " : ""}${w.line}${w.criticalBelow.length ? ` (${w.criticalBelow.join(", ")})` : ""}.`;
  melon.className = w.isWatermelon ? "hint rag-red" : "hint";

  const lines = byId<HTMLUListElement>("svc-lines");
  lines.replaceChildren();
  review.services.forEach((s, i) => {
    if (!s.breach) return;
    const action = s.actionId ? ` · ${s.actionId} ${s.actionStatus ?? ""}` : "";
    lines.append(
      lineButton(
        run,
        s.id,
        `${s.breach} · ${s.service}${action}`,
        SERVICE_SHEETS.review,
        layout.firstServiceRow + i,
        "rag-red",
      ),
    );
  });
  for (const a of review.actionsCreated) {
    lines.append(
      lineButton(
        run,
        a.id,
        `created for ${a.serviceId} (${a.breach}), ${a.owner || "no owner"}, due ${a.due === null ? "-" : serialToIso(a.due)}`,
        SERVICE_SHEETS.actions,
        a.row,
      ),
    );
  }
  for (const a of review.escalated) {
    lines.append(
      lineButton(
        run,
        a.id,
        `escalation ${a.escalation}: ${a.daysLate} days late, ${a.owner || "no owner"} (${a.status || "no status"})`,
        SERVICE_SHEETS.actions,
        a.row,
        a.escalation > 1 ? "rag-red" : "rag-amber",
      ),
    );
  }
  for (const f of review.findings.slice(0, 50)) {
    lines.append(lineButton(run, f.code, f.message, f.sheet, f.row || 1));
  }
  if (lines.childElementCount === 0) lines.append(node("li", "No breach, no escalation, no finding.", "hint"));
}

/** Wires the section to a host (Excel, or a fake of it in tests). */
export function startServiceReview(run: Run, now: () => Date = () => new Date()): void {
  const form = document.getElementById("svc-form") as HTMLFormElement | null;
  if (!form) return;
  byId<HTMLInputElement>("svc-as-of").value = serialToIso(Math.floor(now().getTime() / 86_400_000 + 25569));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = byId<HTMLButtonElement>("svc-run");
    button.disabled = true;
    setStatus("Reviewing…");
    runServiceReview(run, {
      period: byId<HTMLInputElement>("svc-period").value,
      asOf: byId<HTMLInputElement>("svc-as-of").value,
      now,
    })
      .then((outcome) => {
        // A review that ran and found breaches is a warning to act on; only a review that
        // could not run is an error.
        setStatus(outcome.message, outcome.ok ? "ok" : outcome.review ? "warning" : "error");
        if (outcome.review && outcome.layout) {
          renderServiceReview(run, outcome.review, outcome.layout);
          // The review pack's charts follow the review (taskpane/packSection.ts).
          const detail = { period: outcome.review.period, asOf: serialToIso(outcome.review.asOf) };
          document.dispatchEvent(new CustomEvent("svc-reviewed", { detail }));
        }
      })
      .catch((e) => setStatus(describeError(e), "error"))
      .finally(() => (button.disabled = false));
  });
  mountEmptyState(run, now);
}

/**
 * The empty state: when the view opens on a workbook without a Services sheet, it offers to
 * create the contract sheets (and does so) instead of the review form.
 */
function mountEmptyState(run: Run, now: () => Date): void {
  const empty = byId("svc-empty");
  const form = byId<HTMLFormElement>("svc-form");
  const output = byId("result-svc-create");
  const show = (missing: boolean) => {
    empty.hidden = !missing;
    form.hidden = missing;
  };
  document.addEventListener(VIEW_EVENT, (event) => {
    if ((event as CustomEvent<string>).detail !== "view-service") return;
    hasContract(run).then(
      (has) => show(!has),
      () => show(false),
    );
  });
  byId<HTMLButtonElement>("svc-create").addEventListener("click", () => {
    const button = byId<HTMLButtonElement>("svc-create");
    button.disabled = true;
    output.textContent = "Creating the contract sheets…";
    output.className = "result busy";
    createContractSheets(run, now, { empty: byId<HTMLSelectElement>("svc-create-with").value === "empty" })
      .then((outcome) => {
        output.textContent = outcome.message;
        output.className = `result ${outcome.ok ? "ok" : "error"}`;
        if (outcome.ok) {
          form.hidden = false;
          const status = byId("svc-status");
          status.textContent = outcome.message;
          status.className = "status ok";
          empty.hidden = true;
        }
      })
      .catch((e) => {
        output.textContent = describeError(e);
        output.className = "result error";
      })
      .finally(() => (button.disabled = false));
  });
}
