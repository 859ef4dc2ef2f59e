/**
 * Nothing left behind, for every kind of writer of the command line. Each run is interrupted
 * at the last moment of its write (its whole temporary file exists beside the target and is
 * being put in place) by the handler the process runs on Ctrl+C (SIGINT) or SIGTERM. The
 * temporary file must be gone when the handler returns, and afterwards the output folder holds
 * neither the output nor any temporary file. (attacks.test.ts sends real signals to a child
 * process; here the handler is called in-process so that every writer is covered cheaply.)
 */
import fs from "fs";
import * as path from "path";
import { registerRows } from "../../cli/commands";
import { openWorkbook, writeWorkbook } from "../../cli/xlsx";
import { Workbook } from "exceljs";
import { SheetPlan } from "../../src/governance/plan";
import { packWorkbook } from "../pack/fixture";
import { removeStaleTemps, tempFileBeside, writeFileThrough } from "../../cli/tempdir";
import { spawnSync } from "child_process";
import { cli, governedSample, Pick, tempDir, CLOCK_P1 } from "./helpers";

let dir: string;
let governed: string;
let closed: string;
let picks: Pick[];
const contract = () => path.join(dir, "contract.xlsx");
const HELPDESK = path.join(__dirname, "..", "fixtures", "helpdesk");

/** process.exit, called by the signal handler, stops the run here instead of ending jest. */
class Exited extends Error {}

beforeAll(async () => {
  dir = tempDir();
  governed = path.join(dir, "governed.xlsx");
  picks = await governedSample(dir, governed, 2);
  closed = path.join(dir, "closed.xlsx");
  const close = await cli(
    "close",
    governed,
    "--measure",
    picks[0].id,
    "--controller",
    "Carla Controller",
    "--confirmed",
    String(picks[0].planned),
    "--unsigned",
    "-o",
    closed,
  );
  expect(close.code).toBe(0);
  // A service contract with a month of results and actions (test/pack's worked month).
  const contract = [...packWorkbook()].map(([name, cells]): SheetPlan => ({ name, replace: true, cells }));
  await writeWorkbook(new Workbook(), path.join(dir, "contract.xlsx"), { plans: contract });
  fs.writeFileSync(path.join(dir, "survey.csv"), "Submitted,Service,Ticket,Score\n2026-05-03 10:00,SL-001,,9\n");
  expect(registerRows(await openWorkbook(closed)).some((r) => r.id === picks[0].id && r.gate === "L5 Closed")).toBe(
    true,
  );
  fs.writeFileSync(
    path.join(dir, "history.csv"),
    "Number,Priority,State,Updated\nINC1,P1,New,2024-03-04 09:00\nINC1,P1,Resolved,2024-03-04 10:00\n",
  );
  const log = fs.readFileSync(path.join(HELPDESK, "helpdesk-slice.csv"), "utf8").split("\n").slice(0, 200);
  fs.writeFileSync(path.join(dir, "log.csv"), log.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "results.csv"), "Month;SLA;Achieved\nJan 2026;SL-001;99%\n");
  fs.mkdirSync(path.join(dir, "keys"));
  expect((await cli("keygen", "--controller", "Carla Controller", "-o", path.join(dir, "keys/carla.key"))).code).toBe(
    0,
  );
}, 180000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** close of the second pick, unsigned, with these arguments (the input first). */
const closeSecond = (...args: string[]) => [
  "close",
  ...args,
  "--measure",
  picks[1].id,
  "--controller",
  "Carla Controller",
  "--confirmed",
  String(picks[1].planned),
  "--unsigned",
];

/** Each writer kind: the command line that writes into `out` (a fresh, empty folder). */
const WRITERS: [string, (out: string) => string[]][] = [
  [
    "upgrade (the package writer)",
    (out) => ["upgrade", path.join(dir, "client.xlsx"), "--org", "Contoso", "-o", `${out}/g.xlsx`],
  ],
  ["close", (out) => closeSecond(governed, "-o", `${out}/c.xlsx`)],
  [
    "reopen",
    (out) => [
      "reopen",
      closed,
      "--measure",
      picks[0].id,
      "--controller",
      "Carla Controller",
      "--reason",
      "r",
      "--unsigned",
      "-o",
      `${out}/r.xlsx`,
    ],
  ],
  [
    "a fork (upgrade --new-identity)",
    (out) => [
      "upgrade",
      closed,
      "--org",
      "Contoso",
      "--new-identity",
      "--controller",
      "Carla Controller",
      "--key",
      path.join(dir, "keys/carla.key"),
      "-o",
      `${out}/f.xlsx`,
    ],
  ],
  ["new-contract", (out) => ["new-contract", "-o", `${out}/n.xlsx`]],
  ["review", (out) => ["review", contract(), "--as-of", "2026-06-05", "-o", `${out}/rv.xlsx`]],
  ["pack (HTML)", (out) => ["pack", contract(), "--as-of", "2026-06-05", "-o", `${out}/pack.html`]],
  ["results", (out) => ["results", path.join(dir, "results.csv"), "--workbook", contract(), "-o", `${out}/rs.xlsx`]],
  [
    "experience",
    (out) => ["experience", path.join(dir, "survey.csv"), "--workbook", contract(), "-o", `${out}/e.xlsx`],
  ],
  [
    "steps",
    (out) => [
      "steps",
      path.join(dir, "log.csv"),
      "--tolerances",
      path.join(HELPDESK, "tolerances.csv"),
      "-o",
      `${out}/s.xlsx`,
    ],
  ],
  ["tickets", (out) => ["tickets", path.join(dir, "history.csv"), ...CLOCK_P1, "-o", `${out}/t.xlsx`]],
  [
    "a mapping file (upgrade --dry-run --save-mapping)",
    (out) => ["upgrade", path.join(dir, "client.xlsx"), "--dry-run", "--save-mapping", `${out}/m.json`],
  ],
  ["keygen", (out) => ["keygen", "--controller", "Dave Controller", "-o", `${out}/dave.key`]],
  ["demo", (out) => ["demo", "--out", out]],
];

describe.each(WRITERS.map(([name, argv], i) => [name, argv, i % 2 ? "SIGTERM" : "SIGINT"] as const))(
  "%s",
  (_name, argv, signal) => {
    test(`interrupted by ${signal} as it puts its file in place: no output, no temporary file`, async () => {
      const out = fs.mkdtempSync(path.join(dir, "out-"));
      const seen: { temp: string; goneAtSignal: boolean }[] = [];
      const exit = jest.spyOn(process, "exit").mockImplementation(((code: number) => {
        throw new Exited(`exit ${code}`);
      }) as never);
      /** Put-in-place calls (rename, or link for key files) of a temporary file into `out` run the signal handler first. */
      const interrupt =
        (real: (from: fs.PathLike, to: fs.PathLike) => void) =>
        (from: fs.PathLike, to: fs.PathLike): void => {
          if (!String(from).endsWith(".tmp") || path.dirname(String(to)) !== out) return real(from, to);
          const handler = process.listeners(signal).find((f) => f.name === "onSignal");
          expect(handler).toBeDefined();
          expect(fs.existsSync(from)).toBe(true);
          try {
            (handler as (s: NodeJS.Signals) => void)(signal);
          } catch (e) {
            if (!(e instanceof Exited)) throw e;
          }
          seen.push({ temp: String(from), goneAtSignal: !fs.existsSync(from) });
          throw new Exited(`interrupted by ${signal}`);
        };
      const [realRename, realLink] = [fs.renameSync.bind(fs), fs.linkSync.bind(fs)];
      const rename = jest.spyOn(fs, "renameSync").mockImplementation(interrupt(realRename));
      const link = jest.spyOn(fs, "linkSync").mockImplementation(interrupt(realLink));
      try {
        const run = await cli(...argv(out));
        expect(run.code).toBe(2);
      } finally {
        rename.mockRestore();
        link.mockRestore();
        exit.mockRestore();
      }
      // The writer went through the one path (a temporary file beside its target), and the handler removed it.
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) {
        expect(path.basename(s.temp)).toMatch(/^\..+\.\d+\.tmp$/);
        expect(s.goneAtSignal).toBe(true);
      }
      expect(fs.readdirSync(out)).toEqual([]);
    }, 60000);
  },
);

describe("the one temporary-file path", () => {
  test("stale files of a dead run are removed, a scratch copy's too; a live run's, and files not ours, are left", () => {
    const folder = fs.mkdtempSync(path.join(dir, "stale-"));
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const stale = [`.out.xlsx.${dead}.tmp`, `.out.xlsx.${dead}.in.tmp`];
    const kept = [`.out.xlsx.${process.pid}.tmp`, `out.xlsx.${dead}.tmp`, `.out.xlsx.${dead}.IN.tmp`, "out.xlsx"];
    for (const f of [...stale, ...kept]) fs.writeFileSync(path.join(folder, f), "x");
    expect(
      removeStaleTemps(folder)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(stale.sort());
    expect(fs.readdirSync(folder).sort()).toEqual(kept.sort());
  });

  test("a write that fails leaves nothing; a key file is never put over an existing file", () => {
    const folder = fs.mkdtempSync(path.join(dir, "fail-"));
    const notes: string[] = [];
    // A target that is a folder: the temporary file is written whole, putting it in place fails.
    fs.mkdirSync(path.join(folder, "taken.html"));
    fs.writeFileSync(path.join(folder, "taken.html", "inside"), "x");
    expect(() => writeFileThrough(path.join(folder, "taken.html"), "<p>", (l) => notes.push(l))).toThrow();
    expect(fs.readdirSync(folder)).toEqual(["taken.html"]);
    const existing = path.join(folder, "carla.key");
    fs.writeFileSync(existing, "mine");
    const tmp = tempFileBeside(existing, (l) => notes.push(l));
    fs.writeFileSync(tmp.path, "new");
    expect(() => tmp.commitNew()).toThrow(/EEXIST/);
    tmp.remove();
    expect(fs.readFileSync(existing, "utf8")).toBe("mine");
    expect(fs.readdirSync(folder).sort()).toEqual(["carla.key", "taken.html"]);
    // Where hard links are not supported (some shares): an exclusive copy, its mode kept.
    const fresh = path.join(folder, "dave.key");
    const other = tempFileBeside(fresh, (l) => notes.push(l));
    fs.writeFileSync(other.path, "dave", { mode: 0o600 });
    const link = jest.spyOn(fs, "linkSync").mockImplementationOnce(() => {
      throw Object.assign(new Error("EPERM: operation not permitted, link"), { code: "EPERM" });
    });
    try {
      other.commitNew();
    } finally {
      link.mockRestore();
    }
    expect(fs.readFileSync(fresh, "utf8")).toBe("dave");
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(folder).sort()).toEqual(["carla.key", "dave.key", "taken.html"]);
    expect(notes).toEqual([]);
  });
});

describe("receipts that cannot be appended after the workbook was written", () => {
  test("the written workbook is removed; with --in-place the input is put back as it was", async () => {
    const receipts = path.join(dir, "late.jsonl");
    const args = (extra: string[]) => closeSecond(...extra, "--receipts", receipts);
    const folder = fs.mkdtempSync(path.join(dir, "late-"));
    const input = path.join(folder, "input.xlsx");
    fs.copyFileSync(governed, input);
    const before = fs.readFileSync(input);
    // The check before writing passes; the append itself fails (a full disk, a share gone).
    const append = jest.spyOn(fs, "appendFileSync").mockImplementation(() => {
      throw new Error("ENOSPC: no space left on device");
    });
    try {
      const copy = await cli(...args([input, "-o", path.join(folder, "out.xlsx")]));
      expect(copy.code).toBe(2);
      expect(copy.stderr).toBe(
        `sla-governance: the receipts could not be appended to ${receipts}: ENOSPC: no space left on device; ${path.join(folder, "out.xlsx")} was removed (an entry is never left on disk without its receipt).\n`,
      );
      const inPlace = await cli(...args([input, "--in-place"]));
      expect(inPlace.code).toBe(2);
      expect(inPlace.stderr).toContain(
        `${input} was put back as it was (an entry is never left on disk without its receipt).`,
      );
    } finally {
      append.mockRestore();
    }
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    expect(fs.readdirSync(folder)).toEqual(["input.xlsx"]);
    expect(fs.existsSync(receipts)).toBe(false);
  });
});
