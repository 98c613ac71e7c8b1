import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { testProvider } from "../helpers.ts";
import { basic, introspect, postAs, serviceToken, userTokens } from "../token_clients.ts";

Deno.test("POST /introspect answers 401 to a client that does not authenticate", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const { access_token } = await userTokens(p);
  const publicClient = await postAs(p, "/introspect", { token: access_token, client_id: "rs" });
  assert.equal(publicClient.status, 401);
  assert.deepEqual(await publicClient.json(), {
    error: "invalid_client",
    error_description:
      'introspection needs client authentication; client "rs" sent no secret or assertion',
  });
  const nobody = await postAs(p, "/introspect", { token: access_token });
  assert.equal(nobody.status, 401);
  assert.equal((await nobody.json()).error, "invalid_client");
  const noToken = await postAs(p, "/introspect", {}, basic("rs"));
  assert.equal(noToken.status, 400);
  assert.deepEqual(await noToken.json(), {
    error: "invalid_request",
    error_description: 'missing "token"',
  });
});

Deno.test("an active access token is described with every RFC 7662 field", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const { access_token } = await userTokens(p);
  const at = decodeJwt(access_token);
  assert.deepEqual(await introspect(p, access_token), {
    active: true,
    scope: "openid profile email",
    client_id: "app",
    sub: "alice",
    exp: at.exp,
    iat: at.iat,
    aud: "app",
    iss: "http://localhost:9400",
    jti: at.jti,
    token_type: "Bearer",
    username: "alice",
  });
});

Deno.test("an active refresh token is described too, and a client's own token has no username", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(Date.now());
  const { refresh_token } = await userTokens(p);
  const now = Math.floor(p.clock.now() / 1000);
  assert.deepEqual(await introspect(p, refresh_token), {
    active: true,
    scope: "openid profile email",
    client_id: "app",
    sub: "alice",
    exp: now + 14 * 86400,
    iat: now,
    iss: "http://localhost:9400",
    token_type: "refresh_token",
    username: "alice",
  });
  const service = await introspect(p, await serviceToken(p));
  assert.equal(service.active, true);
  assert.equal(service.sub, "svc");
  assert.equal(service.username, undefined);
});

Deno.test("token_type_hint is only a hint: a wrong hint still finds the token", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const { access_token, refresh_token } = await userTokens(p);
  assert.equal((await introspect(p, access_token, "refresh_token")).token_type, "Bearer");
  assert.equal((await introspect(p, refresh_token, "access_token")).token_type, "refresh_token");
  assert.equal((await introspect(p, refresh_token, "something_else")).active, true);
});

Deno.test("unknown, expired and revoked tokens are only active: false", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const { access_token, refresh_token } = await userTokens(p);
  const service = await serviceToken(p);
  assert.deepEqual(await introspect(p, "not-a-token"), { active: false });
  assert.deepEqual(await introspect(p, `${access_token.slice(0, -4)}AAAA`), { active: false });
  p.clock.advance(3600_000 + 1000);
  assert.deepEqual(await introspect(p, access_token), { active: false });
  assert.deepEqual(await introspect(p, service), { active: false });
  assert.equal((await introspect(p, refresh_token)).active, true, "refresh tokens live longer");
  p.clock.advance(14 * 86400_000);
  assert.deepEqual(await introspect(p, refresh_token), { active: false });
});
