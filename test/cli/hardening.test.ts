/**
 * Minimal reproductions of what the fuzzer found in the command line (issue 26): years
 * 0000-0099 (C2), holiday files (C10), blank option values (C11). In-process runs, temp dirs.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { isPeriodKey } from "../../src/service/period";
import { quoted, quotedList } from "../../src/errors";
import { cli, tempDir } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const BASE = ["--start", "New", "--pause", "Hold", "--stop", "Resolved", "--targets", "P1=4"];
/** INC1 from Tuesday 2024-12-24 16:00 to Friday 2024-12-27 10:00, Mon-Fri 09:00-17:00. */
const CHRISTMAS = "Number,Priority,State,Updated\nINC1,P1,New,2024-12-24 16:00\nINC1,P1,Resolved,2024-12-27 10:00\n";

describe("C2: years 0000-0099 are the years written, outside the supported range", () => {
  test("a ticket time in 0024 is a rejected row, not 1924", async () => {
    const csv = file(
      "y24.csv",
      "Number,Priority,State,Updated\nINC1,P1,New,0024-03-04 09:00\nINC2,P1,New,2024-03-04 09:00\n",
    );
    const run = await cli("tickets", csv, ...BASE, "-o", path.join(dir, "y24.xlsx"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('time "0024-03-04 09:00" is outside 1900-03-01..9999-12-31.');
    expect(run.stdout).not.toContain("1924");
  });

  test("--as-of 0024-03-04 and a holiday in 0024 are refused like year 1000", async () => {
    const csv = file("ok.csv", CHRISTMAS);
    for (const when of ["0024-03-04", "1000-03-04"]) {
      const run = await cli("tickets", csv, ...BASE, "--as-of", when, "-o", path.join(dir, "asof.xlsx"));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--as-of: time "${when}" is outside 1900-03-01..9999-12-31.`);
    }
    const holidays = file("h24.txt", "0024-12-25\n");
    const run = await cli("tickets", csv, ...BASE, "--holidays", holidays, "-o", path.join(dir, "h24.xlsx"));
    expect(run).toMatchObject({
      code: 2,
      stderr: `sla-governance: ${holidays}, line 1: time "0024-12-25" is outside 1900-03-01..9999-12-31.\n`,
    });
    expect(fs.existsSync(path.join(dir, "h24.xlsx"))).toBe(false);
  });

  test("a --period in 0024 is not a month", () => {
    expect(isPeriodKey("0024-03")).toBe(false);
    expect(isPeriodKey("2024-03")).toBe(true);
  });
});

describe("C10: a holidays file", () => {
  test("a one-line DD/MM/YYYY file is a date, not a header: refused without --date-order, applied with it", async () => {
    const csv = file("xmas.csv", CHRISTMAS);
    const holidays = file("one.txt", "25/12/2024\n");
    const refused = await cli(
      "tickets",
      csv,
      ...BASE,
      "--calendar",
      "Mon-Fri 09:00-17:00",
      "--holidays",
      holidays,
      "-o",
      path.join(dir, "a.xlsx"),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${holidays}, line 1: time "25/12/2024" has its day and month in an order that is not known`,
    );
    const out = path.join(dir, "b.xlsx");
    const run = await cli(
      "tickets",
      csv,
      ...BASE,
      "--calendar",
      "Mon-Fri 09:00-17:00",
      "--holidays",
      holidays,
      "--date-order",
      "DMY",
      "-o",
      out,
      "--json",
    );
    expect(run.code).toBe(0);
    // Tue 16:00-17:00 (1 h), Thu 26th (8 h), Fri 09:00-10:00 (1 h): 10 h; the 25th is the holiday.
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet("Tickets")!.getRow(2).getCell(6).value).toBe(10);
  });

  test("a file that yields no holiday is an error", async () => {
    const csv = file("xmas2.csv", CHRISTMAS);
    for (const text of ["Date\n", "Holidays 2024\n\n"]) {
      const holidays = file("none.txt", text);
      const run = await cli("tickets", csv, ...BASE, "--holidays", holidays, "-o", path.join(dir, "c.xlsx"));
      expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining(`${holidays} holds no holiday`) });
    }
  });
});

describe("C11: every blank option value is a usage error", () => {
  test.each([["--tz="], ["--calendar="], ["--tz", ""], ["--services=  "], ["--date-order="], ["--holidays="]])(
    "tickets %s",
    async (...option) => {
      const csv = file("blank.csv", CHRISTMAS);
      const run = await cli("tickets", csv, ...BASE, ...option, "-o", path.join(dir, "d.xlsx"));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^sla-governance: the option --[a-z-]+ is given with a blank value; give a value or leave the option out\.\n$/,
      );
    },
  );

  test("--start= and --pause= keep their documented meaning", async () => {
    const csv = file("blank2.csv", CHRISTMAS);
    const run = await cli(
      "tickets",
      csv,
      "--start=",
      "--pause=",
      "--stop",
      "Resolved",
      "--targets",
      "P1=4",
      "-o",
      path.join(dir, "e.xlsx"),
    );
    expect(run.code).toBe(0);
  });
});

describe("C5: messages quote a bounded excerpt of the input", () => {
  test("quoted and quotedList", () => {
    expect(quoted("Number")).toBe('"Number"');
    expect(quoted("x".repeat(50_000))).toBe(`"${"x".repeat(37)}..." (50,000 characters)`);
    const headers = Array.from({ length: 25 }, (_, i) => `H${i}`);
    expect(quotedList(headers)).toBe(
      `${headers
        .slice(0, 20)
        .map((h) => `"${h}"`)
        .join(", ")} and 5 more`,
    );
  });

  test("many long headers: the message quotes 20 of them, 40 characters each", async () => {
    const headers = Array.from({ length: 400 }, (_, i) => `Column ${i} `.padEnd(2_000, "w"));
    const csv = file("wide.csv", `${headers.join(",")}\n${headers.map(() => "x").join(",")}\n`);
    const run = await cli("tickets", csv, ...BASE, "-o", path.join(dir, "wide.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeLessThan(3_000);
    expect(run.stderr).toContain("and 380 more");
    expect(run.stderr).toContain('"Column 0 wwwwwwwwwwwwwwwwwwwwwwwwwwww..." (2,000 characters)');
  }, 60_000);

  test("a 10 MB header line is refused at once in bounded memory, in one short line", async () => {
    const csv = file("huge.csv", `${"H".repeat(10_000_000)}\nx\n`);
    const run = await cli("tickets", csv, ...BASE, "-o", path.join(dir, "huge.xlsx"));
    expect(run).toMatchObject({
      code: 2,
      stderr: `sla-governance: ${csv}: record 1 is longer than 1,000,000 characters, more than any export row; is it a CSV export?\n`,
    });
  }, 60_000);
});
