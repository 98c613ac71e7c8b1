/** JWE algorithms and key choice: no jose at run time, so discovery can load it cheaply. */
import type { JWK } from "npm:jose@^6";

/** JWE key management algorithms for a client's public keys (each runs on Deno's WebCrypto). */
export const JWE_ALGS = [
  "RSA-OAEP",
  "RSA-OAEP-256",
  "RSA-OAEP-384",
  "RSA-OAEP-512",
  "ECDH-ES",
  "ECDH-ES+A128KW",
  "ECDH-ES+A192KW",
  "ECDH-ES+A256KW",
];

/** JWE content encryption algorithms (RFC 7518 §5.1). */
export const JWE_ENCS = [
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
  "A128GCM",
  "A192GCM",
  "A256GCM",
];

/**
 * The content encryption used when a client registers only the `_alg`.
 * @see OpenID Connect Registration §2 (id_token_encrypted_response_enc)
 */
export const DEFAULT_ENC = "A128CBC-HS256";

const EC_CURVES = ["P-256", "P-384", "P-521"];
const ENCRYPTING_OPS = ["encrypt", "wrapKey", "deriveKey", "deriveBits"];

/** What kind of key `alg` needs, in words for error messages. */
export function keyKindFor(alg: string): string {
  return alg.startsWith("RSA-") ? "kty RSA" : "kty EC (P-256, P-384, P-521) or OKP (X25519)";
}

/**
 * Whether a client's public JWK can be encrypted to with `alg`: its type suits the algorithm,
 * and its `use`, `alg` and `key_ops` (when present) allow encryption.
 * @see RFC 7517 §4.2, §4.3, §4.4
 */
export function canEncryptTo(jwk: JWK, alg: string): boolean {
  if (jwk.use !== undefined && jwk.use !== "enc") return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.some((op) => ENCRYPTING_OPS.includes(op))) {
    return false;
  }
  if (alg.startsWith("RSA-")) return jwk.kty === "RSA";
  return (jwk.kty === "EC" && EC_CURVES.includes(jwk.crv ?? "")) ||
    (jwk.kty === "OKP" && jwk.crv === "X25519");
}

/** The key to encrypt to: one marked `use: "enc"` first, else one without `use`. */
export function pickEncryptionKey(keys: JWK[], alg: string): JWK | null {
  const usable = keys.filter((k) => canEncryptTo(k, alg));
  return usable.find((k) => k.use === "enc") ?? usable[0] ?? null;
}
