import type { ClaimsRequest } from "../protocol/claims_request.ts";
import type { SignIn } from "../protocol/sign_in.ts";

/** A signing key as kept in storage: the private JWK and when it stops being published. */
export interface StoredKey {
  kid: string;
  alg: string;
  privateJwk: Record<string, unknown>;
  createdAt: number;
  /** Epoch ms after which the key is no longer published; absent while it is current. */
  retireAt?: number;
}

/** An authorization code and the sign-in it was issued for, stored under the hash of the code. */
export interface CodeRecord extends SignIn {
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  grantId: string;
  resource?: string[];
  /** The `claims` request parameter (OIDC Core §5.5), for the ID token the code is redeemed for. */
  claimsRequest?: ClaimsRequest;
  /** `dpop_jkt` at /authorize: the code is redeemed only with a proof of this key (RFC 9449 §10). */
  dpopJkt?: string;
  /** Epoch ms. */
  exp: number;
}

/** What a redeemed code leaves behind, so reuse can be detected and its grant revoked. */
export type RedeemResult =
  | { status: "ok"; record: CodeRecord }
  | { status: "reused"; record: CodeRecord }
  | { status: "expired"; record: CodeRecord }
  | { status: "unknown" };

/** A refresh token and the sign-in its grant began with, stored under its hash. */
export interface RefreshTokenRecord extends SignIn {
  authTime: number;
  grantId: string;
  clientId: string;
  scope: string;
  resource?: string[];
  /** The `claims` request parameter, for the ID tokens of refreshes. */
  claimsRequest?: ClaimsRequest;
  /** A public client's token is bound to this DPoP key: refreshes need its proof (RFC 9449 §5). */
  dpopJkt?: string;
  /** Epoch ms at which this token expires (sliding). */
  exp: number;
  /** Epoch ms after which the grant cannot be refreshed at all. */
  absoluteExp: number;
  iat: number;
  /** Set once the token has been exchanged for a new one. */
  rotatedAt?: number;
  /** What the last exchange issued: superseded if the one allowed retry comes. */
  successor?: { hash: string; accessToken?: AccessTokenRef };
  /** Set when the token was presented once more after its rotation and that retry was allowed. */
  retriedAt?: number;
  /**
   * Set when its grant was revoked. The record is kept until it expires, so that presenting the
   * token later says why it no longer works.
   */
  revokedAt?: number;
}

/** A browser session at the OP (a sign-in with its `sid`), keyed by the hash of the cookie value. */
export interface SessionRecord extends SignIn {
  sid: string;
  authTime: number;
  /** Clients that received tokens through this session (for logout). */
  clients: string[];
  exp: number;
}

/** A grant: everything issued from one authorization. Revoking it kills its tokens. */
export interface GrantRecord {
  grantId: string;
  clientId: string;
  sub: string;
  /** The user's claims at sign-in (free-form users exist only here). */
  claims: Record<string, unknown>;
  /** The `claims` request parameter: what userinfo releases beyond the scopes (OIDC Core §5.5). */
  claimsRequest?: ClaimsRequest;
  revoked: boolean;
  exp: number;
}

/** An access token we issued under a grant (so revoking the grant can deny-list it). */
export interface AccessTokenRef {
  jti: string;
  exp: number;
}

/** What replaces a rotated refresh token, and the access token issued with it. */
export interface RotateSuccessor {
  hash: string;
  record: RefreshTokenRecord;
  /** Recorded under the grant in the rotation's commit, so revoking the grant reaches it. */
  accessToken?: AccessTokenRef;
}

/**
 * A presenter who found its refresh token already rotated (at `seenRotatedAt`), asking for the
 * retry a lost response allows within `graceMs`.
 */
export interface RefreshRetry {
  seenRotatedAt: number;
  graceMs: number;
}

/** Outcome of presenting a refresh token for rotation. */
export type RotateResult =
  | { status: "ok"; record: RefreshTokenRecord }
  | { status: "reused"; record: RefreshTokenRecord }
  | { status: "revoked"; record: RefreshTokenRecord }
  | { status: "expired"; record: RefreshTokenRecord }
  | { status: "unknown" };

/** The user a pairwise subject identifier stands for, and the sector it was computed for. */
export interface PairwiseSubject {
  sub: string;
  sector: string;
}
