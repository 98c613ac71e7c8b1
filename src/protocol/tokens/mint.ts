import type { JWTPayload } from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import { encodeBase64Url } from "../../crypto/base64url.ts";
import { signJwt } from "../../crypto/jwt.ts";
import { randomToken, sha256 } from "../../crypto/random.ts";
import type { Deps } from "../../deps.ts";
import type { RefreshTokenRecord } from "../../store/store.ts";
import type { Client, SigningAlg } from "../../types.ts";
import { releasedClaims } from "../claims.ts";
import { type ClaimsRequest, requestedClaims } from "../claims_request.ts";
import { ctx } from "../clients/resolve.ts";
import { isEnforced, RULES } from "../rules.ts";
import { subjectFor } from "../pairwise.ts";
import { encryptFor } from "./response_encryption.ts";

/** Who and what a set of tokens is for. */
export interface TokenSubject {
  client: Client;
  sub: string;
  /** The user's claims (released by scope). */
  claims: Record<string, unknown>;
  scopes: string[];
  authTime?: number;
  sid?: string;
  acr?: string;
  amr?: string[];
  resource?: string[];
  grantId?: string;
  /** The `claims` request parameter (OIDC Core §5.5): its `id_token` members go in ID tokens. */
  claimsRequest?: ClaimsRequest;
  /** The client acting for itself (client credentials): `sub` is its id, never made pairwise. */
  forClient?: boolean;
  /** RFC 8693 §4.1 `act`: who acts for the subject (token exchange), earlier actors nested. */
  act?: Record<string, unknown>;
}

/**
 * The `sub` the client is shown: pairwise for a pairwise client (OIDC Core §8.1), in access
 * tokens too, so that no token the client can read carries the user's own identifier.
 */
function shownSub(deps: Deps, s: TokenSubject): Promise<string> | string {
  return s.forClient ? s.sub : subjectFor(deps, s.client, s.sub);
}

/** An access token and what the store needs to revoke it. */
export interface MintedAccessToken {
  token: string;
  jti: string;
  /** Epoch ms. */
  exp: number;
  expiresIn: number;
}

function audienceOf(s: TokenSubject): string | string[] {
  const aud = s.resource ?? s.client.audience ?? [s.client.client_id];
  return aud.length === 1 ? aud[0] : aud;
}

/**
 * A JWT access token.
 * @see RFC 9068 §2.2
 */
export async function mintAccessToken(deps: Deps, s: TokenSubject): Promise<MintedAccessToken> {
  const now = epochSeconds(deps.clock);
  const expiresIn = s.client.access_token_ttl ?? deps.config.ttl.accessToken;
  const jti = randomToken(16);
  const payload: JWTPayload = {
    ...releasedClaims(s.claims, []),
    iss: deps.config.issuer,
    sub: await shownSub(deps, s),
    aud: audienceOf(s),
    client_id: s.client.client_id,
    iat: now,
    exp: now + expiresIn,
    jti,
    ...(s.scopes.length ? { scope: s.scopes.join(" ") } : {}),
    ...(s.authTime !== undefined ? { auth_time: s.authTime } : {}),
    ...(s.acr ? { acr: s.acr } : {}),
    ...(s.amr ? { amr: s.amr } : {}),
    ...(s.act ? { act: s.act } : {}),
  };
  const claims = await deps.scenarios.beforeSign("access_token", s.client.client_id, payload);
  const token = await signJwt(deps.keys, claims, { typ: "at+jwt" });
  return { token, jti, exp: (now + expiresIn) * 1000, expiresIn };
}

/**
 * An ID token. Scope claims go in it unless `--strict` and an access token is issued too, in
 * which case OIDC Core §5.4 sends them to userinfo only; custom claims always go in. Signed with
 * the client's `id_token_signed_response_alg`, then encrypted when it registered encryption.
 * @see OIDC Core §2, §3.1.3.6, §10.2
 */
export async function mintIdToken(
  deps: Deps,
  s: TokenSubject,
  extra: { nonce?: string; accessToken?: string; code?: string; accessTokenIssued?: boolean },
): Promise<string> {
  const now = epochSeconds(deps.clock);
  const alg = (s.client.id_token_signed_response_alg as SigningAlg | undefined) ??
    deps.keys.defaultAlg;
  // An ID token from /authorize with a code or token has an access token to come (§5.4).
  const withAccessToken = extra.accessToken !== undefined || extra.accessTokenIssued === true;
  const scopes = withAccessToken && scopeClaimsOnlyInUserinfo(deps, s) ? [] : s.scopes;
  const aud = s.client.client_id;
  const payload: JWTPayload = {
    ...releasedClaims(s.claims, scopes),
    ...requestedClaims(s.claims, s.claimsRequest?.id_token),
    iss: deps.config.issuer,
    sub: await shownSub(deps, s),
    aud,
    iat: now,
    exp: now + (s.client.id_token_ttl ?? deps.config.ttl.idToken),
    ...(s.authTime !== undefined ? { auth_time: s.authTime } : {}),
    ...(extra.nonce ? { nonce: extra.nonce } : {}),
    ...(s.sid ? { sid: s.sid } : {}),
    ...(s.acr ? { acr: s.acr } : {}),
    ...(s.amr ? { amr: s.amr } : {}),
    ...(extra.accessToken ? { at_hash: await halfHash(extra.accessToken, alg) } : {}),
    ...(extra.code ? { c_hash: await halfHash(extra.code, alg) } : {}),
  };
  const claims = await deps.scenarios.beforeSign("id_token", aud, payload);
  return await encryptFor(deps, s.client, "id_token", await signJwt(deps.keys, claims, { alg }));
}

/**
 * OIDC Core §5.4: when an access token is issued, claims requested by scope are for userinfo.
 * Enforced under `--strict`; in lenient mode they stay in the ID token, with a warning.
 */
function scopeClaimsOnlyInUserinfo(deps: Deps, s: TokenSubject): boolean {
  const byScope = Object.keys(releasedClaims(s.claims, s.scopes)).filter((name) =>
    !(name in releasedClaims(s.claims, []))
  );
  if (byScope.length === 0) return false;
  return isEnforced(ctx(deps, s.client.client_id), RULES.id_token_claims, byScope.join(", "));
}

/**
 * The left half of the hash of `value`, base64url: `at_hash` and `c_hash`.
 * @see OIDC Core §3.1.3.6, §3.3.2.11
 */
export async function halfHash(value: string, alg: SigningAlg): Promise<string> {
  const hash = alg === "ES384" ? "SHA-384" : alg === "EdDSA" ? "SHA-512" : "SHA-256";
  const digest = new Uint8Array(
    await crypto.subtle.digest(hash, new TextEncoder().encode(value)),
  );
  return encodeBase64Url(digest.slice(0, digest.length / 2));
}

/** A new refresh token (opaque) and its record, stored under its hash. */
export async function newRefreshToken(
  deps: Deps,
  s: TokenSubject & { grantId: string },
  absoluteExp?: number,
): Promise<{ token: string; hash: string; record: RefreshTokenRecord }> {
  const now = deps.clock.now();
  const ttl = (s.client.refresh_token_ttl ?? deps.config.ttl.refreshToken) * 1000;
  const absolute = absoluteExp ?? now + deps.config.ttl.refreshTokenAbsolute * 1000;
  const token = randomToken(32);
  const record: RefreshTokenRecord = {
    grantId: s.grantId,
    clientId: s.client.client_id,
    sub: s.sub,
    scope: s.scopes.join(" "),
    claims: s.claims,
    authTime: s.authTime ?? Math.floor(now / 1000),
    sid: s.sid,
    acr: s.acr,
    amr: s.amr,
    resource: s.resource,
    claimsRequest: s.claimsRequest,
    iat: now,
    exp: Math.min(now + ttl, absolute),
    absoluteExp: absolute,
  };
  return { token, hash: await sha256(token), record };
}

/** The token response body (RFC 6749 §5.1). */
export function tokenResponse(
  at: MintedAccessToken,
  scopes: string[],
  extra: { idToken?: string; refreshToken?: string },
): Record<string, unknown> {
  return {
    access_token: at.token,
    token_type: "Bearer",
    expires_in: at.expiresIn,
    ...(scopes.length ? { scope: scopes.join(" ") } : {}),
    ...(extra.idToken ? { id_token: extra.idToken } : {}),
    ...(extra.refreshToken ? { refresh_token: extra.refreshToken } : {}),
  };
}
