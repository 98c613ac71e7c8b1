import { epochSeconds } from "../clock.ts";
import type { Deps } from "../deps.ts";
import { ctx } from "../protocol/clients/resolve.ts";
import { invalidGrant, invalidRequest } from "../protocol/errors.ts";
import { requestedResources } from "../protocol/resource.ts";
import { breakRule, RULES } from "../protocol/rules.ts";
import { parseScope } from "../protocol/scope.ts";
import type { Client, User } from "../types.ts";
import { claimsOf, passwordMatches } from "../users.ts";
import type { GrantContext } from "./grant.ts";
import { createGrant, issueTokens, tokenResponse } from "../protocol/tokens/issue.ts";

/**
 * `grant_type=password` (only with `--allow-password-grant`): the user's `password` field is
 * compared in constant time. In lenient mode a user without one takes any password, with a
 * warning. An ID token is issued when `openid` is asked for.
 * @see RFC 6749 §4.3, RFC 9700 §2.4
 */
export async function passwordGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (!params.username) throw invalidRequest('missing "username"');
  if (params.password === undefined) throw invalidRequest('missing "password"');
  const user = await deps.users.get(params.username);
  if (!user) {
    throw invalidGrant(
      `no user "${params.username}"; the password grant signs in known users only`,
    );
  }
  await checkPassword(deps, client, user, params.password);
  const signIn = { sub: user.sub, claims: claimsOf(user), authTime: epochSeconds(deps.clock) };
  const scopes = parseScope(params.scope);
  const issued = await issueTokens(deps, {
    client,
    signIn: { ...signIn, amr: ["pwd"] },
    grantId: await createGrant(deps, client.client_id, signIn),
    scopes,
    resource: requestedResources(ctx(deps, client.client_id), params.resource),
    dpopJkt: dpop?.jkt,
  });
  return tokenResponse(issued, scopes);
}

async function checkPassword(
  deps: Deps,
  client: Client,
  user: User,
  password: string,
): Promise<void> {
  if (typeof user.password === "string") {
    if (!await passwordMatches(user, password)) {
      throw invalidGrant(`wrong password for user "${user.sub}"`);
    }
    return;
  }
  breakRule(
    ctx(deps, client.client_id),
    RULES.password_required,
    () =>
      invalidGrant(`user "${user.sub}" has no password, so the password grant cannot sign it in`),
    `user "${user.sub}"`,
  );
}
