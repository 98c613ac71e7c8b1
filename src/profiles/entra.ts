import type { ClaimRule, Profile } from "./types.ts";

/** A tenant id in the issuer `…/{tenant-id}/v2.0`: the segment before `/v2.0`, when a GUID. */
const TENANT_IN_ISSUER =
  "/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/v2\\.0$";

/** Claims both of Entra's v2.0 tokens carry. */
const V2_CLAIMS: ClaimRule[] = [
  { to: "ver", value: "2.0" },
  // The tenant's id is the GUID in the issuer; an issuer without one gets a stable GUID of its own.
  { to: "tid", from: "iss", match: TENANT_IN_ISSUER },
  { to: "tid", uuidOf: ["iss"], keep: true },
  // The user's object id: theirs when the users file gives one, else stable per tenant and user.
  { to: "oid", uuidOf: ["tid", "sub"], keep: true },
  { to: "preferred_username", from: "email", keep: true },
  { to: "preferred_username", from: "sub", keep: true },
];

/**
 * Microsoft Entra ID, v2.0 endpoints: the issuer is `https://login.microsoftonline.com/{tenant}/v2.0`
 * and its discovery document lies under it, but the endpoints sit beside the `/v2.0` segment:
 * `/{tenant}/oauth2/v2.0/{authorize,token,logout,devicecode}` and `/{tenant}/discovery/v2.0/keys`.
 * Microsoft serves userinfo on graph.microsoft.com (`/oidc/userinfo`); here it is at
 * `/{tenant}/openid/userinfo`, where the v1.0 discovery document of a tenant lists it. Tokens carry
 * `ver: "2.0"`, `tid`, `oid`, `preferred_username`, and a user's `roles` (app roles) and `groups`
 * as they are; access tokens `azp` and `scp` (the scopes, space-separated). Token endpoint errors
 * carry AADSTS numbers, a trace id, a correlation id and a timestamp.
 */
export const entra: Profile = {
  name: "entra",
  docs: [
    "https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc (discovery, endpoints)",
    "https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference",
    "https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference",
    "https://learn.microsoft.com/entra/identity-platform/reference-error-codes (error bodies)",
  ],
  issuerShape: "/{tenant-id}/v2.0",
  issuerSuffix: "/v2.0",
  paths: {
    authorization: "../oauth2/v2.0/authorize",
    token: "../oauth2/v2.0/token",
    endSession: "../oauth2/v2.0/logout",
    deviceAuthorization: "../oauth2/v2.0/devicecode",
    jwks: "../discovery/v2.0/keys",
    userinfo: "../openid/userinfo",
  },
  // The JOSE header of its access tokens says `JWT`, not RFC 9068's `at+jwt`.
  accessTokenTyp: "JWT",
  discovery: {
    // Entra lists these three; Gatehouse accepts all of them (and more).
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    http_logout_supported: true,
    // The public cloud's values, as its documents carry them: no host here serves them.
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
    tenant_region_scope: null,
  },
  claims: {
    access_token: [
      ...V2_CLAIMS,
      { to: "azp", from: "client_id" },
      { to: "scp", from: "scope" },
    ],
    id_token: [...V2_CLAIMS],
  },
  errors: {
    numbers: {
      invalid_request: 90023,
      invalid_client: 70002,
      invalid_grant: 70000,
      unauthorized_client: 70001,
      unsupported_grant_type: 70003,
      unsupported_response_type: 70005,
      invalid_scope: 70011,
      authorization_pending: 70016,
      expired_token: 70019,
      access_denied: 65004,
      consent_required: 65001,
      invalid_target: 500011,
      server_error: 50000,
    },
    other: 90023,
    description:
      "AADSTS{number}: {description}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}",
    members: {
      error_codes: ["{number}"],
      timestamp: "{timestamp}",
      trace_id: "{trace_id}",
      correlation_id: "{correlation_id}",
      error_uri: "https://login.microsoftonline.com/error?code={number}",
    },
    timestamp: "iso-space",
    // MSAL sends its own correlation id in `client-request-id`; Entra echoes it.
    correlationHeader: "client-request-id",
  },
};
