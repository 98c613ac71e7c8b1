import type { FlowStore } from "./flow_store.ts";
import type { Client, User, Warning } from "../types.ts";

import type {
  AccessTokenRef,
  CodeRecord,
  GrantRecord,
  PairwiseSubject,
  RedeemResult,
  RefreshRetry,
  RefreshTokenRecord,
  RotateResult,
  RotateSuccessor,
  SessionRecord,
  StoredKey,
} from "./records.ts";
export type {
  AccessTokenRef,
  CodeRecord,
  GrantRecord,
  PairwiseSubject,
  RedeemResult,
  RefreshRetry,
  RefreshTokenRecord,
  RotateResult,
  RotateSuccessor,
  SessionRecord,
  StoredKey,
} from "./records.ts";

/** Storage for Gatehouse. Each method is one atomic operation the protocol needs. */
export interface Store extends FlowStore {
  /** Resolves when storage answers (health check). */
  ping(): Promise<void>;
  close(): void;

  /** All stored signing keys. */
  listKeys(): Promise<StoredKey[]>;
  /** The current key for `alg`, if any. */
  currentKey(alg: string): Promise<StoredKey | null>;
  /**
   * Makes `key` the current key for its alg unless another process did so first; returns the key
   * that is current afterwards (ours or the winner's).
   */
  createCurrentKey(key: StoredKey): Promise<StoredKey>;
  /** Makes `key` current for its alg and schedules the previous one's retirement. */
  rotateKey(key: StoredKey, previousRetireAt: number): Promise<void>;

  getClient(clientId: string): Promise<Client | null>;
  putClient(client: Client): Promise<void>;
  deleteClient(clientId: string): Promise<void>;
  /**
   * Deletes the client and keeps a tombstone in the same commit, so its client_id stays refused
   * (not taken for an ad-hoc client) in every mode. `at` is epoch ms.
   * @see RFC 7592 §2.3
   */
  retireClient(clientId: string, at: number): Promise<void>;
  /** When the client was retired (epoch ms), or null when it never was. */
  clientRetiredAt(clientId: string): Promise<number | null>;
  listClients(): Promise<Client[]>;

  saveCode(codeHash: string, record: CodeRecord): Promise<void>;
  /** Marks the code used in one compare-and-set commit; the loser of a race sees `reused`. */
  redeemCode(codeHash: string, now: number): Promise<RedeemResult>;

  createGrant(grant: GrantRecord): Promise<void>;
  getGrant(grantId: string): Promise<GrantRecord | null>;
  /**
   * Records an access token under its grant, in one commit with any refresh token given, which
   * checks the grant. When the grant was revoked meanwhile (a reused code racing this issuing),
   * the tokens are recorded revoked instead, so they are dead on arrival; returns whether the
   * grant was live.
   */
  recordIssued(
    grantId: string,
    accessToken: AccessTokenRef | null,
    refresh?: { hash: string; record: RefreshTokenRecord },
  ): Promise<boolean>;
  /** The grant an access token was issued under, if any. */
  accessTokenGrant(jti: string): Promise<GrantRecord | null>;
  /** Revokes the grant: deny-lists its access tokens and deletes its refresh tokens. */
  revokeGrant(grantId: string, now: number): Promise<void>;
  /** Revokes every grant of the client (RFC 7592 delete); returns how many there were. */
  revokeClientGrants(clientId: string, now: number): Promise<number>;
  /** Revokes every grant of the user (POST /users/{sub}/revoke-tokens); returns how many. */
  revokeUserGrants(sub: string, now: number): Promise<number>;

  getRefreshToken(hash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Exchanges a refresh token for a new one (and records the access token issued with it) in one
   * compare-and-set commit. A token that was already rotated (or loses the race) is `reused`,
   * unless `retry` asks for the one retry its grace window allows; one whose grant was revoked
   * is `revoked`.
   */
  rotateRefreshToken(
    hash: string,
    now: number,
    next: (current: RefreshTokenRecord) => RotateSuccessor,
    retry?: RefreshRetry,
    /** The token's grant, when the caller knows it: read together with the token. */
    grantId?: string,
  ): Promise<RotateResult>;

  /** Deny-lists an access token by `jti` until its `exp` (epoch ms). */
  revokeAccessToken(jti: string, exp: number): Promise<void>;
  isAccessTokenRevoked(jti: string, now: number): Promise<boolean>;

  saveSession(hash: string, session: SessionRecord): Promise<void>;
  getSession(hash: string, now: number): Promise<SessionRecord | null>;
  deleteSession(hash: string): Promise<void>;
  /**
   * Adds a client to a live session's list (for logout) with compare-and-set and bounded retry,
   * so concurrent additions all land; false when the session is gone.
   */
  addSessionClient(hash: string, clientId: string, now: number): Promise<boolean>;
  listSessions(now: number): Promise<SessionRecord[]>;

  /** Run-time users (they override users from configuration with the same sub). */
  listUsers(): Promise<User[]>;
  getUser(sub: string): Promise<User | null>;
  putUser(user: User): Promise<void>;
  deleteUser(sub: string): Promise<void>;

  /** Records that a one-time value (an assertion `jti`, say) was used; false if it already was. */
  useOnce(namespace: string, id: string, exp: number, now: number): Promise<boolean>;

  /** The per-provider salt of pairwise subject identifiers, created on first use. */
  pairwiseSalt(): Promise<string>;
  /** Records whom a pairwise `sub` stands for (userinfo and hints map it back). */
  putPairwiseSubject(pairwise: string, subject: PairwiseSubject): Promise<void>;
  getPairwiseSubject(pairwise: string): Promise<PairwiseSubject | null>;

  /** Keeps a strictness warning; older ones beyond `limit` are pruned from time to time. */
  recordWarning(warning: Warning, limit: number): Promise<void>;
  /** The newest `limit` kept warnings, oldest first. */
  recentWarnings(limit: number): Promise<Warning[]>;

  /** Removes every record (the admin reset). */
  clear(): Promise<void>;
  /** The same storage under a key prefix (a tenant's key space); closing it is a no-op. */
  scoped(prefix: Deno.KvKey): Store;
}
