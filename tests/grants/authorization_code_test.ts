import assert from "node:assert/strict";
import { authParams, codeFor, redeem, VERIFIER } from "../flow.ts";
import { assertOAuthError, form, testProvider } from "../helpers.ts";

const assertError = assertOAuthError;

Deno.test("POST /token exchanges a code for tokens with no-store headers", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await redeem(p, await codeFor(p));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("pragma"), "no-cache");
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), [
    "access_token",
    "expires_in",
    "id_token",
    "refresh_token",
    "scope",
    "token_type",
  ]);
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.expires_in, 3600);
  assert.equal(body.scope, "openid profile email");
});

Deno.test("POST /token returns invalid_grant when the code is reused, and revokes its tokens", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p);
  const first = await (await redeem(p, code)).json();
  const before = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${first.access_token}` },
  });
  assert.equal(before.status, 200);
  await before.body?.cancel();
  await assertError(await redeem(p, code), 400, {
    error: "invalid_grant",
    error_description: "the code was already used; the tokens issued from it are now revoked",
  });
  const after = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${first.access_token}` },
  });
  assert.equal(after.status, 401);
  assert.equal(
    after.headers.get("www-authenticate"),
    'Bearer realm="gatehouse", error="invalid_token", error_description="the token has been revoked"',
  );
  await after.body?.cancel();
});

Deno.test("POST /token returns invalid_grant for a wrong code_verifier", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await redeem(p, await codeFor(p), { code_verifier: "x".repeat(43) });
  await assertError(res, 400, {
    error: "invalid_grant",
    error_description: '"code_verifier" does not match the "code_challenge" sent to /authorize',
  });
});

Deno.test("POST /token returns invalid_grant when the verifier is missing after a challenge", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p);
  const res = await p.request(
    "/token",
    form({
      grant_type: "authorization_code",
      code,
      client_id: "app",
      redirect_uri: "http://127.0.0.1:3000/callback",
    }),
  );
  await assertError(res, 400, {
    error: "invalid_grant",
    error_description: 'missing "code_verifier"; /authorize received a "code_challenge"',
  });
});

Deno.test("POST /token returns invalid_grant for a verifier when no challenge was sent", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p, { code_challenge: "", code_challenge_method: "" });
  await assertError(await redeem(p, code), 400, {
    error: "invalid_grant",
    error_description: '"code_verifier" was sent, but /authorize received no "code_challenge"',
  });
});

Deno.test("POST /token accepts PKCE plain in lenient mode", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p, { code_challenge: VERIFIER, code_challenge_method: "plain" });
  const res = await redeem(p, code);
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.ok(p.deps.warnings.recent().some((w) => w.rule === "pkce-s256"));
});

Deno.test("POST /token returns invalid_grant when redirect_uri differs from /authorize", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await redeem(p, await codeFor(p), { redirect_uri: "http://localhost:3000/other" });
  await assertError(res, 400, {
    error: "invalid_grant",
    error_description: '"redirect_uri" does not match the one sent to /authorize',
  });
});

Deno.test("POST /token returns invalid_grant for an expired code (injected clock)", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p);
  p.clock.advance(61_000);
  await assertError(await redeem(p, code), 400, {
    error: "invalid_grant",
    error_description: "the code expired 1s ago",
  });
});

Deno.test("POST /token returns invalid_grant for a code issued to another client", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await redeem(p, await codeFor(p), { client_id: "other" });
  await assertError(res, 400, {
    error: "invalid_grant",
    error_description: 'the code was issued to client "app", not "other"',
  });
});

Deno.test("POST /token returns invalid_grant for a code it never issued", async () => {
  await using p = await testProvider({ autoLogin: "" });
  await assertError(await redeem(p, "made-up"), 400, {
    error: "invalid_grant",
    error_description: "the code is not valid: this provider did not issue it",
  });
});

Deno.test("POST /token returns invalid_client for an unknown client under --require-registration", async () => {
  await using p = await testProvider({ requireRegistration: true });
  const res = await p.request("/token", {
    ...form({ grant_type: "authorization_code", code: "c", redirect_uri: "http://x/cb" }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa("ghost:secret")}`,
    },
  });
  assert.equal(res.headers.get("www-authenticate"), 'Basic realm="gatehouse", charset="UTF-8"');
  await assertError(res, 401, {
    error: "invalid_client",
    error_description: 'unknown client "ghost": only registered clients are accepted',
  });
});

Deno.test("POST /token refuses missing grant_type, unknown grant types, JSON bodies and repeats", async () => {
  await using p = await testProvider();
  await assertError(await p.request("/token", form({ client_id: "a" })), 400, {
    error: "invalid_request",
    error_description: 'missing "grant_type"',
  });
  const unknown = await p.request("/token", form({ grant_type: "magic", client_id: "a" }));
  assert.equal((await unknown.json()).error, "unsupported_grant_type");
  const json = await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  await assertError(json, 400, {
    error: "invalid_request",
    error_description: 'the body must be application/x-www-form-urlencoded, got "application/json"',
  });
  const repeated = await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=authorization_code&code=a&code=b",
  });
  await assertError(repeated, 400, {
    error: "invalid_request",
    error_description: 'parameter "code" is repeated',
  });
});

Deno.test("Basic credentials are form-decoded (RFC 6749 §2.3.1)", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p, { client_id: "my app" });
  const res = await p.request("/token", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa("my+app:s%C3%A9cret%3A1")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: authParams().redirect_uri,
      code_verifier: VERIFIER,
    }).toString(),
  });
  assert.equal(res.status, 200);
  const { access_token } = await res.json();
  const payload = JSON.parse(
    atob(access_token.split(".")[1].replaceAll("-", "+").replaceAll("_", "/")),
  );
  assert.equal(payload.client_id, "my app");
});

Deno.test("20 parallel redemptions of one code yield exactly one success", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p);
  const results = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const res = await redeem(p, code);
      return { status: res.status, body: await res.json() };
    }),
  );
  assert.equal(results.filter((r) => r.status === 200).length, 1);
  const failures = results.filter((r) => r.status !== 200);
  assert.equal(failures.length, 19);
  for (const f of failures) assert.equal(f.body.error, "invalid_grant");
});

Deno.test("POST /token narrows the code's resources to those asked for (RFC 8707)", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const query = new URLSearchParams(authParams());
  query.append("resource", "https://a.example/");
  query.append("resource", "https://b.example/");
  const res = await p.request(`/authorize?${query}`);
  const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
  const refused = await redeem(p, code, { resource: "https://c.example/" });
  await assertError(refused, 400, {
    error: "invalid_target",
    error_description:
      '"resource" https://c.example/ was not granted; the grant\'s resources are https://a.example/, https://b.example/',
  });
  const query2 = new URLSearchParams(authParams());
  query2.append("resource", "https://a.example/");
  query2.append("resource", "https://b.example/");
  const res2 = await p.request(`/authorize?${query2}`);
  const code2 = new URL(res2.headers.get("location")!).searchParams.get("code")!;
  const body = await (await redeem(p, code2, { resource: "https://a.example/" })).json();
  const payload = JSON.parse(
    atob(body.access_token.split(".")[1].replaceAll("-", "+").replaceAll("_", "/")),
  );
  assert.equal(payload.aud, "https://a.example/");
});
