import type { Profile } from "./types.ts";

/**
 * Keycloak: a realm is an issuer at `/realms/{realm}`, with its endpoints under
 * `/protocol/openid-connect/`. Realm roles travel in the access token as `realm_access.roles`
 * (the "realm roles" mapper of the default `roles` client scope), client roles as
 * `resource_access.{client}.roles`; tokens carry `typ` and `azp`.
 */
export const keycloak: Profile = {
  name: "keycloak",
  docs: [
    "https://www.keycloak.org/securing-apps/oidc-layers (Available endpoints)",
    "https://www.keycloak.org/docs/latest/server_admin/ (Client scopes, role mappers)",
  ],
  issuerShape: "/realms/{realm}",
  paths: {
    authorization: "/protocol/openid-connect/auth",
    token: "/protocol/openid-connect/token",
    userinfo: "/protocol/openid-connect/userinfo",
    jwks: "/protocol/openid-connect/certs",
    endSession: "/protocol/openid-connect/logout",
    introspection: "/protocol/openid-connect/token/introspect",
    revocation: "/protocol/openid-connect/revoke",
    deviceAuthorization: "/protocol/openid-connect/auth/device",
    pushedAuthorizationRequest: "/protocol/openid-connect/ext/par/request",
    registration: "/clients-registrations/openid-connect",
  },
  // The JOSE header of its access tokens says `JWT`, not RFC 9068's `at+jwt`.
  accessTokenTyp: "JWT",
  discovery: {},
  claims: {
    access_token: [
      { to: "typ", value: "Bearer" },
      { to: "azp", from: "client_id" },
      { to: "preferred_username", from: "sub", keep: true },
      { to: ["realm_access", "roles"], from: "roles", move: true },
      { to: "resource_access", from: "client_roles", move: true },
    ],
    id_token: [
      { to: "typ", value: "ID" },
      { to: "azp", from: "aud" },
      { to: "preferred_username", from: "sub", keep: true },
      // The default role mappers add roles to the access token only.
      { drop: "roles" },
      { drop: "client_roles" },
    ],
  },
};
