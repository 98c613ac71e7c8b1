import type { BACK_CHANNEL, FRONT_CHANNEL } from "../protocol/endpoints.ts";

/** An endpoint's name, as `endpointsFor` calls it (`token`, `jwks`, `authorization`, …). */
export type EndpointName = keyof typeof FRONT_CHANNEL | keyof typeof BACK_CHANNEL;

/** A claim name as it is (`https://example.com/roles`), or names to nest (`["a", "b"]`). */
export type ClaimPath = string | readonly string[];

/**
 * One claim rule, applied to a token's claims just before signing, in order. `to` gets the value
 * of the claim `from` (skipped when there is none) or the fixed `value`. `move` deletes `from`
 * afterwards; `keep` leaves `to` alone when it is already set (a user's own claim wins); `split`
 * turns a space-separated string into a list; `match` (a regular expression) takes its first
 * group from `from`, skipped when it does not match; `uuidOf` computes a name-based UUID
 * (RFC 9562 §5.5) from the named claims, skipped when one is missing; `drop` deletes a claim.
 */
export type ClaimRule =
  | { to: ClaimPath; from: string; move?: boolean; keep?: boolean; split?: boolean }
  | { to: ClaimPath; from: string; match: string; keep?: boolean }
  | { to: ClaimPath; value: unknown; keep?: boolean }
  | { to: ClaimPath; uuidOf: readonly string[]; keep?: boolean }
  | { drop: string };

/**
 * How a profile's JSON error bodies differ from RFC 6749 §5.2. `numbers` gives each `error` code
 * the IdP's own error number (`other` for codes not listed). `description` and `members` are
 * templates over `{number}`, `{description}` (Gatehouse's own), `{timestamp}`, `{trace_id}` and
 * `{correlation_id}`; a member that is exactly one placeholder keeps its type (a number stays a
 * number), and a list of templates is a list.
 */
export interface ErrorShape {
  numbers: Record<string, number>;
  other: number;
  description: string;
  members: Record<string, string | readonly string[]>;
  /** How `{timestamp}` is written. */
  timestamp: "iso" | "iso-space";
  /** A request header whose GUID value is `{correlation_id}` (else a fresh one). */
  correlationHeader?: string;
}

/** A production identity provider's shapes, as plain data: no code branches anywhere else. */
export interface Profile {
  name: string;
  /** The public documentation this profile follows. */
  docs: string[];
  /** Where the issuer's path usually looks like, for the README and the banner. */
  issuerShape: string;
  /**
   * What a tenant's issuer has after the tenant's name (`/v2.0`: tenant `x` is `{root}/x/v2.0`);
   * none by default.
   */
  issuerSuffix?: string;
  /**
   * Endpoint paths relative to the issuer; Gatehouse's own paths keep working beside them. Each
   * leading `../` climbs one segment out of the issuer's path, as in URL resolution
   * (`resolvePath` in src/protocol/endpoints.ts).
   */
  paths: Partial<Record<EndpointName, string>>;
  /** Members added to (or replacing those of) the discovery document. */
  discovery: Record<string, unknown>;
  /** Claim rules per token kind. */
  claims: { id_token: ClaimRule[]; access_token: ClaimRule[] };
  /**
   * The JOSE `typ` of access tokens when the IdP's is not RFC 9068's `at+jwt` (Keycloak's `JWT`).
   * Our own checks (userinfo, introspection, revocation) then expect it: ID tokens and signed
   * userinfo carry no `typ`, and logout tokens `logout+jwt`, so none passes for an access token.
   */
  accessTokenTyp?: string;
  /** JSON error bodies, when the IdP's differ from RFC 6749's. */
  errors?: ErrorShape;
}
