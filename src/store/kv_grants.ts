import { kvKeys } from "./kv_keys.ts";
import { commit, ttl } from "./kv_commit.ts";
import { withRetry } from "./retry.ts";
import type {
  AccessTokenRef,
  CodeRecord,
  GrantRecord,
  RedeemResult,
  RefreshTokenRecord,
} from "./store.ts";

/** Writes an access token's grant index and its jti → grant entry into `op`. */
export function writeAccessToken(op: Deno.AtomicOperation, grantId: string, at: AccessTokenRef) {
  const opts = { expireIn: ttl(at.exp) };
  op.set(kvKeys.grantAccessToken(grantId, at.jti), { jti: at.jti, exp: at.exp }, opts);
  op.set(kvKeys.accessToken(at.jti), grantId, opts);
}

/** Writes a refresh token and its grant index into `op`. */
export function writeRefresh(op: Deno.AtomicOperation, hash: string, record: RefreshTokenRecord) {
  const opts = { expireIn: ttl(record.absoluteExp) };
  op.set(kvKeys.refreshToken(hash), record, opts);
  op.set(kvKeys.grantRefreshToken(record.grantId, hash), 1, opts);
}

/**
 * Records issued tokens under their grant in one commit that checks the grant entry is unchanged.
 * revokeGrant flags the grant before it lists the grant's tokens, so a commit lands either before
 * the flag (and its tokens are listed and revoked) or after it, when this writes them revoked
 * (the access token deny-listed, the refresh token marked): no token escapes a revocation.
 * Returns whether the grant was live.
 */
export async function recordIssued(
  kv: Deno.Kv,
  grantId: string,
  accessToken: AccessTokenRef | null,
  refresh?: { hash: string; record: RefreshTokenRecord },
): Promise<boolean> {
  for (let attempt = 1;; attempt++) {
    const grant = await withRetry(() => kv.get<GrantRecord>(kvKeys.grant(grantId)));
    const live = grant.value !== null && !grant.value.revoked;
    const won = await commit(() => {
      const op = kv.atomic().check(grant);
      if (live) {
        if (accessToken) writeAccessToken(op, grantId, accessToken);
        if (refresh) writeRefresh(op, refresh.hash, refresh.record);
      } else {
        if (accessToken) writeRevokedAccessToken(op, accessToken);
        if (refresh) {
          writeRefresh(op, refresh.hash, { ...refresh.record, revokedAt: refresh.record.iat });
        }
      }
      return op;
    });
    // A grant entry changes once, when it is revoked, so a second pass commits.
    if (won) return live;
    if (attempt >= 5) throw new Error(`Grant ${grantId} kept changing while tokens were recorded`);
  }
}

/** Deny-lists an access token until its `exp`. */
export function writeRevokedAccessToken(op: Deno.AtomicOperation, at: AccessTokenRef) {
  return op.set(kvKeys.revokedAccessToken(at.jti), { exp: at.exp }, { expireIn: ttl(at.exp) });
}

/**
 * Marks a refresh token of a revoked grant, keeping the record until it expires: a late
 * presenter (the loser of a rotation race, say) is told the real reason, not "unknown".
 */
async function markRefreshTokenRevoked(kv: Deno.Kv, hash: string, now: number): Promise<void> {
  const key = kvKeys.refreshToken(hash);
  const entry = await withRetry(() => kv.get<RefreshTokenRecord>(key));
  if (!entry.value || entry.value.revokedAt !== undefined) return;
  await commit(() =>
    kv.atomic().set(key, { ...entry.value!, revokedAt: now }, {
      expireIn: ttl(entry.value!.absoluteExp),
    })
  );
}

/** Marks a code used in one compare-and-set commit; the loser of a race sees `reused`. */
export async function redeemCode(kv: Deno.Kv, hash: string, now: number): Promise<RedeemResult> {
  const key = kvKeys.code(hash);
  const entry = await withRetry(() => kv.get<CodeRecord & { usedAt?: number }>(key));
  const record = entry.value;
  if (!record) return { status: "unknown" };
  if (record.usedAt !== undefined) return { status: "reused", record };
  if (record.exp <= now) return { status: "expired", record };
  const won = await commit(() =>
    kv.atomic().check(entry).set(key, { ...record, usedAt: now }, { expireIn: ttl(record.exp) })
  );
  return won ? { status: "ok", record } : { status: "reused", record };
}

/** Revokes a grant: deny-lists its live access tokens and marks its refresh tokens. */
export async function revokeGrant(kv: Deno.Kv, grantId: string, now: number): Promise<void> {
  const grantKey = kvKeys.grant(grantId);
  const grant = await withRetry(() => kv.get<GrantRecord>(grantKey));
  // Flagged once: recordIssued counts on the grant entry changing only here.
  if (grant.value && !grant.value.revoked) {
    await commit(() =>
      kv.atomic().set(grantKey, { ...grant.value!, revoked: true }, {
        expireIn: ttl(grant.value!.exp),
      })
    );
  }
  for await (const item of kv.list({ prefix: kvKeys.grantItems(grantId) })) {
    const [, , kind, id] = item.key as [string, string, string, string];
    if (kind === "at") {
      const { exp } = item.value as { exp: number };
      if (exp > now) await commit(() => writeRevokedAccessToken(kv.atomic(), { jti: id, exp }));
    } else {
      await markRefreshTokenRevoked(kv, id, now);
    }
  }
}
