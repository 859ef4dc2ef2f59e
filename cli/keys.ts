/**
 * Controllers' key files, trust rosters and receipts files: the command line's file formats
 * around the closure core's signatures (src/governance/signing.ts). Only Web Crypto signs.
 *
 * - NAME.key: the private key as PKCS#8 PEM, preceded by explanatory lines (RFC 7468 allows
 *   text before the boundary) naming the controller and the Key ID; mode 0600.
 * - NAME.pub.json: the public key file {"controller", "keyId", "jwk", "created"}.
 * - A roster: a JSON array of public key files' contents, or a folder of .pub.json files.
 * - Receipts: one JSON object per line, {"workbookId","seq","entryHash","measureId","action","time","keyId"}
 *   (workbookId from version 3; a leading byte-order mark is ignored).
 */
import * as fs from "fs";
import * as path from "path";
import { Receipt, receiptLine } from "../src/governance/closure";
import {
  PublicKeyFile,
  Signer,
  exportPublicJwk,
  generateKeyPair,
  publicJwkOf,
  publicKeyFile,
  readPublicKeyFile,
  signBinding,
  bindingValid,
  signerOf,
} from "../src/governance/signing";
import { CliError, keyMessages, writeCause } from "./messages";
import { stderrNotice, tempFileBeside } from "./tempdir";

const PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
const PEM_END = "-----END PRIVATE KEY-----";
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;

/**
 * The private key file for `-o NAME`: NAME.key (the name as given when it ends in .key).
 * @throws CliError (exit 2) for a name ending in .pub.json: that is the public file's name,
 *   and the private key must never be written under it.
 * @example privateKeyPath("carla") // => "carla.key"
 */
export function privateKeyPath(out: string): string {
  const lower = out.toLowerCase();
  if (lower.endsWith(".pub.json")) throw new CliError(keyMessages.publicName(out));
  return lower.endsWith(".key") ? out : `${out}.key`;
}

/** The public key file written beside a key file: carla.key -> carla.pub.json. */
export function publicKeyPath(keyFile: string): string {
  const base = keyFile.toLowerCase().endsWith(".key") ? keyFile.slice(0, -4) : keyFile;
  return `${base}.pub.json`;
}

/** True when anything is at the path, a dangling symbolic link included (existsSync follows links). */
function occupied(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a controller's key pair and writes NAME.pub.json, then NAME.key (mode 0600): the
 * public file first and the private key last, so a failure never leaves a private key
 * without its public half (and a failed private write removes the public file). The key
 * file carries a Binding line: its own signature over the controller's name and Key ID.
 * @param notice - Where the writer's notes go (a stale temporary file removed): the command's stderr.
 * @throws CliError (exit 2) when either file exists (a dangling link too) or cannot be written.
 */
export async function writeKeyFiles(
  controller: string,
  keyFile: string,
  created: string,
  notice: (line: string) => void = stderrNotice,
): Promise<{ keyId: string; publicFile: string }> {
  const pubFile = publicKeyPath(keyFile);
  for (const f of [keyFile, pubFile]) if (occupied(f)) throw new CliError(keyMessages.keyExists(f));
  const pair = await generateKeyPair(true);
  const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const signer = await signerOf(controller, pair.privateKey, await exportPublicJwk(pair.publicKey));
  const body = Buffer.from(pkcs8)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd();
  const text =
    `SLA Governance controller key: keep this file secret.\n` +
    `Controller: ${JSON.stringify(signer.controller)}\n` +
    `Key ID: ${signer.keyId}\n` +
    `Binding: ${await signBinding(signer)}\n` +
    `${PEM_BEGIN}\n${body}\n${PEM_END}\n`;
  // Both written whole to temporary files beside them (the one cleanup path: removed on failure,
  // exit and signals), then put in place where nothing is, the public file first.
  const pubTmp = tempFileBeside(pubFile, notice);
  const keyTmp = tempFileBeside(keyFile, notice);
  try {
    try {
      fs.writeFileSync(pubTmp.path, JSON.stringify(publicKeyFile(signer, created), null, 2) + "\n", { flag: "wx" });
      pubTmp.commitNew();
    } catch (e) {
      throw new CliError(keyMessages.cannotWriteKey(pubFile, writeCause(e)));
    }
    try {
      fs.writeFileSync(keyTmp.path, text, { mode: 0o600, flag: "wx" });
      fs.chmodSync(keyTmp.path, 0o600); // the umask may have narrowed it; never widened
      keyTmp.commitNew();
    } catch (e) {
      // Never one without the other: the public file goes too.
      fs.rmSync(pubFile, { force: true });
      throw new CliError(keyMessages.cannotWriteKey(keyFile, writeCause(e)));
    }
  } finally {
    pubTmp.remove();
    keyTmp.remove();
  }
  return { keyId: signer.keyId, publicFile: pubFile };
}

/**
 * Reads a key file into a signer.
 * @throws CliError (exit 2) for a missing or unreadable file, or one that is not a P-256 key file.
 */
export async function readKeyFile(file: string): Promise<Signer> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(keyMessages.cannotReadKey(file, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const name = /^Controller: (".*")$/m.exec(text);
  const binding = /^Binding: (\S+)$/m.exec(text)?.[1];
  const begin = text.indexOf(PEM_BEGIN);
  const end = text.indexOf(PEM_END);
  let controller: unknown;
  try {
    controller = name ? JSON.parse(name[1]) : undefined;
  } catch {
    controller = undefined;
  }
  if (typeof controller !== "string" || begin < 0 || end < begin) throw new CliError(keyMessages.notAKeyFile(file));
  const der = Buffer.from(text.slice(begin + PEM_BEGIN.length, end).replace(/\s+/g, ""), "base64");
  try {
    const key = await globalThis.crypto.subtle.importKey("pkcs8", der, ALGORITHM, true, ["sign"]);
    const jwk = publicJwkOf(await globalThis.crypto.subtle.exportKey("jwk", key));
    if (!jwk) throw new Error("not P-256");
    const signing = await globalThis.crypto.subtle.importKey(
      "pkcs8",
      der,
      ALGORITHM,
      false, // the signer never needs the key's bytes again
      ["sign"],
    );
    if (!binding || !(await bindingValid(jwk, controller, binding))) {
      throw new CliError(keyMessages.bindingBroken(file, controller));
    }
    return signerOf(controller, signing, jwk);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(keyMessages.notAKeyFile(file));
  }
}

async function rosterEntry(value: unknown, where: string): Promise<PublicKeyFile> {
  const read = await readPublicKeyFile(value);
  if (typeof read === "string") throw new CliError(keyMessages.badRosterEntry(where, read));
  return read;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(keyMessages.cannotReadRoster(file, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(keyMessages.badRosterJson(file, (e as Error).message));
  }
}

/**
 * Reads a trust roster: a JSON array of public key files' contents (a single one is taken as
 * a list of one), or a folder of .pub.json files.
 * @throws CliError (exit 2) naming the file and entry that is not a public key file.
 */
export async function readRoster(where: string): Promise<PublicKeyFile[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(where);
  } catch (e) {
    throw new CliError(keyMessages.cannotReadRoster(where, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  if (stat.isDirectory()) {
    const files = fs
      .readdirSync(where)
      .filter((f) => f.endsWith(".pub.json"))
      .sort();
    if (!files.length) throw new CliError(keyMessages.emptyRoster(where));
    return Promise.all(files.map((f) => rosterEntry(readJson(path.join(where, f)), path.join(where, f))));
  }
  const json = readJson(where);
  const list = Array.isArray(json) ? json : [json];
  return Promise.all(list.map((v, i) => rosterEntry(v, `${where} entry ${i + 1}`)));
}

/**
 * Reads a receipts file (JSON lines; blank lines skipped).
 * @throws CliError (exit 2) naming the line that is not a receipt.
 */
export function readReceipts(file: string): Receipt[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(keyMessages.cannotReadReceipts(file, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const out: Receipt[] = [];
  // Editors on Windows may save the file with a byte-order mark; it is not part of the first line.
  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      let v: Record<string, unknown>;
      try {
        v = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new CliError(keyMessages.badReceipt(file, i + 1));
      }
      if (
        typeof v !== "object" ||
        v === null ||
        !Number.isInteger(v.seq) ||
        typeof v.entryHash !== "string" ||
        typeof v.measureId !== "string"
      ) {
        throw new CliError(keyMessages.badReceipt(file, i + 1));
      }
      out.push({
        workbookId: String(v.workbookId ?? ""),
        seq: v.seq as number,
        entryHash: v.entryHash,
        measureId: v.measureId,
        action: String(v.action ?? ""),
        time: String(v.time ?? ""),
        keyId: String(v.keyId ?? ""),
        ...(typeof v.signature === "string" ? { signature: v.signature } : {}),
      });
    });
  return out;
}

/**
 * Checks, before a closure is written, that its receipts can be appended: the file, when it
 * exists, is a writable file; else its folder is a writable folder.
 * @throws CliError (exit 2), and nothing has been written.
 */
export function checkReceiptsWritable(file: string): void {
  const why = (() => {
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) return "it is not a file";
      fs.accessSync(file, fs.constants.W_OK);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") return (e as NodeJS.ErrnoException).code ?? String(e);
    }
    const folder = path.dirname(path.resolve(file));
    try {
      if (!fs.statSync(folder).isDirectory()) return `${folder} is not a folder`;
      fs.accessSync(folder, fs.constants.W_OK);
      return undefined;
    } catch (e) {
      return `the folder ${folder}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
    }
  })();
  if (why) throw new CliError(keyMessages.receiptsUnwritable(file, why));
}

/** Appends receipts, one line each. @throws The file system's error (the caller says what it means). */
export function appendReceipts(file: string, receipts: readonly Receipt[]): void {
  fs.appendFileSync(file, receipts.map((r) => receiptLine(r) + "\n").join(""));
}
