import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { authParams, cookiesOf, hidden, signInAt } from "../flow.ts";
import { ENTRA_TENANT } from "./fixtures.ts";

const ORIGIN = "http://localhost:9400";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USERS = [{ sub: "alice", email: "alice@example.com" }, { sub: "bob" }, {
  sub: "carol",
  oid: "00000000-0000-0000-0000-00000000ca01",
}];

async function discover(p: TestProvider, issuer: string) {
  const res = await p.request(`${issuer}/.well-known/openid-configuration`);
  assert.equal(res.status, 200, `discovery of ${issuer}`);
  return await res.json() as Record<string, string>;
}

/** Signs `sub` in at the endpoints `doc` lists (auto-login), returning both tokens' claims. */
async function tokensAt(p: TestProvider, doc: Record<string, string>, sub: string) {
  const body = await signInAt(p, doc, { scope: "openid email", login_hint: sub });
  return { at: decodeJwt(body.access_token), id: decodeJwt(body.id_token) };
}

Deno.test("--profile entra: oid is a GUID stable per tenant and user, and a user's own oid wins", async () => {
  const issuer = `${ORIGIN}/${ENTRA_TENANT}/v2.0`;
  await using p = await testProvider({ issuer, profile: "entra", users: USERS, autoLogin: "" });
  await using q = await testProvider({ issuer, profile: "entra", users: USERS, autoLogin: "" });
  const doc = await discover(p, issuer);
  const alice = await tokensAt(p, doc, "alice");
  assert.match(String(alice.at.oid), GUID);
  assert.equal(alice.id.oid, alice.at.oid);
  assert.equal((await tokensAt(q, await discover(q, issuer), "alice")).at.oid, alice.at.oid);
  assert.notEqual((await tokensAt(p, doc, "bob")).at.oid, alice.at.oid);
  assert.equal((await tokensAt(p, doc, "carol")).id.oid, USERS[2].oid);
  // preferred_username: the email when the token carries one, else the sub.
  assert.equal(alice.id.preferred_username, "alice@example.com");
  assert.equal((await tokensAt(p, doc, "bob")).id.preferred_username, "bob");
});

Deno.test("--profile entra without a GUID in the issuer: tid is a stable GUID of the issuer", async () => {
  const tids = [];
  for (const issuer of [ORIGIN, ORIGIN, `${ORIGIN}/contoso/v2.0`]) {
    await using p = await testProvider({ issuer, profile: "entra", users: USERS, autoLogin: "" });
    const doc = await discover(p, issuer);
    assert.equal(
      doc.jwks_uri,
      `${new URL(issuer).origin}${
        new URL(issuer).pathname.replace(/\/v2\.0$|\/$/, "")
      }/discovery/v2.0/keys`,
    );
    tids.push((await tokensAt(p, doc, "alice")).at.tid);
  }
  assert.match(String(tids[0]), GUID);
  assert.equal(tids[1], tids[0]);
  assert.notEqual(tids[2], tids[0]);
});

Deno.test("--tenants: a tenant with profile entra is the issuer /{tenant}/v2.0 with endpoints beside it", async () => {
  await using p = await testProvider({
    users: USERS,
    autoLogin: "",
    tenants: { auto: false, configured: { [ENTRA_TENANT]: { profile: "entra" }, plain: {} } },
  });
  const issuer = `${ORIGIN}/${ENTRA_TENANT}/v2.0`;
  const doc = await discover(p, issuer);
  assert.equal(doc.issuer, issuer);
  assert.equal(doc.token_endpoint, `${ORIGIN}/${ENTRA_TENANT}/oauth2/v2.0/token`);
  const { at, id } = await tokensAt(p, doc, "alice");
  assert.equal(at.iss, issuer);
  assert.equal(id.tid, ENTRA_TENANT);
  const keys = await p.request(doc.jwks_uri);
  assert.equal(keys.status, 200);
  assert.ok((await keys.json()).keys.length > 0);
  // The other tenant keeps Gatehouse's shapes and an issuer without a suffix.
  assert.equal((await discover(p, `${ORIGIN}/plain`)).issuer, `${ORIGIN}/plain`);
});

Deno.test("--tenants auto with a root entra issuer: its endpoint segments are not tenant names", async () => {
  await using p = await testProvider({
    profile: "entra",
    users: USERS,
    autoLogin: "",
    tenants: { auto: true, configured: {} },
  });
  const doc = await discover(p, ORIGIN);
  assert.equal(doc.jwks_uri, `${ORIGIN}/discovery/v2.0/keys`);
  const keys = await p.request(doc.jwks_uri);
  assert.equal(keys.status, 200);
  assert.ok((await keys.json()).keys.length > 0);
  assert.equal((await tokensAt(p, doc, "alice")).at.iss, ORIGIN);
  // Tenants take the root's profile, and with it the `/v2.0` after their name.
  const tenant = await discover(p, `${ORIGIN}/${ENTRA_TENANT}/v2.0`);
  assert.equal(tenant.token_endpoint, `${ORIGIN}/${ENTRA_TENANT}/oauth2/v2.0/token`);
  assert.equal((await tokensAt(p, tenant, "alice")).id.tid, ENTRA_TENANT);
});

Deno.test("--tenants with a root issuer /{tenant}/v2.0: the endpoints beside its path still answer", async () => {
  const issuer = `${ORIGIN}/${ENTRA_TENANT}/v2.0`;
  await using p = await testProvider({
    issuer,
    profile: "entra",
    users: USERS,
    autoLogin: "",
    tenants: { auto: true, configured: {} },
  });
  const doc = await discover(p, issuer);
  assert.equal((await tokensAt(p, doc, "alice")).at.tid, ENTRA_TENANT);
  const info = await p.request(doc.userinfo_endpoint);
  assert.equal(info.status, 401);
});

Deno.test("--profile entra: the session cookie covers the endpoints beside the issuer's path", async () => {
  const issuer = `${ORIGIN}/${ENTRA_TENANT}/v2.0`;
  await using p = await testProvider({ issuer, profile: "entra", users: USERS });
  const doc = await discover(p, issuer);
  const params = new URLSearchParams(authParams({ scope: "openid" }));
  const page = await p.request(`${doc.authorization_endpoint}?${params}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const action = html.match(/<form method="post" action="([^"]+)"/)![1].replaceAll("&amp;", "&");
  const login = await p.request(action, {
    ...form({ interaction: hidden(html, "interaction"), csrf: hidden(html, "csrf"), sub: "alice" }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookiesOf(page),
    },
  });
  assert.equal(login.status, 303);
  const session = login.headers.getSetCookie().find((c) => c.startsWith("gatehouse_session="));
  assert.ok(session, "a session cookie");
  assert.match(session, new RegExp(`; Path=/${ENTRA_TENANT}(;|$)`, "i"));
  // Single sign-on at the Entra-shaped authorization endpoint: prompt=none with the cookie.
  const silent = new URLSearchParams(authParams({ scope: "openid", prompt: "none" }));
  const sso = await p.request(`${doc.authorization_endpoint}?${silent}`, {
    headers: { cookie: cookiesOf(login, cookiesOf(page)) },
  });
  assert.equal(sso.status, 303);
  assert.ok(new URL(sso.headers.get("location")!).searchParams.get("code"), "a code, silently");
});

Deno.test("--profile entra: the devicecode and logout endpoints beside the issuer's path answer", async () => {
  const issuer = `${ORIGIN}/${ENTRA_TENANT}/v2.0`;
  await using p = await testProvider({ issuer, profile: "entra", users: USERS });
  const doc = await discover(p, issuer);
  const device = await p.request(
    doc.device_authorization_endpoint,
    form({ client_id: "app", scope: "openid" }),
  );
  assert.equal(device.status, 200);
  const body = await device.json();
  assert.ok(body.device_code && body.user_code, JSON.stringify(body));
  // The page the user visits is Gatehouse's own, under the issuer.
  assert.equal(body.verification_uri, `${issuer}/device`);
  const logout = await p.request(doc.end_session_endpoint);
  assert.equal(logout.status, 200);
  assert.match(logout.headers.get("content-type") ?? "", /^text\/html/);
  await logout.body?.cancel();
});

Deno.test("--profile entra: the inspector lists the endpoints where discovery does", async () => {
  const issuer = `${ORIGIN}/${ENTRA_TENANT}/v2.0`;
  await using p = await testProvider({ issuer, profile: "entra", users: USERS });
  const res = await p.request(issuer);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.ok(html.includes(`${ORIGIN}/${ENTRA_TENANT}/oauth2/v2.0/token`), "the token endpoint");
  assert.ok(html.includes(`${ORIGIN}/${ENTRA_TENANT}/discovery/v2.0/keys`), "the keys");
});
