import type { Context, MiddlewareHandler } from "npm:hono@^4";
import { ProblemError } from "../control/problem.ts";
import { OAuthError } from "../protocol/errors.ts";
import type { Env } from "./env.ts";
import { errorToResponse } from "./errors.tsx";
import { problemResponse } from "./admin/problem.ts";

/**
 * The largest request body each part of the provider reads, in bytes (of the encoded body, not
 * UTF-16 length). A run-time user must fit in one Deno KV value (64 KiB) once stored.
 */
export const BODY_LIMITS = {
  /** Every OAuth and OpenID endpoint: forms, registration JSON, request objects. */
  protocol: 64 * 1024,
  /** `/admin`: clock, keys, mint and scenario requests. */
  admin: 64 * 1024,
  /** `/users`: one user's claims. */
  users: 32 * 1024,
} as const;

/**
 * Refuses a body over its route's limit with 413: at once when `Content-Length` says so, else
 * while the body streams in, never reading past the limit. Control-plane routes answer problem
 * details, the others RFC 6749 JSON (or the HTML error page).
 *
 * Not Hono's `bodyLimit`: it keeps the stream's reader when it gives up, so Deno goes on taking
 * a chunked body in (29 s for 256 MiB in `deno task bench`); cancelling the stream ends it.
 * @see RFC 9110 §15.5.14
 */
export function bodyLimits(base: string): MiddlewareHandler<Env> {
  return async (c, next) => {
    const part = partOf(base, c.req.path);
    const max = BODY_LIMITS[part];
    const body = c.req.raw.body;
    if (!body) return await next();
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(declared) > max) return await tooLarge(c, part, max);
      return await next();
    }
    const read = await readAtMost(body, max);
    if (!read) return await tooLarge(c, part, max);
    c.req.raw = new Request(c.req.raw, { body: read });
    await next();
  };
}

/** The whole body, or null (and the stream cancelled) once it passes `max` bytes. */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) out.set(chunk, (at += chunk.length) - chunk.length);
  return out;
}

function partOf(base: string, path: string): keyof typeof BODY_LIMITS {
  const rest = path.startsWith(base) ? path.slice(base.length) : path;
  if (rest === "/admin" || rest.startsWith("/admin/")) return "admin";
  if (rest === "/users" || rest.startsWith("/users/")) return "users";
  return "protocol";
}

function tooLarge(c: Context<Env>, part: string, max: number): Response | Promise<Response> {
  const detail = `the body is larger than ${max} bytes`;
  if (part === "protocol") {
    return errorToResponse(new OAuthError("invalid_request", detail, 413), c, c.get("deps").log);
  }
  return problemResponse(new ProblemError(413, "payload_too_large", detail), c);
}
