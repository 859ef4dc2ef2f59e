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

/** Ensures dist/ exists (CI builds before jest; a developer running one test file may not have). */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(DIST, "functions.js")) || !fs.existsSync(path.join(DIST, "functions.json"))) {
    execFileSync("npx", ["webpack", "--mode", "production"], { stdio: "inherit", cwd: path.resolve(DIST, "..") });
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
