import fc from "fast-check";
import { suggestMapping, applyMappingChoices, findHeaderRow } from "../../src/governance/mapping";
import { LEVELS, RegisterRow, SourceTable, textOf } from "../../src/governance/model";
import { readRegister, registerGrid } from "../../src/governance/register";
import { upgradeSheet } from "../../src/governance/upgrade";
import { validateRegister } from "../../src/governance/validate";
import { planUpgrade } from "../../src/governance/commands";
import { CLIENT_HEADERS } from "../support/client";
import { isRefusal, refusalText } from "../../src/errors";

const headers = CLIENT_HEADERS;
const source: SourceTable = {
  sheet: "Client",
  headerRow: 1,
  headers,
  rows: [
    [
      "Operations",
      "Procurement",
      "Vendors",
      "Licences",
      "Renegotiate Office licences",
      "Ana",
      "Ben",
      "L3",
      1000,
      900,
      100,
      95,
      45300,
    ],
    [
      "Operations",
      "Procurement",
      "Vendors",
      "Licences",
      "Drop unused seats",
      "Ana",
      "Ben",
      "Realized",
      "2,000",
      1800,
      200,
      150,
      "2024-02-01",
    ],
    ["Operations", "Facilities", "Offices", "Space", "Close floor 3", "", "Ben", "L1", 5000, 5000, 800, 600, ""],
    ["", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["IT", "", "Cloud", "Compute", "Rightsize VMs", "Chen", "", "l2", "n/a", 300, 50, 50, 45400],
  ],
};

function upgradeOnce(existing: RegisterRow[] = []) {
  return upgradeSheet(source, suggestMapping(headers), existing, { organization: "Contoso", decimal: "." });
}

describe("suggestMapping", () => {
  test("recognises field names and common synonyms", () => {
    expect(suggestMapping(headers)).toEqual({
      portfolio: 0,
      program: 1,
      project: 2,
      package: 3,
      measure: 4,
      owner: 5,
      controller: 6,
      gate: 7,
      baseline: 8,
      actual: 9,
      planned: 10,
      forecast: 11,
      due: 12,
    });
  });
  test("exact field names win and each column feeds one field", () => {
    const m = suggestMapping(["measure", "Initiative", "owner", "Owner 2"]);
    expect(m.measure).toBe(0);
    expect(m.owner).toBe(2);
    expect(new Set(Object.values(m)).size).toBe(Object.values(m).length);
  });
  test("choices override the suggestion and unknown fields or headers are problems", () => {
    const { mapping, problems } = applyMappingChoices(
      headers,
      [],
      [
        { field: "owner", header: "finance contact" },
        { field: "colour", header: "Stage" },
        { field: "gate", header: "Phase" },
      ],
    );
    expect(mapping.owner).toBe(6);
    expect(mapping.controller).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(["colour", "gate"]);
    expect(problems[1].message).toContain('header "Phase" not found');
  });
});

describe("findHeaderRow", () => {
  test("skips a title and a note above the table; the row suggesting the most fields wins", () => {
    const grid = [
      ["Savings programme 2026"],
      [],
      ["Prepared by Finance", "Owner: CFO office"],
      ["Workstream", "Initiative", "Owner", "Stage"],
      ["Buy", "Cut licences", "Ana", "L3"],
    ];
    expect(findHeaderRow(grid)).toBe(3);
  });
  test("ties go to the earlier row; without any suggestion the first filled row; only the first rows are searched", () => {
    expect(findHeaderRow([["Initiative"], ["Initiative"]])).toBe(0);
    expect(findHeaderRow([[], ["Ticket", "Opened"], ["T-1", 45000]])).toBe(1);
    expect(findHeaderRow([[], [null, " "]])).toBeUndefined();
    const late = [...Array.from({ length: 20 }, () => ["x"]), ["Initiative", "Owner"]];
    expect(findHeaderRow(late)).toBe(0);
    expect(findHeaderRow(late, 21)).toBe(20);
  });
});

describe("upgradeSheet", () => {
  const result = upgradeOnce();
  const byName = (name: string) => result.rows.find((r) => r.name === name)!;

  test("builds the full chain with stable ids and counts per level", () => {
    expect(result.created).toEqual({
      Organization: 1,
      Portfolio: 2,
      Program: 3,
      Project: 3,
      "Measure Package": 3,
      Measure: 4,
    });
    expect(byName("Contoso").id).toBe("ORG-001");
    expect(byName("Renegotiate Office licences").id).toBe("M-0001");
    expect(byName("Renegotiate Office licences").path).toBe("ORG-001/PF-001/PG-001/PR-001/PK-001/M-0001");
    expect(result.skippedBlankRows).toBe(1);
  });

  test("reads messy values, keeps unreadable text as typed", () => {
    const seats = byName("Drop unused seats");
    expect(seats.gate).toBe("L4 Realized");
    expect(seats.baseline).toBe(2000);
    expect(seats.due).toBe(45323);
    expect(seats.sourceRow).toBe(3);
    const vms = byName("Rightsize VMs");
    expect(vms.gate).toBe("L2 Validated");
    expect(vms.baseline).toBe("n/a");
  });

  test('an ambiguous amount ("2,000") stays text and is a BAD_VALUE unless the decimal mark is given', () => {
    const plain = upgradeSheet(source, suggestMapping(headers), [], { organization: "Contoso" });
    const seats = plain.rows.find((r) => r.name === "Drop unused seats")!;
    expect(seats.baseline).toBe("2,000");
    const bad = validateRegister(plain.rows).find((f) => f.id === seats.id && f.field === "baseline")!;
    expect(bad).toMatchObject({ code: "BAD_VALUE", severity: "error" });
    expect(bad.message).toContain('"2,000" is ambiguous: 2000 if "," groups thousands, 2 if "," is the decimal mark');
    const comma = upgradeSheet(source, suggestMapping(headers), [], { organization: "Contoso", decimal: "," });
    expect(comma.rows.find((r) => r.name === "Drop unused seats")!.baseline).toBe(2);
  });

  test("a blank level becomes a placeholder and the measure an INCOMPLETE_CHAIN finding", () => {
    const blank = result.rows.find((r) => r.name === "(blank program)")!;
    expect(blank.placeholder).toBe("blank cell");
    const findings = validateRegister(result.rows);
    const chain = findings.filter((f) => f.code === "INCOMPLETE_CHAIN");
    expect(chain.map((f) => f.id)).toEqual([byName("Rightsize VMs").id]);
    expect(chain[0].sourceRow).toBe(6);
  });

  test("validation codes: owner, controller, bad value", () => {
    const findings = validateRegister(result.rows);
    const codes = (id: string) => findings.filter((f) => f.id === id).map((f) => f.code);
    expect(codes(textOf(byName("Close floor 3").id))).toContain("MISSING_OWNER");
    expect(codes(textOf(byName("Rightsize VMs").id))).toEqual(
      expect.arrayContaining(["MISSING_CONTROLLER", "BAD_VALUE"]),
    );
    const bad = findings.find((f) => f.code === "BAD_VALUE" && f.field === "baseline")!;
    expect(bad.message).toContain('"n/a"');
  });

  test("a missing column becomes a PLACEHOLDER item, reported once", () => {
    const noProgram = { ...suggestMapping(headers) };
    delete noProgram.program;
    const r = upgradeSheet(source, noProgram, [], { organization: "Contoso" });
    const placeholders = validateRegister(r.rows).filter((f) => f.code === "PLACEHOLDER");
    expect(placeholders.length).toBe(2); // one per portfolio
    expect(r.rows.filter((x) => x.name === "(no program)").length).toBe(2);
  });

  test("duplicate names under one parent are kept apart and reported", () => {
    const dup: SourceTable = { ...source, rows: [source.rows[0], source.rows[0]] };
    const r = upgradeSheet(dup, suggestMapping(headers), [], { organization: "Contoso" });
    expect(r.created.Measure).toBe(2);
    expect(validateRegister(r.rows).filter((f) => f.code === "DUPLICATE").length).toBe(1);
    const again = upgradeSheet(dup, suggestMapping(headers), r.rows, { organization: "Contoso" });
    expect(again.rows).toEqual(r.rows);
  });

  test("re-running on the same source changes nothing", () => {
    const again = upgradeOnce(result.rows);
    expect(again.rows).toEqual(result.rows);
    expect(again.created.Measure).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.findings).toEqual([]);
  });

  test("nothing typed into the register is lost: the register wins and the conflict is reported", () => {
    const edited = result.rows.map((r) => ({ ...r }));
    const row = edited.find((r) => r.name === "Close floor 3")!;
    row.owner = "Dana"; // was blank in the source: typed in the register
    row.forecast = 650; // differs from the source's 600
    const extra = { ...row, id: "M-0099", name: "Typed by hand", sourceRow: null };
    edited.push(extra);
    const again = upgradeOnce(edited);
    const after = again.rows.find((r) => r.name === "Close floor 3")!;
    expect(after.owner).toBe("Dana");
    expect(after.forecast).toBe(650);
    expect(again.rows.find((r) => r.id === "M-0099")).toBeDefined();
    expect(again.findings).toEqual([
      expect.objectContaining({ code: "SOURCE_CONFLICT", id: row.id, field: "forecast", sourceRow: 4 }),
    ]);
    expect(again.rows.slice(0, edited.length).map((r) => r.id)).toEqual(edited.map((r) => r.id));
  });

  test("a closed measure is never touched by an upgrade", () => {
    const edited = result.rows.map((r) => ({ ...r }));
    const row = edited.find((r) => r.name === "Drop unused seats")!;
    row.gate = "L5 Closed";
    row.forecast = null;
    const again = upgradeOnce(edited);
    expect(again.rows.find((r) => r.id === row.id)).toEqual({ ...row });
  });

  test("the register survives a round trip through its grid", () => {
    const grid = registerGrid(result.rows);
    const read = readRegister(grid) as { rows: RegisterRow[] };
    expect(read.rows).toEqual(result.rows);
  });
});

describe("planUpgrade", () => {
  test("refuses a sheet without a measure column, and a register without its headers", () => {
    const noMeasure = planUpgrade(undefined, source, { portfolio: 0 });
    expect(noMeasure).toEqual({ kind: "refusal", reasons: [expect.stringContaining('"measure"')] });
    const broken = planUpgrade([["ID", "Name"]], source, suggestMapping(headers));
    expect(broken).toEqual({ kind: "refusal", reasons: [expect.stringContaining('"Level"')] });
  });
  test("plans the register and findings, never the source sheet", () => {
    const out = planUpgrade(undefined, source, suggestMapping(headers), { organization: "Contoso" });
    if (isRefusal(out)) throw new Error(refusalText(out));
    expect(out.plans.map((p) => p.name)).toEqual(["Register", "Findings"]);
    expect(out.items.Measure).toBe(4);
  });
  test("the Findings sheet it rewrites keeps other sheets' cut cells, not those of the sheets it writes (C4)", () => {
    const cut = (sheet: string) => [
      "TEXT_CUT",
      "",
      null,
      2,
      null,
      `${sheet}!A2: a text of 40,000 characters, more than the 32,767 an Excel cell holds, is cut to the limit.`,
      "warning",
    ];
    const findings = [
      ["Code", "ID", "Register Row", "Source Row", "Field", "Message", "Severity"],
      cut("Tickets"),
      cut("Source IDs"),
    ];
    const out = planUpgrade(undefined, source, suggestMapping(headers), { organization: "Contoso", findings });
    if (isRefusal(out)) throw new Error(refusalText(out));
    const listed = out.plans.find((p) => p.name === "Findings")!.cells.filter((r) => r?.[0] === "TEXT_CUT");
    expect(listed.map((r) => String(r[5]).slice(0, 10))).toEqual(["Tickets!A2"]);
  });
});

describe("level owners and controllers, organizations found again, duplicate headers", () => {
  const table: SourceTable = {
    sheet: "Flat",
    headerRow: 1,
    headers: ["Business Unit", "Portfolio Owner", "Workstream", "Programme Lead", "Initiative", "Owner", "Controller"],
    rows: [
      ["Ops", "Olga", "Buy", "Paul", "Cut licences", "Ana", "Ben"],
      ["Ops", "Olga", "Buy", "", "Drop seats", "Ana", "Ben"],
      ["Ops", "Oscar", "Move", "Pia", "Close floor", "Cy", "Ben"],
    ],
  };
  const mapping = suggestMapping(table.headers);

  test("headers such as Portfolio Owner and Programme Lead are suggested for the level fields", () => {
    expect(mapping).toMatchObject({ portfolio: 0, portfolio_owner: 1, program: 2, program_owner: 3, measure: 4 });
    expect(suggestMapping(["Project Manager", "Workstream Lead", "Lever Owner", "BU Controller"])).toEqual({
      project_owner: 0,
      program_owner: 1,
      package_owner: 2,
      portfolio_controller: 3,
    });
  });

  test("level items take their owner from the sheet; a different value later is one SOURCE_CONFLICT warning", () => {
    const r = upgradeSheet(table, mapping, [], { organization: "Contoso" });
    const item = (name: string) => r.rows.find((x) => x.name === name)!;
    expect(item("Ops").owner).toBe("Olga");
    expect(item("Buy").owner).toBe("Paul");
    expect(item("Move").owner).toBe("Pia");
    expect(r.findings).toEqual([
      {
        code: "SOURCE_CONFLICT",
        severity: "warning",
        id: "PF-001",
        sourceRow: 4,
        field: "owner",
        message: 'PF-001 "Ops": the register keeps "Olga" for owner; the source row 4 now says "Oscar".',
      },
    ]);
    // Owners are mapped for portfolios and programs: a gap there would be an error; controllers are not: warnings.
    const findings = validateRegister(r.rows);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings.find((f) => f.id === "PF-001")).toMatchObject({ code: "UNASSIGNED", field: "controller" });
    const noOwner = r.rows.map((x) => (x.name === "Move" ? { ...x, owner: null } : x));
    expect(validateRegister(noOwner).find((f) => f.code === "MISSING_OWNER")!.message).toBe(
      'Program PG-002 "Move" has no owner.',
    );
  });

  test("re-upgrading without --org finds the organization made with it (no duplicate items)", () => {
    const first = upgradeSheet(table, mapping, [], { organization: "Contoso Group" });
    const again = upgradeSheet(table, mapping, first.rows);
    expect(again.rows).toEqual(first.rows);
    expect(Object.values(again.created).every((n) => n === 0)).toBe(true);
    const placeholderFirst = upgradeSheet(table, mapping, []);
    expect(upgradeSheet(table, mapping, placeholderFirst.rows).rows).toEqual(placeholderFirst.rows);
  });

  test("with two organizations in the register, the one made from this sheet is found again", () => {
    const other = upgradeSheet({ ...table, sheet: "Other" }, mapping, [], { organization: "Fabrikam" });
    const first = upgradeSheet(table, mapping, other.rows, { organization: "Contoso" });
    const again = upgradeSheet(table, mapping, first.rows);
    expect(again.rows).toEqual(first.rows);
  });

  test("a header used twice is a DUPLICATE_HEADER warning naming the columns and the one read", () => {
    const dup: SourceTable = { ...table, headers: [...table.headers.slice(0, 6), "owner "] };
    const r = upgradeSheet(dup, suggestMapping(dup.headers), [], { organization: "Contoso" });
    expect(r.findings[0]).toEqual({
      code: "DUPLICATE_HEADER",
      severity: "warning",
      id: "",
      sourceRow: 1,
      message: 'The client sheet has 2 columns headed "Owner" (columns F, G); only column F is read, as owner.',
    });
    // Unread: the finding says how to read one.
    const unread = upgradeSheet(dup, { ...suggestMapping(dup.headers), owner: undefined }, [], {
      organization: "Contoso",
    });
    expect(unread.findings[0].message).toBe(
      'The client sheet has 2 columns headed "Owner" (columns F, G); none is read; to read one, choose it by its letter (--map FIELD=col:F), or rename them.',
    );
  });
});

describe("case-variant names on re-upgrade (fixed examples)", () => {
  const headers = ["Organization", "Portfolio", "Program", "Project", "Package", "Measure"];
  const cases: [string, string[][]][] = [
    [
      "measure names differing in case under one package",
      [
        ["A", "B", "C", "D", "E", "M1"],
        ["A", "B", "C", "D", "E", "m1"],
      ],
    ],
    [
      "a parent differing in case and trailing space",
      [
        ["A", "B", "C", "D", "E", "M1"],
        ["A", "b ", "C", "D", "E", "M2"],
      ],
    ],
    [
      "the case variant first, then the original, twice",
      [
        ["a", "b", "c", "d", "e", "m1"],
        ["A", "B", "C", "D", "E", "M1"],
        ["A", "B", "C", "D", "E", "M1"],
      ],
    ],
    [
      "blank levels beside case variants",
      [
        ["", "B", "", "D", "", "M1"],
        ["", "b", "", "d", "", "m1"],
      ],
    ],
  ];
  test.each(cases)("%s: the second upgrade changes nothing and names fold to one item", (_, rows) => {
    const table: SourceTable = { sheet: "S", headerRow: 1, headers, rows };
    const mapping = suggestMapping(headers);
    const once = upgradeSheet(table, mapping, []);
    const twice = upgradeSheet(table, mapping, once.rows);
    expect(twice.rows).toEqual(once.rows);
    expect(twice.created.Measure).toBe(0);
    const portfolios = once.rows.filter((r) => r.level === "Portfolio").map((r) => r.name);
    expect(new Set(portfolios.map((n) => textOf(n).trim().toLowerCase())).size).toBe(portfolios.length);
  });
});

// Property: random flat sheets with case-variant names guaranteed (a row and its case
// variant are both in every sheet); re-upgrade is idempotent and every measure has a full
// chain or a finding.
const name = fc.constantFrom("", "A", "B", "b ", "C");
const rowArb = fc.tuple(name, name, name, name, name, fc.constantFrom("", "M1", "M2", "m1", "M3"));
const variant = (r: readonly string[]) => r.map((v, i) => (i % 2 ? v.toLowerCase() + " " : v.toUpperCase()));
const sheetArb = fc.tuple(fc.array(rowArb, { maxLength: 20 }), rowArb, fc.nat(20)).map(([rows, pick, at]) => {
  const out: string[][] = rows.map((r) => [...r]);
  out.splice(Math.min(at, out.length), 0, [...pick], variant(pick));
  return out;
});
describe("upgrade properties", () => {
  test("idempotent, and every measure ends with a full chain or a finding", () => {
    fc.assert(
      fc.property(sheetArb, fc.boolean(), (rows, withOrg) => {
        const table: SourceTable = {
          sheet: "S",
          headerRow: 1,
          headers: ["Organization", "Portfolio", "Program", "Project", "Package", "Measure"],
          rows: rows.map((r) => (withOrg ? r : ["", ...r.slice(1)])),
        };
        const mapping = suggestMapping(table.headers);
        const once = upgradeSheet(table, mapping, []);
        const twice = upgradeSheet(table, mapping, once.rows);
        expect(twice.rows).toEqual(once.rows);
        const findings = validateRegister(once.rows);
        const measures = once.rows.filter((r) => r.level === "Measure");
        for (const m of measures) {
          const levels = textOf(m.path)
            .split("/")
            .map((id) => once.rows.find((r) => r.id === id)!.level);
          const full = levels.join(">") === LEVELS.join(">");
          const chainFinding = findings.some((f) => f.id === m.id && f.code === "INCOMPLETE_CHAIN");
          const placeholderAbove = textOf(m.path)
            .split("/")
            .some((id) => once.rows.find((r) => r.id === id)!.placeholder);
          expect(full).toBe(true);
          expect(!placeholderAbove || chainFinding).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("identity by the client's ID column", () => {
  const table = (rows: string[][]): SourceTable => ({
    sheet: "Tracker",
    headerRow: 1,
    headers: ["ID", "Initiative"],
    rows,
  });

  test("any re-ordering and renaming of the rows finds every measure by its ID, never a new one (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 12 }),
        fc.func(fc.boolean()),
        fc.integer(),
        (numbers, renamed, seed) => {
          const rows = numbers.map((n) => [`S-${n}`, `Measure ${n % 4}`]);
          const mapping = { source_id: 0, measure: 1 };
          const first = upgradeSheet(table(rows), mapping, []);
          const measureOf = (result: { rows: RegisterRow[]; sourceIds: Map<string, string> }, id: string) =>
            result.sourceIds.get(`Tracker\u0000${id}`);
          // Shuffle (deterministically from the seed) and rename some rows.
          const moved = rows
            .map((r, i) => ({ r, k: (i * 7919 + seed) % 1009 }))
            .sort((a, b) => a.k - b.k)
            .map(({ r }) => [r[0], renamed(r[0]) ? `Renamed ${r[0]}` : r[1]]);
          const second = upgradeSheet(table(moved), mapping, first.rows, { sourceIds: first.sourceIds });
          expect(second.created.Measure).toBe(0);
          for (const [id] of rows) expect(measureOf(second, id)).toBe(measureOf(first, id));
          expect(second.rows.filter((r) => r.level === "Measure")).toHaveLength(rows.length);
        },
      ),
    );
  });

  test("a new ID on a measure's old row gets a measure of its own; the moved ID keeps its measure", () => {
    const mapping = { source_id: 0, measure: 1 };
    const first = upgradeSheet(table([["A", "Cut licences"]]), mapping, []);
    const a = first.sourceIds.get("Tracker\u0000A");
    const second = upgradeSheet(
      table([
        ["B", "Cut licences"],
        ["A", "Cut licences"],
      ]),
      mapping,
      first.rows,
      { sourceIds: first.sourceIds },
    );
    expect(second.sourceIds.get("Tracker\u0000A")).toBe(a);
    expect(second.sourceIds.get("Tracker\u0000B")).not.toBe(a);
    expect(second.created.Measure).toBe(1);
  });

  test("an exact ID header is applied; 'Project Code' is not an ID", () => {
    expect(suggestMapping(["Ref", "Initiative"]).source_id).toBe(0);
    expect(suggestMapping(["Project Code", "Initiative"]).source_id).toBeUndefined();
  });
});
