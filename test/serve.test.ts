/**
 * npm start serves dist/ over HTTPS on localhost:3000 with the development certificates,
 * and npm stop stops it. This runs the real scripts, with certificates made in a temporary
 * folder (SLA_GOV_CERT_DIR) so the machine's trust store is never touched.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { runInBareContext } from "./support/bundle";

const ROOT = path.resolve(__dirname, "..");
const CERT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sla-gov-certs-"));
const caCertificatePath = path.join(CERT_DIR, "ca.crt");
const env = { ...process.env, SLA_GOV_CERT_DIR: CERT_DIR };

function get(file: string, ca: Buffer): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: "localhost", port: 3000, path: `/${file}`, ca }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
      })
      .on("error", reject);
  });
}

/** What a certificate installation would change: the system's extra CAs and the dev-certs home folder. */
function trustStoreState(): string[] {
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : []);
  return [...list("/usr/local/share/ca-certificates"), ...list(path.join(os.homedir(), ".office-addin-dev-certs"))];
}

describe("npm start / npm stop", () => {
  let startOutput = "";
  const trustBefore = trustStoreState();
  beforeAll(() => {
    startOutput = execFileSync(process.execPath, [path.join(ROOT, "scripts", "start.js")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240000,
      env,
    });
  }, 250000);

  afterAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "stop.js")], { cwd: ROOT });
    fs.rmSync(CERT_DIR, { recursive: true, force: true });
  });

  test("serves the task pane, the metadata and the functions bundle over HTTPS verified against its own CA", async () => {
    const ca = fs.readFileSync(caCertificatePath);
    const page = await get("taskpane.html", ca);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>SLA Governance</title>");
    const meta = await get("functions.json", ca);
    expect(meta.status).toBe(200);
    expect(JSON.parse(meta.body).functions.map((f: { id: string }) => f.id)).toContain("OLA_GAP");
    const js = await get("functions.js", ca);
    expect(js.status).toBe(200);
    // The development build loads as Excel loads it too: no window, document or Office.
    const ids = [...runInBareContext(js.body).keys()];
    expect(ids).toEqual(expect.arrayContaining(JSON.parse(meta.body).functions.map((f: { id: string }) => f.id)));
  });

  test("prints the Excel on the web sideload steps on Linux", () => {
    expect(startOutput).toContain("Upload My Add-in");
    expect(startOutput).toContain("manifest.xml");
  });

  test("the machine's certificate trust store is left as it was", () => {
    expect(trustStoreState()).toEqual(trustBefore);
    expect(fs.existsSync(caCertificatePath)).toBe(true);
  });

  test("stop leaves nothing listening", async () => {
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "stop.js")], { cwd: ROOT });
    await new Promise((r) => setTimeout(r, 500));
    await expect(get("functions.json", fs.readFileSync(caCertificatePath))).rejects.toThrow();
  });
});
