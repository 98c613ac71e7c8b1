import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import { checkAccessToken } from "./access_token.ts";
import { knownClient } from "../clients/known_client.ts";
import { localSubject, subjectFor } from "../pairwise.ts";

/** An RFC 7662 §2.2 introspection response. */
export type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

const INACTIVE: Introspection = { active: false };

/**
 * What a token is, for a resource server: our access tokens (signature, expiry by the injected
 * clock, revocation) and our refresh tokens. Anything unknown, expired or revoked is only
 * `{"active": false}`. `token_type_hint` decides which kind is tried first, nothing more. The
 * `sub` is the one the token's client was shown: pairwise for a pairwise client.
 * @see RFC 7662 §2.1, §2.2, OIDC Core §8.1
 */
export async function introspect(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock" | "users">,
  token: string,
  hint?: string,
): Promise<Introspection> {
  const order = hint === "refresh_token"
    ? [refreshTokenInfo, accessTokenInfo]
    : [accessTokenInfo, refreshTokenInfo];
  for (const look of order) {
    const info = await look(deps, token);
    if (info) return info;
  }
  return INACTIVE;
}

async function accessTokenInfo(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock" | "users">,
  token: string,
): Promise<Introspection | null> {
  if (token.split(".").length !== 3) return null;
  const check = await checkAccessToken(deps, token);
  if (!check.ok) return null;
  const p = check.payload;
  const client = await knownClient(deps, String(p.client_id));
  const local = await localSubject(deps, client, p.sub);
  const username = await usernameOf(deps, { local, shown: p.sub }, p.jti, p.client_id);
  return {
    active: true,
    ...pick(p, ["scope", "client_id", "sub", "exp", "iat", "aud", "iss", "jti", "cnf"]),
    // RFC 9449 §6.2: a DPoP-bound token is introspected with its cnf.jkt.
    token_type: p.cnf ? "DPoP" : "Bearer",
    ...(username ? { username } : {}),
  };
}

async function refreshTokenInfo(
  deps: Pick<Deps, "config" | "store" | "clock">,
  token: string,
): Promise<Introspection | null> {
  const record = await deps.store.getRefreshToken(await sha256(token));
  const now = deps.clock.now();
  if (!record || record.rotatedAt !== undefined || record.exp <= now) return null;
  if (record.absoluteExp <= now || (await deps.store.getGrant(record.grantId))?.revoked) {
    return null;
  }
  const sub = await subjectFor(deps, await knownClient(deps, record.clientId), record.sub);
  const username = usernameIn(record.claims, sub);
  return {
    active: true,
    ...(record.scope ? { scope: record.scope } : {}),
    client_id: record.clientId,
    sub,
    exp: Math.floor(record.exp / 1000),
    iat: Math.floor(record.iat / 1000),
    iss: deps.config.issuer,
    token_type: "refresh_token",
    ...(username ? { username } : {}),
    ...(record.resource ? { aud: record.resource } : {}),
  };
}

/**
 * RFC 7662 `username`: the user's `preferred_username`, else the `sub` the client was shown
 * (never a pairwise client's real user id); none for a token a client got for itself (client
 * credentials).
 */
async function usernameOf(
  deps: Pick<Deps, "store" | "users">,
  sub: { local: string; shown: string },
  jti: string,
  clientId: unknown,
): Promise<string | undefined> {
  const user = await deps.users.get(sub.local);
  if (user) return usernameIn(user, sub.shown);
  const grant = await deps.store.accessTokenGrant(jti);
  if (grant) return usernameIn(grant.claims, sub.shown);
  return sub.shown === clientId ? undefined : sub.shown;
}

function usernameIn(claims: Record<string, unknown>, sub: string): string {
  const preferred = claims.preferred_username;
  return typeof preferred === "string" && preferred ? preferred : sub;
}

function pick(from: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => from[n] !== undefined).map((n) => [n, from[n]]));
}
