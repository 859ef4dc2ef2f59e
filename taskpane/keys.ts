/**
 * The pane's signing keys: one ECDSA P-256 key pair per controller on this machine, made on the
 * first close and kept in the browser's IndexedDB. The private key is made non-extractable, so
 * Web Crypto never gives its bytes out (nobody can copy it out of the store); IndexedDB keeps
 * the CryptoKey object itself. Losing the storage means a new key, which the Controllers sheet
 * records as a new key for that controller.
 */
import {
  PublicJwk,
  Signer,
  WebCryptoKeyPair,
  exportPublicJwk,
  generateKeyPair,
  publicKeyFile,
  signerOf,
} from "../src/governance/signing";
import { nameKey } from "../src/governance/values";

/** A stored key pair and its public JWK. */
export interface StoredKey {
  readonly controller: string;
  readonly pair: WebCryptoKeyPair;
  readonly publicJwk: PublicJwk;
  readonly created: string;
}

/** Where the pane keeps keys (IndexedDB in Excel; a Map in tests). */
export interface KeyStore {
  get(controllerKey: string): Promise<StoredKey | undefined>;
  put(controllerKey: string, key: StoredKey): Promise<void>;
}

/** A key store in memory (tests, and a fallback where IndexedDB is unavailable). */
export function memoryKeyStore(): KeyStore {
  const keys = new Map<string, StoredKey>();
  return {
    get: async (k) => keys.get(k),
    put: async (k, v) => void keys.set(k, v),
  };
}

const DB = "sla-governance-keys";
const STORE = "keys";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The browser's IndexedDB key store. */
export function indexedDbKeyStore(factory: IDBFactory = indexedDB): KeyStore {
  const open = (): Promise<IDBDatabase> => {
    const req = factory.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    return request(req);
  };
  return {
    async get(k) {
      const db = await open();
      try {
        return (await request(db.transaction(STORE, "readonly").objectStore(STORE).get(k))) as StoredKey | undefined;
      } finally {
        db.close();
      }
    },
    async put(k, v) {
      const db = await open();
      try {
        await request(db.transaction(STORE, "readwrite").objectStore(STORE).put(v, k));
      } finally {
        db.close();
      }
    },
  };
}

/**
 * The signer of a controller on this machine: the stored key, or a new non-extractable one.
 * @returns The signer, whether it was made now, and the public key file's contents.
 */
export async function controllerSigner(
  store: KeyStore,
  controller: string,
  now: Date,
): Promise<{ signer: Signer; created: boolean; publicKeyFile: string }> {
  const key = nameKey(controller);
  let stored = await store.get(key);
  const created = !stored;
  if (!stored) {
    const pair = await generateKeyPair(false);
    stored = {
      controller: controller.trim(),
      pair,
      publicJwk: await exportPublicJwk(pair.publicKey),
      created: now.toISOString(),
    };
    await store.put(key, stored);
  }
  const signer = await signerOf(stored.controller, stored.pair.privateKey, stored.publicJwk);
  return { signer, created, publicKeyFile: JSON.stringify(publicKeyFile(signer, stored.created), null, 2) + "\n" };
}
