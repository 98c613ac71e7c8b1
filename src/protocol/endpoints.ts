/** The URLs of every endpoint, derived from the issuer (paths are relative to it). */
export interface Endpoints {
  issuer: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
  discovery: string;
  /** RFC 8414 §3: the well-known segment inserted between the host and the issuer's path. */
  oauthMetadata: string;
}

/** Builds the endpoint URLs for `issuer`. */
export function endpointsFor(issuer: string): Endpoints {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname;
  return {
    issuer,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/token`,
    userinfo: `${issuer}/userinfo`,
    jwks: `${issuer}/jwks`,
    endSession: `${issuer}/logout`,
    discovery: `${issuer}/.well-known/openid-configuration`,
    oauthMetadata: `${url.origin}/.well-known/oauth-authorization-server${path}`,
  };
}

/** The issuer's path ("" for an issuer at the root), under which every endpoint is mounted. */
export function issuerPath(issuer: string): string {
  const path = new URL(issuer).pathname;
  return path === "/" ? "" : path.replace(/\/+$/, "");
}
