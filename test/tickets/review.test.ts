/**
 * The export preview built row by row (src/tickets/review.ts' exportPreviewer, which a dry run
 * of millions of rows uses without holding them) against a plain reference over the whole
 * column: the same date order, parse counts and samples.
 */
import fc from "fast-check";
import { exportPreviewer, previewExport } from "../../src/tickets/review";
import { inferDateOrder, isTimeProblem, readTime, settleDateOrder } from "../../src/import/dates";
import { CellValue } from "../../src/governance/model";

const HEAD = { sheet: "x.csv", headerRow: 1, headers: ["Number", "Updated", "State"] };
const PLAN = { mapping: { ticket: 0, time: 1, state: 2 }, source: {}, suggestions: [], cleared: [], problems: [] };

/** Time cells of every kind: ISO, day/month both ways or one way, serials, blanks, words. */
const timeCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom("2024-03-04 09:00", "2024-03-31T01:30:00Z", "", "   ", "soon", null),
  fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 })).map(([a, b]) => `${a}/${b}/2024 10:00`),
  fc.double({ min: 40_000, max: 50_000, noNaN: true }),
);

describe("exportPreviewer", () => {
  test("property: parse counts, samples and the inferred order equal the whole column's reading", () => {
    fc.assert(
      fc.property(
        fc.array(timeCell, { maxLength: 60 }),
        fc.constantFrom(undefined, "DMY" as const, "MDY" as const),
        (times, given) => {
          const rows = times.map((t, i) => [`INC${i % 5}`, t, "New"] as CellValue[]);
          const previewer = exportPreviewer(PLAN, false, given);
          rows.forEach((r) => previewer.add(r));
          const { preview, orders } = previewer.finish(HEAD);
          // The reference: the order from every value, then each filled value read with it.
          const inference = inferDateOrder(times, given);
          const settled = settleDateOrder(inference, "time");
          const order = "order" in settled ? settled.order : undefined;
          const filled = times.filter((t) => t !== null && String(t).trim() !== "");
          const time = preview.fields.find((f) => f.field === "time")!;
          expect(orders.time).toEqual(inference);
          expect([time.filled, time.parsed]).toEqual([
            filled.length,
            filled.filter((t) => !isTimeProblem(readTime(t, order))).length,
          ]);
          expect(time.samples.length).toBe(Math.min(3, filled.length));
          expect(preview).toEqual(previewExport({ ...HEAD, rows }, PLAN, false, given).preview);
        },
      ),
    );
  });

  test("worked example: day/month dates settled by a later day above 12 read as DMY in the samples", () => {
    const previewer = exportPreviewer(PLAN, false);
    for (const [t, time] of [
      ["INC1", "04/03/2024 09:00"],
      ["INC1", "05/03/2024 10:00"],
      ["INC2", "25/03/2024 11:00"],
    ]) {
      previewer.add([t, time, "New"]);
    }
    const time = previewer.finish(HEAD).preview.fields.find((f) => f.field === "time")!;
    expect(time.samples).toEqual(["2024-03-04 09:00:00", "2024-03-05 10:00:00", "2024-03-25 11:00:00"]);
    expect([time.filled, time.parsed]).toEqual([3, 3]);
    expect(time.note).toMatch(/DMY/);
  });
});
