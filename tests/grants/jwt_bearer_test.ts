import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { assertOAuthError, form, type TestProvider, testProvider } from "../helpers.ts";
import { externalIdp, IDP, TOKEN_ENDPOINT } from "../trusted_idp.ts";
import { basic } from "../token_clients.ts";

const GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

async function bearer(p: TestProvider, params: Record<string, string>): Promise<Response> {
  const init = form({ grant_type: GRANT, ...params });
  return await p.request("/token", {
    ...init,
    headers: { ...init.headers, authorization: basic("svc") },
  });
}

const invalidGrant = (res: Response, description: string) =>
  assertOAuthError(res, 400, { error: "invalid_grant", error_description: description });

async function setup(extra = {}) {
  const idp = await externalIdp();
  const p = await testProvider({ trustedIssuers: [idp.trusted(extra)] });
  const now = () => Math.floor(p.clock.now() / 1000);
  return { idp, p, now };
}

Deno.test("jwt-bearer: an assertion of a trusted issuer gets an access token for its sub, with the user's claims", async () => {
  const { idp, p, now } = await setup();
  await using _ = p;
  const res = await bearer(p, {
    assertion: await idp.sign({ sub: "alice" }, now()),
    scope: "openid profile",
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ["access_token", "expires_in", "scope", "token_type"]);
  assert.equal(body.token_type, "Bearer");
  const claims = decodeJwt(body.access_token);
  assert.equal(claims.sub, "alice");
  assert.equal(claims.client_id, "svc");
  assert.deepEqual(claims.groups, ["admins", "staff"]);
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${body.access_token}` },
  });
  assert.equal(info.status, 200);
  assert.deepEqual(await info.json(), {
    sub: "alice",
    name: "Alice Adams",
    given_name: "Alice",
    family_name: "Adams",
    groups: ["admins", "staff"],
  });
});

Deno.test("jwt-bearer: an unknown sub becomes the subject without claims; aud may be the issuer", async () => {
  const { idp, p, now } = await setup();
  await using _ = p;
  const assertion = await idp.sign({ sub: "svc-account-7", aud: "http://localhost:9400" }, now());
  const res = await bearer(p, { assertion, resource: "https://api.example.com" });
  assert.equal(res.status, 200);
  const claims = decodeJwt((await res.json()).access_token);
  assert.equal(claims.sub, "svc-account-7");
  assert.equal(claims.aud, "https://api.example.com");
});

Deno.test("jwt-bearer: each assertion jti is taken once, also when 20 race for it", async () => {
  const { idp, p, now } = await setup();
  await using _ = p;
  const assertion = await idp.sign({ sub: "alice" }, now());
  const results = await Promise.all(
    Array.from({ length: 20 }, () => bearer(p, { assertion })),
  );
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses}`);
  for (const r of results.filter((r) => r.status !== 200)) {
    const body = await r.json();
    assert.equal(body.error, "invalid_grant");
    assert.match(body.error_description, /"jti" .* was already used/);
  }
  await Promise.all(results.filter((r) => r.status === 200).map((r) => r.body?.cancel()));
});

Deno.test("jwt-bearer: every way an assertion is wrong gets its own error", async (t) => {
  const { idp, p, now } = await setup({ subjects: ["alice", "bob"] });
  await using _ = p;
  const other = await externalIdp();
  const stranger = await externalIdp("https://stranger.example");
  await t.step("no assertion", async () => {
    await assertOAuthError(await bearer(p, {}), 400, {
      error: "invalid_request",
      error_description: 'missing "assertion"',
    });
  });
  await t.step("not a JWT", async () => {
    await invalidGrant(await bearer(p, { assertion: "abc" }), '"assertion" is not a JWT');
  });
  await t.step("untrusted issuer", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await stranger.sign({ sub: "alice" }, now()) }),
      `the assertion's "iss" "https://stranger.example" is not a trusted issuer; trusted: ${IDP}`,
    );
  });
  await t.step("signed by another key", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await other.sign({ sub: "alice" }, now()) }),
      `the assertion has a signature that does not verify with the keys of trusted issuer ${IDP}`,
    );
  });
  await t.step("another audience", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await idp.sign({ sub: "alice", aud: "https://x" }, now()) }),
      `the assertion "aud" must include one of http://localhost:9400, ${TOKEN_ENDPOINT}; got "https://x"`,
    );
  });
  await t.step("expired", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await idp.sign({ sub: "alice" }, now() - 600) }),
      'the assertion has expired (its "exp" is in the past)',
    );
  });
  await t.step("no exp", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await idp.sign({ sub: "alice", exp: undefined }, now()) }),
      'the assertion has no "exp"',
    );
  });
  await t.step("no sub", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await idp.sign({}, now()) }),
      'the assertion has no "sub"',
    );
  });
  await t.step("a subject the issuer may not assert", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await idp.sign({ sub: "mallory" }, now()) }),
      `the assertion has "sub" "mallory", which trusted issuer ${IDP} may not assert (its subjects: alice, bob)`,
    );
  });
  await t.step("no jti", async () => {
    await invalidGrant(
      await bearer(p, { assertion: await idp.sign({ sub: "alice", jti: undefined }, now()) }),
      'the assertion has no "jti"; each assertion must carry a unique one',
    );
  });
  await t.step("an HMAC alg", async () => {
    const hs = await new (await import("jose")).SignJWT({
      iss: IDP,
      sub: "alice",
      aud: TOKEN_ENDPOINT,
      exp: now() + 60,
      jti: "h1",
    }).setProtectedHeader({ alg: "HS256" }).sign(new Uint8Array(32));
    const body = await (await bearer(p, { assertion: hs })).json();
    assert.equal(body.error, "invalid_grant");
    assert.match(body.error_description, /^the assertion is signed with an alg/);
  });
});

Deno.test("jwt-bearer: audiences add accepted aud values besides this provider", async () => {
  const { idp, p, now } = await setup({ audiences: ["urn:gatehouse"] });
  await using _ = p;
  const res = await bearer(p, {
    assertion: await idp.sign({ sub: "bob", aud: "urn:gatehouse" }, now()),
  });
  assert.equal(res.status, 200);
  assert.equal(decodeJwt((await res.json()).access_token).sub, "bob");
});

Deno.test("jwt-bearer: without trusted issuers the grant is unsupported and not in discovery", async () => {
  await using p = await testProvider();
  await assertOAuthError(await bearer(p, { assertion: "x" }), 400, {
    error: "unsupported_grant_type",
    error_description:
      "the JWT bearer grant needs issuers to trust; start Gatehouse with --trusted-issuers FILE",
  });
  const meta = await (await p.request("/.well-known/openid-configuration")).json();
  assert.ok(!meta.grant_types_supported.includes(GRANT));
  assert.ok(meta.grant_types_supported.includes("urn:ietf:params:oauth:grant-type:token-exchange"));
});

Deno.test("jwt-bearer: a trusted issuer's keys are fetched from its jwks_uri", async () => {
  const idp = await externalIdp();
  const jwks = idp.trusted().jwks!;
  let fetches = 0;
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    fetches++;
    return Response.json(jwks);
  });
  const jwksUri = `http://127.0.0.1:${server.addr.port}/jwks`;
  await using p = await testProvider({ trustedIssuers: [{ issuer: IDP, jwks_uri: jwksUri }] });
  const now = Math.floor(p.clock.now() / 1000);
  for (const sub of ["alice", "bob"]) {
    const res = await bearer(p, { assertion: await idp.sign({ sub }, now) });
    assert.equal(res.status, 200);
    assert.equal(decodeJwt((await res.json()).access_token).sub, sub);
  }
  assert.equal(fetches, 1, "the key set is cached");
});

Deno.test("jwt-bearer: under --profile keycloak the assertion's aud is the profile's token endpoint", async () => {
  const idp = await externalIdp();
  await using p = await testProvider({ profile: "keycloak", trustedIssuers: [idp.trusted()] });
  const meta = await (await p.request("/.well-known/openid-configuration")).json();
  assert.equal(meta.token_endpoint, "http://localhost:9400/protocol/openid-connect/token");
  const assertion = await idp.sign({ sub: "alice", aud: meta.token_endpoint });
  const res = await p.request("/protocol/openid-connect/token", {
    ...form({ grant_type: GRANT, assertion }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic("svc"),
    },
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(decodeJwt((await res.json()).access_token).sub, "alice");
});
