/**
 * Closure you can prove, through real .xlsx files: keygen, signed close and reopen, receipts,
 * verify against a trust roster and receipts, and each attack of issue 13 made on a file
 * (with ExcelJS, or with the product's own commands) and detected.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { COLUMN_INDEX, RegisterRow, SHEETS } from "../../src/governance/model";
import { registerRows } from "../../cli/commands";
import { openWorkbook } from "../../cli/xlsx";
import { cli, cliAt, governedSample, tempDir } from "./helpers";
import * as reference from "../governance/reference";

let dir: string;
let governed: string;
let picks: { id: string; planned: number; sheetRow: number }[];
const file = (name: string) => path.join(dir, name);

async function load(f: string): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.readFile(f);
  return wb;
}
/** A cell's value and number format as plain data. */
function cellAt(wb: Workbook, sheet: string, r: number, c: number): { value: unknown; numFmt: unknown } {
  const { value, numFmt } = wb.getWorksheet(sheet)!.getRow(r).getCell(c);
  return { value, numFmt };
}
async function rowsOf(f: string): Promise<RegisterRow[]> {
  return registerRows(await openWorkbook(f));
}
/** Edits a copy of a workbook with ExcelJS (what anyone holding the file can do). */
async function edited(from: string, to: string, change: (wb: Workbook) => void): Promise<string> {
  const wb = await load(from);
  change(wb);
  await wb.xlsx.writeFile(file(to));
  return file(to);
}
async function verifyJson(f: string, ...extra: string[]) {
  const run = await cli("verify", f, "--json", ...extra);
  return { code: run.code, json: JSON.parse(run.stdout) };
}
const trusted = () => ["--trust", file("roster"), "--receipts", file("receipts.jsonl")];
const closeArgs = (p: { id: string; planned: number }, key: string, controller = "Carla Controller") => [
  "--measure",
  p.id,
  "--controller",
  controller,
  "--confirmed",
  String(p.planned),
  "--key",
  key,
];

beforeAll(async () => {
  dir = tempDir();
  governed = file("governed.xlsx");
  picks = await governedSample(dir, governed, 3);
  expect(picks).toHaveLength(3);
  fs.mkdirSync(file("roster"));
  fs.mkdirSync(file("keys"));
  expect((await cli("keygen", "--controller", "Carla Controller", "-o", file("keys/carla.key"))).code).toBe(0);
  expect((await cli("keygen", "--controller", "Dave Controller", "-o", file("keys/dave.key"))).code).toBe(0);
  for (const name of ["carla", "dave"]) {
    fs.copyFileSync(file(`keys/${name}.pub.json`), file(`roster/${name}.pub.json`));
  }
  // Carla closes two measures, Dave a third; finance keeps the receipts.
  const r = file("receipts.jsonl");
  const c1 = await cli(
    "close",
    governed,
    ...closeArgs(picks[0], file("keys/carla.key")),
    "--receipts",
    r,
    "-o",
    file("one.xlsx"),
  );
  expect(c1).toMatchObject({ code: 0, stderr: "" });
  const c2 = await cliAt(
    new Date("2026-11-26T10:00:00.000Z"),
    "close",
    file("one.xlsx"),
    ...closeArgs(picks[1], file("keys/carla.key")),
    "--receipts",
    r,
    "-o",
    file("two.xlsx"),
  );
  expect(c2.code).toBe(0);
  const c3 = await cliAt(
    new Date("2026-11-27T10:00:00.000Z"),
    "close",
    file("two.xlsx"),
    ...closeArgs(picks[2], file("keys/dave.key"), "Dave Controller"),
    "--receipts",
    r,
    "-o",
    file("closed.xlsx"),
  );
  expect(c3.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("keygen", () => {
  test("a PKCS#8 PEM key file (mode 0600) and its public key file; the Key ID printed; never overwritten", async () => {
    const key = fs.readFileSync(file("keys/carla.key"), "utf8");
    expect(key).toMatch(
      /^SLA Governance controller key[^\n]*\nController: "Carla Controller"\nKey ID: [0-9a-f]{64}\nBinding: [A-Za-z0-9_-]{86}\n-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/,
    );
    expect(fs.statSync(file("keys/carla.key")).mode & 0o777).toBe(0o600);
    const pub = JSON.parse(fs.readFileSync(file("keys/carla.pub.json"), "utf8"));
    expect(Object.keys(pub)).toEqual(["controller", "keyId", "jwk", "created"]);
    expect(pub.keyId).toBe(reference.keyId(pub.jwk));
    expect(key).toContain(`Key ID: ${pub.keyId}`);
    const again = await cli("keygen", "--controller", "Carla Controller", "-o", file("keys/carla.key"));
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `sla-governance: ${file("keys/carla.key")} already exists; a key file is never overwritten (choose another -o).\n`,
    );
    const fresh = await cli("keygen", "--controller", "Erin", "-o", file("erin.key"));
    expect(fresh.stdout).toMatch(/^Key ID [0-9a-f]{64}\n/);
    expect(fresh.stdout.slice(7, 71)).toBe(JSON.parse(fs.readFileSync(file("erin.pub.json"), "utf8")).keyId);
  });
});

describe("close and reopen need a key", () => {
  test("without --key: exit 2 unless --unsigned; both: exit 2; another controller's key: refused", async () => {
    const base = ["close", governed, "--measure", picks[0].id, "--controller", "Carla Controller", "--confirmed", "1"];
    const none = await cli(...base, "-o", file("x.xlsx"));
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "sla-governance: close needs --key FILE (the controller's key from sla-governance keygen), or --unsigned to write an unsigned entry.\n",
    );
    expect((await cli(...base, "--unsigned", "--key", file("keys/carla.key"), "-o", file("x.xlsx"))).code).toBe(2);
    const theirs = await cli("close", governed, ...closeArgs(picks[0], file("keys/dave.key")), "-o", file("x.xlsx"));
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toMatch(/refused: The key is Dave Controller's .* not Carla Controller's/);
    expect(fs.existsSync(file("x.xlsx"))).toBe(false);
    const reopen = await cli(
      "reopen",
      file("closed.xlsx"),
      "--measure",
      picks[0].id,
      "--controller",
      "C",
      "--reason",
      "r",
      "-o",
      file("x.xlsx"),
    );
    expect(reopen.code).toBe(2);
    expect(
      (await cli("close", governed, ...closeArgs(picks[0], file("nope.key")), "-o", file("x.xlsx"))).stderr,
    ).toMatch(/cannot read the key file .*nope\.key: ENOENT/);
  });
});

describe("an untouched workbook", () => {
  test("verify against roster and receipts: intact, the exact JSON, one line of what was proven", async () => {
    const run = await cli("verify", file("closed.xlsx"), ...trusted(), "--require-signed", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      intact: true,
      verdict: "proven",
      closed: 3,
      forks: [],
      tampered: [],
      unfinished: [],
      signatures: { valid: 3, invalid: 0, unsigned: 0, untrusted: 0 },
      receipts: { checked: 3, missing: 0, newer: 0 },
      versions: { "1": 0, "2": 0, "3": 3 },
      workbookId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const text = await cli("verify", file("closed.xlsx"), ...trusted());
    expect(text.stdout.split("\n")[0]).toBe(
      "Proven: 3 closures signed by trusted controllers, trail complete up to receipt 3.",
    );
    const lines = fs
      .readFileSync(file("receipts.jsonl"), "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => Object.keys(l))).toEqual(
      Array(3).fill(["workbookId", "seq", "entryHash", "measureId", "action", "time", "keyId", "signature"]),
    );
    expect(lines.map((l) => [l.seq, l.measureId, l.action])).toEqual(picks.map((p, i) => [i + 1, p.id, "close"]));
  });

  test("without a roster, verify names the keys it could not check against one", async () => {
    const run = await cli("verify", file("closed.xlsx"));
    expect(run.code).toBe(3);
    expect(run.stdout.split("\n")[0]).toBe(
      "Consistent, not proven: the keys that signed are listed only in this workbook; pass --trust ROSTER to prove who signed. Checked: 3 closures, 3 signed by keys not checked against a trust roster, trail not checked against receipts.",
    );
    expect(run.stdout).toMatch(
      /Keys not checked against a trust roster \(give --trust\): [0-9a-f]{64}, [0-9a-f]{64}\./,
    );
  });

  test("the Controllers sheet lists each key once; Audit has Version, Key ID and Signature", async () => {
    const wb = await load(file("closed.xlsx"));
    const controllers = wb.getWorksheet(SHEETS.controllers)!;
    expect((controllers.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Controller",
      "Key ID",
      "Public Key",
      "Added At",
      "Note",
    ]);
    expect([2, 3].map((r) => controllers.getRow(r).getCell(1).value)).toEqual(["Carla Controller", "Dave Controller"]);
    expect(controllers.rowCount).toBe(3);
    const audit = wb.getWorksheet(SHEETS.audit)!;
    expect((audit.getRow(1).values as unknown[]).slice(11)).toEqual([
      "Version",
      "Key ID",
      "Signature",
      "Workbook ID",
      "Frozen Formulas",
      "Parent Workbook ID",
    ]);
    // Time (UTC): a date-time cell to the millisecond, the instant the entry hashes (the receipt's time).
    expect(audit.getRow(1).getCell(2).value).toBe("Time (UTC)");
    const time = cellAt(wb, SHEETS.audit, 2, 2);
    expect(time.numFmt).toBe("yyyy-mm-dd hh:mm:ss.000");
    // Confirmed: money (no Contract currency here), not "38000".
    expect(cellAt(wb, SHEETS.audit, 2, 6).numFmt).toBe("#,##0.00");
    const receipt = JSON.parse(fs.readFileSync(file("receipts.jsonl"), "utf8").split("\n")[0]);
    expect(time.value instanceof Date ? time.value.toISOString() : time.value).toBe(receipt.time);
    const pub = JSON.parse(fs.readFileSync(file("keys/carla.pub.json"), "utf8"));
    // The independent verifier checks the stored signature with node:crypto.
    const [hash, signature] = [10, 13].map((c) => String(cellAt(wb, SHEETS.audit, 2, c).value));
    expect(reference.signatureValid(pub.jwk, hash, signature)).toBe(true);
  });

  test("a legitimate reopen and re-close by trusted keys stays intact", async () => {
    const r = file("receipts-2.jsonl");
    fs.copyFileSync(file("receipts.jsonl"), r);
    const reopen = await cliAt(
      new Date("2026-11-28T10:00:00.000Z"),
      "reopen",
      file("closed.xlsx"),
      "--measure",
      picks[0].id,
      "--controller",
      "Carla Controller",
      "--reason",
      "Baseline restated",
      "--key",
      file("keys/carla.key"),
      "--receipts",
      r,
      "-o",
      file("reopened.xlsx"),
    );
    expect(reopen.code).toBe(0);
    const again = await cliAt(
      new Date("2026-11-29T10:00:00.000Z"),
      "close",
      file("reopened.xlsx"),
      ...closeArgs(picks[0], file("keys/carla.key")),
      "--receipts",
      r,
      "-o",
      file("reclosed.xlsx"),
    );
    expect(again.code).toBe(0);
    const v = await verifyJson(file("reclosed.xlsx"), "--trust", file("roster"), "--receipts", r, "--require-signed");
    expect(v).toMatchObject({
      code: 0,
      json: { intact: true, closed: 3, receipts: { checked: 5, missing: 0, newer: 0 } },
    });
  });
});

describe("rosters and receipts files", () => {
  test("a roster as a JSON array file works like the folder; bad rosters and receipts are usage errors", async () => {
    const pubs = ["carla", "dave"].map((n) => JSON.parse(fs.readFileSync(file(`keys/${n}.pub.json`), "utf8")));
    fs.writeFileSync(file("roster.json"), JSON.stringify(pubs));
    const v = await verifyJson(
      file("closed.xlsx"),
      "--trust",
      file("roster.json"),
      "--receipts",
      file("receipts.jsonl"),
    );
    expect(v).toMatchObject({ code: 0, json: { signatures: { valid: 3, untrusted: 0 } } });
    fs.writeFileSync(file("only-carla.json"), JSON.stringify([pubs[0]]));
    const partial = await verifyJson(file("closed.xlsx"), "--trust", file("only-carla.json"));
    expect(partial).toMatchObject({ code: 1, json: { signatures: { valid: 2, untrusted: 1 } } });
    fs.writeFileSync(file("bad-roster.json"), JSON.stringify([{ ...pubs[0], keyId: "0".repeat(64) }]));
    const bad = await cli("verify", file("closed.xlsx"), "--trust", file("bad-roster.json"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-roster\.json entry 1 is not a public key file: its keyId 0{64} is not the key's/);
    fs.writeFileSync(file("bad-receipts.jsonl"), '{"seq":1}\nnot json\n');
    const badReceipts = await cli("verify", file("closed.xlsx"), "--receipts", file("bad-receipts.jsonl"));
    expect(badReceipts.code).toBe(2);
    expect(badReceipts.stderr).toMatch(/bad-receipts\.jsonl line 1 is not a receipt/);
  });
});

describe("attacks, each detected", () => {
  const expectFailure = (v: { code: number; json: { intact: boolean } }) => {
    expect(v.code).toBe(1);
    expect(v.json.intact).toBe(false);
  };

  test("a consistent rewrite of the chain with a key made by the product's own keygen in Carla's name", async () => {
    expect((await cli("keygen", "--controller", "Carla Controller", "-o", file("mallory.key"))).code).toBe(0);
    // From the governed file, close everything again with other amounts: a chain that is consistent in itself.
    let from = governed;
    for (const [i, p] of picks.entries()) {
      const out = file(`forged-${i}.xlsx`);
      const argv = [
        "close",
        from,
        "--measure",
        p.id,
        "--controller",
        "Carla Controller",
        "--confirmed",
        String(p.planned + 1),
      ];
      expect((await cli(...argv, "--reason", "adjusted", "--key", file("mallory.key"), "-o", out)).code).toBe(0);
      from = out;
    }
    expect((await verifyJson(from)).json.intact).toBe(true); // the file alone is consistent
    const v = await verifyJson(from, ...trusted());
    expectFailure(v);
    expect(v.json.signatures).toEqual({ valid: 0, invalid: 0, unsigned: 0, untrusted: 3 });
    expect(v.json.receipts).toEqual({ checked: 3, missing: 3, newer: 0 });
    expect(v.json.tampered[0].reason).toMatch(/not in the trust roster/);
  });

  test("a forged closure added in a real controller's name", async () => {
    const rows = await rowsOf(file("closed.xlsx"));
    const other = rows
      .map((r, i) => ({ r, i }))
      .find(({ r }) => r.level === "Measure" && r.gate === "L4 Realized" && !picks.some((p) => p.id === r.id))!;
    const argv = ["close", file("closed.xlsx"), "--measure", String(other.r.id), "--controller", "Carla Controller"];
    const run = await cli(
      ...argv,
      "--confirmed",
      "1",
      "--reason",
      "x",
      "--key",
      file("mallory.key"),
      "-o",
      file("forged.xlsx"),
    );
    expect(run.code).toBe(0);
    const v = await verifyJson(file("forged.xlsx"), ...trusted());
    expectFailure(v);
    expect(v.json.signatures).toEqual({ valid: 3, invalid: 0, unsigned: 0, untrusted: 1 });
    expect(v.json.receipts).toEqual({ checked: 3, missing: 0, newer: 1 });
    const text = (await cli("verify", file("forged.xlsx"), ...trusted())).stdout;
    expect(text).toContain(`  Seq 1 close ${picks[0].id}: signed-valid (key `);
    expect(text).toMatch(
      new RegExp(`  Seq 4 close ${String(other.r.id)}: signed by a key not in the trust roster \\(key [0-9a-f]{12}\\)`),
    );
    expect(text).toContain("Receipts: 3 given; they cover Seq 1-3 of 4; Seq 4 is unreceipted.");
    // An unsigned forgery fails under --require-signed.
    const unsigned = await cli(...argv, "--confirmed", "1", "--reason", "x", "--unsigned", "-o", file("forged-u.xlsx"));
    expect(unsigned.code).toBe(0);
    expectFailure(await verifyJson(file("forged-u.xlsx"), ...trusted(), "--require-signed"));
  });

  test("truncation: the last entry deleted and its row set back to open", async () => {
    const p = picks[2];
    const f = await edited(file("closed.xlsx"), "truncated.xlsx", (wb) => {
      wb.getWorksheet(SHEETS.audit)!.spliceRows(4, 1);
      const row = wb.getWorksheet(SHEETS.register)!.getRow(p.sheetRow);
      row.getCell(COLUMN_INDEX.gate + 1).value = "L4 Realized";
      for (const k of ["confirmed", "closedBy", "closedAt", "closeReason"] as const)
        row.getCell(COLUMN_INDEX[k] + 1).value = null;
    });
    expect((await verifyJson(f, "--trust", file("roster"))).json.intact).toBe(true); // invisible without receipts
    const v = await verifyJson(f, ...trusted());
    expectFailure(v);
    expect(v.json.receipts).toEqual({ checked: 3, missing: 1, newer: 0 });
    expect(v.json.tampered).toEqual([{ id: p.id, reason: expect.stringContaining("truncated or rolled back") }]);
  });

  test("rollback: an older copy of the workbook against the receipts", async () => {
    const v = await verifyJson(file("one.xlsx"), ...trusted());
    expectFailure(v);
    expect(v.json.receipts).toEqual({ checked: 3, missing: 2, newer: 0 });
  });

  test("a closed measure moved under another portfolio through its Path", async () => {
    const p = picks[0];
    const f = await edited(file("closed.xlsx"), "moved.xlsx", (wb) => {
      const before = String(cellAt(wb, SHEETS.register, p.sheetRow, COLUMN_INDEX.path + 1).value);
      wb
        .getWorksheet(SHEETS.register)!
        .getRow(p.sheetRow)
        .getCell(COLUMN_INDEX.path + 1).value = before.replace(/PF-\d{3}/, "PF-009");
    });
    const v = await verifyJson(f, ...trusted());
    expectFailure(v);
    expect(v.json.tampered).toEqual([{ id: p.id, reason: expect.stringContaining("closed data changed") }]);
  });

  test("a confirmed number turned into text", async () => {
    const p = picks[0];
    const f = await edited(file("closed.xlsx"), "text.xlsx", (wb) => {
      wb
        .getWorksheet(SHEETS.register)!
        .getRow(p.sheetRow)
        .getCell(COLUMN_INDEX.confirmed + 1).value = String(p.planned);
    });
    const v = await verifyJson(f, ...trusted());
    expectFailure(v);
    expect(v.json.tampered).toEqual([{ id: p.id, reason: expect.stringContaining("closed data changed") }]);
  });

  test("a copied closed row", async () => {
    const p = picks[1];
    const f = await edited(file("closed.xlsx"), "copied.xlsx", (wb) => {
      const reg = wb.getWorksheet(SHEETS.register)!;
      reg.addRow((reg.getRow(p.sheetRow).values as unknown[]).slice(1));
    });
    const v = await verifyJson(f, ...trusted());
    expectFailure(v);
    expect(v.json.tampered).toEqual([{ id: p.id, reason: expect.stringContaining("row was copied") }]);
  });

  test("a backdated entry", async () => {
    const rows = await rowsOf(file("closed.xlsx"));
    const other = rows.find(
      (r) => r.level === "Measure" && r.gate === "L4 Realized" && !picks.some((p) => p.id === r.id),
    )!;
    const run = await cliAt(
      new Date("2026-11-20T10:00:00.000Z"),
      "close",
      file("closed.xlsx"),
      "--measure",
      String(other.id),
      "--controller",
      "Carla Controller",
      "--confirmed",
      "1",
      "--reason",
      "x",
      "--key",
      file("keys/carla.key"),
      "-o",
      file("backdated.xlsx"),
    );
    expect(run.code).toBe(0);
    const v = await verifyJson(file("backdated.xlsx"), ...trusted());
    expectFailure(v);
    expect(v.json.tampered).toEqual([
      { id: String(other.id), reason: expect.stringContaining("must not go backwards") },
    ]);
  });
});

describe("text a user types stays text", () => {
  test("a controller named like a formula and a reason that looks like a number round-trip as text", async () => {
    const name = '=HYPERLINK("http://x","Carla")';
    expect((await cli("keygen", "--controller", name, "-o", file("formula.key"))).code).toBe(0);
    const p = picks[0];
    const argv = ["close", governed, "--measure", p.id, "--controller", name, "--confirmed", String(p.planned + 5)];
    const run = await cli(...argv, "--reason", "38000", "--key", file("formula.key"), "-o", file("formula.xlsx"));
    expect(run.code).toBe(0);
    const wb = await load(file("formula.xlsx"));
    expect(cellAt(wb, SHEETS.register, p.sheetRow, COLUMN_INDEX.closedBy + 1)).toMatchObject({ value: name });
    expect(cellAt(wb, SHEETS.register, p.sheetRow, COLUMN_INDEX.closeReason + 1)).toMatchObject({ value: "38000" });
    expect(cellAt(wb, SHEETS.audit, 2, 5)).toMatchObject({ value: name });
    expect((await verifyJson(file("formula.xlsx"))).json.intact).toBe(true);
  });
});
