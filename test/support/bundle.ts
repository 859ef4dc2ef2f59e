/**
 * Loads the built dist/functions.js the way Excel's JavaScript-only custom-functions
 * runtime does: a bare JavaScript context whose only special global is CustomFunctions.
 * No window, no document, no Office. Builds dist/ first when it is missing.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

export const DIST = path.resolve(__dirname, "..", "..", "dist");

/** The fake of CustomFunctions.Error the bundle constructs; tests read code and message. */
export class FakeExcelError {
  readonly code: string;
  readonly message?: string;
  constructor(code: string, message?: string) {
    this.code = code;
    this.message = message;
  }
}

export interface LoadedBundle {
  /** Every id the bundle associated, with its function. */
  readonly functions: Map<string, (...args: unknown[]) => unknown>;
  /** Calls a function by id; an error thrown by the function is returned, as Excel shows it. */
  call(id: string, ...args: unknown[]): unknown;
  /** The parsed dist/functions.json. */
  readonly metadata: {
    functions: Array<{
      id: string;
      name: string;
      parameters: Array<{ name: string; optional?: boolean; dimensionality?: string }>;
    }>;
  };
}

const ROOT = path.resolve(DIST, "..");
/** The folders the functions bundle is built from. */
const SOURCES = ["src", "functions"].map((d) => path.join(ROOT, d));

/** The newest file under a folder: its path and modification time. */
function newest(dir: string): { file: string; mtimeMs: number } {
  let best = { file: dir, mtimeMs: 0 };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const found = e.isDirectory() ? newest(p) : { file: p, mtimeMs: fs.statSync(p).mtimeMs };
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  return best;
}

/**
 * The source file (under src/ or functions/) modified after dist/functions.js was built,
 * or undefined when the bundle is current. Missing dist/ counts as stale.
 */
export function staleSource(): string | undefined {
  const bundle = path.join(DIST, "functions.js");
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  const source = SOURCES.map(newest).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  return source.mtimeMs > built ? path.relative(ROOT, source.file) : undefined;
}

/** Builds dist/ with webpack (production mode), the way `npm run build` does. */
export function build(): void {
  execFileSync("npx", ["webpack", "--mode", "production"], { stdio: "inherit", cwd: ROOT });
  // webpack leaves a file whose content did not change untouched, so its time would still
  // look older than the source just edited (a comment, say): mark the bundle as built now.
  const now = new Date();
  fs.utimesSync(path.join(DIST, "functions.js"), now, now);
}

/**
 * Ensures dist/ exists and was built from the current sources. CI builds before jest; a
 * developer running one test file may not have, so a missing dist/ is built here. A dist/
 * older than a source is refused rather than rebuilt: test files run in parallel workers,
 * and several webpack runs replacing dist/ under each other would make tests fail at random.
 * Tests of a stale bundle would pass or fail on old code, which is worse.
 */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(DIST, "functions.js")) || !fs.existsSync(path.join(DIST, "functions.json"))) build();
  const stale = staleSource();
  if (stale !== undefined) {
    throw new Error(
      `dist/functions.js is older than ${stale}: the bundle tests would test old code. ` +
        "Run `npx webpack --mode production` (or `npm run build`) first.",
    );
  }
}

let cached: LoadedBundle | undefined;

/** Runs bundle code in a bare context whose only special global is CustomFunctions; returns the associations. */
export function runInBareContext(code: string): Map<string, (...args: unknown[]) => unknown> {
  const functions = new Map<string, (...args: unknown[]) => unknown>();
  const CustomFunctions = {
    associate(id: string, fn: (...args: unknown[]) => unknown) {
      if (functions.has(id)) throw new Error(`duplicate association ${id}`);
      functions.set(id, fn);
    },
    Error: FakeExcelError,
    ErrorCode: {
      invalidValue: "#VALUE!",
      notAvailable: "#N/A",
      divisionByZero: "#DIV/0!",
      invalidNumber: "#NUM!",
      nullReference: "#NULL!",
    },
  };
  // A context with the language's own globals only, plus CustomFunctions.
  vm.runInContext(code, vm.createContext({ CustomFunctions }), { filename: "functions.js" });
  return functions;
}

/** Loads (once per test file) the built bundle in a bare context. */
export function loadBundle(): LoadedBundle {
  if (cached) return cached;
  ensureBuilt();
  const functions = runInBareContext(fs.readFileSync(path.join(DIST, "functions.js"), "utf8"));
  const metadata = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8"));
  cached = {
    functions,
    metadata,
    call(id, ...args) {
      const fn = functions.get(id);
      if (!fn) throw new Error(`no function associated with id ${id}`);
      try {
        return fn(...args);
      } catch (e) {
        if (e instanceof FakeExcelError) return e;
        throw e;
      }
    },
  };
  return cached;
}

/** True when `value` is an Excel error with this code (and, when given, a message containing `text`). */
export function isExcelError(value: unknown, code: string, text?: string): boolean {
  return (
    value instanceof FakeExcelError &&
    value.code === code &&
    (text === undefined || (value.message ?? "").includes(text))
  );
}
