/**
 * The package-level writer (cli/package/write.ts): client parts carried byte for byte, every
 * written part valid against the ECMA-376 schemas and Excel's stricter checks, a client sheet
 * with protection, merges, a validation, a conditional format and a hyperlink through every
 * command, client formulas stored as Excel stores them, Excel-saved files read whole, and the
 * add-in reference in Excel's own shape.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { Workbook } from "exceljs";
import { cli, tempDir, writeSample } from "../helpers";
import { openWorkbook, writeWorkbook } from "../../../cli/xlsx";
import { validatePackage, worksheetChildren } from "../../support/ooxml";
import { changedClientParts, partsOf, PIPELINE_COMMANDS, runPipeline, ticketsInto, withPart } from "./pipeline";
import { ZipReader } from "../../../cli/package/zip";
import { allOf, describeWith, LIBREOFFICE, XMLLINT } from "../../support/programs";
import { recalculate } from "../../support/libreoffice";
import { printSetup } from "../../../src/governance/present";

/** These tests validate with xmllint (skipped with a note where it is missing, failing under CI). */
const describeXml = describeWith(XMLLINT);

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const excelSaved = (name: string) => path.join(FIXTURES, "excel-saved", name);

let dir: string;
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function text(file: string, part: string): Promise<string> {
  return (await JSZip.loadAsync(fs.readFileSync(file))).file(part)!.async("string");
}

describeXml("client parts are carried byte for byte", () => {
  test("tickets --workbook over an Excel-saved workbook with a table: every client part identical, stored bytes too", async () => {
    const input = excelSaved("WithTable.xlsx");
    const out = path.join(dir, "with-table-tickets.xlsx");
    const run = await ticketsInto(input, out);
    expect(run.code).toBe(0);
    expect(await changedClientParts(input, out)).toEqual([]);
    // Not only the same content: the same stored (compressed) bytes, never inflated and deflated again.
    const [a, b] = [ZipReader.open(input), ZipReader.open(out)];
    try {
      for (const name of ["xl/tables/table1.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]) {
        const raw = (z: ZipReader) => Buffer.concat([...z.raw(z.find(name)!)]);
        expect(raw(b).equals(raw(a))).toBe(true);
      }
    } finally {
      a.close();
      b.close();
    }
    expect(await validatePackage(out)).toEqual([]);
  });

  test("every command in turn over a workbook with charts: valid, and the client's parts unchanged at each step", async () => {
    const input = excelSaved("WithChart.xlsx");
    const work = fs.mkdtempSync(path.join(dir, "chart-"));
    const steps = await runPipeline(input, work);
    expect(steps.map((s) => s.command)).toEqual(PIPELINE_COMMANDS);
    for (const step of steps) {
      expect([step.command, await validatePackage(step.file)]).toEqual([step.command, []]);
      expect([step.command, await changedClientParts(input, step.file)]).toEqual([step.command, []]);
    }
  });
});

describeXml("the validator", () => {
  test("fails on a planted wrong order: sheetProtection after mergeCells", async () => {
    const { file } = await writeSample(dir, 6, false, "order.xlsx");
    const good = path.join(dir, "order-good.xlsx");
    expect((await cli("upgrade", file, "-o", good)).code).toBe(0);
    expect(await validatePackage(good)).toEqual([]);
    const bad = path.join(dir, "order-bad.xlsx");
    const register = "xl/worksheets/sheet2.xml";
    expect(await text(good, register)).toContain("<sheetProtection");
    await withPart(
      good,
      register,
      (xml) => {
        const protection = /<sheetProtection\b[^>]*\/>/.exec(xml)![0];
        return xml
          .replace(protection, "")
          .replace(
            "</sheetData>",
            `</sheetData><mergeCells count="1"><mergeCell ref="X1:Y1"/></mergeCells>${protection}`,
          );
      },
      bad,
    );
    const problems = await validatePackage(bad);
    expect(problems.map((p) => p.problem).join("\n")).toMatch(/worksheet child <sheetProtection> out of order/);
    expect(problems.map((p) => p.problem).join("\n")).toMatch(/Schemas validity error.*sheetProtection/);
  });

  test("validates core properties against OPC's schema (Dublin Core vendored): Excel's pass, a planted bad date or element fails", async () => {
    const input = excelSaved("WithTable.xlsx");
    expect(await text(input, "docProps/core.xml")).toContain('xsi:type="dcterms:W3CDTF"');
    expect(await validatePackage(input)).toEqual([]);
    const date = path.join(dir, "core-date.xlsx");
    await withPart(
      input,
      "docProps/core.xml",
      (xml) => xml.replace(/(<dcterms:created\b[^>]*>)[^<]*/, "$1yesterday"),
      date,
    );
    expect((await validatePackage(date)).map((p) => [p.part, p.problem])).toEqual([
      ["docProps/core.xml", expect.stringMatching(/'yesterday' is not a valid value/)],
    ]);
    const element = path.join(dir, "core-element.xlsx");
    await withPart(
      input,
      "docProps/core.xml",
      (xml) => xml.replace("</cp:coreProperties>", "<cp:colour>red</cp:colour></cp:coreProperties>"),
      element,
    );
    expect((await validatePackage(element)).map((p) => p.problem).join("\n")).toMatch(
      /colour.*This element is not expected/,
    );
  });

  test("fails on a style index out of range and on a relationship to a missing part", async () => {
    const { file } = await writeSample(dir, 6, false, "index.xlsx");
    const bad = path.join(dir, "index-bad.xlsx");
    await withPart(
      file,
      "xl/worksheets/sheet1.xml",
      (xml) => xml.replace(/<c r="A2"( s="\d+")?/, '<c r="A2" s="999"'),
      bad,
    );
    expect((await validatePackage(bad)).map((p) => p.problem)).toContainEqual(
      expect.stringMatching(/^style 999 of \d+/),
    );
    const rels = path.join(dir, "rels-bad.xlsx");
    await withPart(
      file,
      "xl/_rels/workbook.xml.rels",
      (xml) =>
        xml.replace("</Relationships>", '<Relationship Id="rId99" Type="x" Target="nowhere.xml"/></Relationships>'),
      rels,
    );
    expect((await validatePackage(rels)).map((p) => p.problem)).toContain(
      "relationship target nowhere.xml does not exist",
    );
  });
});

/** A client sheet with all five: protection, merged cells, a drop-down, a conditional format, a hyperlink. */
const FIVE_FEATURES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<dimension ref="A1:C3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
  '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Lookup</t></is></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><t>Gold</t></is></c><c r="B2"><v>3</v></c></row>' +
  '<row r="3"><c r="A3" t="inlineStr"><is><t>Portal</t></is></c></row></sheetData>' +
  '<sheetProtection sheet="1" objects="1" scenarios="1"/>' +
  '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>' +
  '<conditionalFormatting sqref="B2:B10"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>$B$2</formula></cfRule></conditionalFormatting>' +
  '<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="A2:A10"><formula1>"Gold,Silver,Bronze"</formula1></dataValidation></dataValidations>' +
  '<hyperlinks><hyperlink ref="A3" r:id="rId1"/></hyperlinks>' +
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

/** The sample client workbook with a Lookups sheet holding all five features (and the dxf its rule needs). */
async function fiveFeatureClient(): Promise<string> {
  const { file } = await writeSample(dir, 12, false, "five-base.xlsx");
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const book = await zip.file("xl/workbook.xml")!.async("string");
  zip.file("xl/workbook.xml", book.replace("</sheets>", '<sheet name="Lookups" sheetId="9" r:id="rId90"/></sheets>'));
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  zip.file(
    "xl/_rels/workbook.xml.rels",
    rels.replace(
      "</Relationships>",
      '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/lookups.xml"/></Relationships>',
    ),
  );
  const types = await zip.file("[Content_Types].xml")!.async("string");
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      '<Override PartName="/xl/worksheets/lookups.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  );
  zip.file("xl/worksheets/lookups.xml", FIVE_FEATURES);
  zip.file(
    "xl/worksheets/_rels/lookups.xml.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/portal" TargetMode="External"/></Relationships>',
  );
  const styles = await zip.file("xl/styles.xml")!.async("string");
  zip.file(
    "xl/styles.xml",
    styles.replace(/<dxfs count="0"\/>/, '<dxfs count="1"><dxf><font><b/></font></dxf></dxfs>'),
  );
  const out = path.join(dir, "five.xlsx");
  fs.writeFileSync(out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  expect(await validatePackage(out)).toEqual([]);
  return out;
}

describeXml("a client sheet with protection, merges, a validation, a conditional format and a hyperlink", () => {
  test("round-trips valid through every command (reopen, results, experience, steps and the demo's contract too), the sheet's part unchanged", async () => {
    const client = await fiveFeatureClient();
    const work = fs.mkdtempSync(path.join(dir, "five-"));
    const steps = await runPipeline(client, work);
    expect(steps.length).toBe(5);
    // The other commands that write into a governed workbook, over the reviewed one.
    const reviewed = steps[steps.length - 1].file;
    const report = path.join(work, "report.csv");
    fs.writeFileSync(report, "Month,SLA,Achieved\n2026-11,SL-001,99.95\n");
    const survey = path.join(work, "survey.csv");
    fs.writeFileSync(survey, "Time,Service ID,Score\n2026-10-05 10:00,SL-001,9\n2026-10-06 11:00,SL-001,4\n");
    const closing = steps.find((s) => s.command === "close")!;
    const helpdesk = path.join(FIXTURES, "helpdesk");
    const more = [
      { command: "results", file: path.join(work, "results.xlsx"), args: [report, "--workbook", reviewed] },
      { command: "experience", file: path.join(work, "experience.xlsx"), args: [survey, "--workbook", reviewed] },
      {
        command: "reopen",
        file: path.join(work, "reopened.xlsx"),
        args: [closing.file, "--measure", closing.measure!, "--controller", "C", "--reason", "typo", "--unsigned"],
      },
      {
        command: "steps",
        file: path.join(work, "steps.xlsx"),
        args: [
          path.join(helpdesk, "helpdesk-slice.csv"),
          "--tolerances",
          path.join(helpdesk, "tolerances.csv"),
          "--workbook",
          reviewed,
        ],
      },
      {
        command: "demo",
        file: path.join(work, "demo-contract.xlsx"),
        args: ["--sample", "contract", "--workbook", steps[0].file, "--period", "2026-10"],
      },
    ];
    for (const step of more) {
      const out = step.command === "demo" ? "--out" : "-o";
      const run = await cli(step.command, ...step.args, out, step.file);
      expect([step.command, run.code, run.stderr]).toEqual([step.command, 0, ""]);
    }
    for (const step of [...steps, ...more]) {
      expect([step.command, await validatePackage(step.file)]).toEqual([step.command, []]);
      expect([step.command, await changedClientParts(client, step.file)]).toEqual([step.command, []]);
      expect(await text(step.file, "xl/worksheets/lookups.xml")).toBe(FIVE_FEATURES);
    }
  });

  test("the same five added by a user to the Register survive a closure, in schema order", async () => {
    const { file } = await writeSample(dir, 30, false, "reg-client.xlsx");
    const governed = path.join(dir, "reg-governed.xlsx");
    expect((await cli("upgrade", file, "--org", "Contoso", "-o", governed)).code).toBe(0);
    // The user adds a merge, a drop-down, conditional formats (a threshold naming a cell, which
    // ExcelJS turned into NaN, and an Excel 2010 data bar whose x14:id it left dangling) and a
    // hyperlink to the protected Register.
    const edited = path.join(dir, "reg-edited.xlsx");
    const x14 = 'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"';
    const barId = "{6A2B1C3D-0000-4000-8000-00000000B001}";
    const extras =
      '<mergeCells count="1"><mergeCell ref="X1:Z1"/></mergeCells>' +
      '<conditionalFormatting sqref="M2:M40"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>$M$2</formula></cfRule></conditionalFormatting>' +
      `<conditionalFormatting sqref="N2:N40"><cfRule type="dataBar" priority="2"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" ${x14}><x14:id>${barId}</x14:id></ext></extLst></cfRule></conditionalFormatting>` +
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="E2:E40"><formula1>"Ana,Ben"</formula1></dataValidation></dataValidations>' +
      '<hyperlinks><hyperlink ref="X2" location="Findings!A1" display="Findings"/></hyperlinks>';
    await withPart(
      governed,
      "xl/worksheets/sheet2.xml",
      (xml) =>
        xml
          .replace(/(<pageMargins\b)/, `${extras}$1`)
          .replace(
            "</worksheet>",
            `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD8539E65}" ${x14}><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="dataBar" id="${barId}"><x14:dataBar minLength="0" maxLength="100"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>N2:N40</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst></worksheet>`,
          ),
      edited,
    );
    const styled = path.join(dir, "reg-styled.xlsx");
    await withPart(
      edited,
      "xl/styles.xml",
      (xml) =>
        xml
          .replace(/<dxfs count="(\d+)">/, (_m, n) => `<dxfs count="${Number(n) + 1}"><dxf><font><b/></font></dxf>`)
          .replace(/dxfId="(\d+)"/g, (_m, n) => `dxfId="${Number(n) + 1}"`),
      styled,
    );
    expect(await validatePackage(styled)).toEqual([]);
    const rows = (await import("../../../cli/commands")).registerRows(await openWorkbook(styled));
    const { parseGate, parseAmount, reconcileRow } = await import("../../../src/governance/values");
    const { levelOf } = await import("../../../src/governance/register");
    const pick = rows.find(
      (r) =>
        levelOf(r) === "Measure" &&
        parseGate(r.gate) === "L4 Realized" &&
        reconcileRow({ ...r, confirmed: r.planned }) === "Reconciled",
    )!;
    const closed = path.join(dir, "reg-closed.xlsx");
    const run = await cli(
      "close",
      styled,
      "--measure",
      String(pick.id),
      "--controller",
      "C",
      "--confirmed",
      String(parseAmount(pick.planned)),
      "--unsigned",
      "-o",
      closed,
    );
    expect(run.stderr).toBe("");
    expect(await validatePackage(closed)).toEqual([]);
    const register = await text(closed, "xl/worksheets/sheet2.xml");
    const children = worksheetChildren(register);
    for (const name of ["sheetProtection", "mergeCells", "conditionalFormatting", "dataValidations", "hyperlinks"]) {
      expect(children).toContain(name);
    }
    expect(children.indexOf("sheetProtection")).toBeLessThan(children.indexOf("mergeCells"));
    expect(register).toContain('<formula1>"Ana,Ben"</formula1>');
    expect(register).toContain("<formula>$M$2</formula>");
    // The data bar's two halves both kept: the rule's x14:id and the extension it points at.
    expect(register).toContain(`<x14:id>${barId}</x14:id>`);
    expect(register).toContain(`<x14:cfRule type="dataBar" id="${barId}">`);
    expect(children[children.length - 1]).toBe("extLst");
    expect(register).toContain('location="Findings!A1"');
  });
});

describeXml("formulas typed by the client", () => {
  test("a sheet Excel's calculation chain leaves out holds no formula: carried without a scan", async () => {
    // StructuredReferences.xlsx: its calc chain names both sheets (ids 1 and 2); a copy whose chain
    // names only sheet 2 has its "Formulas" sheet (id 2) scanned and its "Table" sheet (id 1) not.
    const zip = await JSZip.loadAsync(fs.readFileSync(excelSaved("StructuredReferences.xlsx")));
    const book = await zip.file("xl/workbook.xml")!.async("string");
    const tableSheet = /<sheet name="Table" sheetId="(\d+)" r:id="(rId\d+)"/.exec(book)!;
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const part = "xl/" + new RegExp(`Id="${tableSheet[2]}"[^>]*Target="([^"]*)"`).exec(rels)![1];
    const other = /<sheet name="Formulas" sheetId="(\d+)"/.exec(book)![1];
    zip.file(
      "xl/calcChain.xml",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1" i="${other}"/></calcChain>`,
    );
    // A GOV call typed into the Table sheet where the chain says there is no formula.
    const sheet = await zip.file(part)!.async("string");
    zip.file(
      part,
      sheet.replace(/<c r="A1"([^>]*?)(\/>|>[\s\S]*?<\/c>)/, '<c r="A1"><f>GOV.ELAPSED(1,2)</f><v>1</v></c>'),
    );
    const client = path.join(dir, "chain.xlsx");
    fs.writeFileSync(client, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const out = path.join(dir, "chain-out.xlsx");
    await writeWorkbook(client, out, { plans: [{ name: "Findings", replace: true, cells: [["x"]] }] });
    expect((await partsOf(client)).get(part)!.toString("utf8")).toContain("<f>GOV.ELAPSED(1,2)</f>");
    // The part is carried as it is: the chain is Excel's word that the sheet has no formulas.
    expect((await partsOf(out)).get(part)!.equals((await partsOf(client)).get(part)!)).toBe(true);
  });

  test("Excel's calculation chain keeps the carried sheets' cells and loses the changed sheets': the next command still needs no scan", async () => {
    // StructuredReferences.xlsx: "Formulas" is sheet id 2, "Table" sheet id 1; its chain lists
    // cells of both, some with the sheet id carried over from the cell before.
    const input = excelSaved("StructuredReferences.xlsx");
    const chainOf = async (file: string) => (await partsOf(file)).get("xl/calcChain.xml")?.toString("utf8");
    expect(await chainOf(input)).toContain('<c r="A3" i="2" l="1"/><c r="A2" i="2"/><c r="A2" i="1" l="1"/>');

    // Findings written anew, the Formulas sheet edited in place: its cells leave the chain.
    const edited = path.join(dir, "chain-edited.xlsx");
    const report = await writeWorkbook(input, edited, {
      plans: [
        { name: "Formulas", replace: false, cells: [[], [], [], [], ["typed over"]] },
        { name: "Findings", replace: true, cells: [["x"]] },
      ],
    });
    const chain = (await chainOf(edited))!;
    const cells = [...chain.matchAll(/<c\b[^>]*\/>/g)].map((m) => m[0]);
    expect(cells).toEqual([
      '<c r="A2" i="1" l="1"/>',
      '<c r="A3" i="1"/>',
      '<c r="A4" i="1"/>',
      '<c r="A5" i="1"/>',
      '<c r="A6" i="1"/>',
      '<c r="A7" i="1"/>',
    ]);
    expect(report.written).toContain("xl/calcChain.xml");
    expect(await validatePackage(edited)).toEqual([]);

    // A write that changes no client sheet keeps every cell, each with its sheet id said.
    const added = path.join(dir, "chain-added.xlsx");
    await writeWorkbook(input, added, { plans: [{ name: "Findings", replace: true, cells: [["x"]] }] });
    const all = [...(await chainOf(added))!.matchAll(/<c\b[^>]*\/>/g)].map((m) => m[0]);
    expect(all).toHaveLength(9);
    expect(all.every((c) => / i="[12]"/.test(c))).toBe(true);
    expect(all[3]).toBe('<c r="A1" i="2" s="1"/>');

    // Every cell of the chain's only sheet changed: the chain goes (it may not be empty).
    const emptied = path.join(dir, "chain-emptied.xlsx");
    const one = excelSaved("ExcelTables.xlsx");
    const sheetName = (await openWorkbook(one)).sheetNames[0];
    const gone = await writeWorkbook(one, emptied, { plans: [{ name: sheetName, replace: false, cells: [["x"]] }] });
    expect(await chainOf(emptied)).toBeUndefined();
    expect(gone.dropped).toContain("xl/calcChain.xml");
    expect(await validatePackage(emptied)).toEqual([]);
  });

  test("a call split between two chunks of the streamed scan, far from its <f>, is still found and rewritten", async () => {
    const wb = new Workbook();
    wb.addWorksheet("Data").addRow(["x"]);
    const made = path.join(dir, "split-made.xlsx");
    await wb.xlsx.writeFile(made);
    // The scan inflates 1 MB at a time: "XLOOKUP(" is put across the first boundary, more than
    // 128 characters after its formula element opens.
    const head =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    const formula = `<row r="2"><c r="A2"><f>IF(B1&gt;0,${"1+".repeat(100)}XLOOKUP(B1,C1:C2,D1:D2))</f><v>1</v></c></row>`;
    const boundary = 1 << 20;
    const before = formula.indexOf("XLOOKUP(") + 4; // "XLOO" before the boundary, "KUP(" after
    const fixed = head.length + '<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c></row>'.length;
    const pad = "p".repeat(boundary - before - fixed);
    const xml = `${head}<row r="1"><c r="A1" t="inlineStr"><is><t>${pad}</t></is></c></row>${formula}</sheetData></worksheet>`;
    expect(xml.slice(boundary - 4, boundary + 4)).toBe("XLOOKUP(");
    const client = path.join(dir, "split.xlsx");
    const zip = await JSZip.loadAsync(fs.readFileSync(made));
    zip.file("xl/worksheets/sheet1.xml", xml);
    fs.writeFileSync(client, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const out = path.join(dir, "split-out.xlsx");
    await writeWorkbook(client, out, { plans: [{ name: "Findings", replace: true, cells: [["x"]] }], addin: false });
    const sheet = await text(out, "xl/worksheets/sheet1.xml");
    expect(sheet).toContain("_xlfn.XLOOKUP(B1,C1:C2,D1:D2)");
    expect(sheet).toContain(pad);
  });

  test("GOV.NAME( is stored as _xldudf_GOV_NAME( with its cached value; IFS gets _xlfn.; an Excel-saved prefix stays", async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Initiatives");
    ws.addRow(["Measure", "Planned Savings", "Hours", "Band", "Kept"]);
    ws.addRow([
      "Renegotiate hosting",
      1000,
      { formula: 'GOV.ELAPSED(D2,E2,"Mon-Fri 08:00-18:00")', result: 11.5 },
      { formula: 'IFS(B2>500,"big",TRUE,"small")', result: "big" },
      { formula: '_xlfn.IFS(B2>5,"GOV.X(",TRUE,"n")', result: "GOV.X(" },
    ]);
    const client = path.join(dir, "gov-client.xlsx");
    await wb.xlsx.writeFile(client);
    const out = path.join(dir, "gov-out.xlsx");
    expect((await cli("upgrade", client, "--org", "Contoso", "-o", out)).code).toBe(0);
    const sheet = await text(out, "xl/worksheets/sheet1.xml");
    expect(sheet).toMatch(
      /<f>_xldudf_GOV_ELAPSED\(D2,E2,&quot;Mon-Fri 08:00-18:00&quot;\)<\/f><v>11.5<\/v>|<f>_xldudf_GOV_ELAPSED\(D2,E2,"Mon-Fri 08:00-18:00"\)<\/f><v>11.5<\/v>/,
    );
    expect(sheet).toMatch(/<f>_xlfn\.IFS\(B2&gt;500,(&quot;|")big/);
    expect(sheet).toMatch(/<f>_xlfn\.IFS\(B2&gt;5,(&quot;|")GOV\.X\(/); // text inside a string literal is left alone
    expect(sheet).not.toMatch(/<f>GOV\./);
    expect(await validatePackage(out)).toEqual([]);
  });
});

describeXml("shared formulas in a client sheet edited in place", () => {
  // shared_formulas.xlsx (Excel-saved): A2 holds the master "B2" of A2:A41, A3..A41 only point at it.
  const input = excelSaved("shared_formulas.xlsx");
  const cellOf = (xml: string, ref: string) => new RegExp(`<c r="${ref}"[^>]*?(/>|>[\\s\\S]*?</c>)`).exec(xml)![0];

  test("overwriting the master gives every other cell of the group its own formula, moved as Excel moves it", async () => {
    const out = path.join(dir, "shared-master.xlsx");
    await writeWorkbook(input, out, { plans: [{ name: "Label", replace: false, cells: [[], ["Overwritten"]] }] });
    const sheet = await text(out, "xl/worksheets/sheet1.xml");
    expect(cellOf(sheet, "A2")).not.toContain("<f");
    expect(cellOf(sheet, "A3")).toBe('<c r="A3" t="str"><f>B3</f><v>RequiredAcceptanceDate</v></c>');
    expect(cellOf(sheet, "A41")).toBe('<c r="A41" t="str"><f>B41</f><v>Code</v></c>');
    expect(sheet).not.toContain('si="0"');
    expect(await validatePackage(out)).toEqual([]);
    // Read back: every cell of the former group still computes from its own row.
    const book = new Workbook();
    await book.xlsx.readFile(out);
    const ws = book.getWorksheet("Label")!;
    expect([3, 17, 41].map((r) => ws.getCell(`A${r}`).formula)).toEqual(["B3", "B17", "B41"]);
  });

  test("overwriting another cell of the group keeps the master and the group as they are", async () => {
    const out = path.join(dir, "shared-member.xlsx");
    await writeWorkbook(input, out, { plans: [{ name: "Label", replace: false, cells: [[], [], [], [], ["Mine"]] }] });
    const sheet = await text(out, "xl/worksheets/sheet1.xml");
    expect(cellOf(sheet, "A2")).toContain('<f t="shared" ref="A2:A41" si="0">B2</f>');
    expect(cellOf(sheet, "A5")).not.toContain("<f");
    expect(cellOf(sheet, "A6")).toContain('<f t="shared" si="0"/>');
    expect(await validatePackage(out)).toEqual([]);
  });
});

describeWith(allOf(LIBREOFFICE, XMLLINT))("shared formulas with GOV. calls in a client sheet", () => {
  // A "Calc" sheet of three shared-formula groups (Excel stores a filled-down formula once, in
  // the group's first cell; the others only point at it): GOV.ELAPSED, IFS and a product,
  // each cell's cached value wrong, so LibreOffice's values prove what it read.
  const row = (r: number) =>
    `<row r="${r}"><c r="A${r}"><v>${r - 1}</v></c>` +
    (r === 2
      ? '<c r="B2"><f t="shared" ref="B2:B5" si="0">GOV.ELAPSED(A2,A2+1,"Mon-Fri 08:00-18:00")</f><v>10</v></c>' +
        '<c r="C2" t="str"><f t="shared" ref="C2:C5" si="1">IFS(A2&gt;2,"big",TRUE,"small")</f><v>wrong</v></c>' +
        '<c r="D2"><f t="shared" ref="D2:D5" si="2">A2*10</f><v>-1</v></c>'
      : `<c r="B${r}"><f t="shared" si="0"/><v>10</v></c>` +
        `<c r="C${r}" t="str"><f t="shared" si="1"/><v>wrong</v></c>` +
        `<c r="D${r}"><f t="shared" si="2"/><v>-1</v></c>`) +
    "</row>";
  const CALC =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<dimension ref="A1:D5"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>' +
    [2, 3, 4, 5].map(row).join("") +
    "</sheetData></worksheet>";

  /** The sample client workbook with the Calc sheet beside the sheet upgrade reads. */
  async function clientWithCalc(): Promise<{ file: string; part: string }> {
    const { file: sample } = await writeSample(dir, 12, false, "shared-sample.xlsx");
    const made = path.join(dir, "shared-made.xlsx");
    await writeWorkbook(sample, made, { plans: [{ name: "Calc", replace: true, cells: [["n"]] }], addin: false });
    const zip = await JSZip.loadAsync(fs.readFileSync(made));
    const book = await zip.file("xl/workbook.xml")!.async("string");
    const rid = /<sheet\b[^>]*name="Calc"[^>]*r:id="(rId\d+)"/.exec(book)![1];
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const part = "xl/" + new RegExp(`Id="${rid}"[^>]*Target="/?(?:xl/)?([^"]*)"`).exec(rels)![1];
    zip.file(part, CALC);
    const file = path.join(dir, "shared-client.xlsx");
    fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    return { file, part };
  }

  test("carried by upgrade and edited in place: each group's first cell rewritten, the group kept; LibreOffice computes every cell from its own row", async () => {
    const { file, part } = await clientWithCalc();
    // 1. upgrade reads Initiatives and carries Calc: the scan finds the calls and rewrites them in place.
    const upgraded = path.join(dir, "shared-upgraded.xlsx");
    const run = await cli("upgrade", file, "--sheet", "Initiatives", "--org", "Contoso", "-o", upgraded);
    expect(run.code).toBe(0);
    // 2. a plan that writes into Calc (as a closure writes into the Register): the in-place edit.
    const edited = path.join(dir, "shared-edited.xlsx");
    await writeWorkbook(file, edited, {
      plans: [{ name: "Calc", replace: false, cells: [[], [], [], [], [], [], ["note"]] }],
    });
    for (const out of [upgraded, edited]) {
      const sheet = await text(out, part);
      expect(sheet).toMatch(
        /<f t="shared" ref="B2:B5" si="0">_xldudf_GOV_ELAPSED\(A2,A2\+1,(&quot;|")Mon-Fri 08:00-18:00(&quot;|")\)<\/f>/,
      );
      expect(sheet).toMatch(/<f t="shared" ref="C2:C5" si="1">_xlfn\.IFS\(A2&gt;2,/);
      expect(sheet).toContain('<f t="shared" ref="D2:D5" si="2">A2*10</f>');
      for (const r of [3, 4, 5]) {
        expect(sheet).toContain(`<c r="B${r}"><f t="shared" si="0"/><v>10</v></c>`);
        expect(sheet).toContain(`<c r="C${r}" t="str"><f t="shared" si="1"/><v>wrong</v></c>`);
      }
      expect(sheet).not.toMatch(/>GOV\.|>IFS\(/);
      expect(await validatePackage(out)).toEqual([]);
    }
    expect(await text(edited, part)).toContain("note");
    // LibreOffice recalculates every cell (the cached values were wrong): each member of each
    // group computes from its own row, so the groups survived the rewrite of their first cell.
    const recalculated = recalculate([upgraded, edited], path.join(dir, "shared-lo"));
    for (const file of recalculated) {
      const book = new Workbook();
      await book.xlsx.readFile(file);
      const calc = book.getWorksheet("Calc")!;
      const values = (col: string) => [2, 3, 4, 5].map((r) => calc.getCell(`${col}${r}`).result);
      expect(values("C")).toEqual(["small", "small", "big", "big"]);
      expect(values("D")).toEqual([10, 20, 30, 40]);
    }
  }, 180_000);
});

describeXml("commands over a governed workbook read only the product's sheets", () => {
  // simple-monthly-budget.xlsx (Excel-saved): two tables and a chart; through every writing command first.
  const client = excelSaved("simple-monthly-budget.xlsx");
  let work: string;
  let reviewed: string;
  let report: string;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(dir, "product-"));
    const steps = await runPipeline(client, work);
    reviewed = steps[steps.length - 1].file;
    report = path.join(work, "report.csv");
    fs.writeFileSync(report, "Month,SLA,Achieved\n2026-11,SL-001,99.95\n");
  }, 240_000);

  test("results carries the client's parts from the file (it saved ExcelJS' model of them before: tables and charts lost)", async () => {
    const out = path.join(work, "results.xlsx");
    const run = await cli("results", report, "--workbook", reviewed, "-o", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await changedClientParts(client, out)).toEqual([]);
    expect(await validatePackage(out)).toEqual([]);
  });

  test("a client sheet no reader could parse is never read: every command carries it as it is", async () => {
    // The client's sheet cut off mid-element: reading it would refuse the whole workbook.
    const zip = await JSZip.loadAsync(fs.readFileSync(reviewed));
    const book = await zip.file("xl/workbook.xml")!.async("string");
    const rid = /<sheet\b[^>]*r:id="(rId\d+)"/.exec(book)![1];
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const part = "xl/" + new RegExp(`Id="${rid}"[^>]*Target="/?(?:xl/)?([^"]*)"`).exec(rels)![1];
    const cut = (await zip.file(part)!.async("string")).slice(0, 700);
    zip.file(part, cut);
    const damaged = path.join(work, "damaged.xlsx");
    fs.writeFileSync(damaged, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const outs = {
      tickets: path.join(work, "d-tickets.xlsx"),
      results: path.join(work, "d-results.xlsx"),
      review: path.join(work, "d-review.xlsx"),
    };
    const runs = [
      await ticketsInto(damaged, outs.tickets),
      await cli("results", report, "--workbook", damaged, "-o", outs.results),
      await cli("review", damaged, "--period", "2026-10", "--as-of", "2026-11-05", "-o", outs.review),
      await cli("validate", damaged),
      await cli("verify", damaged),
    ];
    // Exit 2 is "not readable" (verify's 3 is "consistent, not proven": no trust roster here).
    expect(runs.map((r) => (r.code === 2 ? r.stderr : r.code))).toEqual([0, 0, 1, 0, 3]);
    // The client's parts (those of the Excel-saved file) come out as the damaged input has them.
    const clientParts = new Set((await partsOf(client)).keys());
    const productParts = new Set([...(await partsOf(damaged)).keys()].filter((name) => !clientParts.has(name)));
    for (const out of Object.values(outs)) {
      expect((await partsOf(out)).get(part)!.toString("utf8")).toBe(cut);
      expect(await changedClientParts(damaged, out, productParts)).toEqual([]);
    }
  });
});

describeXml("read what Excel writes", () => {
  test("a file whose document properties ExcelJS cannot parse is read (it refused the whole file before)", async () => {
    const book = await openWorkbook(excelSaved("1_NoIden.xlsx"));
    expect(book.sheetNames).toEqual(["시트_테스트(1)"]);
    expect(book.grid("시트_테스트(1)")!.length).toBeGreaterThan(0);
  });

  test("only the chosen sheets are read: the others keep their names and are never inflated", async () => {
    const book = await openWorkbook(excelSaved("WithVariousData.xlsx"), {
      sheets: (index) => new Set([index[1].name]),
    });
    expect(book.sheetNames).toEqual(["Sheet1", "Sheet2", "Sheet3"]);
    expect(() => book.grid("Sheet2")).not.toThrow();
    expect(() => book.grid("Sheet1")).toThrow(/was not chosen to be read/);
  });

  test("a validation over a table range, comments, charts: every corpus file opens", async () => {
    for (const name of fs.readdirSync(path.join(FIXTURES, "excel-saved")).filter((f) => f.endsWith(".xlsx"))) {
      const book = await openWorkbook(excelSaved(name));
      expect([name, book.sheetNames.length > 0]).toEqual([name, true]);
    }
  });
});

/** An element tree by names only: "we:webextension(we:reference,we:alternateReferences,...)". */
function structure(xml: string): string {
  const body = xml.replace(/<\?xml[^>]*\?>/, "");
  const stack: { name: string; children: string[] }[] = [{ name: "", children: [] }];
  for (const m of body.matchAll(/<(\/?)([\w:]+)\b[^>]*?(\/?)>/g)) {
    if (m[1] === "/") {
      const done = stack.pop()!;
      // Repeated siblings (one per function id) count once: the shape, not the count.
      const kids = done.children.filter((c, i, all) => all.indexOf(c) === i);
      stack[stack.length - 1].children.push(kids.length ? `${done.name}(${kids.join(",")})` : done.name);
    } else if (m[3] === "/") stack[stack.length - 1].children.push(m[2]);
    else stack.push({ name: m[2], children: [] });
  }
  return stack[0].children.join(",");
}

describeXml("the add-in reference as Excel writes it", () => {
  const excel = path.join(FIXTURES, "excel-addin", "Custom Functions Protected Sheet Repro.xlsx");

  test("webextension, task panes and their relationships match the Excel-saved workbook element for element", async () => {
    const out = path.join(dir, "addin.xlsx");
    await writeWorkbook(undefined, out, { plans: [{ name: "Sheet1", replace: true, cells: [["x"]] }] });
    const [ours, theirs] = [await partsOf(out), await partsOf(excel)];
    for (const part of [
      "xl/webextensions/webextension1.xml",
      "xl/webextensions/taskpanes.xml",
      "xl/webextensions/_rels/taskpanes.xml.rels",
    ]) {
      // The property bag holds the record of the sheets searched (cli/package/scanned.ts), in
      // the shape Office.js gives a setting (<we:property name value/>); the repro has none.
      const withoutRecord = ours
        .get(part)!
        .toString("utf8")
        .replace(/<we:property [^>]*\/>/g, "");
      expect([part, structure(withoutRecord)]).toEqual([part, structure(theirs.get(part)!.toString("utf8"))]);
    }
    const we = ours.get("xl/webextensions/webextension1.xml")!.toString("utf8");
    expect([...we.matchAll(/<we:property name="([^"]*)" value="[^"]*"\/>/g)].map((m) => m[1])).toEqual([
      "SLAGovernance.sheetsWithoutCallsToStore",
    ]);
    expect(we).toContain('uri="{7C84B067-C214-45C3-A712-C9D94CD141B2}"');
    // Excel's package relationship ids: the workbook rId1, the task panes rId2.
    const rels = ours.get("_rels/.rels")!.toString("utf8");
    expect(rels).toMatch(/Id="rId1" Type="[^"]*officeDocument"/);
    expect(rels).toMatch(/Id="rId2" Type="[^"]*webextensiontaskpanes"/);
    // Excel's bookViews: one workbookView with a window.
    expect(ours.get("xl/workbook.xml")!.toString("utf8")).toMatch(
      /<bookViews><workbookView xWindow="\d+" yWindow="\d+" windowWidth="\d+" windowHeight="\d+"\/><\/bookViews>/,
    );
    expect(await validatePackage(out)).toEqual([]);
    expect(await validatePackage(excel)).toEqual([]);
  });

  test("another add-in's reference in the client's workbook is kept beside ours", async () => {
    const out = path.join(dir, "two-addins.xlsx");
    await writeWorkbook(excel, out, { plans: [{ name: "Findings", replace: true, cells: [["x"]] }] });
    const parts = await partsOf(out);
    expect(
      parts
        .get("xl/webextensions/webextension1.xml")!
        .equals((await partsOf(excel)).get("xl/webextensions/webextension1.xml")!),
    ).toBe(true);
    expect(parts.get("xl/webextensions/webextension2.xml")!.toString("utf8")).toContain("_xldudf_GOV_");
    const panes = parts.get("xl/webextensions/taskpanes.xml")!.toString("utf8");
    expect(panes.match(/<wetp:taskpane\b/g)!.length).toBe(2);
    expect(await validatePackage(out)).toEqual([]);
  });
});

describeXml("print settings over a client's own", () => {
  /**
   * ExcelTables.xlsx with the print settings a client (or LibreOffice, or an earlier run) left:
   * fitted to one page wide, A4 with its printer settings (Excel's), a manual column break, and
   * print titles in LibreOffice's shape (its attributes in another order than Excel's).
   */
  async function clientWithPrint(): Promise<string> {
    const zip = await JSZip.loadAsync(fs.readFileSync(excelSaved("ExcelTables.xlsx")));
    const book = await zip.file("xl/workbook.xml")!.async("string");
    zip.file(
      "xl/workbook.xml",
      book.replace(
        "<definedNames>",
        '<definedNames><definedName function="false" hidden="false" localSheetId="0" name="_xlnm.Print_Titles" vbProcedure="false">ExcelTable!$A:$C,ExcelTable!$1:$2</definedName>',
      ),
    );
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    zip.file(
      "xl/worksheets/sheet1.xml",
      sheet
        .replace("<dimension ", '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ')
        .replace(
          /<pageSetup [^>]*\/>/,
          '<pageSetup paperSize="9" fitToWidth="1" fitToHeight="0" orientation="portrait" verticalDpi="0" r:id="rId1"/>' +
            '<colBreaks count="1" manualBreakCount="1"><brk id="5" max="1048575" man="1"/></colBreaks>',
        ),
    );
    const file = path.join(dir, "client-print.xlsx");
    fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    expect(await validatePackage(file)).toEqual([]);
    return file;
  }
  const titlesOf = async (file: string) =>
    [...(await text(file, "xl/workbook.xml")).matchAll(/<definedName\b[^>]*_xlnm.Print_Titles[^>]*>([^<]*)</g)].map(
      (m) => m[1],
    );
  const sheetOf = (file: string) => text(file, "xl/worksheets/sheet1.xml");
  const cells = [
    ["ID", "Name"],
    ["M-1", "One"],
  ];

  test("across pages, then one page wide again: one Print_Titles each time, the client's breaks and fit replaced, its paper kept", async () => {
    const client = await clientWithPrint();
    const across = path.join(dir, "print-across.xlsx");
    const wide = printSetup({ freezeRows: 1, columnBreaks: [3, 6], titleColumns: 2 });
    await writeWorkbook(client, across, { plans: [{ name: "ExcelTable", replace: false, cells, print: wide }] });
    expect(await titlesOf(across)).toEqual(["'ExcelTable'!$A:$B,'ExcelTable'!$1:$1"]);
    let xml = await sheetOf(across);
    expect(/<pageSetUpPr\b[^>]*>/.exec(xml)?.[0]).toBe('<pageSetUpPr fitToPage="0"/>');
    const setup = /<pageSetup\b[^>]*\/>/.exec(xml)![0];
    for (const attr of ['scale="75"', 'fitToWidth="0"', 'pageOrder="overThenDown"', 'orientation="landscape"'])
      expect([attr, setup.includes(attr)]).toEqual([attr, true]);
    // Not the plan's to decide: the client's paper (A4) and printer settings stay.
    expect([setup.includes('paperSize="9"'), setup.includes('r:id="rId1"')]).toEqual([true, true]);
    expect(setup.match(/ orientation=/g)).toHaveLength(1);
    expect(/<colBreaks\b[\s\S]*?<\/colBreaks>/.exec(xml)?.[0]).toBe(
      '<colBreaks count="2" manualBreakCount="2"><brk id="3" max="1048575" man="1"/><brk id="6" max="1048575" man="1"/></colBreaks>',
    );
    expect(await validatePackage(across)).toEqual([]);

    // Next run, the sheet fits one page wide: no title columns, no column breaks, no scale.
    const narrow = path.join(dir, "print-narrow.xlsx");
    await writeWorkbook(across, narrow, {
      plans: [{ name: "ExcelTable", replace: false, cells, print: printSetup({ freezeRows: 1 }) }],
    });
    expect(await titlesOf(narrow)).toEqual(["'ExcelTable'!$1:$1"]);
    xml = await sheetOf(narrow);
    expect(/<pageSetUpPr\b[^>]*>/.exec(xml)?.[0]).toBe('<pageSetUpPr fitToPage="1"/>');
    expect(xml).not.toMatch(/<colBreaks\b/);
    const fitted = /<pageSetup\b[^>]*\/>/.exec(xml)![0];
    expect([fitted.includes(" scale="), fitted.includes(" pageOrder="), fitted.includes('fitToWidth="1"')]).toEqual([
      false,
      false,
      true,
    ]);
    expect(fitted.includes('paperSize="9"')).toBe(true);
    expect(await validatePackage(narrow)).toEqual([]);

    // And when it repeats nothing at all (no header rows either): no titles left, the client's names kept.
    const bare = path.join(dir, "print-bare.xlsx");
    await writeWorkbook(narrow, bare, {
      plans: [{ name: "ExcelTable", replace: false, cells, print: printSetup({ freezeRows: 0 }) }],
    });
    expect(await titlesOf(bare)).toEqual([]);
    expect(await text(bare, "xl/workbook.xml")).toContain(
      '<definedName name="NonTable">ExcelTable!$A$1:$C$4</definedName>',
    );
    expect(await validatePackage(bare)).toEqual([]);
  });
});
