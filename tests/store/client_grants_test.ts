import assert from "node:assert/strict";
import type { GrantRecord } from "../../src/store/store.ts";
import type { Warning } from "../../src/types.ts";
import { MINUTE, storeTest, T0 } from "./store_fixture.ts";

function grant(grantId: string, clientId: string): GrantRecord {
  return {
    grantId,
    clientId,
    sub: "alice",
    claims: { sub: "alice" },
    revoked: false,
    exp: T0 + 60 * MINUTE,
  };
}

storeTest(
  "revokeClientGrants revokes every grant of the client and no other client's",
  async (store, clock) => {
    await store.createGrant(grant("g1", "app"));
    await store.createGrant(grant("g2", "app"));
    await store.createGrant(grant("g3", "other"));
    await store.recordIssued("g1", { jti: "at1", exp: T0 + 5 * MINUTE });
    await store.recordIssued("g2", { jti: "at2", exp: T0 + 5 * MINUTE });
    await store.recordIssued("g3", { jti: "at3", exp: T0 + 5 * MINUTE });
    assert.equal(await store.revokeClientGrants("app", clock.now()), 2);
    assert.equal((await store.getGrant("g1"))?.revoked, true);
    assert.equal((await store.getGrant("g2"))?.revoked, true);
    assert.equal((await store.getGrant("g3"))?.revoked, false);
    assert.equal(await store.isAccessTokenRevoked("at1", clock.now()), true);
    assert.equal(await store.isAccessTokenRevoked("at2", clock.now()), true);
    assert.equal(await store.isAccessTokenRevoked("at3", clock.now()), false);
    // The index entries go with the revocation: a second call finds nothing left.
    assert.equal(await store.revokeClientGrants("app", clock.now()), 0);
  },
);

const warning = (i: number): Warning => ({
  rule: "pkce-required",
  message: `w${i}`,
  clientId: "app",
  at: T0 + i,
});

storeTest("recordWarning keeps only the last `limit` warnings, oldest first", async (store) => {
  for (let i = 0; i < 7; i++) await store.recordWarning(warning(i), 3);
  assert.deepEqual(await store.recentWarnings(3), [warning(4), warning(5), warning(6)]);
});

storeTest("30 concurrent recordWarning calls are all kept, up to the limit", async (store) => {
  await Promise.all(Array.from({ length: 30 }, (_, i) => store.recordWarning(warning(i), 50)));
  const kept = await store.recentWarnings(50);
  assert.equal(new Set(kept.map((w) => w.message)).size, 30);
  await Promise.all(Array.from({ length: 30 }, (_, i) => store.recordWarning(warning(30 + i), 10)));
  const last = await store.recentWarnings(10);
  assert.equal(last.length, 10);
  // Every survivor is from the second batch: the pruning never drops a newer warning.
  assert.ok(last.every((w) => Number(w.message.slice(1)) >= 30), JSON.stringify(last));
});
