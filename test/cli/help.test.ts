/**
 * The help tells the truth: every command's usage line is read back against the parser's own
 * table (required options and one-of groups without brackets, the rest in brackets), and
 * each option the table says a command needs is really needed: leaving it out is a usage
 * error (exit 2) that names it.
 */
import * as fs from "fs";
import * as path from "path";
import { COMMANDS, CommandSpec, OptionSpec } from "../../cli/args";
import { cli, tempDir } from "./helpers";

/** The words of a usage line: `<input>`, `[--opt V]`, `(-o F | --in-place)` or `--opt V`. */
function usageParts(line: string): string[] {
  return [...line.matchAll(/\[[^\]]*\]|\([^)]*\)|<[^>]*>|--?[\w-]+(?: (?![-[(<])\S+)?/g)].map((m) => m[0]);
}

const word = (o: OptionSpec) => `${o.alias ? `-${o.alias}` : `--${o.name}`}${o.value ? ` ${o.placeholder}` : ""}`;

describe.each(COMMANDS.map((c) => [c.name, c] as const))("%s --help", (name, spec: CommandSpec) => {
  test("its usage line shows what the command needs without brackets, the rest in brackets", async () => {
    const run = await cli(name, "--help");
    expect(run.code).toBe(0);
    const usage = run.stdout.split("\n")[0];
    expect(usage.startsWith(`Usage: sla-governance ${name}`)).toBe(true);
    const parts = usageParts(usage.slice(`Usage: sla-governance ${name}`.length));
    const expected: string[] = spec.input ? [`<${spec.input}>`] : [];
    const seen = new Set<string>();
    for (const o of spec.options) {
      if (seen.has(o.name)) continue;
      const group = spec.oneOf?.find((g) => g.includes(o.name));
      if (group) {
        group.forEach((n) => seen.add(n));
        expected.push(`(${group.map((n) => word(spec.options.find((x) => x.name === n)!)).join(" | ")})`);
      } else {
        seen.add(o.name);
        expected.push(o.required ? word(o) : `[${word(o)}]`);
      }
    }
    expect(parts).toEqual(expected);
    // Each option line says when it is needed.
    for (const o of spec.options.filter((x) => x.required)) {
      expect(run.stdout).toMatch(new RegExp(`--${o.name}.*\\(required\\)`));
    }
  });

  const needed = [
    ...spec.options.filter((o) => o.required).map((o) => [o.name]),
    ...(spec.oneOf ?? []).map((g) => [...g]),
  ];
  if (needed.length === 0) return;

  test.each(needed.map((g) => [g.join(" | "), g]))(
    "without %s it is a usage error naming it",
    async (_label, group) => {
      const dir = tempDir();
      const input = path.join(dir, "in.xlsx");
      // A workbook the command could read, so the missing option is what stops it.
      const contract = await cli("new-contract", "-o", input);
      expect(contract.code).toBe(0);
      fs.writeFileSync(path.join(dir, "k.key"), "");
      const argv: string[] = [name, ...(spec.input ? [input] : [])];
      for (const o of spec.options) {
        const inGroup = spec.oneOf?.find((g) => g.includes(o.name));
        // Of a group, -o (a file to write) or the flag (--unsigned): never a file to read first.
        const pick = inGroup && (inGroup.includes("out") ? "out" : inGroup[inGroup.length - 1]);
        const give = o.required || pick === o.name;
        if (!give || group.includes(o.name)) continue;
        if (!o.value) argv.push(`--${o.name}`);
        else argv.push(`--${o.name}`, o.name === "out" ? path.join(dir, "out.xlsx") : sample(o.name, dir));
      }
      const run = await cli(...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      const names = group.map((n) => (n === "out" ? /-o|--out|--in-place/ : new RegExp(`--${n}`)));
      expect(names.some((re) => re.test(run.stderr))).toBe(true);
    },
  );
});

/** A plausible value of a required option, so only the missing one is wrong. */
function sample(option: string, dir: string): string {
  const values: Record<string, string> = {
    measure: "M-0001",
    controller: "Carla Controller",
    confirmed: "100",
    reason: "why",
    key: path.join(dir, "k.key"),
    start: "New",
    pause: "On Hold",
    stop: "Resolved",
    targets: "P1=4",
  };
  return values[option] ?? "x";
}

test("--version prints the package's version", async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  for (const flag of ["--version", "-V"]) {
    const run = await cli(flag);
    expect(run).toEqual({ code: 0, stdout: `sla-governance ${pkg.version}\n`, stderr: "" });
  }
  expect((await cli("--help")).stdout).toContain("--version");
});
