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

/** The token in `Bearer <token>`, or the password of Basic credentials (any user name). */
function viewerToken(authorization: string | undefined): string | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer !== undefined) return bearer;
  const basic = authorization?.match(/^Basic\s+(\S+)\s*$/i)?.[1];
  if (basic === undefined) return undefined;
  try {
    const decoded = atob(basic);
    return decoded.slice(decoded.indexOf(":") + 1);
  } catch {
    return undefined;
  }
}

/**
 * Middleware for the inspector (`/`, `/inspector/*`: live sessions, token claims, one-click
 * sign-in) and `/metrics`: with `--admin-token` they need it too, as a Bearer token or as the
 * password of Basic credentials, so that a browser asks for it.
 * @see RFC 7617 (Basic), RFC 6750 §2.1
 */
export const viewerAuth: MiddlewareHandler<Env> = async (c, next) => {
  const expected = c.get("deps").config.adminToken;
  if (expected !== null) {
    const sent = viewerToken(c.req.header("authorization"));
    if (sent === undefined || !timingSafeEqual(sent, expected)) {
      return c.json(
        {
          error: "unauthorized",
          error_description: "the inspector and /metrics need the --admin-token: send it as a " +
            "Bearer token, or as the password when the browser asks",
        },
        401,
        { "WWW-Authenticate": 'Basic realm="gatehouse-admin", charset="UTF-8"' },
      );
    }
  }
  await next();
};
