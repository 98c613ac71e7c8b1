import type { Deps } from "../deps.ts";
import { invalidRequest } from "../protocol/errors.ts";
import {
  type PresentedToken,
  readPresentedToken,
  TOKEN_TYPES,
  tokenTypeName,
} from "../protocol/exchange/presented_token.ts";
import { invalidTarget, parseResources } from "../protocol/resource.ts";
import { clientScope, narrowScope } from "../protocol/scope.ts";
import { createGrant, type IssueRequest, issueTokens } from "../protocol/tokens/issue.ts";
import type { Client } from "../types.ts";
import { claimsOf } from "../users.ts";
import type { GrantContext } from "./grant.ts";

/** Token types this provider issues by exchange (RFC 8693 §2.1 `requested_token_type`). */
const ISSUABLE = ["access_token", "jwt", "id_token"] as const;

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`: a verified `subject_token` (and
 * optionally an `actor_token`, which becomes the `act` claim, earlier actors nested inside) is
 * exchanged for a token of the `requested_token_type`, for the `audience`/`resource` asked and a
 * scope no wider than the subject token's. A `may_act` claim in the subject token names who may
 * act for it. No refresh token is issued.
 * @see RFC 8693 §2.1, §2.2, §4.1, §4.4
 */
export async function tokenExchangeGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (!params.subject_token) throw invalidRequest('missing "subject_token"');
  const subjectType = tokenTypeName(params.subject_token_type, "subject_token_type");
  if (params.actor_token_type && !params.actor_token) {
    throw invalidRequest('"actor_token_type" was sent without "actor_token"');
  }
  const requested = requestedType(params.requested_token_type);
  const subject = await readPresentedToken(
    deps,
    client,
    params.subject_token,
    subjectType,
    "subject_token",
  );
  const actor = params.actor_token
    ? await readPresentedToken(
      deps,
      client,
      params.actor_token,
      tokenTypeName(params.actor_token_type, "actor_token_type"),
      "actor_token",
    )
    : undefined;
  checkMayAct(subject, actor, client);
  const scopes = subject.scopes
    ? narrowScope(params.scope, subject.scopes, "scopes of the subject_token")
    : clientScope(client, params.scope);
  const user = await deps.users.get(subject.sub);
  const claims = user ? claimsOf(user) : subject.claims;
  const signIn = { sub: subject.sub, claims };
  const s: IssueRequest = {
    client,
    signIn,
    scopes,
    resource: targets(params.resource, params.audience, client),
    grantId: await createGrant(deps, client.client_id, signIn),
    act: actor ? actClaim(actor, subject) : subject.act,
    dpopJkt: dpop?.jkt,
    refreshToken: false,
  };
  return requested === "id_token"
    ? await idTokenResponse(deps, s)
    : await accessTokenResponse(deps, s, requested);
}

function requestedType(uri: string | undefined): typeof ISSUABLE[number] {
  if (uri === undefined) return "access_token";
  const name = tokenTypeName(uri, "requested_token_type");
  if (!(ISSUABLE as readonly string[]).includes(name)) {
    throw invalidRequest(
      `"requested_token_type" ${uri} cannot be issued by token exchange; use one of ${
        ISSUABLE.map((n) => TOKEN_TYPES[n]).join(", ")
      }`,
    );
  }
  return name as typeof ISSUABLE[number];
}

/**
 * RFC 8693 §4.4: with `may_act` in the subject token, the actor (the actor token's subject, or
 * else the client itself) must be the party it names.
 */
function checkMayAct(subject: PresentedToken, actor: PresentedToken | undefined, client: Client) {
  const may = subject.mayAct;
  if (!may) return;
  const who = actor ? { sub: actor.sub, iss: actor.iss } : { sub: client.client_id };
  const matches = may.sub === who.sub && (may.iss === undefined || may.iss === who.iss);
  if (!matches) {
    throw invalidRequest(
      `the subject_token's "may_act" ${JSON.stringify(may)} does not allow ${
        actor ? "the actor_token's subject" : "the client"
      } ${JSON.stringify(who)} to act for it`,
    );
  }
}

/** RFC 8693 §4.1: the current actor, with the subject token's earlier actors nested inside. */
function actClaim(actor: PresentedToken, subject: PresentedToken): Record<string, unknown> {
  return { sub: actor.sub, iss: actor.iss, ...(subject.act ? { act: subject.act } : {}) };
}

/**
 * The audience of the issued token: every `resource` (absolute URIs, RFC 8707) and `audience`
 * (logical names) asked for, within the client's registered audience when it has one.
 * @see RFC 8693 §2.1, §2.2.2 (invalid_target)
 */
function targets(
  resource: string | undefined,
  audience: string | undefined,
  client: Client,
): string[] | undefined {
  const asked = [...(parseResources(resource) ?? []), ...(audience?.split(" ") ?? [])];
  if (asked.length === 0) return client.audience;
  if (!client.audience) return [...new Set(asked)];
  const outside = asked.filter((a) => !client.audience!.includes(a));
  if (outside.length) {
    throw invalidTarget(
      `cannot issue a token for ${
        outside.join(", ")
      }: not among the audiences registered for client "${client.client_id}" (${
        client.audience.join(", ")
      })`,
    );
  }
  return [...new Set(asked)];
}

async function accessTokenResponse(
  deps: Deps,
  s: IssueRequest,
  type: "access_token" | "jwt",
): Promise<Record<string, unknown>> {
  const at = (await issueTokens(deps, { ...s, idToken: false })).accessToken!;
  return {
    access_token: at.token,
    issued_token_type: TOKEN_TYPES[type],
    token_type: at.tokenType,
    expires_in: at.expiresIn,
    ...(s.scopes.length ? { scope: s.scopes.join(" ") } : {}),
  };
}

/** RFC 8693 §2.2.1: an ID token goes in `access_token`, with `token_type` `N_A`. */
async function idTokenResponse(deps: Deps, s: IssueRequest): Promise<Record<string, unknown>> {
  const { idToken: token } = await issueTokens(deps, { ...s, accessToken: false, idToken: {} });
  return {
    access_token: token,
    issued_token_type: TOKEN_TYPES.id_token,
    token_type: "N_A",
    expires_in: s.client.id_token_ttl ?? deps.config.ttl.idToken,
    ...(s.scopes.length ? { scope: s.scopes.join(" ") } : {}),
  };
}
