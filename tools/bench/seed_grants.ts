/** Fills a KV file with grants as Gatehouse stores them, for the stored-grants section. */
import { randomToken } from "../../src/crypto/random.ts";
import { sha256 } from "../../src/crypto/hash.ts";
import { kvKeys } from "../../src/store/kv_keys.ts";
import type { GrantRecord, RefreshTokenRecord } from "../../src/store/store.ts";

/** Grants per commit: 6 keys each, under Deno KV's 1000 mutations per atomic operation. */
const BATCH = 150;

/**
 * Adds `count` grants to the KV file at `path`, each with the records the code flow leaves:
 * the grant and its client index, an access token reference with its index, and a refresh token
 * with its grant index. Written in batches (the store would take one commit per grant, minutes
 * for 100k); the keys and records are the store's.
 */
export async function seedGrants(path: string, count: number, clientId: string): Promise<void> {
  const kv = await Deno.openKv(path);
  try {
    const now = Date.now();
    const exp = now + 30 * 86400_000;
    const opts = { expireIn: exp - now };
    for (let done = 0; done < count; done += BATCH) {
      const op = kv.atomic();
      for (let i = 0; i < Math.min(BATCH, count - done); i++) {
        const grantId = randomToken(16);
        const jti = randomToken(16);
        const hash = await sha256(randomToken(32));
        const claims = { sub: `user-${done + i}` };
        const grant: GrantRecord = {
          grantId,
          clientId,
          sub: claims.sub,
          claims,
          revoked: false,
          exp,
        };
        const refresh: RefreshTokenRecord = {
          grantId,
          clientId,
          sub: claims.sub,
          scope: "openid offline_access",
          claims,
          authTime: Math.floor(now / 1000),
          iat: now,
          exp,
          absoluteExp: exp,
        };
        op.set(kvKeys.grant(grantId), grant, opts)
          .set(kvKeys.clientGrant(clientId, grantId), exp, opts)
          .set(kvKeys.grantAccessToken(grantId, jti), { jti, exp: now + 3600_000 }, opts)
          .set(kvKeys.accessToken(jti), grantId, opts)
          .set(kvKeys.refreshToken(hash), refresh, opts)
          .set(kvKeys.grantRefreshToken(grantId, hash), 1, opts);
      }
      if (!(await op.commit()).ok) throw new Error("seeding grants: a commit failed");
    }
  } finally {
    kv.close();
  }
}
