/*
 * The task pane's UI: collects inputs, calls the commands (taskpane/commands.ts) and shows
 * their outcome. Workbook text is only ever shown with textContent, never as HTML.
 */
import * as commands from "./commands";
import { Run, REQUIRED_EXCEL_API } from "./adapter";
import { ID_PREFIX, Finding } from "../src/governance/model";
import { fieldLabel, MappingTable, openMappingTable } from "./mappingSection";
import { download, el, make } from "./dom";
import { Report } from "../src/governance/commands";
import { Outcome } from "./commands";
import { mountTicketsSection } from "./ticketsSection";
import { controllerSigner, indexedDbKeyStore, KeyStore } from "./keys";
import { Signer } from "../src/governance/signing";
import { receiptLine } from "../src/governance/closure";
import { startServiceReview } from "./serviceSection";
import { isRefusal, paneMessages, plural, refusalText } from "../src/errors";
import { startReviewPack } from "./packSection";
import { mountTabs } from "./tabs";

/** Register ids (`ORG-001`, `M-0042`): shown unbroken, since a line break at the hyphen misreads them. */
const ID_PATTERN = new RegExp(`\\b(?:${Object.values(ID_PREFIX).join("|")})-\\d+\\b`, "g");

/**
 * Appends text to a node, with every register id in a span that never breaks across lines.
 * Text only: workbook text is never parsed as HTML.
 */
function appendText(node: HTMLElement, text: string): void {
  let at = 0;
  for (const match of text.matchAll(ID_PATTERN)) {
    const index = match.index ?? 0;
    if (index > at) node.append(document.createTextNode(text.slice(at, index)));
    node.append(make("span", match[0], "id"));
    at = index + match[0].length;
  }
  if (at < text.length) node.append(document.createTextNode(text.slice(at)));
}

type Kind = "ok" | "warning" | "error" | "busy" | "";

/** Shows a command's result in its own live region, beside the control that ran it. */
function report(output: HTMLElement, text: string, kind: Kind = ""): void {
  output.replaceChildren();
  appendText(output, text);
  output.className = `result ${kind}`.trim();
  if (kind !== "busy" && text) output.scrollIntoView?.({ block: "nearest" });
}

/** The page-wide status line (start-up and host problems); commands report beside their controls. */
function setStatus(text: string, kind: Kind = ""): void {
  const status = el("status");
  status.textContent = text;
  status.className = `status ${kind}`.trim();
}

function setBusy(busy: boolean): void {
  // A button the mapping table blocks (Run upgrade while a required field is unmapped) stays disabled.
  document
    .querySelectorAll<HTMLButtonElement>("button[data-command]")
    .forEach((b) => (b.disabled = busy || b.dataset.blocked === "true"));
  document.body.setAttribute("aria-busy", String(busy));
}

/**
 * Runs a command with the buttons disabled; its result (or any surprise, as a sentence) goes to
 * `output`, the live region next to the control that ran it.
 */
async function guarded(label: string, output: HTMLElement, action: () => Promise<Outcome | void>): Promise<void> {
  setBusy(true);
  // An earlier refusal elsewhere may no longer hold once this command runs: it goes.
  document.querySelectorAll<HTMLElement>(".result.error").forEach((r) => r !== output && report(r, ""));
  report(output, `${label}…`, "busy");
  try {
    const outcome = await action();
    if (outcome) report(output, outcome.message, outcome.ok ? (outcome.warning ? "warning" : "ok") : "error");
  } catch (error) {
    report(output, commands.describeError(error), "error");
  } finally {
    setBusy(false);
  }
}

/** How many findings a group shows at first, and how many more each "Show more" adds. */
const PAGE = 20;

/** The message shown next to a finding after it was clicked (one at a time). */
const findingResult = (() => {
  let node: HTMLElement | undefined;
  return () => (node ??= Object.assign(make("p", "", "result"), { id: "result-finding" }));
})();

function findingItem(run: Run, f: Finding): HTMLLIElement {
  const item = make("li");
  const button = make("button");
  button.type = "button";
  appendText(button, f.message);
  button.addEventListener("click", () => {
    const output = findingResult();
    output.setAttribute("role", "status");
    item.append(output);
    void guarded("Selecting", output, () => selectFinding(run, f));
  });
  item.append(button);
  return item;
}

/** A list that shows PAGE items, then PAGE more per click of its "Show more" button. */
function pagedList(run: Run, findings: readonly Finding[]): HTMLElement[] {
  const list = make("ul", undefined, "findings");
  const more = make("button", "", "more");
  more.type = "button";
  let shown = 0;
  const next = () => {
    const page = findings.slice(shown, shown + PAGE);
    list.append(...page.map((f) => findingItem(run, f)));
    shown += page.length;
    const left = findings.length - shown;
    more.hidden = left === 0;
    more.textContent =
      left > PAGE ? `Show ${PAGE} more (${left} not shown)` : `Show the last ${plural(left, "finding")}`;
    // Keyboard users stay in place: focus the first newly shown finding.
    return page.length ? (list.children[shown - page.length]?.querySelector("button") ?? undefined) : undefined;
  };
  more.addEventListener("click", () => next()?.focus());
  next();
  return [list, more];
}

/** Findings grouped by severity, then by code with counts; each group expandable, PAGE shown at first. */
function renderFindings(run: Run, findings: readonly Finding[]): void {
  const box = el("findings-box");
  const groups = el("findings");
  groups.replaceChildren();
  box.hidden = findings.length === 0;
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  el("findings-title").textContent =
    `Findings: ${plural(errors.length, "error")}, ${plural(warnings.length, "warning")}`;
  for (const [severity, list] of [
    ["error", errors],
    ["warning", warnings],
  ] as const) {
    if (list.length === 0) continue;
    const section = make("div", undefined, `severity ${severity}`);
    section.append(make("h4", severity === "error" ? `Errors (${list.length})` : `Warnings (${list.length})`));
    const byCode = new Map<string, Finding[]>();
    for (const f of list) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
    for (const [code, items] of byCode) {
      const details = make("details");
      details.open = severity === "error";
      details.dataset.code = code;
      const summary = make("summary");
      summary.append(make("span", code, `code ${severity}`), make("span", String(items.length), "count"));
      details.append(summary, ...pagedList(run, items));
      section.append(details);
    }
    groups.append(section);
  }
}

async function selectFinding(run: Run, f: Finding): Promise<Outcome> {
  const row = await commands.registerRowOf(run, f.id);
  if (row === undefined)
    return { ok: false, message: `${f.id || "This item"} is no longer on the Register sheet: validate again.` };
  await commands.showFinding(run, f, row);
  return { ok: true, message: `Selected ${f.id} on the Register sheet, row ${row}.` };
}

function renderSummary(report: Report | undefined): void {
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
  const fmt = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  el("summary-totals").textContent =
    `Planned ${fmt(t.planned)} · Forecast ${fmt(t.forecast)} · Confirmed ${fmt(t.confirmed)}`;
}

let mappingTable: MappingTable | undefined;

function renderMapping(upgrade: commands.UpgradeSource): void {
  mappingTable = openMappingTable(upgrade);
  showMapping(true);
  el<HTMLSelectElement>("map-measure").focus();
}

/** Opens or closes the mapping form; while it is open, its "Run upgrade" is the view's one primary action. */
function showMapping(open: boolean): void {
  el("mapping").hidden = !open;
  el("btn-upgrade").classList.toggle("primary", !open);
}

function typedIds(): string[] {
  return el<HTMLInputElement>("close-ids")
    .value.split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads and clears the password field: it is used for one operation and never kept. */
function takePassword(): string | undefined {
  const input = el<HTMLInputElement>("password");
  const value = input.value;
  input.value = "";
  return value || undefined;
}

let keyStore: KeyStore | undefined;
let publicKeyText = "";
let publicKeyName = "controller.pub.json";

/**
 * The controller's signer on this machine (made, non-extractable, on the first close), shown
 * in the pane with its Key ID and a button to save the public key file for the trust roster.
 */
async function signerFor(controller: string): Promise<Signer | undefined> {
  if (!controller.trim()) return undefined; // the core refuses a blank controller with its own message
  keyStore = keyStore ?? indexedDbKeyStore();
  const key = await controllerSigner(keyStore, controller, new Date());
  publicKeyText = key.publicKeyFile;
  publicKeyName = `${controller.trim().replace(/[^\w.-]+/g, "-") || "controller"}.pub.json`;
  el("key-box").hidden = false;
  el("key-info").textContent =
    `${key.created ? "A signing key was made on this machine for" : "Signing as"} ${key.signer.controller}: ` +
    `Key ID ${key.signer.keyId}. Save the public key file and give it to whoever keeps the trust roster.`;
  return key.signer;
}

function savePublicKey(): void {
  download(publicKeyName, publicKeyText);
}

/** Shows the receipt lines of a close or reopen, with a copy button. */
function renderReceipts(outcome: Outcome): void {
  const box = el("receipt-box");
  box.hidden = !outcome.ok || !outcome.receipts?.length;
  el("receipt-lines").textContent = (outcome.receipts ?? []).map(receiptLine).join("\n");
}

function renderPending(outcome: Outcome): void {
  const unfinished = outcome.verification?.unfinished ?? [];
  el("pending-box").hidden = unfinished.length === 0;
  el("pending-info").textContent = unfinished.length
    ? `Unfinished: ${unfinished.map((u) => `${u.id} (${u.action}, audit Seq ${u.seq})`).join(", ")}. Finish writes what the audit trail records; Undo reverses it with a new signed entry (a reopen, or a close again).`
    : "";
}

function renderVerification(outcome: Outcome): void {
  const list = el<HTMLUListElement>("verify-results");
  list.replaceChildren();
  const v = outcome.verification;
  list.hidden = !v || v.tampered.length === 0;
  for (const t of v?.tampered ?? []) {
    const li = make("li");
    li.append(make("span", t.id || "audit", "code rag-red"));
    appendText(li, t.reason);
    list.append(li);
  }
}

/** After a close or reopen, the summary shown (if any) is brought up to date from the same read. */
function refreshSummary(outcome: Outcome): void {
  if (!el("summary").hidden) renderSummary(outcome.report);
}

/** Wires the pane to a host (Excel, or a fake of it in tests). */
export function start(run: Run): void {
  const structure = el("result-structure");
  const check = el("result-check");
  const controller = el("result-controller");
  el("btn-create").addEventListener("click", () =>
    guarded("Creating", structure, () => commands.createGovernedWorkbook(run)),
  );
  el("btn-upgrade").addEventListener("click", () =>
    guarded("Reading the selected table", structure, async () => {
      const sel = await commands.readSelectedTable(run);
      if (isRefusal(sel)) return { ok: false, message: refusalText(sel) };
      renderMapping(sel);
      return { ok: true, message: "Check the column mapping below, then run the upgrade." };
    }),
  );
  el("btn-mapping-cancel").addEventListener("click", () => {
    showMapping(false);
    mappingTable = undefined;
    report(el("result-mapping"), "");
    report(structure, "Upgrade cancelled; nothing was changed.");
  });
  el<HTMLFormElement>("mapping").addEventListener("submit", (event) => {
    event.preventDefault();
    const reviewed = mappingTable?.current();
    if (!reviewed) return;
    const inForm = el("result-mapping");
    void guarded("Upgrading", inForm, async () => {
      const outcome = await commands.upgradeReviewed(
        run,
        reviewed.source,
        reviewed.state,
        el<HTMLInputElement>("org").value,
        reviewed.reading,
        takePassword(),
        fieldLabel,
      );
      renderFindings(run, outcome.findings ?? []);
      if (!outcome.ok) return outcome;
      // The form closes: its result moves up beside the Upgrade button, where the form was.
      showMapping(false);
      report(inForm, "");
      report(structure, outcome.message, "ok");
    });
  });
  el("btn-validate").addEventListener("click", () =>
    guarded("Validating", check, async () => {
      const outcome = await commands.validate(run);
      renderFindings(run, outcome.findings ?? []);
      return outcome;
    }),
  );
  el("btn-dashboard").addEventListener("click", () =>
    guarded("Building the dashboard", check, async () => {
      const outcome = await commands.refreshDashboard(run);
      renderSummary(outcome.report);
      return outcome;
    }),
  );
  el<HTMLFormElement>("close-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const parsed = commands.closeItems(typedIds(), el<HTMLInputElement>("close-confirmed").value);
    if (isRefusal(parsed)) return report(controller, refusalText(parsed), "error");
    const password = takePassword();
    const who = el<HTMLInputElement>("controller").value;
    void guarded("Closing", controller, async () => {
      const outcome = await commands.close(
        run,
        parsed,
        who,
        el<HTMLTextAreaElement>("close-reason").value,
        password,
        undefined,
        await signerFor(who),
      );
      refreshSummary(outcome);
      renderReceipts(outcome);
      return outcome;
    });
  });
  el("btn-reopen").addEventListener("click", () => {
    const ids = typedIds();
    if (ids.length !== 1) return report(controller, paneMessages.reopenOneId(), "error");
    const password = takePassword();
    const who = el<HTMLInputElement>("controller").value;
    void guarded("Reopening", controller, async () => {
      const outcome = await commands.reopen(
        run,
        ids[0],
        who,
        el<HTMLTextAreaElement>("close-reason").value,
        password,
        undefined,
        await signerFor(who),
      );
      refreshSummary(outcome);
      renderReceipts(outcome);
      return outcome;
    });
  });
  el("btn-save-key").addEventListener("click", savePublicKey);
  el("btn-copy-receipt").addEventListener("click", () => {
    navigator.clipboard.writeText(el("receipt-lines").textContent ?? "").then(
      () => report(controller, "Receipt copied.", "ok"),
      () => report(controller, "Copy failed: select the receipt and copy it.", "error"),
    );
  });
  el("btn-finish").addEventListener("click", () => {
    const password = takePassword();
    void guarded("Finishing", controller, async () => {
      const outcome = await commands.finishPending(run, password);
      refreshSummary(outcome);
      if (outcome.ok) el("pending-box").hidden = true;
      return outcome;
    });
  });
  el("btn-undo").addEventListener("click", () => {
    const password = takePassword();
    const who = el<HTMLInputElement>("controller").value;
    void guarded("Undoing", controller, async () => {
      const outcome = await commands.undoPending(run, who, password, undefined, await signerFor(who));
      refreshSummary(outcome);
      renderReceipts(outcome);
      if (outcome.ok) el("pending-box").hidden = true;
      return outcome;
    });
  });
  el("btn-verify").addEventListener("click", () =>
    guarded("Verifying", controller, async () => {
      const chosen = Array.from(el<HTMLInputElement>("verify-roster").files ?? []);
      const roster = chosen.length
        ? await commands.rosterFromFiles(
            await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() }))),
          )
        : undefined;
      if (roster && "problem" in roster) return { ok: false, message: roster.problem };
      const outcome = await commands.verify(run, roster);
      renderVerification(outcome);
      renderPending(outcome);
      return outcome;
    }),
  );
  mountTabs();
  mountTicketsSection(run, guarded);
  startServiceReview(run);
  startReviewPack(run);
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
