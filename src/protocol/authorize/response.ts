import { randomToken } from "../../crypto/random.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { SessionRecord } from "../../store/store.ts";
import type { Client } from "../../types.ts";
import type { AuthorizationRequest } from "./request.ts";
import { subOfClaimsRequest } from "./flow.ts";
import { requestedAcr } from "../claims_request.ts";
import { accessDenied } from "../errors.ts";
import { responseParts } from "./response_type.ts";
import { createGrant, issueTokens } from "../tokens/issue.ts";
import type { MintDeps } from "../tokens/mint.ts";
import { type SignIn, signInOf } from "../sign_in.ts";

/** The parameters of an authorization response, before encoding in the response mode. */
export type ResponseParams = Record<string, string | undefined>;

/**
 * The authorization response for the signed-in session: a code, an access token and an ID token
 * as the response type asks (`none` returns only `state` and `iss`). The code and the access
 * token belong to one grant, so that revoking it revokes both.
 * @see OIDC Core §3.1.2.5, §3.2.2.5, §3.3.2.5; Multiple Response Types §4; RFC 9207
 */
export async function authorizationResponse(
  deps: MintDeps,
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
  const signIn = { ...signInOf(session), acr: acrOf(req, session) };
  const grantId = parts.code || parts.token
    ? await createGrant(deps, req.clientId, signIn, req.claims)
    : undefined;
  const code = parts.code ? await issueCode(deps, req, signIn, grantId!) : undefined;
  const issued = parts.token || parts.idToken
    ? await issueTokens(deps, {
      client,
      signIn,
      // An ID token alone (response_type=id_token) belongs to no grant: nothing is recorded.
      grantId: grantId ?? "",
      scopes: req.scopes,
      resource: req.resource,
      claimsRequest: req.claims,
      accessToken: parts.token,
      idToken: parts.idToken &&
        { nonce: req.nonce, code, accessTokenIssued: parts.code || parts.token },
      refreshToken: false,
    })
    : {};
  const at = issued.accessToken;
  return {
    code,
    ...(at
      ? { access_token: at.token, token_type: "Bearer", expires_in: String(at.expiresIn) }
      : {}),
    id_token: issued.idToken,
    state: req.state,
    iss: deps.config.issuer,
  };
}

/** The `acr` of this sign-in: what the claims request or `acr_values` asked for, else the session's. */
function acrOf(req: AuthorizationRequest, session: SessionRecord): string | undefined {
  return requestedAcr(req.claims) ?? req.acrValues?.[0] ?? session.acr;
}

/**
 * Issues an authorization code for the signed-in session, under the grant.
 * @see RFC 6749 §4.1.2
 */
async function issueCode(
  deps: Pick<Deps, "store" | "clock" | "config">,
  req: AuthorizationRequest,
  signIn: SignIn,
  grantId: string,
): Promise<string> {
  const code = randomToken(32);
  await deps.store.saveCode(await sha256(code), {
    ...signIn,
    clientId: req.clientId,
    redirectUri: req.redirectUri,
    scope: req.scopes.join(" "),
    nonce: req.nonce,
    codeChallenge: req.codeChallenge,
    codeChallengeMethod: req.codeChallengeMethod,
    grantId,
    resource: req.resource,
    ...(req.claims ? { claimsRequest: req.claims } : {}),
    ...(req.dpopJkt ? { dpopJkt: req.dpopJkt } : {}),
    exp: deps.clock.now() + deps.config.ttl.code * 1000,
  });
  return code;
}
