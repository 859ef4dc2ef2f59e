/**
 * A custom function from the shipped bundle, for benches: the built dist/functions.js
 * (rebuilt first when a source is newer), evaluated in this realm with a CustomFunctions
 * stub. (Not through test/support/bundle.ts: its vm context makes every global lookup such
 * as Math an interceptor call, which Excel's runtime does not.)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

type Fn = (...args: unknown[]) => unknown;

/** The newest modification time under a folder. */
function newest(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce(
      (t, e) =>
        Math.max(t, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs),
      0,
    );
}

let loaded: Map<string, Fn> | undefined;

/**
 * The bundle's function with this id (GOV.NAME without the namespace), rebuilding dist/
 * when src/ or functions/ is newer.
 * @example shippedFunction("ELAPSED")([[45300]], [[45301]], "24x7", null) // => [[24]]
 */
export function shippedFunction<F extends Fn>(id: string): F {
  if (!loaded) {
    const root = path.resolve(__dirname, "..", "..");
    const bundle = path.join(root, "dist", "functions.js");
    const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
    if (built < Math.max(newest(path.join(root, "src")), newest(path.join(root, "functions")))) {
      console.log("dist/functions.js is older than the sources: building it first");
      execFileSync("npx", ["webpack", "--mode", "production"], { cwd: root, stdio: "ignore" });
    }
    const fns = new Map<string, Fn>();
    const stub = { associate: (name: string, fn: Fn) => fns.set(name, fn), Error: class {}, ErrorCode: {} };
    new Function("CustomFunctions", fs.readFileSync(bundle, "utf8"))(stub);
    loaded = fns;
  }
  const fn = loaded.get(id);
  if (!fn) throw new Error(`dist/functions.js has no function ${id}`);
  return fn as F;
}
