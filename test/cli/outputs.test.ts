/**
 * Nothing a user has is overwritten by surprise (issue 19): no written file names an input (-o,
 * --save-mapping, --receipts, --pdf against the input, --workbook, --mapping, --key ...), no two
 * written files are one, every writing command refuses an existing output without --force, and
 * --dry-run writes nothing. The first two are checked for every command and option of the
 * command table, so a new option is covered by declaring its role.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { COMMANDS, OptionSpec } from "../../cli/args";
import { cli, tempDir } from "./helpers";
import { validatePackage } from "../support/ooxml";
import { XMLLINT, describeWith } from "../support/programs";
import { changedClientParts } from "./package/pipeline";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const digest = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every file in a folder (recursively) with its content's hash and its modification time. */
function folderState(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, encoding: "utf8" }).sort()) {
    const file = path.join(folder, entry);
    if (fs.statSync(file).isFile()) out[entry] = `${digest(file)} ${fs.statSync(file).mtimeMs}`;
  }
  return out;
}

const shown = (o: OptionSpec) => (o.alias ? `-${o.alias}` : `--${o.name}`);

describe("no written file names an input, and no two written files are one", () => {
  test("every option that names a file or folder says whether the command reads or writes it", () => {
    const unsaid = COMMANDS.flatMap((c) =>
      c.options
        .filter((o) => o.value && /FILE|DIR|ROSTER|\.(xlsx|csv|json|key|pdf|html)\b/.test(o.placeholder ?? ""))
        .filter((o) => o.file === undefined)
        .map((o) => `${c.name} --${o.name}`),
    );
    expect(unsaid).toEqual([]);
  });

  // Every (written option, read file) pair of every command, the positional input included.
  const collisions = COMMANDS.flatMap((c) =>
    c.options
      .filter((w) => w.file === "write")
      .flatMap((w) => [
        ...(c.input === undefined ? [] : [{ command: c.name, written: w, read: undefined }]),
        ...c.options.filter((r) => r.file === "read").map((r) => ({ command: c.name, written: w, read: r })),
      ]),
  );

  test("the table has the pairs that lost data before (upgrade --save-mapping, close --receipts, demo --out)", () => {
    const names = collisions.map((p) => `${p.command} ${shown(p.written)} ${p.read ? shown(p.read) : "input"}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "upgrade --save-mapping input",
        "upgrade --save-mapping --mapping",
        "close --receipts input",
        "close --receipts --key",
        "tickets --save-mapping input",
        "experience --save-mapping input",
        "demo --out --workbook",
        "pack --pdf input",
        "results -o --workbook",
      ]),
    );
    expect(collisions.length).toBeGreaterThan(30);
  });

  test.each(collisions.map((p) => [p.command, shown(p.written), p.read ? shown(p.read) : "the input", p] as const))(
    "%s: %s naming %s is refused (exit 2), the file untouched",
    async (command, _w, _r, p) => {
      const file = path.join(dir, `${command}-${p.written.name}-${p.read?.name ?? "input"}.xlsx`);
      fs.writeFileSync(file, "the user's file");
      const before = digest(file);
      const spec = COMMANDS.find((c) => c.name === command)!;
      const argv = [command];
      if (spec.input !== undefined) argv.push(p.read === undefined ? file : path.join(dir, "absent-input.xlsx"));
      if (p.read !== undefined) argv.push(`--${p.read.name}`, file);
      argv.push(`--${p.written.name}`, file, "--force");
      if (spec.options.some((o) => o.name === "dry-run")) argv.push("--dry-run");
      const run = await cli(...argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toMatch(/is the input file|is an input file|names an input file/);
      expect(digest(file)).toBe(before);
    },
  );

  test("the messages name the options", async () => {
    const input = path.join(dir, "client.xlsx");
    const mapping = path.join(dir, "map.json");
    for (const f of [input, mapping]) fs.writeFileSync(f, "mine");
    expect(await cli("upgrade", input, "--dry-run", "--save-mapping", input, "--force")).toMatchObject({
      code: 2,
      stderr: `sla-governance: --save-mapping ${input} names an input file (the input); the inputs are never modified, so nothing was written.\n`,
    });
    expect((await cli("upgrade", input, "--mapping", mapping, "--dry-run", "--save-mapping", mapping)).stderr).toBe(
      `sla-governance: --save-mapping ${mapping} names an input file (--mapping); the inputs are never modified, so nothing was written.\n`,
    );
    expect((await cli("upgrade", input, "-o", input)).stderr).toBe(
      `sla-governance: the output ${input} is the input file; the input is never modified unless --in-place is given.\n`,
    );
    // tickets has no --in-place: its message does not offer one.
    expect((await cli("tickets", input, "-o", input)).stderr).toBe(
      `sla-governance: the output ${input} is an input file; the inputs are never modified.\n`,
    );
  });

  test("two written files that are one are refused: the receipts beside the workbook, the PDF over the page", async () => {
    const input = path.join(dir, "governed.xlsx");
    const out = path.join(dir, "closed.xlsx");
    for (const f of [input, out]) fs.writeFileSync(f, "mine");
    const close = ["close", input, "--measure", "M-0001", "--controller", "C", "--unsigned"];
    expect(await cli(...close, "--receipts", out, "-o", out, "--force")).toMatchObject({
      code: 2,
      stderr: `sla-governance: --receipts and -o both name ${out}; nothing was written. Give each its own file.\n`,
    });
    // With --in-place the input is the file written: receipts appended to it would corrupt it.
    expect((await cli(...close, "--receipts", input, "--in-place")).stderr).toBe(
      `sla-governance: --in-place (the input) and --receipts both name ${input}; nothing was written. Give each its own file.\n`,
    );
    const page = path.join(dir, "pack.html");
    fs.writeFileSync(page, "mine");
    expect((await cli("pack", input, "-o", page, "--pdf", page, "--force")).stderr).toBe(
      `sla-governance: -o and --pdf both name ${page}; nothing was written. Give each its own file.\n`,
    );
    for (const f of [input, out, page]) expect(fs.readFileSync(f, "utf8")).toBe("mine");
  });

  test("a path spelled another way (./, a symbolic link, a hard link) is the same file", async () => {
    const input = path.join(dir, "spelled.xlsx");
    const link = path.join(dir, "link.xlsx");
    const hard = path.join(dir, "hard.xlsx");
    fs.writeFileSync(input, "mine");
    fs.symlinkSync(input, link);
    fs.linkSync(input, hard);
    for (const other of [link, hard, path.join(dir, ".", "..", path.basename(dir), "spelled.xlsx")]) {
      const run = await cli(
        "experience",
        input,
        "--workbook",
        path.join(dir, "w.xlsx"),
        "--dry-run",
        "--save-mapping",
        other,
        "--force",
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("names an input file (the input)");
    }
    expect(fs.readFileSync(input, "utf8")).toBe("mine");
  });
});

describe("real files: existing outputs refused without --force; --dry-run writes nothing", () => {
  const demo = path.join(dir, "demo");
  const d = (name: string) => path.join(demo, name);
  const events = path.join(dir, "events.csv");
  const tolerances = path.join(__dirname, "..", "fixtures", "helpdesk", "tolerances.csv");
  const log = path.join(__dirname, "..", "fixtures", "helpdesk", "helpdesk-slice.csv");
  const clock = ["--start", "New", "--pause=", "--stop", "Resolved", "--targets", "P1=4"];
  const key = ["--controller", "Carla Controller", "--key", path.join(demo, "keys", "carla.key")];

  beforeAll(async () => {
    const run = await cli("demo", "--out", demo);
    if (run.code !== 0) throw new Error(run.stderr);
    fs.writeFileSync(
      events,
      "Number,State,Updated,Priority\nINC1,New,2024-01-01 10:00,P1\nINC1,Resolved,2024-01-01 11:00,P1\n",
    );
  }, 60_000);

  test("every writing command: an existing output is refused (exit 2), the file and the folder untouched", async () => {
    const existing = path.join(dir, "existing");
    fs.mkdirSync(existing);
    const x = (name: string) => path.join(existing, name);
    for (const [name, text] of [
      ["out.xlsx", "a governed workbook"],
      ["out.html", "<p>last month's pack</p>"],
      ["out.pdf", "%PDF last month"],
      ["map.json", "{}"],
    ])
      fs.writeFileSync(x(name), text);
    const cases: string[][] = [
      ["upgrade", d("client.xlsx"), "--org", "X", "-o", x("out.xlsx")],
      ["upgrade", d("client.xlsx"), "--org", "X", "--dry-run", "--save-mapping", x("map.json")],
      ["close", d("governed.xlsx"), "--measure", "M-0005", "--confirmed", "38000", ...key, "-o", x("out.xlsx")],
      ["reopen", d("closed.xlsx"), "--measure", "M-0005", "--reason", "typo", ...key, "-o", x("out.xlsx")],
      ["tickets", events, ...clock, "-o", x("out.xlsx")],
      ["tickets", events, ...clock, "--workbook", d("governed.xlsx"), "-o", x("out.xlsx")],
      ["tickets", events, ...clock, "--dry-run", "--save-mapping", x("map.json")],
      ["results", events, "--workbook", d("contract.xlsx"), "-o", x("out.xlsx")],
      ["steps", log, "--tolerances", tolerances, "-o", x("out.xlsx")],
      ["steps", log, "--tolerances", tolerances, "--dry-run", "--save-mapping", x("map.json")],
      ["experience", d("survey.csv"), "--workbook", d("contract.xlsx"), "-o", x("out.xlsx")],
      ["experience", d("survey.csv"), "--workbook", d("contract.xlsx"), "--dry-run", "--save-mapping", x("map.json")],
      ["review", d("contract.xlsx"), "-o", x("out.xlsx")],
      ["pack", d("reviewed.xlsx"), "-o", x("out.html")],
      ["pack", d("reviewed.xlsx"), "-o", path.join(dir, "fresh.html"), "--pdf", x("out.pdf")],
      ["new-contract", "-o", x("out.xlsx")],
      ["new-contract", "--workbook", d("governed.xlsx"), "-o", x("out.xlsx")],
      ["demo", "--sample", "client", "--out", x("out.xlsx")],
      ["demo", "--sample", "contract", "--workbook", d("closed.xlsx"), "--out", x("out.xlsx")],
    ];
    const before = folderState(existing);
    const demoBefore = folderState(demo);
    for (const argv of cases) {
      const run = await cli(...argv);
      expect([argv.join(" "), run.code]).toEqual([argv.join(" "), 2]);
      expect(run.stderr).toMatch(/already exists; nothing was written\. Give --force to replace it/);
    }
    expect(folderState(existing)).toEqual(before);
    expect(folderState(demo)).toEqual(demoBefore);
    expect(fs.existsSync(path.join(dir, "fresh.html"))).toBe(false);
    // The whole demo over an earlier one: refused too.
    const again = await cli("demo", "--out", demo);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("from an earlier demo; nothing was written. Give --force");
    expect(folderState(demo)).toEqual(demoBefore);
  });

  describeWith(XMLLINT)("the demo's workbooks", () => {
    test("every one is a valid package; the tampered copy differs from the closed one in its Register only", async () => {
      const books = fs.readdirSync(demo).filter((f) => f.endsWith(".xlsx"));
      expect(books.length).toBeGreaterThanOrEqual(8);
      for (const book of books) expect([book, await validatePackage(d(book))]).toEqual([book, []]);
      // The hand edit is one cell typed over: before, an ExcelJS round trip dropped the theme
      // and kept its relationship, a package Excel repairs.
      // (The add-in's own part records what each write scanned.)
      const changed = await changedClientParts(d("closed.xlsx"), d("tampered.xlsx"));
      expect(changed.filter((p) => !p.startsWith("xl/webextensions/"))).toEqual(["xl/worksheets/sheet2.xml"]);
    }, 60_000);

    test("workbooks made from nothing are valid too: new-contract, new-contract --empty, an upgrade of a CSV", async () => {
      const fresh = path.join(dir, "fresh");
      fs.mkdirSync(fresh);
      const f = (name: string) => path.join(fresh, name);
      fs.writeFileSync(f("tracker.csv"), "Initiative;Planned Savings;Due\nCut licences;1200;30.09.2024\n");
      for (const argv of [
        ["new-contract", "-o", f("contract.xlsx")],
        ["new-contract", "--empty", "-o", f("empty.xlsx")],
        ["upgrade", f("tracker.csv"), "--org", "Contoso", "-o", f("from-csv.xlsx")],
      ]) {
        const run = await cli(...argv);
        expect([argv[0], run.code, run.stderr]).toEqual([argv[0], 0, ""]);
        const out = argv[argv.length - 1];
        expect([out, await validatePackage(out)]).toEqual([out, []]);
      }
    }, 60_000);
  });

  test("--dry-run of upgrade, tickets, results, steps and experience writes nothing beside its inputs", async () => {
    const folder = path.join(dir, "dry");
    fs.mkdirSync(folder);
    const f = (name: string) => path.join(folder, name);
    for (const name of ["client.xlsx", "governed.xlsx", "contract.xlsx", "survey.csv"])
      fs.copyFileSync(d(name), f(name));
    fs.copyFileSync(events, f("events.csv"));
    fs.copyFileSync(log, f("log.csv"));
    fs.copyFileSync(tolerances, f("tol.csv"));
    fs.writeFileSync(f("report.csv"), "Period,Service ID,Result\n2026-10,SL-001,99%\n2026-10,SL-002,97%\n");
    const runs: string[][] = [
      ["upgrade", f("client.xlsx"), "--org", "X", "--dry-run", "-o", f("out.xlsx")],
      ["upgrade", f("governed.xlsx"), "--dry-run", "--json", "-o", f("out.xlsx")],
      ["tickets", f("events.csv"), ...clock, "--workbook", f("governed.xlsx"), "--dry-run", "-o", f("out.xlsx")],
      ["results", f("report.csv"), "--workbook", f("contract.xlsx"), "--dry-run", "-o", f("out.xlsx")],
      ["steps", f("log.csv"), "--tolerances", f("tol.csv"), "--dry-run", "-o", f("out.xlsx")],
      ["experience", f("survey.csv"), "--workbook", f("contract.xlsx"), "--dry-run", "-o", f("out.xlsx")],
    ];
    const before = folderState(folder);
    for (const argv of runs) {
      const run = await cli(...argv);
      expect([argv[0], run.code, run.stderr]).toEqual([argv[0], 0, ""]);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
    expect(folderState(folder)).toEqual(before);
  });
});
