/**
 * Endpoints a browser visits: always on the issuer, whatever the back-channel origin is.
 * Paths are relative to the issuer.
 */
export const FRONT_CHANNEL = {
  authorization: "/authorize",
  endSession: "/logout",
  device: "/device",
} as const;

/**
 * Endpoints only the client's back end calls: listed on the back-channel origin (plus the
 * issuer's path) when one is configured, so containers can reach them by service name.
 * Add a new server-to-server endpoint here, and it follows `--backchannel-url` everywhere.
 */
export const BACK_CHANNEL = {
  token: "/token",
  userinfo: "/userinfo",
  jwks: "/jwks",
  introspection: "/introspect",
  revocation: "/revoke",
  registration: "/register",
  deviceAuthorization: "/device_authorization",
  pushedAuthorizationRequest: "/par",
} as const;

/** The URLs of every endpoint, whether or not discovery lists it yet. */
export type Endpoints =
  & { [K in keyof typeof FRONT_CHANNEL | keyof typeof BACK_CHANNEL]: string }
  & {
    issuer: string;
    discovery: string;
    /** RFC 8414 §3: the well-known segment inserted between the host and the issuer's path. */
    oauthMetadata: string;
  };

/**
 * Builds the endpoint URLs for `issuer`. With `backchannelOrigin` (such as
 * `http://gatehouse:9400`), the {@link BACK_CHANNEL} endpoints move to that origin and keep the
 * issuer's path; the issuer and everything else never change. `paths` (a profile's) replace
 * the endpoints' own paths.
 */
export function endpointsFor(
  issuer: string,
  backchannelOrigin?: string,
  paths: Partial<Record<string, string>> = {},
): Endpoints {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname;
  const back = backchannelOrigin ? `${backchannelOrigin}${issuerPath(issuer)}` : issuer;
  const at = (k: string, p: string) => paths[k] ?? p;
  const front = Object.entries(FRONT_CHANNEL).map(([k, p]) => [k, `${issuer}${at(k, p)}`]);
  const backs = Object.entries(BACK_CHANNEL).map(([k, p]) => [k, `${back}${at(k, p)}`]);
  return {
    ...Object.fromEntries([...front, ...backs]) as Omit<Endpoints, "issuer">,
    issuer,
    discovery: `${issuer}/.well-known/openid-configuration`,
    oauthMetadata: `${url.origin}/.well-known/oauth-authorization-server${path}`,
  };
}

/** The issuer's path ("" for an issuer at the root), under which every endpoint is mounted. */
export function issuerPath(issuer: string): string {
  const path = new URL(issuer).pathname;
  return path === "/" ? "" : path.replace(/\/+$/, "");
}
