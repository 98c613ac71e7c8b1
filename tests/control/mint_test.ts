import assert from "node:assert/strict";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { call, json, userinfoStatus } from "./admin_helpers.ts";

const ISSUER = "http://localhost:9400";

async function verify(p: TestProvider, token: string, audience: string) {
  const keys = createLocalJWKSet(await (await p.request("/jwks")).json());
  const { payload } = await jwtVerify(token, keys, {
    issuer: ISSUER,
    audience,
    currentDate: new Date(p.clock.now()),
  });
  return payload;
}

Deno.test("POST /admin/tokens mints an access and ID token that jose validates against /jwks", async () => {
  await using p = await testProvider();
  const res = await call(
    p,
    "/admin/tokens",
    json({
      sub: "alice",
      client_id: "spa",
      scope: "openid",
      claims: { roles: ["auditor"], email: "override@example.com" },
      nonce: "n-42",
    }),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body).sort(), [
    "access_token",
    "expires_in",
    "id_token",
    "scope",
    "token_type",
  ]);
  assert.equal(res.body.token_type, "Bearer");
  assert.equal(res.body.expires_in, 3600);
  const id = await verify(p, res.body.id_token as string, "spa");
  assert.equal(id.sub, "alice");
  assert.equal(id.nonce, "n-42");
  assert.deepEqual(id.roles, ["auditor"]);
  assert.equal(id.email, "override@example.com", "given claims go in whatever the scope");
  assert.deepEqual(id.groups, ["admins", "staff"], "the user's custom claims come along");
  const at = await verify(p, res.body.access_token as string, "spa");
  assert.equal(decodeProtectedHeader(res.body.access_token as string).typ, "at+jwt");
  assert.equal(at.client_id, "spa");
  assert.equal(at.scope, "openid");
  assert.deepEqual(at.roles, ["auditor"]);
  assert.equal(await userinfoStatus(p, res.body.access_token as string), 200);
});

Deno.test("POST /admin/tokens honours expires_in, audience and the tokens asked for", async () => {
  await using p = await testProvider();
  const res = await call(
    p,
    "/admin/tokens",
    json({
      sub: "nobody-configured",
      scope: "api:read offline_access",
      expires_in: 120,
      audience: ["https://api.example.com"],
      tokens: ["access_token", "refresh_token"],
    }),
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.id_token, undefined);
  assert.equal(res.body.expires_in, 120);
  const at = await verify(p, res.body.access_token as string, "https://api.example.com");
  assert.equal(at.exp! - at.iat!, 120);
  assert.equal(at.sub, "nobody-configured");
  assert.equal(at.client_id, "gatehouse-admin");
  const refreshed = await p.request(
    "/token",
    form({
      grant_type: "refresh_token",
      refresh_token: res.body.refresh_token as string,
      client_id: "gatehouse-admin",
    }),
  );
  assert.equal(refreshed.status, 200);
  assert.equal((await refreshed.json()).scope, "api:read offline_access");
});

Deno.test("minted tokens belong to a grant: revoke-tokens revokes them", async () => {
  await using p = await testProvider();
  const minted = await call(p, "/admin/tokens", json({ sub: "bob" }));
  assert.equal(await userinfoStatus(p, minted.body.access_token as string), 200);
  const revoked = await call(p, "/users/bob/revoke-tokens", { method: "POST" });
  assert.equal(revoked.body.revoked_grants, 1);
  assert.equal(await userinfoStatus(p, minted.body.access_token as string), 401);
});

Deno.test("POST /admin/tokens refuses incomplete or contradictory requests, saying why", async () => {
  await using p = await testProvider();
  const cases: [unknown, string][] = [
    [{}, '"sub" is required: the user the tokens are for'],
    [
      { sub: "alice", scopes: "openid" },
      'unknown member "scopes"; use sub, client_id, scope, claims, expires_in, tokens, nonce, audience',
    ],
    [
      { sub: "alice", scope: "profile", tokens: ["id_token"] },
      'an ID token needs the "openid" scope',
    ],
    [{ sub: "alice", claims: { sub: "bob" } }, '"claims" cannot set "sub"; use the "sub" member'],
    [{ sub: "alice", expires_in: 0 }, '"expires_in" must be a positive whole number of seconds'],
    [
      { sub: "alice", tokens: ["code"] },
      '"tokens" must be a non-empty list of access_token, id_token, refresh_token',
    ],
  ];
  for (const [body, detail] of cases) {
    const res = await call(p, "/admin/tokens", json(body));
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.type, "application/problem+json");
    assert.equal(res.body.detail, detail);
  }
});

Deno.test("userinfo for a minted token answers as the README says: the user's claims, else the minted ones", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const documented =
    /`\/userinfo`\s+for\s+a\s+minted\s+access\s+token\s+does\s+not\s+echo\s+the\s+minted/;
  assert.match(readme, documented);
  await using p = await testProvider();
  const userinfo = async (sub: string) => {
    const body = { sub, scope: "openid email", claims: { email: "minted@example.com" } };
    const minted = await call(p, "/admin/tokens", json(body));
    const headers = { authorization: `Bearer ${minted.body.access_token}` };
    return await (await p.request("/userinfo", { headers })).json();
  };
  assert.equal((await userinfo("alice")).email, "alice@example.com", "alice is a user");
  assert.equal((await userinfo("nobody")).email, "minted@example.com", "nobody is no user");
});
