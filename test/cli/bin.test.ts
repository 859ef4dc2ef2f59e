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
