import type { Profile } from "./types.ts";

/**
 * Google: the issuer `https://accounts.google.com` (no path); the authorization endpoint at
 * `/o/oauth2/v2/auth`, keys at `/oauth2/v3/certs`, and the token, userinfo, revocation and device
 * endpoints (on googleapis.com hosts) here under the issuer at the same paths. ID tokens carry
 * `azp`, and `hd` for a Workspace user (a user's own `hd` claim).
 */
export const google: Profile = {
  name: "google",
  docs: [
    "https://developers.google.com/identity/openid-connect/openid-connect (discovery, ID token)",
  ],
  issuerShape: "(no path)",
  paths: {
    authorization: "/o/oauth2/v2/auth",
    token: "/token",
    userinfo: "/v1/userinfo",
    jwks: "/oauth2/v3/certs",
    revocation: "/revoke",
    deviceAuthorization: "/device/code",
  },
  discovery: {},
  claims: {
    access_token: [{ to: "azp", from: "client_id" }],
    id_token: [{ to: "azp", from: "aud" }],
  },
};
