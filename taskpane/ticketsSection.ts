/*
 * The task pane's "Tickets" section, self-contained: it builds its own form inside <main>.
 * *Measure selected history* reads the selected export and opens its mapping table (the
 * command line's `tickets --dry-run`: each field with its column, three times as read, how many
 * read, the date order, the fields left unmapped and the suggestions, a one-row-per-ticket
 * export's Opened and Resolved columns among them); *Run ticket clock* runs it with exactly the
 * mapping shown, and is disabled, with the reason, while it could not run. The decisions are
 * src/'s (src/tickets/review.ts, feed.ts); workbook text is shown with textContent only.
 */
import { Run } from "./adapter";
import { ExportSource, measureReviewedExport, Outcome, readSelectedExport, TicketsPaneOutcome } from "./commands";
import { el, make } from "./dom";
import { fieldRow, headerRowBox, mappingFileBox, mappingFileName, RowContext, splitFields } from "./mappingSection";
import { loadTicketMapping, ticketMappingSettings } from "../src/tickets/mappingFile";
import { MAPPING_USES } from "../src/import/mappingFile";
import { autoExportPlan, ExportField, reviewExport } from "../src/tickets/review";
import { acceptSuggestion, chooseColumn, MappingState, startMapping } from "../src/import/mappingState";
import { parseDateOrder } from "../src/import/dates";
import { isRefusal, paneMessages, refusalText } from "../src/errors";

/** The export's fields as the pane names them. */
export const EXPORT_FIELD_LABELS: Record<ExportField, string> = {
  ticket: "Ticket",
  time: "Time (of each event)",
  state: "State",
  priority: "Priority",
  opened: "Opened (one row per ticket)",
  responded: "Responded",
  resolved: "Resolved",
  closed: "Closed",
  hold_hours: "Hours on hold",
};

/** An export field's name for people. */
export const exportFieldLabel = (field: ExportField): string => EXPORT_FIELD_LABELS[field];

/** How the section runs a command: the pane's busy state, error handling and reporting into `output`. */
export type Guard = (label: string, output: HTMLElement, action: () => Promise<Outcome | void>) => Promise<void>;

/** The fields of the form: id suffix, label, placeholder, default value. */
const FIELDS = [
  ["start", "Start states", "New, In Progress", "New"],
  ["pause", "Pause states", "On Hold, Awaiting customer", "On Hold, Awaiting customer"],
  ["stop", "Stop states", "Resolved, Closed", "Resolved, Closed"],
  ["targets", "Target hours per priority", "P1=4, P2=8", ""],
  ["default-target", "Target hours of tickets without a priority", "8 (a process log has no priorities)", ""],
  ["services", "Service ID per priority (for Results)", "P1=SL-001, P2=SL-002", ""],
  ["calendar", "Calendar", "Mon-Fri 08:00-18:00 (blank: 24x7)", ""],
  ["tz", "Time zone of text times", "Europe/Berlin (blank: UTC)", ""],
  ["date-order", "Date order of dates such as 03/04/2024", "DMY or MDY", ""],
  ["as-of", "Count open tickets up to (and warn at 50%, 75%)", "2024-04-30 18:00 (blank: their last event)", ""],
  ["group", "Assignment group column (for Group Time)", "assignment_group (blank: none)", ""],
  ["ola-targets", "Target hours per group (OLA)", "Service Desk=2, Network=4", ""],
  ["response-states", "Response states", "In Progress, Assigned (blank: no response clock)", ""],
  ["response-targets", "Response target hours per priority", "P1=0.5, P2=1", ""],
  ["response-services", "Response service ID per priority (for Results)", "P1=SL-010", ""],
] as const;

function node<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const n = document.createElement(tag);
  if (text !== undefined) n.textContent = text;
  return n;
}

/**
 * Adds the Tickets section to the pane.
 * @param run - Excel.run or a fake.
 * @param guard - Runs a command with the pane busy and shows its outcome in the section.
 */
export function mountTicketsSection(runHost: Run, guard: Guard): HTMLElement {
  const section = node("section");
  section.setAttribute("aria-labelledby", "h-tickets");
  const title = node("h2", "Tickets");
  title.id = "h-tickets";
  const hint = node(
    "p",
    "Select a ticket export: a history (one event per row: ticket, time, state entered, priority) or one row per ticket (opened, resolved times). Check its columns, then run the clock: it writes the Tickets sheet and the monthly Results.",
  );
  hint.className = "hint";
  const form = node("form");
  form.id = "tickets-form";
  form.className = "card";
  const inputs = new Map<string, HTMLInputElement>();
  for (const [id, label, placeholder, value] of FIELDS) {
    const l = node("label", label);
    l.htmlFor = `tickets-${id}`;
    const input = node("input");
    input.id = `tickets-${id}`;
    input.type = "text";
    input.autocomplete = "off";
    input.placeholder = placeholder;
    input.value = value;
    inputs.set(id, input);
    form.append(l, input);
  }
  const respondLabel = node("label");
  const respond = node("input");
  respond.type = "checkbox";
  respond.id = "tickets-respond-on-group-change";
  respondLabel.append(respond, document.createTextNode(" The first change of group answers a ticket"));
  form.append(respondLabel);
  const actions = node("div");
  actions.className = "actions";
  const button = node("button", "Measure selected history");
  button.type = "submit";
  button.className = "primary";
  button.setAttribute("data-command", "");
  actions.append(button);
  const output = node("p");
  output.id = "result-tickets";
  output.className = "result";
  output.setAttribute("role", "status");
  output.setAttribute("aria-live", "polite");
  output.setAttribute("aria-atomic", "true");
  form.append(actions, output);
  const results = node("ul");
  results.id = "tickets-results";
  results.className = "findings";
  results.setAttribute("aria-label", "Ticket results");
  results.hidden = true;
  const mapping = mappingCard();
  section.append(title, hint, form, mapping, results);
  (document.getElementById("view-tickets") ?? document.querySelector("main") ?? document.body).append(section);

  const value = (id: string) => inputs.get(id)!.value;
  const settings = () => ({
    start: value("start"),
    pause: value("pause"),
    stop: value("stop"),
    targets: value("targets"),
    defaultTarget: value("default-target"),
    services: value("services"),
    calendar: value("calendar"),
    tz: value("tz"),
    dateOrder: value("date-order"),
    asOf: value("as-of"),
    group: value("group"),
    olaTargets: value("ola-targets"),
    responseStates: value("response-states"),
    responseTargets: value("response-targets"),
    responseServices: value("response-services"),
    respondOnGroupChange: respond.checked,
  });
  let opened: { source: ExportSource; state: MappingState<ExportField> } | undefined;
  const run = el<HTMLButtonElement>("btn-run-tickets");
  const show = (open: boolean) => {
    mapping.hidden = !open;
    button.classList.toggle("primary", !open);
    if (!open) opened = undefined;
  };
  const draw = () => {
    if (!opened) return;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : "";
    const { table } = opened.source;
    const review = reviewExport(
      table,
      opened.state,
      parseDateOrder(value("date-order")) ?? undefined,
      exportFieldLabel,
    );
    const { preview } = review;
    el("tickets-mapping-summary").textContent = paneMessages.exportSummary(
      preview.sheet,
      preview.headerRow,
      preview.dataRows,
      review.wide,
      preview.fields.length,
      preview.suggestions.length,
    );
    const ctx: RowContext<ExportField> = {
      preview,
      mapping: review.plan.mapping,
      headers: table.headers,
      label: exportFieldLabel,
      idPrefix: "tmap",
      onAccept: (field) => {
        if (!opened) return;
        opened = { ...opened, state: acceptSuggestion(opened.state, field) };
        draw();
        document.getElementById(`tmap-${field}`)?.focus();
      },
    };
    const [shown, rest] = splitFields(review.fields, review.plan.mapping, preview);
    el("tickets-mapping-rows").replaceChildren(...shown.map((f) => fieldRow(f, ctx)));
    el("tickets-mapping-unmapped-title").textContent = `Other unmapped fields (${rest.length})`;
    el("tickets-mapping-unmapped").hidden = rest.length === 0;
    el("tickets-mapping-unmapped-rows").replaceChildren(...rest.map((f) => fieldRow(f, ctx)));
    const blockers = el("tickets-mapping-blockers");
    blockers.replaceChildren(...review.blockers.map((b) => make("li", b)));
    blockers.hidden = review.blockers.length === 0;
    run.dataset.blocked = String(review.blockers.length > 0);
    run.disabled = review.blockers.length > 0 || document.body.getAttribute("aria-busy") === "true";
    if (focused) document.getElementById(focused)?.focus();
  };
  mapping.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    const field = select.dataset.field as ExportField | undefined;
    if (!opened || !field) return;
    opened = { ...opened, state: chooseColumn(opened.state, field, select.value === "" ? null : Number(select.value)) };
    draw();
  });
  // The date order typed in the form reads the times of the table too.
  inputs.get("date-order")!.addEventListener("change", draw);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void guard("Reading the selected export", output, async () => {
      const source = await readSelectedExport(runHost);
      if (isRefusal(source)) {
        show(false);
        return { ok: false, message: refusalText(source) };
      }
      opened = { source, state: startMapping(source.plan) };
      fileResult("");
      // Another header row: the headers decide the columns again (the upgrade's box, the same code).
      headerRowBox(
        el<HTMLInputElement>("tickets-header-row"),
        source.read,
        () => opened?.source.table.headerRow ?? source.table.headerRow,
        (table) => {
          if (!opened) return;
          const plan = autoExportPlan(table.headers, table.rows);
          opened = { source: { ...opened.source, table, plan }, state: startMapping(plan) };
          fileResult("");
          draw();
        },
        (why) => fileResult(why, "error"),
      );
      // Mapping files: the upgrade's controls, the command line's `tickets --mapping` format.
      mappingFileBox(
        MAPPING_USES.tickets,
        el<HTMLInputElement>("tickets-mapping-file"),
        el<HTMLButtonElement>("btn-tickets-save-mapping"),
        fileResult,
        (file, name) => {
          if (!opened) return [];
          const loaded = loadTicketMapping(opened.source.read, opened.source.table.headerRow, file, name);
          if (isRefusal(loaded)) return loaded;
          const plan = autoExportPlan(loaded.table.headers, loaded.table.rows);
          opened = { source: { ...opened.source, table: loaded.table, plan }, state: loaded.state };
          el<HTMLInputElement>("tickets-header-row").value = String(loaded.table.headerRow);
          if (loaded.dateOrder) inputs.get("date-order")!.value = loaded.dateOrder;
          if (loaded.group !== undefined) inputs.get("group")!.value = loaded.group;
          draw();
          return loaded.notes;
        },
        () => {
          const { table } = opened!.source;
          const order = parseDateOrder(value("date-order")) ?? undefined;
          const review = reviewExport(table, opened!.state, order, exportFieldLabel);
          return {
            name: mappingFileName(table.sheet, ".tickets"),
            settings: ticketMappingSettings(table, review, value("group")),
            said: paneMessages.ticketMappingSaved,
          };
        },
      );
      show(true);
      draw();
      results.hidden = true;
      return { ok: true, message: paneMessages.exportOpened() };
    });
  });
  run.addEventListener("click", () => {
    if (!opened) return;
    const { source, state } = opened;
    void guard("Measuring tickets", output, async () => {
      const outcome: TicketsPaneOutcome = await measureReviewedExport(
        runHost,
        source,
        state,
        settings(),
        exportFieldLabel,
      );
      results.replaceChildren();
      for (const r of outcome.results ?? []) {
        const pct = `${(r.attainment * 100).toFixed(1)}%`;
        results.append(
          node(
            "li",
            `${r.period} ${r.priority}${r.service ? ` (${r.service})` : ""}: ${r.met} of ${r.measured} met, ${pct}`,
          ),
        );
      }
      for (const r of (outcome.rejected ?? []).slice(0, 20)) results.append(node("li", `Row ${r.row}: ${r.reason}`));
      results.hidden = results.childElementCount === 0;
      if (outcome.results) show(false);
      return outcome;
    });
  });
  el("btn-tickets-cancel").addEventListener("click", () => {
    show(false);
    output.textContent = "";
    output.className = "result";
  });
  return section;
}

/** Shows a sentence under the Tickets mapping table's header row and file controls (empty clears it). */
function fileResult(text: string, kind: "ok" | "error" | "" = ""): void {
  const out = el("tickets-mapping-file-result");
  out.textContent = text;
  out.className = `result ${kind}`.trim();
}

/** A new element with its id and class (and text). */
function part<K extends keyof HTMLElementTagNameMap>(tag: K, id: string, className = "", text?: string) {
  const n = make(tag, text, className || undefined);
  n.id = id;
  return n;
}

/** The mapping table's card: summary, the fields' table, the other unmapped fields, the blockers, Run and Cancel. */
function mappingCard(): HTMLElement {
  const card = part("div", "tickets-mapping", "card");
  card.hidden = true;
  const heading = part("h3", "tickets-mapping-title", "", "What the ticket clock will read");
  const table = make("table", undefined, "mapping-table");
  table.setAttribute("aria-labelledby", heading.id);
  const tr = make("tr");
  for (const text of ["Field", "Column, and values as read"])
    tr.append(Object.assign(make("th", text), { scope: "col" }));
  table.append(make("thead"), part("tbody", "tickets-mapping-rows"));
  table.tHead!.append(tr);
  const details = part("details", "tickets-mapping-unmapped");
  const more = part("summary", "tickets-mapping-unmapped-title");
  const rest = make("table", undefined, "mapping-table");
  rest.setAttribute("aria-labelledby", more.id);
  rest.append(part("tbody", "tickets-mapping-unmapped-rows"));
  details.append(more, rest);
  const blockers = part("ul", "tickets-mapping-blockers", "blockers");
  blockers.setAttribute("aria-live", "polite");
  blockers.hidden = true;
  const run = part("button", "btn-run-tickets", "primary", "Run ticket clock");
  run.type = "button";
  run.setAttribute("data-command", "");
  run.setAttribute("aria-describedby", blockers.id);
  const cancel = part("button", "btn-tickets-cancel", "", "Cancel");
  cancel.type = "button";
  const actions = make("div", undefined, "actions");
  actions.append(run, cancel);
  const rowLabel = make("label", "Header row (the sheet row of the column names)");
  rowLabel.htmlFor = "tickets-header-row";
  const row = part("input", "tickets-header-row");
  Object.assign(row, { type: "number", step: "1", inputMode: "numeric" });
  const fileLabel = make(
    "label",
    "Mapping file (as tickets --mapping): its columns, header row, group column and date order",
  );
  fileLabel.htmlFor = "tickets-mapping-file";
  const file = part("input", "tickets-mapping-file");
  Object.assign(file, { type: "file", accept: ".json,application/json" });
  const save = part("button", "btn-tickets-save-mapping", "", "Save mapping file");
  save.type = "button";
  const fileActions = make("div", undefined, "actions");
  fileActions.append(save);
  const said = part("p", "tickets-mapping-file-result", "result");
  said.setAttribute("role", "status");
  said.setAttribute("aria-live", "polite");
  said.setAttribute("aria-atomic", "true");
  card.append(
    heading,
    part("p", "tickets-mapping-summary", "hint"),
    fileLabel,
    file,
    fileActions,
    said,
    rowLabel,
    row,
    table,
    details,
    blockers,
    actions,
  );
  return card;
}
