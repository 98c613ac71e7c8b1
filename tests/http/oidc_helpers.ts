/** Helpers for the signed/encrypted response, pairwise and logout tests. */
import assert from "node:assert/strict";
import { createLocalJWKSet, type JWTVerifyGetKey } from "jose";
import { s256 } from "../../src/protocol/pkce.ts";
import { cookiesOf } from "../flow.ts";
import type { TestProvider } from "../helpers.ts";
import { REDIRECT, VERIFIER } from "./client_helpers.ts";

/** The provider's published keys, for verifying what it signed. */
export async function providerKeys(op: TestProvider): Promise<JWTVerifyGetKey> {
  const res = await op.request("/jwks");
  assert.equal(res.status, 200);
  return createLocalJWKSet(await res.json());
}

/**
 * Runs /authorize (auto-login must be on) for the public client `clientId`: the code, and the
 * session cookie (`cookie` carried on).
 */
export async function authorizeCode(
  op: TestProvider,
  clientId: string,
  opts: { params?: Record<string, string>; cookie?: string; redirectUri?: string } = {},
): Promise<{ code: string; cookie: string }> {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: opts.redirectUri ?? REDIRECT,
    scope: "openid",
    state: "s1",
    nonce: "n1",
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
    ...opts.params,
  });
  const res = await op.request(`/authorize?${query}`, {
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
  await res.body?.cancel();
  assert.equal(res.status, 303, `authorize answered ${res.status}`);
  const location = new URL(res.headers.get("location")!);
  const code = location.searchParams.get("code");
  assert.ok(code, `no code in ${location}`);
  return { code, cookie: cookiesOf(res, opts.cookie) };
}

/** Redeems a code as the public client `clientId`. */
export async function redeemCode(
  op: TestProvider,
  clientId: string,
  code: string,
  redirectUri = REDIRECT,
): Promise<Response> {
  return await op.request("/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: VERIFIER,
      client_id: clientId,
    }),
  });
}

/** Signs in and redeems the code: the token response and the session cookie. */
export async function signIn(
  op: TestProvider,
  clientId: string,
  opts: { params?: Record<string, string>; cookie?: string; redirectUri?: string } = {},
): Promise<{ tokens: Record<string, string>; cookie: string }> {
  const { code, cookie } = await authorizeCode(op, clientId, opts);
  const res = await redeemCode(op, clientId, code, opts.redirectUri);
  const tokens = await res.json();
  assert.equal(res.status, 200, JSON.stringify(tokens));
  return { tokens, cookie };
}

/** A local HTTP server on 127.0.0.1 (port 0) for the provider to call; close it when done. */
export function localServer(
  handler: (req: Request) => Response | Promise<Response>,
): { url: string; close(): Promise<void> } & AsyncDisposable {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  const close = async () => {
    await server.shutdown();
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Whether `token` is a compact JWE: five parts (RFC 7516 §7.1), where a JWS has three. */
export function isCompactJwe(token: string): boolean {
  return token.split(".").length === 5;
}
