import { OAuthError } from "../errors.ts";

/** JWS algorithms a DPoP proof may be signed with (asymmetric only, RFC 9449 §4.2). */
export const DPOP_ALGS = ["ES256", "ES384", "EdDSA", "RS256", "PS256"];

/** Where a proof is checked: the token endpoint (400) or a protected resource (401). */
export type ProofSite = "token" | "resource";

/**
 * An RFC 9449 error: `invalid_dpop_proof` (or `use_dpop_nonce`, with a fresh nonce) — 400 at
 * the token endpoint, 401 with a `DPoP` challenge at a resource.
 * @see RFC 9449 §5, §7.1, §8, §9
 */
export function dpopError(
  site: ProofSite,
  description: string,
  code = "invalid_dpop_proof",
  nonce?: string,
): OAuthError {
  const headers = nonce ? { "DPoP-Nonce": nonce } : undefined;
  if (site === "token") return new OAuthError(code, description, 400, { headers });
  return new OAuthError(code, description, 401, {
    headers,
    wwwAuthenticate: `DPoP error="${code}", error_description="${
      description.replaceAll('"', "'")
    }", algs="${DPOP_ALGS.join(" ")}"`,
  });
}
