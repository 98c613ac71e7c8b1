import type { Profile } from "./types.ts";

/**
 * Amazon Cognito user pools: the issuer is `https://cognito-idp.{region}.amazonaws.com/{poolId}`
 * with its JWKS at `/.well-known/jwks.json`; the OAuth endpoints (`/oauth2/authorize`,
 * `/oauth2/token`, `/oauth2/userInfo`, `/logout`, `/oauth2/revoke`) live on the pool's domain,
 * here under the issuer. Tokens say what they are in `token_use`; a user's `groups` travel as
 * `cognito:groups`, the user name as `cognito:username` (ID token) and `username` (access token).
 */
export const cognito: Profile = {
  name: "cognito",
  docs: [
    "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html",
    "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html",
    "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html",
  ],
  issuerShape: "/{region}_{poolId}",
  paths: {
    authorization: "/oauth2/authorize",
    token: "/oauth2/token",
    userinfo: "/oauth2/userInfo",
    jwks: "/.well-known/jwks.json",
    endSession: "/logout",
    revocation: "/oauth2/revoke",
  },
  discovery: {},
  claims: {
    access_token: [
      { to: "token_use", value: "access" },
      { to: "username", from: "sub" },
      { to: "cognito:groups", from: "groups", move: true },
    ],
    id_token: [
      { to: "token_use", value: "id" },
      { to: "cognito:username", from: "sub" },
      { to: "cognito:groups", from: "groups", move: true },
    ],
  },
};
