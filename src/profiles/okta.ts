import type { Profile } from "./types.ts";

/**
 * Okta, custom authorization server: the issuer is `/oauth2/{authorizationServerId}` (`default`
 * for the one every org has), its endpoints under `/v1/`. Access tokens carry `ver: 1`, `cid`,
 * `uid` and `scp` (a list); a `groups` claim, when the app defines one, comes from the user's
 * groups in both tokens.
 */
export const okta: Profile = {
  name: "okta",
  docs: [
    "https://developer.okta.com/docs/reference/api/oidc/ (endpoints, token claims)",
    "https://developer.okta.com/docs/concepts/auth-servers/ (custom authorization servers)",
  ],
  issuerShape: "/oauth2/default",
  paths: {
    authorization: "/v1/authorize",
    token: "/v1/token",
    userinfo: "/v1/userinfo",
    jwks: "/v1/keys",
    endSession: "/v1/logout",
    introspection: "/v1/introspect",
    revocation: "/v1/revoke",
    deviceAuthorization: "/v1/device/authorize",
    pushedAuthorizationRequest: "/v1/par",
  },
  discovery: {},
  claims: {
    access_token: [
      { to: "ver", value: 1 },
      { to: "cid", from: "client_id" },
      { to: "uid", from: "sub" },
      { to: "scp", from: "scope", split: true },
    ],
    id_token: [{ to: "ver", value: 1 }],
  },
};
