import { commit, list, ttl } from "./kv_commit.ts";
import { kvKeys } from "./kv_keys.ts";
import { withRetry } from "./retry.ts";
import type { SessionRecord, Store } from "./store.ts";

/** Compare-and-set attempts before a session update gives up (each loses only to another). */
const CAS_ATTEMPTS = 50;

type SessionOps = Pick<
  Store,
  "saveSession" | "getSession" | "deleteSession" | "listSessions" | "addSessionClient"
>;

/** Browser sessions over Deno KV, keyed by the hash of the cookie value. */
export function createKvSessions(kv: Deno.Kv): SessionOps {
  const get = (hash: string) => withRetry(() => kv.get<SessionRecord>(kvKeys.session(hash)));
  return {
    saveSession: async (hash, s) =>
      void await commit(() => kv.atomic().set(kvKeys.session(hash), s, { expireIn: ttl(s.exp) })),
    async getSession(hash, now) {
      const s = (await get(hash)).value;
      return s && s.exp > now ? s : null;
    },
    deleteSession: async (hash) =>
      void await commit(() => kv.atomic().delete(kvKeys.session(hash))),
    listSessions: async (now) =>
      (await list<SessionRecord>(kv, kvKeys.sessions())).filter((s) => s.exp > now),
    async addSessionClient(hash, clientId, now) {
      // Silent authorizations for many clients at once all update one session: each adds its
      // client with a compare-and-set, retried on conflict, so no update overwrites another.
      for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        const entry = await get(hash);
        const s = entry.value;
        if (!s || s.exp <= now) return false;
        if (s.clients.includes(clientId)) return true;
        const next = { ...s, clients: [...s.clients, clientId] };
        const won = await commit(() =>
          kv.atomic().check(entry).set(kvKeys.session(hash), next, { expireIn: ttl(s.exp) })
        );
        if (won) return true;
      }
      throw new Error(`Session update for client "${clientId}" lost ${CAS_ATTEMPTS} races`);
    },
  };
}
