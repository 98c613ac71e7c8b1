import assert from "node:assert/strict";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { signInAt } from "../flow.ts";
import { AUTH0, COGNITO, ENTRA, GOOGLE, type IdpFixture, KEYCLOAK, OKTA } from "./fixtures.ts";

const ORIGIN = "http://localhost:8080";
const USER = { sub: "alice", roles: ["admin", "staff"], groups: ["eng"], hd: "example.com" };
const CASES: [string, IdpFixture][] = [
  ["keycloak", KEYCLOAK],
  ["entra", ENTRA],
  ["okta", OKTA],
  ["auth0", AUTH0],
  ["cognito", COGNITO],
  ["google", GOOGLE],
];

async function provider(profile: string, fixture: IdpFixture): Promise<TestProvider> {
  return await testProvider({
    issuer: `${ORIGIN}${fixture.issuerPath}`,
    profile,
    users: [USER],
    autoLogin: "",
  });
}

/** The code flow at the paths discovery lists: authorization, then token. */
const signIn = (p: TestProvider, doc: Record<string, string>) =>
  signInAt(p, doc, { scope: "openid profile" });

for (const [name, fixture] of CASES) {
  Deno.test(`--profile ${name}: discovery lists the endpoint paths of ${name}'s docs`, async () => {
    await using p = await provider(name, fixture);
    const issuer = `${ORIGIN}${fixture.issuerPath}`;
    const res = await p.request(`${issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.issuer, issuer);
    const endpoints = `${ORIGIN}${fixture.endpointsPath ?? fixture.issuerPath}`;
    for (const [key, path] of Object.entries(fixture.endpoints)) {
      assert.equal(doc[key], `${endpoints}${path}`, key);
    }
    for (const [key, value] of Object.entries(fixture.discovery ?? {})) {
      assert.deepEqual(doc[key], value, key);
    }
    for (const claim of fixture.claimsSupported ?? []) {
      assert.ok(doc.claims_supported.includes(claim), `claims_supported lists ${claim}`);
    }
  });

  Deno.test(`--profile ${name}: tokens carry ${name}'s claims and its endpoints answer`, async () => {
    await using p = await provider(name, fixture);
    const doc =
      await (await p.request(`${ORIGIN}${fixture.issuerPath}/.well-known/openid-configuration`))
        .json();
    const tokens = await signIn(p, doc);
    const jwks = createLocalJWKSet(await (await p.request(doc.jwks_uri)).json());
    const verified = await jwtVerify(tokens.access_token, jwks, {
      issuer: doc.issuer,
      typ: fixture.accessTokenTyp ?? "at+jwt",
    });
    const at = verified.payload;
    for (const [claim, value] of Object.entries(fixture.accessToken(USER, "app"))) {
      assert.deepEqual(at[claim], value, `access token ${claim}`);
    }
    const id = decodeJwt(tokens.id_token);
    for (const [claim, value] of Object.entries(fixture.idToken(USER, "app"))) {
      assert.deepEqual(id[claim], value, `ID token ${claim}`);
    }
    for (const claim of fixture.notInIdToken) assert.equal(id[claim], undefined, claim);
    for (const [claim, shape] of Object.entries(fixture.shapes ?? {})) {
      assert.match(String(at[claim]), shape, `access token ${claim}`);
      assert.equal(id[claim], at[claim], `ID token ${claim}`);
    }
    const info = await p.request(doc.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(info.status, 200);
    assert.equal((await info.json()).sub, "alice");
    const intro = await p.request(doc.introspection_endpoint, {
      ...form({ token: tokens.access_token }),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${btoa("rs:secret")}`,
      },
    });
    assert.equal(intro.status, 200);
    assert.equal((await intro.json()).active, true);
    const revoked = await p.request(
      doc.revocation_endpoint,
      form({ token: tokens.access_token, client_id: "app" }),
    );
    assert.equal(revoked.status, 200);
    await revoked.body?.cancel();
    const after = await p.request(doc.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(after.status, 401, "revoked at the profile's revocation endpoint");
    await after.body?.cancel();
  });
}

Deno.test("without --profile the profile paths are unknown and tokens keep Gatehouse's claims", async () => {
  await using p = await testProvider({
    issuer: `${ORIGIN}/realms/dev`,
    users: [USER],
    autoLogin: "",
  });
  const res = await p.request(`${ORIGIN}/realms/dev/protocol/openid-connect/certs`);
  assert.equal(res.status, 404);
  const doc = await (await p.request(`${ORIGIN}/realms/dev/.well-known/openid-configuration`))
    .json();
  assert.equal(doc.token_endpoint, `${ORIGIN}/realms/dev/token`);
  const at = decodeJwt((await signIn(p, doc)).access_token);
  assert.deepEqual(at.roles, USER.roles);
  assert.equal(at.realm_access, undefined);
  assert.equal(at.typ, undefined);
});

Deno.test("a tenant's profile is its own: /kc is Keycloak-shaped, the root is not", async () => {
  await using p = await testProvider({
    users: [USER],
    autoLogin: "",
    tenants: { auto: false, configured: { kc: { profile: "keycloak" } } },
  });
  const kc = await (await p.request("/kc/.well-known/openid-configuration")).json();
  assert.equal(kc.jwks_uri, "http://localhost:9400/kc/protocol/openid-connect/certs");
  const at = decodeJwt((await signIn(p, kc)).access_token);
  assert.deepEqual(at.realm_access, { roles: USER.roles });
  const root = await (await p.request("/.well-known/openid-configuration")).json();
  assert.equal(root.jwks_uri, "http://localhost:9400/jwks");
});
