import type { Profile } from "./types.ts";

/** The namespace Auth0 requires for custom claims (any URL the tenant owns; this one is ours). */
export const AUTH0_NAMESPACE = "https://gatehouse.dev/";

/**
 * Auth0: endpoints at the tenant's domain (`/authorize`, `/oauth/token`, `/userinfo`,
 * `/.well-known/jwks.json`, `/oidc/logout`, `/oauth/revoke`, `/oauth/device/code`,
 * `/oidc/register`, `/oauth/par`). Custom claims added by an Action must be namespaced: a user's
 * `roles` and `groups` go out as `https://gatehouse.dev/roles` and `…/groups`; access tokens carry
 * `azp`.
 */
export const auth0: Profile = {
  name: "auth0",
  docs: [
    "https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery",
    "https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims",
  ],
  issuerShape: "(the tenant's domain, no path)",
  paths: {
    authorization: "/authorize",
    token: "/oauth/token",
    userinfo: "/userinfo",
    jwks: "/.well-known/jwks.json",
    endSession: "/oidc/logout",
    revocation: "/oauth/revoke",
    deviceAuthorization: "/oauth/device/code",
    registration: "/oidc/register",
    pushedAuthorizationRequest: "/oauth/par",
  },
  // The JOSE header of its access tokens says `JWT`, not RFC 9068's `at+jwt`.
  accessTokenTyp: "JWT",
  discovery: {},
  claims: {
    access_token: [
      { to: "azp", from: "client_id" },
      { to: `${AUTH0_NAMESPACE}roles`, from: "roles", move: true },
      { to: `${AUTH0_NAMESPACE}groups`, from: "groups", move: true },
    ],
    id_token: [
      { to: `${AUTH0_NAMESPACE}roles`, from: "roles", move: true },
      { to: `${AUTH0_NAMESPACE}groups`, from: "groups", move: true },
    ],
  },
};
