import { commit, ttl } from "./kv_commit.ts";
import { writeAccessToken, writeRefresh, writeRevokedAccessToken } from "./kv_grants.ts";
import { kvKeys } from "./kv_keys.ts";
import { withRetry } from "./retry.ts";
import type {
  GrantRecord,
  RefreshRetry,
  RefreshTokenRecord,
  RotateResult,
  RotateSuccessor,
} from "./store.ts";

type Entry<T> = Deno.KvEntryMaybe<T>;

/**
 * Exchanges a refresh token for its successor in one compare-and-set commit that also checks the
 * grant, so a revocation racing the rotation wins. With `retry`, a token already rotated may be
 * exchanged once more (see `retryRotation`). With `grantId` (the caller read the token before),
 * the token and its grant are read in one round trip.
 */
export async function rotateRefreshToken(
  kv: Deno.Kv,
  hash: string,
  now: number,
  next: (c: RefreshTokenRecord) => RotateSuccessor,
  retry?: RefreshRetry,
  grantId?: string,
): Promise<RotateResult> {
  const key = kvKeys.refreshToken(hash);
  const [entry, both] = grantId
    ? await withRetry(() =>
      kv.getMany<[RefreshTokenRecord, GrantRecord]>([key, kvKeys.grant(grantId)])
    )
    : [await withRetry(() => kv.get<RefreshTokenRecord>(key)), null];
  const record = entry.value;
  if (!record) return { status: "unknown" };
  if (record.rotatedAt !== undefined && !retry) return { status: "reused", record };
  if (record.revokedAt !== undefined) return { status: "revoked", record };
  if (record.exp <= now || record.absoluteExp <= now) return { status: "expired", record };
  const grant = both && record.grantId === grantId
    ? both
    : await withRetry(() => kv.get<GrantRecord>(kvKeys.grant(record.grantId)));
  if (grant.value?.revoked) return { status: "revoked", record };
  if (retry) return await retryRotation(kv, entry, grant, now, next, retry);
  const successor = next(record);
  const won = await commit(() => {
    const rotated = { ...record, rotatedAt: now, successor: successorRef(successor) };
    const op = kv.atomic().check(entry, grant)
      .set(key, rotated, { expireIn: ttl(record.absoluteExp) });
    return writeSuccessor(op, record.grantId, successor);
  });
  return won ? { status: "ok", record: successor.record } : { status: "reused", record };
}

/**
 * The one retry of a rotated token whose response was lost: allowed within `retry.graceMs` of
 * the rotation the presenter saw, once, and only while that rotation's successor is unused. The
 * successor is superseded (presenting it later is reuse) and its access token deny-listed, so
 * one pair stays live. Anything else is reuse.
 */
async function retryRotation(
  kv: Deno.Kv,
  entry: Entry<RefreshTokenRecord>,
  grant: Entry<GrantRecord>,
  now: number,
  next: (c: RefreshTokenRecord) => RotateSuccessor,
  retry: RefreshRetry,
): Promise<RotateResult> {
  const record = entry.value!;
  const previous = record.successor;
  const eligible = previous !== undefined && record.retriedAt === undefined &&
    record.rotatedAt === retry.seenRotatedAt && now - record.rotatedAt <= retry.graceMs;
  if (!eligible) return { status: "reused", record };
  const prevKey = kvKeys.refreshToken(previous.hash);
  const prev = await withRetry(() => kv.get<RefreshTokenRecord>(prevKey));
  const unused = prev.value && prev.value.rotatedAt === undefined &&
    prev.value.revokedAt === undefined;
  if (!unused) return { status: "reused", record };
  const successor = next(record);
  const won = await commit(() => {
    const retried = { ...record, retriedAt: now, successor: successorRef(successor) };
    const op = kv.atomic().check(entry, grant, prev)
      .set(entry.key, retried, { expireIn: ttl(record.absoluteExp) })
      .set(prevKey, { ...prev.value!, rotatedAt: now }, { expireIn: ttl(prev.value!.absoluteExp) });
    if (previous.accessToken) writeRevokedAccessToken(op, previous.accessToken);
    return writeSuccessor(op, record.grantId, successor);
  });
  return won ? { status: "ok", record: successor.record } : { status: "reused", record };
}

function successorRef(successor: RotateSuccessor): NonNullable<RefreshTokenRecord["successor"]> {
  return {
    hash: successor.hash,
    ...(successor.accessToken ? { accessToken: successor.accessToken } : {}),
  };
}

function writeSuccessor(op: Deno.AtomicOperation, grantId: string, successor: RotateSuccessor) {
  writeRefresh(op, successor.hash, successor.record);
  if (successor.accessToken) writeAccessToken(op, grantId, successor.accessToken);
  return op;
}
