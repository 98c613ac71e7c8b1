import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
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
 * @see RFC 9110 §15.5.14
 */
export function bodyLimits(base: string): MiddlewareHandler<Env> {
  const limiters = Object.fromEntries(
    Object.entries(BODY_LIMITS).map(([part, maxSize]) => [
      part,
      bodyLimit({ maxSize, onError: (c) => tooLarge(c as Context<Env>, part, maxSize) }),
    ]),
  ) as Record<keyof typeof BODY_LIMITS, MiddlewareHandler<Env>>;
  return (c, next) => limiters[partOf(base, c.req.path)](c, next);
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
