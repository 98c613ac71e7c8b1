import type { JWTPayload } from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import { verifyOwnJwt } from "../../crypto/jwt.ts";
import type { Deps, ResolvedConfig } from "../../deps.ts";
import { profileNamed } from "../../profiles/index.ts";

/** A verified, unrevoked access token of ours, or why it is not one. */
export type AccessTokenCheck =
  | { ok: true; payload: JWTPayload & { jti: string; sub: string } }
  | { ok: false; reason: string };

/**
 * The JOSE `typ` of this issuer's access tokens: RFC 9068's `at+jwt`, or its profile's (Keycloak
 * and Entra write `JWT`).
 * @see RFC 9068 §2.1
 */
export function accessTokenTyp(config: Pick<ResolvedConfig, "profile">): string {
  return profileNamed(config.profile)?.accessTokenTyp ?? "at+jwt";
}

/**
 * Checks an access token: our signature, its `typ` (`accessTokenTyp`), `iss`, `exp` by the injected clock, and
 * that neither it nor its grant was revoked.
 * @see RFC 9068 §4
 */
export async function checkAccessToken(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock">,
  token: string,
): Promise<AccessTokenCheck> {
  const result = await verifyOwnJwt(deps.keys, token, {
    issuer: deps.config.issuer,
    now: epochSeconds(deps.clock),
    typ: accessTokenTyp(deps.config),
  });
  if (!result.ok) return result;
  const { jti, sub } = result.payload;
  if (typeof jti !== "string" || typeof sub !== "string") {
    return { ok: false, reason: "the token has no jti or sub" };
  }
  if (await deps.store.isAccessTokenRevoked(jti, deps.clock.now())) {
    return { ok: false, reason: "the token has been revoked" };
  }
  return { ok: true, payload: { ...result.payload, jti, sub } };
}
