import type { Context, MiddlewareHandler } from "npm:hono@^4";
import { decodeJwt } from "npm:jose@^6";
import type { Deps } from "../../deps.ts";
import type { Env } from "../env.ts";
import { type Params, readRequestParams } from "../form.ts";
import { loadInteraction } from "../interaction.tsx";
import { endpointOf } from "../request_log.ts";
import { resolveTarget } from "../../protocol/authorize/request.ts";
import { FRONT_CHANNEL, issuerPath } from "../../protocol/endpoints.ts";
import { OAuthError } from "../../protocol/errors.ts";
import type { Who } from "../../control/scenarios.ts";

const FRONT = new Set<string>(Object.values(FRONT_CHANNEL));

/** The client named by HTTP Basic authentication (RFC 6749 §2.3.1), never the secret. */
function basicUser(header: string | undefined): string | undefined {
  const m = header?.match(/^Basic\s+(\S+)$/i);
  if (!m) return undefined;
  try {
    const decoded = atob(m[1]);
    return decodeURIComponent(decoded.slice(0, decoded.indexOf(":")).replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

/** The `sub` of a Bearer JWT, unverified: only to match a rule, never to trust. */
function bearerSub(header: string | undefined): string | undefined {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return undefined;
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

async function paramsOf(c: Context<Env>): Promise<Params> {
  try {
    return await readRequestParams(c);
  } catch {
    return {};
  }
}

/** The client and user a request names before any handler has run. */
async function identify(c: Context<Env>, endpoint: string, params: Params): Promise<Who> {
  const auth = c.req.header("authorization");
  const who: Who = {
    clientId: params.client_id ?? basicUser(auth),
    sub: params.login_hint ?? params.sub ?? bearerSub(auth),
  };
  if (endpoint === "/authorize/login" || endpoint === "/authorize/consent") {
    // The form names only the interaction; it knows the client (and sets the redirect target).
    const { interaction } = await loadInteraction(c);
    who.clientId = interaction.request.clientId;
  }
  return who;
}

/** Sends an injected `/authorize` error to the client, as a real one would be sent. */
async function trustRedirect(c: Context<Env>, deps: Deps, params: Params): Promise<void> {
  try {
    const target = await resolveTarget(deps, params);
    c.set("clientId", target.client.client_id);
    c.set("redirectTarget", target);
  } catch {
    // The request has no usable client or redirect URI: the error page shows the injected error.
  }
}

/**
 * Fires scenarios that can be decided at the start of a request: an injected error (sent the way
 * the endpoint sends errors: JSON, an error page, or a redirect to the client) or a delay.
 * Costs one array scan when no scenario names the endpoint.
 */
export function scenarioHook(deps: Deps): MiddlewareHandler<Env> {
  const base = issuerPath(deps.config.issuer);
  return async (c, next) => {
    const endpoint = endpointOf(c.req.path, base);
    if (!deps.scenarios.pendingFor(endpoint)) return await next();
    const params = await paramsOf(c);
    const requestDeps = c.get("deps");
    const who = await identify(c, endpoint, params);
    try {
      await requestDeps.scenarios.atStart(who);
    } catch (err) {
      // A browser endpoint shows its errors on a page, or sends them to the client.
      if (FRONT.has(endpoint) || endpoint.startsWith("/authorize/")) c.set("browser", true);
      if (err instanceof OAuthError && endpoint === "/authorize") {
        await trustRedirect(c, requestDeps, params);
      }
      throw err;
    }
    await next();
  };
}
