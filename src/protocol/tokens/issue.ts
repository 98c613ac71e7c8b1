import { isPublic } from "../clients/resolve.ts";
import { randomToken } from "../../crypto/random.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { AccessTokenRef, RefreshTokenRecord } from "../../store/store.ts";
import type { ClaimsRequest } from "../claims_request.ts";
import { type SignIn, signInOf } from "../sign_in.ts";
import {
  type IdTokenExtras,
  mintAccessToken,
  type MintDeps,
  type MintedAccessToken,
  mintIdToken,
  type TokenSubject,
} from "./mint.ts";
import { mayRefresh } from "./refresh_policy.ts";

/** A new refresh token and its record, stored under its hash. */
export interface NewRefreshToken {
  token: string;
  hash: string;
  record: RefreshTokenRecord;
}

/** What a refresh token issued with a grant's tokens covers, when it differs from theirs. */
export interface RefreshOptions {
  /** Issue one whatever the client's grant types and scope say (a rotation, the control plane). */
  always?: boolean;
  /** RFC 6749 §6: a rotated refresh token keeps the scope of the one it replaces. */
  scopes?: string[];
  /** The grant's resources, where the access token's were narrowed (RFC 8707 §2.2). */
  resource?: string[];
  /** Epoch ms: a rotated refresh token keeps its grant's absolute lifetime. */
  absoluteExp?: number;
}

/** The tokens of one issuing, as they are recorded under the grant. */
export interface IssuedRecord {
  accessToken: AccessTokenRef | null;
  refresh?: NewRefreshToken;
}

/** One issuing of a grant's tokens: for whom, what, and how it is recorded. */
export interface IssueRequest extends TokenSubject {
  signIn: SignIn;
  grantId: string;
  /** Whether an access token is issued; a hybrid `code id_token` response has none. */
  accessToken?: boolean;
  /** The ID token: `false` for none; by default one when `openid` was granted. */
  idToken?: IdTokenExtras | false;
  /** The refresh token: `false` for none; otherwise one when the client may refresh. */
  refreshToken?: RefreshOptions | false;
  /**
   * Records the tokens under the grant before they are handed out. By default one store commit
   * that checks the grant is live and otherwise records them revoked; the refresh grant
   * rotates its token in the same commit instead.
   */
  record?: (issued: IssuedRecord) => Promise<void>;
}

/** What was issued, for the token response or the authorization response. */
export interface IssuedTokens {
  accessToken?: MintedAccessToken;
  idToken?: string;
  refreshToken?: string;
}

/**
 * The one path that issues a signed-in user's tokens — the code, hybrid, device, password and
 * refresh flows and the control plane's mint: an access token, an ID token carrying its
 * `at_hash`, and a refresh token; the access and refresh tokens are recorded under the grant in
 * one commit before any of them is handed out.
 * @see RFC 6749 §5.1, OIDC Core §3.1.3.3, §3.3.3.3, RFC 9068 §2.2
 */
export async function issueTokens(deps: MintDeps, req: IssueRequest): Promise<IssuedTokens> {
  const at = req.accessToken === false ? undefined : await mintAccessToken(deps, req);
  const idExtras = req.idToken ?? (req.scopes.includes("openid") ? {} : false);
  const idToken = idExtras === false
    ? undefined
    : await mintIdToken(deps, req, { ...idExtras, accessToken: at?.token });
  const refresh = await refreshFor(deps, req);
  const issued = { accessToken: at ? { jti: at.jti, exp: at.exp } : null, refresh };
  if (req.record) await req.record(issued);
  else if (at || refresh) await deps.store.recordIssued(req.grantId, issued.accessToken, refresh);
  return { accessToken: at, idToken, refreshToken: refresh?.token };
}

/** The refresh token to issue, if any: asked for, or allowed by the client and the scope. */
function refreshFor(deps: MintDeps, req: IssueRequest): Promise<NewRefreshToken> | undefined {
  const options = req.refreshToken ?? {};
  if (options === false) return undefined;
  if (!options.always && !mayRefresh(deps, req.client, req.scopes)) return undefined;
  return newRefreshToken(deps, {
    ...req,
    scopes: options.scopes ?? req.scopes,
    resource: options.resource ?? req.resource,
  }, options.absoluteExp);
}

/**
 * A new refresh token (opaque) and its record: the sign-in, the grant, the scope and resources
 * it may be exchanged for, a sliding expiry capped by the grant's absolute one.
 */
export async function newRefreshToken(
  deps: Pick<Deps, "config" | "clock">,
  s: Omit<IssueRequest, "record">,
  absoluteExp?: number,
): Promise<NewRefreshToken> {
  const now = deps.clock.now();
  const ttl = (s.client.refresh_token_ttl ?? deps.config.ttl.refreshToken) * 1000;
  const absolute = absoluteExp ?? now + deps.config.ttl.refreshTokenAbsolute * 1000;
  const token = randomToken(32);
  const record: RefreshTokenRecord = {
    ...signInOf(s.signIn),
    authTime: s.signIn.authTime ?? Math.floor(now / 1000),
    grantId: s.grantId,
    clientId: s.client.client_id,
    scope: s.scopes.join(" "),
    resource: s.resource,
    claimsRequest: s.claimsRequest,
    // RFC 9449 §5: a public client's refresh token is bound to the key of its proof.
    ...(s.dpopJkt && isPublic(s.client) ? { dpopJkt: s.dpopJkt } : {}),
    iat: now,
    exp: Math.min(now + ttl, absolute),
    absoluteExp: absolute,
  };
  return { token, hash: await sha256(token), record };
}

/**
 * Creates the grant that the tokens of one sign-in belong to; revoking it revokes them all.
 * It lives as long as its refresh tokens may (`--refresh-token-absolute-ttl`).
 */
export async function createGrant(
  deps: Pick<Deps, "config" | "clock" | "store">,
  clientId: string,
  signIn: Pick<SignIn, "sub" | "claims">,
  claimsRequest?: ClaimsRequest,
): Promise<string> {
  const grantId = randomToken(16);
  await deps.store.createGrant({
    grantId,
    clientId,
    sub: signIn.sub,
    claims: signIn.claims,
    ...(claimsRequest ? { claimsRequest } : {}),
    revoked: false,
    exp: deps.clock.now() + deps.config.ttl.refreshTokenAbsolute * 1000,
  });
  return grantId;
}

/** The token response body (RFC 6749 §5.1). */
export function tokenResponse(issued: IssuedTokens, scopes: string[]): Record<string, unknown> {
  const at = issued.accessToken;
  if (!at) throw new Error("A token response needs an access token");
  return {
    access_token: at.token,
    token_type: at.tokenType,
    expires_in: at.expiresIn,
    ...(scopes.length ? { scope: scopes.join(" ") } : {}),
    ...(issued.idToken ? { id_token: issued.idToken } : {}),
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
  };
}
