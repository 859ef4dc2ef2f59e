/**
 * End to end: the built dist/taskpane.html in headless Chromium (Debian's chromium driven by
 * playwright-core), with office.js served from the local @microsoft/office-js copy and the
 * fake Excel behind it. Clicks through upgrade, validate, a finding, the dashboard, a
 * closure and a verification on a messy client sheet, the tickets, the service review (from
 * the empty state's contract sheets) and the pack, one view (tab) at a time, at Excel's 320 px
 * pane width, and saves a screenshot of every view under test/artifacts/ (docs/ shows them).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { chromium, Browser, Page } from "playwright-core";
import { CHROMIUM, describeWith } from "../support/programs";
import { DIST, ensureBuilt } from "../support/bundle";
import * as reference from "../governance/reference";
import { CLIENT_HEADERS, CLIENT_TRACKER, CLIENT_TRACKER_MAPPING } from "../support/client";
import { workbook } from "../service/fixture";
import { CURRENT_VERSION } from "../../src/governance/audit";

const ROOT = path.resolve(__dirname, "..", "..");
const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const OFFICE_DIST = path.join(ROOT, "node_modules", "@microsoft", "office-js", "dist");
const ORIGIN = "https://addin.test";

/** The fake Excel, transpiled for the page, with a messy client sheet and the requirement check. */
function fakeHostScript(): string {
  const source = fs.readFileSync(path.join(ROOT, "test", "support", "fakeExcel.ts"), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
  const client = [
    CLIENT_HEADERS,
    [
      "Operations",
      "Procurement",
      "Vendors",
      "Licences",
      "Renegotiate Office licences",
      "Ana",
      "Ben",
      "L4",
      12000,
      10000,
      2000,
      2000,
      46300,
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
      5000,
      4200,
      800,
      800,
      46280,
    ],
    [
      "Operations",
      "Facilities",
      "Offices",
      "Space",
      "Close floor 3",
      "",
      "Ben",
      "L3",
      90000,
      90000,
      15000,
      9000,
      46200,
    ],
    ["Operations", "", "Cloud", "Compute", "<img src=x onerror=alert(1)>", "Chen", "", "l2", "tbd", 300, 50, 50, 46400],
    [
      "Finance",
      "Shared services",
      "AP",
      "Automation",
      "Invoice OCR",
      "Dee",
      "Eve",
      "L3",
      40000,
      38000,
      6000,
      5900,
      46500,
    ],
  ];
  // A blank row in the client's table (Excel's region would stop there), then 24 initiatives
  // without an owner: one findings group longer than the 20 the pane shows at first.
  client.push(CLIENT_HEADERS.map(() => ""));
  for (let i = 1; i <= 24; i++) {
    client.push([
      "Finance",
      "Shared services",
      "AR",
      "Collections",
      `Dunning wave ${i}`,
      "",
      "Eve",
      "L2",
      1000,
      1000,
      100,
      100,
      46500,
    ]);
  }
  // A ticket history for the Tickets section: Monday 2024-03-04, one row with markup as its time.
  const history = [
    ["Number", "Priority", "State", "Updated"],
    ["INC1", "P1", "New", 45355 + 9 / 24],
    ["INC1", "P1", "On Hold", 45355 + 10 / 24],
    ["INC1", "P1", "In Progress", 45355 + 12 / 24],
    ["INC1", "P1", "Resolved", 45355 + 14 / 24],
    ["INC2", "P1", "New", "<img src=x onerror=alert(2)>"],
  ];
  return `;(function(){var exports={};${js}
var wb = exports.createWorkbook({ Client: ${JSON.stringify(client)}, History: ${JSON.stringify(history)} }, { sheet: "Client", address: "B2" });
// The service review's sheets, added when its test runs (the tickets test writes Results first).
window.__addSheets = function (sheets, options) {
  var made = exports.createWorkbook(sheets, undefined, options);
  made.sheets.forEach(function (s) {
    wb.sheets = wb.sheets.filter(function (t) { return t.name !== s.name; });
    wb.sheets.push(s);
  });
};
window.__workbook = wb; window.__sheetValues = function(n){ return exports.sheetValues(wb, n); };
window.Excel = { run: exports.fakeRun(wb) };
// Outside Office, office.js has no context until onReady: give it the requirement check Excel would.
var onReady = Office.onReady;
Office.onReady = function (callback) {
  return onReady.call(Office).then(function (info) {
    Office.context = Office.context || {};
    Office.context.requirements = { isSetSupported: function () { return true; } };
    if (callback) callback(info);
    return info;
  });
};
})();`;
}

/** The worked contract month of the service review tests (Services, Contract, Results), blanks as "". */
function serviceSheets(): Record<string, unknown[][]> {
  const sheets: Record<string, unknown[][]> = {};
  for (const [name, grid] of workbook()) {
    if (name !== "Register") sheets[name] = grid.map((row) => row.map((v) => (v === null ? "" : v)));
  }
  return sheets;
}

describeWith(CHROMIUM)("task pane in headless Chromium with the fake Excel", () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    // Excel's task pane is about 320 px wide; the page must work there.
    page = await browser.newPage({ viewport: { width: 320, height: 900 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    // The widest the page has been after any change to it (every command's results, busy
    // states, opened sections), not only where a test ends: each afterEach reads and resets it.
    await page.addInitScript(() => {
      const w = window as unknown as { __widest: number };
      w.__widest = 0;
      const measure = () => (w.__widest = Math.max(w.__widest, document.documentElement.scrollWidth));
      document.addEventListener("DOMContentLoaded", () => {
        measure();
        new MutationObserver(measure).observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
      });
    });
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const shim = fakeHostScript();
    await page.route("https://appsforoffice.microsoft.com/**", async (route) => {
      const file = path.join(OFFICE_DIST, path.basename(new URL(route.request().url()).pathname));
      if (!fs.existsSync(file)) return route.abort();
      let body = fs.readFileSync(file, "utf8");
      if (path.basename(file) === "office.js") body += shim;
      return route.fulfill({ body, contentType: "application/javascript" });
    });
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1) || "taskpane.html";
      const file = path.join(DIST, name);
      if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: "" });
      const type = name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css" : "application/javascript";
      return route.fulfill({ path: file, contentType: type });
    });
    await page.route(/^(?!https:\/\/(addin\.test|appsforoffice\.microsoft\.com)\/).*/, (route) => route.abort());
    await page.goto(`${ORIGIN}/taskpane.html`);
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Ready"), undefined, {
      timeout: 20000,
    });
  }, 60000);

  afterAll(async () => {
    await browser?.close();
  });

  type Win = {
    __sheetValues: (n: string) => unknown[][];
    __workbook: { selection: { sheet: string; address: string } };
  };
  const sheet = (name: string) => page.evaluate((n) => (window as never as Win).__sheetValues(n), name);
  const text = (selector: string) => page.locator(selector).textContent();
  /** Shows one of the pane's views by its tab. */
  const tab = (name: string) => page.getByRole("tab", { name, exact: true }).click();
  /** A screenshot of the whole page as it stands, at the pane's width. */
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

  // Nothing a command shows (a 64-digit Key ID, a receipt, a long message) widens the pane:
  // neither where the test ends nor at any change on the way (after every command).
  afterEach(async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const widest = await page.evaluate(() => {
      const w = window as unknown as { __widest: number };
      const seen = w.__widest;
      w.__widest = document.documentElement.scrollWidth;
      return seen;
    });
    // Measured (the observer ran), and never past the pane.
    expect(widest).toBeGreaterThan(200);
    expect(widest).toBeLessThanOrEqual(320);
  });
  /** Waits until a result region holds a finished result (not the busy "…" text). */
  const settled = (selector: string) =>
    page.waitForFunction((sel) => /\b(ok|error)\b/.test(document.querySelector(sel)?.className ?? ""), selector);
  /** True when the element is wholly inside the viewport (the user sees it without scrolling). */
  const inView = (selector: string) =>
    page.locator(selector).evaluate((node) => {
      const r = node.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    });

  test("sets a Content Security Policy; results are live regions beside their controls", async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    for (const id of ["result-structure", "result-check", "result-controller"]) {
      expect(await page.locator(`#${id}`).getAttribute("role")).toBe("status");
      expect(await page.locator(`#${id}`).getAttribute("aria-live")).toBe("polite");
    }
  });

  test("one view at a time, each with one primary action", async () => {
    const views = ["Govern", "Close", "Service review", "Tickets", "Pack"];
    expect(await page.getByRole("tab").allTextContents()).toEqual(views);
    for (const name of views) {
      await tab(name);
      const id = await page.getByRole("tab", { name, exact: true }).getAttribute("aria-controls");
      expect(await page.locator(".view:not([hidden])").evaluateAll((v) => v.map((n) => n.id))).toEqual([id]);
      const primaries = await page
        .locator(`#${id} button.primary`)
        .evaluateAll((bs) => bs.filter((b) => (b as HTMLElement).offsetParent !== null).map((b) => b.textContent));
      expect({ name, primaries: primaries.length }).toEqual({ name, primaries: 1 });
    }
    await tab("Govern");
  });

  test("verify on a workbook without a Register refuses, as the command line does", async () => {
    await tab("Close");
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await settled("#result-controller");
    expect(await page.locator("#result-controller").getAttribute("class")).toContain("error");
    expect(await text("#result-controller")).toContain("There is no Register sheet to verify");
    expect(await inView("#result-controller")).toBe(true);
  });

  test("upgrade: the whole table past its blank row, mapping labels whole at 320 px, the source untouched", async () => {
    const before = JSON.stringify(await sheet("Client"));
    await tab("Govern");
    await page.getByRole("button", { name: "Upgrade selected table" }).click();
    await page.locator("#mapping").waitFor({ state: "visible" });
    expect(await text("#result-structure")).toBe("Check the column mapping below, then run the upgrade.");
    expect(await text("#mapping-source")).toContain(
      '29 rows from "Client" A1:M31 (header in row 1). Check the suggested columns; the source sheet is never changed. Row 7 is blank and skipped; the table was read on past it to row 31.',
    );
    expect(await page.locator("#map-measure").inputValue()).toBe("4");
    expect(await page.locator("#map-controller").inputValue()).toBe("6");
    // No field name is cut or pushed past the pane's edge.
    const cut = await page
      .locator("#mapping-table th, #mapping-table select")
      .evaluateAll((labels) =>
        labels
          .filter((l) => l.scrollWidth > l.clientWidth + 1 || l.getBoundingClientRect().right > window.innerWidth)
          .map((l) => l.textContent),
      );
    expect(cut).toEqual([]);
    await page.locator("#mapping").screenshot({ path: path.join(ARTIFACTS, "taskpane-mapping-320.png") });
    // While the mapping is open, its "Run upgrade" is the view's one primary action.
    expect(await page.locator("#view-govern button.primary").allTextContents()).toEqual(["Run upgrade"]);
    await page.locator("#org").fill("Contoso");
    await page.getByRole("button", { name: "Run upgrade" }).click();
    await page.waitForFunction(() => document.getElementById("result-structure")?.textContent?.startsWith("Upgraded"));
    expect(await page.locator("#mapping").isHidden()).toBe(true);
    expect(await text("#result-mapping")).toBe("");
    expect(await text("#result-structure")).toMatch(
      /^Upgraded 29 rows of "Client": \d+ new items, 0 updated, \d+ findings?\./,
    );
    expect(await inView("#result-structure")).toBe(true);
    expect(JSON.stringify(await sheet("Client"))).toBe(before);
    const measures = (await sheet("Register")).filter((r) => r[1] === "Measure");
    expect(measures.length).toBe(29);
  });

  test("validate: the result beside the button; findings grouped by severity and code, 20 at first", async () => {
    await page.getByRole("button", { name: "Validate" }).click();
    await settled("#result-check");
    expect(await text("#result-check")).toMatch(
      /^\d+ errors? and \d+ warnings?, listed below and on the Findings sheet\.$/,
    );
    expect(await inView("#result-check")).toBe(true);
    expect(await text("#findings-title")).toMatch(/^Findings: \d+ errors?, \d+ warnings?$/);
    const owner = page.locator('#findings details[data-code="MISSING_OWNER"]');
    const count = Number(await owner.locator("summary .count").textContent());
    expect(count).toBeGreaterThanOrEqual(25);
    expect(await owner.locator("li").count()).toBe(20);
    const more = owner.locator("button.more");
    expect(await more.textContent()).toBe(
      count - 20 > 20 ? `Show 20 more (${count - 20} not shown)` : `Show the last ${count - 20} findings`,
    );
    await more.click();
    expect(await owner.locator("li").count()).toBe(Math.min(40, count));
    // Each code appears once, under one severity, with its count.
    const codes = await page
      .locator("#findings details")
      .evaluateAll((ds) => ds.map((d) => (d as HTMLElement).dataset.code));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(["MISSING_OWNER", "BAD_VALUE", "UNASSIGNED"]));
    // Errors come first and open; warnings after them, closed until asked for.
    expect(await page.locator("#findings .severity h4").allTextContents()).toEqual([
      expect.stringMatching(/^Errors \(\d+\)$/),
      expect.stringMatching(/^Warnings \(\d+\)$/),
    ]);
    const unassigned = page.locator('#findings .severity.warning details[data-code="UNASSIGNED"]');
    expect(await unassigned.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await unassigned.locator("li").first().isVisible()).toBe(false);
    await unassigned.locator("summary").click();
    expect(await unassigned.locator("li").first().isVisible()).toBe(true);
    // The earlier refusal of Verify (no Register then) no longer stands beside its button.
    expect(await text("#result-controller")).toBe("");
    // Workbook text is text: the client's "<img ...>" initiative shows literally, no element made.
    const all = await text("#findings");
    expect(all).toContain("<img src=x onerror=alert(1)>");
    expect(await page.locator("#findings img").count()).toBe(0);
    // Register ids never break across lines, and nothing is wider than the pane.
    const broken = await page
      .locator("#findings .id")
      .evaluateAll((ids) => ids.filter((n) => n.getClientRects().length > 1).map((n) => n.textContent));
    expect(broken).toEqual([]);
    expect(await page.locator("#findings .id").count()).toBeGreaterThan(0);
    // The view's first screens: the upgrade, the checks and the first findings.
    await page.screenshot({
      path: path.join(ARTIFACTS, "pane-govern.png"),
      fullPage: true,
      clip: { x: 0, y: 0, width: 320, height: 1600 },
    });
    // The same page in screen-sized parts, legible at full scale.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, part = 1; y < height && part <= 6; y += 900, part++) {
      await page.screenshot({
        path: path.join(ARTIFACTS, `taskpane-validate-320-part${part}.png`),
        fullPage: true,
        clip: { x: 0, y, width: 320, height: Math.min(900, height - y) },
      });
    }
  });

  test("a finding selects its cell, and says so beside the finding", async () => {
    const finding = page.locator('#findings details[data-code="MISSING_OWNER"] li', { hasText: "has no owner" }).last();
    await finding.locator("button").click();
    await settled("#result-finding");
    expect(await finding.locator("#result-finding").textContent()).toMatch(
      /^Selected M-\d+ on the Register sheet, row \d+\.$/,
    );
    expect(await inView("#result-finding")).toBe(true);
    const selection = await page.evaluate(() => (window as never as Win).__workbook.selection);
    expect(selection.sheet).toBe("Register");
    expect(selection.address).toMatch(/^E\d+$/);
  });

  test("the dashboard shows the dual-status counts, Value at risk first", async () => {
    await page.getByRole("button", { name: "Dual-status dashboard" }).click();
    await settled("#result-check");
    const first = await page.locator("#summary-table tbody tr").first().textContent();
    expect(first).toMatch(/^Value at risk\d+$/);
    expect(await text("#summary-totals")).toMatch(/Confirmed 0\.00$/);
  });

  const realized = async () =>
    (await sheet("Register")).filter((r) => r[1] === "Measure" && r[7] === "L4 Realized").map((r) => String(r[0]));

  test("the close form wants one amount per measure, as the command line does", async () => {
    const ids = await realized();
    await tab("Close");
    await page.locator("#close-ids").fill(ids.join(", "));
    await page.locator("#close-confirmed").fill("2000");
    await page.getByRole("button", { name: "Close measures" }).click();
    expect(await text("#result-controller")).toBe("Give one confirmed amount per measure: 2 IDs but 1 amount.");
  });

  test("a controller closes a realized measure; the summary's totals follow; verify is intact", async () => {
    const ids = await realized();
    expect(ids.length).toBe(2);
    await page.locator("#close-ids").fill(ids[0]);
    await page.locator("#close-confirmed").fill("2000");
    await page.locator("#controller").fill("=Carla Controller");
    await page.locator("#password").fill("pane-secret");
    await page.getByRole("button", { name: "Close measures" }).click();
    await settled("#result-controller");
    expect(await text("#result-controller")).toMatch(/^Closed M-\d+; the rows are locked/);
    expect(await inView("#result-controller")).toBe(true);
    expect(await page.locator("#password").inputValue()).toBe("");
    const audit = await sheet("Audit");
    expect(audit.length).toBe(2);
    expect(audit[1][4]).toBe("=Carla Controller"); // typed text stays text, never a formula
    expect(await text("#summary-totals")).toMatch(/Confirmed 2,000\.00$/);
    // Signed in Chromium's Web Crypto with a non-extractable key kept in IndexedDB.
    const keyInfo = await page.locator("#key-info").textContent();
    const keyId = /Key ID ([0-9a-f]{64})/.exec(keyInfo ?? "")![1];
    expect(keyInfo).toContain("A signing key was made on this machine for =Carla Controller");
    expect(audit[1].slice(10, 12)).toEqual([CURRENT_VERSION, keyId]);
    const controllers = await sheet("Controllers");
    expect(controllers[1].slice(0, 2)).toEqual(["=Carla Controller", keyId]);
    const jwk = JSON.parse(String(controllers[1][2]));
    expect(reference.keyId(jwk)).toBe(keyId);
    expect(reference.signatureValid(jwk, String(audit[1][9]), String(audit[1][12]))).toBe(true);
    const stored = await page.evaluate(
      () =>
        new Promise<boolean>((resolve, reject) => {
          const req = indexedDB.open("sla-governance-keys", 1);
          req.onsuccess = () => {
            const get = req.result.transaction("keys").objectStore("keys").get("=carla controller");
            get.onsuccess = () =>
              resolve((get.result as { pair: { privateKey: CryptoKey } }).pair.privateKey.extractable);
            get.onerror = () => reject(get.error);
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect(stored).toBe(false);
    const receipt = JSON.parse((await page.locator("#receipt-lines").textContent()) ?? "");
    expect(receipt).toEqual({
      workbookId: expect.stringMatching(/^[0-9a-f]{32}$/),
      seq: 1,
      entryHash: audit[1][9],
      measureId: ids[0],
      action: "close",
      time: expect.any(String),
      keyId,
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    expect(await page.locator("#btn-copy-receipt").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await page.waitForFunction(() =>
      document.getElementById("result-controller")?.textContent?.startsWith("Consistent, not proven"),
    );
    // No trust roster chosen: consistent, not proven, shown as a warning.
    expect(await text("#result-controller")).toBe(
      "Consistent, not proven: the keys that signed are listed only in this workbook; choose the trust roster (the controllers' .pub.json files) next to Verify to prove who signed. Checked: 1 closure, 1 signed by keys not checked against a trust roster, trail not checked against receipts.",
    );
    expect(await page.locator("#result-controller").getAttribute("class")).toBe("result warning");
    // The 64-digit Key ID wraps inside the pane instead of widening it (checked after each test).
    const keyBox = await page.locator("#key-info").evaluate((n) => n.getBoundingClientRect().right);
    expect(keyBox).toBeLessThanOrEqual(320);
    await shot("pane-close.png");
  });

  test("an unreconciled claim without a reason is refused with the reason shown", async () => {
    const ids = await realized();
    await page.locator("#close-ids").fill(ids[0]);
    await page.locator("#close-confirmed").fill("900");
    await page.locator("#controller").fill("Carla Controller");
    await page.locator("#password").fill("pane-secret");
    await page.getByRole("button", { name: "Close measures" }).click();
    await page.waitForFunction(() =>
      document.getElementById("result-controller")?.textContent?.startsWith("Not closed"),
    );
    expect(await text("#result-controller")).toContain("needs a written reason");
  });

  test("tickets: the selected history into the Tickets and Results sheets, results and rejected rows beside the form", async () => {
    await tab("Tickets");
    await page.evaluate(() => {
      (window as never as Win).__workbook.selection = { sheet: "History", address: "A1" };
    });
    await page.fill("#tickets-targets", "P1=4");
    await page.fill("#tickets-services", "P1=SL-001");
    await page.fill("#tickets-calendar", "Mon-Fri 09:00-17:00");
    await page.getByRole("button", { name: "Measure selected history" }).click();
    // First the mapping table: what the clock will read, as tickets --dry-run shows it.
    await page.locator("#tickets-mapping").waitFor({ state: "visible" });
    expect(await text("#tickets-mapping-summary")).toBe(
      'Sheet "History", header row 1, 5 data rows, read as an event history (one row per event): 4 fields mapped.',
    );
    const row = (field: string) => page.locator(`#tickets-mapping-rows tr[data-field="${field}"]`);
    expect(await row("time").locator(".read").textContent()).toBe("header matches · 4/5 read");
    expect(await row("time").locator(".samples li").allTextContents()).toEqual([
      "2024-03-04 09:00:00",
      "2024-03-04 10:00:00",
      "2024-03-04 12:00:00",
    ]);
    expect(await page.locator("#tickets-mapping img").count()).toBe(0);
    await page.getByRole("button", { name: "Run ticket clock" }).click();
    await settled("#result-tickets");
    expect(await text("#result-tickets")).toContain("Measured 1 ticket(s) from 4 event(s)");
    expect(await text("#result-tickets")).toContain("1 row(s) could not be read.");
    const tickets = await sheet("Tickets");
    expect(tickets[1].slice(0, 3).concat(tickets[1].slice(5, 10))).toEqual([
      "INC1",
      "P1",
      "SL-001",
      3,
      2,
      4,
      true,
      "Stopped",
    ]);
    // The workbook already holds the service review's Results; the ticket clock adds its own row.
    expect((await sheet("Results")).filter((r) => r[3] === "tickets")).toEqual([[45352, "SL-001", 1, "tickets"]]);
    const items = await page.locator("#tickets-results li").allTextContents();
    expect(items).toEqual([
      "2024-03 P1 (SL-001): 1 of 1 met, 100.0%",
      expect.stringContaining('Row 6: time "<img src=x onerror=alert(2)>" is not a date-time'),
    ]);
    expect(await page.locator("#tickets-results img").count()).toBe(0);
    await shot("pane-tickets.png");
  });

  test("tickets: a one-row-per-ticket export is refused as a history; its Opened and Resolved accepted, each row is its events", async () => {
    await page.evaluate(() => {
      const w = window as never as Win & { __addSheets: (s: unknown) => void };
      w.__addSheets({
        List: [
          ["Incidents closed in March (list export)"],
          ["Number", "Priority", "State", "Opened", "Updated", "Resolved"],
          ["INC7", "P1", "Resolved", "2024-03-05 09:00", "2024-03-05 12:00", "2024-03-05 11:00"],
          ["INC8", "P1", "Resolved", "2024-03-06 10:00", "2024-03-06 16:00", "2024-03-06 15:30"],
        ],
      });
      w.__workbook.selection = { sheet: "List", address: "B3" };
    });
    await tab("Tickets");
    await page.getByRole("button", { name: "Measure selected history" }).click();
    await page.locator("#tickets-mapping").waitFor({ state: "visible" });
    const row = (field: string) => page.locator(`#tickets-mapping-rows tr[data-field="${field}"]`);
    expect(await row("opened").locator(".suggestion").textContent()).toContain('Suggested: D "Opened"');
    // Read as a history, every ticket has one event: refused, naming the suggestions, nothing written.
    const before = await sheet("Tickets");
    await page.getByRole("button", { name: "Run ticket clock" }).click();
    await settled("#result-tickets");
    expect(await text("#result-tickets")).toBe(
      "Every one of the 2 tickets has at most one event, so no clock can run: this looks like one row per ticket, not an event history. " +
        "Use the suggestions for Opened (one row per ticket) (column D), Resolved (column F), so each row becomes its ticket's events.",
    );
    expect(await sheet("Tickets")).toEqual(before);
    await row("opened")
      .getByRole("button", { name: /Use the suggestion for Opened/ })
      .click();
    await row("resolved")
      .getByRole("button", { name: /Use the suggestion for Resolved/ })
      .click();
    expect(await text("#tickets-mapping-summary")).toContain("read as one row per ticket (Opened starts each clock");
    expect(await row("opened").locator(".samples li").allTextContents()).toEqual([
      "2024-03-05 09:00:00",
      "2024-03-06 10:00:00",
    ]);
    expect(
      await page.locator("#tickets-mapping-rows tr").evaluateAll((r) => r.map((n) => n.getAttribute("data-field"))),
    ).toEqual(["ticket", "priority", "opened", "resolved"]);
    const cut = await page
      .locator("#tickets-mapping th, #tickets-mapping select, #tickets-mapping li, #tickets-mapping p")
      .evaluateAll((nodes) =>
        nodes.filter((n) => n.getBoundingClientRect().right > window.innerWidth).map((n) => n.textContent),
      );
    expect(cut).toEqual([]);
    await page.locator("#tickets-mapping").screenshot({ path: path.join(ARTIFACTS, "pane-tickets-mapping.png") });
    // The header row and the mapping file: the upgrade's controls, the command line's tickets --mapping format.
    expect(await page.locator("#tickets-header-row").inputValue()).toBe("2");
    await page.locator("#tickets-header-row").fill("9");
    await page.locator("#tickets-header-row").press("Tab");
    expect(await text("#tickets-mapping-file-result")).toContain(
      "Row 9 is not a header row of the table read (rows 1 to 3",
    );
    expect(await page.locator("#tickets-header-row").inputValue()).toBe("2");
    const [saved] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#btn-tickets-save-mapping").click(),
    ]);
    expect(saved.suggestedFilename()).toBe("List.tickets.mapping.json");
    expect(JSON.parse(fs.readFileSync(await saved.path(), "utf8"))).toMatchObject({
      sheet: "List",
      headerRow: 2,
      columns: { ticket: "Number", opened: "Opened", resolved: "Resolved", closed: null },
    });
    await page.locator("#tickets-mapping-file").setInputFiles({
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"columns": {"opened": "Open date"}}'),
    });
    await page.waitForFunction(() =>
      /does not fit/.test(document.getElementById("tickets-mapping-file-result")?.textContent ?? ""),
    );
    expect(await page.locator("#tmap-opened").inputValue()).toBe("3");
    await page.getByRole("button", { name: "Run ticket clock" }).click();
    await settled("#result-tickets");
    expect(await text("#result-tickets")).toMatch(/^Measured 2 ticket\(s\) from 4 event\(s\): 0 running or paused;/);
    expect(await page.locator("#tickets-mapping").isHidden()).toBe(true);
    // Mon-Fri 09:00-17:00 (typed above): INC7 09:00-11:00, INC8 10:00-15:30.
    expect((await sheet("Tickets")).slice(1).map((r) => [r[0], r[5], r[9]])).toEqual([
      ["INC7", 2, "Stopped"],
      ["INC8", 5.5, "Stopped"],
    ]);
  });

  test("the empty state offers the contract sheets, and the pane creates them", async () => {
    await tab("Service review");
    await page.locator("#svc-empty").waitFor({ state: "visible" });
    expect(await page.locator("#svc-form").isHidden()).toBe(true);
    // One marked example row each by default; Headers only is new-contract --empty.
    const holds = page.getByLabel("The new sheets hold");
    expect(await holds.inputValue()).toBe("");
    expect(await holds.locator("option").allTextContents()).toEqual([
      "One marked example row each",
      "Headers only (no example)",
    ]);
    await page.getByRole("button", { name: "Create the contract sheets" }).click();
    await settled("#result-svc-create");
    // The Register (upgraded above) and the Results (written by the ticket clock) are kept.
    expect(await text("#result-svc-create")).toBe(
      "Created Services, Contract, Actions, Processes, Dependencies, Experience, Points, each with one example row (Points: an example band table), marked and left out of the review until you edit it (2 sheets already there were left as they are). Type your service levels and results, then run the review.",
    );
    expect((await sheet("Services"))[0].slice(0, 2)).toEqual(["ID", "Service"]);
    // The examples are marked where a person sees them without the add-in.
    expect((await sheet("Services"))[1].slice(-1)).toEqual(["Example row: edit it to use it, or delete it"]);
    expect((await sheet("Register")).filter((r) => r[1] === "Measure").length).toBe(29);
    expect(await page.locator("#svc-form").isVisible()).toBe(true);
  });

  test("the service review runs: totals, the watermelon line, actions; a click selects the row", async () => {
    await page.evaluate(
      (sheets) => (window as never as { __addSheets: (s: unknown) => void }).__addSheets(sheets),
      serviceSheets(),
    );
    await tab("Service review");
    await page.locator("#svc-period").fill("");
    await page.locator("#svc-as-of").fill("2026-06-05");
    await page.getByRole("button", { name: "Run service review" }).click();
    await page.waitForFunction(() => document.getElementById("svc-status")?.textContent?.startsWith("Reviewed"));
    expect(await page.locator("#svc-status").textContent()).toMatch(
      /^Reviewed 2026-05: net adjustment 12,500.00, 3 action/,
    );
    // A review that ran and found breaches is a warning to act on, not an error.
    expect(await page.locator("#svc-status").getAttribute("class")).toBe("status warning");
    expect(await page.locator("#svc-totals").textContent()).toContain("Net adjustment12,500.00");
    expect(await page.locator("#svc-watermelon").textContent()).toContain("2 of 4 service levels met their Minimum");
    const actions = await page.evaluate(() =>
      (window as never as { __sheetValues: (n: string) => unknown[][] }).__sheetValues("Actions").map((r) => r[0]),
    );
    // A-0001 is the example row the empty state wrote; the review appended its three after it.
    expect(actions).toEqual(["Action ID", "A-0001", "A-0002", "A-0003", "A-0004"]);
    await page.locator("#svc-lines button", { hasText: "Significant Minimum" }).first().click();
    await page.waitForFunction(() => document.getElementById("svc-status")?.textContent?.startsWith("Selected"));
    const selection = await page.evaluate(
      () => (window as never as { __workbook: { selection: { sheet: string; address: string } } }).__workbook.selection,
    );
    expect(selection).toEqual({ sheet: "Service Review", address: "A13" });
    // The review pack's charts follow the review, and the button offers the page.
    await page.waitForFunction(() =>
      /^(Review pack|The charts)/.test(document.getElementById("svc-pack-status")?.textContent ?? ""),
    );
    // Drawn under the pane's strict CSP (no 'unsafe-eval'): vega interprets its expressions.
    expect(await page.locator("#svc-pack-status").textContent()).toBe("Review pack of 2026-05 ready.");
    // Each chart is drawn: an SVG element in the SVG namespace whose drawing measures over
    // 100 px each way, with its labels as SVG text (not a run of loose text).
    const charts = await page.locator("#svc-charts svg").evaluateAll((svgs) =>
      svgs.map((s) => {
        const box = (s as SVGSVGElement).getBBox();
        const nodes = Array.from(s.querySelectorAll("text"));
        const texts = nodes.map((n) => n.textContent ?? "");
        // The threshold lines' direct labels as drawn, to check no two overlap.
        const labels = nodes
          .filter((n) => ["Expected", "Minimum", "Sig. Min."].includes(n.textContent ?? ""))
          .map((n) => {
            const r = n.getBoundingClientRect();
            return { label: n.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
          });
        return { ns: s.namespaceURI, width: box.width, height: box.height, texts, labels };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) {
      expect(c.ns).toBe("http://www.w3.org/2000/svg");
      expect(c.width).toBeGreaterThan(100);
      expect(c.height).toBeGreaterThan(100);
    }
    expect(charts[0].texts).toEqual(expect.arrayContaining(["26-05"]));
    // The first trend (the Service Desk's) labels its thresholds, no label over another.
    expect(charts[0].labels.length).toBeGreaterThanOrEqual(2);
    const overlapping = charts.flatMap((c) =>
      c.labels.flatMap((a, i) =>
        c.labels
          .slice(i + 1)
          .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          .map((b) => `${a.label}/${b.label}`),
      ),
    );
    expect(overlapping).toEqual([]);
    expect(charts[charts.length - 1].texts).toEqual(expect.arrayContaining(["Implementation (milestones)"]));
    await shot("pane-service-review.png");
  });

  test("the Pack view holds the reviewed month and opens its page", async () => {
    await tab("Pack");
    expect(await page.locator("#pack-period").inputValue()).toBe("2026-05");
    expect(await page.locator("#pack-as-of").inputValue()).toBe("2026-06-05");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Open review pack" }).click();
    expect((await download).suggestedFilename()).toBe("review-pack-2026-05.html");
    expect(await text("#svc-pack-status")).toBe(
      "Review pack of 2026-05 saved as review-pack-2026-05.html: open it in a browser.",
    );
    await shot("pane-pack.png");
  });

  test("the mapping table: what will be read, a suggestion accepted, a column changed, the upgrade writes with it", async () => {
    await page.evaluate(
      ([tracker]) => {
        const w = window as never as Win & { __addSheets: (s: unknown, o: unknown) => void };
        w.__addSheets({ Tracker: tracker }, { typed: true });
        w.__workbook.selection = { sheet: "Tracker", address: "B4" };
      },
      [CLIENT_TRACKER],
    );
    await tab("Govern");
    await page.getByRole("button", { name: "Upgrade selected table" }).click();
    await page.locator("#mapping").waitFor({ state: "visible" });
    expect(await text("#mapping-summary")).toBe(
      'Sheet "Tracker", header row 2, 4 data rows: 4 fields mapped, 21 unmapped, 2 suggestions to confirm.',
    );
    expect(await text("#mapping-source")).toContain("Row 1, above the header, is not part of the table");
    const row = (field: string) => page.locator(`#mapping-rows tr[data-field="${field}"]`);
    // Every field with its column, values as read and how many read; the date order said.
    expect(await row("measure").locator(".samples li").allTextContents()).toEqual([
      "Renegotiate telecom",
      "Cloud rightsizing",
      "Print fleet",
    ]);
    expect(await row("planned").locator(".read").textContent()).toBe("header matches · 3/4 read");
    expect(await row("planned").locator(".samples li.bad").allTextContents()).toEqual(["tbd (not read)"]);
    expect(await row("due").locator(".samples li").allTextContents()).toEqual([
      "2024-09-30",
      "2024-10-15",
      "2024-11-05",
    ]);
    expect(await row("due").locator(".note").textContent()).toBe('DMY (inferred: "15.10.2024" has a day above 12)');
    // Suggestions are shown, not used.
    expect(await page.locator("#map-project").inputValue()).toBe("");
    expect(await row("project").locator(".suggestion").textContent()).toContain(
      'Suggested: A "Project Code" (header starts with "project")',
    );
    expect(await row("gate").locator(".suggestion").textContent()).toContain("its values are not gates");
    // Workbook text stays text: the markup in a header is an option's words, never an element.
    expect(await page.locator("#mapping img, #mapping script").count()).toBe(0);
    expect(await page.locator("#map-measure option").allTextContents()).toContain(
      "G · Notes <img src=x onerror=alert(3)>",
    );
    // With the measure unmapped, Run upgrade is disabled and says why.
    const runButton = page.locator("#btn-run-upgrade");
    await page.locator("#map-measure").selectOption("");
    expect(await runButton.isDisabled()).toBe(true);
    expect(await text("#mapping-blockers")).toBe("Choose the column of Measure: the upgrade needs it.");
    expect(await page.locator("#map-measure").evaluate((n) => n === document.activeElement)).toBe(true);
    // Another command ending does not release it.
    await page.getByRole("button", { name: "Validate" }).click();
    await settled("#result-check");
    expect(await runButton.isDisabled()).toBe(true);
    await page.locator("#map-measure").selectOption({ label: "B · Initiative" });
    expect(await runButton.isEnabled()).toBe(true);
    expect(await page.locator("#mapping-blockers").isHidden()).toBe(true);
    // Accept one suggestion; move Lead from owner to controller.
    await row("project")
      .getByRole("button", { name: /Use the suggestion for Project/ })
      .click();
    expect(await page.locator("#map-project").inputValue()).toBe("0");
    expect(await row("project").locator(".read").textContent()).toBe("suggestion accepted · 4/4 read");
    expect(await row("project").locator(".samples li").allTextContents()).toEqual(["42", "P-002", "P-003"]);
    await page.locator("#map-owner").selectOption("");
    await page.locator("#mapping-unmapped summary").click();
    await page.locator("#map-controller").selectOption({ label: "C · Lead" });
    expect(await row("controller").locator(".read").textContent()).toBe("your choice · 4/4 read");
    // The Status words as gates (as --gate-map): the Status column is then a confident gate.
    await page.locator("#gate-words").fill("In Progress=L3, Completed=L4, Supplier Validation=L2");
    await page.locator("#gate-words").press("Tab");
    expect(await row("gate").locator(".read").textContent()).toBe("header matches · 4/4 read");
    expect(await row("gate").locator(".suggestion").count()).toBe(0);
    expect(await row("gate").locator(".samples li").allTextContents()).toEqual([
      "L3 Implementing",
      "L4 Realized",
      "L3 Implementing",
    ]);
    const cut = await page
      .locator("#mapping-table th, #mapping-table select, #mapping-table li, #mapping-table p")
      .evaluateAll((nodes) =>
        nodes.filter((n) => n.getBoundingClientRect().right > window.innerWidth).map((n) => n.textContent),
      );
    expect(cut).toEqual([]);
    await page.locator("#mapping-unmapped summary").click();
    await page.locator("#mapping").screenshot({ path: path.join(ARTIFACTS, "pane-mapping.png") });
    // The register was protected by the close above: its password, as the pane asks for it.
    await tab("Close");
    await page.locator("#password").fill("pane-secret");
    await tab("Govern");
    await page.getByRole("button", { name: "Run upgrade" }).click();
    await page.waitForFunction(
      () =>
        document.getElementById("result-structure")?.textContent?.startsWith("Upgraded") ||
        document.getElementById("result-mapping")?.classList.contains("error"),
    );
    expect(await text("#result-mapping")).toBe("");
    expect(await text("#result-structure")).toMatch(/^Upgraded 4 rows of "Tracker"/);
    const register = await sheet("Register");
    const header = register[0] as string[];
    const at = (name: string) => header.indexOf(name);
    const tracked = register.filter((r) => r[at("Source Sheet")] === "Tracker" && r[at("Level")] === "Measure");
    expect(
      tracked.map((r) => [r[at("Name")], r[at("Owner")], r[at("Controller")], r[at("Gate")], r[at("Milestone Due")]]),
    ).toEqual([
      ["Renegotiate telecom", "", "Ana", "L3 Implementing", 45565],
      ["Cloud rightsizing", "", "Ben", "L4 Realized", 45580],
      ["Print fleet", "", "Chen", "L3 Implementing", 45601],
      ["Travel policy", "", "Dee", "L2 Validated", 45627],
    ]);
    const projects = register.filter((r) => r[at("Source Sheet")] === "Tracker" && r[at("Level")] === "Project");
    expect(projects.map((r) => r[at("Name")])).toEqual(["42", "P-002", "P-003", "P-004"]);
  });

  test("the mapping table's header row and mapping file: saved as the command line writes it, loaded back, bad ones refused", async () => {
    await page.evaluate(() => {
      (window as never as Win).__workbook.selection = { sheet: "Tracker", address: "B4" };
    });
    await tab("Govern");
    await page.getByRole("button", { name: "Upgrade selected table" }).click();
    await page.locator("#mapping").waitFor({ state: "visible" });
    const row = (field: string) => page.locator(`#mapping-rows tr[data-field="${field}"]`);
    expect(await page.locator("#header-row").inputValue()).toBe("2");
    await row("project")
      .getByRole("button", { name: /Use the suggestion for Project/ })
      .click();
    await page.locator("#map-owner").selectOption("");
    await page.locator("#gate-words").fill("In Progress=L3, Completed=L4, Supplier Validation=L2");
    await page.locator("#gate-words").press("Tab");
    // Save: the file upgrade --dry-run --save-mapping writes (src/'s serializer).
    const [saved] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save mapping file" }).click(),
    ]);
    expect(saved.suggestedFilename()).toBe("Tracker.mapping.json");
    const savedText = fs.readFileSync(await saved.path(), "utf8");
    expect(JSON.parse(savedText)).toEqual(CLIENT_TRACKER_MAPPING);
    expect(await text("#mapping-file-result")).toMatch(/^Saved Tracker\.mapping\.json: load it here next month/);
    // The header row: a row outside the table is refused and the row shown stays; row 1 re-reads the headers.
    await page.locator("#header-row").fill("9");
    await page.locator("#header-row").press("Tab");
    expect(await text("#mapping-file-result")).toContain("Row 9 is not a header row of the table read (rows 1 to 6");
    expect(await page.locator("#header-row").inputValue()).toBe("2");
    await page.locator("#header-row").fill("1");
    await page.locator("#header-row").press("Tab");
    expect(await text("#mapping-summary")).toMatch(/^Sheet "Tracker", header row 1, 5 data rows/);
    expect(await text("#mapping-source")).toMatch(/^Header row 1 of "Tracker", as chosen/);
    expect(await page.locator("#btn-run-upgrade").isDisabled()).toBe(true);
    // Load the saved file: its header row, columns and words come back, the upgrade can run.
    await page.locator("#mapping-file").setInputFiles({
      name: "Tracker.mapping.json",
      mimeType: "application/json",
      buffer: Buffer.from(savedText),
    });
    await page.waitForFunction(() => /\bok\b/.test(document.getElementById("mapping-file-result")?.className ?? ""));
    expect(await text("#mapping-file-result")).toMatch(/^Loaded Tracker\.mapping\.json/);
    expect(await page.locator("#header-row").inputValue()).toBe("2");
    expect(await text("#mapping-source")).toContain("Row 1, above the header, is not part of the table");
    expect(await page.locator("#gate-words").inputValue()).toBe("in progress=L3, completed=L4, supplier validation=L2");
    expect(await page.locator("#map-project").inputValue()).toBe("0");
    expect(await page.locator("#map-owner").inputValue()).toBe("");
    expect(await row("gate").locator(".samples li").allTextContents()).toEqual([
      "L3 Implementing",
      "L4 Realized",
      "L3 Implementing",
    ]);
    expect(await page.locator("#btn-run-upgrade").isEnabled()).toBe(true);
    await page.locator("#mapping").screenshot({ path: path.join(ARTIFACTS, "pane-mapping-file.png") });
    // A file that does not fit is refused whole, naming the header row and its headers; nothing changes.
    await page.locator("#mapping-file").setInputFiles({
      name: "other.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"columns": {"measure": "Initiativ"}}'),
    });
    await page.waitForFunction(() => /\berror\b/.test(document.getElementById("mapping-file-result")?.className ?? ""));
    expect(await text("#mapping-file-result")).toMatch(
      /^The mapping file other\.json does not fit the selected table: header "Initiativ" not found\. Header row 2 of "Tracker"/,
    );
    expect(await page.locator("#map-project").inputValue()).toBe("0");
    await page.locator("#mapping-file").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from("{ columns: "),
    });
    await page.waitForFunction(() =>
      /^The mapping file broken/.test(document.getElementById("mapping-file-result")?.textContent ?? ""),
    );
    expect(await text("#mapping-file-result")).toMatch(/^The mapping file broken\.json: not JSON/);
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  test("no page errors and no dialogs", () => {
    expect(errors).toEqual([]);
  });
});
