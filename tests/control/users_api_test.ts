import assert from "node:assert/strict";
import { authorize, authParams } from "../flow.ts";
import { ALICE, testProvider } from "../helpers.ts";
import { call, json, signIn, userinfoStatus } from "./admin_helpers.ts";

Deno.test("PUT /users/{sub} replaces the claims; GET returns them with sub; the login page shows the user", async () => {
  await using p = await testProvider();
  const put = await p.request(
    "/users/carol",
    json({ email: "carol@example.com", sub: "other" }, "PUT"),
  );
  assert.equal(put.status, 204);
  assert.deepEqual(await call(p, "/users/carol"), {
    status: 200,
    type: "application/json",
    body: { email: "carol@example.com", sub: "carol" },
  });
  // A second PUT replaces every claim; nothing of the first remains.
  await p.request("/users/carol", json({ name: "Carol Cole" }, "PUT"));
  assert.deepEqual((await call(p, "/users/carol")).body, { name: "Carol Cole", sub: "carol" });
  const page = await (await authorize(p, authParams())).text();
  assert.match(page, /<button type="submit" name="sub" value="carol"/);
});

Deno.test("GET /users lists configured and run-time users, a run-time user winning on its sub", async () => {
  await using p = await testProvider();
  await p.request("/users/bob", json({ name: "Robert" }, "PUT"));
  await p.request("/users/dana", json({ password: "pw", email: "d@example.com" }, "PUT"));
  const res = await p.request("/users");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), [
    ALICE,
    { name: "Robert", sub: "bob" },
    { email: "d@example.com", sub: "dana" },
  ]);
});

Deno.test("DELETE /users/{sub} removes run-time and configured users; 404 once gone", async () => {
  await using p = await testProvider();
  await p.request("/users/carol", json({}, "PUT"));
  assert.equal((await p.request("/users/carol", { method: "DELETE" })).status, 204);
  assert.equal((await p.request("/users/bob", { method: "DELETE" })).status, 204);
  const gone = await call(p, "/users/bob");
  assert.equal(gone.status, 404);
  assert.equal(gone.type, "application/problem+json");
  assert.deepEqual(gone.body, {
    type: "about:blank",
    title: "Not Found",
    status: 404,
    detail: 'no user with sub "bob"',
    code: "not_found",
    instance: "/users/bob",
  });
  assert.equal((await call(p, "/users/bob", { method: "DELETE" })).status, 404);
  assert.deepEqual((await call(p, "/users")).body, [ALICE]);
  const page = await (await authorize(p, authParams())).text();
  assert.match(page, /value="alice"/);
  assert.doesNotMatch(page, /value="bob"/);
});

Deno.test("PUT /users/{sub} refuses a body that is not a JSON object", async () => {
  await using p = await testProvider();
  const bad = await call(p, "/users/carol", { method: "PUT", body: "[1]" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.detail, "the body must be a JSON object, got an array");
  const broken = await call(p, "/users/carol", { method: "PUT", body: "{" });
  assert.equal(broken.status, 400);
  assert.match(String(broken.body.detail), /^the body is not valid JSON: /);
  assert.equal((await call(p, "/users/carol")).status, 404);
});

Deno.test("POST /users/{sub}/revoke-tokens revokes the user's tokens and no one else's", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const alice = await signIn(p, { login_hint: "alice" });
  const bob = await signIn(p, { login_hint: "bob" });
  const res = await call(p, "/users/alice/revoke-tokens", { method: "POST" });
  assert.deepEqual(res, {
    status: 200,
    type: "application/json",
    body: { sub: "alice", revoked_grants: 1 },
  });
  assert.equal(await userinfoStatus(p, alice.access_token), 401);
  assert.equal(await userinfoStatus(p, bob.access_token), 200);
  const refreshed = await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: alice.refresh_token,
      client_id: "app",
    }),
  });
  assert.equal(refreshed.status, 400);
  assert.equal((await refreshed.json()).error, "invalid_grant");
});
