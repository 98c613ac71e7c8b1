import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import { invalidGrant, invalidRequest } from "../protocol/errors.ts";
import { narrowGrantResources } from "../protocol/resource.ts";
import { narrowScope, parseScope } from "../protocol/scope.ts";
import { signInOf } from "../protocol/sign_in.ts";
import { issueTokens, tokenResponse } from "../protocol/tokens/issue.ts";
import type { RefreshRetry, RefreshTokenRecord, RotateResult } from "../store/store.ts";
import type { GrantContext } from "./grant.ts";
import { checkBoundTo } from "../protocol/dpop/binding.ts";

const UNKNOWN = "the refresh token is not valid: this provider did not issue it";
const REVOKED = "the refresh token's grant was revoked (by /revoke, a reused code or refresh " +
  "token, a deleted client, or the users API); sign in again";

/**
 * `grant_type=refresh_token`: the token is rotated on every use in one compare-and-set commit
 * that also records the new access token; presenting a rotated token again revokes the whole
 * grant. The scope may only narrow; a new ID token keeps `sub` and `auth_time`.
 * @see RFC 6749 §6, RFC 9700 §4.14, OIDC Core §12
 */
export async function refreshTokenGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (!params.refresh_token) throw invalidRequest('missing "refresh_token"');
  const hash = await sha256(params.refresh_token);
  const current = await deps.store.getRefreshToken(hash);
  if (!current) throw invalidGrant(UNKNOWN);
  if (current.clientId !== client.client_id) {
    throw invalidGrant(
      `the refresh token was issued to client "${current.clientId}", not "${client.client_id}"`,
    );
  }
  const now = deps.clock.now();
  const retry = retryOf(current, now);
  const early = current.rotatedAt !== undefined && !retry
    ? "reused"
    : current.revokedAt !== undefined
    ? "revoked"
    : Math.min(current.exp, current.absoluteExp) <= now
    ? "expired"
    : null;
  if (early) await settle(deps, { status: early, record: current }, now);
  checkBoundTo(current.dpopJkt, dpop, "the refresh token");
  const granted = parseScope(current.scope);
  const scopes = narrowScope(params.scope, granted, "scopes granted to this refresh token");
  const issued = await issueTokens(deps, {
    client,
    signIn: signInOf(current),
    grantId: current.grantId,
    scopes,
    resource: narrowGrantResources(params.resource, current.resource),
    claimsRequest: current.claimsRequest,
    dpopJkt: dpop?.jkt,
    // RFC 6749 §6: the new refresh token keeps the scope and resources of the one it replaces.
    refreshToken: {
      always: true,
      scopes: granted,
      resource: current.resource,
      absoluteExp: current.absoluteExp,
    },
    record: async ({ accessToken, refresh }) => {
      const successor = { hash: refresh!.hash, record: refresh!.record, accessToken: accessToken! };
      const rotated = await deps.store.rotateRefreshToken(
        hash,
        now,
        () => successor,
        retry,
        current.grantId,
      );
      await settle(deps, rotated, now);
    },
  });
  return tokenResponse(issued, scopes);
}

/**
 * How long after a rotation its old refresh token may be presented once more, by a client whose
 * response was lost (a crash, a dropped connection), without that counting as reuse. RFC 9700
 * §4.14.2 makes reuse detection revoke the grant; a few seconds of leniency for one retry keeps
 * that for every real replay, as Ory Hydra's graceful rotation and Okta's grace period do. The
 * retry supersedes the lost pair, so one pair stays live.
 */
export const REFRESH_RETRY_GRACE_MS = 5_000;

/**
 * The retry a presenter of an already rotated token may ask for: it saw the rotation, came
 * within the grace window and no retry was allowed yet. A presenter that saw the token unrotated
 * and then lost the rotation race is a concurrent presentation, and that stays reuse.
 */
function retryOf(current: RefreshTokenRecord, now: number): RefreshRetry | undefined {
  const at = current.rotatedAt;
  if (at === undefined || current.retriedAt !== undefined) return undefined;
  if (now - at > REFRESH_RETRY_GRACE_MS) return undefined;
  return { seenRotatedAt: at, graceMs: REFRESH_RETRY_GRACE_MS };
}

/** Throws the error for a rotation that did not succeed, revoking the grant on reuse. */
async function settle(deps: Pick<Deps, "store">, result: RotateResult, now: number): Promise<void> {
  switch (result.status) {
    case "ok":
      return;
    case "unknown":
      throw invalidGrant(UNKNOWN);
    case "revoked":
      throw invalidGrant(REVOKED);
    case "expired":
      throw invalidGrant(expiredMessage(result.record, now));
    case "reused":
      await deps.store.revokeGrant(result.record.grantId, now);
      throw invalidGrant(
        "the refresh token was already used; every token of its grant is now revoked " +
          "(RFC 9700 §4.14)",
      );
  }
}

function expiredMessage(record: RefreshTokenRecord, now: number): string {
  if (record.absoluteExp <= now) {
    const ago = Math.round((now - record.absoluteExp) / 1000);
    return `the refresh grant reached its absolute lifetime ${ago}s ago; sign in again`;
  }
  return `the refresh token expired ${Math.round((now - record.exp) / 1000)}s ago`;
}
