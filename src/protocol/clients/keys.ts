import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JWK,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from "jose";
import type { Client } from "../../types.ts";

/** How long a `jwks_uri` fetch may take before authentication fails. */
const FETCH_TIMEOUT_MS = 3000;
/** How long fetched keys are used before `jwks_uri` is fetched again. */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** After an unknown `kid` refetches the set, how long until another unknown `kid` may. */
const COOLDOWN_MS = 30_000;

/** The public keys of clients that authenticate with `private_key_jwt`. */
export interface ClientKeys {
  /** A key resolver for the client's `jwks`, or its `jwks_uri` (fetched, then cached). */
  resolver(client: Client): JWTVerifyGetKey | null;
  /**
   * Every public key the client registered (its `jwks`, or its `jwks_uri` fetched when the cache
   * is stale): encryption keys too, which the resolver never returns.
   */
  keySet(client: Client): Promise<JWK[]>;
}

/**
 * Key resolvers per client: `jwks` read as registered, `jwks_uri` sets shared by URI so their
 * fetched keys are cached for every request (and refetched when an unknown `kid` shows up).
 * @see RFC 7591 §2 (jwks_uri), OIDC Core §10.1.1 (rotation by kid)
 */
export function createClientKeys(): ClientKeys {
  const remote = new Map<string, RemoteJWKSet>();
  const remoteSet = (uri: string) => {
    let set = remote.get(uri);
    if (!set) {
      set = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cacheMaxAge: CACHE_MAX_AGE_MS,
        cooldownDuration: COOLDOWN_MS,
      });
      remote.set(uri, set);
    }
    return set;
  };
  return {
    resolver(client) {
      if (client.jwks) {
        return createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]);
      }
      return client.jwks_uri ? remoteSet(client.jwks_uri) : null;
    },
    async keySet(client) {
      if (client.jwks) return client.jwks.keys as JWK[];
      if (!client.jwks_uri) return [];
      const set = remoteSet(client.jwks_uri);
      if (!set.fresh) await set.reload();
      return set.jwks()?.keys ?? [];
    },
  };
}
