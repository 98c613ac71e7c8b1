import { encodeBase64Url } from "../crypto/base64url.ts";
import { timingSafeEqual } from "../crypto/random.ts";
import { digest } from "../crypto/hash.ts";
import { invalidGrant, invalidRequest } from "./errors.ts";

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Checks a `code_challenge` from /authorize (RFC 7636 §4.2–4.3). */
export function validateChallenge(challenge: string | undefined, method: string | undefined) {
  if (challenge === undefined) {
    if (method !== undefined) {
      throw invalidRequest('"code_challenge_method" was sent without a "code_challenge"');
    }
    return;
  }
  if (method !== undefined && method !== "S256" && method !== "plain") {
    throw invalidRequest(
      `"code_challenge_method" must be S256 or plain, got "${method}"`,
    );
  }
  if (!VERIFIER.test(challenge)) {
    throw invalidRequest('"code_challenge" must be 43 to 128 characters of [A-Za-z0-9-._~]');
  }
}

/**
 * Verifies `code_verifier` against the challenge from /authorize, in constant time.
 * @see RFC 7636 §4.6
 */
export async function verifyPkce(
  verifier: string | undefined,
  challenge: string | undefined,
  method: string | undefined,
): Promise<void> {
  if (challenge === undefined) {
    if (verifier !== undefined) {
      throw invalidGrant('"code_verifier" was sent, but /authorize received no "code_challenge"');
    }
    return;
  }
  if (verifier === undefined) {
    throw invalidGrant('missing "code_verifier"; /authorize received a "code_challenge"');
  }
  if (!VERIFIER.test(verifier)) {
    throw invalidRequest('"code_verifier" must be 43 to 128 characters of [A-Za-z0-9-._~]');
  }
  const computed = (method ?? "plain") === "S256" ? await s256(verifier) : verifier;
  if (!timingSafeEqual(computed, challenge)) {
    throw invalidGrant('"code_verifier" does not match the "code_challenge" sent to /authorize');
  }
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
export function s256(verifier: string): string {
  return encodeBase64Url(digest("SHA-256", verifier));
}
