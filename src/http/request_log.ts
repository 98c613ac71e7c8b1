import type { Context, MiddlewareHandler } from "npm:hono@^4";
import { matchedRoutes } from "npm:hono@^4/route";
import type { RequestEntry } from "../control/requests.ts";
import type { RequestNotes } from "../control/scenarios.ts";
import type { Deps } from "../deps.ts";
import { issuerPath } from "../protocol/endpoints.ts";
import type { Warning, WarningSink } from "../protocol/rules.ts";
import type { Env } from "./env.ts";

/** The path under the issuer (`/token`), or the path itself outside it (`/health`). */
export function endpointOf(path: string, base: string): string {
  if (!base) return path;
  if (path === base) return "/";
  return path.startsWith(`${base}/`) ? path.slice(base.length) : path;
}

const under = (endpoint: string, prefix: string) =>
  endpoint === prefix || endpoint.startsWith(`${prefix}/`);

/** Control-plane and page requests: logged and counted, but not listed as recent requests. */
function isProtocolRequest(endpoint: string): boolean {
  return !(endpoint === "/" || endpoint === "/metrics" || endpoint === "/health" ||
    endpoint === "/favicon.ico" || endpoint === "/inspector/decode" ||
    under(endpoint, "/admin") || under(endpoint, "/users"));
}

/** The registered route that answered (bounded label values), or "unmatched". */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    if (routes[i].method !== "ALL") return routes[i].path;
  }
  return "unmatched";
}

/** A warning sink that also collects this request's warnings. */
function collecting(sink: WarningSink, into: Warning[]): WarningSink {
  return {
    ...sink,
    record(w) {
      into.push(w);
      sink.record(w);
    },
  };
}

function logLine(deps: Deps, e: Omit<RequestEntry, "id">): void {
  const json = deps.config.logFormat === "json";
  const rules = e.warnings.map((w) => w.rule);
  deps.log.info("request", {
    method: e.method,
    path: e.path,
    status: e.status,
    ms: Math.round(e.ms * 10) / 10,
    client_id: e.clientId,
    grant_type: e.grantType,
    dpop_jkt: e.dpopJkt,
    sub: e.sub,
    error: e.error,
    scenario: e.scenario,
    warnings: rules.length ? (json ? rules : rules.join(",")) : undefined,
  });
}

function finish(
  deps: Deps,
  c: Context<Env>,
  endpoint: string,
  ms: number,
  notes: RequestNotes,
  warnings: Warning[],
) {
  const e: Omit<RequestEntry, "id"> = {
    at: deps.clock.now(),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms,
    clientId: c.get("clientId"),
    sub: c.get("sub") ?? notes.sub,
    grantType: c.get("grantType"),
    dpopJkt: c.get("dpopJkt"),
    error: c.get("errorCode"),
    warnings,
    tokens: notes.tokens,
    scenario: notes.scenario,
  };
  logLine(deps, e);
  const issued = e.status < 400 ? e.tokens : [];
  deps.metrics.observe({
    method: e.method,
    route: routeOf(c),
    status: e.status,
    seconds: ms / 1000,
    error: e.error,
    tokens: issued.map((t) => ({ grant: e.grantType ?? "none", type: t.kind })),
    warnings: warnings.map((w) => w.rule),
  });
  if (isProtocolRequest(endpoint)) deps.requests.add(e);
}

/**
 * One log line per request (method, path, status, ms, client, grant, user, warning ids — never a
 * query, a secret, a code or a token), the metrics, and the in-memory list of recent requests.
 * It gives the request its own view of the warnings and scenarios, so both are attributed to it.
 * Nothing here writes to storage: it sits on every request's hot path.
 */
export function requestLog(deps: Deps): MiddlewareHandler<Env> {
  const base = issuerPath(deps.config.issuer);
  return async (c, next) => {
    const started = performance.now();
    const endpoint = endpointOf(c.req.path, base);
    const warnings: Warning[] = [];
    const notes: RequestNotes = { tokens: [] };
    c.set("deps", {
      ...deps,
      warnings: collecting(deps.warnings, warnings),
      scenarios: deps.scenarios.forRequest(endpoint, notes),
    });
    await next();
    finish(deps, c, endpoint, performance.now() - started, notes, warnings);
  };
}
