import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import { invalidGrant, invalidRequest } from "../protocol/errors.ts";
import { narrowResources, parseResources } from "../protocol/resource.ts";
import { clientScope } from "../protocol/scope.ts";
import { createGrant, issueTokens, tokenResponse } from "../protocol/tokens/issue.ts";
import {
  peekJwt,
  trustedIssuer,
  type TrustedJwt,
  verifyTrustedJwt,
} from "../protocol/trust/external_jwt.ts";
import { claimsOf } from "../users.ts";
import type { GrantContext } from "./grant.ts";

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`: an assertion signed by a trusted
 * issuer (`--trusted-issuers`) is exchanged for an access token whose `sub` is the assertion's
 * (with the user's claims when the sub is a known user). `iss`, `sub`, `aud` (this provider's
 * issuer or token endpoint), `exp` and `jti` are checked, and each `jti` is taken once, in one
 * compare-and-set commit. No refresh token: the client can sign a new assertion (RFC 7521 §4.1).
 * @see RFC 7523 §2.1, §3, §3.1
 */
export async function jwtBearerGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (!params.assertion) throw invalidRequest('missing "assertion"');
  const { payload } = await verifyAssertion(deps, params.assertion);
  const now = deps.clock.now();
  const fresh = await deps.store.useOnce(
    "jwt_bearer",
    await sha256(`${payload.iss} ${payload.jti}`),
    payload.exp! * 1000,
    now,
  );
  if (!fresh) {
    throw invalidGrant(
      `the assertion's "jti" ${payload.jti} was already used; sign a new assertion for each request`,
    );
  }
  const user = await deps.users.get(payload.sub);
  const claims = user ? claimsOf(user) : {};
  const scopes = clientScope(client, params.scope);
  const resource = narrowResources(
    parseResources(params.resource),
    client.audience,
    `audiences registered for client "${client.client_id}"`,
  );
  const signIn = { sub: payload.sub, claims };
  const issued = await issueTokens(deps, {
    client,
    signIn,
    grantId: await createGrant(deps, client.client_id, signIn),
    scopes,
    resource,
    dpopJkt: dpop?.jkt,
    idToken: false,
    refreshToken: false,
  });
  return tokenResponse(issued, scopes);
}

async function verifyAssertion(deps: Deps, assertion: string): Promise<TrustedJwt> {
  const claims = peekJwt(assertion);
  if (!claims) throw invalidGrant('"assertion" is not a JWT');
  const issuer = trustedIssuer(deps, claims.iss);
  if (!issuer) {
    throw invalidGrant(
      `the assertion's "iss" ${JSON.stringify(claims.iss)} is not a trusted issuer; trusted: ${
        deps.config.trustedIssuers.map((t) => t.issuer).join(", ")
      }`,
    );
  }
  const verified = await verifyTrustedJwt(deps, assertion, issuer, {
    what: "the assertion",
    error: invalidGrant,
    audience: "provider",
  });
  const { jti } = verified.payload;
  if (typeof jti !== "string" || jti === "") {
    throw invalidGrant('the assertion has no "jti"; each assertion must carry a unique one');
  }
  return verified;
}
