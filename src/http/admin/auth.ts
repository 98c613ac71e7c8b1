import type { MiddlewareHandler } from "npm:hono@^4";
import { timingSafeEqual } from "../../crypto/random.ts";
import type { Env } from "../env.ts";
import { ProblemError } from "../../control/problem.ts";

/**
 * Refuses a request without the admin token when one is configured (`--admin-token`). The token
 * is compared in constant time and never echoed.
 * @see RFC 6750 §2.1
 */
export function checkAdminToken(expected: string | null, authorization: string | undefined): void {
  if (expected === null) return;
  if (!authorization) {
    throw new ProblemError(
      401,
      "unauthorized",
      'this endpoint needs "Authorization: Bearer <token>" with the token given to --admin-token',
    );
  }
  const sent = authorization.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (sent === undefined) {
    throw new ProblemError(401, "unauthorized", "the Authorization header is not a Bearer token");
  }
  if (!timingSafeEqual(sent, expected)) {
    throw new ProblemError(401, "unauthorized", "the Bearer token is not the --admin-token");
  }
}

/** Middleware for `/admin` and `/users`: the admin token, when one is configured. */
export const adminAuth: MiddlewareHandler<Env> = async (c, next) => {
  checkAdminToken(c.get("deps").config.adminToken, c.req.header("authorization"));
  await next();
};
