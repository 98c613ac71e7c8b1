import assert from "node:assert/strict";
import { decodeProtectedHeader } from "jose";
import { testProvider } from "../helpers.ts";
import { basic, introspect, userTokens } from "../token_clients.ts";

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const TYPE = (t: string) => `urn:ietf:params:oauth:token-type:${t}`;

Deno.test("--profile keycloak: access tokens say typ JWT, and only they pass for access tokens", async () => {
  await using p = await testProvider({ profile: "keycloak", autoLogin: "" });
  const user = await userTokens(p);
  assert.equal(decodeProtectedHeader(user.access_token).typ, "JWT");
  assert.equal(decodeProtectedHeader(user.id_token).typ, undefined);
  const info = (token: string) =>
    p.request("/userinfo", { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await info(user.access_token)).status, 200);
  const idAsAccess = await info(user.id_token);
  assert.equal(idAsAccess.status, 401);
  await idAsAccess.body?.cancel();
  assert.equal((await introspect(p, user.access_token)).active, true);
  assert.equal((await introspect(p, user.id_token)).active, false);
  const exchange = await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("api") },
    body: new URLSearchParams({
      grant_type: EXCHANGE,
      subject_token: user.access_token,
      subject_token_type: TYPE("id_token"),
    }),
  });
  assert.equal(exchange.status, 400);
  assert.deepEqual(await exchange.json(), {
    error: "invalid_request",
    error_description:
      'the subject_token is not a valid id_token: a JWT of typ "JWT" is not an ID token',
  });
});

Deno.test("profiles without a typ of their own keep RFC 9068's at+jwt", async () => {
  for (const profile of ["okta", "cognito", "google"]) {
    await using p = await testProvider({ profile, autoLogin: "" });
    const user = await userTokens(p);
    assert.equal(decodeProtectedHeader(user.access_token).typ, "at+jwt", profile);
  }
});
