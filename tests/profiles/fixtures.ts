/**
 * What each IdP's public documentation says, written down independently of src/profiles/ so the
 * tests compare the profile data with the docs, not with itself.
 */

/** The test user every fixture is computed for. */
export interface FixtureUser {
  sub: string;
  roles: string[];
  groups: string[];
  hd: string;
}

/** Endpoint paths relative to the issuer, and the claims each token must carry. */
export interface IdpFixture {
  issuerPath: string;
  /** The path the endpoints lie under, when not the issuer's. */
  endpointsPath?: string;
  endpoints: Record<string, string>;
  /** Further members of the discovery document, as the IdP publishes them. */
  discovery?: Record<string, unknown>;
  /** Claims `claims_supported` must list. */
  claimsSupported?: string[];
  /** Claims of both tokens whose values vary but whose shape is fixed. */
  shapes?: Record<string, RegExp>;
  accessToken: (user: FixtureUser, clientId: string) => Record<string, unknown>;
  idToken: (user: FixtureUser, clientId: string) => Record<string, unknown>;
  /** The JOSE `typ` of access tokens, when not RFC 9068's `at+jwt`. */
  accessTokenTyp?: string;
  /** Claims that must not be in the ID token. */
  notInIdToken: string[];
}

/**
 * https://www.keycloak.org/securing-apps/oidc-layers ("Available endpoints") and the access
 * token example of the server administration guide (realm_access, typ, azp).
 */
export const KEYCLOAK: IdpFixture = {
  issuerPath: "/realms/dev",
  accessTokenTyp: "JWT",
  endpoints: {
    authorization_endpoint: "/protocol/openid-connect/auth",
    token_endpoint: "/protocol/openid-connect/token",
    userinfo_endpoint: "/protocol/openid-connect/userinfo",
    end_session_endpoint: "/protocol/openid-connect/logout",
    jwks_uri: "/protocol/openid-connect/certs",
    introspection_endpoint: "/protocol/openid-connect/token/introspect",
    revocation_endpoint: "/protocol/openid-connect/revoke",
    device_authorization_endpoint: "/protocol/openid-connect/auth/device",
    pushed_authorization_request_endpoint: "/protocol/openid-connect/ext/par/request",
    registration_endpoint: "/clients-registrations/openid-connect",
  },
  accessToken: (user, clientId) => ({
    typ: "Bearer",
    azp: clientId,
    preferred_username: user.sub,
    realm_access: { roles: user.roles },
  }),
  idToken: (user, clientId) => ({ typ: "ID", azp: clientId, preferred_username: user.sub }),
  notInIdToken: ["realm_access", "roles"],
};

/**
 * https://developer.okta.com/docs/reference/api/oidc/: the `default` custom authorization
 * server's `/v1/` endpoints; access tokens with `ver`, `cid`, `uid`, `scp`.
 */
export const OKTA: IdpFixture = {
  issuerPath: "/oauth2/default",
  endpoints: {
    authorization_endpoint: "/v1/authorize",
    token_endpoint: "/v1/token",
    userinfo_endpoint: "/v1/userinfo",
    end_session_endpoint: "/v1/logout",
    jwks_uri: "/v1/keys",
    introspection_endpoint: "/v1/introspect",
    revocation_endpoint: "/v1/revoke",
    device_authorization_endpoint: "/v1/device/authorize",
    pushed_authorization_request_endpoint: "/v1/par",
  },
  accessToken: (user, clientId) => ({
    ver: 1,
    cid: clientId,
    uid: user.sub,
    scp: ["openid", "profile"],
  }),
  idToken: () => ({ ver: 1 }),
  notInIdToken: ["cid", "scp"],
};

/**
 * https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery and
 * https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims (namespaced claims).
 */
export const AUTH0: IdpFixture = {
  issuerPath: "",
  accessTokenTyp: "JWT",
  endpoints: {
    authorization_endpoint: "/authorize",
    token_endpoint: "/oauth/token",
    userinfo_endpoint: "/userinfo",
    jwks_uri: "/.well-known/jwks.json",
    end_session_endpoint: "/oidc/logout",
    revocation_endpoint: "/oauth/revoke",
    device_authorization_endpoint: "/oauth/device/code",
    registration_endpoint: "/oidc/register",
    pushed_authorization_request_endpoint: "/oauth/par",
  },
  accessToken: (user, clientId) => ({
    azp: clientId,
    "https://gatehouse.dev/roles": user.roles,
    "https://gatehouse.dev/groups": user.groups,
  }),
  idToken: (user) => ({
    "https://gatehouse.dev/roles": user.roles,
    "https://gatehouse.dev/groups": user.groups,
  }),
  notInIdToken: ["roles", "groups"],
};

/**
 * Amazon Cognito developer guide: "Understanding the ID token", "Understanding the access token"
 * and the user pool endpoints reference.
 */
export const COGNITO: IdpFixture = {
  issuerPath: "/us-east-1_Example",
  endpoints: {
    authorization_endpoint: "/oauth2/authorize",
    token_endpoint: "/oauth2/token",
    userinfo_endpoint: "/oauth2/userInfo",
    jwks_uri: "/.well-known/jwks.json",
    end_session_endpoint: "/logout",
    revocation_endpoint: "/oauth2/revoke",
  },
  accessToken: (user, clientId) => ({
    token_use: "access",
    client_id: clientId,
    username: user.sub,
    "cognito:groups": user.groups,
  }),
  idToken: (user) => ({
    token_use: "id",
    "cognito:username": user.sub,
    "cognito:groups": user.groups,
  }),
  notInIdToken: ["groups"],
};

/** https://developers.google.com/identity/openid-connect/openid-connect (discovery document). */
export const GOOGLE: IdpFixture = {
  issuerPath: "",
  endpoints: {
    authorization_endpoint: "/o/oauth2/v2/auth",
    token_endpoint: "/token",
    userinfo_endpoint: "/v1/userinfo",
    jwks_uri: "/oauth2/v3/certs",
    revocation_endpoint: "/revoke",
    device_authorization_endpoint: "/device/code",
  },
  accessToken: (_user, clientId) => ({ azp: clientId }),
  idToken: (user, clientId) => ({ azp: clientId, aud: clientId, hd: user.hd }),
  notInIdToken: [],
};

/** The tenant id of the examples in Microsoft's OpenID Connect page. */
export const ENTRA_TENANT = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Microsoft identity platform: "OpenID Connect on the Microsoft identity platform" (the issuer
 * `https://login.microsoftonline.com/{tenant}/v2.0`, endpoints under `/{tenant}/oauth2/v2.0/` and
 * keys at `/{tenant}/discovery/v2.0/keys`), the ID token and access token claims references
 * (`ver` "2.0", `tid`, `oid` a GUID, `preferred_username`, `roles`, `groups`, `azp`, `scp` a
 * space-separated string). Userinfo is graph.microsoft.com's `/oidc/userinfo` there; Gatehouse
 * serves it at `/{tenant}/openid/userinfo`, where Entra's v1.0 documents list it.
 */
export const ENTRA: IdpFixture = {
  issuerPath: `/${ENTRA_TENANT}/v2.0`,
  endpointsPath: `/${ENTRA_TENANT}`,
  accessTokenTyp: "JWT",
  endpoints: {
    authorization_endpoint: "/oauth2/v2.0/authorize",
    token_endpoint: "/oauth2/v2.0/token",
    end_session_endpoint: "/oauth2/v2.0/logout",
    device_authorization_endpoint: "/oauth2/v2.0/devicecode",
    jwks_uri: "/discovery/v2.0/keys",
    userinfo_endpoint: "/openid/userinfo",
  },
  discovery: {
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    response_modes_supported: ["query", "fragment", "form_post"],
    request_uri_parameter_supported: false,
    frontchannel_logout_supported: true,
    http_logout_supported: true,
    cloud_instance_name: "microsoftonline.com",
    msgraph_host: "graph.microsoft.com",
  },
  claimsSupported: ["tid", "ver", "oid", "preferred_username", "email", "name"],
  shapes: { oid: GUID },
  accessToken: (user, clientId) => ({
    ver: "2.0",
    tid: ENTRA_TENANT,
    azp: clientId,
    scp: "openid profile",
    preferred_username: user.sub,
    roles: user.roles,
    groups: user.groups,
  }),
  idToken: (user, clientId) => ({
    ver: "2.0",
    tid: ENTRA_TENANT,
    aud: clientId,
    preferred_username: user.sub,
    roles: user.roles,
    groups: user.groups,
  }),
  notInIdToken: ["scp"],
};
