import assert from "node:assert/strict";
import { authorize, authParams, cookiesOf, loginForm, submitForm } from "../flow.ts";
import { type TestProvider, testProvider } from "../helpers.ts";
import { introspect, userTokens } from "../token_clients.ts";
import type { TenantsConfig } from "../../src/config/tenants.ts";

/** `p` seen from the tenant at `/{name}`: every path the helpers send goes under it. */
function tenant(p: TestProvider, name: string): TestProvider {
  return { ...p, request: (path, init) => p.request(`/${name}${path}`, init) };
}

const TWO: TenantsConfig = {
  auto: false,
  configured: {
    a: { users: [{ sub: "ann", name: "Ann A" }], autoLogin: "" },
    b: { users: [{ sub: "ben", name: "Ben B" }], autoLogin: "", alg: "ES256" },
  },
};

async function json(p: TestProvider, path: string) {
  const res = await p.request(path);
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return await res.json();
}

Deno.test("each tenant is its own issuer: discovery, RFC 8414 metadata and JWKS under /{tenant}", async () => {
  await using p = await testProvider({ tenants: TWO });
  const a = await json(p, "/a/.well-known/openid-configuration");
  assert.equal(a.issuer, "http://localhost:9400/a");
  assert.equal(a.token_endpoint, "http://localhost:9400/a/token");
  assert.equal(a.jwks_uri, "http://localhost:9400/a/jwks");
  // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
  const rfc8414 = await json(p, "/.well-known/oauth-authorization-server/a");
  assert.equal(rfc8414.issuer, "http://localhost:9400/a");
  const root = await json(p, "/.well-known/openid-configuration");
  assert.equal(root.issuer, "http://localhost:9400");
  const kids = await Promise.all(
    ["/jwks", "/a/jwks", "/b/jwks"].map(async (path) =>
      (await json(p, path)).keys.map((k: { kid: string; alg: string }) => `${k.alg}:${k.kid}`)
    ),
  );
  // Each JWKS holds a key per advertised alg; no key appears in two of them.
  const all = kids.flat();
  assert.equal(new Set(all).size, all.length, `keys are shared: ${kids.join(" | ")}`);
  const b = await json(p, "/b/.well-known/openid-configuration");
  assert.equal(b.id_token_signing_alg_values_supported[0], "ES256", "tenant b's own default alg");
  assert.ok(kids[2].some((k: string) => k.startsWith("ES256:")), "and a key for it");
});

Deno.test("tenants have their own users: the login page of each lists only its users", async () => {
  await using p = await testProvider({
    tenants: { auto: false, configured: { a: { users: [{ sub: "ann" }] }, b: TWO.configured.b } },
  });
  const loginA = await authorize(tenant(p, "a"), authParams());
  assert.equal(loginA.status, 200);
  const html = await loginA.text();
  assert.match(html, /name="sub" value="ann"/);
  assert.doesNotMatch(html, /value="ben"|value="alice"/);
  const b = await authorize(tenant(p, "b"), authParams());
  assert.equal(b.status, 303, "b signs in without the page: auto-login is a tenant setting");
  const root = await authorize(p, authParams());
  assert.match(await root.text(), /name="sub" value="alice"/);
});

Deno.test("a token of one tenant is refused by the other's userinfo and introspection", async () => {
  await using p = await testProvider({ tenants: TWO });
  const a = tenant(p, "a");
  const b = tenant(p, "b");
  const { access_token } = await userTokens(a);
  const own = await a.request("/userinfo", {
    headers: { authorization: `Bearer ${access_token}` },
  });
  assert.equal(own.status, 200);
  assert.equal((await own.json()).sub, "ann");
  const other = await b.request("/userinfo", {
    headers: { authorization: `Bearer ${access_token}` },
  });
  assert.equal(other.status, 401);
  assert.match(other.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
  const root = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${access_token}` },
  });
  assert.equal(root.status, 401);
  assert.equal((await introspect(a, access_token)).active, true);
  assert.deepEqual(await introspect(b, access_token), { active: false });
  assert.deepEqual(await introspect(p, access_token), { active: false });
});

Deno.test("a session of one tenant does not sign the browser in at another", async () => {
  await using p = await testProvider({
    tenants: { auto: false, configured: { a: { users: [{ sub: "ann" }] }, b: {} } },
  });
  const a = tenant(p, "a");
  const page = await loginForm(await authorize(a, authParams()));
  const signedIn = await submitForm(a, page, { sub: "ann" });
  assert.equal(signedIn.status, 303);
  const cookie = cookiesOf(signedIn, page.cookie);
  // The same browser, its session cookie sent along: a signs in silently, b and the root do not.
  const again = await authorize(a, authParams({ prompt: "none" }), cookie);
  assert.ok(new URL(again.headers.get("location")!).searchParams.get("code"));
  for (const other of [tenant(p, "b"), p]) {
    const res = await authorize(other, authParams({ prompt: "none" }), cookie);
    assert.equal(new URL(res.headers.get("location")!).searchParams.get("error"), "login_required");
  }
});

Deno.test("--tenants a,b: any other first segment is not a tenant, and the 404 says why", async () => {
  await using p = await testProvider({ tenants: TWO });
  const res = await p.request("/c/.well-known/openid-configuration");
  assert.equal(res.status, 404);
  assert.match(
    (await res.json()).error_description,
    /"c" is not a configured tenant; tenants: a, b/,
  );
});

Deno.test("--tenants auto creates a tenant on its first discovery request", async () => {
  // Tenants created on the fly take the root's settings (here auto-login and its users).
  await using p = await testProvider({ autoLogin: "", tenants: { auto: true, configured: {} } });
  const doc = await json(p, "/team-1/.well-known/openid-configuration");
  assert.equal(doc.issuer, "http://localhost:9400/team-1");
  assert.equal(doc.authorization_endpoint, "http://localhost:9400/team-1/authorize");
  const { access_token } = await userTokens(tenant(p, "team-1"));
  assert.equal((await introspect(tenant(p, "team-1"), access_token)).active, true);
});

Deno.test("--tenants auto refuses invalid names and root endpoints with a 404 that says why", async () => {
  await using p = await testProvider({ tenants: { auto: true, configured: {} } });
  const cases: [string, RegExp][] = [
    ["/Team/.well-known/openid-configuration", /"Team" is not a tenant name/],
    ["/team_1/.well-known/openid-configuration", /"team_1" is not a tenant name/],
    [`/${"x".repeat(64)}/.well-known/openid-configuration`, /is not a tenant name/],
    ["/token/.well-known/openid-configuration", /"token" is an endpoint of the root issuer/],
    ["/users/.well-known/openid-configuration", /"users" is an endpoint of the root issuer/],
  ];
  for (const [path, message] of cases) {
    const res = await p.request(path);
    assert.equal(res.status, 404, path);
    assert.match((await res.json()).error_description, message, path);
  }
  // The root issuer's own endpoints are unchanged.
  assert.equal(
    (await json(p, "/.well-known/openid-configuration")).issuer,
    "http://localhost:9400",
  );
  assert.equal((await p.request("/jwks")).status, 200);
});

Deno.test("without --tenants a first path segment is just an unknown path", async () => {
  await using p = await testProvider();
  const res = await p.request("/a/.well-known/openid-configuration");
  assert.equal(res.status, 404);
  assert.equal(
    (await res.json()).error_description,
    "no endpoint at GET /a/.well-known/openid-configuration",
  );
});

Deno.test("tenants of an issuer with a path live under that path", async () => {
  await using p = await testProvider({
    issuer: "http://localhost:8080/realms/dev",
    tenants: { auto: true, configured: {} },
  });
  const doc = await json(p, "/realms/dev/shop/.well-known/openid-configuration");
  assert.equal(doc.issuer, "http://localhost:8080/realms/dev/shop");
  assert.equal(doc.token_endpoint, "http://localhost:8080/realms/dev/shop/token");
  const rfc8414 = await json(p, "/.well-known/oauth-authorization-server/realms/dev/shop");
  assert.equal(rfc8414.issuer, "http://localhost:8080/realms/dev/shop");
  const root = await json(p, "/.well-known/oauth-authorization-server/realms/dev");
  assert.equal(root.issuer, "http://localhost:8080/realms/dev");
});
