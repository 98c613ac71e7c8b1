import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { sha256 } from "../../src/crypto/hash.ts";
import type { Client } from "../../src/types.ts";
import { assertOAuthError, type TestProvider, testProvider } from "../helpers.ts";

const BASIC = `Basic ${btoa("svc:s3cret")}`;

/** POST /token with grant_type=client_credentials, as `svc` with Basic unless told otherwise. */
async function token(
  p: TestProvider,
  params: Record<string, string | string[]> = {},
  authorization: string | null = BASIC,
): Promise<Response> {
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  for (const [k, v] of Object.entries(params)) {
    for (const value of [v].flat()) body.append(k, value);
  }
  return await p.request("/token", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(authorization ? { authorization } : {}),
    },
    body: body.toString(),
  });
}

/** A registered confidential client `svc` with secret `s3cret`. */
async function registerService(p: TestProvider, extra: Partial<Client> = {}): Promise<void> {
  await p.deps.store.putClient({
    client_id: "svc",
    client_secret_hash: await sha256("s3cret"),
    redirect_uris: [],
    grant_types: ["client_credentials"],
    response_types: [],
    token_endpoint_auth_method: "client_secret_basic",
    origin: "static",
    ...extra,
  });
}

const assertError = (res: Response, status: number, error: string, description: string) =>
  assertOAuthError(res, status, { error, error_description: description });

Deno.test("client_credentials issues an access token for the client itself, without ID or refresh token", async () => {
  await using p = await testProvider();
  const res = await token(p, { scope: "read write" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ["access_token", "expires_in", "scope", "token_type"]);
  assert.equal(body.scope, "read write");
  assert.equal(decodeProtectedHeader(body.access_token).typ, "at+jwt");
  const claims = decodeJwt(body.access_token);
  assert.equal(claims.sub, "svc");
  assert.equal(claims.client_id, "svc");
  assert.equal(claims.aud, "svc");
  assert.equal(claims.iss, "http://localhost:9400");
  assert.equal(claims.scope, "read write");
  assert.equal(claims.exp! - claims.iat!, 3600);
});

Deno.test("client_credentials turns resource into aud, one or many (RFC 8707)", async () => {
  await using p = await testProvider();
  const one = await (await token(p, { resource: "https://api.example.com/" })).json();
  assert.equal(decodeJwt(one.access_token).aud, "https://api.example.com/");
  const many = await token(p, { resource: ["https://a.example.com/", "https://b.example.com/"] });
  const aud = decodeJwt((await many.json()).access_token).aud;
  assert.deepEqual(aud, ["https://a.example.com/", "https://b.example.com/"]);
  await assertError(
    await token(p, { resource: "api" }),
    400,
    "invalid_target",
    '"resource" must be an absolute URI, got "api"',
  );
  await assertError(
    await token(p, { resource: "https://api.example.com/#x" }),
    400,
    "invalid_target",
    '"resource" must not contain a fragment, got "https://api.example.com/#x"',
  );
});

Deno.test("client_credentials refuses a client that did not authenticate", async () => {
  await using p = await testProvider();
  await assertError(
    await token(p, { client_id: "spa" }, null),
    401,
    "invalid_client",
    'the client_credentials grant is for confidential clients only (RFC 6749 §4.4); client "spa" did not authenticate',
  );
});

Deno.test("a registered client gets its registered scope and audience, and no more", async () => {
  await using p = await testProvider();
  await registerService(p, { scope: "read write", audience: ["https://api.example.com/"] });
  const body = await (await token(p)).json();
  assert.equal(body.scope, "read write");
  assert.equal(decodeJwt(body.access_token).aud, "https://api.example.com/");
  await assertError(
    await token(p, { scope: "read admin" }),
    400,
    "invalid_scope",
    '"scope" admin is not among the scopes registered for client "svc" (read write)',
  );
  await assertError(
    await token(p, { resource: "https://other.example.com/" }),
    400,
    "invalid_target",
    '"resource" https://other.example.com/ is not among the audiences registered for client "svc" (https://api.example.com/)',
  );
  await assertError(
    await token(p, {}, `Basic ${btoa("svc:wrong")}`),
    401,
    "invalid_client",
    'wrong client_secret for client "svc"',
  );
});

Deno.test("client_credentials writes nothing to storage per token", async () => {
  await using p = await testProvider();
  await registerService(p);
  const writes: string[] = [];
  const store = p.deps.store as unknown as Record<string, unknown>;
  for (const [name, fn] of Object.entries(store)) {
    if (typeof fn !== "function" || /^(get|list|ping|is|current|recent|access)/.test(name)) {
      continue;
    }
    store[name] = (...args: unknown[]) => {
      writes.push(name);
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  for (let i = 0; i < 5; i++) assert.equal((await token(p)).status, 200);
  assert.deepEqual(writes, []);
});
