/** Every Deno KV key Gatehouse writes, built in one place. */
export const kvKeys = {
  key: (kid: string): Deno.KvKey => ["keys", kid],
  keys: (): Deno.KvKey => ["keys"],
  currentKey: (alg: string): Deno.KvKey => ["current_key", alg],
  client: (id: string): Deno.KvKey => ["clients", id],
  clients: (): Deno.KvKey => ["clients"],
  /** Tombstone of a deleted client: when it was deleted. */
  retiredClient: (id: string): Deno.KvKey => ["retired_clients", id],
  code: (hash: string): Deno.KvKey => ["codes", hash],
  grant: (grantId: string): Deno.KvKey => ["grants", grantId],
  /** Index of a client's grants, written with the grant (RFC 7592 delete revokes them all). */
  clientGrant: (clientId: string, grantId: string): Deno.KvKey => [
    "client_grants",
    clientId,
    grantId,
  ],
  clientGrants: (clientId: string): Deno.KvKey => ["client_grants", clientId],
  /** Index of a user's grants, written with the grant (POST /users/{sub}/revoke-tokens). */
  subGrant: (sub: string, grantId: string): Deno.KvKey => ["sub_grants", sub, grantId],
  subGrants: (sub: string): Deno.KvKey => ["sub_grants", sub],
  grantAccessToken: (
    grantId: string,
    jti: string,
  ): Deno.KvKey => ["grant_items", grantId, "at", jti],
  grantRefreshToken: (
    grantId: string,
    hash: string,
  ): Deno.KvKey => ["grant_items", grantId, "rt", hash],
  grantItems: (grantId: string): Deno.KvKey => ["grant_items", grantId],
  accessToken: (jti: string): Deno.KvKey => ["access_tokens", jti],
  refreshToken: (hash: string): Deno.KvKey => ["refresh_tokens", hash],
  revokedAccessToken: (jti: string): Deno.KvKey => ["revoked_access_tokens", jti],
  session: (hash: string): Deno.KvKey => ["sessions", hash],
  sessions: (): Deno.KvKey => ["sessions"],
  user: (sub: string): Deno.KvKey => ["users", sub],
  users: (): Deno.KvKey => ["users"],
  once: (namespace: string, id: string): Deno.KvKey => ["once", namespace, id],
  // The flows' short-lived records (kv_flows.ts), under the "ephemeral" prefix they always had.
  pushedRequest: (hash: string): Deno.KvKey => ["ephemeral", "par", hash],
  deviceCode: (hash: string): Deno.KvKey => ["ephemeral", "device_code", hash],
  userCode: (hash: string): Deno.KvKey => ["ephemeral", "user_code", hash],
  interaction: (id: string): Deno.KvKey => ["ephemeral", "interaction", id],
  inspectorSignIn: (state: string): Deno.KvKey => ["ephemeral", "inspector_signin", state],
  /** The provider's salt for pairwise subject identifiers (OIDC Core §8.1). */
  pairwiseSalt: (): Deno.KvKey => ["pairwise_salt"],
  /** Which user and sector a pairwise `sub` stands for. */
  pairwiseSubject: (pairwise: string): Deno.KvKey => ["pairwise_subjects", pairwise],
  /** Strictness warnings, keyed to sort by time (see kv_warnings.ts). */
  warning: (id: string): Deno.KvKey => ["warnings", id],
  warnings: (): Deno.KvKey => ["warnings"],
};
