import { ctx, isPublic } from "../protocol/clients/resolve.ts";
import { invalidClient } from "../protocol/errors.ts";
import { narrowResources, requestedResources } from "../protocol/resource.ts";
import { clientScope } from "../protocol/scope.ts";
import { tokenResponse } from "../protocol/tokens/issue.ts";
import { mintAccessToken } from "../protocol/tokens/mint.ts";
import type { GrantContext } from "./grant.ts";

/**
 * `grant_type=client_credentials`: an access token whose `sub` is the client itself; no ID token
 * and no refresh token. `resource` (RFC 8707) becomes the token's `aud`. Nothing is written to
 * storage: the signature is the only real cost of a token.
 * @see RFC 6749 §4.4, RFC 8707 §2, RFC 9068 §2.2
 */
export async function clientCredentialsGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (isPublic(client)) {
    throw invalidClient(
      `the client_credentials grant is for confidential clients only (RFC 6749 §4.4); client "${client.client_id}" did not authenticate`,
    );
  }
  const scopes = clientScope(client, params.scope);
  const resource = narrowResources(
    requestedResources(ctx(deps, client.client_id), params.resource),
    client.audience,
    `audiences registered for client "${client.client_id}"`,
  );
  const accessToken = await mintAccessToken(deps, {
    client,
    signIn: null,
    scopes,
    resource,
    dpopJkt: dpop?.jkt,
  });
  return tokenResponse({ accessToken }, scopes);
}
