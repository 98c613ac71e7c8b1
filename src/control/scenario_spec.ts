import type { OAuthError } from "../protocol/errors.ts";
import { BACK_CHANNEL, FRONT_CHANNEL } from "../protocol/endpoints.ts";
import { badRequest } from "./problem.ts";

/** The tokens a claims scenario can shape. */
export type TokenKind = "access_token" | "id_token";

/** A validated scenario: what the next matching requests do instead of the usual. */
export interface ScenarioSpec {
  /** Path under the issuer (`/token`); also matches the paths below it (`/authorize/login`). */
  endpoint: string;
  clientId?: string;
  sub?: string;
  /** How many matching requests it shapes before it is used up. */
  times: number;
  error?: { code: string; description?: string; status: OAuthError["status"] };
  delayMs?: number;
  /** Claims added to (or, with `null`, removed from) the tokens issued. */
  claims?: Record<string, unknown>;
  /** Only this token gets the claims (both when absent). */
  token?: TokenKind;
}

/** A pending scenario. */
export interface Scenario extends ScenarioSpec {
  id: string;
  remaining: number;
}

const KEYS = new Set([
  "endpoint",
  "client_id",
  "sub",
  "times",
  "error",
  "error_description",
  "status",
  "delay_ms",
  "claims",
  "token",
]);
const STATUSES = new Set([400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503]);
/** RFC 6749 §5.2: error codes use printable ASCII except `"` and `\`. */
const ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;
/** Longest delay a scenario may ask for: one minute. */
export const MAX_DELAY_MS = 60_000;

/** The status an injected error is sent with when none is given. */
export function defaultStatus(code: string): OAuthError["status"] {
  if (code === "invalid_client" || code === "invalid_token") return 401;
  if (code === "insufficient_scope") return 403;
  if (code === "server_error") return 500;
  if (code === "temporarily_unavailable") return 503;
  return 400;
}

const optString = (body: Record<string, unknown>, key: string): string | undefined => {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !v) throw badRequest(`"${key}" must be a non-empty string`);
  return v;
};

function intIn(body: Record<string, unknown>, key: string, min: number, max: number) {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw badRequest(`"${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** `token` → `/token`; a full URL under the issuer → its path under the issuer. */
export function normalizeEndpoint(raw: string, issuer: string): string {
  const path = raw.startsWith(issuer) ? raw.slice(issuer.length) : raw;
  return `/${path.replace(/^\/+|\/+$/g, "")}`;
}

/** The endpoints a scenario can name: every path under the issuer that answers requests. */
export const SCENARIO_ENDPOINTS: readonly string[] = [
  ...Object.values(FRONT_CHANNEL),
  ...Object.values(BACK_CHANNEL),
  "/.well-known/openid-configuration",
];

/** A scenario naming no endpoint would be accepted and never fire: refuse it, listing them. */
function knownEndpoint(endpoint: string): string {
  const known = SCENARIO_ENDPOINTS.some((e) => endpoint === e || endpoint.startsWith(`${e}/`));
  if (known) return endpoint;
  throw badRequest(
    `"endpoint" ${JSON.stringify(endpoint)} is not an endpoint of this provider; ` +
      `use one of ${SCENARIO_ENDPOINTS.join(", ")} (or a path below one, such as /authorize/login)`,
  );
}

function parseError(body: Record<string, unknown>): ScenarioSpec["error"] {
  const code = optString(body, "error");
  if (code === undefined) {
    if (body.error_description !== undefined || body.status !== undefined) {
      throw badRequest('"error_description" and "status" need an "error"');
    }
    return undefined;
  }
  if (!ERROR_CODE.test(code)) {
    throw badRequest(`"error" ${JSON.stringify(code)} is not an RFC 6749 error code`);
  }
  const status = body.status ?? defaultStatus(code);
  if (typeof status !== "number" || !STATUSES.has(status)) {
    throw badRequest(`"status" must be one of ${[...STATUSES].join(", ")}`);
  }
  return {
    code,
    description: optString(body, "error_description"),
    status: status as OAuthError["status"],
  };
}

function parseClaims(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const claims = body.claims;
  if (claims === undefined) return undefined;
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw badRequest('"claims" must be a JSON object of claims to add or override');
  }
  return claims as Record<string, unknown>;
}

/**
 * Validates a `POST /admin/scenarios` body. Unknown members are refused, so a typo such as
 * `"client"` fails loudly instead of matching every client.
 */
export function parseScenario(body: Record<string, unknown>, issuer: string): ScenarioSpec {
  const unknown = Object.keys(body).filter((k) => !KEYS.has(k));
  if (unknown.length) {
    throw badRequest(
      `unknown member ${unknown.map((k) => `"${k}"`).join(", ")}; use ${[...KEYS].join(", ")}`,
    );
  }
  const endpoint = optString(body, "endpoint");
  if (!endpoint) throw badRequest('"endpoint" is required, such as "/token" or "/userinfo"');
  const error = parseError(body);
  const claims = parseClaims(body);
  const delayMs = intIn(body, "delay_ms", 0, MAX_DELAY_MS);
  const token = optString(body, "token");
  if (token !== undefined && token !== "access_token" && token !== "id_token") {
    throw badRequest('"token" must be "access_token" or "id_token"');
  }
  if (token && !claims) throw badRequest('"token" says which token gets "claims"; there are none');
  if (error && claims) {
    throw badRequest('an "error" answer issues no tokens, so "claims" cannot go with it');
  }
  if (!error && !claims && delayMs === undefined) {
    throw badRequest('say what to do: "error", "delay_ms" or "claims"');
  }
  return {
    endpoint: knownEndpoint(normalizeEndpoint(endpoint, issuer)),
    clientId: optString(body, "client_id"),
    sub: optString(body, "sub"),
    times: intIn(body, "times", 1, 10_000) ?? 1,
    error,
    delayMs,
    claims,
    token: token as TokenKind | undefined,
  };
}

/** A scenario as the API shows it (the names it was given with). */
export function scenarioJson(s: Scenario): Record<string, unknown> {
  return {
    id: s.id,
    endpoint: s.endpoint,
    client_id: s.clientId,
    sub: s.sub,
    times: s.times,
    remaining: s.remaining,
    error: s.error?.code,
    error_description: s.error?.description,
    status: s.error?.status,
    delay_ms: s.delayMs,
    claims: s.claims,
    token: s.token,
  };
}
