/**
 * The one CSV reader (cli/csv.ts). The delimiter comes from the header line, a title block
 * above it skipped. A CSV saved in a Windows code page (Excel's "CSV (Comma delimited)" on a Western European
 * Windows writes "é" as the single byte 0xE9) is neither UTF-8 nor UTF-16: every command that
 * reads CSV refuses it naming its first such line and the text around its first such character
 * (at most 28 characters before it, 8 after), and never reads it with its characters
 * replaced by U+FFFD (what a lenient decoder does, exit 0 with the names garbled).
 */
import * as fs from "fs";
import * as path from "path";
import { cli, tempDir } from "./helpers";
import { detectedDelimiter } from "../../cli/csv";
import { wholeCharacters } from "../../cli/csv";
import { openWorkbook } from "../../cli/xlsx";

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

describe("the delimiter", () => {
  test("the first line holding a delimiter decides: a title block is skipped, data rows never vote", () => {
    expect(detectedDelimiter("a;b;c\n1;2;3")).toBe(";");
    expect(detectedDelimiter("a,b\n1,2")).toBe(",");
    expect(detectedDelimiter("Vendor SLA report\n\nMonth;SLA;Achieved\n01.2024;SL-001;99,5")).toBe(";");
    // A ";" file whose values carry decimal commas: the header line alone decides.
    expect(detectedDelimiter("A;B;C\n1,5;2,5;3,5\n4,5;5,5;6,5")).toBe(";");
    // Quoted delimiters do not count; a quoted line break does not end the line.
    expect(detectedDelimiter('"x;y;z"\n"a\nb",c')).toBe(",");
    expect(detectedDelimiter('"Title, with a comma"\nA;B\n')).toBe(";");
    expect(detectedDelimiter("one column\nonly")).toBe(",");
  });

  test("upgrade reads a ';' CSV below a title line (it read the title's delimiter, ',', before)", async () => {
    const csv = file(
      "titled.csv",
      Buffer.from("Savings tracker FY2024\nInitiative;Planned Savings\nCut licences;1200\n"),
    );
    const run = await cli("upgrade", csv, "--dry-run", "--json");
    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout);
    expect(preview.headerRow).toBe(2);
    expect(preview.fields.map((f: { field: string; column: string }) => `${f.field}=${f.column}`)).toEqual([
      "measure=A",
      "planned=B",
    ]);
  });
});

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

describe("a UTF-8 export streamed as its bytes", () => {
  test("wholeCharacters: a character cut at a chunk's end waits for the next chunk", () => {
    const e = Buffer.from("é"); // 2 bytes
    const euro = Buffer.from("€"); // 3 bytes
    const face = Buffer.from("😀"); // 4 bytes
    const ab = Buffer.from("ab");
    expect(wholeCharacters(ab)).toBe(2);
    expect(wholeCharacters(Buffer.concat([ab, e]))).toBe(4);
    expect(wholeCharacters(Buffer.concat([ab, e.subarray(0, 1)]))).toBe(2);
    expect(wholeCharacters(Buffer.concat([ab, euro.subarray(0, 2)]))).toBe(2);
    expect(wholeCharacters(Buffer.concat([ab, face.subarray(0, 3)]))).toBe(2);
    expect(wholeCharacters(Buffer.concat([ab, face]))).toBe(6);
    expect(wholeCharacters(Buffer.alloc(0))).toBe(0);
  });

  test("characters across every chunk boundary are read whole; a bad byte after them is still refused", async () => {
    // Ticket names of 1 to 4 byte characters, the file far past the reader's 64 KB chunks, so
    // characters straddle the boundaries at every offset.
    const names = ["Zoë", "Łódź", "€uro", "😀smile", "plain"];
    const rows = ["Number,Priority,State,Updated"];
    for (let i = 0; i < 6000; i++) {
      const name = `${names[i % names.length]}-${i}`;
      rows.push(`${name},P1,New,2024-03-04 09:00`, `${name},P1,Resolved,2024-03-04 10:00`);
    }
    const csv = file("names.csv", Buffer.from(rows.join("\n") + "\n"));
    expect(fs.statSync(csv).size).toBeGreaterThan(6 * 64 * 1024);
    const run = await cli("tickets", csv, ...clock, "--dry-run", "--json");
    expect(run.code).toBe(0);
    const out = path.join(dir, "names.xlsx");
    expect((await cli("tickets", csv, ...clock, "-o", out)).code).toBe(0);
    const tickets = (await openWorkbook(out))
      .grid("Tickets")!
      .slice(1)
      .map((r) => r[0]);
    expect(tickets).toHaveLength(6000);
    expect(tickets.filter((t) => typeof t === "string" && /^(Zoë|Łódź|€uro|😀smile|plain)-\d+$/.test(t))).toHaveLength(
      6000,
    );
    // The same file cut in the middle of its last "😀" is not UTF-8.
    const cut = file("cut.csv", Buffer.concat([Buffer.from(rows.join("\n") + "\n"), Buffer.from("😀").subarray(0, 2)]));
    expect((await cli("tickets", cut, ...clock, "-o", path.join(dir, "cut.xlsx"))).code).toBe(2);
  });
});
