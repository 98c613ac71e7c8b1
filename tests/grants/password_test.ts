import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { ALICE, assertOAuthError, BOB, form, type TestProvider, testProvider } from "../helpers.ts";

const USERS = [{ ...ALICE, password: "wonderland" }, BOB];

async function password(p: TestProvider, params: Record<string, string>): Promise<Response> {
  return await p.request(
    "/token",
    form({ grant_type: "password", client_id: "cli", scope: "openid email", ...params }),
  );
}

const assertError = (res: Response, error: string, description: string) =>
  assertOAuthError(res, 400, { error, error_description: description });

Deno.test("the password grant is off unless --allow-password-grant", async () => {
  await using p = await testProvider({ users: USERS });
  await assertError(
    await password(p, { username: "alice", password: "wonderland" }),
    "unsupported_grant_type",
    "the password grant is off; start Gatehouse with --allow-password-grant to use it",
  );
  const discovery = await (await p.request("/.well-known/openid-configuration")).json();
  assert.ok(!discovery.grant_types_supported.includes("password"));
});

Deno.test("the password grant signs in a user with the right password", async () => {
  await using p = await testProvider({ users: USERS, allowPasswordGrant: true });
  const res = await password(p, { username: "alice", password: "wonderland" });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), [
    "access_token",
    "expires_in",
    "id_token",
    "refresh_token",
    "scope",
    "token_type",
  ]);
  const id = decodeJwt(body.id_token);
  assert.equal(id.sub, "alice");
  assert.equal(id.email, ALICE.email);
  assert.deepEqual(id.amr, ["pwd"]);
  assert.equal(id.password, undefined, "the password is never a claim");
  assert.equal(decodeJwt(body.access_token).password, undefined);
  const refreshed = await p.request(
    "/token",
    form({ grant_type: "refresh_token", refresh_token: body.refresh_token, client_id: "cli" }),
  );
  assert.equal(refreshed.status, 200);
  const discovery = await (await p.request("/.well-known/openid-configuration")).json();
  assert.ok(discovery.grant_types_supported.includes("password"));
});

Deno.test("the password grant refuses a wrong password, an unknown user and missing fields", async () => {
  await using p = await testProvider({ users: USERS, allowPasswordGrant: true });
  await assertError(
    await password(p, { username: "alice", password: "wrong" }),
    "invalid_grant",
    'wrong password for user "alice"',
  );
  await assertError(
    await password(p, { username: "carol", password: "x" }),
    "invalid_grant",
    'no user "carol"; the password grant signs in known users only',
  );
  await assertError(await password(p, { password: "x" }), "invalid_request", 'missing "username"');
  await assertError(
    await password(p, { username: "alice" }),
    "invalid_request",
    'missing "password"',
  );
});

Deno.test("lenient mode takes any password for a user without one, and warns", async () => {
  await using p = await testProvider({ users: USERS, allowPasswordGrant: true });
  const res = await password(p, { username: "bob", password: "anything" });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  const warnings = await p.deps.warnings.recent();
  assert.deepEqual(warnings.filter((w) => w.rule === "password-required").map((w) => w.message), [
    'a production OP would reject this: the password grant named a user who has no password, and any password was taken (user "bob") [password-required]',
  ]);
  const alice = await password(p, { username: "alice", password: "wonderland" });
  await alice.body?.cancel();
  const after = await p.deps.warnings.recent();
  assert.equal(after.filter((w) => w.rule === "password-required").length, 1, "none for alice");
});

Deno.test("--strict refuses the password grant for a user without a password", async () => {
  await using p = await testProvider({ users: USERS, allowPasswordGrant: true, strict: true });
  await p.deps.store.putClient({
    client_id: "cli",
    redirect_uris: [],
    grant_types: ["password"],
    response_types: [],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  await assertError(
    await password(p, { username: "bob", password: "anything" }),
    "invalid_grant",
    'user "bob" has no password, so the password grant cannot sign it in',
  );
  const ok = await password(p, { username: "alice", password: "wonderland" });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).refresh_token, undefined, "cli may not refresh");
});
