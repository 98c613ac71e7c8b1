import { createHash } from "node:crypto";
import { encodeBase64Url } from "./base64url.ts";

/** A URL-safe random string carrying `bytes` bytes of entropy (codes, tokens, session ids). */
export function randomToken(bytes = 32): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

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

/** Compares two strings in time that depends only on their lengths. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
