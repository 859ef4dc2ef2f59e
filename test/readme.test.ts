/**
 * The README is the front door and docs/ the reference: these checks keep them telling the
 * truth. Every link resolves (files and headings), every command shown parses against the
 * command line's own option table, and the command blocks meant to be typed after the demo
 * (README's demo block, the docs' blocks that start with `cd demo/out`) really run there.
 */
import * as fs from "fs";
import * as path from "path";
import { REGISTER_COLUMNS } from "../src/governance/model";
import { AUDIT_HEADERS } from "../src/governance/audit";
import { COMMANDS, parseArgs } from "../cli/args";
import { cli, tempDir } from "./cli/helpers";
import { DIST, ensureBuilt } from "./support/bundle";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const readme = read("README.md");
const DOCS = fs
  .readdirSync(path.join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const PAGES = ["README.md", ...DOCS];
const { render } = require("../scripts/function-reference");

/** The text of a page from its `## title` heading to the next heading of that level. */
function section(page: string, title: string): string {
  const text = read(page);
  const start = text.indexOf(`## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = text.indexOf("\n## ", start + 3);
  return text.slice(start, next < 0 ? undefined : next);
}

/** The page's text outside fenced code blocks and inline code (where links are not links). */
function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The fenced shell blocks of a page: their lines, with `\` continuations joined and comments cut. */
function shellBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  for (const m of text.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
    if (!["", "sh", "bash"].includes(m[1])) continue;
    const lines = m[2]
      .replace(/\\\n\s*/g, " ")
      .split("\n")
      .map((l) => l.replace(/\s+#\s.*$/, "").trim())
      .filter((l) => l !== "" && !l.startsWith("="));
    if (lines.length > 0) blocks.push(lines);
  }
  return blocks;
}

/** Splits a command line as a POSIX shell does for plain words and double-quoted text. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3]));
  }
  return out;
}

/** The arguments after `sla-governance` (or `npx sla-governance`), or undefined for another program. */
function cliArgs(line: string): string[] | undefined {
  const w = words(line);
  if (w[0] === "npx") w.shift();
  return w[0] === "sla-governance" ? w.slice(1) : undefined;
}

test("the README is a front page: at most 250 lines, with the set-up commands", () => {
  expect(readme.split("\n").length).toBeLessThanOrEqual(250);
  expect(readme).toContain("npm install && npm start");
  expect(readme).toContain("npm test");
  expect(readme).toContain("npm install && npm run demo");
  // The reference lives in docs/, one page per subject, each linked from the front page.
  for (const page of [
    "functions",
    "command-line",
    "workbook-layout",
    "closure",
    "service-review",
    "ticket-clock",
    "review-pack",
    "performance",
  ]) {
    expect(readme).toContain(`](docs/${page}.md)`);
  }
});

test.each(PAGES)("every link of %s resolves (file, and heading when one is named)", (page) => {
  const text = read(page);
  const links = [...prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    if (/^https?:/.test(link)) continue;
    const [file, anchor] = link.split("#");
    const target = file === "" ? path.join(ROOT, page) : path.join(ROOT, path.dirname(page), file);
    expect({ link, exists: fs.existsSync(target) }).toEqual({ link, exists: true });
    if (anchor !== undefined) {
      expect({ link, anchor: anchors(fs.readFileSync(target, "utf8")).has(anchor) }).toEqual({ link, anchor: true });
    }
  }
});

test("every page of docs/ is linked from the README", () => {
  for (const page of DOCS) expect(readme).toContain(`](${page})`);
});

test("every command shown parses against the command line's table, with its required options", () => {
  const pkg = JSON.parse(read("package.json"));
  let count = 0;
  for (const page of PAGES) {
    for (const block of shellBlocks(read(page))) {
      for (const line of block) {
        const npm = /^npm (?:run )?([\w:-]+)/.exec(line);
        if (npm && !["install", "ci", "test", "start", "stop"].includes(npm[1])) {
          expect({ line, script: npm[1] in pkg.scripts }).toEqual({ line, script: true });
        }
        const argv = cliArgs(line);
        if (!argv) continue;
        count++;
        const args = parseArgs(argv);
        const spec = COMMANDS.find((c) => c.name === args.command);
        for (const o of spec?.options ?? []) {
          if (o.required && !args.help) expect({ line, has: args.options.has(o.name) }).toEqual({ line, has: true });
        }
      }
    }
  }
  expect(count).toBeGreaterThan(10);
});

describe("the command blocks meant for the demo's folder run there", () => {
  const dir = tempDir();
  beforeAll(async () => {
    const demo = await cli("demo", "--out", path.join(dir, "demo", "out"));
    if (demo.code !== 0) throw new Error(`the demo failed: ${demo.stderr}`);
  }, 120_000);

  /** README's demo block runs from the project folder; docs' blocks say `cd demo/out` first. */
  const runnable = PAGES.flatMap((page) =>
    shellBlocks(read(page))
      .filter((b) => b[0] === "cd demo/out" || (page === "README.md" && b.some((l) => l.includes("demo/out/"))))
      .map((b) => [page, b] as const),
  );

  test("there are such blocks in the README, the command line and the review pack pages", () => {
    expect(new Set(runnable.map(([page]) => page))).toEqual(
      new Set(["README.md", "docs/command-line.md", "docs/review-pack.md"]),
    );
  });

  test.each(runnable)(
    "%s: %j",
    async (_page, block) => {
      const cwd = process.cwd();
      let at = dir;
      try {
        for (const line of block) {
          const cd = /^cd (\S+)$/.exec(line);
          if (cd) {
            at = path.join(at, cd[1]);
            continue;
          }
          process.chdir(at);
          const argv = cliArgs(line)!;
          expect(argv).toBeDefined();
          const run = await cli(...argv);
          // validate, review and pack exit 1 on the demo's planted findings and breaches; every
          // other command shown must succeed (a refused close would be 1, a usage error 2).
          const allowed = ["validate", "review", "pack"].includes(argv[0]) ? [0, 1] : [0];
          if (!allowed.includes(run.code) || run.stderr.includes("unexpected error")) {
            throw new Error(`${line}\n exited ${run.code}: ${run.stderr}`);
          }
          const out = argv.indexOf("-o");
          if (out >= 0) expect(fs.existsSync(path.join(at, argv[out + 1]))).toBe(true);
        }
      } finally {
        process.chdir(cwd);
      }
    },
    120_000,
  );
});

test("the function reference matches dist/functions.json (npm run docs)", () => {
  ensureBuilt();
  const page = read("docs/functions.md");
  const metadata = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8"));
  expect(render(page, metadata)).toBe(page);
  for (const f of metadata.functions) expect(page).toContain(`GOV.${f.name}(`);
});

test("every dependency is in the dependency table", () => {
  const pkg = JSON.parse(read("package.json"));
  const table = section("docs/development.md", "Dependencies");
  const all = [
    ...Object.keys(pkg.dependencies),
    ...Object.keys(pkg.devDependencies),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ];
  for (const name of all) expect(table).toContain(`\`${name}\``);
});

test("the workbook layout lists the register and audit columns in their published order", () => {
  // Table cells as "| Header |", whatever padding a formatter gives the columns.
  const layout = read("docs/workbook-layout.md").replace(/\| +/g, "| ").replace(/ +\|/g, " |");
  let at = 0;
  for (const c of REGISTER_COLUMNS) {
    const i = layout.indexOf(`| ${c.header} |`, at);
    expect(i).toBeGreaterThan(at - 1);
    at = i;
  }
  const closure = read("docs/closure.md");
  for (const h of AUDIT_HEADERS) expect(closure.replace(/\s+/g, " ")).toContain(h);
});

test("the measured figures are written by npm run bench between its markers, with the machine and date", () => {
  const page = read("docs/performance.md");
  const { render, START, END } = require("../scripts/bench");
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  expect(page.indexOf(START, start + 1)).toBe(-1);
  const block = page.slice(start, end);
  expect(block).toMatch(/Measured \d{4}-\d{2}-\d{2} on \d+ cores \(.+\), Node v\d+/);
  for (const fn of ["GOV.ATTAINMENT", "GOV.ELAPSED", "GOV.CREDITS_TOTAL", "GOV.SIGMIN_PENALTY", "dist/functions.js"]) {
    expect(block).toContain(fn);
  }
  // The writer replaces only the block, and writes what it is given.
  const machine = { date: "2026-01-02", cores: 2, cpu: "Test CPU", node: "v20.0.0" };
  const again = render(page, [{ what: "x | y", measured: "1 ms", goal: "" }], machine);
  expect(again.slice(0, start)).toBe(page.slice(0, start));
  expect(again.slice(again.indexOf(END))).toBe(page.slice(end));
  expect(again).toContain("| x \\| y | 1 ms |  |");
  expect(again).toContain("Measured 2026-01-02 on 2 cores (Test CPU), Node v20.0.0");
});
