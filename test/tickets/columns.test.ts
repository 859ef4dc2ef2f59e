/**
 * firstComeback: where an export stops listing each ticket's rows together, against a plain
 * reference on random exports, with its edge cases.
 */
import fc from "fast-check";
import { firstComeback, ticketHeaderRow } from "../../src/tickets/columns";

/** The reference: for each row, has its ticket appeared before, with another ticket's rows since? */
function naive(tickets: readonly (string | null)[]): number {
  const keys = tickets.map((t) => (t ?? "").trim());
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === "") continue;
    const earlier = keys.slice(0, i).filter((k) => k !== "");
    const at = earlier.lastIndexOf(keys[i]);
    if (at >= 0 && earlier.slice(at + 1).some((k) => k !== keys[i])) return i;
  }
  return -1;
}

describe("firstComeback", () => {
  it("finds the first row that brings back an earlier ticket", () => {
    expect(firstComeback(["INC1", "INC1", "INC2", "INC1"])).toBe(3);
    expect(firstComeback(["INC1", "INC1", "INC2", "INC2"])).toBe(-1);
  });

  it("agrees with a plain reference (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("A", "B", "C", " A ", "", null), { maxLength: 30 }), (tickets) => {
        expect(firstComeback(tickets)).toBe(naive(tickets));
      }),
    );
  });

  describe("edge cases", () => {
    it("skips blank tickets (rejected rows) and compares tickets trimmed", () => {
      expect(firstComeback(["A", "", "A", null, "B", " B "])).toBe(-1);
      expect(firstComeback(["A", "B", " A"])).toBe(2);
      expect(firstComeback([])).toBe(-1);
    });

    it("reads numbers as the clock keys them (a ticket number stored as a number)", () => {
      expect(firstComeback([1001, "1001", 1002, 1001])).toBe(3);
    });
  });
});

describe("ticketHeaderRow", () => {
  test("a list export whose history headers name nothing is found by its Opened and Resolved columns", () => {
    const grid = [
      ["Incidents closed in March"],
      ["Ref", "Level", "Opened", "Response date", "Resolved"],
      ["INC001", "P1", "2024-03-04 09:00", "", "2024-03-04 11:00"],
    ];
    expect(ticketHeaderRow(grid)).toBe(1);
  });

  test("a data row's one state word (Resolved, Closed) never makes it the header row", () => {
    const grid = [
      ["Ref", "When", "What", "Level"],
      ["INC1", "2024-03-04 09:00", "New", "P1"],
      ["INC1", "2024-03-04 11:00", "Resolved", "P1"],
      ["INC2", "2024-03-05 11:00", "Closed", "P2"],
    ];
    // No header names a field: the first filled row, as before.
    expect(ticketHeaderRow(grid)).toBe(0);
  });
});
