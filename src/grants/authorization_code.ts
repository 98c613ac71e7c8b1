import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import { invalidGrant, invalidRequest } from "../protocol/errors.ts";
import { verifyPkce } from "../protocol/pkce.ts";
import { checkAdHocPkce } from "../protocol/authorize/params.ts";
import { narrowGrantResources } from "../protocol/resource.ts";
import { signInOf } from "../protocol/sign_in.ts";
import { issueTokens, tokenResponse } from "../protocol/tokens/issue.ts";
import type { CodeRecord } from "../store/store.ts";
import type { GrantContext } from "./grant.ts";
import { checkBoundTo } from "../protocol/dpop/binding.ts";

/**
 * `grant_type=authorization_code`: the code is redeemed in one atomic commit; a second use
 * revokes every token issued from it, including those of a redemption still under way.
 * @see RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.3
 */
export async function authorizationCodeGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (!params.code) throw invalidRequest('missing "code"');
  const record = await redeem(deps, params.code);
  if (record.clientId !== client.client_id) {
    throw invalidGrant(
      `the code was issued to client "${record.clientId}", not "${client.client_id}"`,
    );
  }
  if (params.redirect_uri === undefined) {
    throw invalidRequest('missing "redirect_uri"; it was sent to /authorize and must be repeated');
  }
  if (params.redirect_uri !== record.redirectUri) {
    throw invalidGrant('"redirect_uri" does not match the one sent to /authorize');
  }
  await verifyPkce(params.code_verifier, record.codeChallenge, record.codeChallengeMethod);
  checkBoundTo(record.dpopJkt, dpop, "the code (by dpop_jkt at /authorize)");
  if (!record.codeChallenge && client.origin === "ad-hoc") checkAdHocPkce(deps, client);
  const scopes = record.scope.split(" ").filter(Boolean);
  const issued = await issueTokens(deps, {
    client,
    signIn: signInOf(record),
    grantId: record.grantId,
    scopes,
    resource: narrowGrantResources(params.resource, record.resource),
    claimsRequest: record.claimsRequest,
    dpopJkt: dpop?.jkt,
    idToken: scopes.includes("openid") && { nonce: record.nonce },
    // The refresh token keeps the grant's resources; only this access token is narrowed.
    refreshToken: { resource: record.resource },
  });
  return tokenResponse(issued, scopes);
}

async function redeem(deps: Pick<Deps, "store" | "clock">, code: string): Promise<CodeRecord> {
  const now = deps.clock.now();
  const result = await deps.store.redeemCode(await sha256(code), now);
  switch (result.status) {
    case "ok":
      return result.record;
    case "unknown":
      throw invalidGrant("the code is not valid: this provider did not issue it");
    case "expired":
      throw invalidGrant(`the code expired ${Math.round((now - result.record.exp) / 1000)}s ago`);
    case "reused":
      await deps.store.revokeGrant(result.record.grantId, now);
      throw invalidGrant("the code was already used; the tokens issued from it are now revoked");
  }
}
