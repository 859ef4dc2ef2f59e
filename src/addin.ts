/**
 * The add-in's custom functions by id (GOV.<id>): the contract's seventeen (../shared/DOMAIN.md)
 * and those beyond it. The command line lists them in a written workbook's add-in reference;
 * the bundle benchmark checks the contract's are all in the bundle; a test keeps the whole list
 * equal to the ids in dist/functions.json.
 */

/** Function contract v1: every one of these must be in the bundle. */
export const CONTRACT_FUNCTIONS: readonly string[] = [
  "ELAPSED",
  "DUE",
  "ATTAINMENT",
  "SLA_STATUS",
  "AVAILABILITY",
  "OLA_GAP",
  "SERVICE_CREDIT",
  "CREDITS_TOTAL",
  "SIGMIN_PENALTY",
  "EARNBACK",
  "EXPECTED_DEFAULT",
  "NEXT_TARGET",
  "IMPL_STATUS",
  "POTENTIAL_STATUS",
  "DUAL_STATUS",
  "SAVINGS",
  "RECONCILE",
];

/** Every function the add-in registers: the contract's and those beyond it. */
export const FUNCTION_IDS: readonly string[] = [
  ...CONTRACT_FUNCTIONS,
  "RUN_RATE",
  "PHASING",
  "ELAPSED_PAUSED",
  "CLOCK",
  "STEP_LATENCY",
  "NET_SCORE",
  "SERVICE_POINTS",
];
