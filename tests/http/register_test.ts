import assert from "node:assert/strict";
import * as oauth from "oauth4webapi";
import { type TestProvider, testProvider } from "../helpers.ts";
import { bearer, jsonInit, REDIRECT, register, registered } from "./client_helpers.ts";

const ISSUER = "http://localhost:9400";

/** oauth4webapi options that send its requests through the in-process app. */
function through(op: TestProvider) {
  return {
    [oauth.customFetch]: (url: string, init: RequestInit) => op.request(url, init),
    [oauth.allowInsecureRequests]: true,
  };
}

async function discover(op: TestProvider): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(ISSUER);
  const res = await oauth.discoveryRequest(issuer, { ...through(op), algorithm: "oidc" });
  return await oauth.processDiscoveryResponse(issuer, res);
}

/** A full code flow with PKCE, state and nonce, as oauth4webapi runs it. */
async function signIn(
  op: TestProvider,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  secret: string,
) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid email",
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    login_hint: "alice",
  }).toString();
  const res = await op.request(url.href);
  assert.equal(res.status, 303);
  const params = oauth.validateAuthResponse(
    as,
    client,
    new URL(res.headers.get("location")!),
    state,
  );
  const tokenRes = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.ClientSecretBasic(secret),
    params,
    REDIRECT,
    verifier,
    through(op),
  );
  return await oauth.processAuthorizationCodeResponse(as, client, tokenRes, {
    expectedNonce: nonce,
    requireIdToken: true,
  });
}

Deno.test("oauth4webapi registers a client, signs in with it, reads, updates and deletes it", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const as = await discover(op);
  assert.equal(as.registration_endpoint, `${ISSUER}/register`);
  const reg = await oauth.processDynamicClientRegistrationResponse(
    await oauth.dynamicClientRegistrationRequest(
      as,
      { redirect_uris: [REDIRECT], client_name: "Test RP", scope: "openid email" },
      through(op),
    ),
  );
  const secret = reg.client_secret as string;
  const token = reg.registration_access_token as string;
  const client: oauth.Client = { client_id: reg.client_id };
  const tokens = await signIn(op, as, client, secret);
  const claims = oauth.getValidatedIdTokenClaims(tokens)!;
  assert.equal(claims.aud, reg.client_id);
  assert.equal(claims.sub, "alice");

  const uri = reg.registration_client_uri as string;
  assert.equal(uri, `${ISSUER}/register/${reg.client_id}`);
  const read = await op.request(uri, { headers: bearer(token) });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get("cache-control"), "no-store");
  const current = await read.json();
  const { client_secret: _, registration_access_token: __, ...expected } = reg;
  assert.deepEqual(current, expected, "a read returns the registration, without the secrets");

  const other = "http://127.0.0.1:4000/cb";
  const put = await op.request(
    uri,
    jsonInit({ ...current, redirect_uris: [other] }, "PUT", bearer(token)),
  );
  assert.equal(put.status, 200);
  const updated = await put.json();
  assert.deepEqual(updated.redirect_uris, [other]);
  assert.equal(updated.client_secret, undefined, "the secret is kept, so not sent again");
  const stale = await op.request(
    `/authorize?${new URLSearchParams({
      client_id: reg.client_id,
      redirect_uri: REDIRECT,
      response_type: "code",
    })}`,
  );
  assert.equal(stale.status, 400, "the old redirect URI is no longer registered");
  assert.match(await stale.text(), /is not registered for client/);

  const del = await op.request(uri, { method: "DELETE", headers: bearer(token) });
  assert.equal(del.status, 204);
  const userinfo = await op.request("/userinfo", { headers: bearer(tokens.access_token) });
  assert.equal(userinfo.status, 401, "the client's access token is revoked with it");
  const again = await op.request(uri, { headers: bearer(token) });
  assert.equal(again.status, 401);
  assert.equal(await op.deps.store.getClient(reg.client_id), null);
});

Deno.test("a wrong or missing registration access token gets 401 invalid_token", async () => {
  await using op = await testProvider();
  const a = await registered(op, { redirect_uris: [REDIRECT] });
  const b = await registered(op, { redirect_uris: [REDIRECT] });
  const uri = a.registration_client_uri;
  const cases: [string, RequestInit, string][] = [
    [
      "GET none",
      {},
      'missing registration access token: send "Authorization: Bearer <registration_access_token>"',
    ],
    [
      "GET wrong",
      { headers: bearer("nope") },
      `the registration access token is not valid for client "${a.client_id}"`,
    ],
    [
      "GET b's",
      { headers: bearer(b.registration_access_token) },
      `the registration access token is not valid for client "${a.client_id}"`,
    ],
    [
      "PUT none",
      jsonInit({ client_id: a.client_id, redirect_uris: [REDIRECT] }, "PUT"),
      'missing registration access token: send "Authorization: Bearer <registration_access_token>"',
    ],
    [
      "DELETE wrong",
      { method: "DELETE", headers: bearer("nope") },
      `the registration access token is not valid for client "${a.client_id}"`,
    ],
    [
      "DELETE basic",
      { method: "DELETE", headers: { Authorization: "Basic eDp5" } },
      'missing registration access token: send "Authorization: Bearer <registration_access_token>"',
    ],
  ];
  for (const [name, init, description] of cases) {
    const res = await op.request(uri, init);
    assert.equal(res.status, 401, name);
    assert.match(
      res.headers.get("www-authenticate")!,
      /^Bearer realm="gatehouse", error="invalid_token"/,
      name,
    );
    assert.deepEqual(
      await res.json(),
      { error: "invalid_token", error_description: description },
      name,
    );
  }
  const unknown = await op.request("/register/nobody", {
    headers: bearer(a.registration_access_token),
  });
  assert.equal(unknown.status, 401, "an unknown client looks like a wrong token (RFC 7592 §2.1)");
  assert.ok(await op.deps.store.getClient(a.client_id), "nothing was deleted");
});

Deno.test("--registration-token: registering needs the initial access token", async () => {
  await using op = await testProvider({ registrationToken: "let-me-in" });
  const metadata = { redirect_uris: [REDIRECT] };
  const missing = await register(op, metadata);
  assert.equal(missing.status, 401);
  assert.deepEqual(missing.body, {
    error: "invalid_token",
    error_description:
      'registration needs an initial access token: send "Authorization: Bearer <token>"',
  });
  const wrong = await register(op, metadata, bearer("let-me-out"));
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, {
    error: "invalid_token",
    error_description: "the initial access token is not valid",
  });
  const as = await discover(op);
  const reg = await oauth.processDynamicClientRegistrationResponse(
    await oauth.dynamicClientRegistrationRequest(as, metadata, {
      ...through(op),
      initialAccessToken: "let-me-in",
    }),
  );
  assert.equal(typeof reg.client_id, "string");
});

Deno.test("the registration response holds every registered field with its default", async () => {
  await using op = await testProvider();
  const body = await registered(op, { redirect_uris: [REDIRECT], contacts: ["ops@example.com"] });
  const now = Math.floor(Date.now() / 1000);
  assert.ok(Math.abs(Number(body.client_id_issued_at) - now) < 5);
  assert.match(body.client_secret, /^[A-Za-z0-9_-]{43}$/);
  assert.match(body.registration_access_token, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(body, {
    client_id: body.client_id,
    client_id_issued_at: body.client_id_issued_at,
    client_secret: body.client_secret,
    client_secret_expires_at: 0,
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    application_type: "web",
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "RS256",
    contacts: ["ops@example.com"],
    registration_access_token: body.registration_access_token,
    registration_client_uri: `${ISSUER}/register/${body.client_id}`,
  });
  const stored = await op.deps.store.getClient(body.client_id);
  assert.ok(stored);
  const dump = JSON.stringify(stored);
  assert.ok(!dump.includes(body.client_secret), "the secret is stored hashed");
  assert.ok(!dump.includes(body.registration_access_token), "the token is stored hashed");
});
