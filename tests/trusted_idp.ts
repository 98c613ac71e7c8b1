/** An external identity provider for the JWT bearer and token exchange tests: a key pair, JWTs. */
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import type { TrustedIssuer } from "../src/protocol/trust/trusted_issuer.ts";

export const IDP = "https://idp.example.com";
export const TOKEN_ENDPOINT = "http://localhost:9400/token";

/** An issuer with an ES256 key; `sign` makes JWTs with its key (`iss` its own by default). */
export async function externalIdp(issuer = IDP) {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = { ...await exportJWK(publicKey), kid: "idp-1", alg: "ES256" };
  let n = 0;
  return {
    issuer,
    trusted(extra: Partial<TrustedIssuer> = {}): TrustedIssuer {
      return { issuer, jwks: { keys: [jwk] }, ...extra };
    },
    /** A JWT valid for 5 minutes from `now` (epoch seconds), with a fresh jti. */
    sign(claims: JWTPayload, now = Math.floor(Date.now() / 1000), header = {}): Promise<string> {
      return new SignJWT({
        iss: issuer,
        aud: TOKEN_ENDPOINT,
        iat: now,
        exp: now + 300,
        jti: `jti-${++n}-${crypto.randomUUID()}`,
        ...claims,
      }).setProtectedHeader({ alg: "ES256", kid: "idp-1", ...header }).sign(privateKey);
    },
  };
}
