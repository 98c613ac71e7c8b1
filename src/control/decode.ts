import { compactVerify, decodeJwt, decodeProtectedHeader } from "npm:jose@^6";
import type { Deps } from "../deps.ts";

/** Whether a token's signature is one of ours, and by which key. */
export type SignatureCheck =
  | { ok: true; kid: string; alg: string }
  | { ok: false; reason: string };

/** A pasted token, taken apart for the inspector. */
export type DecodedToken =
  | { ok: false; reason: string }
  | {
    ok: true;
    header: Record<string, unknown>;
    claims: Record<string, unknown>;
    signature: SignatureCheck;
    /** Whether `iss` is this provider's issuer. */
    ours: boolean;
  };

/** Claims holding epoch seconds, shown as readable times. */
export const TIME_CLAIMS = new Set(["iat", "exp", "nbf", "auth_time", "updated_at"]);

/** `2030-01-01T00:00:00Z (in 59m)`: an epoch-seconds claim against the provider's clock. */
export function describeTime(seconds: number, nowMs: number): string {
  // A claim is whatever the token says: beyond ±8.64e15 ms there is no Date (ECMA-262 §21.4.1.1).
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) {
    return `${seconds} (not a representable time)`;
  }
  const iso = new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  const delta = Math.round(seconds - nowMs / 1000);
  const abs = Math.abs(delta);
  const span = abs < 120
    ? `${abs}s`
    : abs < 7200
    ? `${Math.round(abs / 60)}m`
    : abs < 172800
    ? `${Math.round(abs / 3600)}h`
    : `${Math.round(abs / 86400)}d`;
  return `${iso} (${delta === 0 ? "now" : delta > 0 ? `in ${span}` : `${span} ago`})`;
}

/** Checks the signature against this provider's keys, retired ones included. */
async function checkSignature(deps: Deps, token: string, kid: unknown): Promise<SignatureCheck> {
  if (typeof kid !== "string") return { ok: false, reason: 'the header has no "kid"' };
  const key = await deps.keys.verificationKey(kid);
  if (!key) return { ok: false, reason: `no key of this provider has kid "${kid}"` };
  try {
    await compactVerify(token, key.publicKey, { algorithms: [key.alg] });
    return { ok: true, kid: key.kid, alg: key.alg };
  } catch (err) {
    return { ok: false, reason: `the signature does not verify: ${(err as Error).message}` };
  }
}

/**
 * Takes a JWT apart (header, claims) and verifies its signature against our keys. Expiry is not
 * a reason to fail here: the inspector shows the times instead.
 */
export async function decodeToken(deps: Deps, raw: string): Promise<DecodedToken> {
  const token = raw.trim();
  if (token.split(".").length !== 3) {
    return {
      ok: false,
      reason: "this is not a signed JWT (three dot-separated parts); refresh tokens are opaque",
    };
  }
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, reason: `the JWT cannot be decoded: ${(err as Error).message}` };
  }
  const signature = await checkSignature(deps, token, header.kid);
  return { ok: true, header, claims, signature, ours: claims.iss === deps.config.issuer };
}
