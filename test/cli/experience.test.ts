/**
 * sla-governance experience: a survey export into the Experience sheet, then the review reads
 * it. Real .xlsx round trips; every figure checked against a count written here.
 */
import * as fs from "fs";
import * as path from "path";
import { Workbook } from "exceljs";
import { cli, tempDir } from "./helpers";
import { openWorkbook, writeWorkbook } from "../../cli/xlsx";
import { SheetPlan } from "../../src/governance/plan";
import { Grids } from "../service/fixture";
import { rewardWorkbook } from "../service/reward-fixture";

async function writeGrids(grids: Grids, file: string): Promise<void> {
  const plans: SheetPlan[] = [...grids].map(([name, cells]) => ({ name, replace: true, cells }));
  await writeWorkbook(new Workbook(), file, { plans });
}

describe("sla-governance experience", () => {
  const dir = tempDir();
  const governed = path.join(dir, "governed.xlsx");
  const survey = path.join(dir, "survey.csv");
  beforeAll(async () => {
    const grids = rewardWorkbook(false, false);
    grids.set("Tickets", [
      ["Ticket", "Priority", "Service ID"],
      ["INC1", "P1", "SL-001"],
      ["INC2", "P2", "SL-002"],
    ]);
    await writeGrids(grids, governed);
    // April: SL-001 via INC1: 10, 9, 3 (2 positive, 1 negative of 3: +33.3), lost 10 and 20;
    // SL-002 directly: 7, 8 (neutral: 0). May: SL-002 via INC2: 0 (-100). One bad score, one unknown ticket.
    fs.writeFileSync(
      survey,
      [
        "Submitted,Service,Ticket,Score,Lost Minutes",
        "2026-04-03 10:00,,INC1,10,10",
        "2026-04-04 11:00,,INC1,9,",
        "2026-04-20 09:00,,INC1,3,20",
        "2026-04-21 09:00,SL-002,,7,",
        "2026-04-22 09:00,SL-002,,8,",
        "2026-05-02 09:00,,INC2,0,45",
        "2026-05-03 09:00,SL-002,,n/a,",
        "2026-05-04 09:00,,INC9,9,",
      ].join("\n"),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("writes one Experience row per month and service level; rejected rows exit 1 and are listed", async () => {
    const out = path.join(dir, "out.xlsx");
    const run = await cli("experience", survey, "--workbook", governed, "-o", out, "--json");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.responses).toBe(6);
    expect(json.rows).toEqual([
      { period: "2026-04", serviceId: "SL-001", responses: 3, netScore: 100 / 3, lostMinutes: 15, lostN: 2 },
      { period: "2026-04", serviceId: "SL-002", responses: 2, netScore: 0, lostMinutes: null, lostN: 0 },
      { period: "2026-05", serviceId: "SL-002", responses: 1, netScore: -100, lostMinutes: 45, lostN: 1 },
    ]);
    expect(json.rejected.map((r: { row: number }) => r.row)).toEqual([8, 9]);
    expect(json.rejected[1].reason).toContain('the ticket "INC9" is not on the Tickets sheet');
    const book = await openWorkbook(out);
    const grid = book.grid("Experience")!;
    expect(grid[0]).toEqual(["Period", "Service ID", "Responses", "Net Score", "Lost Minutes", "Lost n"]);
    expect(grid.length).toBe(4);
    expect(book.grid("Services")!.length).toBeGreaterThan(1);
    // The review reads it: SL-002 met its Minimum in April with a net score 0 against its XLA Target 20.
    const reviewed = await cli("review", out, "--period", "2026-04", "-o", path.join(dir, "r.xlsx"), "--json");
    const review = JSON.parse(reviewed.stdout);
    expect(review.watermelon.experienceMissed).toEqual(["SL-002"]);
    // SL-001: 15 lost minutes exactly at its 15 target is met; +33.3 beats its XLA Target 30.
    expect(review.services[0]).toMatchObject({ netScore: 100 / 3, xlaMet: true, lostMinutes: 15, lostMet: true });
  });

  test("--dry-run shows the columns understood and writes nothing", async () => {
    const run = await cli("experience", survey, "--workbook", governed, "--dry-run");
    expect(run.stdout).toContain('time     "Submitted" (column A)');
    expect(run.stdout).toContain('ticket   "Ticket" (column C)');
    expect(run.stdout).toContain("Scale: 0-10");
    expect(run.stdout).toContain("Dry run: nothing was written.");
  });

  test("a scale and explicit columns: 1-5 low with --score", async () => {
    const file = path.join(dir, "effort.csv");
    fs.writeFileSync(
      file,
      ["When;SL;Effort", "04/05/2026;SL-001;1", "30/05/2026;SL-001;5", "05/05/2026;SL-001;3"].join("\n"),
    );
    const run = await cli(
      "experience",
      file,
      "--workbook",
      governed,
      "--time",
      "When",
      "--service",
      "SL",
      "--score",
      "Effort",
      "--scale",
      "1-5 low",
      "-o",
      path.join(dir, "effort.xlsx"),
      "--json",
    );
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout);
    // 30/05/2026 shows day/month: every date is read DMY, so all three are May.
    expect(json.dateOrder).toBe("DMY");
    expect(json.rows).toEqual([
      { period: "2026-05", serviceId: "SL-001", responses: 3, netScore: 0, lostMinutes: null, lostN: 0 },
    ]);
  });

  test("usage errors exit 2: no workbook, a bad scale, a missing score column", async () => {
    expect((await cli("experience", survey, "-o", path.join(dir, "x.xlsx"))).code).toBe(2);
    const bad = await cli("experience", survey, "--workbook", governed, "--scale", "0-100", "--dry-run");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("scale: expected");
    const file = path.join(dir, "noscore.csv");
    fs.writeFileSync(file, "Submitted,Service\n2026-04-03,SL-001\n");
    const missing = await cli("experience", file, "--workbook", governed, "--dry-run");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("score");
  });

  test("a partial header is a suggestion: refused naming the header row and the fix, applied with --accept-suggestions; --header-row skips a title", async () => {
    const titled = path.join(dir, "titled.csv");
    fs.writeFileSync(
      titled,
      [
        "Survey export, April",
        "Submitted,Service,Ticket,Score given",
        "2026-04-21 09:00,SL-002,,7",
        "2026-04-22 09:00,SL-002,,9",
      ].join("\n"),
    );
    const title = await cli("experience", titled, "--workbook", governed, "--dry-run");
    expect(title.code).toBe(2);
    expect(title.stderr).toContain('Header row 1 of "titled.csv": "Survey export", "April".');
    expect(title.stderr).toContain("--header-row N when the headers are on another row");
    const partial = await cli("experience", titled, "--workbook", governed, "--header-row", "2", "--dry-run");
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain(
      'no column for score. Header row 2 of "titled.csv": "Submitted", "Service", "Ticket", "Score given". ' +
        'Suggested, not applied: score <- D "Score given" (header starts with "score"). ' +
        "Fix: --map score=HEADER with headers of that row (or --accept-suggestions to apply the suggestions)",
    );
    const given = ["--workbook", governed, "--header-row", "2", "--dry-run", "--json"];
    const accepted = await cli("experience", titled, ...given, "--accept-suggestions");
    expect(accepted.stderr).toBe("");
    const mapped = await cli("experience", titled, ...given, "--map", "score=Score given");
    expect(JSON.parse(accepted.stdout)).toEqual(JSON.parse(mapped.stdout));
    expect(JSON.parse(accepted.stdout).responses).toBe(2);
  });
});
