import type { ResolvedConfig } from "../deps.ts";
import { providerMetadata } from "../protocol/discovery.ts";
import { issuerPath } from "../protocol/endpoints.ts";
import { metadataResponse } from "./origin.ts";

/**
 * Answers, while the app is still loading, what needs neither storage nor keys: discovery and
 * RFC 8414 metadata. Anything else (null) waits for the app.
 */
export function earlyResponse(config: ResolvedConfig, req: Request): Response | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const path = new URL(req.url).pathname;
  const base = issuerPath(config.issuer);
  const metadataPaths = [
    `${base}/.well-known/openid-configuration`,
    `${base}/.well-known/oauth-authorization-server`,
    `/.well-known/oauth-authorization-server${base}`,
  ];
  return metadataPaths.includes(path) ? metadataResponse(config, req, providerMetadata) : null;
}
