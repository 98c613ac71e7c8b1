import type { JWK } from "npm:jose@^6";

/**
 * An external issuer whose JWTs the JWT bearer and token exchange grants accept
 * (`--trusted-issuers`): its public keys, inline or at a URL, and optionally which subjects it
 * may assert and which audiences its JWTs may name besides this provider.
 * @see RFC 7523 §3, RFC 8693 §2.1
 */
export interface TrustedIssuer {
  /** The exact `iss` of its JWTs. */
  issuer: string;
  /** Its public keys as a JWK Set, given inline. */
  jwks?: { keys: JWK[] };
  /** Where its JWK Set is fetched from (then cached). */
  jwks_uri?: string;
  /** When given, the only `sub` values accepted from it. */
  subjects?: string[];
  /** When given, `aud` values accepted in its JWTs besides this provider's issuer and token URL. */
  audiences?: string[];
}
