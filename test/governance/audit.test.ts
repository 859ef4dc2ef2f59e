import { createHash } from "crypto";
import {
  AUDIT_HEADERS,
  auditRow,
  canonicalEntry,
  canonicalRow,
  canonicalValue,
  GENESIS_HASH,
  readAudit,
  entryHashOf,
  rowHash,
  sha256Hex,
} from "../../src/governance/audit";
import { row } from "./support";

describe("SHA-256", () => {
  test("the FIPS 180-2 known answers", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
  test("text is hashed as UTF-8", async () => {
    // "é" is C3 A9 in UTF-8.
    expect(await sha256Hex("é")).toBe(
      createHash("sha256")
        .update(Buffer.from([0xc3, 0xa9]))
        .digest("hex"),
    );
  });
});

describe("canonical forms", () => {
  test("values: blank is empty, numbers shortest round trip, booleans in capitals, text exact", () => {
    expect([null, 0.1 + 0.2, 1200.5, 1e21, true, " a "].map((v) => canonicalValue(v))).toEqual([
      "",
      "0.30000000000000004",
      "1200.5",
      "1e+21",
      "TRUE",
      " a ",
    ]);
  });

  test("a version-1 row covers ID .. Closure Reason in published order as text, and nothing after", () => {
    const r = row({ id: "M-0001", level: "Measure", name: 'Say "hi"', confirmed: 200.2, path: "X/Y", sourceRow: 7 });
    expect(canonicalRow(r, 1)).toBe(
      '[["ID","M-0001"],["Level","Measure"],["Parent ID",""],["Name","Say \\"hi\\""],["Owner",""],' +
        '["Controller",""],["Steering Committee",""],["Gate",""],["Milestone Due",""],["Milestone Done",""],' +
        '["Baseline Cost",""],["Actual Cost",""],["Planned Savings",""],["Forecast Savings",""],' +
        '["Confirmed Savings","200.2"],["Closed By",""],["Closed At",""],["Closure Reason",""]]',
    );
  });

  test("a version-2 row keeps each value's type and covers Path, nothing after", () => {
    const r = row({ id: "M-0001", level: "Measure", name: 'Say "hi"', confirmed: 200.2, path: "X/Y", sourceRow: 7 });
    expect(canonicalRow(r, 2)).toBe(
      '[["ID","M-0001"],["Level","Measure"],["Parent ID",null],["Name","Say \\"hi\\""],["Owner",null],' +
        '["Controller",null],["Steering Committee",null],["Gate",null],["Milestone Due",null],["Milestone Done",null],' +
        '["Baseline Cost",null],["Actual Cost",null],["Planned Savings",null],["Forecast Savings",null],' +
        '["Confirmed Savings",200.2],["Closed By",null],["Closed At",null],["Closure Reason",null],["Path","X/Y"]]',
    );
  });

  test("the row hash is the SHA-256 of the canonical text (independent oracle: node:crypto)", async () => {
    const r = row({ id: "M-0002", gate: "L5 Closed", confirmed: 38000 });
    for (const v of [1, 2] as const) {
      expect(await rowHash(r, v)).toBe(createHash("sha256").update(canonicalRow(r, v), "utf8").digest("hex"));
      expect(await rowHash({ ...r, placeholder: true, sourceRow: 3 }, v)).toBe(await rowHash(r, v));
      expect(await rowHash({ ...r, confirmed: 38001 }, v)).not.toBe(await rowHash(r, v));
    }
    expect(await rowHash({ ...r, path: "changed" }, 1)).toBe(await rowHash(r, 1));
    expect(await rowHash({ ...r, path: "changed" }, 2)).not.toBe(await rowHash(r, 2));
  });

  test("a version-1 entry: its fields in order, seq as text, hash over that text", async () => {
    const draft = {
      version: 1 as const,
      keyId: "",
      seq: 1,
      time: "2026-11-25T10:00:00.000Z",
      measureId: "M-0002",
      action: "close" as const,
      controller: "Carla",
      confirmed: 38000,
      reason: "",
      rowHash: "ab",
      previousHash: GENESIS_HASH,
    };
    expect(canonicalEntry(draft)).toBe(
      `["1","2026-11-25T10:00:00.000Z","M-0002","close","Carla","38000","","ab","${"0".repeat(64)}"]`,
    );
    expect(await entryHashOf(draft)).toBe(createHash("sha256").update(canonicalEntry(draft), "utf8").digest("hex"));
    // Version 2: the version first, types kept, a blank as null, the Key ID last.
    expect(canonicalEntry({ ...draft, version: 2, keyId: "k" })).toBe(
      `[2,1,"2026-11-25T10:00:00.000Z","M-0002","close","Carla",38000,null,"ab","${"0".repeat(64)}","k"]`,
    );
  });
});

describe("the audit sheet", () => {
  const entry = {
    version: 2 as const,
    keyId: "k",
    signature: "s",
    seq: 2,
    time: "T",
    measureId: "M-0001",
    action: "reopen" as const,
    controller: "C",
    confirmed: null,
    reason: null,
    rowHash: "r",
    previousHash: "p",
    entryHash: "e",
  };
  test("an entry is a row in header order, an empty reason a blank cell", () => {
    expect(auditRow(entry)).toEqual([2, "T", "M-0001", "reopen", "C", null, null, "r", "p", "e", 2, "k", "s"]);
    expect(AUDIT_HEADERS.length).toBe(16);
    // Version 3 appends the Workbook ID and the frozen formulas (blank when none).
    const v3 = { ...entry, version: 3 as const, workbookId: "w".repeat(32), frozen: "", parent: "" };
    expect(auditRow(v3).slice(10)).toEqual([3, "k", "s", "w".repeat(32), null]);
    expect(readAudit([AUDIT_HEADERS.slice(), auditRow(v3)]).entries[0]).toEqual(v3);
    // A fork entry appends its parent's Workbook ID (the 16th column), and its canonical text a 14th element.
    const fork = { ...v3, action: "fork" as const, measureId: "", rowHash: "", parent: "p".repeat(32) };
    expect(auditRow(fork).slice(13)).toEqual(["w".repeat(32), null, "p".repeat(32)]);
    expect(readAudit([AUDIT_HEADERS.slice(), auditRow(fork)]).entries[0]).toEqual(fork);
    expect(JSON.parse(canonicalEntry(fork))).toHaveLength(14);
    expect(JSON.parse(canonicalEntry(v3))).toHaveLength(13);
  });
  test("reading skips the header and blank rows and keeps each entry's sheet row", () => {
    const grid = [
      AUDIT_HEADERS.slice(),
      [],
      auditRow(entry),
      [null, ""],
      ["3", 45000, "M-0002", "close", "D", "12.5", "why", "r2", "e", "e3"],
    ];
    const { entries, sheetRows } = readAudit(grid);
    expect(sheetRows).toEqual([3, 5]);
    expect(entries[0]).toEqual({ ...entry, workbookId: "", frozen: "", parent: "" });
    // Cells keep their type as read (version 2 hashes it), but for Time: a date-time cell reads
    // as the ISO text of its instant, the text every version hashes. No Version cell: version 1.
    expect(entries[1]).toMatchObject({
      version: 1,
      seq: "3",
      time: "2023-03-15T00:00:00.000Z",
      confirmed: "12.5",
      reason: "why",
      keyId: "",
    });
    expect(readAudit(undefined)).toEqual({ entries: [], sheetRows: [] });
  });
});
