import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { defaultConfig } from "../../src/config/schema.ts";
import { REFRESH_RETRY_GRACE_MS } from "../../src/grants/refresh_token.ts";
import { authParams, codeFor, location, redeem } from "../flow.ts";
import { assertOAuthError, form, type TestProvider, testProvider } from "../helpers.ts";

/** Signs alice in through the code flow (auto-login) and returns the token response. */
async function signIn(p: TestProvider, extra: Record<string, string> = {}) {
  const res = await redeem(p, await codeFor(p, extra));
  assert.equal(res.status, 200);
  return await res.json();
}

/** POST /token with grant_type=refresh_token for the ad-hoc public client `app`. */
async function refresh(p: TestProvider, token: string, extra: Record<string, string> = {}) {
  return await p.request(
    "/token",
    form({ grant_type: "refresh_token", refresh_token: token, client_id: "app", ...extra }),
  );
}

const assertError = (res: Response, error: string, description: string) =>
  assertOAuthError(res, 400, { error, error_description: description });

async function userinfoStatus(p: TestProvider, accessToken: string): Promise<number> {
  const res = await p.request("/userinfo", { headers: { authorization: `Bearer ${accessToken}` } });
  await res.body?.cancel();
  return res.status;
}

const REUSED =
  "the refresh token was already used; every token of its grant is now revoked (RFC 9700 §4.14)";
const UNKNOWN = "the refresh token is not valid: this provider did not issue it";
const REVOKED = "the refresh token's grant was revoked (by /revoke, a reused code or refresh " +
  "token, a deleted client, or the users API); sign in again";

Deno.test("refresh_token rotates the token; the new ID token keeps sub and auth_time", async () => {
  await using p = await testProvider({ autoLogin: "" });
  // Frozen, so that the 5 s advance is exactly 5 s of iat, whatever second the test starts in.
  p.clock.freeze(p.clock.now());
  const first = await signIn(p);
  p.clock.advance(5000);
  const res = await refresh(p, first.refresh_token);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.notEqual(body.refresh_token, first.refresh_token);
  assert.notEqual(body.access_token, first.access_token);
  assert.equal(body.scope, "openid profile email");
  assert.equal(body.expires_in, 3600);
  const [before, after] = [decodeJwt(first.id_token), decodeJwt(body.id_token)];
  assert.equal(after.sub, "alice");
  assert.equal(after.auth_time, before.auth_time);
  assert.equal(after.iat, before.iat! + 5);
  assert.equal(after.nonce, undefined, "OIDC Core §12.2: no nonce on refresh");
  assert.equal(await userinfoStatus(p, body.access_token), 200);
});

Deno.test("a rotated refresh token presented again revokes the whole grant", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(Date.now());
  const first = await signIn(p);
  const second = await (await refresh(p, first.refresh_token)).json();
  // Past the grace window for a lost response's retry (refresh_grace_test.ts covers it).
  p.clock.advance(REFRESH_RETRY_GRACE_MS + 1);
  await assertError(await refresh(p, first.refresh_token), "invalid_grant", REUSED);
  await assertError(await refresh(p, second.refresh_token), "invalid_grant", REVOKED);
  assert.equal(await userinfoStatus(p, first.access_token), 401);
  assert.equal(await userinfoStatus(p, second.access_token), 401);
});

Deno.test("20 parallel refreshes with one token: one succeeds, the rest invalid_grant, grant revoked", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const first = await signIn(p);
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => refresh(p, first.refresh_token)),
  );
  const bodies = await Promise.all(responses.map((r) => r.json()));
  const won = bodies.filter((_, i) => responses[i].status === 200);
  assert.equal(won.length, 1);
  const lost = bodies.filter((_, i) => responses[i].status !== 200);
  assert.equal(lost.length, 19);
  for (const body of lost) {
    assert.deepEqual(body, { error: "invalid_grant", error_description: REUSED });
  }
  assert.equal(await userinfoStatus(p, won[0].access_token), 401, "its access token is revoked");
  await assertError(await refresh(p, won[0].refresh_token), "invalid_grant", REVOKED);
});

Deno.test("the scope may only narrow; the new refresh token keeps the granted scope", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const first = await signIn(p);
  await assertError(
    await refresh(p, first.refresh_token, { scope: "openid address" }),
    "invalid_scope",
    '"scope" address is not among the scopes granted to this refresh token (openid profile email)',
  );
  const narrow = await (await refresh(p, first.refresh_token, { scope: "email" })).json();
  assert.equal(narrow.scope, "email");
  assert.equal(narrow.id_token, undefined, "no openid, no ID token");
  assert.equal(decodeJwt(narrow.access_token).scope, "email");
  const wide = await (await refresh(p, narrow.refresh_token)).json();
  assert.equal(wide.scope, "openid profile email");
});

Deno.test("a refresh token is bound to its client", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const first = await signIn(p);
  await assertError(
    await refresh(p, first.refresh_token, { client_id: "other" }),
    "invalid_grant",
    'the refresh token was issued to client "app", not "other"',
  );
  assert.equal((await refresh(p, first.refresh_token)).status, 200, "and not revoked by that");
  await assertError(await refresh(p, "made-up"), "invalid_grant", UNKNOWN);
});

Deno.test("the sliding lifetime ends a refresh token left unused for --refresh-token-ttl", async () => {
  const ttl = { ...defaultConfig().ttl, refreshToken: 100, refreshTokenAbsolute: 1000 };
  await using p = await testProvider({ autoLogin: "", ttl });
  p.clock.freeze(Date.now());
  const first = await signIn(p);
  p.clock.advance(90_000);
  const second = await (await refresh(p, first.refresh_token)).json();
  p.clock.advance(99_000);
  const third = await (await refresh(p, second.refresh_token)).json();
  p.clock.advance(101_000);
  await assertError(
    await refresh(p, third.refresh_token),
    "invalid_grant",
    "the refresh token expired 1s ago",
  );
});

Deno.test("the absolute lifetime ends the grant however often it is refreshed", async () => {
  const ttl = { ...defaultConfig().ttl, refreshToken: 100, refreshTokenAbsolute: 150 };
  await using p = await testProvider({ autoLogin: "", ttl });
  p.clock.freeze(Date.now());
  let token = (await signIn(p)).refresh_token;
  for (const step of [90_000, 50_000]) {
    p.clock.advance(step);
    const res = await refresh(p, token);
    assert.equal(res.status, 200);
    token = (await res.json()).refresh_token;
  }
  p.clock.advance(12_000);
  await assertError(
    await refresh(p, token),
    "invalid_grant",
    "the refresh grant reached its absolute lifetime 2s ago; sign in again",
  );
});

Deno.test("resource at /authorize becomes aud; a refresh may narrow it, never widen it", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const [a, b] = ["https://api.example.com/", "https://files.example.com/"];
  const plain = await signIn(p);
  assert.equal(decodeJwt(plain.access_token).aud, "app", "without resource: the client");
  const tokens = await (await redeem(p, await codeForResources(p, [a, b]))).json();
  assert.deepEqual(decodeJwt(tokens.access_token).aud, [a, b]);
  const narrowed = await (await refresh(p, tokens.refresh_token, { resource: b })).json();
  assert.equal(decodeJwt(narrowed.access_token).aud, b);
  await assertError(
    await refresh(p, narrowed.refresh_token, { resource: "https://other.example.com/" }),
    "invalid_target",
    `"resource" https://other.example.com/ was not granted; the grant's resources are ${a}, ${b}`,
  );
});

/** A code for a request with repeated `resource` parameters (RFC 8707 §2). */
async function codeForResources(p: TestProvider, resources: string[]): Promise<string> {
  const qs = new URLSearchParams(authParams());
  for (const r of resources) qs.append("resource", r);
  return location(await p.request(`/authorize?${qs}`)).searchParams.get("code")!;
}
