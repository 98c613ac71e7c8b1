import { CompactEncrypt, importJWK, type JWK } from "npm:jose@^6";

/**
 * Encrypts to the client's key: a signed JWT as a Nested JWT (`cty: "JWT"`), or a JSON claims
 * set as an encrypted JWT. The header names the key's `kid`.
 * @see RFC 7519 §5.2, §7.1, §11.2 (sign, then encrypt), OIDC Core §10.2
 */
export async function encryptTo(
  content: string | Record<string, unknown>,
  jwk: JWK,
  alg: string,
  enc: string,
): Promise<string> {
  const { use: _use, key_ops: _ops, alg: _alg, ...material } = jwk;
  const key = await importJWK(material, alg);
  const nested = typeof content === "string";
  const plaintext = nested ? content : JSON.stringify(content);
  return await new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({
      alg,
      enc,
      ...(nested ? { cty: "JWT" } : {}),
      ...(jwk.kid ? { kid: jwk.kid } : {}),
    })
    .encrypt(key);
}
