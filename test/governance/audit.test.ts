import { createHash } from "crypto";
import {
  AUDIT_HEADERS,
  auditRow,
  canonicalEntry,
  canonicalRow,
  canonicalValue,
  GENESIS_HASH,
  readAudit,
  rowHash,
  sealEntry,
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

  test("a row covers ID .. Closure Reason in published order, and nothing after", () => {
    const r = row({ id: "M-0001", level: "Measure", name: 'Say "hi"', confirmed: 200.2, path: "X/Y", sourceRow: 7 });
    expect(canonicalRow(r)).toBe(
      '[["ID","M-0001"],["Level","Measure"],["Parent ID",""],["Name","Say \\"hi\\""],["Owner",""],' +
        '["Controller",""],["Steering Committee",""],["Gate",""],["Milestone Due",""],["Milestone Done",""],' +
        '["Baseline Cost",""],["Actual Cost",""],["Planned Savings",""],["Forecast Savings",""],' +
        '["Confirmed Savings","200.2"],["Closed By",""],["Closed At",""],["Closure Reason",""]]',
    );
  });

  test("the row hash is the SHA-256 of the canonical text (independent oracle: node:crypto)", async () => {
    const r = row({ id: "M-0002", gate: "L5 Closed", confirmed: 38000 });
    expect(await rowHash(r)).toBe(createHash("sha256").update(canonicalRow(r), "utf8").digest("hex"));
    expect(await rowHash({ ...r, path: "changed", placeholder: true })).toBe(await rowHash(r));
    expect(await rowHash({ ...r, confirmed: 38001 })).not.toBe(await rowHash(r));
  });

  test("an entry: its fields in order, seq as text, hash over that text", async () => {
    const draft = {
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
    const sealed = await sealEntry(draft);
    expect(sealed.entryHash).toBe(createHash("sha256").update(canonicalEntry(draft), "utf8").digest("hex"));
  });
});

describe("the audit sheet", () => {
  const entry = {
    seq: 2,
    time: "T",
    measureId: "M-0001",
    action: "reopen" as const,
    controller: "C",
    confirmed: null,
    reason: "",
    rowHash: "r",
    previousHash: "p",
    entryHash: "e",
  };
  test("an entry is a row in header order, an empty reason a blank cell", () => {
    expect(auditRow(entry)).toEqual([2, "T", "M-0001", "reopen", "C", null, null, "r", "p", "e"]);
    expect(AUDIT_HEADERS.length).toBe(10);
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
    expect(entries[0]).toEqual(entry);
    expect(entries[1]).toMatchObject({ seq: 3, time: "45000", confirmed: 12.5, reason: "why" });
    expect(readAudit(undefined)).toEqual({ entries: [], sheetRows: [] });
  });
});
