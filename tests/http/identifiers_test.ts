import assert from "node:assert/strict";
import { authorize, authParams } from "../flow.ts";
import { assertOAuthError, form, testProvider } from "../helpers.ts";

const LONG = "c".repeat(3000);

Deno.test("identifiers of thousands of characters get 400 naming the parameter, not 500", async () => {
  await using p = await testProvider();
  await assertOAuthError(
    await p.request("/token", form({ grant_type: "client_credentials", client_id: LONG })),
    400,
    { error: "invalid_request", error_description: '"client_id" is longer than 1024 bytes' },
  );
  await assertOAuthError(
    await p.request(`/register/${LONG}`, { headers: { authorization: "Bearer x" } }),
    400,
    { error: "invalid_request", error_description: '"client_id" is longer than 1024 bytes' },
  );
  const users = await p.request(`/users/${LONG}`);
  assert.equal(users.status, 400);
  assert.equal((await users.json()).detail, '"sub" is longer than 1024 bytes');
  const login = await authorize(p, authParams({ login_hint: "a\u0000b" }));
  assert.equal(login.status, 400);
  assert.match(await login.text(), /&quot;login_hint&quot; contains a control character/);
});

Deno.test("a state of 40,000 € is refused at the edge", async () => {
  await using p = await testProvider();
  const res = await authorize(p, authParams({ state: "€".repeat(40_000) }));
  assert.equal(res.status, 400);
  assert.match(await res.text(), /&quot;state&quot; is longer than 4096 bytes/);
});

Deno.test("request input echoed into WWW-Authenticate is reduced to what the header allows", async () => {
  await using p = await testProvider();
  const res = await p.request("/register/%E2%82%AC%00%22", {
    headers: { authorization: "Bearer x" },
  });
  assert.equal(res.status, 400, "a control character in client_id");
  await res.body?.cancel();
  const euro = await p.request("/register/%E2%82%AC", { headers: { authorization: "Bearer x" } });
  assert.equal(euro.status, 401);
  assert.equal(
    euro.headers.get("www-authenticate"),
    `Bearer realm="gatehouse", error="invalid_token", error_description="the registration access token is not valid for client '?'"`,
  );
  const body = await euro.json();
  assert.equal(body.error_description, `the registration access token is not valid for client "€"`);
});

Deno.test("a client_id of thousands of characters in Basic credentials gets invalid_client", async () => {
  await using p = await testProvider();
  const init = form({ token: "t" });
  const res = await p.request("/revoke", {
    ...init,
    headers: { ...init.headers, authorization: `Basic ${btoa(`${LONG}:secret`)}` },
  });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("www-authenticate"), 'Basic realm="gatehouse", charset="UTF-8"');
  assert.deepEqual(await res.json(), {
    error: "invalid_client",
    error_description: '"client_id" is longer than 1024 bytes',
  });
});
