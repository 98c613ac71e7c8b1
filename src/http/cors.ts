import type { MiddlewareHandler } from "npm:hono@^4";
import { cors as honoCors } from "npm:hono@^4/cors";
import { responseHeaders } from "./headers.ts";

/** What our endpoints allow cross-origin: any origin, no credentials (they are bearer APIs). */
export interface CorsOptions {
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
}

/**
 * CORS for any origin. Preflights are Hono's; on every other request the headers go on the
 * response the route made, after it. Hono's middleware sets them before the route runs, on a
 * placeholder response that Hono then copies into the route's: a sixth of a discovery request's
 * main-thread time in the profile.
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function cors(opts: CorsOptions = {}): MiddlewareHandler {
  const preflight = honoCors({ origin: "*", ...opts });
  const expose = opts.exposeHeaders?.length ? opts.exposeHeaders.join(",") : undefined;
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return await preflight(c, next);
    await next();
    const headers = responseHeaders(c, { "Access-Control-Allow-Origin": "*" });
    if (expose) headers.set("Access-Control-Expose-Headers", expose);
  };
}
