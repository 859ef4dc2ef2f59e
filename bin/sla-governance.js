#!/usr/bin/env node
// The sla-governance command line: runs the compiled TypeScript in build/ (npm run build:cli).
const path = require("path");

let cli;
try {
  cli = require(path.join(__dirname, "..", "build", "cli", "main.js"));
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("main.js")) {
    process.stderr.write(
      "sla-governance: the command line is not built yet; run npm run build:cli (npm install does it).\n",
    );
    process.exit(2);
  }
  throw e;
}
cli.run();
