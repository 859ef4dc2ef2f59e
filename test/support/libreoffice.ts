/**
 * LibreOffice as an independent spreadsheet engine: opens .xlsx files headless, recalculates
 * every formula on load and saves them again, so a test can read what a real engine computed
 * from the formulas we wrote (ExcelJS reads the new cached values).
 *
 * Each run gets a fresh user profile in a temporary folder whose settings say: recalculate
 * OOXML files always on load (`OOXMLRecalcMode` 0; LibreOffice's default keeps the cached
 * values) and use the en-US locale (so dates and decimal points read as written).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LIBREOFFICE } from "./programs";

const SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
`;

/**
 * Recalculates .xlsx files in LibreOffice (one process for all of them) and returns the paths
 * of the recalculated copies, in the same order. The inputs are not changed.
 * @param files - Paths of .xlsx files with distinct base names.
 * @param outDir - Where the copies go (a temporary folder of the caller's).
 */
export function recalculate(files: readonly string[], outDir: string): string[] {
  return convert(files, outDir, "xlsx:Calc MS Excel 2007 XML", ".xlsx");
}

/**
 * Prints .xlsx files to PDF in LibreOffice, every sheet as its print setup says (orientation,
 * fit to width, repeated rows, footer), and returns the PDFs' paths in the same order.
 */
export function printToPdf(files: readonly string[], outDir: string): string[] {
  return convert(files, outDir, "pdf", ".pdf");
}

function convert(files: readonly string[], outDir: string, filter: string, ext: string): string[] {
  if (!LIBREOFFICE.path) throw new Error(`LibreOffice is not installed: ${LIBREOFFICE.install}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sla-gov-lo-profile-"));
  try {
    fs.mkdirSync(path.join(profile, "user"), { recursive: true });
    fs.writeFileSync(path.join(profile, "user", "registrymodifications.xcu"), SETTINGS);
    const inDir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-gov-lo-in-"));
    // Inputs are copied so LibreOffice's lock files never land beside the caller's files.
    const copies = files.map((f) => {
      const copy = path.join(inDir, path.basename(f));
      fs.copyFileSync(f, copy);
      return copy;
    });
    execFileSync(
      LIBREOFFICE.path,
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        filter,
        "--outdir",
        outDir,
        ...copies,
      ],
      { stdio: "pipe", timeout: 240000, env: { ...process.env, HOME: profile, LANG: "en_US.UTF-8" } },
    );
    fs.rmSync(inDir, { recursive: true, force: true });
    const outs = files.map((f) => path.join(outDir, path.basename(f).replace(/\.xlsx$/i, ext)));
    for (const o of outs) if (!fs.existsSync(o)) throw new Error(`LibreOffice did not write ${o}`);
    return outs;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
