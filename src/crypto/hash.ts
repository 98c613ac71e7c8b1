/**
 * SHA-2 through node:crypto, which hashes synchronously. Kept apart from random.ts because loading
 * node:crypto brings in Deno's Node compatibility layer (tens of milliseconds): nothing that runs
 * before the server listens may import this module.
 */
import { createHash } from "node:crypto";

/**
 * base64url(SHA-256(value)): what we key stored secrets by, so a KV dump holds no credentials.
 * Hashed synchronously: a WebCrypto digest costs ten times more in its asynchronous round trip
 * than in hashing, and a client secret is hashed on every token request.
 */
export function sha256(value: string): Promise<string> {
  return Promise.resolve(createHash("sha256").update(value).digest("base64url"));
}

/**
 * SHA-2 of a string's UTF-8 bytes, computed synchronously for the same reason as {@link sha256}
 * (`at_hash`, `c_hash` and PKCE's S256 sit on every token and code request).
 */
export function digest(hash: "SHA-256" | "SHA-384" | "SHA-512", value: string): Uint8Array {
  return createHash(hash.replace("-", "").toLowerCase()).update(value).digest();
}
