import type { Context } from "npm:hono@^4";
import { OAuthError } from "../protocol/errors.ts";
import { type Params, parseParams } from "../protocol/params.ts";

export type { Params };

/**
 * Reads a POST body as form parameters. Only `application/x-www-form-urlencoded` is accepted
 * (RFC 6749 §3.2).
 */
export async function readForm(c: Context): Promise<Params> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new OAuthError(
      "invalid_request",
      `the body must be application/x-www-form-urlencoded, got ${type ? `"${type}"` : "none"}`,
    );
  }
  // The size is bounded by the edge (src/http/body_limit.ts).
  return parseParams(new URLSearchParams(await c.req.text()));
}

/** GET query or POST form parameters (the authorization and logout endpoints take both). */
export async function readRequestParams(c: Context): Promise<Params> {
  if (c.req.method === "POST") return await readForm(c);
  return parseParams(new URL(c.req.url).searchParams);
}
