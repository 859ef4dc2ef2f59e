/*
 * The task pane's UI: collects inputs, calls the commands (taskpane/commands.ts) and shows
 * their outcome. Workbook text is only ever shown with textContent, never as HTML.
 */
import * as commands from "./commands";
import { Run, REQUIRED_EXCEL_API } from "./adapter";
import { ColumnMapping, SOURCE_FIELDS, SourceField, SourceTable, Finding } from "../src/governance/model";
import { Outcome } from "./commands";
import { startServiceReview } from "./serviceSection";
import { isRefusal, refusalText } from "../src/errors";

const FIELD_LABELS: Record<SourceField, string> = {
  organization: "Organization",
  portfolio: "Portfolio",
  program: "Program",
  project: "Project",
  package: "Measure package",
  measure: "Measure",
  owner: "Owner",
  controller: "Controller",
  committee: "Steering committee",
  gate: "Stage gate",
  baseline: "Baseline cost",
  actual: "Actual cost",
  planned: "Planned savings",
  forecast: "Forecast savings",
  due: "Milestone due",
  done: "Milestone done",
  portfolio_owner: "Portfolio owner",
  portfolio_controller: "Portfolio controller",
  program_owner: "Program owner",
  program_controller: "Program controller",
  project_owner: "Project owner",
  project_controller: "Project controller",
  package_owner: "Package owner",
  package_controller: "Package controller",
};

function el<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node as T;
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function setStatus(text: string, kind: "ok" | "error" | "" = ""): void {
  const status = el("status");
  status.textContent = text;
  status.className = `status ${kind}`.trim();
}

function setBusy(busy: boolean): void {
  document.querySelectorAll<HTMLButtonElement>("button[data-command]").forEach((b) => (b.disabled = busy));
  document.body.setAttribute("aria-busy", String(busy));
}

/** Runs a command with the buttons disabled, and turns any surprise into a message. */
async function guarded(label: string, action: () => Promise<void>): Promise<void> {
  setBusy(true);
  setStatus(`${label}…`);
  try {
    await action();
  } catch (error) {
    setStatus(commands.describeError(error), "error");
  } finally {
    setBusy(false);
  }
}

function show(outcome: Outcome): void {
  setStatus(outcome.message, outcome.ok ? "ok" : "error");
}

function renderFindings(run: Run, findings: readonly Finding[]): void {
  const box = el("findings-box");
  const list = el<HTMLUListElement>("findings");
  list.replaceChildren();
  box.hidden = findings.length === 0;
  el("findings-title").textContent = `Findings (${findings.length})`;
  // Rows of the register are found by id when the user clicks; the list shows the first 200.
  for (const f of findings.slice(0, 200)) {
    const item = make("li");
    const button = make("button");
    button.type = "button";
    button.append(make("span", f.code, "code"), document.createTextNode(f.message));
    button.addEventListener("click", () => void guarded("Selecting", () => selectFinding(run, f)));
    item.append(button);
    list.append(item);
  }
  if (findings.length > 200)
    list.append(make("li", `… and ${findings.length - 200} more on the Findings sheet.`, "hint"));
}

async function selectFinding(run: Run, f: Finding): Promise<void> {
  const grid = await commands.registerRowOf(run, f.id);
  await commands.showFinding(run, f, grid);
  setStatus(`Selected ${f.id || "the item"} on the Register sheet.`);
}

function renderSummary(outcome: Outcome): void {
  const report = outcome.report;
  const box = el("summary");
  if (!report) return;
  box.hidden = false;
  const body = el<HTMLTableElement>("summary-table").tBodies[0];
  body.replaceChildren();
  for (const [status, count] of Object.entries(report.byDualStatus)) {
    const tr = make("tr");
    const cls =
      status === "On track"
        ? "rag-green"
        : status === "Watch"
          ? "rag-amber"
          : status === "Not assessed"
            ? ""
            : "rag-red";
    tr.append(make("td", status, cls), make("td", String(count), "num"));
    body.append(tr);
  }
  const t = report.totals;
  const fmt = (n: number) => n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  el("summary-totals").textContent =
    `Planned ${fmt(t.planned)} · Forecast ${fmt(t.forecast)} · Confirmed ${fmt(t.confirmed)}`;
}

let pendingSource: SourceTable | undefined;

function renderMapping(source: SourceTable, suggestion: ColumnMapping): void {
  pendingSource = source;
  const form = el<HTMLFormElement>("mapping");
  el("mapping-source").textContent =
    `${source.rows.length} rows from "${source.sheet}" (header in row ${source.headerRow}). Check the suggested columns; the source sheet is never changed.`;
  const grid = el("mapping-fields");
  grid.replaceChildren();
  for (const field of SOURCE_FIELDS) {
    const id = `map-${field}`;
    const label = make("label", FIELD_LABELS[field]);
    label.htmlFor = id;
    const select = make("select");
    select.id = id;
    select.dataset.field = field;
    select.append(new Option("(not in the table)", ""));
    source.headers.forEach((h, i) => select.append(new Option(h || `(column ${i + 1})`, String(i))));
    select.value = suggestion[field] === undefined ? "" : String(suggestion[field]);
    grid.append(label, select);
  }
  form.hidden = false;
  el<HTMLSelectElement>("map-measure").focus();
}

function chosenMapping(): ColumnMapping {
  const mapping: ColumnMapping = {};
  document.querySelectorAll<HTMLSelectElement>("#mapping-fields select").forEach((s) => {
    if (s.value !== "") mapping[s.dataset.field as SourceField] = Number(s.value);
  });
  return mapping;
}

/** Reads the close form: ids and their amounts (one amount for all, or one per id). */
function closeItems(): { items: { id: string; confirmed: number }[] } | { error: string } {
  const ids = el<HTMLInputElement>("close-ids")
    .value.split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const amounts = el<HTMLInputElement>("close-confirmed")
    .value.split(/[;\s]+|,(?=\s)/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) return { error: "Type the IDs of the measures to close, e.g. M-0004." };
  if (amounts.length !== 1 && amounts.length !== ids.length) {
    return { error: `Give one confirmed amount, or one per ID: ${ids.length} IDs but ${amounts.length} amounts.` };
  }
  const values = amounts.map((a) => Number(a.replace(/,/g, "")));
  const bad = amounts.find((_, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) return { error: `"${bad}" is not an amount.` };
  return { items: ids.map((id, i) => ({ id, confirmed: values.length === 1 ? values[0] : values[i] })) };
}

/** Reads and clears the password field: it is used for one operation and never kept. */
function takePassword(): string | undefined {
  const input = el<HTMLInputElement>("password");
  const value = input.value;
  input.value = "";
  return value || undefined;
}

function renderVerification(outcome: Outcome): void {
  const list = el<HTMLUListElement>("verify-results");
  list.replaceChildren();
  const v = outcome.verification;
  list.hidden = !v || v.tampered.length === 0;
  for (const t of v?.tampered ?? []) {
    const li = make("li");
    li.append(make("span", t.id || "audit", "code rag-red"), document.createTextNode(t.reason));
    list.append(li);
  }
}

/** Wires the pane to a host (Excel, or a fake of it in tests). */
export function start(run: Run): void {
  el("btn-create").addEventListener("click", () =>
    guarded("Creating", async () => show(await commands.createGovernedWorkbook(run))),
  );
  el("btn-upgrade").addEventListener("click", () =>
    guarded("Reading the selected table", async () => {
      const sel = await commands.readSelectedTable(run);
      if (isRefusal(sel)) return setStatus(refusalText(sel), "error");
      renderMapping(sel.source, sel.suggestion);
      setStatus("Check the column mapping, then run the upgrade.");
    }),
  );
  el("btn-mapping-cancel").addEventListener("click", () => {
    el("mapping").hidden = true;
    pendingSource = undefined;
    setStatus("Upgrade cancelled.");
  });
  el<HTMLFormElement>("mapping").addEventListener("submit", (event) => {
    event.preventDefault();
    const source = pendingSource;
    if (!source) return;
    void guarded("Upgrading", async () => {
      const outcome = await commands.upgradeSelected(
        run,
        source,
        chosenMapping(),
        el<HTMLInputElement>("org").value,
        takePassword(),
      );
      show(outcome);
      if (outcome.ok) el("mapping").hidden = true;
      renderFindings(run, outcome.findings ?? []);
    });
  });
  el("btn-validate").addEventListener("click", () =>
    guarded("Validating", async () => {
      const outcome = await commands.validate(run);
      show(outcome);
      renderFindings(run, outcome.findings ?? []);
    }),
  );
  el("btn-dashboard").addEventListener("click", () =>
    guarded("Building the dashboard", async () => {
      const outcome = await commands.refreshDashboard(run);
      show(outcome);
      renderSummary(outcome);
    }),
  );
  el<HTMLFormElement>("close-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const parsed = closeItems();
    if ("error" in parsed) return setStatus(parsed.error, "error");
    const password = takePassword();
    void guarded("Closing", async () =>
      show(
        await commands.close(
          run,
          parsed.items,
          el<HTMLInputElement>("controller").value,
          el<HTMLTextAreaElement>("close-reason").value,
          password,
        ),
      ),
    );
  });
  el("btn-reopen").addEventListener("click", () => {
    const ids = el<HTMLInputElement>("close-ids")
      .value.split(/[,;\s]+/)
      .filter(Boolean);
    if (ids.length !== 1) return setStatus("Type the one ID of the measure to reopen.", "error");
    const password = takePassword();
    void guarded("Reopening", async () =>
      show(
        await commands.reopen(
          run,
          ids[0],
          el<HTMLInputElement>("controller").value,
          el<HTMLTextAreaElement>("close-reason").value,
          password,
        ),
      ),
    );
  });
  el("btn-verify").addEventListener("click", () =>
    guarded("Verifying", async () => {
      const outcome = await commands.verify(run);
      show(outcome);
      renderVerification(outcome);
    }),
  );
  startServiceReview(run);
  setStatus("Ready. Select a client's table and choose Upgrade, or work on an existing Register.");
}

Office.onReady((info) => {
  const requirements = Office.context?.requirements;
  if (info.host !== Office.HostType.Excel && !requirements) {
    setStatus("SLA Governance runs inside Excel: open it from the Home tab of a workbook.", "error");
    setBusy(true);
    return;
  }
  if (!requirements || !requirements.isSetSupported("ExcelApi", REQUIRED_EXCEL_API)) {
    setStatus(
      `This version of Excel is too old for the task pane (it needs Excel API ${REQUIRED_EXCEL_API}: Microsoft 365, Excel 2021 or later, or Excel on the web). The GOV functions still work.`,
      "error",
    );
    setBusy(true);
    return;
  }
  start((batch) => Excel.run(batch));
});
