/**
 * Bundle budget: prints the size of the built custom-functions bundle (dist/functions.js)
 * against the 300 KB budget, and which contract functions it registers.
 * Builds dist/ first when a source is newer than it.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { CONTRACT_FUNCTIONS } from "../src/addin";
import { freshBundle, record } from "./support";

const DIST = path.resolve(__dirname, "..", "dist");
const BUNDLE = path.join(DIST, "functions.js");
const METADATA = path.join(DIST, "functions.json");
const BUDGET_BYTES = 300 * 1024;

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function main(): void {
  freshBundle();
  if (!fs.existsSync(BUNDLE)) {
    console.log(`${path.relative(process.cwd(), BUNDLE)} is missing: run \`npm run build\` first.`);
    process.exitCode = 1;
    return;
  }
  const code = fs.readFileSync(BUNDLE);
  const bytes = code.length;
  const gzipped = zlib.gzipSync(code, { level: 9 }).length;
  const headroom = BUDGET_BYTES - bytes;
  const built = fs.statSync(BUNDLE).mtime.toISOString();
  console.log(`dist/functions.js (built ${built})`);
  console.log(`  size      ${bytes} bytes = ${kb(bytes)} (gzip ${gzipped} bytes = ${kb(gzipped)})`);
  console.log(`  budget    ${BUDGET_BYTES} bytes = ${kb(BUDGET_BYTES)}`);
  console.log(
    `  headroom  ${headroom} bytes = ${kb(headroom)} (${((100 * bytes) / BUDGET_BYTES).toFixed(1)}% of the budget used)`,
  );
  if (headroom < 0) {
    console.log("  OVER BUDGET");
    process.exitCode = 1;
  }
  const count = fs.existsSync(METADATA)
    ? (JSON.parse(fs.readFileSync(METADATA, "utf8")) as { functions: unknown[] }).functions.length
    : "?";
  record([
    {
      what: `\`dist/functions.js\`, all ${count} functions`,
      measured: `${kb(bytes)} minified (${kb(gzipped)} gzip)`,
      goal: `under ${kb(BUDGET_BYTES).replace(".0 ", " ")}`,
    },
  ]);
  if (!fs.existsSync(METADATA)) return;
  const ids = new Set<string>(
    (JSON.parse(fs.readFileSync(METADATA, "utf8")) as { functions: Array<{ id: string }> }).functions.map((f) => f.id),
  );
  const missing = CONTRACT_FUNCTIONS.filter((id) => !ids.has(id));
  const extra = [...ids].filter((id) => !CONTRACT_FUNCTIONS.includes(id)).sort();
  console.log(
    `  functions ${ids.size} registered: ${CONTRACT_FUNCTIONS.length - missing.length} of ${CONTRACT_FUNCTIONS.length} contract`,
  );
  console.log(`            beyond the contract: ${extra.join(", ") || "none"}`);
  if (missing.length) console.log(`            contract functions missing: ${missing.join(", ")}`);
}

main();
