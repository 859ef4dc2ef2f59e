/**
 * Minimal reproductions of what the fuzzer found in the command line (issue 26): years
 * 0000-0099 (C2), holiday files (C10), blank option values (C11). In-process runs, temp dirs.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook, stream } from "exceljs";
import JSZip from "jszip";
import { isPeriodKey } from "../../src/service/period";
import { quoted, quotedList } from "../../src/errors";
import { MAX_CELL_CHARS, cutCellsOf, fitCellText, fitCells, isCutText } from "../../src/cellText";
import { present } from "../../src/governance/present";
import { validateRegister } from "../../src/governance/validate";
import { COLUMN_INDEX, columnLetter, emptyRow } from "../../src/governance/model";
import { cli, sheetRows, tempDir } from "./helpers";

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
      "Number,Priority,State,Updated\nINC1,P1,New,0024-03-04 09:00\nINC2,P1,New,2024-03-04 09:00\nINC2,P1,Resolved,2024-03-04 10:00\n",
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
    expect(quotedList(["Key", "", " ", "Status"])).toBe('"Key", (blank), (blank), "Status"');
    const long = quotedList(Array.from({ length: 25 }, (_, i) => `H${i} ${"y".repeat(100)}`));
    expect(long.endsWith(" and 5 more")).toBe(true);
    expect(long.length).toBeLessThan(20 * 70);
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

describe("messages that name the file and the cause (C6, C7, C8, C12)", () => {
  test("C8: a password-protected .xlsx (an OLE file with EncryptionInfo) and a 97-2003 .xls", async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = path.join(dir, "secret.xlsx");
    fs.writeFileSync(
      encrypted,
      Buffer.concat([ole, Buffer.alloc(3000), Buffer.from("EncryptionInfo", "utf16le"), Buffer.alloc(100)]),
    );
    const run = await cli("validate", encrypted);
    expect(run).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`${encrypted} is password-protected: save a copy without a password to open`),
    });
    const xls = path.join(dir, "old.xlsx");
    fs.writeFileSync(xls, Buffer.concat([ole, Buffer.alloc(3000), Buffer.from("Workbook", "utf16le")]));
    expect((await cli("validate", xls)).stderr).toContain("is an Excel 97-2003 workbook (.xls)");
  });

  test("C12: a workbook without shared strings (every text inline) is read as its text", async () => {
    const file = path.join(dir, "inline.xlsx");
    const writer = new stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = writer.addWorksheet("Client");
    ws.addRow(["Initiative", "Owner"]).commit();
    ws.addRow(["Cut licences", "Ana"]).commit();
    ws.commit();
    await writer.commit();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    expect(zip.file("xl/sharedStrings.xml")).toBeNull();
    const run = await cli("upgrade", file, "--org", "Contoso", "-o", path.join(dir, "inline-out.xlsx"), "--json");
    expect(run.stderr).not.toContain("No column is mapped");
    expect([0, 1]).toContain(run.code);
    expect(JSON.parse(run.stdout).items.Measure).toBe(1);
  });

  test("C12: a .docx renamed .xlsx is not an .xlsx workbook (not 'no Services sheet')", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("word/document.xml", "<w:document/>");
    const docx = path.join(dir, "letter.xlsx");
    fs.writeFileSync(docx, await zip.generateAsync({ type: "nodebuffer" }));
    for (const argv of [
      ["review", docx, "-o", path.join(dir, "r.xlsx")],
      ["validate", docx],
    ]) {
      const run = await cli(...argv);
      expect(run).toMatchObject({
        code: 2,
        stderr: `sla-governance: ${docx} is not an .xlsx workbook: the file is a zip without a workbook in it (a Word or PowerPoint file renamed .xlsx?).\n`,
      });
    }
  });

  test("C7: keygen refuses -o NAME.pub.json and writes the private key as NAME.key", async () => {
    const pub = path.join(dir, "carla.pub.json");
    const refused = await cli("keygen", "--controller", "Carla", "-o", pub);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("a name ending in .pub.json is the public key file's");
    expect(fs.existsSync(pub)).toBe(false);
    const run = await cli("keygen", "--controller", "Carla", "-o", path.join(dir, "carla"));
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "carla.key"), "utf8")).toContain("BEGIN PRIVATE KEY");
    expect(JSON.parse(fs.readFileSync(pub, "utf8")).controller).toBe("Carla");
  });

  test("C6: -o into a missing folder, or under a path whose parent is a file, names the output and the cause", async () => {
    const csv = file("c6.csv", CHRISTMAS);
    const parentIsFile = path.join(csv, "out.xlsx");
    const t = await cli("tickets", csv, ...BASE, "-o", parentIsFile);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain(parentIsFile);
    expect(t.stderr).not.toMatch(/unexpected error|\.tmp|\.partial/);
    const missing = path.join(dir, "no-such-folder", "out.xlsx");
    const m = await cli("tickets", csv, ...BASE, "-o", missing);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain(missing);
    expect(m.stderr).not.toContain("unexpected error");
    const pack = await cli("pack", csv.replace(/\.csv$/, ".xlsx"), "-o", path.join(dir, "nowhere", "pack.html"));
    expect(pack).toMatchObject({
      code: 2,
      stderr: `sla-governance: cannot write ${path.join(dir, "nowhere", "pack.html")}: the folder ${path.join(dir, "nowhere")} does not exist\n`,
    });
  });

  test("C6: an output that cannot be written (here a folder of that name) is named with the cause in words", async () => {
    const folder = path.join(dir, "taken.xlsx");
    fs.mkdirSync(folder);
    const t = await cli("tickets", file("c6b.csv", CHRISTMAS), ...BASE, "-o", folder, "--force");
    expect(t).toMatchObject({
      code: 2,
      stderr: `sla-governance: cannot write ${folder}: it is a folder (EISDIR)\n`,
    });
    // No temporary file named, none left behind.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const demo = path.join(dir, "c6-demo");
    await cli("demo", "--out", demo);
    const html = path.join(dir, "taken.html");
    fs.mkdirSync(html);
    const pack = await cli("pack", path.join(demo, "reviewed.xlsx"), "-o", html, "--force");
    expect(pack).toMatchObject({ code: 2, stderr: `sla-governance: cannot write ${html}: it is a folder (EISDIR)\n` });
  }, 120_000);
});

describe("C12: CSV encodings and repeated headers", () => {
  const TEXT = "Number,Priority,State,Updated\nINC1,P1,New,2024-03-04 09:00\nINC1,P1,Resolved,2024-03-04 10:00\n";
  const be = (text: string) => Buffer.from(text, "utf16le").swap16();
  test.each([
    ["UTF-16LE without a byte-order mark", Buffer.from(TEXT, "utf16le")],
    ["UTF-16LE with one", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")])],
    ["UTF-16BE with one", Buffer.concat([Buffer.from([0xfe, 0xff]), be(TEXT)])],
    ["UTF-16BE without one", be(TEXT)],
  ])("%s is read as its text", async (_, bytes) => {
    const csv = path.join(dir, "u16.csv");
    fs.writeFileSync(csv, bytes);
    const run = await cli("tickets", csv, ...BASE, "-o", path.join(dir, `u16-${bytes[0]}-${bytes[1]}.xlsx`));
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Read 2 event\(s\) of 1 ticket\(s\); 1 stopped/);
  });

  test("two columns with the same header are refused, naming both; col:LETTER chooses one (C12)", async () => {
    const csv = file(
      "dup.csv",
      "Number,Number,State,Updated\nINC1,X,New,2024-03-04 09:00\nINC1,X,Resolved,2024-03-04 10:00\n",
    );
    const run = await cli("tickets", csv, ...BASE, "-o", path.join(dir, "dup.xlsx"));
    expect(run).toMatchObject({
      code: 2,
      stderr:
        'sla-governance: column mapping: columns A and B are both headed "Number", so the ticket column is ambiguous; choose one by its letter (--map ticket=col:A, or "ticket": "col:A" in a mapping file), or rename all but one. ' +
        'Header row 1 of "dup.csv": "Number", "Number", "State", "Updated". ' +
        "Fix: --map FIELD=HEADER with a header of that row, or --header-row N when the headers are on another row (--dry-run shows the mapping).\n",
    });
    const chosen = await cli("tickets", csv, ...BASE, "--map", "ticket=col:A", "-o", path.join(dir, "dup-a.xlsx"));
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toMatch(/^Read 2 event\(s\) of 1 ticket\(s\)/);
    // A one-row-per-ticket option names its column by letter the same way.
    const wide = file("dup-wide.csv", "Number,Opened,Opened,Resolved\nINC1,2024-03-04 09:00,x,2024-03-04 10:00\n");
    const ambiguous = await cli(
      "tickets",
      wide,
      "--opened",
      "Opened",
      "--resolved",
      "Resolved",
      "--targets",
      "P1=4",
      "-o",
      path.join(dir, "w.xlsx"),
    );
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--opened: columns B and C are both headed "Opened"');
    expect(ambiguous.stderr).toContain("(--opened=col:B)");
  });

  test("--map ticket=state,state=state names the column chosen twice", async () => {
    const csv = file("map.csv", TEXT);
    const run = await cli(
      "tickets",
      csv,
      ...BASE,
      "--map",
      "ticket=state,state=state",
      "-o",
      path.join(dir, "map.xlsx"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the column "State" is chosen for both ticket and state');
  });
});

describe("C13: compressed inputs are bounded", () => {
  test("a 200 KB .xlsx holding one 80 MB string is refused from its zip directory, in bounded memory", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("xl/workbook.xml", "<workbook/>");
    zip.file("xl/sharedStrings.xml", `<sst><si><t>${"a".repeat(80 * 1024 * 1024)}</t></si></sst>`);
    const file = path.join(dir, "bomb.xlsx");
    fs.writeFileSync(
      file,
      await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } }),
    );
    expect(fs.statSync(file).size).toBeLessThan(1_000_000);
    const before = process.memoryUsage().rss;
    const run = await cli("upgrade", file, "-o", path.join(dir, "bomb-out.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /bomb\.xlsx is refused: its part "xl\/sharedStrings\.xml" unpacks from .* MB to 80 MB, .* times its size/,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  }, 60_000);
});

describe("C4: text longer than a cell holds", () => {
  test("fitCellText cuts to 32,767 characters with a marker, never splitting a surrogate pair", () => {
    expect(fitCellText("INC1")).toBe("INC1");
    const cut = fitCellText("x".repeat(40_000));
    expect(cut.length).toBe(MAX_CELL_CHARS);
    expect(cut.endsWith(" [cut: 40,000 characters]")).toBe(true);
    expect(isCutText(cut)).toBe(true);
    expect(fitCellText("x".repeat(MAX_CELL_CHARS))).toBe("x".repeat(MAX_CELL_CHARS));
    const emoji = fitCellText("😀".repeat(20_000));
    expect(emoji.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(emoji.replace(/ \[cut.*$/, "").length % 2).toBe(0);
  });

  test("a 40,000-character ticket ID is written cut and marked, and the run says so", async () => {
    const id = `INC-${"9".repeat(40_000)}`;
    const csv = file(
      "long.csv",
      `Number,Priority,State,Updated\n${id},P1,New,2024-03-04 09:00\n${id},P1,Resolved,2024-03-04 10:00\n`,
    );
    const out = path.join(dir, "long.xlsx");
    const run = await cli("tickets", csv, ...BASE, "-o", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Warning: Tickets!A2: a text of 40,004 characters, more than the 32,767 an Excel cell holds",
    );
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    const written = String(wb.getWorksheet("Tickets")!.getRow(2).getCell(1).value);
    expect(written.length).toBe(MAX_CELL_CHARS);
    expect(written.startsWith("INC-999")).toBe(true);
    expect(written.endsWith(" [cut: 40,004 characters]")).toBe(true);
    const json = await cli("tickets", csv, ...BASE, "-o", path.join(dir, "long2.xlsx"), "--json");
    expect(JSON.parse(json.stdout).cutCells).toBe(1);
  }, 60_000);

  test("every presented sheet fits its cells: holes and formulas kept, the input unchanged", () => {
    const long = "y".repeat(40_000);
    const cells = [["Name", "Formula"], [long, { formula: "A2", value: long }], []];
    cells[2][1] = "kept"; // a sparse row: A3 is a hole
    const fitted = present({ name: "S", replace: true, cells, headerRows: [0] }).cells;
    expect((fitted[1][0] as string).length).toBe(MAX_CELL_CHARS);
    expect(isCutText(fitted[1][0])).toBe(true);
    expect(fitted[1][1]).toBe(cells[1][1]);
    expect(0 in fitted[2]).toBe(false);
    expect(fitted[2][1]).toBe("kept");
    expect(cells[1][0]).toBe(long);
    expect(cutCellsOf(fitted)).toEqual([{ row: 2, col: 0, length: 40_000 }]);
    expect(fitCells([["a"]])).toEqual([["a"]]);
  });

  test("a register text longer than a cell is a TEXT_CUT warning naming the item and column, in a bounded message", () => {
    const name = "N".repeat(40_000);
    const row = { ...emptyRow(), id: "P-0001", level: "Project", name, sourceRow: 2 };
    const findings = validateRegister([row]);
    const cut = findings.filter((f) => f.code === "TEXT_CUT");
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ severity: "warning", id: "P-0001", field: "name", sourceRow: 2 });
    expect(cut[0].message).toContain("the Name is 40,000 characters, more than the 32,767 an Excel cell holds");
    // It names the cell too: the Register's Name column, the item's row.
    expect(cut[0].message.startsWith(`Register!${columnLetter(COLUMN_INDEX.name)}2: P-0001 `)).toBe(true);
    // No finding about the item quotes its whole name.
    for (const f of findings) expect(f.message.length).toBeLessThan(600);
  });

  test("upgrade: a 40,000-character initiative name is written cut and marked, with a Findings row and a note", async () => {
    const name = `Renegotiate ${"hosting ".repeat(5_000)}`;
    const wb = new Workbook();
    const ws = wb.addWorksheet("Initiatives");
    ws.addRow(["Initiative", "Owner", "Planned Savings"]);
    ws.addRow([name, "Ana", 1000]);
    const client = path.join(dir, "long-client.xlsx");
    await wb.xlsx.writeFile(client);
    const out = path.join(dir, "long-governed.xlsx");
    const run = await cli("upgrade", client, "--org", "Contoso", "-o", out);
    expect(run.code).toBeLessThan(2);
    // Said as a finding (below), not as a note of the writer.
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("TEXT_CUT");
    const register = await sheetRows(out, "Register");
    const written = register.flat().find((v) => typeof v === "string" && v.startsWith("Renegotiate")) as string;
    expect(written.length).toBe(MAX_CELL_CHARS);
    expect(written.endsWith(` [cut: ${name.trim().length.toLocaleString("en-US")} characters]`)).toBe(true);
    const findings = await sheetRows(out, "Findings");
    const row = findings.find((r) => r[0] === "TEXT_CUT")!;
    expect(row).toBeDefined();
    expect(row[4]).toBe("name");
    expect(row[6]).toBe("warning");
    // Every cell of every sheet fits.
    for (const sheet of ["Register", "Findings"]) {
      for (const r of await sheetRows(out, sheet))
        for (const v of r ?? []) expect(String(v ?? "").length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    }
  }, 60_000);
});
