import type { ResolvedConfig } from "../deps.ts";
import { SCOPE_CLAIMS } from "./claims.ts";
import { endpointsFor } from "./endpoints.ts";
import { profileNamed } from "../profiles/index.ts";
import { DPOP_ALGS } from "./dpop/errors.ts";
import {
  AUTH_METHODS,
  DISPLAY_VALUES,
  HMAC_ALGS,
  idTokenAlgs,
  JWE_ALGS,
  JWE_ENCS,
  KEY_ALGS,
  REQUEST_OBJECT_ALGS,
  RESPONSE_TYPES,
  supportedGrants,
} from "./capabilities.ts";

/**
 * Provider metadata: only what really works is listed. With `backchannelOrigin`, the
 * back-channel endpoints (`BACK_CHANNEL` in endpoints.ts) are listed on that origin; the issuer
 * and the front-channel endpoints stay on the issuer's.
 * @see OpenID Connect Discovery 1.0 §3, RFC 8414 §2
 */
export function providerMetadata(
  config: ResolvedConfig,
  backchannelOrigin?: string,
): Record<string, unknown> {
  const profile = profileNamed(config.profile);
  const e = endpointsFor(config.issuer, backchannelOrigin, profile?.paths);
  const algs = [...HMAC_ALGS, ...KEY_ALGS];
  const claims = new Set(["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr"]);
  for (const list of Object.values(SCOPE_CLAIMS)) list.forEach((c) => claims.add(c));
  // The claims a profile puts in ID tokens (Entra's `tid`, `oid`, `ver`), by their top-level name.
  for (const rule of profile?.claims.id_token ?? []) {
    if ("to" in rule) claims.add(typeof rule.to === "string" ? rule.to : rule.to[0]);
  }
  return {
    issuer: config.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    userinfo_endpoint: e.userinfo,
    jwks_uri: e.jwks,
    end_session_endpoint: e.endSession,
    registration_endpoint: e.registration,
    device_authorization_endpoint: e.deviceAuthorization,
    introspection_endpoint: e.introspection,
    revocation_endpoint: e.revocation,
    pushed_authorization_request_endpoint: e.pushedAuthorizationRequest,
    // The scopes of the protected resources (`--resource`) are scopes this server issues too.
    scopes_supported: [
      ...new Set([
        "openid",
        ...Object.keys(SCOPE_CLAIMS),
        "offline_access",
        ...config.resources.flatMap((r) => r.scopes ?? []),
      ]),
    ],
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: ["query", "fragment", "form_post"],
    grant_types_supported: [...supportedGrants(config), "implicit"],
    subject_types_supported: ["public", "pairwise"],
    id_token_signing_alg_values_supported: idTokenAlgs(config),
    id_token_encryption_alg_values_supported: JWE_ALGS,
    id_token_encryption_enc_values_supported: JWE_ENCS,
    userinfo_signing_alg_values_supported: idTokenAlgs(config),
    userinfo_encryption_alg_values_supported: JWE_ALGS,
    userinfo_encryption_enc_values_supported: JWE_ENCS,
    // Logout tokens always carry `sid`; front-channel URIs get `iss` and `sid` when asked.
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    token_endpoint_auth_signing_alg_values_supported: algs,
    // RFC 7662 §2.1: introspection is for authenticated clients only.
    introspection_endpoint_auth_methods_supported: AUTH_METHODS.filter((m) => m !== "none"),
    introspection_endpoint_auth_signing_alg_values_supported: algs,
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_signing_alg_values_supported: algs,
    // RFC 9449 §5.1.
    dpop_signing_alg_values_supported: DPOP_ALGS,
    code_challenge_methods_supported: config.strict ? ["S256"] : ["S256", "plain"],
    prompt_values_supported: ["none", "login", "consent", "select_account"],
    display_values_supported: DISPLAY_VALUES,
    claims_supported: [...claims],
    claims_parameter_supported: true,
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: REQUEST_OBJECT_ALGS,
    // Only /par's own URNs are taken; no request URI is ever fetched.
    request_uri_parameter_supported: false,
    require_pushed_authorization_requests: false,
    authorization_response_iss_parameter_supported: true,
    // An https client_id with a path is fetched as its metadata document (CIMD §5).
    client_id_metadata_document_supported: true,
    ...profile?.discovery,
  };
}
