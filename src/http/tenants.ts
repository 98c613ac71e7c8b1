import type { Hono, MiddlewareHandler } from "npm:hono@^4";
import type { Deps } from "../deps.ts";
import { ROOT_SEGMENTS } from "../config/tenants.ts";
import { issuerPath, resolvePath } from "../protocol/endpoints.ts";
import { profileNamed } from "../profiles/index.ts";
import { createTenants, type Tenants } from "../tenants/registry.ts";
import type { Env } from "./env.ts";

const METADATA = "/.well-known/oauth-authorization-server";

/**
 * The first path segment under the issuer's path `base` of `path`, and the tenant it would name
 * (null when the path has none). RFC 8414 §3.1 metadata of a tenant lives at the origin's
 * `/.well-known/oauth-authorization-server{base}/{tenant}` (path insertion), so that path names
 * the tenant too.
 */
export function tenantSegment(path: string, base: string): string | null {
  const rest = path.startsWith(`${METADATA}${base}/`)
    ? path.slice(METADATA.length + base.length + 1)
    : path.startsWith(`${base}/`)
    ? path.slice(base.length + 1)
    : null;
  const name = rest?.split("/")[0];
  return name ? name : null;
}

/**
 * First path segments of the root issuer's routes, and of its profile's paths under `base`
 * (`protocol` of Keycloak's, `oauth2` of Entra's at the root): no tenant may be named after one.
 */
export function routeSegments(api: Hono<Env>, deps?: Pick<Deps, "config">): Set<string> {
  const base = deps ? issuerPath(deps.config.issuer) : "";
  const profilePaths = Object.values(profileNamed(deps?.config.profile)?.paths ?? {})
    .map((p) => resolvePath(base, p))
    .filter((p) => p.startsWith(`${base}/`))
    .map((p) => p.slice(base.length));
  return new Set(
    [...api.routes.map((r) => r.path), ...profilePaths]
      .map((p) => p.split("/")[1])
      .filter((s) => s && !s.includes("*")),
  );
}

/**
 * Sends `/{tenant}/…` to that tenant's own app (created on first use) before the root issuer
 * sees the request; anything else goes on to the root issuer.
 */
export function tenantDispatch(
  deps: Deps,
  api: Hono<Env>,
  build: (deps: Deps) => { fetch(req: Request): Response | Promise<Response> },
): { tenants: Tenants; dispatch: MiddlewareHandler<Env>; hint(path: string): string } {
  const base = issuerPath(deps.config.issuer);
  const tenants = createTenants(
    deps,
    new Set([...ROOT_SEGMENTS, ...routeSegments(api, deps)]),
    build,
  );
  return {
    tenants,
    async dispatch(c, next) {
      const name = tenantSegment(c.req.path, base);
      if (name === null || tenants.refusal(name) !== null) return await next();
      return await (await tenants.get(name)).fetch(c.req.raw);
    },
    hint(path) {
      const name = tenantSegment(path, base);
      const why = name === null ? null : tenants.refusal(name);
      return why ? `; ${why}` : "";
    },
  };
}
