/** new-contract's example rows: marked, left out of every table read until edited. */
import fc from "fast-check";
import { CellValue } from "../../src/governance/model";
import { CONTRACT_EXAMPLE, EXAMPLE_HEADER, EXAMPLE_MARK, isUneditedExample } from "../../src/service/examples";
import { RESULT_COLUMNS, SERVICE_COLUMNS, ServiceFinding } from "../../src/service/model";
import { readTable, withoutExamples } from "../../src/service/table";
import { planNewContract } from "../../src/service/commands";
import { isRefusal } from "../../src/errors";

const servicesGrid = (row: CellValue[], mark: CellValue = EXAMPLE_MARK): CellValue[][] => [
  [...SERVICE_COLUMNS.map((c) => c.header), EXAMPLE_HEADER],
  [...row, mark],
];

function read(grid: CellValue[][]) {
  const findings: ServiceFinding[] = [];
  const table = readTable(grid, SERVICE_COLUMNS, "Services", { example: CONTRACT_EXAMPLE.service, findings });
  if (isRefusal(table)) throw new Error("refused");
  return { table, findings };
}

describe("example rows", () => {
  test("new-contract marks each table sheet's example in an appended Example column; --empty writes none", () => {
    const plans = planNewContract(46178);
    for (const name of ["Services", "Results", "Actions", "Processes", "Dependencies", "Experience"]) {
      const plan = plans.find((p) => p.name === name)!;
      const [header, row] = plan.cells as CellValue[][];
      expect([name, header[header.length - 1], row[row.length - 1]]).toEqual([name, EXAMPLE_HEADER, EXAMPLE_MARK]);
    }
    const empty = planNewContract(46178, { empty: true });
    expect(empty.find((p) => p.name === "Services")!.cells).toEqual([SERVICE_COLUMNS.map((c) => c.header)]);
  });

  test("an unedited example is left out with a warning; the next row still follows it", () => {
    const { table, findings } = read(servicesGrid([...CONTRACT_EXAMPLE.service]));
    expect(table.rows).toEqual([]);
    expect(table.examples.map((r) => r.row)).toEqual([2]);
    expect(table.nextRow).toBe(3);
    expect(findings).toEqual([
      {
        code: "EXAMPLE_ROW",
        severity: "warning",
        sheet: "Services",
        row: 2,
        id: "SL-001",
        message:
          "Services row 2 is new-contract's example row, left out until you edit it (or clear its Example cell); delete it if you do not need it.",
      },
    ]);
  });

  test("editing any cell that is not a date makes the row count (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SERVICE_COLUMNS.length - 1 }),
        fc.oneof(fc.string({ minLength: 1 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
        (col, value) => {
          const row = [...CONTRACT_EXAMPLE.service];
          fc.pre(String(value).trim() !== String(row[col] ?? "").trim());
          fc.pre(typeof value !== "number" || typeof row[col] !== "number" || Math.abs(value - row[col]) > 1e-9);
          row[col] = value;
          const { table, findings } = read(servicesGrid(row));
          expect(table.rows.map((r) => r.row)).toEqual([2]);
          expect(findings).toEqual([]);
        },
      ),
    );
  });

  test("clearing the Example cell makes an unchanged row count; a user's own row with no marker always counts", () => {
    expect(read(servicesGrid([...CONTRACT_EXAMPLE.service], null)).table.rows).toHaveLength(1);
    const grid = [SERVICE_COLUMNS.map((c) => c.header), [...CONTRACT_EXAMPLE.service]];
    expect(read(grid).table.rows).toHaveLength(1);
  });

  test("a changed date alone does not make a Results example the user's (dates depend on the day it was made)", () => {
    const findings: ServiceFinding[] = [];
    const header = [...RESULT_COLUMNS.map((c) => c.header), EXAMPLE_HEADER];
    const grid = [
      header,
      [...CONTRACT_EXAMPLE.result(46143), EXAMPLE_MARK],
      [...CONTRACT_EXAMPLE.result(46174), EXAMPLE_MARK],
    ];
    grid[2][2] = 0.99;
    const table = readTable(grid, RESULT_COLUMNS, "Results", { example: CONTRACT_EXAMPLE.result(0), findings });
    if (isRefusal(table)) throw new Error("refused");
    expect(table.rows.map((r) => r.row)).toEqual([3]);
    expect(table.examples.map((r) => r.row)).toEqual([2]);
  });

  test("withoutExamples drops only unedited example rows", () => {
    const grid = servicesGrid([...CONTRACT_EXAMPLE.service]);
    const own = [...CONTRACT_EXAMPLE.service];
    own[0] = "SL-777";
    grid.push([...own, EXAMPLE_MARK]);
    expect(withoutExamples(grid, SERVICE_COLUMNS, CONTRACT_EXAMPLE.service)!.map((r) => r[0])).toEqual([
      "ID",
      "SL-777",
    ]);
    expect(
      isUneditedExample(CONTRACT_EXAMPLE.service, "  " + EXAMPLE_MARK + " ", CONTRACT_EXAMPLE.service, SERVICE_COLUMNS),
    ).toBe(true);
  });
});
