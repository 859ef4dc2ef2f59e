import { measureStatus, rollUp } from "../../src/governance/rollup";
import { chainRegister, row } from "./support";

describe("measureStatus", () => {
  const [m1, m2] = chainRegister().slice(5);
  test("milestone on time, forecast at 90% of plan: Green, Amber, Watch", () => {
    // 90.09 / 100.1 = 0.9: below 95% (Amber), not below 80% (Red).
    expect(measureStatus(m1, 45290)).toEqual({ implementation: "Green", potential: "Amber", dualStatus: "Watch" });
  });
  test("the open milestone 10 days late is Amber, 20 days late Red", () => {
    expect(measureStatus(m1, 45310).implementation).toBe("Amber");
    expect(measureStatus(m1, 45320)).toEqual({
      implementation: "Red",
      potential: "Amber",
      dualStatus: "Delivery at risk",
    });
  });
  test("done before due and forecast at plan: On track", () => {
    expect(measureStatus(m2, 45400)).toEqual({ implementation: "Green", potential: "Green", dualStatus: "On track" });
  });
  test("no milestone is Green; an unreadable one or a missing amount leaves the status blank", () => {
    expect(measureStatus(row({ planned: 10, forecast: 10 }), 45290).dualStatus).toBe("On track");
    expect(measureStatus(row({ due: "soon", planned: 10, forecast: 10 }), 45290)).toEqual({
      implementation: "",
      potential: "Green",
      dualStatus: "",
    });
    expect(measureStatus(row({ planned: 10 }), 45290).potential).toBe("");
    expect(measureStatus(row({ planned: 0, forecast: 10 }), 45290).potential).toBe(""); // planned must be > 0
  });
});

describe("rollUp", () => {
  test("every item of the chain sums its measures exactly and takes the worst status", () => {
    const { items, statuses } = rollUp(chainRegister(), 45320);
    expect(items.map((i) => i.id)).toEqual(["ORG-001", "PF-001", "PG-001", "PR-001", "PK-001", "M-0001", "M-0002"]);
    for (const item of items.slice(0, 5)) {
      expect(item).toMatchObject({
        measures: 2,
        planned: 300.3, // 100.1 + 200.2 is 300.29999999999995 in floating point
        forecast: 290.29,
        confirmed: 200.2,
        implementation: "Red",
        potential: "Amber",
      });
      expect(item.byDualStatus).toEqual({
        "Value at risk": 0,
        "Off track": 0,
        "Delivery at risk": 1,
        Watch: 0,
        "On track": 1,
        "Not assessed": 0,
      });
    }
    expect(items[5]).toMatchObject({ level: "Measure", measures: 1, planned: 100.1, confirmed: 0 });
    expect(statuses.get("M-0002")!.dualStatus).toBe("On track");
  });

  test("a measure lacking data counts as Not assessed; rows without a level are left out", () => {
    const rows = chainRegister();
    rows[6] = { ...rows[6], forecast: "tbd" };
    rows.push(row({ id: "X-1", level: "Widget", name: "?" }));
    const { items } = rollUp(rows, 45290);
    expect(items.length).toBe(7);
    expect(items[0].byDualStatus["Not assessed"]).toBe(1);
    expect(items[0].forecast).toBe(90.09); // the unreadable forecast adds nothing
  });

  test("a measure whose parent is missing rolls up only into itself", () => {
    const rows = chainRegister();
    rows[5] = { ...rows[5], parentId: "PK-404" };
    const { items } = rollUp(rows, 45290);
    expect(items.find((i) => i.id === "PK-001")!.measures).toBe(1);
    expect(items.find((i) => i.id === "M-0001")!.measures).toBe(1);
  });
});
