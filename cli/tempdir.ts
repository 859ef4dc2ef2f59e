/**
 * Temporary folders that never outlive the command: removed when the work is done, when it
 * fails, when the process exits, and on Ctrl+C (SIGINT) or SIGTERM, whichever comes first.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A temporary folder and its removal (safe to call more than once). */
export interface TempDir {
  readonly path: string;
  remove(): void;
}

/** The folders alive in this process, for the exit and signal handlers. */
const live = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** On a signal: remove the folders, then die of the signal as a command should (exit 128 + n). */
function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  process.exit(128 + (os.constants.signals[signal] ?? 0));
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", removeAll);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}

/**
 * A new empty folder in the system's temporary folder (`TMPDIR`), removed by `remove()` or, at
 * the latest, when the process exits or is interrupted.
 * @param prefix - The folder name's start, such as "sla-tickets-".
 * @example const tmp = tempDir("sla-tickets-"); try { ... } finally { tmp.remove(); }
 */
export function tempDir(prefix: string): TempDir {
  hook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  live.add(dir);
  return {
    path: dir,
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    },
  };
}
