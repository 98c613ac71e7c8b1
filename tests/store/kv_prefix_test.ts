import assert from "node:assert/strict";
import { tenantPrefix } from "../../src/store/kv_prefix.ts";
import type { Client } from "../../src/types.ts";
import { countBy, MINUTE, storeTest, T0 } from "./store_fixture.ts";

function client(id: string): Client {
  return {
    client_id: id,
    redirect_uris: ["http://localhost:3000/cb"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "dynamic",
  };
}

const CODE = {
  clientId: "app",
  redirectUri: "http://localhost:3000/cb",
  scope: "openid",
  sub: "alice",
  claims: { sub: "alice" },
  authTime: T0 / 1000,
  grantId: "g1",
  exp: T0 + MINUTE,
};

storeTest(
  "tenants' scoped stores on one database do not see each other's records",
  async (root) => {
    const a = root.scoped(tenantPrefix("a"));
    const b = root.scoped(tenantPrefix("b"));
    await a.putClient(client("shared-id"));
    await root.putUser({ sub: "root-user" });
    assert.deepEqual((await a.listClients()).map((c) => c.client_id), ["shared-id"]);
    assert.equal(await b.getClient("shared-id"), null);
    assert.equal(await root.getClient("shared-id"), null);
    assert.deepEqual(await root.listClients(), []);
    assert.deepEqual(await a.listUsers(), []);
    assert.deepEqual((await root.listUsers()).map((u) => u.sub), ["root-user"]);
  },
);

storeTest(
  "a code saved in one tenant is redeemed once there and unknown elsewhere",
  async (root, clock) => {
    const a = root.scoped(tenantPrefix("a"));
    const b = root.scoped(tenantPrefix("b"));
    await a.saveCode("h1", CODE);
    assert.equal((await b.redeemCode("h1", clock.now())).status, "unknown");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => a.redeemCode("h1", clock.now())),
    );
    assert.deepEqual(countBy(results.map((r) => r.status)), { ok: 1, reused: 9 });
  },
);

storeTest(
  "the root's reset leaves tenants' records; a tenant's reset only its own",
  async (root) => {
    const a = root.scoped(tenantPrefix("a"));
    const b = root.scoped(tenantPrefix("b"));
    await root.putClient(client("r"));
    await a.putClient(client("x"));
    await b.putClient(client("y"));
    await root.clear();
    assert.deepEqual(await root.listClients(), []);
    assert.equal((await a.getClient("x"))?.client_id, "x");
    await a.clear();
    assert.equal(await a.getClient("x"), null);
    assert.equal((await b.getClient("y"))?.client_id, "y");
  },
);

storeTest("closing a scoped store leaves the shared database open", async (root) => {
  const a = root.scoped(tenantPrefix("a"));
  a.close();
  await root.putClient(client("still-open"));
  assert.equal((await root.getClient("still-open"))?.client_id, "still-open");
});
