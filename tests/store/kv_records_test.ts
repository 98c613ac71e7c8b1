import assert from "node:assert/strict";
import type { DeviceRecord } from "../../src/protocol/device/flow.ts";
import type { SessionRecord, StoredKey } from "../../src/store/store.ts";
import { countBy, MINUTE, storeTest, T0 } from "./store_fixture.ts";

const SESSION: SessionRecord = {
  sid: "s1",
  sub: "alice",
  claims: { sub: "alice" },
  authTime: T0 / 1000,
  clients: ["app"],
  exp: T0 + MINUTE,
};

const key = (kid: string): StoredKey => ({
  kid,
  alg: "ES256",
  privateJwk: { kty: "EC", kid },
  createdAt: T0,
});

storeTest("a session expires by its own exp", async (store, clock) => {
  await store.saveSession("h1", SESSION);
  assert.deepEqual(await store.getSession("h1", clock.now()), SESSION);
  assert.deepEqual(await store.listSessions(clock.now()), [SESSION]);
  clock.advance(MINUTE);
  assert.equal(await store.getSession("h1", clock.now()), null);
  assert.deepEqual(await store.listSessions(clock.now()), []);
});

storeTest("a deleted session is gone", async (store, clock) => {
  await store.saveSession("h1", SESSION);
  await store.deleteSession("h1");
  assert.equal(await store.getSession("h1", clock.now()), null);
});

storeTest("concurrent key creation for one alg leaves one current key", async (store) => {
  const results = await Promise.all(
    ["k1", "k2", "k3"].map((kid) => store.createCurrentKey(key(kid))),
  );
  const winner = results[0];
  assert.deepEqual(results, [winner, winner, winner]);
  assert.deepEqual(await store.currentKey("ES256"), winner);
  assert.deepEqual(await store.listKeys(), [winner]);
});

storeTest("rotating a key schedules the previous key's retirement", async (store) => {
  await store.createCurrentKey(key("k1"));
  await store.rotateKey(key("k2"), T0 + MINUTE);
  assert.deepEqual(await store.currentKey("ES256"), key("k2"));
  assert.deepEqual(await store.listKeys(), [{ ...key("k1"), retireAt: T0 + MINUTE }, key("k2")]);
});

storeTest("run-time users are put, read, listed and deleted", async (store) => {
  await store.putUser({ sub: "bob", name: "Bob" });
  await store.putUser({ sub: "alice" });
  await store.putUser({ sub: "bob", name: "Robert" });
  assert.deepEqual(await store.listUsers(), [{ sub: "alice" }, { sub: "bob", name: "Robert" }]);
  await store.deleteUser("alice");
  assert.equal(await store.getUser("alice"), null);
  assert.deepEqual(await store.getUser("bob"), { sub: "bob", name: "Robert" });
});

const DEVICE: DeviceRecord = {
  clientId: "tv",
  scopes: ["openid"],
  status: "pending",
  interval: 5,
  exp: T0 + MINUTE,
};

storeTest("a device request expires by its own exp", async (store, clock) => {
  assert.equal(await store.reserveUserCode("u1", "d1", T0 + MINUTE, clock.now()), true);
  assert.equal(await store.reserveUserCode("u1", "d2", T0 + MINUTE, clock.now()), false);
  await store.saveDeviceRequest("d1", DEVICE);
  assert.deepEqual(await store.deviceByUserCode("u1", clock.now()), {
    deviceCodeHash: "d1",
    record: DEVICE,
  });
  clock.advance(MINUTE);
  assert.equal(await store.deviceByUserCode("u1", clock.now()), null);
});

storeTest(
  "concurrent decisions on one device request: exactly one applies",
  async (store, clock) => {
    await store.saveDeviceRequest("d1", DEVICE);
    const approval = (sub: string) => ({ sub, claims: { sub }, authTime: T0 / 1000, grantId: sub });
    const results = await Promise.all(
      ["a", "b", "c", "d"].map((by) => store.decideDevice("d1", "u1", clock.now(), approval(by))),
    );
    assert.deepEqual(countBy(results.map(String)), { true: 1, false: 3 });
    const winner = ["a", "b", "c", "d"][results.indexOf(true)];
    const stored = await store.pollDevice("d1", (r) => ({ result: r }));
    assert.deepEqual(stored.result, { ...DEVICE, status: "approved", approval: approval(winner) });
  },
);

storeTest("clear removes every record", async (store, clock) => {
  await store.saveSession("h1", SESSION);
  await store.putUser({ sub: "alice" });
  await store.createCurrentKey(key("k1"));
  await store.clear();
  assert.deepEqual(
    [await store.listSessions(clock.now()), await store.listUsers(), await store.listKeys()],
    [[], [], []],
  );
});
