import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from "npm:jose@^6";
import type { Client } from "../../types.ts";
import {
  outboundFetch,
  OutboundFetchError,
  type OutboundPolicy,
  parseJsonBody,
} from "../outbound_fetch.ts";

/** How long fetched keys are used before `jwks_uri` is fetched again. */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** After an unknown `kid` refetches the set, how long until another unknown `kid` may. */
const COOLDOWN_MS = 30_000;

/** The public keys of clients that authenticate with `private_key_jwt`. */
export interface ClientKeys {
  /** A key resolver for the client's `jwks`, or its `jwks_uri` (fetched, then cached). */
  resolver(client: Pick<Client, "jwks" | "jwks_uri">): JWTVerifyGetKey | null;
  /**
   * Every public key the client registered (its `jwks`, or its `jwks_uri` fetched when the cache
   * is stale): encryption keys too, which the resolver never returns.
   */
  keySet(client: Client): Promise<JWK[]>;
}

type LocalSet = ReturnType<typeof createLocalJWKSet>;

/** One `jwks_uri`: its keys as last fetched, refetched when stale or when a `kid` is unknown. */
interface RemoteSet {
  keys(): Promise<JWK[]>;
  resolve: JWTVerifyGetKey;
}

/**
 * Key resolvers per client: `jwks` read as registered, `jwks_uri` sets shared by URI so their
 * fetched keys are cached for every request (and refetched when an unknown `kid` shows up).
 * Every fetch goes through the outbound fetch helper (size cap, deadline, no redirects).
 * @see RFC 7591 §2 (jwks_uri), OIDC Core §10.1.1 (rotation by kid)
 */
export function createClientKeys(
  policy: OutboundPolicy = {},
): ClientKeys {
  const remote = new Map<string, RemoteSet>();
  const remoteSet = (uri: string) => {
    let set = remote.get(uri);
    if (!set) {
      set = createRemoteSet(uri, policy);
      remote.set(uri, set);
    }
    return set;
  };
  return {
    resolver(client) {
      if (client.jwks) {
        return createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]);
      }
      return client.jwks_uri ? remoteSet(client.jwks_uri).resolve : null;
    },
    async keySet(client) {
      if (client.jwks) return client.jwks.keys as JWK[];
      if (!client.jwks_uri) return [];
      return await remoteSet(client.jwks_uri).keys();
    },
  };
}

function createRemoteSet(uri: string, policy: OutboundPolicy): RemoteSet {
  let fetchedAt = -Infinity;
  let current: { keys: JWK[]; local: LocalSet } | null = null;
  let pending: Promise<{ keys: JWK[]; local: LocalSet }> | null = null;
  const reload = () => {
    pending ??= fetchJwks(uri, policy).then((keys) => {
      current = { keys, local: createLocalJWKSet({ keys }) };
      fetchedAt = performance.now();
      return current;
    }).finally(() => pending = null);
    return pending;
  };
  const fresh = () =>
    current && performance.now() - fetchedAt < CACHE_MAX_AGE_MS ? current : reload();
  return {
    keys: async () => (await fresh()).keys,
    resolve: async (header, token) => {
      const set = await fresh();
      try {
        return await set.local(header, token);
      } catch (err) {
        const unknownKid = (err as { code?: string }).code === "ERR_JWKS_NO_MATCHING_KEY";
        if (!unknownKid || performance.now() - fetchedAt < COOLDOWN_MS) throw err;
        return await (await reload()).local(header, token);
      }
    },
  };
}

/** The keys a `jwks_uri` answers, or an `OutboundFetchError` saying why it answered none. */
async function fetchJwks(
  uri: string,
  policy: OutboundPolicy,
): Promise<JWK[]> {
  const res = await outboundFetch(uri, { ...policy, headers: { Accept: "application/json" } });
  if (res.status !== 200) {
    throw new OutboundFetchError(`answered HTTP ${res.status}; it must answer 200 with a JWK Set`);
  }
  const body = parseJsonBody(res) as { keys?: unknown };
  if (typeof body !== "object" || body === null || !Array.isArray(body.keys)) {
    throw new OutboundFetchError('did not answer a JWK Set (a JSON object with a "keys" array)');
  }
  return body.keys.filter((k): k is JWK => typeof k === "object" && k !== null);
}
