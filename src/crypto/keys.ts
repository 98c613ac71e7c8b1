import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from "npm:jose@^6";
import type { Clock } from "../clock.ts";
import type { Store, StoredKey } from "../store/store.ts";
import type { SigningAlg } from "../types.ts";
import { type Signer, webCryptoSigner } from "./signer.ts";

/**
 * A key ready to sign with: the imported private `CryptoKey` is kept, never re-imported. It is
 * extractable so that the OpenSSL signer can take its PKCS#8 form once.
 */
export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  retireAt?: number;
}

/** The provider's signing keys: one current key per algorithm, plus keys being retired. */
export interface KeyManager {
  readonly defaultAlg: SigningAlg;
  /** What signs with these keys (`--crypto`): OpenSSL or WebCrypto. */
  readonly signer: Signer;
  /** Resolves once the default algorithm's key is loaded or generated. */
  ready(): Promise<void>;
  /** Resolves once every advertised algorithm has its key: what `/jwks` waits for. */
  allReady(): Promise<void>;
  /** The current key for `alg` (default: the configured one), generated on first use. */
  signingKey(alg?: SigningAlg): Promise<SigningKey>;
  /** Every key a token may still carry, by `kid` (for verifying our own tokens). */
  verificationKey(kid: string): Promise<SigningKey | null>;
  /** The public JWK Set (RFC 7517 §5): public members only. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** {@link jwks} serialised, re-serialised only when the published keys change. */
  jwksJson(): Promise<string>;
  /** Publishes a new current key for `alg`; the old one stays published until `retireAt`. */
  rotate(alg: SigningAlg, retireAt: number): Promise<SigningKey>;
  /** Drops cached keys and loads them again from storage (after a reset). */
  reload(): Promise<void>;
}

/** Members of a JWK that are private and must never be published. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/** Returns the public members of a JWK, with `kid`, `alg` and `use: sig`. */
export function publicJwkOf(jwk: JWK, kid: string, alg: string): JWK {
  const pub: JWK = {};
  for (const [k, v] of Object.entries(jwk)) {
    if (!PRIVATE_MEMBERS.includes(k) && k !== "key_ops" && k !== "ext") {
      (pub as Record<string, unknown>)[k] = v;
    }
  }
  return { ...pub, kid, alg, use: "sig" };
}

/** Imports a stored private JWK as a signing key; `kid` is its RFC 7638 thumbprint. */
export async function importSigningKey(
  jwk: JWK,
  alg: SigningAlg,
  retireAt?: number,
): Promise<SigningKey> {
  const kid = await calculateJwkThumbprint(jwk, "sha256");
  const publicJwk = publicJwkOf(jwk, kid, alg);
  const privateKey = await importJWK({ ...jwk, alg }, alg, { extractable: true }) as CryptoKey;
  const publicKey = await importJWK({ ...publicJwk, alg }, alg) as CryptoKey;
  return { kid, alg, privateKey, publicKey, publicJwk, retireAt };
}

/** Generates a fresh key pair for `alg` and returns its private JWK. */
export async function generatePrivateJwk(alg: SigningAlg): Promise<JWK> {
  const opts = alg === "EdDSA"
    ? { extractable: true, crv: "Ed25519" }
    : { extractable: true, modulusLength: 2048 };
  const { privateKey } = await generateKeyPair(alg, opts);
  return await exportJWK(privateKey);
}

/**
 * Keys from `--signing-key` (fixed for the process) or, when none are given, keys generated on
 * first use and kept in the store so that a file or remote KV keeps them across restarts.
 */
export function createKeyManager(
  opts: {
    store: Store;
    clock: Clock;
    alg: SigningAlg;
    fixedKeys?: SigningKey[];
    signer?: Signer;
    /** Every algorithm discovery advertises: each gets a published key (default: `alg`). */
    algs?: SigningAlg[];
  },
): KeyManager {
  const { store, clock } = opts;
  const current = new Map<string, Promise<SigningKey>>();
  const byKid = new Map<string, SigningKey>();
  const fixed = opts.fixedKeys ?? [];
  for (const k of fixed) byKid.set(k.kid, k);
  let jwksCache: { at: number; keys: JWK[]; kids: string; json?: string } | null = null;

  // Storage is read at most once a second (`at` and `now` in ms): another process may have
  // rotated the keys. A clock moved back by the admin control reads it again too.
  const fresh = (cache: { at: number }, now: number) => now >= cache.at && now - cache.at < 1000;

  const remember = (k: SigningKey) => {
    byKid.set(k.kid, k);
    jwksCache = null;
    return k;
  };

  async function loadOrCreate(alg: SigningAlg): Promise<SigningKey> {
    const fromFile = fixed.find((k) => k.alg === alg);
    if (fromFile) return fromFile;
    if (fixed.length > 0) {
      throw new Error(`No ${alg} key in --signing-key; it holds ${fixed.map((k) => k.alg)}`);
    }
    const stored = await store.currentKey(alg);
    if (stored) return remember(await fromStored(stored));
    const jwk = await generatePrivateJwk(alg);
    const kid = await calculateJwkThumbprint(jwk, "sha256");
    const winner = await store.createCurrentKey({
      kid,
      alg,
      privateJwk: jwk as Record<string, unknown>,
      createdAt: clock.now(),
    });
    return remember(await fromStored(winner));
  }

  async function loadStored(): Promise<void> {
    if (fixed.length > 0) return;
    for (const k of await store.listKeys()) {
      if (!byKid.has(k.kid)) remember(await fromStored(k));
    }
  }

  const manager: KeyManager = {
    defaultAlg: opts.alg,
    signer: opts.signer ?? webCryptoSigner(),
    ready: () => manager.signingKey().then(() => {}),
    async allReady() {
      await Promise.all([opts.alg, ...(opts.algs ?? [])].map((alg) => manager.signingKey(alg)));
    },
    signingKey(alg = opts.alg) {
      let p = current.get(alg);
      if (!p) {
        p = loadOrCreate(alg);
        current.set(alg, p);
        p.catch(() => current.delete(alg));
      }
      return p;
    },
    async verificationKey(kid) {
      await manager.ready();
      if (!byKid.has(kid)) await loadStored();
      return byKid.get(kid) ?? null;
    },
    async jwks() {
      // A key for every advertised alg, so an RP that caches the set can verify any token.
      await manager.allReady();
      const now = clock.now();
      if (jwksCache && fresh(jwksCache, now)) return { keys: jwksCache.keys };
      if (fixed.length === 0) await loadStored();
      const keys = [...byKid.values()]
        .filter((k) => k.retireAt === undefined || k.retireAt > now)
        .map((k) => k.publicJwk);
      const kids = keys.map((k) => k.kid).join(" ");
      const json = jwksCache?.kids === kids ? jwksCache.json : undefined;
      jwksCache = { at: now, keys, kids, json };
      return { keys };
    },
    async jwksJson() {
      // The set served within the last second, as it was serialised: nothing else to do. (A
      // cached set was built after every key was ready; a new or reloaded key clears it.)
      if (jwksCache?.json && fresh(jwksCache, clock.now())) return jwksCache.json;
      const { keys } = await manager.jwks();
      if (jwksCache?.keys !== keys) return JSON.stringify({ keys });
      return jwksCache.json ??= JSON.stringify({ keys });
    },
    async rotate(alg, retireAt) {
      if (fixed.length > 0) throw new Error("Keys from --signing-key cannot be rotated");
      const previous = await manager.signingKey(alg);
      const jwk = await generatePrivateJwk(alg);
      const kid = await calculateJwkThumbprint(jwk, "sha256");
      const stored = {
        kid,
        alg,
        privateJwk: jwk as Record<string, unknown>,
        createdAt: clock.now(),
      };
      await store.rotateKey(stored, retireAt);
      remember({ ...previous, retireAt });
      const next = remember(await fromStored(stored));
      current.set(alg, Promise.resolve(next));
      return next;
    },
    async reload() {
      current.clear();
      for (const kid of [...byKid.keys()]) if (!fixed.some((k) => k.kid === kid)) byKid.delete(kid);
      jwksCache = null;
      await manager.ready();
      manager.allReady().catch(() => {});
    },
  };
  return manager;
}

async function fromStored(k: StoredKey): Promise<SigningKey> {
  return await importSigningKey(k.privateJwk as JWK, k.alg as SigningAlg, k.retireAt);
}
