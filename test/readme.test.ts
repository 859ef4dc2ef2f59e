/** The README is the front door: these checks keep it telling the truth. */
import * as fs from "fs";
import * as path from "path";
import { REGISTER_COLUMNS } from "../src/governance/model";
import { AUDIT_HEADERS } from "../src/governance/audit";
import { DIST, ensureBuilt } from "./support/bundle";

const ROOT = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const { render } = require("../scripts/function-reference");

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = readme.indexOf("\n## ", start + 3);
  return readme.slice(start, next < 0 ? undefined : next);
}

test("the set-up commands are the ones CI and users run", () => {
  expect(readme).toContain("npm install && npm start");
  expect(readme).toContain("npm test");
  expect(readme).toContain("npm install && npm run demo");
});

test("the function reference matches dist/functions.json (npm run docs)", () => {
  ensureBuilt();
  const metadata = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8"));
  expect(render(readme, metadata)).toBe(readme);
  for (const f of metadata.functions) expect(readme).toContain(`GOV.${f.name}(`);
});

test("every dependency is in the dependency table", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const table = section("Dependencies");
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
    expect(table).toContain(`\`${name}\``);
  }
});

test("the workbook layout lists the register and audit columns in their published order", () => {
  const layout = section("Workbook layout");
  let at = 0;
  for (const c of REGISTER_COLUMNS) {
    const i = layout.indexOf(`| ${c.header} |`, at);
    expect(i).toBeGreaterThan(at - 1);
    at = i;
  }
  const closure = section("Closure and the audit trail");
  for (const h of AUDIT_HEADERS) expect(closure.replace(/\s+/g, " ")).toContain(h);
});

test("the measured figures are written by npm run bench between its markers, with the machine and date", () => {
  const { render, START, END } = require("../scripts/bench");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  expect(readme.indexOf(START, start + 1)).toBe(-1);
  const block = readme.slice(start, end);
  expect(block).toMatch(/Measured \d{4}-\d{2}-\d{2} on \d+ cores \(.+\), Node v\d+/);
  for (const fn of ["GOV.ATTAINMENT", "GOV.ELAPSED", "GOV.CREDITS_TOTAL", "GOV.SIGMIN_PENALTY", "dist/functions.js"]) {
    expect(block).toContain(fn);
  }
  // The writer replaces only the block, and writes what it is given.
  const machine = { date: "2026-01-02", cores: 2, cpu: "Test CPU", node: "v20.0.0" };
  const again = render(readme, [{ what: "x | y", measured: "1 ms", goal: "" }], machine);
  expect(again.slice(0, start)).toBe(readme.slice(0, start));
  expect(again.slice(again.indexOf(END))).toBe(readme.slice(end));
  expect(again).toContain("| x \\| y | 1 ms |  |");
  expect(again).toContain("Measured 2026-01-02 on 2 cores (Test CPU), Node v20.0.0");
});
