/**
 * A CSV saved in a Windows code page (Excel's "CSV (Comma delimited)" on a Western European
 * Windows writes "é" as the single byte 0xE9) is neither UTF-8 nor UTF-16: every command that
 * reads CSV refuses it naming its first such line and the text around its first such character
 * (at most 28 characters before it, 8 after), and never reads it with its characters
 * replaced by U+FFFD (what a lenient decoder does, exit 0 with the names garbled).
 */
import * as fs from "fs";
import * as path from "path";
import { cli, tempDir } from "./helpers";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
};
/** Text in Windows-1252 (Latin-1 for these characters): one byte per character. */
const ansi = (text: string) => Buffer.from(text, "latin1");
const clock = ["--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=4"];
const helpdesk = path.join(__dirname, "..", "fixtures", "helpdesk");

const refusal = (f: string, line: number, text: string) =>
  `sla-governance: ${f} is not UTF-8 or UTF-16 text: line ${line} ("${text}") holds bytes that are not, such as a character saved in a Windows code page; nothing was read (its characters would be lost). Save it from Excel as "CSV UTF-8 (Comma delimited)" or "Unicode Text" and run again.\n`;

describe("a CSV in a Windows code page is refused naming its line", () => {
  test("upgrade: the preview never shows replacement characters", async () => {
    const csv = file("tracker.csv", ansi("Initiative;Planned Savings\nRenegotiate;100\nCafé licences;1200\n"));
    const run = await cli("upgrade", csv, "--dry-run");
    expect(run).toMatchObject({ code: 2, stdout: "", stderr: refusal(csv, 3, "Caf\uFFFD licence") });
    // The same text in UTF-8, with or without a byte-order mark, and in UTF-16 is read.
    const text = "Initiative;Planned Savings\nRenegotiate;100\nCafé licences;1200\n";
    for (const bytes of [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    ]) {
      const ok = await cli("upgrade", file("tracker-ok.csv", bytes), "--dry-run");
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain("Renegotiate | Café licences");
    }
  });

  test("tickets streams its export: a byte past the first megabyte is found, its line named", async () => {
    // Long rows (a description of 2,000 characters): past 1 MB in few tickets.
    const rows = ["Number,Priority,State,Updated,Description"];
    const words = "x".repeat(2000);
    for (let i = 0; rows.length < 600; i++) {
      rows.push(`INC${i},P1,New,2024-03-04 09:00,${words}`, `INC${i},P1,Resolved,2024-03-04 10:00,${words}`);
    }
    const line = rows.length + 1;
    rows.push("INC-Zoë,P1,New,2024-03-05 09:00,a", "");
    const csv = file("export.csv", ansi(rows.join("\n")));
    expect(fs.statSync(csv).size).toBeGreaterThan(1 << 20);
    const out = path.join(dir, "tickets.xlsx");
    const run = await cli("tickets", csv, ...clock, "-o", out);
    expect(run).toMatchObject({ code: 2, stderr: refusal(csv, line, "INC-Zo\uFFFD,P1,New,") });
    expect(fs.existsSync(out)).toBe(false);
    const dry = await cli("tickets", csv, ...clock, "--dry-run");
    expect(dry).toMatchObject({ code: 2, stderr: refusal(csv, line, "INC-Zo\uFFFD,P1,New,") });
  });

  test("a holidays file, a tolerances file, a process log, a survey and a results report", async () => {
    const events = file(
      "events.csv",
      Buffer.from("Number,Priority,State,Updated\nA,P1,New,2024-03-04 09:00\nA,P1,Resolved,2024-03-04 10:00\n"),
    );
    const holidays = file("holidays.csv", ansi("Date,Name\n2024-12-25,Noël\n"));
    expect(
      (await cli("tickets", events, ...clock, "--holidays", holidays, "-o", path.join(dir, "h.xlsx"))).stderr,
    ).toBe(refusal(holidays, 2, "2024-12-25,No\uFFFDl"));
    const tolerances = file(
      "tol.csv",
      ansi(
        "Process,From Activity,To Activity,Tolerance Hours,Owner\nHelpdesk,Assign seriousness,Take in charge ticket,16,José\n",
      ),
    );
    const log = path.join(helpdesk, "helpdesk-slice.csv");
    expect((await cli("steps", log, "--tolerances", tolerances, "--dry-run")).stderr).toBe(
      refusal(tolerances, 2, "...Take in charge ticket,16,Jos\uFFFD"),
    );
    const badLog = file(
      "log.csv",
      ansi("Case,Activity,Time\nC1,Prise en charge,2024-03-04 09:00\nC1,Résolu,2024-03-04 10:00\n"),
    );
    expect(
      (await cli("steps", badLog, "--tolerances", path.join(helpdesk, "tolerances.csv"), "--dry-run")).stderr,
    ).toBe(refusal(badLog, 3, "C1,R\uFFFDsolu,202"));
    const workbook = path.join(dir, "governed.xlsx");
    expect((await cli("new-contract", "-o", workbook)).code).toBe(0);
    const survey = file("survey.csv", ansi("Time,Service ID,Score,Comment\n2024-03-04 09:00,SL-001,9,Très bien\n"));
    expect((await cli("experience", survey, "--workbook", workbook, "--dry-run")).stderr).toBe(
      refusal(survey, 2, "2024-03-04 09:00,SL-001,9,Tr\uFFFDs bien"),
    );
    const report = file("report.csv", ansi("Période,Service ID,Result\n2024-03,SL-001,99%\n"));
    expect((await cli("results", report, "--workbook", workbook, "--dry-run")).stderr).toBe(
      refusal(report, 1, "P\uFFFDriode,Se"),
    );
  });
});
