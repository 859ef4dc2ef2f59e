/**
 * A client's SLA report read against the workbook's service levels (src/import/report.ts):
 * which columns are applied, which only suggested, and what never reads as a month.
 */
import { findHeaderRow } from "../../src/governance/mapping";
import { CellValue } from "../../src/governance/model";
import { headerScore } from "../../src/import/columns";
import {
  findReportHeader,
  readReport,
  REPORT_FIELDS,
  REPORT_SYNONYMS,
  reportColumns,
  ReportService,
} from "../../src/import/report";

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

describe("readReport's rejection reasons (the texts of src/errors.ts's importMessages)", () => {
  test("each reason names the value as typed and the service level; a long one is cut, a fraction's percent is rounded", () => {
    const long = "Reporting period of the first quarter, provisional";
    const reading = readReport(
      [
        ["Month", "SLA", "Achieved"],
        ["Jan 2024", "SL-001", "95"],
        ["Feb 2024", "SL-001", 0.07],
        ["Mar 2024", "SL-001", "150%"],
        ["Apr 2024", "SL-002", 0.5],
        ["Someday", "SL-001", "97"],
        ["May 2024", "SL-001", "n/a"],
        [long, "SL-001", "97"],
      ],
      4,
      services,
    );
    expect(reading.results.map((r) => [r.at, r.result])).toEqual([["row 5", 0.95]]);
    expect(reading.rejected).toEqual([
      { at: "row 9", reason: '"Someday" is not a month' },
      { at: "row 11", reason: '"Reporting period of the first quarter..." is not a month' },
      {
        at: "row 6",
        // 0.07 x 100 is 7.000000000000001 in binary floating point: the message says 7%.
        reason:
          '"0.07" for SL-001 is ambiguous: 7% if a fraction, 0.07% if a percentage (other values of SL-001 are above 1); type it as 0.07% or 7%',
      },
      { at: "row 7", reason: '"150%" is not a percentage of 0..100 for SL-001' },
      { at: "row 8", reason: '"0.5" is not on the scale of SL-002\'s thresholds' },
      { at: "row 10", reason: '"n/a" is not a number' },
    ]);
    expect(reading.understood).toEqual(['period: "Month" (A)', 'service: "SLA" (B)', 'value: "Achieved" (C)']);
  });

  test("what was understood of a wide report names the columns of its month or service headers", () => {
    const servicesAsRows = readReport(
      [
        ["Service", "Jan 2024", "Feb 2024", "Mar 2024"],
        ["SL-001", "99%", "98%", "97%"],
      ],
      1,
      services,
    );
    expect(servicesAsRows.understood).toEqual(['service: "Service" (A)', "months: the headers of columns B-D (3)"]);
    const monthsAsRows = readReport(
      [
        ["Month", "SL-002"],
        ["Jan 2024", 4],
      ],
      1,
      services,
    );
    expect(monthsAsRows.understood).toEqual(['period: "Month" (A)', "services: the headers of column B"]);
  });
});

describe("readReport with a service map", () => {
  test("the report's own names are matched first (over a workbook name), in rows and in headers; others as before", () => {
    const serviceMap = new Map([
      ["desk", "SL-001"],
      ["restore time", "SL-001"],
    ]);
    const long = readReport(
      [
        ["Month", "SLA", "Achieved"],
        ["Jan 2024", " DESK ", "99%"],
        ["Jan 2024", "Restore time", "98%"],
        ["Jan 2024", "SL-002", 4],
      ],
      1,
      services,
      { serviceMap },
    );
    expect(long.results.map((r) => [r.service, r.result])).toEqual([
      ["SL-001", 0.99],
      ["SL-001", 0.98],
      ["SL-002", 4],
    ]);
    expect(long.understood).toContain("2 service name(s) mapped to Service IDs (given)");
    const wide = readReport(
      [
        ["Service", "Jan 2024"],
        ["Desk", "97%"],
      ],
      1,
      services,
      { serviceMap },
    );
    expect(wide.results.map((r) => [r.service, r.result])).toEqual([["SL-001", 0.97]]);
    const unmapped = readReport(
      [
        ["Service", "Jan 2024"],
        ["Desk", "97%"],
      ],
      1,
      services,
    );
    expect(unmapped.rejected.map((r) => r.reason)).toEqual([
      'no service level "Desk" on the Services sheet (by ID or name); if it is one under another name, map it with --service-map "Desk=ID"',
    ]);
  });
});

describe("findReportHeader: the header row is text above the data that names the report", () => {
  /** The rule it replaces: the row naming the most field words (0-based), as every importer's findHeaderRow. */
  const mostWords = (grid: CellValue[][]) =>
    findHeaderRow(grid, 20, (texts) => headerScore(texts, REPORT_FIELDS, REPORT_SYNONYMS));

  test('a "Reporting month | Mar 2024" line above a wide table does not head it: its months do', () => {
    const grid: CellValue[][] = [
      ["Reporting month", "Mar 2024"],
      ["Prepared by", "Service Management Office"],
      [],
      ["Service", "Jan 2024", "Feb 2024", "Mar 2024"],
      ["SL-001", "99.1%", "98.7%", "99.4%"],
      ["Restore time", 3.5, 5, 4],
    ];
    expect(mostWords(grid)).toBe(0); // the naive rule reads January's column as March
    expect(findReportHeader(grid, services)).toEqual({ row: 3 });
  });

  test("a data row whose words name fields (Service Desk | Achieved) is no header: it holds values", () => {
    const grid: CellValue[][] = [
      ["Service Level Agreement", "Measure", "Jan 2024", "Feb 2024"],
      ["Service Desk", "Achieved", "99%", "98.5%"],
      ["Restore time", "Actual", 4, 3.5],
    ];
    expect(mostWords(grid)).toBe(1);
    expect(findReportHeader(grid, services)).toEqual({ row: 0 });
  });

  test("months as Excel date cells and service levels as headers count as a header's texts", () => {
    const dates: CellValue[][] = [
      ["", 45292, 45323],
      ["SL-001", 0.99, 0.985],
    ];
    expect(findReportHeader(dates, services)).toEqual({ row: 0 });
    const byName: CellValue[][] = [
      ["Contoso", "monthly report"],
      ["", "Service Desk", "Restore time"],
      ["Jan 2024", "99%", 4],
    ];
    expect(findReportHeader(byName, services)).toEqual({ row: 1 });
  });

  test("the headers the user chose (--map, a mapping file) name their row, not a title above it", () => {
    const grid: CellValue[][] = [
      ["Lieferanten-Bericht", "Q1 2024"],
      ["Monat", "Dienst", "Erreicht"],
      ["05/01/2024", "SL-001", "99%"],
    ];
    const choices = [
      { field: "period", header: "Monat" },
      { field: "service", header: "dienst " },
      { field: "value", header: "col:C" },
    ];
    expect(findReportHeader(grid, services, { choices })).toEqual({ row: 1 });
  });

  test("rows that name the report equally are a tie, returned with their texts, never settled by position", () => {
    const grid: CellValue[][] = [["Reporting month", "Mar 2024"], [], ["Service", "Mar 2024"], ["SL-001", "99%"]];
    expect(findReportHeader(grid, services)).toEqual({
      tie: [
        { row: 1, headers: ["Reporting month", "Mar 2024"] },
        { row: 3, headers: ["Service", "Mar 2024"] },
      ],
    });
  });

  test("edge cases: no evidence takes the text row just above the data; a lone title or a footnote is no header", () => {
    const unnamed: CellValue[][] = [
      ["Prepared by", "SMO"],
      ["Quoi", "Quand", "Combien"],
      ["SL-001", "2024-01", "99%"],
    ];
    expect(findReportHeader(unnamed, services)).toEqual({ row: 1 });
    // A one-cell title naming a field ("SLA report") is no header row; the table's is.
    const titled: CellValue[][] = [["SLA report March 2024"], ["Month", "SLA", "Result"], ["Mar 2024", "SL-001", 0.99]];
    expect(findReportHeader(titled, services)).toEqual({ row: 1 });
    // Rows of text between the header and the first value (no result yet) do not hide it.
    const pending: CellValue[][] = [
      ["Month", "SLA", "Result"],
      ["Jan 2024", "SL-001", "n/a"],
      ["Feb 2024", "SL-001", "n/a"],
      ["Mar 2024", "SL-001", "pending"],
      ["Apr 2024", "SL-001", 0.99],
    ];
    expect(findReportHeader(pending, services)).toEqual({ row: 0 });
    // Text below the last value (a legend naming fields as well as the header does) heads nothing.
    const footnote: CellValue[][] = [
      ["", "Jan 2024"],
      ["SL-001", "99%"],
      ["Notes", "Result = achieved in the month", "SLA = the agreed level"],
    ];
    expect(findReportHeader(footnote, services)).toEqual({ row: 0 });
    expect(findReportHeader([[], []], services)).toBeUndefined();
    expect(findReportHeader([["Title only"]], services)).toEqual({ row: 0 });
  });
});
