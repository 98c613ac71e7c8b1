/** A user's claims. `sub` is required; `password` is a credential and never released as a claim. */
export interface User {
  sub: string;
  password?: string;
  [claim: string]: unknown;
}

/** Signing algorithms Gatehouse can issue tokens with. */
export const SIGNING_ALGS = ["RS256", "PS256", "ES256", "ES384", "EdDSA"] as const;
export type SigningAlg = typeof SIGNING_ALGS[number];

/** Client metadata as registered (RFC 7591 §2) plus Gatehouse's per-client settings. */
export interface Client {
  client_id: string;
  /** Stored as SHA-256 (base64url) for registered clients; compared in constant time. */
  client_secret_hash?: string;
  /** Kept only for `client_secret_jwt`, which needs the secret itself as the HMAC key. */
  client_secret?: string;
  client_secret_expires_at?: number;
  client_id_issued_at?: number;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  /** The one JWS algorithm the client signs its assertions with, when it registered one. */
  token_endpoint_auth_signing_alg?: string;
  application_type?: "web" | "native";
  client_name?: string;
  scope?: string;
  jwks?: { keys: Record<string, unknown>[] };
  jwks_uri?: string;
  id_token_signed_response_alg?: string;
  /** JWE `alg`/`enc` for ID tokens (OpenID Connect Registration §2); absent: signed only. */
  id_token_encrypted_response_alg?: string;
  id_token_encrypted_response_enc?: string;
  /** Userinfo as a signed JWT with this alg (OIDC Core §5.3.2); absent: JSON. */
  userinfo_signed_response_alg?: string;
  userinfo_encrypted_response_alg?: string;
  userinfo_encrypted_response_enc?: string;
  /** OIDC Core §8: `public` (the default) or `pairwise`. */
  subject_type?: "public" | "pairwise";
  /** Its host is the pairwise sector (OIDC Core §8.1). */
  sector_identifier_uri?: string;
  /** OpenID Connect Back-Channel Logout 1.0 §2.2. */
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  /** OpenID Connect Front-Channel Logout 1.0 §2. */
  frontchannel_logout_uri?: string;
  frontchannel_logout_session_required?: boolean;
  audience?: string[];
  access_token_ttl?: number;
  id_token_ttl?: number;
  refresh_token_ttl?: number;
  require_consent?: boolean;
  /** The one `alg` its request objects use (OIDC Registration §2); "none" allows unsigned ones. */
  request_object_signing_alg?: string;
  /** Every token request needs a DPoP proof (RFC 9449 §5.2). */
  dpop_bound_access_tokens?: boolean;
  /** Authorization requests only through /par (RFC 9126 §6). */
  require_pushed_authorization_requests?: boolean;
  /** Registration access token hash (RFC 7592), for dynamically registered clients. */
  registration_access_token_hash?: string;
  /** Where the client came from. */
  origin: "static" | "dynamic" | "ad-hoc" | "document";
  /** Any further registered metadata, echoed back by RFC 7592 reads. */
  extra?: Record<string, unknown>;
}

/** A strictness rule broken in lenient mode, as logged and kept for the inspector. */
export interface Warning {
  /** The rule's stable id (`pkce-required`). */
  rule: string;
  /** "a production OP would reject this: … [rule id]". */
  message: string;
  clientId?: string;
  /** Epoch ms, from the injected clock. */
  at: number;
}
