/**
 * What each IdP's public documentation says, written down independently of src/profiles/ so the
 * tests compare the profile data with the docs, not with itself.
 */

/** Endpoint paths relative to the issuer, and the claims each token must carry. */
export interface IdpFixture {
  issuerPath: string;
  endpoints: Record<string, string>;
  accessToken: (user: { sub: string; roles: string[] }, clientId: string) => Record<
    string,
    unknown
  >;
  idToken: (user: { sub: string; roles: string[] }, clientId: string) => Record<string, unknown>;
  /** Claims that must not be in the ID token. */
  notInIdToken: string[];
}

/**
 * https://www.keycloak.org/securing-apps/oidc-layers ("Available endpoints") and the access
 * token example of the server administration guide (realm_access, typ, azp).
 */
export const KEYCLOAK: IdpFixture = {
  issuerPath: "/realms/dev",
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
