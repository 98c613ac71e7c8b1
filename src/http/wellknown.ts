import { Hono } from "npm:hono@^4";
import { cors } from "./cors.ts";
import { providerMetadata } from "../protocol/discovery.ts";
import type { Env } from "./env.ts";
import { type MetadataCache, metadataResponse } from "./origin.ts";

/** Discovery, RFC 8414 metadata, JWKS and health: the endpoints that need no client. */
export function wellKnownRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.use("/.well-known/*", cors());
  app.use("/jwks", cors());
  app.use("/jwks.json", cors());
  const documents: MetadataCache = new Map();
  const metadata = (c: import("npm:hono@^4").Context<Env>) =>
    metadataResponse(c.get("deps").config, c.req.raw, providerMetadata, documents);
  app.get("/.well-known/openid-configuration", metadata);
  // RFC 8414 §3 places this at the origin (path-insertion); serving it under the issuer too
  // helps clients that append instead.
  app.get("/.well-known/oauth-authorization-server", metadata);
  // The serialised set is prepared by the key manager once per key change.
  const jwks = async (c: import("npm:hono@^4").Context<Env>) =>
    c.body(await c.get("deps").keys.jwksJson(), 200, {
      "Content-Type": "application/jwk-set+json",
      "Cache-Control": "public, max-age=60",
    });
  app.get("/jwks", jwks);
  app.get("/jwks.json", jwks);
  app.get("/health", health);
  return app;
}

/** 200 when storage answers, 503 otherwise. */
export async function health(c: import("npm:hono@^4").Context<Env>): Promise<Response> {
  try {
    await c.get("deps").store.ping();
    return c.json({ status: "ok" });
  } catch (err) {
    return c.json({ status: "unavailable", reason: (err as Error).message }, 503);
  }
}
