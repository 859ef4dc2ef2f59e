/**
 * Controllers' signatures: ECDSA P-256 with SHA-256 through Web Crypto (Office's webviews,
 * browsers and Node 20 alike), key ids, public key files and the Controllers sheet.
 *
 * - Key ID: the SHA-256 (64 lower-case hex digits) of the public key's RFC 7638 JWK
 *   thumbprint input, the UTF-8 text `{"crv":"P-256","kty":"EC","x":"<x>","y":"<y>"}`
 *   (members in that order, no whitespace, x and y base64url without padding).
 * - Signature: ECDSA P-256/SHA-256 over the UTF-8 bytes of the entry hash's 64 hex digits,
 *   stored as base64url (no padding) of the 64-byte IEEE P1363 form r || s (what Web Crypto
 *   returns; Node's crypto.verify takes it with dsaEncoding "ieee-p1363"). Strict: exactly
 *   86 base64url characters (no padding, no `+` or `/`), and s at most n/2 ("low-S"): ECDSA
 *   accepts (r, n - s) too, so without the rule every signature has a second valid form.
 *   Signing normalises to low-S.
 * - Public key file (NAME.pub.json): {"controller", "keyId", "jwk": {"kty","crv","x","y"}, "created"}.
 */
import { CellValue, textOf } from "./model";
import { sha256Hex } from "./audit";
import { nameKey } from "./values";

/** An EC P-256 public key as a JSON Web Key (only the members a thumbprint covers). */
export interface PublicJwk {
  readonly kty: "EC";
  readonly crv: "P-256";
  readonly x: string;
  readonly y: string;
}

/** The contents of a public key file: whose key, its id, the key. */
export interface PublicKeyFile {
  readonly controller: string;
  readonly keyId: string;
  readonly jwk: PublicJwk;
  readonly created?: string;
}

/** Bytes backed by a plain ArrayBuffer (what Web Crypto takes). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** What signs entries: a controller's private key (never exposed) and its public half. */
export interface Signer {
  readonly controller: string;
  readonly keyId: string;
  readonly publicJwk: PublicJwk;
  /** Signs bytes; returns the IEEE P1363 signature. */
  sign(data: Bytes): Promise<Uint8Array>;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;

/** Web Crypto's key type, named without the DOM library (the command line compiles without it). */
export type WebCryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
/** A key pair of Web Crypto keys. */
export interface WebCryptoKeyPair {
  readonly publicKey: WebCryptoKey;
  readonly privateKey: WebCryptoKey;
}
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;

/** The thumbprint input of a key (RFC 7638): required members in lexicographic order. */
export function thumbprintText(jwk: PublicJwk): string {
  return JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
}

/** The Key ID of a public key. @example await keyIdOf(jwk) // => 64 hex digits */
export function keyIdOf(jwk: PublicJwk): Promise<string> {
  return sha256Hex(thumbprintText(jwk));
}

/** The order n of the P-256 group (FIPS 186-4, D.1.2.3). */
export const P256_N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

function bigOf(bytes: Uint8Array): bigint {
  let n = BigInt(0);
  for (const b of bytes) n = (n << BigInt(8)) | BigInt(b);
  return n;
}

function bytesOf(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--, n >>= BigInt(8)) out[i] = Number(n & BigInt(255));
  return out;
}

/** True when a 64-byte P1363 signature's s is at most n/2. */
export function isLowS(signature: Uint8Array): boolean {
  return signature.length === 64 && bigOf(signature.subarray(32)) <= P256_N >> BigInt(1);
}

/**
 * The low-S form of a 64-byte P1363 signature: s replaced by n - s when above n/2 (the same
 * signature for ECDSA; the only form verify accepts).
 */
export function lowS(signature: Uint8Array): Uint8Array {
  if (signature.length !== 64 || isLowS(signature)) return signature;
  const out = new Uint8Array(64);
  out.set(signature.subarray(0, 32));
  out.set(bytesOf(P256_N - bigOf(signature.subarray(32)), 32), 32);
  return out;
}

/** A signature's stored text: exactly 86 base64url characters, no padding (64 bytes). */
const SIGNATURE_TEXT = /^[A-Za-z0-9_-]{86}$/;

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url (or base64); undefined for anything else. */
export function fromBase64url(text: string): Bytes | undefined {
  if (!/^[A-Za-z0-9_\-+/]*=*$/.test(text)) return undefined;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  try {
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with a public key as a roster or the Controllers sheet holds it, or undefined:
 * not a JSON object, not an EC key, a curve other than P-256, missing coordinates, or a
 * private member (`d`: the private key itself was published).
 * @example publicKeyProblem({ kty: "EC", crv: "P-384", x: "a", y: "b" }) // => "its curve is P-384; only P-256 keys are supported"
 */
export function publicKeyProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "it is not a JSON Web Key object";
  const v = value as Record<string, unknown>;
  if ("d" in v)
    return "it contains the private member d: this is the private key itself, which must never be shared (make a new key)";
  if (v.kty !== "EC") return `its key type is ${JSON.stringify(v.kty ?? null)}; only EC P-256 keys are supported`;
  if (v.crv !== "P-256") return `its curve is ${String(v.crv ?? "missing")}; only P-256 keys are supported`;
  if (typeof v.x !== "string" || typeof v.y !== "string") return "its x or y coordinate is missing";
  return undefined;
}

/** The public members of a JWK, or undefined when it is not an EC P-256 public key. */
export function publicJwkOf(value: unknown): PublicJwk | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.kty !== "EC" || v.crv !== "P-256" || typeof v.x !== "string" || typeof v.y !== "string") return undefined;
  return { kty: "EC", crv: "P-256", x: v.x, y: v.y };
}

/**
 * Makes a key pair. In the pane the private key is not extractable (it never leaves the
 * browser's key store); the command line makes an extractable one to write its key file.
 */
export function generateKeyPair(extractable: boolean): Promise<WebCryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(ALGORITHM, extractable, ["sign", "verify"]) as Promise<WebCryptoKeyPair>;
}

/** The public JWK of a public CryptoKey. */
export async function exportPublicJwk(key: WebCryptoKey): Promise<PublicJwk> {
  const jwk = publicJwkOf(await globalThis.crypto.subtle.exportKey("jwk", key));
  if (!jwk) throw new Error("not an EC P-256 public key");
  return jwk;
}

/** A signer over a private CryptoKey. */
export async function signerOf(controller: string, privateKey: WebCryptoKey, publicJwk: PublicJwk): Promise<Signer> {
  return {
    controller: controller.trim(),
    keyId: await keyIdOf(publicJwk),
    publicJwk,
    sign: async (data) => new Uint8Array(await globalThis.crypto.subtle.sign(SIGNING, privateKey, data)),
  };
}

/** Signs an entry hash: base64url of the low-S P1363 signature over its hex text. */
export async function signEntryHash(signer: Signer, entryHash: string): Promise<string> {
  return signText(signer, entryHash);
}

/** Signs a text (UTF-8): base64url of the low-S P1363 signature. */
export async function signText(signer: Signer, text: string): Promise<string> {
  return base64url(lowS(await signer.sign(new TextEncoder().encode(text))));
}

/**
 * The bytes of a stored signature, or undefined unless it is exactly the strict form:
 * 86 base64url characters that decode to 64 bytes and encode back the same (no padding, no
 * `+` or `/`, no stray bits), with a low s.
 */
export function strictSignature(text: string, requireLowS = true): Bytes | undefined {
  if (!SIGNATURE_TEXT.test(text)) return undefined;
  const bytes = fromBase64url(text);
  if (!bytes || bytes.length !== 64 || base64url(bytes) !== text) return undefined;
  return !requireLowS || isLowS(bytes) ? bytes : undefined;
}

/**
 * A checker of one key's signatures: the key is imported once (verify checks many entries).
 * The checker answers true when `signature` is a valid signature of `entryHash` by the key.
 */
export function signatureChecker(
  jwk: PublicJwk,
): (entryHash: string, signature: string, requireLowS?: boolean) => Promise<boolean> {
  const key = globalThis.crypto.subtle
    .importKey("jwk", { ...jwk, ext: true }, ALGORITHM, false, ["verify"])
    .catch(() => undefined);
  // Low-S is required of signatures made since version 3; a version-2 entry signed before the
  // rule keeps verifying as it did (its strict base64url form was always what was written).
  return async (entryHash, signature, requireLowS = true) => {
    const bytes = strictSignature(signature, requireLowS);
    const imported = await key;
    if (!imported || !bytes) return false;
    try {
      return await globalThis.crypto.subtle.verify(SIGNING, imported, bytes, new TextEncoder().encode(entryHash));
    } catch {
      return false;
    }
  };
}

/** True when `signature` is a valid signature of `entryHash` by the key (low-S unless told otherwise). */
export function verifyEntrySignature(
  jwk: PublicJwk,
  entryHash: string,
  signature: string,
  requireLowS = true,
): Promise<boolean> {
  return signatureChecker(jwk)(entryHash, signature, requireLowS);
}

/**
 * Reads a public key file's contents.
 * @returns The file, or a sentence saying what is wrong with it (including a Key ID that is not the key's).
 */
export async function readPublicKeyFile(value: unknown): Promise<PublicKeyFile | string> {
  if (typeof value !== "object" || value === null) return "expected a JSON object with controller, keyId and jwk";
  const v = value as Record<string, unknown>;
  const jwk = publicJwkOf(v.jwk);
  if (typeof v.controller !== "string" || !v.controller.trim()) return "the controller's name is missing";
  const problem = publicKeyProblem(v.jwk);
  if (problem) return `its jwk: ${problem}`;
  if (!jwk) return "jwk is not an EC P-256 public key";
  const keyId = await keyIdOf(jwk);
  if (v.keyId !== undefined && v.keyId !== keyId) return `its keyId ${String(v.keyId)} is not the key's (${keyId})`;
  return {
    controller: v.controller.trim(),
    keyId,
    jwk,
    created: typeof v.created === "string" ? v.created : undefined,
  };
}

/** The public key file of a signer. */
export function publicKeyFile(signer: Signer, created: string): PublicKeyFile {
  return { controller: signer.controller, keyId: signer.keyId, jwk: signer.publicJwk, created };
}

// ---------------------------------------------------------------------------------------
// The Controllers sheet: one row per key that signed in this workbook.

/** The Controllers sheet's header, in published order. */
export const CONTROLLERS_HEADERS = ["Controller", "Key ID", "Public Key", "Added At", "Note"] as const;

/** One row of the Controllers sheet. */
export interface ControllerKey {
  readonly controller: string;
  readonly keyId: string;
  /** The JWK as the sheet holds it (undefined when the text is not a key). */
  readonly jwk: PublicJwk | undefined;
  /** What is wrong with the Public Key cell (see publicKeyProblem), or undefined. */
  readonly problem?: string;
  readonly addedAt: string;
  readonly note: string;
  readonly sheetRow: number;
}

/** Reads the Controllers sheet (header in row 1). */
export function readControllers(grid: readonly (readonly CellValue[])[] | undefined): ControllerKey[] {
  const out: ControllerKey[] = [];
  for (let r = 1; r < (grid?.length ?? 0); r++) {
    const c = grid![r] ?? [];
    if (c.every((v) => textOf(v ?? null) === "")) continue;
    let jwk: PublicJwk | undefined;
    let problem: string | undefined;
    try {
      const parsed: unknown = JSON.parse(textOf(c[2] ?? null));
      problem = publicKeyProblem(parsed);
      jwk = problem ? undefined : publicJwkOf(parsed);
    } catch {
      jwk = undefined;
      problem = "its Public Key is not JSON";
    }
    out.push({
      controller: textOf(c[0] ?? null),
      keyId: textOf(c[1] ?? null),
      jwk,
      problem,
      addedAt: textOf(c[3] ?? null),
      note: textOf(c[4] ?? null),
      sheetRow: r + 1,
    });
  }
  return out;
}

/**
 * The Controllers rows to append for a signer: none when its key is already listed; else one,
 * noting a new key when the controller already has another (a lost key store, another machine).
 */
export function controllerRowsFor(
  grid: readonly (readonly CellValue[])[] | undefined,
  signer: Signer | undefined,
  at: string,
): { append: CellValue[][]; firstRow: number } {
  const existing = readControllers(grid);
  const hasHeader = !!grid && grid.length > 0;
  const firstRow = hasHeader ? grid!.length + 1 : 1;
  if (!signer || existing.some((k) => k.keyId === signer.keyId)) return { append: [], firstRow };
  const earlier = existing.filter((k) => nameKey(k.controller) === nameKey(signer.controller));
  const note = earlier.length
    ? `New key for this controller (replaces ${earlier.map((k) => k.keyId.slice(0, 12)).join(", ")} where that key store was lost or is on another machine).`
    : "First key of this controller in this workbook.";
  const row: CellValue[] = [signer.controller, signer.keyId, JSON.stringify(signer.publicJwk), at, note];
  return { append: hasHeader ? [row] : [[...CONTROLLERS_HEADERS], row], firstRow };
}

// ---------------------------------------------------------------------------------------
// The key file's binding of its controller's name to its key

/**
 * The text a key file's binding signs: the controller's name and the Key ID, so that editing
 * the name in the file (to sign as someone else) breaks it.
 * @example bindingText("Carla", "ab") // => '{"binding":"sla-governance controller key","controller":"Carla","keyId":"ab"}'
 */
export function bindingText(controller: string, keyId: string): string {
  return JSON.stringify({ binding: "sla-governance controller key", controller, keyId });
}

/** Signs the binding of a signer's name and Key ID with its own key. */
export function signBinding(signer: Signer): Promise<string> {
  return signText(signer, bindingText(signer.controller, signer.keyId));
}

/** True when `signature` binds `controller` to the key (its own signature over bindingText). */
export async function bindingValid(jwk: PublicJwk, controller: string, signature: string): Promise<boolean> {
  return signatureChecker(jwk)(bindingText(controller, await keyIdOf(jwk)), signature);
}
