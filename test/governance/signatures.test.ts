/**
 * Strict signatures and keys (issue 25): exactly base64url without padding, low-S only (close
 * signs low-S), unusable Controllers keys and private members named, and the key file's
 * binding of the controller's name to its key.
 */
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import {
  P256_N,
  bindingText,
  bindingValid,
  base64url,
  exportPublicJwk,
  fromBase64url,
  generateKeyPair,
  isLowS,
  lowS,
  publicKeyProblem,
  readControllers,
  readPublicKeyFile,
  signBinding,
  signEntryHash,
  signerOf,
  strictSignature,
  verifyEntrySignature,
} from "../../src/governance/signing";
import * as reference from "./reference";
import vectors from "./vectors.json";

const entry = vectors.entries[2];
const key = vectors.key3.jwk as never;

describe("the published signature rules (vectors.signatureRules)", () => {
  test("the low-S signature verifies; its high-S twin, a padded and a standard-base64 form do not", async () => {
    expect(await verifyEntrySignature(key, entry.entryHash, entry.signature)).toBe(true);
    for (const bad of [
      vectors.signatureRules.highSTwin,
      vectors.signatureRules.padded,
      vectors.signatureRules.standardBase64,
    ]) {
      expect(await verifyEntrySignature(key, entry.entryHash, bad)).toBe(false);
    }
    // The high-S twin IS a valid ECDSA signature (node:crypto accepts it): only the rule rejects it.
    expect(reference.signatureValid(vectors.key3.jwk, entry.entryHash, vectors.signatureRules.highSTwin)).toBe(true);
  });

  test("strictSignature: 86 base64url characters, canonical, low s", () => {
    const bytes = fromBase64url(entry.signature)!;
    expect(isLowS(bytes)).toBe(true);
    expect(strictSignature(entry.signature)).toEqual(bytes);
    expect(strictSignature(entry.signature.slice(0, 85))).toBeUndefined();
    expect(strictSignature(entry.signature + "A")).toBeUndefined();
    // A last character with stray low bits decodes to the same bytes but is not the canonical text.
    const last = entry.signature[85];
    const stray = "AQgw".includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last;
    if (stray !== last) expect(strictSignature(entry.signature.slice(0, 85) + stray)).toBeUndefined();
    const high = fromBase64url(vectors.signatureRules.highSTwin)!;
    expect(isLowS(high)).toBe(false);
    expect(base64url(lowS(high))).toBe(entry.signature);
  });

  test("signing always yields low-S, whatever the signer returns", async () => {
    const pair = await generateKeyPair(false);
    const signer = await signerOf("Carla", pair.privateKey, await exportPublicJwk(pair.publicKey));
    // A signer that returns the high-S form (as Web Crypto may, half the time).
    const highSigner = {
      ...signer,
      sign: async (data: Uint8Array<ArrayBuffer>) => {
        const sig = await signer.sign(data);
        const s = BigInt("0x" + Buffer.from(sig.subarray(32)).toString("hex"));
        const high = s > P256_N >> BigInt(1) ? s : P256_N - s;
        return Uint8Array.from([...sig.subarray(0, 32), ...Buffer.from(high.toString(16).padStart(64, "0"), "hex")]);
      },
    };
    for (let i = 0; i < 4; i++) {
      const hash = "ab".repeat(32);
      const sig = await signEntryHash(highSigner, hash);
      expect(isLowS(fromBase64url(sig)!)).toBe(true);
      expect(await verifyEntrySignature(signer.publicJwk, hash, sig)).toBe(true);
    }
  });

  test("a node:crypto signature is accepted in its low-S form", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" }) as never;
    const raw = nodeSign("sha256", Buffer.from(entry.entryHash), { key: privateKey, dsaEncoding: "ieee-p1363" });
    expect(await verifyEntrySignature(jwk, entry.entryHash, base64url(lowS(raw)))).toBe(true);
  });
});

describe("public keys: unsupported curves and private members are named", () => {
  test("publicKeyProblem", () => {
    expect(publicKeyProblem(vectors.key3.jwk)).toBeUndefined();
    expect(publicKeyProblem({ ...vectors.key3.jwk, crv: "P-384" })).toBe(
      "its curve is P-384; only P-256 keys are supported",
    );
    expect(publicKeyProblem({ ...vectors.key3.jwk, d: vectors.key3.testOnlyPrivateD })).toMatch(
      /^it contains the private member d: this is the private key itself/,
    );
    expect(publicKeyProblem({ kty: "RSA" })).toBe('its key type is "RSA"; only EC P-256 keys are supported');
    expect(publicKeyProblem("x")).toBe("it is not a JSON Web Key object");
  });

  test("the Controllers sheet: the row's problem is kept for verify to report", () => {
    const grid = [
      ["Controller", "Key ID", "Public Key", "Added At", "Note"],
      ["Carla", "k1", JSON.stringify({ ...vectors.key3.jwk, crv: "P-384" }), "t", ""],
      ["Dave", "k2", JSON.stringify({ ...vectors.key3.jwk, d: "secret" }), "t", ""],
      ["Erin", "k3", "not json", "t", ""],
    ];
    expect(readControllers(grid).map((k) => [k.sheetRow, k.jwk, k.problem?.slice(0, 20)])).toEqual([
      [2, undefined, "its curve is P-384; "],
      [3, undefined, "it contains the priv"],
      [4, undefined, "its Public Key is no"],
    ]);
  });

  test("a roster entry holding a private key is refused", async () => {
    const file = { controller: "Carla", jwk: { ...vectors.key3.jwk, d: vectors.key3.testOnlyPrivateD } };
    expect(await readPublicKeyFile(file)).toMatch(/^its jwk: it contains the private member d/);
  });
});

describe("the key file's binding", () => {
  test("binds the name to the key; another name does not verify", async () => {
    const pair = await generateKeyPair(false);
    const signer = await signerOf("Carla Controller", pair.privateKey, await exportPublicJwk(pair.publicKey));
    const binding = await signBinding(signer);
    expect(await bindingValid(signer.publicJwk, "Carla Controller", binding)).toBe(true);
    expect(await bindingValid(signer.publicJwk, "Mallory", binding)).toBe(false);
    expect(bindingText("Carla", "ab")).toBe(
      '{"binding":"sla-governance controller key","controller":"Carla","keyId":"ab"}',
    );
  });
});
