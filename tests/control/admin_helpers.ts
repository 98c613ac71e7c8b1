/** Helpers for control-plane tests: JSON requests, a code-flow sign-in, userinfo. */
import assert from "node:assert/strict";
import { codeFor, redeem } from "../flow.ts";
import type { TestProvider } from "../helpers.ts";

/** A JSON request, with the admin token when given. */
export function json(body: unknown, method = "POST", token?: string): RequestInit {
  return {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

/** Calls the control plane and returns the status, the content type and the parsed body. */
export async function call(
  p: TestProvider,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const res = await p.request(path, init);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: text ? JSON.parse(text) : {},
  };
}

/** Signs alice in through the code flow (`autoLogin: ""`) and returns the token response. */
export async function signIn(
  p: TestProvider,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const res = await redeem(p, await codeFor(p, extra));
  assert.equal(res.status, 200);
  return await res.json();
}

/** The status /userinfo answers for an access token. */
export async function userinfoStatus(p: TestProvider, accessToken: string): Promise<number> {
  const res = await p.request("/userinfo", { headers: { authorization: `Bearer ${accessToken}` } });
  await res.body?.cancel();
  return res.status;
}
