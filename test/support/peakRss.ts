/**
 * This process's peak resident set size, in MB: Linux's VmHWM (/proc/self/status), the high-water
 * mark of this process's own memory. Not `process.resourceUsage().maxRSS`: Linux carries
 * ru_maxrss over fork and exec, so a child started by a 350 MB jest worker reports at least
 * 350 MB whatever it used itself. Elsewhere (no /proc) maxRSS is the best there is.
 */
import * as fs from "fs";

/** The peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // No /proc (macOS, Windows): fall through.
  }
  return process.resourceUsage().maxRSS / 1024;
}
