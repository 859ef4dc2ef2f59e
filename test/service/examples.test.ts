/** new-contract's example rows: marked, left out of every table read until edited. */
import fc from "fast-check";
import { CellValue } from "../../src/governance/model";
import {
  CONTRACT_EXAMPLE,
  EXAMPLE_HEADER,
  EXAMPLE_MARK,
  isUneditedExample,
  MARKED_PARAMETERS,
} from "../../src/service/examples";
import { CONTRACT_PARAMETERS, RESULT_COLUMNS, SERVICE_COLUMNS, ServiceFinding } from "../../src/service/model";
import { readTable, withoutExamples } from "../../src/service/table";
import { planNewContract } from "../../src/service/commands";
import { isRefusal } from "../../src/errors";
import { contractCurrency, readServiceWorkbook } from "../../src/service/read";
import { reviewPeriod } from "../../src/service/review";
import { newContractGrids } from "./fixture";

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
    for (const name of ["Services", "Results", "Actions", "Processes", "Dependencies", "Experience", "Points"]) {
      const plan = plans.find((p) => p.name === name)!;
      const [header, row] = plan.cells as CellValue[][];
      expect([name, header[header.length - 1], row[row.length - 1]]).toEqual([name, EXAMPLE_HEADER, EXAMPLE_MARK]);
    }
    // The Points sheet's example is a band table (GOV.SERVICE_POINTS' worked bands), every row marked; the Contract names it.
    expect(plans.find((p) => p.name === "Points")!.cells).toEqual([
      ["Threshold", "Points", "Service ID", EXAMPLE_HEADER],
      [0.99, 0, null, EXAMPLE_MARK],
      [0.98, 1, null, EXAMPLE_MARK],
      [0.97, 2, null, EXAMPLE_MARK],
      [0.96, 3, null, EXAMPLE_MARK],
      ["below 96%", 4, null, EXAMPLE_MARK],
    ]);
    expect(plans.find((p) => p.name === "Contract")!.cells.find((r) => r[0] === "Points Table")).toEqual([
      "Points Table",
      "Points",
    ]);
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

/**
 * new-contract's sheets as grids, with the Services and Results examples made the user's own,
 * and `edit` applied to the grid of `sheet`.
 */
function editedGrids(sheet: string, edit: (grid: CellValue[][]) => void) {
  const out = newContractGrids(46178);
  edit(out.get(sheet)!);
  return out;
}

/** The workbook read and its June 2026 review. */
function reviewed(g: Map<string, CellValue[][]>) {
  const book = readServiceWorkbook((n) => g.get(n));
  if (isRefusal(book)) throw new Error(book.reasons.join(" "));
  const r = reviewPeriod(book, "2026-06", 46178);
  if (isRefusal(r)) throw new Error(r.reasons.join(" "));
  return { book, r };
}

describe("the Points sheet's example band table", () => {
  const grids = (edit: (points: CellValue[][]) => void = () => undefined) => editedGrids("Points", edit);
  const review = (g: Map<string, CellValue[][]>) => reviewed(g).r;

  test("unedited, it is left out with one warning for its rows, and the review has no Points column", () => {
    const r = review(grids());
    expect(r.hasPoints).toBe(false);
    const points = r.findings.filter((f) => f.sheet === "Points");
    expect(points.map((f) => [f.code, f.severity, f.row])).toEqual([["EXAMPLE_ROW", "warning", 2]]);
    expect(points[0].message).toBe(
      "Points rows 2-6 are new-contract's example band table, left out until you edit them (or clear their Example cells); delete them if you do not need them.",
    );
  });

  test("its Example cells cleared, the bands score: the example result 97% gives 2 points", () => {
    const r = review(grids((p) => p.slice(1).forEach((row) => (row[3] = null))));
    expect(r.hasPoints).toBe(true);
    expect(r.services.map((s) => [s.id, s.result, s.points])).toEqual([["SL-001", 0.97, 2]]);
    expect(r.findings.filter((f) => f.sheet === "Points")).toEqual([]);
  });

  test("one band edited counts; the unedited rest are still left out (the finding names their rows)", () => {
    const r = review(grids((p) => (p[1][1] = 0.5)));
    expect(r.hasPoints).toBe(true);
    // Only 99% -> 0.5 is read: 97% is worse than every threshold of a table with no row for the rest, so no points.
    expect(r.services[0].points).toBeNull();
    expect(r.findings.filter((f) => f.sheet === "Points").map((f) => f.message)).toEqual([
      "Points rows 3-6 are new-contract's example band table, left out until you edit them (or clear their Example cells); delete them if you do not need them.",
    ]);
    // Rows apart are listed one by one.
    const apart = review(grids((p) => (p[3][1] = 7)));
    expect(apart.findings.filter((f) => f.sheet === "Points").map((f) => f.message)).toEqual([
      "Points rows 2, 3, 5, 6 are new-contract's example band table, left out until you edit them (or clear their Example cells); delete them if you do not need them.",
    ]);
  });
});

describe("the Contract sheet's example figures", () => {
  const grids = (edit: (contract: CellValue[][]) => void = () => undefined) => editedGrids("Contract", edit);
  const review = reviewed;
  const rowOf = (label: string) => CONTRACT_PARAMETERS.findIndex((p) => p.label === label);
  const clearMarks = (c: CellValue[][]) => c.forEach((line) => (line.length = Math.min(line.length, 2)));

  test("new-contract marks the made-up figures in column C; values at their default and the Points Table are not", () => {
    const contract = planNewContract(46178).find((p) => p.name === "Contract")!.cells as CellValue[][];
    expect(contract.filter((line) => line[2] === EXAMPLE_MARK).map((line) => [line[0], line[1]])).toEqual([
      ["Monthly Charges", 10000],
      ["At-Risk %", 0.5],
      ["Bonus Pool", 1000],
      ["Annual Cap", 30000],
      ["Earnback Periods", 3],
      ["Currency", "USD"],
    ]);
    expect([...MARKED_PARAMETERS]).toEqual([
      "monthlyCharges",
      "atRiskPct",
      "bonusPool",
      "annualCap",
      "earnbackPeriods",
      "currency",
    ]);
    expect(contract.filter((line) => line.length !== 2 && line.length !== 3)).toEqual([]);
    const empty = planNewContract(46178, { empty: true }).find((p) => p.name === "Contract")!.cells as CellValue[][];
    expect(empty.every((line) => line.length === 2 && line[1] === null)).toBe(true);
  });

  test("unedited, they are read as blank: nothing at risk, no bonus, no cap, no currency; one warning names them, each missing amount an error", () => {
    const { book, r } = review(grids());
    expect(book.contract).toMatchObject({
      monthlyCharges: 0,
      atRiskPct: 0,
      bonusPool: 0,
      earnbackPeriods: 0,
      currency: "",
      // Written at their default, unmarked: read as typed.
      poolPct: 2.5,
      expectedMissesAllowed: 3,
      pointsTable: "Points",
    });
    expect(book.contract.annualCap).toBeUndefined();
    expect([r.totals.atRisk, r.totals.credits, r.totals.bonusPool]).toEqual([0, 0, 0]);
    // The example service still misses its Minimum (97% < 98%): the breach counts, the money waits for the contract.
    expect(r.services.map((s) => [s.id, s.metMinimum, s.credit])).toEqual([["SL-001", false, 0]]);
    const contract = r.findings.filter((f) => f.sheet === "Contract");
    expect(contract.map((f) => [f.code, f.severity, f.row])).toEqual([
      ["EXAMPLE_ROW", "warning", 1],
      ["CONTRACT_BAD_VALUE", "error", 1],
      ["CONTRACT_BAD_VALUE", "error", 2],
    ]);
    expect(contract[0].message).toBe(
      "Contract rows 1, 2, 8, 9, 11, 12: Monthly Charges, At-Risk %, Bonus Pool, Annual Cap, Earnback Periods, Currency are still new-contract's examples (marked in column C), left out of the review until you type your own or clear the Example cell: until then each is read as a blank cell.",
    );
    expect(contract[1].message).toBe(
      "Contract row 1: Monthly Charges is still new-contract's example, left out until you type your own (or clear its Example cell in column C); 0 is used, so nothing is at risk.",
    );
  });

  test("their Example cells cleared, the figures count: the public example's 2,000 credit on 5,000 at risk", () => {
    const { book, r } = review(grids(clearMarks));
    expect(book.contract).toMatchObject({ monthlyCharges: 10000, atRiskPct: 0.5, bonusPool: 1000, currency: "USD" });
    expect(book.contract.annualCap).toBe(30000);
    expect([r.totals.atRisk, r.totals.credits]).toEqual([5000, 2000]);
    expect(r.findings.filter((f) => f.sheet === "Contract")).toEqual([]);
  });

  test("a figure typed over its example counts though the mark stays; the rest are still left out (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (charges) => {
        fc.pre(charges !== 10000);
        const { book, r } = review(grids((c) => (c[rowOf("Monthly Charges")][1] = charges)));
        expect(book.contract.monthlyCharges).toBe(charges);
        // At-Risk % is still the example: 0, so nothing is at risk yet.
        expect(r.totals.atRisk).toBe(0);
        const warning = r.findings.find((f) => f.sheet === "Contract" && f.code === "EXAMPLE_ROW")!;
        expect(warning.message).toMatch(/^Contract rows 2, 8, 9, 11, 12: At-Risk %, Bonus Pool/);
      }),
      { numRuns: 25 },
    );
    const typed = review(grids((c) => (c[rowOf("At-Risk %")][1] = "40%"))).book.contract;
    expect([typed.atRiskPct, typed.monthlyCharges]).toEqual([0.4, 0]);
  });

  test("a label moved to another row is still recognised; a row the user marks that never was an example counts", () => {
    const moved = grids((c) => c.reverse());
    expect(review(moved).book.contract.monthlyCharges).toBe(0);
    const marked = grids((c) => (c[rowOf("Pool %")][2] = EXAMPLE_MARK));
    // Pool % is written at its default and never marked by new-contract: a mark there changes nothing.
    expect(review(marked).book.contract.poolPct).toBe(2.5);
    const own = grids((c) => (c[rowOf("Pool %")] = ["Pool %", 1.5, EXAMPLE_MARK]));
    expect(review(own).book.contract.poolPct).toBe(1.5);
  });

  test("the currency every sheet shows money in ignores the example USD until it is edited or unmarked", () => {
    const contract = grids().get("Contract")!;
    expect(contractCurrency(contract)).toBe("");
    const at = rowOf("Currency");
    expect(contractCurrency(contract.map((l, i) => (i === at ? ["Currency", "eur", EXAMPLE_MARK] : l)))).toBe("EUR");
    expect(contractCurrency(contract.map((l, i) => (i === at ? ["Currency", "USD", null] : l)))).toBe("USD");
    expect(contractCurrency([["Currency", "USD", "  " + EXAMPLE_MARK]])).toBe("");
  });
});
