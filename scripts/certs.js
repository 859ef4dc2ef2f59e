// Development HTTPS certificates for https://localhost:3000, from office-addin-dev-certs.
//
// office-addin-dev-certs installs its CA with `sudo ... update-ca-certificates` on Linux.
// Running as root on a machine without sudo (containers, CI), we put a tiny `sudo` that
// just runs the command on PATH. Where the CA still cannot be installed, the certificates
// are generated anyway and served untrusted, with a clear message saying what to do.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");
const devCerts = require("office-addin-dev-certs");
const defaults = require("office-addin-dev-certs/lib/defaults");
const { generateCertificates } = require("office-addin-dev-certs/lib/generate");

function onPath(command) {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function provideSudoShimForRoot() {
  if (
    process.platform !== "linux" ||
    onPath("sudo") ||
    typeof process.getuid !== "function" ||
    process.getuid() !== 0
  ) {
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-gov-sudo-"));
  fs.writeFileSync(path.join(dir, "sudo"), '#!/bin/sh\n# running as root: run the command itself\nexec "$@"\n', {
    mode: 0o755,
  });
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH}`;
}

function readPair() {
  return {
    cert: fs.readFileSync(defaults.localhostCertificatePath),
    key: fs.readFileSync(defaults.localhostKeyPath),
    ca: fs.readFileSync(defaults.caCertificatePath),
  };
}

/**
 * Certificates in a folder of the caller's (SLA_GOV_CERT_DIR): made there once, read on later
 * calls (npm start and the dev server it spawns share them), never installed anywhere. Tests
 * use this so they leave the machine's trust store as they found it.
 */
async function folderCertificates(dir) {
  const files = {
    ca: path.join(dir, "ca.crt"),
    cert: path.join(dir, "localhost.crt"),
    key: path.join(dir, "localhost.key"),
  };
  if (!Object.values(files).every((f) => fs.existsSync(f))) {
    await generateCertificates(files.ca, files.cert, files.key, 1);
  }
  return {
    cert: fs.readFileSync(files.cert),
    key: fs.readFileSync(files.key),
    ca: fs.readFileSync(files.ca),
    trusted: false,
    warning: "",
  };
}

/**
 * Returns { key, cert, ca, trusted, warning } for the HTTPS server.
 * trusted is false when the development CA could not be added to this machine's trust store.
 * With SLA_GOV_CERT_DIR set, the certificates live in that folder only (see folderCertificates).
 */
async function httpsOptions() {
  if (process.env.SLA_GOV_CERT_DIR) return folderCertificates(process.env.SLA_GOV_CERT_DIR);
  provideSudoShimForRoot();
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { ...options, ca: fs.readFileSync(defaults.caCertificatePath), trusted: true, warning: "" };
  } catch (error) {
    const reason = String((error && error.message) || error).split("\n")[0];
    const haveFiles = [defaults.localhostCertificatePath, defaults.localhostKeyPath, defaults.caCertificatePath].every(
      (f) => fs.existsSync(f),
    );
    if (!haveFiles) {
      await generateCertificates();
    }
    const warning =
      `The development certificate authority could not be installed into this machine's trust store (${reason}).\n` +
      `The server uses it anyway. To trust it, import ${defaults.caCertificatePath} into your browser or system ` +
      `certificate store, or open https://localhost:3000/taskpane.html once and accept the certificate.`;
    return { ...readPair(), trusted: false, warning };
  }
}

module.exports = { httpsOptions, caCertificatePath: defaults.caCertificatePath };
