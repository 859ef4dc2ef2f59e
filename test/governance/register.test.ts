import { isRefusal } from "../../src/errors";
import { REGISTER_COLUMNS, RegisterRow } from "../../src/governance/model";
import {
  chainOf,
  idAllocator,
  indexById,
  isBlankRow,
  levelOf,
  readRegister,
  REGISTER_HEADERS,
  registerGrid,
  withPaths,
} from "../../src/governance/register";
import { chainRegister, row } from "./support";

describe("readRegister", () => {
  test("finds columns by header text in any order and ignores users' own columns", () => {
    const headers = [...REGISTER_HEADERS].reverse();
    const grid = [
      ["My notes", ...headers.map((h) => h.toUpperCase())],
      ["keep me", ...headers.map((h) => (h === "ID" ? "M-0001" : h === "Level" ? "Measure" : null))],
    ];
    const read = readRegister(grid);
    if (isRefusal(read)) throw new Error(read.reasons[0]);
    expect(read.rows).toEqual([row({ id: "M-0001", level: "Measure" })]);
    expect(read.sheetRows).toEqual([2]);
  });

  test("missing columns are a refusal naming them all", () => {
    const read = readRegister([["ID", "Name"]]);
    expect(isRefusal(read) && read.reasons[0]).toMatch(
      /^The Register sheet lacks the column\(s\) "Level", "Parent ID", /,
    );
    expect(isRefusal(read) && read.reasons[0]).toContain('"Source Row" in row 1.');
  });

  test("trailing blank rows are dropped, blank rows inside are kept in place", () => {
    const blank = REGISTER_HEADERS.map(() => null);
    const item = REGISTER_HEADERS.map((h) => (h === "ID" ? "PF-001" : null));
    const read = readRegister([REGISTER_HEADERS.slice(), item, blank, item, blank, [""]]) as {
      rows: RegisterRow[];
      sheetRows: number[];
    };
    expect(read.sheetRows).toEqual([2, 3, 4]);
    expect(isBlankRow(read.rows[1])).toBe(true);
    expect(readRegister([])).toEqual({ rows: [], sheetRows: [] });
  });

  test("round trip through the grid, empty cells as null", () => {
    const rows = chainRegister();
    const grid = registerGrid(rows);
    expect(grid[0]).toEqual(REGISTER_COLUMNS.map((c) => c.header));
    expect(grid[6][0]).toBe("M-0001");
    expect((readRegister(grid) as { rows: RegisterRow[] }).rows).toEqual(rows);
  });
});

describe("ids, levels, chains", () => {
  test("idAllocator continues after the largest number in use, per prefix", () => {
    const next = idAllocator([row({ id: "M-0009" }), row({ id: "M-0002" }), row({ id: "PF-002" }), row({ id: "odd" })]);
    expect(next("Measure")).toBe("M-0010");
    expect(next("Measure")).toBe("M-0011");
    expect(next("Portfolio")).toBe("PF-003");
    expect(next("Program")).toBe("PG-001");
    expect(next("Measure Package")).toBe("PK-001");
  });

  test("levelOf ignores case and spaces around; unknown levels are undefined", () => {
    expect(levelOf(row({ level: " measure package " }))).toBe("Measure Package");
    expect(levelOf(row({ level: "Widget" }))).toBeUndefined();
  });

  test("indexById: the first row wins where an id repeats", () => {
    const byId = indexById([row({ id: "A" }), row({ id: " A " }), row({ id: "B" })]);
    expect([...byId]).toEqual([
      ["A", 0],
      ["B", 2],
    ]);
  });

  test("chainOf climbs to the top and stops at a missing parent or a loop", () => {
    const rows = chainRegister();
    expect(chainOf(rows, indexById(rows), 6)).toEqual([0, 1, 2, 3, 4, 6]);
    const loop = [row({ id: "A", parentId: "B" }), row({ id: "B", parentId: "A" })];
    expect(chainOf(loop, indexById(loop), 0)).toEqual([1, 0]);
    const orphan = [row({ id: "A", parentId: "Z" })];
    expect(chainOf(orphan, indexById(orphan), 0)).toEqual([0]);
  });

  test("withPaths writes ancestor ids joined by / and leaves unchanged rows as they are", () => {
    const rows = chainRegister().map((r) => ({ ...r, path: null }));
    const withP = withPaths(rows);
    expect(withP[6].path).toBe("ORG-001/PF-001/PG-001/PR-001/PK-001/M-0002");
    expect(withP[0].path).toBe("ORG-001");
    const again = withPaths(withP);
    expect(again[3]).toBe(withP[3]);
    expect(withPaths([row({ name: "no id" })])[0].path).toBeNull();
  });
});
