/** The contract's Currency on every sheet that shows money: Register, Dashboard, new-contract's example. */
import * as path from "path";
import * as fs from "fs";
import { Workbook } from "exceljs";
import { cli, governedSample, tempDir, writeSample } from "./helpers";
import { COLUMN_INDEX, columnLetter } from "../../src/governance/model";

/** Adds a Contract sheet naming a currency to a workbook file. */
async function withContract(file: string, currency: string): Promise<void> {
  const wb = new Workbook();
  await wb.xlsx.readFile(file);
  const contract = wb.addWorksheet("Contract");
  contract.addRow(["Monthly Charges", 10000]);
  contract.addRow(["Currency", currency]);
  await wb.xlsx.writeFile(file);
}

/** The number formats of a sheet's cells that hold numbers, by address. */
async function numberFormats(file: string, sheet: string): Promise<Map<string, string>> {
  const wb = new Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, string>();
  wb.getWorksheet(sheet)!.eachRow((row) =>
    row.eachCell((cell) => {
      const v = cell.value as unknown;
      const n =
        typeof v === "number" ||
        (typeof v === "object" && v !== null && typeof (v as { result?: unknown }).result === "number");
      if (n) out.set(cell.address, String(cell.numFmt ?? ""));
    }),
  );
  return out;
}

describe("money in the contract's currency", () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("an upgrade into a workbook whose Contract names eur shows EUR after every amount on the Register and the Dashboard", async () => {
    const { file } = await writeSample(dir, 12, false);
    await withContract(file, " eur ");
    const out = path.join(dir, "governed.xlsx");
    const run = await cli("upgrade", file, "--org", "Contoso", "-o", out);
    expect([run.code, run.stderr]).toEqual([expect.any(Number), ""]);
    const register = await numberFormats(out, "Register");
    const columns = (["baseline", "actual", "planned", "forecast"] as const).map((k) => columnLetter(COLUMN_INDEX[k]));
    const amounts = [...register].filter(([a]) => columns.includes(a.replace(/\d+$/, "")));
    expect(amounts.length).toBeGreaterThan(10);
    for (const [address, format] of amounts) expect([address, format]).toEqual([address, '#,##0.00 "EUR"']);
    const dashboard = await numberFormats(out, "Dashboard");
    const money = [...dashboard.values()].filter((f) => f.startsWith("#,##0.00"));
    expect(money.length).toBeGreaterThan(10);
    expect(new Set(money)).toEqual(new Set(['#,##0.00 "EUR"']));
  });

  test("a Currency typed after the upgrade: the Dashboard shows it from the next close, the Register from the next upgrade", async () => {
    const governed = path.join(dir, "typed later.xlsx");
    const [pick] = await governedSample(dir, governed, 1);
    await withContract(governed, "USD");
    const closed = path.join(dir, "typed later closed.xlsx");
    const close = ["--measure", pick.id, "--controller", "C", "--confirmed", String(pick.planned), "--unsigned"];
    expect((await cli("close", governed, ...close, "-o", closed)).stderr).toBe("");
    const money = async (file: string, sheet: string) =>
      new Set([...(await numberFormats(file, sheet)).values()].filter((f) => f.startsWith("#,##0.00")));
    expect(await money(closed, "Dashboard")).toEqual(new Set(['#,##0.00 "USD"']));
    // The Audit's Confirmed amount as money in that currency (a format: the entry's hash, over values, verifies).
    expect((await numberFormats(closed, "Audit")).get("F2")).toBe('#,##0.00 "USD"');
    const verified = await cli("verify", closed);
    // Unsigned (--unsigned): consistent, not proven (exit 3); an entry edited would be exit 1.
    expect([verified.code, verified.stdout.split("\n")[0]]).toEqual([
      3,
      expect.stringMatching(/^Consistent, not proven/),
    ]);
    // close writes only the closure's cells of the Register: its amounts keep their format.
    expect(await money(closed, "Register")).toEqual(new Set(["#,##0.00"]));
    const again = path.join(dir, "typed later upgraded.xlsx");
    expect((await cli("upgrade", closed, "--org", "Contoso", "-o", again)).code).not.toBe(2);
    expect(await money(again, "Register")).toEqual(new Set(['#,##0.00 "USD"']));
  });

  test.each([
    ["no Contract sheet", undefined],
    ["a symbol, not a code", "€"],
  ])("%s: the amounts are plain", async (name, currency) => {
    const { file } = await writeSample(dir, 12, false, `${name}.xlsx`);
    if (currency) await withContract(file, currency);
    const out = path.join(dir, `${name} governed.xlsx`);
    expect((await cli("upgrade", file, "--org", "Contoso", "-o", out)).stderr).not.toContain("unexpected");
    for (const sheet of ["Register", "Dashboard"]) {
      const formats = [...(await numberFormats(out, sheet)).values()].filter((f) => f.startsWith("#,##0"));
      expect(formats.length).toBeGreaterThan(5);
      expect(new Set(formats)).toEqual(new Set(["#,##0.00"]));
    }
  });

  test("new-contract's example money is in its example currency (USD): the Contract's amounts, the Services' penalty", async () => {
    const out = path.join(dir, "contract.xlsx");
    expect((await cli("new-contract", "-o", out)).code).toBe(0);
    const contract = await numberFormats(out, "Contract");
    expect(contract.get("B1")).toBe('#,##0.00 "USD"');
    expect(contract.get("B2")).toBe("0.00%");
    const services = await numberFormats(out, "Services");
    expect(services.get("N2")).toBe('#,##0.00 "USD"');
    // The example's thresholds in its unit (%).
    expect(services.get("J2")).toBe("0.0#%");
    expect((await numberFormats(out, "Results")).get("C2")).toBe("0.0#%");
  });
});
