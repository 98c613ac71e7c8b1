import assert from "node:assert/strict";
import { jwtVerify } from "jose";
import { testProvider } from "../helpers.ts";
import { bearer, REDIRECT, registered } from "./client_helpers.ts";
import { providerKeys, signIn } from "./oidc_helpers.ts";

const ISSUER = "http://localhost:9400";

async function userinfo(
  op: Awaited<ReturnType<typeof testProvider>>,
  token: string,
  accept?: string,
): Promise<Response> {
  return await op.request("/userinfo", {
    headers: { ...bearer(token), ...(accept ? { Accept: accept } : {}) },
  });
}

Deno.test("userinfo is a JWT signed with the registered userinfo_signed_response_alg", async () => {
  await using op = await testProvider({ autoLogin: "", signingKeys: null });
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    userinfo_signed_response_alg: "ES256",
  });
  assert.equal(client.userinfo_signed_response_alg, "ES256");
  const { tokens } = await signIn(op, client.client_id, { params: { scope: "openid email" } });
  // Registered: a JWT whatever the Accept header says.
  const res = await userinfo(op, tokens.access_token, "application/json");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/jwt");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const { payload, protectedHeader } = await jwtVerify(await res.text(), await providerKeys(op), {
    issuer: ISSUER,
    audience: client.client_id,
    algorithms: ["ES256"],
  });
  assert.equal(protectedHeader.alg, "ES256");
  assert.equal(protectedHeader.typ, undefined);
  assert.deepEqual(payload, {
    sub: "alice",
    email: "alice@example.com",
    email_verified: true,
    groups: ["admins", "staff"],
    iss: ISSUER,
    aud: client.client_id,
  });
});

Deno.test("Accept preferring application/jwt gets userinfo signed with the default algorithm", async (t) => {
  await using op = await testProvider({ autoLogin: "" });
  const { tokens } = await signIn(op, "adhoc-app", { params: { scope: "openid profile" } });
  for (const accept of ["application/jwt, application/json;q=0.5", "application/jwt, */*;q=0.1"]) {
    await t.step(accept, async () => {
      const res = await userinfo(op, tokens.access_token, accept);
      assert.equal(res.headers.get("content-type"), "application/jwt");
      await res.body?.cancel();
    });
  }
  const res = await userinfo(op, tokens.access_token, "application/jwt");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/jwt");
  const { payload, protectedHeader } = await jwtVerify(await res.text(), await providerKeys(op), {
    issuer: ISSUER,
    audience: "adhoc-app",
    algorithms: ["RS256"],
  });
  assert.equal(protectedHeader.alg, "RS256");
  assert.deepEqual(payload, {
    sub: "alice",
    name: "Alice Adams",
    given_name: "Alice",
    family_name: "Adams",
    groups: ["admins", "staff"],
    iss: ISSUER,
    aud: "adhoc-app",
  });
});

Deno.test("userinfo stays JSON without a registration or an Accept asking for a JWT", async (t) => {
  await using op = await testProvider({ autoLogin: "" });
  const { tokens } = await signIn(op, "adhoc-app");
  const cases: [string, string | undefined][] = [
    ["no Accept header", undefined],
    ["Accept: application/json", "application/json"],
    ["application/jwt refused with q=0", "application/jwt;q=0, application/json"],
    ["either, as oauth4webapi asks: JSON wins the tie", "application/json, application/jwt"],
    ["*/* as much as application/jwt", "application/jwt, */*"],
  ];
  for (const [what, accept] of cases) {
    await t.step(what, async () => {
      const res = await userinfo(op, tokens.access_token, accept);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json");
      assert.deepEqual(await res.json(), { sub: "alice", groups: ["admins", "staff"] });
    });
  }
});

Deno.test("userinfo_signed_response_alg must be one of the provider's signing algorithms", async () => {
  await using op = await testProvider();
  const res = await op.request("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ redirect_uris: [REDIRECT], userinfo_signed_response_alg: "HS256" }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: "invalid_client_metadata",
    error_description: 'userinfo_signed_response_alg "HS256" is not supported; use RS256',
  });
});
