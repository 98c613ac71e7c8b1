import assert from "node:assert/strict";
import { REFRESH_RETRY_GRACE_MS } from "../../src/grants/refresh_token.ts";
import { codeFor, redeem } from "../flow.ts";
import { assertOAuthError, form, type TestProvider, testProvider } from "../helpers.ts";

const REUSED =
  "the refresh token was already used; every token of its grant is now revoked (RFC 9700 §4.14)";
const REVOKED = "the refresh token's grant was revoked (by /revoke, a reused code or refresh " +
  "token, a deleted client, or the users API); sign in again";

async function signIn(p: TestProvider) {
  const res = await redeem(p, await codeFor(p));
  assert.equal(res.status, 200);
  return await res.json();
}

function refresh(p: TestProvider, token: string) {
  return p.request(
    "/token",
    form({ grant_type: "refresh_token", refresh_token: token, client_id: "app" }),
  );
}

async function userinfoStatus(p: TestProvider, accessToken: string): Promise<number> {
  const res = await p.request("/userinfo", { headers: { authorization: `Bearer ${accessToken}` } });
  await res.body?.cancel();
  return res.status;
}

Deno.test("a refresh token retried once within the grace window gets a fresh pair; the lost pair is superseded", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(Date.now());
  const first = await signIn(p);
  const lost = await refresh(p, first.refresh_token);
  assert.equal(lost.status, 200);
  const lostPair = await lost.json();
  p.clock.advance(REFRESH_RETRY_GRACE_MS);
  const retried = await refresh(p, first.refresh_token);
  assert.equal(retried.status, 200);
  const pair = await retried.json();
  assert.notEqual(pair.refresh_token, lostPair.refresh_token);
  assert.equal(await userinfoStatus(p, pair.access_token), 200, "the retry's pair works");
  assert.equal(await userinfoStatus(p, lostPair.access_token), 401, "the lost access token not");
  // The retry's refresh token goes on rotating as usual.
  const next = await refresh(p, pair.refresh_token);
  assert.equal(next.status, 200);
  assert.equal(await userinfoStatus(p, (await next.json()).access_token), 200);
});

Deno.test("a second retry, or the superseded token, is reuse and revokes the grant", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(Date.now());
  const first = await signIn(p);
  const lostPair = await (await refresh(p, first.refresh_token)).json();
  const pair = await (await refresh(p, first.refresh_token)).json();
  assert.ok(pair.refresh_token, "the one retry is allowed");
  await assertOAuthError(await refresh(p, first.refresh_token), 400, {
    error: "invalid_grant",
    error_description: REUSED,
  });
  assert.equal(await userinfoStatus(p, pair.access_token), 401);
  await assertOAuthError(await refresh(p, pair.refresh_token), 400, {
    error: "invalid_grant",
    error_description: REVOKED,
  });

  await using q = await testProvider({ autoLogin: "" });
  q.clock.freeze(Date.now());
  const start = await signIn(q);
  const lost = await (await refresh(q, start.refresh_token)).json();
  const retry = await (await refresh(q, start.refresh_token)).json();
  // Whoever holds the superseded token got the "lost" response after all: two holders.
  await assertOAuthError(await refresh(q, lost.refresh_token), 400, {
    error: "invalid_grant",
    error_description: REUSED,
  });
  assert.equal(await userinfoStatus(q, retry.access_token), 401);
  assert.equal(lostPair.token_type, "Bearer");
});

Deno.test("after the grace window, presenting a rotated refresh token revokes the grant", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(Date.now());
  const first = await signIn(p);
  const second = await (await refresh(p, first.refresh_token)).json();
  p.clock.advance(REFRESH_RETRY_GRACE_MS + 1);
  await assertOAuthError(await refresh(p, first.refresh_token), 400, {
    error: "invalid_grant",
    error_description: REUSED,
  });
  assert.equal(await userinfoStatus(p, second.access_token), 401);
  await assertOAuthError(await refresh(p, second.refresh_token), 400, {
    error: "invalid_grant",
    error_description: REVOKED,
  });
});

Deno.test("a retry after the new refresh token was used is reuse, not a retry", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(Date.now());
  const first = await signIn(p);
  const second = await (await refresh(p, first.refresh_token)).json();
  const third = await (await refresh(p, second.refresh_token)).json();
  p.clock.advance(1000);
  await assertOAuthError(await refresh(p, first.refresh_token), 400, {
    error: "invalid_grant",
    error_description: REUSED,
  });
  assert.equal(await userinfoStatus(p, third.access_token), 401);
});
