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
import { checkRedirectUri, resolveClient } from "../clients/resolve.ts";
import { invalidRequest, OAuthError } from "../errors.ts";
import { takePushedRequest } from "./par.ts";
import { validateChallenge } from "../pkce.ts";
import { verifyRequestObject } from "./request_object.ts";
import { parseResources } from "../resource.ts";
import {
  carriesTokens,
  defaultResponseMode,
  normalizeResponseType,
  responseParts,
  type ResponseType,
} from "./response_type.ts";

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

/** Where the response (or an error) goes, once the redirect URI is trusted. */
export interface AuthorizationTarget {
  client: Client;
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

/** The parameters to act on: a request object unpacked, or a pushed request taken. */
export interface ExpandedRequest {
  params: Params;
  /** Whether they came from /par (`request_uri`). */
  pushed: boolean;
}

const MODES = new Set(["query", "fragment", "form_post"]);

/** The client of an authorization request; errors here are shown on a page. */
export async function authorizationClient(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings">,
  params: Params,
): Promise<Client> {
  const clientId = params.client_id;
  if (!clientId) throw invalidRequest('missing "client_id"');
  return await resolveClient(deps, clientId, (m) => new OAuthError("invalid_client", m));
}

/**
 * The parameters a request stands for: with `request`, the verified request object's win over
 * the query's; with `request_uri`, only the pushed request counts.
 * @see OIDC Core §6.1, RFC 9101 §5, RFC 9126 §4
 */
export async function expandRequest(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "clientKeys">,
  client: Client,
  params: Params,
): Promise<ExpandedRequest> {
  const { request, request_uri: requestUri, ...rest } = params;
  if (request !== undefined && requestUri !== undefined) {
    throw invalidRequest('"request" and "request_uri" cannot both be sent');
  }
  if (requestUri !== undefined) {
    const pushed = await takePushedRequest(deps, client.client_id, requestUri);
    return { params: pushed, pushed: true };
  }
  if (request === undefined) return { params: rest, pushed: false };
  const inside = await verifyRequestObject(deps, client, request);
  return { params: { ...rest, ...inside }, pushed: false };
}

/**
 * Phase one for parameters as sent: the client and the redirect URI. Until both are trusted,
 * errors are shown on a page and never sent to the redirect URI (RFC 6749 §4.1.2.1).
 */
export async function resolveTarget(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings">,
  params: Params,
): Promise<AuthorizationTarget> {
  return targetFor(deps, await authorizationClient(deps, params), params);
}

/**
 * The redirect URI and response mode of the client's request. Tokens never travel in the query:
 * a token-bearing response type that asks for it gets its refusal in the fragment.
 * @see Multiple Response Types §5
 */
export function targetFor(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  params: Params,
): AuthorizationTarget {
  const redirectUri = checkRedirectUri(deps, client, params.redirect_uri);
  const type = params.response_type ? normalizeResponseType(params.response_type) : null;
  const mode = params.response_mode;
  const asked = mode && MODES.has(mode) ? mode as ResponseMode : undefined;
  const refused = asked === "query" && type !== null && carriesTokens(type);
  const responseMode = asked && !refused ? asked : defaultResponseMode(type);
  return { client, redirectUri, responseMode, state: params.state };
}

/** The target of the parameters as sent, if they name a trusted redirect URI. */
export function fallbackTarget(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  params: Params,
): AuthorizationTarget | null {
  try {
    return targetFor(deps, client, params);
  } catch {
    return null;
  }
}

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
    resource: parseResources(params.resource),
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
