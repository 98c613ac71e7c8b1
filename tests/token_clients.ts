/** Helpers for introspection and revocation tests: tokens to look at, and the requests. */
import assert from "node:assert/strict";
import { codeFor, redeem } from "./flow.ts";
import { form, type TestProvider } from "./helpers.ts";

/** Basic credentials for an ad-hoc confidential client. */
export function basic(clientId: string, secret = "secret"): string {
  return `Basic ${btoa(`${clientId}:${secret}`)}`;
}

/** Tokens from the code flow for the ad-hoc public client `app` (auto-login as alice). */
export async function userTokens(p: TestProvider): Promise<Record<string, string>> {
  const res = await redeem(p, await codeFor(p));
  assert.equal(res.status, 200);
  return await res.json();
}

/** A client_credentials access token for the ad-hoc confidential client `svc`. */
export async function serviceToken(p: TestProvider): Promise<string> {
  const res = await p.request("/token", {
    ...form({ grant_type: "client_credentials", scope: "read" }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic("svc"),
    },
  });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

/** POSTs a form to `path` with an Authorization header (or none). */
export async function postAs(
  p: TestProvider,
  path: string,
  params: Record<string, string>,
  authorization?: string,
): Promise<Response> {
  const init = form(params);
  return await p.request(path, {
    ...init,
    headers: { ...init.headers, ...(authorization ? { authorization } : {}) },
  });
}

/** POST /introspect as the resource server `rs`; returns the parsed body. */
export async function introspect(
  p: TestProvider,
  token: string,
  hint?: string,
): Promise<Record<string, unknown>> {
  const res = await postAs(
    p,
    "/introspect",
    { token, ...(hint ? { token_type_hint: hint } : {}) },
    basic("rs"),
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("cache-control"), "no-store");
  return await res.json();
}
