import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { testProvider } from "../helpers.ts";
import { basic, bearer, jsonInit, REDIRECT, registered } from "./client_helpers.ts";

Deno.test("public and private_key_jwt clients are issued no secret", async () => {
  await using op = await testProvider();
  const pub = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
  });
  assert.equal(pub.client_secret, undefined);
  assert.equal(pub.client_secret_expires_at, undefined);
  const jwks = {
    keys: [{
      kty: "EC",
      crv: "P-256",
      x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
      y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    }],
  };
  const pkj = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "private_key_jwt",
    jwks,
  });
  assert.equal(pkj.client_secret, undefined);
  assert.deepEqual(pkj.jwks, jwks);
});

Deno.test("PUT keeps the secret, rotates it on ?rotate_secret=true and needs the client_id", async () => {
  await using op = await testProvider();
  const reg = await registered(op, { redirect_uris: [REDIRECT] });
  const uri = reg.registration_client_uri;
  const auth = bearer(reg.registration_access_token);
  const stored = async () => (await op.deps.store.getClient(reg.client_id))!.client_secret_hash;
  const before = await stored();
  const metadata = { client_id: reg.client_id, redirect_uris: [REDIRECT] };
  const kept = await op.request(
    uri,
    jsonInit({ ...metadata, client_secret: reg.client_secret }, "PUT", auth),
  );
  assert.equal(kept.status, 200);
  assert.equal((await kept.json()).client_secret, undefined);
  assert.equal(await stored(), before);

  const rotated = await op.request(`${uri}?rotate_secret=true`, jsonInit(metadata, "PUT", auth));
  const body = await rotated.json();
  assert.match(body.client_secret, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(body.client_secret, reg.client_secret);
  assert.notEqual(await stored(), before);

  const errors: [unknown, string][] = [
    [
      { redirect_uris: [REDIRECT] },
      `client_id must be "${reg.client_id}" (RFC 7592 §2.2), got undefined`,
    ],
    [
      { ...metadata, client_id: "other" },
      `client_id must be "${reg.client_id}" (RFC 7592 §2.2), got "other"`,
    ],
    [
      { ...metadata, client_secret: reg.client_secret },
      "client_secret does not match the current secret; leave it out to keep the secret",
    ],
  ];
  for (const [given, description] of errors) {
    const res = await op.request(uri, jsonInit(given, "PUT", auth));
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: "invalid_client_metadata",
      error_description: description,
    });
  }
});

Deno.test("PUT is validated like a registration and may change the auth method", async () => {
  await using op = await testProvider();
  const reg = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
  });
  const auth = bearer(reg.registration_access_token);
  const uri = reg.registration_client_uri;
  const bad = await op.request(
    uri,
    jsonInit({ client_id: reg.client_id, redirect_uris: ["https://a.example/cb#x"] }, "PUT", auth),
  );
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    error: "invalid_redirect_uri",
    error_description: 'redirect_uris[0] "https://a.example/cb#x" must not have a fragment',
  });
  const res = await op.request(
    uri,
    jsonInit(
      {
        client_id: reg.client_id,
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: "client_secret_post",
      },
      "PUT",
      auth,
    ),
  );
  const body = await res.json();
  assert.equal(body.token_endpoint_auth_method, "client_secret_post");
  assert.match(body.client_secret, /^[A-Za-z0-9_-]{43}$/, "a method that needs a secret gets one");
  assert.equal(body.client_secret_expires_at, 0);
});

Deno.test("/oauth2/clients is an alias of /register", async () => {
  await using op = await testProvider();
  const res = await op.request("/oauth2/clients", jsonInit({ redirect_uris: [REDIRECT] }));
  assert.equal(res.status, 201);
  const body = await res.json();
  const read = await op.request(`/oauth2/clients/${body.client_id}`, {
    headers: bearer(body.registration_access_token),
  });
  assert.equal(read.status, 200);
  assert.equal((await read.json()).client_id, body.client_id);
});

Deno.test("a body that is not a JSON object gets a specific error", async () => {
  await using op = await testProvider();
  const cases: [RequestInit, number, string, string][] = [
    [
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "redirect_uris=x",
      },
      400,
      "invalid_request",
      'the body must be application/json, got "application/x-www-form-urlencoded"',
    ],
    [
      { method: "POST", body: "{}" },
      400,
      "invalid_request",
      'the body must be application/json, got "text/plain;charset=UTF-8"',
    ],
    [
      { method: "POST", headers: { "Content-Type": "application/json" }, body: "{redirect_uris:" },
      400,
      "invalid_request",
      "the body is not valid JSON: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
    ],
    [
      jsonInit([REDIRECT]),
      400,
      "invalid_client_metadata",
      "the body must be a JSON object of metadata",
    ],
    [jsonInit(null), 400, "invalid_client_metadata", "the body must be a JSON object of metadata"],
    [
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client_name: "x".repeat(70_000) }),
      },
      413,
      "invalid_request",
      "the body is larger than 65536 bytes",
    ],
  ];
  for (const [init, status, error, description] of cases) {
    const res = await op.request("/register", init);
    assert.equal(res.status, status, description);
    assert.deepEqual(await res.json(), { error, error_description: description });
  }
});

Deno.test("50 parallel registrations yield 50 distinct working clients", async () => {
  await using op = await testProvider();
  const metadata = { grant_types: ["client_credentials"], scope: "reports" };
  const regs = await Promise.all(Array.from({ length: 50 }, () => registered(op, metadata)));
  assert.equal(new Set(regs.map((r) => r.client_id)).size, 50);
  assert.equal(new Set(regs.map((r) => r.client_secret)).size, 50);
  assert.equal((await op.deps.store.listClients()).length, 50);
  const owners = await Promise.all(regs.map(async (r) => {
    const res = await op.request("/token", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...basic(r.client_id, r.client_secret),
      },
      body: new URLSearchParams({ grant_type: "client_credentials" }).toString(),
    });
    assert.equal(res.status, 200);
    const { access_token } = await res.json();
    return decodeJwt(access_token).client_id;
  }));
  // Each client's token is its own.
  assert.deepEqual(owners, regs.map((r) => r.client_id));
});
