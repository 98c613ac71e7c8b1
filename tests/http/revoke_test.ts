import assert from "node:assert/strict";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { basic, introspect, postAs, serviceToken, userTokens } from "../token_clients.ts";

/** POST /revoke as the public client `app` (or with `authorization`); asserts 200, no body. */
async function revoke(
  p: TestProvider,
  params: Record<string, string>,
  authorization?: string,
): Promise<void> {
  const res = await postAs(
    p,
    "/revoke",
    authorization ? params : { client_id: "app", ...params },
    authorization,
  );
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(await res.text(), "");
}

async function userinfoStatus(p: TestProvider, token: string): Promise<number> {
  const res = await p.request("/userinfo", { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.status;
}

async function refreshStatus(p: TestProvider, token: string): Promise<number> {
  const res = await p.request(
    "/token",
    form({ grant_type: "refresh_token", refresh_token: token, client_id: "app" }),
  );
  await res.body?.cancel();
  return res.status;
}

Deno.test("revoking an access token deny-lists it at userinfo and introspection", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await userTokens(p);
  assert.equal(await userinfoStatus(p, tokens.access_token), 200);
  await revoke(p, { token: tokens.access_token, token_type_hint: "access_token" });
  assert.equal(await userinfoStatus(p, tokens.access_token), 401);
  assert.deepEqual(await introspect(p, tokens.access_token), { active: false });
  assert.equal(await refreshStatus(p, tokens.refresh_token), 200, "the grant lives on");
});

Deno.test("revoking a refresh token revokes its grant, access tokens included", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await userTokens(p);
  await revoke(p, { token: tokens.refresh_token });
  assert.equal(await refreshStatus(p, tokens.refresh_token), 400);
  assert.equal(await userinfoStatus(p, tokens.access_token), 401);
  assert.deepEqual(await introspect(p, tokens.refresh_token), { active: false });
  assert.deepEqual(await introspect(p, tokens.access_token), { active: false });
});

Deno.test("revoking an unknown or expired token answers 200", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await userTokens(p);
  await revoke(p, { token: "never-issued" });
  p.clock.advance(3600_000 + 1000);
  await revoke(p, { token: tokens.access_token });
});

Deno.test("a client may revoke only its own tokens", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await userTokens(p);
  for (const token of [tokens.access_token, tokens.refresh_token]) {
    const res = await postAs(p, "/revoke", { token }, basic("intruder"));
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: "unauthorized_client",
      error_description:
        'the token was issued to client "app"; a client may revoke only its own tokens',
    });
    assert.equal((await introspect(p, token)).active, true);
  }
});

Deno.test("a confidential client revokes its client_credentials token by jti", async () => {
  await using p = await testProvider();
  const token = await serviceToken(p);
  await revoke(p, { token }, basic("svc"));
  assert.deepEqual(await introspect(p, token), { active: false });
  const missing = await postAs(p, "/revoke", {}, basic("svc"));
  assert.equal(missing.status, 400);
  assert.deepEqual(await missing.json(), {
    error: "invalid_request",
    error_description: 'missing "token"',
  });
});
