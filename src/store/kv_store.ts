import type { Client, User } from "../types.ts";
import { kvKeys } from "./kv_keys.ts";
import type { GrantRecord, RefreshTokenRecord, Store, StoredKey } from "./store.ts";
import { withRetry } from "./retry.ts";
import { commit, GRACE_MS, list, ttl } from "./kv_commit.ts";
import { recordIssued, redeemCode, revokeGrant } from "./kv_grants.ts";
import { rotateRefreshToken } from "./kv_refresh.ts";
import { createKvWarnings } from "./kv_warnings.ts";
import { prefixKv, TENANT_SPACE } from "./kv_prefix.ts";
import { createKvFlows } from "./kv_flows.ts";
import { createKvSessions } from "./kv_sessions.ts";
import { getPairwiseSubject, pairwiseSalt, putPairwiseSubject } from "./kv_pairwise.ts";

/** Opens Deno KV at `path` (`:memory:`, a file, or a KV Connect URL) and wraps it as a Store. */
export async function openKvStore(path: string): Promise<Store> {
  // Opening a file another process is writing can itself report `database is locked`.
  const kv = await withRetry(() => Deno.openKv(path === ":memory:" ? ":memory:" : path));
  return createKvStore(kv);
}

/** A Store over an open Deno KV handle. */
export function createKvStore(kv: Deno.Kv): Store {
  const warnings = createKvWarnings(kv);
  const get = <T>(key: Deno.KvKey) => withRetry(() => kv.get<T>(key));
  const set = (key: Deno.KvKey, value: unknown, exp?: number) =>
    commit(() => kv.atomic().set(key, value, exp ? { expireIn: ttl(exp) } : {}));
  const del = (key: Deno.KvKey) => commit(() => kv.atomic().delete(key));

  const store: Store = {
    ...createKvFlows(kv),
    ...createKvSessions(kv),
    async ping() {
      await get(["health"]);
    },
    close: () => kv.close(),

    listKeys: () => list<StoredKey>(kv, kvKeys.keys()),
    async currentKey(alg) {
      const kid = (await get<string>(kvKeys.currentKey(alg))).value;
      return kid ? (await get<StoredKey>(kvKeys.key(kid))).value : null;
    },
    async createCurrentKey(key) {
      const won = await commit(() =>
        kv.atomic()
          .check({ key: kvKeys.currentKey(key.alg), versionstamp: null })
          .set(kvKeys.currentKey(key.alg), key.kid)
          .set(kvKeys.key(key.kid), key)
      );
      if (won) return key;
      const current = await store.currentKey(key.alg);
      if (!current) throw new Error(`No current ${key.alg} key after a lost creation race`);
      return current;
    },
    async rotateKey(key, previousRetireAt) {
      const prev = await store.currentKey(key.alg);
      await commit(() => {
        const op = kv.atomic()
          .set(kvKeys.currentKey(key.alg), key.kid)
          .set(kvKeys.key(key.kid), key);
        if (prev) {
          op.set(kvKeys.key(prev.kid), {
            ...prev,
            retireAt: previousRetireAt,
          });
        }
        return op;
      });
    },

    getClient: async (id) => (await get<Client>(kvKeys.client(id))).value,
    putClient: async (client) => void await set(kvKeys.client(client.client_id), client),
    deleteClient: async (id) => void await del(kvKeys.client(id)),
    retireClient: async (id, at) =>
      void await commit(() =>
        kv.atomic().delete(kvKeys.client(id)).set(kvKeys.retiredClient(id), at)
      ),
    clientRetiredAt: async (id) => (await get<number>(kvKeys.retiredClient(id))).value,
    listClients: () => list<Client>(kv, kvKeys.clients()),

    saveCode: async (hash, record) => void await set(kvKeys.code(hash), record, record.exp),
    redeemCode: (hash, now) => redeemCode(kv, hash, now),

    createGrant: async (grant) =>
      void await commit(() =>
        kv.atomic()
          .set(kvKeys.grant(grant.grantId), grant, { expireIn: ttl(grant.exp) })
          .set(kvKeys.clientGrant(grant.clientId, grant.grantId), grant.exp, {
            expireIn: ttl(grant.exp),
          })
          .set(kvKeys.subGrant(grant.sub, grant.grantId), grant.exp, { expireIn: ttl(grant.exp) })
      ),
    getGrant: async (id) => (await get<GrantRecord>(kvKeys.grant(id))).value,
    recordIssued: (grantId, accessToken, refresh) =>
      recordIssued(kv, grantId, accessToken, refresh),
    async accessTokenGrant(jti) {
      const grantId = (await get<string>(kvKeys.accessToken(jti))).value;
      return grantId ? await store.getGrant(grantId) : null;
    },
    revokeGrant: (grantId, now) => revokeGrant(kv, grantId, now),
    async revokeClientGrants(clientId, now) {
      let n = 0;
      for await (const item of kv.list({ prefix: kvKeys.clientGrants(clientId) })) {
        await revokeGrant(kv, item.key[2] as string, now);
        await del(item.key);
        n++;
      }
      return n;
    },
    async revokeUserGrants(sub, now) {
      let n = 0;
      for await (const item of kv.list({ prefix: kvKeys.subGrants(sub) })) {
        await revokeGrant(kv, item.key[2] as string, now);
        await del(item.key);
        n++;
      }
      return n;
    },

    async getRefreshToken(hash) {
      return (await get<RefreshTokenRecord>(kvKeys.refreshToken(hash))).value;
    },
    rotateRefreshToken: (hash, now, next, retry, grantId) =>
      rotateRefreshToken(kv, hash, now, next, retry, grantId),

    revokeAccessToken: async (jti, exp) =>
      void await set(kvKeys.revokedAccessToken(jti), { exp }, exp),
    async isAccessTokenRevoked(jti, now) {
      const entry = await get<{ exp: number }>(kvKeys.revokedAccessToken(jti));
      return entry.value !== null && entry.value.exp > now - GRACE_MS;
    },

    listUsers: () => list<User>(kv, kvKeys.users()),
    getUser: async (sub) => (await get<User>(kvKeys.user(sub))).value,
    putUser: async (user) => void await set(kvKeys.user(user.sub), user),
    deleteUser: async (sub) => void await del(kvKeys.user(sub)),

    async useOnce(namespace, id, exp, now) {
      const key = kvKeys.once(namespace, id);
      const existing = await get<{ exp: number }>(key);
      if (existing.value && existing.value.exp > now) return false;
      return await commit(() =>
        kv.atomic().check(existing).set(key, { exp }, { expireIn: ttl(exp) })
      );
    },

    pairwiseSalt: () => pairwiseSalt(kv),
    putPairwiseSubject: (pairwise, subject) => putPairwiseSubject(kv, pairwise, subject),
    getPairwiseSubject: (pairwise) => getPairwiseSubject(kv, pairwise),

    recordWarning: (warning, limit) => warnings.record(warning, limit),
    recentWarnings: (limit) => warnings.recent(limit),

    async clear() {
      // Tenants' key spaces are theirs: the root issuer's reset leaves them alone.
      for await (const e of kv.list({ prefix: [] })) {
        if (e.key[0] !== TENANT_SPACE) await del(e.key);
      }
    },
    scoped: (prefix) => createKvStore(prefixKv(kv, prefix)),
  };

  return store;
}
