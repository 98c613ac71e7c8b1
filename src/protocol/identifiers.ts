import { invalidRequest, type OAuthError } from "./errors.ts";

/**
 * The most bytes (UTF-8) an identifier may have: `client_id`, `sub`, `jti` and the like become
 * storage keys, and a Deno KV key holds at most 2 KiB with its prefix.
 */
export const MAX_IDENTIFIER_BYTES = 1024;

/** The most bytes of a value stored with the request and sent back (`state`, `nonce`). */
export const MAX_ECHOED_BYTES = 4096;

/** The most bytes of any other short parameter. */
export const MAX_VALUE_BYTES = 8192;

/** Parameters that name something: checked as identifiers. */
const IDENTIFIERS = new Set([
  "client_id",
  "sub",
  "login_hint",
  "user_code",
  "interaction",
  "csrf",
  "jti",
  "code_challenge",
  "code_verifier",
]);

/** Parameters stored with the request and returned to the client. */
const ECHOED = new Set(["state", "nonce", "redirect_uri", "post_logout_redirect_uri", "scope"]);

/** Parameters that carry documents (JWTs, JSON): bounded by the body limit only. */
const DOCUMENTS = new Set([
  "request",
  "claims",
  "client_assertion",
  "id_token_hint",
  "token",
  "assertion",
  "subject_token",
  "actor_token",
  "logout_token",
  "authorization_details",
  "resource",
  "code",
  "refresh_token",
  "device_code",
]);

const encoder = new TextEncoder();
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `value` cannot be an identifier, or null when it can. */
export function identifierProblem(value: string): string | null {
  if (encoder.encode(value).length > MAX_IDENTIFIER_BYTES) {
    return `is longer than ${MAX_IDENTIFIER_BYTES} bytes`;
  }
  if (CONTROL.test(value)) return "contains a control character";
  return null;
}

/** Refuses an identifier that is too long or holds control characters. */
export function checkIdentifier(
  name: string,
  value: string,
  error: (description: string) => OAuthError | Error = invalidRequest,
): string {
  const problem = identifierProblem(value);
  if (problem) throw error(`"${name}" ${problem}`);
  return value;
}

/**
 * Bounds one request parameter: identifiers as such, echoed values and other short values by
 * size; documents are bounded by the body limit alone.
 */
export function checkParam(name: string, value: string): void {
  if (DOCUMENTS.has(name)) return;
  if (IDENTIFIERS.has(name)) {
    checkIdentifier(name, value);
    return;
  }
  const max = ECHOED.has(name) ? MAX_ECHOED_BYTES : MAX_VALUE_BYTES;
  if (value.length > max / 3 && encoder.encode(value).length > max) {
    throw invalidRequest(`"${name}" is longer than ${max} bytes`);
  }
}
