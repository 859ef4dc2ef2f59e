/** new-contract's example organization on the Register: marked, left out of counts, upgrades and roll-ups until edited. */
import fc from "fast-check";
import { EXAMPLE_ORGANIZATION, isExampleOrganization, placeholderOf } from "../../src/governance/example";
import { CellValue, REGISTER_COLUMNS, RegisterRow } from "../../src/governance/model";
import { validateRegister } from "../../src/governance/validate";
import { countByLevel, planDashboard, planUpgrade } from "../../src/governance/commands";
import { registerGrid } from "../../src/governance/register";
import { EXAMPLE_MARK } from "../../src/exampleMark";
import { planNewContract } from "../../src/service/commands";
import { isRefusal, refusalText } from "../../src/errors";
import { readServiceWorkbook } from "../../src/service/read";
import { reviewPeriod } from "../../src/service/review";
import { chainRegister, row } from "./support";
import { newContractGrids } from "../service/fixture";

const example = (): RegisterRow => ({ ...EXAMPLE_ORGANIZATION });
const summary = (rows: RegisterRow[]) => validateRegister(rows).map((f) => `${f.severity} ${f.code} ${f.id}`);

describe("the example organization", () => {
  test("new-contract writes it marked in its Placeholder cell (column T); --empty writes none", () => {
    const register = planNewContract(46178).find((p) => p.name === "Register")!.cells as CellValue[][];
    expect(register).toEqual(registerGrid([EXAMPLE_ORGANIZATION]));
    expect(register[1][REGISTER_COLUMNS.findIndex((c) => c.header === "Placeholder")]).toBe(EXAMPLE_MARK);
    expect(register[1].slice(0, 4)).toEqual(["ORG-001", "Organization", null, "Contoso Group"]);
    const empty = planNewContract(46178, { empty: true }).find((p) => p.name === "Register")!.cells;
    expect(empty).toHaveLength(1);
  });

  test("unedited: one EXAMPLE_ROW warning and no other finding, not counted", () => {
    const findings = validateRegister([example()]);
    expect(findings.map((f) => [f.severity, f.code, f.id])).toEqual([["warning", "EXAMPLE_ROW", "ORG-001"]]);
    expect(findings[0].message).toBe(
      `Organization ORG-001 "Contoso Group" is new-contract's example organization (its Placeholder cell says so): it is not counted, and no measure or service level is put under it, until you edit it (type your organization's name) or clear its Placeholder cell; delete the row if you do not need it.`,
    );
    expect(countByLevel([example()]).Organization).toBe(0);
  });

  test("any cell typed into it (Path aside, which is derived) makes it the user's: counted, validated as any organization (property)", () => {
    const editable = REGISTER_COLUMNS.filter((c) => c.key !== "path" && c.key !== "placeholder");
    fc.assert(
      fc.property(
        fc.constantFrom(...editable.map((c) => c.key)),
        fc.oneof(
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""),
          fc.integer(),
        ),
        (key, value) => {
          const r = example();
          fc.pre(String(value).trim() !== String(r[key] ?? "").trim());
          r[key] = value;
          expect(isExampleOrganization(r)).toBe(false);
          expect(placeholderOf(r)).toBe("");
          expect(validateRegister([r]).map((f) => f.code)).not.toContain("EXAMPLE_ROW");
        },
      ),
    );
    // Renamed, it is an ordinary organization: counted, and its unnamed roles a warning as for any.
    const renamed = { ...example(), name: "Acme Group" };
    expect(summary([renamed])).toEqual(["warning UNASSIGNED ORG-001"]);
    expect(countByLevel([renamed]).Organization).toBe(1);
    // The mark cleared, the example's values are the user's.
    const unmarked = { ...example(), placeholder: null };
    expect([isExampleOrganization(unmarked), countByLevel([unmarked]).Organization]).toEqual([false, 1]);
    // The mark with spaces around it is still the mark; a Path recomputed is not an edit.
    expect(isExampleOrganization({ ...example(), placeholder: `  ${EXAMPLE_MARK} `, path: null })).toBe(true);
  });

  test("items a user hangs under it keep a whole chain; the example itself still warns", () => {
    const rows = [
      example(),
      row({ id: "PF-001", level: "Portfolio", parentId: "ORG-001", name: "Ops", owner: "O", controller: "C" }),
      row({ id: "PG-001", level: "Program", parentId: "PF-001", name: "Buy", owner: "O", controller: "C" }),
      row({ id: "PR-001", level: "Project", parentId: "PG-001", name: "Vendors", owner: "O", controller: "C" }),
      row({ id: "PK-001", level: "Measure Package", parentId: "PR-001", name: "Lic", owner: "O", controller: "C" }),
      row({ id: "M-0001", level: "Measure", parentId: "PK-001", name: "Cut", owner: "O", controller: "C" }),
    ];
    expect(summary(rows)).toEqual(["warning EXAMPLE_ROW ORG-001"]);
  });

  test("the Dashboard lists it only once something is under it", () => {
    const names = (rows: RegisterRow[]) =>
      (planDashboard(rows, 46178).find((p) => p.name === "Dashboard")!.cells as unknown[][])
        .flat()
        .map((c) => (c !== null && typeof c === "object" && "value" in c ? c.value : c));
    // The user's own chain (ORG-002 "Contoso") beside the untouched example.
    const own = chainRegister().map((r) => ({
      ...r,
      id: String(r.id).replace("ORG-001", "ORG-002"),
      parentId: r.parentId === "ORG-001" ? "ORG-002" : r.parentId,
      path: String(r.path).replace("ORG-001", "ORG-002"),
    }));
    expect(names([example(), ...own])).not.toContain("Contoso Group");
    expect(names([example(), ...own])).toContain("Contoso");
    // The user's chain hung under the example (not renamed yet): it is listed, since its measures roll up to it.
    expect(names(chainRegister().map((r, i) => (i === 0 ? example() : r)))).toContain("Contoso Group");
  });

  test("an upgrade never puts a client's measures under it: a sheet without an organization column gets its own", () => {
    const source = {
      sheet: "Tracker",
      headerRow: 1,
      headers: ["Initiative"],
      rows: [["Cut licences"], ["Drop seats"]],
    };
    const out = planUpgrade(registerGrid([EXAMPLE_ORGANIZATION]), source, { measure: 0 });
    if (isRefusal(out)) throw new Error(refusalText(out));
    const orgs = out.rows.filter((r) => r.level === "Organization");
    expect(orgs.map((r) => [r.id, r.name])).toEqual([
      ["ORG-001", "Contoso Group"],
      ["ORG-002", "(no organization)"],
    ]);
    // The example row is kept as it was, still the example (still one warning).
    expect(out.rows[0]).toEqual(EXAMPLE_ORGANIZATION);
    const measures = out.rows.filter((r) => r.level === "Measure");
    expect(measures.every((m) => String(m.path).startsWith("ORG-002/"))).toBe(true);
    expect(out.findings.filter((f) => f.code === "EXAMPLE_ROW").map((f) => f.id)).toEqual(["ORG-001"]);
    // Renamed by the user, it is the register's organization: the sheet's measures go under it.
    const own = planUpgrade(registerGrid([{ ...EXAMPLE_ORGANIZATION, name: "Acme Group" }]), source, { measure: 0 });
    if (isRefusal(own)) throw new Error(refusalText(own));
    expect(own.rows.filter((r) => r.level === "Organization").map((r) => r.name)).toEqual(["Acme Group"]);
  });

  test("the review never rolls a service's money up to it: the Register ID is a warning naming the example", () => {
    const grids = (register: RegisterRow[]) => {
      const out = newContractGrids(46178);
      out.get("Contract")!.forEach((line) => (line.length = 2));
      out.set("Register", registerGrid(register));
      return out;
    };
    const review = (register: RegisterRow[]) => {
      const g = grids(register);
      const book = readServiceWorkbook((n) => g.get(n));
      if (isRefusal(book)) throw new Error(refusalText(book));
      const r = reviewPeriod(book, "2026-06", 46178);
      if (isRefusal(r)) throw new Error(refusalText(r));
      return r;
    };
    const fresh = review([example()]);
    expect(fresh.atRiskByItem).toEqual([]);
    expect(fresh.findings.filter((f) => f.code === "SERVICE_UNKNOWN_ITEM").map((f) => f.message)).toEqual([
      `Services row 2: SL-001's Register ID "ORG-001" is new-contract's example organization, left out until you edit it on the Register (or clear its Placeholder cell), so its money at risk rolls up nowhere; name your own register item.`,
    ]);
    const own = review([{ ...example(), name: "Acme Group" }]);
    expect(own.atRiskByItem.map((i) => [i.id, i.amount])).toEqual([["ORG-001", 2000]]);
    expect(own.findings.filter((f) => f.code === "SERVICE_UNKNOWN_ITEM")).toEqual([]);
  });
});
