/** The header row of the hand-made client sheets the tests upgrade (messy, as clients write them). */
export const CLIENT_HEADERS: string[] = [
  "Business Unit",
  "Workstream",
  "Project",
  "Lever",
  "Initiative",
  "Owner",
  "Finance Contact",
  "Stage",
  "Baseline",
  "Actual Cost",
  "Target Savings",
  "Forecast",
  "Due Date",
];

/**
 * A client's savings tracker as a user typed it into an en-US Excel (create the fake workbook
 * with `typed`): a title touching the header, a partial header (Project Code), a free-text
 * Status, a blank row, due dates as date cells and as "15.10.2024" text, a code "0042", markup.
 */
export const CLIENT_TRACKER: string[][] = [
  ["Savings tracker FY25 (draft)"],
  ["Project Code", "Initiative", "Lead", "Status", "Target Savings", "Due Date", "Notes <img src=x onerror=alert(3)>"],
  ["0042", "Renegotiate telecom", "Ana", "In Progress", "1200", "9/30/2024", "<script>alert(4)</script>"],
  ["P-002", "Cloud rightsizing", "Ben", "Completed", "800", "15.10.2024"],
  [],
  ["P-003", "Print fleet", "Chen", "L3", "tbd", "2024-11-05"],
  ["P-004", "Travel policy", "Dee", "Supplier Validation", "300", "12/01/2024"],
];

/**
 * The mapping file of CLIENT_TRACKER once the project code is confirmed, the owner left out and
 * the Status words mapped (In Progress=L3, Completed=L4, Supplier Validation=L2), as
 * `upgrade --dry-run --save-mapping` and the pane's Save mapping file write it.
 */
export const CLIENT_TRACKER_MAPPING = {
  version: 1,
  sheet: "Tracker",
  headerRow: 2,
  columns: {
    project: "Project Code",
    measure: "Initiative",
    owner: null,
    gate: "Status",
    planned: "Target Savings",
    due: "Due Date",
  },
  values: { gate: { "in progress": "L3", completed: "L4", "supplier validation": "L2" } },
};
