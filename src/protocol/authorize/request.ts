import type { Deps } from "../../deps.ts";
import type { Params } from "../params.ts";
import type { Client } from "../../types.ts";
import {
  checkNonce,
  checkPkceRules,
  parseDisplay,
  parseLocales,
  parseMaxAge,
  parsePrompt,
  parseResponseType,
} from "./params.ts";
import { type ClaimsRequest, parseClaimsRequest } from "../claims_request.ts";
import { invalidRequest } from "../errors.ts";
import { validateChallenge } from "../pkce.ts";
import { requestedResources } from "../resource.ts";
import { ctx } from "../clients/resolve.ts";
import { carriesTokens, responseParts, type ResponseType } from "./response_type.ts";

export type ResponseMode = "query" | "fragment" | "form_post";

/** A validated authorization request (OIDC Core §3.1.2.1). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  responseType: ResponseType;
  responseMode: ResponseMode;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  prompt: string[];
  maxAge?: number;
  loginHint?: string;
  idTokenHint?: string;
  acrValues?: string[];
  resource?: string[];
  /** The `claims` parameter (OIDC Core §5.5). */
  claims?: ClaimsRequest;
  display?: string;
  uiLocales?: string[];
  claimsLocales?: string[];
  /** RFC 9449 §10: the code is bound to this DPoP key thumbprint. */
  dpopJkt?: string;
}

export {
  authorizationClient,
  type AuthorizationTarget,
  type ExpandedRequest,
  expandRequest,
  fallbackTarget,
  resolveTarget,
  targetFor,
} from "./target.ts";
import { type ExpandedRequest, MODES } from "./target.ts";

/** Phase two: everything else; errors from here on go back to the client. */
export function parseAuthorizationRequest(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  target: { redirectUri: string; responseMode: ResponseMode },
  { params, pushed }: ExpandedRequest,
): AuthorizationRequest {
  const responseType = checkResponse(deps, client, params, pushed);
  const scopes = (params.scope ?? "").split(" ").filter(Boolean);
  const parts = responseParts(responseType);
  if (parts.idToken && !scopes.includes("openid")) {
    throw invalidRequest(
      `response_type "${responseType}" returns an ID token: "scope" needs openid`,
    );
  }
  const method = params.code_challenge_method as "S256" | "plain" | undefined;
  if (parts.code) {
    validateChallenge(params.code_challenge, method);
    checkPkceRules(deps, client, params.code_challenge, method);
  }
  checkNonce(deps, client, responseType, scopes, params.nonce);
  return {
    clientId: client.client_id,
    redirectUri: target.redirectUri,
    responseType,
    responseMode: target.responseMode,
    scopes,
    state: params.state,
    nonce: params.nonce,
    ...(parts.code && params.code_challenge
      ? { codeChallenge: params.code_challenge, codeChallengeMethod: method ?? "plain" }
      : {}),
    prompt: parsePrompt(params.prompt),
    maxAge: parseMaxAge(params.max_age),
    loginHint: params.login_hint,
    idTokenHint: params.id_token_hint,
    acrValues: params.acr_values?.split(" ").filter(Boolean),
    resource: requestedResources(ctx(deps, client.client_id), params.resource),
    claims: parseClaimsRequest(params.claims),
    display: parseDisplay(params.display),
    uiLocales: parseLocales(params.ui_locales),
    claimsLocales: parseLocales(params.claims_locales),
    ...(parts.code && params.dpop_jkt ? { dpopJkt: parseJkt(params.dpop_jkt) } : {}),
  };
}

/** RFC 9449 §10: `dpop_jkt` is a JWK SHA-256 thumbprint (RFC 7638), base64url: 43 characters. */
function parseJkt(value: string): string {
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) {
    throw invalidRequest(
      `"dpop_jkt" must be the base64url SHA-256 thumbprint of the DPoP key (43 characters), got "${value}"`,
    );
  }
  return value;
}

/** The response type and mode, and whether the request had to come through /par. */
function checkResponse(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  params: Params,
  pushed: boolean,
): ResponseType {
  if (params.response_mode && !MODES.has(params.response_mode)) {
    throw invalidRequest(
      `unsupported "response_mode" "${params.response_mode}"; use query, fragment or form_post`,
    );
  }
  const responseType = parseResponseType(deps, client, params.response_type);
  if (params.response_mode === "query" && carriesTokens(responseType)) {
    throw invalidRequest(
      `"response_mode" query cannot carry the tokens of response_type "${responseType}"; use fragment or form_post`,
    );
  }
  if (client.require_pushed_authorization_requests && !pushed) {
    throw invalidRequest(
      `client "${client.client_id}" must push its authorization requests to /par first (require_pushed_authorization_requests)`,
    );
  }
  return responseType;
}
