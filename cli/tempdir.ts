/**
 * Temporary folders and files that never outlive the command: removed when the work is done,
 * when it fails, when the process exits, and on Ctrl+C (SIGINT) or SIGTERM, whichever comes
 * first. Every writer of the command line writes through tempFileBeside, so this is the one
 * cleanup path; a stale file of a killed run (SIGKILL) is removed by the next run.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A temporary folder and its removal (safe to call more than once). */
export interface TempDir {
  readonly path: string;
  remove(): void;
}

/** The folders and files alive in this process, for the exit and signal handlers. */
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

/** A temporary file written beside its target and renamed over it (see tempFileBeside). */
export interface TempFile {
  readonly path: string;
  /** Removes the file (safe to call more than once, or after it was renamed). */
  remove(): void;
  /** Renames it over the target: the work is done, nothing is left to remove. */
  commit(): void;
  /**
   * Puts it in place only where nothing is (a key file is never overwritten): a hard link, so
   * the target appears whole; where links are not supported, an exclusive copy.
   * @throws EEXIST when the target exists (a dangling link too); the temporary file stays for remove().
   */
  commitNew(): void;
}

/** Our temporary files: `.NAME.<pid>.tmp` (or `.NAME.<pid>.<role>.tmp`, a second file of one write) beside NAME. */
const OURS = /^\..+\.(\d+)(?:\.[a-z]+)?\.tmp$/;

/** A note on stderr, as the command line words them (the default notice of a removed stale file). */
export const stderrNotice = (line: string): void => void process.stderr.write(`sla-governance: ${line}\n`);

/** True when a process with this id is running (signal 0 only checks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // someone else's process: alive
  }
}

/**
 * Removes temporary files of ours that a killed run left in a folder (SIGKILL gives no chance
 * to clean up): `.NAME.<pid>.tmp` whose process is no longer running.
 * @returns The files removed, for the run to say so.
 */
export function removeStaleTemps(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(OURS.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || running(pid)) continue;
    const file = path.join(folder, name);
    try {
      if (!fs.lstatSync(file).isFile()) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Another run removed it first, or it cannot be removed: nothing to say.
    }
  }
  return removed;
}

/**
 * The one path for a file written through a temporary file: `.NAME.<pid>.tmp` beside the
 * target, removed on failure (`remove`), on exit, on Ctrl+C (SIGINT) and SIGTERM; `commit`
 * renames it over the target. Stale temporary files of killed runs in the folder are removed
 * first and reported through `notice`.
 * @param role - For a second file of the same write (a scratch copy): `.NAME.<pid>.<role>.tmp`,
 *   which is never committed, only removed.
 * @example const tmp = tempFileBeside("out.xlsx", say); try { write(tmp.path); tmp.commit(); } catch (e) { tmp.remove(); throw e; }
 */
export function tempFileBeside(target: string, notice: (line: string) => void = stderrNotice, role = ""): TempFile {
  hook();
  for (const stale of removeStaleTemps(path.dirname(path.resolve(target)))) {
    notice(`removed ${stale}, a temporary file left by an interrupted run.`);
  }
  if (role && !/^[a-z]+$/.test(role)) throw new Error(`tempFileBeside: a role is lower-case letters, got ${role}`);
  const file = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}${role ? `.${role}` : ""}.tmp`);
  live.add(file);
  return {
    path: file,
    remove() {
      fs.rmSync(file, { force: true });
      live.delete(file);
    },
    commit() {
      fs.renameSync(file, target);
      live.delete(file);
    },
    commitNew() {
      try {
        fs.linkSync(file, target);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw e;
        fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
      }
      fs.rmSync(file, { force: true });
      live.delete(file);
    },
  };
}

/**
 * Writes a whole file (text or bytes) through tempFileBeside: the target appears complete or
 * not at all, and nothing is left behind on failure or interruption.
 * @throws The write's error, the temporary file removed.
 * @example writeFileThrough("pack.html", html) // pack.html written whole, or not at all
 */
export function writeFileThrough(
  target: string,
  data: string | Uint8Array,
  notice: (line: string) => void = stderrNotice,
): void {
  const tmp = tempFileBeside(target, notice);
  try {
    fs.writeFileSync(tmp.path, data);
    tmp.commit();
  } catch (e) {
    tmp.remove();
    throw e;
  }
}
