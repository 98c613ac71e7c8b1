import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { codeFor, redeem } from "../flow.ts";
import { type TestProvider, testProvider } from "../helpers.ts";

/** The sub and claims --auto-login signed in, read from the ID token of a code flow. */
async function signedIn(p: TestProvider, extra: Record<string, string> = {}) {
  const tokens = await (await redeem(p, await codeFor(p, extra))).json();
  return decodeJwt(tokens.id_token);
}

Deno.test("--auto-login without SUB signs in the first user", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const id = await signedIn(p);
  assert.equal(id.sub, "alice");
  assert.equal(id.email, "alice@example.com");
});

Deno.test("--auto-login SUB signs in that user", async () => {
  await using p = await testProvider({ autoLogin: "bob" });
  assert.equal((await signedIn(p)).sub, "bob");
});

Deno.test("--auto-login prefers a login_hint naming a user", async () => {
  await using p = await testProvider({ autoLogin: "bob" });
  assert.equal((await signedIn(p, { login_hint: "alice" })).sub, "alice");
});

Deno.test("--auto-login signs in any login_hint sub in lenient mode", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const id = await signedIn(p, { login_hint: "zoe" });
  assert.equal(id.sub, "zoe");
  assert.equal(id.email, undefined);
});

Deno.test("--auto-login ignores an unknown login_hint under --strict", async () => {
  await using p = await testProvider({ autoLogin: "bob", strict: true });
  await p.deps.store.putClient({
    client_id: "app",
    redirect_uris: ["http://127.0.0.1:3000/callback"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  assert.equal((await signedIn(p, { login_hint: "zoe" })).sub, "bob");
});

Deno.test('--auto-login with no users signs in the sub "user"', async () => {
  await using p = await testProvider({ autoLogin: "", users: [] });
  assert.equal((await signedIn(p)).sub, "user");
});
