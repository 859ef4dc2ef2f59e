// npm run bench: runs every bench/*.ts in turn (one process each, so one does not warm up another).
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const dir = path.join(__dirname, "..", "bench");
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
for (const f of files) {
  console.log(`\n=== ${f}`);
  execFileSync(process.execPath, ["--import", "tsx", "--expose-gc", path.join(dir, f)], { stdio: "inherit" });
}
