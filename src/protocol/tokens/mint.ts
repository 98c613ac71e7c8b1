import type { JWTPayload } from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import { encodeBase64Url } from "../../crypto/base64url.ts";
import { signJwt } from "../../crypto/jwt.ts";
import { randomToken } from "../../crypto/random.ts";
import { digest } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { Client, SigningAlg } from "../../types.ts";
import { releasedClaims } from "../claims.ts";
import { type ClaimsRequest, requestedClaims } from "../claims_request.ts";
import { subjectFor } from "../pairwise.ts";
import { encryptFor } from "./response_encryption.ts";
import { accessTokenTyp } from "./access_token.ts";
import type { SignIn } from "../sign_in.ts";

/** What minting needs: signing keys, the clock, the issuer and rules, the scenario hook. */
export type MintDeps = Pick<
  Deps,
  "config" | "keys" | "clock" | "store" | "scenarios" | "warnings" | "clientKeys"
>;

/** Who and what a set of tokens is for. */
export interface TokenSubject {
  client: Client;
  /** Who signed in; null for a client acting for itself (client credentials): `sub` is its id. */
  signIn: SignIn | null;
  scopes: string[];
  resource?: string[];
  /** The `claims` request parameter (OIDC Core §5.5): its `id_token` members go in ID tokens. */
  claimsRequest?: ClaimsRequest;
  /** RFC 8693 §4.1 `act`: who acts for the subject (token exchange), earlier actors nested. */
  act?: Record<string, unknown>;
  /** RFC 9449 §6: the thumbprint of the DPoP key the access token is bound to (`cnf.jkt`). */
  dpopJkt?: string;
}

/**
 * The `sub` the client is shown: pairwise for a pairwise client (OIDC Core §8.1), in access
 * tokens too, so that no token the client can read carries the user's own identifier.
 */
function shownSub(deps: MintDeps, s: TokenSubject): Promise<string> | string {
  return s.signIn ? subjectFor(deps, s.client, s.signIn.sub) : s.client.client_id;
}

/** The sign-in fields a token repeats (OIDC Core §2): `auth_time`, `acr`, `amr`. */
function signInClaims(signIn: SignIn | null): JWTPayload {
  if (!signIn) return {};
  return {
    ...(signIn.authTime !== undefined ? { auth_time: signIn.authTime } : {}),
    ...(signIn.acr ? { acr: signIn.acr } : {}),
    ...(signIn.amr ? { amr: signIn.amr } : {}),
  };
}

/** An access token and what the store needs to revoke it. */
export interface MintedAccessToken {
  token: string;
  jti: string;
  /** Epoch ms. */
  exp: number;
  expiresIn: number;
  /** `DPoP` for a DPoP-bound token (RFC 9449 §5), else `Bearer`. */
  tokenType: "Bearer" | "DPoP";
}

function audienceOf(s: TokenSubject): string | string[] {
  const aud = s.resource ?? s.client.audience ?? [s.client.client_id];
  return aud.length === 1 ? aud[0] : aud;
}

/**
 * A JWT access token.
 * @see RFC 9068 §2.2
 */
export async function mintAccessToken(
  deps: MintDeps,
  s: TokenSubject,
): Promise<MintedAccessToken> {
  const now = epochSeconds(deps.clock);
  const expiresIn = s.client.access_token_ttl ?? deps.config.ttl.accessToken;
  const jti = randomToken(16);
  const payload: JWTPayload = {
    ...releasedClaims(s.signIn?.claims ?? {}, []),
    iss: deps.config.issuer,
    sub: await shownSub(deps, s),
    aud: audienceOf(s),
    client_id: s.client.client_id,
    iat: now,
    exp: now + expiresIn,
    jti,
    ...(s.scopes.length ? { scope: s.scopes.join(" ") } : {}),
    ...signInClaims(s.signIn),
    ...(s.act ? { act: s.act } : {}),
    ...(s.dpopJkt ? { cnf: { jkt: s.dpopJkt } } : {}),
  };
  const claims = await deps.scenarios.beforeSign("access_token", s.client.client_id, payload);
  const token = await signJwt(deps.keys, claims, { typ: accessTokenTyp(deps.config) });
  const tokenType = s.dpopJkt ? "DPoP" : "Bearer";
  return { token, jti, exp: (now + expiresIn) * 1000, expiresIn, tokenType };
}

/** What an ID token adds for the response it goes in (OIDC Core §3.1.3.6, §3.3.2.11). */
export interface IdTokenExtras {
  nonce?: string;
  /** The code issued alongside (hybrid flow): its `c_hash` goes in. */
  code?: string;
  /** An access token is issued too, later or elsewhere (OIDC Core §5.4). */
  accessTokenIssued?: boolean;
}

/**
 * An ID token. Scope claims go in it unless `--id-token-claims minimal` and an access token is
 * issued too, in which case OIDC Core §5.4 sends them to userinfo only; custom claims always go in. Signed with
 * the client's `id_token_signed_response_alg`, then encrypted when it registered encryption.
 * @see OIDC Core §2, §3.1.3.6, §10.2
 */
export async function mintIdToken(
  deps: MintDeps,
  s: TokenSubject & { signIn: SignIn },
  extra: IdTokenExtras & { accessToken?: string },
): Promise<string> {
  const now = epochSeconds(deps.clock);
  const alg = (s.client.id_token_signed_response_alg as SigningAlg | undefined) ??
    deps.keys.defaultAlg;
  // An ID token from /authorize with a code or token has an access token to come (§5.4).
  const withAccessToken = extra.accessToken !== undefined || extra.accessTokenIssued === true;
  const scopes = withAccessToken && scopeClaimsOnlyInUserinfo(deps) ? [] : s.scopes;
  const aud = s.client.client_id;
  const { claims, authTime, sid, acr, amr } = s.signIn;
  const payload: JWTPayload = {
    ...releasedClaims(claims, scopes),
    ...requestedClaims(claims, s.claimsRequest?.id_token),
    iss: deps.config.issuer,
    sub: await shownSub(deps, s),
    aud,
    iat: now,
    exp: now + (s.client.id_token_ttl ?? deps.config.ttl.idToken),
    ...(authTime !== undefined ? { auth_time: authTime } : {}),
    ...(extra.nonce ? { nonce: extra.nonce } : {}),
    ...(sid ? { sid } : {}),
    ...(acr ? { acr } : {}),
    ...(amr ? { amr } : {}),
    ...(extra.accessToken ? { at_hash: await halfHash(extra.accessToken, alg) } : {}),
    ...(extra.code ? { c_hash: await halfHash(extra.code, alg) } : {}),
  };
  const signed = await deps.scenarios.beforeSign("id_token", aud, payload);
  return await encryptFor(deps, s.client, "id_token", await signJwt(deps.keys, signed, { alg }));
}

/**
 * OIDC Core §5.4: when an access token is issued, claims requested by scope MAY be left to
 * userinfo. `--id-token-claims minimal` does so (as oidc-provider does by default); the default
 * puts them in the ID token too, as production OPs do.
 */
function scopeClaimsOnlyInUserinfo(deps: MintDeps): boolean {
  return deps.config.idTokenClaims === "minimal";
}

/**
 * The left half of the hash of `value`, base64url: `at_hash` and `c_hash`.
 * @see OIDC Core §3.1.3.6, §3.3.2.11
 */
export function halfHash(value: string, alg: SigningAlg): string {
  const hash = alg === "ES384" ? "SHA-384" : alg === "EdDSA" ? "SHA-512" : "SHA-256";
  const bytes = digest(hash, value);
  return encodeBase64Url(bytes.subarray(0, bytes.length / 2));
}
