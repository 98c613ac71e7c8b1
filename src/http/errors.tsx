/** @jsxImportSource npm:hono@^4/jsx */
import type { Context } from "npm:hono@^4";
import { ErrorPage } from "../../views/error.tsx";
import { OAuthError } from "../protocol/errors.ts";
import type { Log } from "../log.ts";
import { profileNamed } from "../profiles/index.ts";
import { errorBody } from "../profiles/errors.ts";
import { redirectWithError } from "./respond.tsx";
import type { Env } from "./env.ts";

/**
 * Turns any thrown error into a response: a redirect to the client (once its redirect URI is
 * trusted), an HTML page (browser endpoints) or an RFC 6749 §5.2 JSON body, in the error shape
 * of the issuer's `--profile` when it has one (src/profiles/errors.ts). Never a stack trace.
 */
export function errorToResponse(
  err: unknown,
  c: Context<Env>,
  log: Log,
): Response | Promise<Response> {
  const oauth = err instanceof OAuthError ? err : null;
  if (!oauth) logInternalError(log, c, err);
  const e = oauth ?? new OAuthError("server_error", "the provider hit an unexpected error", 500);
  c.set("errorCode", e.code);
  const target = c.get("redirectTarget");
  if (target && e.code !== "server_error") return redirectWithError(c, target, e);
  if (c.get("browser")) {
    c.status(e.status === 401 ? 400 : e.status);
    return c.html(<ErrorPage error={e.code} description={e.description} />);
  }
  const headers: Record<string, string> = {};
  if (e.options.wwwAuthenticate) headers["WWW-Authenticate"] = e.options.wwwAuthenticate;
  Object.assign(headers, e.options.headers);
  return c.json(jsonBody(c, e), e.status, headers);
}

function jsonBody(c: Context<Env>, e: OAuthError): Record<string, unknown> {
  const deps = c.get("deps") as Env["Variables"]["deps"] | undefined;
  const shape = profileNamed(deps?.config.profile)?.errors;
  return errorBody(
    { code: e.code, description: e.description, extra: e.options.extra },
    shape,
    {
      now: deps?.clock.now() ?? Date.now(),
      correlation: shape?.correlationHeader ? c.req.header(shape.correlationHeader) : null,
    },
  );
}

/**
 * Logs an unexpected error with its stack, server-side only: the client gets a generic
 * `server_error`, never the message or the stack.
 */
export function logInternalError(log: Log, c: Context<Env>, err: unknown): void {
  log.warn("internal error", {
    method: c.req.method,
    path: c.req.path,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
}
