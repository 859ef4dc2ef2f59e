/**
 * The 200,000-cell spill limit is checked before the work (F4): a range too large to return
 * is refused at once, so a bad cell further down is never reached (through the built bundle).
 */
import { isExcelError, loadBundle } from "../support/bundle";
import { FRI } from "./samples";

const bundle = loadBundle();

test("GOV.PHASING refuses a 250,000-row range before reading its cells", () => {
  const planned = Array.from({ length: 250_000 }, () => [10]);
  const achieved: unknown[][] = Array.from({ length: 250_000 }, () => [8]);
  achieved[249_999] = ["not a number"];
  const out = bundle.call("PHASING", planned, achieved, null);
  expect(isExcelError(out, "#VALUE!", "planned: the range has 250000 cells, more than the 200000")).toBe(true);
});

test("GOV.CLOCK refuses as soon as the tickets cannot fit, before running a clock or reading later rows", () => {
  const rows = 40_000;
  const ids = Array.from({ length: rows }, (_, i) => [`INC${i}`]);
  const times: unknown[][] = Array.from({ length: rows }, () => [FRI]);
  const states = Array.from({ length: rows }, () => ["New"]);
  times[rows - 1] = ["not a date"];
  const out = bundle.call("CLOCK", ids, times, states, "New", "", "Resolved", null, null, null);
  expect(isExcelError(out, "#VALUE!", "ticket_ids: the range has 200004 cells, more than the 200000")).toBe(true);
});
