/**
 * Printing the review pack to PDF with a headless Chromium (Debian's /usr/bin/chromium, or
 * the one named by SLA_GOV_CHROMIUM), driven by playwright-core. Where either is missing
 * the pack command says so plainly and writes the HTML only.
 */
import * as fs from "fs";
import * as path from "path";
import { stderrNotice, writeFileThrough } from "./tempdir";

/** The flags Chromium runs with: headless, no sandbox (containers), no GPU, no network chatter. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
] as const;

/** The Chromium to print with, or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.SLA_GOV_CHROMIUM;
  if (named) return fs.existsSync(named) ? named : undefined;
  const dirs = ["/usr/bin", ...(env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  for (const dir of dirs)
    for (const name of ["chromium", "chromium-browser"]) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
  return undefined;
}

/** What printing did. */
export type PrintOutcome =
  { readonly printed: true } | { readonly printed: false; readonly missing: boolean; readonly why: string };

/**
 * Prints an HTML page to an A4 landscape PDF (the page's own @page size and margins).
 * @param html - The whole page.
 * @param out - The PDF to write.
 * @param chromiumPath - The browser (default: the one found on the machine).
 * @param notice - Where the writer's notes go (a stale temporary file removed): the command's stderr.
 * @returns Whether it printed; when not, whether Chromium (or playwright-core) is missing and why.
 */
export async function printPdf(
  html: string,
  out: string,
  chromiumPath = findChromium(),
  notice: (line: string) => void = stderrNotice,
): Promise<PrintOutcome> {
  if (!chromiumPath) return { printed: false, missing: true, why: "no Chromium" };
  let chromium: typeof import("playwright-core").chromium;
  try {
    // A development dependency: loaded only when a PDF is asked for.
    chromium = (await import("playwright-core")).chromium;
  } catch {
    return { printed: false, missing: true, why: "playwright-core is not installed" };
  }
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_FLAGS] });
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    // The bytes come back, and are written through the one temporary-file path (never half a PDF).
    writeFileThrough(out, await page.pdf({ preferCSSPageSize: true, printBackground: true }), notice);
    return { printed: true };
  } catch (e) {
    return { printed: false, missing: false, why: (e instanceof Error ? e.message : String(e)).split("\n")[0] };
  } finally {
    await browser?.close();
  }
}
