import type { JWTPayload } from "npm:jose@^6";
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";
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

const fail = (reason: string): VerifyFailure => ({ ok: false, reason });
const invalid = (why: string) => fail(`the token is invalid: ${why}`);

/** A base64url JSON object segment, or null. */
function jsonSegment(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(decodeB64(text)));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Strict unpadded base64url: padding or other characters throw. */
function decodeB64(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  return decodeBase64Url(text);
}

/** `typ` compared as RFC 7515 §4.1.9 allows: case-insensitively, `application/` optional. */
const mediaType = (typ: unknown) =>
  typeof typ === "string" ? typ.toLowerCase().replace(/^application\//, "") : undefined;

/**
 * Verifies a JWT that we issued: signature by one of our keys with that key's algorithm (by the
 * key manager's signer, so OpenSSL when it signs), `iss`, `typ` when given, and `exp`/`nbf`
 * against `now` (epoch seconds) from the injected clock unless `checkExp` is false.
 * @see RFC 7515 §5.2 (validation), RFC 7519 §7.2
 */
export async function verifyOwnJwt(
  keys: KeyManager,
  token: string,
  opts: { issuer: string; now: number; typ?: string; checkExp?: boolean },
): Promise<{ ok: true; payload: JWTPayload; kid: string } | VerifyFailure> {
  const parts = token.split(".");
  const header = parts.length === 3 ? jsonSegment(parts[0]) : null;
  if (!header) return fail("the token is not a JWT");
  const key = typeof header.kid === "string" ? await keys.verificationKey(header.kid) : null;
  if (!key) return fail("the token was not signed by a key of this provider");
  if (header.alg !== key.alg) {
    return invalid('"alg" (Algorithm) Header Parameter value not allowed');
  }
  // We never mark a header parameter critical: one that is must not be ignored (§4.1.11).
  if (header.crit !== undefined) return invalid('"crit" Header Parameter not understood');
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = decodeB64(parts[2]);
  } catch {
    return fail("the token signature is invalid");
  }
  const signed = utf8.encode(`${parts[0]}.${parts[1]}`);
  if (!await keys.signer.verify(key, signed, signature)) {
    return fail("the token signature is invalid");
  }
  const payload = jsonSegment(parts[1]) as JWTPayload | null;
  if (!payload) return invalid("JWT Claims Set must be a top-level JSON object");
  const why = claimsProblem(header, payload, opts);
  return why ? (why === "expired" ? fail("the token has expired") : invalid(why)) : {
    ok: true,
    payload,
    kid: key.kid,
  };
}

/** What is wrong with a verified token's `typ`, `iss` and time claims, or null. */
function claimsProblem(
  header: Record<string, unknown>,
  p: JWTPayload,
  opts: { issuer: string; now: number; typ?: string; checkExp?: boolean },
): string | null {
  if (opts.typ && mediaType(header.typ) !== mediaType(opts.typ)) {
    return 'unexpected "typ" JWT header value';
  }
  if (p.iss !== opts.issuer) return 'unexpected "iss" claim value';
  for (const claim of ["iat", "nbf", "exp"] as const) {
    if (p[claim] !== undefined && typeof p[claim] !== "number") {
      return `"${claim}" claim must be a number`;
    }
  }
  if (opts.checkExp === false) return null;
  if (p.nbf !== undefined && p.nbf > opts.now) return '"nbf" claim timestamp check failed';
  if (p.exp !== undefined && p.exp <= opts.now) return "expired";
  return null;
}
