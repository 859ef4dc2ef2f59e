/**
 * One valid call of every GOV function, with the argument shapes Excel hands over (ranges as
 * 2-D arrays, omitted optionals as null). Shared by the data-type tests and the seeded
 * property run (fuzz.test.ts), which vary these calls.
 */

/** 2024-01-05, a Friday, as an Excel serial. */
export const FRI = 45296;
export const MON = FRI + 3;
/** A serial at hh:mm of a day. */
export const at = (day: number, hh: number, mm = 0): number => day + (hh * 60 + mm) / 1440;
const col = (...values: unknown[]): unknown[][] => values.map((v) => [v]);

/** Each function id with one call that returns a value (not an error). */
export const SAMPLE_CALLS: ReadonlyArray<readonly [string, unknown[]]> = [
  ["SERVICE_CREDIT", [col(0.95, 0.99), col(0.97, 0.97), col(1000, 1000), col(0.2, 0.2), null, null]],
  ["CREDITS_TOTAL", [col(0.95, 0.99), col(0.97, 0.97), col(0.2, 0.3), 1000, null, null, col(">=", ">=")]],
  ["SIGMIN_PENALTY", [col(0.8, 0.99), col(0.9, 0.9), col(500, 700), null]],
  ["EARNBACK", [100, col(0.99, 0.98), 0.97, ">="]],
  ["EXPECTED_DEFAULT", [col(0.95, 0.96, 0.99, 0.94), 0.97, 1, ">="]],
  ["NEXT_TARGET", [0.97, col(0.99, 0.98, 0.995), 0.5, null, ">="]],
  ["SAVINGS", [col(100, 250.5), col(80, 200.25)]],
  ["RECONCILE", [col(100, 250), col(80, 200), col(20, 40), col(20, ""), col(1, 1)]],
  ["RUN_RATE", [col(10, 20, 30, 40), 3, 12]],
  ["PHASING", [col(10, 10, 10), col(8, 9, ""), "gap"]],
  ["IMPL_STATUS", [col(FRI, MON), col(FRI - 1, ""), MON + 1, 14]],
  ["POTENTIAL_STATUS", [col(100, 100), col(97, 70), 0.95, 0.8]],
  ["DUAL_STATUS", [col("Green", "A"), col("Red", "Green")]],
  [
    "ELAPSED_PAUSED",
    [at(FRI, 9), at(MON, 17), col(at(FRI, 12)), col(at(FRI, 13)), "Mon-Fri 09:00-17:00", col(MON - 10)],
  ],
  [
    "CLOCK",
    [
      col("INC1", "INC2", "INC1", "INC2"),
      col(at(FRI, 9), at(FRI, 10), at(MON, 9), at(MON, 11)),
      col("New", "New", "Resolved", "Resolved"),
      "New",
      "On Hold",
      "Resolved",
      "Mon-Fri 09:00-17:00",
      null,
      null,
    ],
  ],
  [
    "STEP_LATENCY",
    [
      col("INC1", "INC1", "INC2", "INC2"),
      col("Opened", "Resolved", "Opened", "Resolved"),
      col(at(FRI, 9), at(MON, 11), at(MON, 9), at(MON, 10)),
      "Opened",
      "Resolved",
      "p95",
      "Mon-Fri 09:00-17:00",
      null,
    ],
  ],
  ["ELAPSED", [col(at(FRI, 16, 30), at(FRI, 9)), col(at(MON, 10), at(MON, 9)), "Mon-Fri 09:00-17:00", col(MON - 10)]],
  ["DUE", [col(at(FRI, 16, 30)), col(1.5), "Mon-Fri 09:00-17:00", null]],
  ["ATTAINMENT", [col(3, 5, 9, ""), 4, "<="]],
  ["SLA_STATUS", [col(1, 7, 9), col(8, 8, 8), 0.75]],
  ["AVAILABILITY", [FRI, MON + 1, col(at(FRI, 10)), col(at(FRI, 11)), null, null, "24x7", null]],
  ["OLA_GAP", [8, col(2, 3, "")]],
];
