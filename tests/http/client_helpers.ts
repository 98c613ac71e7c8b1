/** Helpers for client tests: registration requests, auto-login sign-in and token requests. */
import assert from "node:assert/strict";
import { s256 } from "../../src/protocol/pkce.ts";
import type { TestProvider } from "../helpers.ts";

export const REDIRECT = "http://127.0.0.1:3000/callback";
export const VERIFIER = "a".repeat(43);

/** A JSON request. */
export function jsonInit(
  body: unknown,
  method = "POST",
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/** POSTs metadata to /register and returns the status and JSON body. */
export async function register(
  op: TestProvider,
  metadata: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; res: Response }> {
  const res = await op.request("/register", jsonInit(metadata, "POST", headers));
  return { status: res.status, body: await res.json(), res };
}

/** Registers a client that must be accepted, and returns the registration response. */
export async function registered(
  op: TestProvider,
  metadata: Record<string, unknown>,
): Promise<Record<string, string> & Record<string, unknown>> {
  const { status, body } = await register(op, metadata);
  assert.equal(status, 201, JSON.stringify(body));
  return body as Record<string, string>;
}

/**
 * A code-flow authorization query with PKCE, state and nonce; `params` override or, set to "",
 * remove any of them.
 */
export async function authorizeQuery(params: Record<string, string>): Promise<URLSearchParams> {
  const query = new URLSearchParams({
    response_type: "code",
    redirect_uri: REDIRECT,
    scope: "openid",
    state: "s1",
    nonce: "n1",
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
    ...params,
  });
  for (const [k, v] of [...query]) if (v === "") query.delete(k);
  return query;
}

/**
 * Runs /authorize for `clientId` with auto-login on (`autoLogin: ""` in the config) and returns
 * the redirect: its `code`, or its error.
 */
export async function authorize(
  op: TestProvider,
  params: Record<string, string>,
): Promise<URL> {
  const query = await authorizeQuery(params);
  const res = await op.request(`/authorize?${query}`);
  await res.body?.cancel();
  assert.equal(res.status, 303, `authorize answered ${res.status}`);
  return new URL(res.headers.get("location")!);
}

/** Exchanges a code at the token endpoint with the given client authentication. */
export async function exchange(
  op: TestProvider,
  code: string,
  auth: { form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await op.request("/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...auth.headers },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      ...auth.form,
    }).toString(),
  });
  return { status: res.status, body: await res.json() };
}

/** `Authorization: Basic` for a client id and secret, form-encoded first (RFC 6749 §2.3.1). */
export function basic(id: string, secret: string): Record<string, string> {
  const enc = (v: string) => encodeURIComponent(v).replaceAll("%20", "+");
  return { Authorization: `Basic ${btoa(`${enc(id)}:${enc(secret)}`)}` };
}

/** `Authorization: Bearer` with `token`. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}
