/**
 * The built command line as users run it: `node bin/sla-governance.js ...` in a child
 * process, for exit codes, stdout and stderr (one line, never a stack trace).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cli, tempDir, writeSample } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "sla-governance.js");

function run(bin: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, "build", "cli", "main.js"))) {
    execFileSync("npx", ["tsc", "-p", "tsconfig.cli.json"], { cwd: ROOT, stdio: "ignore" });
  }
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("bin/sla-governance.js", () => {
  test("--help: exit 0", () => {
    const r = run(BIN, "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: sla-governance <command>/);
  });

  test("usage and input errors: exit 2 and one line on stderr, no stack trace", () => {
    const text = path.join(dir, "text.xlsx");
    fs.writeFileSync(text, "not a workbook");
    for (const args of [["frobnicate"], ["verify", path.join(dir, "missing.xlsx")], ["verify", text]]) {
      const r = run(BIN, ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^sla-governance: [^\n]+\n$/);
      expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    }
  });

  test("tickets: exit 0 when every row is read, 1 when one is rejected, 2 for an unknown zone", () => {
    const csv = path.join(dir, "history.csv");
    const args = ["--start", "New", "--pause", "On Hold", "--stop", "Resolved", "--targets", "P1=4"];
    const out = path.join(dir, "tickets.xlsx");
    fs.writeFileSync(
      csv,
      "Number,Priority,State,Updated\nINC1,P1,New,2024-03-04 09:00\nINC1,P1,Resolved,2024-03-04 10:00\n",
    );
    const ok = run(BIN, "tickets", csv, ...args, "-o", out, "--json");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).results[0]).toMatchObject({ period: "2024-03", measured: 1, met: 1 });
    fs.appendFileSync(csv, "INC2,P1,New,not a time\n");
    const bad = run(BIN, "tickets", csv, ...args, "-o", out, "--force");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("sla-governance: 1 row(s) could not be read (listed on stdout).\n");
    expect(bad.stdout).toContain('row 4: time "not a time" is not a date-time');
    const zone = run(BIN, "tickets", csv, ...args, "--tz", "Europe/Atlantis", "-o", out, "--force");
    expect(zone.code).toBe(2);
    expect(zone.stderr).toMatch(/^sla-governance: --tz: "Europe\/Atlantis" is not an IANA time zone[^\n]+\n$/);
  });

  test("upgrade, validate and verify exit codes through files", async () => {
    const { file } = await writeSample(dir, 20, true);
    const out = path.join(dir, "governed.xlsx");
    const up = run(BIN, "upgrade", file, "--org", "Contoso", "-o", out, "--json");
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout).items.Measure).toBe(20);
    expect(run(BIN, "validate", out).code).toBe(1);
    expect(run(BIN, "verify", out, "--json")).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"intact": true'),
    });
    // The in-process and the built command line agree.
    expect((await cli("verify", out, "--json")).stdout).toBe(run(BIN, "verify", out, "--json").stdout);
  });

  test("a clear message when the command line is not built", () => {
    const bare = path.join(dir, "bare", "bin");
    fs.mkdirSync(bare, { recursive: true });
    fs.copyFileSync(BIN, path.join(bare, "sla-governance.js"));
    const r = run(path.join(bare, "sla-governance.js"), "--help");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "sla-governance: the command line is not built yet; run npm run build:cli (npm install does it).\n",
    );
  });
});
