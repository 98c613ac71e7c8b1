import type { Config } from "../config/schema.ts";
import type { ResolvedConfig } from "../deps.ts";

/**
 * The origin discovery lists the back-channel endpoints on for this request: `--backchannel-url`,
 * or with `--backchannel-dynamic` the origin the request was sent to. Undefined means the
 * issuer's. The issuer itself never depends on the request.
 */
export function backchannelOrigin(
  config: Pick<Config, "backchannelUrl" | "backchannelDynamic" | "trustProxy">,
  req: Request,
): string | undefined {
  if (config.backchannelUrl) return config.backchannelUrl;
  if (!config.backchannelDynamic) return undefined;
  return requestOrigin(req, config.trustProxy);
}

/** Builds a metadata document for a config and an optional back-channel origin. */
export type MetadataBuilder = (
  config: ResolvedConfig,
  backchannel?: string,
) => Record<string, unknown>;

/** Serialised documents by back-channel origin; cleared when full (the origin may follow Host). */
export type MetadataCache = Map<string, string>;
const METADATA_CACHE_ENTRIES = 16;

/**
 * Serves a metadata document built for this request's back-channel origin. When that origin
 * follows the request, `Vary` keeps caches from handing one client's URLs to another. A plain
 * Request → Response function: the start-up responder serves it before the app has loaded.
 * With `cache`, each origin's document is built and serialised once (configuration is fixed
 * for the life of the process).
 */
export function metadataResponse(
  config: ResolvedConfig,
  req: Request,
  build: MetadataBuilder,
  cache?: MetadataCache,
): Response {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Cache-Control": "public, max-age=60",
    "Access-Control-Allow-Origin": "*",
  };
  if (config.backchannelDynamic && !config.backchannelUrl) {
    headers.Vary = config.trustProxy ? "Host, X-Forwarded-Proto, X-Forwarded-Host" : "Host";
  }
  const origin = backchannelOrigin(config, req);
  let body = cache?.get(origin ?? "");
  if (body === undefined) {
    body = JSON.stringify(build(config, origin));
    if (cache && cache.size >= METADATA_CACHE_ENTRIES) cache.clear();
    cache?.set(origin ?? "", body);
  }
  return new Response(req.method === "HEAD" ? null : body, { headers });
}

const HOST = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/**
 * The origin a request was sent to. `X-Forwarded-Proto` and `X-Forwarded-Host` are read only
 * from a trusted proxy: anyone else could point clients' token requests at a host of their choosing.
 */
export function requestOrigin(req: Request, trustProxy: boolean): string {
  const url = new URL(req.url);
  if (!trustProxy) return url.origin;
  const proto = firstValue(req.headers.get("x-forwarded-proto"))?.toLowerCase();
  const host = firstValue(req.headers.get("x-forwarded-host"));
  const scheme = proto === "http" || proto === "https" ? proto : url.protocol.slice(0, -1);
  const authority = host && HOST.test(host) ? host : url.host;
  try {
    return new URL(`${scheme}://${authority}`).origin;
  } catch {
    return url.origin;
  }
}

/** A proxy chain appends to these headers; the first value is what the client used. */
function firstValue(header: string | null): string | undefined {
  const value = header?.split(",")[0].trim();
  return value || undefined;
}
