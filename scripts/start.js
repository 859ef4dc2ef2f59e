// npm start: build, serve dist/ over HTTPS on localhost:3000 in the background, then
// sideload into desktop Excel where office-addin-debugging can (Windows, macOS), or print
// the steps for Excel on the web. `npm stop` stops the server.
const fs = require("fs");
const https = require("https");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { httpsOptions } = require("./certs");
const { PID_FILE, PORT, ROOT } = require("./server-info");

function waitForServer(ca, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = https.get({ host: "localhost", port: PORT, path: "/functions.json", ca, timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry(new Error(`HTTP ${res.statusCode}`));
      });
      req.on("error", retry);
      req.on("timeout", () => req.destroy(new Error("timeout")));
    };
    const retry = (err) => {
      if (Date.now() > deadline) reject(err);
      else setTimeout(attempt, 500);
    };
    attempt();
  });
}

function webSideloadSteps() {
  return [
    "",
    "Excel on the web (and any machine where desktop sideloading is not available):",
    "  1. Open https://localhost:3000/taskpane.html in the same browser once, so it trusts the certificate.",
    "  2. Open a workbook in Excel on the web (excel.cloud.microsoft or office.com).",
    "  3. Home > Add-ins > More Add-ins (or Insert > Add-ins) > My Add-ins > Upload My Add-in.",
    `  4. Choose ${path.join(ROOT, "manifest.xml")} and select Upload.`,
    '  5. Select "SLA Governance" on the Home tab for the task pane, or type =GOV. in a cell.',
    "",
    "Stop the server with: npm stop",
  ].join("\n");
}

async function main() {
  if (fs.existsSync(PID_FILE)) {
    console.error(`A server seems to be running already (pid file ${PID_FILE}). Run "npm stop" first.`);
    process.exit(1);
  }
  const options = await httpsOptions();
  const logFile = path.join(ROOT, "dev-server.log");
  const out = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "serve", "--mode", "development"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, SLA_GOV_HTTPS: "1" },
  });
  fs.writeFileSync(PID_FILE, String(child.pid));
  child.unref();
  console.log(`Building and serving dist/ on https://localhost:${PORT} (log: ${logFile}) ...`);
  try {
    await waitForServer(options.ca, 180000);
  } catch (error) {
    console.error(`The server did not come up: ${error.message}. See ${logFile}.`);
    try {
      process.kill(-child.pid);
    } catch {
      /* already gone */
    }
    fs.rmSync(PID_FILE, { force: true });
    process.exit(1);
  }
  console.log(`Serving https://localhost:${PORT}/taskpane.html, functions.js and functions.json.`);
  if (options.warning) console.warn(`\nNote: ${options.warning}`);

  if (process.platform === "win32" || process.platform === "darwin") {
    const result = spawnSync(
      "npx",
      ["office-addin-debugging", "start", "manifest.xml", "desktop", "--app", "excel", "--no-debug"],
      { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" },
    );
    if (result.status === 0) {
      console.log("Excel opens with the add-in sideloaded. Stop with: npm stop");
      return;
    }
    console.warn("Sideloading into desktop Excel failed; you can still use Excel on the web:");
  } else {
    console.log(`\nDesktop sideloading is not available on ${process.platform}.`);
  }
  console.log(webSideloadSteps());
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
