/**
 * vega stays out of the custom-functions bundle: only the task pane (and the command line)
 * draws the review pack's charts.
 */
import * as fs from "fs";
import * as path from "path";
import { DIST, ensureBuilt } from "../support/bundle";

test("dist/functions.js holds no vega; dist/taskpane.js does", () => {
  ensureBuilt();
  const functions = fs.readFileSync(path.join(DIST, "functions.js"), "utf8");
  const pane = fs.readFileSync(path.join(DIST, "taskpane.js"), "utf8");
  // vega's View and vega-lite's compile leave these names in any build, minified or not.
  expect(functions).not.toMatch(/vega/i);
  expect(pane).toMatch(/vega-lite/);
});
