import assert from "node:assert/strict";
import { createLocalJWKSet, jwtVerify } from "jose";
import { type TestProvider, testProvider } from "../helpers.ts";
import { call, json } from "./admin_helpers.ts";

const TENANTS = { auto: false, configured: { a: { users: [{ sub: "ann", dept: "ops" }] }, b: {} } };

async function verifyAt(p: TestProvider, base: string, token: string) {
  const keys = createLocalJWKSet(await (await p.request(`${base}/jwks`)).json());
  return (await jwtVerify(token, keys, { issuer: `http://localhost:9400${base}` })).payload;
}

Deno.test("a tenant's own /admin mints tokens that its JWKS and issuer validate", async () => {
  await using p = await testProvider({ tenants: TENANTS });
  const res = await call(p, "/a/admin/tokens", json({ sub: "ann", client_id: "spa" }));
  assert.equal(res.status, 200);
  const claims = await verifyAt(p, "/a", res.body.access_token as string);
  assert.equal(claims.sub, "ann");
  assert.equal(claims.dept, "ops", "the tenant's user, with its claims");
  await assert.rejects(verifyAt(p, "/b", res.body.access_token as string));
  await assert.rejects(verifyAt(p, "", res.body.access_token as string));
});

Deno.test("a tenant's admin reset leaves the other tenants' records alone", async () => {
  await using p = await testProvider({ tenants: TENANTS });
  const register = (base: string) =>
    call(p, `${base}/register`, json({ redirect_uris: ["http://localhost:3000/cb"] }));
  const a = await register("/a");
  const b = await register("/b");
  assert.equal(a.status, 201);
  assert.equal((await call(p, "/a/admin/reset", { method: "POST" })).status, 204);
  const readA = await call(p, `/a/register/${a.body.client_id}`, {
    headers: { authorization: `Bearer ${a.body.registration_access_token}` },
  });
  assert.equal(readA.status, 401, "a's client is gone with a's reset");
  const readB = await call(p, `/b/register/${b.body.client_id}`, {
    headers: { authorization: `Bearer ${b.body.registration_access_token}` },
  });
  assert.equal(readB.status, 200, "b's client outlives a's reset");
});

Deno.test("a tenant's /metrics labels every sample with its name; the root's stay unlabelled", async () => {
  await using p = await testProvider({ tenants: TENANTS });
  assert.equal((await p.request("/a/.well-known/openid-configuration")).status, 200);
  assert.equal((await p.request("/.well-known/openid-configuration")).status, 200);
  const text = await (await p.request("/a/metrics")).text();
  const samples = text.split("\n").filter((l) => l && !l.startsWith("#"));
  assert.ok(samples.length > 0);
  for (const line of samples) assert.match(line, /^[a-z_]+\{tenant="a",/);
  assert.ok(
    samples.some((l) => l.includes('route="/a/.well-known/openid-configuration"')),
    text,
  );
  const root = await (await p.request("/metrics")).text();
  assert.doesNotMatch(root, /tenant=/);
});

Deno.test("a tenant's inspector shows its own issuer and users", async () => {
  await using p = await testProvider({ tenants: TENANTS });
  const res = await p.request("/a");
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /http:\/\/localhost:9400\/a/);
  assert.match(html, />ann</);
  assert.doesNotMatch(html, />alice</);
});
