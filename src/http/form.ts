import type { Context } from "hono";
import { OAuthError } from "../protocol/errors.ts";

/** Largest form body accepted, in bytes. */
const MAX_BODY = 64 * 1024;

/** Parameters as sent, one value each (RFC 6749 §3.1: no parameter may be sent twice). */
export type Params = Record<string, string>;

/**
 * Parameters an extension lets a client send more than once: RFC 8707 §2 `resource`. Their values
 * are joined with a space, which an absolute URI cannot contain, so nothing is lost.
 */
const REPEATABLE = new Set(["resource"]);

/** Parses `application/x-www-form-urlencoded` parameters, refusing duplicates and empty names. */
export function parseParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [name, value] of search) {
    if (REPEATABLE.has(name) && name in out) {
      if (value !== "") out[name] += ` ${value}`;
      continue;
    }
    if (name in out) throw new OAuthError("invalid_request", `parameter "${name}" is repeated`);
    // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
    if (value !== "") out[name] = value;
  }
  return out;
}

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
  const text = await c.req.text();
  if (text.length > MAX_BODY) {
    throw new OAuthError("invalid_request", `the body is larger than ${MAX_BODY} bytes`, 413);
  }
  return parseParams(new URLSearchParams(text));
}

/** GET query or POST form parameters (the authorization and logout endpoints take both). */
export async function readRequestParams(c: Context): Promise<Params> {
  if (c.req.method === "POST") return await readForm(c);
  return parseParams(new URL(c.req.url).searchParams);
}
