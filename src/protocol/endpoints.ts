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
 * the endpoints' own paths; see {@link resolvePath} for `../`.
 */
export function endpointsFor(
  issuer: string,
  backchannelOrigin?: string,
  paths: Partial<Record<string, string>> = {},
): Endpoints {
  const url = new URL(issuer);
  const path = issuerPath(issuer);
  // The issuer as written, less its path: the origin exactly as configured.
  const origin = issuer.endsWith(path) ? issuer.slice(0, issuer.length - path.length) : url.origin;
  const backOrigin = backchannelOrigin ?? origin;
  const at = (k: string, p: string) => resolvePath(path, paths[k] ?? p);
  const front = Object.entries(FRONT_CHANNEL).map(([k, p]) => [k, `${origin}${at(k, p)}`]);
  const backs = Object.entries(BACK_CHANNEL).map(([k, p]) => [k, `${backOrigin}${at(k, p)}`]);
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

/**
 * The path of endpoint path `rel` for the issuer path `base`: `/token` is `{base}/token`; each
 * leading `../` first takes the last segment off `base`, as URL resolution does (RFC 3986
 * §5.2.4), so `../oauth2/v2.0/token` under `/{tenant}/v2.0` is `/{tenant}/oauth2/v2.0/token`.
 * A profile whose endpoints sit beside the issuer's path, not under it, says so this way.
 */
export function resolvePath(base: string, rel: string): string {
  const climbs = climbsOf(rel);
  if (climbs === 0) return `${base}${rel}`;
  let at = base;
  for (let i = 0; i < climbs; i++) at = parentPath(at);
  return `${at}/${rel.slice(3 * climbs)}`;
}

/** How many leading `../` segments `rel` has. */
function climbsOf(rel: string | undefined): number {
  return (rel?.match(/^(?:\.\.\/)*/)?.[0].length ?? 0) / 3;
}

/** `path` without its last segment (`/a/b` → `/a`; `/a` → ""). */
function parentPath(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf("/"), 0));
}

/**
 * The path every endpoint of `base` with `paths` lives under: `base` itself, or its parent when
 * some path climbs out of it with `../`. The session cookie is scoped to it, so the browser
 * sends the session to every front-channel endpoint.
 */
export function endpointsRoot(base: string, paths: Partial<Record<string, string>> = {}): string {
  let at = base;
  for (let i = 0; i < Math.max(0, ...Object.values(paths).map(climbsOf)); i++) at = parentPath(at);
  return at;
}
