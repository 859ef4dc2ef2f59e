/**
 * End to end: the built dist/taskpane.html in headless Chromium (Debian's chromium driven by
 * playwright-core), with office.js served from the local @microsoft/office-js copy and the
 * fake Excel behind it. Clicks through upgrade, validate, a finding, the dashboard, a
 * closure and a verification on a messy client sheet, and saves a screenshot under
 * test/artifacts/.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { chromium, Browser, Page } from "playwright-core";
import { CHROMIUM, describeWith } from "../support/programs";
import { DIST, ensureBuilt } from "../support/bundle";
import { CLIENT_HEADERS } from "../support/client";
import { workbook } from "../service/fixture";

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
  return `;(function(){var exports={};${js}
var wb = exports.createWorkbook(Object.assign({ Client: ${JSON.stringify(client)} }, ${JSON.stringify(serviceSheets())}), { sheet: "Client", address: "B2" });
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
    page = await browser.newPage({ viewport: { width: 340, height: 1400 } });
    page.on("pageerror", (e) => errors.push(String(e)));
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

  const status = () => page.locator("#status").textContent();

  test("sets a Content Security Policy", async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  test("upgrade: the mapping step suggests columns, the upgrade writes the register, not the source", async () => {
    const before = await page.evaluate(() =>
      JSON.stringify((window as never as { __sheetValues: (n: string) => unknown }).__sheetValues("Client")),
    );
    await page.getByRole("button", { name: "Upgrade selected table" }).click();
    await page.locator("#mapping").waitFor({ state: "visible" });
    expect(await page.locator("#map-measure").inputValue()).toBe("4");
    expect(await page.locator("#map-controller").inputValue()).toBe("6");
    await page.locator("#org").fill("Contoso");
    await page.getByRole("button", { name: "Run upgrade" }).click();
    await page.waitForFunction(() => document.getElementById("status")?.className.includes("ok"));
    expect(await status()).toMatch(/Upgraded 5 rows of "Client"/);
    const after = await page.evaluate(() =>
      JSON.stringify((window as never as { __sheetValues: (n: string) => unknown }).__sheetValues("Client")),
    );
    expect(after).toBe(before);
  });

  test("validate lists findings as text; clicking one selects its cell", async () => {
    await page.getByRole("button", { name: "Validate" }).click();
    await page.locator("#findings li").first().waitFor();
    const text = await page.locator("#findings").textContent();
    expect(text).toContain("MISSING_OWNER");
    expect(text).toContain("INCOMPLETE_CHAIN");
    expect(text).toContain("BAD_VALUE");
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(await page.locator("#findings img").count()).toBe(0);
    await page.locator("#findings button", { hasText: "has no owner" }).first().click();
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Selected"));
    const selection = await page.evaluate(
      () => (window as never as { __workbook: { selection: { sheet: string; address: string } } }).__workbook.selection,
    );
    expect(selection.sheet).toBe("Register");
    expect(selection.address).toMatch(/^E\d+$/);
  });

  test("the dashboard shows the dual-status counts, Value at risk first", async () => {
    await page.getByRole("button", { name: "Dual-status dashboard" }).click();
    await page.locator("#summary").waitFor({ state: "visible" });
    const first = await page.locator("#summary-table tbody tr").first().textContent();
    expect(first).toMatch(/^Value at risk\d+$/);
    expect(await page.locator("#summary-totals").textContent()).toContain("Planned");
  });

  test("a controller closes a realized measure and verify is intact", async () => {
    const ids = await page.evaluate(() =>
      (window as never as { __sheetValues: (n: string) => unknown[][] })
        .__sheetValues("Register")
        .filter((r) => r[1] === "Measure" && r[7] === "L4 Realized")
        .map((r) => String(r[0])),
    );
    expect(ids.length).toBe(2);
    await page.locator("#close-ids").fill(ids[0]);
    await page.locator("#close-confirmed").fill("2000");
    await page.locator("#controller").fill("Carla Controller");
    await page.locator("#password").fill("pane-secret");
    await page.getByRole("button", { name: "Close measures" }).click();
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Closed"));
    expect(await page.locator("#password").inputValue()).toBe("");
    const audit = await page.evaluate(() =>
      (window as never as { __sheetValues: (n: string) => unknown[][] }).__sheetValues("Audit"),
    );
    expect(audit.length).toBe(2);
    expect(audit[1][4]).toBe("Carla Controller");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Intact"));
    expect(await status()).toBe("Intact: 1 closed measures match the audit trail.");
    await page.screenshot({ path: path.join(ARTIFACTS, "taskpane.png"), fullPage: true });
  });

  test("an unreconciled claim without a reason is refused with the reason shown", async () => {
    const ids = await page.evaluate(() =>
      (window as never as { __sheetValues: (n: string) => unknown[][] })
        .__sheetValues("Register")
        .filter((r) => r[1] === "Measure" && r[7] === "L4 Realized")
        .map((r) => String(r[0])),
    );
    await page.locator("#close-ids").fill(ids[0]);
    await page.locator("#close-confirmed").fill("900");
    await page.locator("#controller").fill("Carla Controller");
    await page.locator("#password").fill("pane-secret");
    await page.getByRole("button", { name: "Close measures" }).click();
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Not closed"));
    expect(await status()).toContain("needs a written reason");
  });

  test("the service review runs: totals, the watermelon line, actions; a click selects the row", async () => {
    await page.locator("#svc-period").fill("");
    await page.locator("#svc-as-of").fill("2026-06-05");
    await page.getByRole("button", { name: "Run service review" }).click();
    await page.waitForFunction(() => document.getElementById("svc-status")?.textContent?.startsWith("Reviewed"));
    expect(await page.locator("#svc-status").textContent()).toMatch(
      /^Reviewed 2026-05: net adjustment 12,500.00, 3 action/,
    );
    expect(await page.locator("#svc-totals").textContent()).toContain("Net adjustment12,500.00");
    expect(await page.locator("#svc-watermelon").textContent()).toContain("2 of 4 service levels met their Minimum");
    const actions = await page.evaluate(() =>
      (window as never as { __sheetValues: (n: string) => unknown[][] }).__sheetValues("Actions").map((r) => r[0]),
    );
    expect(actions).toEqual(["Action ID", "A-0001", "A-0002", "A-0003"]);
    await page.locator("#svc-lines button", { hasText: "Significant Minimum" }).first().click();
    await page.waitForFunction(() => document.getElementById("svc-status")?.textContent?.startsWith("Selected"));
    const selection = await page.evaluate(
      () => (window as never as { __workbook: { selection: { sheet: string; address: string } } }).__workbook.selection,
    );
    expect(selection).toEqual({ sheet: "Service Review", address: "A13" });
    await page.locator("#h-service").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, "taskpane-service-review.png"), fullPage: true });
  });

  test("no page errors and no dialogs", () => {
    expect(errors).toEqual([]);
  });
});
