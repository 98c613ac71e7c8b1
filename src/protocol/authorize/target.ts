import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { checkRedirectUri, resolveClient } from "../clients/resolve.ts";
import { invalidRequest, OAuthError } from "../errors.ts";
import type { Params } from "../params.ts";
import { takePushedRequest } from "./par.ts";
import type { ResponseMode } from "./request.ts";
import { verifyRequestObject } from "./request_object.ts";
import { carriesTokens, defaultResponseMode, normalizeResponseType } from "./response_type.ts";

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

/** The response modes this provider answers in (OAuth 2.0 Multiple Response Types, Form Post). */
export const MODES = new Set(["query", "fragment", "form_post"]);

/** The client of an authorization request; errors here are shown on a page. */
export async function authorizationClient(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "clientDocuments">,
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
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "clientKeys" | "clientDocuments">,
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
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "clientDocuments">,
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
