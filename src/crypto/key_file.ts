import { exportJWK, importPKCS8, type JWK } from "npm:jose@^6";
import { importSigningKey, type SigningKey } from "./keys.ts";
import { SIGNING_ALGS, type SigningAlg } from "../types.ts";

/**
 * Reads `--signing-key` content: a PEM PKCS#8 private key, a private JWK, or a JWK Set.
 * Throws an Error whose message says what is wrong (the caller adds the file name).
 */
export async function parseSigningKeys(text: string, alg: SigningAlg): Promise<SigningKey[]> {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) {
    if (!trimmed.includes("BEGIN PRIVATE KEY")) {
      throw new Error("expected a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    let key: CryptoKey;
    try {
      key = await importPKCS8(trimmed, alg, { extractable: true }) as CryptoKey;
    } catch (err) {
      throw new Error(`the PEM key cannot be used with ${alg}: ${(err as Error).message}`);
    }
    return [await importSigningKey(await exportJWK(key), alg)];
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new Error("expected a PEM private key, a JWK or a JWK Set (JSON)");
  }
  const jwks = (json as { keys?: unknown }).keys;
  const list = Array.isArray(jwks) ? jwks : [json];
  if (list.length === 0) throw new Error("the JWK Set holds no keys");
  const keys: SigningKey[] = [];
  for (const [i, jwk] of list.entries()) {
    const where = Array.isArray(jwks) ? `keys[${i}]` : "the JWK";
    keys.push(await importOne(jwk as JWK, alg, where));
  }
  return keys;
}

async function importOne(jwk: JWK, fallback: SigningAlg, where: string): Promise<SigningKey> {
  if (typeof jwk !== "object" || jwk === null) throw new Error(`${where} is not an object`);
  if (!["RSA", "EC", "OKP"].includes(String(jwk.kty))) {
    throw new Error(`${where} has kty "${jwk.kty}"; expected an RSA, EC or OKP private key`);
  }
  if (!("d" in jwk)) {
    throw new Error(`${where} is a public key; a private key (with "d") is needed`);
  }
  const alg = (jwk.alg ?? algFor(jwk, fallback)) as SigningAlg;
  if (!SIGNING_ALGS.includes(alg)) {
    throw new Error(`${where} has alg "${jwk.alg}"; expected one of ${SIGNING_ALGS.join(", ")}`);
  }
  try {
    return await importSigningKey(jwk, alg);
  } catch (err) {
    throw new Error(`${where} cannot be used with ${alg}: ${(err as Error).message}`);
  }
}

/** The algorithm a JWK without `alg` is used with: `--alg` for RSA, else its curve's. */
function algFor(jwk: JWK, fallback: SigningAlg): string {
  if (jwk.kty === "RSA") return fallback === "PS256" ? "PS256" : "RS256";
  if (jwk.kty === "EC") return jwk.crv === "P-384" ? "ES384" : "ES256";
  if (jwk.kty === "OKP") return "EdDSA";
  return String(jwk.kty);
}
