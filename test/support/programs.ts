/**
 * Programs some tests need beyond `npm install`: Debian's chromium (the pane's browser test)
 * LibreOffice (the independent recalculation of what the command line writes), libxml2's
 * xmllint (schema validation of every part the command line writes) and Info-ZIP's unzip (an
 * independent reader of the zip container, zip64 included).
 *
 * Where one is missing, its tests are skipped with one line saying how to install it; with
 * CI set (as `.ci/run` sets it) a missing program fails the run instead, so a green CI always
 * means the tests really ran.
 */
import * as fs from "fs";
import * as path from "path";

/** A program a test suite needs, and how to get it. */
export interface Program {
  readonly name: string;
  readonly path: string | undefined;
  readonly install: string;
}

function which(candidates: readonly string[]): string | undefined {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const c of candidates) {
    if (path.isAbsolute(c)) {
      if (fs.existsSync(c)) return c;
      continue;
    }
    for (const d of dirs) {
      const p = path.join(d, c);
      if (fs.existsSync(p)) return p;
    }
  }
  return undefined;
}

export const CHROMIUM: Program = {
  name: "Chromium",
  path: which(["/usr/bin/chromium", "chromium"]),
  install: "apt-get install chromium",
};

export const LIBREOFFICE: Program = {
  name: "LibreOffice",
  path: which(["soffice", "/usr/bin/soffice", "libreoffice"]),
  install: "apt-get install libreoffice-calc-nogui",
};

export const XMLLINT: Program = {
  name: "xmllint",
  path: which(["xmllint", "/usr/bin/xmllint"]),
  install: "apt-get install libxml2-utils",
};

/** Info-ZIP's unzip: an independent reader of the zip container the command line writes (zip64 included). */
export const UNZIP: Program = {
  name: "unzip (Info-ZIP)",
  path: which(["unzip", "/usr/bin/unzip"]),
  install: "apt-get install unzip",
};

export const PDFTOTEXT: Program = {
  name: "pdftotext (poppler-utils)",
  path: which(["pdftotext", "/usr/bin/pdftotext"]),
  install: "apt-get install poppler-utils",
};

/** The first program of the list that is missing, as the one `describeWith` reports; else the last. */
export function allOf(...programs: Program[]): Program {
  return programs.find((p) => !p.path) ?? programs[programs.length - 1];
}

/**
 * `describe` when the program is there; otherwise `describe.skip` after one line naming it
 * (or, under CI, a `describe` whose only test fails saying what is missing).
 */
export function describeWith(program: Program): jest.Describe {
  if (program.path) return describe;
  if (process.env.CI) {
    return ((name: string) =>
      describe(name, () => {
        test(`${program.name} is installed`, () => {
          throw new Error(`${program.name} is required under CI: ${program.install}`);
        });
      })) as unknown as jest.Describe;
  }
  process.stdout.write(`Skipping tests that need ${program.name}: install it with \`${program.install}\`.\n`);
  return describe.skip;
}
