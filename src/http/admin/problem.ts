import type { Context } from "npm:hono@^4";
import type { Env } from "../env.ts";
import { logInternalError } from "../errors.tsx";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../../protocol/json.ts";
import { badRequest, ProblemError, TITLES } from "../../control/problem.ts";

/**
 * The `onError` of the control plane: problem details for every error, never a stack trace.
 * @see RFC 9457 §3.1 (`type` "about:blank" with the status phrase as `title`)
 */
export function problemResponse(err: Error, c: Context<Env>): Response {
  const p = err instanceof ProblemError
    ? err
    : new ProblemError(500, "server_error", "the control plane hit an unexpected error");
  if (!(err instanceof ProblemError)) logInternalError(c.get("deps").log, c, err);
  c.set("errorCode", p.code);
  const headers: Record<string, string> = {
    "Content-Type": "application/problem+json",
  };
  if (p.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="gatehouse-admin"';
  const body = {
    type: "about:blank",
    title: TITLES[p.status],
    status: p.status,
    detail: p.detail,
    code: p.code,
    instance: c.req.path,
  };
  return new Response(JSON.stringify(body), { status: p.status, headers });
}

/**
 * Reads a JSON object body, refusing anything else with a specific problem. The content type is
 * not checked: `curl -d` labels JSON as a form, and the parse error says what is wrong anyway.
 */
export async function readJsonObject(c: Context<Env>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  if (jsonDepthExceeds(text)) {
    throw badRequest(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(
      `the body must be a JSON object, got ${Array.isArray(body) ? "an array" : typeof body}`,
    );
  }
  return body as Record<string, unknown>;
}
