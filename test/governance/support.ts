/** A tiny hand-built register for the governance unit tests: one full chain, two measures. */
import { emptyRow, RegisterRow } from "../../src/governance/model";

/** A register row from a few fields (everything else blank). */
export function row(fields: Partial<RegisterRow>): RegisterRow {
  return { ...emptyRow(), ...fields };
}

/** ORG-001 > PF-001 > PG-001 > PR-001 > PK-001 > M-0001, M-0002 (paths filled in). */
export function chainRegister(): RegisterRow[] {
  const chain: [string, string, string][] = [
    ["ORG-001", "Organization", "Contoso"],
    ["PF-001", "Portfolio", "Operations"],
    ["PG-001", "Program", "Procurement"],
    ["PR-001", "Project", "Vendors"],
    ["PK-001", "Measure Package", "Licences"],
  ];
  const rows = chain.map(([id, level, name], i) =>
    row({
      id,
      level,
      name,
      parentId: i ? chain[i - 1][0] : null,
      path: chain
        .slice(0, i + 1)
        .map((c) => c[0])
        .join("/"),
    }),
  );
  const under = "ORG-001/PF-001/PG-001/PR-001/PK-001";
  rows.push(
    row({
      id: "M-0001",
      level: "Measure",
      parentId: "PK-001",
      name: "Renegotiate Office licences",
      owner: "Ana",
      controller: "Ben",
      gate: "L3 Implementing",
      due: 45300,
      baseline: 1000,
      actual: 900,
      planned: 100.1,
      forecast: 90.09,
      path: `${under}/M-0001`,
    }),
    row({
      id: "M-0002",
      level: "Measure",
      parentId: "PK-001",
      name: "Drop unused seats",
      owner: "Ana",
      controller: "Ben",
      gate: "L4 Realized",
      due: 45280,
      done: 45279,
      baseline: 2000,
      actual: 1799.8,
      planned: 200.2,
      forecast: 200.2,
      confirmed: 200.2,
      path: `${under}/M-0002`,
    }),
  );
  return rows;
}
