import { randomToken } from "../crypto/random.ts";
import type { Deps } from "../deps.ts";
import {
  mintAccessToken,
  mintIdToken,
  newRefreshToken,
  tokenResponse,
} from "../protocol/tokens/mint.ts";
import type { TokenSubject } from "../protocol/tokens/mint.ts";
import { mayRefresh } from "./refresh_policy.ts";

/** A user signed in outside the code flow (password grant, device page). */
export interface GrantUser {
  sub: string;
  claims: Record<string, unknown>;
  /** Epoch seconds. */
  authTime: number;
  amr?: string[];
  sid?: string;
}

/**
 * Creates the grant that the tokens of one sign-in belong to; revoking it revokes them all.
 * It lives as long as the refresh tokens may (`--refresh-token-absolute-ttl`).
 */
export async function createUserGrant(
  deps: Deps,
  clientId: string,
  user: Pick<GrantUser, "sub" | "claims">,
): Promise<string> {
  const grantId = randomToken(16);
  await deps.store.createGrant({
    grantId,
    clientId,
    sub: user.sub,
    claims: user.claims,
    revoked: false,
    exp: deps.clock.now() + deps.config.ttl.refreshTokenAbsolute * 1000,
  });
  return grantId;
}

/**
 * Issues the tokens of a grant: an access token, an ID token when `openid` was granted, and a
 * refresh token when the client may refresh. They are recorded under the grant in one commit.
 * @see RFC 6749 §5.1, OIDC Core §3.1.3.3
 */
export async function issueForGrant(
  deps: Deps,
  s: TokenSubject & { grantId: string },
): Promise<Record<string, unknown>> {
  const at = await mintAccessToken(deps, s);
  const idToken = s.scopes.includes("openid")
    ? await mintIdToken(deps, s, { accessToken: at.token })
    : undefined;
  const refresh = mayRefresh(deps, s.client, s.scopes) ? await newRefreshToken(deps, s) : undefined;
  // Recorded revoked when a reuse of the code revoked the grant while these were minted.
  await deps.store.recordIssued(s.grantId, { jti: at.jti, exp: at.exp }, refresh);
  return tokenResponse(at, s.scopes, { idToken, refreshToken: refresh?.token });
}
