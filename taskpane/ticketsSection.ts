/*
 * The task pane's "Tickets" section, self-contained: it builds its own form inside <main>,
 * calls commands.measureSelectedTickets and shows the outcome. Workbook text is shown with
 * textContent only.
 */
import { Run } from "./adapter";
import { measureSelectedTickets, Outcome } from "./commands";

/** How the section runs a command: the pane's busy state, error handling and reporting into `output`. */
export type Guard = (label: string, output: HTMLElement, action: () => Promise<Outcome | void>) => Promise<void>;

/** The fields of the form: id suffix, label, placeholder, default value. */
const FIELDS = [
  ["start", "Start states", "New, In Progress", "New"],
  ["pause", "Pause states", "On Hold, Awaiting customer", "On Hold, Awaiting customer"],
  ["stop", "Stop states", "Resolved, Closed", "Resolved, Closed"],
  ["targets", "Target hours per priority", "P1=4, P2=8", ""],
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
export function mountTicketsSection(run: Run, guard: Guard): HTMLElement {
  const section = node("section");
  section.setAttribute("aria-labelledby", "h-tickets");
  const title = node("h2", "Tickets");
  title.id = "h-tickets";
  const hint = node(
    "p",
    "Select a ticket history (one event per row: ticket, time, state entered, priority). Writes the Tickets sheet and the monthly Results.",
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
  section.append(title, hint, form, results);
  (document.getElementById("view-tickets") ?? document.querySelector("main") ?? document.body).append(section);

  const value = (id: string) => inputs.get(id)!.value;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void guard("Measuring tickets", output, async () => {
      const outcome = await measureSelectedTickets(run, {
        start: value("start"),
        pause: value("pause"),
        stop: value("stop"),
        targets: value("targets"),
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
      return outcome;
    });
  });
  return section;
}
