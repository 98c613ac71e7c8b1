import { Hono } from "npm:hono@^4";
import { badRequest } from "../../control/problem.ts";
import type { RequestEntry } from "../../control/requests.ts";
import type { Env } from "../env.ts";

/** Longest `?wait=` a long-poll may ask for, in seconds. */
export const MAX_WAIT_SECONDS = 30;

/** A recent request as the API shows it. */
export function requestJson(e: RequestEntry): Record<string, unknown> {
  return {
    id: e.id,
    at: new Date(e.at).toISOString(),
    method: e.method,
    path: e.path,
    status: e.status,
    ms: Math.round(e.ms * 10) / 10,
    client_id: e.clientId,
    sub: e.sub,
    grant_type: e.grantType,
    dpop_jkt: e.dpopJkt,
    error: e.error,
    scenario: e.scenario,
    warnings: e.warnings.map((w) => ({ rule: w.rule, message: w.message })),
    tokens: e.tokens,
  };
}

function numberParam(raw: string | undefined, name: string, min: number, max: number) {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw === "" || !Number.isFinite(n) || n < min || n > max) {
    throw badRequest(`"${name}" must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/**
 * `GET /admin/requests`: the recent requests, oldest first. `?after=ID` gives only newer ones;
 * `?wait=S` (at most 30) waits that long for the next one when there is none yet.
 */
export function requestsRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/requests", async (c) => {
    const ring = c.get("deps").requests;
    const wait = numberParam(c.req.query("wait"), "wait", 0, MAX_WAIT_SECONDS);
    const limit = numberParam(c.req.query("limit"), "limit", 1, 1000);
    const after = numberParam(c.req.query("after"), "after", 0, Number.MAX_SAFE_INTEGER) ??
      (wait !== undefined ? ring.lastId() : 0);
    const entries = wait !== undefined
      ? await ring.wait(after, wait * 1000)
      : ring.list(after, limit);
    const shown = limit !== undefined ? entries.slice(-limit) : entries;
    return c.json({ requests: shown.map(requestJson), last_id: ring.lastId() });
  });
  return app;
}
