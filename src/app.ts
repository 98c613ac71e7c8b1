import { Hono } from "npm:hono@^4";
import type { Deps } from "./deps.ts";
import { issuerPath } from "./protocol/endpoints.ts";
import { providerMetadata } from "./protocol/discovery.ts";
import type { Env } from "./http/env.ts";
import { errorToResponse } from "./http/errors.tsx";
import { health, wellKnownRoutes } from "./http/wellknown.ts";
import { authorizeRoutes } from "./http/authorize.ts";
import { tokenRoutes } from "./http/token.ts";
import { userinfoRoutes } from "./http/userinfo.ts";
import { logoutRoutes } from "./http/logout.tsx";
import { deviceAuthorizationRoutes } from "./http/device_authorization.ts";
import { deviceRoutes } from "./http/device.tsx";
import { introspectRoutes } from "./http/introspect.ts";
import { revokeRoutes } from "./http/revoke.ts";
import { registerRoutes } from "./http/register.ts";
import { parRoutes } from "./http/par.ts";
import { metadataResponse } from "./http/origin.ts";
import { OAuthError } from "./protocol/errors.ts";
import { requestLog } from "./http/request_log.ts";
import { scenarioHook } from "./http/admin/scenario_hook.ts";
import { adminRoutes } from "./http/admin/routes.ts";
import { usersRoutes } from "./http/users_api.ts";
import { inspectorRoutes } from "./http/inspector.tsx";
import { metricsRoutes } from "./http/metrics.ts";
import { tenantDispatch } from "./http/tenants.ts";
import { profilePaths } from "./http/profile_paths.ts";
import { edgeHeaders } from "./http/headers.ts";
import { bodyLimits } from "./http/body_limit.ts";

/**
 * The whole provider as a Hono app. Every endpoint lives under the issuer's path; RFC 8414
 * metadata also answers at its path-insertion location, and `/health` at the root.
 */
export function createApp(deps: Deps): Hono<Env> {
  const base = issuerPath(deps.config.issuer);
  const api = new Hono<Env>();
  api.route("/", wellKnownRoutes());
  api.route("/", authorizeRoutes());
  api.route("/", tokenRoutes());
  api.route("/", userinfoRoutes());
  api.route("/", logoutRoutes());
  api.route("/", deviceAuthorizationRoutes());
  api.route("/", deviceRoutes());
  api.route("/", introspectRoutes());
  api.route("/", revokeRoutes());
  api.route("/", registerRoutes());
  api.route("/", parRoutes());
  api.route("/", inspectorRoutes());
  api.route("/", metricsRoutes());
  api.route("/users", usersRoutes());
  api.route("/admin", adminRoutes());

  const app = new Hono<Env>();
  // Tenants first: a `/{tenant}/…` request is the tenant's alone (its own log, metrics, errors).
  const tenants = deps.config.tenants ? tenantDispatch(deps, api, createApp) : null;
  if (tenants) app.use("*", tenants.dispatch);
  const rewrite = profilePaths(deps, app);
  if (rewrite) app.use("*", rewrite);
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    try {
      await next();
    } finally {
      // A request's warnings are in storage before its response: the inspector never lags.
      await deps.warnings.flush();
    }
  });
  // Logs, counts and lists each request; shared response headers; body limits; then scenarios
  // that fire before any handler runs.
  app.use("*", requestLog(deps), edgeHeaders, bodyLimits(base), scenarioHook(deps));
  if (base) {
    app.get(
      `/.well-known/oauth-authorization-server${base}`,
      (c) => metadataResponse(deps.config, c.req.raw, providerMetadata),
    );
    app.get("/health", health);
  }
  app.route(base || "/", api);
  app.notFound((c) =>
    errorToResponse(
      new OAuthError(
        "not_found",
        `no endpoint at ${c.req.method} ${c.req.path}${tenants?.hint(c.req.path) ?? ""}`,
        404,
      ),
      c,
      deps.log,
    )
  );
  app.onError((err, c) => errorToResponse(err, c, deps.log));
  return app;
}
