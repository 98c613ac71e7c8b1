/**
 * What this provider supports, as constant lists: discovery reads them before the app has loaded,
 * so this module imports nothing heavier than the config and key types.
 * @see OpenID Connect Discovery 1.0 §3, RFC 8414 §2
 */
import type { Config } from "../config/schema.ts";
import { SIGNING_ALGS } from "../types.ts";

export { JWE_ALGS, JWE_ENCS } from "../crypto/jwe_algs.ts";

/** Client authentication methods the token endpoint supports, in discovery's order. */
export const AUTH_METHODS = [
  "client_secret_basic",
  "client_secret_post",
  "client_secret_jwt",
  "private_key_jwt",
  "none",
] as const;

/** JWS algorithms for `client_secret_jwt` assertions (an HMAC with the secret). */
export const HMAC_ALGS = ["HS256", "HS384", "HS512"];

/** JWS algorithms for `private_key_jwt` assertions (the client's public keys). */
export const KEY_ALGS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "EdDSA",
];

/** Every `alg` a request object may use; `none` only where the client allows it. */
export const REQUEST_OBJECT_ALGS = ["none", ...HMAC_ALGS, ...KEY_ALGS];

/** OIDC Core §3.1.2.1 `display` values the login page accepts. */
export const DISPLAY_VALUES = ["page", "popup", "touch", "wap"];

/** Response types /authorize implements (OAuth 2.0 Multiple Response Types §5, `none` §4). */
export const RESPONSE_TYPES = [
  "code",
  "id_token",
  "id_token token",
  "code id_token",
  "code token",
  "code id_token token",
  "none",
] as const;

/** RFC 8628 §3.4 grant type. */
export const DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 7523 §2.1 grant type: an assertion of a trusted issuer. */
export const JWT_BEARER_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** RFC 8693 §2.1 grant type. */
export const TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

/** Every `grant_type` the token endpoint implements (handlers: `grants/registry.ts`). */
export const GRANT_TYPES = [
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "password",
  DEVICE_GRANT_TYPE,
  JWT_BEARER_GRANT_TYPE,
  TOKEN_EXCHANGE_GRANT_TYPE,
] as const;

export type GrantType = typeof GRANT_TYPES[number];

/**
 * The grant types this configuration accepts (and discovery lists): the password grant only when
 * allowed, the JWT bearer grant only with trusted issuers to verify assertions with.
 */
export function supportedGrants(
  config: Pick<Config, "allowPasswordGrant" | "trustedIssuers">,
): string[] {
  return GRANT_TYPES.filter((g) =>
    (g !== "password" || config.allowPasswordGrant) &&
    (g !== JWT_BEARER_GRANT_TYPE || config.trustedIssuers.length > 0)
  );
}

/**
 * Algorithms a client may ask its ID tokens to be signed with, the default first: any Gatehouse
 * generates keys for, or with `--signing-key` only those the file holds keys for.
 * @see OpenID Connect Registration §2 (id_token_signed_response_alg)
 */
export function idTokenAlgs(config: Pick<Config, "alg" | "signingKeys">): string[] {
  const algs: string[] = config.signingKeys ? config.signingKeys.map((k) => k.alg) : [
    ...SIGNING_ALGS,
  ];
  return [...new Set([config.alg, ...algs])];
}
