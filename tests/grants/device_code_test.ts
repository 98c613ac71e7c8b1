import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { answerDevice, poll, startDevice } from "../device_flow.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { assertOAuthError, form, testProvider } from "../helpers.ts";

const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

/** Asserts a JSON error response, whole. */
const assertError = assertOAuthError;

Deno.test("POST /device_authorization returns a device code, a user code and where to enter it", async () => {
  await using p = await testProvider();
  const res = await p.request("/device_authorization", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "client_id=tv&scope=openid",
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), [
    "device_code",
    "expires_in",
    "interval",
    "user_code",
    "verification_uri",
    "verification_uri_complete",
  ]);
  assert.match(body.user_code, USER_CODE);
  assert.equal(body.verification_uri, "http://localhost:9400/device");
  assert.equal(
    body.verification_uri_complete,
    `http://localhost:9400/device?user_code=${body.user_code}`,
  );
  assert.equal(body.expires_in, 600);
  assert.equal(body.interval, 5);
  assert.ok(body.device_code.length >= 43);
});

Deno.test("polling answers authorization_pending, then slow_down when the device polls too fast", async () => {
  await using p = await testProvider();
  const { device_code } = await startDevice(p.request);
  await assertError(await poll(p.request, String(device_code)), 400, {
    error: "authorization_pending",
    error_description: "the user has not yet approved the request at the device page",
    interval: 5,
  });
  p.clock.advance(2000);
  await assertError(await poll(p.request, String(device_code)), 400, {
    error: "slow_down",
    error_description: "polled 2s after the last poll, but the interval is 5s; it is now 10s",
    interval: 10,
  });
  p.clock.advance(6000);
  assert.equal((await (await poll(p.request, String(device_code))).json()).error, "slow_down");
  p.clock.advance(15_000);
  await assertError(await poll(p.request, String(device_code)), 400, {
    error: "authorization_pending",
    error_description: "the user has not yet approved the request at the device page",
    interval: 15,
  });
});

Deno.test("the user approves on the device page; the next poll gets tokens, once", async () => {
  await using p = await testProvider();
  const start = await startDevice(p.request);
  const page = await answerDevice(p.request, String(start.user_code));
  assert.equal(page.status, 200);
  assert.match(page.html, /<h1>Device connected<\/h1>/);
  const res = await poll(p.request, String(start.device_code));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), [
    "access_token",
    "expires_in",
    "id_token",
    "refresh_token",
    "scope",
    "token_type",
  ]);
  assert.equal(body.scope, "openid profile offline_access");
  const id = decodeJwt(body.id_token);
  assert.equal(id.sub, "alice");
  assert.equal(id.aud, "tv");
  assert.equal(id.name, "Alice Adams");
  await assertError(await poll(p.request, String(start.device_code)), 400, {
    error: "invalid_grant",
    error_description:
      "the device code was already used; the tokens issued from it are now revoked",
  });
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${body.access_token}` },
  });
  assert.equal(info.status, 401, "reuse revoked the access token");
  await info.body?.cancel();
});

Deno.test("a user code is accepted in lower case, with spaces and without the dash", async () => {
  await using p = await testProvider();
  const start = await startDevice(p.request);
  const typed = String(start.user_code).toLowerCase().replace("-", " ");
  const page = await answerDevice(p.request, typed);
  assert.match(page.html, /<h1>Device connected<\/h1>/);
  assert.equal((await poll(p.request, String(start.device_code))).status, 200);
});

Deno.test("denying on the device page makes the next poll answer access_denied", async () => {
  await using p = await testProvider();
  const start = await startDevice(p.request);
  const page = await answerDevice(p.request, String(start.user_code), { decision: "deny" });
  assert.equal(page.status, 200);
  assert.match(page.html, /<h1>Access denied<\/h1>/);
  await assertError(await poll(p.request, String(start.device_code)), 400, {
    error: "access_denied",
    error_description: "the user denied the request at the device page",
  });
});

Deno.test("a device code expires by the injected clock: expired_token, and the page refuses its code", async () => {
  await using p = await testProvider({ ttl: { ...defaultConfig().ttl, deviceCode: 60 } });
  const start = await startDevice(p.request);
  assert.equal(start.expires_in, 60);
  p.clock.advance(60_000 + 30_000);
  await assertError(await poll(p.request, String(start.device_code)), 400, {
    error: "expired_token",
    error_description: "the device code expired 30s ago; start again",
  });
  const page = await p.request(`/device?user_code=${start.user_code}`);
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)![1];
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await p.request("/device", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ user_code: String(start.user_code), csrf }).toString(),
  });
  assert.equal(res.status, 400);
  assert.match(
    await res.text(),
    /No device is waiting for this code: it has expired or was already used\./,
  );
});

Deno.test("20 parallel polls of an approved device code: one gets tokens, the rest invalid_grant, and the grant is revoked", async () => {
  await using p = await testProvider();
  const start = await startDevice(p.request);
  await answerDevice(p.request, String(start.user_code));
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => poll(p.request, String(start.device_code))),
  );
  const bodies = await Promise.all(responses.map((r) => r.json()));
  const won = bodies.filter((_, i) => responses[i].status === 200);
  assert.equal(won.length, 1);
  for (const [i, body] of bodies.entries()) {
    if (responses[i].status === 200) continue;
    assert.equal(responses[i].status, 400);
    assert.deepEqual(body, {
      error: "invalid_grant",
      error_description:
        "the device code was already used; the tokens issued from it are now revoked",
    });
  }
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${won[0].access_token}` },
  });
  assert.equal(info.status, 401, "the winner's access token is revoked with the grant");
  await info.body?.cancel();
  const refresh = await p.request(
    "/token",
    form({ grant_type: "refresh_token", refresh_token: won[0].refresh_token, client_id: "tv" }),
  );
  assert.equal(refresh.status, 400, "the winner's refresh token is revoked with the grant");
  assert.equal((await refresh.json()).error, "invalid_grant");
});

Deno.test("a device code polled by another client is invalid_grant", async () => {
  await using p = await testProvider();
  const start = await startDevice(p.request);
  await assertError(await poll(p.request, String(start.device_code), "other"), 400, {
    error: "invalid_grant",
    error_description: 'the device code was issued to client "tv", not "other"',
  });
  await assertError(await poll(p.request, "not-a-device-code"), 400, {
    error: "invalid_grant",
    error_description: "the device code is not valid: this provider did not issue it",
  });
});

Deno.test("a registered client without the device grant gets unauthorized_client", async () => {
  await using p = await testProvider();
  await p.deps.store.putClient({
    client_id: "web",
    redirect_uris: ["http://localhost:3000/callback"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  const res = await p.request("/device_authorization", form({ client_id: "web" }));
  await assertError(res, 400, {
    error: "unauthorized_client",
    error_description:
      'client "web" is not registered for urn:ietf:params:oauth:grant-type:device_code',
  });
});

Deno.test("POST /device refuses a form without this browser's CSRF token", async () => {
  await using p = await testProvider();
  const start = await startDevice(p.request);
  const res = await p.request(
    "/device",
    form({ user_code: String(start.user_code), csrf: "forged" }),
  );
  assert.equal(res.status, 400);
  assert.match(await res.text(), /the form&#39;s CSRF token does not match this browser/);
});

Deno.test("the device flow works under an issuer with a path", async () => {
  await using p = await testProvider({ issuer: "http://localhost:8080/realms/dev" });
  const request = (path: string, init?: RequestInit) => p.request(path.slice(1), init);
  const start = await startDevice(request);
  assert.equal(start.verification_uri, "http://localhost:8080/realms/dev/device");
  const page = await answerDevice(request, String(start.user_code));
  assert.match(page.html, /<h1>Device connected<\/h1>/);
  assert.equal((await poll(request, String(start.device_code))).status, 200);
  const meta = await (await p.request(".well-known/openid-configuration")).json();
  assert.equal(
    meta.device_authorization_endpoint,
    "http://localhost:8080/realms/dev/device_authorization",
  );
});
