import type { Hono, MiddlewareHandler } from "npm:hono@^4";
import type { Deps } from "../deps.ts";
import { BACK_CHANNEL, FRONT_CHANNEL, issuerPath, resolvePath } from "../protocol/endpoints.ts";
import { profileNamed } from "../profiles/index.ts";
import type { Env } from "./env.ts";

/**
 * A profile's endpoint paths (`/protocol/openid-connect/token`), answered by Gatehouse's own
 * routes (`/token`): the request is passed on to `app` at the own path. Null without a profile.
 * A path may lie outside the issuer's (`../oauth2/v2.0/token` beside `/{tenant}/v2.0`): this runs
 * on every request of the app, so those are answered too.
 */
export function profilePaths(deps: Deps, app: Hono<Env>): MiddlewareHandler<Env> | null {
  const profile = profileNamed(deps.config.profile);
  if (!profile) return null;
  const base = issuerPath(deps.config.issuer);
  const own: Record<string, string> = { ...FRONT_CHANNEL, ...BACK_CHANNEL };
  // Longest first: `/auth/device` before `/auth`, `/token/introspect` before `/token`.
  const map = Object.entries(profile.paths)
    .map(([name, path]) => [resolvePath(base, path), `${base}${own[name]}`])
    .filter(([from, to]) => from !== to)
    .sort(([a], [b]) => b.length - a.length);
  return async (c, next) => {
    const path = c.req.path;
    const hit = map.find(([from]) => path === from || path.startsWith(`${from}/`));
    if (!hit) return await next();
    const url = new URL(c.req.url);
    url.pathname = hit[1] + path.slice(hit[0].length);
    return await app.fetch(new Request(url, c.req.raw));
  };
}
