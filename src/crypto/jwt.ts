import { decodeProtectedHeader, type JWTPayload, jwtVerify } from "npm:jose@^6";
import { encodeBase64Url } from "./base64url.ts";
import type { KeyManager } from "./keys.ts";
import type { SigningAlg } from "../types.ts";

const utf8 = new TextEncoder();
const segment = (value: unknown) => encodeBase64Url(utf8.encode(JSON.stringify(value)));

/**
 * Signs `payload` as a compact JWS with the current key for `alg`; `typ` goes in the protected
 * header. The key manager's signer (OpenSSL or WebCrypto) makes the signature: every token is
 * signed here, and the signature should be its only real cost.
 * @see RFC 7515 §7.1
 */
export async function signJwt(
  keys: KeyManager,
  payload: JWTPayload,
  opts: { typ?: string; alg?: SigningAlg } = {},
): Promise<string> {
  const key = await keys.signingKey(opts.alg);
  const header = { alg: key.alg, kid: key.kid, ...(opts.typ ? { typ: opts.typ } : {}) };
  const input = `${segment(header)}.${segment(payload)}`;
  const signature = await keys.signer.sign(key, utf8.encode(input));
  return `${input}.${encodeBase64Url(signature)}`;
}

/** Why a JWT we were shown is not one of ours, in words a developer can act on. */
export type VerifyFailure = { ok: false; reason: string };

/**
 * Verifies a JWT that we issued: signature by one of our keys, `iss`, and (when given) `typ`.
 * Time claims are checked against `now` (epoch seconds) from the injected clock.
 */
export async function verifyOwnJwt(
  keys: KeyManager,
  token: string,
  opts: { issuer: string; now: number; typ?: string; checkExp?: boolean },
): Promise<{ ok: true; payload: JWTPayload; kid: string } | VerifyFailure> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { ok: false, reason: "the token is not a JWT" };
  }
  const key = kid ? await keys.verificationKey(kid) : null;
  if (!key) return { ok: false, reason: "the token was not signed by a key of this provider" };
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: opts.issuer,
      typ: opts.typ,
      algorithms: [key.alg],
      currentDate: new Date(opts.now * 1000),
      clockTolerance: opts.checkExp === false ? Number.MAX_SAFE_INTEGER : 0,
    });
    return { ok: true, payload, kid: key.kid };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED") return { ok: false, reason: "the token has expired" };
    if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
      return { ok: false, reason: "the token signature is invalid" };
    }
    return { ok: false, reason: `the token is invalid: ${(err as Error).message}` };
  }
}
