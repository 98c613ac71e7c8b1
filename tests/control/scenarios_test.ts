import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import {
  authorize,
  authParams,
  codeFor,
  location,
  loginForm,
  redeem,
  submitForm,
} from "../flow.ts";
import { type TestProvider, testProvider } from "../helpers.ts";
import { call, json, signIn } from "./admin_helpers.ts";

async function addScenario(p: TestProvider, body: Record<string, unknown>) {
  const res = await call(p, "/admin/scenarios", json(body));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const pending = async (p: TestProvider) =>
  (await call(p, "/admin/scenarios")).body.scenarios as Record<string, unknown>[];

Deno.test("an error scenario answers exactly `times` requests, then the normal answer returns", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const s = await addScenario(p, {
    endpoint: "token",
    error: "invalid_grant",
    error_description: "injected",
    times: 2,
  });
  assert.equal(s.endpoint, "/token");
  assert.equal(s.remaining, 2);
  const code = await codeFor(p);
  for (const remaining of [1, 0]) {
    const res = await redeem(p, code);
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: "invalid_grant", error_description: "injected" });
    assert.deepEqual((await pending(p)).map((x) => x.remaining), remaining ? [remaining] : []);
  }
  // The injected answers came before the handler: the code was never spent.
  assert.equal((await redeem(p, code)).status, 200);
});

Deno.test("a scenario for another client waits; the default description names the scenario", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const other = await addScenario(p, {
    endpoint: "/token",
    client_id: "other",
    error: "invalid_client",
  });
  assert.equal((await redeem(p, await codeFor(p))).status, 200);
  assert.equal((await pending(p)).length, 1);
  const res = await p.request("/token", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa("other:secret")}`,
    },
    body: "grant_type=client_credentials",
  });
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), {
    error: "invalid_client",
    error_description: `answered by test scenario ${other.id} (POST /admin/scenarios)`,
  });
});

Deno.test("a scenario for a user fires when that user's tokens are issued", async () => {
  await using p = await testProvider({ autoLogin: "" });
  await addScenario(p, { endpoint: "/token", sub: "bob", error: "access_denied", status: 403 });
  const aliceCode = await codeFor(p, { login_hint: "alice" });
  const bobCode = await codeFor(p, { login_hint: "bob" });
  assert.equal((await redeem(p, aliceCode)).status, 200);
  const res = await redeem(p, bobCode);
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error, "access_denied");
  assert.deepEqual(await pending(p), []);
});

Deno.test("a claims scenario adds, overrides and removes claims in the token it names", async () => {
  await using p = await testProvider({ autoLogin: "" });
  await addScenario(p, {
    endpoint: "/token",
    claims: { roles: ["admin"], email: "spoof@example.com", name: null },
    token: "id_token",
  });
  const shaped = await signIn(p);
  const id = decodeJwt(shaped.id_token);
  assert.deepEqual(id.roles, ["admin"]);
  assert.equal(id.email, "spoof@example.com");
  assert.equal("name" in id, false);
  assert.equal(decodeJwt(shaped.access_token).roles, undefined);
  const normal = decodeJwt((await signIn(p)).id_token);
  assert.equal(normal.email, "alice@example.com");
  assert.equal(normal.name, "Alice Adams");
});

Deno.test("an /authorize error scenario is redirected to the client like a real one", async () => {
  await using p = await testProvider({ autoLogin: "" });
  await addScenario(p, {
    endpoint: "/authorize",
    error: "temporarily_unavailable",
    error_description: "try later",
  });
  const url = location(await authorize(p, authParams({ state: "st-9" })));
  assert.equal(url.origin + url.pathname, "http://127.0.0.1:3000/callback");
  assert.equal(url.searchParams.get("error"), "temporarily_unavailable");
  assert.equal(url.searchParams.get("error_description"), "try later");
  assert.equal(url.searchParams.get("state"), "st-9");
  assert.equal(url.searchParams.get("iss"), "http://localhost:9400");
  assert.ok(location(await authorize(p, authParams())).searchParams.get("code"));
});

Deno.test("a delay scenario delays and then answers normally; the request names it", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await signIn(p);
  const s = await addScenario(p, { endpoint: "/userinfo", delay_ms: 20 });
  const res = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  const listed = (await call(p, "/admin/requests")).body.requests as Record<string, unknown>[];
  assert.equal(listed.at(-1)!.path, "/userinfo");
  assert.equal(listed.at(-1)!.scenario, s.id);
  assert.deepEqual(await pending(p), []);
});

Deno.test("DELETE /admin/scenarios clears them; DELETE /admin/scenarios/{id} one", async () => {
  await using p = await testProvider();
  const a = await addScenario(p, { endpoint: "/token", error: "invalid_grant" });
  await addScenario(p, { endpoint: "/userinfo", delay_ms: 1 });
  const one = await p.request(`/admin/scenarios/${a.id}`, { method: "DELETE" });
  assert.equal(one.status, 204);
  assert.equal((await call(p, `/admin/scenarios/${a.id}`, { method: "DELETE" })).status, 404);
  assert.deepEqual((await call(p, "/admin/scenarios", { method: "DELETE" })).body, { removed: 1 });
  assert.deepEqual(await pending(p), []);
});

Deno.test("POST /admin/scenarios refuses rules it could not follow, saying why", async () => {
  await using p = await testProvider();
  const cases: [unknown, string][] = [
    [{ error: "invalid_grant" }, '"endpoint" is required, such as "/token" or "/userinfo"'],
    [{ endpoint: "/token" }, 'say what to do: "error", "delay_ms" or "claims"'],
    [
      { endpoint: "/tokens", error: "invalid_grant" },
      '"endpoint" "/tokens" is not an endpoint of this provider; use one of /authorize, /logout, ' +
      "/device, /token, /userinfo, /jwks, /introspect, /revoke, /register, /device_authorization, " +
      "/par, /.well-known/openid-configuration (or a path below one, such as /authorize/login)",
    ],
    [
      { endpoint: "/token", client: "x", error: "invalid_grant" },
      'unknown member "client"; use endpoint, client_id, sub, times, error, error_description, status, delay_ms, claims, token',
    ],
    [
      { endpoint: "/token", error: "invalid_grant", claims: {} },
      'an "error" answer issues no tokens, so "claims" cannot go with it',
    ],
    [
      { endpoint: "/token", delay_ms: 60001 },
      '"delay_ms" must be an integer from 0 to 60000, got 60001',
    ],
    [
      { endpoint: "/token", error: "x", times: 0 },
      '"times" must be an integer from 1 to 10000, got 0',
    ],
    [
      { endpoint: "/token", error: "x", status: 418 },
      '"status" must be one of 400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503',
    ],
    [{ endpoint: "/token", error: 'a"b' }, '"error" "a\\"b" is not an RFC 6749 error code'],
    [
      { endpoint: "/token", delay_ms: 5, token: "id_token" },
      '"token" says which token gets "claims"; there are none',
    ],
    [
      { endpoint: "/token", claims: [] },
      '"claims" must be a JSON object of claims to add or override',
    ],
  ];
  for (const [body, detail] of cases) {
    const res = await call(p, "/admin/scenarios", json(body));
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.detail, detail);
  }
  assert.deepEqual(await pending(p), []);
});

Deno.test("an /authorize scenario for a user fires when that user is chosen on the login page", async () => {
  await using p = await testProvider();
  await addScenario(p, { endpoint: "/authorize", sub: "bob", error: "access_denied" });
  const page = await authorize(p, authParams({ state: "st-7" }));
  assert.equal(page.status, 200, "the login page shows: nobody is chosen yet");
  const res = await submitForm(p, await loginForm(page), { sub: "bob" });
  const url = location(res);
  assert.equal(url.searchParams.get("error"), "access_denied");
  assert.equal(url.searchParams.get("state"), "st-7");
  assert.deepEqual(await pending(p), []);
});

Deno.test("an /authorize error scenario without a usable redirect URI shows the error page", async () => {
  await using p = await testProvider();
  await addScenario(p, {
    endpoint: "/authorize",
    error: "server_error",
    error_description: "boom",
  });
  const res = await p.request("/authorize?response_type=code");
  assert.equal(res.status, 500);
  assert.equal(res.headers.get("content-type"), "text/html; charset=UTF-8");
  const html = await res.text();
  assert.match(html, /<code>server_error<\/code>/);
  assert.match(html, /<dd>boom<\/dd>/);
});
