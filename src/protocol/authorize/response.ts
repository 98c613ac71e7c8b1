import { randomToken, sha256 } from "../../crypto/random.ts";
import type { Deps } from "../../deps.ts";
import type { SessionRecord } from "../../store/store.ts";
import type { Client } from "../../types.ts";
import type { AuthorizationRequest } from "./request.ts";
import { subOfClaimsRequest } from "./flow.ts";
import { requestedAcr } from "../claims_request.ts";
import { accessDenied } from "../errors.ts";
import { responseParts } from "./response_type.ts";
import { mintAccessToken, mintIdToken, type TokenSubject } from "../tokens/mint.ts";

/** The parameters of an authorization response, before encoding in the response mode. */
export type ResponseParams = Record<string, string | undefined>;

/**
 * The authorization response for the signed-in session: a code, an access token and an ID token
 * as the response type asks (`none` returns only `state` and `iss`). The code and the access
 * token belong to one grant, so that revoking it revokes both.
 * @see OIDC Core §3.1.2.5, §3.2.2.5, §3.3.2.5; Multiple Response Types §4; RFC 9207
 */
export async function authorizationResponse(
  deps: Deps,
  client: Client,
  req: AuthorizationRequest,
  session: SessionRecord,
): Promise<ResponseParams> {
  const wanted = await subOfClaimsRequest(deps, req);
  if (wanted !== undefined && wanted !== session.sub) {
    throw accessDenied(
      `the claims request asks for sub "${wanted}", but "${session.sub}" signed in`,
    );
  }
  const parts = responseParts(req.responseType);
  const grantId = parts.code || parts.token ? await createGrant(deps, req, session) : undefined;
  const code = parts.code ? await issueCode(deps, req, session, grantId!) : undefined;
  const subject = subjectOf(client, req, session, grantId);
  const at = parts.token ? await mintAccessToken(deps, subject) : undefined;
  if (at) await deps.store.recordIssued(grantId!, { jti: at.jti, exp: at.exp });
  const idToken = parts.idToken
    ? await mintIdToken(deps, subject, {
      nonce: req.nonce,
      accessToken: at?.token,
      code,
      accessTokenIssued: parts.code || parts.token,
    })
    : undefined;
  return {
    code,
    ...(at
      ? { access_token: at.token, token_type: "Bearer", expires_in: String(at.expiresIn) }
      : {}),
    id_token: idToken,
    state: req.state,
    iss: deps.config.issuer,
  };
}

/** The `acr` of this sign-in: what the claims request or `acr_values` asked for, else the session's. */
function acrOf(req: AuthorizationRequest, session: SessionRecord): string | undefined {
  return requestedAcr(req.claims) ?? req.acrValues?.[0] ?? session.acr;
}

function subjectOf(
  client: Client,
  req: AuthorizationRequest,
  session: SessionRecord,
  grantId?: string,
): TokenSubject {
  return {
    client,
    sub: session.sub,
    claims: session.claims,
    scopes: req.scopes,
    authTime: session.authTime,
    sid: session.sid,
    acr: acrOf(req, session),
    amr: session.amr,
    resource: req.resource,
    grantId,
    claimsRequest: req.claims,
  };
}

/** The grant everything issued from this authorization belongs to. */
async function createGrant(
  deps: Deps,
  req: AuthorizationRequest,
  session: SessionRecord,
): Promise<string> {
  const grantId = randomToken(16);
  await deps.store.createGrant({
    grantId,
    clientId: req.clientId,
    sub: session.sub,
    claims: session.claims,
    ...(req.claims ? { claimsRequest: req.claims } : {}),
    revoked: false,
    exp: deps.clock.now() + deps.config.ttl.refreshTokenAbsolute * 1000,
  });
  return grantId;
}

/**
 * Issues an authorization code for the signed-in session, under the grant.
 * @see RFC 6749 §4.1.2
 */
async function issueCode(
  deps: Deps,
  req: AuthorizationRequest,
  session: SessionRecord,
  grantId: string,
): Promise<string> {
  const code = randomToken(32);
  await deps.store.saveCode(await sha256(code), {
    clientId: req.clientId,
    redirectUri: req.redirectUri,
    scope: req.scopes.join(" "),
    sub: session.sub,
    claims: session.claims,
    nonce: req.nonce,
    codeChallenge: req.codeChallenge,
    codeChallengeMethod: req.codeChallengeMethod,
    authTime: session.authTime,
    sid: session.sid,
    acr: acrOf(req, session),
    amr: session.amr,
    grantId,
    resource: req.resource,
    ...(req.claims ? { claimsRequest: req.claims } : {}),
    exp: deps.clock.now() + deps.config.ttl.code * 1000,
  });
  return code;
}
