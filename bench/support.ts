/**
 * The shipped custom functions for the benchmarks: dist/functions.js (rebuilt first when a
 * source under src/ or functions/ is newer), evaluated in this realm with a CustomFunctions
 * stub, so every function is called exactly as Excel's runtime calls it. (Not through
 * test/support/bundle.ts's loader: its vm context makes every global lookup such as Math an
 * interceptor call, which Excel's runtime does not.)
 */
import * as fs from "fs";
import * as path from "path";
import { DIST, build, staleSource } from "../test/support/bundle";

/** A custom function as the bundle registers it. */
export type Fn = (...args: any[]) => any;

/** The stub's error class, so a benchmark can tell an Excel error from a value. */
export class BenchError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

let loaded: Map<string, Fn> | undefined;

/** Builds dist/ when a source under src/ or functions/ is newer than dist/functions.js. */
export function freshBundle(): void {
  const stale = staleSource();
  if (stale !== undefined) {
    console.log(`dist/functions.js is older than ${stale}: building it first`);
    build();
  }
}

/**
 * Every function of the built bundle by id, building dist/ first when it is stale.
 * @returns The associations the bundle made.
 */
export function shippedFunctions(): Map<string, Fn> {
  if (loaded) return loaded;
  freshBundle();
  const fns = new Map<string, Fn>();
  const stub = { associate: (id: string, fn: Fn) => fns.set(id, fn), Error: BenchError, ErrorCode: {} };
  new Function("CustomFunctions", fs.readFileSync(path.join(DIST, "functions.js"), "utf8"))(stub);
  loaded = fns;
  return fns;
}

/**
 * The best of `reps` timed runs after one warm-up, in nanoseconds.
 * @param reps - Timed runs.
 * @param run - The work; its last result is returned.
 * @returns The best time and the last result.
 */
export function bestOf<T>(reps: number, run: () => T): { ns: number; value: T } {
  let value = run(); // warm-up
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    value = run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return { ns: best, value };
}

/** A small deterministic generator (mulberry32), so every run measures the same data. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One line of the README's performance table. */
export interface Figure {
  readonly what: string;
  readonly measured: string;
  readonly goal?: string;
}

/**
 * Hands figures to `npm run bench` (scripts/bench.js), which writes them into the README
 * after a full run. Outside that runner (BENCH_RESULTS unset) this does nothing.
 * @param figures - The lines, in the order they should appear.
 */
export function record(figures: readonly Figure[]): void {
  const file = process.env.BENCH_RESULTS;
  if (file) fs.appendFileSync(file, figures.map((f) => JSON.stringify(f) + "\n").join(""));
}
