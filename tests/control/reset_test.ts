import assert from "node:assert/strict";
import type { JSONWebKeySet } from "jose";
import { type TestProvider, testProvider } from "../helpers.ts";
import { staticClients } from "../http/client_fixtures.ts";
import { call, json, signIn, userinfoStatus } from "./admin_helpers.ts";

const kids = async (p: TestProvider) =>
  ((await (await p.request("/jwks")).json()) as JSONWebKeySet).keys.map((k) => k.kid).sort();

const clientIds = async (p: TestProvider) =>
  (await p.deps.store.listClients()).map((c) => c.client_id).sort();

Deno.test("POST /admin/reset restores users, clients, keys, clock, scenarios and requests", async () => {
  await using p = await testProvider({
    signingKeys: null,
    autoLogin: "",
    clients: await staticClients([
      { client_id: "static-app", redirect_uris: ["http://localhost:3000/callback"] },
    ]),
  });
  const startKids = await kids(p);
  const users = (await call(p, "/users")).body;

  // Change everything the control plane and the protocol can change.
  await p.request("/users/carol", json({ email: "c@example.com" }, "PUT"));
  await p.request("/users/alice", { method: "DELETE" });
  const registered = await call(p, "/register", json({ redirect_uris: ["http://localhost:5/cb"] }));
  assert.equal(registered.status, 201);
  await call(p, "/admin/keys/rotate", json({}));
  await call(p, "/admin/clock/advance", json({ seconds: 600 }));
  await call(p, "/admin/scenarios", json({ endpoint: "/userinfo", delay_ms: 1, times: 5 }));
  const tokens = await signIn(p, { login_hint: "bob" });
  assert.notDeepEqual(await kids(p), startKids);
  assert.equal((await clientIds(p)).length, 2);

  const res = await p.request("/admin/reset", json({}));
  assert.equal(res.status, 204);

  // Control-plane calls are not listed as requests, so the list is still empty here.
  assert.deepEqual((await call(p, "/admin/requests")).body.requests, []);
  assert.deepEqual((await call(p, "/users")).body, users);
  assert.deepEqual(await clientIds(p), ["static-app"]);
  assert.deepEqual(await kids(p), startKids);
  assert.equal((await call(p, "/admin/clock")).body.offset_seconds, 0);
  assert.deepEqual((await call(p, "/admin/scenarios")).body, { scenarios: [] });
  assert.deepEqual(await p.deps.store.listSessions(p.clock.now()), []);
  assert.equal(await userinfoStatus(p, tokens.access_token), 401, "signed by a key now gone");
  // The provider works as at start-up: a sign-in is signed with the start-up key.
  assert.equal(await userinfoStatus(p, (await signIn(p)).access_token), 200);
});

Deno.test("POST /admin/reset without a rotation keeps the signing key", async () => {
  await using p = await testProvider({ signingKeys: null, autoLogin: "" });
  const tokens = await signIn(p);
  const before = await kids(p);
  assert.equal((await p.request("/admin/reset", { method: "POST" })).status, 204);
  assert.deepEqual(await kids(p), before);
  // The grant is gone with the storage, but the token's signature still verifies: the key is
  // the same; userinfo answers from the token itself for a configured user.
  assert.equal(await userinfoStatus(p, tokens.access_token), 200);
});
