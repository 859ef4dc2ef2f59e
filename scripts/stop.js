// npm stop: stops the development server started by `npm start` (and desktop sideloading).
const fs = require("fs");
const { spawnSync } = require("child_process");
const { PID_FILE, ROOT } = require("./server-info");

if (process.platform === "win32" || process.platform === "darwin") {
  spawnSync("npx", ["office-addin-debugging", "stop", "manifest.xml"], {
    cwd: ROOT,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
}
if (!fs.existsSync(PID_FILE)) {
  console.log("No development server is running.");
  process.exit(0);
}
const pid = Number(fs.readFileSync(PID_FILE, "utf8"));
try {
  // The server was started detached, as the leader of its own process group.
  process.kill(process.platform === "win32" ? pid : -pid, "SIGTERM");
  console.log(`Stopped the development server (pid ${pid}).`);
} catch (error) {
  console.log(`The development server (pid ${pid}) was not running: ${error.code}.`);
}
fs.rmSync(PID_FILE, { force: true });
