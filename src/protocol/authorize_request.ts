import type { Deps } from "../deps.ts";
import type { Params } from "../http/form.ts";
import type { Client } from "../types.ts";
import { checkRedirectUri, ctx, isPublic, resolveClient } from "./clients.ts";
import { invalidRequest, OAuthError, unsupportedResponseType } from "./errors.ts";
import { validateChallenge } from "./pkce.ts";
import { parseResources } from "./resource.ts";
import { breakRule, RULES } from "./rules.ts";

export type ResponseMode = "query" | "fragment" | "form_post";

/** A validated authorization request (OIDC Core §3.1.2.1). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  responseType: "code";
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
}

const PROMPTS = new Set(["none", "login", "consent", "select_account"]);
const MODES = new Set(["query", "fragment", "form_post"]);

/**
 * Phase one: the client and the redirect URI. Until both are trusted, errors are shown on a page
 * and never sent to the redirect URI (RFC 6749 §4.1.2.1).
 */
export async function resolveTarget(deps: Deps, params: Params) {
  const clientId = params.client_id;
  if (!clientId) throw invalidRequest('missing "client_id"');
  const client = await resolveClient(
    deps,
    clientId,
    (m) => new OAuthError("invalid_client", m),
  );
  const redirectUri = checkRedirectUri(deps, client, params.redirect_uri);
  const mode = params.response_mode;
  const responseMode: ResponseMode = mode && MODES.has(mode) ? mode as ResponseMode : "query";
  return { client, redirectUri, responseMode, state: params.state };
}

/** Phase two: everything else; errors from here on go back to the client. */
export function parseAuthorizationRequest(
  deps: Deps,
  client: Client,
  target: { redirectUri: string; responseMode: ResponseMode },
  params: Params,
): AuthorizationRequest {
  if (params.response_mode && !MODES.has(params.response_mode)) {
    throw invalidRequest(
      `unsupported "response_mode" "${params.response_mode}"; use query, fragment or form_post`,
    );
  }
  const responseType = params.response_type;
  if (!responseType) throw invalidRequest('missing "response_type"');
  if (responseType !== "code") {
    throw unsupportedResponseType(`"response_type" "${responseType}" is not supported; use code`);
  }
  if (!client.response_types.includes("code")) {
    throw new OAuthError("unauthorized_client", 'the client may not use response_type "code"');
  }
  if (params.request !== undefined || params.request_uri !== undefined) {
    const which = params.request !== undefined ? "request" : "request_uri";
    throw new OAuthError(
      `${which}_not_supported`,
      `the "${which}" parameter is not supported by this provider`,
    );
  }
  const scopes = (params.scope ?? "").split(" ").filter(Boolean);
  const prompt = parsePrompt(params.prompt);
  const method = params.code_challenge_method as "S256" | "plain" | undefined;
  validateChallenge(params.code_challenge, method);
  checkPkceRules(deps, client, params.code_challenge, method);
  if (scopes.includes("openid") && !params.nonce) {
    breakRule(
      ctx(deps, client.client_id),
      RULES.nonce_required,
      () => invalidRequest('missing "nonce"; it is required for OpenID Connect requests'),
    );
  }
  return {
    clientId: client.client_id,
    redirectUri: target.redirectUri,
    responseType: "code",
    responseMode: target.responseMode,
    scopes,
    state: params.state,
    nonce: params.nonce,
    codeChallenge: params.code_challenge,
    codeChallengeMethod: params.code_challenge ? method ?? "plain" : undefined,
    prompt,
    maxAge: parseMaxAge(params.max_age),
    loginHint: params.login_hint,
    idTokenHint: params.id_token_hint,
    acrValues: params.acr_values?.split(" ").filter(Boolean),
    resource: parseResources(params.resource),
  };
}

function parsePrompt(value: string | undefined): string[] {
  const prompt = (value ?? "").split(" ").filter(Boolean);
  for (const p of prompt) {
    if (!PROMPTS.has(p)) {
      throw invalidRequest(
        `unsupported "prompt" value "${p}"; use none, login, consent or select_account`,
      );
    }
  }
  if (prompt.includes("none") && prompt.length > 1) {
    throw invalidRequest('"prompt=none" cannot be combined with other prompt values');
  }
  return prompt;
}

function parseMaxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw invalidRequest(`"max_age" must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}

function checkPkceRules(deps: Deps, client: Client, challenge?: string, method?: string) {
  const rules = ctx(deps, client.client_id);
  if (!challenge) {
    // Public clients MUST use PKCE (RFC 9700 §2.1.1); registered ones are held to it always.
    if (isPublic(client) && client.origin !== "ad-hoc") {
      throw invalidRequest('missing "code_challenge"; public clients must use PKCE');
    }
    breakRule(
      rules,
      RULES.pkce_required,
      () => invalidRequest('missing "code_challenge"; PKCE is required'),
    );
    return;
  }
  if ((method ?? "plain") === "plain") {
    breakRule(
      rules,
      RULES.pkce_s256,
      () => invalidRequest('"code_challenge_method" plain is not allowed; use S256'),
    );
  }
}
