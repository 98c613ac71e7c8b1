import { epochSeconds } from "../../clock.ts";
import { verifyOwnJwt } from "../../crypto/jwt.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { OAuthError } from "../errors.ts";
import { accessTokenTyp } from "./access_token.ts";

/**
 * Revokes a token the client holds. An access token is deny-listed by `jti` until its `exp`; a
 * refresh token revokes its whole grant, access tokens included. Unknown, expired or already
 * revoked tokens are no error (the client's goal is met). A client may revoke only its own
 * tokens. `token_type_hint` decides which kind is tried first, nothing more.
 * @see RFC 7009 §2.1, §2.2
 */
export async function revoke(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock">,
  client: Client,
  token: string,
  hint?: string,
): Promise<void> {
  const order = hint === "refresh_token"
    ? [revokeRefreshToken, revokeAccessToken]
    : [revokeAccessToken, revokeRefreshToken];
  for (const attempt of order) {
    if (await attempt(deps, client, token)) return;
  }
}

/** True when `token` is one of our access tokens (and is now revoked). */
async function revokeAccessToken(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock">,
  client: Client,
  token: string,
): Promise<boolean> {
  if (token.split(".").length !== 3) return false;
  const result = await verifyOwnJwt(deps.keys, token, {
    issuer: deps.config.issuer,
    now: epochSeconds(deps.clock),
    typ: accessTokenTyp(deps.config),
  });
  if (!result.ok) return false;
  const { jti, exp, client_id } = result.payload;
  if (typeof jti !== "string" || typeof exp !== "number") return false;
  mustOwn(client, String(client_id));
  await deps.store.revokeAccessToken(jti, exp * 1000);
  return true;
}

/** True when `token` is one of our refresh tokens (and its grant is now revoked). */
async function revokeRefreshToken(
  deps: Pick<Deps, "store" | "clock">,
  client: Client,
  token: string,
): Promise<boolean> {
  const record = await deps.store.getRefreshToken(await sha256(token));
  if (!record) return false;
  mustOwn(client, record.clientId);
  await deps.store.revokeGrant(record.grantId, deps.clock.now());
  return true;
}

function mustOwn(client: Client, owner: string): void {
  if (owner !== client.client_id) {
    throw new OAuthError(
      "unauthorized_client",
      `the token was issued to client "${owner}"; a client may revoke only its own tokens`,
    );
  }
}
