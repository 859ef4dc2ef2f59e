/**
 * Issue 25's attacks on the signed closure, each made on a real .xlsx file (with ExcelJS, as
 * anyone holding the file can) and run through the command line: the input, the flags, the
 * exit code and the message.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { COLUMN_INDEX, SHEETS } from "../../src/governance/model";
import { plainValue } from "../../cli/xlsx";
import { P256_N } from "../../src/governance/signing";
import { recalculate } from "../support/libreoffice";
import { describeWith, LIBREOFFICE } from "../support/programs";
import { cli, cliAt, governedSample, tempDir } from "./helpers";

let dir: string;
let governed: string;
let picks: { id: string; planned: number; baseline: number; sheetRow: number }[];
const file = (name: string) => path.join(dir, name);

async function load(f: string): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.readFile(f);
  return wb;
}
/** Edits a copy of a workbook with ExcelJS (what anyone holding the file can do). */
async function edited(from: string, to: string, change: (wb: Workbook) => void | Promise<void>): Promise<string> {
  const wb = await load(from);
  await change(wb);
  await wb.xlsx.writeFile(file(to));
  return file(to);
}
const registerCell = (wb: Workbook, sheetRow: number, key: keyof typeof COLUMN_INDEX) =>
  wb
    .getWorksheet(SHEETS.register)!
    .getRow(sheetRow)
    .getCell(COLUMN_INDEX[key] + 1);
const workbookIdOf = async (f: string) => String((await load(f)).getWorksheet(SHEETS.identity)?.getCell("B1").value);

const carlaKey = () => file("keys/carla.key");
const closeArgs = (p: { id: string; planned: number }) => [
  "--measure",
  p.id,
  "--controller",
  "Carla Controller",
  "--confirmed",
  String(p.planned),
  "--key",
  carlaKey(),
];
/** Every verification mode the issue names. */
const strictest = () => ["--trust", file("roster"), "--require-signed", "--receipts", file("receipts.jsonl")];
/** The formula of the first attack, scaled to the row: ten times the amount after recalculation. */
const attackFormula = (amount: number) => `IF(TODAY()>1,${amount * 10},${amount})`;

beforeAll(async () => {
  dir = tempDir();
  governed = file("governed.xlsx");
  picks = await governedSample(dir, governed, 2);
  expect(picks).toHaveLength(2);
  fs.mkdirSync(file("roster"));
  fs.mkdirSync(file("keys"));
  expect((await cli("keygen", "--controller", "Carla Controller", "-o", carlaKey())).code).toBe(0);
  fs.copyFileSync(file("keys/carla.pub.json"), file("roster/carla.pub.json"));
  const c1 = await cli(
    "close",
    governed,
    ...closeArgs(picks[0]),
    "--receipts",
    file("receipts.jsonl"),
    "-o",
    file("closed.xlsx"),
  );
  expect(c1).toMatchObject({ code: 0, stderr: "" });
  expect((await cli("verify", file("closed.xlsx"), ...strictest())).code).toBe(0);
}, 120000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("attack 1: a formula in a closed cell", () => {
  let attacked: string;
  beforeAll(async () => {
    const p = picks[0];
    attacked = await edited(file("closed.xlsx"), "formula.xlsx", (wb) => {
      registerCell(wb, p.sheetRow, "confirmed").value = { formula: attackFormula(p.planned), result: p.planned };
    });
  });

  test("fails verify in every mode: closed data must be values", async () => {
    const p = picks[0];
    for (const flags of [[], strictest()]) {
      const run = await cli("verify", attacked, ...flags);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `  ${p.id}: ${p.id}: Confirmed Savings holds the formula =${attackFormula(p.planned)}: closed data must be values; recalculated, the row would no longer show what was closed.\n`,
      );
      expect(run.stderr).toBe("sla-governance: verification failed: 1 problem(s) (listed on stdout).\n");
    }
    // validate reports it too, as an error finding.
    const validate = await cli("validate", attacked, "--json");
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout).findings).toContainEqual(
      expect.objectContaining({
        code: "CLOSED_FORMULA",
        severity: "error",
        id: p.id,
        message: `${p.id}: Confirmed Savings holds the formula =${attackFormula(p.planned)}: closed data must be values; recalculated, the row would no longer show what was closed.`,
      }),
    );
  });

  describeWith(LIBREOFFICE)("recalculated in LibreOffice", () => {
    test("the cell would have shown ten times the closed amount", async () => {
      const outDir = file("recalculated");
      fs.mkdirSync(outDir, { recursive: true });
      const [out] = recalculate([attacked], outDir);
      const p = picks[0];
      const before = plainValue(registerCell(await load(attacked), p.sheetRow, "confirmed").value);
      const after = plainValue(registerCell(await load(out), p.sheetRow, "confirmed").value);
      expect(before).toBe(p.planned);
      expect(after).toBe(p.planned * 10);
    }, 120000);
  });

  test("close refuses a row whose hashed cells hold formulas; --freeze-formulas writes the values and records them", async () => {
    const p = picks[1];
    const withFormula = await edited(governed, "formula-open.xlsx", (wb) => {
      registerCell(wb, p.sheetRow, "baseline").value = { formula: `${p.baseline}+0`, result: p.baseline };
    });
    const args = [...closeArgs(p), "-o", file("frozen.xlsx")];
    const refused = await cli("close", withFormula, ...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `sla-governance: refused: ${p.id}: Baseline Cost holds the formula =${p.baseline}+0: closed data must be values (a formula can show another amount after recalculation). Replace it with values, or close with --freeze-formulas to write the values shown.\n`,
    );
    expect(fs.existsSync(file("frozen.xlsx"))).toBe(false);
    const frozen = await cli("close", withFormula, ...args, "--freeze-formulas");
    expect(frozen).toMatchObject({ code: 0, stderr: "" });
    const wb = await load(file("frozen.xlsx"));
    expect(registerCell(wb, p.sheetRow, "baseline").value).toBe(p.baseline);
    expect(JSON.parse(String(wb.getWorksheet(SHEETS.audit)!.getRow(2).getCell(15).value))).toEqual([
      ["Baseline Cost", `=${p.baseline}+0`],
    ]);
    const verify = await cli("verify", file("frozen.xlsx"), "--trust", file("roster"));
    expect(verify.code).toBe(0);
  });
});

/** Copies the Audit and Controllers sheets and the closed rows of `from` into `into`. */
async function transplant(from: string, into: string, to: string): Promise<string> {
  const source = await load(from);
  return edited(into, to, (wb) => {
    for (const name of [SHEETS.audit, SHEETS.controllers]) {
      const target = wb.getWorksheet(name) ?? wb.addWorksheet(name);
      source
        .getWorksheet(name)!
        .eachRow((row, r) => row.eachCell((cell, c) => (target.getRow(r).getCell(c).value = cell.value)));
    }
    const closedRow = picks[0].sheetRow;
    source
      .getWorksheet(SHEETS.register)!
      .getRow(closedRow)
      .eachCell((cell, c) => (wb.getWorksheet(SHEETS.register)!.getRow(closedRow).getCell(c).value = cell.value));
  });
}

/** Another workbook with the same rows, governed separately (its first close gives it an ID of its own). */
async function governedElsewhere(name: string): Promise<void> {
  const run = await cliAt(
    new Date("2026-11-26T10:00:00.000Z"),
    "close",
    governed,
    ...closeArgs(picks[1]),
    "-o",
    file(name),
  );
  expect(run.code).toBe(0);
}

describe("attack 2: a signed trail transplanted into another workbook", () => {
  test("into a governed workbook with its own identity: fails, naming both Workbook IDs", async () => {
    await governedElsewhere("other.xlsx");
    const [a, b] = [await workbookIdOf(file("closed.xlsx")), await workbookIdOf(file("other.xlsx"))];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    const moved = await transplant(file("closed.xlsx"), file("other.xlsx"), "transplanted.xlsx");
    for (const flags of [[], strictest()]) {
      const run = await cli("verify", moved, ...flags);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `audit row 2 was made in workbook ${a}, but this workbook is ${b}: the trail was copied from another workbook.`,
      );
    }
    // The receipts finance kept name the workbook they were made in.
    const withReceipts = await cli("verify", moved, "--receipts", file("receipts.jsonl"));
    expect(withReceipts.stdout).toContain(
      `the receipt of Seq 1 was made in workbook ${a}, but this workbook is ${b}: the trail was copied from another workbook.`,
    );
  });

  test("into a workbook that was never closed: fails, the trail names a workbook this one is not", async () => {
    const moved = await transplant(file("closed.xlsx"), governed, "transplanted-fresh.xlsx");
    const run = await cli("verify", moved, "--trust", file("roster"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `audit row 2 was made in workbook ${await workbookIdOf(file("closed.xlsx"))}, but this workbook is (none: it has no Identity sheet)`,
    );
  });

  test("upgrade of a copy keeps the Workbook ID, and the copy verifies", async () => {
    const copy = await cli(
      "upgrade",
      file("closed.xlsx"),
      "--sheet",
      "Initiatives",
      "--org",
      "Contoso",
      "-o",
      file("copy.xlsx"),
    );
    expect(copy.code).toBe(0);
    expect(await workbookIdOf(file("copy.xlsx"))).toBe(await workbookIdOf(file("closed.xlsx")));
    expect((await cli("verify", file("copy.xlsx"), ...strictest())).code).toBe(0);
  });
});

describe("a deliberate fork: upgrade --new-identity", () => {
  const upgradeArgs = (from: string) => ["upgrade", from, "--sheet", "Initiatives", "--org", "Contoso"];
  const forkArgs = ["--new-identity", "--controller", "Carla Controller", "--reason", "Split for EMEA"];
  let parent: string;
  let child: string;
  let forkReceipts: string;

  beforeAll(async () => {
    forkReceipts = file("fork-receipts.jsonl");
    fs.copyFileSync(file("receipts.jsonl"), forkReceipts);
    const run = await cliAt(
      new Date("2026-11-27T10:00:00.000Z"),
      ...upgradeArgs(file("closed.xlsx")),
      ...forkArgs,
      "--key",
      carlaKey(),
      "--receipts",
      forkReceipts,
      "-o",
      file("forked.xlsx"),
    );
    expect(run).toMatchObject({ code: 0, stderr: "" });
    parent = await workbookIdOf(file("closed.xlsx"));
    child = await workbookIdOf(file("forked.xlsx"));
    expect(run.stdout).toContain(
      `Forked: new Workbook ID ${child}, parent ${parent}, recorded at audit Seq 2, signed with key `,
    );
  }, 60000);

  test("the fork gets a new Workbook ID and records the parent's, on the Identity sheet and in a signed entry", async () => {
    expect(child).toMatch(/^[0-9a-f]{32}$/);
    expect(child).not.toBe(parent);
    const wb = await load(file("forked.xlsx"));
    expect(wb.getWorksheet(SHEETS.identity)!.getCell("B3").value).toBe(parent);
    const audit = wb.getWorksheet(SHEETS.audit)!;
    expect(audit.getRow(1).getCell(16).value).toBe("Parent Workbook ID");
    const cellOfFork = (c: number) => {
      const { value } = audit.getRow(3).getCell(c);
      return value;
    };
    expect([4, 5, 7, 14, 16].map(cellOfFork)).toEqual(["fork", "Carla Controller", "Split for EMEA", child, parent]);
    expect(String(cellOfFork(13))).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const receipt = JSON.parse(fs.readFileSync(forkReceipts, "utf8").trim().split("\n")[1]);
    expect(receipt).toMatchObject({ workbookId: child, seq: 2, action: "fork", measureId: "" });
  });

  test("verify accepts the chain across the fork, proven in every mode, and reports it", async () => {
    const run = await cli(
      "verify",
      file("forked.xlsx"),
      "--trust",
      file("roster"),
      "--require-signed",
      "--receipts",
      forkReceipts,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "Proven: 1 closure signed by trusted controllers, trail complete up to receipt 2.",
    );
    expect(run.stdout).toContain(`  Seq 2 fork from workbook ${parent.slice(0, 12)}: signed-valid (key `);
    expect(run.stdout).toContain(
      `Forked at Seq 2 (audit row 3): a deliberate copy of workbook ${parent} given the Workbook ID ${child}; the entries above it carry the parent's ID.`,
    );
    // A close in the fork carries the new ID and verifies with both sides' receipts.
    const receipts = file("fork-receipts-2.jsonl");
    fs.copyFileSync(forkReceipts, receipts);
    const close = await cliAt(
      new Date("2026-11-28T10:00:00.000Z"),
      "close",
      file("forked.xlsx"),
      ...closeArgs(picks[1]),
      "--receipts",
      receipts,
      "-o",
      file("forked-closed.xlsx"),
    );
    expect(close.code).toBe(0);
    const after = await cli(
      "verify",
      file("forked-closed.xlsx"),
      "--trust",
      file("roster"),
      "--receipts",
      receipts,
      "--json",
    );
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).forks).toEqual([{ seq: 2, parent, workbookId: child }]);
    // The parent is untouched: it still verifies as itself.
    expect((await cli("verify", file("closed.xlsx"), ...strictest())).code).toBe(0);
  });

  test("transplanting across IDs still fails: the forked trail elsewhere, the parent's receipts, a fork that launders a transplant", async () => {
    // The parent goes on with its own Seq 2; its receipt is not the fork's Seq 2.
    const parentReceipts = file("parent-receipts.jsonl");
    fs.copyFileSync(file("receipts.jsonl"), parentReceipts);
    const parentClose = await cliAt(
      new Date("2026-11-28T10:00:00.000Z"),
      "close",
      file("closed.xlsx"),
      ...closeArgs(picks[1]),
      "--receipts",
      parentReceipts,
      "-o",
      file("parent-more.xlsx"),
    );
    expect(parentClose.code).toBe(0);
    const mixed = await cli("verify", file("forked.xlsx"), "--trust", file("roster"), "--receipts", parentReceipts);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toContain(
      `the receipt of Seq 2 was made in workbook ${parent}, but this workbook is ${child}: the trail was copied from another workbook.`,
    );
    // The forked trail copied into the parent: its fork entry names a workbook the parent is not.
    const source = await load(file("forked.xlsx"));
    const moved = await edited(file("closed.xlsx"), "fork-into-parent.xlsx", (wb) => {
      const target = wb.getWorksheet(SHEETS.audit)!;
      source
        .getWorksheet(SHEETS.audit)!
        .eachRow((row, r) => row.eachCell((cell, c) => (target.getRow(r).getCell(c).value = cell.value)));
    });
    const back = await cli("verify", moved, "--trust", file("roster"));
    expect(back.code).toBe(1);
    expect(back.stdout).toContain(
      `audit row 3 was made in workbook ${child}, but this workbook is ${parent}: the trail was copied from another workbook.`,
    );
    // A transplanted trail is not laundered by forking it: the fork records this workbook's ID as
    // the parent, and the entries above it name another.
    await governedElsewhere("fork-other.xlsx");
    const transplanted = await transplant(file("closed.xlsx"), file("fork-other.xlsx"), "fork-transplanted.xlsx");
    const laundered = await cli(
      ...upgradeArgs(transplanted),
      ...forkArgs,
      "--key",
      carlaKey(),
      "-o",
      file("laundered.xlsx"),
    );
    expect(laundered.code).toBe(0);
    const v = await cli("verify", file("laundered.xlsx"), "--trust", file("roster"));
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(
      /audit row 2 was made in workbook [0-9a-f]{32}, but the trail above the fork at audit row \d+ belongs to workbook [0-9a-f]{32}: the entry was copied from another workbook\./,
    );
  });

  test("usage: the fork's options alone, a fork of a workbook that has no ID, no controller", async () => {
    const alone = await cli(
      ...upgradeArgs(file("closed.xlsx")),
      "--controller",
      "Carla Controller",
      "-o",
      file("x.xlsx"),
    );
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe(
      "sla-governance: --controller is for a deliberate fork only: add --new-identity (an upgrade of a copy keeps its Workbook ID), or leave it out.\n",
    );
    const fresh = await cli(...upgradeArgs(governed), ...forkArgs, "--unsigned", "-o", file("x.xlsx"));
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain("there is nothing to fork: each copy gets its own Workbook ID at its first close");
    const nobody = await cli(
      ...upgradeArgs(file("closed.xlsx")),
      "--new-identity",
      "--key",
      carlaKey(),
      "-o",
      file("x.xlsx"),
    );
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain("--new-identity needs --controller NAME");
    expect(fs.existsSync(file("x.xlsx"))).toBe(false);
  });
});

describe("attack 3: plain verify said Intact when the keys were only the workbook's own", () => {
  test("a forged closure signed with a key the holder added: consistent, not proven (exit 3); --trust fails it", async () => {
    // Mallory holds the file, makes a key in Carla's name and closes with it: the product
    // itself adds the key to the Controllers sheet as "a new key for this controller".
    expect((await cli("keygen", "--controller", "Carla Controller", "-o", file("mallory.key"))).code).toBe(0);
    const p = picks[1];
    const forged = await cliAt(
      new Date("2026-11-26T10:00:00.000Z"),
      "close",
      file("closed.xlsx"),
      ...closeArgs(p).slice(0, -1),
      file("mallory.key"),
      "-o",
      file("forged.xlsx"),
    );
    expect(forged.code).toBe(0);
    const plain = await cli("verify", file("forged.xlsx"));
    expect(plain.code).toBe(3);
    expect(plain.stdout.split("\n")[0]).toBe(
      "Consistent, not proven: the keys that signed are listed only in this workbook; pass --trust ROSTER to prove who signed. Checked: 2 closures, 2 signed by keys not checked against a trust roster, trail not checked against receipts.",
    );
    expect(plain.stderr).toBe("");
    expect(JSON.parse((await cli("verify", file("forged.xlsx"), "--json")).stdout).verdict).toBe("unproven");
    const trusted = await cli("verify", file("forged.xlsx"), "--trust", file("roster"));
    expect(trusted.code).toBe(1);
    expect(trusted.stdout).toMatch(/audit row 3 is signed by key [0-9a-f]{12}, which is not in the trust roster\./);
    // The genuine trail, with the roster: proven, exit 0.
    const genuine = await cli("verify", file("closed.xlsx"), "--trust", file("roster"));
    expect(genuine.code).toBe(0);
    expect(genuine.stdout.split("\n")[0]).toBe(
      "Proven: 1 closure signed by trusted controllers, trail not checked against receipts.",
    );
  });

  test("an unsigned entry after a signed one fails unless --allow-unsigned", async () => {
    const p = picks[1];
    const unsigned = await cliAt(
      new Date("2026-11-26T10:00:00.000Z"),
      "close",
      file("closed.xlsx"),
      ...closeArgs(p).slice(0, -2),
      "--unsigned",
      "-o",
      file("unsigned-after.xlsx"),
    );
    expect(unsigned.code).toBe(0);
    const run = await cli("verify", file("unsigned-after.xlsx"), "--trust", file("roster"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `  ${p.id}: audit row 3 is not signed, but an entry before it is: once a trail is signed, a later unsigned entry is an error (give --allow-unsigned to accept it).\n`,
    );
    const allowed = await cli("verify", file("unsigned-after.xlsx"), "--trust", file("roster"), "--allow-unsigned");
    expect(allowed.code).toBe(0);
    expect((await cli("verify", file("unsigned-after.xlsx"), "--allow-unsigned")).code).toBe(3);
    // --require-signed still fails it, whatever --allow-unsigned says.
    const required = await cli("verify", file("unsigned-after.xlsx"), "--require-signed", "--allow-unsigned");
    expect(required.code).toBe(1);
  });
});

describe("attack 5: signatures and keys looser than documented", () => {
  /** The Audit sheet's Signature (M) and the Controllers sheet's Public Key (C) of the closed workbook. */
  const SIGNATURE = 13;
  const PUBLIC_KEY = 3;
  const highS = (sig: string) => {
    const bytes = Buffer.from(sig, "base64url");
    const s = BigInt("0x" + bytes.subarray(32).toString("hex"));
    const twin = P256_N - s;
    return Buffer.concat([bytes.subarray(0, 32), Buffer.from(twin.toString(16).padStart(64, "0"), "hex")]);
  };

  test.each([
    ["padded", (sig: string) => sig + "="],
    ["standard base64 (+ and /)", (sig: string) => Buffer.from(sig, "base64url").toString("base64")],
    ["high-S twin", (sig: string) => highS(sig).toString("base64url")],
  ])("a %s signature is rejected, in every mode", async (name, change) => {
    const to = `sig-${name.replace(/\W+/g, "-")}.xlsx`;
    const attacked = await edited(file("closed.xlsx"), to, (wb) => {
      const row = wb.getWorksheet(SHEETS.audit)!.getRow(2);
      const { value } = row.getCell(SIGNATURE);
      const stored = String(plainValue(value));
      row.getCell(SIGNATURE).value = change(stored);
    });
    for (const flags of [[], ["--trust", file("roster")]]) {
      const run = await cli("verify", attacked, ...flags);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/audit row 2 has a signature that does not verify with key [0-9a-f]{12}/);
    }
  });

  test.each([
    ["an unsupported curve", { crv: "P-384" }, "its curve is P-384; only P-256 keys are supported"],
    [
      "a private member d",
      { d: "c2VjcmV0" },
      "it contains the private member d: this is the private key itself, which must never be shared (make a new key)",
    ],
  ])("a Controllers row with %s is a finding naming the row", async (name, extra, problem) => {
    const attacked = await edited(file("closed.xlsx"), `controllers-${name.replace(/\W+/g, "-")}.xlsx`, (wb) => {
      const row = wb.getWorksheet(SHEETS.controllers)!.getRow(2);
      const { value } = row.getCell(PUBLIC_KEY);
      const stored = JSON.parse(String(plainValue(value)));
      row.getCell(PUBLIC_KEY).value = JSON.stringify({ ...stored, ...extra });
    });
    const run = await cli("verify", attacked);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`  -: Controllers row 2 (Carla Controller) cannot be used: ${problem}.\n`);
    // Not the misleading "which the Controllers sheet does not list" alone: the row is named first.
    expect(run.stdout.indexOf("Controllers row 2")).toBeLessThan(run.stdout.indexOf("does not list"));
  });

  test("a roster entry holding a private key is refused (exit 2)", async () => {
    const pub = JSON.parse(fs.readFileSync(file("keys/carla.pub.json"), "utf8"));
    fs.writeFileSync(file("leaky-roster.json"), JSON.stringify([{ ...pub, jwk: { ...pub.jwk, d: "c2VjcmV0" } }]));
    const run = await cli("verify", file("closed.xlsx"), "--trust", file("leaky-roster.json"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("entry 1 is not a public key file: its jwk: it contains the private member d");
  });

  test("a key file whose Controller line was edited is refused by close (exit 2); nothing is written", async () => {
    const text = fs
      .readFileSync(carlaKey(), "utf8")
      .replace('Controller: "Carla Controller"', 'Controller: "Dave Controller"');
    fs.writeFileSync(file("renamed.key"), text, { mode: 0o600 });
    const run = await cli(
      "close",
      governed,
      "--measure",
      picks[1].id,
      "--controller",
      "Dave Controller",
      "--confirmed",
      String(picks[1].planned),
      "--key",
      file("renamed.key"),
      "-o",
      file("renamed-close.xlsx"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sla-governance: the key file ${file("renamed.key")} does not bind the name "Dave Controller" to its key: its Controller line was edited, or it has no Binding line (keys made before this check); nothing was signed. Make a new key with sla-governance keygen.\n`,
    );
    expect(fs.existsSync(file("renamed-close.xlsx"))).toBe(false);
  });

  test("keygen with a dangling symbolic link at NAME.pub.json leaves nothing behind", async () => {
    fs.symlinkSync(file("nowhere/target.json"), file("dangling.pub.json"));
    const run = await cli("keygen", "--controller", "Carla", "-o", file("dangling.key"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("dangling.pub.json already exists");
    expect(fs.existsSync(file("dangling.key"))).toBe(false);
  });
});

describe("attack 6: receipts", () => {
  const receiptsOf = (f: string) =>
    fs
      .readFileSync(f, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  const writeReceipts = (name: string, lines: object[], bom = false) => {
    fs.writeFileSync(file(name), (bom ? "\uFEFF" : "") + lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    return file(name);
  };

  test("a receipt is signed by the controller's key and names the workbook", () => {
    const [r] = receiptsOf(file("receipts.jsonl"));
    expect(Object.keys(r)).toEqual([
      "workbookId",
      "seq",
      "entryHash",
      "measureId",
      "action",
      "time",
      "keyId",
      "signature",
    ]);
    expect(r.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });

  test("a receipt whose measure or action was changed, hash kept, fails", async () => {
    const [r] = receiptsOf(file("receipts.jsonl"));
    const changed = writeReceipts("changed.jsonl", [{ ...r, measureId: "M-9999", action: "reopen" }]);
    const run = await cli("verify", file("closed.xlsx"), "--trust", file("roster"), "--receipts", changed);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `the receipt of Seq 1 says measure "M-9999" where the trail says "${picks[0].id}", action "reopen" where the trail says "close": the receipt was altered.`,
    );
  });

  test("a receipt without the controller's signature (or with another's) fails", async () => {
    const [r] = receiptsOf(file("receipts.jsonl"));
    for (const forged of [
      { ...r, signature: undefined },
      { ...r, signature: "A".repeat(86) },
    ]) {
      const f = writeReceipts("forged.jsonl", [forged]);
      const run = await cli("verify", file("closed.xlsx"), "--trust", file("roster"), "--receipts", f);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/the receipt of Seq 1 is not signed by the entry's key [0-9a-f]{12}/);
    }
  });

  test("verify says which Seq the receipts cover; a BOM at the start of the file is accepted", async () => {
    const two = await cliAt(
      new Date("2026-11-26T10:00:00.000Z"),
      "close",
      file("closed.xlsx"),
      ...closeArgs(picks[1]),
      "--receipts",
      file("receipts-two.jsonl"),
      "-o",
      file("two-closed.xlsx"),
    );
    expect(two.code).toBe(0);
    const first = writeReceipts("first-only.jsonl", receiptsOf(file("receipts.jsonl")), true);
    const run = await cli("verify", file("two-closed.xlsx"), "--trust", file("roster"), "--receipts", first);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "Proven: 2 closures signed by trusted controllers, trail complete up to receipt 1.",
    );
    expect(run.stdout).toContain("Receipts: 1 given; they cover Seq 1 of 2; Seq 2 is unreceipted.\n");
    // Only the second: Seq 1 unreceipted, and the first line does not claim a complete trail.
    const second = await cli(
      "verify",
      file("two-closed.xlsx"),
      "--trust",
      file("roster"),
      "--receipts",
      file("receipts-two.jsonl"),
    );
    expect(second.stdout.split("\n")[0]).toBe(
      "Proven: 2 closures signed by trusted controllers, receipts cover Seq 2 of 2.",
    );
    expect(second.stdout).toContain("Receipts: 1 given; they cover Seq 2 of 2; Seq 1 is unreceipted.\n");
  });

  test("an unwritable --receipts path: exit 2, and no workbook without its receipt is left", async () => {
    fs.mkdirSync(file("a-folder.jsonl"));
    const run = await cli(
      "close",
      governed,
      ...closeArgs(picks[1]),
      "--receipts",
      file("a-folder.jsonl"),
      "-o",
      file("no-receipt.xlsx"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sla-governance: cannot append receipts to ${file("a-folder.jsonl")}: it is not a file; nothing was written (a closure is never written without its receipt).\n`,
    );
    expect(fs.existsSync(file("no-receipt.xlsx"))).toBe(false);
  });
});

describe("attack 7: files left behind", () => {
  const BIN = path.resolve(__dirname, "../../bin/sla-governance.js");

  test("a stale temporary file of a killed run is removed by the next run in that folder, which says so", async () => {
    // A process id that is no longer running: a child that has exited.
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const stale = file(`.stale-out.xlsx.${dead}.tmp`);
    fs.writeFileSync(stale, "half a workbook");
    const mine = file(`.other.xlsx.${process.pid}.tmp`); // a live process's file is left alone
    fs.writeFileSync(mine, "in progress");
    const run = await cli("close", governed, ...closeArgs(picks[1]), "-o", file("stale-out.xlsx"));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`sla-governance: removed ${stale}, a temporary file left by an interrupted run.\n`);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(mine)).toBe(true);
    fs.rmSync(mine);
  });

  test("SIGTERM and SIGINT during a write leave no temporary file", async () => {
    if (!fs.existsSync(path.resolve(__dirname, "../../build/cli/main.js"))) return; // npm run build:cli
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const folder = file(`signal-${signal}`);
      fs.mkdirSync(folder);
      const child = spawn(process.execPath, [
        BIN,
        "close",
        governed,
        ...closeArgs(picks[1]),
        "-o",
        path.join(folder, "out.xlsx"),
      ]);
      const exited = new Promise<number | null>((resolve) =>
        child.once("exit", (code, sig) => resolve(code ?? (sig ? -1 : null))),
      );
      // Kill it as soon as its temporary file exists (or after it ends, whichever is first).
      let seen = false;
      for (let i = 0; i < 4000 && child.exitCode === null && !seen; i++) {
        seen = fs.readdirSync(folder).some((f) => f.endsWith(".tmp"));
        if (!seen) await new Promise((r) => setTimeout(r, 2));
      }
      child.kill(signal);
      const code = await exited;
      expect(fs.readdirSync(folder).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      // Caught while writing: the one cleanup path removed the file and the process died of the signal.
      if (seen && code !== 0) expect(code).toBe(signal === "SIGTERM" ? 143 : 130);
    }
  }, 60000);
});
