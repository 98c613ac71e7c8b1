/** DPoP proofs for tests, made with jose: a key pair and `proof()` for a request. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from "jose";
import { encodeBase64Url } from "../src/crypto/base64url.ts";

export const TOKEN_URL = "http://localhost:9400/token";
export const USERINFO_URL = "http://localhost:9400/userinfo";

/** A DPoP key of `alg` and a maker of proofs signed with it. */
export async function dpopKey(alg = "ES256") {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const jkt = await calculateJwkThumbprint(jwk, "sha256");
  return {
    alg,
    jwk,
    jkt,
    keyPair: { privateKey, publicKey } as CryptoKeyPair,
    /** A proof for `htm` `htu` at `iat` (epoch seconds); `claims` and `header` override. */
    proof(
      iat: number,
      opts: {
        htm?: string;
        htu?: string;
        accessToken?: string;
        claims?: Record<string, unknown>;
        header?: Record<string, unknown>;
      } = {},
    ): Promise<string> {
      return athOf(opts.accessToken).then((ath) =>
        new SignJWT({
          htm: opts.htm ?? "POST",
          htu: opts.htu ?? TOKEN_URL,
          iat,
          jti: crypto.randomUUID(),
          ...(ath ? { ath } : {}),
          ...opts.claims,
        }).setProtectedHeader({ alg, typ: "dpop+jwt", jwk, ...opts.header }).sign(privateKey)
      );
    },
  };
}

async function athOf(token: string | undefined): Promise<string | undefined> {
  if (token === undefined) return undefined;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return encodeBase64Url(new Uint8Array(digest));
}
