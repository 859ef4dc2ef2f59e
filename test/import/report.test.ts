/**
 * A client's SLA report read against the workbook's service levels (src/import/report.ts):
 * which columns are applied, which only suggested, and what never reads as a month.
 */
import { readReport, reportColumns, ReportService } from "../../src/import/report";

const services: ReportService[] = [
  { id: "SL-001", name: "Service Desk", unit: "%", thresholds: [0.985, 0.98, 0.95] },
  { id: "SL-002", name: "Restore time", unit: "hours", thresholds: [4, 6, 8] },
];

describe("reportColumns", () => {
  test("exact headers are applied; a partial header is only suggested unless accepted", () => {
    const headers = ["Month", "Service level name", "Result"];
    const rows = [["Jan 2024", "SL-001", 0.99]];
    const plan = reportColumns(headers, rows, services, [], false);
    expect(plan.mapping).toEqual({ period: 0, value: 2 });
    expect(plan.suggestions).toEqual([{ field: "service", column: 1, why: 'header starts with "service"' }]);
    const accepted = reportColumns(headers, rows, services, [], true);
    expect(accepted.mapping).toEqual({ period: 0, service: 1, value: 2 });
    expect(accepted.source.service).toBe("suggestion");
  });

  test("a column of Excel dates is months, never the value; numbers are the value", () => {
    const rows = [
      [45292, 45299, "SL-001", 97],
      [45323, 45330, "SL-002", 5],
      [45352, 45360, "SL-001", 98.5],
    ];
    const plan = reportColumns(["A", "B", "C", "D"], rows, services, [], false);
    expect(plan.mapping).toEqual({});
    expect(plan.suggestions.map((s) => [s.field, s.column])).toEqual([
      ["period", 0],
      ["service", 2],
      ["value", 3],
    ]);
  });

  test("a column of names that are no service level of the workbook is not suggested as the service", () => {
    const rows = [
      ["Jan 2024", "Payroll", 97],
      ["Feb 2024", "Email", 98],
      ["Mar 2024", "Payroll", 99],
    ];
    const plan = reportColumns(["When", "What", "How much"], rows, services, [], false);
    expect(plan.suggestions.map((s) => s.field)).toEqual(["period", "value"]);
  });

  test("a --map choice wins over a suggestion, and --map FIELD= keeps a field unmapped and unsuggested", () => {
    const rows = [
      ["Jan 2024", "SL-001", 97, 96],
      ["Feb 2024", "SL-001", 98, 95],
      ["Mar 2024", "SL-001", 99, 97],
    ];
    const headers = ["When", "Which", "Target", "Outcome"];
    const chosen = reportColumns(headers, rows, services, [{ field: "value", header: "Outcome" }], true);
    expect(chosen.mapping).toEqual({ period: 0, service: 1, value: 3 });
    expect(chosen.source).toEqual({ period: "suggestion", service: "suggestion", value: "chosen" });
    const cleared = reportColumns(headers, rows, services, [{ field: "period", header: "" }], false);
    expect(cleared.suggestions.map((s) => s.field)).toEqual(["service", "value"]);
  });
});

describe("readReport", () => {
  test("numbers in the header row or the first column are never months of 1900: no wide layout is made of results", () => {
    const grid = [
      ["SL-001", 97.5, 98],
      [96, 99, 97],
      [95, 98, 99],
    ];
    const reading = readReport(grid, 1, services);
    expect(reading.results).toEqual([]);
    expect(reading.unmapped).toEqual(["period", "service", "value"]);
    expect(reading.refusal).toContain("no layout found");
  });

  test("suggestions are not applied: the layout is refused, naming the fields no column feeds", () => {
    const grid = [
      ["When", "Which", "Outcome"],
      ["Jan 2024", "SL-001", "99%"],
      ["Feb 2024", "Service Desk", "97%"],
      ["Mar 2024", "Restore time", 3],
    ];
    const plain = readReport(grid, 1, services);
    expect(plain.results).toEqual([]);
    expect(plain.unmapped).toEqual(["period", "service", "value"]);
    expect(plain.suggestions.map((s) => s.field)).toEqual(["period", "service", "value"]);
    const accepted = readReport(grid, 1, services, { acceptSuggestions: true });
    expect(accepted.refusal).toBe("");
    expect(accepted.results.map((r) => [r.service, r.result])).toEqual([
      ["SL-001", 0.99],
      ["SL-001", 0.97],
      ["SL-002", 3],
    ]);
    expect(accepted.understood).toEqual([
      'period: "When" (A, suggestion accepted)',
      'service: "Which" (B, suggestion accepted)',
      'value: "Outcome" (C, suggestion accepted)',
    ]);
  });
});
