/**
 * Sheet passwords as an .xlsx file stores them. ExcelJS reads a sheet's protection but never
 * checks a password against it (and drops the legacy 16-bit hash), so the command line reads
 * the `<sheetProtection>` element of the governed sheets itself and checks a given password
 * against the stored hash before anything is written.
 *
 * Two forms exist (ECMA-376 Part 1, sheetProtection): the current one, `algorithmName`,
 * `hashValue`, `saltValue`, `spinCount` (hash of salt + UTF-16LE password, then `spinCount`
 * rounds of hash(previous + round number as 4 little-endian bytes)); and the legacy
 * `password` attribute, a 16-bit hash in hexadecimal that Excel 2007 and LibreOffice wrote.
 */
import { createHash, getHashes } from "crypto";
import { READ_LIMITS } from "./package/limits";
import { ZipReader } from "./package/zip";

/** The password part of a sheet's stored protection. */
export interface StoredProtection {
  readonly algorithmName?: string;
  readonly hashValue?: string;
  readonly saltValue?: string;
  readonly spinCount?: number;
  /** The legacy 16-bit hash, four hexadecimal digits. */
  readonly password?: string;
}

/**
 * The legacy 16-bit sheet password hash, as four upper-case hexadecimal digits. Characters
 * are taken as their low byte, as Excel does.
 * @example legacyPasswordHash("password") // => "83AF"
 */
export function legacyPasswordHash(password: string): string {
  let hash = 0;
  for (let i = password.length - 1; i >= 0; i--) {
    hash = ((hash >> 14) & 0x01) | ((hash << 1) & 0x7fff);
    hash ^= password.charCodeAt(i) & 0xff;
  }
  hash = ((hash >> 14) & 0x01) | ((hash << 1) & 0x7fff);
  hash ^= password.length;
  hash ^= 0xce4b;
  return hash.toString(16).toUpperCase().padStart(4, "0");
}

/** Node's name of an OOXML hash algorithm ("SHA-512" -> "sha512"), or undefined when Node lacks it. */
function nodeAlgorithm(name: string): string | undefined {
  const wanted = name.replace(/-/g, "").toLowerCase();
  return getHashes().find((h) => h.replace(/-/g, "").toLowerCase() === wanted);
}

/**
 * The stored hash of a password under the current scheme, base64.
 * Cost: `spinCount` hashes (Excel uses 100,000: about a tenth of a second).
 * @example spunPasswordHash("secret", "SHA-512", "AAECAwQFBgcICQoLDA0ODw==", 1) // => "9jhEOFuJ..."
 */
export function spunPasswordHash(password: string, algorithm: string, saltBase64: string, spinCount: number): string {
  const name = nodeAlgorithm(algorithm);
  if (!name) throw new Error(`unsupported hash algorithm ${algorithm}`);
  let hash = createHash(name)
    .update(Buffer.concat([Buffer.from(saltBase64, "base64"), Buffer.from(password, "utf16le")]))
    .digest();
  const round = Buffer.alloc(4);
  for (let i = 0; i < spinCount; i++) {
    round.writeUInt32LE(i, 0);
    hash = createHash(name)
      .update(Buffer.concat([hash, round]))
      .digest();
  }
  return hash.toString("base64");
}

/** True when the stored protection holds a password (either form). */
export function hasPassword(stored: StoredProtection | undefined): boolean {
  return Boolean(stored && (stored.hashValue || stored.password));
}

/**
 * Checks a password against a sheet's stored protection. A sheet protected without a
 * password accepts any (the command then sets it); an algorithm this machine lacks fails.
 * @returns True when the password opens the sheet.
 * @example checkPassword({ password: "83AF" }, "password") // => true
 */
export function checkPassword(stored: StoredProtection | undefined, password: string): boolean {
  if (!stored || !hasPassword(stored)) return true;
  if (stored.hashValue) {
    if (!stored.algorithmName || !stored.saltValue || !nodeAlgorithm(stored.algorithmName)) return false;
    const spun = spunPasswordHash(password, stored.algorithmName, stored.saltValue, stored.spinCount ?? 0);
    return spun === stored.hashValue;
  }
  return legacyPasswordHash(password) === stored.password!.toUpperCase();
}

const ATTRIBUTE = /([\w:]+)="([^"]*)"/g;

/** The attributes of an element's opening tag, found searching backwards (sheetProtection follows sheetData). */
function lastElementAttributes(xml: Buffer, tag: string): Record<string, string> | undefined {
  const at = xml.lastIndexOf(`<${tag} `);
  if (at < 0) return undefined;
  const end = xml.indexOf(">", at);
  const text = xml.toString("utf8", at, end < 0 ? xml.length : end);
  const attributes: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) attributes[m[1]] = m[2].replace(/&amp;/g, "&");
  return attributes;
}

/**
 * Reads the stored protection of the named sheets of an .xlsx file.
 * Cost: the zip directory, the workbook part and each named sheet's part (nothing else is inflated).
 * @returns The protection of each named sheet that is protected (none for a file that is not a zip).
 */
export async function readProtection(file: string, sheets: readonly string[]): Promise<Map<string, StoredProtection>> {
  const out = new Map<string, StoredProtection>();
  let zip: ZipReader;
  try {
    zip = ZipReader.open(file);
  } catch {
    return out; // not a zip: opening the workbook reports it as damaged
  }
  try {
    const text = (name: string) => {
      const entry = zip.find(name);
      return entry ? zip.text(entry) : undefined;
    };
    const workbook = text("xl/workbook.xml");
    const rels = text("xl/_rels/workbook.xml.rels");
    if (!workbook || !rels) return out;
    const targets = new Map<string, string>();
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
      if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    }
    for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(m[0])?.[1]?.replace(/&amp;/g, "&");
      const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
      if (!name || !rid || !sheets.includes(name)) continue;
      const part = zip.find(targets.get(rid) ?? "");
      // A sheet over the reading limit is not inflated here: opening the workbook refuses it.
      if (!part || part.size > READ_LIMITS.sheetBytes) continue;
      const a = lastElementAttributes(zip.read(part), "sheetProtection");
      if (!a) continue;
      out.set(name, {
        algorithmName: a.algorithmName,
        hashValue: a.hashValue,
        saltValue: a.saltValue,
        spinCount: a.spinCount === undefined ? undefined : Number(a.spinCount),
        password: a.password,
      });
    }
  } catch {
    return out; // a damaged part: opening the workbook reports it
  } finally {
    zip.close();
  }
  return out;
}
