/**
 * npm run bench -- carried: what the client's parts that are only carried cost an upgrade.
 *
 * A workbook holds the 2,000-initiative client sheet that is upgraded and four client sheets
 * of about 50 MB of XML each (200 MB, values only) that no command reads. Three upgrades, each
 * in its own child process (time and peak RSS):
 * 1. the workbook as described, without Excel's calculation chain: the writer searches the
 *    four big sheets (streamed, inflated a chunk at a time on zlib's threads, up to four at
 *    once while it writes the product's sheets, searched for formula elements) and copies
 *    their zipped bytes;
 * 2. the same workbook with `xl/calcChain.xml` naming only the upgraded sheet (what Excel
 *    writes when only that sheet has formulas): the big sheets are copied without a scan;
 * 3. the same upgrade of a workbook without the four big sheets: the floor the two others are
 *    compared with.
 * Then the next command over each of the three governed workbooks (`tickets --workbook` with a
 * three-ticket export): after case 2 the governed workbook keeps the carried sheets' cells in
 * Excel's chain, and after case 1 its add-in part records the big sheets as searched
 * (cli/package/scanned.ts), so in both the big sheets are only copied.
 * Goal: the run costs what the sheet it reads and the sheets it writes cost, not what it only
 * carries (case 2 close to case 3; case 1 adds the first search; every next command close to
 * case 3's). `BENCH_PHASES=1` also prints each child's phases.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeSourceTable, writeWorkbook } from "../cli/xlsx";
import { ZipReader, ZipWriter } from "../cli/package/zip";
import { suggestMapping } from "../src/governance/mapping";
import { sampleClientSheet } from "../src/demo/sample";
import { commandChild, phaseLines, runChild } from "./lib/child";
import { record } from "./support";
import { CLOCK_P1 } from "../test/cli/helpers";

const BIG_SHEETS = Number(process.env.BENCH_BIG_SHEETS ?? 4);
/** Rows of one big sheet: about 50 MB of XML at 10 cells a row. */
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 110_000);

/** A big client sheet of values: numbers and texts, as a ledger export looks. */
function bigSheet(n: number) {
  return {
    name: `Ledger ${n}`,
    head: {
      name: `Ledger ${n}`,
      replace: true,
      cells: [["Entry", "Account", "Cost centre", "Amount", "Currency", "Booked", "Text", "Ref", "Qty", "Rate"]],
    },
    rows: function* () {
      for (let r = 0; r < BIG_ROWS; r++) {
        yield [
          r + 1,
          `ACC-${(r * 7919) % 100_000}`,
          `CC${r % 250}`,
          ((r * 37) % 100_000) / 100,
          "EUR",
          45_000 + (r % 700),
          `Posting ${r} of ledger ${n}`,
          `R${r}`,
          r % 17,
          1 + (r % 9) / 10,
        ];
      }
    },
  };
}

/** A copy of `input` with a calculation chain naming only the first sheet's cells (Excel's shape). */
async function withCalcChain(input: string, output: string): Promise<void> {
  const zip = ZipReader.open(input);
  const out = fs.createWriteStream(output);
  const writer = new ZipWriter(out);
  try {
    for (const [name, entry] of zip.entries) {
      if (name === "[Content_Types].xml") {
        await writer.add(
          name,
          zip
            .text(entry)
            .replace(
              "</Types>",
              '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
            ),
        );
      } else if (name === "xl/_rels/workbook.xml.rels") {
        await writer.add(
          name,
          zip
            .text(entry)
            .replace(
              "</Relationships>",
              '<Relationship Id="rId900" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
            ),
        );
      } else await writer.copy(zip, entry);
    }
    await writer.add(
      "xl/calcChain.xml",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1" i="1"/></calcChain>',
    );
    await writer.finish();
  } finally {
    zip.close();
  }
}

async function parent(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-"));
  try {
    const table = { ...sampleClientSheet({ initiatives: 2000, seed: 50, defects: false }), sheet: "Initiatives" };
    const m = suggestMapping(table.headers);
    const small = path.join(dir, "small.xlsx");
    await writeSourceTable(table, small, [m.due!, m.done!]);
    const big = path.join(dir, "big.xlsx");
    let t = Date.now();
    await writeWorkbook(small, big, {
      plans: Array.from({ length: BIG_SHEETS }, (_, i) => bigSheet(i + 1)),
      addin: false,
    });
    const chained = path.join(dir, "chained.xlsx");
    await withCalcChain(big, chained);
    const zip = ZipReader.open(big);
    const xmlBytes = [...zip.entries.values()]
      .filter((e) => e.name.startsWith("xl/worksheets/") && e.size > 1e6)
      .reduce((a, e) => a + e.size, 0);
    zip.close();
    console.log(
      `client workbook: the 2,000-initiative sheet and ${BIG_SHEETS} sheets of ${(xmlBytes / 1e6).toFixed(0)} MB of XML ` +
        `(${(fs.statSync(big).size / 1e6).toFixed(0)} MB zipped), made in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    const cases = [
      { what: "without Excel's calculation chain (the big sheets searched)", input: big },
      { what: "with Excel's calculation chain (the big sheets only copied)", input: chained },
      { what: "the same upgrade without the big sheets", input: small },
    ];
    const csv = path.join(dir, "tickets.csv");
    fs.writeFileSync(
      csv,
      '"number","priority","state","sys_updated_on"\r\n"INC1","P1","New","2024-03-04 09:00:00"\r\n' +
        '"INC1","P1","Resolved","2024-03-04 12:00:00"\r\n"INC2","P1","New","2024-03-05 09:00:00"\r\n',
    );
    const run = (what: string, argv: string[]) => {
      const r = runChild(__filename, argv);
      if (r.code !== 0) throw new Error(`${argv[0]} exited ${r.code}: ${r.stderr}`);
      console.log(
        `  ${what.padEnd(62)} ${r.seconds.toFixed(1).padStart(6)} s (CPU ${(r.cpuSeconds ?? 0).toFixed(1)} s), peak RSS ${r.peakRssMb.toFixed(0)} MB`,
      );
      if (process.env.BENCH_PHASES) console.log(phaseLines(r).join("\n"));
      return r;
    };
    const upgrades = cases.map((c, i) =>
      run(c.what, [
        "upgrade",
        c.input,
        "--sheet",
        "Initiatives",
        "--org",
        "Contoso",
        "-o",
        path.join(dir, `up${i}.xlsx`),
      ]),
    );
    console.log(
      "the next command, tickets --workbook, over each governed workbook (the big sheets recorded as searched, or in the chain):",
    );
    const next = cases.map((c, i) => {
      const out = path.join(dir, `next${i}.xlsx`);
      const r = run(c.what, [
        "tickets",
        csv,
        "--workbook",
        path.join(dir, `up${i}.xlsx`),
        ...CLOCK_P1,
        "--tz",
        "UTC",
        "-o",
        out,
      ]);
      fs.rmSync(out);
      return r;
    });
    const mb = (xmlBytes / 1e6).toFixed(0);
    const figures = (rs: typeof upgrades) =>
      rs.map((r) => `${r.seconds.toFixed(1)} s (${r.peakRssMb.toFixed(0)} MB)`).join(" / ");
    record([
      {
        what: `Upgrade of a 2,000-row sheet beside ${BIG_SHEETS} client sheets of ${mb} MB of XML it only carries: no calculation chain / Excel's chain / without those sheets`,
        measured: figures(upgrades),
      },
      {
        what: "The next command over each governed workbook (tickets --workbook, 3 tickets): no chain (the sheets recorded as searched) / Excel's chain kept / without those sheets",
        measured: figures(next),
      },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--child");
(at >= 0 ? commandChild(process.argv.slice(at + 1)) : parent()).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
