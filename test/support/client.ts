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
